package main

import (
	"bytes"
	"context"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
	"github.com/lgds/councilkit/postgres"
	"golang.org/x/text/language"
)

// The fees and dates below are the planning package's; these tests check
// that the portal shows and applies them. The householder fee from 1 April
// 2025 is £528 (Town and Country Planning (Fees for Applications, Deemed
// Applications, Requests and Site Visits) (England) Regulations 2012 Sch. 1
// category 6(1), as substituted by S.I. 2025/342 reg. 5(3)(c)(i)); the
// package's schedule from 1 April 2026 raises it by the reg. 18A index
// (3.8%) to £548. Prior approval under GPDO 2015 Sch. 2 Part 1 Class A
// (reg. 14(1)) goes from £240 to £249 the same way.

// planningForms are the answers of a complete householder application.
func planningForms() []struct {
	path string
	form url.Values
} {
	return []struct {
		path string
		form url.Values
	}{
		{"/planning/type", url.Values{"type": {"pp.full.householder"}}},
		{"/planning/site", url.Values{"site": {"9910000001"}}},
		{"/planning/description", url.Values{"proposal.description": {"Single-storey rear extension, 3 metres deep."}}},
		{"/planning/applicant", url.Values{"applicant.given_names": {"Alex"}, "applicant.family_name": {"Example"}, "applicant.contact.email": {"alex@example.com"}}},
		{"/planning/documents", url.Values{"documents": {"locationPlan", "sitePlan.proposed", "elevations.proposed", "floorPlan.proposed"}}},
		{"/planning/ownership", url.Values{"ownership.certificate": {"a"}}},
	}
}

// answerPlanning answers every question up to check answers.
func (b *browser) answerPlanning() {
	b.t.Helper()
	for _, step := range planningForms() {
		pg := b.answer(step.path, step.form)
		if pg.Status != http.StatusSeeOther {
			b.t.Fatalf("%s: status %d:\n%s", step.path, pg.Status, pg.Body)
		}
	}
}

// answer answers one question of planningForms. The documents page takes
// files: one small PDF, named after its type, for each type in the form's
// "documents", then Continue.
func (b *browser) answer(path string, form url.Values) page {
	b.t.Helper()
	if path != "/planning/documents" {
		return b.submit(path, form)
	}
	for _, t := range form["documents"] {
		pg := b.upload("/planning/documents/upload", url.Values{"type": {t}}, t+".pdf", planningtest.SamplePDF(t, 0))
		if pg.Status != http.StatusSeeOther {
			b.t.Fatalf("upload %s: status %d:\n%s", t, pg.Status, pg.Body)
		}
	}
	return b.submit(path, nil)
}

// upload posts a multipart form with the session's CSRF token, the fields
// and, unless name is empty, a file under "file", as a browser's file
// upload does. The part's Content-Type is the browser's guess from the
// name, which the portal ignores.
func (b *browser) upload(path string, fields url.Values, name string, content []byte) page {
	b.t.Helper()
	return b.uploadWithToken(path, b.token(), fields, name, content)
}

// uploadWithToken is upload with the CSRF token given.
func (b *browser) uploadWithToken(path, token string, fields url.Values, name string, content []byte) page {
	b.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField(csrfField, token)
	for k, vs := range fields {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	if name != "" {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", mime.FormatMediaType("form-data", map[string]string{"name": "file", "filename": name}))
		h.Set("Content-Type", "application/pdf")
		part, err := w.CreatePart(h)
		if err != nil {
			b.t.Fatal(err)
		}
		_, _ = part.Write(content)
	}
	_ = w.Close()
	req, err := http.NewRequest(http.MethodPost, b.p.ts.URL+path, &body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.do(req)
}

// declaration is the check answers form.
func declaration() url.Values {
	return url.Values{"declaration.connection": {"none"}, "declaration.accurate": {"true"}}
}

// payPlanning pays at the sandbox and follows the return to the page the
// portal ends on.
func (b *browser) payPlanning(sandboxPath, card string) page {
	b.t.Helper()
	if !strings.HasPrefix(sandboxPath, "/sandbox-pay/") {
		b.t.Fatalf("payment went to %q", sandboxPath)
	}
	mustStatus(b.t, b.get(sandboxPath), http.StatusOK)
	pg := b.submit(sandboxPath, url.Values{"card_number": {card}, "action": {"pay"}})
	mustStatus(b.t, pg, http.StatusSeeOther)
	ret, _ := url.Parse(pg.Header.Get("Location"))
	pg = b.get(ret.Path)
	// The return address leads to the payment's result, which a paid
	// planning fee turns into the submitted application.
	for range 3 {
		if pg.Status != http.StatusSeeOther {
			break
		}
		pg = b.get(pg.Header.Get("Location"))
	}
	return pg
}

func (p *portal) planningApps(t *testing.T) []*planning.Application {
	t.Helper()
	list, err := p.srv.plan.store.List(context.Background(), p.srv.sites.list[0].council, planning.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

var planAppPathRE = regexp.MustCompile(`^/planning/applications/[0-9a-f-]{36}$`)

func TestPlanningNeedsSignIn(t *testing.T) {
	p := newPortal(t)
	for _, path := range []string{"/planning", "/planning/type", "/planning/check"} {
		pg := p.browser().get(path)
		mustStatus(t, pg, http.StatusSeeOther)
		if !strings.HasPrefix(pg.Header.Get("Location"), "/sign-in") {
			t.Errorf("%s: Location %q", path, pg.Header.Get("Location"))
		}
	}
}

func TestPlanningJourney(t *testing.T) {
	p := newPortal(t)
	seeded := len(p.planningApps(t))
	b := p.browser()
	b.signIn("resident")
	mustContain(t, b.get("/planning"), "Apply for planning permission", `href="/planning/type"`)

	pg := b.get("/planning/type")
	mustContain(t, pg, "What do you want to apply for?", `value="pp.full.householder"`, `value="listed"`)
	b.answerPlanning()

	// The checklist is the package's requirements for a full householder
	// application (DMPO 2015 art. 7(1)(c)): location plan, site plan,
	// elevations, floor plans; no design and access statement outside a
	// conservation area (art. 9).
	pg = b.get("/planning/documents")
	mustContain(t, pg, "locationPlan.pdf", "floorPlan.proposed.pdf", `enctype="multipart/form-data"`, `type="file"`)
	if pg.has("Not uploaded yet") {
		t.Error("the documents page says a document is missing")
	}
	if pg.has("designAndAccessStatement") || pg.has("heritageStatement") {
		t.Error("householder checklist asks for a design and access or heritage statement")
	}

	pg = b.get("/planning/check")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, "Householder planning permission", "1 Example Row, Ashdown, AV1 1AA", "Single-storey rear extension",
		"alex@example.com", "Location plan", "certificate A",
		"category 6(1)", `id="fee-total"><strong>£548.00</strong>`, `id="fee-schedule">Fees in force from 1 April 2026.`, `id="pay-planning"`)

	// A tampered fee in the form changes nothing: the fee comes from the
	// package.
	form := declaration()
	form.Set("amount", "0.01")
	form.Set("fee", "1")
	pg = b.submit("/planning/check", form)
	mustStatus(t, pg, http.StatusSeeOther)
	sandbox := pg.Header.Get("Location")
	pays := p.allPayments(t)
	if len(pays) != 1 || pays[0].Amount != payments.MustParseAmount("548.00") {
		t.Fatalf("payments %+v, want one of £548.00", pays)
	}
	if n := len(p.planningApps(t)); n != seeded {
		t.Fatalf("%d applications stored before paying, want %d", n, seeded)
	}

	pg = b.payPlanning(sandbox, "4444333322221111")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, "Application submitted", "26/00004/HOU", `id="plan-state">Submitted<`, `id="plan-submitted">23 November 2026<`,
		`id="plan-fee">£548.00<`, "Not checked yet")

	apps := p.planningApps(t)
	if len(apps) != seeded+1 {
		t.Fatalf("%d applications, want %d", len(apps), seeded+1)
	}
	a := apps[len(apps)-1]
	if !a.Fee.Paid || a.Fee.PaymentReference != pays[0].ID || a.Lifecycle.State != planning.StateSubmitted {
		t.Errorf("stored application: fee %+v, state %s", a.Fee, a.Lifecycle.State)
	}
	if err := planning.CheckRequirements(a); err != nil {
		t.Errorf("stored application is not complete: %v", err)
	}

	// The start page lists it; another person cannot see it.
	mustContain(t, b.get("/planning"), "26/00004/HOU")
	other := p.browser()
	other.signIn("officer") // someone else, with another subject
	mustStatus(t, other.get("/planning/applications/"+a.ID), http.StatusNotFound)

	// Coming back from the payment again does not submit twice.
	if n := len(p.planningApps(t)); n != seeded+1 {
		t.Errorf("%d applications after revisiting", n)
	}
}

func TestPlanningNoFeeSubmitsWithoutPaying(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("resident")
	steps := planningForms()
	steps[0].form.Set("type", "listed")
	// Listed building consent also needs a design and access statement
	// and a heritage statement (Listed Buildings Regulations 1990 reg. 3A).
	steps[4].form["documents"] = append(steps[4].form["documents"], "designAndAccessStatement", "heritageStatement")
	for _, s := range steps {
		mustStatus(t, b.answer(s.path, s.form), http.StatusSeeOther)
	}
	mustContain(t, b.get("/planning/check"), "No fee is payable", `id="submit-planning"`)
	pg := b.submit("/planning/check", declaration())
	mustStatus(t, pg, http.StatusSeeOther)
	if loc := pg.Header.Get("Location"); !planAppPathRE.MatchString(loc) {
		t.Fatalf("Location %q", loc)
	}
	if n := len(p.allPayments(t)); n != 0 {
		t.Errorf("%d payments for an application with no fee", n)
	}
	mustContain(t, b.get(pg.Header.Get("Location")), "26/00004/LBC", `id="plan-fee">No fee<`)
}

func TestPlanningBadInput(t *testing.T) {
	p := newPortal(t)
	seeded := len(p.planningApps(t))
	b := p.browser()
	b.signIn("resident")

	// Before choosing a type, later pages send the resident back.
	for _, path := range []string{"/planning/site", "/planning/check"} {
		pg := b.get(path)
		mustStatus(t, pg, http.StatusSeeOther)
		if loc := pg.Header.Get("Location"); loc != "/planning/type" {
			t.Errorf("%s: Location %q", path, loc)
		}
	}
	pg := b.submit("/planning/check", declaration())
	mustStatus(t, pg, http.StatusSeeOther)

	for _, tc := range []struct {
		name, path string
		form       url.Values
		want       []string
	}{
		{"empty type", "/planning/type", url.Values{}, []string{`<a href="#type">Select what you want to apply for`}},
		{"unknown type", "/planning/type", url.Values{"type": {"pp.full.major"}}, []string{`<a href="#type">Select one of the types of application listed`}},
		{"not a type", "/planning/type", url.Values{"type": {"<script>"}}, []string{`<a href="#type">Select one of the types`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pg := b.submit(tc.path, tc.form)
			mustStatus(t, pg, http.StatusUnprocessableEntity)
			mustContain(t, pg, append(tc.want, `class="govuk-error-summary"`, "<title>Error: ")...)
		})
	}

	mustStatus(t, b.submit("/planning/type", url.Values{"type": {"pp.full.householder"}}), http.StatusSeeOther)
	for _, tc := range []struct {
		name, path string
		form       url.Values
		want       []string
	}{
		{"empty site", "/planning/site", url.Values{}, []string{`<a href="#site">Select the site’s address`}},
		{"unknown address", "/planning/site", url.Values{"site": {"9910009999"}}, []string{`<a href="#site">Select one of the addresses listed`}},
		{"no grid reference", "/planning/site", url.Values{"site": {"elsewhere"}}, []string{`<a href="#site-grid">Enter the site’s grid reference`}},
		{"grid off the grid", "/planning/site", url.Values{"site": {"elsewhere"}, "site.grid": {"9999999, 1"}}, []string{`<a href="#site-grid">Enter a grid reference`}},
		{"empty description", "/planning/description", url.Values{}, []string{`<a href="#proposal-description">Describe the proposed development`}},
		{"too long description", "/planning/description", url.Values{"proposal.description": {strings.Repeat("x", 10001)}}, []string{`<a href="#proposal-description">`}},
		{"empty applicant", "/planning/applicant", url.Values{}, []string{`<a href="#applicant-family_name">Enter your last name`, `<a href="#applicant-contact-email">Enter your email address`}},
		{"bad email", "/planning/applicant", url.Values{"applicant.family_name": {"Example"}, "applicant.contact.email": {"not an email"}}, []string{`<a href="#applicant-contact-email">Enter an email address in the correct format`}},
		{"no documents", "/planning/documents", url.Values{}, []string{`<a href="#documents">Upload a file for every document`}},
		{"no file", "/planning/documents/upload", url.Values{"type": {"locationPlan"}}, []string{`<a href="#file">Select a file`}},
		{"not a document type", "/planning/documents/upload", url.Values{"type": {"passport"}}, []string{`<a href="#type">Select one of the documents listed`}},
		{"empty ownership", "/planning/ownership", url.Values{}, []string{`<a href="#ownership-certificate">Select who owns the land`}},
		{"certificate D", "/planning/ownership", url.Values{"ownership.certificate": {"d"}}, []string{`<a href="#ownership-certificate">Select one of the answers listed`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pg := b.submit(tc.path, tc.form)
			mustStatus(t, pg, http.StatusUnprocessableEntity)
			mustContain(t, pg, append(tc.want, `class="govuk-error-summary"`, "<title>Error: ")...)
		})
	}

	// A site by grid reference alone is accepted.
	pg = b.submit("/planning/site", url.Values{"site": {"elsewhere"}, "site.grid": {"452100, 151250"}})
	mustStatus(t, pg, http.StatusSeeOther)

	// Check answers without the declaration.
	b.answerPlanning()
	pg = b.submit("/planning/check", url.Values{})
	mustStatus(t, pg, http.StatusUnprocessableEntity)
	mustContain(t, pg, `<a href="#declaration-connection">Select whether you have a connection`, `<a href="#declaration-accurate">Confirm that the information`)

	// A forged CSRF token.
	pg = b.post("/planning/check", url.Values{"csrf_token": {"forged"}, "declaration.connection": {"none"}, "declaration.accurate": {"true"}})
	mustStatus(t, pg, http.StatusForbidden)
	pg = b.post("/planning/type", url.Values{"type": {"listed"}})
	mustStatus(t, pg, http.StatusForbidden)
	mustContain(t, b.get("/planning/check"), "Householder planning permission")

	if n := len(p.allPayments(t)); n != 0 {
		t.Errorf("%d payments started by bad forms", n)
	}
	if n := len(p.planningApps(t)); n != seeded {
		t.Errorf("%d applications stored after bad forms, want %d", n, seeded)
	}
}

func TestPlanningDeclinedPaymentSubmitsNothing(t *testing.T) {
	p := newPortal(t)
	seeded := len(p.planningApps(t))
	b := p.browser()
	b.signIn("resident")
	b.answerPlanning()
	pg := b.submit("/planning/check", declaration())
	pg = b.payPlanning(pg.Header.Get("Location"), "4000000000000002")
	mustContain(t, pg, "Your payment was declined", `href="/planning/check"`)
	if n := len(p.planningApps(t)); n != seeded {
		t.Errorf("%d applications after a declined payment", n)
	}
	// Try again: a new payment, and the application is submitted.
	pg = b.submit("/planning/check", declaration())
	pg = b.payPlanning(pg.Header.Get("Location"), "4444333322221111")
	mustContain(t, pg, "Application submitted")
	if n := len(p.allPayments(t)); n != 2 {
		t.Errorf("%d payments, want the declined one and the retry", n)
	}
}

func TestPlanningChangedAnswerGetsANewPayment(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("resident")
	b.answerPlanning()
	first := b.submit("/planning/check", declaration()).Header.Get("Location")
	// The resident goes back and makes it a proposed lawful development
	// certificate: half the householder fee (Fees Regulations 2012 reg.
	// 11(2)), so a new payment, and the old one cannot submit the new
	// answers.
	pg := b.submit("/planning/type?change=1", url.Values{"type": {"ldc.proposed"}})
	mustStatus(t, pg, http.StatusSeeOther)
	if loc := pg.Header.Get("Location"); loc != "/planning/documents?change=1" {
		t.Errorf("changing the type went to %q, want the documents", loc)
	}
	mustContain(t, b.get("/planning/check"), `id="fee-total"><strong>£274.00</strong>`)
	second := b.submit("/planning/check", declaration()).Header.Get("Location")
	if first == second {
		t.Fatal("a changed fee reused the first payment")
	}
	// The first payment, for the old answers, is cancelled: it cannot be
	// paid as well.
	pays := p.allPayments(t)
	if len(pays) != 2 {
		t.Fatalf("%d payments, want 2", len(pays))
	}
	for _, pay := range pays {
		switch pay.Amount {
		case payments.MustParseAmount("548.00"):
			if pay.Status != payments.StatusCancelled {
				t.Errorf("the superseded payment is %s, want cancelled", pay.Status)
			}
		case payments.MustParseAmount("274.00"):
			if pay.Status.Finished() {
				t.Errorf("the new payment is %s", pay.Status)
			}
		default:
			t.Errorf("payment of %s", pay.Amount)
		}
	}
	pg = b.get(first)
	mustStatus(t, pg, http.StatusSeeOther)
	pg = b.payPlanning(second, "4444333322221111")
	// The fee's payment reference is the planning reference, taken when
	// the payment starts (issue 19): the first payment took 26/00004/HOU
	// for the householder application, and the changed type takes the
	// next, so 00004 is never used.
	mustContain(t, pg, "26/00005/LDCP", `id="plan-fee">£274.00<`)
	for _, pay := range p.allPayments(t) {
		want := map[string]string{"548.00": "26/00004/HOU", "274.00": "26/00005/LDCP"}[pay.Amount.Plain()]
		if pay.Reference != want {
			t.Errorf("the payment of %s has reference %q, want the planning reference %q", pay.Amount, pay.Reference, want)
		}
	}
	found := false
	for _, a := range p.planningApps(t) {
		if a.Reference.String() == "26/00005/LDCP" {
			found = true
			if !a.Fee.Paid || a.Fee.PaymentReference == "" {
				t.Errorf("submitted %s with fee %+v", a.Reference, a.Fee)
			}
		}
	}
	if !found {
		t.Error("no application stored as 26/00005/LDCP")
	}
}

// officerOpen returns the ID of the seeded application waiting to be
// validated.
func (p *portal) submittedPlanning(t *testing.T) *planning.Application {
	t.Helper()
	for _, a := range p.planningApps(t) {
		if a.Lifecycle.State == planning.StateSubmitted {
			return a
		}
	}
	t.Fatal("no submitted application in the seed")
	return nil
}

func TestOfficerPlanningRegister(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("officer")
	pg := b.get("/officer/planning")
	mustStatus(t, pg, http.StatusOK)
	// The seeded applications: decided, in assessment, waiting.
	mustContain(t, pg, "26/00001/HOU", "26/00002/LDCP", "26/00003/HOU", "Decided: Granted", "Assessment", "Submitted")
	// The application in assessment was valid from 3 November 2026: a
	// lawful development certificate is decided within 8 weeks (DMPO 2015
	// art. 39(11)), beginning with the day after: 29 December 2026.
	mustContain(t, pg, "3 November 2026", "29 December 2026")

	// The decided one: its appeal date (a grant is appealed against its
	// conditions: 6 months beginning with the decision, DMPO 2015 art.
	// 37(2)(d), householder or not) and nothing more to do.
	for _, a := range p.planningApps(t) {
		if a.Lifecycle.State == planning.StateDetermined {
			pg := b.get("/officer/planning/" + a.ID)
			tr, _ := a.Lifecycle.Last(planning.StateDetermined)
			decided := calendar.DateOf(tr.At)
			last := planning.Months(6).EndBeginningWith(decided).Long(language.BritishEnglish)
			mustContain(t, pg, `id="plan-decision">Granted<`, `id="plan-appeal">`+last+`<`, `id="no-action"`)
			if pg.has(`id="mark-valid"`) || pg.has(`id="determine"`) {
				t.Error("a decided application offers validation or a decision")
			}
		}
	}

	// Residents cannot see it.
	r := p.browser()
	r.signIn("resident")
	mustStatus(t, r.get("/officer/planning"), http.StatusForbidden)
	a := p.submittedPlanning(t)
	mustStatus(t, r.submit("/officer/planning/"+a.ID, url.Values{"action": {"validate"}}), http.StatusForbidden)
}

func TestOfficerValidatesAndDecides(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("officer")
	a := p.submittedPlanning(t)
	path := "/officer/planning/" + a.ID
	pg := b.get(path)
	mustContain(t, pg, `id="mark-valid"`, `id="mark-invalid"`, `name="received.day" type="text" inputmode="numeric" value="20"`)

	// Valid from 20 November 2026 (submitted that day): a householder
	// application is decided within 8 weeks beginning with the day after
	// (DMPO 2015 art. 34(2)(a)), by 15 January 2027; the fee is refunded if
	// it is not decided within 16 weeks (Fees Regulations 2012 reg. 9A):
	// by 12 March 2027.
	pg = b.submit(path, url.Values{"action": {"validate"}, "received.day": {"20"}, "received.month": {"11"}, "received.year": {"2026"}})
	mustStatus(t, pg, http.StatusSeeOther)
	pg = b.get(path)
	mustContain(t, pg, `id="plan-state">Valid<`, `id="plan-valid">20 November 2026<`, `id="plan-deadline">15 January 2027`, `id="plan-guarantee">12 March 2027`)

	// Deciding too soon is refused by the lifecycle.
	pg = b.submit(path, url.Values{"action": {"determined"}, "decision": {"granted"}})
	mustStatus(t, pg, http.StatusUnprocessableEntity)
	mustContain(t, pg, "That cannot be done at this stage")

	for _, step := range []string{"consultation", "assessment", "awaiting_determination"} {
		mustStatus(t, b.submit(path, url.Values{"action": {step}}), http.StatusSeeOther)
	}
	pg = b.submit(path, url.Values{"action": {"determined"}})
	mustStatus(t, pg, http.StatusUnprocessableEntity)
	mustContain(t, pg, `<a href="#decision">Select the decision`)

	p.clock.Advance(3 * 24 * time.Hour) // decided on 26 November 2026
	b.signIn("officer")                 // the session has expired meanwhile
	pg = b.submit(path, url.Values{"action": {"determined"}, "decision": {"refused"}})
	mustStatus(t, pg, http.StatusSeeOther)
	// An appeal against a householder refusal: 12 weeks beginning with the
	// date of the decision notice (DMPO 2015 art. 37(2)(a)), so the last
	// day is 17 February 2027.
	pg = b.get(path)
	mustContain(t, pg, `id="plan-decision">Refused<`, `id="plan-decided">26 November 2026<`, `id="plan-appeal">17 February 2027<`)
	got, err := p.srv.plan.store.Get(context.Background(), p.srv.sites.list[0].council, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Lifecycle.State != planning.StateDetermined || got.Lifecycle.Decision != planning.DecisionRefused {
		t.Errorf("stored %s %s", got.Lifecycle.State, got.Lifecycle.Decision)
	}
}

func TestOfficerInvalidatesWithReasons(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("officer")
	a := p.submittedPlanning(t)
	path := "/officer/planning/" + a.ID
	before := a.Version

	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"nothing rejected", url.Values{"action": {"invalidate"}, "note": {"Plans unclear"}}, `<a href="#reject">Select the documents that are not acceptable`},
		{"no reason", url.Values{"action": {"invalidate"}, "reject": {"locationPlan"}}, `<a href="#note">Enter the reason`},
		{"unknown document", url.Values{"action": {"invalidate"}, "reject": {"passport"}, "note": {"x"}}, `<a href="#reject">Select documents from the list`},
		{"empty invalidation", url.Values{"action": {"invalidate"}}, `<a href="#note">Enter the reason`},
		{"unknown action", url.Values{"action": {"appeal_lodged"}}, "Choose one of the actions shown"},
		{"no valid date", url.Values{"action": {"validate"}}, `<a href="#received">Enter the date`},
		{"not a date", url.Values{"action": {"validate"}, "received.day": {"31"}, "received.month": {"2"}, "received.year": {"2026"}}, `<a href="#received">The date the application became valid must be a real date`},
		{"before submission", url.Values{"action": {"validate"}, "received.day": {"1"}, "received.month": {"1"}, "received.year": {"2026"}}, `<a href="#received">The date the application became valid must be between`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pg := b.submit(path, tc.form)
			mustStatus(t, pg, http.StatusUnprocessableEntity)
			mustContain(t, pg, tc.want, `class="govuk-error-summary"`)
			if tc.form.Get("action") == "invalidate" {
				// The valid date stays filled in for the other form.
				mustContain(t, pg, `name="received.day" type="text" inputmode="numeric" value="20"`)
			}
			if tc.name == "empty invalidation" {
				mustContain(t, pg, `<a href="#reject">Select the documents that are not acceptable`)
			}
		})
	}
	// A forged token changes nothing either.
	mustStatus(t, b.post(path, url.Values{"action": {"validate"}, "csrf_token": {"x"}}), http.StatusForbidden)
	got, _ := p.srv.plan.store.Get(context.Background(), p.srv.sites.list[0].council, a.ID)
	if got.Version != before || got.Lifecycle.State != planning.StateSubmitted {
		t.Fatalf("bad officer forms changed the application: version %d, state %s", got.Version, got.Lifecycle.State)
	}

	pg := b.submit(path, url.Values{"action": {"invalidate"}, "reject": {"elevations.proposed"}, "note": {"The elevations are not to scale."}})
	mustStatus(t, pg, http.StatusSeeOther)
	pg = b.get(path)
	mustContain(t, pg, `id="plan-state">Invalid<`, "The elevations are not to scale.", "Upload drawings of the proposed elevations")
	// Still missing: it cannot be made valid.
	pg = b.submit(path, url.Values{"action": {"validate"}, "received.day": {"23"}, "received.month": {"11"}, "received.year": {"2026"}})
	mustStatus(t, pg, http.StatusUnprocessableEntity)
	mustContain(t, pg, "cannot be made valid")
}

func TestPlanningInvalidThenDocumentsSent(t *testing.T) {
	p := newPortal(t)
	res := p.browser()
	res.signIn("resident")
	res.answerPlanning()
	pg := res.payPlanning(res.submit("/planning/check", declaration()).Header.Get("Location"), "4444333322221111")
	mustContain(t, pg, "Application submitted")
	apps := p.planningApps(t)
	a := apps[len(apps)-1]
	mine := "/planning/applications/" + a.ID

	// Nothing to send while the application is not invalid.
	elevations := url.Values{"type": {"elevations.proposed"}}
	pg = res.upload(mine+"/documents", elevations, "elevations.pdf", planningtest.SamplePDF("Elevations", 0))
	mustStatus(t, pg, http.StatusSeeOther)
	if files := p.files(t, a.ID); len(files) != 4 {
		t.Errorf("%d files after an upload to an application that is not invalid, want 4", len(files))
	}

	off := p.browser()
	off.signIn("officer")
	mustStatus(t, off.submit("/officer/planning/"+a.ID, url.Values{"action": {"invalidate"}, "reject": {"elevations.proposed"}, "note": {"The elevations are not to scale."}}), http.StatusSeeOther)

	pg = res.get(mine)
	mustContain(t, pg, `id="plan-state">Invalid<`, "The elevations are not to scale.", "Upload drawings of the proposed elevations",
		`value="elevations.proposed"`, `enctype="multipart/form-data"`)
	for _, tc := range []struct {
		name   string
		form   url.Values
		file   string
		data   []byte
		status int
		want   string
	}{
		{"nothing selected", url.Values{}, "", nil, http.StatusUnprocessableEntity, `<a href="#file">Select a file`},
		{"not asked for", url.Values{"type": {"locationPlan"}}, "plan.pdf", planningtest.SamplePDF("x", 0), http.StatusUnprocessableEntity, `<a href="#type">Select one of the documents listed`},
		{"a web page called .pdf", elevations, "elevations.pdf", []byte("<html><script>alert(1)</script></html>"), http.StatusUnprocessableEntity, `<a href="#file">The selected file must be a PDF, JPG or PNG`},
		{"sent without a file's form", nil, "", nil, http.StatusUnprocessableEntity, `<a href="#file">Select a file`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var pg page
			if tc.form == nil {
				pg = res.submit(mine+"/documents", url.Values{"type": {"elevations.proposed"}})
			} else {
				pg = res.upload(mine+"/documents", tc.form, tc.file, tc.data)
			}
			mustStatus(t, pg, tc.status)
			mustContain(t, pg, tc.want)
		})
	}
	// Another person cannot send documents for it.
	mustStatus(t, off.upload(mine+"/documents", elevations, "elevations.pdf", planningtest.SamplePDF("Elevations", 0)), http.StatusNotFound)
	if files := p.files(t, a.ID); len(files) != 4 {
		t.Errorf("%d files after refused uploads, want 4", len(files))
	}

	mustStatus(t, res.upload(mine+"/documents", elevations, "Elevations to scale.pdf", planningtest.SamplePDF("Elevations", 0)), http.StatusSeeOther)
	mustContain(t, res.get(mine), `id="plan-resent"`)
	got, _ := p.srv.plan.store.Get(context.Background(), p.srv.sites.list[0].council, a.ID)
	if len(planning.Missing(got)) != 0 || !got.HasDocument(planning.DocElevationsProposed) {
		t.Errorf("after the upload, the application misses %v", planning.Missing(got))
	}
	mustContain(t, off.get("/officer/planning/"+a.ID), "Elevations to scale.pdf")

	// The officer validates it from today, 23 November 2026: decided by
	// 18 January 2027 (8 weeks beginning with the day after, DMPO 2015
	// art. 34(2)(a)).
	pg = off.get("/officer/planning/" + a.ID)
	mustContain(t, pg, `name="received.day" type="text" inputmode="numeric" value="23"`)
	mustStatus(t, off.submit("/officer/planning/"+a.ID, url.Values{"action": {"validate"}, "received.day": {"23"}, "received.month": {"11"}, "received.year": {"2026"}}), http.StatusSeeOther)
	mustContain(t, res.get(mine), `id="plan-state">Valid<`, `id="plan-deadline">18 January 2027`)
}

// TestPlanningCatalogueCoversTheModel checks the keys the planning pages
// build from the package's values: every state, decision, offered type,
// checklist document and officer move has English and Welsh text.
func TestPlanningCatalogueCoversTheModel(t *testing.T) {
	var keys []string
	for st := planning.StateSubmitted; st <= planning.StateAppealWithdrawn; st++ {
		keys = append(keys, "plan.state."+st.String())
	}
	for d := planning.DecisionGranted; d <= planning.DecisionSplit; d++ {
		keys = append(keys, "plan.decision."+d.String())
	}
	for _, ty := range planTypes {
		keys = append(keys, "plan.type."+ty.String(), "plan.type."+ty.String()+".hint")
	}
	for _, d := range planDocs {
		keys = append(keys, "plan.doc."+string(d.Doc))
	}
	for _, m := range planMoves {
		keys = append(keys, "plan.off.move."+m.String())
	}
	for _, c := range planConnections {
		keys = append(keys, "plan.connection."+c)
	}
	for _, k := range keys {
		if _, ok := catalogue[k]; !ok {
			t.Errorf("catalogue has no %q", k)
		}
	}
}

// TestPlanningPagesInBothLanguages visits every planning page, resident
// and officer, in English and Welsh.
func TestPlanningPagesInBothLanguages(t *testing.T) {
	p := newPortal(t)
	res := p.browser()
	res.signIn("resident")
	res.answerPlanning()
	pg := res.payPlanning(res.submit("/planning/check", declaration()).Header.Get("Location"), "4444333322221111")
	mustStatus(t, pg, http.StatusOK)
	off := p.browser()
	off.signIn("officer")
	var paths []string
	for _, a := range p.planningApps(t) {
		paths = append(paths, "/officer/planning/"+a.ID)
	}
	mine := p.planningApps(t)[len(paths)-1].ID
	for _, lang := range []string{"en", "cy"} {
		for _, x := range []struct {
			b     *browser
			paths []string
		}{
			{res, []string{"/planning", "/planning/type", "/planning/site", "/planning/description", "/planning/applicant",
				"/planning/documents", "/planning/ownership", "/planning/check", "/planning/applications/" + mine}},
			{off, append([]string{"/officer/planning"}, paths...)},
		} {
			for _, path := range x.paths {
				pg := x.b.get(path + "?lang=" + lang)
				if pg.Status != http.StatusOK && pg.Status != http.StatusSeeOther {
					t.Errorf("%s in %s: status %d", path, lang, pg.Status)
				}
				if strings.Contains(pg.Body, "[[") {
					t.Errorf("%s in %s shows a missing catalogue key:\n%s", path, lang, pg.Body)
				}
				if pg.Status == http.StatusOK && !pg.has(`<html lang="`+lang+`"`) {
					t.Errorf("%s in %s: wrong page language", path, lang)
				}
			}
		}
	}
	// The Welsh tracking page uses Welsh dates and states.
	mustContain(t, res.get("/planning/applications/"+mine+"?lang=cy"), "23 Tachwedd 2026", "Wedi’i gyflwyno")
}

func TestPlanningPaymentOfAnotherResidentIsNotFound(t *testing.T) {
	p := newPortal(t)
	seeded := len(p.planningApps(t))
	a := p.browser()
	a.signIn("resident")
	a.answerPlanning()
	sandbox := a.submit("/planning/check", declaration()).Header.Get("Location")

	other := p.browser()
	other.signIn("officer")
	mustStatus(t, other.get(sandbox), http.StatusNotFound)
	mustStatus(t, other.submit(sandbox, url.Values{"card_number": {"4444333322221111"}, "action": {"pay"}}), http.StatusNotFound)
	pays := p.allPayments(t)
	mustStatus(t, other.get("/payments/"+pays[0].ID), http.StatusNotFound)
	if pays[0].Status == payments.StatusSuccess {
		t.Error("another person paid the fee")
	}
	if n := len(p.planningApps(t)); n != seeded {
		t.Errorf("%d applications, want %d", n, seeded)
	}
}

func TestPlanningCheckAnswersNeedsEveryAnswer(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("resident")
	mustStatus(t, b.submit("/planning/type", url.Values{"type": {"pp.full.householder"}}), http.StatusSeeOther)
	mustStatus(t, b.submit("/planning/site", url.Values{"site": {"9910000002"}}), http.StatusSeeOther)
	// Skipping ahead to check answers leads back to the first question
	// not answered, for the page and for a posted form alike.
	for _, pg := range []page{b.get("/planning/check"), b.submit("/planning/check", declaration())} {
		mustStatus(t, pg, http.StatusSeeOther)
		if loc := pg.Header.Get("Location"); loc != "/planning/description" {
			t.Errorf("Location %q, want the description", loc)
		}
	}
	b.answerPlanning()
	mustStatus(t, b.get("/planning/check"), http.StatusOK)
	if n := len(p.allPayments(t)); n != 0 {
		t.Errorf("%d payments", n)
	}
}

func TestPlanningPriorApprovalDates(t *testing.T) {
	p := newPortal(t)
	res := p.browser()
	res.signIn("resident")
	steps := planningForms()
	steps[0].form.Set("type", "pa.part1.classA")
	// Prior approval needs only a plan of the site (GPDO 2015 Sch. 2
	// Part 1 para. A.4(2)) and no ownership certificate.
	steps[4].form["documents"] = []string{"sitePlan.proposed"}
	for _, s := range steps[:5] {
		mustStatus(t, res.answer(s.path, s.form), http.StatusSeeOther)
	}
	// The fee for prior approval under Part 1 Class A (reg. 14(1)).
	mustContain(t, res.get("/planning/check"), `id="fee-total"><strong>£249.00</strong>`)
	pg := res.payPlanning(res.submit("/planning/check", declaration()).Header.Get("Location"), "4444333322221111")
	mustContain(t, pg, "26/00004/PA")
	apps := p.planningApps(t)
	a := apps[len(apps)-1]

	off := p.browser()
	off.signIn("officer")
	mustStatus(t, off.submit("/officer/planning/"+a.ID, url.Values{"action": {"validate"}, "received.day": {"23"}, "received.month": {"11"}, "received.year": {"2026"}}), http.StatusSeeOther)
	// 42 days following the date of receipt (para. A.4(10)(c)): received
	// on 23 November 2026, the council must respond by 4 January 2027.
	mustContain(t, res.get("/planning/applications/"+a.ID), `id="plan-prior-approval">4 January 2027`)
	mustContain(t, off.get("/officer/planning"), "4 January 2027")
}

// TestPlanningWithPostgres makes a planning application against the
// PostgreSQL stores, then restarts the portal on the same database: the
// seeded register is not written twice, the application is still there,
// and references carry on.
func TestPlanningWithPostgres(t *testing.T) {
	dbURL := newPostgresDatabase(t)
	withPG := func(c *config) { c.PostgresURL = dbURL }
	first := newPortalWith(t, withPG)
	if _, ok := first.srv.plan.store.(*postgres.PlanningStore); !ok {
		t.Fatalf("planning store is %T, want PostgreSQL's", first.srv.plan.store)
	}
	if _, ok := first.srv.plan.docs.(*postgres.PlanningDocumentStore); !ok {
		t.Fatalf("document store is %T, want PostgreSQL's", first.srv.plan.docs)
	}
	if _, ok := first.srv.plan.comments.(*postgres.PlanningCommentStore); !ok {
		t.Fatalf("comment store is %T, want PostgreSQL's", first.srv.plan.comments)
	}
	seeded := len(first.planningApps(t))
	if seeded != 3 {
		t.Fatalf("%d applications seeded, want 3", seeded)
	}
	b := first.browser()
	b.signIn("resident")
	b.answerPlanning()
	mustContain(t, b.payPlanning(b.submit("/planning/check", declaration()).Header.Get("Location"), "4444333322221111"), "26/00004/HOU")
	off := first.browser()
	off.signIn("officer")
	a := first.submittedPlanning(t)
	mustStatus(t, off.submit("/officer/planning/"+a.ID, url.Values{"action": {"validate"}, "received.day": {"20"}, "received.month": {"11"}, "received.year": {"2026"}}), http.StatusSeeOther)
	first.srv.Close()

	second := newPortalWith(t, withPG)
	t.Cleanup(second.srv.Close)
	if n := len(second.planningApps(t)); n != seeded+1 {
		t.Errorf("%d applications after a restart, want %d", n, seeded+1)
	}
	got, err := second.srv.plan.store.Get(context.Background(), second.srv.sites.list[0].council, a.ID)
	if err != nil || got.Lifecycle.State != planning.StateValid {
		t.Fatalf("validated application after a restart: %v %v", got, err)
	}
	// Its files too, and the seeded applications' files were not stored
	// twice.
	if n := len(second.files(t, a.ID)); n != 4 {
		t.Errorf("%d files of the application after a restart, want 4", n)
	}
	all, err := second.srv.plan.docs.List(context.Background(), second.srv.sites.list[0].council, planning.DocumentFilter{})
	if err != nil || len(all) != 4+9 {
		t.Errorf("%d files in all after a restart (%v), want the application's 4 and the seed's 9", len(all), err)
	}
	// References carry on. (An application with no fee: after a restart
	// the sandbox provider numbers its payments from the start again, which
	// clash with the payments stored by the first run.)
	b2 := second.browser()
	b2.signIn("resident")
	steps := planningForms()
	steps[0].form.Set("type", "listed")
	steps[4].form["documents"] = append(steps[4].form["documents"], "designAndAccessStatement", "heritageStatement")
	for _, s := range steps {
		mustStatus(t, b2.answer(s.path, s.form), http.StatusSeeOther)
	}
	pg := b2.submit("/planning/check", declaration())
	mustStatus(t, pg, http.StatusSeeOther)
	mustContain(t, b2.get(pg.Header.Get("Location")), "26/00005/LBC")
}

func TestPlanningApplicantStartsFromTheSignIn(t *testing.T) {
	p := newPortal(t)
	// Signed in with an identity check: the checked name.
	b := p.browser()
	b.signIn("resident")
	mustStatus(t, b.submit("/planning/type", url.Values{"type": {"pp.full.householder"}}), http.StatusSeeOther)
	mustContain(t, b.get("/planning/applicant"), `name="applicant.given_names" type="text" value="Alex"`, `name="applicant.family_name" type="text" value="Example"`)
	// Signed in without one: the account's email address, and no name.
	low := p.browser()
	low.signInAs("resident", "P0", "")
	mustStatus(t, low.submit("/planning/type", url.Values{"type": {"pp.full.householder"}}), http.StatusSeeOther)
	mustContain(t, low.get("/planning/applicant"), `name="applicant.family_name" type="text" value=""`, `name="applicant.contact.email" type="text" value="alex.example@example.com"`)
}
