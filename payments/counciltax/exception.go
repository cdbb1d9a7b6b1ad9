package counciltax

import (
	"fmt"

	"github.com/lgds/councilkit"
)

// PremiumException is a class of dwelling in England on which no premium
// may be charged, though the dwelling is long-term empty or a second home
// (classes E to M of the Council Tax (Prescribed Classes of Dwellings)
// (England) Regulations 2003 as amended, in force from 1 April 2025; listed
// in the GOV.UK guidance of 1 November 2024 on the premiums). The dwelling
// pays the ordinary charge instead. The zero value is no exception.
type PremiumException uint8

// The exception classes, by their letters.
const (
	NoException PremiumException = iota // no exception: the zero PremiumException, "none"
	ExceptionE                          // would be someone's main residence but for job-related armed forces accommodation
	ExceptionF                          // an annex forming part of, or treated as part of, the main dwelling
	ExceptionG                          // actively marketed for sale (up to 12 months)
	ExceptionH                          // actively marketed for let (up to 12 months)
	ExceptionI                          // probate recently granted (up to 12 months from the grant)
	ExceptionJ                          // a job-related dwelling (second homes only)
	ExceptionK                          // an occupied caravan pitch or boat mooring (second homes only)
	ExceptionL                          // a seasonal home whose year-round occupation is prohibited (second homes only)
	ExceptionM                          // empty, needing or undergoing major repairs (long-term empty only, up to 12 months)
)

var exceptionText = [...]councilkit.Text{
	ExceptionE: text("exception.e"),
	ExceptionF: text("exception.f"),
	ExceptionG: text("exception.g"),
	ExceptionH: text("exception.h"),
	ExceptionI: text("exception.i"),
	ExceptionJ: text("exception.j"),
	ExceptionK: text("exception.k"),
	ExceptionL: text("exception.l"),
	ExceptionM: text("exception.m"),
}

// ParseExceptionClass reads an exception class letter, "E" to "M",
// optionally written "Class G".
func ParseExceptionClass(s string) (PremiumException, error) {
	if len(s) == 7 && (s[:6] == "Class " || s[:6] == "class ") {
		s = s[6:]
	}
	if len(s) == 1 {
		c := s[0] &^ 0x20
		if c >= 'E' && c <= 'M' {
			return PremiumException(c-'E') + ExceptionE, nil
		}
	}
	return 0, fmt.Errorf("counciltax: invalid premium exception class %q", trunc(s))
}

// Letter returns the class letter, "G".
func (e PremiumException) Letter() string {
	if e >= ExceptionE && e <= ExceptionM {
		return string(rune('E' + e - ExceptionE))
	}
	return ""
}

// String returns "Class G", or "none" for NoException.
func (e PremiumException) String() string {
	if l := e.Letter(); l != "" {
		return "Class " + l
	}
	if e == NoException {
		return "none"
	}
	return fmt.Sprintf("PremiumException(%d)", uint8(e))
}

// Text describes the class in English and Welsh.
func (e PremiumException) Text() councilkit.Text {
	if e >= ExceptionE && e <= ExceptionM {
		return exceptionText[e]
	}
	return councilkit.Text{}
}

// LegalBasis cites the class.
func (e PremiumException) LegalBasis() string {
	if e >= ExceptionE && e <= ExceptionM {
		return "Council Tax (Prescribed Classes of Dwellings) (England) Regulations 2003, premium exception " + e.String()
	}
	return ""
}

// Applies reports whether the exception removes a premium of kind k:
// classes E to I both premiums, J to L the second homes premium only, M the
// long-term empty premium only.
func (e PremiumException) Applies(k PremiumKind) bool {
	switch {
	case e >= ExceptionE && e <= ExceptionI:
		return k == LongTermEmpty || k == SecondHome
	case e >= ExceptionJ && e <= ExceptionL:
		return k == SecondHome
	case e == ExceptionM:
		return k == LongTermEmpty
	}
	return false
}

// MarshalText encodes the class as its letter, and NoException as "none";
// a value that is not a class is an error.
func (e PremiumException) MarshalText() ([]byte, error) {
	switch {
	case e == NoException:
		return []byte("none"), nil
	case e > ExceptionM:
		return nil, fmt.Errorf("counciltax: cannot marshal undefined PremiumException %d", uint8(e))
	}
	return []byte(e.Letter()), nil
}

// UnmarshalText decodes a class letter as ParseExceptionClass does, and
// "none", or "" as versions before the zero value had a name wrote it, as
// NoException.
func (e *PremiumException) UnmarshalText(b []byte) error {
	if len(b) == 0 || string(b) == "none" {
		*e = NoException
		return nil
	}
	v, err := ParseExceptionClass(string(b))
	if err != nil {
		return err
	}
	*e = v
	return nil
}
