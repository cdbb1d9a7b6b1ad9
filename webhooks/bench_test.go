package webhooks_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/webhooks"
)

// A typical event body: a payment event is about 600 bytes.
var benchBody = []byte(`{"specversion":"1.0","id":"6f1c1c2e-0b7a-4d55-9a3f-2f7a4d1e8b90","source":"/councils/E06000047/payment",` +
	`"type":"io.github.lgds.councilkit.payment.succeeded.v1","subject":"pay_123","time":"2026-04-01T09:30:00Z",` +
	`"datacontenttype":"application/json","dataschema":"https://github.com/lgds/councilkit/blob/main/events/schemas/payment.succeeded.v1.json",` +
	`"council":"E06000047","actor":{"kind":"provider","id":"govukpay"},"data":{"payment_id":"pay_123","reference":"GW-2026-0042",` +
	`"amount_pence":4500,"status":"success","fund_code":"GW100","provider":"govukpay","provider_id":"abc","failure_code":""}}`)

func BenchmarkSign(b *testing.B) {
	at := time.Unix(vectorTS, 0)
	h := http.Header{}
	b.ReportAllocs()
	for b.Loop() {
		_ = webhooks.Sign(h, vectorID, at, benchBody, secretOld, secretNew)
	}
}

func BenchmarkVerify(b *testing.B) {
	at := time.Unix(vectorTS, 0)
	h := http.Header{}
	_ = webhooks.Sign(h, vectorID, at, benchBody, secretOld, secretNew)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := webhooks.Verify(h, benchBody, at, secretNew); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHandleDelivered is the engine handing over an event every
// endpoint has already accepted (a duplicate): store lookups, no request.
func BenchmarkHandleDelivered(b *testing.B) {
	f := newFixture(b, webhooks.Config{})
	rc := newReceiver(b, f.clock, nil, secretOld)
	for range 3 {
		f.register(lambeth, rc.srv.URL, secretOld)
	}
	r := f.event(lambeth, events.PaymentSucceeded)
	ctx := context.Background()
	if err := f.sender.Handle(ctx, r); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := f.sender.Handle(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	if n := len(rc.requests()); n != 3 {
		b.Errorf("%d requests, want 3", n)
	}
}
