package notices_test

import (
	"testing"

	"github.com/lgds/councilkit/notify/notices"
	"github.com/lgds/councilkit/notify/notices/noticestest"
)

func TestMemLedger(t *testing.T) {
	noticestest.RunLedgerTests(t, func(t *testing.T) notices.Ledger { return new(notices.MemLedger) })
}
