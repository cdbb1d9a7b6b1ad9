package identity

import (
	"database/sql/driver"
	"encoding/json"
)

// marshalJSONString encodes s as a JSON string, or null when it is empty.
// The strings encoded here are canonical identifiers made of ASCII letters,
// digits and spaces, which need no escaping.
func marshalJSONString(s string) []byte {
	if s == "" {
		return []byte("null")
	}
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// marshalJSONText encodes v's text form as a JSON string, or null for the
// zero value. The text of councilkit's identifiers needs no escaping.
func marshalJSONText[T interface {
	IsZero() bool
	AppendText([]byte) ([]byte, error)
}](v T, size int) ([]byte, error) {
	if v.IsZero() {
		return []byte("null"), nil
	}
	b := make([]byte, 0, size+2)
	b = append(b, '"')
	b, err := v.AppendText(b)
	return append(b, '"'), err
}

// unmarshalJSONString decodes a JSON string, or null as "".
func unmarshalJSONString(b []byte, k kind) (string, error) {
	if string(b) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return "", k.error("JSON value is not a string")
	}
	return s, nil
}

// nullString is the driver value for a canonical string: NULL when empty.
func nullString(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

// scanString accepts the values a driver returns for a text column.
func scanString(src any, k kind) (string, error) {
	switch v := src.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	}
	return "", k.error("cannot scan a non-text column value")
}
