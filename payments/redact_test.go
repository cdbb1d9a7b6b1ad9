package payments_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/lgds/councilkit/payments"
)

// Issue 15 item 9: the webhook signing secret lives only inside the
// handler WebhookHandler returns; printing or logging that handler, with
// any verb, never shows it.
func TestWebhookHandlerNeverPrintsSecret(t *testing.T) {
	f := newFixture()
	const s = "whsec_Sup3rS3cretSigningKey"
	h := webhookHandler(t, f.svc, durham, []byte(s), payments.WebhookConfig{})
	type holder struct {
		Name    string
		Handler any
	}
	var buf bytes.Buffer
	for _, v := range []any{h, holder{"durham", h}, &holder{"durham", h}, f.svc} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%q"} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, s) || strings.Contains(out, fmt.Sprintf("%x", s)) {
				t.Errorf("%T with %s shows the secret: %s", v, verb, out)
			}
		}
		slog.New(slog.NewTextHandler(&buf, nil)).Info("handler", "h", v)
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("handler", "h", v)
	}
	if strings.Contains(buf.String(), s) {
		t.Errorf("log shows the secret:\n%s", buf.String())
	}
}
