package identity

import (
	"database/sql/driver"
	"strconv"
	"strings"
)

// UPRN is a Unique Property Reference Number, the identifier GeoPlace and
// Ordnance Survey give every addressable location in Great Britain: a
// positive integer of up to 12 digits, such as 100023336956 (10 Downing
// Street).
//
// A UPRN is a number, not a string of digits: OS Open UPRN defines it as an
// integer of size 12, so "000000199356", written zero-padded to 12 digits as
// some datasets do, is the same UPRN as 199356 and compares equal to it.
// String gives the plain number; Padded gives the 12-digit form.
//
// The zero UPRN means "not known". Compare UPRNs with ==.
type UPRN struct {
	n uint64
}

// USRN is a Unique Street Reference Number, the identifier of a street in
// the National Street Gazetteer: a positive integer of up to 8 digits.
//
// The zero USRN means "not known". Compare USRNs with ==.
type USRN struct {
	n uint32
}

const (
	maxUPRN = 999_999_999_999
	maxUSRN = 99_999_999
)

// ParseUPRN parses a UPRN: one to twelve decimal digits, surrounding spaces
// ignored, not all zeros.
func ParseUPRN(s string) (UPRN, error) {
	n, reason := parseRef(s, 12)
	if reason != "" {
		return UPRN{}, uprnKind.error(reason)
	}
	return UPRN{n}, nil
}

// NewUPRN returns the UPRN with number n, which must be from 1 to
// 999999999999.
func NewUPRN(n uint64) (UPRN, error) {
	if n == 0 || n > maxUPRN {
		return UPRN{}, uprnKind.error("out of range")
	}
	return UPRN{n}, nil
}

// MustParseUPRN is ParseUPRN for constants; it panics on an invalid UPRN.
func MustParseUPRN(s string) UPRN {
	u, err := ParseUPRN(s)
	if err != nil {
		panic(err)
	}
	return u
}

// ParseUSRN parses a USRN: one to eight decimal digits, surrounding spaces
// ignored, not all zeros.
func ParseUSRN(s string) (USRN, error) {
	n, reason := parseRef(s, 8)
	if reason != "" {
		return USRN{}, usrnKind.error(reason)
	}
	return USRN{uint32(n)}, nil
}

// NewUSRN returns the USRN with number n, which must be from 1 to 99999999.
func NewUSRN(n uint32) (USRN, error) {
	if n == 0 || n > maxUSRN {
		return USRN{}, usrnKind.error("out of range")
	}
	return USRN{n}, nil
}

// parseRef parses up to max digits after trimming spaces. A number padded
// with leading zeros is accepted as long as the whole is no longer than max
// digits, as in the 12-digit zero-padded UPRNs of some datasets.
func parseRef(s string, max int) (uint64, string) {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	if s == "" {
		return 0, "empty"
	}
	if len(s) > max {
		return 0, "too many digits"
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, "not digits"
		}
		n = n*10 + uint64(s[i]-'0')
	}
	if n == 0 {
		return 0, "zero is not allocated"
	}
	return n, ""
}

// Uint64 returns the number, or 0 for the zero UPRN.
func (u UPRN) Uint64() uint64 { return u.n }

// IsZero reports whether u is the zero UPRN.
func (u UPRN) IsZero() bool { return u.n == 0 }

// String returns the number in decimal without leading zeros, or "" for the
// zero UPRN.
func (u UPRN) String() string {
	if u.n == 0 {
		return ""
	}
	return strconv.FormatUint(u.n, 10)
}

// Padded returns the number zero-padded to 12 digits, "000000199356", or ""
// for the zero UPRN.
func (u UPRN) Padded() string {
	if u.n == 0 {
		return ""
	}
	s := strconv.FormatUint(u.n, 10)
	return strings.Repeat("0", 12-len(s)) + s
}

// MarshalText implements encoding.TextMarshaler.
func (u UPRN) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; empty text is the zero
// UPRN.
func (u *UPRN) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*u = UPRN{}
		return nil
	}
	v, err := ParseUPRN(string(b))
	if err != nil {
		return err
	}
	*u = v
	return nil
}

// MarshalJSON encodes the UPRN as a JSON string of digits, as the OS Places
// API does, or null for the zero UPRN. (Every UPRN is below 2^53, so a JSON
// number would also be exact; a string keeps spreadsheets from rounding.)
func (u UPRN) MarshalJSON() ([]byte, error) { return marshalJSONString(u.String()), nil }

// UnmarshalJSON accepts a JSON number, a JSON string of digits, or null.
func (u *UPRN) UnmarshalJSON(b []byte) error {
	s, err := unmarshalJSONRef(b, uprnKind)
	if err != nil {
		return err
	}
	return u.UnmarshalText([]byte(s))
}

// unmarshalJSONRef returns the digits of a JSON number or string, "" for
// null.
func unmarshalJSONRef(b []byte, k kind) (string, error) {
	if len(b) > 0 && isDigit(b[0]) {
		for _, c := range b {
			if !isDigit(c) {
				return "", k.error("JSON number is not a whole number")
			}
		}
		return string(b), nil
	}
	return unmarshalJSONString(b, k)
}

// Value implements driver.Valuer: an int64 for a bigint column, or NULL for
// the zero UPRN.
func (u UPRN) Value() (driver.Value, error) {
	if u.n == 0 {
		return nil, nil
	}
	return int64(u.n), nil
}

// Scan implements sql.Scanner for integer and text columns; NULL is the zero
// UPRN.
func (u *UPRN) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		if v < 0 {
			return uprnKind.error("negative")
		}
		x, err := NewUPRN(uint64(v))
		if err != nil {
			return err
		}
		*u = x
		return nil
	}
	s, err := scanString(src, uprnKind)
	if err != nil {
		return err
	}
	return u.UnmarshalText([]byte(s))
}

// Uint32 returns the number, or 0 for the zero USRN.
func (u USRN) Uint32() uint32 { return u.n }

// IsZero reports whether u is the zero USRN.
func (u USRN) IsZero() bool { return u.n == 0 }

// String returns the number in decimal, or "" for the zero USRN.
func (u USRN) String() string {
	if u.n == 0 {
		return ""
	}
	return strconv.FormatUint(uint64(u.n), 10)
}

// MarshalText implements encoding.TextMarshaler.
func (u USRN) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; empty text is the zero
// USRN.
func (u *USRN) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*u = USRN{}
		return nil
	}
	v, err := ParseUSRN(string(b))
	if err != nil {
		return err
	}
	*u = v
	return nil
}

// MarshalJSON encodes the USRN as a JSON string of digits, or null.
func (u USRN) MarshalJSON() ([]byte, error) { return marshalJSONString(u.String()), nil }

// UnmarshalJSON accepts a JSON number, a JSON string of digits, or null.
func (u *USRN) UnmarshalJSON(b []byte) error {
	s, err := unmarshalJSONRef(b, usrnKind)
	if err != nil {
		return err
	}
	return u.UnmarshalText([]byte(s))
}

// Value implements driver.Valuer: an int64, or NULL for the zero USRN.
func (u USRN) Value() (driver.Value, error) {
	if u.n == 0 {
		return nil, nil
	}
	return int64(u.n), nil
}

// Scan implements sql.Scanner for integer and text columns; NULL is the zero
// USRN.
func (u *USRN) Scan(src any) error {
	if v, ok := src.(int64); ok {
		if v < 0 || v > maxUSRN {
			return usrnKind.error("out of range")
		}
		x, err := NewUSRN(uint32(v))
		if err != nil {
			return err
		}
		*u = x
		return nil
	}
	s, err := scanString(src, usrnKind)
	if err != nil {
		return err
	}
	return u.UnmarshalText([]byte(s))
}
