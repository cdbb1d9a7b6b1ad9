package identity

import (
	"database/sql/driver"
	"log/slog"
)

// NINO is a National Insurance number, as allocated by DWP and HMRC: two
// prefix letters, six digits and a suffix letter A, B, C or D, such as
// AB 12 34 56 C.
//
// The zero NINO means "not known". Compare NINOs with ==. A NINO is
// personal data: it logs through slog redacted (AB******C) and no error in
// this package ever repeats one.
//
// Printing: slog redacts it (see "Printing and logging personal data" in
// the package documentation), but String, %s, %v, %+v and %q print the
// full number, %#v shows its characters as bytes, and MarshalText, MarshalJSON
// and Value give it in full for storage. Log the NINO itself, never the
// result of String.
type NINO struct {
	// b holds the canonical characters, or all zero bytes for the zero
	// NINO. An array, not a string, so that parsing any accepted
	// spelling needs no allocation.
	b [9]byte
}

// Letters never used in a NINO prefix (HMRC National Insurance Manual
// NIM39110): D, F, I, Q, U and V are used as neither the first nor the second
// letter, and O is not used as the second.
var (
	ninoBadFirst  = letterSet("DFIQUV")
	ninoBadSecond = letterSet("DFIQUVO")
)

// ninoBadPrefix holds the prefixes that can never be a NINO: those HMRC
// says are not to be used (BG, GB, KN, NK, NT, TN, ZZ) and the administrative
// prefixes of reference numbers that look like NINOs but are not (OO, CR,
// FY, MW, NC, PP, PY, PZ), NIM39110.
var ninoBadPrefix = func() (t [26][26]bool) {
	for _, p := range []string{"BG", "GB", "KN", "NK", "NT", "TN", "ZZ",
		"OO", "CR", "FY", "MW", "NC", "PP", "PY", "PZ"} {
		t[p[0]-'A'][p[1]-'A'] = true
	}
	return t
}()

func letterSet(s string) (set [26]bool) {
	for i := 0; i < len(s); i++ {
		set[s[i]-'A'] = true
	}
	return set
}

// ParseNINO parses a National Insurance number. Case and spaces (and tabs)
// anywhere are ignored, so "ab 12 34 56 c" parses; the canonical form is
// "AB123456C". The number must follow HMRC's published format (NIM39110):
// allowed prefix letters, six digits, suffix A to D. Temporary reference
// numbers (TRNs) and administrative numbers are refused.
//
// A valid number parses without allocating, whatever its spelling.
func ParseNINO(s string) (NINO, error) {
	if len(s) == 9 {
		if reason := checkNINO(s); reason == "" {
			var n NINO
			copy(n.b[:], s)
			return n, nil
		}
	}
	var b [9]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		}
		if n == len(b) {
			return NINO{}, ninoKind.error("too long")
		}
		b[n] = c
		n++
	}
	if n == 0 {
		return NINO{}, ninoKind.error("empty")
	}
	if n < len(b) {
		return NINO{}, ninoKind.error("too short")
	}
	if reason := checkNINO(string(b[:])); reason != "" {
		return NINO{}, ninoKind.error(reason)
	}
	return NINO{b: b}, nil
}

// MustParseNINO is ParseNINO for constants in tests and examples; it panics
// on an invalid number.
func MustParseNINO(s string) NINO {
	n, err := ParseNINO(s)
	if err != nil {
		panic(err)
	}
	return n
}

// checkNINO checks nine upper-case characters and returns why they are not a
// NINO, or "".
func checkNINO(s string) string {
	a, b := s[0], s[1]
	if !isUpper(a) || !isUpper(b) {
		return "prefix is not two letters"
	}
	if ninoBadFirst[a-'A'] || ninoBadSecond[b-'A'] || ninoBadPrefix[a-'A'][b-'A'] {
		return "prefix is not used for National Insurance numbers"
	}
	for i := 2; i < 8; i++ {
		if !isDigit(s[i]) {
			return "characters 3 to 8 are not digits"
		}
	}
	if c := s[8]; c < 'A' || c > 'D' {
		return "suffix is not A, B, C or D"
	}
	return ""
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// str returns the canonical characters as a string, "" for the zero value.
func (n NINO) str() string {
	if n.b == [9]byte{} {
		return ""
	}
	return string(n.b[:])
}

// AppendText implements encoding.TextAppender: it appends the canonical
// form (nothing for the zero NINO) to dst.
func (n NINO) AppendText(dst []byte) ([]byte, error) {
	if n.b == [9]byte{} {
		return dst, nil
	}
	return append(dst, n.b[:]...), nil
}

// String returns the canonical form, "AB123456C", or "" for the zero NINO.
// It is the full number: do not log it; log the NINO itself, which redacts.
func (n NINO) String() string { return n.str() }

// Spaced returns the number in the pairs HMRC prints, "AB 12 34 56 C".
func (n NINO) Spaced() string {
	if n.b == [9]byte{} {
		return ""
	}
	s := n.str()
	return s[0:2] + " " + s[2:4] + " " + s[4:6] + " " + s[6:8] + " " + s[8:9]
}

// Redacted returns the number with its digits hidden, "AB******C": enough to
// tell two numbers apart in a support conversation, not enough to use one.
func (n NINO) Redacted() string {
	if n.b == [9]byte{} {
		return ""
	}
	return n.str()[0:2] + "******" + n.str()[8:9]
}

// IsZero reports whether n is the zero NINO.
func (n NINO) IsZero() bool { return n.b == [9]byte{} }

// LogValue implements slog.LogValuer: the redacted form.
func (n NINO) LogValue() slog.Value { return slog.StringValue(n.Redacted()) }

// MarshalText implements encoding.TextMarshaler: the canonical form.
func (n NINO) MarshalText() ([]byte, error) { return n.AppendText(make([]byte, 0, 9)) }

// UnmarshalText implements encoding.TextUnmarshaler; empty text is the zero
// NINO.
func (n *NINO) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*n = NINO{}
		return nil
	}
	v, err := ParseNINO(string(b))
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// MarshalJSON encodes the canonical form as a JSON string, or null for the
// zero NINO.
func (n NINO) MarshalJSON() ([]byte, error) { return marshalJSONText(n, 9) }

// UnmarshalJSON decodes a JSON string or null.
func (n *NINO) UnmarshalJSON(b []byte) error {
	s, err := unmarshalJSONString(b, ninoKind)
	if err != nil {
		return err
	}
	return n.UnmarshalText([]byte(s))
}

// Value implements driver.Valuer: the canonical form, or NULL for the zero
// NINO.
func (n NINO) Value() (driver.Value, error) { return nullString(n.str()), nil }

// Scan implements sql.Scanner for text columns; NULL is the zero NINO.
func (n *NINO) Scan(src any) error {
	s, err := scanString(src, ninoKind)
	if err != nil {
		return err
	}
	return n.UnmarshalText([]byte(s))
}
