package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

// TestConcurrentWritersNoBusyErrors: writers in every store, with readers
// alongside, all succeed: SQLite allows one writer at a time, and a DB
// queues its writes for its one writer connection instead of failing with
// SQLITE_BUSY. Every record written is then there, no change made through
// Modify is lost, and no reference number is issued twice or skipped.
func TestConcurrentWritersNoBusyErrors(t *testing.T) {
	t.Parallel()
	writeFromHandles(t, 1, 4, 2) // small: CI repeats *Concurrent* tests 200 times under -race
}

// TestTwoHandlesWriteOneFile is TestConcurrentWritersNoBusyErrors through
// two handles on one file, as two processes would have them: between
// handles, a writer waits (Config.BusyTimeout) for the other's lock.
func TestTwoHandlesWriteOneFile(t *testing.T) {
	t.Parallel()
	writeFromHandles(t, 2, 2, 3)
}

// writeFromHandles opens the same new file handles times and runs workers
// goroutines on each, each writing each times to every store.
func writeFromHandles(t *testing.T, handles, workers, each int) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "councilkit.db")
	var dbs []*DB
	for range handles {
		dbs = append(dbs, openPath(t, path))
	}
	shared := paymentstest.NewPayment(councilA, t0)
	if err := dbs[0].Payments().Create(ctx, councilA, shared); err != nil {
		t.Fatal(err)
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seqs = map[int]bool{}
		ids  []string
	)
	for h, db := range dbs {
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					p := paymentstest.NewPayment(councilA, t0)
					if err := db.Payments().Create(ctx, councilA, p); err != nil {
						t.Errorf("handle %d: payments Create: %v", h, err)
						return
					}
					if _, err := payments.Modify(ctx, db.Payments(), councilA, shared.ID, func(p *payments.Payment) error {
						p.Events = append(p.Events, payments.Event{At: t0, Kind: payments.EventStatus, Detail: fmt.Sprint(h, w, i)})
						return nil
					}); err != nil {
						t.Errorf("handle %d: payments Modify: %v", h, err)
						return
					}
					n, err := db.Planning().NextSequence(ctx, councilB, 2026)
					if err != nil {
						t.Errorf("handle %d: NextSequence: %v", h, err)
						return
					}
					a := planningtest.NewApplication(councilB, fmt.Sprintf("app-%d-%d-%d", h, w, i))
					if err := db.Planning().Create(ctx, councilB, a); err != nil {
						t.Errorf("handle %d: planning Create: %v", h, err)
						return
					}
					if err := db.Admissions().Create(ctx, councilA, &admissions.Application{ID: a.ID, SchoolYear: 2027, EntryYear: admissions.Year7}); err != nil {
						t.Errorf("handle %d: admissions Create: %v", h, err)
						return
					}
					if _, err := db.Payments().List(ctx, councilA, payments.Filter{Limit: 5}); err != nil {
						t.Errorf("handle %d: payments List: %v", h, err)
						return
					}
					mu.Lock()
					if seqs[n] {
						t.Errorf("reference number %d issued twice", n)
					}
					seqs[n] = true
					ids = append(ids, p.ID)
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	total := len(dbs) * workers * each
	got, err := dbs[len(dbs)-1].Payments().Get(ctx, councilA, shared.ID)
	if err != nil || len(got.Events) != total+1 || got.Version != int64(total+1) {
		t.Errorf("shared payment after %d concurrent Modify calls: %v events, version %v, %v; changes were lost", total, len(got.Events), got.Version, err)
	}
	for _, id := range ids {
		if _, err := dbs[0].Payments().Get(ctx, councilA, id); err != nil {
			t.Errorf("payment %s: %v", id, err)
		}
	}
	if list, err := dbs[0].Planning().List(ctx, councilB, planning.Filter{}); err != nil || len(list) != total {
		t.Errorf("planning applications: %d, %v; want %d", len(list), err, total)
	}
	if list, err := dbs[len(dbs)-1].Admissions().List(ctx, councilA, admissions.Filter{}); err != nil || len(list) != total {
		t.Errorf("admissions applications: %d, %v; want %d", len(list), err, total)
	}
	for n := 1; n <= total; n++ {
		if !seqs[n] {
			t.Errorf("reference number %d never issued: a gap", n)
		}
	}
}

// TestQueuedWriteHonoursContext: a write queued behind another in the same
// process waits for it, rather than failing with SQLITE_BUSY, for as long
// as its context allows: then it returns the context's error and stores
// nothing.
func TestQueuedWriteHonoursContext(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	hold, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- db.write(ctx, councilA, func(*tx) error {
			close(hold)
			<-release
			return nil
		})
	}()
	<-hold
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	p := paymentstest.NewPayment(councilA, t0)
	if err := db.Payments().Create(short, councilA, p); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Create queued past its deadline: %v, want context.DeadlineExceeded", err)
	}
	// One queued with time to spare waits its turn and succeeds.
	waited := make(chan error)
	q := paymentstest.NewPayment(councilA, t0)
	go func() { waited <- db.Payments().Create(ctx, councilA, q) }()
	time.Sleep(20 * time.Millisecond)
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := <-waited; err != nil {
		t.Errorf("Create queued behind a write: %v", err)
	}
	if _, err := db.Payments().Get(ctx, councilA, p.ID); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("the timed-out payment: %v, want ErrNotFound", err)
	}
	if _, err := db.Payments().Get(ctx, councilA, q.ID); err != nil {
		t.Errorf("the queued payment: %v", err)
	}
}
