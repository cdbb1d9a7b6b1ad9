package onelogin

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4/jwt"
)

// IDToken is the standard content of a verified ID token. It holds no
// token and no nonce.
type IDToken struct {
	Issuer   string
	Subject  string
	Audience []string
	// AuthorizedParty is the azp claim, if there was one; it is then the
	// client ID.
	AuthorizedParty string
	Expiry          time.Time
	IssuedAt        time.Time
	// AccessTokenHash is the at_hash claim, if there was one.
	AccessTokenHash string
}

// VerifyAccessToken checks that accessToken is the one the ID token's
// at_hash was made from: the left half of its SHA-256 digest, base64url
// encoded (OpenID Connect Core 1.0 section 3.1.3.8; ES256 and RS256 both
// use SHA-256).
func (t *IDToken) VerifyAccessToken(accessToken string) error {
	if t.AccessTokenHash == "" {
		return fmt.Errorf("%w: no at_hash", ErrIDToken)
	}
	sum := sha256.Sum256([]byte(accessToken))
	want := base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2])
	if subtle.ConstantTimeCompare([]byte(want), []byte(t.AccessTokenHash)) != 1 {
		return fmt.Errorf("%w: at_hash does not match the access token", ErrIDToken)
	}
	return nil
}

// IDClaims are the One Login claims of a verified ID token beyond those
// in IDToken.
type IDClaims struct {
	Vot       string `json:"vot"`
	Vtm       string `json:"vtm"`
	SessionID string `json:"sid"`
	AuthTime  int64  `json:"auth_time"`
	IssuedAt  int64  `json:"iat"`
	NotBefore *int64 `json:"nbf"`
}

// idTokenPayload is everything VerifyIDToken reads from an ID token, in
// one parse.
type idTokenPayload struct {
	registeredClaims
	Subject         string `json:"sub"`
	Nonce           string `json:"nonce"`
	AccessTokenHash string `json:"at_hash"`
	IDClaims
}

// registeredClaims are the claims ID and logout tokens check the same way.
type registeredClaims struct {
	Issuer          string           `json:"iss"`
	Audience        jwt.Audience     `json:"aud"`
	AuthorizedParty *string          `json:"azp"`
	Expiry          *jwt.NumericDate `json:"exp"`
}

// readToken verifies raw's signature with the provider's keys, decodes its
// claims into p, whose registered claims are rc, and checks iss, aud with
// azp, and exp. It returns the time it checked against, or why the token
// fails.
func (c *Client) readToken(ctx context.Context, raw string, p any, rc *registeredClaims) (time.Time, error) {
	payload, err := c.keys.verify(ctx, raw)
	if err != nil {
		return time.Time{}, err
	}
	if err := json.Unmarshal(payload, p); err != nil {
		return time.Time{}, errors.New("claims do not parse")
	}
	now := c.cfg.Clock.Now()
	if rc.Issuer != c.cfg.Environment.Issuer {
		return time.Time{}, errors.New("wrong issuer")
	}
	if err := checkAudience(rc.Audience, rc.AuthorizedParty, c.cfg.ClientID); err != nil {
		return time.Time{}, err
	}
	if rc.Expiry == nil || !now.Before(rc.Expiry.Time()) {
		return time.Time{}, errors.New("expired or without exp")
	}
	return now, nil
}

// VerifyIDToken verifies an ID token fully, as "Validate your ID token"
// and OpenID Connect Core 1.0 section 3.1.3.7 require, parsing it once:
//   - the alg header is Config.IDTokenAlgorithm (so "none" and any other
//     algorithm fail), the kid names a published key whose alg matches, and
//     the signature verifies with that key;
//   - iss is the issuer; aud contains the client ID; if aud names more than
//     one audience, azp must be present; if azp is present, it must be the
//     client ID;
//   - exp is in the future; iat is present, not in the future and not older
//     than Config.IDTokenMaxAge (default DefaultIDTokenMaxAge, five
//     minutes), each with Config.Leeway; nbf, if present, is not in the
//     future;
//   - the nonce is req's, vot is the credential level requested (vot
//     carries the credential level only, never the P level), sub is
//     present, and auth_time is recent enough if req.MaxAge is set.
func (c *Client) VerifyIDToken(ctx context.Context, raw string, req AuthRequest) (*IDToken, IDClaims, error) {
	fail := func(msg string) (*IDToken, IDClaims, error) {
		return nil, IDClaims{}, fmt.Errorf("%w: %s", ErrIDToken, msg)
	}
	var p idTokenPayload
	now, err := c.readToken(ctx, raw, &p, &p.registeredClaims)
	if err != nil {
		return fail(err.Error())
	}
	if err := c.checkIssuedAt(p.IssuedAt != 0, time.Unix(p.IssuedAt, 0), now, c.cfg.IDTokenMaxAge); err != nil {
		return fail(err.Error())
	}
	if p.NotBefore != nil && time.Unix(*p.NotBefore, 0).After(now.Add(c.cfg.Leeway)) {
		return fail("not yet valid")
	}
	if req.Nonce == "" || subtle.ConstantTimeCompare([]byte(p.Nonce), []byte(req.Nonce)) != 1 {
		return fail("nonce does not match")
	}
	if want := req.Level.Credential.String(); p.Vot != want {
		return nil, IDClaims{}, fmt.Errorf("%w: vot %q, requested %q", ErrIDToken, p.Vot, want)
	}
	if p.Subject == "" {
		return fail("no sub")
	}
	if req.MaxAge != 0 {
		// "validate that auth_time is greater than or equal to the current
		// time minus the value of max_age".
		oldest := now.Add(-max(req.MaxAge, 0)).Add(-c.cfg.Leeway)
		if p.AuthTime == 0 || time.Unix(p.AuthTime, 0).Before(oldest) {
			return fail("authentication older than max_age")
		}
	}
	idt := &IDToken{
		Issuer:          p.Issuer,
		Subject:         p.Subject,
		Audience:        p.Audience,
		Expiry:          p.Expiry.Time(),
		IssuedAt:        time.Unix(p.IssuedAt, 0),
		AccessTokenHash: p.AccessTokenHash,
	}
	if p.AuthorizedParty != nil {
		idt.AuthorizedParty = *p.AuthorizedParty
	}
	return idt, p.IDClaims, nil
}

// checkAudience applies OpenID Connect Core 1.0 section 3.1.3.7 points 3
// to 5 to a token's aud and azp: aud must contain the client ID; a token
// with more than one audience must name an azp; an azp, if present, must
// be the client ID.
func checkAudience(aud jwt.Audience, azp *string, clientID string) error {
	switch {
	case !aud.Contains(clientID):
		return errors.New("wrong audience")
	case len(aud) > 1 && azp == nil:
		return errors.New("several audiences and no azp")
	case azp != nil && *azp != clientID:
		return errors.New("azp is not the client")
	}
	return nil
}

// checkIssuedAt checks that a token's iat is present, not in the future
// and no older than maxAge, each with the leeway.
func (c *Client) checkIssuedAt(present bool, iat, now time.Time, maxAge time.Duration) error {
	switch {
	case !present:
		return errors.New("no iat")
	case iat.After(now.Add(c.cfg.Leeway)):
		return errors.New("issued in the future")
	case iat.Before(now.Add(-maxAge - c.cfg.Leeway)):
		return errors.New("issued too long ago")
	}
	return nil
}
