package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/lgds/councilkit/admissions/fsm"
)

func fsmForm(nino, childYear string, benefits ...string) url.Values {
	return url.Values{
		"parent.person.family_name":         {"Example"},
		"parent.person.date_of_birth.day":   {"27"},
		"parent.person.date_of_birth.month": {"3"},
		"parent.person.date_of_birth.year":  {"1985"},
		"parent.national_insurance_number":  {nino},
		"child.person.given_names":          {"Robin"},
		"child.person.family_name":          {"Example"},
		"child.person.date_of_birth.day":    {"10"},
		"child.person.date_of_birth.month":  {"10"},
		"child.person.date_of_birth.year":   {childYear},
		"circumstances.benefits":            benefits,
	}
}

func TestFreeSchoolMealsDecisions(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("resident")
	mustStatus(t, b.get("/free-school-meals"), http.StatusOK)
	for _, tc := range []struct {
		name string
		form url.Values
		want []string
	}{
		// As at 23 November 2026 every household on Universal Credit
		// qualifies (the package's rule set from 1 September 2026).
		{"universal credit", fsmForm("AB123456C", "2017", "universal_credit"), []string{"Your child can get free school meals", `id="fsm-basis"`, "Applies"}},
		// A year 4 child with no qualifying benefit.
		{"no benefits", fsmForm("AB123456C", "2017"), []string{"Your child cannot get free school meals", "Does not apply"}},
		// A reception child: universal infant free school meals.
		{"infant", fsmForm("AB123456C", "2021"), []string{"Your child can get free school meals"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pg := b.submit("/free-school-meals", tc.form)
			mustStatus(t, pg, http.StatusOK)
			mustContain(t, pg, tc.want...)
			if strings.Contains(pg.Body, "AB123456C") || strings.Contains(pg.Body, "AB 12 34 56 C") {
				t.Error("the result page shows the National Insurance number")
			}
		})
	}
	pg := b.submit("/free-school-meals?lang=cy", fsmForm("AB123456C", "2017", "universal_credit"))
	mustContain(t, pg, "Gall eich plentyn gael prydau ysgol am ddim")
}

// TestFreeSchoolMealsSourcesForOfficers: residents read the plain reasons;
// the legal source of each rule (Education Act 1996, section 512ZB, and
// the orders under it) is kept for officers (issue 19, item 6).
func TestFreeSchoolMealsSourcesForOfficers(t *testing.T) {
	p := newPortal(t)
	res := p.browser()
	res.signIn("resident")
	pg := res.submit("/free-school-meals", fsmForm("AB123456C", "2017"))
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, "Does not apply", "does not receive Income Support")
	for _, legal := range []string{"Education Act 1996", "section 512ZB", "Legal source", "SI 2003/383"} {
		if pg.has(legal) {
			t.Errorf("the resident's result shows %q", legal)
		}
	}
	off := p.browser()
	off.signIn("officer")
	pg = off.submit("/free-school-meals", fsmForm("AB123456C", "2017"))
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, "Legal source: <span>Education Act 1996, section 512ZB(4)(a)(i)</span>")
}

func TestFreeSchoolMealsErrors(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("resident")
	for _, tc := range []struct {
		name string
		form url.Values
		want []string
	}{
		// The text input pattern: "Enter" and the field as it is labelled
		// (https://design-system.service.gov.uk/components/text-input/);
		// the two dates are told apart.
		{"empty form", url.Values{}, []string{`<a href="#parent-person-family_name">Enter your last name`, `<a href="#parent-person-date_of_birth">Enter your date of birth`,
			`<a href="#parent-national_insurance_number">Enter your National Insurance number`, `<a href="#child-person-date_of_birth">Enter your child’s date of birth`}},
		{"bad NINO", fsmForm("12345", "2017"), []string{`<a href="#parent-national_insurance_number">Enter a National Insurance number in the correct format`}},
		{"not a date", func() url.Values {
			f := fsmForm("AB123456C", "2017")
			f.Set("child.person.date_of_birth.day", "32")
			return f
		}(), []string{`<a href="#child-person-date_of_birth">Your child’s date of birth must be a real date`}},
		// The date input pattern's messages name the missing part and link
		// to it (https://design-system.service.gov.uk/components/date-input/,
		// "Error messages"); only that part is highlighted.
		{"no month", func() url.Values {
			f := fsmForm("AB123456C", "2017")
			f.Set("parent.person.date_of_birth.month", "")
			return f
		}(), []string{`<a href="#parent-person-date_of_birth-month">Your date of birth must include a month`,
			`govuk-input--width-4" id="parent-person-date_of_birth" name`, `govuk-input--width-4 govuk-input--error" id="parent-person-date_of_birth-month"`}},
		{"no day or year", func() url.Values {
			f := fsmForm("AB123456C", "2017")
			f.Set("child.person.date_of_birth.day", "")
			f.Set("child.person.date_of_birth.year", "")
			return f
		}(), []string{`<a href="#child-person-date_of_birth">Your child’s date of birth must include a day and year`}},
		{"month 13", func() url.Values {
			f := fsmForm("AB123456C", "2017")
			f.Set("child.person.date_of_birth.month", "13")
			return f
		}(), []string{`<a href="#child-person-date_of_birth-month">Your child’s date of birth must be a real date`}},
		{"two-digit year", func() url.Values {
			f := fsmForm("AB123456C", "17")
			return f
		}(), []string{`<a href="#child-person-date_of_birth-year">Year must include 4 numbers`}},
		{"unknown benefit", fsmForm("AB123456C", "2017", "lottery_win"), []string{`<a href="#circumstances-benefits">Select benefits from the list`}},
		{"bad earnings", func() url.Values {
			f := fsmForm("AB123456C", "2017", "universal_credit")
			f.Set("circumstances.universal_credit_earnings[0]", "lots")
			return f
		}(), []string{`<a href="#circumstances-universal_credit_earnings-0">Enter an amount`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pg := b.submit("/free-school-meals", tc.form)
			mustStatus(t, pg, http.StatusUnprocessableEntity)
			mustContain(t, pg, append(tc.want, `class="govuk-error-summary"`)...)
		})
	}
	if logs := p.logs.String(); strings.Contains(logs, "AB123456C") || strings.Contains(logs, "Robin") {
		t.Errorf("logs hold personal data:\n%s", logs)
	}
}

// TestFreeSchoolMealsCheckIsKeptAndTracked: a check is stored with its
// decision (an fsm.decision.made event), and appears on the resident's
// "Your applications and payments" page in both languages, not on
// another resident's (issue 17, item 6).
func TestFreeSchoolMealsCheckIsKeptAndTracked(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("resident")
	mustStatus(t, b.submit("/free-school-meals", fsmForm("AB123456C", "2017", "universal_credit")), http.StatusOK)
	recs, err := p.srv.fsm.List(context.Background(), p.srv.sites.list[0].council, fsm.Filter{})
	if err != nil || len(recs) != 1 || recs[0].Decision == nil || !recs[0].Decision.Eligible {
		t.Fatalf("stored checks = %v, %v; want one eligible decision", recs, err)
	}
	for lang, want := range map[string][]string{
		"en": {"Free school meals", ">Eligible<"},
		"cy": {"Prydau ysgol am ddim", ">Yn gymwys<"},
	} {
		pg := b.get(trackingPath + "?lang=" + lang)
		mustStatus(t, pg, http.StatusOK)
		mustContain(t, pg, append(want, `id="item-`+recs[0].ID+`"`)...)
	}
	other := p.browser()
	other.signIn("officer")
	if pg := other.get(trackingPath); pg.has(recs[0].ID) {
		t.Errorf("another person's page shows the check:\n%s", pg.Body)
	}
}
