package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
)

// Finding 8 of issue 15: the portal built the payment return address from
// the Host header, sent Strict-Transport-Security only when it terminated
// TLS itself, and logged panic values verbatim.

func TestLocalHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "localhost:8080": true, "LOCALHOST": true, "localhost.": true,
		"portal.localhost:9000": true, "127.0.0.1": true, "127.0.0.1:8080": true, "127.8.9.10": true,
		"[::1]:8080": true, "::1": true, "[::ffff:127.0.0.1]:80": true,
		"": false, "evil.example": false, "evil.example:8080": false, "localhost.evil.example": false,
		"evilocalhost": false, "0.0.0.0:8080": false, "10.0.0.1": false, "[::]:80": false,
		"services.example.gov.uk": false, "x!.localhost": false, "127.0.0.1.evil.example": false,
	} {
		if got := localHost(host); got != want {
			t.Errorf("localHost(%q) = %t, want %t", host, got, want)
		}
	}
}

func TestPublicURLIsChecked(t *testing.T) {
	for raw, want := range map[string]string{
		"":                                     "",
		"https://services.example.gov.uk":      "https://services.example.gov.uk",
		"https://services.example.gov.uk/":     "https://services.example.gov.uk",
		"https://services.example.gov.uk:8443": "https://services.example.gov.uk:8443",
		"http://localhost:8080":                "http://localhost:8080",
		"http://127.0.0.1:8080/":               "http://127.0.0.1:8080",
	} {
		got, err := checkPublicURL(raw)
		if err != nil || got != want {
			t.Errorf("checkPublicURL(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
	for _, raw := range []string{
		"http://services.example.gov.uk", "services.example.gov.uk", "//services.example.gov.uk",
		"https://services.example.gov.uk/portal", "https://user:pw@services.example.gov.uk",
		"https://services.example.gov.uk/?x=1", "https://services.example.gov.uk/#top", "ftp://services.example.gov.uk",
		"https://", "javascript:alert(1)",
	} {
		if _, err := checkPublicURL(raw); err == nil {
			t.Errorf("checkPublicURL(%q) accepted", raw)
		}
		if _, err := newServer(context.Background(), config{Clock: councilkit.NewFixedClock(testNow), Log: discardLogger(), PublicURL: raw}); err == nil {
			t.Errorf("newServer with PublicURL %q started", raw)
		}
	}
}

// getWithHost sends a GET whose Host header is host.
func (b *browser) getWithHost(path, host string) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.p.ts.URL+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Host = host
	return b.do(req)
}

// submitWithHost posts a form with the session's CSRF token and the Host
// header host.
func (b *browser) submitWithHost(path, host string, form url.Values) page {
	b.t.Helper()
	form.Set(csrfField, b.token())
	req, err := http.NewRequest(http.MethodPost, b.p.ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Host = host
	// The client's jar goes by the Host header, so the session cookie is
	// added by hand.
	for _, name := range []string{sessionCookieInsecure, csrfCookieInsecure} {
		if c := b.cookie(name); c != nil {
			req.AddCookie(c)
		}
	}
	return b.do(req)
}

// Without a public URL (local development) only local hosts are served: a
// forged Host gets 421, is logged at info level and starts no payment.
// Before the fix it got a 500 and an ERROR log, and behind -secure-cookies
// the forged host became the payment's https return address.
func TestForgedHostIsRefused(t *testing.T) {
	for _, secure := range []bool{false, true} {
		t.Run(fmt.Sprintf("secure cookies %t", secure), func(t *testing.T) {
			p := newPortalWith(t, func(c *config) { c.SecureCookies = secure })
			withTestPayment(p)
			b := p.browser()
			if secure {
				// The Secure cookie would not be sent over plain HTTP.
				b.client.Jar = nil
			}
			if !secure {
				pg := b.submitWithHost("/test-pay", "evil.example", url.Values{})
				mustStatus(t, pg, http.StatusMisdirectedRequest)
				if n := len(p.allPayments(t)); n != 0 {
					t.Errorf("%d payments started for a forged host", n)
				}
			}
			for _, host := range []string{"evil.example", "evil.example:443", "localhost.evil.example"} {
				pg := b.getWithHost("/", host)
				mustStatus(t, pg, http.StatusMisdirectedRequest)
				mustContain(t, pg, "This service is not at this address")
				if pg.Header.Get("Content-Security-Policy") == "" {
					t.Error("refusal without the security headers")
				}
				pg = b.getWithHost("/?lang=cy", host)
				mustStatus(t, pg, http.StatusMisdirectedRequest)
				mustContain(t, pg, "Nid yw’r gwasanaeth hwn yn y cyfeiriad hwn")
			}
			// The health check answers whatever the host.
			mustStatus(t, b.getWithHost("/healthz", "10.1.2.3:8080"), http.StatusOK)
			mustStatus(t, b.getWithHost("/", "localhost"), http.StatusOK)
			logs := p.logs.String()
			if strings.Contains(logs, "level=ERROR") || strings.Contains(logs, "evil.example") {
				t.Errorf("a forged host was logged as an error, or logged:\n%s", logs)
			}
			if !strings.Contains(logs, "status=421") || !strings.Contains(logs, "host_refused=true") {
				t.Errorf("log lacks the refusal:\n%s", logs)
			}
		})
	}
}

// publicURL never takes a non-local Host header, even when a handler is
// reached without checkHost.
func TestPublicURLNeverUsesAForeignHost(t *testing.T) {
	p := newPortal(t)
	r, _ := http.NewRequest(http.MethodGet, "http://evil.example/x", nil)
	if u, ok := p.srv.publicURL(r, "/payments/return/n"); ok {
		t.Errorf("publicURL for Host evil.example = %q", u)
	}
	r.Host = "localhost:8080"
	if u, ok := p.srv.publicURL(r, "/payments/return/n"); !ok || u != "http://localhost:8080/payments/return/n" {
		t.Errorf("publicURL on localhost = %q, %t", u, ok)
	}
}

// With a public URL every host is served (a proxy may pass its own Host)
// and the return address is the public URL's, whatever the Host header.
func TestReturnAddressComesFromThePublicURL(t *testing.T) {
	p := newPortalWith(t, func(c *config) { c.PublicURL = "http://localhost:1/" })
	withTestPayment(p)
	b := p.browser()
	pg := b.submitWithHost("/test-pay", "evil.example", url.Values{})
	mustStatus(t, pg, http.StatusSeeOther)
	list := p.allPayments(t)
	if len(list) != 1 || !strings.HasPrefix(list[0].ReturnURL, "http://localhost:1/payments/return/") {
		t.Fatalf("payments %v, want one returning to the public URL", list)
	}
}

// Strict-Transport-Security goes on every response of an HTTPS deployment,
// which the portal knows from -secure-cookies or an https public URL even
// though a proxy terminates TLS, and never on a plain HTTP one (the TLS
// case is in TestSessionCookieFlags).
func TestStrictTransportSecurity(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*config)
		want bool
	}{
		{"plain HTTP", func(*config) {}, false},
		{"http public URL", func(c *config) { c.PublicURL = "http://localhost:8080" }, false},
		{"-secure-cookies", func(c *config) { c.SecureCookies = true }, true},
		{"https public URL", func(c *config) { c.PublicURL = "https://services.example.gov.uk" }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPortalWith(t, tc.edit)
			for _, path := range []string{"/", "/healthz", "/no-such-page"} {
				resp, err := http.Get(p.ts.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				got := resp.Header.Get("Strict-Transport-Security")
				if (got == "max-age=31536000") != tc.want || (got != "" && !tc.want) {
					t.Errorf("%s: Strict-Transport-Security = %q, want it %t", path, got, tc.want)
				}
			}
		})
	}
}

// An https public URL makes the session cookie Secure, as -secure-cookies
// does: the deployment is HTTPS though the portal sees plain HTTP.
func TestHTTPSPublicURLMakesCookiesSecure(t *testing.T) {
	p := newPortalWith(t, func(c *config) { c.PublicURL = "https://services.example.gov.uk" })
	first, journey := sessionCookies(t, http.DefaultClient, p.ts.URL)
	if c := findCookie(first, csrfCookieSecure); c == nil || !c.Secure {
		t.Errorf("want a Secure %s cookie; got %v", csrfCookieSecure, first)
	}
	if c := findCookie(journey, sessionCookieSecure); c == nil || !c.Secure {
		t.Errorf("want a Secure %s cookie; got %v", sessionCookieSecure, journey)
	}
}

// A panic's value may hold personal data: the log names its type and
// where it happened, never the value.
func TestPanicIsLoggedWithoutItsValue(t *testing.T) {
	p := newPortal(t)
	p.srv.handle("GET /test-panic/{kind}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("kind") == "error" {
			panic(errors.New("bad NINO AB123456C for Alex Example"))
		}
		panic("bad NINO AB123456C for Alex Example")
	})
	b := p.browser()
	for _, kind := range []string{"string", "error"} {
		pg := b.get("/test-panic/" + kind)
		mustStatus(t, pg, http.StatusInternalServerError)
		mustContain(t, pg, "Sorry, there is a problem with the service")
	}
	logs := p.logs.String()
	for _, secret := range []string{"AB123456C", "Alex Example"} {
		if strings.Contains(logs, secret) {
			t.Errorf("log holds %q:\n%s", secret, logs)
		}
	}
	for _, want := range []string{"msg=panic", "panic_type=string", "panic_type=*errors.errorString", "TestPanicIsLoggedWithoutItsValue", "hosts_test.go:"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

// refundMeanwhile is the sandbox with another refund of the payment made
// just before the portal's first refund reaches it: made in GOV.UK Pay's
// admin tool, say, and reported to the store as a webhook would.
type refundMeanwhile struct {
	*sandbox.Provider
	store   payments.Store
	council councilkit.Council
	payment string
	done    bool
}

func (p *refundMeanwhile) Refund(ctx context.Context, id string, req payments.ProviderRefundRequest) (payments.ProviderRefund, error) {
	if !p.done {
		p.done = true
		pr, err := p.Provider.Refund(ctx, id, payments.ProviderRefundRequest{Amount: payments.Pence(200), AmountAvailable: req.AmountAvailable})
		if err != nil {
			return pr, err
		}
		if _, err := payments.Modify(ctx, p.store, p.council, p.payment, func(pay *payments.Payment) error {
			_, err := pay.ObserveRefund(payments.Refund{ProviderID: pr.ProviderID, Amount: pr.Amount, Status: pr.Status}, "webhook", testNow)
			return err
		}); err != nil {
			return payments.ProviderRefund{}, err
		}
	}
	return p.Provider.Refund(ctx, id, req)
}

// A refund made meanwhile (in GOV.UK Pay's admin tool, or by another
// portal server) makes the officer's refund lose the race at the
// provider: ErrRefundAvailableMismatch. The officer is told to check and
// try again, with a new key so that trying again refunds; before the fix
// this was a 500 and an ERROR log.
func TestOfficerRefundLostAtTheProviderIsNotAServerError(t *testing.T) {
	p := newPortal(t)
	withTestPayment(p)
	res := p.browser()
	res.payWith(res.startTestPayment(), "4444333322221111")
	paid := p.allPayments(t)[0]
	p.srv.payments = payments.NewService(p.srv.payments.Store(),
		&refundMeanwhile{Provider: p.srv.sandbox, store: p.srv.payments.Store(), council: p.srv.sites.list[0].council, payment: paid.ID}, p.clock)
	path := "/officer/payments/" + paid.ID
	off := p.browser()
	off.signIn("officer")
	form := off.get(path)
	key := refundKeyRE.FindStringSubmatch(form.Body)[1]

	pg := off.submit(path, url.Values{"amount": {"5.00"}, "reason": {"Paid twice"}, "key": {key}})
	mustStatus(t, pg, http.StatusUnprocessableEntity)
	mustContain(t, pg, "Another refund of this payment was made at the same time", `id="available">£10.34<`)
	if strings.Contains(pg.Body, key) {
		t.Error("the form kept the closed refund's key; trying again would not refund")
	}
	if logs := p.logs.String(); strings.Contains(logs, "level=ERROR") {
		t.Errorf("logged as an error:\n%s", logs)
	}
	// Trying again refunds.
	next := refundKeyRE.FindStringSubmatch(pg.Body)[1]
	pg = off.submit(path, url.Values{"amount": {"5.00"}, "reason": {"Paid twice"}, "key": {next}})
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, "Refund made", `id="available">£5.34<`)
}
