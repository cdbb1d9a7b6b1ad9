package planning

import (
	"database/sql/driver"
	"fmt"
)

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

// Value stores the state's name (NULL for StateNone).
func (s State) Value() (driver.Value, error) {
	if s == StateNone {
		return nil, nil
	}
	return s.String(), nil
}

// Scan reads a state stored by Value.
func (s *State) Scan(src any) error { return scanText(src, "State", s.UnmarshalText) }

// Value stores the decision's name (NULL for DecisionNone).
func (d Decision) Value() (driver.Value, error) {
	if d == DecisionNone {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a decision stored by Value.
func (d *Decision) Scan(src any) error { return scanText(src, "Decision", d.UnmarshalText) }

// Value stores the certificate's letter, "a" to "d" (NULL for none).
func (c Certificate) Value() (driver.Value, error) {
	if c == CertificateNone {
		return nil, nil
	}
	return c.String(), nil
}

// Scan reads a certificate stored by Value.
func (c *Certificate) Scan(src any) error { return scanText(src, "Certificate", c.UnmarshalText) }

// Value stores the category's name (NULL for CategoryNone).
func (c FeeCategory) Value() (driver.Value, error) {
	if c == CategoryNone {
		return nil, nil
	}
	return c.String(), nil
}

// Scan reads a category stored by Value.
func (c *FeeCategory) Scan(src any) error { return scanText(src, "FeeCategory", c.UnmarshalText) }
