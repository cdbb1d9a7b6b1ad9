package main

import (
	"container/heap"
	"context"
	"errors"
	"slices"
	"sync"
	"time"
)

// portalStore keeps the portal's own state: server-side sessions and which
// records each signed-in resident made. The councilkit stores keep the
// records themselves. Nothing the portal needs to survive a restart, or to
// be seen by a second instance serving the same residents, lives in process
// memory: memStore is for -memory (demonstrations and tests), sqlStore
// for the -data directory (SQLite) and for -postgres.
//
// Every method is safe for concurrent use. (The sandbox payment provider's
// own payments, which stand in for GOV.UK Pay's servers, are in the
// configured store too: sandbox.Store, DB.Sandbox with -data and
// -postgres.)
type portalStore interface {
	// createSession stores a new session. An anonymous one (no Subject)
	// counts against lim: at most lim.PerClient for one client address
	// and lim.Anonymous in all, checked without reading every session;
	// past either it fails with errSessionsFull after first dropping a
	// bounded batch of expired sessions. A signed-in session is never
	// refused and never evicted.
	createSession(ctx context.Context, rec *sessionRecord, lim sessionLimits) error
	// getSession returns the session stored under key, or errNoSession
	// when there is none or it has expired at now.
	getSession(ctx context.Context, key string, now time.Time) (*sessionRecord, error)
	// saveSession replaces a stored session whose Version equals
	// rec.Version and increments rec.Version; errSessionChanged when
	// another request saved it first, errNoSession when it has gone.
	// Subject, Client and Created never change.
	saveSession(ctx context.Context, rec *sessionRecord) error
	// deleteSession forgets a session; a missing one is no error.
	deleteSession(ctx context.Context, key string) error
	// endSubject deletes every session signed in as subject, on every
	// instance sharing the store (back-channel logout), and says how many.
	endSubject(ctx context.Context, subject string) (int, error)
	// expireSessions deletes up to limit sessions expired at now, oldest
	// expiry first, by an index on the expiry time.
	expireSessions(ctx context.Context, now time.Time, limit int) (int, error)
	linkStore
}

// linkStore keeps the link records (links.go): who started each record,
// and how to reach them. Notices read it to find who to tell about an
// event (on whichever instance delivers the event, after any restart),
// and the resident's pages to list their records.
type linkStore interface {
	// link records who started record l.ID of kind l.Kind in l.Council,
	// and how to reach them: one link per (council, kind, ID). Linking a
	// record already linked to the same subject replaces its contact;
	// one linked to another subject is left as it is (whoever started it
	// keeps it). Neither is an error.
	link(ctx context.Context, l recordLink) error
	// linked returns the IDs of the records of kind in council linked to
	// subject, in the order linked; none for the empty subject.
	linked(ctx context.Context, council, subject, kind string) ([]string, error)
	// linksOf returns every record of council linked to subject, in the
	// order linked; none for the empty subject.
	linksOf(ctx context.Context, council, subject string) ([]recordLink, error)
	// linkOf returns the link of council's record of kind with ID id, or
	// errNoLink when it has none.
	linkOf(ctx context.Context, council, kind, id string) (recordLink, error)
}

// recordLink is one record of a council and who started it: the record
// (its kind and ID), the resident's One Login subject, and how to reach
// them as it was when they started it. Personal data: it prints and logs
// without the subject or the contact (redact_store.go).
type recordLink struct {
	Council string
	Kind    string // linkPayment, linkAdmissions, linkPlanning or linkFSM
	ID      string
	// Subject is "" for a record started without signing in, linked only
	// to send its receipt (a council tax payment): no one's pages list it.
	Subject string
	To      contact
}

// linkKey names one record in the link store.
type linkKey struct{ council, kind, id string }

var (
	errNoSession      = errors.New("portal: no such session")
	errSessionChanged = errors.New("portal: session changed by another request")
	errSessionsFull   = errors.New("portal: too many anonymous sessions")
	errNoLink         = errors.New("portal: no one is linked to the record")
)

// sessionLimits bounds anonymous sessions.
type sessionLimits struct {
	Anonymous int // in all
	PerClient int // for one client address
}

// defaultSessionLimits: enough anonymous sessions for a large council's
// busiest hour (an anonymous session is made only by a journey that needs
// one: a council tax look-up, starting to sign in), and few enough per
// address that one machine cannot take them all.
var defaultSessionLimits = sessionLimits{Anonymous: 100_000, PerClient: 200}

// expireBatch is how many expired sessions one creation may drop.
const expireBatch = 100

// sessionRecord is a session as stored. Key is the SHA-256 of the cookie's
// token, so that reading the store gives nobody a session to use.
type sessionRecord struct {
	Key     string
	CSRF    string
	Subject string // "" while anonymous
	Client  string // the client's address, for anonymous sessions
	Created time.Time
	Seen    time.Time
	// Data is the JSON of sessionData: the user and the journey values.
	Data    []byte
	Version int64
}

// expires is when the session ends unless it is seen again: after
// sessionIdle without a request, and sessionLifetime after it started.
func (r *sessionRecord) expires() time.Time {
	idle := r.Seen.Add(sessionIdle)
	if abs := r.Created.Add(sessionLifetime); abs.Before(idle) {
		return abs
	}
	return idle
}

func (r *sessionRecord) clone() *sessionRecord {
	c := *r
	c.Data = slices.Clone(r.Data)
	return &c
}

// memStore is the in-memory portalStore, for -memory. Expiry uses a heap
// ordered by expiry time, so neither creation nor clean-up reads every
// session.
type memStore struct {
	mu        sync.Mutex
	sessions  map[string]*sessionRecord
	anonymous int
	perClient map[string]int
	byExpiry  expiryHeap
	links     map[linkKey]recordLink
	bySubject map[[2]string][]linkKey // council, subject → their records in the order linked
}

func newMemStore() *memStore {
	return &memStore{sessions: make(map[string]*sessionRecord), perClient: make(map[string]int),
		links: make(map[linkKey]recordLink), bySubject: make(map[[2]string][]linkKey)}
}

type expiryItem struct {
	key string
	at  time.Time
}

type expiryHeap []expiryItem

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h expiryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiryHeap) Push(x any)        { *h = append(*h, x.(expiryItem)) }
func (h *expiryHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (m *memStore) createSession(_ context.Context, rec *sessionRecord, lim sessionLimits) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if rec.Subject == "" {
		full := func() bool { return m.anonymous >= lim.Anonymous || m.perClient[rec.Client] >= lim.PerClient }
		if full() {
			m.expireLocked(rec.Created, expireBatch)
		}
		if full() {
			return errSessionsFull
		}
		m.anonymous++
		m.perClient[rec.Client]++
	}
	c := rec.clone()
	c.Version = 1
	rec.Version = 1
	m.sessions[c.Key] = c
	heap.Push(&m.byExpiry, expiryItem{key: c.Key, at: c.expires()})
	return nil
}

func (m *memStore) getSession(_ context.Context, key string, now time.Time) (*sessionRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.sessions[key]
	if !ok || !now.Before(r.expires()) {
		return nil, errNoSession
	}
	return r.clone(), nil
}

func (m *memStore) saveSession(_ context.Context, rec *sessionRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.sessions[rec.Key]
	switch {
	case !ok:
		return errNoSession
	case old.Version != rec.Version:
		return errSessionChanged
	}
	c := rec.clone()
	c.Subject, c.Client, c.Created = old.Subject, old.Client, old.Created
	c.Version++
	m.sessions[c.Key] = c
	rec.Version = c.Version
	return nil
}

func (m *memStore) deleteLocked(key string) bool {
	r, ok := m.sessions[key]
	if !ok {
		return false
	}
	delete(m.sessions, key)
	if r.Subject == "" {
		m.anonymous--
		if m.perClient[r.Client]--; m.perClient[r.Client] <= 0 {
			delete(m.perClient, r.Client)
		}
	}
	return true
}

func (m *memStore) deleteSession(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.deleteLocked(key)
	return nil
}

func (m *memStore) endSubject(_ context.Context, subject string) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	// Back-channel logout is rare and signed by One Login; a scan of the
	// signed-in sessions is fine in memory.
	n := 0
	for k, r := range m.sessions {
		if r.Subject == subject && subject != "" {
			m.deleteLocked(k)
			n++
		}
	}
	return n, nil
}

func (m *memStore) expireSessions(_ context.Context, now time.Time, limit int) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.expireLocked(now, limit), nil
}

// expireLocked pops the heap while its earliest entry is due. An entry
// for a session seen since it was pushed goes back with its new expiry;
// one for a deleted session is dropped.
func (m *memStore) expireLocked(now time.Time, limit int) int {
	n := 0
	for n < limit && m.byExpiry.Len() > 0 && !now.Before(m.byExpiry[0].at) {
		it := heap.Pop(&m.byExpiry).(expiryItem)
		r, ok := m.sessions[it.key]
		if !ok {
			continue
		}
		if at := r.expires(); now.Before(at) {
			heap.Push(&m.byExpiry, expiryItem{key: it.key, at: at})
			continue
		}
		m.deleteLocked(it.key)
		n++
	}
	return n
}

func (m *memStore) link(_ context.Context, l recordLink) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := linkKey{l.Council, l.Kind, l.ID}
	old, ok := m.links[k]
	switch {
	case !ok:
		m.links[k] = l
		if l.Subject != "" {
			s := [2]string{l.Council, l.Subject}
			m.bySubject[s] = append(m.bySubject[s], k)
		}
	case old.Subject == l.Subject:
		old.To = l.To
		m.links[k] = old
	}
	return nil
}

func (m *memStore) linked(_ context.Context, council, subject, kind string) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ids []string
	for _, k := range m.bySubject[[2]string{council, subject}] {
		if k.kind == kind {
			ids = append(ids, k.id)
		}
	}
	return ids, nil
}

func (m *memStore) linksOf(_ context.Context, council, subject string) ([]recordLink, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []recordLink
	for _, k := range m.bySubject[[2]string{council, subject}] {
		out = append(out, m.links[k])
	}
	return out, nil
}

func (m *memStore) linkOf(_ context.Context, council, kind, id string) (recordLink, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	l, ok := m.links[linkKey{council, kind, id}]
	if !ok {
		return recordLink{}, errNoLink
	}
	return l, nil
}
