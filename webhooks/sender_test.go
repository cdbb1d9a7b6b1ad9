package webhooks_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/webhooks"
	"github.com/lgds/councilkit/webhooks/webhookstest"
)

var (
	lambeth = webhookstest.Lambeth
	camden  = webhookstest.Camden
)

// received is one request a test receiver got.
type received struct {
	id, ts, sig string
	body        []byte
	header      http.Header
	verified    error
}

// receiver is a back office under test: it records every request,
// verifies it with its secrets at the sender's clock, and answers as
// answer says for the nth request (from 1).
type receiver struct {
	srv     *httptest.Server
	clock   councilkit.Clock
	mu      sync.Mutex
	secrets []webhooks.Secret
	got     []received
	answer  func(n int, w http.ResponseWriter, r *http.Request)
}

func newReceiver(t testing.TB, clock councilkit.Clock, answer func(n int, w http.ResponseWriter, r *http.Request), secrets ...webhooks.Secret) *receiver {
	t.Helper()
	rc := &receiver{clock: clock, secrets: secrets, answer: answer}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		_, verr := webhooks.Verify(r.Header, body, rc.clock.Now(), rc.secrets...)
		rc.got = append(rc.got, received{r.Header.Get(webhooks.HeaderID), r.Header.Get(webhooks.HeaderTimestamp),
			r.Header.Get(webhooks.HeaderSignature), body, r.Header.Clone(), verr})
		n := len(rc.got)
		rc.mu.Unlock()
		if verr != nil {
			http.Error(w, "not verified", http.StatusUnauthorized)
			return
		}
		if rc.answer == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		rc.answer(n, w, r)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

func (rc *receiver) setSecrets(s ...webhooks.Secret) {
	rc.mu.Lock()
	rc.secrets = s
	rc.mu.Unlock()
}

// fixture is a sender over a MemStore that allows loopback http, a clock
// and helpers.
type fixture struct {
	t      testing.TB
	store  *webhooks.MemStore
	clock  *councilkit.FixedClock
	sender *webhooks.Sender
}

func newFixture(t testing.TB, cfg webhooks.Config) *fixture {
	t.Helper()
	f := &fixture{t: t, store: webhooks.NewMemStore(webhooks.Rules{AllowLoopbackHTTP: true}),
		clock: councilkit.NewFixedClock(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))}
	cfg.Clock = f.clock
	if cfg.Client == nil {
		// A transport of the test's own, whose idle connections close
		// with the test, rather than http.DefaultTransport's.
		tr := &http.Transport{}
		t.Cleanup(tr.CloseIdleConnections)
		cfg.Client = &http.Client{Transport: tr}
	}
	s, err := webhooks.NewSender(f.store, cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.sender = s
	return f
}

func (f *fixture) register(c councilkit.Council, url string, secrets ...webhooks.Secret) *webhooks.Endpoint {
	f.t.Helper()
	e := &webhooks.Endpoint{URL: url, Types: []events.Type{events.PaymentSucceeded}, Secrets: secrets, Created: f.clock.Now()}
	if err := f.store.CreateEndpoint(context.Background(), c, e); err != nil {
		f.t.Fatal(err)
	}
	return e
}

var eventSeq atomic.Int64

func (f *fixture) event(c councilkit.Council, typ events.Type) events.Record {
	f.t.Helper()
	n := eventSeq.Add(1)
	id := fmt.Sprintf("pay_%d", n)
	var data any = events.Payment{PaymentID: id, Reference: "GW-2026-0042", AmountPence: 4500, Status: "success", FundCode: "GW100"}
	if typ == events.PaymentRefunded {
		data = events.Refund{PaymentID: id, RefundID: "r1", AmountPence: 100}
	}
	e, err := events.New(c, typ, id, f.clock.Now(), events.Actor{Kind: events.ActorProvider, ID: "govukpay"}, data)
	if err != nil {
		f.t.Fatal(err)
	}
	return events.Record{Seq: n, Event: e}
}

func (f *fixture) delivery(c councilkit.Council, epID, evID string) *webhooks.Delivery {
	f.t.Helper()
	d, err := f.store.GetDeliveryOf(context.Background(), c, epID, evID)
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

var (
	secretOld = webhookstest.MustSecret(webhookstest.SecretA)
	secretNew = webhookstest.MustSecret(webhookstest.SecretB)
)

// A delivery is a POST of the event's CloudEvents JSON, signed per
// Standard Webhooks with webhook-id the event's ID; a receiver that
// answers 2xx is not sent the event again when the engine hands the same
// event over a second time (a duplicate).
func TestSenderDeliversOnceSigned(t *testing.T) {
	f := newFixture(t, webhooks.Config{})
	rc := newReceiver(t, f.clock, nil, secretOld)
	ep := f.register(lambeth, rc.srv.URL+"/hooks", secretOld)
	r := f.event(lambeth, events.PaymentSucceeded)
	ctx := context.Background()
	for range 2 { // the engine's duplicate
		if err := f.sender.Handle(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	got := rc.requests()
	if len(got) != 1 {
		t.Fatalf("receiver got %d requests, want 1", len(got))
	}
	want, _ := json.Marshal(r.Event)
	if g := got[0]; g.verified != nil || g.id != r.Event.ID || !bytes.Equal(g.body, want) ||
		g.header.Get("Content-Type") != "application/cloudevents+json; charset=utf-8" ||
		g.header.Get("User-Agent") != webhooks.DefaultUserAgent || g.ts != fmt.Sprint(f.clock.Now().Unix()) {
		t.Errorf("request: id %s ts %s verified %v headers %v body %s", g.id, g.ts, g.verified, g.header, g.body)
	}
	back, _, err := events.Decode(got[0].body)
	if err != nil || back.ID != r.Event.ID {
		t.Errorf("body does not decode as the event: %v", err)
	}
	d := f.delivery(lambeth, ep.ID, r.Event.ID)
	if d.State != webhooks.Delivered || len(d.Attempts) != 1 || d.Attempts[0].Status != 204 || !d.Attempts[0].OK() {
		t.Errorf("delivery %+v", d)
	}
}

// The 500-then-200 receiver: the first attempt fails and Handle says so
// (the engine retries); the retry carries the same webhook-id and body,
// and succeeds.
func TestSender500Then200(t *testing.T) {
	f := newFixture(t, webhooks.Config{})
	rc := newReceiver(t, f.clock, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			http.Error(w, "database unavailable", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	}, secretOld)
	ep := f.register(lambeth, rc.srv.URL, secretOld)
	r := f.event(lambeth, events.PaymentSucceeded)
	ctx := context.Background()
	err := f.sender.Handle(ctx, r)
	if !errors.Is(err, webhooks.ErrDeliveryFailed) {
		t.Fatalf("first Handle: %v, want ErrDeliveryFailed", err)
	}
	if strings.Contains(err.Error(), rc.srv.URL) {
		t.Errorf("error repeats the URL: %v", err)
	}
	if d := f.delivery(lambeth, ep.ID, r.Event.ID); d.State != webhooks.Pending || d.Attempts[0].Status != 500 || d.Attempts[0].Error != webhooks.ErrorStatus {
		t.Errorf("after the 500: %+v", d)
	}
	f.clock.Advance(5 * time.Second)
	if err := f.sender.Handle(ctx, r); err != nil {
		t.Fatalf("retry: %v", err)
	}
	got := rc.requests()
	if len(got) != 2 || got[0].id != got[1].id || !bytes.Equal(got[0].body, got[1].body) || got[0].ts == got[1].ts {
		t.Errorf("requests %+v", got)
	}
	d := f.delivery(lambeth, ep.ID, r.Event.ID)
	if d.State != webhooks.Delivered || len(d.Attempts) != 2 || !d.FirstAttempt.Equal(d.Attempts[0].At) || !d.LastAttempt.Equal(f.clock.Now()) {
		t.Errorf("after the 200: %+v", d)
	}
}

// A receiver that always fails: the delivery stays pending (Handle errs)
// until GiveUpAfter has passed since the first attempt, then goes dead
// (Handle no longer errs, nothing more is sent), where an officer sees it
// and replays it once the receiver is fixed.
func TestSenderGivesUpThenReplay(t *testing.T) {
	f := newFixture(t, webhooks.Config{GiveUpAfter: 24 * time.Hour})
	var fixed atomic.Bool
	rc := newReceiver(t, f.clock, func(_ int, w http.ResponseWriter, _ *http.Request) {
		if fixed.Load() {
			w.WriteHeader(http.StatusAccepted)
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	}, secretOld)
	ep := f.register(lambeth, rc.srv.URL, secretOld)
	r := f.event(lambeth, events.PaymentSucceeded)
	ctx := context.Background()
	for _, wait := range []time.Duration{0, 5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour} {
		f.clock.Advance(wait)
		if err := f.sender.Handle(ctx, r); !errors.Is(err, webhooks.ErrDeliveryFailed) {
			t.Fatalf("Handle %v in: %v, want ErrDeliveryFailed", wait, err)
		}
	}
	// 17h35m05s so far; the next attempt is past 24 hours.
	f.clock.Advance(7 * time.Hour)
	if err := f.sender.Handle(ctx, r); err != nil {
		t.Fatalf("Handle past GiveUpAfter: %v, want nil", err)
	}
	d := f.delivery(lambeth, ep.ID, r.Event.ID)
	if d.State != webhooks.Dead || len(d.Attempts) != 8 || len(rc.requests()) != 8 {
		t.Fatalf("after giving up: state %v, %d attempts, %d requests", d.State, len(d.Attempts), len(rc.requests()))
	}
	f.clock.Advance(time.Hour)
	if err := f.sender.Handle(ctx, r); err != nil || len(rc.requests()) != 8 {
		t.Errorf("Handle of a dead delivery: %v, %d requests", err, len(rc.requests()))
	}
	dead, err := f.store.ListDeliveries(ctx, lambeth, webhooks.DeliveryFilter{States: []webhooks.DeliveryState{webhooks.Dead}})
	if err != nil || len(dead) != 1 || dead[0].ID != d.ID {
		t.Fatalf("officer's dead letters: %v, %v", dead, err)
	}
	// A replay while the receiver is still down records the attempt and
	// leaves the delivery dead.
	if got, err := f.sender.Replay(ctx, lambeth, d.ID); !errors.Is(err, webhooks.ErrDeliveryFailed) || got.State != webhooks.Dead {
		t.Errorf("replay to a broken receiver: %v", err)
	}
	fixed.Store(true)
	got, err := f.sender.Replay(ctx, lambeth, d.ID)
	if err != nil || got.State != webhooks.Delivered {
		t.Fatalf("replay: %v, %+v", err, got)
	}
	last := got.Attempts[len(got.Attempts)-1]
	if !last.Replay || last.Status != 202 || len(got.Attempts) != 10 {
		t.Errorf("replay attempt %+v of %d", last, len(got.Attempts))
	}
	reqs := rc.requests()
	if reqs[len(reqs)-1].id != r.Event.ID || reqs[len(reqs)-1].verified != nil {
		t.Errorf("replay request %+v", reqs[len(reqs)-1])
	}
	// Another council cannot see or replay it.
	if _, err := f.sender.Replay(ctx, camden, d.ID); !errors.Is(err, webhooks.ErrNotFound) {
		t.Errorf("Camden replaying Lambeth's delivery: %v", err)
	}
	if _, err := f.sender.Replay(ctx, lambeth, "nope"); !errors.Is(err, webhooks.ErrNotFound) {
		t.Errorf("replay of no delivery: %v", err)
	}
}

// A receiver that never answers: every request has a deadline, so Handle
// returns (with a timeout attempt) instead of waiting for ever. If it did
// not, this test would hang until the receiver is closed at cleanup.
func TestSenderTimeout(t *testing.T) {
	f := newFixture(t, webhooks.Config{Timeout: 50 * time.Millisecond})
	stop := make(chan struct{})
	rc := newReceiver(t, f.clock, func(_ int, w http.ResponseWriter, r *http.Request) {
		select {
		case <-stop:
		case <-r.Context().Done():
		}
	}, secretOld)
	t.Cleanup(func() { close(stop) })
	ep := f.register(lambeth, rc.srv.URL, secretOld)
	r := f.event(lambeth, events.PaymentSucceeded)
	if err := f.sender.Handle(context.Background(), r); !errors.Is(err, webhooks.ErrDeliveryFailed) {
		t.Fatalf("Handle: %v", err)
	}
	if d := f.delivery(lambeth, ep.ID, r.Event.ID); d.Attempts[0].Error != webhooks.ErrorTimeout || d.Attempts[0].Status != 0 {
		t.Errorf("attempt %+v", d.Attempts[0])
	}
}

// Redirects are failures and are not followed (Standard Webhooks 1.0.0,
// "Delivery success and failure": 3xx is a failure; update the URL
// instead), whatever client the caller gives.
func TestSenderRedirectNotFollowed(t *testing.T) {
	for _, client := range []*http.Client{nil, {}, http.DefaultClient} {
		f := newFixture(t, webhooks.Config{Client: client})
		target := newReceiver(t, f.clock, nil, secretOld)
		rc := newReceiver(t, f.clock, func(_ int, w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target.srv.URL, http.StatusTemporaryRedirect)
		}, secretOld)
		ep := f.register(lambeth, rc.srv.URL, secretOld)
		r := f.event(lambeth, events.PaymentSucceeded)
		if err := f.sender.Handle(context.Background(), r); !errors.Is(err, webhooks.ErrDeliveryFailed) {
			t.Fatalf("Handle: %v", err)
		}
		if n := len(target.requests()); n != 0 {
			t.Errorf("the redirect was followed: %d requests", n)
		}
		if a := f.delivery(lambeth, ep.ID, r.Event.ID).Attempts[0]; a.Error != webhooks.ErrorRedirect || a.Status != 307 {
			t.Errorf("attempt %+v", a)
		}
	}
	if http.DefaultClient.CheckRedirect != nil {
		t.Error("NewSender changed http.DefaultClient")
	}
}

// Garbage: a 200 with a huge body is a delivery (the body is read only up
// to MaxResponseBytes); an answer that is not HTTP, a connection closed
// mid-answer and a receiver that is down are connection failures.
func TestSenderGarbageAndDown(t *testing.T) {
	f := newFixture(t, webhooks.Config{MaxResponseBytes: 1024})
	big := newReceiver(t, f.clock, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
		junk := bytes.Repeat([]byte{0xff, '<', 0}, 1<<16)
		for range 64 { // 12 MiB, more than anyone should read
			if _, err := w.Write(junk); err != nil {
				return
			}
		}
	}, secretOld)
	notHTTP := newReceiver(t, f.clock, func(_ int, w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		_, _ = buf.WriteString("\x00\x01garbage, not HTTP\r\n\r\n")
		_ = buf.Flush()
		_ = conn.Close()
	}, secretOld)
	cut := newReceiver(t, f.clock, func(_ int, w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort")
		_ = buf.Flush()
		_ = conn.Close()
	}, secretOld)
	down := httptest.NewServer(http.NotFoundHandler())
	downURL := down.URL
	down.Close()

	epBig := f.register(lambeth, big.srv.URL, secretOld)
	epNotHTTP := f.register(lambeth, notHTTP.srv.URL, secretOld)
	epCut := f.register(lambeth, cut.srv.URL, secretOld)
	epDown := f.register(lambeth, downURL, secretOld)
	r := f.event(lambeth, events.PaymentSucceeded)
	err := f.sender.Handle(context.Background(), r)
	if !errors.Is(err, webhooks.ErrDeliveryFailed) {
		t.Fatalf("Handle: %v", err)
	}
	for _, c := range []struct {
		name  string
		ep    *webhooks.Endpoint
		state webhooks.DeliveryState
		class string
	}{
		{"huge 200", epBig, webhooks.Delivered, ""},
		{"not HTTP", epNotHTTP, webhooks.Pending, webhooks.ErrorConnection},
		{"down", epDown, webhooks.Pending, webhooks.ErrorConnection},
	} {
		d := f.delivery(lambeth, c.ep.ID, r.Event.ID)
		if d.State != c.state || d.Attempts[0].Error != c.class {
			t.Errorf("%s: %v %+v", c.name, d.State, d.Attempts[0])
		}
	}
	// A 200 whose body is cut short still said 200 before the cut: the
	// receiver accepted the event.
	if d := f.delivery(lambeth, epCut.ID, r.Event.ID); d.State != webhooks.Delivered {
		t.Errorf("cut short after 200: %v %+v", d.State, d.Attempts)
	}
}

// Secret rotation: the endpoint signs with both secrets while rotating,
// so a receiver with either verifies; after Retire only the new one
// signs, and a receiver still on the old one refuses (401), which is a
// failed attempt.
func TestSenderSecretRotation(t *testing.T) {
	f := newFixture(t, webhooks.Config{})
	ctx := context.Background()
	rc := newReceiver(t, f.clock, nil, secretOld)
	ep := f.register(lambeth, rc.srv.URL, secretOld)
	send := func() (events.Record, error) {
		r := f.event(lambeth, events.PaymentSucceeded)
		return r, f.sender.Handle(ctx, r)
	}
	if _, err := send(); err != nil {
		t.Fatalf("before rotation: %v", err)
	}
	if _, err := webhooks.ModifyEndpoint(ctx, f.store, lambeth, ep.ID, func(e *webhooks.Endpoint) error { return e.Rotate(secretNew) }); err != nil {
		t.Fatal(err)
	}
	if _, err := send(); err != nil {
		t.Fatalf("rotating, receiver on the old secret: %v", err)
	}
	if n := len(strings.Fields(rc.requests()[1].sig)); n != 2 {
		t.Errorf("rotating: %d signatures, want 2", n)
	}
	rc.setSecrets(secretNew)
	if _, err := send(); err != nil {
		t.Fatalf("rotating, receiver on the new secret: %v", err)
	}
	if _, err := webhooks.ModifyEndpoint(ctx, f.store, lambeth, ep.ID, func(e *webhooks.Endpoint) error { e.Retire(); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := send(); err != nil {
		t.Fatalf("after rotation: %v", err)
	}
	rc.setSecrets(secretOld)
	r, err := send()
	if !errors.Is(err, webhooks.ErrDeliveryFailed) {
		t.Fatalf("receiver left on the retired secret: %v", err)
	}
	if a := f.delivery(lambeth, ep.ID, r.Event.ID).Attempts[0]; a.Status != 401 {
		t.Errorf("attempt %+v", a)
	}
	reqs := rc.requests()
	if !errors.Is(reqs[len(reqs)-1].verified, webhooks.ErrSignature) {
		t.Errorf("last verification: %v", reqs[len(reqs)-1].verified)
	}
}

// Only the event's council's enabled endpoints that want its type are
// called.
func TestSenderChoosesEndpoints(t *testing.T) {
	f := newFixture(t, webhooks.Config{})
	ctx := context.Background()
	mine := newReceiver(t, f.clock, nil, secretOld)
	other := newReceiver(t, f.clock, nil, secretOld)
	off := newReceiver(t, f.clock, nil, secretOld)
	refunds := newReceiver(t, f.clock, nil, secretOld)
	f.register(lambeth, mine.srv.URL, secretOld)
	f.register(camden, other.srv.URL, secretOld)
	disabled := f.register(lambeth, off.srv.URL, secretOld)
	disabled.Disabled = true
	if err := f.store.UpdateEndpoint(ctx, lambeth, disabled); err != nil {
		t.Fatal(err)
	}
	re := f.register(lambeth, refunds.srv.URL, secretOld)
	re.Types = []events.Type{events.PaymentRefunded}
	if err := f.store.UpdateEndpoint(ctx, lambeth, re); err != nil {
		t.Fatal(err)
	}
	if err := f.sender.Handle(ctx, f.event(lambeth, events.PaymentSucceeded)); err != nil {
		t.Fatal(err)
	}
	if err := f.sender.Handle(ctx, f.event(lambeth, events.PaymentRefunded)); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		rc   *receiver
		want int
	}{"mine": {mine, 1}, "other council's": {other, 0}, "disabled": {off, 0}, "refunds only": {refunds, 1}} {
		if n := len(c.rc.requests()); n != c.want {
			t.Errorf("%s endpoint: %d requests, want %d", name, n, c.want)
		}
	}
	if ds, _ := f.store.ListDeliveries(ctx, camden, webhooks.DeliveryFilter{}); len(ds) != 0 {
		t.Errorf("Camden has %d deliveries of Lambeth's events", len(ds))
	}
	// An event with no endpoints is done.
	if err := f.sender.Handle(ctx, f.event(camden, events.PaymentRefunded)); err != nil {
		t.Error(err)
	}
}

// Many events handled at once, each twice (the engine's duplicates), with
// replays in between, to a steady and a flaky receiver: no race, every
// delivery ends delivered, one delivery record per (endpoint, event), and
// every event reaches each receiver at least once with its own ID.
func TestSenderConcurrent(t *testing.T) {
	f := newFixture(t, webhooks.Config{Concurrency: 2})
	ctx := context.Background()
	steady := newReceiver(t, f.clock, nil, secretOld)
	flaky := newReceiver(t, f.clock, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n%3 == 0 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusOK)
	}, secretOld)
	f.register(lambeth, steady.srv.URL, secretOld)
	epFlaky := f.register(lambeth, flaky.srv.URL, secretOld)
	const n = 12
	recs := make([]events.Record, n)
	for i := range recs {
		recs[i] = f.event(lambeth, events.PaymentSucceeded)
	}
	var wg sync.WaitGroup
	for i := range 2 * n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := recs[i%n]
			for try := 0; ; try++ {
				err := f.sender.Handle(ctx, r)
				if err == nil {
					return
				}
				if !errors.Is(err, webhooks.ErrDeliveryFailed) || try > 20 {
					t.Error(err)
					return
				}
				if i%5 == 0 {
					if d, err := f.store.GetDeliveryOf(ctx, lambeth, epFlaky.ID, r.Event.ID); err == nil {
						_, _ = f.sender.Replay(ctx, lambeth, d.ID)
					}
				}
			}
		}()
	}
	wg.Wait()
	ds, err := f.store.ListDeliveries(ctx, lambeth, webhooks.DeliveryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2*n {
		t.Errorf("%d deliveries, want %d", len(ds), 2*n)
	}
	for _, d := range ds {
		if d.State != webhooks.Delivered {
			t.Errorf("delivery %s: %v", d.ID, d.State)
		}
	}
	for name, rc := range map[string]*receiver{"steady": steady, "flaky": flaky} {
		seen := map[string]bool{}
		for _, g := range rc.requests() {
			if g.verified != nil {
				t.Errorf("%s: unverified request", name)
			}
			seen[g.id] = true
		}
		if len(seen) != n {
			t.Errorf("%s saw %d events, want %d", name, len(seen), n)
		}
	}
}

func TestNewSenderRefusesBadConfig(t *testing.T) {
	if _, err := webhooks.NewSender(nil, webhooks.Config{}); !errors.Is(err, webhooks.ErrConfig) {
		t.Errorf("nil store: %v", err)
	}
	for _, cfg := range []webhooks.Config{{Timeout: -1}, {GiveUpAfter: -1}, {MaxResponseBytes: -1}, {Concurrency: -1}, {UserAgent: "x\r\nX-Evil: 1"}} {
		if _, err := webhooks.NewSender(new(webhooks.MemStore), cfg); !errors.Is(err, webhooks.ErrConfig) {
			t.Errorf("%+v: %v", cfg, err)
		}
	}
	s, err := webhooks.NewSender(new(webhooks.MemStore), webhooks.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if sub := s.Subscriber(); sub.Name != webhooks.SubscriberName || sub.Handler != s || !sub.Wants(events.PlanningApplicationAppealed) {
		t.Errorf("Subscriber %+v", sub)
	}
}

// An endpoint logs without its secrets or its URL's query.
func TestEndpointLogsRedacted(t *testing.T) {
	e := webhookstest.NewEndpoint(lambeth, "ep1")
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("registered", "endpoint", e, "copy", *e)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("registered", "endpoint", e, "copy", *e)
	out := buf.String()
	for _, leak := range []string{"MfKQ", "token=abc", "abc"} {
		if strings.Contains(out, leak) {
			t.Errorf("log shows %q: %s", leak, out)
		}
	}
	if !strings.Contains(out, "ledger.example.gov.uk/hooks/councilkit") {
		t.Errorf("log lacks the URL's host and path: %s", out)
	}
	b, _ := json.Marshal(e)
	if strings.Contains(string(b), "MfKQ") || strings.Contains(string(b), "whsec") {
		t.Errorf("JSON shows a secret: %s", b)
	}
	if s := fmt.Sprintf("%+v", e); strings.Contains(s, "MfKQ") {
		t.Errorf("%%+v shows a secret: %s", s)
	}
}

// 410 Gone: the receiver wants no more events. The delivery goes dead at
// once and the endpoint is disabled (Standard Webhooks 1.0.0, "Delivery
// success and failure": "Sender should disable the webhook endpoint, and
// stop sending it messages"); later events are not sent to it.
func TestSenderGoneDisablesEndpoint(t *testing.T) {
	f := newFixture(t, webhooks.Config{})
	ctx := context.Background()
	rc := newReceiver(t, f.clock, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusGone)
	}, secretOld)
	ep := f.register(lambeth, rc.srv.URL, secretOld)
	r := f.event(lambeth, events.PaymentSucceeded)
	if err := f.sender.Handle(ctx, r); err != nil {
		t.Fatalf("Handle: %v", err)
	}
	if d := f.delivery(lambeth, ep.ID, r.Event.ID); d.State != webhooks.Dead || d.Attempts[0].Status != 410 {
		t.Errorf("delivery %v %+v", d.State, d.Attempts)
	}
	got, err := f.store.GetEndpoint(ctx, lambeth, ep.ID)
	if err != nil || !got.Disabled {
		t.Fatalf("endpoint after 410: disabled %v, %v", got.Disabled, err)
	}
	if err := f.sender.Handle(ctx, f.event(lambeth, events.PaymentSucceeded)); err != nil || len(rc.requests()) != 1 {
		t.Errorf("after 410: %v, %d requests", err, len(rc.requests()))
	}
}

// The engine gives a Handle call a deadline (the in-process Dispatcher one
// minute by default). A receiver slower than that still gets its attempt
// recorded as a timeout, with its first attempt time, so the delivery is
// given up on in time; a Handle whose context was cancelled (the engine
// stopping) records nothing, since the receiver did not fail.
func TestSenderEngineDeadlineAndCancel(t *testing.T) {
	f := newFixture(t, webhooks.Config{Timeout: time.Minute})
	stop := make(chan struct{})
	rc := newReceiver(t, f.clock, func(_ int, w http.ResponseWriter, r *http.Request) {
		select {
		case <-stop:
		case <-r.Context().Done():
		}
	}, secretOld)
	t.Cleanup(func() { close(stop) })
	ep := f.register(lambeth, rc.srv.URL, secretOld)
	r := f.event(lambeth, events.PaymentSucceeded)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := f.sender.Handle(ctx, r); !errors.Is(err, webhooks.ErrDeliveryFailed) {
		t.Fatalf("Handle past the engine's deadline: %v", err)
	}
	d := f.delivery(lambeth, ep.ID, r.Event.ID)
	if len(d.Attempts) != 1 || d.Attempts[0].Error != webhooks.ErrorTimeout || d.FirstAttempt.IsZero() {
		t.Fatalf("attempts %+v", d.Attempts)
	}

	r2 := f.event(lambeth, events.PaymentSucceeded)
	cctx, ccancel := context.WithCancel(context.Background())
	go func() {
		for len(rc.requests()) < 2 {
			time.Sleep(time.Millisecond)
		}
		ccancel()
	}()
	if err := f.sender.Handle(cctx, r2); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Handle: %v", err)
	}
	if d := f.delivery(lambeth, ep.ID, r2.Event.ID); len(d.Attempts) != 0 || d.State != webhooks.Pending {
		t.Errorf("a cancelled attempt was recorded: %+v", d.Attempts)
	}
	if _, err := f.sender.Replay(cctx, lambeth, d.ID); !errors.Is(err, context.Canceled) {
		t.Errorf("Replay with a cancelled context: %v", err)
	}
}
