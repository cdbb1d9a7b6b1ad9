package govukpay

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
)

// The Service runs unchanged on the GOV.UK Pay client.
func TestServiceOverClient(t *testing.T) {
	ctx := context.Background()
	f, c := newFakePay(t)
	clock := councilkit.NewFixedClock(time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC))
	svc := payments.NewService(payments.NewMemStore(), c, clock)
	durham := councilkit.MustParseCouncil("E06000047")
	p, err := svc.Start(ctx, durham, payments.StartRequest{
		Amount: payments.Pence(14500), Reference: "12345", Description: "Pay your council tax",
		ReturnURL: "https://your.service.gov.uk/completed", FundCode: "CT01", IdempotencyKey: "ct-12345-1",
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.Provider != "govukpay" || p.NextURL == "" {
		t.Fatalf("started %+v", p)
	}
	f.mu.Lock()
	f.payments[p.ProviderID].status = "success"
	f.mu.Unlock()
	if p, err = svc.Confirm(ctx, durham, p.ID); err != nil || p.Status != payments.StatusSuccess {
		t.Fatalf("Confirm = %v, %v", p, err)
	}
	r, err := svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pence(4500), Key: "ct-12345-refund-1", Reason: "Paid twice"})
	if err != nil || r.Status != payments.RefundSubmitted || r.ProviderID == "" {
		t.Fatalf("Refund = %+v, %v", r, err)
	}
	// A refund made meanwhile in the GOV.UK Pay admin tool: our figure of
	// the amount available is stale, GOV.UK Pay answers P0604, and the
	// reservation is released.
	f.mu.Lock()
	f.payments[p.ProviderID].refunded += 5000
	f.mu.Unlock()
	if _, err := svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pence(1000), Key: "ct-12345-refund-2", Reason: "Paid twice"}); !errors.Is(err, payments.ErrRefundAvailableMismatch) {
		t.Fatalf("stale refund: %v", err)
	}
	p, _ = svc.Get(ctx, durham, p.ID)
	if p.Refunded() != payments.Pence(4500) {
		t.Errorf("refunded %v, want only the first refund", p.Refunded())
	}
}

func TestConfirmRefund(t *testing.T) {
	ctx := context.Background()
	f, c := newFakePay(t)
	svc := payments.NewService(payments.NewMemStore(), c, nil)
	durham := councilkit.MustParseCouncil("E06000047")
	p, err := svc.Start(ctx, durham, payments.StartRequest{
		Amount: payments.Pence(2000), Reference: "PCN123", Description: "Parking penalty",
		ReturnURL: "https://x.gov.uk/done", FundCode: "PCN", IdempotencyKey: "pcn-123",
	})
	if err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	f.payments[p.ProviderID].status = "success"
	f.mu.Unlock()
	svc.Confirm(ctx, durham, p.ID)
	r, err := svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pence(2000), Key: "pcn-123-refund", Reason: "Paid twice"})
	if err != nil || r.Status != payments.RefundSubmitted {
		t.Fatalf("refund %+v %v", r, err)
	}
	f.mu.Lock()
	f.refundStatus = "success"
	f.mu.Unlock()
	r, err = svc.ConfirmRefund(ctx, durham, p.ID, r.ID)
	if err != nil || r.Status != payments.RefundSuccess {
		t.Errorf("ConfirmRefund = %+v, %v", r, err)
	}
	if f.calls["GET /v1/payments/"+p.ProviderID+"/refunds/"+r.ProviderID] != 1 {
		t.Errorf("calls %v", f.calls)
	}
}
