package govukpay

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestClientNeverPrintsAPIKey prints a Client with every usual verb, by
// value and by pointer, alone and inside a struct, and logs it with slog's
// text and JSON handlers: neither the API key nor credentials in the base
// URL may appear (issue 15, finding 9, applied to this package's client:
// an API key can take and refund payments).
func TestClientNeverPrintsBaseURLSecrets(t *testing.T) {
	const key = "api_test_s3cretkey0123456789"
	c, err := New(key, Config{BaseURL: "https://user-s3cret:pw-s3cret@publicapi.example/v1?token=q-s3cret#f-s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		fmt.Fprintf(&out, verb+"\n", c)
		fmt.Fprintf(&out, verb+"\n", *c)
		fmt.Fprintf(&out, verb+"\n", struct{ C *Client }{c})
		fmt.Fprintf(&out, verb+"\n", struct{ C Client }{*c})
	}
	for _, h := range []slog.Handler{slog.NewTextHandler(&out, nil), slog.NewJSONHandler(&out, nil)} {
		slog.New(h).Info("client", "ptr", c, "value", *c)
	}
	got := out.String()
	for _, s := range []string{key, "s3cret"} {
		if strings.Contains(got, s) {
			t.Errorf("printed or logged Client shows %q:\n%s", s, got)
		}
	}
	if !strings.Contains(got, "publicapi.example/v1") {
		t.Errorf("redacted output lost the host:\n%s", got)
	}
}
