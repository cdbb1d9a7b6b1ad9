package planning_test

import (
	"testing"

	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

func TestMemStore(t *testing.T) {
	planningtest.RunStoreTests(t, func(t *testing.T) planning.ApplicationStore {
		return planning.NewMemStore()
	})
}
