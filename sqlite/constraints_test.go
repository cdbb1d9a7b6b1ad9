package sqlite

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
)

// TestRefundConstraint: even an Update whose fn ignores the refund rules
// cannot store refunds worth more than the payment: the table's CHECK
// refuses it, and it comes back as payments.ErrRefundExceedsAvailable.
func TestRefundConstraint(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMigrated(t).Payments()
	p := paymentstest.NewPayment(councilA, t0) // £45.00
	p.Status, p.CapturedAt = payments.StatusSuccess, t0
	if err := s.Create(ctx, p.Council, p); err != nil {
		t.Fatal(err)
	}
	refund := func(pence int64, st payments.RefundStatus) func(*payments.Payment) error {
		return func(p *payments.Payment) error {
			p.Refunds = append(p.Refunds, payments.Refund{ID: uuid.NewString(), Amount: payments.Pence(pence), Status: st, CreatedAt: t0, UpdatedAt: t0})
			return nil
		}
	}
	if _, err := payments.Modify(ctx, s, councilA, p.ID, refund(4000, payments.RefundSuccess)); err != nil {
		t.Fatal(err)
	}
	if _, err := payments.Modify(ctx, s, councilA, p.ID, refund(501, payments.RefundSubmitted)); !errors.Is(err, payments.ErrRefundExceedsAvailable) {
		t.Fatalf("refunding 1p more than paid: err = %v, want ErrRefundExceedsAvailable", err)
	} else if !strings.Contains(err.Error(), "payments_refunds_within_amount") {
		t.Errorf("refunding 1p more than paid: %v; want the table's CHECK to have refused it", err)
	}
	// A refund in error frees its money: this one does not count.
	if _, err := payments.Modify(ctx, s, councilA, p.ID, refund(4500, payments.RefundError)); err != nil {
		t.Fatalf("a failed refund must not count against the amount: %v", err)
	}
	got, err := payments.Modify(ctx, s, councilA, p.ID, refund(500, payments.RefundSubmitted))
	if err != nil {
		t.Fatalf("refunding exactly the rest: %v", err)
	}
	if got.Refunded() != p.Amount || len(got.Refunds) != 3 {
		t.Errorf("refunded %s in %d refunds, want %s in 3", got.Refunded(), len(got.Refunds), p.Amount)
	}
}

// TestRefundKeyUnique: one payment cannot have two refunds with the same
// idempotency key (ErrDuplicate, nothing stored); another payment may
// reuse it.
func TestRefundKeyUnique(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMigrated(t).Payments()
	var ps [2]*payments.Payment
	for i := range ps {
		ps[i] = paymentstest.NewPayment(councilA, t0)
		ps[i].Status, ps[i].CapturedAt = payments.StatusSuccess, t0
		if err := s.Create(ctx, councilA, ps[i]); err != nil {
			t.Fatal(err)
		}
	}
	key := payments.NewIdempotencyKey()
	refund := func(p *payments.Payment) error {
		p.Refunds = append(p.Refunds, payments.Refund{ID: uuid.NewString(), Amount: payments.Pence(100), Status: payments.RefundSubmitted,
			Key: key, CreatedAt: t0, UpdatedAt: t0})
		return nil
	}
	if _, err := payments.Modify(ctx, s, councilA, ps[0].ID, refund); err != nil {
		t.Fatal(err)
	}
	if _, err := payments.Modify(ctx, s, councilA, ps[0].ID, refund); !errors.Is(err, payments.ErrDuplicate) {
		t.Errorf("a second refund with the key: %v, want ErrDuplicate", err)
	}
	if _, err := payments.Modify(ctx, s, councilA, ps[1].ID, refund); err != nil {
		t.Errorf("the key on another payment: %v", err)
	}
	if got, err := s.Get(ctx, councilA, ps[0].ID); err != nil || len(got.Refunds) != 1 || got.Version != 2 {
		t.Errorf("after the refused refund: %+v, %v", got, err)
	}
}

// TestPaymentEventsAppendOnly: triggers refuse any statement that would
// rewrite or remove a payment's recorded history.
func TestPaymentEventsAppendOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	p := paymentstest.NewPayment(councilA, t0)
	if err := db.Payments().Create(ctx, councilA, p); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE payment_events SET detail = 'rewritten' WHERE council = ?1`,
		`DELETE FROM payment_events WHERE council = ?1`,
	} {
		err := db.write(ctx, councilA, func(t *tx) error { _, err := t.exec(q); return err })
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused as append-only", q, err)
		}
	}
	if got, err := db.Payments().Get(ctx, councilA, p.ID); err != nil || len(got.Events) != 1 || got.Events[0].Detail != "" {
		t.Errorf("history after the attempts: %+v, %v", got, err)
	}
}

// TestMigrationChangedAfterApplied: Migrate refuses to run over a file
// whose record of an applied migration does not match this build's text
// of it.
func TestMigrationChangedAfterApplied(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	if _, err := db.w.ExecContext(ctx, `UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1`); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err == nil || !strings.Contains(err.Error(), "changed after it was applied") {
		t.Errorf("Migrate: %v, want a changed-migration error", err)
	}
}
