package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/sqlite"
)

// portalAppIDRE matches the IDs of school applications made through the
// portal (seeded ones have an S before their number).
var portalAppIDRE = regexp.MustCompile(`^AVC-[0-9]{4}-[0-9]{5}$`)

// A crash during writes loses nothing committed (issue 18, "Bad input and
// faults"): residents apply for school places and pay council tax through
// HTTP, from several browsers at once, and the portal process, keeping
// its records in SQLite (-data), is killed with SIGKILL in the middle of
// it. Started again on the same directory, it has every application and
// payment whose success page a resident saw before the crash, once, and
// no more than were submitted; the residents are still signed in and see
// them. (sqlite's TestCrashLosesNoCommittedRecord does the same below the
// HTTP layer, for the stores alone.)
func testCrashDuringWrites(t *testing.T, bin string) {
	dir := t.TempDir()
	first := startPortal(t, bin, "sqlite-first", "-data", dir)

	const schoolWriters = 3
	var (
		killed    atomic.Bool
		submitted atomic.Int64 // school applications posted, answered or not
		mu        sync.Mutex
		apps      = map[*burstClient][]string{} // applications each browser saw made
		paid      []string                      // payments a browser saw taken
		failures  []string
		wg        sync.WaitGroup
	)
	// enough says when residents have seen a good many records made, of
	// both kinds.
	enough := func() bool {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, ids := range apps {
			n += len(ids)
		}
		return n >= 20 && len(paid) >= 5
	}
	// failed notes an error a worker met; once the process has been
	// killed, errors are expected and end the worker.
	failed := func(who string, err error) {
		if killed.Load() {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		failures = append(failures, who+": "+err.Error())
	}
	var parents []*burstClient
	for w := range schoolWriters {
		c := newBurstClient(first.url())
		parents = append(parents, c)
		if err := c.devSignIn(); err != nil {
			t.Fatalf("parent %d: sign in: %v", w, err)
		}
		wg.Go(func() {
			for {
				id, err := c.applyForSchool(&submitted)
				if err != nil {
					failed(fmt.Sprintf("parent %d", w), err)
					return
				}
				mu.Lock()
				apps[c] = append(apps[c], id)
				mu.Unlock()
			}
		})
	}
	payer := newBurstClient(first.url())
	wg.Go(func() {
		for _, a := range []struct{ ref, postcode string }{{"10000001", "AV1 1AA"}, {"10000002", "AV1 2AB"}, {"10000003", "AV2 3DX"}, {"10000004", "AV2 4EF"}} {
			if err := payer.lookUpBill(a.ref, a.postcode); err != nil {
				failed("payer", err)
				return
			}
			for {
				id, err := payer.payInstalment()
				if err != nil {
					failed("payer", err)
					return
				}
				if id == "" {
					break // this bill is paid: the next
				}
				mu.Lock()
				paid = append(paid, id)
				mu.Unlock()
			}
		}
	})

	// Kill the process once residents have seen a good many records made,
	// while they are still making more.
	stopped := make(chan struct{})
	go func() { wg.Wait(); close(stopped) }()
	deadline := time.After(3 * time.Minute)
wait:
	for !enough() {
		select {
		case <-stopped:
			break wait
		case <-deadline:
			break wait
		case <-time.After(10 * time.Millisecond):
		}
	}
	killed.Store(true)
	if err := first.kill(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for _, f := range failures {
		t.Errorf("before the crash: %s", f)
	}
	var made []string
	for _, ids := range apps {
		made = append(made, ids...)
	}
	t.Logf("killed after %d school applications (%d posted) and %d payments", len(made), submitted.Load(), len(paid))
	if len(made) == 0 || len(paid) == 0 {
		t.Fatalf("the crash came after %d applications and %d payments: the test needs some of each", len(made), len(paid))
	}

	// The same directory, a new process: every record a resident saw made
	// is there, and the residents are still signed in.
	second := startPortal(t, bin, "sqlite-second", "-data", dir)
	for i, c := range parents {
		c.base = second.url() // cookies go by host, not port: the same browser
		pg, err := c.get("/")
		if err != nil {
			t.Fatal(err)
		}
		if !pg.has(`id="sign-out-link"`) {
			t.Errorf("parent %d signed out by the crash", i)
		}
		for _, id := range apps[c] {
			pg, err := c.get("/schools/applications/" + id)
			if err != nil {
				t.Fatal(err)
			}
			if pg.Status != http.StatusOK || !pg.has(id) {
				t.Errorf("parent %d's application %s after the crash: status %d", i, id, pg.Status)
			}
		}
	}
	payer.base = second.url()
	for _, id := range paid {
		pg, err := payer.get("/payments/" + id)
		if err != nil {
			t.Fatal(err)
		}
		if pg.Status != http.StatusOK || !pg.has("Payment received") {
			t.Errorf("payment %s after the crash: status %d", id, pg.Status)
		}
	}
	second.stop()

	// And in the data file: each record once, none invented.
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "councilkit.db"), sqlite.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, err := db.Admissions().List(ctx, fictionalCouncil, admissions.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, a := range list {
		if portalAppIDRE.MatchString(a.ID) {
			stored[a.ID] = true
		}
	}
	for _, id := range made {
		if !stored[id] {
			t.Errorf("application %s, made before the crash, is not stored", id)
		}
	}
	if n := int64(len(stored)); n < int64(len(made)) || n > submitted.Load() {
		t.Errorf("%d applications stored: want from %d (seen made) to %d (posted)", n, len(made), submitted.Load())
	}
	for _, id := range paid {
		p, err := db.Payments().Get(ctx, fictionalCouncil, id)
		if err != nil || p.Status != payments.StatusSuccess {
			t.Errorf("payment %s, taken before the crash: %v, %v", id, p, err)
		}
	}
}

// burstClient is one resident's browser in the crash test. It returns
// errors rather than failing the test: it runs in a goroutine of its own
// and meets a dead process.
type burstClient struct {
	base   string
	client *http.Client
}

func newBurstClient(base string) *burstClient {
	jar, err := cookiejar.New(nil)
	if err != nil {
		panic(err)
	}
	return &burstClient{base: base, client: &http.Client{
		Jar:           jar,
		Timeout:       time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (c *burstClient) do(method, path string, form url.Values) (page, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		return page{}, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return page{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return page{}, err
	}
	return page{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}, nil
}

func (c *burstClient) get(path string) (page, error) { return c.do(http.MethodGet, path, nil) }

// submit views formPage, takes the CSRF token from its form, and posts
// form to path with it, expecting status want.
func (c *burstClient) submit(formPage, path string, form url.Values, want int) (page, error) {
	pg, err := c.get(formPage)
	if err != nil {
		return pg, err
	}
	m := csrfRE.FindStringSubmatch(pg.Body)
	if m == nil {
		return pg, fmt.Errorf("GET %s: status %d, no form", formPage, pg.Status)
	}
	form.Set(csrfField, m[1])
	pg, err = c.do(http.MethodPost, path, form)
	if err == nil && pg.Status != want {
		err = fmt.Errorf("POST %s: status %d, want %d", path, pg.Status, want)
	}
	return pg, err
}

// devSignIn signs in with the local development provider as the resident
// persona, identity checked.
func (c *burstClient) devSignIn() error {
	q := url.Values{"next": {"/"}, "level": {"Cl.Cm.P2"}}
	pg, err := c.submit(signInPath+"?"+q.Encode(), devSignInPath,
		url.Values{"persona": {"resident"}, "confidence": {"P2"}, "level": {"Cl.Cm.P2"}, "next": {"/"}}, http.StatusSeeOther)
	if err != nil {
		return err
	}
	pg, err = c.get(pg.Header.Get("Location"))
	if err == nil && pg.Status != http.StatusSeeOther {
		err = fmt.Errorf("callback: status %d", pg.Status)
	}
	return err
}

// applyForSchool makes a school application and returns its ID, counting
// it in submitted as it is posted.
func (c *burstClient) applyForSchool(submitted *atomic.Int64) (string, error) {
	for _, step := range []struct {
		path string
		form url.Values
	}{
		{"/schools/child", childForm("Robin", "Example", "3", "2", "2023")},
		{"/schools/address", url.Values{"home": {"9910000001"}}},
		{"/schools/preferences", url.Values{"preferences[0]": {"990101"}}},
	} {
		if _, err := c.submit(step.path, step.path, step.form, http.StatusSeeOther); err != nil {
			return "", err
		}
	}
	pg, err := c.get("/schools/check")
	if err != nil {
		return "", err
	}
	m := csrfRE.FindStringSubmatch(pg.Body)
	if m == nil {
		return "", fmt.Errorf("check answers: status %d, no form", pg.Status)
	}
	submitted.Add(1)
	pg, err = c.do(http.MethodPost, "/schools/check", url.Values{csrfField: {m[1]}})
	if err != nil {
		return "", err
	}
	id, ok := strings.CutPrefix(pg.Header.Get("Location"), "/schools/applications/")
	if pg.Status != http.StatusSeeOther || !ok {
		return "", fmt.Errorf("submit application: status %d to %q", pg.Status, pg.Header.Get("Location"))
	}
	return id, nil
}

// lookUpBill finds a council tax bill.
func (c *burstClient) lookUpBill(ref, postcode string) error {
	_, err := c.submit("/council-tax", "/council-tax", url.Values{"account_reference": {ref}, "postcode": {postcode}}, http.StatusSeeOther)
	return err
}

// payInstalment pays the bill's next instalment with a card the sandbox
// accepts, and returns the payment's ID once the result page says it was
// received; "" when there is nothing left to pay.
func (c *burstClient) payInstalment() (string, error) {
	pg, err := c.submit("/council-tax/bill", "/council-tax/bill", url.Values{"choice": {"instalment"}}, http.StatusSeeOther)
	if pg.Status == http.StatusUnprocessableEntity {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	sandboxPath := pg.Header.Get("Location")
	pg, err = c.submit(sandboxPath, sandboxPath, url.Values{"card_number": {"4444333322221111"}, "action": {"pay"}}, http.StatusSeeOther)
	if err != nil {
		return "", err
	}
	ret, err := url.Parse(pg.Header.Get("Location"))
	if err != nil {
		return "", err
	}
	pg, err = c.get(ret.Path)
	if err != nil {
		return "", err
	}
	id, ok := strings.CutPrefix(pg.Header.Get("Location"), "/payments/")
	if pg.Status != http.StatusSeeOther || !ok {
		return "", fmt.Errorf("return: status %d to %q", pg.Status, pg.Header.Get("Location"))
	}
	pg, err = c.get("/payments/" + id)
	if err != nil {
		return "", err
	}
	if pg.Status != http.StatusOK || !pg.has("Payment received") {
		return "", fmt.Errorf("payment %s: status %d", id, pg.Status)
	}
	return id, nil
}
