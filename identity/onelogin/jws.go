package onelogin

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"strings"

	"github.com/go-jose/go-jose/v4"
)

// b64 is the base64url encoding of JWS compact serialisation (RFC 7515
// section 2): no padding, and no stray bits in the last character.
var b64 = base64.RawURLEncoding.Strict()

// jwsHeader is what this package reads of a JWS protected header.
type jwsHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	// Crit lists extensions the signer says a verifier must understand;
	// this package understands none (RFC 7515 section 4.1.11), so a header
	// with crit is refused.
	Crit json.RawMessage `json:"crit"`
}

// compactJWS is a JWS in compact serialisation split into its parts
// without decoding the payload.
type compactJWS struct {
	header    jwsHeader
	signed    string // the signing input: header "." payload, as received
	payload   string // base64url
	signature []byte
}

// parseCompact splits raw into its three parts and decodes the header and
// signature. It reads raw once and keeps the signing input as received,
// so nothing is encoded again to check the signature.
func parseCompact(raw string) (*compactJWS, error) {
	i := strings.IndexByte(raw, '.')
	j := strings.LastIndexByte(raw, '.')
	if i <= 0 || j == i || strings.IndexByte(raw[i+1:j], '.') >= 0 {
		return nil, errors.New("not a compact JWS")
	}
	hb, err := b64.DecodeString(raw[:i])
	if err != nil {
		return nil, errors.New("header is not base64url")
	}
	var t compactJWS
	if err := json.Unmarshal(hb, &t.header); err != nil {
		return nil, errors.New("header does not parse")
	}
	if t.header.Crit != nil {
		return nil, errors.New("header has critical extensions")
	}
	if t.signature, err = b64.DecodeString(raw[j+1:]); err != nil {
		return nil, errors.New("signature is not base64url")
	}
	t.signed, t.payload = raw[:j], raw[i+1:j]
	return &t, nil
}

// verifySignature checks t's signature with key by alg, which must be
// ES256 (P-256 and SHA-256, RFC 7518 section 3.4) or RS256 (RSASSA
// PKCS1-v1_5 with SHA-256, section 3.3), and returns the decoded payload.
func (t *compactJWS) verifySignature(alg jose.SignatureAlgorithm, key crypto.PublicKey) ([]byte, error) {
	digest := sha256.Sum256([]byte(t.signed))
	ok := false
	switch alg {
	case jose.ES256:
		pub, isEC := key.(*ecdsa.PublicKey)
		if !isEC || pub.Curve != elliptic.P256() {
			return nil, errors.New("the key is not a P-256 key")
		}
		if len(t.signature) == 64 {
			r := new(big.Int).SetBytes(t.signature[:32])
			s := new(big.Int).SetBytes(t.signature[32:])
			ok = ecdsa.Verify(pub, digest[:], r, s)
		}
	case jose.RS256:
		pub, isRSA := key.(*rsa.PublicKey)
		if !isRSA {
			return nil, errors.New("the key is not an RSA key")
		}
		ok = rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], t.signature) == nil
	default:
		return nil, errors.New("unsupported algorithm")
	}
	if !ok {
		return nil, errors.New("signature does not verify")
	}
	payload, err := b64.DecodeString(t.payload)
	if err != nil {
		return nil, errors.New("payload is not base64url")
	}
	return payload, nil
}
