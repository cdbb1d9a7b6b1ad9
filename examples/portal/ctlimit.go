package main

import (
	"container/list"
	"sync"
	"time"

	"github.com/lgds/councilkit"
)

// failLimiter counts failed attempts per key in fixed windows and says
// when a key has had too many: the council tax lookup keeps one for
// clients (by address) and one for accounts, so that references cannot be
// tried one after another, from one client or from many against one
// account. Its memory is bounded: at most max keys are kept, and when it
// is full the key whose window started first is forgotten, in constant
// time (keys are kept in the order their windows started). It is safe for
// concurrent use.
type failLimiter struct {
	clock  councilkit.Clock
	limit  int           // failures allowed per window
	window time.Duration // how long a key is counted (and locked) for
	max    int           // keys kept at most

	mu    sync.Mutex
	keys  map[string]*list.Element // of *failCount
	order list.List                // oldest window first
}

type failCount struct {
	key   string
	n     int
	start time.Time
}

func newFailLimiter(clock councilkit.Clock, limit int, window time.Duration, max int) *failLimiter {
	return &failLimiter{clock: clock, limit: limit, window: window, max: max, keys: make(map[string]*list.Element)}
}

// locked reports whether key has used up its failures in the current
// window.
func (l *failLimiter) locked(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.keys[key]
	if !ok {
		return false
	}
	c := e.Value.(*failCount)
	if l.clock.Now().Sub(c.start) >= l.window {
		l.order.Remove(e)
		delete(l.keys, key)
		return false
	}
	return c.n >= l.limit
}

// fail counts a failed attempt for key.
func (l *failLimiter) fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	if e, ok := l.keys[key]; ok {
		c := e.Value.(*failCount)
		if now.Sub(c.start) < l.window {
			c.n++
			return
		}
		// A new window: the key is now the newest.
		c.n, c.start = 1, now
		l.order.MoveToBack(e)
		return
	}
	for l.order.Len() >= l.max {
		oldest := l.order.Front()
		l.order.Remove(oldest)
		delete(l.keys, oldest.Value.(*failCount).key)
	}
	l.keys[key] = l.order.PushBack(&failCount{key: key, n: 1, start: now})
}

// size is the number of keys held, for tests.
func (l *failLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}
