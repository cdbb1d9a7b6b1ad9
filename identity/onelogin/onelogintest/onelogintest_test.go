package onelogintest_test

import (
	"testing"

	"github.com/lgds/councilkit/identity/onelogin"
	"github.com/lgds/councilkit/identity/onelogin/onelogintest"
)

func TestMemoryReplayStore(t *testing.T) {
	onelogintest.RunReplayStoreTests(t, func(*testing.T) onelogin.ReplayStore {
		return onelogin.NewMemoryReplayStore(0)
	})
}
