package notify_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/lgds/councilkit/notify"
	"github.com/lgds/councilkit/notify/notifyfake"
)

// GET /v2/notifications filters by template_type, status and reference and
// pages with older_than, newest first ("Get the status of multiple
// messages", https://docs.notifications.service.gov.uk/rest-api.html#get-the-status-of-multiple-messages).
// A reference "identifies a single notification or a batch of
// notifications": Notify does not make it unique, so several may match.
func TestNotificationsByReference(t *testing.T) {
	srv := notifyfake.NewServer(notifyfake.Config{})
	defer srv.Close()
	c := client(t, srv, nil)
	ctx := context.Background()
	first, err := c.SendEmail(ctx, notify.Email{To: "a@example.com", TemplateID: templateID, Reference: "ev-1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendSMS(ctx, notify.SMS{To: "07700900982", TemplateID: templateID, Reference: "ev-1"}); err != nil {
		t.Fatal(err)
	}
	second, err := c.SendEmail(ctx, notify.Email{To: "b@example.com", TemplateID: templateID, Reference: "ev-1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendEmail(ctx, notify.Email{To: "c@example.com", TemplateID: templateID, Reference: "ev-2"}); err != nil {
		t.Fatal(err)
	}
	ids := func(ns []notify.Notification) string {
		var s []string
		for _, n := range ns {
			s = append(s, n.ID)
		}
		return strings.Join(s, ",")
	}
	got, err := c.Notifications(ctx, notify.NotificationFilter{Type: "email", Reference: "ev-1"})
	if err != nil {
		t.Fatal(err)
	}
	if want := second.ID + "," + first.ID; ids(got) != want {
		t.Errorf("email ev-1: %s, want %s (newest first)", ids(got), want)
	}
	got, _ = c.Notifications(ctx, notify.NotificationFilter{Reference: "ev-1", OlderThan: second.ID})
	if len(got) != 2 || got[0].Type != "sms" || got[1].ID != first.ID {
		t.Errorf("older than the second: %+v", got)
	}
	got, _ = c.Notifications(ctx, notify.NotificationFilter{Reference: "ev-3"})
	if len(got) != 0 {
		t.Errorf("unknown reference: %d", len(got))
	}
	got, _ = c.Notifications(ctx, notify.NotificationFilter{Status: notify.StatusDelivered})
	if len(got) != 4 {
		t.Errorf("delivered: %d", len(got))
	}
	for _, f := range []notify.NotificationFilter{{Type: "fax"}, {OlderThan: "x"}, {Reference: strings.Repeat("r", 1001)}} {
		if _, err := c.Notifications(ctx, f); !errors.Is(err, notify.ErrBadRequest) {
			t.Errorf("%+v: %v", f, err)
		}
	}
}

// Notify refuses a message whose personalisation leaves out a placeholder
// of its template with a 400 BadRequestError "Missing personalisation: …";
// the fake does too, and records the message filled in. Names match as in
// Notify's notifications-utils (InsensitiveDict: case, spaces, hyphens and
// underscores ignored; str2bool: "yes", "y", "true", "t", "1", "include",
// "show" show optional content).
func TestFakeChecksPlaceholders(t *testing.T) {
	const tpl = "3f7c1f6e-55a4-4d6b-9c1a-2b3c4d5e6f70"
	srv := notifyfake.NewServer(notifyfake.Config{
		Templates: map[string]string{tpl: "Payment of ((amount)) received"},
		Content:   map[string]string{tpl: "Dear ((Name)),\n((refund??A refund will follow.))((Paid-On??Paid.)) Ref: ((reference))"},
	})
	defer srv.Close()
	c := client(t, srv, nil)
	ctx := context.Background()
	_, err := c.SendEmail(ctx, notify.Email{To: "a@example.com", TemplateID: tpl, Personalisation: notify.Personalisation{"name": "Ann"}})
	var ae *notify.APIError
	if !errors.Is(err, notify.ErrBadRequest) || !errors.As(err, &ae) || !ae.Has("BadRequestError") ||
		!strings.Contains(err.Error(), "Missing personalisation: Paid-On, amount, reference, refund") {
		t.Fatalf("missing placeholders: %v", err)
	}
	sent, err := c.SendEmail(ctx, notify.Email{To: "a@example.com", TemplateID: tpl, Personalisation: notify.Personalisation{
		"name": "Ann", "amount": "£5.00", "reference": "R1", "refund": "no", "paid on": "Yes"}})
	if err != nil {
		t.Fatal(err)
	}
	m := srv.Sent()[0]
	if m.Subject != "Payment of £5.00 received" || m.Body != "Dear Ann,\nPaid. Ref: R1" || sent.Content.Body != m.Body {
		t.Errorf("rendered %q / %q", m.Subject, m.Body)
	}
	// A development page may list the messages: String and slog leave
	// out the recipient and the personalisation's values.
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("sent", "m", m)
	for _, out := range []string{fmt.Sprint(m), m.String(), buf.String()} {
		if strings.Contains(out, "a@example.com") || strings.Contains(out, "Ann") || strings.Contains(out, "£5.00") {
			t.Errorf("shows personal data: %s", out)
		}
	}
	if !strings.Contains(m.String(), "[amount name paid on reference refund]") {
		t.Errorf("String %q", m.String())
	}
}

// Notify answers a send with 201 only once it has taken the message ("If
// the request is successful, the response body is json with a status code
// of 201", https://docs.notifications.service.gov.uk/rest-api.html#send-an-email).
// An answer that then cannot be read must not read as "not sent": the
// error says the message was sent, so that a caller does not send it again.
func TestUnreadableAcceptanceSaysSent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte("<html>created</html>"))
	}))
	defer srv.Close()
	c, _ := notify.New(docKey, notify.Config{BaseURL: srv.URL, RatePerMinute: -1, MaxRetries: -1})
	_, err := c.SendEmail(context.Background(), notify.Email{To: "a@example.com", TemplateID: templateID})
	if !errors.Is(err, notify.ErrUnavailable) || !strings.Contains(err.Error(), "the message was sent") {
		t.Errorf("err %v", err)
	}
	_, err = c.Notification(context.Background(), "740e5834-3a29-46b4-9a6f-16142fde533a")
	if err == nil || strings.Contains(err.Error(), "was sent") {
		t.Errorf("GET: %v", err)
	}
}
