package counciltax

import (
	"errors"
	"testing"

	"github.com/lgds/councilkit"
)

// Exemption classes A (empty, needing or undergoing major repair) and C
// (empty and substantially unfurnished) applied in England until the
// Council Tax (Exempt Dwellings) (England) (Amendment) Order 2012 (SI
// 2012/2965) omitted them, "Coming into force 1st April 2013"
// (https://www.legislation.gov.uk/uksi/2012/2965/note/made). A bill for
// 2012/13 may still use them; one for 2013/14 may not.
func TestExemptClassesDated(t *testing.T) {
	for _, c := range []struct {
		year Year
		ok   bool
	}{{2012, true}, {2013, false}} {
		tb := Charges{Council: councilkit.MustParseCouncil("E06000047"), Year: c.year, Lines: []PreceptLine{{Name: "x", BandD: amt("900")}}}.MustCompile()
		for _, class := range []ExemptClass{ClassA, ClassC} {
			b, err := tb.NewBill(&Account{Band: BandD, Periods: []Period{{Exempt: class}}, Instalments: InstalmentOptions{Issued: d(int(c.year), 3, 10)}})
			var ve *councilkit.ValidationError
			switch {
			case c.ok && (err != nil || !b.Payable.IsZero()):
				t.Errorf("%v class %v: %v, payable %v", c.year, class, err, b)
			case !c.ok && (!errors.As(err, &ve) || !ve.Has("periods[0].exempt", CodeNotInNation)):
				t.Errorf("%v class %v: err = %v", c.year, class, err)
			}
		}
	}
	if !ClassC.InYear(Wales, 2025) || ClassC.InYear(England, 2025) || !ClassC.InYear(England, 2012) || ClassC.InYear(Scotland, 2012) {
		t.Error("InYear")
	}
}
