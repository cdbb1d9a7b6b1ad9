package oneloginfake

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/lgds/councilkit/identity/onelogin/internal/redacttest"
)

// The fake's signing keys, and the codes, tokens and nonces it has issued,
// print and log redacted with every verb (issue 15, item 9).
func TestProviderRedacted(t *testing.T) {
	client, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p, err := NewServer(Config{ClientID: "c", ClientKey: client.Public()})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if err := p.RotateKey(); err != nil {
		t.Fatal(err)
	}
	// An authorization, so that the provider holds a code and a nonce.
	browser := p.Client()
	browser.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	q := url.Values{"client_id": {"c"}, "redirect_uri": {"https://rp.example/cb"}, "response_type": {"code"},
		"scope": {"openid"}, "state": {"state-secret-123456"}, "nonce": {"nonce-secret-7890123"}}
	resp, err := browser.Get(p.URL() + "/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	code := loc.Query().Get("code")
	if code == "" {
		t.Fatalf("no code: %v", resp.Header)
	}
	var secrets []string
	p.mu.Lock()
	for _, k := range append(append([]signingKey{p.identityKey}, p.keys...), p.oldIdentity...) {
		secrets = append(secrets, redacttest.PrivateKey(k.priv)...)
	}
	var g grant
	for _, g = range p.codes {
	}
	p.mu.Unlock()
	secrets = append(secrets, redacttest.Strings(code, "nonce-secret-7890123", g.sid)...)
	redacttest.Check(t, "*Provider", p, secrets...)
	redacttest.Check(t, "signingKey", p.keys[0], redacttest.PrivateKey(p.keys[0].priv)...)
	redacttest.Check(t, "grant", g, redacttest.Strings("nonce-secret-7890123", g.sid)...)
	if s := strings.ToLower(redacttest.Renderings(p)["%+v"]); !strings.Contains(s, p.URL()) {
		t.Errorf("%%+v of the provider does not say where it is: %s", s)
	}
}
