package sandbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
)

// The sandbox reports the reconciliation fields as GOV.UK Pay does for an
// account without surcharges or fees: the total is the amount, the card's
// brand, first six and last four digits, the metadata as sent, and the
// capture time.
func TestSandboxReconciliationFields(t *testing.T) {
	ctx := context.Background()
	p := newSandbox(t, councilkit.NewFixedClock(time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)), "", sandbox.Config{})
	r := req("fields")
	r.Metadata = payments.Metadata{"ledger_code": payments.MetadataString("PK200")}
	a, _ := p.Create(ctx, r)
	if a.TotalAmount != r.Amount || !a.Card.IsZero() || a.Metadata["ledger_code"] != payments.MetadataString("PK200") {
		t.Errorf("created %+v", a)
	}
	p.PayWithCard(a.ProviderID, "5105 1051 0510 5100")
	got, _ := p.Get(ctx, a.ProviderID)
	want := payments.CardDetails{Brand: "Mastercard", FirstDigits: "510510", LastDigits: "5100"}
	if got.Card != want || got.CaptureSubmittedAt.IsZero() || got.TotalAmount != r.Amount || got.HasFee {
		t.Errorf("paid %+v", got)
	}
	if err := got.Card.Validate(); err != nil {
		t.Error(err)
	}
}
