package events_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

func TestMemLogAppendSinceSubject(t *testing.T) {
	ctx := context.Background()
	var l events.MemLog
	a, _ := councilkit.ParseCouncil("E06000099")
	b, _ := councilkit.ParseCouncil("W06000015")
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	mk := func(c councilkit.Council, subject string) events.Event {
		e, err := events.New(c, events.PaymentCreated, subject, at, events.Actor{Kind: events.ActorResident}, events.Payment{PaymentID: subject})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	changed := l.Changed()
	if err := l.Append(ctx, mk(a, "p1"), mk(b, "p1"), mk(a, "p2")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	default:
		t.Fatal("Changed was not closed by Append")
	}
	bad := mk(a, "p3")
	bad.Council = councilkit.Council{}
	if err := l.Append(ctx, mk(a, "p3"), bad); !errors.Is(err, events.ErrInvalid) {
		t.Fatalf("Append with an invalid event = %v, want ErrInvalid", err)
	}
	if l.Len() != 3 {
		t.Fatalf("a failed Append changed the log: %d events", l.Len())
	}
	rs, err := l.Since(ctx, 1, 1)
	if err != nil || len(rs) != 1 || rs[0].Seq != 2 || rs[0].Event.Council != b {
		t.Fatalf("Since(1, 1) = %+v, %v", rs, err)
	}
	rs, _ = l.Subject(ctx, a, "p1")
	if len(rs) != 1 || rs[0].Seq != 1 {
		t.Fatalf("Subject(a, p1) = %+v; another council's event leaked or one is missing", rs)
	}
	if got := events.ActorFrom(ctx); got.Kind != events.ActorSystem {
		t.Fatalf("ActorFrom(empty) = %v", got)
	}
	off := events.Actor{Kind: events.ActorOfficer, ID: "officer-7"}
	if got := events.ActorFrom(events.WithActor(ctx, off)); got != off {
		t.Fatalf("ActorFrom = %v, want %v", got, off)
	}
}

// WithDefaultActor names its actor only where the caller named none, even
// the system explicitly.
func TestWithDefaultActor(t *testing.T) {
	ctx := context.Background()
	pay := events.Actor{Kind: events.ActorProvider, ID: "govukpay"}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want events.Actor
	}{
		{"none", ctx, pay},
		{"empty kind", events.WithActor(ctx, events.Actor{}), pay},
		{"resident", events.WithActor(ctx, events.Actor{Kind: events.ActorResident}), events.Actor{Kind: events.ActorResident}},
		{"system", events.WithActor(ctx, events.Actor{Kind: events.ActorSystem, ID: "nightly"}), events.Actor{Kind: events.ActorSystem, ID: "nightly"}},
	} {
		if got := events.ActorFrom(events.WithDefaultActor(tc.ctx, pay)); got != tc.want {
			t.Errorf("%s: ActorFrom(WithDefaultActor) = %v, want %v", tc.name, got, tc.want)
		}
	}
}
