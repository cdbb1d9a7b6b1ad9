package main

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/payments"
)

// Issue 19, item 4: officers' casework lists with search, filters, sorting,
// pagination and CSV export; an audit trail of who did what, when and why;
// payment descriptions in the reader's language.

// payBills pays the next instalment of each seeded council tax account,
// in English, and returns the payments.
func payBills(t *testing.T, p *portal, refs ...string) []*payments.Payment {
	t.Helper()
	for _, ref := range refs {
		b := p.browser()
		b.lookUpBill(ref)
		pg := b.submit("/council-tax/bill", url.Values{"choice": {"instalment"}})
		mustStatus(t, pg, http.StatusSeeOther)
		mustContain(t, b.payWith(pg.Header.Get("Location"), "4444333322221111"), "Payment received")
		p.clock.Advance(time.Minute) // so that each is newer than the last
	}
	return p.allPayments(t)
}

func TestOfficerPaymentsList(t *testing.T) {
	p := newPortal(t)
	p.srv.casePage = 2
	payBills(t, p, "10000001", "10000002", "10000003")
	// A cancelled one too.
	b := p.browser()
	b.lookUpBill("10000004")
	pg := b.submit("/council-tax/bill", url.Values{"choice": {"instalment"}})
	sbx := pg.Header.Get("Location")
	mustStatus(t, b.get(sbx), http.StatusOK)
	b.followReturn(b.submit(sbx, url.Values{"action": {"cancel"}}))

	off := p.browser()
	off.signIn("officer")
	// Newest first, two a page, with a link to the next page that keeps
	// the filters.
	pg = off.get("/officer/payments")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, ">10000004<", ">10000003<", `id="next-page"`, "Cancelled")
	if pg.has(">10000001<") {
		t.Error("the first page holds more than two payments")
	}
	next := hrefOf(t, pg, "next-page")
	pg = off.get(next)
	mustContain(t, pg, ">10000002<", ">10000001<")
	if pg.has(`id="next-page"`) || pg.has(">10000004<") {
		t.Error("the last page links on, or repeats the first")
	}
	// Search by reference, filter by status, sort by amount.
	pg = off.get("/officer/payments?q=0000003")
	mustContain(t, pg, ">10000003<")
	if pg.has(">10000001<") {
		t.Error("search by reference matched another payment")
	}
	// The resident's cancel is a failed payment (GOV.UK Pay's P0030),
	// shown as cancelled.
	pg = off.get("/officer/payments?status=failed")
	mustContain(t, pg, ">10000004<", ">Cancelled<")
	if pg.has(">10000003<") {
		t.Error("status filter kept a successful payment")
	}
	pg = off.get("/officer/payments?q=nothing-like-this")
	mustContain(t, pg, "Nothing matches")
	pg = off.get("/officer/payments?sort=amount_high&status=success")
	i, j := strings.Index(pg.Body, ">10000003<"), strings.Index(pg.Body, ">10000001<") // band F's instalment is the largest
	if i < 0 || (j >= 0 && j < i) {
		t.Error("largest amount is not first")
	}
	// A forged cursor starts the list again rather than failing.
	pg = off.get("/officer/payments?after=not-a-cursor")
	mustStatus(t, pg, http.StatusSeeOther)
	// Hostile search text is shown escaped.
	pg = off.get("/officer/payments?q=" + url.QueryEscape(`"><script>x</script>`))
	mustStatus(t, pg, http.StatusOK)
	if strings.Contains(pg.Body, "<script>x") {
		t.Error("search text echoed unescaped")
	}

	// Search text the package refuses is an error on the search box, not
	// a server error.
	pg = off.get("/officer/payments?q=%00%01")
	mustStatus(t, pg, http.StatusUnprocessableEntity)
	mustContain(t, pg, `<a href="#q">Search for letters, numbers and punctuation only`)
	pg = off.get("/officer/admissions/applications?q=%00")
	mustStatus(t, pg, http.StatusUnprocessableEntity)

	// Residents and anonymous visitors cannot list or export.
	res := p.browser()
	res.signIn("resident")
	mustStatus(t, res.get("/officer/payments"), http.StatusForbidden)
	mustStatus(t, res.get("/officer/payments.csv"), http.StatusForbidden)
	if pg := p.browser().get("/officer/payments.csv"); pg.Status != http.StatusSeeOther {
		t.Errorf("anonymous export: %d", pg.Status)
	}
}

func TestOfficerPaymentsCSV(t *testing.T) {
	p := newPortal(t)
	paid := payBills(t, p, "10000001", "10000002")
	off := p.browser()
	off.signIn("officer")
	pg := off.get("/officer/payments.csv?status=success&sort=oldest")
	mustStatus(t, pg, http.StatusOK)
	if ct := pg.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" || !strings.HasPrefix(pg.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("export served as %q, %q", ct, pg.Header.Get("Content-Disposition"))
	}
	rows, err := csv.NewReader(strings.NewReader(pg.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][1] != "Reference" || rows[1][1] != "10000001" || rows[2][1] != "10000002" {
		t.Fatalf("export rows %q", rows)
	}
	if rows[1][0] != paid[0].ID || rows[1][5] != paid[0].Amount.Plain() || rows[1][4] != "Paid" && rows[1][4] != paid[0].Status.Label().English {
		t.Errorf("export row %q for %+v", rows[1], paid[0])
	}
	// In Welsh: the headers and the description are the reader's, though
	// the resident paid in English.
	pg = off.get("/officer/payments.csv?lang=cy")
	rows, _ = csv.NewReader(strings.NewReader(pg.Body)).ReadAll()
	if rows[0][1] != "Cyfeirnod" || !strings.Contains(rows[1][2], "Treth") {
		t.Errorf("Welsh export %q", rows[:2])
	}
}

func TestCSVCellDefusesFormulas(t *testing.T) {
	// OWASP, CSV Injection: cells starting =, +, -, @, tab or carriage
	// return are evaluated by spreadsheets.
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1": "'+1", "-2+3": "'-2+3", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "10000001": "10000001", "": "", "a=b": "a=b",
	} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPaymentAuditTrail(t *testing.T) {
	p := newPortal(t)
	paid := payBills(t, p, "10000001")[0]
	off := p.browser()
	off.signIn("officer")
	path := "/officer/payments/" + paid.ID
	form := off.get(path)
	key := refundKeyRE.FindStringSubmatch(form.Body)[1]
	pg := off.submit(path, url.Values{"amount": {"10.00"}, "reason": {"Paid the wrong account"}, "key": {key}})
	mustStatus(t, pg, http.StatusOK)
	pg = off.get(path)
	mustContain(t, pg, `id="refunds"`, "Paid the wrong account", "£10.00", "Officer (urn:fdc:gov.uk:2022:dev-officer-0001)",
		`id="history"`, "Payment started", "Payment received", "Resident")
	// The payment's description in the officer's language.
	pg = off.get(path + "?lang=cy")
	mustContain(t, pg, "Treth gyngor", "Hanes", "Ad-daliadau")
}

func TestOfficerApplicationsList(t *testing.T) {
	p := newPortal(t)
	p.srv.casePage = 10
	st := p.srv.sites.list[0]
	off := p.browser()
	off.signIn("officer")
	pg := off.get("/officer/admissions/applications")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, st.seedApps[0].ID, `id="next-page"`, "Seed Child 01")
	// By reference, and by a school preferred.
	pg = off.get("/officer/admissions/applications?q=S0017")
	mustContain(t, pg, st.seedApps[16].ID)
	if pg.has(st.seedApps[0].ID) {
		t.Error("search matched another application")
	}
	school := st.scheme.Schools[3].URN
	pg = off.get("/officer/admissions/applications?sort=id&school=" + school.String())
	list, err := p.srv.adm.store.List(context.Background(), st.council, admissions.Filter{School: school, Sort: admissions.SortID, Limit: 10})
	if err != nil || len(list) == 0 {
		t.Fatal(list, err)
	}
	for _, a := range list {
		mustContain(t, pg, a.ID)
	}
	// The export holds every matching application, not one page.
	pg = off.get("/officer/admissions/applications.csv")
	rows, err := csv.NewReader(strings.NewReader(pg.Body)).ReadAll()
	if err != nil || len(rows) != len(st.seedApps)+1 {
		t.Fatalf("export: %d rows, %v", len(rows), err)
	}
	res := p.browser()
	res.signIn("resident")
	mustStatus(t, res.get("/officer/admissions/applications.csv"), http.StatusForbidden)
}

// hrefOf returns the href of the element with the id.
func hrefOf(t *testing.T, pg page, id string) string {
	t.Helper()
	i := strings.Index(pg.Body, `id="`+id+`"`)
	j := strings.LastIndex(pg.Body[:max(i, 0)], `href="`)
	if i < 0 || j < 0 {
		t.Fatalf("no link %q", id)
	}
	href := pg.Body[j+len(`href="`):]
	href = href[:strings.IndexByte(href, '"')]
	return strings.ReplaceAll(href, "&amp;", "&")
}

func TestOfficerPlanningList(t *testing.T) {
	p := newPortal(t)
	p.srv.casePage = 2
	apps := p.planningApps(t)
	if len(apps) < 3 {
		t.Fatalf("%d seeded planning applications", len(apps))
	}
	off := p.browser()
	off.signIn("officer")
	pg := off.get("/officer/planning")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, `id="next-page"`, `id="planning-filter"`)
	if n := strings.Count(pg.Body, `class="govuk-summary-card"`); n != 2 {
		t.Errorf("first page shows %d applications, want 2", n)
	}
	// By reference.
	ref := apps[0].Reference.String()
	pg = off.get("/officer/planning?q=" + url.QueryEscape(ref))
	mustContain(t, pg, ref)
	if strings.Count(pg.Body, `class="govuk-summary-card"`) != 1 {
		t.Errorf("search for %s matched more than one application", ref)
	}
	// By state: every application listed is in it.
	st := apps[0].Lifecycle.State
	pg = off.get("/officer/planning.csv?state=" + st.String())
	rows, err := csv.NewReader(strings.NewReader(pg.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, a := range apps {
		if a.Lifecycle.State == st {
			want++
		}
	}
	if len(rows) != want+1 {
		t.Errorf("export of state %s: %d rows, want %d", st, len(rows)-1, want)
	}
	pg = off.get("/officer/planning?q=no-such-place")
	mustContain(t, pg, `id="no-planning"`)
	// Glanrhyd does not offer planning here: its officers' list is not
	// there either.
	mustStatus(t, off.get("/glanrhyd/officer/planning.csv"), http.StatusNotFound)
}
