package payments_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit/payments"
)

// A payment resource as GOV.UK Pay's API reference, "Get information about
// a single payment", shows it, with a corporate card surcharge ("Add
// corporate card fees") and a Stripe fee ("PSP fees").
const fullResource = `{
  "payment_id": "hu20sqlact5260q2nanm0q8u93", "amount": 14500, "reference": "CT-2026-0042",
  "state": {"status": "success", "finished": true},
  "created_date": "2026-04-01T09:00:00.000Z",
  "corporate_card_surcharge": 250, "total_amount": 14750, "fee": 25, "net_amount": 14725,
  "card_details": {"card_brand": "Visa", "card_type": "credit", "cardholder_name": "Ms Rhiannon Jones",
    "expiry_date": "04/29", "first_digits_card_number": "424242", "last_digits_card_number": "4242",
    "wallet_type": "Apple Pay", "billing_address": {"line1": "1 Stryd Fawr", "postcode": "CF10 1AA"}},
  "metadata": {"ledger_code": "AB100", "council_tax_year": 2026, "paid_online": true},
  "settlement_summary": {"capture_submit_time": "2026-04-01T09:02:00.345Z", "captured_date": "2026-04-01"}
}`

func decodeResource(t *testing.T, body string) (payments.ProviderPayment, error) {
	t.Helper()
	var r payments.PaymentResourceJSON
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return payments.ProviderPayment{}, err
	}
	return r.ProviderPayment()
}

// Issue 14 item 6: the fields a council's finance team reconciles with are
// exposed, as money (never float64), a card struct, a metadata map and a
// time.
func TestProviderPaymentReconciliationFields(t *testing.T) {
	pp, err := decodeResource(t, fullResource)
	if err != nil {
		t.Fatal(err)
	}
	want := payments.CardDetails{Brand: "Visa", Type: "credit", CardholderName: "Ms Rhiannon Jones", ExpiryDate: "04/29", FirstDigits: "424242", LastDigits: "4242", WalletType: "Apple Pay"}
	if pp.TotalAmount != payments.Pence(14750) || pp.CorporateCardSurcharge != payments.Pence(250) || pp.Fee != payments.Pence(25) || pp.NetAmount != payments.Pence(14725) || !pp.HasFee {
		t.Errorf("money: total %v surcharge %v fee %v net %v", pp.TotalAmount, pp.CorporateCardSurcharge, pp.Fee, pp.NetAmount)
	}
	if pp.Card != want {
		t.Errorf("card %#v", pp.Card)
	}
	if len(pp.Metadata) != 3 || pp.Metadata["ledger_code"] != payments.MetadataString("AB100") || pp.Metadata["council_tax_year"] != payments.MetadataInt(2026) || pp.Metadata["paid_online"] != payments.MetadataBool(true) {
		t.Errorf("metadata %v", pp.Metadata)
	}
	if !pp.CaptureSubmittedAt.Equal(time.Date(2026, 4, 1, 9, 2, 0, 345e6, time.UTC)) {
		t.Errorf("capture submit time %v", pp.CaptureSubmittedAt)
	}
	if l := pp.Card.Label(); l.English != "Visa card ending 4242" || l.Welsh != "Cerdyn Visa yn gorffen 4242" {
		t.Errorf("label %+v", l)
	}

	// Without a surcharge GOV.UK Pay sends no total_amount: the resident
	// paid the amount. Without fee and net_amount (Worldpay, test keys,
	// before capture) HasFee is false.
	pp, err = decodeResource(t, `{"payment_id":"p","amount":14500,"state":{"status":"submitted"}}`)
	if err != nil || pp.TotalAmount != payments.Pence(14500) || pp.HasFee || !pp.Card.IsZero() || pp.Metadata != nil || !pp.CaptureSubmittedAt.IsZero() {
		t.Errorf("bare resource: %+v, %v", pp, err)
	}
}

// Values a provider never sends are refused with a *ResourceError naming
// the field, in English and Welsh, without repeating the value.
func TestProviderPaymentReconciliationRefused(t *testing.T) {
	tests := []struct {
		name, patch, field string
		sentinel           error
	}{
		{"negative fee", `"fee": -25`, "fee", payments.ErrInvalidAmount},
		{"negative net amount", `"net_amount": -1`, "net_amount", payments.ErrInvalidAmount},
		{"negative surcharge", `"corporate_card_surcharge": -250, "total_amount": 14250`, "corporate_card_surcharge", payments.ErrInvalidAmount},
		{"total not amount plus surcharge", `"total_amount": 14700`, "total_amount", payments.ErrInvalidAmount},
		{"surcharge overflows", `"corporate_card_surcharge": 9223372036854775807`, "corporate_card_surcharge", payments.ErrInvalidAmount},
		{"full card number as last digits", `"card_details": {"last_digits_card_number": "4242424242424242"}`, "card_details.last_digits_card_number", payments.ErrInvalidCardDetails},
		{"letters as first digits", `"card_details": {"first_digits_card_number": "42424x"}`, "card_details.first_digits_card_number", payments.ErrInvalidCardDetails},
		{"month 13", `"card_details": {"expiry_date": "13/29"}`, "card_details.expiry_date", payments.ErrInvalidCardDetails},
		{"expiry with a full year", `"card_details": {"expiry_date": "04/2029"}`, "card_details.expiry_date", payments.ErrInvalidCardDetails},
	}
	for _, tt := range tests {
		body := `{"payment_id":"p","amount":14500,"state":{"status":"success"},` + tt.patch + `}`
		_, err := decodeResource(t, body)
		var re *payments.ResourceError
		if !errors.As(err, &re) || re.Field != tt.field || !errors.Is(err, tt.sentinel) || re.Message.English == "" || re.Message.Welsh == "" {
			t.Errorf("%s: err = %v, want a *ResourceError for %s", tt.name, err, tt.field)
			continue
		}
		if strings.Contains(err.Error(), "4242424242424242") || strings.Contains(err.Error(), "42424x") {
			t.Errorf("%s: error repeats the value: %v", tt.name, err)
		}
		// In a webhook the same body is malformed, and still says why.
		hook := `{"webhook_message_id":"m","resource_id":"p","resource_type":"payment","event_type":"card_payment_captured","resource":` + body + `}`
		if _, err := payments.ParseWebhook([]byte(hook)); !errors.Is(err, payments.ErrWebhookMalformed) || !errors.Is(err, tt.sentinel) {
			t.Errorf("%s in a webhook: %v", tt.name, err)
		}
	}
	// Every problem is reported at once.
	_, err := decodeResource(t, `{"payment_id":"p","amount":1,"state":{"status":"success"},"fee":-1,"card_details":{"last_digits_card_number":"1","expiry_date":"x"}}`)
	for _, f := range []string{"fee", "last_digits_card_number", "expiry_date"} {
		if err == nil || !strings.Contains(err.Error(), f) {
			t.Errorf("joined error %v lacks %s", err, f)
		}
	}
}

// The cardholder's name is personal data: it never appears when card
// details, or a provider payment holding them, are printed or logged.
func TestCardholderNameNeverPrinted(t *testing.T) {
	pp, err := decodeResource(t, fullResource)
	if err != nil {
		t.Fatal(err)
	}
	const name = "Rhiannon"
	for _, v := range []any{pp.Card, &pp.Card, pp, &pp, []payments.CardDetails{pp.Card}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, name) {
				t.Errorf("%T with %s shows the name: %s", v, verb, out)
			}
		}
	}
	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&buf, nil), slog.NewJSONHandler(&buf, nil)} {
		slog.New(h).Info("paid", "card", pp.Card, "payment", pp)
	}
	if strings.Contains(buf.String(), name) || !strings.Contains(buf.String(), "4242") {
		t.Errorf("log:\n%s", buf.String())
	}
	if s := pp.Card.String(); s != "Visa ending 4242" {
		t.Errorf("String() = %q", s)
	}
}
