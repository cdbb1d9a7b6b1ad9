package onelogin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/go-jose/go-jose/v4/jwt"
)

// LogoutEvent is a verified back-channel logout: close every session of
// Subject.
type LogoutEvent struct {
	Subject   string
	SessionID string
	TokenID   string
}

// backChannelEvent is the only events member a logout token may carry.
const backChannelEvent = "http://schemas.openid.net/event/backchannel-logout"

// Errors of logout token verification, each wrapped with ErrLogoutToken.
var (
	// ErrReplayed: the logout token's jti was accepted before and the
	// token could still be accepted.
	ErrReplayed = errors.New("onelogin: logout token replayed")
	// ErrReplayStore: the ReplayStore could not say whether the jti was
	// seen (it failed, or a MemoryReplayStore was full), so the token was
	// refused.
	ErrReplayStore = errors.New("onelogin: replay store unavailable")
)

// MaxTokenIDLength is the longest jti a logout token may carry, in bytes,
// which bounds what a ReplayStore keeps per token.
const MaxTokenIDLength = 256

// logoutTokenPayload is everything VerifyLogoutToken reads from a logout
// token, in one parse.
type logoutTokenPayload struct {
	registeredClaims
	Subject   string                     `json:"sub"`
	IssuedAt  *jwt.NumericDate           `json:"iat"`
	SessionID string                     `json:"sid"`
	TokenID   string                     `json:"jti"`
	Nonce     present                    `json:"nonce"`
	Events    map[string]json.RawMessage `json:"events"`
}

// present records that a claim was there, whatever its value (even null).
type present bool

func (p *present) UnmarshalJSON([]byte) error { *p = true; return nil }

// VerifyLogoutToken verifies a back-channel logout token as "Validate your
// logout token" and OpenID Connect Back-Channel Logout 1.0 section 2.6
// require, parsing it once: the kid a published key, the alg the pinned
// one, the signature; iss the issuer; aud and azp as for an ID token (aud
// contains the client ID, azp present if there are several audiences and
// then the client ID); exp in the future; iat present, not in the future
// and not older than Config.LogoutTokenMaxAge (default
// DefaultLogoutTokenMaxAge, two minutes), each with Config.Leeway; a sub;
// an events claim that is exactly
// {"http://schemas.openid.net/event/backchannel-logout": {}}; no nonce;
// and a jti of at most MaxTokenIDLength bytes that Config.ReplayStore has
// not seen. The jti is remembered until the token could no longer be
// accepted: its exp or the end of its maximum age, whichever is sooner.
func (c *Client) VerifyLogoutToken(ctx context.Context, raw string) (*LogoutEvent, error) {
	fail := func(msg string) (*LogoutEvent, error) {
		return nil, fmt.Errorf("%w: %s", ErrLogoutToken, msg)
	}
	var p logoutTokenPayload
	now, err := c.readToken(ctx, raw, &p, &p.registeredClaims)
	if err != nil {
		return fail(err.Error())
	}
	var iat time.Time
	if p.IssuedAt != nil {
		iat = p.IssuedAt.Time()
	}
	if err := c.checkIssuedAt(p.IssuedAt != nil, iat, now, c.cfg.LogoutTokenMaxAge); err != nil {
		return fail(err.Error())
	}
	if p.Subject == "" {
		return fail("no sub")
	}
	if p.Nonce {
		return fail("a logout token must not carry a nonce")
	}
	ev, ok := p.Events[backChannelEvent]
	if len(p.Events) != 1 || !ok {
		return fail("events must hold only the back-channel logout event")
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(ev, &body); err != nil || body == nil || len(body) != 0 {
		return fail("the back-channel logout event must be an empty object")
	}
	if p.TokenID == "" || len(p.TokenID) > MaxTokenIDLength {
		return fail("no jti, or one too long")
	}
	// Remember the jti for as long as this token passes the checks above.
	until := p.Expiry.Time()
	if end := iat.Add(c.cfg.LogoutTokenMaxAge + c.cfg.Leeway); end.Before(until) {
		until = end
	}
	seen, err := c.cfg.ReplayStore.Seen(ctx, c.cfg.ClientID+" "+p.TokenID, now, until)
	if err != nil {
		return nil, fmt.Errorf("%w: %w: %v", ErrLogoutToken, ErrReplayStore, err)
	}
	if seen {
		return nil, fmt.Errorf("%w: %w", ErrLogoutToken, ErrReplayed)
	}
	return &LogoutEvent{Subject: p.Subject, SessionID: p.SessionID, TokenID: p.TokenID}, nil
}

// BackChannelLogoutHandler returns the handler for the service's registered
// back_channel_logout_uri. It accepts a POST form with a logout_token,
// verifies it, and calls endSessions to close every session of the
// subject; it answers 200 when endSessions succeeds, 400 for a token that
// fails verification, 503 if the ReplayStore fails (the token is refused,
// since it cannot be told from a replay), and 500 if endSessions fails.
func (c *Client) BackChannelLogoutHandler(endSessions func(ctx context.Context, ev LogoutEvent) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		raw := r.PostFormValue("logout_token")
		if raw == "" {
			http.Error(w, "logout_token required", http.StatusBadRequest)
			return
		}
		ev, err := c.VerifyLogoutToken(r.Context(), raw)
		if errors.Is(err, ErrReplayStore) {
			http.Error(w, "could not check the logout token", http.StatusServiceUnavailable)
			return
		}
		if err != nil {
			http.Error(w, "invalid logout token", http.StatusBadRequest)
			return
		}
		if err := endSessions(r.Context(), *ev); err != nil {
			http.Error(w, "could not end sessions", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
