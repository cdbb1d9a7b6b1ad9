package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity/onelogin/oneloginfake"
	"github.com/lgds/councilkit/notify/notices"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/sqlite"
)

// roundRobin is a small load balancer in front of several portal
// instances: each request goes to the next instance in turn, and a request
// an instance cannot take (connection refused or dropped: the instance is
// gone) goes to the next one, as a load balancer's health check and retry
// would send it. It remembers which instance served each request.
type roundRobin struct {
	mu       sync.Mutex
	backends []string // host:port
	down     []bool
	next     int
	served   []int    // index of the backend that answered each request, in order
	requests []string // each request's method and path, in the same order
	base     http.RoundTripper
	// dieAfter, when it returns true for the backend i that has just
	// answered req, makes that instance die (kill) before its answer gets
	// out: the answer is dropped and the request fails, not retried (a
	// form post may have changed something).
	dieAfter func(i int, req *http.Request) bool
	kill     func(i int)
}

func (rr *roundRobin) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	var lastErr error
	for range len(rr.backends) {
		rr.mu.Lock()
		i := rr.next
		rr.next = (rr.next + 1) % len(rr.backends)
		skip := rr.down[i]
		rr.mu.Unlock()
		if skip {
			continue
		}
		out := req.Clone(req.Context())
		out.URL.Host = rr.backends[i]
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.ContentLength = int64(len(body))
		if req.Body == nil {
			out.Body = nil
		}
		resp, err := rr.base.RoundTrip(out)
		if err != nil {
			rr.mu.Lock()
			rr.down[i] = true
			rr.mu.Unlock()
			lastErr = err
			continue
		}
		rr.mu.Lock()
		die := rr.dieAfter != nil && rr.dieAfter(i, out)
		kill := rr.kill
		rr.mu.Unlock()
		if die {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			kill(i)
			rr.mu.Lock()
			rr.down[i] = true
			rr.mu.Unlock()
			return nil, errors.New("instance died before answering")
		}
		rr.mu.Lock()
		rr.served = append(rr.served, i)
		rr.requests = append(rr.requests, req.Method+" "+req.URL.Path)
		rr.mu.Unlock()
		return resp, nil
	}
	if lastErr == nil {
		lastErr = errors.New("no instance is up")
	}
	return nil, lastErr
}

// servedBy returns the backends that answered the requests with this
// method and path, in order.
func (rr *roundRobin) servedBy(request string) []int {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	var by []int
	for n, r := range rr.requests {
		if r == request {
			by = append(by, rr.served[n])
		}
	}
	return by
}

// servedSince counts the requests each backend answered from request n on.
func (rr *roundRobin) servedSince(n int) []int {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	c := make([]int, len(rr.backends))
	for _, i := range rr.served[n:] {
		c[i]++
	}
	return c
}

func (rr *roundRobin) count() int {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	return len(rr.served)
}

// Many instances (issue 18.3): two portals on one PostgreSQL database
// behind a round-robin proxy. A resident signs in, pays council tax,
// applies for a school place and for planning permission with every step
// landing on the other instance than the one before. The instance that
// takes the card for the council tax dies after the provider has taken the
// money and before its answer reaches the resident, who presses pay again
// on the other. Nothing is lost, nothing is stored twice, the money is
// taken once, and the session survives.
//
// The instances run in this process (two *server values, each behind its
// own listener), sharing one fake One Login; each has its own sandbox
// payment provider, which keeps its payments in the shared database, as
// GOV.UK Pay keeps them for every instance of a real deployment. Stopping
// an instance closes its listener, its connections and its database pool,
// as a process that dies would. TestPortalProcesses (processes_pg_test.go)
// runs the portal as real processes, sharing a fake One Login through
// -onelogin-issuer.
func TestManyInstancesOnePostgres(t *testing.T) {
	dbURL := newPostgresDatabase(t)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	op, err := oneloginfake.NewServer(oneloginfake.Config{
		ClientID: "portal-client", ClientKey: key.Public(),
		RedirectURIs: []string{"https://portal.example/auth/callback"},
		Clock:        councilkit.NewFixedClock(testNow),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(op.Close)
	instance := func() *portal {
		return newPortalWith(t, func(c *config) {
			c.PostgresURL = dbURL
			c.OneLogin = oneLoginConfig{
				ClientID: "portal-client", PrivateKey: key, Environment: op.Environment(),
				RedirectURL: "https://portal.example/auth/callback", PostLogoutRedirectURL: "https://portal.example/",
				HTTPClient: op.Client(),
			}
		})
	}
	insts := []*portal{instance(), instance()}
	seeded := insts[0].countApplications(t)
	submittedPlanning := func(p *portal) int {
		n := 0
		for _, a := range p.planningApps(t) {
			if !a.SubmittedAt.IsZero() {
				n++
			}
		}
		return n
	}
	seededPlanning := submittedPlanning(insts[0])

	rr := &roundRobin{down: make([]bool, len(insts)), base: http.DefaultTransport}
	for _, p := range insts {
		u, _ := url.Parse(p.ts.URL)
		rr.backends = append(rr.backends, u.Host)
	}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.Out.URL.Scheme = "http"
			r.Out.URL.Host = "backend" // chosen by rr
			r.Out.Host = r.In.Host
		},
		Transport: rr,
		ErrorLog:  log.New(io.Discard, "", 0),
	}
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	lb := &portal{t: t, srv: insts[0].srv, ts: front, clock: insts[0].clock, logs: insts[0].logs}
	b := lb.browser()

	// Sign in: the start, the callback and the pages after it on
	// alternate instances.
	start := rr.count()
	pg := b.get("/schools")
	mustStatus(t, pg, http.StatusSeeOther)
	_, cb := b.oneLoginSignIn(op, pg.Header.Get("Location"))
	mustStatus(t, cb, http.StatusSeeOther)
	mustContain(t, b.get("/schools"), "Start now")
	subject := b.sessionUser()
	if subject == nil {
		t.Fatal("not signed in")
	}
	if c := rr.servedSince(start); c[0] == 0 || c[1] == 0 {
		t.Fatalf("sign-in served by %v: the proxy did not alternate", c)
	}

	// A school application, step by step across both instances.
	mustContain(t, b.apply("9910000001", "990101", "990103"), "AVC-2027-00001")
	// Two more applications from new sessions, the second shifted by one
	// request so that each instance submits one: the numbering is the
	// database's, not each instance's.
	for i, want := range []string{"AVC-2027-00002", "AVC-2027-00003"} {
		other := lb.browser()
		pg := other.get("/schools")
		mustStatus(t, pg, http.StatusSeeOther)
		_, cb := other.oneLoginSignIn(op, pg.Header.Get("Location"))
		mustStatus(t, cb, http.StatusSeeOther)
		if i == 1 {
			other.get("/") // shift the alternation by one
		}
		mustContain(t, other.apply("9910000002", "990102"), want)
	}
	if by := rr.servedBy("POST /schools/check"); len(by) != 3 || by[1] == by[2] {
		t.Fatalf("school applications submitted by instances %v, want the last two on different ones", by)
	}

	// A planning application with its fee.
	b.answerPlanning()
	pg = b.submit("/planning/check", declaration())
	mustStatus(t, pg, http.StatusSeeOther)
	pg = b.payPlanning(pg.Header.Get("Location"), "4444333322221111")
	mustStatus(t, pg, http.StatusOK)

	// Council tax: the payment starts on one instance, which then dies.
	b.lookUpBill("10000001")
	pg = b.submit("/council-tax/bill", url.Values{"choice": {"instalment"}})
	mustStatus(t, pg, http.StatusSeeOther)
	sandboxPath := pg.Header.Get("Location")
	if !strings.HasPrefix(sandboxPath, "/sandbox-pay/") {
		t.Fatalf("payment went to %q", sandboxPath)
	}
	mustStatus(t, b.get(sandboxPath), http.StatusOK)

	// The instance that takes the card dies after the provider has taken
	// the money and before its answer reaches the resident, who sees the
	// load balancer's error page. (dieAfter runs under rr.mu.)
	dead := -1
	rr.mu.Lock()
	rr.dieAfter = func(i int, req *http.Request) bool {
		if dead >= 0 || req.Method != http.MethodPost || !strings.HasPrefix(req.URL.Path, "/sandbox-pay/") {
			return false
		}
		dead = i
		return true
	}
	rr.kill = func(i int) {
		insts[i].ts.CloseClientConnections()
		insts[i].ts.Close()
		insts[i].srv.Close()
	}
	rr.mu.Unlock()
	pg = b.submit(sandboxPath, url.Values{"card_number": {"4444333322221111"}, "action": {"pay"}})
	mustStatus(t, pg, http.StatusBadGateway)
	rr.mu.Lock()
	rr.dieAfter = nil
	killed := dead
	rr.mu.Unlock()
	if killed < 0 {
		t.Fatal("no instance took the card")
	}
	alive := insts[1-killed]
	if got, err := alive.srv.sandbox.Get(context.Background(), strings.TrimPrefix(sandboxPath, "/sandbox-pay/")); err != nil || got.Status != payments.StatusSuccess {
		t.Fatalf("at the provider after the first press of pay: %+v, %v", got, err)
	}
	lb.srv = alive.srv // the test reads the session through the survivor
	mark := rr.count()

	// The resident presses pay again, now on the surviving instance: the
	// provider refuses to take the payment a second time and the page
	// sends the resident to the return address; pressing pay once more,
	// and following the return address twice, changes nothing.
	pg = b.submit(sandboxPath, url.Values{"card_number": {"4444333322221111"}, "action": {"pay"}})
	mustStatus(t, pg, http.StatusSeeOther)
	ret := pg.Header.Get("Location")
	if again := b.submit(sandboxPath, url.Values{"card_number": {"4444333322221111"}, "action": {"pay"}}); again.Status != http.StatusSeeOther || again.Header.Get("Location") != ret {
		t.Errorf("paying twice: status %d to %q, want 303 to %q:\n%s", again.Status, again.Header.Get("Location"), ret, again.Body)
	}
	pg = b.followReturn(pg)
	mustContain(t, pg, "Payment received", `id="paid-amount">£172.00<`)
	retURL, _ := url.Parse(ret)
	if pg := b.get(retURL.Path); pg.Status != http.StatusSeeOther {
		t.Errorf("return address again: status %d", pg.Status)
	}
	if c := rr.servedSince(mark); c[killed] != 0 || c[1-killed] == 0 {
		t.Fatalf("after the kill, requests served %v", c)
	}

	// The session survived the instance that made it.
	if u := b.sessionUser(); u == nil || u.Subject != subject.Subject {
		t.Fatalf("session after the kill: %+v", u)
	}
	mustContain(t, b.get("/council-tax/bill"), `id="paid">£172.00<`)

	// Everything is in PostgreSQL exactly once, read by the survivor.
	ctx := context.Background()
	if n := alive.countApplications(t); n != seeded+3 {
		t.Errorf("%d school applications, want %d", n, seeded+3)
	}
	if n := submittedPlanning(alive); n != seededPlanning+1 {
		t.Errorf("%d submitted planning applications, want %d", n, seededPlanning+1)
	}
	all := alive.allPayments(t)
	var ct, fee, charged int
	for _, p := range all {
		switch p.Reference {
		case "10000001":
			ct++
		default:
			fee++
		}
		got, err := alive.srv.sandbox.Get(ctx, p.ProviderID)
		if err != nil {
			t.Fatalf("provider payment %s: %v", p.ProviderID, err)
		}
		if got.Status != p.Status {
			t.Errorf("payment %s: %v in PostgreSQL, %v at the provider", p.ID, p.Status, got.Status)
		}
		if got.Status == payments.StatusSuccess {
			charged++
		}
	}
	if ct != 1 || fee != 1 || charged != 2 || len(all) != 2 {
		t.Errorf("payments: %d council tax, %d planning fee, %d charged, %d in all; want 1, 1, 2, 2: %+v", ct, fee, charged, len(all), all)
	}
}

// The sandbox payment provider keeps its payments in the configured store
// (issue 18.2): two instances sharing a -data directory or a PostgreSQL
// database, each with its own provider, act as one provider. A council
// tax payment started on one instance is paid on the other; before, the
// second instance's sandbox page did not know the payment. Paying again on
// the first is refused by the provider and sends the resident to the
// return address, and the money is taken once.
func TestSandboxPaymentAcrossInstances(t *testing.T) {
	for _, st := range []struct {
		name  string
		store func(t *testing.T) func(*config)
	}{
		{"sqlite", func(t *testing.T) func(*config) {
			dir := t.TempDir()
			return func(c *config) { c.DataDir = dir }
		}},
		{"postgres", func(t *testing.T) func(*config) {
			u := newPostgresDatabase(t)
			return func(c *config) { c.PostgresURL = u }
		}},
	} {
		t.Run(st.name, func(t *testing.T) {
			ctx := context.Background()
			edit := st.store(t)
			first, second := newPortalWith(t, edit), newPortalWith(t, edit)
			if first.srv.sandbox == second.srv.sandbox {
				t.Fatal("the instances share one provider value, so this test would prove nothing")
			}
			a := first.browser()
			a.lookUpBill("10000001")
			pg := a.submit("/council-tax/bill", url.Values{"choice": {"instalment"}})
			mustStatus(t, pg, http.StatusSeeOther)
			sandboxPath := pg.Header.Get("Location")
			if !strings.HasPrefix(sandboxPath, "/sandbox-pay/") {
				t.Fatalf("payment went to %q", sandboxPath)
			}
			mustStatus(t, a.get(sandboxPath), http.StatusOK)

			// The same resident (the same cookies) on the other instance.
			b := second.browser()
			b.client.Jar = a.client.Jar
			pg = b.payWith(sandboxPath, "4444333322221111")
			mustContain(t, pg, "Payment received", `id="paid-amount">£172.00<`)

			id := strings.TrimPrefix(sandboxPath, "/sandbox-pay/")
			for i, p := range []*portal{first, second} {
				if got, err := p.srv.sandbox.Get(ctx, id); err != nil || got.Status != payments.StatusSuccess {
					t.Errorf("instance %d's provider: %+v, %v; want success", i+1, got, err)
				}
			}
			// Pressing pay again on the first instance takes nothing more.
			again := a.submit(sandboxPath, url.Values{"card_number": {"4444333322221111"}, "action": {"pay"}})
			mustStatus(t, again, http.StatusSeeOther)
			if loc := again.Header.Get("Location"); !strings.Contains(loc, "/payments/return/") {
				t.Errorf("paying twice sent the resident to %q, want the return address", loc)
			}
			all := first.allPayments(t)
			if len(all) != 1 || all[0].Status != payments.StatusSuccess || all[0].Amount != payments.Pence(17200) {
				t.Errorf("payments: %+v, want one of £172.00, paid", all)
			}
		})
	}
}

// With -data the Notify ledger is in the SQLite file (issue 17): the
// receipt sent for a payment is recorded there as sent and is still
// recorded after a restart, so a redelivery of the event to the
// restarted portal, or to another instance sharing the directory, sends
// nothing twice. (In memory the restarted portal forgot it.)
func TestNoticesLedgerInDataDirectory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	p := sqlitePortal(t, dir)
	withTestPayment(p)
	b := p.browser()
	b.signIn("resident")
	mustStatus(t, b.payWith(b.startTestPayment(), "4444333322221111"), http.StatusOK)
	eventually(t, "the receipt", func() bool { return len(sentTo(p, residentEmail)) == 1 })
	p.ts.Close()
	p.srv.Close()

	again := sqlitePortal(t, dir)
	ledger, ok := again.srv.ev.ledger.(*sqlite.NoticesLedger)
	if !ok {
		t.Fatalf("the -data portal keeps notices in %T, want *sqlite.NoticesLedger", again.srv.ev.ledger)
	}
	sent, err := ledger.Outcomes(ctx, again.srv.sites.list[0].council, notices.StateSent, 0)
	if err != nil || len(sent) != 1 || sent[0].Kind != notices.PaymentReceipt || sent[0].Channel != notices.Email {
		t.Errorf("after the restart the ledger holds %+v, %v; want the receipt, sent", sent, err)
	}
}
