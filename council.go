package councilkit

import (
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/lgds/councilkit/internal/enum"
)

// ErrInvalidCouncil is returned (wrapped) when a string is not the GSS code
// of a local authority. Test for it with errors.Is.
var ErrInvalidCouncil = errors.New("councilkit: invalid council code")

// Council identifies the local authority a record belongs to, by its
// Government Statistical Service (GSS) code as published by the Office for
// National Statistics: one country letter, a two-digit entity code and a
// six-digit instance number, such as E06000047 (County Durham) or W06000015
// (Cardiff).
//
// The zero Council is "no council"; stores refuse to save or look up records
// for it. Compare Councils with ==.
type Council struct {
	code string
}

// CouncilKind says what sort of local authority a GSS entity code denotes.
// The zero CouncilKind is UnknownCouncilKind, "unknown".
type CouncilKind uint8

// Council kinds, by GSS entity code. The list is append-only: values are
// never renumbered.
const (
	UnknownCouncilKind         CouncilKind = iota
	EnglishUnitary                         // E06
	EnglishDistrict                        // E07: non-metropolitan district
	EnglishMetropolitanBorough             // E08: metropolitan district
	LondonBorough                          // E09, including the City of London
	EnglishCounty                          // E10: county council
	WelshPrincipalArea                     // W06: county or county borough
	ScottishCouncilArea                    // S12
	NorthernIrishDistrict                  // N09: local government district
)

var councilKindNames = [...]string{
	UnknownCouncilKind:         "unknown",
	EnglishUnitary:             "English unitary authority",
	EnglishDistrict:            "English non-metropolitan district",
	EnglishMetropolitanBorough: "English metropolitan borough",
	LondonBorough:              "London borough",
	EnglishCounty:              "English county council",
	WelshPrincipalArea:         "Welsh principal area",
	ScottishCouncilArea:        "Scottish council area",
	NorthernIrishDistrict:      "Northern Irish district",
}

// String describes the kind, such as "London borough", or "unknown" for
// UnknownCouncilKind.
func (k CouncilKind) String() string { return enum.Name(councilKindNames[:], k, "CouncilKind") }

// MarshalText implements encoding.TextMarshaler: the String form. An
// undefined kind is an error.
func (k CouncilKind) MarshalText() ([]byte, error) {
	return enum.Marshal(councilKindNames[:], k, "councilkit", "CouncilKind")
}

// UnmarshalText implements encoding.TextUnmarshaler, reading the String
// form.
func (k *CouncilKind) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[CouncilKind](councilKindNames[:], string(b))
	if !ok {
		return enum.Unknown("councilkit", "council kind", string(b))
	}
	*k = v
	return nil
}

// councilEntity maps the first three characters of a GSS code to its kind.
// Only entity codes that denote a council with its own services are
// accepted: wards (E05), parishes (E04), regions (E12) and the like are not
// councils.
func councilEntity(prefix string) CouncilKind {
	switch prefix {
	case "E06":
		return EnglishUnitary
	case "E07":
		return EnglishDistrict
	case "E08":
		return EnglishMetropolitanBorough
	case "E09":
		return LondonBorough
	case "E10":
		return EnglishCounty
	case "W06":
		return WelshPrincipalArea
	case "S12":
		return ScottishCouncilArea
	case "N09":
		return NorthernIrishDistrict
	}
	return UnknownCouncilKind
}

// ParseCouncil parses a GSS code such as "E06000047". Surrounding spaces are
// not trimmed and lower case is not accepted: codes are identifiers, and a
// code that needs cleaning probably came from the wrong column. The error
// wraps ErrInvalidCouncil and says what is wrong.
func ParseCouncil(s string) (Council, error) {
	if len(s) != 9 {
		return Council{}, fmt.Errorf("%w: %q is %d characters long, want 9 (a letter, an entity code and six digits, as in E06000047)", ErrInvalidCouncil, s, len(s))
	}
	switch s[0] {
	case 'E', 'W', 'S', 'N':
	default:
		return Council{}, fmt.Errorf("%w: %q must start with a country letter E, W, S or N", ErrInvalidCouncil, s)
	}
	for i := 1; i < 9; i++ {
		if s[i] < '0' || s[i] > '9' {
			return Council{}, fmt.Errorf("%w: %q must have digits after its country letter", ErrInvalidCouncil, s)
		}
	}
	if councilEntity(s[:3]) == UnknownCouncilKind {
		return Council{}, fmt.Errorf("%w: entity code %s in %q is not a council (want E06, E07, E08, E09, E10, W06, S12 or N09)", ErrInvalidCouncil, s[:3], s)
	}
	if s[3:] == "000000" {
		return Council{}, fmt.Errorf("%w: %q has instance number 000000", ErrInvalidCouncil, s)
	}
	return Council{code: s}, nil
}

// MustParseCouncil is like ParseCouncil but panics on error. Use it only for
// constants in programs and tests.
func MustParseCouncil(s string) Council {
	c, err := ParseCouncil(s)
	if err != nil {
		panic(err)
	}
	return c
}

// String returns the GSS code, or "" for the zero Council.
func (c Council) String() string { return c.code }

// IsZero reports whether c is the zero Council.
func (c Council) IsZero() bool { return c.code == "" }

// Kind returns the kind of local authority, from the entity code.
func (c Council) Kind() CouncilKind {
	if c.code == "" {
		return UnknownCouncilKind
	}
	return councilEntity(c.code[:3])
}

// Nation returns the country letter: 'E', 'W', 'S' or 'N', or 0 for the zero
// Council.
func (c Council) Nation() byte {
	if c.code == "" {
		return 0
	}
	return c.code[0]
}

// MarshalText implements encoding.TextMarshaler.
func (c Council) MarshalText() ([]byte, error) { return []byte(c.code), nil }

// UnmarshalText implements encoding.TextUnmarshaler. Empty text gives the
// zero Council.
func (c *Council) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = Council{}
		return nil
	}
	v, err := ParseCouncil(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Value implements driver.Valuer: the GSS code, or NULL for the zero Council.
func (c Council) Value() (driver.Value, error) {
	if c.code == "" {
		return nil, nil
	}
	return c.code, nil
}

// Scan implements sql.Scanner for text columns; NULL gives the zero Council.
func (c *Council) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c = Council{}
		return nil
	case string:
		return c.UnmarshalText([]byte(v))
	case []byte:
		return c.UnmarshalText(v)
	}
	return fmt.Errorf("%w: cannot scan %T", ErrInvalidCouncil, src)
}
