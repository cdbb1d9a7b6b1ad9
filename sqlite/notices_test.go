package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/lgds/councilkit/notify/notices"
	"github.com/lgds/councilkit/notify/notices/noticestest"
)

// TestNoticesLedgerConformance runs the notices package's Ledger
// conformance suite against SQLite, each subtest in a file of its own.
func TestNoticesLedgerConformance(t *testing.T) {
	t.Parallel()
	noticestest.RunLedgerTests(t, func(t *testing.T) notices.Ledger {
		return openFresh(t).NoticesLedger()
	})
}

// TestNoticesLedgerTwoHandles: two processes sharing the file (two
// handles, each with its own writer connection) claim the same messages
// at once: each message is claimed exactly once.
func TestNoticesLedgerTwoHandles(t *testing.T) {
	t.Parallel()
	path := freshPath(t)
	a, b := openPath(t, path).NoticesLedger(), openPath(t, path).NoticesLedger()
	noticestest.RunClaimConcurrent(t, a, b)
}

// The ledger survives a restart (a new handle on the file) and lists a
// council's outcomes in the order first recorded, by state, never another
// council's.
func TestNoticesLedgerOutcomes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := freshPath(t)
	db := openPath(t, path)
	l := db.NoticesLedger()
	for i, st := range []notices.State{notices.StateFailed, notices.StateSent, notices.StateFailed} {
		o := noticestest.Sent(councilA, fmt.Sprint("ev-", i))
		o.State, o.At = st, noticestest.At.Add(time.Duration(i)*time.Minute)
		if err := l.Put(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	// A later outcome of the first message keeps its place.
	o := noticestest.Sent(councilA, "ev-0")
	o.State, o.Reason, o.At = notices.StateFailed, "BadRequestError", noticestest.At.Add(time.Hour)
	if err := l.Put(ctx, o); err != nil {
		t.Fatal(err)
	}
	failedB := noticestest.Sent(councilB, "ev-9")
	failedB.State = notices.StateFailed
	if err := l.Put(ctx, failedB); err != nil {
		t.Fatal(err)
	}
	db.Close()
	restarted := openPath(t, path).NoticesLedger()
	got, err := restarted.Outcomes(ctx, councilA, notices.StateFailed, 0)
	if err != nil || len(got) != 2 || got[0].EventID != "ev-0" || got[0].Reason != "BadRequestError" ||
		!got[0].At.Equal(o.At) || got[1].EventID != "ev-2" {
		t.Errorf("failed outcomes = %+v, %v", got, err)
	}
	if all, err := restarted.Outcomes(ctx, councilA, notices.StateNone, 2); err != nil || len(all) != 2 || all[1].EventID != "ev-1" {
		t.Errorf("first two outcomes = %+v, %v", all, err)
	}
	if b, err := restarted.Outcomes(ctx, councilB, notices.StateNone, 0); err != nil || len(b) != 1 || b[0].EventID != "ev-9" {
		t.Errorf("council B's outcomes = %+v, %v", b, err)
	}
	if _, err := restarted.Outcomes(ctx, councilA, 99, 0); err == nil {
		t.Error("Outcomes of an undefined state: no error")
	}
}

// BenchmarkNoticesLedgerClaim: the claim made before every message is
// sent (a first claim: a read finding nothing, then an insert, in one
// write transaction).
func BenchmarkNoticesLedgerClaim(b *testing.B) {
	ctx := context.Background()
	l := openFresh(b).NoticesLedger()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c := noticestest.Claim(councilA, fmt.Sprint("bench-", i), notices.Email, noticestest.At)
		if _, ok, err := l.Claim(ctx, c, noticestest.At.Add(-time.Hour), false); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
