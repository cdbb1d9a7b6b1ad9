package odp_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/planning/odp"
)

func ExampleImport() {
	payload, err := os.ReadFile("testdata/examples/planningPermission-fullHouseholder.json")
	if err != nil {
		panic(err)
	}
	a, err := odp.Import(payload, councilkit.MustParseCouncil("E09000022"))
	if err != nil {
		panic(err)
	}
	fmt.Println(a.Type, a.Site.Address.UPRN, a.Fee.Payable)
	a.Proposal.Description = "Rear dormer roof extension"
	out, err := odp.Export(a)
	fmt.Println(len(out) > 0, err)
	// Output:
	// pp.full.householder 100021892955 £258.00
	// true <nil>
}

func ExampleValidate() {
	payload, err := os.ReadFile("testdata/examples/planningPermission-fullHouseholder.json")
	if err != nil {
		panic(err)
	}
	a, err := odp.Import(payload, councilkit.MustParseCouncil("E09000022"))
	if err != nil {
		panic(err)
	}
	fmt.Println(a.Lifecycle.State, a.Received)
	// The example was submitted on 2 October 2023 but charges the fee set
	// from 6 December 2023.
	var ve *councilkit.ValidationError
	if errors.As(odp.Validate(a), &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p.Field, p.Code)
		}
	}
	// Output:
	// submitted 2023-10-02
	// fee.payable fee_mismatch
}
