package counciltax_test

import (
	"errors"
	"fmt"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/counciltax"
)

// A parish given as the figures the district holds, its precept and its tax
// base (North Kilworth, Harborough, 2017/18: £15,105.00 over 289.80 band D
// equivalents), gives every band to the penny from the unrounded quotient.
func ExampleCharges_Compile_precept() {
	base, err := counciltax.ParseTaxBase("289.80")
	if err != nil {
		fmt.Println(err)
		return
	}
	tb, err := counciltax.Charges{
		Council: councilkit.MustParseCouncil("E07000131"),
		Year:    2017,
		Area:    "North Kilworth",
		Lines: []counciltax.PreceptLine{
			{Kind: counciltax.ParishOrTown, Name: "North Kilworth Parish Council", Precept: payments.MustParseAmount("15105.00"), TaxBase: base},
		},
	}.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	for b := counciltax.BandA; b <= counciltax.BandH; b++ {
		fmt.Println(b, tb.Amount(b))
	}
	// Output:
	// A £34.75
	// B £40.54
	// C £46.33
	// D £52.12
	// E £63.70
	// F £75.29
	// G £86.87
	// H £104.24
}

func ExampleParseTaxBase() {
	for _, s := range []string{"37,785.11", "1e3"} {
		base, err := counciltax.ParseTaxBase(s)
		if err != nil {
			var te *counciltax.TaxBaseError
			if errors.As(err, &te) {
				fmt.Println(te.Reason.English, "/", te.Reason.Welsh)
			}
			continue
		}
		fmt.Println(base)
	}
	// Output:
	// 37785.11
	// Enter the tax base as a number of band D equivalents, like 1,234.56. / Rhowch y sylfaen dreth fel nifer o gyfwerth band D, fel 1,234.56.
}
