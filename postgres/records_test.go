package postgres

import (
	"context"
	"strconv"
	"strings"

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

// TestRecordsPersonalDataOnlyInBody: the free school meals and council
// tax tables keep names, dates of birth, National Insurance numbers and
// addresses in the JSON body only, never in a column that an index, a
// constraint error or a query log could show.
func TestRecordsPersonalDataOnlyInBody(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	td := newMigratedDB(t)
	db := openMigrated(t, td)
	c := fsmtest.CouncilA
	r := fsmtest.NewRecord(c, "r1")
	if err := r.Decide(councilkit.NewFixedClock(fsmtest.DecidedAt)); err != nil {
		t.Fatal(err)
	}
	if err := db.FreeSchoolMeals().Create(ctx, c, r); err != nil {
		t.Fatal(err)
	}
	bill := counciltaxtest.NewBill(counciltaxtest.CouncilA, "b1")
	if err := db.CouncilTax().Create(ctx, counciltaxtest.CouncilA, bill); err != nil {
		t.Fatal(err)
	}
	super := superConn(t, td)
	secrets := []string{
		r.Application.Parent.Person.FamilyName, r.Application.Parent.Person.GivenNames, r.Application.Child.Person.GivenNames,
		r.Application.Parent.NINO.String(), r.Application.Parent.Person.DateOfBirth.String(), r.Application.Child.Person.DateOfBirth.String(),
		bill.Liable[0].FamilyName, bill.Liable[0].GivenNames, bill.Address.Lines[0], bill.Address.Postcode.String(),
	}
	for _, table := range []string{"fsm_records", "counciltax_bills"} {
		var cols, body string
		if err := super.QueryRow(ctx, `SELECT (to_jsonb(t) - 'body')::text, t.body::text FROM councilkit.`+table+` t`).Scan(&cols, &body); err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, s := range secrets {
			if strings.Contains(cols, s) {
				t.Errorf("councilkit.%s: a column other than body holds %q: %s", table, s, cols)
			}
			if strings.Contains(body, s) {
				found++
			}
		}
		if found == 0 {
			t.Errorf("councilkit.%s: the body holds none of the personal data, so this test proves nothing", table)
		}
	}
}
