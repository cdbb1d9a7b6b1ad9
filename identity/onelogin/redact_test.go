package onelogin_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit/identity/onelogin"
	"github.com/lgds/councilkit/identity/onelogin/internal/redacttest"
)

// Every type holding a secret — a private key, a token, the state, nonce
// or PKCE verifier of a sign-in — prints and logs without it, whatever the
// verb (issue 15, item 9); and the personal data a sign-in returns (the
// resident's name, date of birth, email, phone, address, subject) is not
// shown either.
func TestSecretsRedacted(t *testing.T) {
	r := newRig(t)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecSecrets := redacttest.PrivateKey(r.key)
	cfg := onelogin.Config{Environment: r.op.Environment(), ClientID: clientID, RedirectURL: redirectURL,
		PrivateKey: r.key, UserAgent: "x/1", HTTPClient: r.op.Client(), Clock: r.clock}
	redacttest.Check(t, "Config", cfg, ecSecrets...)
	redacttest.Check(t, "*Config", &cfg, ecSecrets...)
	bare := onelogin.Config{ClientID: clientID, PrivateKey: r.key}
	redacttest.Check(t, "Config with only a key", bare, ecSecrets...)
	rsaCfg := bare
	rsaCfg.PrivateKey = rsaKey
	redacttest.Check(t, "Config with an RSA key", rsaCfg, redacttest.PrivateKey(rsaKey)...)
	redacttest.Check(t, "*Client", r.rp, ecSecrets...)
	redacttest.Check(t, "Client", *r.rp, ecSecrets...)

	cb, req := r.signIn(t, onelogin.IdentityChecked())
	reqSecrets := redacttest.Strings(req.State, req.Nonce, req.CodeVerifier)
	redacttest.Check(t, "AuthRequest", req, reqSecrets...)
	redacttest.Check(t, "*AuthRequest", &req, reqSecrets...)
	res, err := r.rp.Callback(context.Background(), cb, req)
	if err != nil {
		t.Fatal(err)
	}
	personal := redacttest.Strings("Siân", "Elin", "O’Brien", "1985-03-07", "resident@example.com", "7700900982",
		"CF10 1NS", "Heol y Frenhines", "100023336956", res.Subject, res.SessionID)
	tokenParts := redacttest.Strings(res.IDTokenHint[len(res.IDTokenHint)-40:], res.IDTokenHint[:40])
	redacttest.Check(t, "Resident", *res, append(personal, tokenParts...)...)
	redacttest.Check(t, "*Resident", res, append(personal, tokenParts...)...)

	ci := onelogin.CoreIdentity{Subject: res.Subject, Confidence: onelogin.P2, Person: res.Person}
	redacttest.Check(t, "CoreIdentity", ci, personal...)
	redacttest.Check(t, "*CoreIdentity", &ci, personal...)

	idt, _, err := r.rp.VerifyIDToken(context.Background(), res.IDTokenHint, onelogin.AuthRequest{Nonce: req.Nonce, Level: onelogin.SignedIn()})
	if err != nil {
		t.Fatal(err)
	}
	redacttest.Check(t, "*IDToken", idt, redacttest.Strings(res.Subject)...)
	redacttest.Check(t, "IDToken", *idt, redacttest.Strings(res.Subject)...)

	tok, _ := r.op.LogoutToken(res.Subject, func(c map[string]any) { c["sid"] = res.SessionID })
	ev, err := r.rp.VerifyLogoutToken(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	redacttest.Check(t, "LogoutEvent", *ev, redacttest.Strings(res.Subject, res.SessionID)...)
	redacttest.Check(t, "*LogoutEvent", ev, redacttest.Strings(res.Subject, res.SessionID)...)
}

// What the redacted forms do show, so that they stay useful in logs.
func TestRedactedFormsShow(t *testing.T) {
	r := newRig(t)
	_, req, _ := r.rp.AuthURL(onelogin.IdentityChecked(), onelogin.AuthOptions{MaxAge: time.Hour})
	for _, tc := range []struct {
		v     any
		goTyp string
		want  []string
	}{
		{req, "onelogin.AuthRequest{State:\"[redacted]\"", []string{"Cl.Cm.P2", "1h0m0s", "[redacted]"}},
		{r.rp, "onelogin.Client{", []string{clientID, r.op.Environment().Issuer}},
		{onelogin.CoreIdentity{Subject: "x", Confidence: onelogin.P2}, "onelogin.CoreIdentity{", []string{"P2", "[redacted]"}},
	} {
		for _, verb := range []string{"%v", "%+v", "%s"} {
			s := fmt.Sprintf(verb, tc.v)
			for _, w := range tc.want {
				if !strings.Contains(s, w) {
					t.Errorf("%T with %s: %q lacks %q", tc.v, verb, s, w)
				}
			}
		}
		if s := fmt.Sprintf("%#v", tc.v); !strings.HasPrefix(s, tc.goTyp) {
			t.Errorf("%T with %%#v: %q", tc.v, s)
		}
	}
}
