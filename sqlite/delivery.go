package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// DeliveryConfig holds the settings of event delivery (Config.Delivery).
// Each field's zero value means the default its comment gives. The fields
// and their defaults are those of package postgres's DeliveryConfig.
type DeliveryConfig struct {
	// Workers is how many events one process delivers at once (River's
	// MaxWorkers for the delivery queue); 0 means 100. A handler holds
	// no connection while it runs, so this is not limited by Readers.
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
	// lost, its process having died, and gives it to a worker again; 0
	// means Timeout plus one minute. It must be longer than Timeout.
	// River's leader looks for such deliveries when it starts and every
	// 30 seconds after.
	RescueAfter time.Duration
	// PollInterval is how often an idle worker looks for deliveries that
	// fell due without a notification (retries, and events that waited
	// for an earlier one); 0 means 200ms. New events wake the workers
	// through River's notification table, which its SQLite driver polls
	// every 50ms.
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

// deliveryQueue is the River queue delivery jobs go to.
const deliveryQueue = "councilkit_events"

// Snoozes of a delivery waiting for an earlier event of its record start
// at snoozeBase and double up to snoozeCap.
const (
	snoozeBase = 25 * time.Millisecond
	snoozeCap  = 30 * time.Second
)

// deliveryArgs are a delivery job's arguments: which subscriber is given
// which event. River keeps one live job per (subscriber, event ID). They
// are the same as package postgres's, kind included.
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
	inserter *river.Client[*sql.Tx] // insert-only, and wake-ups
}

// ErrNoDelivery is returned by Deliver and Redeliver on a DB opened
// without Config.Subscribers.
var ErrNoDelivery = errors.New("sqlite: no subscribers configured (Config.Subscribers)")

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

func cmpOr[T comparable](v, dflt T) T {
	var zero T
	if v == zero {
		return dflt
	}
	return v
}

// attachDelivery makes d db's delivery engine.
//
// River is given the DB's one writer connection (db.w), not a handle of
// its own: every write River makes (inserting, fetching, completing and
// retrying jobs, electing a leader) then queues in database/sql for that
// connection behind the stores' writes, as theirs do, instead of competing
// with them for the file's write lock, where a deferred transaction that
// reads and then writes can fail with SQLITE_BUSY at once, whatever the
// busy timeout. River's SQLite driver asks for exactly this (a pool of one
// connection), and it never holds a transaction while waiting for another
// connection, so it cannot deadlock with itself; the stores' writes and
// River's hold the connection only for the length of a statement or a
// short transaction, never while a handler runs. The worker reads events
// through the reader pool.
func (db *DB) attachDelivery(d *delivery) error {
	inserter, err := river.NewClient(riversqlite.New(db.w), d.riverConfig(db, false))
	if err != nil {
		return fmt.Errorf("%w: %w", ErrConfig, err)
	}
	d.inserter = inserter
	db.delivery = d
	db.afterRecord = d.enqueue
	return nil
}

// riverConfig returns the River configuration of a client that inserts
// delivery jobs and, if work, works them.
func (d *delivery) riverConfig(db *DB, work bool) *river.Config {
	workers := river.NewWorkers()
	river.AddWorker(workers, &deliveryWorker{db: db, d: d})
	rc := &river.Config{
		Workers:              workers,
		MaxAttempts:          d.cfg.MaxAttempts,
		RetryPolicy:          retryPolicy{base: d.cfg.RetryBase, limit: d.cfg.RetryCap},
		JobTimeout:           d.cfg.Timeout,
		RescueStuckJobsAfter: d.cfg.RescueAfter,
		FetchPollInterval:    d.cfg.PollInterval,
		FetchCooldown:        min(d.cfg.PollInterval, 20*time.Millisecond),
		Logger:               d.cfg.Logger,
	}
	if work {
		rc.Queues = map[string]river.QueueConfig{deliveryQueue: {MaxWorkers: d.cfg.Workers}}
		rc.LeaderElectionDisabled = d.cfg.leaderless
	}
	return rc
}

// migrateRiver runs River's own migrations (package rivermigrate, with
// the SQLite driver) in tx, Migrate's transaction, which holds the file's
// write lock from BEGIN (the writer's _txlock=immediate). They are
// idempotent: River records what it applied in river_migration.
func migrateRiver(ctx context.Context, tx *sql.Tx) error {
	m, err := rivermigrate.New(riversqlite.New(nil), nil)
	if err != nil {
		return fmt.Errorf("sqlite: River's migrations: %w", err)
	}
	// MigrateTx is deprecated because some of River's PostgreSQL
	// migrations cannot share a transaction; its SQLite migrations are
	// plain DDL, each of which Migrate would run in a transaction of its
	// own anyway. One transaction is what makes concurrent Migrate calls
	// safe here: rivermigrate's Migrate reads what was applied before it
	// takes any lock, so two processes would both apply a migration (the
	// second failing on river_migration's key). The test
	// TestMigrateRunsRiverMigrationsOnceFromManyHandles fails without it.
	//lint:ignore SA1019 see above
	if _, err := m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("sqlite: River's migrations: %w", err)
	}
	return nil
}

// enqueue is DB.afterRecord when subscribers are configured: in stx, the
// transaction that records rs, it inserts a River job for each subscriber
// that wants each event and records the delivery as owed, so that the
// deliveries commit or roll back with the change.
func (d *delivery) enqueue(ctx context.Context, stx *sql.Tx, rs []events.Record) error {
	if len(rs) == 0 {
		return nil
	}
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
	return d.insert(&tx{ctx: ctx, tx: stx, council: rs[0].Event.Council.String()}, params)
}

// insert inserts the delivery jobs params in t and records each as owed
// in table deliveries, with its job's ID. A job River skips as a
// duplicate of a live one (queued, running, waiting for a retry) or of
// one that completed records nothing: the delivery is owed already, or
// made. Every job must be of t's council.
func (d *delivery) insert(t *tx, params []river.InsertManyParams) error {
	if len(params) == 0 {
		return nil
	}
	res, err := d.inserter.InsertManyTx(t.ctx, t.tx, params)
	if err != nil {
		return fmt.Errorf("sqlite: enqueueing deliveries: %w", err)
	}
	var ins *stmt
	for i, r := range res {
		if r.UniqueSkippedAsDuplicate {
			continue
		}
		a := params[i].Args.(deliveryArgs)
		if a.Council != t.council {
			return fmt.Errorf("sqlite: a delivery of council %s in a change of council %s", a.Council, t.council)
		}
		if ins == nil {
			if ins, err = t.prepare(insertDeliverySQL); err != nil {
				return err
			}
			defer ins.close()
		}
		if _, err := ins.exec(a.Subscriber, a.Subject, a.Seq, a.EventID, r.Job.ID); err != nil {
			return fmt.Errorf("sqlite: recording deliveries: %w", err)
		}
	}
	return nil
}

// insertDeliverySQL records one owed delivery; a delivery owed already
// (Redeliver) gets its new job.
const insertDeliverySQL = `INSERT INTO deliveries (council, subscriber, subject, seq, event_id, job_id)
	VALUES (?1, ?2, ?3, ?4, ?5, ?6)
	ON CONFLICT (council, subscriber, subject, seq) DO UPDATE SET job_id = excluded.job_id`

func (d *delivery) insertOpts() *river.InsertOpts {
	return &river.InsertOpts{
		Queue:       deliveryQueue,
		MaxAttempts: d.cfg.MaxAttempts,
		UniqueOpts:  river.UniqueOpts{ByArgs: true},
	}
}

// Deliver delivers events to the subscribers in Config.Subscribers until
// ctx ends, then waits for the handlers running (at most
// Config.Delivery.Timeout) and returns ctx's error, or returns at once
// with an error if it cannot start. Stop it (end ctx and wait for it to
// return) before closing the DB.
//
// Each subscriber is given every event of a type it wants at least once,
// in order per record (per council and subject): a delivery whose handler
// fails, panics or times out is tried again after a wait that starts at
// Delivery.RetryBase and doubles up to RetryCap (River's retries, with
// River's own bookkeeping of each attempt's error), and the subscriber's
// later events about the same record wait for it, while other records
// carry on. After Delivery.MaxAttempts failures River gives up on the
// delivery (its job is "discarded"), but the event stays owed to the
// subscriber in table deliveries, still holding back the record's later
// events, until Redeliver enqueues it again: nothing is dropped silently.
// A process that stops or dies mid-delivery leaves what it owed in the
// file; a delivery it had begun is rescued by River's leader
// Delivery.RescueAfter after it began, so its handler may be given the
// event twice; handlers deduplicate by Event.ID.
//
// More than one process may call Deliver on the same file (each event
// goes to one of them at a time), but one is enough: SQLite makes one
// write at a time on a file.
func (db *DB) Deliver(ctx context.Context) error {
	if db.delivery == nil {
		return ErrNoDelivery
	}
	client, err := river.NewClient(riversqlite.New(db.w), db.delivery.riverConfig(db, true))
	if err != nil {
		return fmt.Errorf("sqlite: starting delivery: %w", err)
	}
	// River takes the end of Start's context for an abrupt stop, which
	// cancels the handlers running and leaves the deliveries it had
	// fetched but not begun "running" until River rescues them
	// (RescueAfter later). So River runs under a context of its own, and
	// the end of ctx is a graceful Stop: fetching stops, and what was
	// fetched is delivered, within Timeout.
	if err := client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("sqlite: starting delivery: %w", classify(err))
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
			return fmt.Errorf("sqlite: stopping delivery: %w", err)
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
		return 0, fmt.Errorf("sqlite: Redeliver: no subscriber named %q", sub)
	}
	var n int
	err := db.write(ctx, c, func(t *tx) error {
		rows, err := t.query(`SELECT subject, seq, event_id FROM deliveries WHERE council = ?1 AND subscriber = ?2 ORDER BY seq`, sub)
		if err != nil {
			return err
		}
		var params []river.InsertManyParams
		err = eachRow(rows, func(r *sql.Rows) error {
			a := deliveryArgs{Subscriber: sub, Council: c.String()}
			if err := r.Scan(&a.Subject, &a.Seq, &a.EventID); err != nil {
				return err
			}
			params = append(params, river.InsertManyParams{Args: a, InsertOpts: db.delivery.insertOpts()})
			return nil
		})
		if err != nil {
			return err
		}
		n = len(params)
		return db.delivery.insert(t, params)
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
}

// errNoEvent is why a delivery is cancelled when its event is not in
// table events.
var errNoEvent = errors.New("sqlite: the event to deliver is not in table events")

// Work implements river.Worker.
func (w *deliveryWorker) Work(ctx context.Context, job *river.Job[deliveryArgs]) error {
	a := job.Args
	sub, ok := w.d.byName[a.Subscriber]
	if !ok {
		// A process configured without this subscriber (an older or
		// newer version mid-deploy): fail, so that River retries it,
		// perhaps in a process that has it.
		return fmt.Errorf("sqlite: no subscriber named %q in this process", a.Subscriber)
	}
	c, err := councilkit.ParseCouncil(a.Council)
	if err != nil {
		return river.JobCancel(fmt.Errorf("sqlite: delivery job with council %q: %w", a.Council, err))
	}
	var (
		envelope     []byte
		owed, behind bool
	)
	err = w.db.read(ctx, c, func(t *tx) error {
		return t.scan(`SELECT envelope,
				EXISTS (SELECT 1 FROM deliveries WHERE council = ?1 AND subscriber = ?2 AND subject = ?3 AND seq = ?4),
				EXISTS (SELECT 1 FROM deliveries WHERE council = ?1 AND subscriber = ?2 AND subject = ?3 AND seq < ?4)
			FROM events WHERE council = ?1 AND seq = ?4`,
			[]any{a.Subscriber, a.Subject, a.Seq}, &envelope, &owed, &behind)
	})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return river.JobCancel(fmt.Errorf("%w: council %s, seq %d", errNoEvent, a.Council, a.Seq))
	case err != nil:
		return err
	case !owed:
		return nil // delivered already: this job is a repeat
	case behind:
		return river.JobSnooze(events.Backoff(snoozes(job.Metadata)+1, snoozeBase, snoozeCap))
	}
	var e events.Event
	if err := json.Unmarshal(envelope, &e); err != nil {
		return river.JobCancel(fmt.Errorf("sqlite: event %s: %w", a.EventID, err))
	}
	if err := sub.Handler.Handle(ctx, events.Record{Seq: a.Seq, Event: e}); err != nil {
		return fmt.Errorf("subscriber %s, event %s: %w", a.Subscriber, a.EventID, err)
	}
	// Delivered: no longer owed. The next event of the record this
	// subscriber is owed may be waiting behind this one: wake its job,
	// in the same transaction (one write, one sync, fewer turns at the
	// writer connection for busy workers).
	var running int64 // the next job, if it was running
	err = w.db.write(context.WithoutCancel(ctx), c, func(t *tx) error {
		if _, err := t.exec(`DELETE FROM deliveries WHERE council = ?1 AND subscriber = ?2 AND subject = ?3 AND seq = ?4`,
			a.Subscriber, a.Subject, a.Seq); err != nil {
			return err
		}
		var next int64
		err := t.scan(`SELECT job_id FROM deliveries WHERE council = ?1 AND subscriber = ?2 AND subject = ?3 AND seq > ?4
			ORDER BY seq LIMIT 1`, []any{a.Subscriber, a.Subject, a.Seq}, &next)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		j, err := w.d.inserter.JobRetryTx(t.ctx, t.tx, next)
		switch {
		case errors.Is(err, rivertype.ErrNotFound):
			return nil // its job is gone (cleaned up after River gave up): Redeliver
		case err != nil:
			return err
		case j.State == rivertype.JobStateRunning:
			running = next
		}
		return nil
	})
	if err != nil {
		return err
	}
	if running != 0 {
		w.wake(ctx, running)
	}
	return nil
}

// wake makes job id, which waits behind the event just delivered and was
// running when Work tried to wake it (checking whether it may go, and
// about to snooze), available at once, rather than at the end of its
// snooze. River's JobRetry does not touch a running job, so wake tries
// again a few times; a wake-up
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
}

// NextRetry implements river.ClientRetryPolicy.
func (p retryPolicy) NextRetry(j *rivertype.JobRow) time.Time {
	d := events.Backoff(len(j.Errors)+1, p.base, p.limit)
	d -= time.Duration(rand.Int64N(int64(d/10) + 1))
	return time.Now().Add(d)
}
