package admissions_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/events"
)

// round10k is a county's secondary transfer: 10,000 children, 60 schools,
// three preferences each, recorded as run in January.
var round10k = sync.OnceValue(func() *admissions.RoundRecord {
	cfg := admissionstest.LocalRound()
	cfg.Applicants, cfg.Schools, cfg.Width, cfg.Height = 10_000, 60, 40_000, 30_000
	s, apps := admissionstest.Generate(cfg)
	res, err := admissions.Allocate(s, apps)
	if err != nil {
		panic(err)
	}
	r, err := admissions.NewRoundRecord(s, res, admissions.RoundRun{At: admissionstest.RoundRunAt, Officer: "officer-1"})
	if err != nil {
		panic(err)
	}
	return r
})

// BenchmarkRoundPublish publishes a 10,000-child round: the change and its
// 10,000 offer-made events, as a store makes them.
func BenchmarkRoundPublish(b *testing.B) {
	rec := round10k()
	actor := events.Actor{Kind: events.ActorOfficer, ID: "officer-1"}
	b.ReportAllocs()
	for b.Loop() {
		next := rec.Clone()
		if err := next.Publish(admissionstest.RoundOffers, "officer-1"); err != nil {
			b.Fatal(err)
		}
		evs, err := admissions.RoundEvents(rec, next, actor)
		if err != nil || len(evs) < 7_000 {
			b.Fatalf("%d events, %v", len(evs), err)
		}
	}
}

// BenchmarkMemRoundStorePublish publishes a 10,000-child round through the
// memory store: read, publish, compare-and-swap, events into a MemLog.
func BenchmarkMemRoundStorePublish(b *testing.B) {
	rec := round10k()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s := new(admissions.MemRoundStore)
		if err := s.Create(ctx, rec.Council, rec.Clone()); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := admissions.ModifyRound(ctx, s, rec.Council, rec.ID, func(r *admissions.RoundRecord) error {
			return r.Publish(admissionstest.RoundOffers, "officer-1")
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRoundDecline declines one place in a published 10,000-child
// round: the Book is rebuilt from the record and the place goes down the
// waiting lists.
func BenchmarkRoundDecline(b *testing.B) {
	rec := round10k().Clone()
	if err := rec.Publish(admissionstest.RoundOffers, "officer-1"); err != nil {
		b.Fatal(err)
	}
	var id string
	for _, sc := range rec.Schools {
		if len(sc.Waiting) > 0 {
			for _, p := range rec.Places {
				if p.School == sc.URN {
					id = p.ApplicationID
				}
			}
			break
		}
	}
	at := admissionstest.RoundOffers.Add(24 * time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		next := rec.Clone()
		changes, err := next.Respond(id, false, at)
		if err != nil || len(changes) < 2 {
			b.Fatalf("%v, %v", changes, err)
		}
	}
}
