package events

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/lgds/councilkit"
)

// ErrConfig is wrapped by NewDispatcher's error for subscribers or a
// DispatcherConfig it cannot use.
var ErrConfig = errors.New("events: invalid configuration")

// DispatcherConfig holds NewDispatcher's optional settings. Each field's
// zero value means the default its comment gives.
type DispatcherConfig struct {
	// Clock tells the time for retry schedules; nil means the system
	// clock. With a councilkit.FixedClock, a test advances the clock and
	// calls Drain.
	Clock councilkit.Clock
	// RetryBase is the wait after an event's first failed delivery; each
	// further failure doubles it, up to RetryCap. 0 means one second.
	RetryBase time.Duration
	// RetryCap is the longest wait between two deliveries of an event;
	// 0 means one hour.
	RetryCap time.Duration
	// Timeout bounds one call of a handler; 0 means one minute.
	Timeout time.Duration
	// PollInterval is how often Run reads a Log that cannot announce
	// new events (one without MemLog's Changed method); 0 means one
	// second.
	PollInterval time.Duration
	// BatchSize is how many events are read from the log at a time; 0
	// means 500.
	BatchSize int
	// Logger receives a line for every failed delivery (subscriber,
	// event ID, type, attempt, error: no personal data); nil means none.
	Logger *slog.Logger
}

// Dispatcher delivers the events of a Log to subscribers in-process: the
// delivery engine of the memory stores, for tests and local development.
// (The PostgreSQL store delivers with River instead: see package postgres;
// both give handlers the same guarantees.)
//
// Each subscriber has its own cursor in the log and is given every event
// of a type it wants, at least once, in order per record (per council and
// Subject). A handler that returns an error, or panics, has not handled
// the event: it is given the event again after a wait that starts at
// RetryBase and doubles with each failure up to RetryCap, and until then
// the subscriber's later events about the same record are held back, in
// order, behind it. Events about other records carry on. The Dispatcher
// never gives up on an event; its progress is kept in memory only, so a
// new Dispatcher starts again from the beginning of the log.
//
// Handlers of one subscriber are called one at a time; different
// subscribers run concurrently under Run. A Dispatcher is safe for
// concurrent use.
type Dispatcher struct {
	log   Log
	cfg   DispatcherConfig
	clock councilkit.Clock
	subs  []*subState

	mu      sync.Mutex
	changed chan struct{} // closed and replaced when any progress is made
}

// subState is one subscriber's progress. Its fields are guarded by mu,
// which is held while the subscriber's handler runs, so that one
// subscriber's events are handled one at a time even when Run and Drain
// overlap.
type subState struct {
	sub    Subscriber
	mu     sync.Mutex
	cursor int64                // every event up to here is handled, skipped or held
	held   map[recordKey]*queue // records with an undelivered event
}

type recordKey struct {
	council councilkit.Council
	subject string
}

// queue is a record's undelivered events, oldest first; the first is
// retried at next.
type queue struct {
	recs     []Record
	attempts int // failed deliveries of recs[0]
	next     time.Time
}

// NewDispatcher returns a Dispatcher of log's events to subs. Each
// subscriber needs a Name, unique among subs, and a Handler; an invalid
// subscriber or setting is refused with an error wrapping ErrConfig.
// Call Run to deliver.
func NewDispatcher(log Log, subs []Subscriber, cfg DispatcherConfig) (*Dispatcher, error) {
	if log == nil {
		return nil, fmt.Errorf("%w: no log", ErrConfig)
	}
	if err := CheckSubscribers(subs); err != nil {
		return nil, err
	}
	switch {
	case cfg.RetryBase < 0, cfg.RetryCap < 0, cfg.Timeout < 0, cfg.PollInterval < 0, cfg.BatchSize < 0:
		return nil, fmt.Errorf("%w: durations and BatchSize must not be negative", ErrConfig)
	}
	if cfg.RetryBase == 0 {
		cfg.RetryBase = time.Second
	}
	if cfg.RetryCap == 0 {
		cfg.RetryCap = time.Hour
	}
	if cfg.RetryCap < cfg.RetryBase {
		return nil, fmt.Errorf("%w: RetryCap %v is less than RetryBase %v", ErrConfig, cfg.RetryCap, cfg.RetryBase)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = time.Minute
	}
	if cfg.PollInterval == 0 {
		cfg.PollInterval = time.Second
	}
	if cfg.BatchSize == 0 {
		cfg.BatchSize = 500
	}
	d := &Dispatcher{log: log, cfg: cfg, clock: cfg.Clock, changed: make(chan struct{})}
	if d.clock == nil {
		d.clock = councilkit.SystemClock{}
	}
	for _, s := range subs {
		d.subs = append(d.subs, &subState{sub: s, held: map[recordKey]*queue{}})
	}
	return d, nil
}

// CheckSubscribers checks a list of subscribers as every delivery engine
// does: each needs a Name of 1 to 64 ASCII letters, digits, '.', '_' or
// '-', unique in the list, and a Handler, and may list only known types.
// Its error wraps ErrConfig.
func CheckSubscribers(subs []Subscriber) error {
	seen := map[string]bool{}
	for i, s := range subs {
		if !validName(s.Name) {
			return fmt.Errorf("%w: subscriber %d: Name %q must be 1 to 64 ASCII letters, digits, '.', '_' or '-'", ErrConfig, i, s.Name)
		}
		if seen[s.Name] {
			return fmt.Errorf("%w: two subscribers are named %q", ErrConfig, s.Name)
		}
		seen[s.Name] = true
		if s.Handler == nil {
			return fmt.Errorf("%w: subscriber %q has no Handler", ErrConfig, s.Name)
		}
		for _, t := range s.Types {
			if !t.Known() {
				return fmt.Errorf("%w: subscriber %q wants unknown type %q", ErrConfig, s.Name, t)
			}
		}
	}
	return nil
}

func validName(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Backoff returns the wait before the next delivery of an event that has
// failed attempts times (attempts >= 1): base doubled for each failure
// after the first, never more than limit.
func Backoff(attempts int, base, limit time.Duration) time.Duration {
	d := base
	for i := 1; i < attempts; i++ {
		if d >= limit/2 {
			return limit
		}
		d *= 2
	}
	return min(d, limit)
}

// Run delivers events until ctx ends, then returns ctx's error. It
// waits for news from the log (a Log with MemLog's Changed method wakes
// it at once; another is read every PollInterval) and for the next
// retry that falls due.
func (d *Dispatcher) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, s := range d.subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.runSub(ctx, s)
		}()
	}
	wg.Wait()
	return ctx.Err()
}

type changer interface{ Changed() <-chan struct{} }

func (d *Dispatcher) runSub(ctx context.Context, s *subState) {
	ch, canWait := d.log.(changer)
	for ctx.Err() == nil {
		var wake <-chan struct{}
		if canWait {
			wake = ch.Changed() // before reading, so no append is missed
		}
		next, err := d.drainSub(ctx, s)
		if err != nil && ctx.Err() == nil && d.cfg.Logger != nil {
			d.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "events: reading the log", slog.String("subscriber", s.sub.Name), slog.String("error", err.Error()))
		}
		wait := d.cfg.PollInterval
		if !next.IsZero() {
			wait = min(wait, max(next.Sub(d.clock.Now()), time.Millisecond))
		}
		if err != nil {
			wait = d.cfg.PollInterval
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
		case <-wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// Drain delivers, for every subscriber, every event that can be delivered
// now: all new events not held back, and the retries that are due by the
// clock. It returns when none is left, with the first error reading the
// log. Tests use it with a FixedClock (advance the clock, then Drain) in
// place of Run.
func (d *Dispatcher) Drain(ctx context.Context) error {
	var first error
	for _, s := range d.subs {
		if _, err := d.drainSub(ctx, s); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// drainSub delivers what subscriber s can be given now and returns when
// the next retry falls due (zero if none is waiting).
func (d *Dispatcher) drainSub(ctx context.Context, s *subState) (time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer d.notify()
	// Retries first: they are older than anything new.
	d.retryDue(ctx, s)
	for ctx.Err() == nil {
		recs, err := d.log.Since(ctx, s.cursor, d.cfg.BatchSize)
		if err != nil {
			return s.nextRetry(), err
		}
		if len(recs) == 0 {
			break
		}
		for _, r := range recs {
			if ctx.Err() != nil {
				break
			}
			s.cursor = r.Seq
			if !s.sub.Wants(r.Event.Type) {
				continue
			}
			k := recordKey{r.Event.Council, r.Event.Subject}
			if q := s.held[k]; q != nil {
				q.recs = append(q.recs, r) // behind an undelivered event
				continue
			}
			if err := d.deliver(ctx, s, r, 1); err != nil {
				q := &queue{recs: []Record{r}, attempts: 1}
				q.next = d.clock.Now().Add(Backoff(1, d.cfg.RetryBase, d.cfg.RetryCap))
				s.held[k] = q
			}
		}
	}
	return s.nextRetry(), ctx.Err()
}

// retryDue retries the held records whose first event is due, and on
// success delivers the events queued behind it until one fails.
func (d *Dispatcher) retryDue(ctx context.Context, s *subState) {
	for k, q := range s.held {
		if ctx.Err() != nil {
			return
		}
		if q.next.After(d.clock.Now()) {
			continue
		}
		for len(q.recs) > 0 {
			attempt := q.attempts + 1
			if err := d.deliver(ctx, s, q.recs[0], attempt); err != nil {
				q.attempts = attempt
				q.next = d.clock.Now().Add(Backoff(attempt, d.cfg.RetryBase, d.cfg.RetryCap))
				break
			}
			q.recs, q.attempts = q.recs[1:], 0
		}
		if len(q.recs) == 0 {
			delete(s.held, k)
		}
	}
}

func (s *subState) nextRetry() time.Time {
	var next time.Time
	for _, q := range s.held {
		if next.IsZero() || q.next.Before(next) {
			next = q.next
		}
	}
	return next
}

// deliver calls s's handler for r, turning a panic into an error.
func (d *Dispatcher) deliver(ctx context.Context, s *subState, r Record, attempt int) (err error) {
	hctx, cancel := context.WithTimeout(ctx, d.cfg.Timeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("events: subscriber %s panicked: %v", s.sub.Name, p)
		}
		if err != nil && d.cfg.Logger != nil {
			d.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "events: delivery failed",
				slog.String("subscriber", s.sub.Name), slog.String("event_id", r.Event.ID),
				slog.String("type", string(r.Event.Type)), slog.Int64("seq", r.Seq),
				slog.Int("attempt", attempt), slog.String("error", err.Error()))
		}
	}()
	return s.sub.Handler.Handle(hctx, r)
}

func (d *Dispatcher) notify() {
	d.mu.Lock()
	close(d.changed)
	d.changed = make(chan struct{})
	d.mu.Unlock()
}

// Stats is a snapshot of a Dispatcher's progress for one subscriber.
type Stats struct {
	Subscriber string
	// Cursor is the position up to which every event has been delivered,
	// skipped or held back.
	Cursor int64
	// Held is the number of events not yet delivered: failing ones and
	// the events queued behind them.
	Held int
}

// Stats returns each subscriber's progress, in the order given to
// NewDispatcher. It waits for a subscriber's handler that is running.
func (d *Dispatcher) Stats() []Stats {
	out := make([]Stats, 0, len(d.subs))
	for _, s := range d.subs {
		s.mu.Lock()
		st := Stats{Subscriber: s.sub.Name, Cursor: s.cursor}
		for _, q := range s.held {
			st.Held += len(q.recs)
		}
		s.mu.Unlock()
		out = append(out, st)
	}
	return out
}

// WaitIdle waits, while Run runs, until every subscriber has read the log
// up to position seq and holds nothing back, or until ctx ends (returning
// its error). Tests call it with the position of the last event they
// appended (MemLog.Len).
func (d *Dispatcher) WaitIdle(ctx context.Context, seq int64) error {
	for {
		d.mu.Lock()
		ch := d.changed
		d.mu.Unlock()
		idle := true
		for _, st := range d.Stats() {
			if st.Cursor < seq || st.Held > 0 {
				idle = false
				break
			}
		}
		if idle {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}
