package notify_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/notify"
	"github.com/lgds/councilkit/notify/notifyfake"
)

// The example key from GOV.UK Notify's REST API documentation
// (https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header).
const docKey = "my_test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"

const templateID = "f33517ff-2a88-4f6e-b855-c550268ce08a"

func TestParseAPIKey(t *testing.T) {
	k, err := notify.ParseAPIKey(docKey)
	if err != nil {
		t.Fatal(err)
	}
	if k.Name() != "my_test_key" || k.ServiceID() != "26785a09-ab16-4eb0-8407-a37497a57506" {
		t.Errorf("name %q service %q", k.Name(), k.ServiceID())
	}
	// A key name may contain hyphens: the UUIDs are read from the end.
	k, err = notify.ParseAPIKey("live-key-2026-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0")
	if err != nil || k.Name() != "live-key-2026" {
		t.Errorf("hyphenated name: %v %q", err, k.Name())
	}
	bad := []string{
		"",
		"3d844edf-8d35-48ac-975b-e847b4f122b0",
		"-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0",            // no name
		"my_test_key-26785a09-ab16-4eb0-8407-a37497a57506_3d844edf-8d35-48ac-975b-e847b4f122b0", // wrong separator
		"my_test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122bz", // not hex
		"my_test_key-26785a09ab164eb08407a37497a57506xxxx-3d844edf-8d35-48ac-975b-e847b4f122b0",
	}
	for _, s := range bad {
		_, err := notify.ParseAPIKey(s)
		if !errors.Is(err, notify.ErrInvalidAPIKey) {
			t.Errorf("ParseAPIKey(%q) = %v, want ErrInvalidAPIKey", s, err)
		}
		if err != nil && len(s) > 36 && strings.Contains(err.Error(), s[len(s)-36:]) {
			t.Errorf("error repeats the secret: %v", err)
		}
	}
}

func FuzzParseAPIKey(f *testing.F) {
	f.Add(docKey)
	f.Add("a-" + strings.Repeat("0", 36) + "-" + strings.Repeat("1", 36))
	f.Fuzz(func(t *testing.T, s string) {
		k, err := notify.ParseAPIKey(s)
		if err != nil {
			if k != (notify.APIKey{}) {
				t.Fatal("error with a non-zero key")
			}
			return
		}
		if k.IsZero() || k.Name() == "" || len(k.ServiceID()) != 36 {
			t.Fatalf("accepted %q as %v", s, k)
		}
	})
}

// No fmt verb or slog shows the API key's secret, on the key or the
// client.
func TestSecretsNeverPrint(t *testing.T) {
	const secret = "3d844edf-8d35-48ac-975b-e847b4f122b0"
	k, _ := notify.ParseAPIKey(docKey)
	c, err := notify.New(docKey, notify.Config{})
	if err != nil {
		t.Fatal(err)
	}
	type holder struct {
		Key    notify.APIKey
		Client *notify.Client
	}
	for _, v := range []any{k, &k, c, holder{k, c}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
			if s := fmt.Sprintf(verb, v); strings.Contains(s, secret) || strings.Contains(s, "3d844edf") {
				t.Errorf("%s of %T shows the secret: %s", verb, v, s)
			}
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "v", v)
		if strings.Contains(buf.String(), "3d844edf") {
			t.Errorf("slog of %T shows the secret: %s", v, buf.String())
		}
	}
}

func client(t *testing.T, srv *notifyfake.Server, clock councilkit.Clock) *notify.Client {
	t.Helper()
	c, err := notify.New(srv.APIKey(), notify.Config{BaseURL: srv.URL, Clock: clock, RatePerMinute: -1, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSendEmailSMSLetter(t *testing.T) {
	srv := notifyfake.NewServer(notifyfake.Config{})
	defer srv.Close()
	c := client(t, srv, nil)
	ctx := context.Background()

	sent, err := c.SendEmail(ctx, notify.Email{To: "resident@example.com", TemplateID: templateID,
		Personalisation: notify.Personalisation{"amount": "£45.00"}, Reference: "GW-2026-0042"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendSMS(ctx, notify.SMS{To: "07700 900982", TemplateID: templateID}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendLetter(ctx, notify.Letter{Address: []string{"The Occupier", "1 High Street", "Durham", "DH1 1AA"},
		TemplateID: templateID, Personalisation: notify.Personalisation{"name": "A Resident"}}); err != nil {
		t.Fatal(err)
	}
	got := srv.Sent()
	if len(got) != 3 {
		t.Fatalf("sent %d", len(got))
	}
	if got[0].Type != "email" || got[0].To != "resident@example.com" || got[0].Reference != "GW-2026-0042" ||
		got[0].Personalisation["amount"] != "£45.00" || got[0].ID != sent.ID {
		t.Errorf("email recorded as %+v", got[0])
	}
	if got[1].Type != "sms" || got[1].To != "07700 900982" {
		t.Errorf("sms recorded as %+v", got[1])
	}
	if got[2].Type != "letter" || len(got[2].Address) != 4 || got[2].Address[3] != "DH1 1AA" || got[2].Personalisation["name"] != "A Resident" {
		t.Errorf("letter recorded as %+v", got[2])
	}
	n, err := c.Notification(ctx, sent.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n.Status != notify.StatusDelivered || !n.Status.Final() || n.Status.Failed() || n.Type != "email" || n.CreatedAt.IsZero() {
		t.Errorf("notification %+v", n)
	}
	if _, err := c.Notification(ctx, "740e5834-3a29-46b4-9a6f-16142fde533a"); !errors.Is(err, notify.ErrNotFound) {
		t.Errorf("unknown notification: %v", err)
	}
}

// The token is what Notify's documentation describes: HS256, typ JWT, iss
// the service ID, iat the time in epoch seconds.
func TestToken(t *testing.T) {
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	var auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"id":"740e5834-3a29-46b4-9a6f-16142fde533a"}`))
	}))
	defer srv.Close()
	c, err := notify.New(docKey, notify.Config{BaseURL: srv.URL, Clock: councilkit.NewFixedClock(now), RatePerMinute: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendEmail(context.Background(), notify.Email{To: "a@example.com", TemplateID: templateID}); err != nil {
		t.Fatal(err)
	}
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	parts := strings.Split(tok, ".")
	if !ok || len(parts) != 3 {
		t.Fatalf("Authorization %q", auth)
	}
	var header, claims map[string]any
	for i, v := range []*map[string]any{&header, &claims} {
		b, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil || json.Unmarshal(b, v) != nil {
			t.Fatalf("part %d: %v", i, err)
		}
	}
	if header["alg"] != "HS256" || header["typ"] != "JWT" {
		t.Errorf("header %v", header)
	}
	if claims["iss"] != "26785a09-ab16-4eb0-8407-a37497a57506" || claims["iat"] != float64(now.Unix()) || len(claims) != 2 {
		t.Errorf("claims %v", claims)
	}
}

// Notify refuses a token more than 30 seconds from its clock.
func TestClockSkew(t *testing.T) {
	srv := notifyfake.NewServer(notifyfake.Config{})
	defer srv.Close()
	for _, skew := range []time.Duration{-31 * time.Second, 31 * time.Second} {
		c := client(t, srv, councilkit.NewFixedClock(time.Now().Add(skew)))
		_, err := c.SendEmail(context.Background(), notify.Email{To: "a@example.com", TemplateID: templateID})
		var ae *notify.APIError
		if !errors.Is(err, notify.ErrAuth) || !errors.As(err, &ae) || ae.StatusCode != 403 {
			t.Errorf("skew %v: %v", skew, err)
		}
	}
	// A wrong secret is refused too.
	c, _ := notify.New(docKey, notify.Config{BaseURL: srv.URL, RatePerMinute: -1})
	if _, err := c.SendSMS(context.Background(), notify.SMS{To: "07700900982", TemplateID: templateID}); !errors.Is(err, notify.ErrAuth) {
		t.Errorf("wrong key: %v", err)
	}
}

// Bad messages are refused before anything is sent, with every problem.
func TestValidate(t *testing.T) {
	srv := notifyfake.NewServer(notifyfake.Config{})
	defer srv.Close()
	c := client(t, srv, nil)
	ctx := context.Background()
	cases := []struct {
		name   string
		send   func() error
		fields []string
	}{
		{"email", func() error {
			_, err := c.SendEmail(ctx, notify.Email{To: "not an address", TemplateID: "x", Reference: strings.Repeat("r", 1001)})
			return err
		}, []string{"email_address", "template_id", "reference"}},
		{"named email", func() error {
			_, err := c.SendEmail(ctx, notify.Email{To: "A <a@example.com>", TemplateID: templateID})
			return err
		}, []string{"email_address"}},
		{"sms", func() error { _, err := c.SendSMS(ctx, notify.SMS{To: "call me", TemplateID: templateID}); return err }, []string{"phone_number"}},
		{"letter, two lines", func() error {
			_, err := c.SendLetter(ctx, notify.Letter{Address: []string{"1 High St", "DH1 1AA"}, TemplateID: templateID})
			return err
		}, []string{"address"}},
		{"letter, eight lines", func() error {
			_, err := c.SendLetter(ctx, notify.Letter{Address: strings.Split("a b c d e f g DH1 1AA", " "), TemplateID: templateID})
			return err
		}, []string{"address"}},
		{"letter, blank first line", func() error {
			_, err := c.SendLetter(ctx, notify.Letter{Address: []string{" ", "1 High St", "Durham", "DH1 1AA"}, TemplateID: templateID})
			return err
		}, []string{"address"}},
	}
	for _, tc := range cases {
		err := tc.send()
		var ve *councilkit.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: %v, want a *ValidationError", tc.name, err)
			continue
		}
		var got []string
		for _, p := range ve.Problems {
			got = append(got, p.Field)
			if p.Message.Welsh == "" {
				t.Errorf("%s: %s has no Welsh", tc.name, p.Field)
			}
		}
		if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
			t.Errorf("%s: problems at %v, want %v", tc.name, got, tc.fields)
		}
	}
	if n := len(srv.Sent()); n != 0 {
		t.Errorf("%d messages sent", n)
	}
	// Notify's own refusal of a letter whose last line is neither a
	// postcode nor a country is ErrBadRequest.
	_, err := c.SendLetter(ctx, notify.Letter{Address: []string{"The Occupier", "1 High St", "DH1 1A4"}, TemplateID: templateID})
	if !errors.Is(err, notify.ErrBadRequest) {
		t.Errorf("letter with a bad postcode: %v", err)
	}
}

// Retries: only a 500 and a per-minute rate limit are sent again, as
// Notify's documentation says; a daily limit and a bad request are not.
func TestRetries(t *testing.T) {
	ctx := context.Background()
	email := notify.Email{To: "a@example.com", TemplateID: templateID}
	cases := []struct {
		name     string
		status   int
		errName  string
		fails    int
		want     error // nil: sent in the end
		sentOnce bool
	}{
		{"500 then success", 500, "Exception", 2, nil, true},
		{"rate limited then success", 429, "RateLimitError", 1, nil, true},
		{"500 every time", 500, "Exception", 10, notify.ErrUnavailable, false},
		{"daily limit", 429, "TooManyRequestsError", 1, notify.ErrDailyLimit, false},
		{"bad request", 400, "BadRequestError", 1, notify.ErrBadRequest, false},
		{"auth", 403, "AuthError", 1, notify.ErrAuth, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := notifyfake.NewServer(notifyfake.Config{})
			defer srv.Close()
			srv.FailNext(tc.fails, tc.status, tc.errName)
			c := client(t, srv, nil)
			_, err := c.SendEmail(ctx, email)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
			if got := len(srv.Sent()); (got == 1) != tc.sentOnce || got > 1 {
				t.Errorf("sent %d times", got)
			}
			var ae *notify.APIError
			if tc.want != nil && (!errors.As(err, &ae) || !ae.Has(tc.errName)) {
				t.Errorf("error %v does not carry Notify's %s", err, tc.errName)
			}
		})
	}
}

// A POST that fails in transport is not sent again: Notify has no
// idempotency key, and the first may have arrived.
func TestTransportFailureNotRetried(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	}))
	defer srv.Close()
	c, _ := notify.New(docKey, notify.Config{BaseURL: srv.URL, RatePerMinute: -1, Backoff: time.Millisecond})
	_, err := c.SendEmail(context.Background(), notify.Email{To: "a@example.com", TemplateID: templateID})
	if !errors.Is(err, notify.ErrUnavailable) || !strings.Contains(err.Error(), "may or may not have been sent") {
		t.Errorf("err %v", err)
	}
	if calls.Load() != 1 {
		t.Errorf("%d attempts, want 1", calls.Load())
	}
	// A GET is safe to repeat.
	calls.Store(0)
	_, err = c.Notification(context.Background(), "740e5834-3a29-46b4-9a6f-16142fde533a")
	if !errors.Is(err, notify.ErrUnavailable) || calls.Load() != 4 {
		t.Errorf("GET: %v after %d attempts, want 4", err, calls.Load())
	}
}

// Garbage from a proxy or a redirect is an error, never a panic or a
// success.
func TestGarbageAnswers(t *testing.T) {
	for _, h := range []http.HandlerFunc{
		func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(201); _, _ = w.Write([]byte("<html>")) },
		func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(502)
			_, _ = w.Write([]byte("<html>bad gateway"))
		},
		func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://example.invalid/", http.StatusFound)
		},
	} {
		srv := httptest.NewServer(h)
		c, _ := notify.New(docKey, notify.Config{BaseURL: srv.URL, RatePerMinute: -1, MaxRetries: -1})
		_, err := c.SendEmail(context.Background(), notify.Email{To: "a@example.com", TemplateID: templateID})
		if err == nil {
			t.Error("no error")
		}
		srv.Close()
	}
}

func TestNewConfig(t *testing.T) {
	if _, err := notify.New(docKey, notify.Config{BaseURL: "ftp://x"}); !errors.Is(err, notify.ErrConfig) {
		t.Errorf("ftp base: %v", err)
	}
	if _, err := notify.New("nope", notify.Config{}); !errors.Is(err, notify.ErrInvalidAPIKey) {
		t.Errorf("bad key: %v", err)
	}
}

func TestTemplateLanguage(t *testing.T) {
	tpl := notify.Template{English: "en-id", Welsh: "cy-id"}
	if tpl.In(councilkit.Welsh) != "cy-id" || tpl.In(councilkit.English) != "en-id" {
		t.Error("wrong template chosen")
	}
	if (notify.Template{English: "en-id"}).In(councilkit.Welsh) != "en-id" {
		t.Error("no English fallback")
	}
}

// Messages log without recipient or personalisation.
func TestMessagesLogRedacted(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("send",
		"email", notify.Email{To: "resident@example.com", TemplateID: templateID, Personalisation: notify.Personalisation{"name": "Ann Smith"}},
		"sms", notify.SMS{To: "07700900982", TemplateID: templateID},
		"letter", notify.Letter{Address: []string{"1 High St", "Durham", "DH1 1AA"}, TemplateID: templateID},
		"notification", notify.Notification{ID: "x", EmailAddress: "resident@example.com", Body: "Dear Ann Smith"})
	for _, secret := range []string{"resident@example.com", "Ann Smith", "07700900982", "High St"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("log shows %q: %s", secret, buf.String())
		}
	}
}
