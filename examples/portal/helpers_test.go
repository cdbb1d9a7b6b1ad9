package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit"
)

// testNow is the portal's clock in tests: a Monday in the autumn term.
var testNow = time.Date(2026, time.November, 23, 10, 0, 0, 0, time.UTC)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// portal is a running test portal and what a test needs to drive it.
type portal struct {
	t     *testing.T
	srv   *server
	ts    *httptest.Server
	clock *councilkit.FixedClock
	logs  *syncBuffer
}

func newPortal(t *testing.T) *portal {
	t.Helper()
	return newPortalWith(t, func(*config) {})
}

func newPortalWith(t *testing.T, edit func(*config)) *portal {
	t.Helper()
	clock := councilkit.NewFixedClock(testNow)
	logs := &syncBuffer{}
	cfg := config{Clock: clock, Log: newLogger(logs, false)}
	edit(&cfg)
	srv, err := newServer(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &portal{t: t, srv: srv, ts: ts, clock: clock, logs: logs}
}

// browser is one resident's browser: a cookie jar that does not follow
// redirects, so tests see each response.
type browser struct {
	t      *testing.T
	p      *portal
	client *http.Client
	header http.Header // extra headers on every request
}

func (p *portal) browser() *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		p.t.Fatal(err)
	}
	return &browser{t: p.t, p: p, header: http.Header{}, client: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// page is a response with its body read.
type page struct {
	Status int
	Header http.Header
	Body   string
}

func (pg page) has(s string) bool { return strings.Contains(pg.Body, s) }

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	for k, v := range b.header {
		req.Header[k] = v
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return page{Status: resp.StatusCode, Header: resp.Header, Body: string(body)}
}

func (b *browser) get(path string) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.p.ts.URL+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// post sends a form as it is, with no CSRF token added.
func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.p.ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// token fetches a page and returns the CSRF token in its forms.
func (b *browser) token() string {
	b.t.Helper()
	pg := b.get("/council-tax")
	m := csrfRE.FindStringSubmatch(pg.Body)
	if m == nil {
		b.t.Fatalf("no CSRF token on the council tax page")
	}
	return m[1]
}

// submit posts a form with the session's CSRF token, as the browser would.
func (b *browser) submit(path string, form url.Values) page {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set(csrfField, b.token())
	return b.post(path, form)
}

// signIn signs in as a local persona ("resident" or "officer") whose
// identity has been checked, asking for the level the school and free
// school meals journeys need.
func (b *browser) signIn(persona string) {
	b.t.Helper()
	b.signInAs(persona, "P2", "Cl.Cm.P2")
}

// signInAs drives the whole OpenID Connect flow against the local
// development provider: the sign-in page, the persona form (the portal
// asks the fake One Login for a code), and the callback (the portal
// exchanges the code and verifies the tokens). It returns the callback's
// response.
func (b *browser) signInAs(persona, confidence, level string) page {
	b.t.Helper()
	q := url.Values{"next": {"/"}}
	if level != "" {
		q.Set("level", level)
	}
	pg := b.get(signInPath + "?" + q.Encode())
	mustStatus(b.t, pg, http.StatusOK)
	m := csrfRE.FindStringSubmatch(pg.Body)
	if m == nil {
		b.t.Fatal("no CSRF token on the sign-in page")
	}
	pg = b.post(devSignInPath, url.Values{"persona": {persona}, "confidence": {confidence}, "level": {level}, "next": {"/"}, csrfField: {m[1]}})
	mustStatus(b.t, pg, http.StatusSeeOther)
	loc := pg.Header.Get("Location")
	if !strings.HasPrefix(loc, callbackPath+"?") {
		b.t.Fatalf("sign in as %s: sent to %q", persona, loc)
	}
	pg = b.get(loc)
	if pg.Status != http.StatusSeeOther && pg.Status != http.StatusForbidden {
		b.t.Fatalf("sign in as %s: callback status %d:\n%s", persona, pg.Status, pg.Body)
	}
	return pg
}

// cookie returns the named cookie the browser holds for the portal.
func (b *browser) cookie(name string) *http.Cookie {
	u, _ := url.Parse(b.p.ts.URL)
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// mustStatus fails unless the page has the status.
func mustStatus(t *testing.T, pg page, want int) {
	t.Helper()
	if pg.Status != want {
		t.Fatalf("status %d, want %d; body:\n%s", pg.Status, want, pg.Body)
	}
}

// mustContain fails unless the page holds every string.
func mustContain(t *testing.T, pg page, want ...string) {
	t.Helper()
	for _, w := range want {
		if !pg.has(w) {
			t.Errorf("page lacks %q; body:\n%s", w, pg.Body)
		}
	}
}

// discardLogger is for tests that do not look at logs.
func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
