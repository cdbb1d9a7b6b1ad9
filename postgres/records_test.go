package postgres

import (
	"testing"

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
