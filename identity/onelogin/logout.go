package onelogin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/lgds/councilkit"
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

// ErrReplayed is wrapped (with ErrLogoutToken) when a logout token's jti
// was seen in the last three minutes.
var ErrReplayed = errors.New("onelogin: logout token replayed")

// VerifyLogoutToken verifies a back-channel logout token as "Validate your
// logout token" requires: the kid a published key, the alg the pinned one,
// the signature, iss, aud, iat in the past, exp in the future, a sub, an
// events claim that is exactly {"http://schemas.openid.net/event/backchannel-logout": {}},
// no nonce, and a jti not seen in the last three minutes.
func (c *Client) VerifyLogoutToken(ctx context.Context, raw string) (*LogoutEvent, error) {
	lt, err := c.verifier.VerifyLogout(oidc.ClientContext(ctx, c.http), raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrLogoutToken, err)
	}
	var cl struct {
		IssuedAt int64                      `json:"iat"`
		Events   map[string]json.RawMessage `json:"events"`
	}
	if err := lt.Claims(&cl); err != nil {
		return nil, fmt.Errorf("%w: claims: %v", ErrLogoutToken, err)
	}
	now := c.cfg.Clock.Now()
	if cl.IssuedAt == 0 || time.Unix(cl.IssuedAt, 0).After(now.Add(c.cfg.Leeway)) {
		return nil, fmt.Errorf("%w: iat missing or in the future", ErrLogoutToken)
	}
	if lt.Subject == "" {
		return nil, fmt.Errorf("%w: no sub", ErrLogoutToken)
	}
	ev, ok := cl.Events[backChannelEvent]
	if len(cl.Events) != 1 || !ok {
		return nil, fmt.Errorf("%w: events must hold only the back-channel logout event", ErrLogoutToken)
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(ev, &body); err != nil || body == nil || len(body) != 0 {
		return nil, fmt.Errorf("%w: the back-channel logout event must be an empty object", ErrLogoutToken)
	}
	if !c.jti.add(lt.TokenID) {
		return nil, fmt.Errorf("%w: %w", ErrLogoutToken, ErrReplayed)
	}
	return &LogoutEvent{Subject: lt.Subject, SessionID: lt.SessionID, TokenID: lt.TokenID}, nil
}

// BackChannelLogoutHandler returns the handler for the service's registered
// back_channel_logout_uri. It accepts a POST form with a logout_token,
// verifies it, and calls endSessions to close every session of the
// subject; it answers 200 when endSessions succeeds, 400 for a token that
// fails verification, and 500 if endSessions fails.
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

// jtiCache remembers token ids for a window, to refuse replays.
type jtiCache struct {
	clock  councilkit.Clock
	window time.Duration
	mu     sync.Mutex
	seen   map[string]time.Time
}

func newJTICache(clock councilkit.Clock, window time.Duration) *jtiCache {
	return &jtiCache{clock: clock, window: window, seen: make(map[string]time.Time)}
}

// add records id and reports whether it was not seen within the window.
func (j *jtiCache) add(id string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.clock.Now()
	for k, t := range j.seen {
		if now.Sub(t) > j.window {
			delete(j.seen, k)
		}
	}
	if _, ok := j.seen[id]; ok { // every entry left is within the window
		return false
	}
	j.seen[id] = now
	return true
}
