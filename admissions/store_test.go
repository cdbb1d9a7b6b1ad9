package admissions_test

import (
	"testing"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
)

func TestMemStore(t *testing.T) {
	admissionstest.RunStoreTests(t, func(t *testing.T) admissions.ApplicationStore {
		return admissions.NewMemStore()
	})
	// The zero value works too.
	admissionstest.RunStoreTests(t, func(t *testing.T) admissions.ApplicationStore {
		return new(admissions.MemStore)
	})
}
