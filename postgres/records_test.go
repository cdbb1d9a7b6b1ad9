package postgres

import (
	"context"
	"strconv"

	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/admissions/fsm/fsmtest"
	"github.com/lgds/councilkit/payments/counciltax"
	"github.com/lgds/councilkit/payments/counciltax/counciltaxtest"
)

// TestFreeSchoolMealsStoreConformance runs the fsm package's store suite
// against PostgreSQL, each subtest in a database of its own.
func TestFreeSchoolMealsStoreConformance(t *testing.T) {
	t.Parallel()
	fsmtest.RunStoreTests(t, func(t *testing.T) fsm.Store {
		return openMigrated(t, newMigratedDB(t)).FreeSchoolMeals()
	})
}

// TestCouncilTaxStoreConformance runs the counciltax package's store suite
// against PostgreSQL, each subtest in a database of its own.
func TestCouncilTaxStoreConformance(t *testing.T) {
	t.Parallel()
	counciltaxtest.RunStoreTests(t, func(t *testing.T) counciltax.Store {
		return openMigrated(t, newMigratedDB(t)).CouncilTax()
	})
}

// BenchmarkFreeSchoolMealsStore times a decided record's Create (the row
// and its event in one transaction) and Get.
func BenchmarkFreeSchoolMealsStore(b *testing.B) {
	ctx := context.Background()
	s := openMigrated(b, newMigratedDB(b)).FreeSchoolMeals()
	c := fsmtest.CouncilA
	r := fsmtest.NewRecord(c, "r0")
	if err := r.Decide(councilkit.NewFixedClock(fsmtest.DecidedAt)); err != nil {
		b.Fatal(err)
	}
	if err := s.Create(ctx, c, r); err != nil {
		b.Fatal(err)
	}
	b.Run("Create", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			r.ID, r.Version = "c"+strconv.Itoa(i), 0
			if err := s.Create(ctx, c, r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Get", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Get(ctx, c, "r0"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCouncilTaxStore times an issued bill's Create (the row and its
// event in one transaction) and Get.
func BenchmarkCouncilTaxStore(b *testing.B) {
	ctx := context.Background()
	s := openMigrated(b, newMigratedDB(b)).CouncilTax()
	c := counciltaxtest.CouncilA
	r := counciltaxtest.NewBill(c, "b0")
	if err := s.Create(ctx, c, r); err != nil {
		b.Fatal(err)
	}
	b.Run("Create", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			r.ID, r.Version = "c"+strconv.Itoa(i), 0
			if err := s.Create(ctx, c, r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Get", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Get(ctx, c, "b0"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
