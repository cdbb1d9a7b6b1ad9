package fsm_test

import (
	"fmt"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
)

// A family with no recourse to public funds outside London, with two
// children and £24,000 a year, qualifies under the DfE's guidance. The
// parent has neither a National Insurance nor a NASS number; the council
// keeps evidence of the family's circumstances and income instead.
func ExampleDecide_noRecourseToPublicFunds() {
	app := &fsm.Application{
		Parent: fsm.Parent{Person: identity.Person{GivenNames: "Ana", FamilyName: "Silva", DateOfBirth: calendar.MustParseDate("1987-03-02")}},
		Child:  exampleChild("2014-05-10"),
		Circumstances: fsm.Circumstances{NRPF: &fsm.NRPF{
			Group: fsm.NRPFNoStatus, AnnualIncome: payments.Pounds(24000), Children: 2,
		}},
	}
	dec, err := fsm.Decide(app, calendar.MustParseDate("2025-10-01"))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := dec.Reason(fsm.BasisNoRecourseToPublicFunds)
	fmt.Println(dec.Eligible, dec.Basis, dec.ReviewOn)
	fmt.Println(r.Explanation.In(councilkit.English))
	fmt.Println(r.Explanation.In(councilkit.Welsh))
	fmt.Println(dec.Evidence)
	// Output:
	// true no_recourse_to_public_funds 2026-01-01
	// The household has no recourse to public funds (No immigration status) and an annual income of £24,000.00, within the limit of £26,300.00 for a family outside London with two or more children.
	// Nid oes gan yr aelwyd hawl i gael arian cyhoeddus (Dim statws mewnfudo) ac mae ganddi incwm blynyddol o £24,000.00, o fewn y terfyn o £26,300.00 i deulu y tu allan i Lundain gyda dau neu fwy o blant.
	// [parent_name child_name child_date_of_birth nrpf_status household_income]
}
