package payments_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestSettlementCSV(t *testing.T) {
	ctx := context.Background()
	store := payments.NewMemStore()
	london := calendar.London()
	day := calendar.MustDate(2026, time.June, 30)
	add := func(fund string, pence int64, captured time.Time, status payments.Status, refunds ...payments.Refund) {
		p := paymentstest.NewPayment(durham, captured.Add(-time.Minute))
		p.FundCode, p.Amount, p.Status, p.CapturedAt, p.Refunds = fund, payments.Pence(pence), status, captured, refunds
		if err := store.Create(ctx, durham, p); err != nil {
			t.Fatal(err)
		}
	}
	on := time.Date(2026, 6, 30, 10, 0, 0, 0, london)
	add("CT01", 14500, on, payments.StatusSuccess)
	add("CT01", 99, on, payments.StatusSuccess)
	add("PCN", 3500, on, payments.StatusSuccess)
	// 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): not counted.
	add("CT01", 100000, time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC), payments.StatusSuccess)
	// 23:30 on 29 June UTC is 00:30 on 30 June in London: counted.
	add("GW", 4500, time.Date(2026, 6, 29, 23, 30, 0, 0, time.UTC), payments.StatusSuccess)
	// Failed payments never count.
	add("CT01", 7000, on, payments.StatusFailed)
	// A payment from May refunded today: the refund counts today, the
	// payment does not; a submitted refund does not count at all.
	may := time.Date(2026, 5, 2, 12, 0, 0, 0, london)
	add("PCN", 7000, may, payments.StatusSuccess,
		payments.Refund{Amount: payments.Pence(7000), Status: payments.RefundSuccess, UpdatedAt: on},
	)
	add("GW", 4500, may, payments.StatusSuccess,
		payments.Refund{Amount: payments.Pence(1000), Status: payments.RefundSubmitted, UpdatedAt: on},
	)
	// Another council's money stays out.
	other := paymentstest.NewPayment(cardiff, on)
	other.Status, other.CapturedAt = payments.StatusSuccess, on
	if err := store.Create(ctx, cardiff, other); err != nil {
		t.Fatal(err)
	}

	rep, err := payments.BuildSettlement(ctx, store, durham, day)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rep.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "settlement.golden.csv")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("CSV =\n%s\nwant\n%s", buf.Bytes(), want)
	}
	tot := rep.Total()
	if tot.Gross != payments.Pence(14500+99+3500+4500) || tot.Refunded != payments.Pence(7000) || tot.Net != payments.Pence(14500+99+3500+4500-7000) {
		t.Errorf("total = %+v", tot)
	}
}
