package onelogin

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"golang.org/x/oauth2"
	"golang.org/x/text/language"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity"
)

// Environment names the One Login environment a Client talks to.
type Environment struct {
	// Issuer is the OpenID provider's issuer identifier, with its trailing
	// slash; discovery is at Issuer + ".well-known/openid-configuration".
	Issuer string
	// IdentityIssuer is the iss of core identity JWTs.
	IdentityIssuer string
	// DIDURL is the only place core identity signing keys are trusted from.
	DIDURL string
	// DIDController is the DID the keys belong to; a core identity JWT's
	// kid is DIDController + "#" + key id.
	DIDController string
}

// Integration returns One Login's integration (test) environment, as
// published in "Authenticate your user" and "Prove your user's identity"
// (docs.sign-in.service.gov.uk).
func Integration() Environment {
	return Environment{
		Issuer:         "https://oidc.integration.account.gov.uk/",
		IdentityIssuer: "https://identity.integration.account.gov.uk/",
		DIDURL:         "https://identity.integration.account.gov.uk/.well-known/did.json",
		DIDController:  "did:web:identity.integration.account.gov.uk",
	}
}

// Production returns One Login's production environment.
func Production() Environment {
	return Environment{
		Issuer:         "https://oidc.account.gov.uk/",
		IdentityIssuer: "https://identity.account.gov.uk/",
		DIDURL:         "https://identity.account.gov.uk/.well-known/did.json",
		DIDController:  "did:web:identity.account.gov.uk",
	}
}

// Config configures a Client. ClientID, RedirectURL, PrivateKey and
// UserAgent are required. No fmt verb and no slog handler shows the
// private key.
type Config struct {
	Environment Environment
	// ClientID is the client identifier One Login issued when the service
	// was registered.
	ClientID string
	// RedirectURL is the registered redirect URI the callback is served at.
	RedirectURL string
	// PostLogoutRedirectURL is the registered post-logout redirect URI.
	PostLogoutRedirectURL string
	// PrivateKey signs the private_key_jwt client assertion: an
	// *ecdsa.PrivateKey on P-256 (ES256) or an *rsa.PrivateKey (RS256),
	// whose public key was registered with One Login.
	PrivateKey crypto.Signer
	// Scopes to ask for; "openid" is always sent. Default: openid, email.
	Scopes []string
	// UserAgent is sent on every back-channel call: One Login answers 403
	// to calls without one ("Setting a User-Agent header on HTTP
	// requests"). Use "product/version (https://your-service.gov.uk)".
	UserAgent string
	// IDTokenAlgorithm is the only algorithm ID tokens may be signed with:
	// "ES256" (One Login's default) unless the service registered for
	// "RS256".
	IDTokenAlgorithm string
	// HTTPClient makes back-channel calls; default http.DefaultClient's
	// transport with a 10 second timeout.
	HTTPClient *http.Client
	// Clock tells the time for token checks; default the system clock.
	Clock councilkit.Clock
	// Leeway allows for clock skew in iat, nbf and maximum age checks;
	// default 30s.
	Leeway time.Duration
	// IDTokenMaxAge is the oldest an ID token may be, by its iat, when it
	// is verified (plus Leeway); default DefaultIDTokenMaxAge.
	IDTokenMaxAge time.Duration
	// LogoutTokenMaxAge is the oldest a back-channel logout token may be,
	// by its iat, when it is verified (plus Leeway); default
	// DefaultLogoutTokenMaxAge.
	LogoutTokenMaxAge time.Duration
	// ReplayStore remembers the jti of every logout token accepted until
	// the token could no longer be accepted, to refuse replays. Default: a
	// MemoryReplayStore of DefaultReplayStoreSize entries private to this
	// Client. A service running more than one instance must give a store
	// the instances share (such as one backed by its database), or a
	// logout token accepted by one instance could be replayed to another.
	ReplayStore ReplayStore
}

// Documented maximum ages of tokens, by their iat, beyond Config.Leeway.
const (
	// DefaultIDTokenMaxAge: an ID token is fetched from the token endpoint
	// moments after One Login issues it, so an older one is refused
	// (OpenID Connect Core 1.0 section 3.1.3.7 point 10 leaves the range
	// to the client).
	DefaultIDTokenMaxAge = 5 * time.Minute
	// DefaultLogoutTokenMaxAge: One Login POSTs a logout token as the
	// resident logs out. OpenID Connect Back-Channel Logout 1.0 section
	// 2.4 recommends a short exp, such as two minutes; One Login's
	// documentation gives no lifetime, so a token older than this is
	// refused whatever its exp says.
	DefaultLogoutTokenMaxAge = 2 * time.Minute
)

// Errors a Client returns. Each failure wraps one of them; test with
// errors.Is. Messages never contain tokens or personal data.
var (
	// ErrConfig: the Config is incomplete or invalid.
	ErrConfig = errors.New("onelogin: invalid configuration")
	// ErrState: the callback's state does not match the request's; the
	// request may be forged.
	ErrState = errors.New("onelogin: state does not match")
	// ErrAuthorization: One Login redirected back with an error, such as
	// access_denied or login_required. The *AuthorizationError has the code.
	ErrAuthorization = errors.New("onelogin: authorization failed")
	// ErrExchange: the code could not be exchanged for tokens.
	ErrExchange = errors.New("onelogin: token exchange failed")
	// ErrIDToken: the ID token failed verification (signature, alg, kid,
	// iss, aud, azp, exp, iat, nbf, nonce, vot or sub).
	ErrIDToken = errors.New("onelogin: invalid ID token")
	// ErrUserInfo: the userinfo call failed or returned another subject.
	ErrUserInfo = errors.New("onelogin: invalid userinfo")
	// ErrIdentityNotProven: an identity level was asked for and One Login
	// returned no core identity; Resident.ReturnCodes may say why.
	ErrIdentityNotProven = errors.New("onelogin: identity not proven")
	// ErrCoreIdentity: the core identity JWT failed verification.
	ErrCoreIdentity = errors.New("onelogin: invalid core identity")
	// ErrLogoutToken: a back-channel logout token failed verification.
	ErrLogoutToken = errors.New("onelogin: invalid logout token")
)

// AuthorizationError is the error One Login redirected back with.
type AuthorizationError struct {
	Code        string // such as "access_denied", "login_required"
	Description string
}

func (e *AuthorizationError) Error() string {
	if e.Description == "" {
		return ErrAuthorization.Error() + ": " + e.Code
	}
	return ErrAuthorization.Error() + ": " + e.Code + ": " + e.Description
}

// Unwrap returns ErrAuthorization.
func (e *AuthorizationError) Unwrap() error { return ErrAuthorization }

// Client is a GOV.UK One Login relying party. It is safe for concurrent use.
type Client struct {
	cfg      Config
	provider *oidc.Provider
	keys     *jwksKeySet
	oauth    oauth2.Config
	http     *http.Client
	endSess  string
	tokenURL string
	did      *keyCache
}

// New discovers the provider's configuration and returns a Client. The
// discovery document is fetched once, when New is called. The provider's
// ID token keys (JWKS) and core identity keys (DID document) are cached for
// the Cache-Control max-age they are served with, kept through an outage,
// and fetched again early when a token names a key id not seen before,
// which is how key rotation is followed.
func New(ctx context.Context, cfg Config) (*Client, error) {
	if cfg.Environment.Issuer == "" {
		cfg.Environment = Integration()
	}
	if cfg.ClientID == "" || cfg.RedirectURL == "" || cfg.PrivateKey == nil || strings.TrimSpace(cfg.UserAgent) == "" {
		return nil, fmt.Errorf("%w: ClientID, RedirectURL, PrivateKey and UserAgent are required", ErrConfig)
	}
	if _, err := assertionAlgorithm(cfg.PrivateKey); err != nil {
		return nil, err
	}
	if cfg.IDTokenAlgorithm == "" {
		cfg.IDTokenAlgorithm = string(jose.ES256)
	}
	if cfg.IDTokenAlgorithm != string(jose.ES256) && cfg.IDTokenAlgorithm != string(jose.RS256) {
		return nil, fmt.Errorf("%w: IDTokenAlgorithm must be ES256 or RS256", ErrConfig)
	}
	if cfg.Clock == nil {
		cfg.Clock = councilkit.SystemClock{}
	}
	if cfg.Leeway == 0 {
		cfg.Leeway = 30 * time.Second
	}
	if cfg.IDTokenMaxAge == 0 {
		cfg.IDTokenMaxAge = DefaultIDTokenMaxAge
	}
	if cfg.LogoutTokenMaxAge == 0 {
		cfg.LogoutTokenMaxAge = DefaultLogoutTokenMaxAge
	}
	if cfg.Leeway < 0 || cfg.IDTokenMaxAge < 0 || cfg.LogoutTokenMaxAge < 0 {
		return nil, fmt.Errorf("%w: Leeway, IDTokenMaxAge and LogoutTokenMaxAge must not be negative", ErrConfig)
	}
	if cfg.ReplayStore == nil {
		cfg.ReplayStore = NewMemoryReplayStore(DefaultReplayStoreSize)
	}
	base := cfg.HTTPClient
	if base == nil {
		base = &http.Client{Timeout: 10 * time.Second}
	}
	hc := &http.Client{
		Transport:     userAgent{ua: cfg.UserAgent, next: transportOf(base)},
		Timeout:       base.Timeout,
		CheckRedirect: base.CheckRedirect,
		Jar:           base.Jar,
	}
	provider, err := oidc.NewProvider(oidc.ClientContext(ctx, hc), cfg.Environment.Issuer)
	if err != nil {
		return nil, fmt.Errorf("%w: discovery: %v", ErrConfig, err)
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
		JWKSURI    string `json:"jwks_uri"`
	}
	if err := provider.Claims(&meta); err != nil || meta.JWKSURI == "" {
		return nil, fmt.Errorf("%w: discovery document has no jwks_uri", ErrConfig)
	}
	scopes := []string{oidc.ScopeOpenID}
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = []string{"email"}
	}
	for _, s := range cfg.Scopes {
		if s != oidc.ScopeOpenID {
			scopes = append(scopes, s)
		}
	}
	ep := provider.Endpoint()
	ep.AuthStyle = oauth2.AuthStyleInParams
	c := &Client{
		cfg:      cfg,
		provider: provider,
		keys: &jwksKeySet{
			cache: &keyCache{url: meta.JWKSURI, client: hc, clock: cfg.Clock, parse: parseJWKS},
			alg:   jose.SignatureAlgorithm(cfg.IDTokenAlgorithm),
		},
		oauth:    oauth2.Config{ClientID: cfg.ClientID, Endpoint: ep, RedirectURL: cfg.RedirectURL, Scopes: scopes},
		http:     hc,
		endSess:  meta.EndSession,
		tokenURL: ep.TokenURL,
		did: &keyCache{url: cfg.Environment.DIDURL, client: hc, clock: cfg.Clock,
			parse: parseDID(cfg.Environment.DIDController)},
	}
	return c, nil
}

func transportOf(c *http.Client) http.RoundTripper {
	if c.Transport != nil {
		return c.Transport
	}
	return http.DefaultTransport
}

// userAgent sets the User-Agent header on every request.
type userAgent struct {
	ua   string
	next http.RoundTripper
}

func (u userAgent) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("User-Agent", u.ua)
	return u.next.RoundTrip(r)
}

// AuthRequest is what a Client needs to check the callback of one sign-in:
// keep it server-side, or in an encrypted, signed, HttpOnly cookie, between
// the redirect and the callback. It holds secrets: no fmt verb reveals the
// state, nonce or code verifier, and slog logs the level only; encode it
// with encoding/json to store it.
type AuthRequest struct {
	State        string `json:"state"`
	Nonce        string `json:"nonce"`
	CodeVerifier string `json:"code_verifier"`
	Level        Level  `json:"level"`
	// MaxAge, if asked for with AuthOptions.MaxAge, is the longest time
	// since the resident last authenticated that the ID token's auth_time
	// may show; -1 stands for max_age=0 (authenticate now). Zero means no
	// max_age was sent.
	MaxAge time.Duration `json:"max_age,omitempty"`
}

// LogValue implements slog.LogValuer: the level only.
func (a AuthRequest) LogValue() slog.Value {
	return slog.GroupValue(slog.String("level", a.Level.String()))
}

// AuthOptions are AuthURL's per-call settings. The zero AuthOptions sends
// neither ui_locales nor max_age.
type AuthOptions struct {
	// Language asks One Login to show its pages in Welsh for a Welsh tag
	// (ui_locales=cy) and in English for any other tag (ui_locales=en):
	// One Login supports no other languages. The zero tag (language.Und)
	// sends no ui_locales, and One Login shows English.
	Language language.Tag
	// MaxAge forces the resident to authenticate again if they last did
	// so more than MaxAge ago (max_age, in whole seconds). One Login
	// offers it only to services off the GOV.UK domain or handling
	// particularly sensitive data, on request; the ID token's auth_time is
	// then checked against it. Zero sends no max_age; a negative value
	// sends max_age=0: any earlier authentication is too old.
	MaxAge time.Duration
}

// Userinfo claims asked for when identity is needed.
const (
	ClaimCoreIdentity = "https://vocab.account.gov.uk/v1/coreIdentityJWT"
	ClaimAddress      = "https://vocab.account.gov.uk/v1/address"
	ClaimReturnCode   = "https://vocab.account.gov.uk/v1/returnCode"
)

// AuthURL returns the URL to send the resident to, asking for level, and
// the AuthRequest to keep for the callback. It generates the state, the
// nonce and a PKCE (S256) verifier. The claims request for the core
// identity, address and return code is sent only when level asks for an
// identity check.
func (c *Client) AuthURL(level Level, o AuthOptions) (string, AuthRequest, error) {
	if err := level.Valid(); err != nil {
		return "", AuthRequest{}, err
	}
	req := AuthRequest{State: randomString(), Nonce: randomString(), CodeVerifier: oauth2.GenerateVerifier(), Level: level}
	vtr, _ := json.Marshal([]string{level.String()})
	params := []oauth2.AuthCodeOption{
		oidc.Nonce(req.Nonce),
		oauth2.S256ChallengeOption(req.CodeVerifier),
		oauth2.SetAuthURLParam("vtr", string(vtr)),
	}
	if o.Language != language.Und {
		locale := "en"
		if base, _ := o.Language.Base(); base.String() == "cy" {
			locale = "cy"
		}
		params = append(params, oauth2.SetAuthURLParam("ui_locales", locale))
	}
	if o.MaxAge != 0 {
		seconds := max(o.MaxAge, 0) / time.Second
		req.MaxAge = seconds * time.Second
		if req.MaxAge == 0 {
			req.MaxAge = -1 // max_age=0: any earlier authentication is too old
		}
		params = append(params, oauth2.SetAuthURLParam("max_age", strconv.Itoa(int(seconds))))
	}
	if level.NeedsIdentity() {
		claims := `{"userinfo":{"` + ClaimCoreIdentity + `":null,"` + ClaimAddress + `":null,"` + ClaimReturnCode + `":null}}`
		params = append(params, oauth2.SetAuthURLParam("claims", claims))
	}
	return c.oauth.AuthCodeURL(req.State, params...), req, nil
}

func randomString() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Callback completes a sign-in from the request One Login redirected to
// RedirectURL: it checks the state, exchanges the code (authenticating with
// a private_key_jwt assertion and the PKCE verifier), verifies the ID token,
// fetches userinfo and, if req.Level asks for identity, verifies the core
// identity. The raw core identity JWT is not kept.
//
// If an identity level was asked for and One Login could not prove the
// resident's identity, Callback returns the signed-in Resident (with its
// ReturnCodes) together with ErrIdentityNotProven; on any other error the
// Resident is nil.
func (c *Client) Callback(ctx context.Context, r *http.Request, req AuthRequest) (*Resident, error) {
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(req.State)) != 1 || req.State == "" {
		return nil, ErrState
	}
	if code := q.Get("error"); code != "" {
		return nil, &AuthorizationError{Code: code, Description: q.Get("error_description")}
	}
	code := q.Get("code")
	if code == "" {
		return nil, fmt.Errorf("%w: no code", ErrAuthorization)
	}
	return c.Exchange(ctx, code, req)
}

// Exchange is Callback after the state has been checked: it exchanges code
// and verifies everything that comes back.
func (c *Client) Exchange(ctx context.Context, code string, req AuthRequest) (*Resident, error) {
	assertion, err := c.clientAssertion()
	if err != nil {
		return nil, err
	}
	hctx := context.WithValue(ctx, oauth2.HTTPClient, c.http)
	tok, err := c.oauth.Exchange(hctx, code,
		oauth2.VerifierOption(req.CodeVerifier),
		oauth2.SetAuthURLParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
		oauth2.SetAuthURLParam("client_assertion", assertion),
	)
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return nil, fmt.Errorf("%w: %s (HTTP %d)", ErrExchange, re.ErrorCode, re.Response.StatusCode)
		}
		return nil, fmt.Errorf("%w: %v", ErrExchange, err)
	}
	rawID, _ := tok.Extra("id_token").(string)
	if rawID == "" {
		return nil, fmt.Errorf("%w: no id_token in token response", ErrIDToken)
	}
	idt, claims, err := c.VerifyIDToken(ctx, rawID, req)
	if err != nil {
		return nil, err
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			return nil, fmt.Errorf("%w: at_hash does not match the access token", ErrIDToken)
		}
	}
	res := &Resident{
		Subject:     idt.Subject,
		SessionID:   claims.SessionID,
		Level:       Level{Credential: req.Level.Credential},
		IDTokenHint: rawID,
	}
	if claims.AuthTime != 0 {
		res.AuthTime = time.Unix(claims.AuthTime, 0)
	}
	ui, err := c.userInfo(oidc.ClientContext(ctx, c.http), tok)
	if err != nil {
		return nil, err
	}
	if ui.Subject != idt.Subject {
		return nil, fmt.Errorf("%w: subject differs from the ID token's", ErrUserInfo)
	}
	res.Email, res.EmailVerified, res.Phone = ui.Email, ui.EmailVerified, ui.PhoneNumber
	for _, rc := range ui.ReturnCodes {
		res.ReturnCodes = append(res.ReturnCodes, rc.Code)
	}
	if !req.Level.NeedsIdentity() {
		return res, nil
	}
	if ui.CoreIdentity == "" {
		return res, ErrIdentityNotProven
	}
	ci, err := c.VerifyCoreIdentity(ctx, ui.CoreIdentity, idt.Subject, req.Level.Confidence)
	if err != nil {
		return nil, err
	}
	res.Level.Confidence = ci.Confidence
	res.Person = ci.Person
	res.Person.Contact = identity.Contact{Email: ui.Email, Phone: ui.PhoneNumber}
	res.Addresses = ui.addresses()
	return res, nil
}

// clientAssertion returns a private_key_jwt assertion for the token
// endpoint: iss and sub the client ID, aud the token endpoint, a unique jti,
// issued now and expiring in five minutes ("Create a JWT assertion").
func (c *Client) clientAssertion() (string, error) {
	alg, err := assertionAlgorithm(c.cfg.PrivateKey)
	if err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: c.cfg.PrivateKey}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrConfig, err)
	}
	now := c.cfg.Clock.Now()
	return jwt.Signed(signer).Claims(jwt.Claims{
		Issuer:   c.cfg.ClientID,
		Subject:  c.cfg.ClientID,
		Audience: jwt.Audience{c.tokenURL},
		ID:       randomString(),
		IssuedAt: jwt.NewNumericDate(now),
		Expiry:   jwt.NewNumericDate(now.Add(5 * time.Minute)),
	}).Serialize()
}

func assertionAlgorithm(k crypto.Signer) (jose.SignatureAlgorithm, error) {
	switch key := k.(type) {
	case *ecdsa.PrivateKey:
		if key.Curve != elliptic.P256() {
			return "", fmt.Errorf("%w: an EC private key must be on P-256", ErrConfig)
		}
		return jose.ES256, nil
	case *rsa.PrivateKey:
		if key.N.BitLen() < 2048 {
			return "", fmt.Errorf("%w: an RSA private key must be at least 2048 bits", ErrConfig)
		}
		return jose.RS256, nil
	}
	return "", fmt.Errorf("%w: PrivateKey must be *ecdsa.PrivateKey or *rsa.PrivateKey", ErrConfig)
}

// userInfoResponse is the /userinfo document.
type userInfoResponse struct {
	Subject       string                  `json:"sub"`
	Email         string                  `json:"email"`
	EmailVerified bool                    `json:"email_verified"`
	PhoneNumber   string                  `json:"phone_number"`
	CoreIdentity  string                  `json:"https://vocab.account.gov.uk/v1/coreIdentityJWT"`
	Address       []postalAddress         `json:"https://vocab.account.gov.uk/v1/address"`
	ReturnCodes   []struct{ Code string } `json:"https://vocab.account.gov.uk/v1/returnCode"`
}

func (c *Client) userInfo(ctx context.Context, tok *oauth2.Token) (*userInfoResponse, error) {
	ui, err := c.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUserInfo, err)
	}
	var out userInfoResponse
	if err := ui.Claims(&out); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUserInfo, err)
	}
	return &out, nil
}

// LogoutURL returns the URL of One Login's end-session endpoint that logs
// the resident out of One Login and sends them to PostLogoutRedirectURL
// with state. idTokenHint is the ID token of the session (Resident.
// IDTokenHint); One Login needs it to honour the redirect.
func (c *Client) LogoutURL(idTokenHint, state string) (string, error) {
	if c.endSess == "" {
		return "", fmt.Errorf("%w: provider publishes no end_session_endpoint", ErrConfig)
	}
	u, err := url.Parse(c.endSess)
	if err != nil {
		return "", fmt.Errorf("%w: end_session_endpoint: %v", ErrConfig, err)
	}
	q := u.Query()
	if idTokenHint != "" {
		q.Set("id_token_hint", idTokenHint)
		if c.cfg.PostLogoutRedirectURL != "" {
			q.Set("post_logout_redirect_uri", c.cfg.PostLogoutRedirectURL)
		}
	}
	if state != "" {
		q.Set("state", state)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}
