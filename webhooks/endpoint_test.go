package webhooks_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/webhooks"
	"github.com/lgds/councilkit/webhooks/webhookstest"
)

func TestRotateAndRetire(t *testing.T) {
	e := webhookstest.NewEndpoint(lambeth, "ep1")
	if err := e.Rotate(webhooks.Secret{}); !errors.Is(err, webhooks.ErrInvalidSecret) {
		t.Errorf("rotate to zero: %v", err)
	}
	if err := e.Rotate(secretNew); err != nil || len(e.Secrets) != 2 {
		t.Fatalf("rotate: %v, %d secrets", err, len(e.Secrets))
	}
	third, _ := webhooks.NewSecret()
	if err := e.Rotate(third); !errors.Is(err, webhooks.ErrInvalidSecret) || len(e.Secrets) != 2 {
		t.Errorf("third secret: %v", err)
	}
	e.Retire()
	if len(e.Secrets) != 1 || e.Secrets[0].Encode() != secretNew.Encode() {
		t.Errorf("after Retire: %d secrets", len(e.Secrets))
	}
	e.Retire() // nothing to retire
	if len(e.Secrets) != 1 {
		t.Error("Retire of a single secret removed it")
	}
}

func TestDeliveryState(t *testing.T) {
	for s, name := range map[webhooks.DeliveryState]string{webhooks.Pending: "pending", webhooks.Delivered: "delivered", webhooks.Dead: "dead"} {
		b, err := s.MarshalText()
		if err != nil || string(b) != name || s.String() != name {
			t.Errorf("%d: %q %v", s, b, err)
		}
		var back webhooks.DeliveryState
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("%s: read back %v %v", name, back, err)
		}
		v, err := s.Value()
		if err != nil || v != name {
			t.Errorf("%s: Value %v %v", name, v, err)
		}
		var scanned webhooks.DeliveryState
		if err := scanned.Scan([]byte(name)); err != nil || scanned != s {
			t.Errorf("%s: Scan %v %v", name, scanned, err)
		}
	}
	if _, err := webhooks.DeliveryState(3).MarshalText(); err == nil {
		t.Error("DeliveryState(3) marshalled")
	}
	if webhooks.DeliveryState(3).String() != "DeliveryState(3)" {
		t.Error(webhooks.DeliveryState(3).String())
	}
	var s webhooks.DeliveryState
	if err := s.UnmarshalText([]byte("failed")); err == nil {
		t.Error(`"failed" read`)
	}
	if err := s.Scan(nil); err == nil {
		t.Error("NULL scanned")
	}
	if _, err := webhooks.DeliveryState(-1).Value(); err == nil {
		t.Error("DeliveryState(-1) stored")
	}
}

// Record keeps the first attempt and the latest ones.
func TestDeliveryRecordKeepsFirstAndLatest(t *testing.T) {
	var d webhooks.Delivery
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	for i := range webhooks.MaxAttemptsKept + 10 {
		d.Record(webhooks.Attempt{At: t0.Add(time.Duration(i) * time.Minute), Status: 500 + i})
	}
	if len(d.Attempts) != webhooks.MaxAttemptsKept || d.Attempts[0].Status != 500 ||
		d.Attempts[len(d.Attempts)-1].Status != 500+webhooks.MaxAttemptsKept+9 || d.Attempts[1].Status != 511 {
		t.Errorf("%d attempts: first %d, second %d, last %d", len(d.Attempts), d.Attempts[0].Status, d.Attempts[1].Status, d.Attempts[len(d.Attempts)-1].Status)
	}
	if !d.FirstAttempt.Equal(t0) || !d.LastAttempt.Equal(t0.Add(time.Duration(webhooks.MaxAttemptsKept+9)*time.Minute)) {
		t.Errorf("first %v last %v", d.FirstAttempt, d.LastAttempt)
	}
}

// FuzzEndpointURL: whatever the URL, Check never panics; a URL it accepts
// is an absolute https URL (or http to a loopback host, when allowed)
// without credentials or fragment; a refusal's messages never repeat the
// URL.
func FuzzEndpointURL(f *testing.F) {
	for _, s := range []string{"https://ledger.example.gov.uk/hooks", "http://127.0.0.1:8080/x", "http://localhost/",
		"https://u:p@h/", "https://h/#f", "javascript:alert(1)", "https://[::1", "//h/x", "https://h:0/", "HTTPS://H/"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, raw string, loopback bool) {
		e := webhookstest.NewEndpoint(lambeth, "ep")
		e.URL = raw
		err := webhooks.Rules{AllowLoopbackHTTP: loopback}.Check(lambeth, e)
		if err != nil {
			var ve *councilkit.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("not a ValidationError: %v", err)
			}
			for _, p := range ve.Problems {
				// (The example address in one message is not the URL's.)
				if len(raw) > 6 && !strings.Contains("https://example.org/webhooks", raw) && (strings.Contains(p.Message.English, raw) || strings.Contains(p.Message.Welsh, raw)) {
					t.Fatalf("message repeats the URL: %v", p)
				}
			}
			return
		}
		u, perr := url.Parse(raw)
		if perr != nil || u.User != nil || u.Fragment != "" || u.Host == "" || len(raw) > webhooks.MaxURLLength {
			t.Fatalf("accepted %q", raw)
		}
		switch strings.ToLower(u.Scheme) {
		case "https":
		case "http":
			if !loopback {
				t.Fatalf("accepted http %q under production rules", raw)
			}
		default:
			t.Fatalf("accepted scheme %q", u.Scheme)
		}
	})
}
