package govukpay_test

import (
	"context"
	"errors"
	"log"
	"os"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/govukpay"
)

// Taking a payment through GOV.UK Pay. The example is compiled but not run,
// since it needs a GOV.UK Pay API key.
func Example() {
	client, err := govukpay.New(os.Getenv("GOVUK_PAY_API_KEY"))
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
		log.Print("GOV.UK Pay is busy: try again in a second")
	case errors.As(err, &ae):
		log.Printf("GOV.UK Pay refused the payment: %s %s", ae.Code, ae.Description)
	case err != nil:
		log.Fatal(err)
	default:
		log.Printf("send the resident to %s", p.NextURL)
	}
}
