package sqlite

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/payments/counciltax/counciltaxtest"
	"github.com/lgds/councilkit/webhooks"
	"github.com/lgds/councilkit/webhooks/webhookstest"
)

// The Create benchmarks below each time one write transaction synced to
// disk (synchronous=FULL), so ns/op is dominated by the disk's sync
// latency: compare B/op and allocs/op.

// BenchmarkAdmissionRoundCreate times storing a small round's record (four
// children; no events: a new round is a preview).
func BenchmarkAdmissionRoundCreate(b *testing.B) {
	ctx := context.Background()
	db := openMigrated(b)
	s := db.AdmissionRounds()
	rec := admissionstest.NewRoundRecord(councilA)
	b.ReportAllocs()
	year := admissions.SchoolYear(2027)
	for b.Loop() {
		// One record per intake: each iteration a new school year.
		r := rec.Clone()
		r.SchoolYear, r.Version = year, 0
		r.ID = admissions.RoundID(year, r.EntryYear)
		year++
		if err := s.Create(ctx, councilA, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFreeSchoolMealsCreate times storing a decided record with its
// free_school_meals.decided event.
func BenchmarkFreeSchoolMealsCreate(b *testing.B) {
	ctx := context.Background()
	s := openMigrated(b).FreeSchoolMeals()
	r := decidedRecord(b, councilA, "r0")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		r.ID, r.Version = "r"+strconv.Itoa(i), 0
		if err := s.Create(ctx, councilA, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCouncilTaxCreate times storing an issued bill with its
// council_tax.bill_issued event.
func BenchmarkCouncilTaxCreate(b *testing.B) {
	ctx := context.Background()
	s := openMigrated(b).CouncilTax()
	r := counciltaxtest.NewBill(councilA, "b0")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		r.ID, r.Version = "b"+strconv.Itoa(i), 0
		if err := s.Create(ctx, councilA, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWebhookDeliveryCreate times storing a new delivery record, as
// the sender does once per event and endpoint.
func BenchmarkWebhookDeliveryCreate(b *testing.B) {
	ctx := context.Background()
	s := openMigrated(b).Webhooks(webhooks.Rules{})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		d := webhookstest.NewDelivery(councilA, "ep1", "evt-"+strconv.Itoa(i))
		if err := s.CreateDelivery(ctx, councilA, d); err != nil {
			b.Fatal(err)
		}
	}
}

// round10k is the record of a 10,000-child secondary round across 60
// schools, as a county runs.
func round10k(b *testing.B) *admissions.RoundRecord {
	cfg := admissionstest.LocalRound()
	cfg.Applicants, cfg.Schools, cfg.Width, cfg.Height = 10_000, 60, 40_000, 30_000
	scheme, apps := admissionstest.Generate(cfg)
	scheme.Council = councilA
	res, err := admissions.Allocate(scheme, apps)
	if err != nil {
		b.Fatal(err)
	}
	rec, err := admissions.NewRoundRecord(scheme, res, admissions.RoundRun{At: admissionstest.RoundRunAt, Officer: "officer-1"})
	if err != nil {
		b.Fatal(err)
	}
	return rec
}

// BenchmarkAdmissionRoundsRespond is one parent's acceptance in a
// published 10,000-child round: ModifyRound reads the whole record, and
// Update reads it again in the write transaction (for the events) and
// writes it back, allocation result included, so responses to one round
// queue behind each other.
func BenchmarkAdmissionRoundsRespond(b *testing.B) {
	ctx := context.Background()
	rec := round10k(b)
	s := openMigrated(b).AdmissionRounds()
	c := rec.Council
	if err := rec.Publish(admissionstest.RoundOffers, "officer-1"); err != nil {
		b.Fatal(err)
	}
	if err := s.Create(ctx, c, rec); err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, p := range rec.Places {
		if p.School != 0 {
			ids = append(ids, p.ApplicationID)
		}
	}
	b.ReportMetric(float64(len(rec.Result)), "result-bytes")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		id := ids[i%len(ids)]
		i++
		if _, err := admissions.ModifyRound(ctx, s, c, rec.ID, func(r *admissions.RoundRecord) error {
			_, err := r.Respond(id, true, admissionstest.RoundOffers.Add(time.Hour))
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAdmissionRoundsOfferFor is a parent's page view in a published
// 10,000-child round: one place picked out of the document by SQLite.
func BenchmarkAdmissionRoundsOfferFor(b *testing.B) {
	ctx := context.Background()
	rec := round10k(b)
	s := openMigrated(b).AdmissionRounds()
	if err := s.Create(ctx, rec.Council, rec); err != nil {
		b.Fatal(err)
	}
	id := rec.Places[len(rec.Places)/2].ApplicationID
	b.ReportAllocs()
	for b.Loop() {
		if p, err := s.OfferFor(ctx, rec.Council, rec.ID, id, admissionstest.RoundOffers); err != nil || p.ApplicationID != id {
			b.Fatal(p, err)
		}
	}
}
