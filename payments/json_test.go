package payments_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/lgds/councilkit/payments"
)

// A payment survives a JSON round trip, so stores may keep it as a
// document.
func TestPaymentJSONRoundTrip(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	r := request("json")
	r.Metadata = payments.Metadata{"ledger_code": payments.MetadataString("AB100"), "n": payments.MetadataInt(7), "ok": payments.MetadataBool(true)}
	p, err := f.svc.Start(ctx, durham, r)
	if err != nil {
		t.Fatal(err)
	}
	f.sbx.PayWithCard(p.ProviderID, "4444333322221111")
	f.clock.Advance(time.Minute)
	p, _ = f.svc.Confirm(ctx, durham, p.ID)
	if _, err := f.svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pence(100), Key: "r1", Reason: "Paid twice"}); err != nil {
		t.Fatal(err)
	}
	p, _ = f.svc.Get(ctx, durham, p.ID)
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var back payments.Payment
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if !reflect.DeepEqual(normalise(p), normalise(&back)) {
		t.Errorf("round trip changed the payment:\n%+v\n%+v", p, &back)
	}
}

// normalise drops monotonic clock readings and locations, which JSON does
// not keep.
func normalise(p *payments.Payment) *payments.Payment {
	c := p.Clone()
	fix := func(t *time.Time) { *t = t.UTC().Round(0) }
	fix(&c.CreatedAt)
	fix(&c.UpdatedAt)
	fix(&c.CapturedAt)
	fix(&c.SettledAt)
	for i := range c.Events {
		fix(&c.Events[i].At)
	}
	for i := range c.Refunds {
		fix(&c.Refunds[i].CreatedAt)
		fix(&c.Refunds[i].UpdatedAt)
	}
	return c
}
