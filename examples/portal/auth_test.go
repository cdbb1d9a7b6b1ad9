package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity/onelogin"
	"github.com/lgds/councilkit/identity/onelogin/oneloginfake"
)

// signedInAs returns the name the page header shows, or "".
func signedInAs(pg page) string {
	_, after, ok := strings.Cut(pg.Body, `id="signed-in-user">`)
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(after, "<")
	return strings.TrimPrefix(strings.TrimSpace(name), "Signed in as ")
}

func TestDevSignInPageIsLabelled(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	pg := b.get("/sign-in?level=Cl.Cm.P2&next=%2Fschools")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, "Local development provider – not GOV.UK One Login", "It asks for no password and checks no identity",
		`id="level-needed"`, "Cl.Cm.P2", `name="next" value="/schools"`, `action="/dev-sign-in"`)
	pg = b.get("/sign-in?lang=cy")
	mustContain(t, pg, "Darparwr datblygu lleol – nid GOV.UK One Login")
	if strings.Contains(pg.Body, `id="level-needed"`) {
		t.Error("plain sign-in says an identity check is needed")
	}
}

// A resident signed in without an identity check is asked to sign in
// again, at Cl.Cm.P2, by the journeys that need it, and only by them.
func TestJourneysDemandIdentityOnlyWhereNeeded(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	pg := b.signInAs("resident", "P2", "")
	mustStatus(t, pg, http.StatusSeeOther)
	home := b.get("/")
	if got := signedInAs(home); got != "alex.example@example.com" {
		t.Errorf("signed in at Cl.Cm as %q, want the email address (no identity was asked for)", got)
	}
	u := b.sessionUser()
	if u.Level != onelogin.SignedIn() || u.Person != nil || u.Role != roleResident {
		t.Errorf("user %+v after a Cl.Cm sign-in", u)
	}
	for _, path := range []string{"/schools", "/schools/child", "/free-school-meals"} {
		pg := b.get(path)
		mustStatus(t, pg, http.StatusSeeOther)
		want := "/sign-in?" + (url.Values{"level": {"Cl.Cm.P2"}, "next": {path}}).Encode()
		if pg.Header.Get("Location") != want {
			t.Errorf("%s at Cl.Cm: Location %q, want %q", path, pg.Header.Get("Location"), want)
		}
	}
	// Council tax needs no sign-in, and Cl.Cm is enough for planning.
	mustStatus(t, b.get("/council-tax"), http.StatusOK)
	mustStatus(t, b.get("/planning"), http.StatusOK)

	// Stepping up: the identity check gives the verified name.
	mustStatus(t, b.signInAs("resident", "P2", "Cl.Cm.P2"), http.StatusSeeOther)
	if got := signedInAs(b.get("/")); got != "Alex Example" {
		t.Errorf("signed in at Cl.Cm.P2 as %q", got)
	}
	u = b.sessionUser()
	if u.Level != onelogin.IdentityChecked() || u.Person == nil || u.Person.DateOfBirth.String() != "1988-06-14" || u.Address == nil {
		t.Errorf("user %+v after an identity check", u)
	}
	for _, path := range []string{"/schools", "/schools/child", "/free-school-meals"} {
		mustStatus(t, b.get(path), http.StatusOK)
	}
}

// When One Login cannot prove the resident's identity, they are signed in
// at Cl.Cm and told so, not sent round again; the journeys still refuse.
func TestIdentityNotProven(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	pg := b.signInAs("resident", "P0", "Cl.Cm.P2")
	mustStatus(t, pg, http.StatusForbidden)
	mustContain(t, pg, "We could not confirm your identity", `id="try-again"`, "level=Cl.Cm.P2")
	if u := b.sessionUser(); u == nil || u.Level != onelogin.SignedIn() {
		t.Fatalf("user %+v after an unproven identity check", u)
	}
	pg = b.get("/schools")
	mustStatus(t, pg, http.StatusSeeOther)
	if !strings.Contains(pg.Header.Get("Location"), "level=Cl.Cm.P2") {
		t.Errorf("Location %q", pg.Header.Get("Location"))
	}
	if n := p.countApplications(t); n != len(p.srv.sites.list[0].seedApps) {
		t.Errorf("%d applications", n)
	}
}

// sessionUser returns who the browser's session has signed in, or nil.
func (b *browser) sessionUser() *user {
	b.t.Helper()
	c := b.cookie(sessionCookieInsecure)
	if c == nil {
		return nil
	}
	rec, err := b.p.srv.portal.getSession(context.Background(), tokenKey(c.Value), b.p.clock.Now())
	if err != nil {
		return nil
	}
	u, _, err := decodeSession(rec.Data)
	if err != nil {
		b.t.Fatal(err)
	}
	return u
}

// The callback acts once, for the sign-in this browser started, with the
// state it was given.
func TestCallbackRefusesForgedAndReplayedResponses(t *testing.T) {
	p := newPortal(t)

	// No sign-in started.
	b := p.browser()
	pg := b.get(callbackPath + "?code=made-up&state=made-up")
	mustStatus(t, pg, http.StatusBadRequest)
	mustContain(t, pg, "Sorry, you could not be signed in")

	// A state that is not the one sent: refused, and the pending sign-in
	// is spent, so the real response cannot be used after a forged one.
	b = p.browser()
	loc := b.startDevSignIn("officer")
	u, _ := url.Parse(loc)
	q := u.Query()
	q.Set("state", "forged")
	mustStatus(t, b.get(callbackPath+"?"+q.Encode()), http.StatusBadRequest)
	mustStatus(t, b.get(loc), http.StatusBadRequest)
	if b.sessionUser() != nil {
		t.Error("signed in by a forged callback")
	}

	// Another browser's callback is useless here.
	victim, attacker := p.browser(), p.browser()
	loc = victim.startDevSignIn("officer")
	attacker.get("/")
	mustStatus(t, attacker.get(loc), http.StatusBadRequest)
	if attacker.sessionUser() != nil {
		t.Error("a callback signed in a browser that did not start the sign-in")
	}

	// A replay after success changes nothing.
	mustStatus(t, victim.get(loc), http.StatusSeeOther)
	if u := victim.sessionUser(); u == nil || u.Role != roleOfficer {
		t.Fatalf("officer not signed in: %+v", u)
	}
	mustStatus(t, victim.get(loc), http.StatusBadRequest)
	if u := victim.sessionUser(); u == nil || u.Role != roleOfficer {
		t.Error("a replayed callback signed the officer out")
	}
	if logs := p.logs.String(); !strings.Contains(logs, "sign-in failed") || strings.Contains(logs, "code=") {
		t.Errorf("failed sign-ins not logged, or logged with the code:\n%s", logs)
	}
}

// startDevSignIn submits the local provider's form and returns the
// callback address it sends the browser to, without following it.
func (b *browser) startDevSignIn(persona string) string {
	b.t.Helper()
	pg := b.submit(devSignInPath, url.Values{"persona": {persona}, "confidence": {"P2"}})
	mustStatus(b.t, pg, http.StatusSeeOther)
	return pg.Header.Get("Location")
}

func TestOfficerRule(t *testing.T) {
	rule, err := parseOfficers(" urn:fdc:gov.uk:2022:abc , Jo.Bloggs@Example.gov.uk, @ashdownvale.gov.uk,,")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		res  onelogin.Resident
		want bool
	}{
		{"listed subject", onelogin.Resident{Subject: "urn:fdc:gov.uk:2022:abc"}, true},
		{"listed subject, no email", onelogin.Resident{Subject: "urn:fdc:gov.uk:2022:abc", Email: ""}, true},
		{"other subject", onelogin.Resident{Subject: "urn:fdc:gov.uk:2022:abd"}, false},
		{"listed email, any case", onelogin.Resident{Subject: "x", Email: "jo.bloggs@example.GOV.uk", EmailVerified: true}, true},
		{"listed email, unverified", onelogin.Resident{Subject: "x", Email: "jo.bloggs@example.gov.uk"}, false},
		{"domain", onelogin.Resident{Subject: "x", Email: "sam@ashdownvale.gov.uk", EmailVerified: true}, true},
		{"domain, unverified", onelogin.Resident{Subject: "x", Email: "sam@ashdownvale.gov.uk"}, false},
		{"subdomain is not the domain", onelogin.Resident{Subject: "x", Email: "sam@evil.ashdownvale.gov.uk", EmailVerified: true}, false},
		{"domain as a suffix", onelogin.Resident{Subject: "x", Email: "sam@notashdownvale.gov.uk", EmailVerified: true}, false},
		{"domain in the local part", onelogin.Resident{Subject: "x", Email: "ashdownvale.gov.uk@evil.example", EmailVerified: true}, false},
	} {
		if got := rule.isOfficer(&tc.res); got != tc.want {
			t.Errorf("%s: officer %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, bad := range []string{"a@b@c", "someone@"} {
		if _, err := parseOfficers(bad); err == nil {
			t.Errorf("parseOfficers(%q) accepted", bad)
		}
	}
}

// oneLoginPortal starts a portal configured for One Login, with a fake One
// Login standing in for the real one, as it would be configured in
// production apart from the Environment.
func oneLoginPortal(t *testing.T, officers string) (*portal, *oneloginfake.Provider) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	op, err := oneloginfake.NewServer(oneloginfake.Config{
		ClientID: "portal-client", ClientKey: key.Public(),
		RedirectURIs: []string{"https://portal.example/auth/callback"},
		Clock:        councilkit.NewFixedClock(testNow),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(op.Close)
	p := newPortalWith(t, func(c *config) {
		c.Officers = officers
		c.OneLogin = oneLoginConfig{
			ClientID: "portal-client", PrivateKey: key, Environment: op.Environment(),
			RedirectURL: "https://portal.example/auth/callback", PostLogoutRedirectURL: "https://portal.example/",
			HTTPClient: op.Client(),
		}
	})
	return p, op
}

// oneLoginSignIn follows /sign-in to the fake One Login and back, as a
// browser would, and returns the callback's response.
func (b *browser) oneLoginSignIn(op *oneloginfake.Provider, path string) (authorize *url.URL, callback page) {
	b.t.Helper()
	pg := b.get(path)
	mustStatus(b.t, pg, http.StatusSeeOther)
	authorize, err := url.Parse(pg.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(authorize.String(), op.URL()+"/authorize?") {
		b.t.Fatalf("sign-in went to %q", pg.Header.Get("Location"))
	}
	c := op.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Get(authorize.String())
	if err != nil {
		b.t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || back.Host != "portal.example" {
		b.t.Fatalf("One Login redirected to %q", resp.Header.Get("Location"))
	}
	return authorize, b.get(back.Path + "?" + back.RawQuery)
}

func TestOneLoginSignIn(t *testing.T) {
	p, op := oneLoginPortal(t, "@example.com")
	b := p.browser()

	// No local provider: no labelled page, no form.
	mustStatus(t, b.submit(devSignInPath, url.Values{"persona": {"officer"}, "confidence": {"P2"}}), http.StatusNotFound)

	// The journey asks for an identity check, in Welsh.
	b.get("/?lang=cy")
	pg := b.get("/schools")
	mustStatus(t, pg, http.StatusSeeOther)
	authorize, cb := b.oneLoginSignIn(op, pg.Header.Get("Location"))
	q := authorize.Query()
	var vtr []string
	if err := json.Unmarshal([]byte(q.Get("vtr")), &vtr); err != nil || len(vtr) != 1 || vtr[0] != "Cl.Cm.P2" {
		t.Errorf("vtr %q, want [\"Cl.Cm.P2\"]", q.Get("vtr"))
	}
	if q.Get("ui_locales") != "cy" || q.Get("nonce") == "" || q.Get("code_challenge_method") != "S256" || !strings.Contains(q.Get("claims"), onelogin.ClaimCoreIdentity) {
		t.Errorf("authorization request %v", q)
	}
	mustStatus(t, cb, http.StatusSeeOther)
	if cb.Header.Get("Location") != "/schools" {
		t.Errorf("back to %q", cb.Header.Get("Location"))
	}
	mustStatus(t, b.get("/schools"), http.StatusOK)
	u := b.sessionUser()
	if u.Level != onelogin.IdentityChecked() || u.Role != roleOfficer || u.Name != "Siân Elin O’Brien-Jones" {
		t.Errorf("user %+v; resident@example.com is an officer by the @example.com rule", u)
	}

	// The header's sign-in link asks for One Login's default only.
	c := p.browser()
	authorize, cb = c.oneLoginSignIn(op, "/sign-in")
	if got := authorize.Query().Get("vtr"); got != `["Cl.Cm"]` || authorize.Query().Has("claims") {
		t.Errorf("plain sign-in asked for vtr %s with claims %q", got, authorize.Query().Get("claims"))
	}
	mustStatus(t, cb, http.StatusSeeOther)
	if u := c.sessionUser(); u.Level != onelogin.SignedIn() || u.Name != "resident@example.com" {
		t.Errorf("user %+v", u)
	}
}

func TestOneLoginOfficersOnlyWhenListed(t *testing.T) {
	p, op := oneLoginPortal(t, "")
	b := p.browser()
	_, cb := b.oneLoginSignIn(op, "/sign-in?next=%2Fofficer%2Fpayments")
	mustStatus(t, cb, http.StatusSeeOther)
	mustStatus(t, b.get("/officer/payments"), http.StatusForbidden)
	if u := b.sessionUser(); u.Role != roleResident {
		t.Errorf("unlisted user has role %d", u.Role)
	}
}

// A tampered ID token (here, a nonce from another sign-in) signs nobody
// in: the relying party's checks are in force in the portal.
func TestOneLoginTamperedTokenRefused(t *testing.T) {
	p, op := oneLoginPortal(t, "")
	op.SetHooks(oneloginfake.Hooks{IDTokenClaims: func(c map[string]any) { c["nonce"] = "another" }})
	b := p.browser()
	_, cb := b.oneLoginSignIn(op, "/sign-in")
	mustStatus(t, cb, http.StatusBadRequest)
	if b.sessionUser() != nil {
		t.Error("signed in with a tampered ID token")
	}
	if !strings.Contains(p.logs.String(), "nonce") {
		t.Errorf("reason not logged:\n%s", p.logs.String())
	}
}

func TestOneLoginDenied(t *testing.T) {
	p, _ := oneLoginPortal(t, "")
	b := p.browser()
	pg := b.get("/sign-in")
	loc, _ := url.Parse(pg.Header.Get("Location"))
	// The resident cancels at One Login, which redirects back with an error.
	pg = b.get(callbackPath + "?" + url.Values{"error": {"access_denied"}, "state": {loc.Query().Get("state")}}.Encode())
	mustStatus(t, pg, http.StatusForbidden)
	mustContain(t, pg, "You did not sign in")
	if b.sessionUser() != nil {
		t.Error("signed in after access_denied")
	}
}

func TestOneLoginFormActionAllowsOneLogin(t *testing.T) {
	p, op := oneLoginPortal(t, "")
	csp := p.browser().get("/").Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "form-action 'self' "+op.URL()+";") {
		t.Errorf("CSP %q", csp)
	}
	csp = newPortal(t).browser().get("/").Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "form-action 'self';") {
		t.Errorf("CSP %q", csp)
	}
}

func TestOneLoginFlags(t *testing.T) {
	dir := t.TempDir()
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(ec)
	sec1, _ := x509.MarshalECPrivateKey(ec)
	rk, _ := rsa.GenerateKey(rand.Reader, 2048)
	files := map[string][]byte{
		"pkcs8.pem": pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}),
		"sec1.pem":  pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1}),
		"rsa.pem":   pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rk)}),
		"cert.pem":  pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1}}),
		"junk.pem":  []byte("not a key"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"pkcs8.pem", "sec1.pem", "rsa.pem"} {
		ol, err := oneLoginFromFlags("client", filepath.Join(dir, name), "production", "", "https://services.example.gov.uk/")
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		logout, err := postLogoutURL("", ol.RedirectURL)
		if ol.Environment != onelogin.Production() || ol.RedirectURL != "https://services.example.gov.uk/auth/callback" || ol.PrivateKey == nil ||
			err != nil || logout != "https://services.example.gov.uk/" {
			t.Errorf("%s: %+v", name, ol)
		}
	}
	for _, tc := range []struct{ name, key, env, redirect, public string }{
		{"no key", "", "integration", "https://x/auth/callback", ""},
		{"missing file", filepath.Join(dir, "nope.pem"), "integration", "https://x/auth/callback", ""},
		{"certificate", filepath.Join(dir, "cert.pem"), "integration", "https://x/auth/callback", ""},
		{"junk", filepath.Join(dir, "junk.pem"), "integration", "https://x/auth/callback", ""},
		{"unknown environment", filepath.Join(dir, "sec1.pem"), "staging", "https://x/auth/callback", ""},
		{"no redirect", filepath.Join(dir, "sec1.pem"), "integration", "", ""},
	} {
		if _, err := oneLoginFromFlags("client", tc.key, tc.env, tc.redirect, tc.public); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}

// What the identity check established is used: the parent on a school
// application is the verified person, and the free school meals form
// starts with the parent's verified name and date of birth.
func TestVerifiedIdentityIsUsed(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("resident")
	b.apply("9910000001", "990101")
	a, err := p.srv.adm.store.Get(context.Background(), p.srv.sites.list[0].council, "AVC-2027-00001")
	if err != nil {
		t.Fatal(err)
	}
	if a.Parent.GivenNames != "Alex" || a.Parent.FamilyName != "Example" || a.Parent.DateOfBirth.String() != "1988-06-14" {
		t.Errorf("parent on the application: %+v", a.Parent)
	}
	pg := b.get("/free-school-meals")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, `value="Example"`, `value="14"`, `value="6"`, `value="1988"`)
}

// Signing out with One Login signs out of One Login too: the portal sends
// the browser to the end-session endpoint with the ID token as a hint.
// The local provider has no session to end.
func TestSignOutEndsTheOneLoginSession(t *testing.T) {
	p, op := oneLoginPortal(t, "")
	b := p.browser()
	_, cb := b.oneLoginSignIn(op, "/sign-in")
	mustStatus(t, cb, http.StatusSeeOther)
	pg := b.submit("/sign-out", nil)
	mustStatus(t, pg, http.StatusSeeOther)
	out, err := url.Parse(pg.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(out.String(), op.URL()+"/logout?") {
		t.Fatalf("sign-out went to %q", pg.Header.Get("Location"))
	}
	if q := out.Query(); q.Get("id_token_hint") == "" || q.Get("post_logout_redirect_uri") != "https://portal.example/" {
		t.Errorf("logout request %v", q)
	}
	if b.sessionUser() != nil {
		t.Error("still signed in to the portal")
	}

	dev := newPortal(t).browser()
	dev.signIn("resident")
	if loc := dev.submit("/sign-out", nil).Header.Get("Location"); loc != "/" {
		t.Errorf("local sign-out went to %q", loc)
	}
}

func TestRunRefusesIncompleteOneLoginSettings(t *testing.T) {
	for _, args := range [][]string{
		{"-onelogin-client-id", "client"},
		{"-onelogin-client-id", "client", "-onelogin-key", filepath.Join(t.TempDir(), "missing.pem")},
		{"-onelogin-client-id", "client", "-onelogin-environment", "staging"},
	} {
		var out strings.Builder
		if err := run(context.Background(), args, &out); err == nil {
			t.Errorf("run %q started", args)
		}
	}
}

// One Login's back-channel logout ends every portal session of the user,
// and only on a logout token that verifies.
func TestBackChannelLogout(t *testing.T) {
	p, op := oneLoginPortal(t, "")
	a, b := p.browser(), p.browser()
	for _, br := range []*browser{a, b} {
		_, cb := br.oneLoginSignIn(op, "/sign-in")
		mustStatus(t, cb, http.StatusSeeOther)
	}
	subject := a.sessionUser().Subject
	post := func(token string) int {
		t.Helper()
		resp, err := http.PostForm(p.ts.URL+backChannelPath, url.Values{"logout_token": {token}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	wrongAudience, err := op.LogoutToken(subject, func(c map[string]any) { c["aud"] = "another-service" })
	if err != nil {
		t.Fatal(err)
	}
	for name, token := range map[string]string{"wrong audience": wrongAudience, "not a token": "x.y.z"} {
		if code := post(token); code != http.StatusBadRequest {
			t.Errorf("%s: status %d", name, code)
		}
	}
	if a.sessionUser() == nil || b.sessionUser() == nil {
		t.Fatal("a refused logout token ended sessions")
	}
	token, err := op.LogoutToken(subject, nil)
	if err != nil {
		t.Fatal(err)
	}
	if code := post(token); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if a.sessionUser() != nil || b.sessionUser() != nil {
		t.Error("sessions survive back-channel logout")
	}
	// Without One Login there is no such endpoint: the form is refused
	// like any other without a CSRF token.
	resp, err := http.PostForm(newPortal(t).ts.URL+backChannelPath, url.Values{"logout_token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("local provider: status %d", resp.StatusCode)
	}
}
