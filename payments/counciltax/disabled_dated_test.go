package counciltax

import (
	"testing"

	"github.com/lgds/councilkit"
)

// The same fault class in the disabled band reduction: band A dwellings
// were first given a reduction, to five ninths of band D, from 1 April 2000
// by the Council Tax (Reductions for Disabilities) (Amendment) Regulations
// 1999 (SI 1999/1004, reg 1 "shall come into force on 1st April 2000", and
// reg 2(4)(b) revoking reg 3(4), which had excluded band A;
// https://www.legislation.gov.uk/uksi/1999/1004/regulation/2/made); in
// Scotland SI 1999/756, in force the same day. Before then a band A
// dwelling paid band A.
func TestDisabledBandADated(t *testing.T) {
	for _, c := range []struct {
		council string
		year    Year
		want    string
	}{
		{"E06000047", 1999, "600.00"},
		{"E06000047", 2000, "500.00"},
		{"W06000015", 1999, "600.00"},
		{"W06000015", 2000, "500.00"},
		{"S12000042", 1999, "600.00"},
		{"S12000042", 2000, "500.00"},
	} {
		tb := Charges{Council: councilkit.MustParseCouncil(c.council), Year: c.year, Lines: []PreceptLine{{Name: "x", BandD: amt("900")}}}.MustCompile()
		if got := tb.DisabledAmount(BandA); got != amt(c.want) {
			t.Errorf("%s %v: band A with a reduction = %v, want %v", c.council, c.year, got, c.want)
		}
		if got := tb.DisabledAmount(BandB); got != amt("600.00") {
			t.Errorf("%s %v: band B with a reduction = %v", c.council, c.year, got)
		}
	}
}
