package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit"

	"github.com/lgds/councilkit/payments"
)

// lookUpBill looks a bill up, with its property's postcode, and returns
// the bill page.
func (b *browser) lookUpBill(ref string) page {
	b.t.Helper()
	a, ok := b.p.srv.sites.list[0].ctAccounts[normaliseAccountRef(ref)]
	if !ok {
		b.t.Fatalf("no seeded account %q", ref)
	}
	pg := b.submit("/council-tax", url.Values{"account_reference": {ref}, "postcode": {strings.ToLower(a.Address.Postcode.String())}})
	mustStatus(b.t, pg, http.StatusSeeOther)
	return b.get(pg.Header.Get("Location"))
}

func TestCouncilTaxBillIsExplained(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	pg := b.lookUpBill("1000 0001")
	mustStatus(t, pg, http.StatusOK)
	// The figures are the counciltax package's, for the seeded charges:
	// band D £2,297.58 with a 25% single person discount is £1,723.185,
	// rounded half up to £1,723.19, in ten instalments from April.
	bill := p.srv.sites.list[0].ctAccounts["10000001"].Bill
	mustContain(t, pg, "Your council tax bill 2026/27", "1 Example Row", "Ashdown Vale Police and Crime Commissioner",
		`id="payable">`+bill.Payable.String()+`<`, "£1,723.19", "Single person discount",
		"1 December 2026", "The next instalment – £172.00", "Everything left to pay this year – £1,723.19")

	pg = b.get("/council-tax/bill?lang=cy")
	mustContain(t, pg, "Eich bil treth gyngor", "1 Rhagfyr 2026", "Y rhandaliad nesaf")
}

// TestCouncilTaxLookupErrors: the messages follow the GOV.UK Design
// System's text input ("Enter …") and address pattern ("Enter a real
// postcode", https://design-system.service.gov.uk/patterns/addresses/),
// and a wrong reference, a wrong postcode and an unknown account get the
// same answer (issue 19, item 5).
func TestCouncilTaxLookupErrors(t *testing.T) {
	p := newPortal(t)
	notFound := "We could not find a bill with that account reference and postcode"
	for _, tc := range []struct {
		ref, postcode string
		want          []string
	}{
		{"", "", []string{`<a href="#account_reference">Enter your council tax account reference`, `<a href="#postcode">Enter the postcode of the property`}},
		{"   ", "AV1 1AA", []string{`<a href="#account_reference">Enter your council tax account reference`}},
		{"10000001", "", []string{`<a href="#postcode">Enter the postcode of the property`}},
		{"10000001", "AV1", []string{`<a href="#postcode">Enter a real postcode`}},
		// The reference alone is no longer enough: the right reference
		// with another property's postcode is not found.
		{"10000001", "AV1 2AB", []string{`<a href="#account_reference">` + notFound}},
		{"99999999", "AV1 1AA", []string{`<a href="#account_reference">` + notFound}},
		{"<script>", "AV1 1AA", []string{`<a href="#account_reference">` + notFound}},
	} {
		b := p.browser()
		pg := b.submit("/council-tax", url.Values{"account_reference": {tc.ref}, "postcode": {tc.postcode}})
		mustStatus(t, pg, http.StatusUnprocessableEntity)
		mustContain(t, pg, tc.want...)
		if strings.Contains(pg.Body, "<script>") {
			t.Error("input echoed unescaped")
		}
		if strings.Contains(pg.Body, "Example Row") {
			t.Error("a failed lookup shows the property")
		}
		// Nothing was remembered: the bill page sends the resident back.
		if pg := b.get("/council-tax/bill"); pg.Status != http.StatusSeeOther {
			t.Errorf("bill page after a failed lookup: status %d", pg.Status)
		}
	}
	// Spaces and case in the postcode are ignored, as the address pattern
	// asks.
	b := p.browser()
	pg := b.submit("/council-tax", url.Values{"account_reference": {"1000-0001"}, "postcode": {" av11aa "}})
	mustStatus(t, pg, http.StatusSeeOther)
}

// TestCouncilTaxLookupRateLimit: failed lookups are limited per client and
// per account; the lock page says so in both languages and does not say
// whether the account exists.
func TestCouncilTaxLookupRateLimit(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	// Per client: trying references in turn.
	for i := range ctClientFailures {
		ref := fmt.Sprintf("2%07d", i)
		mustStatus(t, b.submit("/council-tax", url.Values{"account_reference": {ref}, "postcode": {"AV1 1AA"}}), http.StatusUnprocessableEntity)
	}
	// Locked now, even with the right details.
	pg := b.submit("/council-tax", url.Values{"account_reference": {"10000001"}, "postcode": {"AV1 1AA"}})
	mustStatus(t, pg, http.StatusTooManyRequests)
	mustContain(t, pg, "You cannot look up a bill at the moment", "You can try again in 15 minutes")
	if pg.has("Example Row") {
		t.Error("the lock page shows the property")
	}
	pg = b.submit("/council-tax?lang=cy", url.Values{"account_reference": {"10000001"}, "postcode": {"AV1 1AA"}})
	mustStatus(t, pg, http.StatusTooManyRequests)
	mustContain(t, pg, "Ni allwch chwilio am fil ar hyn o bryd")
	// After the window the client may try again.
	p.clock.Advance(ctLockWindow)
	b = p.browser()
	mustStatus(t, b.submit("/council-tax", url.Values{"account_reference": {"10000001"}, "postcode": {"AV1 1AA"}}), http.StatusSeeOther)

	// Per account: guessing one account's postcode from many clients.
	p.clock.Advance(ctLockWindow)
	for i := range ctAccountFailures {
		c := p.browser()
		c.header.Set("X-Forwarded-For", fmt.Sprintf("192.0.2.%d", i)) // ignored: no proxy configured
		mustStatus(t, c.submit("/council-tax", url.Values{"account_reference": {"10000002"}, "postcode": {fmt.Sprintf("AV9 %dZZ", i)}}), http.StatusUnprocessableEntity)
	}
	p.srv.ctClientLimit.reset() // as if each try came from a new client
	mustStatus(t, p.browser().submit("/council-tax", url.Values{"account_reference": {"10000002"}, "postcode": {"AV1 2AB"}}), http.StatusTooManyRequests)
	// An unknown account is locked the same way: the lock does not tell
	// which accounts exist.
	for range ctAccountFailures {
		p.browser().submit("/council-tax", url.Values{"account_reference": {"30000000"}, "postcode": {"AV1 2AB"}})
	}
	p.srv.ctClientLimit.reset()
	mustStatus(t, p.browser().submit("/council-tax", url.Values{"account_reference": {"30000000"}, "postcode": {"AV1 2AB"}}), http.StatusTooManyRequests)
}

// TestFailLimiterBounded: however many keys fail, the limiter keeps at
// most its maximum, and a key's window ends.
func TestFailLimiterBounded(t *testing.T) {
	clock := councilkit.NewFixedClock(testNow)
	l := newFailLimiter(clock, 2, time.Minute, 100)
	for i := range 10000 {
		l.fail(strconv.Itoa(i))
	}
	if n := l.size(); n > 100 {
		t.Fatalf("%d keys held, max 100", n)
	}
	// The newest keys are the ones kept.
	l.fail("9999")
	if !l.locked("9999") {
		t.Error("the newest key was evicted")
	}
	l.fail("x")
	l.fail("x")
	if !l.locked("x") {
		t.Error("two failures did not lock")
	}
	clock.Advance(time.Minute)
	if l.locked("x") {
		t.Error("still locked after the window")
	}
}

// reset forgets every key, for tests.
func (l *failLimiter) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	clear(l.keys)
	l.order.Init()
}

func TestCouncilTaxPayNextInstalment(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.lookUpBill("10000001")
	pg := b.submit("/council-tax/bill", url.Values{"choice": {"instalment"}})
	mustStatus(t, pg, http.StatusSeeOther)
	pg = b.payWith(pg.Header.Get("Location"), "4444333322221111")
	mustContain(t, pg, "Payment received", `id="paid-amount">£172.00<`, `id="pay-reference">10000001<`)

	got := p.allPayments(t)
	if len(got) != 1 || got[0].Amount != payments.MustParseAmount("172.00") || got[0].Reference != "10000001" || got[0].Status != payments.StatusSuccess {
		t.Fatalf("payments %+v", got)
	}
	pg = b.get("/council-tax/bill")
	mustContain(t, pg, `id="paid">£172.00<`, `id="balance">£1,551.19<`)
}

func TestCouncilTaxTamperedAmountIsIgnored(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.lookUpBill("10000001")
	pg := b.submit("/council-tax/bill", url.Values{"choice": {"instalment"}, "amount": {"0.01"}, "reference": {"10000002"}})
	mustStatus(t, pg, http.StatusSeeOther)
	got := p.allPayments(t)
	if len(got) != 1 || got[0].Amount != payments.MustParseAmount("172.00") || got[0].Reference != "10000001" {
		t.Fatalf("payment %s for %s, want £172.00 for 10000001", got[0].Amount, got[0].Reference)
	}
}

func TestCouncilTaxPayFormErrors(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	// No bill looked up: back to the start.
	pg := b.submit("/council-tax/bill", url.Values{"choice": {"balance"}})
	mustStatus(t, pg, http.StatusSeeOther)
	if loc := pg.Header.Get("Location"); loc != "/council-tax" {
		t.Errorf("Location %q", loc)
	}
	b.lookUpBill("10000002")
	for _, tc := range []struct{ choice, msg string }{
		{"", "Select what you want to pay"},
		{"everything-twice", "Select one of the amounts shown"},
	} {
		pg := b.submit("/council-tax/bill", url.Values{"choice": {tc.choice}})
		mustStatus(t, pg, http.StatusUnprocessableEntity)
		mustContain(t, pg, `<a href="#choice">`+tc.msg)
	}
	if n := len(p.allPayments(t)); n != 0 {
		t.Errorf("%d payments started by bad forms", n)
	}
}

func TestCouncilTaxDeclinedThenRetried(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.lookUpBill("10000004")
	pg := b.submit("/council-tax/bill", url.Values{"choice": {"balance"}})
	pg = b.payWith(pg.Header.Get("Location"), "4000000000000002")
	mustContain(t, pg, "Your payment was declined", `href="/council-tax/bill"`)
	// Trying again makes a new payment (a new idempotency key).
	pg = b.submit("/council-tax/bill", url.Values{"choice": {"balance"}})
	pg = b.payWith(pg.Header.Get("Location"), "4444333322221111")
	mustContain(t, pg, "Payment received")
	if n := len(p.allPayments(t)); n != 2 {
		t.Errorf("%d payments, want the declined one and the retry", n)
	}
	pg = b.get("/council-tax/bill")
	mustContain(t, pg, `id="balance">£0.00<`, `id="paid-up"`)
	pg = b.submit("/council-tax/bill", url.Values{"choice": {"balance"}})
	mustStatus(t, pg, http.StatusUnprocessableEntity)
}

// BenchmarkFailLimiterFull: a failed lookup when the limiter is full and
// must evict (the worst case under a flood of distinct keys).
func BenchmarkFailLimiterFull(b *testing.B) {
	clock := councilkit.NewFixedClock(testNow)
	l := newFailLimiter(clock, ctAccountFailures, ctLockWindow, ctLimiterKeys)
	for i := range ctLimiterKeys {
		l.fail(strconv.Itoa(i))
	}
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = "k" + strconv.Itoa(i)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k := keys[i%len(keys)]
		if !l.locked(k) {
			l.fail(k)
		}
	}
}

// TestFailLimiterConcurrent: failures counted from many goroutines at
// once are all counted, and the bound holds.
func TestFailLimiterConcurrent(t *testing.T) {
	l := newFailLimiter(councilkit.NewFixedClock(testNow), 1000, time.Minute, 8)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				l.fail("shared")
				l.fail(strconv.Itoa(g*100 + i))
				l.locked("shared")
			}
		})
	}
	wg.Wait()
	if n := l.size(); n > 8 {
		t.Errorf("%d keys held, max 8", n)
	}
}
