package identity

import (
	"database/sql/driver"
	"log/slog"
)

// NHSNumber is the NHS number of a patient in England, Wales or the Isle of
// Man: ten digits, the last a modulus 11 check digit, written 943 476 5919.
//
// The zero NHSNumber means "not known". Compare NHSNumbers with ==. An NHS
// number is personal data: it logs through slog redacted (*******919).
//
// Printing: slog redacts it (see "Printing and logging personal data" in
// the package documentation), but String, %s, %v, %+v and %q print the
// full number, %#v shows its characters as bytes, and MarshalText, MarshalJSON
// and Value give it in full for storage. Log the NHSNumber itself, never the
// result of String.
type NHSNumber struct {
	// b holds the canonical characters, or all zero bytes for the zero
	// NHSNumber. An array, not a string, so that parsing any accepted
	// spelling needs no allocation.
	b [10]byte
}

// ParseNHSNumber parses an NHS number. Spaces and hyphens between digits are
// ignored, so "943 476 5919" and "943-476-5919" parse. The tenth digit must
// be the check digit the NHS Data Dictionary defines: multiply the first
// nine digits by 10, 9, ... 2, add the products, take the remainder on
// dividing by 11 and subtract it from 11; 11 gives 0, and a result of 10
// means the number is not valid.
//
// A valid number parses without allocating, whatever its spelling.
func ParseNHSNumber(s string) (NHSNumber, error) {
	if len(s) == 10 {
		if reason := checkNHS(s); reason == "" {
			var n NHSNumber
			copy(n.b[:], s)
			return n, nil
		}
	}
	var b [10]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '-' || c == '\t' {
			continue
		}
		if n == len(b) {
			return NHSNumber{}, nhsKind.error("too long")
		}
		b[n] = c
		n++
	}
	if n != len(b) {
		return NHSNumber{}, nhsKind.error("not 10 digits")
	}
	if reason := checkNHS(string(b[:])); reason != "" {
		return NHSNumber{}, nhsKind.error(reason)
	}
	return NHSNumber{b: b}, nil
}

// MustParseNHSNumber is ParseNHSNumber for constants; it panics on an invalid
// number.
func MustParseNHSNumber(s string) NHSNumber {
	n, err := ParseNHSNumber(s)
	if err != nil {
		panic(err)
	}
	return n
}

func checkNHS(s string) string {
	sum := 0
	for i := 0; i < 10; i++ {
		if !isDigit(s[i]) {
			return "not 10 digits"
		}
		if i < 9 {
			sum += int(s[i]-'0') * (10 - i)
		}
	}
	check := 11 - sum%11
	switch check {
	case 11:
		check = 0
	case 10:
		return "no check digit is possible"
	}
	if int(s[9]-'0') != check {
		return "check digit does not match"
	}
	return ""
}

// str returns the canonical characters as a string, "" for the zero value.
func (n NHSNumber) str() string {
	if n.b == [10]byte{} {
		return ""
	}
	return string(n.b[:])
}

// AppendText implements encoding.TextAppender: it appends the canonical
// form (nothing for the zero NHSNumber) to dst.
func (n NHSNumber) AppendText(dst []byte) ([]byte, error) {
	if n.b == [10]byte{} {
		return dst, nil
	}
	return append(dst, n.b[:]...), nil
}

// String returns the ten digits, "9434765919", or "" for the zero
// NHSNumber. Do not log it; log the NHSNumber itself, which redacts.
func (n NHSNumber) String() string { return n.str() }

// Spaced returns the number in the 3-3-4 groups the NHS prints,
// "943 476 5919".
func (n NHSNumber) Spaced() string {
	if n.b == [10]byte{} {
		return ""
	}
	return n.str()[:3] + " " + n.str()[3:6] + " " + n.str()[6:]
}

// Redacted returns the number with all but its last three digits hidden,
// "*******919".
func (n NHSNumber) Redacted() string {
	if n.b == [10]byte{} {
		return ""
	}
	return "*******" + n.str()[7:]
}

// IsZero reports whether n is the zero NHSNumber.
func (n NHSNumber) IsZero() bool { return n.b == [10]byte{} }

// LogValue implements slog.LogValuer: the redacted form.
func (n NHSNumber) LogValue() slog.Value { return slog.StringValue(n.Redacted()) }

// MarshalText implements encoding.TextMarshaler: the ten digits.
func (n NHSNumber) MarshalText() ([]byte, error) { return n.AppendText(make([]byte, 0, 10)) }

// UnmarshalText implements encoding.TextUnmarshaler; empty text is the zero
// NHSNumber.
func (n *NHSNumber) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*n = NHSNumber{}
		return nil
	}
	v, err := ParseNHSNumber(string(b))
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// MarshalJSON encodes the ten digits as a JSON string, or null.
func (n NHSNumber) MarshalJSON() ([]byte, error) { return marshalJSONText(n, 10) }

// UnmarshalJSON decodes a JSON string or null.
func (n *NHSNumber) UnmarshalJSON(b []byte) error {
	s, err := unmarshalJSONString(b, nhsKind)
	if err != nil {
		return err
	}
	return n.UnmarshalText([]byte(s))
}

// Value implements driver.Valuer: the ten digits as text, or NULL.
func (n NHSNumber) Value() (driver.Value, error) { return nullString(n.str()), nil }

// Scan implements sql.Scanner for text columns; NULL is the zero NHSNumber.
func (n *NHSNumber) Scan(src any) error {
	s, err := scanString(src, nhsKind)
	if err != nil {
		return err
	}
	return n.UnmarshalText([]byte(s))
}
