package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments/paymentstest"
)

// The log keeps each event's data as recorded and the envelope's varying
// attributes in columns, and rebuilds the envelope when it is read
// (migration 0006). An event read back through Since, through Subject and
// by delivery to a subscriber encodes to the very bytes it encoded to when
// it was recorded, whatever its data's key order, actor or time zone.
// (Delivery used to decode a jsonb envelope, whose data had jsonb's key
// order, not the payload struct's.)
func TestEventLogRoundTripsEventsByteForByte(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	td := newMigratedDB(t)
	got := newSink(nil)
	db := openMigrated(t, td, Config{
		Subscribers: []events.Subscriber{{Name: "all", Handler: got}},
		Delivery:    fastDelivery(),
	})
	startDelivery(t, db)

	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 7, 1, 10, 30, 15, 123456789, london) // BST, nanoseconds
	mk := func(typ events.Type, subject string, actor events.Actor, data any) events.Event {
		t.Helper()
		e, err := events.New(councilA, typ, subject, at, actor, data)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	recorded := []events.Event{
		mk(events.PaymentSucceeded, "pay-1", events.Actor{Kind: events.ActorProvider, ID: "govukpay"},
			events.Payment{PaymentID: "pay-1", Reference: "CT-1", AmountPence: 12345, Status: "success", Provider: "govukpay"}),
		mk(events.PaymentRefunded, "pay-1", events.Actor{Kind: events.ActorOfficer, ID: "officer-7"},
			events.Refund{PaymentID: "pay-1", RefundID: "r-1", AmountPence: 500, RefundedPence: 500}),
		mk(events.PlanningApplicationSubmitted, "app-1", events.Actor{Kind: events.ActorResident},
			&events.PlanningApplication{}),
	}
	mustRecord(t, db, councilA, recorded...)
	// And one recorded by a store, in the statement that stores its change.
	p := paymentstest.NewPayment(councilA, t0.Add(1500*time.Nanosecond))
	if err := db.Payments().Create(ctx, councilA, p); err != nil {
		t.Fatal(err)
	}
	byStore, err := db.Events().Subject(ctx, councilA, p.ID)
	if err != nil || len(byStore) != 1 {
		t.Fatalf("Subject(%s) = %v, %v", p.ID, byStore, err)
	}
	if want := t0.Add(time.Microsecond); !byStore[0].Event.Time.Equal(want) {
		t.Errorf("store's event time = %s, want %s (to the microsecond)", byStore[0].Event.Time, want)
	}
	recorded = append(recorded, byStore[0].Event)

	encode := func(e events.Event) string {
		t.Helper()
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	want := map[string]string{}
	var ids []string
	for _, e := range recorded {
		want[e.ID] = encode(e)
		ids = append(ids, e.ID)
		if _, _, err := events.Decode([]byte(want[e.ID])); err != nil {
			t.Errorf("Decode(recorded %s): %v", e.Type.Short(), err)
		}
	}
	check := func(how string, rs []events.Record) {
		t.Helper()
		for _, r := range rs {
			w, ok := want[r.Event.ID]
			if !ok {
				t.Errorf("%s: event %s was never recorded", how, r.Event.ID)
				continue
			}
			if g := encode(r.Event); g != w {
				t.Errorf("%s: event %s reads back as\n%s\nrecorded as\n%s", how, r.Event.Type.Short(), g, w)
			}
		}
	}
	// Since holds back events while any older transaction on the server
	// is in flight (other tests'), so read until all have come.
	var since []events.Record
	for deadline := time.Now().Add(30 * time.Second); len(since) < len(recorded) && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		since, err = db.Events().Since(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(since) != len(recorded) {
		t.Fatalf("Since = %d records; want %d", len(since), len(recorded))
	}
	check("Since", since)
	var subject []events.Record
	for _, s := range []string{"pay-1", "app-1", p.ID} {
		rs, err := db.Events().Subject(ctx, councilA, s)
		if err != nil {
			t.Fatal(err)
		}
		subject = append(subject, rs...)
	}
	if len(subject) != len(recorded) {
		t.Fatalf("Subject read %d events, want %d", len(subject), len(recorded))
	}
	check("Subject", subject)
	got.waitFor(t, ids, 30*time.Second)
	got.mu.Lock()
	defer got.mu.Unlock()
	check("delivered", got.handled)
}

// An event the log could not rebuild as it is from what it stores is
// refused, not silently altered: attributes that are not events.New's for
// its type and council, an ID not in canonical form, a time finer than a
// microsecond.
func TestEventLogRefusesEventsItCannotRebuild(t *testing.T) {
	t.Parallel()
	base := newEvent(t, councilA, events.PaymentCreated, "pay-1")
	for _, tc := range []struct {
		name   string
		change func(e *events.Event)
	}{
		{"source of another domain", func(e *events.Event) { e.Source = "/councils/" + councilA.String() + "/planning" }},
		{"source of another council", func(e *events.Event) { e.Source = "/councils/E09000033/payment" }},
		{"source with a suffix", func(e *events.Event) { e.Source += "/x" }},
		{"dataschema", func(e *events.Event) { e.DataSchema = "https://example.com/schema.json" }},
		{"datacontenttype", func(e *events.Event) { e.DataContentType = "application/cloudevents+json" }},
		{"upper-case ID", func(e *events.Event) { e.ID = strings.ToUpper(e.ID) }},
		{"nanoseconds", func(e *events.Event) { e.Time = e.Time.Add(time.Nanosecond) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := base
			tc.change(&e)
			if _, err := eventArgs([]events.Event{e}); !errors.Is(err, events.ErrInvalid) {
				t.Errorf("eventArgs = %v, want events.ErrInvalid", err)
			}
		})
	}
	if _, err := eventArgs([]events.Event{base}); err != nil {
		t.Errorf("eventArgs(events.New's event) = %v", err)
	}
}
