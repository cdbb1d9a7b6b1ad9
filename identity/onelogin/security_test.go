package onelogin_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity/onelogin"
	"github.com/lgds/councilkit/identity/onelogin/oneloginfake"
)

// A logout token's jti must be remembered for as long as the token itself
// could still be accepted, not for a fixed window: a token whose exp is an
// hour ahead, delivered again four minutes later, is a replay (issue 15,
// item 1). "Check your service has not recently received another logout
// token with the same jti value" ("Validate the payload's content for a
// back-channel logout request", docs.sign-in.service.gov.uk, Log your users
// out of GOV.UK One Login).
func TestLogoutTokenReplayAfterFixedWindow(t *testing.T) {
	r := newRig(t)
	sub := oneloginfake.DefaultUser().Subject
	tok, err := r.op.LogoutToken(sub, func(c map[string]any) { c["exp"] = start.Add(time.Hour).Unix() })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.rp.VerifyLogoutToken(context.Background(), tok); err != nil {
		t.Fatalf("first delivery: %v", err)
	}
	for _, after := range []time.Duration{time.Minute, 3 * time.Minute, time.Second, 50 * time.Minute} {
		r.clock.Advance(after)
		if _, err := r.rp.VerifyLogoutToken(context.Background(), tok); !errors.Is(err, onelogin.ErrLogoutToken) {
			t.Fatalf("replayed %v after the first delivery: %v", r.clock.Now().Sub(start), err)
		}
	}
}

// A logout token issued long ago is refused even though its exp is still
// ahead: OpenID Connect Back-Channel Logout 1.0 section 2.6 has the iat
// validated "in the same way" as an ID token's, and OpenID Connect Core 1.0
// section 3.1.3.7 point 10 lets the client refuse tokens "issued too far
// away from the current time". The maximum is Config.LogoutTokenMaxAge
// (DefaultLogoutTokenMaxAge) plus Leeway.
func TestLogoutTokenMaxAge(t *testing.T) {
	now := start
	for _, tc := range []struct {
		name string
		iat  time.Time
		ok   bool
	}{
		{"issued now", now, true},
		{"issued two minutes ago", now.Add(-2 * time.Minute), true},
		{"issued at the limit with leeway", now.Add(-onelogin.DefaultLogoutTokenMaxAge - 30*time.Second), true},
		{"issued a second past the limit", now.Add(-onelogin.DefaultLogoutTokenMaxAge - 31*time.Second), false},
		{"issued ten minutes ago", now.Add(-10 * time.Minute), false},
		{"issued 24 hours ago", now.Add(-24 * time.Hour), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			tok, err := r.op.LogoutToken("urn:fdc:gov.uk:2022:x", func(c map[string]any) {
				c["iat"] = tc.iat.Unix()
				c["exp"] = now.Add(time.Hour).Unix()
			})
			if err != nil {
				t.Fatal(err)
			}
			_, err = r.rp.VerifyLogoutToken(context.Background(), tok)
			if tc.ok && err != nil {
				t.Errorf("refused: %v", err)
			}
			if !tc.ok && !errors.Is(err, onelogin.ErrLogoutToken) {
				t.Errorf("accepted or wrong error: %v", err)
			}
		})
	}
}

// audienceCases are OpenID Connect Core 1.0 section 3.1.3.7 points 3 to 5:
// aud must contain the client_id; "If the ID Token contains multiple
// audiences, the Client SHOULD verify that an azp Claim is present"; "If an
// azp (authorized party) Claim is present, the Client SHOULD verify that its
// client_id is the Claim Value". Back-Channel Logout 1.0 section 2.6 step 3
// validates a logout token's aud "in the same way".
var audienceCases = []struct {
	name string
	aud  any
	azp  string
	ok   bool
}{
	{"aud the client", clientID, "", true},
	{"aud a list of the client alone", []string{clientID}, "", true},
	{"aud the client, azp the client", clientID, clientID, true},
	{"two audiences, azp the client", []string{clientID, "other-service"}, clientID, true},
	{"two audiences, azp the other", []string{clientID, "other-service"}, "other-service", false},
	{"two audiences, no azp", []string{clientID, "other-service"}, "", false},
	{"aud the client, azp another", clientID, "other-service", false},
	{"aud another", "other-service", "", false},
	{"aud another, azp the client", "other-service", clientID, false},
	{"empty aud list", []string{}, "", false},
}

func TestIDTokenAuthorizedParty(t *testing.T) {
	r := newRig(t)
	req := onelogin.AuthRequest{Nonce: "n", Level: onelogin.SignedIn()}
	for _, tc := range audienceCases {
		claims := map[string]any{"sub": "s", "aud": tc.aud, "iss": r.op.Environment().Issuer, "vot": "Cl.Cm",
			"exp": start.Add(time.Minute).Unix(), "iat": start.Unix(), "nonce": "n"}
		if tc.azp != "" {
			claims["azp"] = tc.azp
		}
		raw, err := r.op.Sign(claims)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = r.rp.VerifyIDToken(context.Background(), raw, req)
		if tc.ok && err != nil {
			t.Errorf("%s: refused: %v", tc.name, err)
		}
		if !tc.ok && !errors.Is(err, onelogin.ErrIDToken) {
			t.Errorf("%s: accepted or wrong error: %v", tc.name, err)
		}
	}
}

func TestLogoutTokenAuthorizedParty(t *testing.T) {
	r := newRig(t)
	for _, tc := range audienceCases {
		tok, err := r.op.LogoutToken("urn:fdc:gov.uk:2022:x", func(c map[string]any) {
			c["aud"] = tc.aud
			if tc.azp != "" {
				c["azp"] = tc.azp
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.rp.VerifyLogoutToken(context.Background(), tok)
		if tc.ok && err != nil {
			t.Errorf("%s: refused: %v", tc.name, err)
		}
		if !tc.ok && !errors.Is(err, onelogin.ErrLogoutToken) {
			t.Errorf("%s: accepted or wrong error: %v", tc.name, err)
		}
	}
}

// An ID token issued long ago is refused even though its exp is ahead
// (OpenID Connect Core 1.0 section 3.1.3.7 point 10: "The iat Claim can be
// used to reject tokens that were issued too far away from the current
// time ... The acceptable range is Client specific"). The maximum is
// Config.IDTokenMaxAge (DefaultIDTokenMaxAge) plus Leeway.
func TestIDTokenMaxAge(t *testing.T) {
	r := newRig(t)
	req := onelogin.AuthRequest{Nonce: "n", Level: onelogin.SignedIn()}
	for _, tc := range []struct {
		name string
		iat  time.Time
		ok   bool
	}{
		{"issued now", start, true},
		{"issued a minute ago", start.Add(-time.Minute), true},
		{"issued at the limit with leeway", start.Add(-onelogin.DefaultIDTokenMaxAge - 30*time.Second), true},
		{"issued a second past the limit", start.Add(-onelogin.DefaultIDTokenMaxAge - 31*time.Second), false},
		{"issued 24 hours ago", start.Add(-24 * time.Hour), false},
	} {
		raw, err := r.op.Sign(map[string]any{"sub": "s", "aud": clientID, "iss": r.op.Environment().Issuer, "vot": "Cl.Cm",
			"exp": start.Add(time.Hour).Unix(), "iat": tc.iat.Unix(), "nonce": "n"})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = r.rp.VerifyIDToken(context.Background(), raw, req)
		if tc.ok && err != nil {
			t.Errorf("%s: refused: %v", tc.name, err)
		}
		if !tc.ok && !errors.Is(err, onelogin.ErrIDToken) {
			t.Errorf("%s: accepted or wrong error: %v", tc.name, err)
		}
	}
}

// newClient returns another relying party on r's provider, configured by
// change.
func (r *rig) newClient(t testing.TB, change func(*onelogin.Config)) *onelogin.Client {
	t.Helper()
	cfg := onelogin.Config{
		Environment: r.op.Environment(), ClientID: clientID, RedirectURL: redirectURL, PrivateKey: r.key,
		UserAgent: "councilkit-test/1.0", HTTPClient: r.op.Client(), Clock: r.clock,
	}
	if change != nil {
		change(&cfg)
	}
	rp, err := onelogin.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rp
}

// With a longer maximum age configured, a jti is still remembered until
// the token's exp, however long after the first delivery.
func TestLogoutTokenReplayUntilExpiry(t *testing.T) {
	r := newRig(t)
	store := onelogin.NewMemoryReplayStore(10)
	rp := r.newClient(t, func(c *onelogin.Config) { c.LogoutTokenMaxAge = 2 * time.Hour; c.ReplayStore = store })
	tok, err := r.op.LogoutToken("urn:fdc:gov.uk:2022:x", func(c map[string]any) { c["exp"] = start.Add(time.Hour).Unix() })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rp.VerifyLogoutToken(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Duration{4 * time.Minute, 30 * time.Minute, time.Hour - time.Second} {
		r.clock.Set(start.Add(at))
		if _, err := rp.VerifyLogoutToken(context.Background(), tok); !errors.Is(err, onelogin.ErrReplayed) {
			t.Errorf("replayed at +%v: %v", at, err)
		}
	}
	// Once the token has expired it is refused for that, and its jti can
	// be forgotten: the store does not grow without bound.
	r.clock.Set(start.Add(time.Hour))
	if _, err := rp.VerifyLogoutToken(context.Background(), tok); !errors.Is(err, onelogin.ErrLogoutToken) || errors.Is(err, onelogin.ErrReplayed) {
		t.Errorf("expired token: %v", err)
	}
	r.clock.Advance(time.Second)
	fresh, _ := r.op.LogoutToken("urn:fdc:gov.uk:2022:x", nil)
	if _, err := rp.VerifyLogoutToken(context.Background(), fresh); err != nil {
		t.Fatal(err)
	}
	if n := store.Len(); n != 1 {
		t.Errorf("store holds %d ids, want only the fresh token's", n)
	}
}

// Instances of a service that share a ReplayStore refuse a token any of
// them has accepted.
func TestLogoutTokenReplayAcrossInstances(t *testing.T) {
	r := newRig(t)
	shared := onelogin.NewMemoryReplayStore(0)
	a := r.newClient(t, func(c *onelogin.Config) { c.ReplayStore = shared })
	b := r.newClient(t, func(c *onelogin.Config) { c.ReplayStore = shared })
	tok, _ := r.op.LogoutToken("urn:fdc:gov.uk:2022:x", nil)
	if _, err := a.VerifyLogoutToken(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	if _, err := b.VerifyLogoutToken(context.Background(), tok); !errors.Is(err, onelogin.ErrReplayed) {
		t.Errorf("replayed to another instance: %v", err)
	}
}

// A full MemoryReplayStore refuses new tokens rather than forget an
// unexpired jti, and the handler says so with 503; once ids expire there is
// room again.
func TestMemoryReplayStoreFull(t *testing.T) {
	r := newRig(t)
	rp := r.newClient(t, func(c *onelogin.Config) { c.ReplayStore = onelogin.NewMemoryReplayStore(2) })
	var toks []string
	for range 3 {
		tok, _ := r.op.LogoutToken("urn:fdc:gov.uk:2022:x", nil)
		toks = append(toks, tok)
	}
	for _, tok := range toks[:2] {
		if _, err := rp.VerifyLogoutToken(context.Background(), tok); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := rp.VerifyLogoutToken(context.Background(), toks[2]); !errors.Is(err, onelogin.ErrReplayStore) || !errors.Is(err, onelogin.ErrLogoutToken) {
		t.Errorf("third token into a store of two: %v", err)
	}
	h := rp.BackChannelLogoutHandler(func(context.Context, onelogin.LogoutEvent) error { return nil })
	w := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/bcl", strings.NewReader(url.Values{"logout_token": {toks[2]}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.ServeHTTP(w, req)
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("handler answered %d", w.Code)
	}
	// The first two are still remembered: a replay is refused as such.
	if _, err := rp.VerifyLogoutToken(context.Background(), toks[0]); !errors.Is(err, onelogin.ErrReplayed) {
		t.Errorf("replay while full: %v", err)
	}
	// The fake's tokens expire in two minutes; after that there is room.
	r.clock.Advance(2*time.Minute + time.Second)
	tok, _ := r.op.LogoutToken("urn:fdc:gov.uk:2022:x", nil)
	if _, err := rp.VerifyLogoutToken(context.Background(), tok); err != nil {
		t.Errorf("after the others expired: %v", err)
	}
}

func TestMemoryReplayStore(t *testing.T) {
	ctx := context.Background()
	s := onelogin.NewMemoryReplayStore(3)
	seen := func(id string, now, until time.Time) bool {
		t.Helper()
		ok, err := s.Seen(ctx, id, now, until)
		if err != nil {
			t.Fatalf("Seen(%q): %v", id, err)
		}
		return ok
	}
	if seen("a", start, start.Add(time.Minute)) {
		t.Error("a seen before it was recorded")
	}
	if !seen("a", start.Add(time.Minute), start.Add(time.Hour)) {
		t.Error("a not seen at its until (inclusive)")
	}
	if seen("a", start.Add(time.Minute+time.Nanosecond), start.Add(2*time.Minute)) {
		t.Error("a seen after its until")
	}
	if !seen("a", start.Add(90*time.Second), start.Add(time.Hour)) {
		t.Error("a re-recorded is not seen")
	}
	if seen("b", start.Add(90*time.Second), start.Add(time.Hour)) || seen("c", start.Add(90*time.Second), start.Add(time.Hour)) {
		t.Error("b or c seen")
	}
	if _, err := s.Seen(ctx, "d", start.Add(90*time.Second), start.Add(time.Hour)); !errors.Is(err, onelogin.ErrReplayStoreFull) {
		t.Errorf("fourth id into a store of three: %v", err)
	}
	if !seen("b", start.Add(100*time.Second), start.Add(time.Hour)) {
		t.Error("b forgotten when the store was full")
	}
}

// Concurrent deliveries of one token: exactly one is accepted (run with
// -race).
func TestLogoutTokenConcurrentReplays(t *testing.T) {
	r := newRig(t)
	tok, _ := r.op.LogoutToken("urn:fdc:gov.uk:2022:x", nil)
	const n = 16
	results := make(chan error, n)
	for range n {
		go func() {
			_, err := r.rp.VerifyLogoutToken(context.Background(), tok)
			results <- err
		}()
	}
	accepted := 0
	for range n {
		err := <-results
		switch {
		case err == nil:
			accepted++
		case !errors.Is(err, onelogin.ErrReplayed):
			t.Errorf("unexpected error: %v", err)
		}
	}
	if accepted != 1 {
		t.Errorf("accepted %d times", accepted)
	}
}

func TestConfigMaxAgesNotNegative(t *testing.T) {
	r := newRig(t)
	for _, change := range []func(*onelogin.Config){
		func(c *onelogin.Config) { c.IDTokenMaxAge = -time.Second },
		func(c *onelogin.Config) { c.LogoutTokenMaxAge = -time.Second },
		func(c *onelogin.Config) { c.Leeway = -time.Second },
	} {
		cfg := onelogin.Config{Environment: r.op.Environment(), ClientID: clientID, RedirectURL: redirectURL,
			PrivateKey: r.key, UserAgent: "x/1", HTTPClient: r.op.Client(), Clock: r.clock}
		change(&cfg)
		if _, err := onelogin.New(context.Background(), cfg); !errors.Is(err, onelogin.ErrConfig) {
			t.Errorf("New = %v", err)
		}
	}
}

// Tokens are verified by this package's own compact JWS parser: headers
// One Login never sends must not get a token through. A crit header names
// extensions the verifier must understand or refuse the token (RFC 7515
// section 4.1.11); the b64 extension (RFC 7797) is one of them.
func TestTokenHeaders(t *testing.T) {
	r := newRig(t)
	req := onelogin.AuthRequest{Nonce: "n", Level: onelogin.SignedIn()}
	claims := map[string]any{"sub": "s", "aud": clientID, "iss": r.op.Environment().Issuer, "vot": "Cl.Cm",
		"exp": start.Add(time.Minute).Unix(), "iat": start.Unix(), "nonce": "n"}
	good, err := r.op.SignWithHeader(claims, map[string]any{"typ": "at+jwt", "x5u": "https://attacker.example/cert"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.rp.VerifyIDToken(context.Background(), good, req); err != nil {
		t.Errorf("unused header members refused: %v", err)
	}
	for name, header := range map[string]map[string]any{
		"crit":          {"crit": []string{"exp"}, "exp": 1},
		"b64 false":     {"crit": []string{"b64"}, "b64": false},
		"kid not found": {"kid": "another-kid"},
		"kid empty":     {"kid": ""},
	} {
		raw, err := r.op.SignWithHeader(claims, header)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, _, err := r.rp.VerifyIDToken(context.Background(), raw, req); !errors.Is(err, onelogin.ErrIDToken) {
			t.Errorf("%s: %v", name, err)
		}
	}
	parts := strings.Split(good, ".")
	for name, raw := range map[string]string{
		"four parts":           good + ".AAAA",
		"padded signature":     good + "==",
		"standard base64":      parts[0] + "." + parts[1] + "." + strings.NewReplacer("-", "+", "_", "/").Replace(parts[2]),
		"signature cut short":  parts[0] + "." + parts[1] + "." + parts[2][:len(parts[2])-4],
		"payload of another":   parts[0] + "." + strings.TrimRight(parts[1], "A") + "." + parts[2],
		"empty header":         "." + parts[1] + "." + parts[2],
		"JSON serialisation":   `{"payload":"` + parts[1] + `","protected":"` + parts[0] + `","signature":"` + parts[2] + `"}`,
		"signature of another": parts[0] + "." + parts[1] + "." + strings.Split(flipSignature(good), ".")[2],
	} {
		if raw == good {
			continue
		}
		if _, _, err := r.rp.VerifyIDToken(context.Background(), raw, req); !errors.Is(err, onelogin.ErrIDToken) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// A service registered for RS256 ID tokens signs in with them, and refuses
// ES256 tokens.
func TestRS256IDTokens(t *testing.T) {
	clock := councilkit.NewFixedClock(start)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	op, err := oneloginfake.NewServer(oneloginfake.Config{ClientID: clientID, ClientKey: key.Public(),
		RedirectURIs: []string{redirectURL}, IDTokenAlgorithm: "RS256", Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(op.Close)
	rp, err := onelogin.New(context.Background(), onelogin.Config{Environment: op.Environment(), ClientID: clientID,
		RedirectURL: redirectURL, PrivateKey: key, UserAgent: "x/1", HTTPClient: op.Client(), Clock: clock,
		IDTokenAlgorithm: "RS256"})
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{op: op, rp: rp, clock: clock, key: key}
	cb, req := r.signIn(t, onelogin.IdentityChecked())
	if _, err := rp.Callback(context.Background(), cb, req); err != nil {
		t.Fatalf("RS256 sign-in: %v", err)
	}
	tok, _ := op.LogoutToken("urn:fdc:gov.uk:2022:x", nil)
	if _, err := rp.VerifyLogoutToken(context.Background(), tok); err != nil {
		t.Errorf("RS256 logout token: %v", err)
	}
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	h, _ := decode(t, tok)
	if _, err := rp.VerifyLogoutToken(context.Background(), resign(t, tok, ec, jose.ES256, h["kid"].(string))); !errors.Is(err, onelogin.ErrLogoutToken) {
		t.Errorf("ES256 token under the RS256 kid: %v", err)
	}
	ok := newRig(t) // an ES256 client refuses RS256 tokens from its own provider
	rsTok, _ := op.Sign(map[string]any{"sub": "s", "aud": clientID, "iss": ok.op.Environment().Issuer, "vot": "Cl.Cm",
		"exp": start.Add(time.Minute).Unix(), "iat": start.Unix(), "nonce": "n"})
	if _, _, err := ok.rp.VerifyIDToken(context.Background(), rsTok, onelogin.AuthRequest{Nonce: "n", Level: onelogin.SignedIn()}); !errors.Is(err, onelogin.ErrIDToken) {
		t.Errorf("RS256 token to an ES256 client: %v", err)
	}
}
