package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit"
)

func TestHomeInEnglishAndWelsh(t *testing.T) {
	p := newPortal(t)
	b := p.browser()

	pg := b.get("/")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, `<html lang="en"`, "Council services", `class="govuk-tag govuk-phase-banner__content__tag">example<`,
		`href="/?lang=cy" lang="cy"`, "Cymraeg")

	pg = b.get("/?lang=cy")
	mustContain(t, pg, `<html lang="cy"`, "Gwasanaethau’r cyngor", ">enghraifft<", `href="/?lang=en" lang="en"`)
	if pg.Header.Get("Content-Language") != "cy" {
		t.Errorf("Content-Language = %q, want cy", pg.Header.Get("Content-Language"))
	}

	// The choice is remembered without the query string.
	pg = b.get("/")
	mustContain(t, pg, `<html lang="cy"`)
	pg = b.get("/?lang=en")
	mustContain(t, pg, `<html lang="en"`)
	pg = b.get("/")
	mustContain(t, pg, `<html lang="en"`)
}

func TestLanguageToggleKeepsTheQuery(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/council-tax/bill?ref=12345678&lang=en", nil)
	got := toggleURL(r, "cy")
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "/council-tax/bill" || u.Query().Get("ref") != "12345678" || u.Query().Get("lang") != "cy" {
		t.Errorf("toggleURL = %q", got)
	}
}

// sameInBoth are catalogue entries that are rightly the same in English and
// Welsh.
var sameInBoth = map[string]bool{"ct.bandd": true}

func TestCatalogueIsBilingual(t *testing.T) {
	for key, msg := range catalogue {
		if strings.TrimSpace(msg.English) == "" || strings.TrimSpace(msg.Welsh) == "" {
			t.Errorf("%s: missing English or Welsh: %+v", key, msg)
		}
		if msg.English == msg.Welsh && !sameInBoth[key] {
			t.Errorf("%s: Welsh is the English text %q", key, msg.English)
		}
	}
}

// catalogueKeyRE finds catalogue lookups in templates: {{.T "key"}},
// {{$.T "key"}} and the helper methods that take catalogue keys.
var catalogueKeyRE = regexp.MustCompile(`\.(?:T|Input|Question|Radios) "([^"]+)"(?: "([^"]*)")?`)

func TestCatalogueCoversTemplates(t *testing.T) {
	files, err := assets.ReadDir("templates")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, f := range files {
		b, err := assets.ReadFile("templates/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range catalogueKeyRE.FindAllStringSubmatch(string(b), -1) {
			key := m[1]
			if strings.Contains(m[0], ".Input") || strings.Contains(m[0], ".Question") || strings.Contains(m[0], ".Radios") {
				key = m[2] // the first argument is a field name
			}
			if key == "" {
				continue
			}
			found++
			if _, ok := catalogue[key]; !ok {
				t.Errorf("%s: catalogue has no %q", f.Name(), key)
			}
		}
	}
	if found < 20 {
		t.Errorf("found only %d catalogue lookups in the templates; is the pattern right?", found)
	}
}

func TestNoPageShowsAMissingKey(t *testing.T) {
	p := newPortal(t)
	for _, persona := range []string{"", "resident", "officer"} {
		b := p.browser()
		if persona != "" {
			b.signIn(persona)
		}
		for _, lang := range []string{"en", "cy"} {
			for _, path := range pagesToScan {
				pg := b.get(path + "?lang=" + lang)
				if strings.Contains(pg.Body, "[[") {
					t.Errorf("%s as %q in %s shows a missing catalogue key:\n%s", path, persona, lang, pg.Body)
				}
			}
		}
	}
}

func TestNotFoundIsBilingual(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	pg := b.get("/no-such-page")
	mustStatus(t, pg, http.StatusNotFound)
	mustContain(t, pg, "Page not found")
	pg = b.get("/no-such-page?lang=cy")
	mustStatus(t, pg, http.StatusNotFound)
	mustContain(t, pg, "Heb ddod o hyd i’r dudalen")
}

func TestSecurityHeaders(t *testing.T) {
	p := newPortal(t)
	pg := p.browser().get("/")
	for h, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Cache-Control":          "no-store",
		"Referrer-Policy":        "same-origin",
	} {
		if got := pg.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	csp := pg.Header.Get("Content-Security-Policy")
	for _, d := range []string{"default-src 'none'", "form-action 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("CSP %q lacks %q", csp, d)
		}
	}
}

// sessionCookies reads the cookies a visitor gets: on their first page (the
// CSRF cookie only: reading pages makes no session) and once a journey
// keeps something (a council tax look-up): the session cookie.
func sessionCookies(t *testing.T, client *http.Client, base string) (first, journey []*http.Cookie) {
	t.Helper()
	resp, err := client.Get(base + "/council-tax")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	first = resp.Cookies()
	m := csrfRE.FindSubmatch(body)
	if m == nil {
		t.Fatal("no CSRF token on the council tax page")
	}
	req, _ := http.NewRequest("POST", base+"/council-tax", strings.NewReader(url.Values{csrfField: {string(m[1])}, "account_reference": {"10000001"}, "postcode": {"AV1 1AA"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range first {
		req.AddCookie(c)
	}
	client = &http.Client{Transport: client.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("council tax look-up: status %d", resp.StatusCode)
	}
	return first, resp.Cookies()
}

func TestSessionCookieFlags(t *testing.T) {
	t.Run("plain HTTP", func(t *testing.T) {
		p := newPortal(t)
		first, journey := sessionCookies(t, http.DefaultClient, p.ts.URL)
		if c := findCookie(first, sessionCookieInsecure); c != nil {
			t.Errorf("reading a page made a session: %v", first)
		}
		for _, c := range []*http.Cookie{findCookie(first, csrfCookieInsecure), findCookie(journey, sessionCookieInsecure)} {
			if c == nil {
				t.Fatalf("missing cookie in %v, then %v", first, journey)
			}
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || c.Path != "/" {
				t.Errorf("cookie %+v: want HttpOnly, SameSite=Lax, not Secure, Path=/", c)
			}
			if len(c.Value) < 43 {
				t.Errorf("%s %d characters, want at least 43 (256 bits)", c.Name, len(c.Value))
			}
		}
	})
	t.Run("-secure-cookies", func(t *testing.T) {
		p := newPortalWith(t, func(c *config) { c.SecureCookies = true })
		first, journey := sessionCookies(t, http.DefaultClient, p.ts.URL)
		for _, c := range []*http.Cookie{findCookie(first, csrfCookieSecure), findCookie(journey, sessionCookieSecure)} {
			if c == nil || !c.Secure || !c.HttpOnly || c.Domain != "" {
				t.Errorf("want Secure, HttpOnly __Host- cookies with no Domain; got %v, then %v", first, journey)
			}
		}
	})
	t.Run("TLS", func(t *testing.T) {
		srv, err := newServer(context.Background(), config{Clock: councilkit.NewFixedClock(testNow), Log: discardLogger()})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewTLSServer(srv)
		defer ts.Close()
		_, journey := sessionCookies(t, ts.Client(), ts.URL)
		c := findCookie(journey, sessionCookieSecure)
		if c == nil || !c.Secure {
			t.Errorf("over TLS want a Secure %s cookie; got %v", sessionCookieSecure, journey)
		}

	})
}

func findCookie(cs []*http.Cookie, name string) *http.Cookie {
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestCSRF(t *testing.T) {
	p := newPortal(t)

	cases := []struct {
		name   string
		form   func(b *browser) url.Values
		header http.Header
	}{
		{"no token", func(*browser) url.Values { return url.Values{"persona": {"officer"}, "confidence": {"P2"}} }, nil},
		{"empty token", func(*browser) url.Values {
			return url.Values{"persona": {"officer"}, "confidence": {"P2"}, csrfField: {""}}
		}, nil},
		{"forged token", func(*browser) url.Values {
			return url.Values{"persona": {"officer"}, "confidence": {"P2"}, csrfField: {randomToken()}}
		}, nil},
		{"another session's token", func(*browser) url.Values {
			return url.Values{"persona": {"officer"}, "confidence": {"P2"}, csrfField: {p.browser().token()}}
		}, nil},
		{"right token, cross-site request", func(b *browser) url.Values {
			return url.Values{"persona": {"officer"}, "confidence": {"P2"}, csrfField: {b.token()}}
		}, http.Header{"Sec-Fetch-Site": {"cross-site"}}},
		{"right token, foreign Origin", func(b *browser) url.Values {
			return url.Values{"persona": {"officer"}, "confidence": {"P2"}, csrfField: {b.token()}}
		}, http.Header{"Origin": {"https://evil.example"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := p.browser()
			form := tc.form(b)
			for k, v := range tc.header {
				b.header[k] = v
			}
			pg := b.post(devSignInPath, form)
			mustStatus(t, pg, http.StatusForbidden)
			mustContain(t, pg, "Sorry, we could not accept that form", "Nothing has been saved or changed")
			// Nothing changed: still signed out.
			delete(b.header, "Sec-Fetch-Site")
			delete(b.header, "Origin")
			if pg := b.get("/"); !pg.has(`id="sign-in-link"`) {
				t.Error("a refused form signed the browser in")
			}
		})
	}

	t.Run("right token", func(t *testing.T) {
		b := p.browser()
		b.signIn("officer")
		if pg := b.get("/"); !pg.has("Sam Officer") {
			t.Error("valid form did not sign in")
		}
	})
}

func TestCSRFRefusalIsLoggedWithoutTheToken(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	forged := randomToken()
	b.post(devSignInPath, url.Values{"persona": {"officer"}, "confidence": {"P2"}, csrfField: {forged}})
	logs := p.logs.String()
	if !strings.Contains(logs, "csrf_rejected=true") {
		t.Errorf("refusal not logged:\n%s", logs)
	}
	if strings.Contains(logs, forged) {
		t.Error("log holds the submitted token")
	}
}

func TestSignInEmptyFormShowsErrorSummary(t *testing.T) {
	p := newPortal(t)
	for _, tc := range []struct{ lang, title, persona, confidence string }{
		{"en", "<title>Error: Local development sign-in", "Select who you want to sign in as", "Select whether their identity has been checked"},
		{"cy", "<title>Gwall: Mewngofnodi datblygu lleol", "Dewiswch fel pwy rydych chi am fewngofnodi", "Dewiswch a yw eu hunaniaeth wedi’i gwirio"},
	} {
		b := p.browser()
		b.get("/?lang=" + tc.lang)
		pg := b.submit(devSignInPath, url.Values{})
		mustStatus(t, pg, http.StatusUnprocessableEntity)
		mustContain(t, pg, tc.title, `class="govuk-error-summary"`, `<a href="#persona">`+tc.persona+`</a>`,
			`<a href="#confidence">`+tc.confidence+`</a>`, `id="persona-error"`, `govuk-form-group--error`)
		if pg := b.get("/"); !pg.has(`id="sign-in-link"`) {
			t.Error("an empty form signed the browser in")
		}
		// An unknown persona is no better.
		pg = b.submit(devSignInPath, url.Values{"persona": {"admin"}, "confidence": {"P9"}})
		mustStatus(t, pg, http.StatusUnprocessableEntity)
		mustContain(t, pg, `<a href="#persona">`, `<a href="#confidence">`)
	}
}

func TestSignInRotatesTheSession(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	mustStatus(t, b.submit("/council-tax", url.Values{"account_reference": {"10000001"}, "postcode": {"AV1 1AA"}}), http.StatusSeeOther)
	before := b.cookie(sessionCookieInsecure).Value
	b.signIn("resident")
	after := b.cookie(sessionCookieInsecure).Value
	if before == after {
		t.Fatal("session id unchanged by sign-in")
	}
	// The identifier from before sign-in is worthless now.
	old := p.browser()
	u, _ := url.Parse(p.ts.URL)
	old.client.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookieInsecure, Value: before}})
	if pg := old.get("/"); pg.has("Alex Example") {
		t.Error("pre-sign-in session id is signed in")
	}
	// Sign out: the session is ended, and the browser has none.
	pg := b.submit("/sign-out", nil)
	mustStatus(t, pg, http.StatusSeeOther)
	if c := b.cookie(sessionCookieInsecure); c != nil {
		t.Errorf("session cookie %v kept after sign-out", c)
	}
	if _, err := p.srv.portal.getSession(context.Background(), tokenKey(after), p.clock.Now()); !errors.Is(err, errNoSession) {
		t.Errorf("signed-in session still stored after sign-out: %v", err)
	}
	if pg := b.get("/"); pg.has("Alex Example") {
		t.Error("still signed in after sign-out")
	}
}

func TestSignInRedirectsOnlyWithinTheSite(t *testing.T) {
	p := newPortal(t)
	for next, want := range map[string]string{
		"/officer/planning":      "/officer/planning",
		"//evil.example/":        "/",
		"/\\evil.example":        "/",
		"https://evil.example/":  "/",
		"javascript:alert(1)":    "/",
		"":                       "/",
		"/ok\r\nSet-Cookie: x=y": "/",
	} {
		b := p.browser()
		pg := b.submit(devSignInPath, url.Values{"persona": {"officer"}, "confidence": {"P2"}, "next": {next}})
		mustStatus(t, pg, http.StatusSeeOther)
		pg = b.get(pg.Header.Get("Location"))
		mustStatus(t, pg, http.StatusSeeOther)
		if got := pg.Header.Get("Location"); got != want {
			t.Errorf("next=%q: Location %q, want %q", next, got, want)
		}
	}
}

func TestOfficerPagesNeedTheOfficerRole(t *testing.T) {
	p := newPortal(t)
	for _, path := range []string{"/officer/admissions", "/officer/planning", "/officer/payments"} {
		anon := p.browser()
		pg := anon.get(path)
		mustStatus(t, pg, http.StatusSeeOther)
		if loc := pg.Header.Get("Location"); loc != "/sign-in?next="+url.QueryEscape(path) {
			t.Errorf("%s anonymous: Location %q", path, loc)
		}

		res := p.browser()
		res.signIn("resident")
		pg = res.get(path)
		mustStatus(t, pg, http.StatusForbidden)
		mustContain(t, pg, "You cannot see this page")

		off := p.browser()
		off.signIn("officer")
		mustStatus(t, off.get(path), http.StatusOK)
	}
}

func TestSessionExpiresWhenIdle(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("resident")
	p.clock.Advance(29 * time.Minute)
	if pg := b.get("/"); !pg.has("Alex Example") {
		t.Fatal("signed out before 30 idle minutes")
	}
	p.clock.Advance(29 * time.Minute) // activity above reset the idle timer
	if pg := b.get("/"); !pg.has("Alex Example") {
		t.Fatal("idle timer not reset by activity")
	}
	p.clock.Advance(31 * time.Minute)
	if pg := b.get("/"); pg.has("Alex Example") {
		t.Fatal("still signed in after 31 idle minutes")
	}
}

func TestFormTooLarge(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	form := url.Values{"persona": {"resident"}, "pad": {strings.Repeat("x", maxFormBytes)}, csrfField: {b.token()}}
	pg := b.post(devSignInPath, form)
	mustStatus(t, pg, http.StatusRequestEntityTooLarge)
	if pg := b.get("/"); pg.has("Alex Example") {
		t.Error("an oversized form signed the browser in")
	}
}

func TestRequestLogHoldsNoPersonalData(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("resident")
	b.get("/?lang=cy")
	b.get("/no-such-page/AB123456C?postcode=SW1A+1AA")
	logs := p.logs.String()
	for _, secret := range []string{"Alex Example", "alex.example@", "1988-06-14", "AV1 1AA", "AB123456C", "SW1A", b.cookie(sessionCookieInsecure).Value, "dev-resident", "code=", "state="} {
		if strings.Contains(logs, secret) {
			t.Errorf("log holds %q:\n%s", secret, logs)
		}
	}
	for _, want := range []string{`route="GET /{$}"`, `route="POST /dev-sign-in"`, `route="GET /auth/callback"`, "status=303", "status=404"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
}

func TestRedactorHidesPersonalKeys(t *testing.T) {
	var buf syncBuffer
	log := newLogger(&buf, true).With("email", "alex@example.com")
	log.Info("event", "name", "Alex Example", "route", "GET /x",
		slog.Group("child", "given_names", "Sam"), slog.Group("meta", "postcode", "SW1A 1AA", "count", 3))
	out := buf.String()
	for _, secret := range []string{"alex@example.com", "Alex Example", "Sam", "SW1A 1AA"} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds %q: %s", secret, out)
		}
	}
	for _, want := range []string{`"route":"GET /x"`, `"count":3`, `"name":"[redacted]"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s: %s", want, out)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for p, want := range map[string]bool{
		"/": true, "/schools/apply": true, "/a?b=c": true,
		"": false, "//x": false, "/\\x": false, "http://x/": false, "x": false, "/a\nb": false,
	} {
		if got := localPath(p); got != want {
			t.Errorf("localPath(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestGracefulShutdownFinishesRequestsInFlight(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		_, _ = w.Write([]byte("done"))
	})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve(ctx, ln, h, discardLogger()) }()

	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		var sb strings.Builder
		buf := make([]byte, 16)
		n, _ := resp.Body.Read(buf)
		sb.Write(buf[:n])
		got <- sb.String()
	}()
	<-started
	cancel() // SIGINT arrives while a request is in flight
	select {
	case err := <-served:
		t.Fatalf("serve returned %v before the request in flight finished", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if body := <-got; body != "done" {
		t.Errorf("request in flight got %q, want done", body)
	}
	if err := <-served; err != nil {
		t.Errorf("serve: %v", err)
	}
	// New connections are refused.
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("listener still accepting after shutdown")
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	var out syncBuffer
	err := run(context.Background(), []string{"-no-such-flag"}, &out)
	if err == nil || errors.Is(err, context.Canceled) {
		t.Fatalf("run with a bad flag: %v", err)
	}
}
