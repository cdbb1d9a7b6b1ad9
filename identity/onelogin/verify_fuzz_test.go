package onelogin_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit/identity/onelogin"
	"github.com/lgds/councilkit/identity/onelogin/oneloginfake"
)

// Personal data the fuzzed tokens carry, chosen to be recognisable in an
// error message: none of it may ever appear in one.
const (
	fuzzSubject = "urn:fdc:gov.uk:2022:FUZZSUBJECT-0xx7"
	fuzzSession = "FUZZSESSION-2kq"
	fuzzGiven   = "Zebedee"
	fuzzFamily  = "Quixote-Fuzzington"
	fuzzBirth   = "1911-11-11"
)

// echoes returns what of secrets or the raw token err's message repeats.
func echoes(err error, raw string, secrets ...string) string {
	msg := err.Error()
	for _, s := range secrets {
		if strings.Contains(msg, s) {
			return s
		}
	}
	// The token itself, or its payload, in whole.
	parts := strings.Split(raw, ".")
	if len(parts) > 1 && len(parts[1]) >= 16 && strings.Contains(msg, parts[1]) {
		return parts[1]
	}
	if len(raw) >= 16 && strings.Contains(msg, raw) {
		return raw
	}
	return ""
}

// payloadOf decodes the claims of a compact JWS, or returns nil.
func payloadOf(raw string) map[string]any {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	return m
}

// FuzzVerifyLogoutToken feeds arbitrary strings to VerifyLogoutToken. Seeds
// include logout tokens the provider signed, with and without the defects
// "Validate your logout token" lists, so the fuzzer mutates real tokens. It
// must never panic; it may accept only a token the provider signed, once;
// every refusal must match ErrLogoutToken; and no refusal may repeat the
// token, its subject or its session.
func FuzzVerifyLogoutToken(f *testing.F) {
	r := newRig(f)
	issued := map[string]bool{} // jti of every token the provider signed and meant as valid
	sign := func(mutate func(map[string]any)) string {
		tok, err := r.op.LogoutToken(fuzzSubject, func(c map[string]any) {
			c["sid"] = fuzzSession
			if mutate != nil {
				mutate(c)
			}
		})
		if err != nil {
			f.Fatal(err)
		}
		return tok
	}
	good := sign(nil)
	issued[payloadOf(good)["jti"].(string)] = true
	f.Add(good)
	f.Add(flipSignature(good))
	for _, mutate := range []func(map[string]any){
		func(c map[string]any) { c["nonce"] = "an-id-token-nonce" },
		func(c map[string]any) { c["aud"] = "another-service" },
		func(c map[string]any) { c["iss"] = "https://oidc.account.gov.uk/" },
		func(c map[string]any) { c["exp"] = start.Add(-time.Minute).Unix() },
		func(c map[string]any) { c["iat"] = start.Add(time.Hour).Unix() },
		func(c map[string]any) { delete(c, "sub") },
		func(c map[string]any) { delete(c, "jti") },
		func(c map[string]any) {
			c["events"] = map[string]any{"http://schemas.openid.net/event/backchannel-logout": map[string]any{"x": 1}}
		},
		func(c map[string]any) {
			c["events"].(map[string]any)["http://schemas.openid.net/event/other"] = map[string]any{}
		},
	} {
		f.Add(sign(mutate))
	}
	idToken, err := r.op.Sign(map[string]any{"sub": fuzzSubject, "aud": clientID, "iss": r.op.Environment().Issuer,
		"exp": start.Add(time.Minute).Unix(), "iat": start.Unix(), "nonce": "n", "sid": fuzzSession, "jti": "j"})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(idToken)
	for _, s := range []string{"", ".", "..", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", strings.Repeat("A", 300)} {
		f.Add(s)
	}
	seen := map[string]bool{}
	f.Fuzz(func(t *testing.T, raw string) {
		ev, err := r.rp.VerifyLogoutToken(context.Background(), raw)
		if err != nil {
			if ev != nil || !errors.Is(err, onelogin.ErrLogoutToken) {
				t.Fatalf("VerifyLogoutToken = %v, %v: want nil and an ErrLogoutToken", ev, err)
			}
			if e := echoes(err, raw, fuzzSubject, "FUZZSUBJECT", fuzzSession); e != "" {
				t.Fatalf("error %q repeats %q", err, e)
			}
			return
		}
		// Only a token the provider signed as valid can pass (a re-encoding
		// of its parts would still carry its signature), and only once.
		c := payloadOf(raw)
		if ev.Subject != fuzzSubject || ev.SessionID != fuzzSession || !issued[ev.TokenID] || c == nil || c["jti"] != ev.TokenID {
			t.Fatalf("accepted a token the provider did not sign as valid: %q gave %+v", raw, ev)
		}
		if seen[ev.TokenID] {
			t.Fatalf("jti %q accepted twice", ev.TokenID)
		}
		seen[ev.TokenID] = true
	})
}

// FuzzVerifyCoreIdentity feeds arbitrary strings to VerifyCoreIdentity.
// Seeds include core identity JWTs the fake signed during real sign-ins,
// with and without the defects "Validate your user's identity credential"
// lists. It must never panic; it may accept only the core identity the
// provider signed as valid, returning exactly the person in it; every
// refusal must match ErrCoreIdentity; and no refusal may repeat the name,
// date of birth or subject in the token.
func FuzzVerifyCoreIdentity(f *testing.F) {
	r := newRig(f)
	user := oneloginfake.DefaultUser()
	user.Subject, user.GivenNames, user.FamilyName, user.BirthDates = fuzzSubject, []string{fuzzGiven}, fuzzFamily, []string{fuzzBirth}
	r.op.SetUser(user)
	// capture signs a resident in at P2 with claims mutated as given, and
	// returns the core identity the fake issued.
	capture := func(mutate func(map[string]any)) string {
		var raw string
		r.op.SetHooks(oneloginfake.Hooks{
			CoreIdentityClaims: mutate,
			CoreIdentity:       func(s string) string { raw = s; return s },
		})
		defer r.op.SetHooks(oneloginfake.Hooks{})
		cb, req := r.signIn(f, onelogin.IdentityChecked())
		_, _ = r.rp.Callback(context.Background(), cb, req)
		if raw == "" {
			f.Fatal("the fake issued no core identity")
		}
		return raw
	}
	subjectOf := func(c map[string]any) map[string]any {
		return c["vc"].(map[string]any)["credentialSubject"].(map[string]any)
	}
	good := capture(nil)
	f.Add(good)
	f.Add(flipSignature(good))
	for _, mutate := range []func(map[string]any){
		func(c map[string]any) { c["sub"] = "urn:fdc:gov.uk:2022:someone-else" },
		func(c map[string]any) { c["vot"] = "P1" },
		func(c map[string]any) { c["vot"] = "Cl.Cm.P2" },
		func(c map[string]any) { c["aud"] = []string{"another-service"} },
		func(c map[string]any) { c["iss"] = "https://identity.account.gov.uk/" },
		func(c map[string]any) { c["exp"] = start.Add(-time.Minute).Unix() },
		func(c map[string]any) { c["nbf"] = start.Add(time.Hour).Unix() },
		func(c map[string]any) { subjectOf(c)["birthDate"] = []map[string]string{{"value": "11/11/1911"}} },
		func(c map[string]any) { delete(subjectOf(c), "name") },
		func(c map[string]any) { subjectOf(c)["name"] = "Zebedee Quixote-Fuzzington" },
	} {
		f.Add(capture(mutate))
	}
	for _, s := range []string{"", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "eyJhbGciOiJFUzI1NiIsImtpZCI6ImRpZDp3ZWI6eCNrIn0.e30.AAAA"} {
		f.Add(s)
	}
	want := payloadOf(good)
	f.Fuzz(func(t *testing.T, raw string) {
		ci, err := r.rp.VerifyCoreIdentity(context.Background(), raw, fuzzSubject, onelogin.P2)
		if err != nil {
			if ci != nil || !errors.Is(err, onelogin.ErrCoreIdentity) {
				t.Fatalf("VerifyCoreIdentity = %v, %v: want nil and an ErrCoreIdentity", ci, err)
			}
			if e := echoes(err, raw, fuzzSubject, "FUZZSUBJECT", fuzzGiven, fuzzFamily, "Fuzzington", fuzzBirth); e != "" {
				t.Fatalf("error %q repeats %q", err, e)
			}
			return
		}
		c := payloadOf(raw)
		if !reflect.DeepEqual(c, want) || ci.Subject != fuzzSubject || ci.Confidence != onelogin.P2 ||
			ci.Person.GivenNames != fuzzGiven || ci.Person.FamilyName != fuzzFamily || ci.Person.DateOfBirth.String() != fuzzBirth {
			t.Fatalf("accepted %q as %+v", raw, ci)
		}
	})
}
