package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// DeliveryConfig holds the settings of event delivery (Config.Delivery).
// Each field's zero value means the default its comment gives.
type DeliveryConfig struct {
	// Workers is how many events one process delivers at once (River's
	// MaxWorkers for the delivery queue); 0 means 100. Deliver needs as
	// many pool connections as it has handlers waiting on the database at
	// once, which is far fewer: a handler holds no connection while it
	// runs.
	Workers int
	// MaxAttempts is how many times an event is given to a subscriber's
	// handler that keeps failing before River gives up on it; 0 means 100,
	// which with the default backoff is about four days. Waiting behind
	// an earlier event of the same record does not count as an attempt.
	MaxAttempts int
	// RetryBase is the wait after a first failed attempt; each further
	// failure doubles it, up to RetryCap. 0 means one second.
	RetryBase time.Duration
	// RetryCap is the longest wait between two attempts; 0 means one
	// hour.
	RetryCap time.Duration
	// Timeout bounds one call of a handler: its context is cancelled
	// then, and the attempt counts as failed. 0 means one minute.
	Timeout time.Duration
	// RescueAfter is how long after a delivery began River takes it for
	// lost, its process having died, and gives it to another worker; 0
	// means Timeout plus one minute. It must be longer than Timeout.
	// River's leader looks for such deliveries every 30 seconds.
	RescueAfter time.Duration
	// PollInterval is how often an idle worker looks for deliveries that
	// fell due without a notification (retries, and events that waited
	// for an earlier one); 0 means 200ms. New events wake the workers at
	// once through LISTEN/NOTIFY.
	PollInterval time.Duration
	// Logger receives River's log lines (failed deliveries at Info, with
	// the job's ID and error: events carry no personal data, but a
	// handler's error text is the handler's); nil means River's default,
	// warnings and errors on standard output.
	Logger *slog.Logger

	// leaderless keeps this process's River client out of leader
	// election (the kill-a-worker test uses it so that the test process
	// runs River's maintenance).
	leaderless bool
}

// riverSchema is the schema River's tables are created in. It is not
// councilkit's own: River's tables are not council-scoped (a worker works
// every council's deliveries), while every table in schema councilkit is.
const riverSchema = "councilkit_river"

// deliveryQueue is the River queue delivery jobs go to.
const deliveryQueue = "councilkit_events"

// Snoozes of a delivery waiting for an earlier event of its record start
// at snoozeBase and double up to snoozeCap.
const (
	snoozeBase = 25 * time.Millisecond
	snoozeCap  = 30 * time.Second
)

// deliveryArgs are a delivery job's arguments: which subscriber is given
// which event. River keeps one live job per (subscriber, event ID).
type deliveryArgs struct {
	Subscriber string `json:"subscriber" river:"unique"`
	EventID    string `json:"event_id" river:"unique"`
	Council    string `json:"council"`
	Seq        int64  `json:"seq"`
	Subject    string `json:"subject"`
}

// Kind implements river.JobArgs.
func (deliveryArgs) Kind() string { return "councilkit_delivery" }

// delivery is DB's delivery set-up, made by Open when Config.Subscribers
// is not empty.
type delivery struct {
	cfg      DeliveryConfig
	subs     []events.Subscriber
	byName   map[string]events.Subscriber
	inserter *river.Client[pgx.Tx] // insert-only
}

// newDelivery checks and completes the delivery settings.
func newDelivery(subs []events.Subscriber, cfg DeliveryConfig) (*delivery, error) {
	if err := events.CheckSubscribers(subs); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	switch {
	case cfg.Workers < 0, cfg.MaxAttempts < 0, cfg.RetryBase < 0, cfg.RetryCap < 0, cfg.Timeout < 0, cfg.RescueAfter < 0, cfg.PollInterval < 0:
		return nil, fmt.Errorf("%w: Delivery settings must not be negative", ErrConfig)
	case cfg.MaxAttempts > 32767:
		return nil, fmt.Errorf("%w: Delivery.MaxAttempts must be at most 32767", ErrConfig)
	}
	cfg.Workers = cmpOr(cfg.Workers, 100)
	cfg.MaxAttempts = cmpOr(cfg.MaxAttempts, 100)
	cfg.RetryBase = cmpOr(cfg.RetryBase, time.Second)
	cfg.RetryCap = cmpOr(cfg.RetryCap, time.Hour)
	cfg.Timeout = cmpOr(cfg.Timeout, time.Minute)
	cfg.RescueAfter = cmpOr(cfg.RescueAfter, cfg.Timeout+time.Minute)
	cfg.PollInterval = cmpOr(cfg.PollInterval, 200*time.Millisecond)
	if cfg.RetryCap < cfg.RetryBase {
		return nil, fmt.Errorf("%w: Delivery.RetryCap is less than RetryBase", ErrConfig)
	}
	if cfg.RescueAfter <= cfg.Timeout {
		return nil, fmt.Errorf("%w: Delivery.RescueAfter must be longer than Timeout", ErrConfig)
	}
	d := &delivery{cfg: cfg, subs: subs, byName: map[string]events.Subscriber{}}
	for _, s := range subs {
		d.byName[s.Name] = s
	}
	return d, nil
}

// attachDelivery makes d db's delivery engine.
func (db *DB) attachDelivery(d *delivery) error {
	rc := d.riverConfig(db, nil)
	inserter, err := river.NewClient(riverpgxv5.New(db.pool), rc)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrConfig, err)
	}
	d.inserter = inserter
	db.delivery = d
	db.afterRecord = db.enqueueDeliveries
	return nil
}

func cmpOr[T comparable](v, dflt T) T {
	var zero T
	if v == zero {
		return dflt
	}
	return v
}

// riverConfig returns the River configuration of a client that inserts
// delivery jobs and, if b is not nil, works them, with b.
func (d *delivery) riverConfig(db *DB, b *batcher) *river.Config {
	workers := river.NewWorkers()
	river.AddWorker(workers, &deliveryWorker{db: db, d: d, b: b})
	rc := &river.Config{
		Schema:               riverSchema,
		Workers:              workers,
		MaxAttempts:          d.cfg.MaxAttempts,
		RetryPolicy:          retryPolicy{base: d.cfg.RetryBase, limit: d.cfg.RetryCap},
		JobTimeout:           d.cfg.Timeout,
		RescueStuckJobsAfter: d.cfg.RescueAfter,
		FetchPollInterval:    d.cfg.PollInterval,
		FetchCooldown:        min(d.cfg.PollInterval, 20*time.Millisecond),
		Logger:               d.cfg.Logger,
	}
	if b != nil {
		rc.Queues = map[string]river.QueueConfig{deliveryQueue: {MaxWorkers: d.cfg.Workers}}
		rc.LeaderElectionDisabled = d.cfg.leaderless
	}
	return rc
}

// enqueueDeliveries is DB.afterRecord when subscribers are configured:
// in the transaction that records rs, it adds a row to
// councilkit.deliveries and inserts a River job for each subscriber that
// wants each event, so that the deliveries commit or roll back with the
// change.
func (db *DB) enqueueDeliveries(ctx context.Context, tx pgx.Tx, rs []events.Record) error {
	return db.delivery.enqueue(ctx, tx, rs)
}

func (d *delivery) enqueue(ctx context.Context, tx pgx.Tx, rs []events.Record) error {
	var params []river.InsertManyParams
	for _, r := range rs {
		for _, s := range d.subs {
			if !s.Wants(r.Event.Type) {
				continue
			}
			a := deliveryArgs{Subscriber: s.Name, EventID: r.Event.ID, Council: r.Event.Council.String(), Seq: r.Seq, Subject: r.Event.Subject}
			params = append(params, river.InsertManyParams{Args: a, InsertOpts: d.insertOpts()})
		}
	}
	return d.insert(ctx, tx, params)
}

// insert inserts the delivery jobs params in tx and records each as owed
// in councilkit.deliveries, with its job's ID. A job River skips as a
// duplicate of a live one (queued, running, waiting for a retry) or of
// one that completed records nothing: the delivery is owed already, or
// made.
func (d *delivery) insert(ctx context.Context, tx pgx.Tx, params []river.InsertManyParams) error {
	if len(params) == 0 {
		return nil
	}
	res, err := d.inserter.InsertManyTx(ctx, tx, params)
	if err != nil {
		return fmt.Errorf("postgres: enqueueing deliveries: %w", err)
	}
	var (
		subscribers, councils, subjects, ids []string
		seqs, jobs                           []int64
	)
	for i, r := range res {
		if r.UniqueSkippedAsDuplicate {
			continue
		}
		a := params[i].Args.(deliveryArgs)
		subscribers = append(subscribers, a.Subscriber)
		councils = append(councils, a.Council)
		subjects = append(subjects, a.Subject)
		seqs = append(seqs, a.Seq)
		ids = append(ids, a.EventID)
		jobs = append(jobs, r.Job.ID)
	}
	if len(jobs) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO councilkit.deliveries (subscriber, council, subject, seq, event_id, job_id)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::uuid[], $6::bigint[])
		ON CONFLICT (subscriber, council, subject, seq) DO UPDATE SET job_id = EXCLUDED.job_id`,
		subscribers, councils, subjects, seqs, ids, jobs); err != nil {
		return fmt.Errorf("postgres: recording deliveries: %w", err)
	}
	return nil
}

func (d *delivery) insertOpts() *river.InsertOpts {
	return &river.InsertOpts{
		Queue:       deliveryQueue,
		MaxAttempts: d.cfg.MaxAttempts,
		UniqueOpts:  river.UniqueOpts{ByArgs: true},
	}
}

// ErrNoDelivery is returned by Deliver and Redeliver on a DB opened
// without Config.Subscribers.
var ErrNoDelivery = errors.New("postgres: no subscribers configured (Config.Subscribers)")

// Deliver delivers events to the subscribers in Config.Subscribers until
// ctx ends, then waits for the handlers running (at most
// Config.Delivery.Timeout) and returns ctx's error, or returns at once
// with an error if it cannot start.
//
// Any number of processes may call Deliver on the same database: each
// event goes to one of them at a time. Each subscriber is given every
// event of a type it wants at least once, in order per record (per
// council and subject): a delivery whose handler fails, panics or times
// out is tried again after a wait that starts at Delivery.RetryBase and
// doubles up to RetryCap (River's retries, with River's own bookkeeping of
// each attempt's error), and the subscriber's later events about the same
// record wait for it, while other records carry on. The event given to a
// handler is read from councilkit.events under the council's row-level
// security, as the stores read. After Delivery.MaxAttempts failures River
// gives up on the delivery (its job is "discarded"), but the event stays
// owed to the subscriber in councilkit.deliveries, still holding back
// the record's later events, until Redeliver enqueues it again: nothing
// is dropped silently. A process that dies mid-delivery leaves the
// delivery to be rescued by River after Delivery.RescueAfter, so its
// handler may be given the event twice; handlers deduplicate by
// Event.ID. A clean stop (ctx ending) leaves no delivery begun: those
// fetched are finished first.
func (db *DB) Deliver(ctx context.Context) error {
	if db.delivery == nil {
		return ErrNoDelivery
	}
	if db.privileged {
		return fmt.Errorf("%w: this handle was opened with Config.AllowPrivilegedRole and can only migrate", ErrPrivilegedRole)
	}
	b := newBatcher(db)
	client, err := river.NewClient(riverpgxv5.New(db.pool), db.delivery.riverConfig(db, b))
	if err != nil {
		return fmt.Errorf("postgres: starting delivery: %w", err)
	}
	// The batcher outlives ctx until River has stopped, so that the
	// deliveries still running can mark themselves done.
	bctx, stopBatcher := context.WithCancel(context.WithoutCancel(ctx))
	batcherDone := make(chan struct{})
	go func() { defer close(batcherDone); b.run(bctx) }()
	defer func() { stopBatcher(); <-batcherDone }()
	// River takes the end of Start's context for an abrupt stop, which
	// cancels the handlers running and leaves the deliveries it had
	// fetched but not begun "running" until River rescues them
	// (RescueAfter later). So River runs under a context of its own, and
	// the end of ctx is a graceful Stop: fetching stops, and what was
	// fetched is delivered, within Timeout.
	if err := client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("postgres: starting delivery: %w", classify(err))
	}
	<-ctx.Done()
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), db.delivery.cfg.Timeout+5*time.Second)
	defer cancel()
	if err := client.Stop(stopCtx); err != nil {
		// Handlers that outlast Timeout (ignoring their context):
		// cancel them, and leave their deliveries to River's rescue.
		hardCtx, cancelHard := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancelHard()
		if herr := client.StopAndCancel(hardCtx); herr != nil && !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("postgres: stopping delivery: %w", err)
		}
	}
	return ctx.Err()
}

// Redeliver enqueues again every event council c still owes subscriber
// sub (every event whose delivery River gave up on, and any still
// pending, which River's uniqueness leaves as it is), and returns how many
// were owed. Run it once the subscriber's receiver is mended.
func (db *DB) Redeliver(ctx context.Context, c councilkit.Council, sub string) (int, error) {
	if db.delivery == nil {
		return 0, ErrNoDelivery
	}
	if _, ok := db.delivery.byName[sub]; !ok {
		return 0, fmt.Errorf("postgres: Redeliver: no subscriber named %q", sub)
	}
	var n int
	err := db.InCouncil(ctx, c, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT subject, seq, event_id::text FROM councilkit.deliveries
			WHERE council = $1 AND subscriber = $2 ORDER BY seq`, c.String(), sub)
		if err != nil {
			return err
		}
		defer rows.Close()
		var params []river.InsertManyParams
		for rows.Next() {
			a := deliveryArgs{Subscriber: sub, Council: c.String()}
			if err := rows.Scan(&a.Subject, &a.Seq, &a.EventID); err != nil {
				return err
			}
			params = append(params, river.InsertManyParams{Args: a, InsertOpts: db.delivery.insertOpts()})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		n = len(params)
		return db.delivery.insert(ctx, tx, params)
	})
	return n, err
}

// deliveryWorker works delivery jobs: it reads the event, checks that it
// is still owed and that no earlier event of its record is, calls the
// subscriber's handler, and on success marks the event delivered.
type deliveryWorker struct {
	river.WorkerDefaults[deliveryArgs]
	db *DB
	d  *delivery
	b  *batcher // nil in a client that only inserts
}

// errNoEvent is why a delivery is cancelled when its event is not in
// councilkit.events.
var errNoEvent = errors.New("postgres: the event to deliver is not in councilkit.events")

func (w *deliveryWorker) Work(ctx context.Context, job *river.Job[deliveryArgs]) error {
	a := job.Args
	sub, ok := w.d.byName[a.Subscriber]
	if !ok {
		// A process configured without this subscriber (an older or
		// newer version mid-deploy): fail, so that River retries it,
		// perhaps in a process that has it.
		return fmt.Errorf("postgres: no subscriber named %q in this process", a.Subscriber)
	}
	c, err := councilkit.ParseCouncil(a.Council)
	if err != nil {
		return river.JobCancel(fmt.Errorf("postgres: delivery job with council %q: %w", a.Council, err))
	}
	read := &batchReq{kind: batchRead, council: c, a: a}
	switch err := w.b.do(ctx, read); {
	case err != nil:
		return err
	case !read.found:
		return river.JobCancel(fmt.Errorf("%w: council %s, seq %d", errNoEvent, a.Council, a.Seq))
	case !read.owed:
		return nil // delivered already: this job is a repeat
	case read.waitsBehind:
		return river.JobSnooze(events.Backoff(snoozes(job.Metadata)+1, snoozeBase, snoozeCap))
	}
	r, err := read.event.record()
	if err != nil {
		return river.JobCancel(fmt.Errorf("postgres: event %s: %w", a.EventID, err))
	}
	if err := sub.Handler.Handle(ctx, r); err != nil {
		return fmt.Errorf("subscriber %s, event %s: %w", a.Subscriber, a.EventID, err)
	}
	// Delivered: no longer owed. The next event of the record this
	// subscriber is owed may be waiting behind this one: wake its job.
	done := &batchReq{kind: batchDone, council: c, a: a}
	if err := w.b.do(context.WithoutCancel(ctx), done); err != nil {
		return err
	}
	if done.next != nil {
		w.wake(ctx, *done.next)
	}
	return nil
}

// wake makes job id, which waits behind the event just delivered,
// available at once, rather than at the end of its snooze. A job that is
// running (checking whether it may go, and about to snooze) is not
// touched by River's JobRetry, so wake tries again a few times; a wake-up
// that is missed all the same costs that job one snooze, at most
// snoozeCap.
func (w *deliveryWorker) wake(ctx context.Context, id int64) {
	for i := range 4 {
		j, err := w.d.inserter.JobRetry(context.WithoutCancel(ctx), id)
		if err != nil || j.State != rivertype.JobStateRunning {
			return
		}
		t := time.NewTimer(time.Duration(10<<i) * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// snoozes reads how many times River has snoozed a job from its metadata.
func snoozes(metadata []byte) int {
	var m struct {
		Snoozes int `json:"snoozes"`
	}
	_ = json.Unmarshal(metadata, &m)
	return m.Snoozes
}

// retryPolicy is River's retry policy for deliveries: the wait after the
// nth failure is events.Backoff(n, base, limit), counted from now (River
// refuses a retry time in the past), with up to a tenth less at random so
// that deliveries that failed together do not all come back at once.
type retryPolicy struct {
	base, limit time.Duration
	now         func() time.Time // nil means time.Now
}

// NextRetry implements river.ClientRetryPolicy.
func (p retryPolicy) NextRetry(j *rivertype.JobRow) time.Time {
	now := time.Now
	if p.now != nil {
		now = p.now
	}
	d := events.Backoff(len(j.Errors)+1, p.base, p.limit)
	d -= time.Duration(rand.Int64N(int64(d/10) + 1))
	return now().Add(d)
}
