package planning_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

func TestSampleIsValid(t *testing.T) {
	a := planningtest.NewApplication(planningtest.Lambeth, "a1")
	if err := a.Validate(); err != nil {
		t.Fatalf("sample invalid: %v", err)
	}
	if got := a.DeterminationDeadline().String(); got != "2025-07-28" {
		t.Errorf("deadline %s", got)
	}
}

func TestValidateReportsEverythingAtOnce(t *testing.T) {
	// DMPO 2015 art. 7 and 14: an empty householder application lacks
	// every national requirement; all are reported together.
	a := &planning.Application{Type: planning.TypeHouseholder,
		Fee: planning.Fee{Payable: payments.Pounds(528)}}
	err := a.Validate()
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate = %v", err)
	}
	want := []struct {
		field string
		code  councilkit.Code
	}{
		{"council", councilkit.CodeRequired},
		{"proposal.description", councilkit.CodeRequired},
		{"site.address", councilkit.CodeRequired},
		{"applicant.family_name", councilkit.CodeRequired},
		{"applicant.contact", councilkit.CodeRequired},
		{"declaration.accurate", planning.CodeNotDeclared},
		{"declaration.connection", councilkit.CodeInvalidChoice},
		{"documents.location_plan", planning.CodeMissingDocument},
		{"documents.site_plan", planning.CodeMissingDocument},
		{"documents.elevations", planning.CodeMissingDocument},
		{"documents.floor_plans", planning.CodeMissingDocument},
		{"ownership.certificate", planning.CodeMissingCertificate},
		{"fee", planning.CodeFeeUnpaid},
	}
	for _, w := range want {
		if !ve.Has(w.field, w.code) {
			t.Errorf("missing problem %s/%s", w.field, w.code)
		}
	}
	if len(ve.Problems) != len(want) {
		t.Errorf("%d problems, want %d: %v", len(ve.Problems), len(want), ve)
	}
	for _, p := range ve.Problems {
		if p.Message.English == "" || p.Message.Welsh == "" || p.Message.Welsh == p.Message.English {
			t.Errorf("%s lacks a Welsh message", p.Field)
		}
	}
}

func TestRequirementsByCase(t *testing.T) {
	base := func() *planning.Application { return planningtest.NewApplication(planningtest.Lambeth, "a1") }
	cases := []struct {
		name   string
		change func(a *planning.Application)
		want   []planning.Requirement
	}{
		{"complete householder", func(a *planning.Application) {}, nil},
		// Planning (Listed Buildings and Conservation Areas) Regulations 1990
		// reg. 3A: design and access statement; NPPF para. 207: heritage.
		{"listed building consent", func(a *planning.Application) {
			a.Type = planning.TypeListed
			a.Fee = planning.Fee{NotApplicable: true}
		}, []planning.Requirement{planning.ReqDesignAndAccess, planning.ReqHeritageStatement}},
		// DMPO art. 9(1)(a): major development.
		{"major development", func(a *planning.Application) {
			a.Type = planning.TypeFullMinor
			a.Proposal.Dwellings = 10
		}, []planning.Requirement{planning.ReqDesignAndAccess}},
		// DMPO art. 9(2): one dwellinghouse in a conservation area.
		{"a new home in a conservation area", func(a *planning.Application) {
			a.Type = planning.TypeFullMinor
			a.Proposal.Dwellings = 1
		}, []planning.Requirement{planning.ReqDesignAndAccess}},
		{"a new home outside a conservation area", func(a *planning.Application) {
			a.Type = planning.TypeFullMinor
			a.Proposal.Dwellings = 1
			a.Site.Designations = nil
		}, nil},
		// DMPO art. 14 and Sch. 2: certificate B needs notice to owners.
		{"certificate B without notice", func(a *planning.Application) {
			a.Ownership.Certificate = planning.CertificateB
		}, []planning.Requirement{planning.ReqOwnershipNotice}},
		{"certificate D without newspaper notice", func(a *planning.Application) {
			a.Ownership.Certificate = planning.CertificateD
		}, []planning.Requirement{planning.ReqOwnershipNotice}},
		{"fee not paid", func(a *planning.Application) { a.Fee.Paid = false }, []planning.Requirement{planning.ReqFee}},
		{"red line stands for a location plan", func(a *planning.Application) {
			a.Documents[0].Types = a.Documents[0].Types[1:]
		}, nil},
		{"outline needs no elevations", func(a *planning.Application) {
			a.Type = planning.TypeOutlineMinor
			a.Documents = []planning.Document{{Name: "loc.pdf", Types: []planning.DocumentType{planning.DocLocationPlan}}}
		}, nil},
		{"prior approval needs a site plan", func(a *planning.Application) {
			a.Type = planning.TypeLargerHomeExtension
			a.Documents = nil
		}, []planning.Requirement{planning.ReqSitePlan}},
	}
	for _, c := range cases {
		a := base()
		c.change(a)
		got := planning.Missing(a)
		if strings.Join(reqStrings(got), ",") != strings.Join(reqStrings(c.want), ",") {
			t.Errorf("%s: missing %v, want %v", c.name, got, c.want)
		}
		if err := planning.CheckRequirements(a); (err == nil) != (len(c.want) == 0) {
			t.Errorf("%s: CheckRequirements = %v", c.name, err)
		}
	}
}

func reqStrings(rs []planning.Requirement) []string {
	var out []string
	for _, r := range rs {
		out = append(out, string(r))
	}
	return out
}

func TestValidateDocuments(t *testing.T) {
	a := planningtest.NewApplication(planningtest.Lambeth, "a1")
	a.Documents = append(a.Documents, planning.Document{Name: "", Types: []planning.DocumentType{"blueprint"}})
	a.Site.RedLine = []byte(`{"type":"Polygon",`)
	err := a.Validate()
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || !ve.Has("documents[1].name", councilkit.CodeRequired) || !ve.Has("site.red_line", councilkit.CodeInvalid) ||
		!ve.Has("documents[1].types[0]", councilkit.CodeInvalidChoice) {
		t.Errorf("Validate = %v", err)
	}
	if _, err := planning.ParseDocumentType("sitePlan.proposed"); err != nil {
		t.Error(err)
	}
	if _, err := planning.ParseDocumentType("blueprint"); !errors.Is(err, planning.ErrInvalidDocumentType) {
		t.Error("unknown document type accepted")
	}
}

func TestLogValueHasNoPersonalData(t *testing.T) {
	a := planningtest.NewApplication(planningtest.Lambeth, "a1")
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("saved", "application", a, "applicant", a.Applicant, "address", a.Site.Address)
	for _, secret := range []string{"Ann", "Example", "ann@example.com", "Stansfield", "9RZ"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("log contains %q: %s", secret, buf.String())
		}
	}
}

func TestIsMajor(t *testing.T) {
	// DMPO 2015 art. 2(1) "major development".
	cases := []struct {
		name   string
		change func(a *planning.Application)
		want   bool
	}{
		{"householder", func(a *planning.Application) {}, false},
		{"10 dwellings", func(a *planning.Application) { a.Proposal.Dwellings = 10 }, true},
		{"9 dwellings", func(a *planning.Application) { a.Proposal.Dwellings = 9 }, false},
		{"1,000 m²", func(a *planning.Application) { a.Proposal.FloorSpaceM2 = 1000 }, true},
		{"999 m²", func(a *planning.Application) { a.Proposal.FloorSpaceM2 = 999 }, false},
		{"1 hectare", func(a *planning.Application) { a.Site.RedLineAreaM2 = 10000 }, true},
		{"major type", func(a *planning.Application) { a.Type = planning.TypeFullMajor }, true},
	}
	for _, c := range cases {
		a := planningtest.NewApplication(planningtest.Lambeth, "a1")
		c.change(a)
		if got := a.IsMajor(); got != c.want {
			t.Errorf("%s: IsMajor = %v", c.name, got)
		}
	}
}

func TestCertificateText(t *testing.T) {
	var c planning.Certificate
	if err := c.UnmarshalText([]byte("C")); err != nil || c != planning.CertificateC {
		t.Errorf("C = %v %v", c, err)
	}
	if err := c.UnmarshalText([]byte("e")); !errors.Is(err, planning.ErrInvalidCertificate) {
		t.Errorf("e = %v", err)
	}
}

func TestApplicationJSONRoundTrip(t *testing.T) {
	a := planningtest.NewApplication(planningtest.Lambeth, "a1")
	a.Reference = mustRef(t, "25/00001/HOU")
	a.Ownership.Certificate = planning.CertificateB
	a.Fee.Category = planning.CategoryHouseholder
	if err := a.Lifecycle.Move(planning.Transition{To: planning.StateSubmitted, By: "portal", At: a.SubmittedAt}); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var back planning.Application
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("unmarshal: %v\n%s", err, b)
	}
	if !reflect.DeepEqual(&back, a) {
		t.Errorf("round trip differs:\n%+v\n%+v", &back, a)
	}
	for _, want := range []string{`"type":"pp.full.householder"`, `"certificate":"b"`, `"state":"submitted"`, `"reference":"25/00001/HOU"`, `"council":"E09000022"`, `"category":"householder"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
}

func mustRef(t *testing.T, s string) planning.Reference {
	t.Helper()
	var r planning.Reference
	if err := r.UnmarshalText([]byte(s)); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestFeeInputFor(t *testing.T) {
	a := planningtest.NewApplication(planningtest.Lambeth, "a1")
	a.Type = planning.TypeOutlineMinor
	a.Fee.Category = planning.CategoryDwellings
	a.Site.RedLineAreaM2 = 5000.2 // rounds up to 5,001 m²: into the second band
	a.Fee.Reductions = []string{"parishCouncil"}
	in := planning.FeeInputFor(a)
	if in.SiteAreaM2 != 5001 || !in.ParishCouncil || in.Made.String() != "2025-06-02" {
		t.Fatalf("input = %+v", in)
	}
	b, err := planning.Calculate(in)
	if err != nil {
		t.Fatal(err)
	}
	// 6 × £635 (2025 schedule, 0.5-2.5 ha band), halved for a parish council.
	if b.Total() != payments.Pounds(1905) {
		t.Errorf("total = %s", b.Total())
	}
}

func TestIssueReference(t *testing.T) {
	s := planning.NewMemStore()
	f := planning.MustParseReferenceFormat("{YY}/{SEQ5}/{TYPE}")
	for _, want := range []string{"25/00001/HOU", "25/00002/LBC"} {
		ty := planning.TypeHouseholder
		if strings.HasSuffix(want, "LBC") {
			ty = planning.TypeListed
		}
		r, err := planning.IssueReference(context.Background(), s, planningtest.Lambeth, f, 2025, ty)
		if err != nil || r.String() != want {
			t.Errorf("IssueReference = %q %v, want %q", r, err, want)
		}
	}
}

func TestInvalidateThenMarkValid(t *testing.T) {
	a := planningtest.NewApplication(planningtest.Lambeth, "a1")
	a.Received = calendar.Date{}
	a.Documents = nil
	a.Fee.Paid = false
	at := a.SubmittedAt
	if err := a.Lifecycle.Move(planning.Transition{To: planning.StateSubmitted, By: "portal", At: at}); err != nil {
		t.Fatal(err)
	}
	if err := a.MarkValid("officer-2", at.Add(time.Hour), calendar.MustDate(2025, 6, 2)); !errors.Is(err, planning.ErrIllegalTransition) {
		t.Fatalf("MarkValid with missing items: %v", err)
	}
	if err := a.Invalidate("officer-2", at.Add(time.Hour), "plans and fee missing"); err != nil {
		t.Fatal(err)
	}
	var asked []string
	for _, v := range a.ValidationRequests {
		asked = append(asked, string(v.Requirement))
	}
	// The drawn red line stands for the location plan.
	if got := strings.Join(asked, ","); got != "site_plan,elevations,floor_plans,fee" {
		t.Errorf("validation requests = %s", got)
	}
	// The applicant sends the plans and pays on 9 June; that is the valid date.
	a.Documents = planningtest.NewApplication(planningtest.Lambeth, "x").Documents
	a.Fee.Paid = true
	if err := a.MarkValid("officer-2", at.Add(8*24*time.Hour), calendar.MustDate(2025, 6, 9)); err != nil {
		t.Fatal(err)
	}
	if a.Lifecycle.State != planning.StateValid || a.Received != calendar.MustDate(2025, 6, 9) {
		t.Errorf("state %s received %s", a.Lifecycle.State, a.Received)
	}
	for _, v := range a.ValidationRequests {
		if v.Resolved.IsZero() {
			t.Errorf("%s still open", v.Requirement)
		}
	}
	// 8 weeks from the valid date, not the submission date.
	if got := a.DeterminationDeadline(); got != calendar.MustDate(2025, 8, 4) {
		t.Errorf("deadline %s", got)
	}
	if err := a.Invalidate("officer-2", at.Add(9*24*time.Hour), ""); !errors.Is(err, planning.ErrIllegalTransition) {
		t.Errorf("Invalidate a complete application: %v", err)
	}
}

func TestValidateCoordinates(t *testing.T) {
	a := planningtest.NewApplication(planningtest.Lambeth, "a1")
	a.Site.Address.Grid.Easting += 500 // half a kilometre east of the latitude and longitude
	var ve *councilkit.ValidationError
	if err := a.Validate(); !errors.As(err, &ve) || !ve.Has("site.address.grid", planning.CodeCoordinatesDisagree) {
		t.Errorf("Validate = %v", err)
	}
	a.Site.Address.Grid.Easting -= 499
	if err := a.Validate(); err != nil {
		t.Errorf("1 m apart: %v", err)
	}
}
