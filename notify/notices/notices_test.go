package notices_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/language"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/notify"
	"github.com/lgds/councilkit/notify/notices"
	"github.com/lgds/councilkit/notify/notifyfake"
)

var (
	cardiff = councilkit.MustParseCouncil("W06000015")
	durham  = councilkit.MustParseCouncil("E06000047")
	// 09:00 on 2 December 2026, GMT.
	at = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
)

// Personal data the tests look for in logs and errors.
const (
	residentEmail = "ann.jones@example.com"
	residentPhone = "07700 900982"
	residentName  = "Ann Jones"
)

// tpl returns a stable template ID for a kind, channel and language.
func tpl(k notices.Kind, ch, lang string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte(k.String()+"/"+ch+"/"+lang)).String()
}

// placeholders lists each kind's placeholders as the package doc does; the
// fake Notify's templates use every one, so a missing value is Notify's
// "Missing personalisation" error.
var placeholders = map[notices.Kind][]string{
	notices.PaymentReceipt:          {"amount", "paid_on", "payment_id"},
	notices.ApplicationReceived:     {"year_group", "school_year", "preferences", "received_on"},
	notices.OfferMade:               {"school_urn", "preference", "named_preference", "offer_day", "respond_by"},
	notices.FreeSchoolMealsDecision: {"eligible", "decision", "decided_on", "review_on"},
	notices.PlanningReceived:        {"application_type", "received_on"},
	notices.PlanningDecided:         {"decision", "granted", "decided_on"},
}

var kinds = []notices.Kind{notices.PaymentReceipt, notices.ApplicationReceived, notices.OfferMade,
	notices.FreeSchoolMealsDecision, notices.PlanningReceived, notices.PlanningDecided}

func templates(sms bool) notices.Templates {
	var t notices.Templates
	set := map[notices.Kind]*notices.Message{
		notices.PaymentReceipt: &t.PaymentReceipt, notices.ApplicationReceived: &t.ApplicationReceived,
		notices.OfferMade: &t.OfferMade, notices.FreeSchoolMealsDecision: &t.FreeSchoolMealsDecision,
		notices.PlanningReceived: &t.PlanningReceived, notices.PlanningDecided: &t.PlanningDecided,
	}
	for k, m := range set {
		m.Email = notify.Template{English: tpl(k, "email", "en"), Welsh: tpl(k, "email", "cy")}
		if sms {
			m.SMS = notify.Template{English: tpl(k, "sms", "en"), Welsh: tpl(k, "sms", "cy")}
		}
	}
	return t
}

// fakeNotify is a fake Notify service holding every template, each using
// all of its kind's placeholders.
func fakeNotify(t *testing.T) *notifyfake.Server {
	subjects, bodies := map[string]string{}, map[string]string{}
	for _, k := range kinds {
		body := "Dear ((name)), ((council)) ((reference))"
		for _, p := range placeholders[k] {
			body += " ((" + p + "))"
		}
		for _, ch := range []string{"email", "sms"} {
			for _, lang := range []string{"en", "cy"} {
				subjects[tpl(k, ch, lang)] = k.String() + " " + lang
				bodies[tpl(k, ch, lang)] = body
			}
		}
	}
	srv := notifyfake.NewServer(notifyfake.Config{Templates: subjects, Content: bodies})
	t.Cleanup(srv.Close)
	return srv
}

func notifyClient(t *testing.T, srv *notifyfake.Server) *notify.Client {
	c, err := notify.New(srv.APIKey(), notify.Config{BaseURL: srv.URL, RatePerMinute: -1, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func directory(t *testing.T) *councilkit.Directory {
	d, err := councilkit.NewDirectory(councilkit.Profile{Council: cardiff,
		Name: councilkit.Text{English: "Cardiff Council", Welsh: "Cyngor Caerdydd"}})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func record(t *testing.T, c councilkit.Council, typ events.Type, subject string, when time.Time, data any) events.Record {
	t.Helper()
	e, err := events.New(c, typ, subject, when, events.Actor{Kind: events.ActorSystem}, data)
	if err != nil {
		t.Fatal(err)
	}
	var log events.MemLog
	if err := log.Append(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	rs, _ := log.Since(context.Background(), 0, 0)
	return rs[0]
}

func resident(tag language.Tag) notices.RecipientsFunc {
	return func(ctx context.Context, e events.Event) (notices.Recipient, error) {
		return notices.Recipient{Email: residentEmail, Name: residentName, Language: tag}, nil
	}
}

func d(s string) calendar.Date { return calendar.MustParseDate(s) }

// Each event type sends its kind of message with the template and words
// of the resident's language. Dates are the day in London (a payment at
// 23:30 UTC on 30 June is on 1 July, BST), amounts in pounds and pence.
func TestMessagesInEachLanguage(t *testing.T) {
	cases := []struct {
		name    string
		typ     events.Type
		subject string
		when    time.Time
		data    any
		kind    notices.Kind
		en, cy  notify.Personalisation // beyond name and council
	}{
		{"payment receipt", events.PaymentSucceeded, "pay-1", at,
			&events.Payment{PaymentID: "pay-1", Reference: "CT-0042", AmountPence: 123456, Status: "success", Provider: "sandbox"},
			notices.PaymentReceipt,
			notify.Personalisation{"reference": "CT-0042", "amount": "£1,234.56", "paid_on": "2 December 2026", "payment_id": "pay-1"},
			notify.Personalisation{"reference": "CT-0042", "amount": "£1,234.56", "paid_on": "2 Rhagfyr 2026", "payment_id": "pay-1"}},
		{"payment receipt, late on a summer evening", events.PaymentSucceeded, "pay-2", time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC),
			&events.Payment{PaymentID: "pay-2", Reference: "GW-7", AmountPence: 4500, Status: "success"},
			notices.PaymentReceipt,
			notify.Personalisation{"reference": "GW-7", "amount": "£45.00", "paid_on": "1 July 2026", "payment_id": "pay-2"},
			notify.Personalisation{"reference": "GW-7", "amount": "£45.00", "paid_on": "1 Gorffennaf 2026", "payment_id": "pay-2"}},
		{"school application received", events.SchoolApplicationSubmitted, "app-1", at,
			&events.SchoolApplication{ApplicationID: "app-1", SchoolYear: 2027, EntryYear: "R", Preferences: []string{"401234", "401235"}, Received: d("2026-12-01")},
			notices.ApplicationReceived,
			notify.Personalisation{"reference": "app-1", "year_group": "Reception", "school_year": "2027 to 2028", "preferences": "2", "received_on": "1 December 2026"},
			notify.Personalisation{"reference": "app-1", "year_group": "Dosbarth Derbyn", "school_year": "2027 i 2028", "preferences": "2", "received_on": "1 Rhagfyr 2026"}},
		{"secondary application received", events.SchoolApplicationSubmitted, "app-2", at,
			&events.SchoolApplication{ApplicationID: "app-2", SchoolYear: 2027, EntryYear: "7", Preferences: []string{"401234"}, Received: d("2026-10-31")},
			notices.ApplicationReceived,
			notify.Personalisation{"reference": "app-2", "year_group": "Year 7", "school_year": "2027 to 2028", "preferences": "1", "received_on": "31 October 2026"},
			notify.Personalisation{"reference": "app-2", "year_group": "Blwyddyn 7", "school_year": "2027 i 2028", "preferences": "1", "received_on": "31 Hydref 2026"}},
		{"offer made", events.SchoolOfferMade, "app-1", at,
			&events.SchoolOffer{ApplicationID: "app-1", School: "401234", Preference: 1, OfferDay: d("2027-04-16"), RespondBy: d("2027-04-30")},
			notices.OfferMade,
			notify.Personalisation{"reference": "app-1", "school_urn": "401234", "preference": "1", "named_preference": "yes", "offer_day": "16 April 2027", "respond_by": "30 April 2027"},
			notify.Personalisation{"reference": "app-1", "school_urn": "401234", "preference": "1", "named_preference": "yes", "offer_day": "16 Ebrill 2027", "respond_by": "30 Ebrill 2027"}},
		{"offer of a school not named", events.SchoolOfferMade, "app-3", at,
			&events.SchoolOffer{ApplicationID: "app-3", School: "401299", OfferDay: d("2027-03-01"), RespondBy: d("2027-03-15")},
			notices.OfferMade,
			notify.Personalisation{"reference": "app-3", "school_urn": "401299", "preference": "0", "named_preference": "no", "offer_day": "1 March 2027", "respond_by": "15 March 2027"},
			notify.Personalisation{"reference": "app-3", "school_urn": "401299", "preference": "0", "named_preference": "no", "offer_day": "1 Mawrth 2027", "respond_by": "15 Mawrth 2027"}},
		{"free school meals: eligible", events.FreeSchoolMealsDecided, "fsm-1", at,
			&events.FreeSchoolMealsDecision{ApplicationID: "fsm-1", Eligible: true, Basis: "eligibility_check", Decided: d("2026-12-02"), ReviewOn: d("2027-09-01")},
			notices.FreeSchoolMealsDecision,
			notify.Personalisation{"reference": "fsm-1", "eligible": "yes", "decision": "eligible", "decided_on": "2 December 2026", "review_on": "1 September 2027"},
			notify.Personalisation{"reference": "fsm-1", "eligible": "yes", "decision": "yn gymwys", "decided_on": "2 Rhagfyr 2026", "review_on": "1 Medi 2027"}},
		{"free school meals: not eligible", events.FreeSchoolMealsDecided, "fsm-2", at,
			&events.FreeSchoolMealsDecision{ApplicationID: "fsm-2", Decided: d("2026-12-02")},
			notices.FreeSchoolMealsDecision,
			notify.Personalisation{"reference": "fsm-2", "eligible": "no", "decision": "not eligible", "decided_on": "2 December 2026", "review_on": ""},
			notify.Personalisation{"reference": "fsm-2", "eligible": "no", "decision": "yn anghymwys", "decided_on": "2 Rhagfyr 2026", "review_on": ""}},
		{"planning application received, no reference yet", events.PlanningApplicationSubmitted, "pa-1", at,
			&events.PlanningApplication{ApplicationID: "pa-1", ApplicationType: "pp.full.householder", State: "submitted", Received: d("2026-12-02")},
			notices.PlanningReceived,
			notify.Personalisation{"reference": "pa-1", "application_type": "pp.full.householder", "received_on": "2 December 2026"},
			notify.Personalisation{"reference": "pa-1", "application_type": "pp.full.householder", "received_on": "2 Rhagfyr 2026"}},
		{"planning permission granted", events.PlanningApplicationDetermined, "pa-1", at,
			&events.PlanningApplication{ApplicationID: "pa-1", Reference: "26/01234/FUL", State: "determined", Decision: "granted", Decided: d("2027-01-27")},
			notices.PlanningDecided,
			notify.Personalisation{"reference": "26/01234/FUL", "decision": "granted", "granted": "yes", "decided_on": "27 January 2027"},
			notify.Personalisation{"reference": "26/01234/FUL", "decision": "caniatawyd", "granted": "yes", "decided_on": "27 Ionawr 2027"}},
		{"planning permission refused", events.PlanningApplicationDetermined, "pa-2", at,
			&events.PlanningApplication{ApplicationID: "pa-2", Reference: "26/01235/FUL", State: "determined", Decision: "refused", Decided: d("2027-02-03")},
			notices.PlanningDecided,
			notify.Personalisation{"reference": "26/01235/FUL", "decision": "refused", "granted": "no", "decided_on": "3 February 2027"},
			notify.Personalisation{"reference": "26/01235/FUL", "decision": "gwrthodwyd", "granted": "no", "decided_on": "3 Chwefror 2027"}},
	}
	for _, tc := range cases {
		for _, lang := range []struct {
			code    string
			tag     language.Tag
			want    notify.Personalisation
			council string
		}{
			{"en", councilkit.English, tc.en, "Cardiff Council"},
			{"cy", councilkit.Welsh, tc.cy, "Cyngor Caerdydd"},
		} {
			t.Run(tc.name+"/"+lang.code, func(t *testing.T) {
				srv := fakeNotify(t)
				h, err := notices.New(cardiff, notifyClient(t, srv), resident(lang.tag),
					notices.Config{Templates: templates(false), Directory: directory(t)})
				if err != nil {
					t.Fatal(err)
				}
				r := record(t, cardiff, tc.typ, tc.subject, tc.when, tc.data)
				if err := h.Handle(context.Background(), r); err != nil {
					t.Fatal(err)
				}
				sent := srv.Sent()
				if len(sent) != 1 {
					t.Fatalf("%d messages sent", len(sent))
				}
				m := sent[0]
				want := maps.Clone(lang.want)
				want["name"], want["council"] = residentName, lang.council
				if m.Type != "email" || m.To != residentEmail || m.TemplateID != tpl(tc.kind, "email", lang.code) || m.Reference != r.Event.ID {
					t.Errorf("sent %s to the right address: %t, reference %q (event %s)", m, m.To == residentEmail, m.Reference, r.Event.ID)
				}
				if !maps.Equal(m.Personalisation, want) {
					t.Errorf("personalisation\n got %v\nwant %v", m.Personalisation, want)
				}
			})
		}
	}
}

func payment(t *testing.T, c councilkit.Council) events.Record {
	return record(t, c, events.PaymentSucceeded, "pay-1", at,
		&events.Payment{PaymentID: "pay-1", Reference: "CT-0042", AmountPence: 4500, Status: "success"})
}

// logs captures the handler's log.
func logs() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), &buf
}

// Notify's error responses decide between trying again later and failing
// for good. Notify's documentation
// (https://docs.notifications.service.gov.uk/rest-api.html#error-codes,
// "Send an email", read 2026-12-02): 500 Exception "Notify was unable to
// process the request, resend your notification"; 429 RateLimitError, the
// 3,000-a-minute limit; 429 TooManyRequestsError "Exceeded send limits …
// for today", which reset at midnight; 403 AuthError, a wrong key or a clock
// more than 30 seconds out, which an operator puts right; 400
// BadRequestError, a request that will never succeed as it is ("Can't send
// to this recipient when service is in trial mode", "Missing
// personalisation").
func TestNotifyErrors(t *testing.T) {
	cases := []struct {
		status int
		name   string
		retry  bool // Handle returns an error and the event comes again
	}{
		{500, "Exception", true},
		{429, "RateLimitError", true},
		{429, "TooManyRequestsError", true},
		{403, "AuthError", true},
		{400, "BadRequestError", false},
		{400, "ValidationError", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := fakeNotify(t)
			ledger := new(notices.MemLedger)
			logger, buf := logs()
			h, err := notices.New(cardiff, notifyClient(t, srv), resident(councilkit.English),
				notices.Config{Templates: templates(false), Ledger: ledger, Logger: logger})
			if err != nil {
				t.Fatal(err)
			}
			r := payment(t, cardiff)
			srv.FailNext(1, tc.status, tc.name)
			err = h.Handle(context.Background(), r)
			if (err != nil) != tc.retry {
				t.Fatalf("Handle: %v, want an error %t", err, tc.retry)
			}
			outs := ledger.Outcomes(cardiff, notices.StateNone)
			if len(outs) != 1 || outs[0].Reason != tc.name || outs[0].EventID != r.Event.ID {
				t.Fatalf("outcomes %+v", outs)
			}
			wantState := notices.StateFailed
			if tc.retry {
				wantState = notices.StatePending
			}
			if outs[0].State != wantState {
				t.Errorf("state %s, want %s", outs[0].State, wantState)
			}
			if !strings.Contains(buf.String(), r.Event.ID) || !strings.Contains(buf.String(), tc.name) {
				t.Errorf("the log does not show the event and the reason: %s", buf.String())
			}
			// The event comes again (a retry, or the engine redelivering):
			// a passing failure is sent now; a permanent one is not tried.
			if err := h.Handle(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			if n := len(srv.Sent()); n != map[bool]int{true: 1, false: 0}[tc.retry] {
				t.Errorf("%d sent after redelivery", n)
			}
			if !tc.retry {
				// Once the template is put right, an officer resends.
				if err := h.Resend(context.Background(), r); err != nil || len(srv.Sent()) != 1 {
					t.Errorf("Resend: %v, %d sent", err, len(srv.Sent()))
				}
				if o := ledger.Outcomes(cardiff, notices.StateSent); len(o) != 1 || o[0].NotificationID != srv.Sent()[0].ID {
					t.Errorf("after Resend: %+v", o)
				}
			}
		})
	}
}

// A template with a placeholder the handler does not fill is Notify's 400
// "Missing personalisation": failed, visibly, with Notify's message.
func TestMissingPlaceholderFails(t *testing.T) {
	const extra = "5b0f4c1e-8a0e-4c62-9d7e-0a1b2c3d4e5f"
	srv := notifyfake.NewServer(notifyfake.Config{Content: map[string]string{extra: "((amount)) ((school_name))"}})
	defer srv.Close()
	ledger := new(notices.MemLedger)
	h, _ := notices.New(cardiff, notifyClient(t, srv), resident(councilkit.English), notices.Config{
		Templates: notices.Templates{PaymentReceipt: notices.Message{Email: notify.Template{English: extra}}}, Ledger: ledger})
	if err := h.Handle(context.Background(), payment(t, cardiff)); err != nil {
		t.Fatal(err)
	}
	o := ledger.Outcomes(cardiff, notices.StateFailed)
	if len(o) != 1 || o[0].Reason != "BadRequestError" || o[0].Detail != "Missing personalisation: school_name" {
		t.Errorf("outcomes %+v", o)
	}
	// The service fills its own placeholders through the recipient.
	h, _ = notices.New(cardiff, notifyClient(t, srv), notices.RecipientsFunc(func(ctx context.Context, e events.Event) (notices.Recipient, error) {
		return notices.Recipient{Email: residentEmail, Personalisation: notify.Personalisation{"school_name": "Ysgol Glan Ceubal", "amount": "£0.01"}}, nil
	}), notices.Config{Templates: notices.Templates{PaymentReceipt: notices.Message{Email: notify.Template{English: extra}}}})
	if err := h.Handle(context.Background(), payment(t, cardiff)); err != nil {
		t.Fatal(err)
	}
	if m := srv.Sent(); len(m) != 1 || m[0].Body != "£45.00 Ysgol Glan Ceubal" {
		t.Errorf("sent %v", m)
	}
}

// lostAnswer sends through Notify and then reports a transport failure, as
// when the connection drops after Notify accepted the message.
type lostAnswer struct {
	*notify.Client
	lose atomic.Int32
}

func (l *lostAnswer) SendEmail(ctx context.Context, m notify.Email) (*notify.Sent, error) {
	s, err := l.Client.SendEmail(ctx, m)
	if err == nil && l.lose.Add(-1) >= 0 {
		return nil, fmt.Errorf("%w: could not reach Notify; the message may or may not have been sent", notify.ErrUnavailable)
	}
	return s, err
}

// Delivery is at least once: an event given again sends nothing more, and
// a send whose answer was lost is found in Notify by its reference (the
// event's ID) instead of being sent twice.
func TestNeverSentTwice(t *testing.T) {
	srv := fakeNotify(t)
	var lookups atomic.Int32
	recipients := notices.RecipientsFunc(func(ctx context.Context, e events.Event) (notices.Recipient, error) {
		lookups.Add(1)
		return notices.Recipient{Email: residentEmail, Phone: residentPhone}, nil
	})
	ledger := new(notices.MemLedger)
	sender := &lostAnswer{Client: notifyClient(t, srv)}
	sender.lose.Store(1)
	h, _ := notices.New(cardiff, sender, recipients, notices.Config{Templates: templates(true), Ledger: ledger})
	r := payment(t, cardiff)
	ctx := context.Background()
	err := h.Handle(ctx, r)
	if !errors.Is(err, notify.ErrUnavailable) {
		t.Fatalf("lost answer: %v", err)
	}
	// The text message went; the email went too, but its answer was lost.
	if n := len(srv.Sent()); n != 2 {
		t.Fatalf("%d sent", n)
	}
	for range 3 {
		if err := h.Handle(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(srv.Sent()); n != 2 {
		t.Errorf("%d sent after redelivery, want 2", n)
	}
	if lookups.Load() != 2 {
		t.Errorf("recipient looked up %d times: a redelivery of a finished event should not read personal data", lookups.Load())
	}
	byChannel := map[notices.Channel]notices.Outcome{}
	for _, o := range ledger.Outcomes(cardiff, notices.StateSent) {
		byChannel[o.Channel] = o
	}
	if byChannel[notices.Email].Reason != "found_by_reference" || byChannel[notices.SMS].NotificationID == "" || len(byChannel) != 2 {
		t.Errorf("outcomes %+v", byChannel)
	}
	emailID := ""
	for _, m := range srv.Sent() {
		if m.Type == "email" {
			emailID = m.ID
		}
	}
	if byChannel[notices.Email].NotificationID != emailID {
		t.Errorf("found %s, sent %s", byChannel[notices.Email].NotificationID, emailID)
	}
}

// Events the handler has no message for, or that are not its council's,
// send nothing and read no personal data; no recipient, or no address for
// the channels that have templates, is recorded as skipped.
func TestNothingToSend(t *testing.T) {
	srv := fakeNotify(t)
	var lookups atomic.Int32
	var rcpt notices.Recipient
	var rerr error
	recipients := notices.RecipientsFunc(func(ctx context.Context, e events.Event) (notices.Recipient, error) {
		lookups.Add(1)
		return rcpt, rerr
	})
	ledger := new(notices.MemLedger)
	h, _ := notices.New(cardiff, notifyClient(t, srv), recipients, notices.Config{
		Templates: notices.Templates{PaymentReceipt: templates(false).PaymentReceipt}, Ledger: ledger})
	ctx := context.Background()
	if got := h.Types(); !slices.Equal(got, []events.Type{events.PaymentSucceeded}) {
		t.Errorf("Types %v", got)
	}
	for _, r := range []events.Record{
		payment(t, durham),
		record(t, cardiff, events.PaymentFailed, "pay-1", at, &events.Payment{PaymentID: "pay-1", Status: "failed"}),
		record(t, cardiff, events.FreeSchoolMealsDecided, "fsm-1", at, &events.FreeSchoolMealsDecision{ApplicationID: "fsm-1"}),
	} {
		if err := h.Handle(ctx, r); err != nil {
			t.Errorf("%s: %v", r.Event.Type.Short(), err)
		}
	}
	if lookups.Load() != 0 || len(ledger.Outcomes(cardiff, notices.StateNone)) != 0 || len(ledger.Outcomes(durham, notices.StateNone)) != 0 {
		t.Errorf("looked up %d, outcomes %v", lookups.Load(), ledger.Outcomes(cardiff, notices.StateNone))
	}
	// No one to tell.
	rerr = fmt.Errorf("opted out: %w", notices.ErrNoRecipient)
	r1 := payment(t, cardiff)
	if err := h.Handle(ctx, r1); err != nil {
		t.Fatal(err)
	}
	// A phone number but only an email template.
	rcpt, rerr = notices.Recipient{Phone: residentPhone}, nil
	r2 := payment(t, cardiff)
	if err := h.Handle(ctx, r2); err != nil {
		t.Fatal(err)
	}
	got := ledger.Outcomes(cardiff, notices.StateSkipped)
	if len(got) != 2 || got[0].EventID != r1.Event.ID || got[0].Reason != "no_recipient" || got[1].EventID != r2.Event.ID || got[1].Reason != "no_address" {
		t.Errorf("skipped %+v", got)
	}
	// A lookup that fails for now is tried again later.
	rerr = errors.New("database unavailable")
	r3 := payment(t, cardiff)
	if err := h.Handle(ctx, r3); err == nil || !strings.Contains(err.Error(), r3.Event.ID) {
		t.Errorf("lookup failure: %v", err)
	}
	if len(srv.Sent()) != 0 {
		t.Errorf("%d sent", len(srv.Sent()))
	}
	// An address the notify package refuses fails for good.
	rcpt, rerr = notices.Recipient{Email: "not an address"}, nil
	r4 := payment(t, cardiff)
	if err := h.Handle(ctx, r4); err != nil {
		t.Fatal(err)
	}
	if f := ledger.Outcomes(cardiff, notices.StateFailed); len(f) != 1 || f[0].Reason != string(notify.CodeInvalidRecipient) {
		t.Errorf("failed %+v", f)
	}
}

// Neither the log, nor the errors, nor the outcomes show the resident's
// address, phone number or name.
func TestNoPersonalDataInLogsOrErrors(t *testing.T) {
	srv := fakeNotify(t)
	logger, buf := logs()
	ledger := new(notices.MemLedger)
	recipients := notices.RecipientsFunc(func(ctx context.Context, e events.Event) (notices.Recipient, error) {
		return notices.Recipient{Email: residentEmail, Phone: residentPhone, Name: residentName, Language: councilkit.Welsh}, nil
	})
	h, _ := notices.New(cardiff, notifyClient(t, srv), recipients, notices.Config{Templates: templates(true), Ledger: ledger, Logger: logger})
	var errs []error
	for _, fail := range []struct {
		status int
		name   string
	}{{0, ""}, {500, "Exception"}, {400, "BadRequestError"}, {429, "TooManyRequestsError"}} {
		if fail.status != 0 {
			srv.FailNext(2, fail.status, fail.name)
		}
		errs = append(errs, h.Handle(context.Background(), payment(t, cardiff)))
	}
	out := buf.String()
	for _, err := range errs {
		if err != nil {
			out += "\n" + err.Error()
		}
	}
	for _, o := range ledger.Outcomes(cardiff, notices.StateNone) {
		out += fmt.Sprintf("\n%+v", o)
	}
	out += fmt.Sprintf("\n%v %+v %#v %s", notices.Recipient{Email: residentEmail, Phone: residentPhone, Name: residentName},
		notices.Recipient{Email: residentEmail}, notices.Recipient{Phone: residentPhone}, notices.Recipient{Name: residentName})
	slog.New(slog.NewJSONHandler(buf, nil)).Info("r", "recipient", notices.Recipient{Email: residentEmail, Name: residentName})
	out += buf.String()
	for _, secret := range []string{residentEmail, "ann.jones", residentPhone, "900982", residentName, "Jones"} {
		if strings.Contains(out, secret) {
			t.Errorf("%q appears in:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "Exception") || !strings.Contains(out, "BadRequestError") {
		t.Errorf("the failures are not visible:\n%s", out)
	}
}

func TestNewConfig(t *testing.T) {
	srv := fakeNotify(t)
	c := notifyClient(t, srv)
	rs := resident(councilkit.English)
	for name, f := range map[string]func() error{
		"no council":   func() error { _, err := notices.New(councilkit.Council{}, c, rs, notices.Config{}); return err },
		"no sender":    func() error { _, err := notices.New(cardiff, nil, rs, notices.Config{}); return err },
		"no recipient": func() error { _, err := notices.New(cardiff, c, nil, notices.Config{}); return err },
		"bad template": func() error {
			_, err := notices.New(cardiff, c, rs, notices.Config{Templates: notices.Templates{OfferMade: notices.Message{SMS: notify.Template{English: "x"}}}})
			return err
		},
		"Welsh only": func() error {
			_, err := notices.New(cardiff, c, rs, notices.Config{Templates: notices.Templates{OfferMade: notices.Message{Email: notify.Template{Welsh: tpl(notices.OfferMade, "email", "cy")}}}})
			return err
		},
	} {
		if err := f(); !errors.Is(err, notices.ErrConfig) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Kind, Channel and State have a name for every value, the zero included,
// and read it back.
func TestEnumNames(t *testing.T) {
	for k := notices.KindNone; k <= notices.PlanningDecided; k++ {
		b, err := k.MarshalText()
		var back notices.Kind
		if err != nil || back.UnmarshalText(b) != nil || back != k || notices.KindOf(k.EventType()) != k {
			t.Errorf("kind %d: %q %v", k, b, err)
		}
	}
	if notices.KindNone.String() != "none" || notices.PaymentReceipt.EventType() != events.PaymentSucceeded {
		t.Error("names")
	}
	if _, err := notices.Kind(99).MarshalText(); err == nil {
		t.Error("undefined kind marshalled")
	}
	for s := notices.StateNone; s <= notices.StateSkipped; s++ {
		b, _ := s.MarshalText()
		var back notices.State
		if back.UnmarshalText(b) != nil || back != s {
			t.Errorf("state %v", s)
		}
	}
	for ch := notices.ChannelNone; ch <= notices.SMS; ch++ {
		b, _ := ch.MarshalText()
		var back notices.Channel
		if back.UnmarshalText(b) != nil || back != ch {
			t.Errorf("channel %v", ch)
		}
	}
}

// A Directory that does not hold the council would name it by its GSS
// code in every message: refused.
func TestDirectoryMustHoldTheCouncil(t *testing.T) {
	srv := fakeNotify(t)
	_, err := notices.New(durham, notifyClient(t, srv), resident(councilkit.English), notices.Config{Directory: directory(t)})
	if !errors.Is(err, notices.ErrConfig) {
		t.Errorf("err %v", err)
	}
}

// Data that lacks what a message must say (a receipt for no amount, an
// offer with no school or reply date, a decision councilkit cannot word)
// sends no message: it fails visibly as "bad_event".
func TestIncompleteDataSendsNothing(t *testing.T) {
	srv := fakeNotify(t)
	ledger := new(notices.MemLedger)
	h, _ := notices.New(cardiff, notifyClient(t, srv), resident(councilkit.English), notices.Config{Templates: templates(false), Ledger: ledger})
	for _, r := range []events.Record{
		record(t, cardiff, events.PaymentSucceeded, "pay-1", at, &events.Payment{PaymentID: "pay-1", Reference: "R", Status: "success"}),
		record(t, cardiff, events.SchoolOfferMade, "app-1", at, &events.SchoolOffer{ApplicationID: "app-1", School: "401234"}),
		record(t, cardiff, events.FreeSchoolMealsDecided, "fsm-1", at, &events.FreeSchoolMealsDecision{ApplicationID: "fsm-1", Eligible: true}),
		record(t, cardiff, events.PlanningApplicationDetermined, "pa-1", at, &events.PlanningApplication{ApplicationID: "pa-1", State: "determined"}),
		record(t, cardiff, events.SchoolApplicationSubmitted, "app-9", at, &events.SchoolApplication{}),
	} {
		if err := h.Handle(context.Background(), r); err != nil {
			t.Errorf("%s: %v", r.Event.Type.Short(), err)
		}
	}
	if n := len(srv.Sent()); n != 0 {
		t.Errorf("%d sent", n)
	}
	if f := ledger.Outcomes(cardiff, notices.StateFailed); len(f) != 5 || f[0].Reason != "bad_event" || f[4].Reason != "bad_event" {
		t.Errorf("failed %+v", f)
	}
}

// A Welsh speaker whose council has only an English template of a channel
// gets that template with English words and dates, not English text with
// "2 Rhagfyr 2026" in it; the channel with a Welsh template is in Welsh.
// A service's own placeholder never overrides the handler's, however
// Notify would spell it ("Amount" is "amount" to Notify).
func TestWordsFollowTheTemplateLanguage(t *testing.T) {
	srv := fakeNotify(t)
	tpls := templates(true)
	tpls.PaymentReceipt.SMS.Welsh = ""
	h, _ := notices.New(cardiff, notifyClient(t, srv), notices.RecipientsFunc(func(ctx context.Context, e events.Event) (notices.Recipient, error) {
		return notices.Recipient{Email: residentEmail, Phone: residentPhone, Language: language.MustParse("cy"),
			Personalisation: notify.Personalisation{"Amount": "£0.00", "Paid On": "yesterday", "office": "Neuadd y Sir"}}, nil
	}), notices.Config{Templates: tpls, Directory: directory(t)})
	if err := h.Handle(context.Background(), payment(t, cardiff)); err != nil {
		t.Fatal(err)
	}
	got := map[string]notifyfake.Message{}
	for _, m := range srv.Sent() {
		got[m.Type] = m
	}
	email, sms := got["email"], got["sms"]
	if email.TemplateID != tpl(notices.PaymentReceipt, "email", "cy") || email.Personalisation["paid_on"] != "2 Rhagfyr 2026" ||
		email.Personalisation["council"] != "Cyngor Caerdydd" {
		t.Errorf("email %s %v", email, email.Personalisation)
	}
	if sms.TemplateID != tpl(notices.PaymentReceipt, "sms", "en") || sms.Personalisation["paid_on"] != "2 December 2026" ||
		sms.Personalisation["council"] != "Cardiff Council" {
		t.Errorf("sms %s %v", sms, sms.Personalisation)
	}
	for _, m := range []notifyfake.Message{email, sms} {
		if _, ok := m.Personalisation["Amount"]; ok || m.Personalisation["office"] != "Neuadd y Sir" || m.Personalisation["amount"] != "£45.00" {
			t.Errorf("%s: %v", m.Type, m.Personalisation)
		}
		if _, ok := m.Personalisation["Paid On"]; ok {
			t.Errorf("%s: the service's Paid On competes with paid_on", m.Type)
		}
	}
}

// A send whose answer was lost is found in Notify even when the resident's
// record has changed before the retry: a new language (the message was
// made from the other language's template) or no address any more.
func TestLostAnswerFoundAfterTheRecordChanged(t *testing.T) {
	for _, change := range []string{"language", "address"} {
		t.Run(change, func(t *testing.T) {
			srv := fakeNotify(t)
			rcpt := notices.Recipient{Email: residentEmail, Language: councilkit.Welsh}
			ledger := new(notices.MemLedger)
			sender := &lostAnswer{Client: notifyClient(t, srv)}
			sender.lose.Store(1)
			h, _ := notices.New(cardiff, sender, notices.RecipientsFunc(func(ctx context.Context, e events.Event) (notices.Recipient, error) {
				return rcpt, nil
			}), notices.Config{Templates: templates(false), Ledger: ledger})
			r := payment(t, cardiff)
			if err := h.Handle(context.Background(), r); err == nil {
				t.Fatal("the lost answer was not an error")
			}
			if change == "language" {
				rcpt.Language = councilkit.English
			} else {
				rcpt.Email = ""
			}
			if err := h.Handle(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			sent := srv.Sent()
			o := ledger.Outcomes(cardiff, notices.StateSent)
			if len(sent) != 1 || len(o) != 1 || o[0].NotificationID != sent[0].ID || o[0].Reason != "found_by_reference" {
				t.Errorf("%d sent, outcomes %+v", len(sent), ledger.Outcomes(cardiff, notices.StateNone))
			}
		})
	}
}

// An outcome stored as JSON (a database ledger) reads back the same.
func TestOutcomeJSON(t *testing.T) {
	o := notices.Outcome{Key: notices.Key{Council: cardiff, EventID: "ev-1", Channel: notices.SMS},
		Kind: notices.OfferMade, State: notices.StateFailed, Reason: "BadRequestError", Detail: "Missing personalisation: x", At: at}
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"council":"W06000015","event_id":"ev-1","channel":"sms","kind":"offer_made","state":"failed","reason":"BadRequestError","detail":"Missing personalisation: x","at":"2026-12-02T09:00:00Z"}`
	if string(b) != want {
		t.Errorf("JSON %s\nwant %s", b, want)
	}
	var back notices.Outcome
	if err := json.Unmarshal(b, &back); err != nil || back != o {
		t.Errorf("back %+v, %v", back, err)
	}
}
