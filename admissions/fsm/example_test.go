package fsm_test

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
)

func exampleParent() fsm.Parent {
	nino, err := identity.ParseNINO("AB 12 34 56 C")
	if err != nil {
		panic(err)
	}
	return fsm.Parent{
		Person: identity.Person{GivenNames: "Amal", FamilyName: "Haddad", DateOfBirth: calendar.MustParseDate("1988-06-01")},
		NINO:   nino,
	}
}

func exampleChild(dob string) fsm.Child {
	return fsm.Child{Person: identity.Person{GivenNames: "Sami", FamilyName: "Haddad", DateOfBirth: calendar.MustParseDate(dob)}}
}

// A check from submission to decision: the council's records say the parent
// receives income-based Jobseeker's Allowance; the checker confirms a qualifying benefit; the
// rules in force decide, explain and set a review date.
func Example() {
	ctx := context.Background()
	council := councilkit.MustParseCouncil("E06000047")
	clock := councilkit.NewFixedClock(time.Date(2025, time.October, 1, 9, 0, 0, 0, calendar.London()))

	// What the council knows; in production, its benefits system.
	var records fsm.MemoryRecords
	if err := records.Put(council, exampleParent(), fsm.Circumstances{
		Benefits: []fsm.Benefit{fsm.BenefitIncomeBasedJSA},
	}); err != nil {
		panic(err)
	}
	// The in-process checker; fsm.NewClient calls the DfE service instead.
	var checker fsm.Checker = fsm.NewLocalChecker(&records, clock)

	app := fsm.Application{Parent: exampleParent(), Child: exampleChild("2014-03-10")}
	chk, err := checker.Submit(ctx, council, app.Parent.CheckRequest())
	if err != nil {
		panic(err) // a *councilkit.ValidationError for bad input
	}
	status, err := fsm.Wait(ctx, checker, council, chk.ID, time.Second)
	if err != nil {
		panic(err)
	}
	app.Circumstances.CheckStatus = status

	dec, err := fsm.Decide(&app, calendar.Today(clock))
	if err != nil {
		panic(err)
	}
	fmt.Println("status:", status)
	fmt.Println("eligible:", dec.Eligible, "basis:", dec.Basis, "rules:", dec.RuleSet)
	fmt.Println("year group:", dec.YearGroup, "review on:", dec.ReviewOn)
	fmt.Println("evidence:", dec.Evidence)
	// Output:
	// status: eligible
	// eligible: true basis: eligibility_check rules: england-2025-04-01
	// year group: 7 review on: 2026-01-01
	// evidence: [parent_name parent_date_of_birth national_insurance_number]
}

// A decision on declared Universal Credit earnings explains itself rule by
// rule, in English or Welsh.
func ExampleDecide() {
	app := fsm.Application{
		Parent: exampleParent(),
		Child:  exampleChild("2014-03-10"),
		Circumstances: fsm.Circumstances{
			Benefits: []fsm.Benefit{fsm.BenefitUniversalCredit},
			// Net earnings in the last three assessment periods, most recent first.
			UniversalCreditEarnings: []payments.Amount{payments.Pence(70000), payments.Pence(53000), payments.Pence(60000)},
		},
	}
	dec, err := fsm.Decide(&app, calendar.MustParseDate("2026-03-02"))
	if err != nil {
		panic(err)
	}
	r, _ := dec.Reason(fsm.BasisUniversalCredit)
	fmt.Println(dec.Eligible, dec.Basis)
	fmt.Println(r.Explanation.English)
	fmt.Println(r.Explanation.Welsh)
	fmt.Println(r.Source.Title)
	// Output:
	// true universal_credit
	// The parent receives Universal Credit with net earnings of £1,230.00 over the last two assessment periods, within the limit of £1,233.34.
	// Mae'r rhiant yn cael Credyd Cynhwysol gydag enillion net o £1,230.00 dros y ddau gyfnod asesu diwethaf, o fewn y terfyn o £1,233.34.
	// The Free School Lunches and Milk, and School and Early Years Finance (Amendments Relating to Universal Credit) (England) Regulations 2018 (SI 2018/148)
}

// The same household before and after the extension to every Universal
// Credit household on 1 September 2026.
func ExampleRulesAt() {
	for _, day := range []string{"2026-08-31", "2026-09-01"} {
		rs, _ := fsm.RulesAt(calendar.MustParseDate(day))
		uc, _ := rs.Rule(fsm.BasisUniversalCredit)
		limit := "none"
		if t, ok := uc.Threshold(fsm.ThresholdUCOnePeriod); ok {
			limit = t.Amount.String()
		}
		fmt.Println(day, rs.ID, "earnings limit:", limit)
	}
	// Output:
	// 2026-08-31 england-2025-04-01 earnings limit: £616.67
	// 2026-09-01 england-2026-09-01 earnings limit: none
}

// A school's whole list in one bulk check.
func ExampleDecideAll() {
	ctx := context.Background()
	council := councilkit.MustParseCouncil("E06000047")
	clock := councilkit.NewFixedClock(time.Date(2025, time.October, 1, 9, 0, 0, 0, calendar.London()))
	var records fsm.MemoryRecords
	_ = records.Put(council, exampleParent(), fsm.Circumstances{Benefits: []fsm.Benefit{fsm.BenefitAsylumSupport}})
	checker := fsm.NewLocalChecker(&records, clock)

	stranger := exampleParent()
	stranger.Person.FamilyName = "Evans"
	apps := []fsm.Application{
		{Parent: exampleParent(), Child: exampleChild("2014-03-10")},
		{Parent: stranger, Child: exampleChild("2020-01-15")}, // year 1
		{Parent: stranger, Child: exampleChild("2015-01-15")}, // year 5
	}
	decs, err := fsm.DecideAll(ctx, checker, council, apps, calendar.Today(clock), 100*time.Millisecond)
	if err != nil {
		panic(err)
	}
	for i, d := range decs {
		fmt.Println(i, d.Eligible, d.Basis)
	}
	// Output:
	// 0 true eligibility_check
	// 1 true universal_infant
	// 2 false none
}

// Connecting to the DfE's eligibility checking service. hc should add the
// service's OAuth 2 token (for example with
// golang.org/x/oauth2/clientcredentials).
func ExampleNewClient() {
	council := councilkit.MustParseCouncil("E06000047")
	c, err := fsm.NewClient("https://ecs.example.education.gov.uk", http.DefaultClient, council)
	if err != nil {
		panic(err)
	}
	var _ fsm.Checker = c
	fmt.Println("ready")
	// Output: ready
}
