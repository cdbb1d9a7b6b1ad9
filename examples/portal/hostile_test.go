package main

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// hostileValues are form and query values a careless or malicious client
// may send: empty, blank, not UTF-8, NUL, huge, out of range, look-alike
// digits, impossible dates, markup.
var hostileValues = []string{
	"", " ", "\xff\xfe", "a\x00b", strings.Repeat("9", 4000), "-1", "0", "99999999999999999999999",
	"1e400", "NaN", "-0.00", "１２", "٣", "2026-02-30", "<script>alert(1)</script>", "../../../etc/passwd",
	"%00", "\u202e", "true", "on",
}

var nameRE = regexp.MustCompile(`name="([^"]+)"`)

// No request a client can send gives a 500 or an ERROR log: every route,
// signed out, as a resident and as an officer, with hostile path values,
// query strings and forms carrying every field name the portal's pages
// use.
func TestHostileInputNeverGivesA500(t *testing.T) {
	p := newPortal(t)
	withTestPayment(p)
	anon, res, off := p.browser(), p.browser(), p.browser()
	res.signIn("resident")
	off.signIn("officer")
	routes := []string{
		"/", "/council-tax", "/council-tax/bill", "/free-school-meals", "/payments/return/{x}", "/payments/{x}",
		"/sandbox-pay/{x}", "/officer/payments", "/officer/payments/{x}", "/planning", "/planning/type",
		"/planning/site", "/planning/description", "/planning/applicant", "/planning/documents",
		"/planning/ownership", "/planning/check", "/planning/applications/{x}", "/planning/applications/{x}/documents",
		"/planning/documents/upload", "/planning/documents/remove",
		"/officer/planning", "/officer/planning/{x}", "/officer/planning/{x}/comments", "/officer/planning/{x}/documents/{x}", "/schools", "/schools/child", "/schools/address",
		"/schools/preferences", "/schools/check", "/schools/applications/{x}", "/officer/admissions",
		"/sign-in", "/auth/callback", "/dev-sign-in", "/sign-out", "/healthz",
	}
	pathValues := []string{"x", "00000000-0000-0000-0000-000000000000", "%ff", "%00", "..%2f..", strings.Repeat("a", 3000)}
	// Every field name on every page, as each browser sees them.
	names := map[string]bool{"lang": true, "next": true, "level": true, "change": true, "state": true, "code": true, "error": true}
	for _, b := range []*browser{anon, res, off} {
		for _, r := range routes {
			for _, m := range nameRE.FindAllStringSubmatch(b.get(strings.ReplaceAll(r, "{x}", "x")).Body, -1) {
				names[m[1]] = true
			}
		}
	}
	delete(names, csrfField)
	var fields []string
	for n := range names {
		fields = append(fields, n)
	}
	slices.Sort(fields)
	statuses := map[int]int{}
	check := func(what string, pg page) {
		t.Helper()
		statuses[pg.Status]++
		if pg.Status >= 500 {
			t.Errorf("%s: status %d", what, pg.Status)
		}
	}
	for _, b := range []*browser{anon, res, off} {
		for _, r := range routes {
			for _, pv := range pathValues {
				path := strings.ReplaceAll(r, "{x}", pv)
				for _, v := range hostileValues {
					q := url.Values{}
					form := url.Values{}
					for _, f := range fields {
						q.Set(f, v)
						form.Set(f, v)
					}
					check("GET "+path, b.get(path+"?"+q.Encode()))
					check("POST "+path, b.submit(path, form))
				}
				if !strings.Contains(r, "{x}") {
					break
				}
			}
		}
	}
	// The forms reached the handlers (the CSRF check let them through)
	// and were answered with their problems.
	if statuses[http.StatusUnprocessableEntity] == 0 || statuses[http.StatusOK] == 0 {
		t.Errorf("statuses %v: the forms never reached a handler", statuses)
	}
	t.Logf("statuses: %v", statuses)
	if logs := p.logs.String(); strings.Contains(logs, "level=ERROR") {
		t.Errorf("client input logged as an error:\n%s", logs)
	}
}
