package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/lgds/councilkit/payments"
)

// lookUpBill looks a bill up and returns the bill page.
func (b *browser) lookUpBill(ref string) page {
	b.t.Helper()
	pg := b.submit("/council-tax", url.Values{"account_reference": {ref}})
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
	bill := p.srv.seed.ctAccounts["10000001"].Bill
	mustContain(t, pg, "Your council tax bill 2026/27", "1 Example Row", "Ashdown Vale Police and Crime Commissioner",
		`id="payable">`+bill.Payable.String()+`<`, "£1,723.19", "Single person discount",
		"1 December 2026", "The next instalment – £172.00", "Everything left to pay this year – £1,723.19")

	pg = b.get("/council-tax/bill?lang=cy")
	mustContain(t, pg, "Eich bil treth gyngor", "1 Rhagfyr 2026", "Y rhandaliad nesaf")
}

func TestCouncilTaxLookupErrors(t *testing.T) {
	p := newPortal(t)
	for _, tc := range []struct{ ref, msg string }{
		{"", "Enter your council tax account reference"},
		{"   ", "Enter your council tax account reference"},
		{"99999999", "We could not find a bill with that account reference"},
		{"<script>", "We could not find a bill with that account reference"},
	} {
		b := p.browser()
		pg := b.submit("/council-tax", url.Values{"account_reference": {tc.ref}})
		mustStatus(t, pg, http.StatusUnprocessableEntity)
		mustContain(t, pg, `<a href="#account_reference">`+tc.msg, `id="account_reference-error"`)
		if strings.Contains(pg.Body, "<script>") {
			t.Error("input echoed unescaped")
		}
		// Nothing was remembered: the bill page sends the resident back.
		if pg := b.get("/council-tax/bill"); pg.Status != http.StatusSeeOther {
			t.Errorf("bill page after a failed lookup: status %d", pg.Status)
		}
	}
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
	mustContain(t, pg, "Your payment was not taken", `href="/council-tax/bill"`)
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
