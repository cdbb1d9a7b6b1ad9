package payments_test

import (
	"testing"

	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
)

func TestMemStore(t *testing.T) {
	paymentstest.RunStoreTests(t, func(*testing.T) payments.Store { return payments.NewMemStore() })
}

func TestZeroMemStore(t *testing.T) {
	paymentstest.RunStoreTests(t, func(*testing.T) payments.Store { return new(payments.MemStore) })
}
