package oneloginfake

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/identity/onelogin"
)

// User is the resident the fake signs in.
type User struct {
	Subject string
	Email   string
	Phone   string // E.164, as One Login returns it
	// GivenNames are the given name parts in order; FamilyName the family
	// name. FormerFamilyName, if set, is listed as a name with validUntil.
	GivenNames       []string
	FamilyName       string
	FormerFamilyName string
	// BirthDates, most confident first, as ISO 8601 dates.
	BirthDates []string
	// Confidence is the highest identity confidence this resident can
	// reach; a sign-in asking for more returns no core identity and the
	// return code "C".
	Confidence onelogin.Confidence
	Address    identity.Address
}

// DefaultUser returns a fictional resident proven to P2.
func DefaultUser() User {
	return User{
		Subject:    "urn:fdc:gov.uk:2022:fake-subject-0001",
		Email:      "resident@example.com",
		Phone:      "+447700900982",
		GivenNames: []string{"Siân", "Elin"},
		FamilyName: "O’Brien-Jones",
		BirthDates: []string{"1985-03-07"},
		Confidence: onelogin.P2,
		Address: identity.Address{
			Lines:    []string{"14 Heol y Frenhines"},
			Town:     "CAERDYDD",
			Postcode: identity.MustParsePostcode("CF10 1NS"),
			UPRN:     identity.MustParseUPRN("100023336956"),
		},
	}
}

// ErrConfig is wrapped by NewServer's error for a configuration it cannot
// use.
var ErrConfig = errors.New("oneloginfake: invalid configuration")

// Config configures a Provider. ClientID and ClientKey are required; every
// other field's zero value means the default it documents.
type Config struct {
	ClientID string
	// ClientKey is the public key of the client's private_key_jwt
	// assertions (*ecdsa.PublicKey or *rsa.PublicKey).
	ClientKey crypto.PublicKey
	// RedirectURIs and PostLogoutRedirectURIs registered for the client;
	// empty accepts any http(s) URI (development convenience).
	RedirectURIs           []string
	PostLogoutRedirectURIs []string
	// IDTokenAlgorithm is ES256 (the default when empty) or RS256.
	IDTokenAlgorithm string
	// User is the resident every sign-in signs in; a zero Subject means
	// DefaultUser.
	User User
	// Clock stamps tokens; nil means the system clock.
	Clock councilkit.Clock
}

// Hooks let a test tamper with what the provider issues. Each is called
// with the claims just before signing, or with the signed token just before
// it is sent; nil hooks do nothing.
type Hooks struct {
	IDTokenClaims      func(claims map[string]any)
	IDToken            func(raw string) string
	CoreIdentityClaims func(claims map[string]any)
	CoreIdentity       func(raw string) string
	UserInfo           func(doc map[string]any)
}

// Provider is the fake One Login. It is safe for concurrent use.
type Provider struct {
	srv *httptest.Server
	cfg Config

	mu          sync.Mutex
	hooks       Hooks
	keys        []signingKey // ID token keys, newest last
	identityKey signingKey   // signs core identities
	oldIdentity []signingKey // still published in the DID document
	didDown     bool
	codes       map[string]grant
	tokens      map[string]grant
	jtis        map[string]bool
	logouts     []url.Values
}

type signingKey struct {
	alg  jose.SignatureAlgorithm
	kid  string
	priv crypto.Signer
}

type grant struct {
	redirect, nonce, challenge, scope string
	level                             onelogin.Level
	identityClaims                    bool
	expires                           time.Time
	sid                               string
}

// NewServer starts a fake One Login on a loopback address. Close it when
// done. Its error wraps ErrConfig when cfg lacks ClientID or ClientKey, or
// names a key type or algorithm the fake does not support.
func NewServer(cfg Config) (*Provider, error) {
	if cfg.ClientID == "" || cfg.ClientKey == nil {
		return nil, fmt.Errorf("%w: ClientID and ClientKey are required", ErrConfig)
	}
	switch cfg.ClientKey.(type) {
	case *ecdsa.PublicKey, *rsa.PublicKey:
	default:
		return nil, fmt.Errorf("%w: ClientKey must be *ecdsa.PublicKey or *rsa.PublicKey", ErrConfig)
	}
	switch cfg.IDTokenAlgorithm {
	case "":
		cfg.IDTokenAlgorithm = "ES256"
	case "ES256", "RS256":
	default:
		return nil, fmt.Errorf("%w: IDTokenAlgorithm must be ES256 or RS256", ErrConfig)
	}
	if cfg.Clock == nil {
		cfg.Clock = councilkit.SystemClock{}
	}
	if cfg.User.Subject == "" {
		cfg.User = DefaultUser()
	}
	p := &Provider{cfg: cfg, codes: map[string]grant{}, tokens: map[string]grant{}, jtis: map[string]bool{}}
	// p.srv, which the handlers read, is set before the server serves (a
	// request from another process may arrive as soon as it listens); the
	// keys are set under mu.
	p.srv = httptest.NewUnstartedServer(p.routes())
	p.srv.Start()
	if err := p.RotateKey(); err != nil {
		p.srv.Close()
		return nil, err
	}
	ik, err := newKey(jose.ES256)
	if err != nil {
		p.srv.Close()
		return nil, err
	}
	ik.kid = p.didController() + "#" + ik.kid
	p.mu.Lock()
	p.identityKey = ik
	p.mu.Unlock()
	return p, nil
}

// URL is the provider's base URL.
func (p *Provider) URL() string { return p.srv.URL }

// Client returns an HTTP client for the server.
func (p *Provider) Client() *http.Client { return p.srv.Client() }

// Close shuts the server down.
func (p *Provider) Close() { p.srv.Close() }

// Authorize plays the browser's part of a sign-in: it follows authURL (from
// onelogin.Client.AuthURL) to the provider, which signs the current user in
// at once, and returns the request the provider redirects back with, ready
// for onelogin.Client.Callback. It returns an error if the provider does not
// redirect.
func (p *Provider) Authorize(authURL string) (*http.Request, error) {
	browser := p.Client()
	browser.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := browser.Get(authURL)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || !loc.IsAbs() {
		return nil, fmt.Errorf("oneloginfake: authorization answered %d, not a redirect", resp.StatusCode)
	}
	return httptest.NewRequest(http.MethodGet, loc.String(), nil), nil
}

// Environment returns the onelogin.Environment that points at this
// provider.
func (p *Provider) Environment() onelogin.Environment {
	return onelogin.Environment{
		Issuer:         p.issuer(),
		IdentityIssuer: p.srv.URL + "/identity/",
		DIDURL:         p.srv.URL + "/.well-known/did.json",
		DIDController:  p.didController(),
	}
}

func (p *Provider) issuer() string { return p.srv.URL + "/" }

func (p *Provider) didController() string {
	u, _ := url.Parse(p.srv.URL)
	return "did:web:" + strings.ReplaceAll(u.Host, ":", "%3A")
}

// SetHooks replaces the hooks.
func (p *Provider) SetHooks(h Hooks) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hooks = h
}

// SetUser replaces the resident who signs in.
func (p *Provider) SetUser(u User) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cfg.User = u
}

// RotateKey publishes a new ID token signing key and signs with it from
// now on; the previous key stays published until DropOldKeys.
func (p *Provider) RotateKey() error {
	k, err := newKey(jose.SignatureAlgorithm(p.cfg.IDTokenAlgorithm))
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys = append(p.keys, k)
	return nil
}

// RotateIdentityKey publishes a new core identity signing key in the DID
// document and signs with it from now on; the previous key stays published.
func (p *Provider) RotateIdentityKey() error {
	k, err := newKey(jose.ES256)
	if err != nil {
		return err
	}
	k.kid = p.didController() + "#" + k.kid
	p.mu.Lock()
	defer p.mu.Unlock()
	p.oldIdentity = append(p.oldIdentity, p.identityKey)
	p.identityKey = k
	return nil
}

// SetDIDDocumentDown makes the DID document answer 503, to test that a
// client keeps trusting the keys it has cached during an outage.
func (p *Provider) SetDIDDocumentDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.didDown = down
}

// DropOldKeys stops publishing every ID token key but the newest.
func (p *Provider) DropOldKeys() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys = p.keys[len(p.keys)-1:]
}

// Logouts returns the query of every /logout request received.
func (p *Provider) Logouts() []url.Values {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.logouts)
}

func newKey(alg jose.SignatureAlgorithm) (signingKey, error) {
	var priv crypto.Signer
	var err error
	switch alg {
	case jose.ES256:
		priv, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case jose.RS256:
		priv, err = rsa.GenerateKey(rand.Reader, 2048)
	default:
		return signingKey{}, fmt.Errorf("oneloginfake: unsupported algorithm %s", alg)
	}
	if err != nil {
		return signingKey{}, err
	}
	jwk := jose.JSONWebKey{Key: priv.Public()}
	tp, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return signingKey{}, err
	}
	return signingKey{alg: alg, kid: hex.EncodeToString(tp), priv: priv}, nil
}

// Sign signs claims as a JWT with the current ID token key, for building
// tokens in tests.
func (p *Provider) Sign(claims map[string]any) (string, error) {
	p.mu.Lock()
	k := p.keys[len(p.keys)-1]
	p.mu.Unlock()
	return sign(k, claims)
}

// SignWithoutKeyID signs claims with the current ID token key but leaves
// the kid out of the header, for testing that a client refuses such tokens
// as One Login requires.
func (p *Provider) SignWithoutKeyID(claims map[string]any) (string, error) {
	p.mu.Lock()
	k := p.keys[len(p.keys)-1]
	p.mu.Unlock()
	k.kid = ""
	return sign(k, claims)
}

// SignWithHeader signs claims with the current ID token key, adding the
// given members to the protected header (replacing kid or typ if named),
// for testing how a client treats headers One Login does not send.
func (p *Provider) SignWithHeader(claims, header map[string]any) (string, error) {
	p.mu.Lock()
	k := p.keys[len(p.keys)-1]
	p.mu.Unlock()
	return sign(k, claims, header)
}

func sign(k signingKey, claims map[string]any, header ...map[string]any) (string, error) {
	opts := (&jose.SignerOptions{}).WithType("JWT")
	if k.kid != "" {
		opts = opts.WithHeader(jose.HeaderKey("kid"), k.kid)
	}
	for _, h := range header {
		for name, v := range h {
			opts = opts.WithHeader(jose.HeaderKey(name), v)
		}
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: k.alg, Key: k.priv}, opts)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	obj, err := s.Sign(b)
	if err != nil {
		return "", err
	}
	return obj.CompactSerialize()
}

// LogoutToken returns a signed back-channel logout token for subject, as
// One Login would POST it; mutate, if not nil, may change the claims.
func (p *Provider) LogoutToken(subject string, mutate func(claims map[string]any)) (string, error) {
	now := p.cfg.Clock.Now()
	claims := map[string]any{
		"iss":    p.issuer(),
		"sub":    subject,
		"aud":    p.cfg.ClientID,
		"iat":    now.Unix(),
		"exp":    now.Add(2 * time.Minute).Unix(),
		"jti":    randomString(),
		"events": map[string]any{"http://schemas.openid.net/event/backchannel-logout": map[string]any{}},
	}
	if mutate != nil {
		mutate(claims)
	}
	return p.Sign(claims)
}

func randomString() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (p *Provider) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /.well-known/jwks.json", p.jwks)
	mux.HandleFunc("GET /.well-known/did.json", p.didDocument)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	mux.HandleFunc("GET /userinfo", p.userinfo)
	mux.HandleFunc("GET /logout", p.logout)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// One Login answers 403 to a direct (back-channel) call without a
		// User-Agent; the browser-facing endpoints always get one.
		if r.Header.Get("User-Agent") == "" && r.URL.Path != "/authorize" && r.URL.Path != "/logout" {
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "max-age=3600")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (p *Provider) discovery(w http.ResponseWriter, r *http.Request) {
	base := p.srv.URL
	writeJSON(w, 200, map[string]any{
		"issuer":                                p.issuer(),
		"authorization_endpoint":                base + "/authorize",
		"token_endpoint":                        base + "/token",
		"userinfo_endpoint":                     base + "/userinfo",
		"jwks_uri":                              base + "/.well-known/jwks.json",
		"end_session_endpoint":                  base + "/logout",
		"scopes_supported":                      []string{"openid", "email", "phone", "offline_access"},
		"response_types_supported":              []string{"code"},
		"grant_types_supported":                 []string{"authorization_code"},
		"token_endpoint_auth_methods_supported": []string{"private_key_jwt", "client_secret_post"},
		"id_token_signing_alg_values_supported": []string{"ES256", "RS256"},
		"subject_types_supported":               []string{"public", "pairwise"},
		"ui_locales_supported":                  []string{"en", "cy"},
		"vtr_values_supported":                  []string{"Cl.Cm", "Cl.Cm.P2", "Cl.Cm.P1", "Cl", "Cl.Cm.P0"},
		"backchannel_logout_supported":          true,
		"code_challenge_methods_supported":      []string{"S256"},
	})
}

func (p *Provider) jwks(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	var set jose.JSONWebKeySet
	for _, k := range p.keys {
		set.Keys = append(set.Keys, jose.JSONWebKey{Key: k.priv.Public(), KeyID: k.kid, Algorithm: string(k.alg), Use: "sig"})
	}
	p.mu.Unlock()
	writeJSON(w, 200, set)
}

func (p *Provider) didDocument(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	keys := append(slices.Clone(p.oldIdentity), p.identityKey)
	down := p.didDown
	p.mu.Unlock()
	if down {
		http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
		return
	}
	var methods []map[string]any
	for _, k := range keys {
		jwk := jose.JSONWebKey{Key: k.priv.Public()}
		b, _ := jwk.MarshalJSON()
		methods = append(methods, map[string]any{
			"id":           k.kid,
			"type":         "JsonWebKey",
			"controller":   p.didController(),
			"publicKeyJwk": json.RawMessage(b),
		})
	}
	writeJSON(w, 200, map[string]any{
		"@context":        []string{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"},
		"id":              p.didController(),
		"assertionMethod": methods,
	})
}

func (p *Provider) registered(uri string, list []string) bool {
	if len(list) == 0 {
		u, err := url.Parse(uri)
		return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
	}
	return slices.Contains(list, uri)
}

func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	if q.Get("client_id") != p.cfg.ClientID || !p.registered(redirect, p.cfg.RedirectURIs) {
		http.Error(w, "Invalid request", http.StatusBadRequest)
		return
	}
	fail := func(code, desc string) {
		v := url.Values{"error": {code}, "error_description": {desc}}
		if s := q.Get("state"); s != "" {
			v.Set("state", s)
		}
		http.Redirect(w, r, redirect+"?"+v.Encode(), http.StatusFound)
	}
	if q.Get("response_type") != "code" {
		fail("unsupported_response_type", "Unsupported response")
		return
	}
	scopes := strings.Fields(q.Get("scope"))
	if !slices.Contains(scopes, "openid") {
		fail("invalid_scope", "Invalid scope")
		return
	}
	if q.Get("state") == "" || q.Get("nonce") == "" {
		fail("invalid_request", "Request is missing parameters")
		return
	}
	level := onelogin.SignedIn()
	if v := q.Get("vtr"); v != "" {
		var vtr []string
		if err := json.Unmarshal([]byte(v), &vtr); err != nil || len(vtr) != 1 {
			fail("invalid_request", "Request vtr not valid")
			return
		}
		l, err := onelogin.ParseLevel(vtr[0])
		if err != nil {
			fail("invalid_request", "Request vtr not valid")
			return
		}
		level = l
	}
	if l := q.Get("ui_locales"); l != "" && l != "en" && l != "cy" {
		fail("invalid_request", "Unsupported ui_locales")
		return
	}
	challenge := q.Get("code_challenge")
	if challenge != "" && q.Get("code_challenge_method") != "S256" {
		fail("invalid_request", "Invalid code_challenge_method")
		return
	}
	identityClaims := false
	if c := q.Get("claims"); c != "" {
		var claims struct {
			Userinfo map[string]any `json:"userinfo"`
		}
		if err := json.Unmarshal([]byte(c), &claims); err != nil {
			fail("invalid_request", "Invalid claims")
			return
		}
		_, identityClaims = claims.Userinfo[onelogin.ClaimCoreIdentity]
	}
	code := randomString()
	p.mu.Lock()
	p.codes[code] = grant{redirect: redirect, nonce: q.Get("nonce"), challenge: challenge, scope: q.Get("scope"),
		level: level, identityClaims: identityClaims, expires: p.cfg.Clock.Now().Add(5 * time.Minute), sid: randomString()}
	p.mu.Unlock()
	v := url.Values{"code": {code}, "state": {q.Get("state")}}
	http.Redirect(w, r, redirect+"?"+v.Encode(), http.StatusFound)
}

func tokenError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("User-Agent") == "" {
		http.Error(w, "Forbidden", http.StatusForbidden)
		return
	}
	if err := r.ParseForm(); err != nil {
		tokenError(w, 400, "invalid_request", "Invalid request")
		return
	}
	f := r.PostForm
	if f.Get("grant_type") != "authorization_code" {
		tokenError(w, 400, "unsupported_grant_type", "Unsupported grant type")
		return
	}
	if f.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
		tokenError(w, 400, "invalid_client", "Invalid client authentication")
		return
	}
	if err := p.checkAssertion(f.Get("client_assertion")); err != nil {
		tokenError(w, 400, "invalid_client", "Invalid client authentication")
		return
	}
	p.mu.Lock()
	g, ok := p.codes[f.Get("code")]
	delete(p.codes, f.Get("code"))
	p.mu.Unlock()
	now := p.cfg.Clock.Now()
	if !ok || now.After(g.expires) || f.Get("redirect_uri") != g.redirect {
		tokenError(w, 400, "invalid_grant", "Invalid grant")
		return
	}
	if g.challenge != "" {
		sum := sha256.Sum256([]byte(f.Get("code_verifier")))
		if base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
			tokenError(w, 400, "invalid_grant", "PKCE code verification failed")
			return
		}
	}
	access := randomString()
	g.expires = now.Add(3 * time.Minute)
	p.mu.Lock()
	p.tokens[access] = g
	hooks, user, k := p.hooks, p.cfg.User, p.keys[len(p.keys)-1]
	p.mu.Unlock()
	atHash := sha256.Sum256([]byte(access))
	claims := map[string]any{
		"at_hash":   base64.RawURLEncoding.EncodeToString(atHash[:16]),
		"sub":       user.Subject,
		"aud":       p.cfg.ClientID,
		"iss":       p.issuer(),
		"vot":       g.level.Credential.String(),
		"exp":       now.Add(2 * time.Minute).Unix(),
		"iat":       now.Unix(),
		"nonce":     g.nonce,
		"vtm":       p.srv.URL + "/trustmark",
		"sid":       g.sid,
		"auth_time": now.Unix(),
	}
	if hooks.IDTokenClaims != nil {
		hooks.IDTokenClaims(claims)
	}
	idt, err := sign(k, claims)
	if err != nil {
		tokenError(w, 500, "server_error", "signing failed")
		return
	}
	if hooks.IDToken != nil {
		idt = hooks.IDToken(idt)
	}
	writeJSON(w, 200, map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": 180, "id_token": idt})
}

// checkAssertion verifies a private_key_jwt client assertion.
func (p *Provider) checkAssertion(raw string) error {
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.ES256, jose.RS256})
	if err != nil {
		return err
	}
	var c jwt.Claims
	if err := tok.Claims(p.cfg.ClientKey, &c); err != nil {
		return err
	}
	now := p.cfg.Clock.Now()
	if err := c.ValidateWithLeeway(jwt.Expected{Issuer: p.cfg.ClientID, Subject: p.cfg.ClientID,
		AnyAudience: jwt.Audience{p.srv.URL + "/token", p.issuer()}, Time: now}, time.Minute); err != nil {
		return err
	}
	if c.Expiry == nil || c.Expiry.Time().Sub(now) > 6*time.Minute || c.ID == "" {
		return errors.New("assertion lifetime or jti")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.jtis[c.ID] {
		return errors.New("assertion replayed")
	}
	p.jtis[c.ID] = true
	return nil
}

func (p *Provider) userinfo(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("User-Agent") == "" {
		http.Error(w, "Forbidden", http.StatusForbidden)
		return
	}
	access, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	p.mu.Lock()
	g, found := p.tokens[access]
	hooks, user, ik := p.hooks, p.cfg.User, p.identityKey
	p.mu.Unlock()
	now := p.cfg.Clock.Now()
	if !ok || !found || now.After(g.expires) {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
		return
	}
	doc := map[string]any{"sub": user.Subject}
	scopes := strings.Fields(g.scope)
	if slices.Contains(scopes, "email") {
		doc["email"], doc["email_verified"] = user.Email, true
	}
	if slices.Contains(scopes, "phone") {
		doc["phone_number"], doc["phone_number_verified"] = user.Phone, true
	}
	if g.level.NeedsIdentity() && g.identityClaims {
		if user.Confidence < g.level.Confidence {
			doc[onelogin.ClaimReturnCode] = []map[string]string{{"code": "C"}}
		} else {
			raw, err := p.coreIdentity(ik, user, g.level.Confidence, now, hooks)
			if err != nil {
				http.Error(w, "server error", 500)
				return
			}
			doc[onelogin.ClaimCoreIdentity] = raw
			doc[onelogin.ClaimAddress] = []map[string]any{postalAddress(user.Address)}
			doc[onelogin.ClaimReturnCode] = []map[string]string{}
		}
	}
	if hooks.UserInfo != nil {
		hooks.UserInfo(doc)
	}
	writeJSON(w, 200, doc)
}

func (p *Provider) coreIdentity(k signingKey, u User, conf onelogin.Confidence, now time.Time, hooks Hooks) (string, error) {
	var parts []map[string]string
	for _, g := range u.GivenNames {
		parts = append(parts, map[string]string{"type": "GivenName", "value": g})
	}
	names := []map[string]any{{"validFrom": "2020-03-01", "nameParts": append(parts, map[string]string{"type": "FamilyName", "value": u.FamilyName})}}
	if u.FormerFamilyName != "" {
		names = append(names, map[string]any{"validUntil": "2020-03-01", "nameParts": append(slices.Clone(parts), map[string]string{"type": "FamilyName", "value": u.FormerFamilyName})})
	}
	var dobs []map[string]string
	for _, d := range u.BirthDates {
		dobs = append(dobs, map[string]string{"value": d})
	}
	claims := map[string]any{
		"sub": u.Subject,
		"iss": p.srv.URL + "/identity/",
		"aud": p.cfg.ClientID,
		"nbf": now.Unix(),
		"iat": now.Unix(),
		"exp": now.Add(time.Hour).Unix(),
		"vot": conf.String(),
		"vtm": p.srv.URL + "/trustmark",
		"vc": map[string]any{
			"type":              []string{"VerifiableCredential", "VerifiableIdentityCredential"},
			"credentialSubject": map[string]any{"name": names, "birthDate": dobs},
		},
	}
	if hooks.CoreIdentityClaims != nil {
		hooks.CoreIdentityClaims(claims)
	}
	raw, err := sign(k, claims)
	if err != nil {
		return "", err
	}
	if hooks.CoreIdentity != nil {
		raw = hooks.CoreIdentity(raw)
	}
	return raw, nil
}

func postalAddress(a identity.Address) map[string]any {
	m := map[string]any{
		"addressLocality": a.Town,
		"postalCode":      a.Postcode.String(),
		"addressCountry":  "GB",
		"validFrom":       "2020-01-01",
	}
	if !a.UPRN.IsZero() {
		m["uprn"] = a.UPRN.String()
	}
	if len(a.Lines) > 0 {
		m["streetName"] = a.Lines[0]
	}
	return m
}

func (p *Provider) logout(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p.mu.Lock()
	p.logouts = append(p.logouts, q)
	p.mu.Unlock()
	target := q.Get("post_logout_redirect_uri")
	if target == "" || q.Get("id_token_hint") == "" || !p.registered(target, p.cfg.PostLogoutRedirectURIs) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("You have signed out of the fake GOV.UK One Login.\n"))
		return
	}
	if s := q.Get("state"); s != "" {
		target += "?state=" + url.QueryEscape(s)
	}
	http.Redirect(w, r, target, http.StatusFound)
}
