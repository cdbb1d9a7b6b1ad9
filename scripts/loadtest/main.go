// Command loadtest drives a running example portal (examples/portal) with
// vegeta and prints throughput and latency percentiles for two workloads:
//
//   - pages: GETs of public pages (home, council tax lookup, school
//     admissions start, planning start, accessibility statement) at a
//     fixed rate, through vegeta's Attacker;
//   - journeys: complete council tax payments in the sandbox, each one a
//     resident with its own cookie jar: the lookup form, the account
//     reference, the bill, the payment choice, the sandbox card page, the
//     card and the result page (8 requests, 4 of them form POSTs carrying
//     the CSRF token from the page before). Journeys start at a fixed
//     rate (an open model: a slow portal does not slow the arrivals, so
//     its queueing shows in the latencies) and each journey's total time
//     is one vegeta.Result, summarised by vegeta.Metrics.
//
// It does not start the portal or the database: run.sh does, and says how
// to run the whole thing in one command (see README.md).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:18080", "the portal's address")
	mode := flag.String("mode", "pages", `"pages" or "journeys"`)
	rate := flag.Int("rate", 1000, "page views, or journeys started, per second")
	dur := flag.Duration("duration", 20*time.Second, "how long to attack")
	card := flag.String("card", "4000000000000002", "sandbox card for journeys (4000000000000002 declines; 4444333322221111 pays, see README for why the default declines)")
	ref := flag.String("ref", "10000001=AV1 1AA,10000002=AV1 2AB,10000003=AV2 3DX,10000004=AV2 4EF", "council tax account references and their properties' postcodes (the lookup's second fact), used in turn")
	maxInFlight := flag.Int("max-in-flight", 2000, "journeys in flight at most; a journey due when this many are running is counted as dropped")
	sources := flag.Int("sources", 256, "journeys come from this many loopback addresses (127.1.x.y), as residents do from many: the portal allows 200 anonymous sessions per client address; 0 uses the default address")
	flag.Parse()

	var err error
	switch *mode {
	case "pages":
		err = pages(*base, *rate, *dur)
	case "journeys":
		err = journeys(*base, *rate, *dur, *card, strings.Split(*ref, ","), *maxInFlight, *sources)
	default:
		err = fmt.Errorf("-mode %q: want pages or journeys", *mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// publicPages are the pages a resident reaches without signing in.
var publicPages = []string{"/", "/council-tax", "/schools", "/planning", "/accessibility"}

func pages(base string, rate int, dur time.Duration) error {
	var targets []vegeta.Target
	for _, p := range publicPages {
		targets = append(targets, vegeta.Target{Method: http.MethodGet, URL: base + p})
	}
	a := vegeta.NewAttacker(vegeta.Timeout(10*time.Second), vegeta.KeepAlive(true), vegeta.Redirects(vegeta.NoFollow))
	var m vegeta.Metrics
	per := make(map[string]*vegeta.Metrics)
	for r := range a.Attack(vegeta.NewStaticTargeter(targets...), vegeta.Rate{Freq: rate, Per: time.Second}, dur, "pages") {
		m.Add(r)
		p := strings.TrimPrefix(r.URL, base)
		if per[p] == nil {
			per[p] = new(vegeta.Metrics)
		}
		per[p].Add(r)
	}
	m.Close()
	report("page views", "views", &m)
	for _, p := range publicPages {
		if pm := per[p]; pm != nil {
			pm.Close()
			fmt.Printf("  %-15s p50 %-10v p99 %-10v max %-10v success %.2f%%\n", p, round(pm.Latencies.P50), round(pm.Latencies.P99), round(pm.Latencies.Max), 100*pm.Success)
		}
	}
	return nil
}

// step names the requests of a journey, for the per-step figures.
var steps = []string{
	"GET /council-tax", "POST /council-tax", "GET /council-tax/bill", "POST /council-tax/bill",
	"GET /sandbox-pay/{id}", "POST /sandbox-pay/{id}", "GET /payments/return/{nonce}", "GET /payments/{id}",
}

func journeys(base string, rate int, dur time.Duration, card string, refs []string, maxInFlight, sources int) error {
	// Each journey has its own cookie jar, so its own session, and comes
	// from one of the source addresses in turn: the portal counts
	// anonymous sessions per client address (its defaultSessionLimits),
	// so that all journeys from 127.0.0.1 would be refused (503) after
	// the 200th.
	trs := []*http.Transport{{MaxIdleConnsPerHost: 1000, IdleConnTimeout: 30 * time.Second}}
	if sources > 0 {
		trs = trs[:0]
		for i := range sources {
			local := &net.TCPAddr{IP: net.IPv4(127, 1, byte(i/250), byte(1+i%250))}
			d := &net.Dialer{LocalAddr: local, Timeout: 10 * time.Second}
			trs = append(trs, &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 1000, IdleConnTimeout: 30 * time.Second})
		}
	}
	var (
		mu      sync.Mutex
		m       vegeta.Metrics
		perStep = make([]vegeta.Metrics, len(steps))
		wg      sync.WaitGroup
		running atomic.Int64
		dropped int
	)
	n := int(int64(rate) * int64(dur) / int64(time.Second))
	start := time.Now()
	for i := range n {
		due := start.Add(time.Duration(int64(i) * int64(time.Second) / int64(rate)))
		time.Sleep(time.Until(due))
		if running.Load() >= int64(maxInFlight) {
			dropped++
			continue
		}
		running.Add(1)
		wg.Add(1)
		go func(seq uint64, ref string) {
			defer wg.Done()
			defer running.Add(-1)
			res, stepRes := journey(trs[seq%uint64(len(trs))], base, ref, card)
			res.Seq, res.Attack = seq, "journeys"
			mu.Lock()
			m.Add(res)
			for i, r := range stepRes {
				perStep[i].Add(r)
			}
			mu.Unlock()
		}(uint64(i), refs[i%len(refs)])
	}
	wg.Wait()
	m.Close()
	report("payment journeys", "journeys", &m)
	if dropped > 0 {
		fmt.Printf("  dropped (more than %d in flight): %d\n", maxInFlight, dropped)
	}
	fmt.Println("  per step (requests that ran):")
	for i := range perStep {
		s := &perStep[i]
		s.Close()
		fmt.Printf("  %-30s p50 %-10v p99 %-10v max %-10v n %d\n", steps[i], round(s.Latencies.P50), round(s.Latencies.P99), round(s.Latencies.Max), s.Requests)
	}
	return nil
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// journey runs one resident's payment from the lookup form to the result
// page. The Result's Latency is the whole journey's; its Code is the last
// response's status, or 0 with Error set when a step went wrong.
func journey(tr http.RoundTripper, base, ref, card string) (*vegeta.Result, []*vegeta.Result) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res := &vegeta.Result{Timestamp: time.Now(), Method: "JOURNEY", URL: base + "/council-tax"}
	var stepRes []*vegeta.Result
	fail := func(err error) (*vegeta.Result, []*vegeta.Result) {
		res.Latency = time.Since(res.Timestamp)
		res.Code, res.Error = 0, err.Error() // a failed journey is never a success
		return res, stepRes
	}
	// do sends one request and checks its status; it returns the body
	// and the Location header.
	do := func(method, path string, form url.Values, want int) (string, string, error) {
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, err := http.NewRequestWithContext(context.Background(), method, base+path, body)
		if err != nil {
			return "", "", err
		}
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		t := time.Now()
		resp, err := c.Do(req)
		r := &vegeta.Result{Timestamp: t, Method: method, URL: path}
		stepRes = append(stepRes, r)
		if err != nil {
			r.Latency, r.Error = time.Since(t), err.Error()
			return "", "", err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		r.Latency, r.Code, r.BytesIn = time.Since(t), uint16(resp.StatusCode), uint64(len(b))
		res.BytesIn += uint64(len(b))
		res.Code = uint16(resp.StatusCode)
		if err != nil {
			r.Error = err.Error()
			return "", "", err
		}
		if resp.StatusCode != want {
			err := fmt.Errorf("%s %s: status %d, want %d", method, stepName(path), resp.StatusCode, want)
			r.Error = err.Error()
			return "", "", err
		}
		return string(b), resp.Header.Get("Location"), nil
	}
	token := func(page string) (string, error) {
		mm := csrfRE.FindStringSubmatch(page)
		if mm == nil {
			return "", errors.New("no CSRF token on the page")
		}
		return mm[1], nil
	}

	page, _, err := do("GET", "/council-tax", nil, 200)
	if err != nil {
		return fail(err)
	}
	tok, err := token(page)
	if err != nil {
		return fail(err)
	}
	account, postcode, _ := strings.Cut(ref, "=")
	_, loc, err := do("POST", "/council-tax", url.Values{"csrf_token": {tok}, "account_reference": {account}, "postcode": {postcode}}, 303)
	if err != nil {
		return fail(err)
	}
	page, _, err = do("GET", loc, nil, 200)
	if err != nil {
		return fail(err)
	}
	if tok, err = token(page); err != nil {
		// The bill has a form only while there is something to pay.
		return fail(errors.New("GET /council-tax/bill: no payment form (balance paid off? see README)"))
	}
	_, loc, err = do("POST", "/council-tax/bill", url.Values{"csrf_token": {tok}, "choice": {"instalment"}}, 303)
	if err != nil {
		return fail(err)
	}
	sandboxPath := loc
	if u, err := url.Parse(loc); err == nil && u.IsAbs() {
		sandboxPath = u.RequestURI()
	}
	page, _, err = do("GET", sandboxPath, nil, 200)
	if err != nil {
		return fail(err)
	}
	if tok, err = token(page); err != nil {
		return fail(err)
	}
	_, loc, err = do("POST", sandboxPath, url.Values{"csrf_token": {tok}, "action": {"pay"}, "card_number": {card}}, 303)
	if err != nil {
		return fail(err)
	}
	if u, err := url.Parse(loc); err == nil && u.IsAbs() {
		loc = u.RequestURI()
	}
	_, loc, err = do("GET", loc, nil, 303)
	if err != nil {
		return fail(err)
	}
	if _, _, err = do("GET", loc, nil, 200); err != nil {
		return fail(err)
	}
	res.Latency = time.Since(res.Timestamp)
	return res, stepRes
}

// stepName hides payment IDs so that error messages group together.
func stepName(path string) string {
	for _, p := range []string{"/sandbox-pay/", "/payments/return/", "/payments/"} {
		if strings.HasPrefix(path, p) {
			return p + "…"
		}
	}
	return path
}

func report(title, unit string, m *vegeta.Metrics) {
	fmt.Printf("%s: %d in %v\n", title, m.Requests, m.Duration.Round(time.Millisecond))
	fmt.Printf("  offered %.1f/s, completed %.1f %s/s (successful), success %.2f%%\n", m.Rate, m.Throughput, unit, 100*m.Success)
	l := m.Latencies
	fmt.Printf("  latency p50 %v  p90 %v  p95 %v  p99 %v  max %v  mean %v\n",
		round(l.P50), round(l.P90), round(l.P95), round(l.P99), round(l.Max), round(l.Mean))
	fmt.Printf("  status codes %v\n", m.StatusCodes)
	for i, e := range m.Errors {
		if i == 5 {
			fmt.Printf("  … %d more distinct errors\n", len(m.Errors)-5)
			break
		}
		fmt.Printf("  error: %s\n", e)
	}
}

func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
