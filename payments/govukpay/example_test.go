package govukpay_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/govukpay"
)

// Taking a payment through GOV.UK Pay. In a real service the client is
// built with the API key alone, govukpay.New(os.Getenv("GOVUK_PAY_API_KEY"), govukpay.Config{}),
// and talks to https://publicapi.payments.service.gov.uk; here a small
// stand-in answers "Create a payment" so that the example runs.
func Example() {
	stub := httptest.NewServer(http.HandlerFunc(createdPayment))
	defer stub.Close()

	client, err := govukpay.New("api_test_example", govukpay.Config{BaseURL: stub.URL})
	if err != nil {
		log.Fatal(err)
	}
	svc := payments.NewService(payments.NewMemStore(), client, nil)
	durham := councilkit.MustParseCouncil("E06000047")

	p, err := svc.Start(context.Background(), durham, payments.StartRequest{
		Amount:         payments.MustParseAmount("145.00"),
		Reference:      "12345",
		Description:    "Pay your council tax",
		ReturnURL:      "https://your.service.gov.uk/completed",
		FundCode:       "CT01",
		IdempotencyKey: payments.NewIdempotencyKey(), // keep it if you retry
	})
	var ae *govukpay.APIError
	switch {
	case errors.Is(err, payments.ErrRateLimited):
		fmt.Println("GOV.UK Pay is busy: try again in a second")
	case errors.As(err, &ae):
		fmt.Printf("GOV.UK Pay refused the payment: %s %s\n", ae.Code, ae.Description)
	case err != nil:
		log.Fatal(err)
	default:
		fmt.Println(p.Status, p.Amount, p.ProviderID)
		fmt.Println("send the resident to", p.NextURL)
	}
	// Output:
	// created £145.00 hu20sqlact5260q2nanm0q8ujq
	// send the resident to https://www.payments.service.gov.uk/secure/hu20sqlact5260q2nanm0q8ujq
}

// createdPayment answers POST /v1/payments as GOV.UK Pay's API reference
// shows, with a payment in the created state.
func createdPayment(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	if r.Method != http.MethodPost || r.URL.Path != "/v1/payments" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_, _ = io.WriteString(w, `{
  "amount": 14500, "description": "Pay your council tax", "reference": "12345", "language": "en",
  "state": {"status": "created", "finished": false},
  "payment_id": "hu20sqlact5260q2nanm0q8ujq", "payment_provider": "sandbox",
  "created_date": "2026-04-01T09:00:00.000Z", "return_url": "https://your.service.gov.uk/completed",
  "delayed_capture": false, "moto": false,
  "refund_summary": {"status": "pending", "amount_available": 14500, "amount_submitted": 0},
  "settlement_summary": {},
  "_links": {
    "self": {"href": "https://publicapi.payments.service.gov.uk/v1/payments/hu20sqlact5260q2nanm0q8ujq", "method": "GET"},
    "next_url": {"href": "https://www.payments.service.gov.uk/secure/hu20sqlact5260q2nanm0q8ujq", "method": "GET"}
  }
}`)
}
