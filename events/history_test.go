package events_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// History is the record's events as entries, in log order, for the council
// asked about only.
func TestHistory(t *testing.T) {
	ctx := context.Background()
	durham := councilkit.MustParseCouncil("E06000047")
	cardiff := councilkit.MustParseCouncil("W06000015")
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	resident := events.Actor{Kind: events.ActorResident}
	pay := events.Actor{Kind: events.ActorProvider, ID: "govukpay"}
	officer := events.Actor{Kind: events.ActorOfficer, ID: "officer-7"}
	mk := func(c councilkit.Council, typ events.Type, subject string, at time.Time, a events.Actor) events.Event {
		t.Helper()
		var data any = events.Payment{PaymentID: subject}
		if typ == events.PaymentRefunded {
			data = events.Refund{PaymentID: subject, RefundID: "r1", AmountPence: 100, RefundedPence: 100}
		}
		e, err := events.New(c, typ, subject, at, a, data)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	var l events.MemLog
	evs := []events.Event{
		mk(durham, events.PaymentCreated, "p1", t0, resident),
		mk(cardiff, events.PaymentCreated, "p1", t0, resident), // same ID, another council
		mk(durham, events.PaymentCreated, "p2", t0, resident),
		mk(durham, events.PaymentSucceeded, "p1", t0.Add(time.Minute), pay),
		mk(durham, events.PaymentRefunded, "p1", t0.Add(time.Hour), officer),
	}
	if err := l.Append(ctx, evs...); err != nil {
		t.Fatal(err)
	}
	line := func(e events.Entry) string {
		return fmt.Sprintf("%d %s %s %s:%s %s", e.Seq, e.Time.Format("15:04"), e.Type.Short(), e.Actor.Kind, e.Actor.ID, e.Domain())
	}
	for _, tc := range []struct {
		name    string
		c       councilkit.Council
		subject string
		want    []string
	}{
		{"the payment's trail", durham, "p1", []string{
			"1 09:00 payment.created.v1 resident: payment",
			"4 09:01 payment.succeeded.v1 provider:govukpay payment",
			"5 10:00 payment.refunded.v1 officer:officer-7 payment",
		}},
		{"another council's record with the same ID", cardiff, "p1", []string{"2 09:00 payment.created.v1 resident: payment"}},
		{"another record", durham, "p2", []string{"3 09:00 payment.created.v1 resident: payment"}},
		{"a record with no events", durham, "p9", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := events.History(ctx, &l, tc.c, tc.subject)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, e := range got {
				lines = append(lines, line(e))
			}
			if fmt.Sprint(lines) != fmt.Sprint(tc.want) {
				t.Errorf("History = %q\nwant %q", lines, tc.want)
			}
		})
	}
	got, _ := events.History(ctx, &l, durham, "p1")
	if got[2].EventID != evs[4].ID {
		t.Errorf("EventID = %q, want the event's ID %q", got[2].EventID, evs[4].ID)
	}
	if _, err := events.History(ctx, &l, councilkit.Council{}, "p1"); !errors.Is(err, councilkit.ErrNoCouncil) {
		t.Errorf("History for no council: %v, want ErrNoCouncil", err)
	}
	if _, err := events.History(ctx, &l, durham, ""); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("History of no subject: %v, want ErrInvalid", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := events.History(cctx, &l, durham, "p1"); !errors.Is(err, context.Canceled) {
		t.Errorf("History with a cancelled context: %v", err)
	}
	// A log that returns more than it was asked for is not trusted.
	if got, err := events.History(ctx, leaky{&l}, durham, "p1"); err != nil || len(got) != 3 {
		t.Errorf("History over a leaky log = %d entries, %v; want Durham's 3", len(got), err)
	}
}

// leaky is a Log whose Subject returns every event.
type leaky struct{ *events.MemLog }

func (l leaky) Subject(ctx context.Context, _ councilkit.Council, _ string) ([]events.Record, error) {
	return l.Since(ctx, 0, 0)
}
