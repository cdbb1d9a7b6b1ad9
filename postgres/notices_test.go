package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/lgds/councilkit/notify/notices"
	"github.com/lgds/councilkit/notify/notices/noticestest"
)

// TestNoticesLedgerConformance runs the notices package's Ledger
// conformance suite against PostgreSQL, each subtest in a database of its
// own.
func TestNoticesLedgerConformance(t *testing.T) {
	t.Parallel()
	noticestest.RunLedgerTests(t, func(t *testing.T) notices.Ledger {
		return openMigrated(t, newMigratedDB(t)).NoticesLedger()
	})
}

// TestNoticesLedgerConcurrent: two instances (two pools on one database)
// claim the same messages at once: each message is claimed exactly once.
func TestNoticesLedgerConcurrent(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	a, b := openMigrated(t, td).NoticesLedger(), openMigrated(t, td).NoticesLedger()
	noticestest.RunClaimConcurrent(t, a, b)
}

// The ledger survives a restart (a new handle on the database) and lists
// a council's outcomes in the order first recorded, by state.
func TestNoticesLedgerOutcomes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	td := newMigratedDB(t)
	l := openMigrated(t, td).NoticesLedger()
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
	if err := l.Put(ctx, noticestest.Sent(councilB, "ev-9")); err != nil {
		t.Fatal(err)
	}
	restarted := openMigrated(t, td).NoticesLedger()
	got, err := restarted.Outcomes(ctx, councilA, notices.StateFailed, 0)
	if err != nil || len(got) != 2 || got[0].EventID != "ev-0" || got[0].Reason != "BadRequestError" || got[1].EventID != "ev-2" {
		t.Errorf("failed outcomes = %+v, %v", got, err)
	}
	if all, err := restarted.Outcomes(ctx, councilA, notices.StateNone, 2); err != nil || len(all) != 2 || all[1].EventID != "ev-1" {
		t.Errorf("first two outcomes = %+v, %v", all, err)
	}
}

// BenchmarkNoticesLedgerClaim: the claim made before every message is
// sent (a first claim: SELECT … FOR UPDATE finding nothing, then INSERT).
func BenchmarkNoticesLedgerClaim(b *testing.B) {
	ctx := context.Background()
	l := openMigrated(b, newMigratedDB(b)).NoticesLedger()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c := noticestest.Claim(councilA, fmt.Sprint("bench-", i), notices.Email, noticestest.At)
		if _, ok, err := l.Claim(ctx, c, noticestest.At.Add(-time.Hour), false); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
