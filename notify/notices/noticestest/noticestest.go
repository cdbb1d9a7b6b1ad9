// Package noticestest is the conformance suite of notices.Ledger
// implementations: run RunLedgerTests from a test of each.
//
//	func TestMemLedger(t *testing.T) {
//		noticestest.RunLedgerTests(t, func(t *testing.T) notices.Ledger { return new(notices.MemLedger) })
//	}
package noticestest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/notify/notices"
)

// Councils the suite records outcomes for.
var (
	Cardiff = councilkit.MustParseCouncil("W06000015")
	Durham  = councilkit.MustParseCouncil("E06000047")
)

// At is the time of the suite's outcomes.
var At = time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)

// Sent returns a sent outcome of council c's email about event id.
func Sent(c councilkit.Council, id string) notices.Outcome {
	return notices.Outcome{Key: notices.Key{Council: c, EventID: id, Channel: notices.Email}, Kind: notices.PaymentReceipt,
		State: notices.StateSent, NotificationID: "740e5834-3a29-46b4-9a6f-16142fde533a", At: At}
}

// Claim returns the claim of council c's message on channel ch about
// event id, made at at.
func Claim(c councilkit.Council, id string, ch notices.Channel, at time.Time) notices.Outcome {
	return notices.Outcome{Key: notices.Key{Council: c, EventID: id, Channel: ch}, Kind: notices.PaymentReceipt,
		State: notices.StatePending, At: at}
}

// RunLedgerTests checks a Ledger: outcomes read back as recorded, kept
// apart by council, event and channel; invalid outcomes refused; claims
// taken only where Ledger.Claim says; and of many claims of one message
// at once, exactly one taken. newLedger returns an empty ledger.
func RunLedgerTests(t *testing.T, newLedger func(t *testing.T) notices.Ledger) {
	ctx := context.Background()
	t.Run("RoundTrip", func(t *testing.T) {
		t.Parallel()
		l := newLedger(t)
		k := notices.Key{Council: Cardiff, EventID: "ev-1", Channel: notices.Email}
		if _, ok, err := l.Get(ctx, k); ok || err != nil {
			t.Fatalf("Get of nothing = %v, %v", ok, err)
		}
		for _, o := range []notices.Outcome{
			{Key: k, Kind: notices.PaymentReceipt, State: notices.StatePending, Reason: "RateLimitError", At: At},
			{Key: k, Kind: notices.PaymentReceipt, State: notices.StateFailed, Reason: "BadRequestError",
				Detail: "Missing personalisation: amount", At: At.Add(time.Minute)},
			{Key: k, Kind: notices.PaymentReceipt, State: notices.StateSent, NotificationID: "740e5834-3a29-46b4-9a6f-16142fde533a",
				Reason: "found_by_reference", At: At.Add(2 * time.Minute)},
		} {
			if err := l.Put(ctx, o); err != nil {
				t.Fatal(err)
			}
			got, ok, err := l.Get(ctx, k)
			if err != nil || !ok || !same(got, o) {
				t.Fatalf("Get = %+v, %v, %v; want %+v", got, ok, err, o)
			}
		}
	})
	t.Run("KeptApart", func(t *testing.T) {
		t.Parallel()
		l := newLedger(t)
		o := Sent(Cardiff, "ev-1")
		if err := l.Put(ctx, o); err != nil {
			t.Fatal(err)
		}
		for _, k := range []notices.Key{
			{Council: Durham, EventID: "ev-1", Channel: notices.Email},
			{Council: Cardiff, EventID: "ev-2", Channel: notices.Email},
			{Council: Cardiff, EventID: "ev-1", Channel: notices.SMS},
		} {
			if got, ok, err := l.Get(ctx, k); ok || err != nil {
				t.Errorf("Get(%+v) = %+v, %v, %v; want nothing", k, got, ok, err)
			}
		}
		// Another council's claim of the same event and channel is its own.
		if _, ok, err := l.Claim(ctx, Claim(Durham, "ev-1", notices.Email, At), At, false); !ok || err != nil {
			t.Errorf("Durham's claim of an event ID Cardiff has = %v, %v", ok, err)
		}
		if got, _, _ := l.Get(ctx, o.Key); !same(got, o) {
			t.Errorf("Cardiff's outcome became %+v", got)
		}
	})
	t.Run("Invalid", func(t *testing.T) {
		t.Parallel()
		l := newLedger(t)
		if _, _, err := l.Get(ctx, notices.Key{EventID: "ev-1", Channel: notices.Email}); !errors.Is(err, councilkit.ErrNoCouncil) {
			t.Errorf("Get with no council: %v, want ErrNoCouncil", err)
		}
		good := Sent(Cardiff, "ev-1")
		for name, change := range map[string]func(*notices.Outcome){
			"no event":        func(o *notices.Outcome) { o.EventID = "" },
			"channel none":    func(o *notices.Outcome) { o.Channel = notices.ChannelNone },
			"channel unknown": func(o *notices.Outcome) { o.Channel = 9 },
			"kind unknown":    func(o *notices.Outcome) { o.Kind = 99 },
			"state none":      func(o *notices.Outcome) { o.State = notices.StateNone },
			"state unknown":   func(o *notices.Outcome) { o.State = 99 },
		} {
			o := good
			change(&o)
			if err := l.Put(ctx, o); !errors.Is(err, notices.ErrInvalidOutcome) {
				t.Errorf("Put(%s): %v, want ErrInvalidOutcome", name, err)
			}
		}
		o := good
		o.Council = councilkit.Council{}
		if err := l.Put(ctx, o); !errors.Is(err, councilkit.ErrNoCouncil) {
			t.Errorf("Put with no council: %v, want ErrNoCouncil", err)
		}
		if _, ok, err := l.Claim(ctx, good, At, false); ok || !errors.Is(err, notices.ErrInvalidOutcome) {
			t.Errorf("Claim of a sent outcome = %v, %v; want ErrInvalidOutcome", ok, err)
		}
		c := Claim(Cardiff, "ev-1", notices.Email, At)
		c.Reason = "unavailable"
		if _, ok, err := l.Claim(ctx, c, At, false); ok || !errors.Is(err, notices.ErrInvalidOutcome) {
			t.Errorf("Claim with a reason = %v, %v; want ErrInvalidOutcome", ok, err)
		}
		if _, ok, _ := l.Get(ctx, good.Key); ok {
			t.Errorf("an invalid outcome was recorded")
		}
	})
	t.Run("Claim", func(t *testing.T) {
		t.Parallel()
		stale := At.Add(-10 * time.Minute)
		tests := []struct {
			name        string
			prev        *notices.Outcome
			retryFailed bool
			claimed     bool
		}{
			{name: "none", claimed: true},
			{name: "pending, failed in passing", prev: &notices.Outcome{State: notices.StatePending, Reason: "unavailable", At: At}, claimed: true},
			{name: "claimed, live", prev: &notices.Outcome{State: notices.StatePending, At: stale}},
			{name: "claimed, lapsed", prev: &notices.Outcome{State: notices.StatePending, At: stale.Add(-time.Second)}, claimed: true},
			{name: "sent", prev: &notices.Outcome{State: notices.StateSent, At: stale.Add(-time.Hour)}},
			{name: "skipped", prev: &notices.Outcome{State: notices.StateSkipped, At: stale.Add(-time.Hour)}},
			{name: "failed", prev: &notices.Outcome{State: notices.StateFailed, Reason: "BadRequestError", At: stale.Add(-time.Hour)}},
			{name: "failed, resend", prev: &notices.Outcome{State: notices.StateFailed, Reason: "BadRequestError", At: At}, retryFailed: true, claimed: true},
			{name: "sent, resend", prev: &notices.Outcome{State: notices.StateSent, At: stale.Add(-time.Hour)}, retryFailed: true},
		}
		l := newLedger(t)
		for i, tc := range tests {
			id := fmt.Sprint("claim-", i)
			c := Claim(Cardiff, id, notices.SMS, At.Add(time.Second))
			var want notices.Outcome
			if tc.prev != nil {
				want = *tc.prev
				want.Key, want.Kind = c.Key, notices.OfferMade
				if err := l.Put(ctx, want); err != nil {
					t.Fatal(err)
				}
			}
			prev, ok, err := l.Claim(ctx, c, stale, tc.retryFailed)
			if err != nil || ok != tc.claimed || !same(prev, want) {
				t.Errorf("%s: Claim = %+v, %v, %v; want %+v, %v", tc.name, prev, ok, err, want, tc.claimed)
				continue
			}
			now, _, _ := l.Get(ctx, c.Key)
			if tc.claimed && !same(now, c) || !tc.claimed && !same(now, want) {
				t.Errorf("%s: after Claim, Get = %+v", tc.name, now)
			}
		}
	})
	t.Run("ClaimConcurrent", func(t *testing.T) {
		t.Parallel()
		l := newLedger(t)
		RunClaimConcurrent(t, l, l)
	})
}

// RunClaimConcurrent claims each of a few messages from many goroutines
// at once, half through a and half through b (two instances sharing one
// ledger, or the same ledger twice), and checks that exactly one claim of
// each was taken, for a first claim and again for the claim of a message
// whose sending failed in passing.
func RunClaimConcurrent(t *testing.T, a, b notices.Ledger) {
	t.Helper()
	ctx := context.Background()
	const messages, claimants = 4, 8
	for round := range 2 {
		var wg sync.WaitGroup
		won := make([]atomic.Int32, messages)
		for m := range messages {
			for i := range claimants {
				l := a
				if i%2 == 1 {
					l = b
				}
				wg.Go(func() {
					c := Claim(Durham, fmt.Sprint("concurrent-", m), notices.Email, At.Add(time.Duration(round)*time.Minute))
					_, ok, err := l.Claim(ctx, c, At.Add(-time.Hour), false)
					if err != nil {
						t.Error(err)
					}
					if ok {
						won[m].Add(1)
					}
				})
			}
		}
		wg.Wait()
		for m := range won {
			if n := won[m].Load(); n != 1 {
				t.Errorf("round %d: message %d was claimed %d times, want once", round, m, n)
			}
			// The attempt fails in passing: the next round may claim it again.
			o := Claim(Durham, fmt.Sprint("concurrent-", m), notices.Email, At)
			o.Reason = "unavailable"
			if err := a.Put(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// same compares outcomes, their times as instants.
func same(a, b notices.Outcome) bool {
	at, bt := a.At, b.At
	a.At, b.At = time.Time{}, time.Time{}
	return a == b && at.Equal(bt)
}
