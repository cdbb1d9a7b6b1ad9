package notices_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/notify"
	"github.com/lgds/councilkit/notify/notices"
)

// stubSender accepts every message without HTTP.
type stubSender struct{ n atomic.Int32 }

func (s *stubSender) SendEmail(ctx context.Context, m notify.Email) (*notify.Sent, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	s.n.Add(1)
	return &notify.Sent{ID: "740e5834-3a29-46b4-9a6f-16142fde533a"}, nil
}

func (s *stubSender) SendSMS(ctx context.Context, m notify.SMS) (*notify.Sent, error) {
	s.n.Add(1)
	return &notify.Sent{ID: "740e5834-3a29-46b4-9a6f-16142fde533b"}, nil
}

// Whatever an event's data holds, Handle neither panics nor asks for the
// event again: the message is sent, or recorded as failed ("bad_event").
func FuzzEventData(f *testing.F) {
	for _, k := range kinds {
		b, _ := json.Marshal(k.EventType().NewPayload())
		f.Add(uint8(k), b)
	}
	f.Add(uint8(notices.PlanningDecided), []byte(`{"decision":"none"}`))
	f.Add(uint8(notices.PaymentReceipt), []byte(`{"amount_pence":-9223372036854775808}`))
	f.Add(uint8(notices.OfferMade), []byte(`{"respond_by":"2027-02-30"}`))
	f.Add(uint8(notices.ApplicationReceived), []byte(`[]`))
	f.Fuzz(func(t *testing.T, k uint8, data []byte) {
		kind := notices.Kind(k%uint8(notices.PlanningDecided) + 1)
		ledger := new(notices.MemLedger)
		sender := new(stubSender)
		h, err := notices.New(cardiff, sender, resident(councilkit.Welsh), notices.Config{
			Templates: templates(false), Ledger: ledger, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		e := events.Event{SpecVersion: events.SpecVersion, ID: "ev-1", Source: "/councils/W06000015/x",
			Type: kind.EventType(), Subject: "s", Time: at, Council: cardiff,
			Actor: events.Actor{Kind: events.ActorSystem}, Data: data}
		if err := h.Handle(context.Background(), events.Record{Seq: 1, Event: e}); err != nil {
			t.Fatalf("Handle: %v", err)
		}
		outs := ledger.Outcomes(cardiff, notices.StateNone)
		if len(outs) != 1 || (outs[0].State == notices.StateSent) != (sender.n.Load() == 1) ||
			outs[0].State != notices.StateSent && outs[0].Reason != "bad_event" {
			t.Fatalf("outcomes %+v, %d sent", outs, sender.n.Load())
		}
	})
}

// BenchmarkHandle is one receipt: decode, look up, personalise in Welsh,
// record pending, send (to a stub) and record sent.
func BenchmarkHandle(b *testing.B) {
	sender := new(stubSender)
	h, _ := notices.New(cardiff, sender, resident(councilkit.Welsh), notices.Config{
		Templates: templates(false), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	data, _ := json.Marshal(events.Payment{PaymentID: "pay-1", Reference: "CT-0042", AmountPence: 123456, Status: "success"})
	e := events.Event{SpecVersion: events.SpecVersion, Source: "/councils/W06000015/payment",
		Type: events.PaymentSucceeded, Subject: "pay-1", Time: at, Council: cardiff,
		Actor: events.Actor{Kind: events.ActorSystem}, Data: data}
	ids := make([]string, b.N)
	for i := range ids {
		ids[i] = fmt.Sprint("ev-", i)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		e.ID = ids[i]
		if err := h.Handle(ctx, events.Record{Seq: int64(i + 1), Event: e}); err != nil {
			b.Fatal(err)
		}
	}
}

// Different events handled at once each send one message, and the ledger
// records every one, under -race.
func TestConcurrentEvents(t *testing.T) {
	sender := new(stubSender)
	ledger := new(notices.MemLedger)
	h, _ := notices.New(cardiff, sender, resident(councilkit.English), notices.Config{
		Templates: templates(false), Ledger: ledger, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	data, _ := json.Marshal(events.Payment{PaymentID: "pay-1", Reference: "CT-0042", AmountPence: 100, Status: "success"})
	const n = 16
	done := make(chan error, n)
	for i := range n {
		go func() {
			e := events.Event{SpecVersion: events.SpecVersion, ID: fmt.Sprint("ev-", i), Source: "/councils/W06000015/payment",
				Type: events.PaymentSucceeded, Subject: fmt.Sprint("pay-", i), Time: at, Council: cardiff,
				Actor: events.Actor{Kind: events.ActorSystem}, Data: data}
			done <- h.Handle(context.Background(), events.Record{Seq: int64(i + 1), Event: e})
		}()
	}
	for range n {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	if got := len(ledger.Outcomes(cardiff, notices.StateSent)); got != n || sender.n.Load() != n {
		t.Errorf("%d recorded sent, %d sent, want %d", got, sender.n.Load(), n)
	}
}
