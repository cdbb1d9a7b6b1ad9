package onelogin

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

// Keys for the seeds: a P-256 and an RSA public key, the P-256 key again
// with its private part, and a symmetric key.
const (
	fuzzECKey      = `{"use":"sig","kty":"EC","kid":"ec-key-1","crv":"P-256","alg":"ES256","x":"KCI5WPGn5QbKbMlXpHDZBrp8kGNSA2V75_3L6x52EMY","y":"7SpNzTCaoZCLtz5Ft0kW2NUXGmI3M7I9w_-fhPJoBCk"}`
	fuzzECBare     = `{"kty":"EC","crv":"P-256","x":"KCI5WPGn5QbKbMlXpHDZBrp8kGNSA2V75_3L6x52EMY","y":"7SpNzTCaoZCLtz5Ft0kW2NUXGmI3M7I9w_-fhPJoBCk"}`
	fuzzECPrivate  = `{"use":"sig","kty":"EC","kid":"private","crv":"P-256","alg":"ES256","x":"KCI5WPGn5QbKbMlXpHDZBrp8kGNSA2V75_3L6x52EMY","y":"7SpNzTCaoZCLtz5Ft0kW2NUXGmI3M7I9w_-fhPJoBCk","d":"xETLkmzUmb9f2iMnO1u5esiyG8wOQvsFyyA5y_0lF1s"}`
	fuzzSymmetric  = `{"kty":"oct","kid":"hmac","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"}`
	fuzzController = "did:web:identity.integration.account.gov.uk"
)

// FuzzParseConfidence checks that exactly "P0", "P1" and "P2" parse, each
// to the level whose String it is.
func FuzzParseConfidence(f *testing.F) {
	for _, s := range []string{"P0", "P1", "P2", "P3", "p2", " P2", "P", "", "Cl.Cm.P2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseConfidence(s)
		want := s == "P0" || s == "P1" || s == "P2"
		if err != nil {
			if want || !errors.Is(err, ErrVectorOfTrust) || c != P0 {
				t.Fatalf("ParseConfidence(%q) = %v, %v", s, c, err)
			}
			// The message is the same whatever the input: nothing echoed.
			if err.Error() != ErrVectorOfTrust.Error() {
				t.Fatalf("error %q depends on the input", err)
			}
			return
		}
		if !want || c > P2 || c.String() != s {
			t.Fatalf("ParseConfidence(%q) = %v", s, c)
		}
	})
}

// checkKeys checks what a key parser returned: only public signature keys
// of an asymmetric algorithm, whatever the document said.
func checkKeys(t *testing.T, keys map[string]*jose.JSONWebKey) {
	t.Helper()
	for id, k := range keys {
		if id == "" || k == nil || !k.IsPublic() || !k.Valid() || (k.Use != "" && k.Use != "sig") {
			t.Fatalf("kept unusable key %q: %+v", id, k)
		}
		switch k.Key.(type) {
		case *ecdsa.PublicKey, *rsa.PublicKey, ed25519.PublicKey:
		default:
			t.Fatalf("kept key %q of type %T", id, k.Key)
		}
	}
}

// sameKeys reports whether a and b hold the same keys under the same ids.
func sameKeys(t *testing.T, a, b map[string]*jose.JSONWebKey) bool {
	t.Helper()
	if len(a) != len(b) {
		return false
	}
	for id, ka := range a {
		kb, ok := b[id]
		if !ok {
			return false
		}
		ta, err1 := ka.Thumbprint(crypto.SHA256)
		tb, err2 := kb.Thumbprint(crypto.SHA256)
		if err1 != nil || err2 != nil || string(ta) != string(tb) {
			return false
		}
	}
	return true
}

// FuzzParseJWKS feeds parseJWKS arbitrary bodies, as a hostile or broken
// network could: it must never panic, must keep only public signature keys
// with a kid (never a private or symmetric key, which would let anyone who
// saw it forge tokens), must key them by their kid, and what it keeps must
// survive being published again.
func FuzzParseJWKS(f *testing.F) {
	for _, s := range []string{
		`{"keys":[` + fuzzECKey + `]}`,
		`{"keys":[` + fuzzECKey + `,` + fuzzSymmetric + `,` + fuzzECPrivate + `,` + fuzzECBare + `]}`,
		`{"keys":[{"kty":"EC","kid":"enc","use":"enc","crv":"P-256","x":"KCI5WPGn5QbKbMlXpHDZBrp8kGNSA2V75_3L6x52EMY","y":"7SpNzTCaoZCLtz5Ft0kW2NUXGmI3M7I9w_-fhPJoBCk"}]}`,
		`{"keys":[{"kty":"EC","kid":"off-curve","crv":"P-256","x":"AAAA","y":"AAAA"}]}`,
		`{"keys":[{"kty":"RSA","kid":"r","n":"AQAB","e":"AQAB"}]}`,
		`{"keys":null}`, `{"keys":{}}`, `{}`, `[]`, `null`, ``, `{"keys":[1,"x",null,{}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		keys, err := parseJWKS(body)
		if err != nil {
			if keys != nil {
				t.Fatalf("keys and an error: %v", err)
			}
			if len(err.Error()) > 200 {
				t.Fatalf("error of %d bytes: %.80q…", len(err.Error()), err)
			}
			return
		}
		checkKeys(t, keys)
		set := jose.JSONWebKeySet{}
		for id, k := range keys {
			if k.KeyID != id {
				t.Fatalf("key %q kept under %q", k.KeyID, id)
			}
			set.Keys = append(set.Keys, *k)
		}
		again, err := json.Marshal(set)
		if err != nil {
			t.Fatalf("kept keys do not marshal: %v", err)
		}
		back, err := parseJWKS(again)
		if err != nil || !sameKeys(t, keys, back) {
			t.Fatalf("published again, %d keys came back as %d (%v)", len(keys), len(back), err)
		}
	})
}

// FuzzParseDID feeds the DID document parser arbitrary bodies: it must
// never panic, must refuse a document for another controller, and must
// keep only public keys whose assertion method id is the controller's,
// keyed by that id, which is how a core identity's kid is looked up.
func FuzzParseDID(f *testing.F) {
	method := func(id, jwk string) string {
		return `{"id":"` + id + `","type":"JsonWebKey","controller":"` + fuzzController + `","publicKeyJwk":` + jwk + `}`
	}
	doc := func(id string, methods ...string) string {
		return `{"@context":["https://www.w3.org/ns/did/v1"],"id":"` + id + `","assertionMethod":[` + strings.Join(methods, ",") + `]}`
	}
	for _, s := range []string{
		doc(fuzzController, method(fuzzController+"#ec-key-1", fuzzECBare)),
		doc(fuzzController, method(fuzzController+"#a", fuzzECBare), method("did:web:evil.example#b", fuzzECBare),
			method(fuzzController+"#c", fuzzECPrivate), method(fuzzController+"#d", fuzzSymmetric), method(fuzzController, fuzzECBare)),
		doc("did:web:evil.example", method("did:web:evil.example#a", fuzzECBare)),
		doc(fuzzController+"#x", method(fuzzController+"#x#a", fuzzECBare)),
		`{"ID":"` + fuzzController + `","assertionMethod":null}`,
		`{"id":"` + fuzzController + `","assertionMethod":[{"id":"` + fuzzController + `#a","publicKeyJwk":null}]}`,
		`{}`, `null`, ``, `[`,
	} {
		f.Add([]byte(s))
	}
	parse := parseDID(fuzzController)
	f.Fuzz(func(t *testing.T, body []byte) {
		keys, err := parse(body)
		if err != nil {
			if keys != nil {
				t.Fatalf("keys and an error: %v", err)
			}
			if len(err.Error()) > 200 || strings.Contains(err.Error(), "did:web:") {
				t.Fatalf("error echoes the document: %.120q", err)
			}
			return
		}
		var d didDocument
		if json.Unmarshal(body, &d) != nil || d.ID != fuzzController {
			t.Fatalf("accepted a document for %q", d.ID)
		}
		checkKeys(t, keys)
		var methods []string
		for id, k := range keys {
			if !strings.HasPrefix(id, fuzzController+"#") {
				t.Fatalf("kept key %q of another controller", id)
			}
			b, err := k.MarshalJSON()
			if err != nil {
				t.Fatalf("kept key %q does not marshal: %v", id, err)
			}
			idJSON, _ := json.Marshal(id)
			methods = append(methods, `{"id":`+string(idJSON)+`,"type":"JsonWebKey","publicKeyJwk":`+string(b)+`}`)
		}
		back, err := parse([]byte(doc(fuzzController, methods...)))
		if err != nil || !sameKeys(t, keys, back) {
			t.Fatalf("published again, %d keys came back as %d (%v)", len(keys), len(back), err)
		}
		if _, err := parseDID("did:web:other.example")(body); err == nil {
			t.Fatalf("a document for %s was accepted for another controller", fuzzController)
		}
	})
}
