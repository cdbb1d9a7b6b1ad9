package odp_test

import (
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
