package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/lgds/councilkit/events"
)

// deliveryWorkerEnv, when set in the environment of the test binary,
// makes it a delivery worker process (see runDeliveryWorker) instead of
// running tests: the kill-a-worker test and the throughput measurement
// start two of them.
const deliveryWorkerEnv = "COUNCILKIT_TEST_DELIVERY_WORKER"

// workerSpec is what a worker process is told, as JSON in
// deliveryWorkerEnv.
type workerSpec struct {
	URL      string // the database, as the application role
	Receiver string // the HTTP receiver's URL
	Delivery DeliveryConfig
}

// webhookSubscriber returns the subscriber the worker processes run: it
// POSTs each event's CloudEvents JSON to url, with the event's position
// in header X-Seq, and takes any 2xx reply as delivered.
func webhookSubscriber(client *http.Client, url string) events.Subscriber {
	return events.Subscriber{Name: "webhook", Handler: events.HandlerFunc(func(ctx context.Context, r events.Record) error {
		body, err := json.Marshal(r.Event)
		if err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/cloudevents+json")
		req.Header.Set("X-Seq", strconv.FormatInt(r.Seq, 10))
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("receiver answered %s", resp.Status)
		}
		return nil
	})}
}

// runDeliveryWorker is a worker process's main: it delivers until it is
// killed or sent SIGTERM, and returns the exit code.
func runDeliveryWorker(spec string) int {
	var s workerSpec
	if err := json.Unmarshal([]byte(spec), &s); err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		return 2
	}
	s.Delivery.leaderless = true
	s.Delivery.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if dir := os.Getenv("COUNCILKIT_DELIVERY_CPUPROFILE"); dir != "" {
		f, err := os.Create(fmt.Sprintf("%s/worker-%d.pprof", dir, os.Getpid()))
		if err == nil {
			_ = pprof.StartCPUProfile(f)
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}, Timeout: 5 * time.Second}
	db, err := Open(ctx, s.URL, Config{
		Subscribers:   []events.Subscriber{webhookSubscriber(client, s.Receiver)},
		Delivery:      s.Delivery,
		ConfigurePool: func(c *pgxpool.Config) { c.MaxConns = 16 },
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		return 2
	}
	defer db.Close()
	if err := db.Deliver(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		return 1
	}
	return 0
}

// startWorker starts the test binary as a delivery worker process.
func startWorker(t testing.TB, s workerSpec) *exec.Cmd {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), deliveryWorkerEnv+"="+string(b))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if stderr.Len() > 0 {
			t.Logf("worker %d's log:\n%s", cmd.Process.Pid, stderr.String())
		}
	})
	return cmd
}

// receiver is a local HTTP receiver of events that counts each event ID
// and notes when it first arrived and in what order.
type receiver struct {
	mu      sync.Mutex
	count   map[string]int
	first   map[string]time.Time
	order   []arrival
	changed chan struct{}
}

type arrival struct {
	key string // council/subject
	seq int64
}

func newReceiver() *receiver {
	return &receiver{count: map[string]int{}, first: map[string]time.Time{}, changed: make(chan struct{}, 1)}
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var e events.Event
	if err := json.NewDecoder(r.Body).Decode(&e); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	seq, _ := strconv.ParseInt(r.Header.Get("X-Seq"), 10, 64)
	now := time.Now()
	rc.mu.Lock()
	rc.count[e.ID]++
	if rc.count[e.ID] == 1 {
		rc.first[e.ID] = now
		rc.order = append(rc.order, arrival{e.Council.String() + "/" + e.Subject, seq})
	}
	rc.mu.Unlock()
	select {
	case rc.changed <- struct{}{}:
	default:
	}
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) unique() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.count)
}

// waitUnique waits until n distinct events have arrived.
func (rc *receiver) waitUnique(t testing.TB, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.After(timeout)
	for rc.unique() < n {
		select {
		case <-deadline:
			t.Fatalf("%d of %d events arrived after %v", rc.unique(), n, timeout)
		case <-rc.changed:
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// recordMany records n events of council A and B about subjects records
// (so several events per record), in transactions of batch events, from
// writers goroutines, and returns their IDs and when each committed.
func recordMany(t testing.TB, db *DB, n, batch, writers, records int) (ids []string, committed map[string]time.Time) {
	t.Helper()
	committed = map[string]time.Time{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	per := n / writers
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i += batch {
				c := councilA
				if (w+i/batch)%2 == 1 {
					c = councilB
				}
				var evs []events.Event
				for j := range min(batch, per-i) {
					evs = append(evs, newEvent(t, c, events.PaymentCreated, fmt.Sprintf("pay-%d", (w*per+i+j)%records)))
				}
				if _, err := recordEvents(context.Background(), db, c, evs...); err != nil {
					t.Error(err)
					return
				}
				now := time.Now()
				mu.Lock()
				for _, e := range evs {
					ids = append(ids, e.ID)
					committed[e.ID] = now
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return ids, committed
}

// startLeader runs, in the test process, a River client that works no
// deliveries (its queue is empty) but, started before the workers (which
// stay out of leader election), is River's leader and so runs its
// maintenance, the rescue of deliveries lost with a killed process
// included. It returns a function that restarts it: River's rescuer runs
// when a leader starts and every 30 seconds after, and the restart stands
// for the 30 seconds a test cannot wait.
func startLeader(t testing.TB, db *DB) (restart func()) {
	t.Helper()
	ctx := context.Background()
	var client *river.Client[pgx.Tx]
	start := func() {
		rc := db.delivery.riverConfig(db, newBatcher(db))
		rc.Queues = map[string]river.QueueConfig{"councilkit_test_leader": {MaxWorkers: 1}}
		rc.ID = "test-leader"
		var err error
		if client, err = river.NewClient(riverpgxv5.New(db.pool), rc); err != nil {
			t.Fatal(err)
		}
		if err := client.Start(ctx); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			var leader string
			_ = db.pool.QueryRow(ctx, `SELECT leader_id FROM councilkit_river.river_leader`).Scan(&leader)
			if leader == rc.ID {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the test process did not become River's leader (leader %q)", leader)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	stop := func() {
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		_ = client.Stop(sctx)
	}
	start()
	t.Cleanup(stop)
	return func() { stop(); start() }
}

// Two worker processes deliver to a local HTTP receiver; one is killed
// with SIGKILL mid-run. Every event arrives, each record's events first
// arrive in order, and the only repeats are of deliveries the killed
// process had in hand.
func TestDeliverKillAWorkerProcess(t *testing.T) {
	td := newMigratedDB(t)
	rc := newReceiver()
	srv := httptest.NewServer(rc)
	defer srv.Close()
	dc := DeliveryConfig{Workers: 20, Timeout: time.Second, RescueAfter: 1500 * time.Millisecond,
		RetryBase: 20 * time.Millisecond, RetryCap: 200 * time.Millisecond, PollInterval: 20 * time.Millisecond,
		Logger: slog.New(slog.DiscardHandler)}
	db := openMigrated(t, td, Config{Subscribers: []events.Subscriber{webhookSubscriber(srv.Client(), srv.URL)}, Delivery: dc})
	restartLeader := startLeader(t, db)
	spec := workerSpec{URL: td.AppURL, Receiver: srv.URL, Delivery: dc}
	victim := startWorker(t, spec)
	startWorker(t, spec)

	const n = 1000
	began := time.Now()
	recorded := make(chan []string, 1)
	go func() {
		ids, _ := recordMany(t, db, n, 5, 4, 150)
		recorded <- ids
	}()
	rc.waitUnique(t, n/4, 30*time.Second)
	if err := victim.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killedAt := rc.unique()
	ids := <-recorded
	t.Logf("%v: recorded, %d arrived", time.Since(began), rc.unique())
	if len(ids) != n {
		t.Fatalf("recorded %d events, want %d", len(ids), n)
	}
	time.Sleep(dc.RescueAfter + 100*time.Millisecond)
	restartLeader()
	t.Logf("%v: leader restarted, %d arrived", time.Since(began), rc.unique())
	rc.waitUnique(t, n, 30*time.Second)
	t.Logf("%v: all arrived", time.Since(began))
	// Before locking the receiver (which a delivery still in flight needs):
	// a worker marks a delivery done after the receiver has answered, so
	// the last few may still be owed for a moment after they arrived.
	owed := countRows(t, td, `SELECT count(*) FROM councilkit.deliveries`)
	for deadline := time.Now().Add(30 * time.Second); owed != 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		owed = countRows(t, td, `SELECT count(*) FROM councilkit.deliveries`)
	}
	if owed != 0 {
		t.Fatalf("%d deliveries still owed 30s after every event arrived", owed)
	}

	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, id := range ids {
		if rc.count[id] == 0 {
			t.Fatalf("event %s never arrived", id)
		}
	}
	repeats := 0
	for _, c := range rc.count {
		repeats += c - 1
	}
	// A repeat is a delivery the killed process made but had not marked
	// done; it had at most Workers in hand.
	if repeats > dc.Workers {
		t.Fatalf("%d repeated deliveries; the killed process had at most %d in hand", repeats, dc.Workers)
	}
	last := map[string]int64{}
	for _, a := range rc.order {
		if a.seq <= last[a.key] {
			t.Fatalf("record %s: event %d first arrived after event %d", a.key, a.seq, last[a.key])
		}
		last[a.key] = a.seq
	}
	t.Logf("killed a worker after %d of %d events had arrived; %d repeats", killedAt, n, repeats)
}

// TestDeliveryThroughput measures delivery from the outbox to a local
// HTTP receiver with two worker processes: the rate at which they drain
// a backlog, and the lag from commit to arrival at 1,000 events a second.
// It asserts nothing about time (the machine is shared); it reports. Set
// COUNCILKIT_DELIVERY_BENCH=1 to run it.
func TestDeliveryThroughput(t *testing.T) {
	if os.Getenv("COUNCILKIT_DELIVERY_BENCH") == "" {
		t.Skip("set COUNCILKIT_DELIVERY_BENCH=1 to measure delivery throughput and lag")
	}
	td := newMigratedDB(t)
	rc := newReceiver()
	srv := httptest.NewServer(rc)
	defer srv.Close()
	workers := 100
	if s := os.Getenv("COUNCILKIT_DELIVERY_WORKERS"); s != "" {
		workers, _ = strconv.Atoi(s)
	}
	dc := DeliveryConfig{Workers: workers, PollInterval: 50 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)}
	db := openMigrated(t, td, Config{Subscribers: []events.Subscriber{webhookSubscriber(srv.Client(), srv.URL)}, Delivery: dc})

	// Throughput: a backlog of n events, recorded before the workers
	// start, drained by two processes.
	n := 20000
	if s := os.Getenv("COUNCILKIT_DELIVERY_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	start := time.Now()
	recordMany(t, db, n, 50, 4, n)
	t.Logf("recorded %d events with their deliveries in %v (%.0f/s)", n, time.Since(start), float64(n)/time.Since(start).Seconds())
	spec := workerSpec{URL: td.AppURL, Receiver: srv.URL, Delivery: dc}
	cpu0 := cpuUse(t, td)
	start = time.Now()
	w1, w2 := startWorker(t, spec), startWorker(t, spec)
	rc.waitUnique(t, n, 5*time.Minute)
	el := time.Since(start)
	cpu1 := cpuUse(t, td, w1.Process.Pid, w2.Process.Pid)
	t.Logf("throughput: %d events delivered by 2 processes (%d workers each) in %v: %.0f events/s", n, workers, el, float64(n)/el.Seconds())
	pg, wk, self := cpu1.pg-cpu0.pg, cpu1.workers, cpu1.self-cpu0.self
	perEvent := (pg + wk + self) / time.Duration(n)
	t.Logf("CPU per event delivered: %v (PostgreSQL %v, worker processes %v, receiver %v); on 2 idle cores that is %.0f events/s",
		perEvent, pg/time.Duration(n), wk/time.Duration(n), self/time.Duration(n), 2*float64(time.Second)/float64(perEvent))
	rc.mu.Lock()
	var buckets [40]int
	for _, at := range rc.first {
		buckets[min(int(at.Sub(start)/(500*time.Millisecond)), len(buckets)-1)]++
	}
	rc.mu.Unlock()
	t.Logf("arrivals per half second from the workers' start: %v", buckets)

	// Lag: 1,000 events a second for 10 seconds, 10 per transaction
	// every 10ms, each event its own record.
	base := rc.unique()
	const rate, secs, per = 1000, 10, 10
	var ids []string
	committed := map[string]time.Time{}
	tick := time.NewTicker(time.Second * per / rate)
	for i := 0; i < rate*secs/per; i++ {
		<-tick.C
		var evs []events.Event
		for j := range per {
			evs = append(evs, newEvent(t, councilA, events.PaymentCreated, fmt.Sprintf("lag-%d-%d", i, j)))
		}
		if _, err := recordEvents(context.Background(), db, councilA, evs...); err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		for _, e := range evs {
			ids = append(ids, e.ID)
			committed[e.ID] = now
		}
	}
	tick.Stop()
	rc.waitUnique(t, base+len(ids), time.Minute)
	rc.mu.Lock()
	lags := make([]time.Duration, 0, len(ids))
	for _, id := range ids {
		lags = append(lags, rc.first[id].Sub(committed[id]))
	}
	rc.mu.Unlock()
	slices.Sort(lags)
	q := func(p float64) time.Duration { return lags[int(p*float64(len(lags)-1))] }
	t.Logf("lag at %d events/s: p50 %v, p90 %v, p99 %v, max %v", rate, q(0.5), q(0.9), q(0.99), lags[len(lags)-1])
}

// cpuTimes is CPU time used: by the PostgreSQL backends serving td's
// database, by the given worker processes, and by this process.
type cpuTimes struct{ pg, workers, self time.Duration }

// cpuUse reads the CPU time used so far from /proc (Linux only; zero
// elsewhere).
func cpuUse(t testing.TB, td testDB, workers ...int) cpuTimes {
	t.Helper()
	var c cpuTimes
	rows, err := superConn(t, td).Query(context.Background(), `SELECT pid FROM pg_stat_activity WHERE datname = $1`, td.Name)
	if err != nil {
		t.Fatal(err)
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		t.Fatal(err)
	}
	for _, pid := range pids {
		c.pg += procCPU(int(pid))
	}
	for _, pid := range workers {
		c.workers += procCPU(pid)
	}
	c.self = procCPU(os.Getpid())
	return c
}

// procCPU returns the user and system time of process pid, from
// /proc/pid/stat (fields 14 and 15, in clock ticks of 1/100s).
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		s = s[i+2:]
	}
	f := strings.Fields(s)
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+k) * 10 * time.Millisecond
}
