// Package onelogintest holds the conformance suite every
// onelogin.ReplayStore must pass, so that a store shared by several
// instances (one backed by PostgreSQL, say) behaves as the in-memory
// default does.
package onelogintest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit/identity/onelogin"
)

// Start is the time the suite's calls begin at.
var Start = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// RunReplayStoreTests runs the suite; newStore returns an empty store for
// each subtest.
func RunReplayStoreTests(t *testing.T, newStore func(t *testing.T) onelogin.ReplayStore) {
	ctx := context.Background()
	seen := func(t *testing.T, s onelogin.ReplayStore, id string, now, until time.Time) bool {
		t.Helper()
		ok, err := s.Seen(ctx, id, now, until)
		if err != nil {
			t.Fatalf("Seen(%q, %v, %v): %v", id, now, until, err)
		}
		return ok
	}
	until := Start.Add(2 * time.Minute)
	t.Run("NotSeenFirst", func(t *testing.T) {
		s := newStore(t)
		if seen(t, s, "client jti-1", Start, until) {
			t.Error("an id never recorded was seen")
		}
	})
	t.Run("SeenUntilInclusive", func(t *testing.T) {
		s := newStore(t)
		seen(t, s, "client jti-1", Start, until)
		for _, at := range []time.Time{Start, Start.Add(time.Minute), until} {
			if !seen(t, s, "client jti-1", at, at.Add(time.Hour)) {
				t.Errorf("not seen at %v, its until being %v", at, until)
			}
		}
	})
	t.Run("ForgottenAfterUntil", func(t *testing.T) {
		s := newStore(t)
		seen(t, s, "client jti-1", Start, until)
		later := until.Add(time.Second)
		if seen(t, s, "client jti-1", later, later.Add(time.Minute)) {
			t.Error("seen after its until")
		}
		// Recorded again, with the new until.
		if !seen(t, s, "client jti-1", later.Add(time.Minute), later.Add(time.Hour)) {
			t.Error("not seen after it was recorded again")
		}
	})
	t.Run("IndependentIDs", func(t *testing.T) {
		s := newStore(t)
		seen(t, s, "client jti-1", Start, until)
		for _, id := range []string{"client jti-2", "other-client jti-1", "client JTI-1", "client jti-1 "} {
			if seen(t, s, id, Start, until) {
				t.Errorf("%q seen after only %q was recorded", id, "client jti-1")
			}
		}
	})
	t.Run("ConcurrentSeen", func(t *testing.T) {
		s := newStore(t)
		const n = 16
		fresh := make(chan bool, n)
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				ok, err := s.Seen(ctx, "client jti-race", Start, until)
				if err != nil {
					t.Error(err)
				}
				fresh <- !ok
			})
		}
		wg.Wait()
		close(fresh)
		count := 0
		for f := range fresh {
			if f {
				count++
			}
		}
		if count != 1 {
			t.Errorf("%d concurrent calls reported the id fresh, want 1", count)
		}
	})
}
