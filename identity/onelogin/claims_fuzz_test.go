package onelogin_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity/onelogin"
	"github.com/lgds/councilkit/identity/onelogin/oneloginfake"
)

const backChannelLogout = "http://schemas.openid.net/event/backchannel-logout"

// FuzzLogoutTokenClaims signs arbitrary claims with the provider's key, as
// a token One Login really issued would be, and checks VerifyLogoutToken
// against an independent reading of "Validate your logout token": it
// accepts exactly the tokens whose iss is the issuer, aud the client, exp
// in the future, iat not in the future nor older than the maximum age, sub
// present, events exactly
// {"http://schemas.openid.net/event/backchannel-logout": {}}, no nonce,
// and a jti not seen before. Its refusals must not depend on the subject or
// session, so they cannot repeat them.
func FuzzLogoutTokenClaims(f *testing.F) {
	r := newRig(f)
	issuer := r.op.Environment().Issuer
	good := `{"` + backChannelLogout + `":{}}`
	f.Add(issuer, clientID, int64(120), int64(-1), fuzzSubject, fuzzSession, "jti-1", "", good)
	f.Add(issuer, clientID, int64(120), int64(-1), fuzzSubject, "", "jti-2", "", good)
	f.Add(issuer, clientID, int64(120), int64(-1), "", fuzzSession, "jti-3", "", good)
	f.Add(issuer, clientID, int64(120), int64(-1), fuzzSubject, fuzzSession, "", "", good)
	f.Add(issuer, clientID, int64(120), int64(-1), fuzzSubject, fuzzSession, "jti-4", "n-0S", good)
	f.Add(issuer, clientID, int64(-1), int64(-1), fuzzSubject, fuzzSession, "jti-5", "", good)
	f.Add(issuer, clientID, int64(120), int64(31), fuzzSubject, fuzzSession, "jti-6", "", good)
	f.Add(issuer, clientID, int64(120), int64(0), fuzzSubject, fuzzSession, "jti-7", "", good)
	f.Add(issuer, clientID, int64(0), int64(-1), fuzzSubject, fuzzSession, "jti-8", "", good)
	f.Add("https://oidc.account.gov.uk/", clientID, int64(120), int64(-1), fuzzSubject, fuzzSession, "jti-9", "", good)
	f.Add(issuer, "another-service", int64(120), int64(-1), fuzzSubject, fuzzSession, "jti-10", "", good)
	f.Add(issuer, clientID, int64(120), int64(-1), fuzzSubject, fuzzSession, "jti-11", "", `{"`+backChannelLogout+`":{"x":1}}`)
	f.Add(issuer, clientID, int64(120), int64(-1), fuzzSubject, fuzzSession, "jti-12", "", `{"`+backChannelLogout+`":{},"other":{}}`)
	f.Add(issuer, clientID, int64(120), int64(-1), fuzzSubject, fuzzSession, "jti-13", "", `{"`+strings.ToUpper(backChannelLogout)+`":{}}`)
	f.Add(issuer, clientID, int64(120), int64(-1), fuzzSubject, fuzzSession, "jti-14", "", `{"`+backChannelLogout+`":null}`)
	f.Add(issuer, clientID, int64(3600), int64(-150), fuzzSubject, fuzzSession, "jti-16", "", good)
	f.Add(issuer, clientID, int64(3600), int64(-151), fuzzSubject, fuzzSession, "jti-17", "", good)
	f.Add(issuer, clientID, int64(3600), int64(-86400), fuzzSubject, fuzzSession, "jti-18", "", good)
	f.Add(issuer, clientID, int64(120), int64(-1), fuzzSubject, fuzzSession, strings.Repeat("j", 257), "", good)
	f.Add(issuer, clientID, int64(120), int64(-1), fuzzSubject, fuzzSession, "jti-15", "", `[]`)
	now := start.Unix()
	seen := map[string]bool{}
	sign := func(t *testing.T, claims map[string]any) string {
		raw, err := r.op.Sign(claims)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	f.Fuzz(func(t *testing.T, iss, aud string, exp, iat int64, sub, sid, jti, nonce, events string) {
		exp, iat = exp%1_000_000_000, iat%1_000_000_000
		claims := map[string]any{}
		for k, v := range map[string]string{"iss": iss, "aud": aud, "sub": sub, "sid": sid, "jti": jti, "nonce": nonce} {
			if v != "" {
				claims[k] = v
			}
		}
		if exp != 0 {
			claims["exp"] = now + exp
		}
		if iat != 0 {
			claims["iat"] = now + iat
		}
		if json.Valid([]byte(events)) {
			claims["events"] = json.RawMessage(events)
		}
		// What the token says, as JSON will carry it (invalid UTF-8
		// becomes U+FFFD).
		b, err := json.Marshal(claims)
		if err != nil {
			t.Skip() // not a token anyone could sign
		}
		var said struct {
			Iss, Aud, Sub, Sid, Jti string
			Events                  map[string]json.RawMessage
		}
		_ = json.Unmarshal(b, &said)
		var body map[string]json.RawMessage
		eventOK := json.Unmarshal([]byte(events), &said.Events) == nil && len(said.Events) == 1 &&
			json.Unmarshal(said.Events[backChannelLogout], &body) == nil && body != nil && len(body) == 0
		// iat at most the maximum age plus the leeway ago.
		oldest := -int64((onelogin.DefaultLogoutTokenMaxAge + 30*time.Second) / time.Second)
		want := said.Iss == issuer && said.Aud == clientID && exp > 0 && iat != 0 && iat <= 30 && iat >= oldest &&
			said.Sub != "" && nonce == "" && said.Jti != "" && len(said.Jti) <= onelogin.MaxTokenIDLength &&
			!seen[said.Jti] && eventOK

		raw := sign(t, claims)
		ev, err := r.rp.VerifyLogoutToken(context.Background(), raw)
		if err == nil {
			if !want {
				t.Fatalf("accepted %s", b)
			}
			seen[said.Jti] = true
			if ev.Subject != said.Sub || ev.SessionID != said.Sid || ev.TokenID != said.Jti {
				t.Fatalf("claims %s gave %+v", b, ev)
			}
			return
		}
		if want {
			t.Fatalf("refused %s: %v", b, err)
		}
		if !errors.Is(err, onelogin.ErrLogoutToken) {
			t.Fatalf("error %v is not ErrLogoutToken", err)
		}
		if strings.Contains(err.Error(), raw) {
			t.Fatalf("error repeats the token")
		}
		// The same token for another resident and session must be refused
		// in the same words: the message cannot contain either.
		if sub == "" && sid == "" {
			return
		}
		if sub != "" {
			claims["sub"] = "urn:fdc:gov.uk:2022:someone-else"
		}
		if sid != "" {
			claims["sid"] = "another-session"
		}
		_, err2 := r.rp.VerifyLogoutToken(context.Background(), sign(t, claims))
		if err2 == nil || err2.Error() != err.Error() {
			t.Fatalf("refusal depends on sub or sid: %q, then %v", err, err2)
		}
	})
}

// FuzzCoreIdentityClaims has the fake sign core identities with arbitrary
// claims, as One Login's identity key would, and checks VerifyCoreIdentity
// against an independent reading of "Validate your user's identity
// credential": it accepts exactly the credentials whose iss is the identity
// issuer, aud the client, sub the ID token's subject, exp in the future,
// nbf and iat not in the future, vot at least the P2 asked for, and a date
// of birth; it returns exactly the name and date of birth signed. Its
// refusals must not depend on the name or date of birth, so they cannot
// repeat them.
func FuzzCoreIdentityClaims(f *testing.F) {
	r := newRig(f)
	env := r.op.Environment()
	f.Add(env.IdentityIssuer, clientID, fuzzSubject, "P2", int64(3600), int64(-1), int64(-1), fuzzGiven, fuzzFamily, fuzzBirth)
	f.Add(env.IdentityIssuer, clientID, fuzzSubject, "P2", int64(3600), int64(0), int64(0), "", "", fuzzBirth)
	f.Add(env.IdentityIssuer, clientID, fuzzSubject, "P1", int64(3600), int64(-1), int64(-1), fuzzGiven, fuzzFamily, fuzzBirth)
	f.Add(env.IdentityIssuer, clientID, fuzzSubject, "Cl.Cm.P2", int64(3600), int64(-1), int64(-1), fuzzGiven, fuzzFamily, fuzzBirth)
	f.Add(env.IdentityIssuer, clientID, "urn:fdc:gov.uk:2022:someone-else", "P2", int64(3600), int64(-1), int64(-1), fuzzGiven, fuzzFamily, fuzzBirth)
	f.Add(env.IdentityIssuer, "another-service", fuzzSubject, "P2", int64(3600), int64(-1), int64(-1), fuzzGiven, fuzzFamily, fuzzBirth)
	f.Add(env.Issuer, clientID, fuzzSubject, "P2", int64(3600), int64(-1), int64(-1), fuzzGiven, fuzzFamily, fuzzBirth)
	f.Add(env.IdentityIssuer, clientID, fuzzSubject, "P2", int64(-1), int64(-1), int64(-1), fuzzGiven, fuzzFamily, fuzzBirth)
	f.Add(env.IdentityIssuer, clientID, fuzzSubject, "P2", int64(3600), int64(31), int64(-1), fuzzGiven, fuzzFamily, fuzzBirth)
	f.Add(env.IdentityIssuer, clientID, fuzzSubject, "P2", int64(3600), int64(-1), int64(31), fuzzGiven, fuzzFamily, fuzzBirth)
	f.Add(env.IdentityIssuer, clientID, fuzzSubject, "P2", int64(3600), int64(-1), int64(-1), fuzzGiven, fuzzFamily, "11/11/1911")
	f.Add(env.IdentityIssuer, clientID, fuzzSubject, "P2", int64(3600), int64(-1), int64(-1), fuzzGiven, fuzzFamily, "")
	f.Add(env.IdentityIssuer, clientID, fuzzSubject, "P2", int64(3600), int64(-1), int64(-1), fuzzGiven, fuzzFamily, "1911-02-30")
	now := start.Unix()
	// issue has the fake sign a core identity with claims during a real
	// sign-in, and returns it.
	issue := func(t *testing.T, claims map[string]any) string {
		var raw string
		r.op.SetHooks(oneloginfake.Hooks{
			CoreIdentityClaims: func(c map[string]any) {
				clear(c)
				maps.Copy(c, claims)
			},
			CoreIdentity: func(s string) string { raw = s; return s },
		})
		defer r.op.SetHooks(oneloginfake.Hooks{})
		cb, req := r.signIn(t, onelogin.IdentityChecked())
		_, _ = r.rp.Callback(context.Background(), cb, req)
		if raw == "" {
			t.Fatal("the fake issued no core identity")
		}
		return raw
	}
	f.Fuzz(func(t *testing.T, iss, aud, sub, vot string, exp, nbf, iat int64, given, family, dob string) {
		exp, nbf, iat = exp%1_000_000_000, nbf%1_000_000_000, iat%1_000_000_000
		build := func(given, family, dob string) map[string]any {
			cs := map[string]any{"name": []any{map[string]any{"nameParts": []any{
				map[string]any{"type": "GivenName", "value": given},
				map[string]any{"type": "FamilyName", "value": family},
			}}}}
			if dob != "" {
				cs["birthDate"] = []any{map[string]any{"value": dob}}
			}
			c := map[string]any{"iss": iss, "aud": aud, "sub": sub, "vot": vot,
				"vc": map[string]any{"type": []string{"VerifiableCredential", "VerifiableIdentityCredential"}, "credentialSubject": cs}}
			for k, v := range map[string]int64{"exp": exp, "nbf": nbf, "iat": iat} {
				if v != 0 {
					c[k] = now + v
				}
			}
			return c
		}
		claims := build(given, family, dob)
		b, err := json.Marshal(claims)
		if err != nil {
			t.Skip()
		}
		var said struct{ Iss, Aud, Sub, Vot string }
		_ = json.Unmarshal(b, &said)
		// Names and the date as JSON carries them (invalid UTF-8 becomes
		// U+FFFD).
		wantGiven, wantFamily, wantDOB := roundTrip(given), roundTrip(family), roundTrip(dob)
		date, dateErr := calendar.ParseDate(wantDOB)
		// A current name needs at least one part that is not blank; blank
		// parts are dropped.
		named := strings.TrimSpace(wantGiven) != "" || strings.TrimSpace(wantFamily) != ""
		if strings.TrimSpace(wantGiven) == "" {
			wantGiven = ""
		}
		if strings.TrimSpace(wantFamily) == "" {
			wantFamily = ""
		}
		want := said.Iss == env.IdentityIssuer && said.Aud == clientID && said.Sub == fuzzSubject && exp > 0 &&
			nbf <= 30 && iat <= 30 && said.Vot == "P2" && dob != "" && dateErr == nil && named

		raw := issue(t, claims)
		ci, err := r.rp.VerifyCoreIdentity(context.Background(), raw, fuzzSubject, onelogin.P2)
		if err == nil {
			if !want {
				t.Fatalf("accepted %s", b)
			}
			if ci.Subject != fuzzSubject || ci.Confidence != onelogin.P2 || ci.Person.GivenNames != wantGiven ||
				ci.Person.FamilyName != wantFamily || ci.Person.DateOfBirth != date {
				t.Fatalf("claims %s gave %+v", b, ci)
			}
			return
		}
		if want {
			t.Fatalf("refused %s: %v", b, err)
		}
		if !errors.Is(err, onelogin.ErrCoreIdentity) {
			t.Fatalf("error %v is not ErrCoreIdentity", err)
		}
		// The same credential for someone with another name and date of
		// birth (valid if this one was, invalid if not) must be refused in
		// the same words: the message cannot contain either.
		otherDOB := ""
		switch {
		case dob != "" && dateErr == nil:
			otherDOB = "2001-02-03"
		case dob != "":
			otherDOB = "not a date"
		}
		otherGiven, otherFamily := "Alys", "Ap Rhys"
		if !named {
			otherGiven, otherFamily = " ", ""
		}
		_, err2 := r.rp.VerifyCoreIdentity(context.Background(), issue(t, build(otherGiven, otherFamily, otherDOB)), fuzzSubject, onelogin.P2)
		if err2 == nil || err2.Error() != err.Error() {
			t.Fatalf("refusal depends on the name or date of birth: %q, then %v", err, err2)
		}
	})
}

// roundTrip returns s as it comes back from JSON.
func roundTrip(s string) string {
	b, _ := json.Marshal(s)
	var back string
	_ = json.Unmarshal(b, &back)
	return back
}
