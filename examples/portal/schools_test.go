package main

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
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
	list, err := p.srv.adm.store.List(context.Background(), p.srv.seed.council, admissions.Filter{})
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
	if n := p.countApplications(t); n != len(p.srv.seed.seedApps) {
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
	mustContain(t, pg, "Results by school", "Waiting list: ")

	// The parent sees the package's outcome and reasons.
	pg = res.get("/schools/applications/" + id)
	mustStatus(t, pg, http.StatusOK)
	p.srv.adm.mu.Lock()
	result := p.srv.adm.result
	p.srv.adm.mu.Unlock()
	i, ok := result.Index(id)
	if !ok {
		t.Fatal("application not in the result")
	}
	ex := result.Explain(i)
	if ex.Outcome.Offer.IsZero() {
		mustContain(t, pg, "We could not offer your child a place")
	} else {
		mustContain(t, pg, `id="offer-school">`+p.srv.schoolName(ex.Outcome.Offer)+`<`)
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
}
