package sandbox_test

import (
	"testing"

	"github.com/lgds/councilkit/payments/sandbox"
	"github.com/lgds/councilkit/payments/sandbox/sandboxtest"
)

func TestMemStore(t *testing.T) {
	sandboxtest.RunStoreTests(t, func(t *testing.T) sandbox.Store { return sandbox.NewMemStore() })
}

// The zero MemStore is ready to use.
func TestZeroMemStore(t *testing.T) {
	sandboxtest.RunStoreTests(t, func(t *testing.T) sandbox.Store { return new(sandbox.MemStore) })
}
