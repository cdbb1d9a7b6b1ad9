package fsm

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
)

// NASSNumber is a National Asylum Support Service (NASS) number, the Home
// Office asylum support reference a parent supported under Part 6 of the
// Immigration and Asylum Act 1999 gives instead of a National Insurance
// number. The zero value means none was given.
//
// Home Office letters print it with or without separators ("240712349",
// "24/07/12349"); it is stored as its digits. It is personal data: String
// returns it in full for the eligibility check, but it logs redacted and no
// error repeats it.
type NASSNumber struct {
	digits string
}

// ErrInvalidNASSNumber is wrapped by every error about a malformed NASS
// number. The message never contains the number.
var ErrInvalidNASSNumber = errors.New("fsm: invalid NASS number")

// NASS numbers are 8 to 10 digits once spaces, slashes and hyphens are
// removed: the DfE's eligibility checking service is exercised with nine
// digit numbers, and Home Office letters also show an eight digit
// "YY/MM/NNNN" form.
const (
	nassMinDigits = 8
	nassMaxDigits = 10
)

// ParseNASSNumber parses a NASS number, ignoring spaces, slashes and
// hyphens.
func ParseNASSNumber(s string) (NASSNumber, error) {
	if len(s) > 40 {
		return NASSNumber{}, fmt.Errorf("%w: too long", ErrInvalidNASSNumber)
	}
	var b [40]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			b[n] = c
			n++
		case c == ' ' || c == '/' || c == '-':
		default:
			return NASSNumber{}, fmt.Errorf("%w: only digits, spaces, slashes and hyphens are allowed", ErrInvalidNASSNumber)
		}
	}
	if n < nassMinDigits || n > nassMaxDigits {
		return NASSNumber{}, fmt.Errorf("%w: must have %d to %d digits", ErrInvalidNASSNumber, nassMinDigits, nassMaxDigits)
	}
	return NASSNumber{digits: string(b[:n])}, nil
}

// IsZero reports whether no number was given.
func (n NASSNumber) IsZero() bool { return n.digits == "" }

// String returns the digits, or "" for the zero value.
func (n NASSNumber) String() string { return n.digits }

// LogValue redacts the number, keeping only whether one was given.
func (n NASSNumber) LogValue() slog.Value {
	if n.digits == "" {
		return slog.StringValue("")
	}
	return slog.StringValue("[redacted NASS number]")
}

// MarshalText encodes the digits.
func (n NASSNumber) MarshalText() ([]byte, error) { return []byte(n.digits), nil }

// UnmarshalText parses a NASS number; empty text gives the zero value.
func (n *NASSNumber) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*n = NASSNumber{}
		return nil
	}
	v, err := ParseNASSNumber(string(b))
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// Value stores the digits, or NULL for the zero value.
func (n NASSNumber) Value() (driver.Value, error) {
	if n.digits == "" {
		return nil, nil
	}
	return n.digits, nil
}

// Scan reads a NASS number from a string, []byte or NULL.
func (n *NASSNumber) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*n = NASSNumber{}
		return nil
	case string:
		return n.UnmarshalText([]byte(v))
	case []byte:
		return n.UnmarshalText(v)
	}
	return fmt.Errorf("%w: cannot scan %T", ErrInvalidNASSNumber, src)
}
