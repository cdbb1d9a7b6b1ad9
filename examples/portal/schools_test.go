package main

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
)

func childForm(given, family, day, month, year string) url.Values {
	return url.Values{
		"child.given_names": {given}, "child.family_name": {family},
		"child.date_of_birth.day": {day}, "child.date_of_birth.month": {month}, "child.date_of_birth.year": {year},
	}
}

// apply goes through the whole journey and returns the application page.
func (b *browser) apply(home string, prefs ...string) page {
	b.t.Helper()
	mustStatus(b.t, b.submit("/schools/child", childForm("Robin", "Example", "3", "2", "2023")), http.StatusSeeOther)
	mustStatus(b.t, b.submit("/schools/address", url.Values{"home": {home}}), http.StatusSeeOther)
	form := url.Values{}
	for i, p := range prefs {
		form.Set("preferences["+string(rune('0'+i))+"]", p)
	}
	mustStatus(b.t, b.submit("/schools/preferences", form), http.StatusSeeOther)
	pg := b.submit("/schools/check", nil)
	mustStatus(b.t, pg, http.StatusSeeOther)
	return b.get(pg.Header.Get("Location"))
}

func (p *portal) countApplications(t *testing.T) int {
	t.Helper()
	list, err := p.srv.adm.store.List(context.Background(), p.srv.sites.list[0].council, admissions.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func TestSchoolsNeedSignIn(t *testing.T) {
	p := newPortal(t)
	pg := p.browser().get("/schools/child")
	mustStatus(t, pg, http.StatusSeeOther)
	if !strings.HasPrefix(pg.Header.Get("Location"), "/sign-in") {
		t.Errorf("Location %q", pg.Header.Get("Location"))
	}
}

func TestSchoolApplicationJourney(t *testing.T) {
	p := newPortal(t)
	seeded := p.countApplications(t)
	b := p.browser()
	b.signIn("resident")
	mustContain(t, b.get("/schools"), "Start now", "15 January 2027")

	mustStatus(t, b.submit("/schools/child", childForm("Robin", "Example", "3", "2", "2023")), http.StatusSeeOther)
	mustStatus(t, b.submit("/schools/address", url.Values{"home": {"9910000001"}}), http.StatusSeeOther)
	mustStatus(t, b.submit("/schools/preferences", url.Values{"preferences[0]": {"990101"}, "preferences[2]": {"990103"}}), http.StatusSeeOther)

	pg := b.get("/schools/check")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, "Check your answers", "Robin Example", "3 February 2023", "1 Example Row, Ashdown, AV1 1AA",
		"1. Ashdown Vale Primary School", "2. Orchard Lane Primary School", `href="/schools/child?change=1"`)

	pg = b.submit("/schools/check", nil)
	mustStatus(t, pg, http.StatusSeeOther)
	pg = b.get(pg.Header.Get("Location"))
	mustContain(t, pg, "Application received", "AVC-2027-00001", "16 April 2027")
	if got := p.countApplications(t); got != seeded+1 {
		t.Errorf("%d applications stored, want %d", got, seeded+1)
	}
	// Another resident cannot see it.
	other := p.browser()
	other.signIn("officer")
	mustStatus(t, other.get("/schools/applications/AVC-2027-00001"), http.StatusNotFound)
}

func TestSchoolChildErrors(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("resident")
	for _, tc := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"empty form", childForm("", "", "", "", ""), []string{`<a href="#child-given_names">Enter your child’s first names`, `<a href="#child-family_name">Enter your child’s last name`, `<a href="#child-date_of_birth">Enter your child’s date of birth`}},
		{"not a date", childForm("Robin", "Example", "31", "2", "2023"), []string{`<a href="#child-date_of_birth">`}},
		// Born outside the Reception 2027 cohort (1 September 2022 to
		// 31 August 2023): the package's rule.
		{"wrong cohort", childForm("Robin", "Example", "1", "9", "2023"), []string{`<a href="#child-date_of_birth">`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pg := b.submit("/schools/child", tc.form)
			mustStatus(t, pg, http.StatusUnprocessableEntity)
			mustContain(t, pg, append(tc.want, `class="govuk-error-summary"`, "<title>Error: ")...)
		})
	}
	// Nothing submitted.
	pg := b.submit("/schools/check", nil)
	mustStatus(t, pg, http.StatusUnprocessableEntity)
	if n := p.countApplications(t); n != len(p.srv.sites.list[0].seedApps) {
		t.Errorf("%d applications stored after bad forms", n)
	}
}

func TestSchoolPreferenceErrors(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("resident")
	b.submit("/schools/child", childForm("Robin", "Example", "3", "2", "2023"))
	b.submit("/schools/address", url.Values{"home": {"9910000001"}})
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"none", url.Values{}, `<a href="#preferences-0">Select at least one school`},
		{"unknown school", url.Values{"preferences[0]": {"123456"}}, `<a href="#preferences-0">`},
		{"not a URN", url.Values{"preferences[0]": {"<b>x</b>"}}, `<a href="#preferences-0">`},
		{"duplicate", url.Values{"preferences[0]": {"990101"}, "preferences[1]": {"990101"}}, `<a href="#preferences-1">`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pg := b.submit("/schools/preferences", tc.form)
			mustStatus(t, pg, http.StatusUnprocessableEntity)
			mustContain(t, pg, tc.want, `class="govuk-error-summary"`)
			if strings.Contains(pg.Body, "<b>x</b>") {
				t.Error("input echoed unescaped")
			}
		})
	}
	// A tampered address is refused too.
	pg := b.submit("/schools/address", url.Values{"home": {"123"}})
	mustStatus(t, pg, http.StatusUnprocessableEntity)
	mustContain(t, pg, `<a href="#home">`)
}

// offerDay is the seeded intake's national offer day: 16 April 2027 for
// Reception (School Admissions (Infant Class Sizes) and Admission
// Arrangements (England) Regulations 2012, SI 2012/8, Schedule 2, para 10:
// primary offers on 16 April or the next working day).
var offerDay = time.Date(2027, time.April, 16, 0, 0, 0, 0, time.UTC)

// setClock moves the portal's clock and signs the browsers in again: their
// sessions have long expired.
func (p *portal) setClock(t time.Time, bs map[*browser]string) {
	p.clock.Set(t)
	for b, persona := range bs {
		b.signIn(persona)
	}
}

func TestAdmissionsRoundAndOffer(t *testing.T) {
	p := newPortal(t)
	res := p.browser()
	res.signIn("resident")
	// Orchard Lane is oversubscribed and far from this home, so the
	// parent gets a refusal to read.
	pg := res.apply("9910000004", "990103", "990104")
	id := "AVC-2027-00001"
	mustContain(t, pg, id)

	off := p.browser()
	off.signIn("officer")
	pg = off.get("/officer/admissions")
	mustContain(t, pg, `id="application-count">37<`)
	pg = off.submit("/officer/admissions", nil)
	mustStatus(t, pg, http.StatusSeeOther)
	pg = off.get("/officer/admissions")
	// A preview: officers see the results and the unplaced children,
	// parents nothing yet.
	mustContain(t, pg, "Results by school", "Waiting list: ", "Preview: parents cannot see these offers until offer day, 16 April 2027",
		`id="publish" disabled`, "Children without an offer")
	rec, err := p.srv.adm.rounds.Get(context.Background(), p.srv.sites.list[0].council, p.srv.sites.list[0].roundID())
	if err != nil {
		t.Fatal(err)
	}
	for _, pl := range rec.Places {
		if pl.Status == admissions.NoOffer {
			mustContain(t, pg, "<li>"+pl.ApplicationID+"</li>")
		}
	}
	// Publishing before offer day is refused (SI 2012/8, regulation 30).
	pg = off.submit("/officer/admissions/publish", nil)
	mustStatus(t, pg, http.StatusUnprocessableEntity)
	mustContain(t, pg, `<a href="#publish">You can publish the offers from 16 April 2027`)
	pg = res.get("/schools/applications/" + id)
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, "Application received", "16 April 2027")
	for _, leak := range []string{"offer-panel", "no-offer", "reasons"} {
		if pg.has(leak) {
			t.Errorf("before offer day the parent's page shows %q", leak)
		}
	}
	// The day before offer day, just before midnight in UK time (BST):
	// still nothing.
	p.setClock(offerDay.Add(-time.Hour-time.Minute), map[*browser]string{res: "resident", off: "officer"})
	mustContain(t, res.get("/schools/applications/"+id), "Application received")
	// An hour later it is offer day in the UK: parents see their offer.
	p.setClock(offerDay.Add(-time.Hour+time.Minute), map[*browser]string{res: "resident", off: "officer"})

	// The parent sees the package's outcome and reasons.
	pg = res.get("/schools/applications/" + id)
	mustStatus(t, pg, http.StatusOK)
	p.srv.sites.list[0].adm.mu.Lock()
	result := p.srv.sites.list[0].adm.result
	p.srv.sites.list[0].adm.mu.Unlock()
	i, ok := result.Index(id)
	if !ok {
		t.Fatal("application not in the result")
	}
	ex := result.Explain(i)
	if ex.Outcome.Offer.IsZero() {
		mustContain(t, pg, "We could not offer your child a place")
	} else {
		mustContain(t, pg, `id="offer-school">`+p.srv.sites.list[0].schoolName(ex.Outcome.Offer)+`<`, "Accept or decline by 30 April 2027")
	}
	if len(ex.Refusals) == 0 {
		t.Fatalf("outcome %+v with no refusal: the seed no longer oversubscribes Orchard Lane", ex.Outcome)
	}
	for _, ref := range ex.Refusals {
		mustContain(t, pg, template.HTMLEscapeString(result.ReasonText(ref, councilkit.English)))
	}
	// And in Welsh.
	pg = res.get("/schools/applications/" + id + "?lang=cy")
	for _, ref := range ex.Refusals {
		mustContain(t, pg, template.HTMLEscapeString(result.ReasonText(ref, councilkit.Welsh)))
	}
	// The officer may now publish, once; rerunning is refused.
	pg = off.get("/officer/admissions?lang=en")
	mustContain(t, pg, "Parents can see their offers")
	if pg.has(`id="publish" disabled`) || pg.has(`id="run-allocation"`) {
		t.Error("on offer day the publish button is disabled or the run button shown")
	}
	mustStatus(t, off.submit("/officer/admissions/publish", nil), http.StatusSeeOther)
	mustContain(t, off.get("/officer/admissions"), `id="published-at"`)
	mustStatus(t, off.submit("/officer/admissions", nil), http.StatusConflict)
}

// TestOfferDeclineGoesToWaitingList: a parent declines online and the
// place goes to the first child on the school's waiting list, as
// admissions.Book.Decline does; officers see the list change.
func TestOfferDeclineGoesToWaitingList(t *testing.T) {
	p := newPortal(t)
	res := p.browser()
	res.signIn("resident")
	// Ashdown Vale Primary, first preference, from its nearest address.
	res.apply("9910000001", "990101")
	id := "AVC-2027-00001"
	off := p.browser()
	off.signIn("officer")
	mustStatus(t, off.submit("/officer/admissions", nil), http.StatusSeeOther)
	// Before offer day a response is refused and changes nothing.
	mustStatus(t, res.submit("/schools/applications/"+id, url.Values{"response": {"decline"}}), http.StatusConflict)

	p.setClock(offerDay.Add(9*time.Hour), map[*browser]string{res: "resident", off: "officer"})
	ctx := context.Background()
	before, err := p.srv.adm.rounds.Get(ctx, p.srv.sites.list[0].council, p.srv.sites.list[0].roundID())
	if err != nil {
		t.Fatal(err)
	}
	mine, err := before.Place(id)
	if err != nil || mine.Status != admissions.Offered {
		t.Fatalf("place %+v, %v: the seed no longer offers this child a place", mine, err)
	}
	var list []string
	for _, rs := range before.Schools {
		if rs.URN == mine.School {
			list = rs.Waiting
		}
	}
	if len(list) == 0 {
		t.Fatalf("%s has no waiting list: the seed no longer oversubscribes it", mine.School)
	}
	next := list[0]

	// No choice: the radios pattern's error.
	pg := res.submit("/schools/applications/"+id, url.Values{})
	mustStatus(t, pg, http.StatusUnprocessableEntity)
	mustContain(t, pg, `<a href="#response">Select if you want to accept the place`)
	// Accept, then decline (an accepted place can still be given up).
	mustStatus(t, res.submit("/schools/applications/"+id, url.Values{"response": {"accept"}}), http.StatusSeeOther)
	mustContain(t, res.get("/schools/applications/"+id), "You have accepted a place at")
	mustStatus(t, res.submit("/schools/applications/"+id, url.Values{"response": {"decline"}}), http.StatusSeeOther)
	mustContain(t, res.get("/schools/applications/"+id), "You declined the place at "+p.srv.sites.list[0].schoolName(mine.School))

	after, err := p.srv.adm.rounds.Get(ctx, p.srv.sites.list[0].council, p.srv.sites.list[0].roundID())
	if err != nil {
		t.Fatal(err)
	}
	got, _ := after.Place(next)
	if got.School != mine.School {
		t.Errorf("first on the waiting list now holds %v, want %v", got.School, mine.School)
	}
	pg = off.get("/officer/admissions")
	mustContain(t, pg, `id="responses"`, `<span class="response-id">`+id+`</span>: <strong class="response-status">Declined by parent</strong>`,
		`<span class="response-id">`+next+`</span>: <strong class="response-status">Offered from waiting list</strong>`)
	if strings.Contains(pg.Body, "<li value=\"1\">"+next) {
		t.Error("the child offered the place is still first on the waiting list")
	}
}

// TestOfferRespondByDeadline: the last day to respond is the package's
// AcceptanceDeadline (two weeks after offer day); after it the form is
// gone and a response is refused.
func TestOfferRespondByDeadline(t *testing.T) {
	p := newPortal(t)
	res := p.browser()
	res.signIn("resident")
	res.apply("9910000001", "990101")
	id := "AVC-2027-00001"
	off := p.browser()
	off.signIn("officer")
	mustStatus(t, off.submit("/officer/admissions", nil), http.StatusSeeOther)
	deadline := admissions.AcceptanceDeadline(calendar.MustDate(2027, time.April, 16))
	// 23:30 UTC is 00:30 the next day in the UK (BST): the day after the
	// deadline.
	p.setClock(time.Date(deadline.Year(), deadline.Month(), deadline.Day(), 23, 30, 0, 0, time.UTC), map[*browser]string{res: "resident"})
	pg := res.submit("/schools/applications/"+id, url.Values{"response": {"accept"}})
	mustStatus(t, pg, http.StatusUnprocessableEntity)
	mustContain(t, pg, "The last day to accept or decline this place has passed")
	mustContain(t, res.get("/schools/applications/"+id), `id="respond-closed"`)
}
