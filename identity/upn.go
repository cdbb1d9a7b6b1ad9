package identity

import (
	"database/sql/driver"
	"log/slog"
)

// UPN is the Unique Pupil Number the Department for Education gives every
// pupil in a maintained school in England: thirteen characters, a check
// letter followed by a 3-digit local authority number, a 4-digit
// establishment number, the 2-digit year of allocation and a 3-digit serial,
// such as B801200005001. A temporary UPN, given while the permanent one is
// traced, ends in a letter instead of the last serial digit.
//
// The zero UPN means "not known". Compare UPNs with ==. A UPN is a child's
// personal data: it logs through slog redacted (B************).
//
// Printing: slog redacts it (see "Printing and logging personal data" in
// the package documentation), but String, %s, %v, %+v and %q print the
// full UPN, %#v shows its characters as bytes, and MarshalText, MarshalJSON
// and Value give it in full for storage. Log the UPN itself, never the
// result of String.
type UPN struct {
	// b holds the canonical characters, or all zero bytes for the zero
	// UPN. An array, not a string, so that parsing any accepted
	// spelling needs no allocation.
	b [13]byte
}

// upnAlphabet is the 23-letter alphabet of check letters and temporary UPN
// letters: A to Z without I, O and S. A letter's value is its index.
const upnAlphabet = "ABCDEFGHJKLMNPQRTUVWXYZ"

// upnValue maps 'A'..'Z' to a value 0..22, or -1 for I, O and S.
var upnValue = func() (t [26]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(upnAlphabet); i++ {
		t[upnAlphabet[i]-'A'] = int8(i)
	}
	return t
}()

// ParseUPN parses a unique pupil number. Surrounding spaces and case are
// ignored. The check letter is verified as the UK Government Data Standards
// Catalogue (Unique Pupil Number, version 2.0) defines it: the characters at
// positions 2 to 13 are multiplied by their position (2 to 13) and added, a
// temporary UPN's final letter counting as its value in the check alphabet;
// the sum modulo 23 indexes the alphabet A to Z without I, O and S.
func ParseUPN(s string) (UPN, error) {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	if len(s) != 13 {
		return UPN{}, upnKind.error("not 13 characters")
	}
	var u UPN
	copy(u.b[:], s)
	for i, c := range u.b {
		if 'a' <= c && c <= 'z' {
			u.b[i] = c - ('a' - 'A')
		}
	}
	if reason := checkUPN(string(u.b[:])); reason != "" {
		return UPN{}, upnKind.error(reason)
	}
	return u, nil
}

// MustParseUPN is ParseUPN for constants; it panics on an invalid UPN.
func MustParseUPN(s string) UPN {
	u, err := ParseUPN(s)
	if err != nil {
		panic(err)
	}
	return u
}

// UPNCheckLetter returns the check letter for the twelve characters that
// follow it in a UPN, and false if they are not eleven digits followed by a
// digit or a letter of the check alphabet.
func UPNCheckLetter(body string) (byte, bool) {
	if len(body) != 12 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 12; i++ {
		c := body[i]
		var v int
		switch {
		case isDigit(c):
			v = int(c - '0')
		case i == 11 && isUpper(c) && upnValue[c-'A'] >= 0:
			v = int(upnValue[c-'A'])
		default:
			return 0, false
		}
		sum += v * (i + 2)
	}
	return upnAlphabet[sum%23], true
}

func checkUPN(s string) string {
	want, ok := UPNCheckLetter(s[1:])
	if !ok {
		return "characters 2 to 13 are not 11 digits and a digit or letter"
	}
	if s[0] != want {
		return "check letter does not match"
	}
	return ""
}

// str returns the canonical characters as a string, "" for the zero value.
func (u UPN) str() string {
	if u.b == [13]byte{} {
		return ""
	}
	return string(u.b[:])
}

// AppendText implements encoding.TextAppender: it appends the canonical
// form (nothing for the zero UPN) to dst.
func (u UPN) AppendText(dst []byte) ([]byte, error) {
	if u.b == [13]byte{} {
		return dst, nil
	}
	return append(dst, u.b[:]...), nil
}

// String returns the thirteen characters, or "" for the zero UPN. Do not log
// it; log the UPN itself, which redacts.
func (u UPN) String() string { return u.str() }

// IsZero reports whether u is the zero UPN.
func (u UPN) IsZero() bool { return u.b == [13]byte{} }

// IsTemporary reports whether u is a temporary UPN (ending in a letter).
func (u UPN) IsTemporary() bool { return u.b != [13]byte{} && isUpper(u.str()[12]) }

// LocalAuthority returns the 3-digit DfE local authority number the UPN was
// allocated under, such as "801" (Bristol).
func (u UPN) LocalAuthority() string {
	if u.b == [13]byte{} {
		return ""
	}
	return u.str()[1:4]
}

// Redacted returns the check letter followed by twelve stars.
func (u UPN) Redacted() string {
	if u.b == [13]byte{} {
		return ""
	}
	return u.str()[:1] + "************"
}

// LogValue implements slog.LogValuer: the redacted form.
func (u UPN) LogValue() slog.Value { return slog.StringValue(u.Redacted()) }

// MarshalText implements encoding.TextMarshaler.
func (u UPN) MarshalText() ([]byte, error) { return u.AppendText(make([]byte, 0, 13)) }

// UnmarshalText implements encoding.TextUnmarshaler; empty text is the zero
// UPN.
func (u *UPN) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*u = UPN{}
		return nil
	}
	v, err := ParseUPN(string(b))
	if err != nil {
		return err
	}
	*u = v
	return nil
}

// MarshalJSON encodes the UPN as a JSON string, or null.
func (u UPN) MarshalJSON() ([]byte, error) { return marshalJSONText(u, 13) }

// UnmarshalJSON decodes a JSON string or null.
func (u *UPN) UnmarshalJSON(b []byte) error {
	s, err := unmarshalJSONString(b, upnKind)
	if err != nil {
		return err
	}
	return u.UnmarshalText([]byte(s))
}

// Value implements driver.Valuer: the UPN as text, or NULL.
func (u UPN) Value() (driver.Value, error) { return nullString(u.str()), nil }

// Scan implements sql.Scanner for text columns; NULL is the zero UPN.
func (u *UPN) Scan(src any) error {
	s, err := scanString(src, upnKind)
	if err != nil {
		return err
	}
	return u.UnmarshalText([]byte(s))
}
