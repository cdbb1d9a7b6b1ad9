package main

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/notify/notifyfake"
	"github.com/lgds/councilkit/webhooks"
)

// receiver is a back-office system receiving the portal's webhooks: it
// checks every delivery with webhooks.Verify, as the package's contract
// tells receivers to, and answers status.
type receiver struct {
	t      *testing.T
	ts     *httptest.Server
	now    func() time.Time
	status atomic.Int32

	mu       sync.Mutex
	secret   webhooks.Secret
	verified []events.Event
	refused  int
}

func newReceiver(t *testing.T, now func() time.Time) *receiver {
	rc := &receiver{t: t, now: now}
	rc.status.Store(http.StatusNoContent)
	rc.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if _, err := webhooks.Verify(r.Header, body, rc.now(), rc.secret); err != nil {
			rc.refused++
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var e events.Event
		if err := json.Unmarshal(body, &e); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		rc.verified = append(rc.verified, e)
		w.WriteHeader(int(rc.status.Load()))
	}))
	t.Cleanup(rc.ts.Close)
	return rc
}

func (rc *receiver) setSecret(s webhooks.Secret) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.secret = s
}

func (rc *receiver) got() ([]events.Event, int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]events.Event(nil), rc.verified...), rc.refused
}

// eventually waits up to five seconds for cond, which the dispatcher
// running in the background makes true.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var secretRE = regexp.MustCompile(`<code id="secret">(whsec_[A-Za-z0-9+/=]+)</code>`)

// registerEndpoint registers url for types on the officer page and
// returns the secret the page shows once.
func registerEndpoint(t *testing.T, officer *browser, endpoint string, types ...events.Type) webhooks.Secret {
	t.Helper()
	form := url.Values{"url": {endpoint}, "description": {"Finance ledger"}}
	for _, ty := range types {
		form.Add("types", string(ty))
	}
	pg := officer.submit(webhooksPath, form)
	mustStatus(t, pg, http.StatusOK)
	m := secretRE.FindStringSubmatch(html.UnescapeString(pg.Body))
	if m == nil {
		t.Fatalf("no secret shown:\n%s", pg.Body)
	}
	s, err := webhooks.ParseSecret(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sentTo returns the fake Notify's messages to an address.
func sentTo(p *portal, to string) []notifyfake.Message {
	var out []notifyfake.Message
	for _, m := range p.srv.ev.fake.Sent() {
		if m.To == to {
			out = append(out, m)
		}
	}
	return out
}

const residentEmail = "alex.example@example.com"

// TestPaymentSendsReceiptAndWebhook is the whole path of a change: a
// resident pays, the payments store records payment.succeeded in the
// shared event log, and the dispatcher gives it to the notices
// subscriber (a receipt through the fake Notify, in the resident's
// language) and to the webhook sender (a signed delivery that the
// receiver verifies). It runs on each kind of store: in memory (an
// in-process dispatcher), and with the SQLite -data directory and
// PostgreSQL, where the database delivers with River (before River was
// wired in, those recorded the event and never sent it).
func TestPaymentSendsReceiptAndWebhook(t *testing.T) {
	for _, st := range []struct {
		name  string
		store func(t *testing.T) func(*config)
	}{
		{"memory", func(*testing.T) func(*config) { return func(*config) {} }},
		{"sqlite", func(t *testing.T) func(*config) {
			dir := t.TempDir()
			return func(c *config) { c.DataDir = dir }
		}},
		{"postgres", func(t *testing.T) func(*config) {
			u := newPostgresDatabase(t)
			return func(c *config) { c.PostgresURL = u }
		}},
	} {
		t.Run(st.name, func(t *testing.T) { testPaymentSendsReceiptAndWebhook(t, st.store) })
	}
}

// With the -data directory the SQLite database delivers the events with
// River (durably: an event recorded is delivered after a restart), not
// the in-process dispatcher, which forgot undelivered events on exit.
func TestSQLiteDeliversWithRiver(t *testing.T) {
	dir := t.TempDir()
	p := newPortalWith(t, func(c *config) { c.DataDir = dir })
	if !p.srv.ev.river || p.srv.ev.dispatcher != nil {
		t.Fatalf("-data portal delivers with %v, want River", p.srv.ev)
	}
}

func testPaymentSendsReceiptAndWebhook(t *testing.T, store func(t *testing.T) func(*config)) {
	for _, tc := range []struct {
		lang, subject, body string
	}{
		{"en", "Payment received: T-1", "Ashdown Vale Council has received your payment of £12.34 on 23 November 2026. Reference: T-1."},
		{"cy", "Taliad wedi dod i law: T-1", "Mae Cyngor Dyffryn Ashdown wedi cael eich taliad o £12.34 ar 23 Tachwedd 2026. Cyfeirnod: T-1."},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			p := newPortalWith(t, store(t))
			withTestPayment(p)
			rc := newReceiver(t, p.clock.Now)
			officer := p.browser()
			officer.signIn("officer")
			rc.setSecret(registerEndpoint(t, officer, rc.ts.URL+"/hooks", events.PaymentSucceeded))

			b := p.browser()
			b.get("/?lang=" + tc.lang)
			b.signIn("resident")
			pg := b.payWith(b.startTestPayment(), "4444333322221111")
			mustStatus(t, pg, http.StatusOK)

			eventually(t, "the receipt", func() bool { return len(sentTo(p, residentEmail)) == 1 })
			m := sentTo(p, residentEmail)[0]
			if m.Subject != tc.subject || m.Body != tc.body {
				t.Errorf("receipt %q / %q, want %q / %q", m.Subject, m.Body, tc.subject, tc.body)
			}
			eventually(t, "the webhook", func() bool { evs, _ := rc.got(); return len(evs) == 1 })
			evs, refused := rc.got()
			if evs[0].Type != events.PaymentSucceeded || refused != 0 {
				t.Errorf("receiver verified %v (refused %d), want one payment.succeeded", evs[0].Type, refused)
			}
			if pays := p.allPayments(t); len(pays) != 1 || evs[0].Subject != pays[0].ID {
				t.Errorf("webhook subject %q, want the payment's ID", evs[0].Subject)
			}
			// The officer sees the delivery, delivered (once the sender
			// has recorded the receiver's answer).
			eventually(t, "the delivery recorded", func() bool {
				pg := officer.get(deliveriesPath + "?state=delivered")
				return pg.Status == http.StatusOK && pg.has(evs[0].ID)
			})
			pg = officer.get(deliveriesPath + "?state=delivered")
			mustContain(t, pg, "payment.succeeded.v1", evs[0].ID)
			// The development page lists the receipt for officers.
			pg = officer.get(devMessagesURL)
			mustStatus(t, pg, http.StatusOK)
			mustContain(t, pg, tc.subject)
		})
	}
}

// TestTrackingShowsOnlyOwnRecords: "Your applications and payments"
// shows the signed-in resident's records in their language, and another
// resident (here the officer, signed in as themselves) none of them.
func TestTrackingShowsOnlyOwnRecords(t *testing.T) {
	p := newPortal(t)
	withTestPayment(p)
	b := p.browser()
	b.signIn("resident")
	mustStatus(t, b.payWith(b.startTestPayment(), "4444333322221111"), http.StatusOK)
	id := p.allPayments(t)[0].ID

	for _, tc := range []struct{ lang, title, service, status string }{
		{"en", "Your applications and payments", "Payment", "Paid"},
		{"cy", "Eich ceisiadau a’ch taliadau", "Taliad", "Wedi talu"},
	} {
		pg := b.get(trackingPath + "?lang=" + tc.lang)
		mustStatus(t, pg, http.StatusOK)
		mustContain(t, pg, tc.title, `id="item-`+id+`"`, "T-1", "£12.34", ">"+tc.status+"<", tc.service)
	}

	other := p.browser()
	other.signIn("officer")
	pg := other.get(trackingPath)
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, `id="no-items"`)
	if pg.has(id) || pg.has("T-1") {
		t.Errorf("another resident's page shows the payment:\n%s", pg.Body)
	}
	pg = other.get(trackingPath + "?lang=cy")
	mustContain(t, pg, "Does gennych chi ddim ceisiadau na thaliadau eto.")
}

// TestEventPagesAccess: the timeline needs signing in; the officer pages
// refuse residents and send others to sign in; the development page
// exists only with the fake Notify, which exists only without a public
// URL.
func TestEventPagesAccess(t *testing.T) {
	p := newPortal(t)
	anon := p.browser()
	for _, path := range []string{trackingPath, webhooksPath, deliveriesPath, devMessagesURL} {
		pg := anon.get(path)
		mustStatus(t, pg, http.StatusSeeOther)
		if !strings.HasPrefix(pg.Header.Get("Location"), signInPath) {
			t.Errorf("%s: sent to %q, want sign-in", path, pg.Header.Get("Location"))
		}
	}
	res := p.browser()
	res.signIn("resident")
	for _, path := range []string{webhooksPath, deliveriesPath, devMessagesURL} {
		mustStatus(t, res.get(path), http.StatusForbidden)
	}
	for _, path := range []string{webhooksPath, webhooksPath + "/x", deliveriesPath + "/x/replay"} {
		mustStatus(t, res.submit(path, url.Values{"url": {"https://example.com/"}, "types": {string(events.PaymentSucceeded)}, "action": {"disable"}}), http.StatusForbidden)
	}
	mustStatus(t, res.get(trackingPath), http.StatusOK)

	prod := newPortalWith(t, func(c *config) { c.PublicURL = "http://127.0.0.1" })
	if prod.srv.ev.fake != nil {
		t.Fatal("a portal with a public URL started the fake Notify")
	}
	mustStatus(t, prod.browser().get(devMessagesURL), http.StatusNotFound)
}

// TestWebhookRegistrationProblems: the store's validation problems are
// shown as the GOV.UK error summary, in the page's language, and nothing
// is registered.
func TestWebhookRegistrationProblems(t *testing.T) {
	p := newPortal(t)
	officer := p.browser()
	officer.signIn("officer")
	for _, tc := range []struct{ lang, summary string }{
		{"en", "There is a problem"},
		{"cy", "Mae problem wedi codi"},
	} {
		officer.get("/?lang=" + tc.lang)
		pg := officer.submit(webhooksPath, url.Values{"url": {"http://example.com/hook"}})
		mustStatus(t, pg, http.StatusUnprocessableEntity)
		mustContain(t, pg, `id="error-summary"`, tc.summary, `href="#url"`, `href="#types"`, `id="url-error"`, `id="types-error"`, `value="http://example.com/hook"`)
	}
	eps, err := p.srv.ev.webhooks.ListEndpoints(t.Context(), p.srv.sites.list[0].council, webhooks.EndpointFilter{})
	if err != nil || len(eps) != 0 {
		t.Fatalf("endpoints %d, %v; want none", len(eps), err)
	}
	// A council with as many endpoints as the rules allow is told so.
	for range webhooks.DefaultMaxEndpoints {
		s, _ := webhooks.NewSecret()
		err := p.srv.ev.webhooks.CreateEndpoint(t.Context(), p.srv.sites.list[0].council, &webhooks.Endpoint{
			URL: "https://ledger.example/", Types: []events.Type{events.PaymentSucceeded}, Secrets: []webhooks.Secret{s}})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ lang, want string }{
		{"en", "The council has as many endpoints as allowed."},
		{"cy", "Mae gan y cyngor gynifer o bwyntiau terfyn ag a ganiateir."},
	} {
		officer.get("/?lang=" + tc.lang)
		pg := officer.submit(webhooksPath, url.Values{"url": {"https://ledger.example/2"}, "types": {string(events.PaymentSucceeded)}})
		mustStatus(t, pg, http.StatusUnprocessableEntity)
		mustContain(t, pg, `id="error-summary"`, tc.want)
	}
}

// TestWebhookRotateAndDisable: rotating shows a new secret and signs
// with both until the old is retired; a disabled endpoint gets nothing.
func TestWebhookRotateAndDisable(t *testing.T) {
	p := newPortal(t)
	officer := p.browser()
	officer.signIn("officer")
	rc := newReceiver(t, p.clock.Now)
	first := registerEndpoint(t, officer, rc.ts.URL, events.PaymentSucceeded)
	eps, err := p.srv.ev.webhooks.ListEndpoints(t.Context(), p.srv.sites.list[0].council, webhooks.EndpointFilter{})
	if err != nil || len(eps) != 1 {
		t.Fatal(len(eps), err)
	}
	id := eps[0].ID
	pg := officer.submit(webhooksPath+"/"+id, url.Values{"action": {"rotate"}})
	mustStatus(t, pg, http.StatusOK)
	m := secretRE.FindStringSubmatch(html.UnescapeString(pg.Body))
	if m == nil || m[1] == first.Encode() {
		t.Fatalf("rotate showed no new secret")
	}
	ep, _ := p.srv.ev.webhooks.GetEndpoint(t.Context(), p.srv.sites.list[0].council, id)
	if len(ep.Secrets) != 2 || ep.Secrets[1].Encode() != m[1] {
		t.Fatalf("after rotate: %d secrets", len(ep.Secrets))
	}
	mustStatus(t, officer.submit(webhooksPath+"/"+id, url.Values{"action": {"retire"}}), http.StatusSeeOther)
	mustStatus(t, officer.submit(webhooksPath+"/"+id, url.Values{"action": {"disable"}}), http.StatusSeeOther)
	ep, _ = p.srv.ev.webhooks.GetEndpoint(t.Context(), p.srv.sites.list[0].council, id)
	if len(ep.Secrets) != 1 || ep.Secrets[0].Encode() != m[1] || !ep.Disabled {
		t.Fatalf("after retire and disable: %d secrets, disabled %v", len(ep.Secrets), ep.Disabled)
	}
	pg = officer.get(webhooksPath + "?lang=cy")
	mustContain(t, pg, "Wedi’i analluogi", "Galluogi")
	mustStatus(t, officer.submit(webhooksPath+"/"+id, url.Values{"action": {"explode"}}), http.StatusBadRequest)
	mustStatus(t, officer.submit(webhooksPath+"/no-such", url.Values{"action": {"disable"}}), http.StatusNotFound)
}

// TestDeadLetterReplay: a receiver that keeps failing for longer than
// the sender's GiveUpAfter leaves a dead letter on the officer's
// deliveries page; once it is fixed, Replay delivers it.
func TestDeadLetterReplay(t *testing.T) {
	p := newPortal(t)
	withTestPayment(p)
	rc := newReceiver(t, p.clock.Now)
	rc.status.Store(http.StatusInternalServerError)
	officer := p.browser()
	officer.signIn("officer")
	rc.setSecret(registerEndpoint(t, officer, rc.ts.URL, events.PaymentSucceeded))
	b := p.browser()
	b.signIn("resident")
	mustStatus(t, b.payWith(b.startTestPayment(), "4444333322221111"), http.StatusOK)

	deliveries := func(st webhooks.DeliveryState) []*webhooks.Delivery {
		list, err := p.srv.ev.webhooks.ListDeliveries(t.Context(), p.srv.sites.list[0].council, webhooks.DeliveryFilter{States: []webhooks.DeliveryState{st}})
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	eventually(t, "a failed attempt", func() bool {
		d := deliveries(webhooks.Pending)
		return len(d) == 1 && len(d[0].Attempts) > 0
	})
	p.clock.Advance(webhooks.DefaultGiveUpAfter + time.Hour)
	// The dispatcher's retry is due a second after it saw the failure,
	// by the test's fixed clock: move the clock on while waiting.
	eventually(t, "a dead letter", func() bool {
		p.clock.Advance(2 * time.Second)
		return len(deliveries(webhooks.Dead)) == 1
	})
	dead := deliveries(webhooks.Dead)[0]
	officer = p.browser() // the first session has expired meanwhile
	officer.signIn("officer")

	for _, tc := range []struct{ lang, state, button string }{
		{"en", "Dead letter", "Replay"},
		{"cy", "Wedi methu’n derfynol", "Ailanfon"},
	} {
		pg := officer.get(deliveriesPath + "?state=dead&lang=" + tc.lang)
		mustStatus(t, pg, http.StatusOK)
		mustContain(t, pg, `id="delivery-`+dead.ID+`"`, tc.state, tc.button, "500")
	}
	// Still broken: the replay fails and says so.
	pg := officer.submit(deliveriesPath+"/"+dead.ID+"/replay", url.Values{"state": {"dead"}})
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, `id="replay-failed"`)
	// Fixed: the replay delivers it.
	rc.status.Store(http.StatusOK)
	pg = officer.submit(deliveriesPath+"/"+dead.ID+"/replay", url.Values{"state": {"dead"}})
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, `id="replayed"`, `id="no-deliveries"`)
	if got := deliveries(webhooks.Delivered); len(got) != 1 || got[0].ID != dead.ID {
		t.Fatalf("after replay: %d delivered", len(got))
	}
	// A replay needs the form's CSRF token.
	mustStatus(t, officer.post(deliveriesPath+"/"+dead.ID+"/replay", url.Values{}), http.StatusForbidden)
	mustStatus(t, officer.submit(deliveriesPath+"/nope/replay", nil), http.StatusNotFound)
}

// TestNotifyKeyConfig: with -notify-key the portal sends through GOV.UK
// Notify with the council's templates, starts no fake and has no
// development page; a key without templates, or templates that are not
// the documented JSON, stop it starting.
func TestNotifyKeyConfig(t *testing.T) {
	fake := notifyfake.NewServer(notifyfake.Config{})
	defer fake.Close()
	dir := t.TempDir()
	good := dir + "/templates.json"
	bad := dir + "/bad.json"
	if err := os.WriteFile(good, []byte(`{"payment_receipt": {"email": {"en": "`+uuid.NewString()+`", "cy": "`+uuid.NewString()+`"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(`{"payment_reciept": {}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	p := newPortalWith(t, func(c *config) { c.NotifyKey, c.NotifyTemplates = fake.APIKey(), good })
	if p.srv.ev.fake != nil || p.srv.ev.notices == nil {
		t.Fatalf("with a key: %v", p.srv.ev)
	}
	mustStatus(t, p.browser().get(devMessagesURL), http.StatusNotFound)
	for _, tc := range []struct{ key, templates string }{
		{fake.APIKey(), ""},
		{fake.APIKey(), bad},
		{"not-a-key", good},
	} {
		cfg := config{Clock: councilkit.NewFixedClock(testNow), Log: discardLogger(), NotifyKey: tc.key, NotifyTemplates: tc.templates}
		if srv, err := newServer(t.Context(), cfg); err == nil {
			srv.Close()
			t.Errorf("key %q templates %q: started", tc.key, tc.templates)
		}
	}
}

// TestPostgresEventPages: with PostgreSQL the timeline reads the events
// table and endpoints are kept in the database (delivery there is
// River's, not wired in the portal yet).
func TestPostgresEventPages(t *testing.T) {
	dbURL := newPostgresDatabase(t)
	p := newPortalWith(t, func(c *config) { c.PostgresURL = dbURL })
	if p.srv.ev.dispatcher != nil {
		t.Fatal("an in-process dispatcher over PostgreSQL")
	}
	withTestPayment(p)
	b := p.browser()
	b.signIn("resident")
	mustStatus(t, b.payWith(b.startTestPayment(), "4444333322221111"), http.StatusOK)
	id := p.allPayments(t)[0].ID
	mustContain(t, b.get(trackingPath), `id="item-`+id+`"`, ">Paid<", "£12.34")

	officer := p.browser()
	officer.signIn("officer")
	registerEndpoint(t, officer, "https://ledger.example/hooks", events.PaymentSucceeded)
	mustContain(t, officer.get(webhooksPath), "https://ledger.example/hooks")
	mustStatus(t, officer.get(deliveriesPath), http.StatusOK)
}
