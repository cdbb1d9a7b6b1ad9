package govukpay

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// Issue 15 item 9: printing or logging a client must never show its API key.
// Every verb fmt offers for a struct is tried, on the value and on the
// pointer, alone and inside another struct, and through both slog handlers.
func TestClientNeverPrintsAPIKey(t *testing.T) {
	const key = "api_live_s3cr3tK3yThatMovesMoney0123456789"
	c, err := New(key, Config{BaseURL: "https://pay.example"})
	if err != nil {
		t.Fatal(err)
	}
	type holder struct {
		Name   string
		Client *Client
		Value  Client
	}
	subjects := map[string]any{
		"pointer": c,
		"value":   *c,
		"holder":  holder{Name: "durham", Client: c, Value: *c},
		"slice":   []*Client{c},
	}
	for name, v := range subjects {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%T %v"} {
			out := fmt.Sprintf(verb, v)
			if strings.Contains(out, key) || strings.Contains(out, fmt.Sprintf("%x", key)) {
				t.Errorf("%s printed with %s shows the key: %s", name, verb, out)
			}
		}
	}
	if s := fmt.Sprint(c); !strings.Contains(s, "pay.example") || !strings.Contains(s, redacted) {
		t.Errorf("String() = %s, want the base URL and %s", s, redacted)
	}
	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&buf, nil), slog.NewJSONHandler(&buf, nil)} {
		l := slog.New(h)
		l.Info("client", "client", c, "value", *c)
		l.Info("client", slog.Any("client", c))
	}
	if strings.Contains(buf.String(), key) {
		t.Errorf("log shows the key:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), redacted) {
		t.Errorf("log does not show the redacted key:\n%s", buf.String())
	}
}
