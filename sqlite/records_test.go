package sqlite

import (
	"testing"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/admissions/fsm/fsmtest"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments/counciltax"
	"github.com/lgds/councilkit/payments/counciltax/counciltaxtest"
	"github.com/lgds/councilkit/webhooks"
	"github.com/lgds/councilkit/webhooks/webhookstest"
)

// TestAdmissionRoundStoreConformance runs the admissions package's round
// store suite against SQLite, each subtest in a file of its own.
func TestAdmissionRoundStoreConformance(t *testing.T) {
	t.Parallel()
	admissionstest.RunRoundStoreTests(t, func(t *testing.T) (admissions.RoundStore, events.Log) {
		s := openMigrated(t).AdmissionRounds()
		return s, s.EventLog()
	})
}

// TestFreeSchoolMealsStoreConformance runs the fsm package's store suite
// against SQLite, each subtest in a file of its own.
func TestFreeSchoolMealsStoreConformance(t *testing.T) {
	t.Parallel()
	fsmtest.RunStoreTests(t, func(t *testing.T) fsm.Store {
		return openMigrated(t).FreeSchoolMeals()
	})
}

// TestCouncilTaxStoreConformance runs the counciltax package's store suite
// against SQLite, each subtest in a file of its own.
func TestCouncilTaxStoreConformance(t *testing.T) {
	t.Parallel()
	counciltaxtest.RunStoreTests(t, func(t *testing.T) counciltax.Store {
		return openMigrated(t).CouncilTax()
	})
}

// TestWebhookStoreConformance runs the webhooks package's conformance
// suite against SQLite, each subtest in a file of its own.
func TestWebhookStoreConformance(t *testing.T) {
	t.Parallel()
	webhookstest.RunStoreTests(t, func(t *testing.T) webhooks.Store {
		return openMigrated(t).Webhooks(webhooks.Rules{})
	})
}
