package sqlite

import (
	"context"
	"strconv"
	"testing"

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
