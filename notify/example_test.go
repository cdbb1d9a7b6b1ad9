package notify_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/notify"
	"github.com/lgds/councilkit/notify/notifyfake"
)

// A payment receipt by email, in the resident's language. In a service the
// client is made with the council's API key and no BaseURL; here the fake
// Notify stands in and records what was sent.
func ExampleClient_SendEmail() {
	fake := notifyfake.NewServer(notifyfake.Config{})
	defer fake.Close()

	client, err := notify.New(fake.APIKey(), notify.Config{BaseURL: fake.URL})
	if err != nil {
		log.Fatal(err)
	}
	receipt := notify.Template{
		English: "6c7e4f3e-1f1a-4d1e-9a3b-2f1e0c9d8b7a",
		Welsh:   "0b9d8c7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e",
	}
	sent, err := client.SendEmail(context.Background(), notify.Email{
		To:              "resident@example.com",
		TemplateID:      receipt.In(councilkit.Welsh),
		Personalisation: notify.Personalisation{"amount": "£45.00", "reference": "GW-2026-0042"},
		Reference:       "GW-2026-0042", // never personal data
	})
	var ve *councilkit.ValidationError
	switch {
	case errors.As(err, &ve):
		fmt.Println("not sent:", ve.Problems[0].Code)
	case errors.Is(err, notify.ErrDailyLimit):
		fmt.Println("Notify's daily limit is reached: send tomorrow")
	case err != nil:
		log.Fatal(err) // ErrUnavailable after retries: leave it to the job queue
	}
	m := fake.Sent()[0]
	fmt.Println(sent.ID == m.ID, m.Type, m.TemplateID == receipt.Welsh, m.Personalisation["amount"])
	// Output:
	// true email true £45.00
}
