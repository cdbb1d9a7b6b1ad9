package webhooks_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit/webhooks"
)

// The Standard Webhooks specification's test vector (standard-webhooks
// repository, reference libraries' tests): secret, ID, timestamp, payload
// and the signature every implementation must produce.
const (
	vectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	vectorID     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	vectorTS     = 1614265330
	vectorBody   = `{"test": 2432232314}`
	vectorSig    = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func mustSecret(t *testing.T, s string) webhooks.Secret {
	t.Helper()
	sec, err := webhooks.ParseSecret(s)
	if err != nil {
		t.Fatal(err)
	}
	return sec
}

func TestSpecVector(t *testing.T) {
	sec := mustSecret(t, vectorSecret)
	h := http.Header{}
	if err := webhooks.Sign(h, vectorID, time.Unix(vectorTS, 0), []byte(vectorBody), sec); err != nil {
		t.Fatal(err)
	}
	if got := h.Get(webhooks.HeaderSignature); got != vectorSig {
		t.Errorf("signature %s, want %s", got, vectorSig)
	}
	if h.Get(webhooks.HeaderID) != vectorID || h.Get(webhooks.HeaderTimestamp) != "1614265330" {
		t.Errorf("headers %v", h)
	}
	id, err := webhooks.Verify(h, []byte(vectorBody), time.Unix(vectorTS+60, 0), sec)
	if err != nil || id != vectorID {
		t.Errorf("Verify = %q, %v", id, err)
	}
	// The prefix is optional when parsing.
	if _, err := webhooks.Verify(h, []byte(vectorBody), time.Unix(vectorTS, 0), mustSecret(t, strings.TrimPrefix(vectorSecret, "whsec_"))); err != nil {
		t.Error(err)
	}
}

func TestVerifyRefuses(t *testing.T) {
	sec := mustSecret(t, vectorSecret)
	other, _ := webhooks.NewSecret()
	at := time.Unix(vectorTS, 0)
	signed := func() http.Header {
		h := http.Header{}
		_ = webhooks.Sign(h, vectorID, at, []byte(vectorBody), sec)
		return h
	}
	cases := []struct {
		name    string
		h       func() http.Header
		body    string
		now     time.Time
		secrets []webhooks.Secret
		want    error
	}{
		{"tampered body", signed, `{"test": 2432232315}`, at, []webhooks.Secret{sec}, webhooks.ErrSignature},
		{"wrong secret", signed, vectorBody, at, []webhooks.Secret{other}, webhooks.ErrSignature},
		{"five minutes and a second old", signed, vectorBody, at.Add(5*time.Minute + time.Second), []webhooks.Secret{sec}, webhooks.ErrTimestamp},
		{"from the future", signed, vectorBody, at.Add(-5*time.Minute - time.Second), []webhooks.Secret{sec}, webhooks.ErrTimestamp},
		{"changed ID", func() http.Header { h := signed(); h.Set(webhooks.HeaderID, "msg_other"); return h }, vectorBody, at, []webhooks.Secret{sec}, webhooks.ErrSignature},
		{"changed timestamp", func() http.Header { h := signed(); h.Set(webhooks.HeaderTimestamp, "1614265331"); return h }, vectorBody, at, []webhooks.Secret{sec}, webhooks.ErrSignature},
		{"timestamp not a number", func() http.Header { h := signed(); h.Set(webhooks.HeaderTimestamp, "1614265330.5"); return h }, vectorBody, at, []webhooks.Secret{sec}, webhooks.ErrTimestamp},
		{"no signature header", func() http.Header { h := signed(); h.Del(webhooks.HeaderSignature); return h }, vectorBody, at, []webhooks.Secret{sec}, webhooks.ErrMissingHeader},
		{"no ID header", func() http.Header { h := signed(); h.Del(webhooks.HeaderID); return h }, vectorBody, at, []webhooks.Secret{sec}, webhooks.ErrMissingHeader},
		{"other scheme only", func() http.Header {
			h := signed()
			h.Set(webhooks.HeaderSignature, strings.Replace(h.Get(webhooks.HeaderSignature), "v1,", "v1a,", 1))
			return h
		}, vectorBody, at, []webhooks.Secret{sec}, webhooks.ErrSignature},
		{"no secret", signed, vectorBody, at, nil, webhooks.ErrInvalidSecret},
	}
	for _, c := range cases {
		_, err := webhooks.Verify(c.h(), []byte(c.body), c.now, c.secrets...)
		if !errors.Is(err, webhooks.ErrVerification) || !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	// Exactly five minutes is inside the window.
	if _, err := webhooks.Verify(signed(), []byte(vectorBody), at.Add(5*time.Minute), sec); err != nil {
		t.Errorf("at the tolerance: %v", err)
	}
}

// During a rotation the sender signs with both secrets; a receiver with
// either, or with both, accepts.
func TestRotation(t *testing.T) {
	old := mustSecret(t, vectorSecret)
	next, _ := webhooks.NewSecret()
	at := time.Unix(vectorTS, 0)
	h := http.Header{}
	if err := webhooks.Sign(h, "evt_1", at, []byte("{}"), old, next); err != nil {
		t.Fatal(err)
	}
	if n := len(strings.Fields(h.Get(webhooks.HeaderSignature))); n != 2 {
		t.Fatalf("%d signatures", n)
	}
	for _, receiver := range [][]webhooks.Secret{{old}, {next}, {next, old}} {
		if _, err := webhooks.Verify(h, []byte("{}"), at, receiver...); err != nil {
			t.Errorf("receiver %v: %v", receiver, err)
		}
	}
}

func TestParseSecret(t *testing.T) {
	for _, s := range []string{
		"", "whsec_", "whsec_not base64!",
		"whsec_" + strings.Repeat("A", 30) + "==", // 23 bytes
		"whsec_" + strings.Repeat("AAAA", 22),     // 66 bytes
	} {
		if _, err := webhooks.ParseSecret(s); !errors.Is(err, webhooks.ErrInvalidSecret) {
			t.Errorf("ParseSecret(%q) = %v", s, err)
		}
	}
	s, err := webhooks.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	back, err := webhooks.ParseSecret(s.Encode())
	if err != nil || back.Encode() != s.Encode() {
		t.Errorf("round trip: %v", err)
	}
	if err := webhooks.Sign(http.Header{}, "a b", time.Now(), nil, s); err == nil {
		t.Error("an ID with a space was signed")
	}
	if err := webhooks.Sign(http.Header{}, "id", time.Now(), nil); !errors.Is(err, webhooks.ErrInvalidSecret) {
		t.Errorf("no secret: %v", err)
	}
}

func TestSecretNeverPrints(t *testing.T) {
	s := mustSecret(t, vectorSecret)
	key := strings.TrimPrefix(vectorSecret, "whsec_")
	for _, v := range []any{s, &s, struct{ S webhooks.Secret }{s}, []webhooks.Secret{s}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, key) || strings.Contains(out, "MfKQ") {
				t.Errorf("%s of %T: %s", verb, v, out)
			}
		}
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "secret", s)
	if strings.Contains(buf.String(), "MfKQ") {
		t.Errorf("slog: %s", buf.String())
	}
}

func FuzzVerify(f *testing.F) {
	f.Add(vectorID, "1614265330", vectorSig, vectorBody)
	f.Add("", "", "", "")
	f.Add("x", "-1", "v1, v1,,", "{}")
	sec, _ := webhooks.ParseSecret(vectorSecret)
	f.Fuzz(func(t *testing.T, id, ts, sig, body string) {
		h := http.Header{}
		h.Set(webhooks.HeaderID, id)
		h.Set(webhooks.HeaderTimestamp, ts)
		h.Set(webhooks.HeaderSignature, sig)
		_, err := webhooks.Verify(h, []byte(body), time.Unix(vectorTS, 0), sec)
		if err == nil && (id != vectorID || body != vectorBody) {
			// Only the real delivery verifies (HMAC-SHA256 collisions aside).
			t.Fatalf("forged delivery verified: %q %q %q %q", id, ts, sig, body)
		}
	})
}

func FuzzParseSecret(f *testing.F) {
	f.Add(vectorSecret)
	f.Add("whsec_")
	f.Fuzz(func(t *testing.T, s string) {
		sec, err := webhooks.ParseSecret(s)
		if err != nil {
			if strings.Contains(err.Error(), s) && len(s) > 8 {
				t.Fatalf("error repeats the input")
			}
			return
		}
		again, err := webhooks.ParseSecret(sec.Encode())
		if err != nil || again.Encode() != sec.Encode() {
			t.Fatalf("round trip of %q: %v", s, err)
		}
	})
}
