package main

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/identity/onelogin"
	"github.com/lgds/councilkit/identity/onelogin/oneloginfake"
)

// Sign-in is OpenID Connect's authorization code flow through
// identity/onelogin, the relying party: /sign-in sends the resident to the
// provider asking for a level of trust, and /auth/callback checks the
// state, exchanges the code (private_key_jwt and PKCE), verifies the ID
// token (signature, issuer, audience, expiry, nonce, vot) and, when an
// identity check was asked for, the core identity. Nothing the provider
// sends is trusted before that.
//
// The provider is GOV.UK One Login when the portal is given a client ID
// and a private key (flags or environment variables, see main.go), and
// otherwise a local development provider: oneloginfake, started in-process
// on a loopback address, behind a page of the portal's own that is clearly
// labelled as not being One Login and lets the developer choose who signs
// in and whether their identity has been checked.
//
// Levels of trust. Every page that needs a resident asks for "Cl.Cm"
// (signed in with two factors, One Login's default) and only two journeys
// ask for more, "Cl.Cm.P2" (identity checked to medium confidence):
// applying for a school place, which decides a child's education on the
// parent's word about who and where they are, and the free school meals
// check, which looks the parent up in benefit records. Paying council tax
// needs no sign-in at all: anyone may pay a bill whose account reference
// they hold, as at a council's counter. Officer pages need "Cl.Cm" and the
// officer role. A resident signed in too low for a page is sent to sign in
// again at the level the page needs.
//
// Signing out ends the portal session and, with One Login, sends the user
// to One Login's end-session endpoint; One Login's back-channel logout
// (register /auth/backchannel-logout) ends every portal session of a user
// who signed out elsewhere.
//
// Officers. One Login knows nothing about council staff, so the portal
// decides: a signed-in user is an officer if their One Login subject is in
// the configured list, or if their email address, verified by One Login,
// is in the list or at a domain in it ("@ashdownvale.gov.uk"). The local
// development provider's officer persona is always an officer. A real
// council would more likely sign its staff in through its own identity
// provider (Microsoft Entra ID, say), keeping One Login for residents.

// Paths of the sign-in routes.
const (
	signInPath    = "/sign-in"
	callbackPath  = "/auth/callback"
	devSignInPath = "/dev-sign-in"
	// backChannelPath is the back_channel_logout_uri to register with One
	// Login. One Login POSTs a signed logout token there, server to
	// server, so it has no session and no CSRF token.
	backChannelPath = "/auth/backchannel-logout"
)

// oneLoginConfig is how the portal reaches GOV.UK One Login. The zero
// value (no ClientID) means the local development provider.
type oneLoginConfig struct {
	ClientID string
	// PrivateKey signs the client assertion; its public key is registered
	// with One Login.
	PrivateKey crypto.Signer
	// Environment is onelogin.Integration() or onelogin.Production().
	Environment onelogin.Environment
	// RedirectURL is the registered redirect URI, ending /auth/callback.
	RedirectURL string
	// PostLogoutRedirectURL is the registered post-logout redirect URI,
	// where One Login sends the user after signing out.
	PostLogoutRedirectURL string
	// HTTPClient, if set, makes the back-channel calls (tests).
	HTTPClient *http.Client
}

// localIssuerEnvironment is the onelogin.Environment of a One Login
// stand-in at issuer, for -onelogin-issuer: development and tests only,
// such as several portal processes sharing one oneloginfake provider, so
// that a sign-in begun on one can finish on another (the local
// development provider started by each process signs its own tokens). The
// issuer must be an http or https address on this machine (localhost or a
// loopback address) with no path: the flag cannot point a portal at
// anything but a fake on its own machine, so a deployment cannot be made
// to trust a third party's tokens through it. The identity issuer, DID
// document and DID are where oneloginfake serves them for that issuer, as
// Provider.Environment gives them.
func localIssuerEnvironment(issuer string) (onelogin.Environment, error) {
	u, err := url.Parse(issuer)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return onelogin.Environment{}, fmt.Errorf("-onelogin-issuer %q must be an issuer's address alone, like http://127.0.0.1:8443/", issuer)
	}
	host := u.Hostname()
	ip, ipErr := netip.ParseAddr(host)
	if !strings.EqualFold(host, "localhost") && (ipErr != nil || !ip.Unmap().IsLoopback()) {
		return onelogin.Environment{}, fmt.Errorf("-onelogin-issuer %q: only a One Login stand-in on this machine (localhost or a loopback address) may be used, for development and tests; use -onelogin-environment for GOV.UK One Login", issuer)
	}
	base := u.Scheme + "://" + u.Host
	return onelogin.Environment{
		Issuer:         base + "/",
		IdentityIssuer: base + "/identity/",
		DIDURL:         base + "/.well-known/did.json",
		DIDController:  "did:web:" + strings.ReplaceAll(u.Host, ":", "%3A"),
	}, nil
}

// officerRule recognises officers among signed-in users.
type officerRule struct {
	subjects map[string]bool
	emails   map[string]bool // lower case, exact addresses
	domains  map[string]bool // lower case, "@" included
}

// parseOfficers reads a comma-separated list of One Login subjects
// ("urn:fdc:gov.uk:2022:..."), email addresses and email domains
// ("@council.gov.uk").
func parseOfficers(list string) (officerRule, error) {
	r := officerRule{subjects: map[string]bool{}, emails: map[string]bool{}, domains: map[string]bool{}}
	for _, e := range strings.Split(list, ",") {
		e = strings.TrimSpace(e)
		switch {
		case e == "":
		case strings.HasPrefix(e, "@") && len(e) > 1 && !strings.Contains(e[1:], "@"):
			r.domains[strings.ToLower(e)] = true
		case strings.Contains(e, "@"):
			if strings.Count(e, "@") != 1 || strings.HasSuffix(e, "@") {
				return r, fmt.Errorf("portal: officer %q is not an email address", e)
			}
			r.emails[strings.ToLower(e)] = true
		default:
			r.subjects[e] = true
		}
	}
	return r, nil
}

// isOfficer reports whether the resident One Login signed in is an
// officer. Email addresses count only when One Login has verified them.
func (o officerRule) isOfficer(res *onelogin.Resident) bool {
	if o.subjects[res.Subject] {
		return true
	}
	if !res.EmailVerified || res.Email == "" {
		return false
	}
	email := strings.ToLower(res.Email)
	if o.emails[email] {
		return true
	}
	at := strings.LastIndexByte(email, '@')
	return at > 0 && o.domains[email[at:]]
}

// authenticator signs users in, through One Login or the local
// development provider.
type authenticator struct {
	oneLogin *onelogin.Client // One Login; nil for the local provider
	dev      *devProvider     // the local provider; nil with One Login
	officers officerRule
}

func newAuthenticator(ctx context.Context, cfg config) (*authenticator, error) {
	officers, err := parseOfficers(cfg.Officers)
	if err != nil {
		return nil, err
	}
	a := &authenticator{officers: officers}
	ol := cfg.OneLogin
	if ol.ClientID == "" {
		a.dev = newDevProvider(cfg.Clock)
		return a, nil
	}
	if ol.Environment.Issuer == "" {
		ol.Environment = onelogin.Integration()
	}
	a.oneLogin, err = onelogin.New(ctx, onelogin.Config{
		Environment:           ol.Environment,
		ClientID:              ol.ClientID,
		RedirectURL:           ol.RedirectURL,
		PostLogoutRedirectURL: ol.PostLogoutRedirectURL,
		PrivateKey:            ol.PrivateKey,
		UserAgent:             userAgent,
		HTTPClient:            ol.HTTPClient,
		Clock:                 cfg.Clock,
	})
	if err != nil {
		return nil, fmt.Errorf("portal: One Login: %w", err)
	}
	return a, nil
}

// userAgent is sent on back-channel calls to the provider, which One
// Login requires.
const userAgent = "councilkit-example-portal/1.0 (https://github.com/lgds/councilkit)"

// Close stops the local development provider, if it was started.
func (a *authenticator) Close() {
	if a.dev != nil {
		a.dev.Close()
	}
}

// pendingSignIn is kept in the session between sending the user to the
// provider and the callback. It holds the state, nonce and PKCE verifier,
// so it never leaves the server.
type pendingSignIn struct {
	Req onelogin.AuthRequest
	// Next is where to go afterwards, with the path prefix of the council
	// the sign-in started at, if it came by one.
	Next string
	// Dev names the local provider persona the sign-in went to.
	Dev string
	// Council is the council whose page the sign-in started at: the
	// local provider's officer persona is an officer of that council.
	Council councilkit.Council
}

// officerCouncils returns the councils whose officer pages res may use:
// those whose officer rules (config.Officers, config.CouncilOfficers)
// name res; with the local development provider, the officer persona is
// an officer of the council it signed in at, and of no other.
func (s *server) officerCouncils(res *onelogin.Resident, pending pendingSignIn) []councilkit.Council {
	var out []councilkit.Council
	for _, st := range s.sites.list {
		if st.officers.isOfficer(res) {
			out = append(out, st.council)
		}
	}
	if s.auth.dev != nil && !slices.Contains(out, pending.Council) {
		for _, p := range devPersonas {
			if p.officer && p.user.Subject == res.Subject {
				out = append(out, pending.Council)
			}
		}
	}
	return out
}

const sessionPendingSignIn = "signin:pending"

// signInURL is where a page sends someone who must sign in at need before
// coming back to next.
func signInURL(next string, need onelogin.Level) string {
	q := url.Values{"next": {next}}
	if need != onelogin.SignedIn() {
		q.Set("level", need.String())
	}
	return signInPath + "?" + q.Encode()
}

// requestedSignIn reads the next page and the level from a sign-in
// address. A level that does not parse, or is below One Login's default,
// is taken as the default; a next page that is not on this site as the
// start page.
func requestedSignIn(q url.Values) (next string, need onelogin.Level) {
	next = q.Get("next")
	if !localPath(next) {
		next = "/"
	}
	need = onelogin.SignedIn()
	if l, err := onelogin.ParseLevel(q.Get("level")); err == nil && l.Satisfies(onelogin.SignedIn()) {
		need = l
	}
	return next, need
}

// signIn starts a sign-in: with One Login, a redirect to its authorization
// endpoint; with the local provider, its labelled sign-in page.
func (s *server) signIn(w http.ResponseWriter, r *http.Request) {
	next, need := requestedSignIn(r.URL.Query())
	if s.auth.dev != nil {
		s.devSignInPage(w, r, http.StatusOK, next, need, "", "", nil)
		return
	}
	tag, _ := languageOf(r)
	authURL, req, err := s.auth.oneLogin.AuthURL(need, onelogin.AuthOptions{Language: tag})
	if err != nil {
		s.serverError(w, r, "sign in", err)
		return
	}
	sessionFrom(r).Set(sessionPendingSignIn, pendingSignIn{Req: req, Next: withBase(basePath(r), next), Council: s.councilOf(r)})
	http.Redirect(w, r, authURL, http.StatusSeeOther)
}

// callback completes a sign-in. The pending sign-in is used once: a
// replayed or forged callback finds none and changes nothing.
func (s *server) callback(w http.ResponseWriter, r *http.Request) {
	sess := sessionFrom(r)
	v, _ := sess.Get(sessionPendingSignIn)
	pending, ok := v.(pendingSignIn)
	if !ok {
		s.errorPage(w, r, http.StatusBadRequest, "err.signin")
		return
	}
	sess.Delete(sessionPendingSignIn)
	client := s.auth.oneLogin
	if s.auth.dev != nil {
		idp, err := s.auth.dev.provider(r.Context(), pending.Dev)
		if err != nil {
			s.serverError(w, r, "local sign-in provider", err)
			return
		}
		client = idp.client
	}
	res, err := client.Callback(r.Context(), r, pending.Req)
	notProven := errors.Is(err, onelogin.ErrIdentityNotProven) && res != nil
	if err != nil && !notProven {
		var ae *onelogin.AuthorizationError
		if errors.As(err, &ae) && ae.Code == "access_denied" {
			s.errorPage(w, r, http.StatusForbidden, "err.signin.denied")
			return
		}
		// Why is worth logging (the errors carry no tokens or personal
		// data); the user is told only to try again.
		s.log.WarnContext(r.Context(), "sign-in failed", "err", err)
		s.errorPage(w, r, http.StatusBadRequest, "err.signin")
		return
	}
	u := &user{Subject: res.Subject, Level: res.Level, Role: roleResident, Name: res.Email, Email: res.Email, idTokenHint: res.IDTokenHint}
	if n := strings.TrimSpace(res.Person.GivenNames + " " + res.Person.FamilyName); n != "" {
		u.Name = n
	}
	if !res.Person.DateOfBirth.IsZero() {
		p := res.Person
		u.Person = &p
	}
	if len(res.Addresses) > 0 {
		a := res.Addresses[0]
		u.Address = &a
	}
	u.OfficerOf = s.officerCouncils(res, pending)
	if len(u.OfficerOf) > 0 {
		u.Role = roleOfficer
	}
	if _, err := s.sessions.signIn(w, r, sess, u); err != nil {
		s.unavailable(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "signed in", "level", u.Level.String(), "officer", u.Role == roleOfficer)
	if notProven {
		// Signed in, but One Login could not check who they are: say so
		// rather than send them round again.
		s.identityNotProven(w, r, pending)
		return
	}
	http.Redirect(w, r, pending.Next, http.StatusSeeOther)
}

// signOutURL is where to send a user who has just signed out of the
// portal: One Login's end-session endpoint, so that they are signed out
// of One Login too (it then sends them to the post-logout redirect URI),
// or the start page.
func (s *server) signOutURL(u *user) string {
	if u == nil || u.idTokenHint == "" || s.auth.oneLogin == nil {
		return "/"
	}
	out, err := s.auth.oneLogin.LogoutURL(u.idTokenHint, randomToken())
	if err != nil {
		s.log.Warn("One Login logout", "err", err)
		return "/"
	}
	return out
}

// backChannelLogout ends every portal session of a user One Login says
// has signed out elsewhere. The logout token is verified by onelogin.
func (s *server) backChannelLogout() http.Handler {
	return s.auth.oneLogin.BackChannelLogoutHandler(func(ctx context.Context, ev onelogin.LogoutEvent) error {
		n, err := s.sessions.endSubject(ctx, ev.Subject)
		if err != nil {
			// One Login is told it failed, and may try again.
			return fmt.Errorf("portal: end sessions: %w", err)
		}
		s.log.InfoContext(ctx, "back-channel logout", "sessions", n)
		return nil
	})
}

// The local development provider.

// devPersona is someone the local provider can sign in.
type devPersona struct {
	key     string
	user    oneloginfake.User
	officer bool
}

// devPersonas are fictional. Each can sign in with or without an identity
// check.
var devPersonas = []devPersona{
	{key: "resident", user: oneloginfake.User{
		Subject:    "urn:fdc:gov.uk:2022:dev-resident-0001",
		Email:      "alex.example@example.com",
		Phone:      "+447700900123",
		GivenNames: []string{"Alex"},
		FamilyName: "Example",
		BirthDates: []string{"1988-06-14"},
		Address:    identity.Address{Lines: []string{"1 Example Row"}, Town: "Ashdown", Postcode: identity.MustParsePostcode("AV1 1AA")},
	}},
	{key: "officer", officer: true, user: oneloginfake.User{
		Subject:    "urn:fdc:gov.uk:2022:dev-officer-0001",
		Email:      "sam.officer@ashdownvale.example",
		Phone:      "+447700900456",
		GivenNames: []string{"Sam"},
		FamilyName: "Officer",
		BirthDates: []string{"1979-11-02"},
		Address:    identity.Address{Lines: []string{"2 Sample Street"}, Town: "Ashdown", Postcode: identity.MustParsePostcode("AV1 2AB")},
	}},
}

// devConfidences are the identity checks the local provider can simulate:
// none, or medium confidence.
var devConfidences = map[string]onelogin.Confidence{"P0": onelogin.P0, "P2": onelogin.P2}

// devRedirectURL is the redirect URI registered with the local provider.
// The portal makes the provider's front-channel call itself (see
// devSignInSubmit) and keeps only the path and query of where it
// redirects, so the host is a placeholder.
const devRedirectURL = "http://portal.localhost" + callbackPath

// devProvider runs a fake One Login for each persona and level of
// confidence, each on its own loopback address and started on first use.
// One provider per persona (rather than one switched between them) means
// concurrent sign-ins as different personas cannot mix up whose tokens are
// whose. The portal's client key is made at start and never stored.
type devProvider struct {
	clock councilkit.Clock
	key   *ecdsa.PrivateKey

	mu      sync.Mutex
	started map[string]*devIdP
	closed  bool
}

type devIdP struct {
	op     *oneloginfake.Provider
	client *onelogin.Client
}

func newDevProvider(clock councilkit.Clock) *devProvider {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return &devProvider{clock: clock, key: key, started: map[string]*devIdP{}}
}

// devKey names a persona at a level of confidence: "resident/P2".
func devKey(persona string, conf string) string { return persona + "/" + conf }

// provider returns the fake One Login for key, starting it if need be.
func (d *devProvider) provider(ctx context.Context, key string) (*devIdP, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil, errors.New("portal: local sign-in provider stopped")
	}
	if p, ok := d.started[key]; ok {
		return p, nil
	}
	name, confText, _ := strings.Cut(key, "/")
	conf, ok := devConfidences[confText]
	var persona *devPersona
	for i := range devPersonas {
		if devPersonas[i].key == name {
			persona = &devPersonas[i]
		}
	}
	if !ok || persona == nil {
		return nil, fmt.Errorf("portal: no local persona %q", key)
	}
	u := persona.user
	u.Confidence = conf
	op, err := oneloginfake.NewServer(oneloginfake.Config{
		ClientID:     "councilkit-example-portal",
		ClientKey:    d.key.Public(),
		RedirectURIs: []string{devRedirectURL},
		User:         u,
		Clock:        d.clock,
	})
	if err != nil {
		return nil, err
	}
	client, err := onelogin.New(ctx, onelogin.Config{
		Environment: op.Environment(),
		ClientID:    "councilkit-example-portal",
		RedirectURL: devRedirectURL,
		PrivateKey:  d.key,
		UserAgent:   userAgent,
		HTTPClient:  op.Client(),
		Clock:       d.clock,
	})
	if err != nil {
		op.Close()
		return nil, err
	}
	p := &devIdP{op: op, client: client}
	d.started[key] = p
	return p, nil
}

// Close stops every fake provider started.
func (d *devProvider) Close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, p := range d.started {
		p.op.Close()
	}
	d.started, d.closed = nil, true
}

type signInData struct {
	Next       string
	Level      onelogin.Level
	Persona    field
	Confidence field
	// Contact is the council whose page the sign-in started at, for the
	// identity page's other ways to apply; CanDefer says its journey may
	// go on without an identity check (identity.go).
	Contact  councilkit.Profile
	CanDefer bool
}

// NeedsIdentity reports whether the page asked for an identity check.
func (d signInData) NeedsIdentity() bool { return d.Level.NeedsIdentity() }

func (s *server) devSignInPage(w http.ResponseWriter, r *http.Request, status int, next string, need onelogin.Level, persona, conf string, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	if conf == "" && len(errs) == 0 {
		conf = "P2"
	}
	v.Data = signInData{
		Next: next, Level: need,
		Persona: v.Radios("persona", "signin.persona", persona, []option{
			{Value: "resident", Label: v.T("signin.resident"), Hint: v.T("signin.resident.hint")},
			{Value: "officer", Label: v.T("signin.officer"), Hint: v.T("signin.officer.hint")},
		}),
		Confidence: v.Radios("confidence", "signin.confidence", conf, []option{
			{Value: "P2", Label: v.T("signin.p2"), Hint: v.T("signin.p2.hint")},
			{Value: "P0", Label: v.T("signin.p0"), Hint: v.T("signin.p0.hint")},
		}),
	}
	s.render(w, r, status, "signin", v)
}

// devSignInSubmit signs in as the chosen persona: it asks that persona's
// fake One Login for the level the page needs, exactly as the browser
// would ask One Login, and sends the browser to the callback with the
// code the provider returned. The portal makes this front-channel call
// itself because the browser may not reach a loopback address of the
// server, and the content security policy lets forms post only to the
// portal.
func (s *server) devSignInSubmit(w http.ResponseWriter, r *http.Request) {
	next, need := requestedSignIn(r.PostForm)
	persona, conf := r.PostForm.Get("persona"), r.PostForm.Get("confidence")
	tag, _ := languageOf(r)
	var errs []fieldError
	known := false
	for _, p := range devPersonas {
		known = known || p.key == persona
	}
	if !known {
		errs = append(errs, fieldError{Field: "persona", ID: "persona", Message: text("signin.required", tag)})
		persona = ""
	}
	if _, ok := devConfidences[conf]; !ok {
		errs = append(errs, fieldError{Field: "confidence", ID: "confidence", Message: text("signin.confidence.required", tag)})
		conf = ""
	}
	if errs != nil {
		s.devSignInPage(w, r, http.StatusUnprocessableEntity, next, need, persona, conf, errs)
		return
	}
	key := devKey(persona, conf)
	idp, err := s.auth.dev.provider(r.Context(), key)
	if err != nil {
		s.serverError(w, r, "local sign-in provider", err)
		return
	}
	authURL, req, err := idp.client.AuthURL(need, onelogin.AuthOptions{Language: tag})
	if err != nil {
		s.serverError(w, r, "sign in", err)
		return
	}
	front := &http.Client{
		Transport:     idp.op.Client().Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	areq, err := http.NewRequestWithContext(r.Context(), http.MethodGet, authURL, nil)
	if err != nil {
		s.serverError(w, r, "local sign-in provider", err)
		return
	}
	resp, err := front.Do(areq)
	if err != nil {
		s.serverError(w, r, "local sign-in provider", err)
		return
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc.String(), devRedirectURL+"?") {
		s.serverError(w, r, "local sign-in provider", fmt.Errorf("authorize answered %d", resp.StatusCode))
		return
	}
	sessionFrom(r).Set(sessionPendingSignIn, pendingSignIn{Req: req, Next: withBase(basePath(r), next), Dev: key, Council: s.councilOf(r)})
	http.Redirect(w, r, callbackPath+"?"+loc.RawQuery, http.StatusSeeOther)
}

// loadPrivateKey reads the PEM private key registered with One Login:
// PKCS #8 ("PRIVATE KEY"), SEC 1 ("EC PRIVATE KEY") or PKCS #1 ("RSA
// PRIVATE KEY").
func loadPrivateKey(path string) (crypto.Signer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("portal: One Login private key: %w", err)
	}
	return parsePrivateKey(b)
}

func parsePrivateKey(b []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, errors.New("portal: One Login private key: no PEM block")
	}
	var key any
	var err error
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("portal: One Login private key: unexpected PEM block %q", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("portal: One Login private key: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, errors.New("portal: One Login private key: not a signing key")
	}
	return signer, nil
}
