package onelogin

import (
	"container/heap"
	"context"
	"errors"
	"sync"
	"time"
)

// ReplayStore remembers the ids of logout tokens already accepted, so that
// a token delivered again is refused (Config.ReplayStore). Services running
// several instances give one store they all share; a PostgreSQL-backed
// store can implement it with a single INSERT … ON CONFLICT that replaces a
// row only when its until has passed. Every implementation should pass
// onelogintest.RunReplayStoreTests.
type ReplayStore interface {
	// Seen reports whether id was recorded with an until not before now.
	// If it was not, Seen records id until until and reports false. The
	// check and the record must be one atomic step: of concurrent calls
	// with the same id, on any instance sharing the store, at most one may
	// report false. id is the client ID, a space and the token's jti; now
	// comes from the Client's clock. A store that cannot answer returns an
	// error, and the token is refused.
	Seen(ctx context.Context, id string, now, until time.Time) (bool, error)
}

// DefaultReplayStoreSize is how many token ids the default
// MemoryReplayStore holds at once. Each is kept for at most
// Config.LogoutTokenMaxAge plus Leeway, so it would take that many logout
// tokens from One Login within about two and a half minutes to fill it.
// Each id costs its length (the client ID and a jti of at most
// MaxTokenIDLength bytes) and about 100 bytes more, so a full default
// store of One Login's 36-byte jtis takes roughly 15 MB.
const DefaultReplayStoreSize = 100_000

// ErrReplayStoreFull is returned by a MemoryReplayStore asked to record an
// id when it already holds its maximum of unexpired ids.
var ErrReplayStoreFull = errors.New("onelogin: replay store full")

// MemoryReplayStore is a ReplayStore in memory, for a single instance. It
// holds at most a fixed number of ids. When it is full of ids that have not
// expired it refuses to record more (ErrReplayStoreFull), so the token is
// refused, rather than forget an id early, which would let that token be
// replayed: a logout refused is reported to One Login (503) and stays
// visible, a replay accepted does not. Expired ids are dropped as time
// passes, each in O(log n). It is safe for concurrent use.
type MemoryReplayStore struct {
	max   int
	mu    sync.Mutex
	until map[string]time.Time
	queue expiries
}

// NewMemoryReplayStore returns an empty store that holds at most max ids;
// max < 1 means DefaultReplayStoreSize.
func NewMemoryReplayStore(max int) *MemoryReplayStore {
	if max < 1 {
		max = DefaultReplayStoreSize
	}
	return &MemoryReplayStore{max: max, until: make(map[string]time.Time)}
}

// Seen implements ReplayStore.
func (s *MemoryReplayStore) Seen(ctx context.Context, id string, now, until time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.queue) > 0 && s.queue[0].until.Before(now) {
		e := heap.Pop(&s.queue).(expiry)
		if u, ok := s.until[e.id]; ok && u.Equal(e.until) {
			delete(s.until, e.id)
		}
	}
	if u, ok := s.until[id]; ok && !u.Before(now) {
		return true, nil
	}
	if len(s.until) >= s.max {
		return false, ErrReplayStoreFull
	}
	s.until[id] = until
	heap.Push(&s.queue, expiry{id: id, until: until})
	return false, nil
}

// Len returns how many ids the store holds, expired ones not yet dropped
// included.
func (s *MemoryReplayStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.until)
}

// expiry is an id and when it may be forgotten.
type expiry struct {
	id    string
	until time.Time
}

// expiries is a min-heap of expiry by until (container/heap).
type expiries []expiry

func (q expiries) Len() int           { return len(q) }
func (q expiries) Less(i, j int) bool { return q[i].until.Before(q[j].until) }
func (q expiries) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *expiries) Push(x any)        { *q = append(*q, x.(expiry)) }
func (q *expiries) Pop() any {
	old := *q
	e := old[len(old)-1]
	old[len(old)-1] = expiry{}
	*q = old[:len(old)-1]
	return e
}
