package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lgds/councilkit/events"
)

// deliveryChildEnv names the data file TestDeliveryChild delivers from;
// it is set only in the process TestDeliveryKillAWorkerProcess starts.
const deliveryChildEnv = "COUNCILKIT_SQLITE_DELIVERY_CHILD"

// killConfig is the delivery configuration of the kill-a-worker test:
// deliveries the killed process had begun are rescued a second after.
func killConfig() DeliveryConfig {
	cfg := fastDelivery()
	cfg.Workers = 8
	cfg.Timeout = 500 * time.Millisecond
	cfg.RescueAfter = time.Second
	return cfg
}

// TestDeliveryKillAWorkerProcess runs this test binary again as a child
// process that delivers a file's events, printing each one as its handler
// returns, while this process goes on recording events in the same file
// (two processes writing it: neither may fail with SQLITE_BUSY). Part way
// through, the child is killed with SIGKILL, mid-delivery. Then this
// process delivers, after River's leader has rescued the deliveries the
// child had begun: every event recorded must have been handled, by the
// child or by this process, and each record's events in order. An event
// the child was handling when it died may be handled twice (at least
// once), but never before an earlier one of its record.
func TestDeliveryKillAWorkerProcess(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "deliver.db")
	h := newSink(nil)
	db := openPath(t, path, Config{Subscribers: []events.Subscriber{{Name: "s", Handler: h}}, Delivery: killConfig()})
	var ids []string
	record := func(n int) {
		for i := range n {
			e := newEvent(t, councilA, events.PaymentCreated, fmt.Sprintf("p%d", i%5))
			mustRecord(t, db, councilA, e)
			ids = append(ids, e.ID)
		}
	}
	record(40)

	cmd := exec.Command(os.Args[0], "-test.run=^TestDeliveryChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), deliveryChildEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.AfterFunc(60*time.Second, func() { _ = cmd.Process.Kill() })
	defer func() { deadline.Stop(); _ = cmd.Process.Kill() }()

	// While the child delivers, this process records more.
	var wg sync.WaitGroup
	wg.Go(func() { record(20) })

	var (
		child  []events.Record // what the child handled, in order
		killed bool
	)
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 4 || f[0] != "delivered" {
			continue // the test framework's own lines
		}
		seq, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			t.Fatalf("child printed %q", sc.Text())
		}
		child = append(child, events.Record{Seq: seq, Event: events.Event{ID: f[2], Council: councilA, Subject: f[3]}})
		if !killed && len(child) >= 15 {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
		}
	}
	_ = cmd.Wait()
	wg.Wait()
	if !killed {
		t.Fatalf("the child stopped after %d deliveries without being killed", len(child))
	}
	// The deliveries the child had begun are rescued once they are
	// RescueAfter old, by the leader's rescuer, which runs when this
	// process's Deliver becomes leader.
	time.Sleep(killConfig().RescueAfter + 200*time.Millisecond)
	startDelivery(t, db)

	seen := map[string]bool{}
	for _, r := range child {
		seen[r.Event.ID] = true
	}
	var rest []string
	for _, id := range ids {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	h.waitFor(t, rest, 60*time.Second)
	h.mu.Lock()
	all := append(child, h.handled...)
	h.mu.Unlock()
	last := map[string]int64{}
	twice := 0
	for _, r := range all {
		switch k := r.Event.Subject; {
		case r.Seq < last[k]:
			t.Fatalf("record %s: event %d handled after event %d", k, r.Seq, last[k])
		case r.Seq == last[k]:
			twice++ // the child died between handling it and marking it delivered
		}
		last[r.Event.Subject] = r.Seq
	}
	if twice > killConfig().Workers {
		t.Errorf("%d events handled twice; the child had at most %d in hand", twice, killConfig().Workers)
	}
	t.Logf("child handled %d, this process %d, %d twice", len(child), len(all)-len(child), twice)
}

// TestDeliveryChild is the child process of TestDeliveryKillAWorkerProcess.
func TestDeliveryChild(t *testing.T) {
	path := os.Getenv(deliveryChildEnv)
	if path == "" {
		t.Skip("the child process of TestDeliveryKillAWorkerProcess")
	}
	var mu sync.Mutex // one line at a time on stdout
	cfg := killConfig()
	cfg.leaderless = true
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, err := Open(context.Background(), path, Config{Subscribers: []events.Subscriber{{Name: "s", Handler: events.HandlerFunc(func(_ context.Context, r events.Record) error {
		time.Sleep(10 * time.Millisecond)
		mu.Lock()
		fmt.Fprintf(os.Stdout, "delivered %d %s %s\n", r.Seq, r.Event.ID, r.Event.Subject)
		mu.Unlock()
		return nil
	})}}, Delivery: cfg})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Deliver(context.Background()) // until killed
}
