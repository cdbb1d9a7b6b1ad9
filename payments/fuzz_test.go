package payments

import (
	"errors"
	"testing"
)

func FuzzParseWebhook(f *testing.F) {
	f.Add([]byte(`{"webhook_message_id":"m1","resource_id":"p1","resource_type":"PAYMENT","event_type":"card_payment_succeeded","resource":{"payment_id":"p1","amount":4500,"state":{"status":"success","finished":true}}}`))
	f.Add([]byte(`{"webhook_message_id":"m2","resource_id":"r1","resource_type":"refund","resource":{"refund_id":"r1","payment_id":"p1","amount":500,"status":"success"}}`))
	f.Add([]byte(`{"id":"m3","resource_id":"p","resource_type":"payment","resource":{"state":{"status":"failed","code":"P0010"}}}`))
	f.Add([]byte(`{"resource":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := ParseWebhook(body)
		if err != nil {
			if !errors.Is(err, ErrWebhookMalformed) {
				t.Fatalf("error %v is not ErrWebhookMalformed", err)
			}
			return
		}
		if m.ID == "" || m.ResourceID == "" || (m.Payment == nil) == (m.Refund == nil) {
			t.Fatalf("accepted an incomplete message: %+v", m)
		}
		if m.Payment != nil && (!m.Payment.Status.IsValid() || m.Payment.ProviderID != m.ResourceID) {
			t.Fatalf("payment resource inconsistent: %+v", m.Payment)
		}
		if m.Refund != nil && (m.RefundPaymentID == "" || m.Refund.Status == RefundUnknown) {
			t.Fatalf("refund resource inconsistent: %+v", m.Refund)
		}
	})
}

func FuzzParseIdempotencyKey(f *testing.F) {
	for _, s := range []string{"0b6e3b7f-5f7e-4f6c-9b7a-2f7e0e1f8a11", "", "a b", "ä"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseIdempotencyKey(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidIdempotencyKey) {
				t.Fatal(err)
			}
			return
		}
		if string(k) != s || len(s) == 0 || len(s) > MaxIdempotencyKeyLen {
			t.Fatalf("accepted %q", s)
		}
	})
}

func FuzzParseStatus(f *testing.F) {
	for _, s := range []string{"success", "CREATED", "", "paid"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, err := ParseStatus(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidStatus) || st.IsValid() {
				t.Fatal(err)
			}
			return
		}
		if back, err := ParseStatus(st.String()); err != nil || back != st {
			t.Fatalf("round trip of %q", s)
		}
	})
}
