package counciltax

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"

	"github.com/lgds/councilkit"
)

// Sentinel errors. Every error this package returns matches one of them, or
// councilkit.ErrValidation, with errors.Is.
var (
	// ErrInvalidBand means text is not a valuation band, or the band does
	// not exist in the nation concerned (band I outside Wales).
	ErrInvalidBand = errors.New("counciltax: invalid valuation band")
	// ErrInvalidNation means a council is not in England, Wales or Scotland,
	// the three nations with council tax.
	ErrInvalidNation = errors.New("counciltax: council tax is levied only in England, Wales and Scotland")
	// ErrOutOfYear means a date lies outside the financial year of the
	// charges it is used with, or a required date is missing.
	ErrOutOfYear = errors.New("counciltax: date outside the financial year")
)

// Nation is one of the three nations of Great Britain that levy council tax.
// Each has its own band proportions. The zero Nation is UnknownNation,
// "unknown": no nation.
type Nation uint8

// The nations with council tax. Northern Ireland levies domestic rates
// instead and is not a Nation here.
const (
	UnknownNation Nation = iota // no nation: the zero Nation
	England
	Wales
	Scotland
)

var nationNames = [...]string{UnknownNation: "unknown", England: "England", Wales: "Wales", Scotland: "Scotland"}

// String returns "England", "Wales" or "Scotland", or "unknown" for
// UnknownNation.
func (n Nation) String() string {
	if n <= Scotland {
		return nationNames[n]
	}
	return "Nation(" + strconv.Itoa(int(n)) + ")"
}

// MarshalText encodes the nation as its String name, "unknown" for
// UnknownNation; a value that is not a nation is ErrInvalidNation.
func (n Nation) MarshalText() ([]byte, error) {
	if n > Scotland {
		return nil, ErrInvalidNation
	}
	return []byte(n.String()), nil
}

// UnmarshalText decodes "England", "Wales", "Scotland" or "unknown".
func (n *Nation) UnmarshalText(b []byte) error {
	for v := UnknownNation; v <= Scotland; v++ {
		if string(b) == nationNames[v] {
			*n = v
			return nil
		}
	}
	return ErrInvalidNation
}

// NationOf returns the nation of a council from its GSS code, or
// ErrInvalidNation for a Northern Irish or zero council.
func NationOf(c councilkit.Council) (Nation, error) {
	switch c.Nation() {
	case 'E':
		return England, nil
	case 'W':
		return Wales, nil
	case 'S':
		return Scotland, nil
	}
	return UnknownNation, ErrInvalidNation
}

// Band is a council tax valuation band, A to H (A to I in Wales). The zero
// Band is NoBand, "none". Bands are ordered: BandA < BandB < … < BandI.
type Band uint8

// The valuation bands. Band I exists only in Wales, from the 2005
// revaluation.
const (
	NoBand Band = iota // no band: the zero Band
	BandA
	BandB
	BandC
	BandD
	BandE
	BandF
	BandG
	BandH
	BandI
)

// ParseBand reads a band letter, "A" to "I", in either case, optionally
// written "Band A". It does not check the nation; see [Band.In].
func ParseBand(s string) (Band, error) {
	if len(s) == 6 && (s[:5] == "Band " || s[:5] == "band " || s[:5] == "BAND ") {
		s = s[5:]
	}
	if len(s) == 1 {
		c := s[0] | 0x20
		if c >= 'a' && c <= 'i' {
			return Band(c-'a') + BandA, nil
		}
	}
	return 0, fmt.Errorf("%w: want a letter from A to I", ErrInvalidBand)
}

// MustParseBand is ParseBand for constants; it panics on error.
func MustParseBand(s string) Band {
	b, err := ParseBand(s)
	if err != nil {
		panic(err)
	}
	return b
}

// String returns the band letter, "A" to "I", or "none" for NoBand.
func (b Band) String() string {
	if b >= BandA && b <= BandI {
		return string(rune('A' + b - BandA))
	}
	if b == NoBand {
		return "none"
	}
	return "Band(" + strconv.Itoa(int(b)) + ")"
}

// IsZero reports whether b is the zero Band.
func (b Band) IsZero() bool { return b == 0 }

// In reports whether the band exists in nation n: A–H in England and
// Scotland, A–I in Wales.
func (b Band) In(n Nation) bool {
	switch n {
	case England, Scotland:
		return b >= BandA && b <= BandH
	case Wales:
		return b >= BandA && b <= BandI
	}
	return false
}

// Ratio returns the proportion a band's charge bears to band D's in nation
// n, as num/den, and false if the band does not exist there.
//
// England and Wales: Local Government Finance Act 1992 s5(1),
// 6:7:8:9:11:13:15:18, and for Wales from 1 April 2005 s5(1A),
// 6:7:8:9:11:13:15:18:21, so band A is 6/9 of band D and band I 21/9.
// Scotland: s74(1) of the same Act as substituted by the Council Tax
// (Substitution of Proportion) (Scotland) Order 2016 (SSI 2016/368) for
// years from 1 April 2017, 240:280:320:360:473:585:705:882, so band A is
// 240/360 and band H 882/360.
func (b Band) Ratio(n Nation) (num, den int64, ok bool) {
	if !b.In(n) {
		return 0, 0, false
	}
	if n == Scotland {
		return scotlandRatios[b], 360, true
	}
	return ninthsRatios[b], 9, true
}

var (
	ninthsRatios   = [...]int64{BandA: 6, BandB: 7, BandC: 8, BandD: 9, BandE: 11, BandF: 13, BandG: 15, BandH: 18, BandI: 21}
	scotlandRatios = [...]int64{BandA: 240, BandB: 280, BandC: 320, BandD: 360, BandE: 473, BandF: 585, BandG: 705, BandH: 882}
)

// RatioIn is Ratio for a particular financial year: before 1 April 2017
// Scotland used the original proportion 6:7:8:9:11:13:15:18 (s74(1) as
// enacted), and before 1 April 2005 Wales had no band I.
func (b Band) RatioIn(n Nation, y Year) (num, den int64, ok bool) {
	switch {
	case n == Scotland && y < 2017:
		if b < BandA || b > BandH {
			return 0, 0, false
		}
		return ninthsRatios[b], 9, true
	case n == Wales && y < 2005 && b == BandI:
		return 0, 0, false
	}
	return b.Ratio(n)
}

// RatioString returns the ratio as printed on bills, "6/9" or "240/360", or
// "" if the band does not exist in n.
func (b Band) RatioString(n Nation) string {
	num, den, ok := b.Ratio(n)
	if !ok {
		return ""
	}
	return strconv.FormatInt(num, 10) + "/" + strconv.FormatInt(den, 10)
}

// MarshalText encodes the band as its letter, and NoBand as "none"; a
// value that is not a band is ErrInvalidBand.
func (b Band) MarshalText() ([]byte, error) {
	if b > BandI {
		return nil, fmt.Errorf("%w: %d", ErrInvalidBand, uint8(b))
	}
	return []byte(b.String()), nil
}

// UnmarshalText decodes a band letter as ParseBand does, and "none", or ""
// as versions before the zero band had a name wrote it, as NoBand.
func (b *Band) UnmarshalText(t []byte) error {
	if len(t) == 0 || string(t) == "none" {
		*b = NoBand
		return nil
	}
	v, err := ParseBand(string(t))
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// Value implements driver.Valuer: the letter, or NULL for the zero Band.
func (b Band) Value() (driver.Value, error) {
	t, err := b.MarshalText()
	if err != nil {
		return nil, err
	}
	return string(t), nil
}

// Scan implements sql.Scanner for text columns; NULL gives the zero Band.
func (b *Band) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*b = 0
		return nil
	case string:
		return b.UnmarshalText([]byte(v))
	case []byte:
		return b.UnmarshalText(v)
	}
	return fmt.Errorf("%w: cannot scan %T", ErrInvalidBand, src)
}
