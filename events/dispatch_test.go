package events_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

var (
	councilA = councilkit.MustParseCouncil("E06000047")
	councilB = councilkit.MustParseCouncil("W06000015")
	t0       = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
)

func payEvent(t testing.TB, c councilkit.Council, typ events.Type, subject string) events.Event {
	t.Helper()
	e, err := events.New(c, typ, subject, t0, events.Actor{Kind: events.ActorSystem}, events.Payment{PaymentID: subject})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// recorder is a handler that records what it was given and fails while
// fail says so.
type recorder struct {
	mu    sync.Mutex
	got   []events.Record
	calls map[string]int // by event ID
	fail  func(r events.Record, call int) error
}

func (h *recorder) Handle(_ context.Context, r events.Record) error {
	h.mu.Lock()
	if h.calls == nil {
		h.calls = map[string]int{}
	}
	h.calls[r.Event.ID]++
	call := h.calls[r.Event.ID]
	fail := h.fail
	h.mu.Unlock()
	if fail != nil {
		if err := fail(r, call); err != nil {
			return err
		}
	}
	h.mu.Lock()
	h.got = append(h.got, r)
	h.mu.Unlock()
	return nil
}

// subjects returns the subjects of what was handled, in order, with each
// record's sequence, as "subject:seq".
func (h *recorder) handled() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, r := range h.got {
		out = append(out, fmt.Sprintf("%s:%d", r.Event.Subject, r.Seq))
	}
	return out
}

func TestDispatcherHoldsBackOneRecordAndRetriesWithBackoff(t *testing.T) {
	ctx := context.Background()
	var log events.MemLog
	clock := councilkit.NewFixedClock(t0)
	h := &recorder{fail: func(r events.Record, call int) error {
		if r.Event.Subject == "p1" && r.Seq == 1 && call <= 2 {
			return errors.New("receiver down")
		}
		return nil
	}}
	other := &recorder{}
	d, err := events.NewDispatcher(&log, []events.Subscriber{
		{Name: "backoffice", Handler: h},
		{Name: "failures-only", Types: []events.Type{events.PaymentFailed}, Handler: other},
	}, events.DispatcherConfig{Clock: clock, RetryBase: time.Second, RetryCap: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	// p1 (council A) fails twice; p1 of council B is another record.
	if err := log.Append(ctx,
		payEvent(t, councilA, events.PaymentCreated, "p1"),   // 1
		payEvent(t, councilA, events.PaymentCreated, "p2"),   // 2
		payEvent(t, councilA, events.PaymentSucceeded, "p1"), // 3
		payEvent(t, councilB, events.PaymentCreated, "p1"),   // 4
		payEvent(t, councilA, events.PaymentFailed, "p1"),    // 5
		payEvent(t, councilA, events.PaymentSucceeded, "p2"), // 6
	); err != nil {
		t.Fatal(err)
	}
	if err := d.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := h.handled(), []string{"p2:2", "p1:4", "p2:6"}; !slices.Equal(got, want) {
		t.Fatalf("after the first failure, handled %v, want %v (p1 of A held back, others carry on)", got, want)
	}
	if got, want := other.handled(), []string{"p1:5"}; !slices.Equal(got, want) {
		t.Fatalf("failures-only handled %v, want %v: each subscriber has its own progress", got, want)
	}
	// Not due yet: 999ms after the first failure.
	clock.Advance(999 * time.Millisecond)
	_ = d.Drain(ctx)
	if h.calls[log1ID(t, &log)] != 1 {
		t.Fatalf("retried before RetryBase: %d calls", h.calls[log1ID(t, &log)])
	}
	clock.Advance(time.Millisecond) // 1s: the second attempt, which fails
	_ = d.Drain(ctx)
	if n := h.calls[log1ID(t, &log)]; n != 2 {
		t.Fatalf("after 1s, %d calls, want 2", n)
	}
	clock.Advance(2*time.Second - time.Millisecond) // the wait doubles to 2s
	_ = d.Drain(ctx)
	if n := h.calls[log1ID(t, &log)]; n != 2 {
		t.Fatalf("retried before the doubled wait: %d calls", n)
	}
	clock.Advance(time.Millisecond)
	_ = d.Drain(ctx)
	if got, want := h.handled(), []string{"p2:2", "p1:4", "p2:6", "p1:1", "p1:3", "p1:5"}; !slices.Equal(got, want) {
		t.Fatalf("handled %v, want %v", got, want)
	}
	if got, want := other.handled(), []string{"p1:5"}; !slices.Equal(got, want) {
		t.Fatalf("failures-only handled %v, want %v (only its type, once)", got, want)
	}
	for _, st := range d.Stats() {
		if st.Held != 0 || st.Cursor != 6 {
			t.Fatalf("stats %+v, want cursor 6 and nothing held", st)
		}
	}
}

func log1ID(t *testing.T, l *events.MemLog) string {
	rs, err := l.Since(context.Background(), 0, 1)
	if err != nil || len(rs) != 1 {
		t.Fatal(err)
	}
	return rs[0].Event.ID
}

func TestBackoff(t *testing.T) {
	for _, c := range []struct {
		attempts int
		want     time.Duration
	}{
		{1, time.Second}, {2, 2 * time.Second}, {3, 4 * time.Second}, {4, 8 * time.Second},
		{6, 32 * time.Second}, {7, 60 * time.Second}, {100, 60 * time.Second}, {1 << 30, 60 * time.Second},
	} {
		if got := events.Backoff(c.attempts, time.Second, time.Minute); got != c.want {
			t.Errorf("Backoff(%d, 1s, 1m) = %v, want %v", c.attempts, got, c.want)
		}
	}
}

func TestDispatcherPanickingHandlerIsAFailure(t *testing.T) {
	ctx := context.Background()
	var log events.MemLog
	clock := councilkit.NewFixedClock(t0)
	h := &recorder{fail: func(r events.Record, call int) error {
		if r.Seq == 1 && call == 1 {
			panic("handler bug")
		}
		return nil
	}}
	d, err := events.NewDispatcher(&log, []events.Subscriber{{Name: "s", Handler: h}}, events.DispatcherConfig{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	_ = log.Append(ctx, payEvent(t, councilA, events.PaymentCreated, "p1"), payEvent(t, councilA, events.PaymentSucceeded, "p1"))
	if err := d.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if got := h.handled(); len(got) != 0 {
		t.Fatalf("handled %v after a panic; the later event must wait", got)
	}
	clock.Advance(time.Second)
	_ = d.Drain(ctx)
	if got, want := h.handled(), []string{"p1:1", "p1:2"}; !slices.Equal(got, want) {
		t.Fatalf("handled %v, want %v", got, want)
	}
}

func TestNewDispatcherRefusesBadConfig(t *testing.T) {
	var log events.MemLog
	h := events.HandlerFunc(func(context.Context, events.Record) error { return nil })
	for name, c := range map[string]struct {
		subs []events.Subscriber
		cfg  events.DispatcherConfig
	}{
		"no name":        {subs: []events.Subscriber{{Handler: h}}},
		"bad name":       {subs: []events.Subscriber{{Name: "a b", Handler: h}}},
		"duplicate":      {subs: []events.Subscriber{{Name: "a", Handler: h}, {Name: "a", Handler: h}}},
		"no handler":     {subs: []events.Subscriber{{Name: "a"}}},
		"unknown type":   {subs: []events.Subscriber{{Name: "a", Handler: h, Types: []events.Type{"x"}}}},
		"negative":       {subs: []events.Subscriber{{Name: "a", Handler: h}}, cfg: events.DispatcherConfig{RetryBase: -1}},
		"cap below base": {subs: []events.Subscriber{{Name: "a", Handler: h}}, cfg: events.DispatcherConfig{RetryBase: time.Minute, RetryCap: time.Second}},
	} {
		if _, err := events.NewDispatcher(&log, c.subs, c.cfg); !errors.Is(err, events.ErrConfig) {
			t.Errorf("%s: err = %v, want ErrConfig", name, err)
		}
	}
	if _, err := events.NewDispatcher(nil, nil, events.DispatcherConfig{}); !errors.Is(err, events.ErrConfig) {
		t.Errorf("nil log: err = %v, want ErrConfig", err)
	}
}

// Run with appends from many goroutines: every event is handled, each
// record's events in order, and WaitIdle returns once all are.
func TestDispatcherRunConcurrent(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var log events.MemLog
	h := &recorder{fail: func(r events.Record, call int) error {
		if r.Seq%7 == 0 && call == 1 {
			return errors.New("flaky")
		}
		return nil
	}}
	d, err := events.NewDispatcher(&log, []events.Subscriber{{Name: "s", Handler: h}},
		events.DispatcherConfig{RetryBase: time.Millisecond, RetryCap: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	runCtx, stop := context.WithCancel(ctx)
	go func() { done <- d.Run(runCtx) }()
	var wg sync.WaitGroup
	const writers, each = 4, 50
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				subject := fmt.Sprintf("p%d", (w*each+i)%10)
				if err := log.Append(ctx, payEvent(t, councilA, events.PaymentCreated, subject)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if err := d.WaitIdle(ctx, int64(log.Len())); err != nil {
		t.Fatalf("WaitIdle: %v (stats %+v)", err, d.Stats())
	}
	stop()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v", err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.got) != writers*each {
		t.Fatalf("handled %d events, want %d", len(h.got), writers*each)
	}
	last := map[string]int64{}
	for _, r := range h.got {
		if r.Seq <= last[r.Event.Subject] {
			t.Fatalf("record %s: event %d handled after %d", r.Event.Subject, r.Seq, last[r.Event.Subject])
		}
		last[r.Event.Subject] = r.Seq
	}
}

// BenchmarkDispatcherDrain times in-process delivery of 1,000 events to
// one subscriber whose handler does nothing (per op: 1,000 events).
func BenchmarkDispatcherDrain(b *testing.B) {
	ctx := context.Background()
	evs := make([]events.Event, 1000)
	for i := range evs {
		evs[i] = payEvent(b, councilA, events.PaymentCreated, fmt.Sprintf("p%d", i%50))
	}
	nop := events.HandlerFunc(func(context.Context, events.Record) error { return nil })
	b.ReportAllocs()
	for b.Loop() {
		var log events.MemLog
		_ = log.Append(ctx, evs...)
		d, err := events.NewDispatcher(&log, []events.Subscriber{{Name: "s", Handler: nop}}, events.DispatcherConfig{})
		if err != nil {
			b.Fatal(err)
		}
		if err := d.Drain(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
