package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Issue 19, item 7: a resident whose identity One Login could not check is
// told how else to apply, and may apply for a school place without the
// check, for officers to check later; never a dead end.

// signInUnchecked starts a sign-in for next at the identity level and
// finishes it without an identity check (P0), returning the callback's
// page: the identity page.
func signInUnchecked(t *testing.T, b *browser, prefix, next string) page {
	t.Helper()
	q := url.Values{"next": {next}, "level": {"Cl.Cm.P2"}}
	pg := b.get(prefix + signInPath + "?" + q.Encode())
	m := csrfRE.FindStringSubmatch(pg.Body)
	if m == nil {
		t.Fatal("no CSRF token on the sign-in page")
	}
	pg = b.post(prefix+devSignInPath, url.Values{"persona": {"resident"}, "confidence": {"P0"}, "level": {"Cl.Cm.P2"}, "next": {next}, csrfField: {m[1]}})
	mustStatus(t, pg, http.StatusSeeOther)
	pg = b.get(pg.Header.Get("Location"))
	mustStatus(t, pg, http.StatusForbidden)
	return pg
}

func TestApplyWithoutIdentityCheck(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	pg := signInUnchecked(t, b, "", "/schools")
	// Other ways to apply: the council's telephone, hours and address.
	mustContain(t, pg, "We could not confirm your identity", "Other ways to apply", "01632 960 000",
		"Monday to Friday, 9am to 5pm", "Write to:<br>Ashdown Vale Council<br>Civic Centre<br>High Street", `id="defer-identity"`)
	// Without choosing to go on, the journey still asks for the check.
	if pg := b.get("/schools"); pg.Status != http.StatusSeeOther {
		t.Fatalf("/schools before choosing: %d", pg.Status)
	}
	pg = b.submit("/sign-in/defer", url.Values{"next": {"/schools"}, "council": {fictionalCouncil.String()}})
	mustStatus(t, pg, http.StatusSeeOther)
	if loc := pg.Header.Get("Location"); loc != "/schools" {
		t.Fatalf("went to %q", loc)
	}
	pg = b.apply(p.srv.sites.list[0].homes[0].UPRN.String(), p.srv.sites.list[0].scheme.Schools[0].URN.String())
	mustContain(t, pg, "Application received")
	id := strings.TrimPrefix(pg.Body[strings.Index(pg.Body, "AVC-"):], "")[:len("AVC-2027-00001")]
	if _, err := p.srv.adm.store.Get(context.Background(), fictionalCouncil, id); err != nil {
		t.Fatalf("application %s: %v", id, err)
	}
	// Officers see that the parent's identity is still to be checked.
	off := p.browser()
	off.signIn("officer")
	pg = off.get("/officer/admissions/applications?q=" + url.QueryEscape(id))
	mustContain(t, pg, id, "Identity to check")
	pg = off.get("/officer/admissions/applications.csv?q=" + url.QueryEscape(id))
	mustContain(t, pg, "Identity checked online", ",No")
	// A parent whose identity was checked is not marked.
	checked := p.browser()
	checked.signIn("resident")
	pg = checked.apply(p.srv.sites.list[0].homes[1].UPRN.String(), p.srv.sites.list[0].scheme.Schools[1].URN.String())
	id2 := pg.Body[strings.Index(pg.Body, "AVC-"):][:len("AVC-2027-00001")]
	if pg := off.get("/officer/admissions/applications?q=" + url.QueryEscape(id2)); pg.has("Identity to check") {
		t.Error("an application made with an identity check is marked")
	}
}

func TestNoWayOnWithoutCheckForFreeSchoolMeals(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	pg := signInUnchecked(t, b, "", "/free-school-meals")
	mustContain(t, pg, "Other ways to apply", "01632 960 000")
	if pg.has(`id="defer-identity"`) {
		t.Error("the free school meals check offers to go on without an identity check")
	}
	// Nor can the form be forged for it.
	pg = b.submit("/sign-in/defer", url.Values{"next": {"/free-school-meals"}, "council": {fictionalCouncil.String()}})
	mustStatus(t, pg, http.StatusBadRequest)
	if pg := b.get("/free-school-meals"); pg.Status != http.StatusSeeOther {
		t.Errorf("free school meals without an identity check: %d", pg.Status)
	}
	// Nor an address elsewhere.
	mustStatus(t, b.submit("/sign-in/defer", url.Values{"next": {"//evil.example/schools"}}), http.StatusBadRequest)
}

func TestIdentityPageNamesTheCouncilSignedInAt(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	mustStatus(t, b.get("/glanrhyd/"), http.StatusOK)
	pg := signInUnchecked(t, b, "/glanrhyd", "/schools")
	mustContain(t, pg, "01632 960 100", `id="defer-identity"`, `action="/glanrhyd/sign-in/defer"`)
	pg = b.submit("/glanrhyd/sign-in/defer", url.Values{"next": {"/glanrhyd/schools"}, "council": {welshCouncil.String()}})
	mustStatus(t, pg, http.StatusSeeOther)
	mustStatus(t, b.get("/glanrhyd/schools"), http.StatusOK)
	// The choice is Glanrhyd's: Ashdown Vale still asks for the check.
	if pg := b.get("/schools"); pg.Status != http.StatusSeeOther {
		t.Errorf("Ashdown Vale's school journey without a check: %d", pg.Status)
	}
}
