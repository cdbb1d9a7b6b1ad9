package sqlite

import (
	"testing"

	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

// TestPlanningStoreConformance runs the planning package's conformance
// suite against SQLite, each subtest in a file of its own.
func TestPlanningStoreConformance(t *testing.T) {
	t.Parallel()
	planningtest.RunStoreTests(t, func(t *testing.T) planning.Store {
		return openMigrated(t).Planning()
	})
}
