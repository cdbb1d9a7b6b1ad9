package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// These tests run the portal as the operating system runs it: the binary
// go build makes, started with flags, killed with SIGKILL. They are run by
// TestPortalProcesses, which builds the binary once for all of them:
// processes_pg_test.go (several processes on one PostgreSQL behind a load
// balancer) and processes_crash_test.go (a crash during writes on SQLite).

// TestPortalProcesses builds the portal and runs the tests that need it
// as a process.
func TestPortalProcesses(t *testing.T) {
	bin := buildPortal(t)
	t.Run("ManyProcessesOnePostgres", func(t *testing.T) { testManyProcessesOnePostgres(t, bin) })
	t.Run("CrashDuringWrites", func(t *testing.T) { testCrashDuringWrites(t, bin) })
}

// buildPortal builds the portal with go build into a temporary directory
// and returns the binary's path. The build cache makes this a link after
// the first time. Without a go command (a test binary run on its own) the
// test is skipped, or fails under CI=true.
func buildPortal(t *testing.T) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no go command to build the portal with: %v", err)
		}
		t.Skipf("no go command to build the portal with: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "portal")
	start := time.Now()
	cmd := exec.Command(goCmd, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Logf("go build: %v", time.Since(start).Round(time.Millisecond))
	return bin
}

// portalProc is a portal process.
type portalProc struct {
	name    string
	addr    string // host:port it listens on
	cmd     *exec.Cmd
	logPath string
	done    chan struct{} // closed once the process has ended
	err     error         // Wait's, once done is closed
}

// processEnv is the test's environment without the portal's COUNCILKIT_
// variables, which would set flag defaults behind the test's back (a
// developer's COUNCILKIT_POSTGRES, say).
func processEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "COUNCILKIT_") {
			env = append(env, kv)
		}
	}
	return env
}

// launchPortal starts the portal binary with args, listening on a port of
// its choosing on 127.0.0.1, and waits until it says where (-addr-file),
// which it does once it is ready to serve. Its output goes to a log file
// in dir. It is safe to call from several goroutines.
func launchPortal(bin, dir, name string, args ...string) (*portalProc, error) {
	addrFile := filepath.Join(dir, name+".addr")
	p := &portalProc{name: name, logPath: filepath.Join(dir, name+".log"), done: make(chan struct{})}
	logFile, err := os.Create(p.logPath)
	if err != nil {
		return nil, err
	}
	p.cmd = exec.Command(bin, append([]string{"-addr", "127.0.0.1:0", "-addr-file", addrFile}, args...)...)
	p.cmd.Env = processEnv()
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	if err := p.cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	go func() {
		p.err = p.cmd.Wait()
		logFile.Close()
		close(p.done)
	}()
	deadline := time.After(3 * time.Minute)
	for {
		if b, err := os.ReadFile(addrFile); err == nil {
			p.addr = strings.TrimSpace(string(b))
			return p, nil
		}
		select {
		case <-p.done:
			return nil, fmt.Errorf("%s stopped before listening (%v):\n%s", name, p.err, p.logs())
		case <-deadline:
			_ = p.kill()
			return nil, fmt.Errorf("%s not listening after 3 minutes:\n%s", name, p.logs())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// startPortal launches a portal for t, which stops it (if it is still
// running) when it ends and shows its log if t failed.
func startPortal(t *testing.T, bin, name string, args ...string) *portalProc {
	t.Helper()
	p, err := launchPortal(bin, t.TempDir(), name, args...)
	if err != nil {
		t.Fatal(err)
	}
	watchPortal(t, p)
	return p
}

// watchPortal has t stop p when it ends and show p's log if t failed.
func watchPortal(t *testing.T, p *portalProc) {
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			t.Logf("%s's log:\n%s", p.name, p.logs())
		}
	})
}

// url is the portal's address.
func (p *portalProc) url() string { return "http://" + p.addr }

// kill ends the process with SIGKILL, as a crash or the OOM killer would:
// no deferred function runs, no connection is closed cleanly. Its error
// says if the process had already ended by itself.
func (p *portalProc) kill() error {
	select {
	case <-p.done:
		return fmt.Errorf("%s had ended before it was killed (%v):\n%s", p.name, p.err, p.logs())
	default:
	}
	_ = p.cmd.Process.Kill()
	<-p.done
	return nil
}

// stop asks the process to shut down (SIGINT, as Ctrl-C) and waits for it,
// killing it after 30 seconds.
func (p *portalProc) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		_ = p.kill()
		return
	}
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		_ = p.kill()
	}
}

// logs returns the end of the process's log.
func (p *portalProc) logs() string {
	b, err := os.ReadFile(p.logPath)
	if err != nil {
		return err.Error()
	}
	if len(b) > 8000 {
		b = append([]byte("…"), b[len(b)-8000:]...)
	}
	return string(b)
}

// sandboxStateShared says whether the sandbox payment provider keeps its
// payments where every process sees them. Until it does, a payment
// started on one process can be paid and returned from only on that
// process, so the balancer keeps a payment's pages on the process that
// started it (sandbox affinity) and the process killed mid-payment is the
// other one.
//
// TODO(sbx): set to true once the sandbox provider keeps its state in the
// store (branch sbx): the affinity goes, and the process that takes the
// card dies before its answer reaches the resident, who pays again on
// another.
const sandboxStateShared = true

// balancer is a small round-robin load balancer in front of portal
// processes, an http.RoundTripper for httputil.ReverseProxy. Page views
// (GET, HEAD) and form posts each go to the backends in turn, so that,
// however many pages a resident views between them, consecutive form posts
// land on different processes, as consecutive page views do. A request
// that cannot reach its backend (the connection is refused: the process is
// gone) goes to the next; a request that reached one is never sent twice.
type balancer struct {
	mu       sync.Mutex
	backends []string // host:port of each process; "" while it is down
	next     [2]int   // the next backend for page views and for form posts
	pins     map[string]int
	served   []servedRequest
	// dieAfter, when it returns true for the backend i that has just
	// answered req with resp, makes kill end that process before the
	// answer is relayed: the resident sees the balancer's 502 page. It is
	// called with mu held.
	dieAfter func(i int, req *http.Request, resp *http.Response) bool
	kill     func(i int)

	transport *http.Transport
}

type servedRequest struct {
	backend      int
	method, path string
	status       int
}

func newBalancer(n int) *balancer {
	return &balancer{
		backends:  make([]string, n),
		pins:      map[string]int{},
		transport: &http.Transport{MaxIdleConnsPerHost: 16, IdleConnTimeout: 30 * time.Second},
	}
}

// set points backend i at addr (a process started in its place).
func (lb *balancer) set(i int, addr string) {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	lb.backends[i] = addr
}

// down takes backend i out of the rotation and drops the connections to
// it, as a health check would.
func (lb *balancer) down(i int) {
	lb.mu.Lock()
	lb.backends[i] = ""
	lb.mu.Unlock()
	lb.transport.CloseIdleConnections()
}

// pick chooses the backend for req.
func (lb *balancer) pick(req *http.Request) (int, string, bool) {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	if i, ok := lb.pins[req.URL.Path]; ok && lb.backends[i] != "" {
		return i, lb.backends[i], true
	}
	class := 1
	if req.Method == http.MethodGet || req.Method == http.MethodHead {
		class = 0
	}
	for range lb.backends {
		i := lb.next[class]
		lb.next[class] = (i + 1) % len(lb.backends)
		if lb.backends[i] != "" {
			return i, lb.backends[i], true
		}
	}
	return 0, "", false
}

// pin keeps the pages of a sandbox payment on the process that started it
// (sandboxStateShared): the payment page the provider sends the resident
// to, the return address it sends them back to, and the result page. It
// is called with mu held.
func (lb *balancer) pin(i int, resp *http.Response) {
	if sandboxStateShared {
		return
	}
	loc, err := resp.Location()
	if err != nil {
		return
	}
	if strings.HasPrefix(loc.Path, "/sandbox-pay/") || strings.HasPrefix(loc.Path, "/payments/") {
		if _, ok := lb.pins[loc.Path]; !ok {
			lb.pins[loc.Path] = i
		}
	}
}

func (lb *balancer) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	for range lb.backends {
		i, addr, ok := lb.pick(req)
		if !ok {
			break
		}
		out := req.Clone(req.Context())
		out.URL.Host = addr
		out.Body, out.ContentLength = http.NoBody, 0
		if len(body) > 0 {
			out.Body, out.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		}
		resp, err := lb.transport.RoundTrip(out)
		if op := (*net.OpError)(nil); errors.As(err, &op) && op.Op == "dial" {
			continue // nothing reached the process: the next may take it
		}
		if err != nil {
			return nil, err
		}
		lb.mu.Lock()
		lb.pin(i, resp)
		die := lb.dieAfter != nil && lb.dieAfter(i, req, resp)
		if !die {
			lb.served = append(lb.served, servedRequest{backend: i, method: req.Method, path: req.URL.Path, status: resp.StatusCode})
		}
		kill := lb.kill
		lb.mu.Unlock()
		if die {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			kill(i)
			return nil, errors.New("the process died before its answer was relayed")
		}
		return resp, nil
	}
	return nil, errors.New("no process is up")
}

// servedBy returns the backends that answered "METHOD /path", in order.
func (lb *balancer) servedBy(request string) []int {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	var by []int
	for _, s := range lb.served {
		if s.method+" "+s.path == request {
			by = append(by, s.backend)
		}
	}
	return by
}

// mark returns how many requests have been answered so far, for since.
func (lb *balancer) mark() int {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	return len(lb.served)
}

// since counts the requests each backend answered after mark m, and the
// form posts among them.
func (lb *balancer) since(m int) (requests, posts []int) {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	requests, posts = make([]int, len(lb.backends)), make([]int, len(lb.backends))
	for _, s := range lb.served[m:] {
		requests[s.backend]++
		if s.method == http.MethodPost {
			posts[s.backend]++
		}
	}
	return requests, posts
}
