package sqlite

import (
	"testing"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
)

// TestAdmissionsStoreConformance runs the admissions package's conformance
// suite against SQLite, each subtest in a file of its own.
func TestAdmissionsStoreConformance(t *testing.T) {
	t.Parallel()
	admissionstest.RunStoreTests(t, func(t *testing.T) admissions.Store {
		return openMigrated(t).Admissions()
	})
}
