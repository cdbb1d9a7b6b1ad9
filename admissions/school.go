package admissions

import (
	"database/sql/driver"
	"fmt"
	"strconv"

	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/internal/enum"
)

// URN is a school's Unique Reference Number in the DfE's register of
// establishments (Get Information About Schools): six digits, 100000 to
// 999999. The zero URN means no school.
type URN uint32

// ParseURN parses a six-digit URN such as "100000". The error wraps
// ErrInvalidURN.
func ParseURN(s string) (URN, error) {
	if len(s) != 6 {
		return 0, fmt.Errorf("%w: want six digits", ErrInvalidURN)
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%w: want six digits", ErrInvalidURN)
		}
		n = n*10 + int(c-'0')
	}
	if n < 100000 {
		return 0, fmt.Errorf("%w: a URN does not start with 0", ErrInvalidURN)
	}
	return URN(n), nil
}

// MustParseURN is ParseURN that panics on error, for tests and constants.
func MustParseURN(s string) URN {
	u, err := ParseURN(s)
	if err != nil {
		panic(err)
	}
	return u
}

// String returns the six digits, or "" for the zero URN.
func (u URN) String() string {
	if u == 0 {
		return ""
	}
	return strconv.FormatUint(uint64(u), 10)
}

// IsZero reports whether u is the zero URN.
func (u URN) IsZero() bool { return u == 0 }

// Valid reports whether u has six digits.
func (u URN) Valid() bool { return u >= 100000 && u <= 999999 }

// MarshalText implements encoding.TextMarshaler.
func (u URN) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; empty text is the zero URN.
func (u *URN) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*u = 0
		return nil
	}
	v, err := ParseURN(string(b))
	if err != nil {
		return err
	}
	*u = v
	return nil
}

// Value implements driver.Valuer: the six digits as text, NULL for zero.
func (u URN) Value() (driver.Value, error) {
	if u == 0 {
		return nil, nil
	}
	return u.String(), nil
}

// Scan implements sql.Scanner from text, bytes, an integer or NULL.
func (u *URN) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*u = 0
		return nil
	case string:
		return u.UnmarshalText([]byte(v))
	case []byte:
		return u.UnmarshalText(v)
	case int64:
		return u.UnmarshalText([]byte(strconv.FormatInt(v, 10)))
	}
	return fmt.Errorf("%w: cannot scan %T", ErrInvalidURN, src)
}

// Phase is a school's phase of education. Values are append-only.
type Phase uint8

// Phases.
const (
	UnknownPhase Phase = iota
	Primary            // Reception to Year 6
	Infant             // Reception to Year 2
	Junior             // Year 3 to Year 6
	Middle             // any span between Year 4 and Year 9
	Secondary          // Year 7 to Year 11 or 13
	AllThrough         // Reception to Year 11 or 13
)

// Admits reports whether a school of phase p can admit into year group g,
// by the span of year groups the phase covers. UnknownPhase admits any
// year group. A Secondary school admits from Year 7 to Year 13 (upper
// schools take Year 9, university technical colleges Year 10, sixth forms
// Year 12); a Middle school any year from Year 4 to Year 9.
func (p Phase) Admits(g YearGroup) bool {
	lo, hi := Reception, Year13
	switch p {
	case Primary:
		hi = Year6
	case Infant:
		hi = Year2
	case Junior:
		lo, hi = Year3, Year6
	case Middle:
		lo, hi = Year4, Year9
	case Secondary:
		lo = Year7
	}
	return g >= lo && g <= hi
}

var phaseNames = [...]string{"unknown", "primary", "infant", "junior", "middle", "secondary", "all-through"}

func (p Phase) String() string {
	if int(p) < len(phaseNames) {
		return phaseNames[p]
	}
	return "Phase(" + strconv.Itoa(int(p)) + ")"
}

// MarshalText implements encoding.TextMarshaler. A value outside the
// defined phases is an error.
func (p Phase) MarshalText() ([]byte, error) {
	if int(p) >= len(phaseNames) {
		return nil, fmt.Errorf("admissions: unknown phase %d", uint8(p))
	}
	return []byte(p.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *Phase) UnmarshalText(b []byte) error {
	for i, n := range phaseNames {
		if n == string(b) {
			*p = Phase(i)
			return nil
		}
	}
	return fmt.Errorf("admissions: unknown phase")
}

// Catchment decides whether a home address lies in a school's catchment
// area. Councils implement it over their own boundary data; UPRNCatchment
// is a ready-made one.
type Catchment interface {
	Contains(home identity.Address) bool
}

// UPRNCatchment is a catchment given as the set of property UPRNs inside
// it, as most councils publish it from their address gazetteer.
type UPRNCatchment map[identity.UPRN]struct{}

// Contains reports whether the home's UPRN is in the set.
func (c UPRNCatchment) Contains(home identity.Address) bool {
	if home.UPRN.IsZero() {
		return false
	}
	_, ok := c[home.UPRN]
	return ok
}

// School is one school taking part in a round.
type School struct {
	URN   URN    `json:"urn"`
	Name  string `json:"name"`
	Phase Phase  `json:"phase"`
	// PAN is the published admission number for each entry year group the
	// school admits into (School Admissions Code 2021, paragraphs 1.2 to 1.5).
	PAN map[YearGroup]int `json:"pan"`
	// Location is the point distances are measured to: OSGB36 British
	// National Grid easting and northing in metres.
	Location identity.GridPoint `json:"location"`
	// Criteria are the school's oversubscription criteria in priority
	// order. A child is ranked by the first criterion they meet; children
	// meeting none come after all of them. Looked after and previously
	// looked after children must come first (Code paragraph 1.7).
	Criteria []Criterion `json:"-"`
	// RankBy orders children within a criterion: ByDistance (the default,
	// nearest first, then the random draw) or ByRandom (draw only).
	RankBy Ranking `json:"rank_by"`
	// Catchment is the school's catchment area, read by InCatchment.
	Catchment Catchment `json:"-"`
	// Faith names the faith whose evidence the Faith criterion accepts.
	Faith string `json:"faith,omitempty"`
}

// Ranking is how a school orders children who meet the same criterion. The
// zero Ranking is ByDistance, "distance", the usual default.
type Ranking uint8

// Rankings.
const (
	// ByDistance ranks by straight-line distance from home to school,
	// shortest first, then by the random draw.
	ByDistance Ranking = iota
	// ByRandom ranks by the random draw alone.
	ByRandom
)

var rankingNames = [...]string{"distance", "random"}

// String returns "distance" or "random".
func (r Ranking) String() string { return enum.Name(rankingNames[:], r, "Ranking") }

// MarshalText implements encoding.TextMarshaler; an undefined ranking is an
// error.
func (r Ranking) MarshalText() ([]byte, error) {
	return enum.Marshal(rankingNames[:], r, "admissions", "Ranking")
}

// UnmarshalText implements encoding.TextUnmarshaler, accepting the names
// String gives.
func (r *Ranking) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[Ranking](rankingNames[:], string(b))
	if !ok {
		return enum.Unknown("admissions", "ranking", string(b))
	}
	*r = v
	return nil
}
