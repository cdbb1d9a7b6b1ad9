package notices_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/notify"
	"github.com/lgds/councilkit/notify/notices"
)

// slowSender is a Sender whose sends take until a second send begins, or
// a while: long enough for every other attempt to reach the ledger.
type slowSender struct {
	n     atomic.Int32
	again chan struct{}
	once  sync.Once
}

func (s *slowSender) SendEmail(ctx context.Context, m notify.Email) (*notify.Sent, error) {
	if s.n.Add(1) > 1 {
		s.once.Do(func() { close(s.again) })
	}
	select {
	case <-s.again:
	case <-time.After(50 * time.Millisecond):
	}
	return &notify.Sent{ID: "740e5834-3a29-46b4-9a6f-16142fde533a"}, nil
}

func (s *slowSender) SendSMS(ctx context.Context, m notify.SMS) (*notify.Sent, error) {
	return nil, errors.New("no text messages here")
}

// Two instances given the same event at once (a redelivery while the first
// delivery is still sending) share one ledger: exactly one sends, the
// others are told to try later (ErrInProgress) or find it sent, and a
// later delivery sends nothing.
func TestHandlerConcurrentInstances(t *testing.T) {
	ledger := new(notices.MemLedger)
	sender := &slowSender{again: make(chan struct{})}
	tpl := notices.Templates{PaymentReceipt: notices.Message{Email: templates(false).PaymentReceipt.Email}}
	var hs [2]*notices.Handler
	for i := range hs {
		h, err := notices.New(cardiff, sender, resident(councilkit.English), notices.Config{
			Templates: tpl, Ledger: ledger, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		hs[i] = h
	}
	data, _ := json.Marshal(events.Payment{PaymentID: "pay-1", Reference: "CT-0042", AmountPence: 100, Status: "success"})
	e := events.Event{SpecVersion: events.SpecVersion, ID: "ev-twice", Source: "/councils/W06000015/payment",
		Type: events.PaymentSucceeded, Subject: "pay-1", Time: at, Council: cardiff,
		Actor: events.Actor{Kind: events.ActorProvider, ID: "govukpay"}, Data: data}
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { errs[i] = hs[i%2].Handle(context.Background(), events.Record{Seq: 1, Event: e}) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil && !errors.Is(err, notices.ErrInProgress) {
			t.Errorf("Handle: %v", err)
		}
	}
	if got := sender.n.Load(); got != 1 {
		t.Fatalf("sent %d times, want once", got)
	}
	for _, h := range hs {
		if err := h.Handle(context.Background(), events.Record{Seq: 1, Event: e}); err != nil {
			t.Errorf("a later delivery: %v", err)
		}
	}
	if got := sender.n.Load(); got != 1 || len(ledger.Outcomes(cardiff, notices.StateSent)) != 1 {
		t.Errorf("after later deliveries: sent %d times, %d recorded sent", got, len(ledger.Outcomes(cardiff, notices.StateSent)))
	}
}

// A claim whose attempt never finished (the process stopped between the
// claim and the record) lapses after ClaimTimeout, and the message is then
// sent; before, the event is given again later.
func TestHandlerClaimLapses(t *testing.T) {
	ledger := new(notices.MemLedger)
	clock := councilkit.NewFixedClock(at)
	sender := new(stubSender)
	tpl := notices.Templates{PaymentReceipt: notices.Message{Email: templates(false).PaymentReceipt.Email}}
	h, err := notices.New(cardiff, sender, resident(councilkit.English), notices.Config{Templates: tpl, Ledger: ledger,
		Clock: clock, ClaimTimeout: 5 * time.Minute, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(events.Payment{PaymentID: "pay-1", Reference: "CT-0042", AmountPence: 100, Status: "success"})
	e := events.Event{SpecVersion: events.SpecVersion, ID: "ev-crash", Source: "/councils/W06000015/payment",
		Type: events.PaymentSucceeded, Subject: "pay-1", Time: at, Council: cardiff,
		Actor: events.Actor{Kind: events.ActorSystem}, Data: data}
	// The crashed attempt's claim.
	if _, ok, err := ledger.Claim(context.Background(), notices.Outcome{Key: notices.Key{Council: cardiff, EventID: e.ID, Channel: notices.Email},
		Kind: notices.PaymentReceipt, State: notices.StatePending, At: at}, at, false); !ok || err != nil {
		t.Fatal(ok, err)
	}
	clock.Set(at.Add(5 * time.Minute))
	if err := h.Handle(context.Background(), events.Record{Seq: 1, Event: e}); !errors.Is(err, notices.ErrInProgress) || sender.n.Load() != 0 {
		t.Fatalf("within the timeout: %v, %d sent", err, sender.n.Load())
	}
	clock.Set(at.Add(5*time.Minute + time.Second))
	if err := h.Handle(context.Background(), events.Record{Seq: 1, Event: e}); err != nil || sender.n.Load() != 1 {
		t.Fatalf("after the timeout: %v, %d sent", err, sender.n.Load())
	}
}
