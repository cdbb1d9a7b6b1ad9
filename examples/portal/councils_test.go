package main

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
)

// Issue 18, item 4: one portal serves several councils, chosen by host name
// or path prefix, and a resident or officer of one never sees another's
// records, through the HTTP layer, on every store.

func TestPrefixLinks(t *testing.T) {
	in := `<a href="/council-tax">x</a><form action="/schools/check" method="post"><button formaction="/x">` +
		`<a href="https://example.com/">e</a><a href="#main">m</a><link rel="stylesheet" href="/static/govuk/a.css">` +
		`<a href="/glanrhyd/done">d</a><p>&#34; href=&#34;/evil&#34;</p><a class="x" href="/?lang=cy">`
	want := `<a href="/glanrhyd/council-tax">x</a><form action="/glanrhyd/schools/check" method="post"><button formaction="/glanrhyd/x">` +
		`<a href="https://example.com/">e</a><a href="#main">m</a><link rel="stylesheet" href="/static/govuk/a.css">` +
		`<a href="/glanrhyd/done">d</a><p>&#34; href=&#34;/evil&#34;</p><a class="x" href="/glanrhyd/?lang=cy">`
	if got := string(prefixLinks([]byte(in), "/glanrhyd")); got != want {
		t.Errorf("prefixLinks:\n got %s\nwant %s", got, want)
	}
	if got := string(prefixLinks([]byte(in), "")); got != in {
		t.Errorf("prefixLinks with no base changed the page")
	}
	for loc, want := range map[string]string{
		"/":                       "/glanrhyd/",
		"/council-tax/bill":       "/glanrhyd/council-tax/bill",
		"/glanrhyd/x":             "/glanrhyd/x",
		"/glanrhyd":               "/glanrhyd",
		"//evil.example/":         "//evil.example/",
		"https://pay.example/":    "https://pay.example/",
		"/static/app.js":          "/static/app.js",
		"/glanrhydd/council-tax":  "/glanrhyd/glanrhydd/council-tax",
		"/sign-in?next=%2Fschool": "/glanrhyd/sign-in?next=%2Fschool",
	} {
		if got := withBase("/glanrhyd", loc); got != want {
			t.Errorf("withBase(%q) = %q, want %q", loc, got, want)
		}
	}
}

// TestCouncilChosenByHostAndPath: the default council on a plain host, the
// Welsh council under its path prefix and on its .localhost name, with
// every link of its pages kept under the prefix.
func TestCouncilChosenByHostAndPath(t *testing.T) {
	p := newPortalWith(t, func(c *config) {
		c.PublicURL = "http://localhost:8080"
		c.CouncilHosts = map[string]councilkit.Council{"services.glanrhyd.example": welshCouncil}
	})
	b := p.browser()
	pg := b.get("/")
	mustContain(t, pg, `id="council-home">Ashdown Vale Council</a>`, `href="/brand/ashdown-vale.css"`, `id="start-planning"`)

	pg = b.get("/glanrhyd/")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, `id="council-home">Glanrhyd County Borough Council</a>`, `href="/glanrhyd/brand/glanrhyd.css"`,
		`href="/glanrhyd/council-tax"`, `href="/glanrhyd/schools"`, "01632 960 100")
	if pg.has(`id="start-planning"`) || pg.has(`id="start-fsm"`) || pg.has(`id="nav-planning"`) || pg.has(`id="nav-fsm"`) || pg.has("Ashdown Vale") {
		t.Error("Glanrhyd's start page offers England's services or names the other council")
	}
	for _, m := range regexp.MustCompile(`(?:href|action)="(/[^"]*)"`).FindAllStringSubmatch(pg.Body, -1) {
		if !strings.HasPrefix(m[1], "/glanrhyd/") && !strings.HasPrefix(m[1], "/static/") {
			t.Errorf("link %q leaves the council's prefix", m[1])
		}
	}
	if pg := b.get("/glanrhyd"); pg.Status != http.StatusMovedPermanently || pg.Header.Get("Location") != "/glanrhyd/" {
		t.Errorf("/glanrhyd: %d to %q", pg.Status, pg.Header.Get("Location"))
	}
	pg = b.get("/glanrhyd/?lang=cy")
	mustContain(t, pg, `id="council-home">Cyngor Bwrdeistref Sirol Glanrhyd</a>`)

	// England's rules only: Glanrhyd sends residents elsewhere for planning
	// and free school meals.
	mustStatus(t, b.get("/glanrhyd/?lang=en"), http.StatusOK)
	for _, path := range []string{"/glanrhyd/planning", "/glanrhyd/planning/type", "/glanrhyd/free-school-meals", "/glanrhyd/officer/planning"} {
		pg := b.get(path)
		mustStatus(t, pg, http.StatusNotFound)
		mustContain(t, pg, "This council does not offer this service here")
	}

	// By host name: the configured one (behind -public-url), and the
	// council's name under .localhost.
	pg = b.getWithHost("/", "services.glanrhyd.example")
	mustContain(t, pg, `id="council-home">Glanrhyd County Borough Council</a>`, `href="/council-tax"`)
	pg = b.getWithHost("/", "glanrhyd.localhost:8080")
	mustContain(t, pg, `id="council-home">Glanrhyd County Borough Council</a>`)

	// The brand colour is each council's own.
	pg = b.get("/brand/glanrhyd.css")
	mustContain(t, pg, "--govuk-brand-colour:#8f1d3a")
	pg = b.get("/brand/glanrhyd.svg")
	mustContain(t, pg, `fill="#8f1d3a"`, ">G</text>")
	if ct := pg.Header.Get("Content-Type"); ct != "image/svg+xml" {
		t.Errorf("logo served as %q", ct)
	}
	mustContain(t, b.get("/"), `src="/brand/ashdown-vale.svg"`)
	mustStatus(t, b.get("/brand/glanrhyd.js"), http.StatusNotFound)
	mustStatus(t, b.get("/brand/nowhere.css"), http.StatusNotFound)
}

func TestManyCouncilsOneDeployment(t *testing.T) {
	modes := map[string]func(*testing.T, *config){
		"memory":   func(*testing.T, *config) {},
		"sqlite":   func(t *testing.T, c *config) { c.DataDir = t.TempDir() },
		"postgres": func(t *testing.T, c *config) { c.PostgresURL = newPostgresDatabase(t) },
	}
	for name, edit := range modes {
		t.Run(name, func(t *testing.T) {
			testCouncilIsolation(t, newPortalWith(t, func(c *config) { edit(t, c) }))
		})
	}
}

func testCouncilIsolation(t *testing.T, p *portal) {
	ctx := context.Background()
	ashdown, glanrhyd := p.srv.sites.list[0], p.srv.sites.list[1]

	// Council tax: each council's accounts are found only at its own
	// address.
	b := p.browser()
	look := func(prefix, ref, postcode string) page {
		return b.submit(prefix+"/council-tax", url.Values{"account_reference": {ref}, "postcode": {postcode}})
	}
	mustStatus(t, look("/glanrhyd", "10000001", "AV1 1AA"), http.StatusUnprocessableEntity)
	mustStatus(t, look("", "20000001", "GR1 1AB"), http.StatusUnprocessableEntity)
	pg := look("/glanrhyd", "20000001", "GR1 1AB")
	mustStatus(t, pg, http.StatusSeeOther)
	if loc := pg.Header.Get("Location"); !strings.HasPrefix(loc, "/glanrhyd/") {
		t.Fatalf("lookup sent the resident to %q, outside the council", loc)
	}
	pg = b.get(pg.Header.Get("Location"))
	mustContain(t, pg, "1 Heol yr Enghraifft", "Glanrhyd Police and Crime Commissioner")

	// Pay Glanrhyd's bill: the payment is Glanrhyd's.
	pg = b.submit("/glanrhyd/council-tax/bill", url.Values{"choice": {"instalment"}})
	mustStatus(t, pg, http.StatusSeeOther)
	sbx := pg.Header.Get("Location")
	if !strings.HasPrefix(sbx, "/glanrhyd/sandbox-pay/") {
		t.Fatalf("payment went to %q", sbx)
	}
	mustStatus(t, b.get(sbx), http.StatusOK)
	pg = b.submit(sbx, url.Values{"card_number": {"4444333322221111"}, "action": {"pay"}})
	mustStatus(t, pg, http.StatusSeeOther)
	ret, err := url.Parse(pg.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(ret.Path, "/glanrhyd/payments/return/") {
		t.Fatalf("return address %q is not under the council's prefix", pg.Header.Get("Location"))
	}
	pg = b.get(ret.Path)
	mustStatus(t, pg, http.StatusSeeOther)
	result := pg.Header.Get("Location")
	mustContain(t, b.get(result), "Payment received")
	wPays, err := p.srv.payments.List(ctx, glanrhyd.council, payments.Filter{})
	if err != nil || len(wPays) != 1 {
		t.Fatalf("Glanrhyd's payments = %d, %v; want 1", len(wPays), err)
	}
	if ePays, _ := p.srv.payments.List(ctx, ashdown.council, payments.Filter{}); len(ePays) != 0 {
		t.Errorf("Ashdown Vale has %d payments; the payment went to the wrong council", len(ePays))
	}
	// The other council's address does not show it.
	mustStatus(t, b.get("/payments/"+wPays[0].ID), http.StatusNotFound)
	mustStatus(t, b.get(strings.TrimPrefix(result, "/glanrhyd")), http.StatusNotFound)

	// Officers: one signed in at Glanrhyd is Glanrhyd's officer, and not
	// Ashdown Vale's, though the browser holds one session for both.
	off := p.browser()
	mustStatus(t, off.get("/glanrhyd/"), http.StatusOK)
	signInAt(t, off, "/glanrhyd", "officer")
	pg = off.get("/glanrhyd/officer/payments")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, wPays[0].ID)
	mustStatus(t, off.get("/officer/payments"), http.StatusForbidden)
	mustStatus(t, off.get("/officer/payments/"+wPays[0].ID), http.StatusForbidden)
	mustStatus(t, off.get("/officer/admissions"), http.StatusForbidden)

	// And Ashdown Vale's officer does not see Glanrhyd's payment.
	eo := p.browser()
	eo.signIn("officer")
	pg = eo.get("/officer/payments")
	mustStatus(t, pg, http.StatusOK)
	if pg.has(wPays[0].ID) {
		t.Error("Ashdown Vale's officer sees Glanrhyd's payment")
	}
	mustStatus(t, eo.get("/glanrhyd/officer/payments"), http.StatusForbidden)
	if pg := eo.get("/officer/payments/" + wPays[0].ID); pg.Status != http.StatusNotFound {
		t.Errorf("Ashdown Vale's officer opening Glanrhyd's payment: %d", pg.Status)
	}

	// School applications: a parent applies at Glanrhyd; the application
	// is Glanrhyd's, in its own numbering, and shows only there.
	res := p.browser()
	mustStatus(t, res.get("/glanrhyd/"), http.StatusOK)
	signInAt(t, res, "/glanrhyd", "resident")
	mustStatus(t, res.submit("/glanrhyd/schools/child", childForm("Robin", "Example", "3", "2", "2023")), http.StatusSeeOther)
	mustStatus(t, res.submit("/glanrhyd/schools/address", url.Values{"home": {glanrhyd.homes[0].UPRN.String()}}), http.StatusSeeOther)
	mustStatus(t, res.submit("/glanrhyd/schools/preferences", url.Values{"preferences[0]": {glanrhyd.scheme.Schools[1].URN.String()}}), http.StatusSeeOther)
	pg = res.submit("/glanrhyd/schools/check", nil)
	mustStatus(t, pg, http.StatusSeeOther)
	done := pg.Header.Get("Location")
	if !strings.HasPrefix(done, "/glanrhyd/schools/applications/GCB-") {
		t.Fatalf("application confirmation at %q", done)
	}
	id := strings.TrimPrefix(done, "/glanrhyd/schools/applications/")
	mustContain(t, res.get(done), id)
	if _, err := p.srv.adm.store.Get(ctx, glanrhyd.council, id); err != nil {
		t.Fatalf("Glanrhyd's application: %v", err)
	}
	if _, err := p.srv.adm.store.Get(ctx, ashdown.council, id); err == nil {
		t.Error("the application is Ashdown Vale's too")
	}
	mustStatus(t, res.get("/schools/applications/"+id), http.StatusNotFound)
	if pg := res.get("/your-applications"); pg.has(id) {
		t.Error("Ashdown Vale's tracking page lists Glanrhyd's application")
	}
	mustContain(t, res.get("/glanrhyd/your-applications"), id)
}

// signInAt signs in as a local persona from a council's path prefix, with
// an identity check, and checks the sign-in comes back under the prefix.
func signInAt(t *testing.T, b *browser, prefix, persona string) {
	t.Helper()
	q := url.Values{"next": {"/"}, "level": {"Cl.Cm.P2"}}
	pg := b.get(prefix + signInPath + "?" + q.Encode())
	mustStatus(t, pg, http.StatusOK)
	m := csrfRE.FindStringSubmatch(pg.Body)
	if m == nil {
		t.Fatal("no CSRF token on the sign-in page")
	}
	pg = b.post(prefix+devSignInPath, url.Values{"persona": {persona}, "confidence": {"P2"}, "level": {"Cl.Cm.P2"}, "next": {"/"}, csrfField: {m[1]}})
	mustStatus(t, pg, http.StatusSeeOther)
	pg = b.get(pg.Header.Get("Location"))
	mustStatus(t, pg, http.StatusSeeOther)
	if loc := pg.Header.Get("Location"); loc != prefix+"/" {
		t.Fatalf("signed in, sent to %q; want %q", loc, prefix+"/")
	}
}

// BenchmarkPrefixLinks rewrites a rendered start page for a council under
// its path prefix, as every page served by prefix is.
func BenchmarkPrefixLinks(b *testing.B) {
	page := []byte(strings.Repeat(`<li><a class="govuk-link" href="/council-tax/bill">Pay</a><form action="/schools/check" method="post"><input name="x" value="&#34; href=&#34;/x"></form></li>`, 40))
	b.ReportAllocs()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		prefixLinks(page, "/glanrhyd")
	}
}
