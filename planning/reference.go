package planning

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrInvalidReference is matched by errors from parsing reference formats
// and references.
var ErrInvalidReference = errors.New("planning: invalid reference")

// Reference is a council's reference number for an application, such as
// "24/01234/HOU" or "P/2024/0123". The zero Reference is "none yet".
type Reference struct{ s string }

// String returns the reference as issued.
func (r Reference) String() string { return r.s }

// IsZero reports whether no reference has been issued.
func (r Reference) IsZero() bool { return r.s == "" }

// MarshalText returns the reference.
func (r Reference) MarshalText() ([]byte, error) { return []byte(r.s), nil }

// UnmarshalText accepts any non-blank reference up to 40 characters; use a
// ReferenceFormat to check that one follows a council's pattern.
func (r *Reference) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if len(s) > 40 {
		return fmt.Errorf("%w: longer than 40 characters", ErrInvalidReference)
	}
	r.s = s
	return nil
}

// Value stores the reference (NULL when none).
func (r Reference) Value() (driver.Value, error) {
	if r.s == "" {
		return nil, nil
	}
	return r.s, nil
}

// Scan reads a stored reference.
func (r *Reference) Scan(src any) error { return scanText(src, "Reference", r.UnmarshalText) }

type tokenKind uint8

const (
	tokLiteral tokenKind = iota
	tokYY
	tokYYYY
	tokSeq
	tokType
)

type token struct {
	kind  tokenKind
	lit   string
	width int
}

// ReferenceFormat is a council's pattern for reference numbers, written
// with placeholders between literal text:
//
//	{YY}    two-digit year            24
//	{YYYY}  four-digit year           2024
//	{SEQn}  sequence number, n digits with leading zeros, n from 1 to 9
//	{TYPE}  the type suffix           HOU, FUL, LBC …
//
// "{YY}/{SEQ5}/{TYPE}" gives "24/01234/HOU"; "P/{YYYY}/{SEQ4}" gives
// "P/2024/0123". A format must contain one {SEQn} and one year.
type ReferenceFormat struct {
	pattern string
	tokens  []token
	// Suffix names the type suffix of an application type; nil uses
	// TypeSuffix.
	Suffix func(ApplicationType) string
}

// ParseReferenceFormat parses a pattern.
func ParseReferenceFormat(pattern string) (ReferenceFormat, error) {
	f := ReferenceFormat{pattern: pattern}
	rest := pattern
	var seq, year int
	for rest != "" {
		i := strings.IndexByte(rest, '{')
		if i != 0 {
			if i < 0 {
				i = len(rest)
			}
			lit := rest[:i]
			if strings.ContainsAny(lit, "}") {
				return ReferenceFormat{}, fmt.Errorf("%w format: unmatched }", ErrInvalidReference)
			}
			f.tokens = append(f.tokens, token{kind: tokLiteral, lit: lit})
			rest = rest[i:]
			continue
		}
		j := strings.IndexByte(rest, '}')
		if j < 0 {
			return ReferenceFormat{}, fmt.Errorf("%w format: unclosed {", ErrInvalidReference)
		}
		name := rest[1:j]
		rest = rest[j+1:]
		switch {
		case name == "YY":
			f.tokens = append(f.tokens, token{kind: tokYY, width: 2})
			year++
		case name == "YYYY":
			f.tokens = append(f.tokens, token{kind: tokYYYY, width: 4})
			year++
		case name == "TYPE":
			f.tokens = append(f.tokens, token{kind: tokType})
		case strings.HasPrefix(name, "SEQ") && len(name) == 4 && name[3] >= '1' && name[3] <= '9':
			f.tokens = append(f.tokens, token{kind: tokSeq, width: int(name[3] - '0')})
			seq++
		default:
			return ReferenceFormat{}, fmt.Errorf("%w format: unknown placeholder {%s}", ErrInvalidReference, name)
		}
		if n := len(f.tokens); n > 1 && f.tokens[n-2].kind == tokType && f.tokens[n-1].kind != tokLiteral {
			return ReferenceFormat{}, fmt.Errorf("%w format: {TYPE} must be followed by literal text or end the format", ErrInvalidReference)
		}
	}
	if seq != 1 || year != 1 {
		return ReferenceFormat{}, fmt.Errorf("%w format: needs exactly one {SEQn} and one year placeholder", ErrInvalidReference)
	}
	return f, nil
}

// MustParseReferenceFormat is ParseReferenceFormat for patterns known at
// compile time.
func MustParseReferenceFormat(pattern string) ReferenceFormat {
	f, err := ParseReferenceFormat(pattern)
	if err != nil {
		panic(err)
	}
	return f
}

// String returns the pattern.
func (f ReferenceFormat) String() string { return f.pattern }

// TypeSuffix returns the usual suffix for an application type: HOU, FUL,
// OUT, RES (reserved matters), DOC (details reserved by condition), LBC,
// LDCE, LDCP, PA, ADV, NMA, TPO, TCA, PIP or OTH.
func TypeSuffix(t ApplicationType) string {
	switch {
	case t.IsHouseholder():
		return "HOU"
	case t.String() == "ldc.proposed":
		return "LDCP"
	case t.String() == "wtt.notice":
		return "TCA"
	case t.String() == "amendment.nonMaterial":
		return "NMA"
	}
	switch t.Kind() {
	case KindPlanningPermission:
		return "FUL"
	case KindOutline:
		return "OUT"
	case KindPermissionInPrinciple:
		return "PIP"
	case KindReservedMatters:
		return "RES"
	case KindConditions:
		return "DOC"
	case KindListedBuilding:
		return "LBC"
	case KindLawfulDevelopment:
		return "LDCE"
	case KindPriorApproval:
		return "PA"
	case KindAdvertisement:
		return "ADV"
	case KindWorksToTrees:
		return "TPO"
	}
	return "OTH"
}

// Format returns the reference for sequence number seq of the given year.
func (f ReferenceFormat) Format(year, seq int, t ApplicationType) (Reference, error) {
	if len(f.tokens) == 0 {
		return Reference{}, fmt.Errorf("%w: no format", ErrInvalidReference)
	}
	if year < 1000 || year > 9999 {
		return Reference{}, fmt.Errorf("%w: year %d", ErrInvalidReference, year)
	}
	var b strings.Builder
	for _, tk := range f.tokens {
		switch tk.kind {
		case tokLiteral:
			b.WriteString(tk.lit)
		case tokYY:
			b.WriteString(pad(year%100, 2))
		case tokYYYY:
			b.WriteString(strconv.Itoa(year))
		case tokSeq:
			s := pad(seq, tk.width)
			if seq < 1 || len(s) > tk.width {
				return Reference{}, fmt.Errorf("%w: sequence %d does not fit %d digits", ErrInvalidReference, seq, tk.width)
			}
			b.WriteString(s)
		case tokType:
			suffix := TypeSuffix
			if f.Suffix != nil {
				suffix = f.Suffix
			}
			b.WriteString(suffix(t))
		}
	}
	return Reference{s: b.String()}, nil
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// ReferenceParts are the pieces of a parsed reference.
type ReferenceParts struct {
	// Year is the four-digit year; a two-digit year is taken as 20YY.
	Year     int
	Sequence int
	Suffix   string
}

// Parse checks that s follows the format and returns its parts. Letters
// are matched without regard to case and the reference is returned in
// upper case.
func (f ReferenceFormat) Parse(s string) (Reference, ReferenceParts, error) {
	bad := func(why string) (Reference, ReferenceParts, error) {
		return Reference{}, ReferenceParts{}, fmt.Errorf("%w: does not match %s: %s", ErrInvalidReference, f.pattern, why)
	}
	if len(f.tokens) == 0 {
		return bad("no format")
	}
	in := strings.ToUpper(strings.TrimSpace(s))
	rest := in
	var p ReferenceParts
	for i, tk := range f.tokens {
		switch tk.kind {
		case tokLiteral:
			if !strings.HasPrefix(rest, strings.ToUpper(tk.lit)) {
				return bad("expected " + strconv.Quote(tk.lit))
			}
			rest = rest[len(tk.lit):]
		case tokYY, tokYYYY, tokSeq:
			if len(rest) < tk.width {
				return bad("too short")
			}
			n, ok := allDigits(rest[:tk.width])
			if !ok {
				return bad("expected digits")
			}
			rest = rest[tk.width:]
			switch tk.kind {
			case tokYY:
				p.Year = 2000 + n
			case tokYYYY:
				p.Year = n
			default:
				if n == 0 {
					return bad("sequence 0")
				}
				p.Sequence = n
			}
		case tokType:
			end := len(rest)
			if i+1 < len(f.tokens) {
				end = strings.Index(rest, strings.ToUpper(f.tokens[i+1].lit))
				if end < 0 {
					return bad("expected " + strconv.Quote(f.tokens[i+1].lit))
				}
			}
			sfx := rest[:end]
			if len(sfx) < 1 || len(sfx) > 6 {
				return bad("type suffix must be 1 to 6 letters")
			}
			for _, c := range sfx {
				if c < 'A' || c > 'Z' {
					return bad("type suffix must be letters")
				}
			}
			p.Suffix = sfx
			rest = rest[end:]
		}
	}
	if rest != "" {
		return bad("unexpected text at the end")
	}
	return Reference{s: in}, p, nil
}

func allDigits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
