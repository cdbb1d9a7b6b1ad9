package counciltax

import (
	"fmt"

	"github.com/lgds/councilkit"
)

// ExemptClass is a class of exempt dwelling under article 3 of the Council
// Tax (Exempt Dwellings) Order 1992 (SI 1992/558) in England and Wales. No
// council tax is payable for a day on which a dwelling falls in a class
// (Local Government Finance Act 1992 s4). The zero ExemptClass is "not
// exempt".
//
// Classes A and C were removed in England from 1 April 2013 by the Council
// Tax (Exempt Dwellings) (England) (Amendment) Order 2012 (SI 2012/2965), and
// survive only in Wales. Scotland has its own order (the Council Tax (Exempt
// Dwellings) (Scotland) Order 1997) whose classes are not modelled here.
type ExemptClass uint8

// The classes, by their letters in the Order.
const (
	NotExempt ExemptClass = iota // no exemption: the zero ExemptClass, "none"
	ClassA                       // Wales only: empty, needing or undergoing major repair
	ClassB                       // empty, owned by a charity (up to six months)
	ClassC                       // Wales only: empty and substantially unfurnished (up to six months)
	ClassD                       // empty, the liable person detained in prison or hospital
	ClassE                       // empty, the resident now living in a hospital or care home
	ClassF                       // empty, awaiting probate or letters of administration
	ClassG                       // occupation prohibited by law
	ClassH                       // held for a minister of religion
	ClassI                       // empty, the resident receiving care elsewhere
	ClassJ                       // empty, the resident providing care elsewhere
	ClassK                       // empty, left by a student owner
	ClassL                       // empty, repossessed by a mortgage lender
	ClassM                       // a hall of residence for students
	ClassN                       // occupied only by students or school and college leavers
	ClassO                       // armed forces accommodation owned by the Secretary of State for Defence
	ClassP                       // occupied by members of visiting forces
	ClassQ                       // empty, a trustee in bankruptcy liable
	ClassR                       // an empty caravan pitch or boat mooring
	ClassS                       // occupied only by people under 18
	ClassT                       // an empty annex that cannot be let separately
	ClassU                       // occupied only by severely mentally impaired people (or with students)
	ClassV                       // a diplomat's dwelling
	ClassW                       // an annex occupied by a dependent relative
)

var exemptText = [...]councilkit.Text{
	ClassA: text("exempt.a"),
	ClassB: text("exempt.b"),
	ClassC: text("exempt.c"),
	ClassD: text("exempt.d"),
	ClassE: text("exempt.e"),
	ClassF: text("exempt.f"),
	ClassG: text("exempt.g"),
	ClassH: text("exempt.h"),
	ClassI: text("exempt.i"),
	ClassJ: text("exempt.j"),
	ClassK: text("exempt.k"),
	ClassL: text("exempt.l"),
	ClassM: text("exempt.m"),
	ClassN: text("exempt.n"),
	ClassO: text("exempt.o"),
	ClassP: text("exempt.p"),
	ClassQ: text("exempt.q"),
	ClassR: text("exempt.r"),
	ClassS: text("exempt.s"),
	ClassT: text("exempt.t"),
	ClassU: text("exempt.u"),
	ClassV: text("exempt.v"),
	ClassW: text("exempt.w"),
}

// ParseExemptClass reads a class letter, "A" to "W", optionally written
// "Class N".
func ParseExemptClass(s string) (ExemptClass, error) {
	if len(s) == 7 && (s[:6] == "Class " || s[:6] == "class ") {
		s = s[6:]
	}
	if len(s) == 1 {
		c := s[0] &^ 0x20
		if c >= 'A' && c <= 'W' {
			return ExemptClass(c-'A') + ClassA, nil
		}
	}
	return 0, fmt.Errorf("counciltax: invalid exemption class %q", trunc(s))
}

// String returns "Class N", or "none" for NotExempt.
func (c ExemptClass) String() string {
	if c >= ClassA && c <= ClassW {
		return "Class " + string(rune('A'+c-ClassA))
	}
	if c == NotExempt {
		return "none"
	}
	return fmt.Sprintf("ExemptClass(%d)", uint8(c))
}

// Letter returns the class letter, "N".
func (c ExemptClass) Letter() string {
	if c >= ClassA && c <= ClassW {
		return string(rune('A' + c - ClassA))
	}
	return ""
}

// Text describes the class in English and Welsh, in a phrase for a bill.
func (c ExemptClass) Text() councilkit.Text {
	if c >= ClassA && c <= ClassW {
		return exemptText[c]
	}
	return councilkit.Text{}
}

// LegalBasis cites the class.
func (c ExemptClass) LegalBasis() string {
	if c >= ClassA && c <= ClassW {
		return "Council Tax (Exempt Dwellings) Order 1992 art 3, " + c.String()
	}
	return ""
}

// In reports whether the class exists in nation n: all classes in Wales,
// all but A and C in England, none in Scotland (which has its own order).
func (c ExemptClass) In(n Nation) bool {
	switch n {
	case Wales:
		return c >= ClassA && c <= ClassW
	case England:
		// mutation: equivalent — c >= ClassA vs c > ClassA: class A is excluded in England anyway.
		return c >= ClassA && c <= ClassW && c != ClassA && c != ClassC
	}
	return false
}

// InYear is In for a financial year: classes A and C applied in England
// too until the Council Tax (Exempt Dwellings) (England) (Amendment) Order
// 2012 (SI 2012/2965, art 2(3)) omitted them from 1 April 2013. The dates
// other classes were added (Q in 1993, R to W later) are not modelled.
func (c ExemptClass) InYear(n Nation, y Year) bool {
	if n == England && y < englandACRemoved && (c == ClassA || c == ClassC) {
		return true
	}
	return c.In(n)
}

// englandACRemoved is the first financial year without classes A and C in
// England: 2013/14.
const englandACRemoved Year = 2013

// MarshalText encodes the class as its letter, and NotExempt as "none"; a
// value that is not a class is an error.
func (c ExemptClass) MarshalText() ([]byte, error) {
	switch {
	case c == NotExempt:
		return []byte("none"), nil
	case c > ClassW:
		return nil, fmt.Errorf("counciltax: cannot marshal undefined ExemptClass %d", uint8(c))
	}
	return []byte(c.Letter()), nil
}

// UnmarshalText decodes a class letter as ParseExemptClass does, and
// "none", or "" as versions before the zero class had a name wrote it, as
// NotExempt.
func (c *ExemptClass) UnmarshalText(b []byte) error {
	if len(b) == 0 || string(b) == "none" {
		*c = NotExempt
		return nil
	}
	v, err := ParseExemptClass(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}
