package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/notify/notices"
)

// Issue 17 ("every change reaches the resident") for council tax, which
// residents pay without signing in: the bill page asks, optionally, for
// an address for the receipt, and the receipt reaches it, after a
// restart and from another instance too. Issue 19, item 5: a resident
// signed in with an identity check finds their bill from the address One
// Login checked.

const payerEmail = "payer@example.com"

// payCouncilTaxWith pays account ref's next instalment as b, giving email
// for the receipt, and returns the result page.
func (b *browser) payCouncilTaxWith(ref, email string) page {
	b.t.Helper()
	b.lookUpBill(ref)
	pg := b.submit("/council-tax/bill", url.Values{"choice": {"instalment"}, ctEmailField: {email}})
	mustStatus(b.t, pg, http.StatusSeeOther)
	pg = b.payWith(pg.Header.Get("Location"), "4444333322221111")
	mustStatus(b.t, pg, http.StatusOK)
	return pg
}

// TestCouncilTaxReceiptEmail: the field follows the GOV.UK Design
// System's email address pattern (type email, autocomplete "email", no
// spellcheck, "Enter an email address in the correct format, like
// name@example.com", https://design-system.service.gov.uk/patterns/email-addresses/);
// a wrong address is reported with the other problems of the form, and
// nothing is paid; a good one gets the receipt, in the page's language,
// with no one signed in.
func TestCouncilTaxReceiptEmail(t *testing.T) {
	for _, tc := range []struct{ lang, label, problem, subject string }{
		{"en", "Email address for your receipt (optional)", "Enter an email address in the correct format, like name@example.com", "Payment received: 10000001"},
		{"cy", "Cyfeiriad e-bost ar gyfer eich derbynneb (dewisol)", "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@example.com", "Taliad wedi dod i law: 10000001"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			p := newPortal(t)
			b := p.browser()
			b.get("/?lang=" + tc.lang)
			pg := b.lookUpBill("10000001")
			mustContain(t, pg, `<label class="govuk-label" for="receipt_email">`+tc.label+`</label>`,
				`<input class="govuk-input" id="receipt_email" name="receipt_email" type="email" value="" spellcheck="false" autocomplete="email" aria-describedby="receipt_email-hint">`)

			pg = b.submit("/council-tax/bill", url.Values{ctEmailField: {`alex at <example>`}})
			mustStatus(t, pg, http.StatusUnprocessableEntity)
			mustContain(t, pg, `<a href="#choice">`, `<a href="#receipt_email">`+tc.problem, `id="receipt_email-error"`,
				`aria-describedby="receipt_email-hint receipt_email-error"`, `value="alex at &lt;example&gt;"`, "govuk-input--error")
			// A good address does not hide a missing choice, nor a good
			// choice a wrong address.
			pg = b.submit("/council-tax/bill", url.Values{ctEmailField: {payerEmail}})
			mustStatus(t, pg, http.StatusUnprocessableEntity)
			mustContain(t, pg, `<a href="#choice">`, `value="`+payerEmail+`"`)
			if pg.has(`href="#receipt_email"`) {
				t.Error("a good address reported as wrong")
			}
			pg = b.submit("/council-tax/bill", url.Values{"choice": {"balance"}, ctEmailField: {"payer@example"}})
			mustStatus(t, pg, http.StatusUnprocessableEntity)
			mustContain(t, pg, `<a href="#receipt_email">`+tc.problem, `id="choice-1" name="choice" type="radio" value="balance" checked`)
			if n := len(p.allPayments(t)); n != 0 {
				t.Fatalf("%d payments started by forms with problems", n)
			}

			pg = b.submit("/council-tax/bill", url.Values{"choice": {"instalment"}, ctEmailField: {" " + payerEmail + " "}})
			mustStatus(t, pg, http.StatusSeeOther)
			b.payWith(pg.Header.Get("Location"), "4444333322221111")
			eventually(t, "the receipt", func() bool { return len(sentTo(p, payerEmail)) == 1 })
			if m := sentTo(p, payerEmail)[0]; m.Subject != tc.subject || !strings.Contains(m.Body, "£172.00") {
				t.Errorf("receipt %q / %q, want %q for £172.00", m.Subject, m.Body, tc.subject)
			}
		})
	}
}

// TestCouncilTaxReceiptSignedIn: a signed-in resident's receipt address
// starts as their account's; they may change it, and the receipt goes
// where they said; the payment is still theirs on their timeline.
func TestCouncilTaxReceiptSignedIn(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("resident")
	pg := b.lookUpBill("10000001")
	mustContain(t, pg, `id="receipt_email" name="receipt_email" type="email" value="`+residentEmail+`"`)
	b.payCouncilTaxWith("10000001", payerEmail)
	eventually(t, "the receipt", func() bool { return len(sentTo(p, payerEmail)) == 1 })
	if n := len(sentTo(p, residentEmail)); n != 0 {
		t.Errorf("%d receipts to the account's address, which the resident changed", n)
	}
	id := p.allPayments(t)[0].ID
	mustContain(t, b.get(trackingPath), `id="item-`+id+`"`, "10000001")
}

// TestCouncilTaxNoReceiptAddress: with the field left empty and no one
// signed in there is no one to tell; the receipt is recorded as skipped
// (not lost silently, not retried for ever) and nothing is sent.
func TestCouncilTaxNoReceiptAddress(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.payCouncilTaxWith("10000001", "  ")
	pay := p.allPayments(t)[0]
	c := p.srv.sites.list[0].council
	if _, err := p.srv.portal.linkOf(t.Context(), c.String(), linkPayment, pay.ID); err == nil {
		t.Error("a payment with no receipt address and no one signed in was linked")
	}
	var succeeded string
	eventually(t, "payment.succeeded", func() bool {
		recs, err := p.srv.ev.log.Subject(t.Context(), c, pay.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if r.Event.Type == events.PaymentSucceeded {
				succeeded = r.Event.ID
			}
		}
		return succeeded != ""
	})
	eventually(t, "the receipt recorded as skipped", func() bool {
		o, ok, err := p.srv.ev.ledger.Get(t.Context(), notices.Key{Council: c, EventID: succeeded, Channel: notices.Email})
		return err == nil && ok && o.State == notices.StateSkipped && o.Reason == "no_recipient"
	})
	if n := len(p.srv.ev.fake.Sent()); n != 0 {
		t.Errorf("%d messages sent", n)
	}
}

// TestCouncilTaxFromCheckedAddress: signed in with an identity check, the
// resident opens the bill of the property at their checked address (the
// same postcode and first line) without typing the reference or postcode;
// signed in without one, or not at all, they are not offered it and the
// address is refused; at a council with no bill at their address they are
// told so and asked for the reference and postcode.
func TestCouncilTaxFromCheckedAddress(t *testing.T) {
	p := newPortal(t)
	anon := p.browser()
	if pg := anon.get("/council-tax"); pg.has(`id="from-address"`) {
		t.Error("offered to someone not signed in")
	}
	mustStatus(t, anon.get(ctAddressPath), http.StatusSeeOther)
	if pg := anon.get("/council-tax/bill"); pg.Status != http.StatusSeeOther {
		t.Errorf("bill opened without a lookup: status %d", pg.Status)
	}

	unchecked := p.browser()
	unchecked.signInAs("resident", "P0", "")
	if pg := unchecked.get("/council-tax"); pg.has(`id="from-address"`) {
		t.Error("offered to a resident signed in without an identity check")
	}
	mustStatus(t, unchecked.get(ctAddressPath), http.StatusSeeOther)
	if pg := unchecked.get("/council-tax/bill"); pg.Status != http.StatusSeeOther {
		t.Errorf("bill opened by an unchecked sign-in: status %d", pg.Status)
	}

	for _, tc := range []struct{ persona, ref, line string }{
		{"resident", "10000001", "1 Example Row"},
		{"officer", "10000002", "2 Sample Street"},
	} {
		b := p.browser()
		b.signIn(tc.persona)
		pg := b.get("/council-tax")
		mustContain(t, pg, `id="signed-in-address"`, `<a class="govuk-link" id="from-address" href="/council-tax/address">Find your bill from your signed-in address</a>`)
		mustContain(t, b.get("/council-tax?lang=cy"), "Dod o hyd i’ch bil drwy’r cyfeiriad yn eich cyfrif")
		pg = b.get(ctAddressPath)
		mustStatus(t, pg, http.StatusSeeOther)
		if loc := pg.Header.Get("Location"); loc != "/council-tax/bill" {
			t.Fatalf("sent to %q", loc)
		}
		pg = b.get("/council-tax/bill?lang=en")
		mustStatus(t, pg, http.StatusOK)
		mustContain(t, pg, tc.ref, tc.line)
	}

	// The Welsh council has no bill at Ashdown Vale addresses.
	b := p.browser()
	b.signIn("resident")
	pg := b.get("/glanrhyd" + ctAddressPath + "?lang=en")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, `id="no-address-bill"`, "We could not find a bill for the address GOV.UK One Login checked", `id="account_reference"`)
	if pg.has(`id="from-address"`) {
		t.Error("offered again after finding nothing")
	}
	if pg := b.get("/glanrhyd/council-tax/bill"); pg.Status != http.StatusSeeOther {
		t.Errorf("a bill opened at a council with none at the address: status %d", pg.Status)
	}
}

// TestCTAccountAt: the postcode and first line must both match, compared
// by letters and digits, and one account only.
func TestCTAccountAt(t *testing.T) {
	p := newPortal(t)
	st := p.srv.sites.list[0]
	addr := func(line, pc string) identity.Address {
		return identity.Address{Lines: []string{line, "Somewhere"}, Postcode: identity.MustParsePostcode(pc)}
	}
	for _, tc := range []struct {
		addr identity.Address
		want string
	}{
		{addr("1 Example Row", "AV1 1AA"), "10000001"},
		{addr("1, EXAMPLE ROW.", "av11aa"), "10000001"},
		{addr("1 Example Row", "AV1 2AB"), ""},
		{addr("11 Example Row", "AV1 1AA"), ""},
		{addr("Flat 1, 1 Example Row", "AV1 1AA"), ""},
		{identity.Address{Postcode: identity.MustParsePostcode("AV1 1AA")}, ""},
	} {
		a, ok := st.ctAccountAt(tc.addr)
		got := ""
		if ok {
			got = a.Ref
		}
		if got != tc.want {
			t.Errorf("%v: %q, want %q", tc.addr.Lines, got, tc.want)
		}
	}
}

func TestParseReceiptEmail(t *testing.T) {
	// The longest address allowed: 64 + 1 + 189 = 254 characters.
	longest := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 58) + ".uk"
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"   ", "", true},
		{"name@example.com", "name@example.com", true},
		{" name@example.com\t", "name@example.com", true},
		{"first.last+tag@sub.example.gov.uk", "first.last+tag@sub.example.gov.uk", true},
		{"o'brien@example.co.uk", "o'brien@example.co.uk", true},
		{"name@xn--bcher-kva.example", "name@xn--bcher-kva.example", true},
		{longest, longest, true},
		{"a" + longest, "", false},
		{strings.Replace(longest, "d.", "dd.", 1), "", false}, // 255 characters
		{"name", "", false},
		{"name@", "", false},
		{"@example.com", "", false},
		{"name@example", "", false},
		{"name@localhost", "", false},
		{"name@example.", "", false},
		{"name@.example.com", "", false},
		{"name@example..com", "", false},
		{"name@-example.com", "", false},
		{"name@example-.com", "", false},
		{"name@exa_mple.com", "", false},
		{"name@192.168.0.1", "", false},
		{"name@[192.168.0.1]", "", false},
		{"na me@example.com", "", false},
		{"Name <name@example.com>", "", false},
		{"<name@example.com>", "", false},
		{`"name"@example.com`, "", false},
		{"name@example.com (work)", "", false},
		{"a@b.com, c@d.com", "", false},
		{"name@@example.com", "", false},
		{"name.@example.com", "", false},
		{".name@example.com", "", false},
		{"na..me@example.com", "", false},
		{"name@exämple.com", "", false},
		{"name\x00@example.com", "", false},
		{"name@example.com\r\nBcc: x@y.com", "", false},
		{strings.Repeat("a", 65) + "@example.com", "", false},
		{"a@" + strings.Repeat("b", 64) + ".com", "", false},
		{"a@" + strings.Repeat("b.", 130) + "com", "", false}, // 265 characters
		{"\xff@example.com", "", false},
	} {
		got, ok := parseReceiptEmail(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseReceiptEmail(%q) = %q, %t; want %q, %t", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if len(longest) != 254 {
		t.Fatalf("the longest address has %d characters", len(longest))
	}
}

// FuzzParseReceiptEmail: whatever is typed, an address accepted is one
// plain address that fits Notify, reads back as itself, and is accepted
// again unchanged.
func FuzzParseReceiptEmail(f *testing.F) {
	for _, s := range []string{"name@example.com", " a.b+c@d.e.gov.uk ", "Name <a@b.com>", "a@b", `"x y"@z.com`, "a@[1.2.3.4]", "a@b.c\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, ok := parseReceiptEmail(in)
		if !ok {
			if got != "" {
				t.Fatalf("refused %q but returned %q", in, got)
			}
			return
		}
		if got == "" {
			if strings.TrimSpace(in) != "" {
				t.Fatalf("%q accepted as no address", in)
			}
			return
		}
		if len(got) > identity.MaxEmailLength || !utf8.ValidString(got) || strings.Count(got, "@") != 1 ||
			strings.ContainsAny(got, " \t\r\n<>\"") || got != strings.TrimSpace(got) {
			t.Fatalf("accepted %q as %q", in, got)
		}
		if again, ok := parseReceiptEmail(got); !ok || again != got {
			t.Fatalf("%q accepted, but not again (%q, %t)", got, again, ok)
		}
		if err := (identity.Contact{Email: got}).Validate(); err != nil {
			t.Fatalf("%q accepted, but identity.Contact refuses it: %v", got, err)
		}
	})
}

// stopDelivery stops p's delivery of events for good, as if its process
// had stopped: what is recorded from now on stays owed in the database,
// for another instance, or the next start, to deliver.
func stopDelivery(p *portal) {
	p.t.Helper()
	if !p.srv.ev.river {
		p.t.Fatal("stopDelivery: the portal does not deliver with River")
	}
	p.srv.ev.stop()
	<-p.srv.ev.done
	p.srv.ev.stop = nil
}

// TestReceiptAfterRestart: a council tax payment made without signing in,
// with an address for the receipt, by a portal that stops before it
// delivers the payment's event; the portal started again on the same
// -data directory delivers it, and the receipt reaches the address, in
// Welsh as the page was. Before the link records were kept in the portal
// store, the restarted portal knew no one to tell (notices.ErrNoRecipient)
// and skipped the receipt.
func TestReceiptAfterRestart(t *testing.T) {
	dir := t.TempDir()
	p := sqlitePortal(t, dir)
	stopDelivery(p)
	b := p.browser()
	b.get("/?lang=cy")
	b.payCouncilTaxWith("10000001", payerEmail)
	if n := len(p.srv.ev.fake.Sent()); n != 0 {
		t.Fatalf("%d messages sent with delivery stopped", n)
	}
	p.ts.Close()
	p.srv.Close()

	p2 := sqlitePortal(t, dir)
	eventually(t, "the receipt after the restart", func() bool { return len(sentTo(p2, payerEmail)) == 1 })
	if m := sentTo(p2, payerEmail)[0]; m.Subject != "Taliad wedi dod i law: 10000001" {
		t.Errorf("receipt %q, want the Welsh receipt", m.Subject)
	}
}

// TestReceiptFromAnotherInstance: two portals share one PostgreSQL
// database; the payment is made on one that delivers nothing, and the
// other delivers its event and sends the receipt, finding the address in
// the shared link records.
func TestReceiptFromAnotherInstance(t *testing.T) {
	dbURL := newPostgresDatabase(t)
	withPG := func(c *config) { c.PostgresURL = dbURL }
	a := newPortalWith(t, withPG)
	stopDelivery(a)
	other := newPortalWith(t, withPG)
	b := a.browser()
	b.signIn("resident")
	b.payCouncilTaxWith("10000002", payerEmail)
	eventually(t, "the receipt from the other instance", func() bool { return len(sentTo(other, payerEmail)) == 1 })
	if m := sentTo(other, payerEmail)[0]; m.Subject != "Payment received: 10000002" {
		t.Errorf("receipt %q", m.Subject)
	}
	if n := len(a.srv.ev.fake.Sent()); n != 0 {
		t.Errorf("the instance that delivers nothing sent %d messages", n)
	}
	// The signed-in resident's payment is on their timeline on either
	// instance.
	id := a.allPayments(t)[0].ID
	ob := other.browser()
	ob.client.Jar = b.client.Jar
	mustContain(t, ob.get(trackingPath), `id="item-`+id+`"`)
}
