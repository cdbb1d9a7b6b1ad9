package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
)

// crashEnv names the data file that TestCrashChild writes to; it is set
// only in the process TestCrashLosesNoCommittedRecord starts.
const crashEnv = "COUNCILKIT_SQLITE_CRASH_CHILD"

// TestCrashLosesNoCommittedRecord runs this test binary again as a child
// process that writes payments from several goroutines and prints each
// one's ID as soon as its Create (or Update) has returned, then kills the
// child with SIGKILL in the middle of its writes. Reopened, the file must
// hold every payment the child reported, intact, with every reported
// update, and pass quick_check; and its event log must hold exactly the
// events of the stored changes, since each change's events go in its own
// transaction. (SIGKILL ends the process without any clean-up, as a crash
// does; that a commit also survives the machine losing power rests on
// synchronous=FULL, which makes SQLite sync the log to disk before COMMIT
// returns.)
func TestCrashLosesNoCommittedRecord(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crash.db")
	db := openPath(t, path)
	db.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	created := map[int]string{}
	updated := map[int]bool{}
	killed := false
	deadline := time.AfterFunc(30*time.Second, func() { _ = cmd.Process.Kill() })
	defer func() { // whatever happens, leave no child writing
		deadline.Stop()
		_ = cmd.Process.Kill()
	}()
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 {
			continue // the test framework's own lines
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			t.Fatalf("child printed %q", sc.Text())
		}
		switch f[0] {
		case "created":
			created[n] = f[2]
		case "updated":
			updated[n] = true
		}
		if !killed && len(created) >= 60 {
			// Mid-stream: the child's goroutines are writing now.
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
		}
	}
	_ = cmd.Wait()
	if !killed {
		t.Fatalf("the child stopped after %d payments without being killed", len(created))
	}

	db, err = Open(ctx, path, Config{})
	if err != nil {
		t.Fatalf("reopening after the crash: %v", err)
	}
	defer db.Close()
	if err := db.Check(ctx); err != nil {
		t.Fatalf("after the crash: %v", err)
	}
	s := db.Payments()
	for n, id := range created {
		p, err := s.Get(ctx, councilA, id)
		if err != nil {
			t.Errorf("payment %d (%s), reported committed, is lost: %v", n, id, err)
			continue
		}
		if want := crashPayment(n, id); p.Reference != want.Reference || p.Amount != want.Amount || !p.CreatedAt.Equal(want.CreatedAt) {
			t.Errorf("payment %d: stored %s %s %s, want %s %s %s", n, p.Reference, p.Amount, p.CreatedAt, want.Reference, want.Amount, want.CreatedAt)
		}
		if updated[n] && (p.Status != payments.StatusSuccess || len(p.Events) != 2 || p.Version != 2) {
			t.Errorf("payment %d: the update reported committed is lost: status %s, %d events, version %d", n, p.Status, len(p.Events), p.Version)
		}
	}
	all, err := s.List(ctx, councilA, payments.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < len(created) {
		t.Errorf("%d payments stored, %d reported", len(all), len(created))
	}
	// The events went in the same transactions as the payments: every
	// stored payment has its created event (and, if it was paid, its
	// succeeded event), and no event lacks its payment's change, however
	// the kill fell between a change and its events.
	stored := map[string]*payments.Payment{}
	for _, p := range all {
		stored[p.ID] = p
	}
	log, err := db.Events().Since(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	byPayment := map[string][]events.Type{}
	for _, r := range log {
		byPayment[r.Event.Subject] = append(byPayment[r.Event.Subject], r.Event.Type)
	}
	for id, p := range stored {
		want := []events.Type{events.PaymentCreated}
		if p.Status == payments.StatusSuccess {
			want = append(want, events.PaymentSucceeded)
		}
		if got := byPayment[id]; !slices.Equal(got, want) {
			t.Errorf("payment %s (%s, version %d) has events %v, want %v", id, p.Status, p.Version, got, want)
		}
	}
	for id, types := range byPayment {
		if stored[id] == nil {
			t.Errorf("events %v recorded for payment %s, which is not stored", types, id)
		}
	}
	t.Logf("killed the child after %d reported payments (%d updated); %d stored", len(created), len(updated), len(all))
}

// crashPayment is the payment the child stores as number n.
func crashPayment(n int, id string) *payments.Payment {
	p := paymentstest.NewPayment(councilA, t0.Add(time.Duration(n)*time.Millisecond+time.Duration(n)))
	p.ID = id
	p.Reference = fmt.Sprintf("CRASH-%06d", n)
	p.Amount = payments.Pence(int64(n) + 1)
	return p
}

// TestCrashChild is the child process of TestCrashLosesNoCommittedRecord;
// run any other way, it skips. It writes until it is killed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("the child process of TestCrashLosesNoCommittedRecord")
	}
	ctx := context.Background()
	db, err := Open(ctx, path, Config{})
	if err != nil {
		t.Fatal(err)
	}
	s := db.Payments()
	var (
		next atomic.Int64
		mu   sync.Mutex // one line at a time on stdout
		wg   sync.WaitGroup
	)
	report := func(what string, n int, id string) {
		mu.Lock()
		fmt.Fprintf(os.Stdout, "%s %d %s\n", what, n, id)
		mu.Unlock()
	}
	for range 4 {
		wg.Go(func() {
			for {
				n := int(next.Add(1))
				p := crashPayment(n, fmt.Sprintf("crash-%06d", n))
				if err := s.Create(ctx, councilA, p); err != nil {
					fmt.Fprintln(os.Stderr, "child:", err)
					os.Exit(3)
				}
				report("created", n, p.ID)
				if n%2 == 0 {
					_, err := payments.Modify(ctx, s, councilA, p.ID, func(p *payments.Payment) error {
						p.Status = payments.StatusSuccess
						p.Events = append(p.Events, payments.Event{At: t0, Kind: payments.EventStatus, From: payments.StatusCreated, To: payments.StatusSuccess})
						return nil
					})
					if err != nil {
						fmt.Fprintln(os.Stderr, "child:", err)
						os.Exit(3)
					}
					report("updated", n, p.ID)
				}
			}
		})
	}
	wg.Wait()
}
