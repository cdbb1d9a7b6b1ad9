package fsm

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
)

// The route for families with no recourse to public funds follows the
// DfE's guidance "Providing free school meals to families with no recourse
// to public funds (NRPF)": since the permanent extension announced on 24
// March 2022 (reported to schools by the Royal Borough of Windsor and
// Maidenhead, https://www.leadershipupdate-rbwm.co.uk/access-to-free-school-meals/;
// "In April 2022, the Government changed the rules", Praxis,
// http://www.praxis.org.uk/access-to-free-school-meals), every household
// with NRPF qualifies "subject to the following maximum income thresholds:
// £22,700 per annum for families outside London with one child; £26,300
// per annum for families outside London with two or more children" (as
// quoted by Devon's Matford Brook Academy from the guidance,
// https://www.matfordbrook.academy/key-information/key-information-for-families/no-recourse-to-public-funds-nrpf).
// The sources reachable when this was written quote only the figures
// outside London. In London, £31,500 with one child is the London limit of
// the temporary extension, which the Children's Society's response to the
// announcement implies was kept ("the eligibility threshold for families
// outside London has dropped by several thousands of pounds",
// https://www.politics.co.uk/opinion-former/press-release/2022/03/25/childrens-society-welcomes-free-school-meals-boost-for-nrpf-families/),
// and £34,500 with two or more is the figure as councilkit recorded it: a
// London council should confirm both, and their sources are provisional.
func TestNRPFThresholds(t *testing.T) {
	rs, err := RulesAt(d("2022-04-01"))
	if err != nil || rs.ID != "england-2022-04-01" {
		t.Fatalf("RulesAt(2022-04-01) = %s, %v", rs.ID, err)
	}
	r, ok := rs.Rule(BasisNoRecourseToPublicFunds)
	if !ok {
		t.Fatal("no NRPF rule")
	}
	want := map[string]int64{
		ThresholdNRPFOneChild:             2270000,
		ThresholdNRPFTwoOrMoreChildren:    2630000,
		ThresholdNRPFLondonOneChild:       3150000,
		ThresholdNRPFLondonTwoOrMoreChild: 3450000,
	}
	if len(r.Thresholds) != len(want) {
		t.Fatalf("%d thresholds", len(r.Thresholds))
	}
	for name, p := range want {
		th, ok := r.Threshold(name)
		if !ok || th.Amount.Pence() != p || th.EffectiveFrom.String() != "2022-04-01" || th.Source.Title == "" || th.Source.URL == "" {
			t.Errorf("%s = %+v, want %d pence from 2022-04-01 with a source", name, th, p)
		}
		if london := strings.Contains(name, "london"); th.Source.Provisional != london {
			t.Errorf("%s provisional = %v, want %v", name, th.Source.Provisional, london)
		}
	}
	if r.Source.Provisional || !strings.Contains(r.Source.Provision, "England only") {
		t.Errorf("source = %+v", r.Source)
	}
	// The same rule in every later set; none before.
	for _, rs := range RuleSets() {
		got, ok := rs.Rule(BasisNoRecourseToPublicFunds)
		if rs.EffectiveFrom.Before(d("2022-04-01")) {
			if ok {
				t.Errorf("%s has an NRPF rule", rs.ID)
			}
			continue
		}
		if !ok || got.EffectiveFrom.String() != "2022-04-01" || len(got.Thresholds) != 4 {
			t.Errorf("%s: NRPF rule %+v", rs.ID, got)
		}
	}
	// Adding the route changed nothing else in the rules of 2018.
	old, _ := RulesAt(d("2022-03-31"))
	if len(old.Rules)+1 != len(rs.Rules) {
		t.Errorf("%d rules before, %d after", len(old.Rules), len(rs.Rules))
	}
}

func nrpfParent() Parent {
	// An undocumented parent may have neither a National Insurance number
	// nor a NASS number.
	return Parent{Person: identity.Person{GivenNames: "Ana", FamilyName: "Silva", DateOfBirth: d("1987-03-02")}}
}

func nrpf(group NRPFGroup, income int64, children int, london bool) Circumstances {
	return Circumstances{NRPF: &NRPF{Group: group, AnnualIncome: payments.Pence(income), Children: children, London: london}}
}

func TestDecideNRPF(t *testing.T) {
	parent := func(testing.TB) Parent { return nrpfParent() }
	runDecideCases(t, []decideCase{
		{name: "outside London, one child, at the limit", asAt: "2025-06-01", parent: parent, c: nrpf(NRPFNoStatus, 2270000, 1, false),
			eligible: true, basis: BasisNoRecourseToPublicFunds, ruleSet: "england-2025-04-01", reviewOn: "2025-09-01",
			wantFacts: map[string]string{"nrpf_income_one_child": "£22,700.00", "annual_household_income": "£22,700.00", "nrpf_group": "no_status"}},
		{name: "outside London, one child, a penny over", asAt: "2025-06-01", parent: parent, c: nrpf(NRPFNoStatus, 2270001, 1, false)},
		{name: "outside London, two children, at the limit", asAt: "2025-06-01", parent: parent, c: nrpf(NRPFSpouseVisa, 2630000, 2, false),
			eligible: true, basis: BasisNoRecourseToPublicFunds, wantFacts: map[string]string{"nrpf_income_two_or_more_children": "£26,300.00"}},
		{name: "outside London, five children, a penny over", asAt: "2025-06-01", parent: parent, c: nrpf(NRPFSpouseVisa, 2630001, 5, false)},
		{name: "London, one child, at the limit", asAt: "2025-06-01", parent: parent, c: nrpf(NRPFZambranoCarer, 3150000, 1, true),
			eligible: true, basis: BasisNoRecourseToPublicFunds, wantFacts: map[string]string{"nrpf_income_london_one_child": "£31,500.00", "london": "yes"}},
		{name: "London, one child, a penny over", asAt: "2025-06-01", parent: parent, c: nrpf(NRPFZambranoCarer, 3150001, 1, true)},
		{name: "London, two children, at the limit", asAt: "2025-06-01", parent: parent, c: nrpf(NRPFPrivateFamilyLife, 3450000, 2, true),
			eligible: true, basis: BasisNoRecourseToPublicFunds, wantFacts: map[string]string{"nrpf_income_london_two_or_more_children": "£34,500.00"}},
		{name: "London, two children, a penny over", asAt: "2025-06-01", parent: parent, c: nrpf(NRPFPrivateFamilyLife, 3450001, 2, true)},
		{name: "first day of the route", asAt: "2022-04-01", parent: parent, c: nrpf(NRPFChildrenActSection17, 0, 1, false),
			eligible: true, basis: BasisNoRecourseToPublicFunds, ruleSet: "england-2022-04-01"},
		// Unchanged by the Universal Credit extension of September 2026
		// (written answer of 4 February 2026: NRPF households remain
		// eligible "provided they meet income thresholds set out in public
		// guidance", https://www.parallelparliament.co.uk/question/108605/free-school-meals-eligibility).
		{name: "2026 rules", asAt: "2026-09-01", parent: parent, c: nrpf(NRPFAsylumSection4, 1000000, 3, false),
			eligible: true, basis: BasisNoRecourseToPublicFunds, ruleSet: "england-2026-09-01", reviewOn: "2027-09-01"},
		// A benefit basis is named first; the NRPF reason is still given.
		{name: "parent also on income support", asAt: "2025-06-01", c: Circumstances{Benefits: []Benefit{BenefitIncomeSupport}, NRPF: &NRPF{Group: NRPFOther, Children: 1}},
			eligible: true, basis: BasisIncomeSupport},
		// The route comes before universal infant meals, so that the
		// decision names the basis that brings pupil premium.
		{name: "infant in an NRPF family", asAt: "2025-06-01", parent: parent, child: testChild("2019-10-01"), c: nrpf(NRPFWorkVisa, 1500000, 1, false),
			eligible: true, basis: BasisNoRecourseToPublicFunds},
	})
}

func TestDecideNRPFExplains(t *testing.T) {
	app := &Application{Parent: nrpfParent(), Child: testChild(juniorDOB), Circumstances: nrpf(NRPFZambranoCarer, 2500000, 1, true)}
	dec, err := Decide(app, d("2025-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := dec.Reason(BasisNoRecourseToPublicFunds)
	if !r.Met || r.EffectiveFrom.String() != "2022-04-01" || r.Source.URL == "" {
		t.Fatalf("reason = %+v", r)
	}
	wantEn := "The household has no recourse to public funds (Zambrano carer) and an annual income of £25,000.00, within the limit of £31,500.00 for a family in London with one child."
	wantCy := "Nid oes gan yr aelwyd hawl i gael arian cyhoeddus (Gofalwr Zambrano) ac mae ganddi incwm blynyddol o £25,000.00, o fewn y terfyn o £31,500.00 i deulu yn Llundain gydag un plentyn."
	if r.Explanation.English != wantEn || r.Explanation.Welsh != wantCy {
		t.Errorf("explanation =\n%s\n%s", r.Explanation.English, r.Explanation.Welsh)
	}
	// The reason cites the London limit it applied, marked provisional.
	if !r.Source.Provisional || !strings.Contains(r.Source.Provision, "families in London with one child") {
		t.Errorf("reason source = %+v", r.Source)
	}
	en, cy := dec.Explain(councilkit.English), dec.Explain(councilkit.Welsh)
	if !strings.Contains(en, "families in London with one child [provisional]") {
		t.Errorf("explanation does not show the provisional London limit:\n%s", en)
	}
	if !strings.Contains(en, "on the basis of: No recourse to public funds") || !strings.Contains(cy, "ar sail: Dim hawl i gael arian cyhoeddus") {
		t.Errorf("explain:\n%s\n%s", en, cy)
	}
	wantEv := []Evidence{EvidenceParentName, EvidenceChildName, EvidenceChildDateOfBirth, EvidenceNRPFStatus, EvidenceHouseholdIncome}
	if len(dec.Evidence) != len(wantEv) {
		t.Fatalf("evidence = %v", dec.Evidence)
	}
	for i, e := range wantEv {
		if dec.Evidence[i] != e || e.Text().Welsh == "" {
			t.Errorf("evidence[%d] = %v, want %v", i, dec.Evidence[i], e)
		}
	}
	over := &Application{Parent: nrpfParent(), Child: testChild(juniorDOB), Circumstances: nrpf(NRPFStudentVisa, 2700000, 2, false)}
	dec, _ = Decide(over, d("2025-06-01"))
	r, _ = dec.Reason(BasisNoRecourseToPublicFunds)
	if r.Source.Provisional || strings.Contains(dec.Explain(councilkit.English), "[provisional]") {
		t.Errorf("outside London the limit is not provisional: %+v", r.Source)
	}
	if r.Met || !strings.Contains(r.Explanation.English, "above the limit of £26,300.00 for a family outside London with two or more children") ||
		!strings.Contains(r.Explanation.Welsh, "yn uwch na’r terfyn o £26,300.00 i deulu y tu allan i Lundain gyda dau neu fwy o blant") {
		t.Errorf("refusal = %+v", r.Explanation)
	}
	// Without an NRPF claim the rule says so, and a parent still needs a
	// National Insurance or NASS number.
	none := &Application{Parent: nrpfParent(), Child: testChild(juniorDOB)}
	var ve *councilkit.ValidationError
	if _, err := Decide(none, d("2025-06-01")); !errors.As(err, &ve) || !ve.Has(FieldParentNINO, CodeNINOOrNASSRequired) {
		t.Errorf("no identifier and no NRPF claim: %v", err)
	}
}

// Every problem with an NRPF claim is reported at once, in English and
// Welsh, and a claim dated before the route began is refused, not ignored.
func TestDecideNRPFProblems(t *testing.T) {
	app := &Application{Parent: nrpfParent(), Child: testChild(juniorDOB),
		Circumstances: Circumstances{NRPF: &NRPF{Group: NRPFGroup(200), AnnualIncome: payments.Pence(-1), Children: 0}}}
	_, err := Decide(app, d("2025-06-01"))
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v", err)
	}
	for _, w := range []struct {
		field string
		code  councilkit.Code
	}{
		{FieldNRPFGroup, councilkit.CodeInvalidChoice},
		{FieldNRPFIncome, councilkit.CodeTooSmall},
		{FieldNRPFChildren, councilkit.CodeTooSmall},
	} {
		if !ve.Has(w.field, w.code) {
			t.Errorf("missing %s %s: %v", w.field, w.code, err)
		}
	}
	if len(ve.Problems) != 3 {
		t.Errorf("problems = %v", ve.Problems)
	}
	for _, p := range ve.Problems {
		if p.Message.English == "" || p.Message.Welsh == "" {
			t.Errorf("problem %v lacks English or Welsh", p)
		}
	}
	app.Circumstances.NRPF = &NRPF{Group: NRPFOther, Children: 31}
	if _, err := Decide(app, d("2025-06-01")); !errors.As(err, &ve) || !ve.Has(FieldNRPFChildren, councilkit.CodeTooLarge) {
		t.Errorf("31 children: %v", err)
	}
	early := &Application{Parent: nrpfParent(), Child: testChild(juniorDOB), Circumstances: nrpf(NRPFNoStatus, 100, 1, false)}
	if _, err := Decide(early, d("2022-03-31")); !errors.As(err, &ve) || !ve.Has(FieldNRPF, councilkit.CodeInvalid) {
		t.Errorf("before 1 April 2022: %v", err)
	}
}

// Records hand out copies: changing a returned NRPF claim cannot change
// what is stored.
func TestNRPFRecordsCopy(t *testing.T) {
	c := nrpf(NRPFNoStatus, 100, 1, false)
	cl := c.clone()
	cl.NRPF.Children = 9
	if c.NRPF.Children != 1 {
		t.Fatal("clone shares the NRPF claim")
	}
}

func TestNRPFGroupText(t *testing.T) {
	for g := NRPFZambranoCarer; g < numNRPFGroups; g++ {
		b, err := g.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back NRPFGroup
		if err := back.UnmarshalText(b); err != nil || back != g {
			t.Errorf("%v round trip = %v, %v", g, back, err)
		}
		if tx := g.Text(); tx.English == "" || tx.Welsh == "" {
			t.Errorf("%v text = %+v", g, tx)
		}
	}
	for _, g := range []NRPFGroup{numNRPFGroups, 255} {
		if _, err := g.MarshalText(); !errors.Is(err, ErrInvalidNRPFGroup) {
			t.Errorf("MarshalText(%d): %v", g, err)
		}
	}
	// The zero group is written and read as "unknown", like any other
	// (issue 16); ParseNRPFGroup, which reads a resident's choice, still
	// refuses it.
	if b, err := NRPFGroupUnknown.MarshalText(); err != nil || string(b) != "unknown" {
		t.Errorf("MarshalText(unknown) = %q, %v", b, err)
	}
	g := NRPFWorkVisa
	if err := g.UnmarshalText([]byte("unknown")); err != nil || g != NRPFGroupUnknown {
		t.Errorf("UnmarshalText(unknown) = %v, %v", g, err)
	}
	if _, err := ParseNRPFGroup("unknown"); !errors.Is(err, ErrInvalidNRPFGroup) {
		t.Errorf("ParseNRPFGroup(unknown): %v", err)
	}
	// An application with a claim round-trips through JSON.
	app := Application{Parent: nrpfParent(), Child: testChild(juniorDOB), Circumstances: nrpf(NRPFChenCarer, 1234567, 2, true)}
	js, err := json.Marshal(app)
	if err != nil {
		t.Fatal(err)
	}
	var back Application
	if err := json.Unmarshal(js, &back); err != nil || back.Circumstances.NRPF == nil || *back.Circumstances.NRPF != *app.Circumstances.NRPF {
		t.Errorf("round trip %s: %+v, %v", js, back.Circumstances.NRPF, err)
	}
	if !strings.Contains(string(js), `"group":"chen_carer"`) {
		t.Errorf("JSON = %s", js)
	}
}

func FuzzParseNRPFGroup(f *testing.F) {
	for _, s := range []string{"zambrano_carer", "other", "unknown", "", "no_status ", strings.Repeat("x", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseNRPFGroup(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidNRPFGroup) || g != NRPFGroupUnknown || len(err.Error()) > 200 {
				t.Fatalf("ParseNRPFGroup(%q) = %v, %v", s, g, err)
			}
			return
		}
		if g.String() != s {
			t.Fatalf("ParseNRPFGroup(%q) = %v", s, g)
		}
	})
}

func BenchmarkDecideNRPF(b *testing.B) {
	app := &Application{Parent: nrpfParent(), Child: testChild(juniorDOB), Circumstances: nrpf(NRPFNoStatus, 2000000, 2, true)}
	asAt := d("2025-06-01")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decide(app, asAt); err != nil {
			b.Fatal(err)
		}
	}
}

// A refused NRPF claim is not stored, and the record already held stays.
func TestNRPFRecordsRefuse(t *testing.T) {
	var records MemoryRecords
	council := councilkit.MustParseCouncil("E06000047")
	p := testParent(t)
	if err := records.Put(council, p, nrpf(NRPFNoStatus, 100, 1, false)); err != nil {
		t.Fatal(err)
	}
	err := records.Put(council, p, Circumstances{NRPF: &NRPF{Children: 0}})
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || !ve.Has(FieldNRPFGroup, councilkit.CodeInvalidChoice) || !ve.Has(FieldNRPFChildren, councilkit.CodeTooSmall) {
		t.Fatalf("err = %v", err)
	}
	got, err := records.Lookup(context.Background(), council, p.CheckRequest())
	if err != nil || got.NRPF == nil || got.NRPF.Group != NRPFNoStatus || got.NRPF.Children != 1 {
		t.Errorf("stored record changed: %+v, %v", got.NRPF, err)
	}
}
