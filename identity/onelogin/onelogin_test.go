package onelogin_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"golang.org/x/text/language"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity/onelogin"
	"github.com/lgds/councilkit/identity/onelogin/oneloginfake"
)

const (
	clientID    = "council-test-client"
	redirectURL = "https://council.example.gov.uk/auth/callback"
	logoutURL   = "https://council.example.gov.uk/signed-out"
)

var start = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

type rig struct {
	op     *oneloginfake.Provider
	rp     *onelogin.Client
	clock  *councilkit.FixedClock
	key    *ecdsa.PrivateKey
	noFoll *http.Client
}

func newRig(t testing.TB) *rig {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	clock := councilkit.NewFixedClock(start)
	op, err := oneloginfake.NewServer(oneloginfake.Config{
		ClientID: clientID, ClientKey: key.Public(),
		RedirectURIs: []string{redirectURL}, PostLogoutRedirectURIs: []string{logoutURL},
		Clock: clock,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(op.Close)
	rp, err := onelogin.New(context.Background(), onelogin.Config{
		Environment: op.Environment(), ClientID: clientID, RedirectURL: redirectURL,
		PostLogoutRedirectURL: logoutURL, PrivateKey: key, Scopes: []string{"email", "phone"},
		UserAgent: "councilkit-test/1.0 (https://council.example.gov.uk)", HTTPClient: op.Client(), Clock: clock,
	})
	if err != nil {
		t.Fatal(err)
	}
	nf := op.Client()
	nf.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &rig{op: op, rp: rp, clock: clock, key: key, noFoll: nf}
}

// signIn drives a browser through the authorization redirect and returns
// the callback request and the AuthRequest kept for it.
func (r *rig) signIn(t testing.TB, level onelogin.Level) (*http.Request, onelogin.AuthRequest) {
	t.Helper()
	u, req, err := r.rp.AuthURL(level, onelogin.AuthOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cb, err := r.op.Authorize(u)
	if err != nil {
		t.Fatal(err)
	}
	if loc := cb.URL.String(); !strings.HasPrefix(loc, redirectURL) {
		t.Fatalf("authorize redirected to %q", loc)
	}
	return cb, req
}

func TestSignInAuthenticationOnly(t *testing.T) {
	r := newRig(t)
	cb, req := r.signIn(t, onelogin.SignedIn())
	res, err := r.rp.Callback(context.Background(), cb, req)
	if err != nil {
		t.Fatalf("Callback: %v", err)
	}
	if res.Subject != oneloginfake.DefaultUser().Subject || res.Level != onelogin.SignedIn() || res.Email != "resident@example.com" || !res.EmailVerified {
		t.Errorf("Resident = %+v", res)
	}
	if !res.Person.DateOfBirth.IsZero() || res.Person.GivenNames != "" {
		t.Errorf("identity returned without being asked for")
	}
	if res.SessionID == "" || res.IDTokenHint == "" {
		t.Errorf("no sid or id token hint")
	}
}

func TestAuthURLParameters(t *testing.T) {
	r := newRig(t)
	u, req, err := r.rp.AuthURL(onelogin.IdentityChecked(), onelogin.AuthOptions{Language: councilkit.Welsh})
	if err != nil {
		t.Fatal(err)
	}
	pu, _ := url.Parse(u)
	q := pu.Query()
	for k, want := range map[string]string{
		"response_type": "code", "client_id": clientID, "redirect_uri": redirectURL, "state": req.State,
		"nonce": req.Nonce, "vtr": `["Cl.Cm.P2"]`, "ui_locales": "cy", "code_challenge_method": "S256",
		"scope": "openid email phone",
	} {
		if got := q.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if q.Get("code_challenge") == "" || len(req.State) < 32 || len(req.Nonce) < 32 || req.State == req.Nonce {
		t.Errorf("weak or missing state, nonce or challenge")
	}
	var claims struct {
		Userinfo map[string]any `json:"userinfo"`
	}
	if err := json.Unmarshal([]byte(q.Get("claims")), &claims); err != nil {
		t.Fatalf("claims: %v", err)
	}
	for _, c := range []string{onelogin.ClaimCoreIdentity, onelogin.ClaimAddress, onelogin.ClaimReturnCode} {
		if _, ok := claims.Userinfo[c]; !ok {
			t.Errorf("claims lacks %s", c)
		}
	}
	// No claims request when identity is not needed; English by default.
	u, _, _ = r.rp.AuthURL(onelogin.SignedIn(), onelogin.AuthOptions{Language: councilkit.English})
	pu, _ = url.Parse(u)
	if pu.Query().Has("claims") || pu.Query().Get("vtr") != `["Cl.Cm"]` || pu.Query().Get("ui_locales") != "en" {
		t.Errorf("authentication-only URL: %s", pu.RawQuery)
	}
	if _, _, err := r.rp.AuthURL(onelogin.Level{Credential: onelogin.LowCredential, Confidence: onelogin.P2}, onelogin.AuthOptions{}); !errors.Is(err, onelogin.ErrVectorOfTrust) {
		t.Errorf("Cl.P2 accepted: %v", err)
	}
}

func TestSignInWithIdentity(t *testing.T) {
	r := newRig(t)
	u := oneloginfake.DefaultUser()
	u.FormerFamilyName = "Jones"
	u.BirthDates = []string{"1985-03-07", "1985-07-03"}
	r.op.SetUser(u)
	cb, req := r.signIn(t, onelogin.IdentityChecked())
	res, err := r.rp.Callback(context.Background(), cb, req)
	if err != nil {
		t.Fatalf("Callback: %v", err)
	}
	p := res.Person
	if p.GivenNames != "Siân Elin" || p.FamilyName != "O’Brien-Jones" || p.DateOfBirth != calendar.MustDate(1985, 3, 7) {
		t.Errorf("Person = %+v", p)
	}
	if p.Contact.Email != "resident@example.com" || p.Contact.Phone != "+447700900982" {
		t.Errorf("Contact = %+v", p.Contact)
	}
	if res.Level != onelogin.IdentityChecked() {
		t.Errorf("Level = %v", res.Level)
	}
	if len(res.Addresses) != 1 || res.Addresses[0].Postcode.String() != "CF10 1NS" || res.Addresses[0].UPRN.String() != "100023336956" {
		t.Errorf("Addresses = %+v", res.Addresses)
	}
}

// Name parts may come in any order ("Process your user's identity
// credential"); the family name must not be taken from position.
func TestCoreIdentityNamePartsInAnyOrder(t *testing.T) {
	r := newRig(t)
	r.op.SetHooks(oneloginfake.Hooks{CoreIdentityClaims: func(c map[string]any) {
		names := c["vc"].(map[string]any)["credentialSubject"].(map[string]any)["name"].([]map[string]any)
		parts := names[0]["nameParts"].([]map[string]string)
		// Family name first, then the given names.
		names[0]["nameParts"] = append([]map[string]string{parts[len(parts)-1]}, parts[:len(parts)-1]...)
		// A former name listed before the current one.
		names = append([]map[string]any{{"validUntil": "2019-01-01", "nameParts": []map[string]string{{"type": "GivenName", "value": "Old"}, {"type": "FamilyName", "value": "Name"}}}}, names...)
		c["vc"].(map[string]any)["credentialSubject"].(map[string]any)["name"] = names
	}})
	cb, req := r.signIn(t, onelogin.IdentityChecked())
	res, err := r.rp.Callback(context.Background(), cb, req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Person.GivenNames != "Siân Elin" || res.Person.FamilyName != "O’Brien-Jones" {
		t.Errorf("Person = %+v", res.Person)
	}
}

func TestIdentityNotProven(t *testing.T) {
	r := newRig(t)
	u := oneloginfake.DefaultUser()
	u.Confidence = onelogin.P0
	r.op.SetUser(u)
	cb, req := r.signIn(t, onelogin.IdentityChecked())
	res, err := r.rp.Callback(context.Background(), cb, req)
	if !errors.Is(err, onelogin.ErrIdentityNotProven) {
		t.Fatalf("err = %v", err)
	}
	if res == nil || len(res.ReturnCodes) != 1 || res.ReturnCodes[0] != "C" || !res.Person.DateOfBirth.IsZero() {
		t.Errorf("Resident = %+v", res)
	}
}

// decode splits a compact JWS into header and claims.
func decode(t testing.TB, raw string) (map[string]any, map[string]any) {
	t.Helper()
	parts := strings.Split(raw, ".")
	var h, c map[string]any
	hb, _ := base64.RawURLEncoding.DecodeString(parts[0])
	cb, _ := base64.RawURLEncoding.DecodeString(parts[1])
	if json.Unmarshal(hb, &h) != nil || json.Unmarshal(cb, &c) != nil {
		t.Fatalf("cannot decode %q", raw)
	}
	return h, c
}

// resign signs raw's claims again with key, alg and kid.
func resign(t testing.TB, raw string, key any, alg jose.SignatureAlgorithm, kid string) string {
	t.Helper()
	_, claims := decode(t, raw)
	opts := (&jose.SignerOptions{}).WithType("JWT")
	if kid != "" {
		opts = opts.WithHeader(jose.HeaderKey("kid"), kid)
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(claims)
	obj, err := s.Sign(b)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := obj.CompactSerialize()
	return out
}

func unsigned(t testing.TB, raw, kid string) string {
	t.Helper()
	h, _ := json.Marshal(map[string]string{"alg": "none", "kid": kid, "typ": "JWT"})
	return base64.RawURLEncoding.EncodeToString(h) + "." + strings.Split(raw, ".")[1] + "."
}

func flipSignature(raw string) string {
	parts := strings.Split(raw, ".")
	sig := []byte(parts[2])
	i := len(sig) / 2
	if sig[i] == 'A' {
		sig[i] = 'B'
	} else {
		sig[i] = 'A'
	}
	return parts[0] + "." + parts[1] + "." + string(sig)
}

// The failure modes of One Login's simulator and of "Validate your ID
// token" and "Validate your user's identity credential": each tampering
// must make the sign-in fail with the right sentinel.
func TestSignInFailureModes(t *testing.T) {
	rogueEC, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rogueRSA, _ := rsa.GenerateKey(rand.Reader, 2048)
	kidOf := func(t testing.TB, raw string) string { h, _ := decode(t, raw); return h["kid"].(string) }
	now := start.Unix()
	for _, tc := range []struct {
		name  string
		level onelogin.Level
		hooks func(t testing.TB) oneloginfake.Hooks
		want  error
	}{
		{"vot lower than requested", onelogin.SignedIn(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDTokenClaims: func(c map[string]any) { c["vot"] = "Cl" }}
		}, onelogin.ErrIDToken},
		{"vot carrying a P level", onelogin.IdentityChecked(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDTokenClaims: func(c map[string]any) { c["vot"] = "Cl.Cm.P2" }}
		}, onelogin.ErrIDToken},
		{"vot missing", onelogin.SignedIn(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDTokenClaims: func(c map[string]any) { delete(c, "vot") }}
		}, onelogin.ErrIDToken},
		{"alg none", onelogin.SignedIn(), func(t testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDToken: func(raw string) string { return unsigned(t, raw, kidOf(t, raw)) }}
		}, onelogin.ErrIDToken},
		{"alg RS256 when ES256 is pinned", onelogin.SignedIn(), func(t testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDToken: func(raw string) string { return resign(t, raw, rogueRSA, jose.RS256, kidOf(t, raw)) }}
		}, onelogin.ErrIDToken},
		{"alg HS256 keyed with the public key", onelogin.SignedIn(), func(t testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDToken: func(raw string) string {
				return resign(t, raw, []byte("public key bytes as an HMAC secret!"), jose.HS256, kidOf(t, raw))
			}}
		}, onelogin.ErrIDToken},
		{"signed by an unknown key under the real kid", onelogin.SignedIn(), func(t testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDToken: func(raw string) string { return resign(t, raw, rogueEC, jose.ES256, kidOf(t, raw)) }}
		}, onelogin.ErrIDToken},
		{"unknown kid", onelogin.SignedIn(), func(t testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDToken: func(raw string) string { return resign(t, raw, rogueEC, jose.ES256, "rogue-kid") }}
		}, onelogin.ErrIDToken},
		{"no kid", onelogin.SignedIn(), func(t testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDToken: func(raw string) string { return resign(t, raw, rogueEC, jose.ES256, "") }}
		}, onelogin.ErrIDToken},
		{"bad signature", onelogin.SignedIn(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDToken: flipSignature}
		}, onelogin.ErrIDToken},
		{"wrong audience", onelogin.SignedIn(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDTokenClaims: func(c map[string]any) { c["aud"] = "another-service" }}
		}, onelogin.ErrIDToken},
		{"wrong issuer", onelogin.SignedIn(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDTokenClaims: func(c map[string]any) { c["iss"] = "https://oidc.account.gov.uk/" }}
		}, onelogin.ErrIDToken},
		{"nonce does not match", onelogin.SignedIn(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDTokenClaims: func(c map[string]any) { c["nonce"] = "replayed-nonce" }}
		}, onelogin.ErrIDToken},
		{"nonce missing", onelogin.SignedIn(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDTokenClaims: func(c map[string]any) { delete(c, "nonce") }}
		}, onelogin.ErrIDToken},
		{"expired", onelogin.SignedIn(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDTokenClaims: func(c map[string]any) { c["exp"] = now - 1 }}
		}, onelogin.ErrIDToken},
		{"issued in the future", onelogin.SignedIn(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDTokenClaims: func(c map[string]any) { c["iat"] = now + 600 }}
		}, onelogin.ErrIDToken},
		{"not yet valid (nbf)", onelogin.SignedIn(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDTokenClaims: func(c map[string]any) { c["nbf"] = now + 600 }}
		}, onelogin.ErrIDToken},
		{"at_hash of another access token", onelogin.SignedIn(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{IDTokenClaims: func(c map[string]any) { c["at_hash"] = "AAAAAAAAAAAAAAAAAAAAAA" }}
		}, onelogin.ErrIDToken},
		{"userinfo for another subject", onelogin.SignedIn(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{UserInfo: func(d map[string]any) { d["sub"] = "urn:fdc:gov.uk:2022:someone-else" }}
		}, onelogin.ErrUserInfo},
		{"core identity for another sub", onelogin.IdentityChecked(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{CoreIdentityClaims: func(c map[string]any) { c["sub"] = "urn:fdc:gov.uk:2022:someone-else" }}
		}, onelogin.ErrCoreIdentity},
		{"core identity below the P level asked", onelogin.IdentityChecked(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{CoreIdentityClaims: func(c map[string]any) { c["vot"] = "P1" }}
		}, onelogin.ErrCoreIdentity},
		{"core identity wrong issuer", onelogin.IdentityChecked(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{CoreIdentityClaims: func(c map[string]any) { c["iss"] = "https://identity.account.gov.uk/" }}
		}, onelogin.ErrCoreIdentity},
		{"core identity wrong audience", onelogin.IdentityChecked(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{CoreIdentityClaims: func(c map[string]any) { c["aud"] = "another-service" }}
		}, onelogin.ErrCoreIdentity},
		{"core identity expired", onelogin.IdentityChecked(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{CoreIdentityClaims: func(c map[string]any) { c["exp"] = now - 1 }}
		}, onelogin.ErrCoreIdentity},
		{"core identity not yet valid", onelogin.IdentityChecked(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{CoreIdentityClaims: func(c map[string]any) { c["nbf"] = now + 600 }}
		}, onelogin.ErrCoreIdentity},
		{"core identity without a current name", onelogin.IdentityChecked(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{CoreIdentityClaims: func(c map[string]any) {
				for _, n := range c["vc"].(map[string]any)["credentialSubject"].(map[string]any)["name"].([]map[string]any) {
					n["validUntil"] = "2024-01-01"
				}
			}}
		}, onelogin.ErrCoreIdentity},
		{"core identity signed by a rogue key under the DID kid", onelogin.IdentityChecked(), func(t testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{CoreIdentity: func(raw string) string { return resign(t, raw, rogueEC, jose.ES256, kidOf(t, raw)) }}
		}, onelogin.ErrCoreIdentity},
		{"core identity kid of another DID controller", onelogin.IdentityChecked(), func(t testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{CoreIdentity: func(raw string) string {
				return resign(t, raw, rogueEC, jose.ES256, "did:web:attacker.example#"+strings.Split(kidOf(t, raw), "#")[1])
			}}
		}, onelogin.ErrCoreIdentity},
		{"core identity alg RS256", onelogin.IdentityChecked(), func(t testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{CoreIdentity: func(raw string) string { return resign(t, raw, rogueRSA, jose.RS256, kidOf(t, raw)) }}
		}, onelogin.ErrCoreIdentity},
		{"core identity alg none", onelogin.IdentityChecked(), func(t testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{CoreIdentity: func(raw string) string { return unsigned(t, raw, kidOf(t, raw)) }}
		}, onelogin.ErrCoreIdentity},
		{"core identity bad signature", onelogin.IdentityChecked(), func(testing.TB) oneloginfake.Hooks {
			return oneloginfake.Hooks{CoreIdentity: flipSignature}
		}, onelogin.ErrCoreIdentity},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			r.op.SetHooks(tc.hooks(t))
			cb, req := r.signIn(t, tc.level)
			res, err := r.rp.Callback(context.Background(), cb, req)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Callback = %+v, %v; want %v", res, err, tc.want)
			}
			if res != nil {
				t.Errorf("a Resident came back with %v", err)
			}
		})
	}
}

// A token signed with the real key but naming no kid is refused: One Login
// always names the key, and go-oidc alone would try every key.
func TestIDTokenWithoutKeyID(t *testing.T) {
	r := newRig(t)
	req := onelogin.AuthRequest{Nonce: "n", Level: onelogin.SignedIn()}
	claims := map[string]any{"sub": "s", "aud": clientID, "iss": r.op.Environment().Issuer, "vot": "Cl.Cm",
		"exp": start.Add(time.Minute).Unix(), "iat": start.Unix(), "nonce": "n"}
	good, _ := r.op.Sign(claims)
	if _, _, err := r.rp.VerifyIDToken(context.Background(), good, req); err != nil {
		t.Fatalf("with kid: %v", err)
	}
	nokid, _ := r.op.SignWithoutKeyID(claims)
	if _, _, err := r.rp.VerifyIDToken(context.Background(), nokid, req); !errors.Is(err, onelogin.ErrIDToken) {
		t.Errorf("without kid: %v", err)
	}
}

// TestAuthOptions checks what each AuthOptions field sends, and that the
// zero AuthOptions sends neither ui_locales nor max_age. One Login's
// /authorize request takes ui_locales "en" or "cy", English when it is
// left out, and no other language; and max_age in seconds (GOV.UK One
// Login technical documentation, "Authenticate your user", parameter
// table, as updated 7 February 2025:
// https://docs.sign-in.service.gov.uk/integrate-with-integration-environment/authenticate-your-user/).
func TestAuthOptions(t *testing.T) {
	r := newRig(t)
	for _, tc := range []struct {
		name      string
		opts      onelogin.AuthOptions
		locale    string // "" means not sent
		maxAge    string // "" means not sent
		reqMaxAge time.Duration
	}{
		{"zero", onelogin.AuthOptions{}, "", "", 0},
		{"Welsh", onelogin.AuthOptions{Language: councilkit.Welsh}, "cy", "", 0},
		{"Welsh as in Wales", onelogin.AuthOptions{Language: language.MustParse("cy-GB")}, "cy", "", 0},
		{"French falls back to English", onelogin.AuthOptions{Language: language.French}, "en", "", 0},
		{"an hour", onelogin.AuthOptions{MaxAge: time.Hour}, "", "3600", time.Hour},
		{"part seconds dropped", onelogin.AuthOptions{MaxAge: 90*time.Second + 500*time.Millisecond}, "", "90", 90 * time.Second},
		{"negative: authenticate now", onelogin.AuthOptions{MaxAge: -1}, "", "0", -1},
		{"under a second: authenticate now", onelogin.AuthOptions{MaxAge: time.Millisecond}, "", "0", -1},
	} {
		u, req, err := r.rp.AuthURL(onelogin.SignedIn(), tc.opts)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		pu, _ := url.Parse(u)
		q := pu.Query()
		if q.Has("ui_locales") != (tc.locale != "") || q.Get("ui_locales") != tc.locale {
			t.Errorf("%s: ui_locales %q (sent %v), want %q", tc.name, q.Get("ui_locales"), q.Has("ui_locales"), tc.locale)
		}
		if q.Has("max_age") != (tc.maxAge != "") || q.Get("max_age") != tc.maxAge {
			t.Errorf("%s: max_age %q (sent %v), want %q", tc.name, q.Get("max_age"), q.Has("max_age"), tc.maxAge)
		}
		if req.MaxAge != tc.reqMaxAge {
			t.Errorf("%s: AuthRequest.MaxAge %v, want %v", tc.name, req.MaxAge, tc.reqMaxAge)
		}
	}
}

func TestMaxAge(t *testing.T) {
	r := newRig(t)
	u, req, _ := r.rp.AuthURL(onelogin.SignedIn(), onelogin.AuthOptions{MaxAge: 10 * time.Minute})
	if pu, _ := url.Parse(u); pu.Query().Get("max_age") != "600" || req.MaxAge != 10*time.Minute {
		t.Fatalf("max_age not sent: %s", u)
	}
	claims := func(authTime time.Time) map[string]any {
		return map[string]any{"sub": "s", "aud": clientID, "iss": r.op.Environment().Issuer, "vot": "Cl.Cm",
			"exp": start.Add(time.Minute).Unix(), "iat": start.Unix(), "nonce": "n", "auth_time": authTime.Unix()}
	}
	req = onelogin.AuthRequest{Nonce: "n", Level: onelogin.SignedIn(), MaxAge: 10 * time.Minute}
	fresh, _ := r.op.Sign(claims(start.Add(-5 * time.Minute)))
	if _, _, err := r.rp.VerifyIDToken(context.Background(), fresh, req); err != nil {
		t.Errorf("recent authentication refused: %v", err)
	}
	stale, _ := r.op.Sign(claims(start.Add(-time.Hour)))
	if _, _, err := r.rp.VerifyIDToken(context.Background(), stale, req); !errors.Is(err, onelogin.ErrIDToken) {
		t.Errorf("authentication an hour old accepted: %v", err)
	}
	req.MaxAge = 0
	if _, _, err := r.rp.VerifyIDToken(context.Background(), stale, req); err != nil {
		t.Errorf("without max_age: %v", err)
	}
}

func TestCallbackStateAndErrors(t *testing.T) {
	r := newRig(t)
	cb, req := r.signIn(t, onelogin.SignedIn())
	forged := req
	forged.State = "something-else"
	if _, err := r.rp.Callback(context.Background(), cb, forged); !errors.Is(err, onelogin.ErrState) {
		t.Errorf("forged state: %v", err)
	}
	denied := httptest.NewRequest("GET", redirectURL+"?error=access_denied&error_description=Access+denied+by+resource+owner&state="+req.State, nil)
	_, err := r.rp.Callback(context.Background(), denied, req)
	var ae *onelogin.AuthorizationError
	if !errors.As(err, &ae) || ae.Code != "access_denied" || !errors.Is(err, onelogin.ErrAuthorization) {
		t.Errorf("access_denied: %v", err)
	}
	// A wrong PKCE verifier fails the exchange.
	bad := req
	bad.CodeVerifier = "a-verifier-that-does-not-match-the-challenge-sent"
	if _, err := r.rp.Callback(context.Background(), cb, bad); !errors.Is(err, onelogin.ErrExchange) {
		t.Errorf("wrong verifier: %v", err)
	}
	// The code was spent by the failed attempt? No: the fake deletes it,
	// as One Login codes are single use; so the right verifier now fails.
	if _, err := r.rp.Callback(context.Background(), cb, req); !errors.Is(err, onelogin.ErrExchange) {
		t.Errorf("reused code: %v", err)
	}
}

func TestClientAssertionMustVerify(t *testing.T) {
	r := newRig(t)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rp, err := onelogin.New(context.Background(), onelogin.Config{
		Environment: r.op.Environment(), ClientID: clientID, RedirectURL: redirectURL, PrivateKey: other,
		UserAgent: "test/1", HTTPClient: r.op.Client(), Clock: r.clock,
	})
	if err != nil {
		t.Fatal(err)
	}
	u, req, _ := rp.AuthURL(onelogin.SignedIn(), onelogin.AuthOptions{})
	cb, err := r.op.Authorize(u)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rp.Callback(context.Background(), cb, req); !errors.Is(err, onelogin.ErrExchange) {
		t.Errorf("unregistered client key: %v", err)
	}
}

func TestConfigRequiresUserAgentAndKey(t *testing.T) {
	r := newRig(t)
	for _, cfg := range []onelogin.Config{
		{Environment: r.op.Environment(), ClientID: clientID, RedirectURL: redirectURL, PrivateKey: r.key, HTTPClient: r.op.Client()},
		{Environment: r.op.Environment(), ClientID: clientID, RedirectURL: redirectURL, UserAgent: "x/1", HTTPClient: r.op.Client()},
		{Environment: r.op.Environment(), RedirectURL: redirectURL, PrivateKey: r.key, UserAgent: "x/1", HTTPClient: r.op.Client()},
		{Environment: r.op.Environment(), ClientID: clientID, RedirectURL: redirectURL, PrivateKey: r.key, UserAgent: "x/1", HTTPClient: r.op.Client(), IDTokenAlgorithm: "HS256"},
	} {
		if _, err := onelogin.New(context.Background(), cfg); !errors.Is(err, onelogin.ErrConfig) {
			t.Errorf("New(%+v) = %v", cfg, err)
		}
	}
	// The fake, like One Login, refuses back-channel calls with no
	// User-Agent.
	resp, err := http.Post(r.op.URL()+"/token", "application/x-www-form-urlencoded", strings.NewReader("grant_type=authorization_code"))
	if err == nil {
		resp.Body.Close()
	}
	req, _ := http.NewRequest("POST", r.op.URL()+"/token", strings.NewReader(""))
	req.Header.Set("User-Agent", "")
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("no User-Agent: %v %v", resp, err)
	}
	if resp != nil {
		resp.Body.Close()
	}
}

// One Login rotates its ID token keys; a client must follow the new kid by
// fetching the JWKS again, and stop trusting a key once it is withdrawn.
func TestKeyRotation(t *testing.T) {
	r := newRig(t)
	signIn := func() error {
		cb, req := r.signIn(t, onelogin.SignedIn())
		_, err := r.rp.Callback(context.Background(), cb, req)
		return err
	}
	if err := signIn(); err != nil {
		t.Fatalf("before rotation: %v", err)
	}
	// A token signed with the current key, valid for hours and issued (by
	// its iat) at the time it is checked below, so that only the key can
	// make it fail.
	old, err := r.op.Sign(map[string]any{"sub": "s", "aud": clientID, "iss": r.op.Environment().Issuer, "vot": "Cl.Cm",
		"exp": start.Add(3 * time.Hour).Unix(), "iat": start.Add(2 * time.Hour).Unix(), "nonce": "n"})
	if err != nil {
		t.Fatal(err)
	}
	// One Login withdraws that key. Once the cached JWKS's max-age (an
	// hour) is over, tokens it signed are refused ("Once GOV.UK One Login
	// has removed the old public key … do not trust ID tokens signed with
	// that key").
	if err := r.op.RotateKey(); err != nil {
		t.Fatal(err)
	}
	r.op.DropOldKeys()
	r.clock.Advance(2 * time.Hour)
	req := onelogin.AuthRequest{Nonce: "n", Level: onelogin.SignedIn()}
	if _, _, err := r.rp.VerifyIDToken(context.Background(), old, req); !errors.Is(err, onelogin.ErrIDToken) {
		t.Errorf("token signed with a withdrawn key: %v", err)
	}
	if err := signIn(); err != nil {
		t.Fatalf("with the new key: %v", err)
	}
	// A rotation within the cache's lifetime is followed by kid: the
	// unknown kid makes the client fetch the JWKS again.
	if err := r.op.RotateKey(); err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(time.Minute)
	if err := signIn(); err != nil {
		t.Fatalf("after rotation within max-age: %v", err)
	}
}

func TestIdentityKeyRotationAndOutage(t *testing.T) {
	r := newRig(t)
	signIn := func() error {
		cb, req := r.signIn(t, onelogin.IdentityChecked())
		_, err := r.rp.Callback(context.Background(), cb, req)
		return err
	}
	if err := signIn(); err != nil {
		t.Fatalf("first: %v", err)
	}
	if err := r.op.RotateIdentityKey(); err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(2 * time.Minute) // within max-age; unknown kids refetch at most once a minute
	if err := signIn(); err != nil {
		t.Fatalf("after rotation: %v", err)
	}
	r.op.SetDIDDocumentDown(true)
	r.clock.Advance(2 * time.Hour) // past the document's max-age
	if err := signIn(); err != nil {
		t.Fatalf("during outage, cached key: %v", err)
	}
}

func TestResidentLogsRedacted(t *testing.T) {
	r := newRig(t)
	cb, req := r.signIn(t, onelogin.IdentityChecked())
	res, err := r.rp.Callback(context.Background(), cb, req)
	if err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("signed in", "resident", res, "auth", req)
	// A core identity logged on its own is redacted too, through both
	// handlers.
	ci := onelogin.CoreIdentity{Subject: "urn:fdc:gov.uk:2022:x", Confidence: onelogin.P2, Person: res.Person}
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("core identity", "identity", ci)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("core identity", "identity", ci)
	out := buf.String()
	for _, secret := range []string{"Siân", "Elin", "O’Brien", "1985", "resident@example.com", "7700900982", "CF10 1NS", res.IDTokenHint[:20], req.Nonce, req.State, req.CodeVerifier} {
		if strings.Contains(out, secret) {
			t.Errorf("log line contains %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, "Cl.Cm.P2") {
		t.Errorf("log line lacks the level: %s", out)
	}
}

func TestLogoutURL(t *testing.T) {
	r := newRig(t)
	cb, req := r.signIn(t, onelogin.SignedIn())
	res, err := r.rp.Callback(context.Background(), cb, req)
	if err != nil {
		t.Fatal(err)
	}
	u, err := r.rp.LogoutURL(res.IDTokenHint, "bye-state")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := r.noFoll.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != logoutURL+"?state=bye-state" {
		t.Errorf("logout redirected to %q", loc)
	}
	got := r.op.Logouts()
	if len(got) != 1 || got[0].Get("id_token_hint") != res.IDTokenHint || got[0].Get("post_logout_redirect_uri") != logoutURL {
		t.Errorf("logout request = %v", got)
	}
}

func TestBackChannelLogout(t *testing.T) {
	r := newRig(t)
	sub := oneloginfake.DefaultUser().Subject
	var ended []onelogin.LogoutEvent
	h := r.rp.BackChannelLogoutHandler(func(ctx context.Context, ev onelogin.LogoutEvent) error {
		ended = append(ended, ev)
		return nil
	})
	post := func(token string) int {
		w := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/back-channel-logout", strings.NewReader(url.Values{"logout_token": {token}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		h.ServeHTTP(w, req)
		return w.Code
	}
	good, err := r.op.LogoutToken(sub, nil)
	if err != nil {
		t.Fatal(err)
	}
	if code := post(good); code != 200 || len(ended) != 1 || ended[0].Subject != sub {
		t.Fatalf("valid token: %d %v", code, ended)
	}
	if code := post(good); code != 400 {
		t.Errorf("replay: %d", code)
	}
	now := start.Unix()
	for name, mutate := range map[string]func(map[string]any){
		"wrong audience":   func(c map[string]any) { c["aud"] = "another-service" },
		"wrong issuer":     func(c map[string]any) { c["iss"] = "https://oidc.account.gov.uk/" },
		"expired":          func(c map[string]any) { c["exp"] = now - 1 },
		"issued in future": func(c map[string]any) { c["iat"] = now + 600 },
		"no sub":           func(c map[string]any) { delete(c, "sub") },
		"no events":        func(c map[string]any) { delete(c, "events") },
		"non-empty event": func(c map[string]any) {
			c["events"] = map[string]any{"http://schemas.openid.net/event/backchannel-logout": map[string]any{"x": 1}}
		},
		"event not an object": func(c map[string]any) {
			c["events"] = map[string]any{"http://schemas.openid.net/event/backchannel-logout": true}
		},
		"extra event": func(c map[string]any) {
			c["events"] = map[string]any{"http://schemas.openid.net/event/backchannel-logout": map[string]any{}, "https://example.com/other": map[string]any{}}
		},
		"nonce present": func(c map[string]any) { c["nonce"] = "n" },
		// "A nonce Claim MUST NOT be present" (Back-Channel Logout 1.0
		// section 2.4), whatever its value.
		"nonce empty": func(c map[string]any) { c["nonce"] = "" },
		"nonce null":  func(c map[string]any) { c["nonce"] = nil },
		"iat a day old, exp ahead": func(c map[string]any) {
			c["iat"], c["exp"] = now-86400, now+3600
		},
		"two audiences, no azp": func(c map[string]any) { c["aud"] = []string{clientID, "another-service"} },
		"no jti":                func(c map[string]any) { delete(c, "jti") },
	} {
		tok, err := r.op.LogoutToken(sub, mutate)
		if err != nil {
			t.Fatal(err)
		}
		if code := post(tok); code != 400 {
			t.Errorf("%s: %d", name, code)
		}
	}
	if code := post(flipSignature(good)); code != 400 {
		t.Errorf("bad signature: %d", code)
	}
	// Later, the replay is still refused and a fresh token works.
	r.clock.Advance(4 * time.Minute)
	if code := post(good); code != 400 {
		t.Errorf("replay 4 minutes later: %d", code)
	}
	fresh, _ := r.op.LogoutToken(sub, nil)
	if code := post(fresh); code != 200 {
		t.Errorf("fresh token later: %d", code)
	}
	if code := post(""); code != 400 {
		t.Errorf("empty: %d", code)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/back-channel-logout", nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", w.Code)
	}
}

func TestRequireLevel(t *testing.T) {
	var sentTo []onelogin.Level
	signIn := func(w http.ResponseWriter, r *http.Request, need onelogin.Level) {
		sentTo = append(sentTo, need)
		http.Redirect(w, r, "/sign-in", http.StatusFound)
	}
	for _, tc := range []struct {
		have   onelogin.Level
		signed bool
		need   onelogin.Level
		ok     bool
	}{
		{onelogin.SignedIn(), true, onelogin.SignedIn(), true},
		{onelogin.IdentityChecked(), true, onelogin.SignedIn(), true},
		{onelogin.SignedIn(), true, onelogin.IdentityChecked(), false},
		{onelogin.Level{Credential: onelogin.LowCredential}, true, onelogin.SignedIn(), false},
		{onelogin.Level{}, false, onelogin.SignedIn(), false},
	} {
		sentTo = nil
		reached := false
		h := onelogin.RequireLevel(tc.need, func(*http.Request) (onelogin.Level, bool) { return tc.have, tc.signed }, signIn)(
			http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				reached = true
				if l, ok := onelogin.LevelFromContext(r.Context()); !ok || l != tc.have {
					t.Errorf("level in context = %v", l)
				}
			}))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/apply", nil))
		if reached != tc.ok || (!tc.ok && (len(sentTo) != 1 || sentTo[0] != tc.need || w.Code != http.StatusFound)) {
			t.Errorf("have %v need %v: reached %v, sent to %v", tc.have, tc.need, reached, sentTo)
		}
	}
}

func TestParseLevel(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want onelogin.Level
		ok   bool
	}{
		{"Cl", onelogin.Level{Credential: onelogin.LowCredential}, true},
		{"Cl.Cm", onelogin.SignedIn(), true},
		{"Cl.Cm.P2", onelogin.IdentityChecked(), true},
		{"Cl.Cm.P1", onelogin.Level{Credential: onelogin.MediumCredential, Confidence: onelogin.P1}, true},
		{"Cl.Cm.P0", onelogin.SignedIn(), true},
		{"Cl.P2", onelogin.Level{}, false}, // identity needs Cl.Cm
		{"Cl.Cm.P3", onelogin.Level{}, false},
		{"Cm", onelogin.Level{}, false},
		{"", onelogin.Level{}, false},
	} {
		got, err := onelogin.ParseLevel(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("ParseLevel(%q) = %v, %v", tc.in, got, err)
		}
	}
	if onelogin.IdentityChecked().String() != "Cl.Cm.P2" || onelogin.SignedIn().String() != "Cl.Cm" {
		t.Errorf("String")
	}
	// An AuthRequest survives a trip through a JSON session store.
	in := onelogin.AuthRequest{State: "s", Nonce: "n", CodeVerifier: "v", Level: onelogin.IdentityChecked()}
	b, _ := json.Marshal(in)
	var out onelogin.AuthRequest
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("AuthRequest round trip %s = %+v, %v", b, out, err)
	}
}

// BenchmarkVerifyIDToken runs VerifyIDToken side by side with a bare
// ecdsa.Verify of the same token's P-256 signature (its SHA-256 digest
// computed once, outside the loop), so the cost of everything beyond the
// signature check — parsing, key lookup, claim checks — shows as the ratio
// of the two (reported by the interleaved sub-benchmark).
func BenchmarkVerifyIDToken(b *testing.B) {
	r := newRig(b)
	req := onelogin.AuthRequest{Nonce: "bench-nonce", Level: onelogin.SignedIn()}
	raw, err := r.op.Sign(map[string]any{
		"sub": "urn:fdc:gov.uk:2022:bench", "aud": clientID, "iss": r.op.Environment().Issuer, "vot": "Cl.Cm",
		"exp": start.Add(2 * time.Minute).Unix(), "iat": start.Unix(), "nonce": "bench-nonce", "sid": "s",
	})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, _, err := r.rp.VerifyIDToken(ctx, raw, req); err != nil {
		b.Fatal(err)
	}
	pub, digest, sigR, sigS := rawSignature(b, r, raw)
	if !ecdsa.Verify(pub, digest, sigR, sigS) {
		b.Fatal("the raw signature does not verify")
	}
	b.Run("VerifyIDToken", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := r.rp.VerifyIDToken(ctx, raw, req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ecdsa.Verify", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !ecdsa.Verify(pub, digest, sigR, sigS) {
				b.Fatal("does not verify")
			}
		}
	})
	// The two alternated, one of each per iteration, so that a machine
	// busy with other work slows both alike; the x-ecdsa metric is the
	// time of VerifyIDToken over the time of ecdsa.Verify.
	b.Run("interleaved", func(b *testing.B) {
		var inVerify, inECDSA time.Duration
		for b.Loop() {
			t0 := time.Now()
			if _, _, err := r.rp.VerifyIDToken(ctx, raw, req); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if !ecdsa.Verify(pub, digest, sigR, sigS) {
				b.Fatal("does not verify")
			}
			inVerify, inECDSA = inVerify+t1.Sub(t0), inECDSA+time.Since(t1)
		}
		b.ReportMetric(float64(inVerify)/float64(inECDSA), "x-ecdsa")
	})
}

// rawSignature returns the provider's public key for raw's kid, the
// SHA-256 digest of raw's signing input, and its ES256 signature as r and
// s (RFC 7518 section 3.4).
func rawSignature(b *testing.B, r *rig, raw string) (*ecdsa.PublicKey, []byte, *big.Int, *big.Int) {
	b.Helper()
	req, _ := http.NewRequest("GET", r.op.URL()+"/.well-known/jwks.json", nil)
	req.Header.Set("User-Agent", "bench/1")
	resp, err := r.op.Client().Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var set jose.JSONWebKeySet
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil {
		b.Fatal(err)
	}
	h, _ := decode(b, raw)
	keys := set.Key(h["kid"].(string))
	if len(keys) != 1 {
		b.Fatalf("no key for kid %v", h["kid"])
	}
	pub, ok := keys[0].Key.(*ecdsa.PublicKey)
	if !ok {
		b.Fatalf("key is %T", keys[0].Key)
	}
	i := strings.LastIndexByte(raw, '.')
	sum := sha256.Sum256([]byte(raw[:i]))
	sig, err := base64.RawURLEncoding.DecodeString(raw[i+1:])
	if err != nil || len(sig) != 64 {
		b.Fatalf("signature: %v", err)
	}
	return pub, sum[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
}

// FuzzVerifyIDToken feeds arbitrary strings to the ID token and logout
// token verifiers: they must fail cleanly, never panic, and never accept a
// token the provider did not sign.
func FuzzVerifyIDToken(f *testing.F) {
	r := newRig(f)
	good, err := r.op.Sign(map[string]any{"sub": "s", "aud": clientID, "iss": r.op.Environment().Issuer, "vot": "Cl.Cm",
		"exp": start.Add(time.Minute).Unix(), "iat": start.Unix(), "nonce": "n"})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(flipSignature(good))
	f.Add("")
	f.Add("a.b.c")
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	req := onelogin.AuthRequest{Nonce: "n", Level: onelogin.SignedIn()}
	f.Fuzz(func(t *testing.T, raw string) {
		_, _, err := r.rp.VerifyIDToken(context.Background(), raw, req)
		if err == nil && raw != good {
			// Only a token signed by the provider may pass; re-encodings of
			// the good token's parts would have to carry its signature.
			if _, claims := decode(t, raw); claims["sub"] != "s" {
				t.Fatalf("accepted a token the provider did not sign: %q", raw)
			}
		}
		if err != nil && !errors.Is(err, onelogin.ErrIDToken) {
			t.Fatalf("error %v is not ErrIDToken", err)
		}
		if _, err := r.rp.VerifyLogoutToken(context.Background(), raw); err == nil {
			t.Fatalf("an ID token or junk passed as a logout token: %q", raw)
		}
	})
}

// A Client is shared by every request of a service: concurrent sign-ins
// and logouts must not race (run with -race).
func TestConcurrentSignIns(t *testing.T) {
	r := newRig(t)
	sub := oneloginfake.DefaultUser().Subject
	h := r.rp.BackChannelLogoutHandler(func(context.Context, onelogin.LogoutEvent) error { return nil })
	type started struct {
		cb  *http.Request
		req onelogin.AuthRequest
	}
	var flows []started
	for i := range 8 {
		level := onelogin.SignedIn()
		if i%2 == 0 {
			level = onelogin.IdentityChecked()
		}
		cb, req := r.signIn(t, level) // the browser leg, on the test goroutine
		flows = append(flows, started{cb, req})
	}
	errs := make(chan error, 16)
	for _, f := range flows {
		go func() {
			_, err := r.rp.Callback(context.Background(), f.cb, f.req)
			errs <- err
		}()
		go func() {
			tok, err := r.op.LogoutToken(sub, nil)
			if err != nil {
				errs <- err
				return
			}
			w := httptest.NewRecorder()
			req := httptest.NewRequest("POST", "/bcl", strings.NewReader(url.Values{"logout_token": {tok}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			h.ServeHTTP(w, req)
			if w.Code != 200 {
				errs <- errors.New(w.Body.String())
				return
			}
			errs <- nil
		}()
	}
	for range 16 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
