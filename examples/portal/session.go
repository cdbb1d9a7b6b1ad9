package main

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"log/slog"
	"net/http"
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
	maxSessions     = 100_000
)

// Cookie names. With Secure cookies the session cookie takes the __Host-
// prefix, which browsers accept only from HTTPS, for the whole host, with
// no Domain attribute: it cannot be planted by a sibling subdomain.
const (
	sessionCookieSecure   = "__Host-councilkit-session"
	sessionCookieInsecure = "councilkit-session"
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
// random identifier; everything else stays here, so nothing a resident
// types travels back and forth in cookies or hidden fields.
type session struct {
	id      string
	csrf    string
	created time.Time

	mu     sync.Mutex
	seen   time.Time
	user   *user
	values map[string]any
}

// User returns the signed-in user, or nil.
func (s *session) User() *user {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.user
}

// Get returns a journey value stored under key.
func (s *session) Get(key string) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.values[key]
	return v, ok
}

// Set stores a journey value.
func (s *session) Set(key string, v any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.values == nil {
		s.values = make(map[string]any)
	}
	s.values[key] = v
}

// Update replaces the value under key with fn's result, atomically with
// respect to the session's other requests.
func (s *session) Update(key string, fn func(old any) any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.values == nil {
		s.values = make(map[string]any)
	}
	s.values[key] = fn(s.values[key])
}

// Delete forgets a journey value.
func (s *session) Delete(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.values, key)
}

// sessionStore keeps sessions in memory. It is safe for concurrent use. A
// portal run on several servers would keep them in PostgreSQL instead;
// the interface the handlers see (a *session in the request context) does
// not change.
type sessionStore struct {
	clock  councilkit.Clock
	secure bool
	limit  int // most sessions held at once

	mu       sync.Mutex
	sessions map[string]*session
}

func newSessionStore(clock councilkit.Clock, secure bool) *sessionStore {
	return &sessionStore{clock: clock, secure: secure, limit: maxSessions, sessions: make(map[string]*session)}
}

// randomToken returns 32 bytes from the operating system's CSPRNG, base64url
// encoded: 256 bits, beyond guessing.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails since Go 1.24; it crashes the program instead
	return base64.RawURLEncoding.EncodeToString(b)
}

func (st *sessionStore) cookieName(r *http.Request) string {
	if st.secureFor(r) {
		return sessionCookieSecure
	}
	return sessionCookieInsecure
}

// secureFor reports whether cookies for this request carry the Secure
// flag: always behind -secure-cookies (a TLS-terminating proxy), and
// whenever the request itself came over TLS.
func (st *sessionStore) secureFor(r *http.Request) bool { return st.secure || r.TLS != nil }

// load returns the request's live session, or nil.
func (st *sessionStore) load(r *http.Request) *session {
	c, err := r.Cookie(st.cookieName(r))
	if err != nil || c.Value == "" {
		return nil
	}
	now := st.clock.Now()
	st.mu.Lock()
	defer st.mu.Unlock()
	s, ok := st.sessions[c.Value]
	if !ok {
		return nil
	}
	// seen is written only with st.mu held, so no s.mu is needed here.
	if now.Sub(s.seen) > sessionIdle || now.Sub(s.created) > sessionLifetime {
		delete(st.sessions, s.id)
		return nil
	}
	s.seen = now
	return s
}

// create starts a new session and sets its cookie. When old is not nil its
// journey values move across and old is destroyed: the portal does this on
// sign-in and sign-out so that an identifier seen before sign-in is
// worthless after it (no session fixation).
func (st *sessionStore) create(w http.ResponseWriter, r *http.Request, old *session) *session {
	now := st.clock.Now()
	s := &session{id: randomToken(), csrf: randomToken(), created: now, seen: now}
	st.mu.Lock()
	if old != nil {
		delete(st.sessions, old.id)
		old.mu.Lock()
		s.values = old.values
		old.values = nil
		old.mu.Unlock()
	}
	if len(st.sessions) >= st.limit {
		st.sweepLocked(now)
	}
	st.sessions[s.id] = s
	st.mu.Unlock()
	http.SetCookie(w, &http.Cookie{
		Name:     st.cookieName(r),
		Value:    s.id,
		Path:     "/",
		HttpOnly: true,
		Secure:   st.secureFor(r),
		SameSite: http.SameSiteLaxMode,
	})
	return s
}

// signIn replaces the session with a fresh one for u.
func (st *sessionStore) signIn(w http.ResponseWriter, r *http.Request, old *session, u *user) *session {
	s := st.create(w, r, old)
	s.mu.Lock()
	s.user = u
	s.mu.Unlock()
	return s
}

// signOut replaces the session with a fresh, anonymous one and drops every
// journey value.
func (st *sessionStore) signOut(w http.ResponseWriter, r *http.Request, old *session) *session {
	if old != nil {
		old.mu.Lock()
		old.values = nil
		old.mu.Unlock()
	}
	return st.create(w, r, old)
}

// sweepLocked drops expired sessions; if none had expired it drops the
// oldest idle ones, so that a flood of new visitors cannot exhaust memory.
func (st *sessionStore) sweepLocked(now time.Time) {
	for id, s := range st.sessions {
		if now.Sub(s.seen) > sessionIdle || now.Sub(s.created) > sessionLifetime {
			delete(st.sessions, id)
		}
	}
	for id := range st.sessions {
		if len(st.sessions) < st.limit {
			break
		}
		delete(st.sessions, id)
	}
}

// endSubject ends every session signed in as subject, and reports how
// many there were: One Login's back-channel logout.
func (st *sessionStore) endSubject(subject string) int {
	st.mu.Lock()
	defer st.mu.Unlock()
	n := 0
	for id, s := range st.sessions {
		s.mu.Lock()
		match := s.user != nil && s.user.Subject == subject
		s.mu.Unlock()
		if match {
			delete(st.sessions, id)
			n++
		}
	}
	return n
}

// len reports how many sessions are held, for tests.
func (st *sessionStore) len() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.sessions)
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
