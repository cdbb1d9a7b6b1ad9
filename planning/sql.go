package planning

import (
	"database/sql/driver"
	"encoding"
	"fmt"
)

// textValue stores an enum as its text form, the same for the zero value as
// for every other.
func textValue(m encoding.TextMarshaler) (driver.Value, error) {
	b, err := m.MarshalText()
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// scanText passes a database value that is text (or NULL, as "") to parse.
func scanText(src any, into string, parse func([]byte) error) error {
	switch v := src.(type) {
	case nil:
		return parse(nil)
	case string:
		return parse([]byte(v))
	case []byte:
		return parse(v)
	}
	return fmt.Errorf("planning: cannot scan %T into %s", src, into)
}

// Value stores the state's name, "none" for StateNone, as MarshalText.
func (s State) Value() (driver.Value, error) { return textValue(s) }

// Scan reads a state stored by Value; NULL is StateNone.
func (s *State) Scan(src any) error { return scanText(src, "State", s.UnmarshalText) }

// Value stores the decision's name, "none" for DecisionNone, as
// MarshalText.
func (d Decision) Value() (driver.Value, error) { return textValue(d) }

// Scan reads a decision stored by Value; NULL is DecisionNone.
func (d *Decision) Scan(src any) error { return scanText(src, "Decision", d.UnmarshalText) }

// Value stores the certificate's letter, "a" to "d", or "none", as
// MarshalText.
func (c Certificate) Value() (driver.Value, error) { return textValue(c) }

// Scan reads a certificate stored by Value; NULL is CertificateNone.
func (c *Certificate) Scan(src any) error { return scanText(src, "Certificate", c.UnmarshalText) }

// Value stores the category's name, "none" for CategoryNone, as
// MarshalText.
func (c FeeCategory) Value() (driver.Value, error) { return textValue(c) }

// Scan reads a category stored by Value; NULL is CategoryNone.
func (c *FeeCategory) Scan(src any) error { return scanText(src, "FeeCategory", c.UnmarshalText) }
