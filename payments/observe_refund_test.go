package payments

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
)

// Payment.ObserveRefund is the one place a refund the payment does not know
// is added; it adds one only to a payment that succeeded, whoever calls it.
func TestObserveRefundOnlyOnPaidPayment(t *testing.T) {
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	for _, st := range AllStatuses() {
		p := &Payment{ID: uuid.NewString(), Amount: Pence(4500), Status: st, CreatedAt: t0, UpdatedAt: t0}
		before := p.Clone()
		changed, err := p.ObserveRefund(Refund{ProviderID: "ext1", Amount: Pence(100), Status: RefundSuccess}, "webhook", t0.Add(time.Hour))
		if st == StatusSuccess {
			if err != nil || !changed || len(p.Refunds) != 1 {
				t.Errorf("%v: %v, %v", st, changed, err)
			}
			continue
		}
		var se *StateError
		if !errors.As(err, &se) || se.Code != CodeNotPaid || !errors.Is(err, ErrNotPaid) || changed || !reflect.DeepEqual(p, before) {
			t.Errorf("%v: changed %v, err %v, payment %+v", st, changed, err, p)
		}
	}
}
