package webhooks_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/lgds/councilkit/webhooks"
)

// A back-office receiver written in Go: verify the raw body before parsing
// it, deduplicate by the webhook ID, and answer 2xx once the event is
// stored.
func ExampleVerify() {
	secret, _ := webhooks.ParseSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") // from the council's officer page
	seen := map[string]bool{}
	receiver := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "unreadable", http.StatusBadRequest)
			return
		}
		id, err := webhooks.Verify(r.Header, body, time.Now(), secret)
		if err != nil {
			http.Error(w, "not verified", http.StatusUnauthorized)
			return
		}
		if !seen[id] { // at least once: the same ID may come again
			seen[id] = true
			fmt.Println("stored", id, string(body))
		}
		w.WriteHeader(http.StatusNoContent)
	})

	// What councilkit's delivery does for each event and attempt.
	body := `{"type":"uk.gov.councilkit.payment.succeeded","id":"evt_1"}`
	req := httptest.NewRequest(http.MethodPost, "/councilkit", strings.NewReader(body))
	_ = webhooks.Sign(req.Header, "evt_1", time.Now(), []byte(body), secret)
	for range 2 { // a retry after a lost answer
		rec := httptest.NewRecorder()
		req.Body = io.NopCloser(strings.NewReader(body))
		receiver.ServeHTTP(rec, req)
		fmt.Println(rec.Code)
	}
	// Output:
	// stored evt_1 {"type":"uk.gov.councilkit.payment.succeeded","id":"evt_1"}
	// 204
	// 204
}
