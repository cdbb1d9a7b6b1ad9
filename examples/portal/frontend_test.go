package main

// Tests of the portal's GOV.UK Frontend pages that need no browser: what
// the pages load, the content security policy, the footer, the language of
// English legal text on Welsh pages, back links and the character count.
// The browser tests (e2e_test.go) run axe-core and the reflow check.

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/payments/counciltax"
)

// pagesToScan are the pages each persona can reach with a GET.
var pagesToScan = []string{"/", "/sign-in", "/no-such-page", "/council-tax", "/schools", "/free-school-meals", "/planning",
	"/officer/admissions", "/officer/planning", "/officer/payments", "/accessibility", "/privacy", "/cookies", "/sign-out"}

var (
	scriptTagRE = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`)
	// An inline event handler or style attribute: the content security
	// policy would block either, so a page must have none.
	inlineAttrRE = regexp.MustCompile(`(?i)<[a-z][^>]*\s(on[a-z]+|style)\s*=`)
)

// TestPagesLoadOnlyThePortalsOwnScripts: every page loads GOV.UK
// Frontend's stylesheet and the portal's two scripts from /static, has no
// inline script, event handler or style attribute, and is served with a
// content security policy that allows scripts from the portal only.
func TestPagesLoadOnlyThePortalsOwnScripts(t *testing.T) {
	p := newPortal(t)
	for _, persona := range []string{"", "resident", "officer"} {
		b := p.browser()
		if persona != "" {
			b.signIn(persona)
		}
		for _, lang := range []string{"en", "cy"} {
			for _, path := range pagesToScan {
				pg := b.get(path + "?lang=" + lang)
				if pg.Status == http.StatusSeeOther {
					continue // the sign-out page, when not signed in
				}
				where := path + " as " + persona + " in " + lang
				csp := pg.Header.Get("Content-Security-Policy")
				if !strings.Contains(csp, "script-src 'self';") || strings.Contains(csp, "unsafe") {
					t.Errorf("%s: CSP %q", where, csp)
				}
				var srcs []string
				for _, m := range scriptTagRE.FindAllStringSubmatch(pg.Body, -1) {
					if strings.TrimSpace(m[2]) != "" {
						t.Errorf("%s: inline script %q", where, m[0])
					}
					srcs = append(srcs, strings.TrimSpace(m[1]))
				}
				want := []string{`src="/static/supported.js"`, `type="module" src="/static/app.js"`}
				if strings.Join(srcs, "|") != strings.Join(want, "|") {
					t.Errorf("%s: scripts %q, want %q", where, srcs, want)
				}
				if m := inlineAttrRE.FindString(pg.Body); m != "" {
					t.Errorf("%s: inline attribute in %q", where, m)
				}
				mustContain(t, pg, `<link rel="stylesheet" href="/static/govuk/govuk-frontend.min.css">`,
					`<body class="govuk-template__body">`, `href="/accessibility"`, `href="/privacy"`, `href="/cookies"`)
				if strings.Contains(pg.Body, "app.css") || strings.Contains(pg.Body, "govuk-header__logotype") {
					t.Errorf("%s: the old stylesheet or the GOV.UK crown", where)
				}
			}
		}
	}
}

// TestStaticFiles: the stylesheet and scripts are served with their types
// and may be cached; nothing else under /static is, not the old
// hand-written stylesheet nor a directory listing.
func TestStaticFiles(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	for path, ctype := range map[string]string{
		"/static/govuk/govuk-frontend.min.css": "text/css; charset=utf-8",
		"/static/govuk/govuk-frontend.min.js":  "text/javascript; charset=utf-8",
		"/static/app.js":                       "text/javascript; charset=utf-8",
		"/static/supported.js":                 "text/javascript; charset=utf-8",
	} {
		pg := b.get(path)
		mustStatus(t, pg, http.StatusOK)
		if got := pg.Header.Get("Content-Type"); got != ctype {
			t.Errorf("%s: Content-Type %q, want %q", path, got, ctype)
		}
		if got := pg.Header.Get("Cache-Control"); got != "public, max-age=3600" {
			t.Errorf("%s: Cache-Control %q", path, got)
		}
	}
	mustContain(t, b.get("/static/app.js"), `import { initAll } from './govuk/govuk-frontend.min.js'`)
	for _, path := range []string{"/static/app.css", "/static/", "/static/govuk", "/static/govuk/", "/static/govuk/README/x"} {
		if pg := b.get(path); pg.Status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, pg.Status)
		}
	}
	// The mux cleans the path, redirecting out of /static.
	if pg := b.get("/static/../render.go"); pg.Status == http.StatusOK || pg.has("package main") {
		t.Errorf("/static/../render.go: status %d", pg.Status)
	}
}

// TestWelshPagesMarkEnglishLegalText: text that exists only in English
// (the titles of statutory instruments, legal citations) carries
// lang="en" on a Welsh page, so that a screen reader reads it in English;
// on an English page it needs none.
func TestWelshPagesMarkEnglishLegalText(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("resident")
	const regs = `>The Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018<`
	mustContain(t, b.get("/accessibility?lang=cy"), `<span id="a11y-regulations" lang="en"`+regs)
	mustContain(t, b.get("/accessibility?lang=en"), `<span id="a11y-regulations"`+regs)

	// The legal sources are shown to officers (issue 19, item 6).
	off := p.browser()
	off.signIn("officer")
	for lang, want := range map[string]string{"cy": `Ffynhonnell gyfreithiol: <span lang="en">The Education`, "en": `Legal source: <span>The Education`} {
		pg := off.submit("/free-school-meals?lang="+lang, fsmForm("AB123456C", "2017", "universal_credit"))
		mustContain(t, pg, want)
	}

	b.answerPlanning()
	for lang, want := range map[string]string{"cy": `<td class="govuk-table__cell govuk-body-s" lang="en">`, "en": `<td class="govuk-table__cell govuk-body-s">`} {
		pg := b.get("/planning/check?lang=" + lang)
		mustStatus(t, pg, http.StatusOK)
		mustContain(t, pg, want)
	}
}

// TestBackLinks: every page with a back link names a page template, and
// the question pages link back to the page before them.
func TestBackLinks(t *testing.T) {
	p := newPortal(t)
	for page := range backLinks {
		if _, ok := p.srv.pages.byName[page]; !ok {
			t.Errorf("backLinks names %q, which is no page", page)
		}
	}
	b := p.browser()
	b.signIn("resident")
	b.answerPlanning()
	for path, back := range map[string]string{
		"/council-tax":          "/",
		"/planning/type":        "/planning",
		"/planning/description": "/planning/site",
		"/planning/check":       "/planning/ownership",
	} {
		mustContain(t, b.get(path), `<a href="`+back+`" class="govuk-back-link" id="back-link">Back</a>`)
	}
	mustContain(t, b.get("/planning/type?lang=cy"), `id="back-link">Yn ôl</a>`)
	// A start page has none.
	if pg := b.get("/planning"); pg.has("govuk-back-link") {
		t.Error("the planning start page has a back link")
	}
}

// TestSignOutPage: the header's sign-out link leads to a page whose button
// posts the form; signed out, the page sends the visitor home.
func TestSignOutPage(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	pg := b.get("/sign-out")
	mustStatus(t, pg, http.StatusSeeOther)
	b.signIn("resident")
	pg = b.get("/")
	mustContain(t, pg, `href="/sign-out" id="sign-out-link"`)
	pg = b.get("/sign-out")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, `<form method="post" action="/sign-out"`, `id="sign-out"`)
	if b.sessionUser() == nil {
		t.Fatal("showing the sign-out page signed the user out")
	}
	mustStatus(t, b.submit("/sign-out", url.Values{}), http.StatusSeeOther)
	if b.sessionUser() != nil {
		t.Error("still signed in after signing out")
	}
}

// TestDescriptionCharacterCount: the description page counts characters
// up to the planning package's own limit, in the page language, and the
// package refuses one character more.
func TestDescriptionCharacterCount(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("resident")
	b.answerPlanning()
	pg := b.get("/planning/description")
	mustContain(t, pg, `data-module="govuk-character-count" data-maxlength="10000"`, `class="govuk-textarea govuk-js-character-count"`,
		`aria-describedby="proposal-description-info proposal-description-hint"`,
		`<div id="proposal-description-info" class="govuk-hint govuk-character-count__message">You can enter up to 10,000 characters</div>`)
	if pg.has("data-i18n.") {
		t.Error("the English page gives the script messages of its own")
	}
	pg = b.get("/planning/description?lang=cy")
	mustContain(t, pg, `data-i18n.characters-under-limit.few="Mae gennych %{count} o nodau ar ôl"`,
		`data-i18n.characters-over-limit.other="Mae gennych %{count} o nodau yn ormod"`, `Gallwch roi hyd at 10,000 o nodau`)

	for n, want := range map[int]int{maxDescription: http.StatusSeeOther, maxDescription + 1: http.StatusUnprocessableEntity} {
		pg := b.submit("/planning/description?lang=en", url.Values{"proposal.description": {strings.Repeat("é", n)}})
		if pg.Status != want {
			t.Errorf("a description of %d characters: status %d, want %d", n, pg.Status, want)
		}
	}
}

// TestBillExemptionInThePageLanguage: an exempt period of a bill is named
// in the page language, not as the English "Class C" on a Welsh page.
func TestBillExemptionInThePageLanguage(t *testing.T) {
	p := newPortal(t)
	bill := p.srv.sites.list[0].ctAccounts["10000001"].Bill
	bill.Periods[0].Exempt = counciltax.ClassC
	b := p.browser()
	pg := b.lookUpBill("10000001")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, "<br>Empty and substantially unfurnished")
	pg = b.get("/council-tax/bill?lang=cy")
	mustContain(t, pg, "<br>Gwag a heb ddodrefn i raddau helaeth")
	if pg.has("Class C") {
		t.Error("the Welsh bill names the exemption in English")
	}
}

// TestWelshNamesTheYearGroup: the officer's admissions page names the
// intake in the page language ("Derbyn", not "Reception", on a Welsh
// page), and the bill marks authority names, held in English only, as
// English on a Welsh page.
func TestWelshNamesTheYearGroup(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("officer")
	mustContain(t, b.get("/officer/admissions?lang=en"), `<dd class="govuk-summary-list__value">Reception 2027/28</dd>`)
	pg := b.get("/officer/admissions?lang=cy")
	mustContain(t, pg, `<dd class="govuk-summary-list__value">Derbyn 2027/28</dd>`)
	if pg.has("Reception") {
		t.Error("the Welsh page says Reception")
	}
	v := &view{Lang: councilkit.Welsh, LangCode: "cy"}
	if got := v.YearGroup(admissions.Year7); got != "Blwyddyn 7" {
		t.Errorf("YearGroup(Year7) in Welsh = %q", got)
	}

	b = p.browser()
	b.lookUpBill("10000001")
	mustContain(t, b.get("/council-tax/bill?lang=cy"), `<tr><td class="govuk-table__cell" lang="en">Ashdown Vale Council</td>`)
	mustContain(t, b.get("/council-tax/bill?lang=en"), `<tr><td class="govuk-table__cell">Ashdown Vale Council</td>`)
}
