package payments_test

import (
	"testing"

	"github.com/lgds/councilkit/payments"
)

// Every webhook GOV.UK Pay sends goes through ParseWebhook, now with the
// reconciliation fields and the event type's check.
func BenchmarkParseWebhook(b *testing.B) {
	body := []byte(`{"webhook_message_id":"m1","created_date":"2026-04-01T10:00:00.000Z","resource_id":"hu20sqlact5260q2nanm0q8u93","resource_type":"PAYMENT","event_type":"CARD_PAYMENT_CAPTURED","resource":` + fullResource + `}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := payments.ParseWebhook(body); err != nil {
			b.Fatal(err)
		}
	}
}
