package main

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/lgds/councilkit"
)

// failLimiter counts failed attempts per key in fixed windows and says
// when a key has had too many: the council tax lookup keeps one for
// clients (by address) and one for accounts, so that references cannot be
// tried one after another, from one client or from many against one
// account. Its memory is bounded: at most max keys are kept, and when it
// is full the key whose window started first is forgotten. It is safe for
// concurrent use.
type failLimiter struct {
	clock  councilkit.Clock
	limit  int           // failures allowed per window
	window time.Duration // how long a key is counted (and locked) for
	max    int           // keys kept at most

	mu   sync.Mutex
	keys map[string]*failCount
}

type failCount struct {
	n     int
	start time.Time
}

func newFailLimiter(clock councilkit.Clock, limit int, window time.Duration, max int) *failLimiter {
	return &failLimiter{clock: clock, limit: limit, window: window, max: max, keys: make(map[string]*failCount)}
}

// locked reports whether key has used up its failures in the current
// window.
func (l *failLimiter) locked(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.keys[key]
	if !ok {
		return false
	}
	if l.clock.Now().Sub(c.start) >= l.window {
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
	c, ok := l.keys[key]
	if ok && now.Sub(c.start) >= l.window {
		ok = false
	}
	if !ok {
		if _, had := l.keys[key]; !had && len(l.keys) >= l.max {
			l.evict(now)
		}
		c = &failCount{start: now}
		l.keys[key] = c
	}
	c.n++
}

// evict makes room for one key: it drops every expired key, or else the
// one whose window started first. l.mu is held.
func (l *failLimiter) evict(now time.Time) {
	var oldest string
	var at time.Time
	for k, c := range l.keys {
		if now.Sub(c.start) >= l.window {
			delete(l.keys, k)
			continue
		}
		if oldest == "" || c.start.Before(at) {
			oldest, at = k, c.start
		}
	}
	if len(l.keys) >= l.max && oldest != "" {
		delete(l.keys, oldest)
	}
}

// size is the number of keys held, for tests.
func (l *failLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}

// clientKey names the client a request came from: its IP address. Behind
// a proxy (a portal with -public-url or -secure-cookies) it is the last
// address in X-Forwarded-For, the one the proxy itself added, which a
// client cannot choose; were the portal reached directly in that mode, a
// client could pick its own key, and only the per-account limit would
// hold against it.
func clientKey(r *http.Request, behindProxy bool) string {
	if behindProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			last := xff[len(xff)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if ip, err := netip.ParseAddr(strings.TrimSpace(last)); err == nil {
				return ip.Unmap().String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
