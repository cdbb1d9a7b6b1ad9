package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/identity/onelogin/oneloginfake"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/postgres"
)

// timelineShared says whether the resident's "Your applications and
// payments" page lists what they did on every process: which records a
// resident started is kept in each process's memory for the timeline
// (events.go, memLinks) until it moves to the portal store.
//
// TODO(notice2): set to true once the timeline's links are in the portal
// store (branch notice2).
const timelineShared = true

// Many instances (issue 18.3): two portal processes, built by go build, on
// one PostgreSQL database behind a round-robin load balancer, sharing one
// fake One Login (-onelogin-issuer) as instances share GOV.UK One Login. A
// resident signs in (the sign-in starts on one process and finishes on the
// other), applies for a school place, applies and pays for planning
// permission and pays council tax, with consecutive form posts on
// different processes. Two processes are killed with SIGKILL along the
// way and a fresh one started in each one's place: one as it answers the
// school application (the application is committed, the answer lost), one
// in the middle of the council tax payment, between starting it and
// coming back from the payment page. Nothing is lost, nothing is stored or
// charged twice, the resident stays signed in throughout, and One Login's
// back-channel logout, received by one process, signs them out of all.
func testManyProcessesOnePostgres(t *testing.T, bin string) {
	dbURL := newPostgresDatabase(t)
	ctx := context.Background()
	key, keyFile := writeKeyFile(t, t.TempDir())

	// The load balancer first: its address is the portal's -public-url,
	// the One Login redirect URI's site.
	lb := newBalancer(2)
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.Out.URL.Scheme = "http"
			r.Out.URL.Host = "backend" // chosen by lb
			r.Out.Host = r.In.Host
			r.Out.Header["X-Forwarded-For"] = r.In.Header["X-Forwarded-For"]
			r.SetXForwarded()
		},
		Transport: lb,
		ErrorLog:  log.New(io.Discard, "", 0),
	}
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	op, err := oneloginfake.NewServer(oneloginfake.Config{
		ClientID: "portal-client", ClientKey: key.Public(),
		RedirectURIs:           []string{front.URL + callbackPath},
		PostLogoutRedirectURIs: []string{front.URL + "/"},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(op.Close)
	args := []string{
		"-postgres", dbURL, "-public-url", front.URL, "-trusted-proxies", "127.0.0.1/32",
		"-onelogin-client-id", "portal-client", "-onelogin-key", keyFile, "-onelogin-issuer", op.URL() + "/",
	}

	// Both start at once on the empty database: the migrations and the
	// seed must not trip over each other.
	procs := make([]*portalProc, 2)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range procs {
		wg.Go(func() { procs[i], errs[i] = launchPortal(bin, t.TempDir(), fmt.Sprintf("portal-%d", i), args...) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
		watchPortal(t, procs[i])
		lb.set(i, procs[i].addr)
	}
	generation := 0
	// replace starts a fresh process in the place of the one killed.
	replace := func(i int) {
		t.Helper()
		generation++
		procs[i] = startPortal(t, bin, fmt.Sprintf("portal-%d-restart-%d", i, generation), args...)
		lb.set(i, procs[i].addr)
	}
	lb.kill = func(i int) {
		if err := procs[i].kill(); err != nil {
			t.Error(err)
		}
		lb.down(i)
	}

	// The test reads the records as an ordinary role, as the portal does.
	db, err := postgres.Open(ctx, dbURL, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	schoolApps := func() []*admissions.Application {
		t.Helper()
		list, err := db.Admissions().List(ctx, fictionalCouncil, admissions.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	submittedPlanning := func() int {
		t.Helper()
		list, err := db.Planning().List(ctx, fictionalCouncil, planning.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range list {
			if !a.SubmittedAt.IsZero() {
				n++
			}
		}
		return n
	}
	seededApps, seededPlanning := len(schoolApps()), submittedPlanning()
	if seededApps == 0 || seededPlanning == 0 {
		t.Fatalf("seed: %d school applications, %d planning applications", seededApps, seededPlanning)
	}

	b := (&portal{t: t, ts: front}).browser()
	signedIn := func(pg page) bool {
		return pg.has(`id="sign-out-link"`) && !pg.has(`id="sign-in-link"`)
	}
	// stillSignedIn views the start page on every process in turn.
	stillSignedIn := func(when string) {
		t.Helper()
		m := lb.mark()
		for range procs {
			if pg := b.get("/"); pg.Status != http.StatusOK || !signedIn(pg) {
				t.Fatalf("%s: not signed in (status %d)", when, pg.Status)
			}
		}
		if reqs, _ := lb.since(m); slices.Contains(reqs, 0) {
			t.Fatalf("%s: the start pages were served by %v", when, reqs)
		}
	}

	// Sign in, with an identity check, as the school journey asks. The
	// sign-in starts on one process, which keeps its state, nonce and
	// PKCE verifier in the shared session, and the callback is taken by
	// the other.
	pg := b.get("/schools")
	mustStatus(t, pg, http.StatusSeeOther)
	pg = b.get(pg.Header.Get("Location"))
	mustStatus(t, pg, http.StatusSeeOther)
	authorize := pg.Header.Get("Location")
	if !strings.HasPrefix(authorize, op.URL()+"/authorize?") {
		t.Fatalf("sign-in went to %q", authorize)
	}
	browserAtOneLogin := op.Client()
	browserAtOneLogin.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := browserAtOneLogin.Get(authorize)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(back.String(), front.URL+callbackPath+"?") {
		t.Fatalf("One Login sent the browser to %q", resp.Header.Get("Location"))
	}
	pg = b.get(back.Path + "?" + back.RawQuery)
	mustStatus(t, pg, http.StatusSeeOther)
	if pg.Header.Get("Location") != "/schools" {
		t.Fatalf("after signing in, sent to %q", pg.Header.Get("Location"))
	}
	if started, finished := lb.servedBy("GET "+signInPath), lb.servedBy("GET "+callbackPath); len(started) != 1 || len(finished) != 1 || started[0] == finished[0] {
		t.Fatalf("sign-in started on %v and finished on %v: want one process each, different", started, finished)
	}
	mustContain(t, b.get("/schools"), "Start now")
	stillSignedIn("after signing in")

	// A school application, its steps' posts alternating between the
	// processes. The process that takes the last step commits the
	// application and dies before its answer gets out.
	mustStatus(t, b.submit("/schools/child", childForm("Robin", "Example", "3", "2", "2023")), http.StatusSeeOther)
	mustStatus(t, b.submit("/schools/address", url.Values{"home": {"9910000001"}}), http.StatusSeeOther)
	mustStatus(t, b.submit("/schools/preferences", url.Values{"preferences[0]": {"990101"}, "preferences[1]": {"990103"}}), http.StatusSeeOther)
	steps := [][]int{lb.servedBy("POST /schools/child"), lb.servedBy("POST /schools/address"), lb.servedBy("POST /schools/preferences")}
	if steps[0][0] == steps[1][0] || steps[1][0] == steps[2][0] {
		t.Fatalf("school application steps posted to processes %v: want each on the other process than the last", steps)
	}
	victim := -1
	lb.mu.Lock()
	lb.dieAfter = func(i int, req *http.Request, resp *http.Response) bool {
		if req.Method != http.MethodPost || req.URL.Path != "/schools/check" {
			return false
		}
		victim, lb.dieAfter = i, nil
		return true
	}
	lb.mu.Unlock()
	mustStatus(t, b.submit("/schools/check", nil), http.StatusBadGateway)
	lb.mu.Lock()
	killed := victim
	lb.mu.Unlock()
	if killed < 0 {
		t.Fatal("no process took the application")
	}
	replace(killed)
	// The application is stored once, and is the resident's on every
	// process; submitting again stores nothing more.
	var appID string
	for _, a := range schoolApps() {
		if portalAppIDRE.MatchString(a.ID) {
			if appID != "" {
				t.Fatalf("two applications stored: %s and %s", appID, a.ID)
			}
			appID = a.ID
		}
	}
	if appID == "" {
		t.Fatal("the application the dead process took is not stored")
	}
	for range procs {
		pg := b.get("/schools/applications/" + appID)
		mustStatus(t, pg, http.StatusOK)
		mustContain(t, pg, appID)
		if timelineShared {
			mustContain(t, b.get(trackingPath), `id="item-`+appID+`"`)
		}
	}
	if pg := b.submit("/schools/check", nil); pg.Status == http.StatusSeeOther {
		t.Errorf("submitting the application again went to %q", pg.Header.Get("Location"))
	}
	if n := len(schoolApps()); n != seededApps+1 {
		t.Fatalf("%d school applications stored, want %d", n, seededApps+1)
	}
	stillSignedIn("after the process that took the school application died")

	// A planning application with its fee.
	b.answerPlanning()
	var by []int
	for _, step := range planningForms() {
		by = append(by, lb.servedBy("POST "+step.path)...)
	}
	for i := 1; i < len(by); i++ {
		if by[i] == by[i-1] {
			t.Fatalf("planning steps posted to processes %v: want each on the other process than the last", by)
		}
	}
	pg = b.submit("/planning/check", declaration())
	mustStatus(t, pg, http.StatusSeeOther)
	pg = b.payPlanning(pg.Header.Get("Location"), "4444333322221111")
	mustStatus(t, pg, http.StatusOK)

	// Council tax. Pressing "Continue to payment" twice, on two
	// processes, starts one payment: the idempotency key is in the shared
	// session, the payment in the shared database.
	pg = b.submit("/council-tax", url.Values{"account_reference": {"10000001"}, "postcode": {"AV1 1AA"}})
	mustStatus(t, pg, http.StatusSeeOther)
	mustStatus(t, b.get("/council-tax/bill"), http.StatusOK)
	pg = b.submit("/council-tax/bill", url.Values{"choice": {"instalment"}})
	mustStatus(t, pg, http.StatusSeeOther)
	sandboxPath := pg.Header.Get("Location")
	if !strings.HasPrefix(sandboxPath, "/sandbox-pay/") {
		t.Fatalf("payment went to %q", sandboxPath)
	}
	again := b.submit("/council-tax/bill", url.Values{"choice": {"instalment"}})
	if again.Status != http.StatusSeeOther || again.Header.Get("Location") != sandboxPath {
		t.Errorf("starting the payment again: status %d to %q, want 303 to %q", again.Status, again.Header.Get("Location"), sandboxPath)
	}
	if by := lb.servedBy("POST /council-tax/bill"); len(by) != 2 || by[0] == by[1] {
		t.Fatalf("the payment was started on processes %v: want two, different", by)
	}
	starter := lb.servedBy("POST /council-tax/bill")[0]
	mustStatus(t, b.get(sandboxPath), http.StatusOK)
	card := url.Values{"card_number": {"4444333322221111"}, "action": {"pay"}}
	if sandboxStateShared {
		// The process that takes the card dies after the provider has
		// taken the money and before its answer reaches the resident, who
		// presses pay again, on another process.
		victim = -1
		lb.mu.Lock()
		lb.dieAfter = func(i int, req *http.Request, resp *http.Response) bool {
			if req.Method != http.MethodPost || req.URL.Path != sandboxPath {
				return false
			}
			victim, lb.dieAfter = i, nil
			return true
		}
		lb.mu.Unlock()
		mustStatus(t, b.submit(sandboxPath, card), http.StatusBadGateway)
		lb.mu.Lock()
		killed = victim
		lb.mu.Unlock()
		if killed < 0 {
			t.Fatal("no process took the card")
		}
	} else {
		// TODO(sbx): the payment's pages stay on the process that
		// started it (see sandboxStateShared), so the other dies here.
		killed = 1 - starter
		lb.kill(killed)
	}
	replace(killed)
	pg = b.submit(sandboxPath, card)
	mustStatus(t, pg, http.StatusSeeOther)
	ret := pg.Header.Get("Location")
	if again := b.submit(sandboxPath, card); again.Status != http.StatusSeeOther || again.Header.Get("Location") != ret {
		t.Errorf("paying again: status %d to %q, want 303 to %q", again.Status, again.Header.Get("Location"), ret)
	}
	retURL, err := url.Parse(ret)
	if err != nil || !strings.HasPrefix(ret, front.URL+"/payments/return/") {
		t.Fatalf("the payment page sent the resident back to %q", ret)
	}
	pg = b.get(retURL.Path)
	mustStatus(t, pg, http.StatusSeeOther)
	resultPath := pg.Header.Get("Location")
	mustContain(t, b.get(resultPath), "Payment received")
	// The result, on every process: the fresh one has never seen the
	// payment, and reads its final state from the database.
	lb.unpin(resultPath)
	for range procs {
		mustContain(t, b.get(resultPath), "Payment received")
	}
	stillSignedIn("after the process killed mid-payment")

	// Everything is in the database once: one application, one planning
	// application, one payment for each, each taken once.
	if n := len(schoolApps()); n != seededApps+1 {
		t.Errorf("%d school applications, want %d", n, seededApps+1)
	}
	if n := submittedPlanning(); n != seededPlanning+1 {
		t.Errorf("%d submitted planning applications, want %d", n, seededPlanning+1)
	}
	all, err := db.Payments().List(ctx, fictionalCouncil, payments.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	keys, refs := map[payments.IdempotencyKey]int{}, map[string]int{}
	for _, p := range all {
		if p.Status != payments.StatusSuccess {
			t.Errorf("payment %s for %s: %v", p.ID, p.Reference, p.Status)
		}
		keys[p.IdempotencyKey]++
		refs[p.Reference]++
	}
	if len(all) != 2 || len(keys) != 2 || len(refs) != 2 || refs["10000001"] != 1 {
		t.Errorf("payments: %d (%d idempotency keys, references %v), want 2: a planning fee and one council tax instalment", len(all), len(keys), refs)
	}
	// They are the resident's, on every process.
	for range procs {
		if !timelineShared {
			break
		}
		pg := b.get(trackingPath)
		for _, p := range all {
			mustContain(t, pg, `id="item-`+p.ID+`"`)
		}
		mustContain(t, pg, `id="item-`+appID+`"`)
	}

	reqs, posts := lb.since(0)
	t.Logf("requests answered by each process slot: %v, form posts among them: %v; %d processes killed", reqs, posts, generation)

	// One Login's back-channel logout reaches one process and ends the
	// session on all.
	token, err := op.LogoutToken(oneloginfake.DefaultUser().Subject, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err = http.PostForm(front.URL+backChannelPath, url.Values{"logout_token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("back-channel logout: status %d", resp.StatusCode)
	}
	m := lb.mark()
	for range procs {
		if pg := b.get("/"); signedIn(pg) || !pg.has(`id="sign-in-link"`) {
			t.Error("still signed in after back-channel logout")
		}
	}
	if reqs, _ := lb.since(m); slices.Contains(reqs, 0) {
		t.Errorf("after the logout, start pages served by %v", reqs)
	}
}

// unpin lets the rotation choose the backend for path again.
func (lb *balancer) unpin(path string) {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	delete(lb.pins, path)
}
