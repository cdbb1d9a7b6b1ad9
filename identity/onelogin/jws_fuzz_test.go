package onelogin

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

// FuzzParseCompact feeds arbitrary strings to the compact JWS parser and
// the ES256 signature check. It must never panic; what it parses must be
// exactly three base64url parts (RFC 7515 section 7.1) whose signing input
// and signature are raw's own; a header with crit is refused; only the
// signed header and payload verify; and no input verifies under a key that
// signed nothing.
func FuzzParseCompact(f *testing.F) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "k1"))
	obj, _ := signer.Sign([]byte(`{"sub":"s","aud":"c"}`))
	good, _ := obj.CompactSerialize()
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	for _, s := range []string{good, good + ".", "a.b.c", "..", ".", "", "eyJhbGciOiJub25lIn0.e30.",
		"eyJhbGciOiJFUzI1NiIsImNyaXQiOlsiYjY0Il0sImI2NCI6ZmFsc2V9.e30.AAAA", good[:len(good)-1], strings.ReplaceAll(good, "-", "+")} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		jws, err := parseCompact(raw)
		if err != nil {
			if jws != nil {
				t.Fatal("a result with an error")
			}
			return
		}
		if strings.Count(raw, ".") != 2 || jws.signed+"."+b64.EncodeToString(jws.signature) != raw {
			t.Fatalf("parts of %q are not its own", raw)
		}
		if jws.header.Crit != nil {
			t.Fatalf("crit accepted in %q", raw)
		}
		payload, err := jws.verifySignature(jose.ES256, &key.PublicKey)
		if err == nil && jws.signed != good[:strings.LastIndexByte(good, '.')] {
			// Only what was signed verifies: strict base64url admits one
			// encoding of the header and payload (an ECDSA signature may
			// have another valid form, which signs the same input).
			t.Fatalf("%q verified with payload %q", raw, payload)
		}
		if _, err := jws.verifySignature(jose.ES256, &other.PublicKey); err == nil {
			t.Fatalf("%q verified under a key that signed nothing", raw)
		}
		if _, err := jws.verifySignature(jose.RS256, &key.PublicKey); err == nil {
			t.Fatalf("%q verified as RS256 with an EC key", raw)
		}
	})
}
