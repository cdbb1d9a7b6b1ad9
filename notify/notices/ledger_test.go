package notices_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/lgds/councilkit/notify/notices"
	"github.com/lgds/councilkit/notify/notices/noticestest"
)

func TestMemLedger(t *testing.T) {
	noticestest.RunLedgerTests(t, func(t *testing.T) notices.Ledger { return new(notices.MemLedger) })
}

// BenchmarkMemLedgerClaim: the claim made before every message is sent.
func BenchmarkMemLedgerClaim(b *testing.B) {
	ctx := context.Background()
	l := new(notices.MemLedger)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c := noticestest.Claim(noticestest.Cardiff, strconv.Itoa(i), notices.Email, noticestest.At)
		if _, ok, err := l.Claim(ctx, c, noticestest.At.Add(-time.Hour), false); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
