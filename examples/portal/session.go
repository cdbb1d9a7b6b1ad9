package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/identity/onelogin"
)

// Session lifetimes. An idle resident is signed out after 30 minutes (the
// usual limit for a service handling personal data), and nobody keeps a
// session longer than 12 hours.
const (
	sessionIdle     = 30 * time.Minute
	sessionLifetime = 12 * time.Hour
)

// Cookie names. With Secure cookies the session cookie takes the __Host-
// prefix, which browsers accept only from HTTPS, for the whole host, with
// no Domain attribute: it cannot be planted by a sibling subdomain.
const (
	sessionCookieSecure   = "__Host-councilkit-session"
	sessionCookieInsecure = "councilkit-session"
	csrfCookieSecure      = "__Host-councilkit-csrf"
	csrfCookieInsecure    = "councilkit-csrf"
)

// role is what a signed-in user may do.
type role uint8

const (
	roleResident role = iota + 1
	roleOfficer
)

// user is who is signed in. Name is shown on screen but never logged.
type user struct {
	Subject string // the identity provider's stable identifier
	Name    string
	// Email is the One Login account's email address, for receipts and
	// notifications (events.go). Personal data: never logged.
	Email string
	Role  role
	// OfficerOf lists the councils whose officer pages the user may use
	// (Role is roleOfficer when it is not empty).
	OfficerOf []councilkit.Council
	// Level is the level of trust the sign-in reached: "Cl.Cm", or
	// "Cl.Cm.P2" after an identity check.
	Level onelogin.Level
	// Person and Address are what an identity check established (nil
	// without one). They are personal data: kept in the server-side
	// session only, never logged.
	Person  *identity.Person
	Address *identity.Address
	// idTokenHint is the ID token, kept only to log out of One Login.
	idTokenHint string
}

// LogValue implements slog.LogValuer: the role and level only.
func (u user) LogValue() slog.Value {
	return slog.GroupValue(slog.String("level", u.Level.String()), slog.Bool("officer", u.Role == roleOfficer))
}

// session is one browser's state on the server. The browser holds only a
// random token; everything else is in the configured portalStore (keyed by
// the token's SHA-256), so nothing a resident types travels back and forth
// in cookies or hidden fields, and every instance of the portal sees the
// same sessions.
//
// A session is stored only once something needs it: a journey value is
// set, or someone signs in. An anonymous visitor reading pages has none;
// their forms' CSRF token is a double-submit cookie instead (see
// sessionStore.begin). Values are Go values in the request and JSON in the
// store: every key has a registered type (sessionValueTypes).
type session struct {
	st  *sessionStore
	ctx context.Context
	w   http.ResponseWriter
	r   *http.Request

	id      string // the cookie's token; "" until stored
	csrf    string
	created time.Time

	// scope keeps one council's journeys apart from another's in a
	// session shared by several (a deployment serving councils under
	// path prefixes of one host): every value's key is stored under it,
	// but for the sign-in in progress, which the callback (at the
	// deployment's one callback address) reads.
	scope string

	mu     sync.Mutex
	rec    *sessionRecord // nil until stored
	user   *user
	values map[string]any
}

// scopeSep separates a value's scope from its key in the stored session.
const scopeSep = "|"

// scoped returns the key a value is stored under.
func (s *session) scoped(key string) string { return scopedKey(s.scope, key) }

// scopedKey is the key a value of scope is stored under.
func scopedKey(scope, key string) string {
	if scope == "" || key == sessionPendingSignIn {
		return key
	}
	return scope + scopeSep + key
}

// User returns the signed-in user, or nil.
func (s *session) User() *user {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.user
}

// Get returns a journey value stored under key.
func (s *session) Get(key string) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.values[s.scoped(key)]
	return v, ok
}

// Set stores a journey value.
func (s *session) Set(key string, v any) {
	key = s.scoped(key)
	s.change(func(m map[string]any) { m[key] = v })
}

// SetIn stores a journey value in another council's scope (server.scopeOf),
// as a page shared by every council does for the council a journey began
// at.
func (s *session) SetIn(scope, key string, v any) {
	key = scopedKey(scope, key)
	s.change(func(m map[string]any) { m[key] = v })
}

// Update replaces the value under key with fn's result, atomically with
// respect to the session's other requests, on any instance: the store's
// compare-and-swap retries fn on the session's latest values when another
// request changed it first, so fn may run more than once.
func (s *session) Update(key string, fn func(old any) any) {
	key = s.scoped(key)
	s.change(func(m map[string]any) { m[key] = fn(m[key]) })
}

// Delete forgets a journey value.
func (s *session) Delete(key string) {
	key = s.scoped(key)
	s.change(func(m map[string]any) { delete(m, key) })
}

// storeUnavailable is what a session panics with when the store cannot
// be written: the handlers' Set has no error to return, and carrying on
// would lose what the resident entered. logRequests turns it into a 503
// page.
type storeUnavailable struct{ err error }

func (e storeUnavailable) Error() string {
	return "portal: session store unavailable: " + e.err.Error()
}
func (e storeUnavailable) Unwrap() error { return e.err }

// change applies fn to the session's values and writes them through to
// the store, storing the session first if it is not yet stored.
func (s *session) change(fn func(map[string]any)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.changeLocked(fn); errors.Is(err, errSessionValue) {
		panic(err)
	} else if err != nil {
		panic(storeUnavailable{err})
	}
}

func (s *session) changeLocked(fn func(map[string]any)) error {
	st := s.st
	for range 20 {
		vals := make(map[string]any, len(s.values)+1)
		for k, v := range s.values {
			vals[k] = v
		}
		fn(vals)
		data, err := encodeSession(s.user, vals)
		if err != nil {
			return err
		}
		now := st.clock.Now()
		if s.rec == nil {
			rec, token := st.newRecord(s.r, s.user, s.csrf, now)
			rec.Data = data
			if err := st.store.createSession(s.ctx, rec, st.limits); err != nil {
				return err
			}
			s.rec, s.values, s.id, s.created = rec, vals, token, now
			st.setCookie(s.w, s.r, token)
			return nil
		}
		rec := s.rec.clone()
		rec.Data, rec.Seen = data, now
		err = st.store.saveSession(s.ctx, rec)
		switch {
		case err == nil:
			s.rec, s.values = rec, vals
			return nil
		case errors.Is(err, errSessionChanged):
			fresh, err := st.store.getSession(s.ctx, s.rec.Key, now)
			if errors.Is(err, errNoSession) {
				s.ended()
				continue
			}
			if err != nil {
				return err
			}
			u, v, err := decodeSession(fresh.Data)
			if err != nil {
				return err
			}
			s.rec, s.user, s.values = fresh, u, v
		case errors.Is(err, errNoSession):
			s.ended()
		default:
			return err
		}
	}
	return errSessionChanged
}

// ended forgets a session that was ended meanwhile (signed out on another
// instance, or expired): the change starts a new anonymous one.
func (s *session) ended() {
	s.rec, s.user, s.values, s.id = nil, nil, nil, ""
}

// sessionStore makes, finds and ends sessions in a portalStore.
type sessionStore struct {
	clock  councilkit.Clock
	secure bool
	store  portalStore
	limits sessionLimits
	log    *slog.Logger
	// trusted are the proxies whose X-Forwarded-For names the client an
	// anonymous session is counted against (clientaddr.go).
	trusted []netip.Prefix
}

func newSessionStore(clock councilkit.Clock, secure bool, store portalStore) *sessionStore {
	return &sessionStore{clock: clock, secure: secure, store: store, limits: defaultSessionLimits, log: slog.New(slog.DiscardHandler)}
}

// randomToken returns 32 bytes from the operating system's CSPRNG, base64url
// encoded: 256 bits, beyond guessing.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails since Go 1.24; it crashes the program instead
	return base64.RawURLEncoding.EncodeToString(b)
}

// tokenKey is what the store keeps a session under: the SHA-256 of the
// cookie's token, so that a copy of the store holds no usable session.
func tokenKey(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func (st *sessionStore) cookieName(r *http.Request) string {
	if st.secureFor(r) {
		return sessionCookieSecure
	}
	return sessionCookieInsecure
}

func (st *sessionStore) csrfCookieName(r *http.Request) string {
	if st.secureFor(r) {
		return csrfCookieSecure
	}
	return csrfCookieInsecure
}

// secureFor reports whether cookies for this request carry the Secure
// flag: always behind -secure-cookies (a TLS-terminating proxy), and
// whenever the request itself came over TLS.
func (st *sessionStore) secureFor(r *http.Request) bool { return st.secure || r.TLS != nil }

// touchEvery is how stale a session's last-seen time may get before a
// request writes it again: one write a minute at most, not one a request.
const touchEvery = time.Minute

// begin returns the request's session: the stored one its cookie names,
// or a new one stored only when first changed. It reads the store once
// and writes it at most once a minute per session. Its error is the
// store's, when it cannot be read.
func (st *sessionStore) begin(w http.ResponseWriter, r *http.Request) (*session, error) {
	s := &session{st: st, ctx: r.Context(), w: w, r: r}
	now := st.clock.Now()
	if c, err := r.Cookie(st.cookieName(r)); err == nil && c.Value != "" && len(c.Value) <= 64 {
		rec, err := st.store.getSession(r.Context(), tokenKey(c.Value), now)
		switch {
		case errors.Is(err, errNoSession):
		case err != nil:
			return nil, err
		default:
			u, vals, derr := decodeSession(rec.Data)
			if derr != nil {
				// Written by another version of the portal: start again.
				st.log.Warn("session unreadable; starting a new one", "err", derr)
				break
			}
			if now.Sub(rec.Seen) >= touchEvery {
				rec.Seen = now
				if err := st.store.saveSession(r.Context(), rec); err != nil && !errors.Is(err, errSessionChanged) && !errors.Is(err, errNoSession) {
					return nil, err
				}
			}
			s.rec, s.id, s.csrf, s.created, s.user, s.values = rec, c.Value, rec.CSRF, rec.Created, u, vals
			return s, nil
		}
	}
	// No stored session: the CSRF token is a double-submit cookie.
	if c, err := r.Cookie(st.csrfCookieName(r)); err == nil && len(c.Value) == 43 {
		s.csrf = c.Value
	} else {
		s.csrf = randomToken()
		http.SetCookie(w, &http.Cookie{
			Name: st.csrfCookieName(r), Value: s.csrf, Path: "/",
			HttpOnly: true, Secure: st.secureFor(r), SameSite: http.SameSiteLaxMode,
		})
	}
	return s, nil
}

// newRecord makes a session record and its cookie token.
func (st *sessionStore) newRecord(r *http.Request, u *user, csrf string, now time.Time) (*sessionRecord, string) {
	token := randomToken()
	rec := &sessionRecord{Key: tokenKey(token), CSRF: csrf, Created: now, Seen: now}
	if u != nil {
		rec.Subject = u.Subject
	} else {
		rec.Client = clientKey(r, st.trusted)
	}
	if rec.CSRF == "" {
		rec.CSRF = randomToken()
	}
	return rec, token
}

func (st *sessionStore) setCookie(w http.ResponseWriter, r *http.Request, token string) {
	c := &http.Cookie{
		Name:     st.cookieName(r),
		Value:    token,
		Path:     "/",
		HttpOnly: true,
		Secure:   st.secureFor(r),
		SameSite: http.SameSiteLaxMode,
	}
	if token == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// signIn replaces the session with a fresh one for u, carrying its
// journey values across: the identifier seen before sign-in is worthless
// after it (no session fixation). A signed-in session is never refused
// for want of room.
func (st *sessionStore) signIn(w http.ResponseWriter, r *http.Request, old *session, u *user) (*session, error) {
	now := st.clock.Now()
	var vals map[string]any
	if old != nil {
		old.mu.Lock()
		vals = old.values
		old.mu.Unlock()
	}
	data, err := encodeSession(u, vals)
	if err != nil {
		return nil, err
	}
	rec, token := st.newRecord(r, u, "", now)
	rec.Data = data
	if err := st.store.createSession(r.Context(), rec, st.limits); err != nil {
		return nil, err
	}
	if err := st.drop(r.Context(), old); err != nil {
		return nil, err
	}
	st.setCookie(w, r, token)
	return &session{st: st, ctx: r.Context(), w: w, r: r, id: token, csrf: rec.CSRF, created: now, rec: rec, user: u, values: vals}, nil
}

// signOut ends the session and drops every journey value; the browser
// goes on with no session.
func (st *sessionStore) signOut(w http.ResponseWriter, r *http.Request, old *session) error {
	if err := st.drop(r.Context(), old); err != nil {
		return err
	}
	st.setCookie(w, r, "")
	return nil
}

func (st *sessionStore) drop(ctx context.Context, old *session) error {
	if old == nil {
		return nil
	}
	old.mu.Lock()
	defer old.mu.Unlock()
	if old.rec != nil {
		if err := st.store.deleteSession(ctx, old.rec.Key); err != nil {
			return err
		}
	}
	old.ended()
	return nil
}

// endSubject ends every session signed in as subject, on every instance,
// and reports how many there were: One Login's back-channel logout.
func (st *sessionStore) endSubject(ctx context.Context, subject string) (int, error) {
	return st.store.endSubject(ctx, subject)
}

// csrfField is the name of the hidden form field holding the token.
const csrfField = "csrf_token"

// validCSRF compares the submitted token with the session's in constant
// time, so that response timing says nothing about how much of a guess
// was right.
func validCSRF(s *session, submitted string) bool {
	if s == nil || submitted == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(s.csrf), []byte(submitted)) == 1
}

type sessionKey struct{}

func withSession(ctx context.Context, s *session) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

// sessionFrom returns the request's session. The session middleware puts
// one in every request's context.
func sessionFrom(r *http.Request) *session {
	s, _ := r.Context().Value(sessionKey{}).(*session)
	return s
}
