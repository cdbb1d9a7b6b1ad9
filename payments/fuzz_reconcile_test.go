package payments

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// FuzzPaymentResource decodes arbitrary payment resources: the new
// reconciliation fields never panic, and an accepted resource is
// consistent: no negative money, the total is the amount plus the
// surcharge, and card details are in the published form.
func FuzzPaymentResource(f *testing.F) {
	f.Add([]byte(`{"payment_id":"p","amount":14500,"state":{"status":"success"},"corporate_card_surcharge":250,"total_amount":14750,"fee":25,"net_amount":14725,"card_details":{"card_brand":"Visa","last_digits_card_number":"4242","first_digits_card_number":"424242","expiry_date":"04/29","cardholder_name":"A N Other"},"metadata":{"a":"b","n":1,"t":true},"settlement_summary":{"capture_submit_time":"2026-04-01T09:02:00.345Z"}}`))
	f.Add([]byte(`{"payment_id":"p","amount":1,"state":{"status":"created"}}`))
	f.Add([]byte(`{"payment_id":"p","amount":1,"state":{"status":"success"},"total_amount":-1,"card_details":{"expiry_date":"00/00"}}`))
	f.Add([]byte(`{"amount":9223372036854775807,"state":{"status":"success"},"corporate_card_surcharge":1}`))
	f.Add([]byte(`{"state":{"status":"failed","code":"P0010"},"card_details":null,"metadata":null,"fee":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var r PaymentResourceJSON
		if json.Unmarshal(body, &r) != nil {
			return
		}
		pp, err := r.ProviderPayment()
		if err != nil {
			if !errors.Is(err, ErrInvalidAmount) && !errors.Is(err, ErrInvalidCardDetails) && !errors.Is(err, ErrInvalidStatus) {
				t.Fatalf("error %v matches no sentinel", err)
			}
			var re *ResourceError
			if errors.As(err, &re) && (re.Message.English == "" || re.Message.Welsh == "" || re.Field == "") {
				t.Fatalf("resource error without field or text: %+v", re)
			}
			return
		}
		for _, a := range []Amount{pp.Amount, pp.TotalAmount, pp.CorporateCardSurcharge, pp.Fee, pp.NetAmount} {
			if a.IsNegative() {
				t.Fatalf("negative money accepted: %+v", pp)
			}
		}
		if want, err := pp.Amount.AddChecked(pp.CorporateCardSurcharge); err != nil || pp.TotalAmount != want {
			t.Fatalf("total %v is not %v + %v", pp.TotalAmount, pp.Amount, pp.CorporateCardSurcharge)
		}
		if err := pp.Card.Validate(); err != nil {
			t.Fatalf("invalid card accepted: %v", err)
		}
		if n := pp.Card.CardholderName; n != "" && len(n) > 3 {
			for _, s := range []string{pp.Card.String(), pp.Card.GoString(), fmt.Sprintf("%+v", pp)} {
				if strings.Contains(s, n) && !strings.Contains(pp.Card.Brand+pp.Card.LastDigits+pp.Reference+pp.ProviderID+pp.NextURL+fmt.Sprint(pp.Metadata), n) {
					t.Fatalf("cardholder name printed: %s", s)
				}
			}
		}
	})
}

// FuzzCardDetailsValidate: accepted digits and dates are exactly the
// published forms.
func FuzzCardDetailsValidate(f *testing.F) {
	for _, s := range [][3]string{{"4242", "424242", "04/29"}, {"", "", ""}, {"424", "4242424", "13/29"}, {"٤٢٤٢", "42424x", "4/29"}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, last, first, expiry string) {
		c := CardDetails{LastDigits: last, FirstDigits: first, ExpiryDate: expiry}
		err := c.Validate()
		ok := (last == "" || allDigits(last, 4)) && (first == "" || allDigits(first, 6)) && (expiry == "" || expiryForm(expiry))
		if (err == nil) != ok {
			t.Fatalf("Validate(%q, %q, %q) = %v", last, first, expiry, err)
		}
		if err != nil && !errors.Is(err, ErrInvalidCardDetails) {
			t.Fatalf("error %v is not ErrInvalidCardDetails", err)
		}
		if err == nil && expiry != "" {
			var m, y int
			if n, _ := fmt.Sscanf(expiry, "%02d/%02d", &m, &y); n != 2 || m < 1 || m > 12 {
				t.Fatalf("accepted expiry %q", expiry)
			}
		}
	})
}

// FuzzParseWebhookEvent: whatever the event type and resource state, an
// accepted payment message agrees with what its event type implies, and a
// refused one is a *WebhookError.
func FuzzParseWebhookEvent(f *testing.F) {
	for _, s := range [][3]string{
		{"card_payment_expired", "started", ""}, {"CARD_PAYMENT_FAILED", "failed", "P0030"}, {"card_payment_captured", "submitted", ""},
		{"card_payment_expired", "success", ""}, {"card_payment_settled", "failed", "P0010"}, {"card_payment_succeeded", "capturable", ""},
		{"", "created", ""}, {"card_payment_failed", "failed", "X"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, event, status, code string) {
		state := map[string]any{"status": status}
		if code != "" {
			state["code"] = code
		}
		body, _ := json.Marshal(map[string]any{
			"webhook_message_id": "m", "resource_id": "p", "resource_type": "payment", "event_type": event,
			"resource": map[string]any{"payment_id": "p", "amount": 100, "state": state},
		})
		m, err := ParseWebhook(body)
		if err != nil {
			var we *WebhookError
			if !errors.As(err, &we) || !errors.Is(err, ErrWebhookMalformed) || we.Message.Welsh == "" {
				t.Fatalf("error %v is not a *WebhookError", err)
			}
			return
		}
		st, fc, ok := m.EventType.Implies()
		if !ok {
			return
		}
		if m.Payment.Status != st {
			t.Fatalf("event %s accepted with status %v", event, m.Payment.Status)
		}
		if st == StatusFailed && m.Payment.FailureCode == "" {
			t.Fatalf("event %s accepted without a failure code", event)
		}
		if st == StatusFailed && !strings.EqualFold(status, "failed") && m.Payment.FailureCode != fc {
			t.Fatalf("event %s over %s gave code %s, want %s", event, status, m.Payment.FailureCode, fc)
		}
	})
}
