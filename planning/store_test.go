package planning_test

import (
	"testing"

	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

func TestMemStore(t *testing.T) {
	planningtest.RunStoreTests(t, func(t *testing.T) planning.Store {
		return planning.NewMemStore()
	})
	// The zero value works too.
	planningtest.RunStoreTests(t, func(t *testing.T) planning.Store {
		return new(planning.MemStore)
	})
}
