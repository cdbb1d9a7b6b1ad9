package forms_test

import (
	"errors"
	"fmt"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/forms"
)

// A garden waste subscription form a supplier writes for their own service,
// checked with councilkit's tags: every problem at once, in English and
// Welsh, with the same codes as councilkit's own forms.
func ExampleValidate() {
	type GardenWaste struct {
		Postcode string `json:"postcode" validate:"required,postcode"`
		UPRN     string `json:"uprn" validate:"omitempty,uprn"`
		Bins     int    `json:"bins" validate:"min=1,max=5"`
		Donation string `json:"donation" validate:"omitempty,gbp"`
	}
	err := forms.Validate(GardenWaste{Postcode: "SW1A 1CA", Bins: 0, Donation: "£2.505"})
	var ve *councilkit.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Printf("%s %s: %s\n", p.Field, p.Code, p.Message.In(councilkit.Welsh))
		}
	}
	// Output:
	// postcode invalid_postcode: Rhowch god post go iawn, fel SW1A 1AA
	// bins too_small: Rhaid iddo fod yn 1 neu fwy
	// donation invalid_amount: Rhowch swm mewn punnoedd a cheiniogau, fel £45.00
}
