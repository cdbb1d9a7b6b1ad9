package sqlite

import (
	"testing"

	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
)

// TestPaymentStoreConformance runs the payments package's conformance suite
// against SQLite, each subtest in a file of its own.
func TestPaymentStoreConformance(t *testing.T) {
	t.Parallel()
	paymentstest.RunStoreTests(t, func(t *testing.T) payments.Store {
		return openMigrated(t).Payments()
	})
}
