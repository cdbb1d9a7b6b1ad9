package counciltax_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/counciltax"
	"github.com/lgds/councilkit/payments/counciltax/counciltaxtest"
)

// ChangeEvents records the issue on Create and one adjustment event for
// each adjustment an Update adds, each with the amounts before and after
// it.
func TestChangeEvents(t *testing.T) {
	c := counciltaxtest.CouncilA
	actor := events.Actor{Kind: events.ActorSystem}
	issued := counciltaxtest.NewBill(c, "b1")
	evs, err := counciltax.ChangeEvents(c, nil, issued, actor)
	if err != nil || len(evs) != 1 || evs[0].Type != events.CouncilTaxBillIssued || !evs[0].Time.Equal(counciltaxtest.IssuedAt) {
		t.Fatalf("issue: %+v, %v", evs, err)
	}
	moved := issued.Clone()
	moved.Address.Town = "Burbage"
	if evs, err := counciltax.ChangeEvents(c, issued, moved, actor); err != nil || len(evs) != 0 {
		t.Errorf("a change that is not an adjustment: %d events, %v", len(evs), err)
	}
	twice := issued.Clone()
	first := twice.Bill
	first.Payable = payments.Pence(100_000)
	twice.Adjust(&first, counciltaxtest.AdjustedAt, "a")
	second := twice.Bill
	second.Payable = payments.Pence(90_000)
	twice.Adjust(&second, counciltaxtest.AdjustedAt.Add(time.Hour), "b")
	evs, err = counciltax.ChangeEvents(c, issued, twice, actor)
	if err != nil || len(evs) != 2 {
		t.Fatalf("two adjustments: %d events, %v", len(evs), err)
	}
	for i, w := range []struct{ prev, now int64 }{{167119, 100_000}, {100_000, 90_000}} {
		_, data, err := events.Decode(mustMarshal(t, evs[i]))
		if err != nil {
			t.Fatal(err)
		}
		if d := data.(*events.CouncilTaxBill); d.PreviousPayablePence != w.prev || d.PayablePence != w.now || evs[i].Type != events.CouncilTaxBillAdjusted {
			t.Errorf("adjustment %d: %s %+v; want %d then %d", i, evs[i].Type.Short(), d, w.prev, w.now)
		}
	}
	if err := counciltax.CheckUpdate(issued, twice); err != nil {
		t.Errorf("CheckUpdate of two recorded adjustments: %v", err)
	}
	undated := issued.Clone()
	undated.IssuedAt = time.Time{}
	if _, err := counciltax.ChangeEvents(c, nil, undated, actor); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("an issue without IssuedAt: %v, want events.ErrInvalid", err)
	}
	bad := issued.Clone()
	bad.Adjust(&first, time.Time{}, "a")
	if _, err := counciltax.ChangeEvents(c, issued, bad, actor); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("an adjustment without a time: %v, want events.ErrInvalid", err)
	}
	// The last adjustment must be to the bill's amount.
	wrong := issued.Clone()
	wrong.Adjust(&first, counciltaxtest.AdjustedAt, "a")
	wrong.Bill.Payable = payments.Pence(1)
	if err := counciltax.CheckUpdate(issued, wrong); err == nil {
		t.Error("CheckUpdate of an amount the last adjustment does not record: no error")
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
