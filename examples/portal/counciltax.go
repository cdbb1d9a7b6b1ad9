package main

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/identity/onelogin"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/counciltax"
)

// Pay your council tax: look up a bill by account reference, see it
// explained (bands, precepts, periods, instalments, all computed by
// payments/counciltax), and pay the next instalment or the balance through
// the payments Service. The account reference stays in the session; it is
// never put in an address.
//
// A bill is found by its account reference and the property's postcode,
// or, for a resident signed in with an identity check, by the address One
// Login checked (ctFromAddress). The resident may give an email address
// for the payment's receipt: it is kept as the payment's link record
// (links.go), so the receipt reaches someone who did not sign in.

const (
	sessionCTRef = "ct:ref"       // the account looked up
	sessionCTKey = "ct:key:"      // + choice: the idempotency key for paying it
	ctFundCode   = "CTAX-2026"    // the ledger the money belongs to
	ctJourney    = "counciltax"   // paymentOwner.Journey
	ctStartPath  = "/council-tax" // where the journey starts
)

type ctLookupData struct {
	Ref, Postcode field
	// FromAddress offers to find the bill from the signed-in resident's
	// checked address; NoAddressBill says that it found none.
	FromAddress, NoAddressBill bool
}

// ctAddressPath finds the bill at the signed-in resident's checked address.
const ctAddressPath = "/council-tax/address"

// Failed lookups allowed before the lookup is locked, per client and per
// account, and for how long. A resident who mistypes has several tries;
// trying references in turn, from one client or from many against one
// account, soon stops.
const (
	ctClientFailures  = 10
	ctAccountFailures = 5
	ctLockWindow      = 15 * time.Minute
	ctLimiterKeys     = 10000
)

// ctLimits returns the lookup's limiters, made on first use.
func (s *server) ctLimits() (clients, accounts *failLimiter) {
	s.ctLimitOnce.Do(func() {
		s.ctClientLimit = newFailLimiter(s.cfg.Clock, ctClientFailures, ctLockWindow, ctLimiterKeys)
		s.ctAccountLimit = newFailLimiter(s.cfg.Clock, ctAccountFailures, ctLockWindow, ctLimiterKeys)
	})
	return s.ctClientLimit, s.ctAccountLimit
}

func (s *server) renderCTLookup(w http.ResponseWriter, r *http.Request, status int, ref, postcode string, errs []fieldError) {
	s.renderCTLookupData(w, r, status, ctLookupData{}, ref, postcode, errs)
}

func (s *server) renderCTLookupData(w http.ResponseWriter, r *http.Request, status int, d ctLookupData, ref, postcode string, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	d.Ref = v.Input("account_reference", "ct.ref", "ct.ref.hint", ref)
	d.Postcode = v.Input("postcode", "ct.postcode", "ct.postcode.hint", postcode)
	_, checked := checkedAddress(sessionFrom(r).User())
	d.FromAddress = checked && !d.NoAddressBill
	v.Data = d
	s.render(w, r, status, "ct-lookup", v)
}

func (s *server) ctStart(w http.ResponseWriter, r *http.Request) {
	s.renderCTLookup(w, r, http.StatusOK, "", "", nil)
}

// checkedAddress returns the address One Login's identity check gave the
// signed-in user, and false when there is none (not signed in, or signed
// in without an identity check).
func checkedAddress(u *user) (identity.Address, bool) {
	if u == nil || u.Address == nil || !u.Level.Satisfies(onelogin.IdentityChecked()) {
		return identity.Address{}, false
	}
	return *u.Address, true
}

// ctFromAddress opens the bill of the property at the signed-in
// resident's checked address: the identity check is the second fact in
// place of the postcode (issue 19, item 5). The bill must have the
// address's postcode and first line; when no bill, or more than one, has
// them, the lookup form says so and asks for the reference and postcode.
// Nothing here is typed by the resident, so there is nothing to guess
// and no failure to count against the lookup's limits; those limits stay
// on the form.
func (s *server) ctFromAddress(w http.ResponseWriter, r *http.Request) {
	addr, ok := checkedAddress(sessionFrom(r).User())
	if !ok {
		http.Redirect(w, r, ctStartPath, http.StatusSeeOther)
		return
	}
	a, ok := s.site(r).ctAccountAt(addr)
	if !ok {
		s.renderCTLookupData(w, r, http.StatusOK, ctLookupData{NoAddressBill: true}, "", "", nil)
		return
	}
	sessionFrom(r).Set(sessionCTRef, a.Ref)
	http.Redirect(w, r, "/council-tax/bill", http.StatusSeeOther)
}

// ctAccountAt returns the council's one account whose property has addr's
// postcode and first line, and false when none or several do.
func (st *site) ctAccountAt(addr identity.Address) (*ctAccount, bool) {
	if len(addr.Lines) == 0 {
		return nil, false
	}
	var found *ctAccount
	for _, a := range st.ctAccounts {
		if len(a.Address.Lines) == 0 || !samePostcode(a.Address.Postcode, addr.Postcode) ||
			!sameLine(a.Address.Lines[0], addr.Lines[0]) {
			continue
		}
		if found != nil {
			return nil, false
		}
		found = a
	}
	return found, found != nil
}

// sameLine compares two address lines by their letters and digits, in
// lower case and word by word, so that "1, Example Row" and "1 example
// row" are the same line.
func sameLine(a, b string) bool {
	words := func(s string) string {
		return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}), " ")
	}
	return words(a) == words(b)
}

// ctLookup finds a bill by its account reference and the property's
// postcode: a reference alone is a sequential number anyone could guess,
// and the bill shows the household's address, discounts and any
// disability reduction. A wrong pair gets one answer whether or not the
// account exists, and failures are limited per client and per account.
func (s *server) ctLookup(w http.ResponseWriter, r *http.Request) {
	tag, _ := languageOf(r)
	rawRef, rawPC := r.PostForm.Get("account_reference"), r.PostForm.Get("postcode")
	ref := normaliseAccountRef(rawRef)
	var errs []fieldError
	if ref == "" {
		errs = append(errs, fieldError{Field: "account_reference", ID: "account_reference", Message: text("ct.ref.required", tag)})
	}
	pc, pcErr := identity.ParsePostcode(rawPC)
	switch {
	case strings.TrimSpace(rawPC) == "":
		errs = append(errs, fieldError{Field: "postcode", ID: "postcode", Message: text("ct.postcode.required", tag)})
	case pcErr != nil:
		errs = append(errs, fieldError{Field: "postcode", ID: "postcode", Message: text("ct.postcode.invalid", tag)})
	}
	if len(errs) > 0 {
		s.renderCTLookup(w, r, http.StatusUnprocessableEntity, rawRef, rawPC, errs)
		return
	}
	clients, accounts := s.ctLimits()
	client := clientKey(r, s.cfg.TrustedProxies)
	if clients.locked(client) || accounts.locked(ref) {
		s.errorPage(w, r, http.StatusTooManyRequests, "err.ctlocked")
		return
	}
	a, ok := s.site(r).ctAccounts[ref]
	if !ok || !samePostcode(a.Address.Postcode, pc) {
		// The same answer for an unknown reference and a wrong postcode,
		// so the form cannot be used to find which references exist.
		clients.fail(client)
		accounts.fail(ref)
		s.renderCTLookup(w, r, http.StatusUnprocessableEntity, rawRef, rawPC,
			[]fieldError{{Field: "account_reference", ID: "account_reference", Message: text("ct.ref.notfound", tag)}})
		return
	}
	sessionFrom(r).Set(sessionCTRef, ref)
	http.Redirect(w, r, "/council-tax/bill", http.StatusSeeOther)
}

// samePostcode compares two postcodes in their normal form in constant
// time.
func samePostcode(a, b identity.Postcode) bool {
	return subtle.ConstantTimeCompare([]byte(a.String()), []byte(b.String())) == 1
}

// normaliseAccountRef drops spaces and hyphens residents copy from a bill.
// The council's references are eight digits; anything else is not found.
func normaliseAccountRef(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

type ctBillData struct {
	Ref     string
	Account *ctAccount
	Bill    *counciltax.Bill
	Paid    payments.Amount
	Balance payments.Amount
	Next    *counciltax.Instalment
	NextPay payments.Amount
	Choice  field
	Summary []answer
	Today   calendar.Date
	CanPay  bool
	// Email is the address for the payment's receipt.
	Email field
}

// ctCurrent returns the account the session looked up.
func (s *server) ctCurrent(r *http.Request) (*ctAccount, bool) {
	v, _ := sessionFrom(r).Get(sessionCTRef)
	ref, _ := v.(string)
	a, ok := s.site(r).ctAccounts[ref]
	return a, ok
}

// ctPaid totals the successful online payments against an account
// reference, as the payments Service records them.
func (s *server) ctPaid(ctx context.Context, c councilkit.Council, ref string) (payments.Amount, error) {
	list, err := s.payments.List(ctx, c, payments.Filter{Statuses: []payments.Status{payments.StatusSuccess}, FundCode: ctFundCode})
	if err != nil {
		return payments.Amount{}, err
	}
	var paid payments.Amount
	for _, p := range list {
		if p.Reference == ref {
			paid = paid.Add(p.Amount).Sub(p.Refunded())
		}
	}
	return paid, nil
}

// ctAmounts works out what can be paid now: the next instalment due on or
// after today in the bill's plan (never more than the balance), or the
// balance.
func (s *server) ctAmounts(ctx context.Context, c councilkit.Council, a *ctAccount) (d ctBillData, err error) {
	d.Account, d.Bill, d.Ref = a, a.Bill, a.Ref
	d.Today = calendar.Today(s.cfg.Clock)
	d.Paid, err = s.ctPaid(ctx, c, a.Ref)
	if err != nil {
		return d, err
	}
	d.Balance = a.Bill.Payable.Sub(d.Paid)
	for i := range a.Bill.Instalments {
		in := a.Bill.Instalments[i]
		if !in.Due.Before(d.Today) {
			d.Next = &in
			break
		}
	}
	if d.Next != nil {
		d.NextPay = d.Next.Amount
		if d.NextPay.Cmp(d.Balance) > 0 {
			d.NextPay = d.Balance
		}
	}
	d.CanPay = d.Balance.IsPositive()
	return d, nil
}

func (s *server) ctBill(w http.ResponseWriter, r *http.Request) {
	a, ok := s.ctCurrent(r)
	if !ok {
		http.Redirect(w, r, ctStartPath, http.StatusSeeOther)
		return
	}
	// A signed-in resident's receipt goes to their account's address
	// unless they change it.
	email := ""
	if u := sessionFrom(r).User(); u != nil {
		email = u.Email
	}
	s.renderCTBill(w, r, http.StatusOK, a, "", email, nil)
}

func (s *server) renderCTBill(w http.ResponseWriter, r *http.Request, status int, a *ctAccount, choice, email string, errs []fieldError) {
	d, err := s.ctAmounts(r.Context(), s.councilOf(r), a)
	if err != nil {
		s.serverError(w, r, "council tax bill", err)
		return
	}
	v := s.newView(r, nil)
	v.Errors = errs
	var opts []option
	if d.Next != nil && d.NextPay.IsPositive() {
		opts = append(opts, option{Value: "instalment", Label: v.T("ct.pay.instalment") + " – " + v.Money(d.NextPay), Hint: v.T("ct.pay.instalment.hint") + " " + v.Date(d.Next.Due)})
	}
	opts = append(opts, option{Value: "balance", Label: v.T("ct.pay.balance") + " – " + v.Money(d.Balance)})
	d.Choice = v.Radios("choice", "ct.pay.what", choice, opts)
	d.Email = v.Input(ctEmailField, "ct.email", "ct.email.hint", email)
	addr := append(append([]string(nil), a.Address.Lines...), a.Address.Town, a.Address.Postcode.String())
	d.Summary = []answer{
		{Key: v.T("ct.council"), Value: a.Bill.CouncilName(v.Lang)},
		{Key: v.T("ct.account"), Value: a.Ref, ChangeURL: ctStartPath},
		{Key: v.T("ct.property"), Lines: addr},
		{Key: v.T("ct.year"), Value: a.Bill.Year.String()},
		{Key: v.T("ct.band"), Value: a.Bill.Band.String() + " (" + a.Bill.Ratio + " " + v.T("ct.band.ratio") + ")"},
	}
	v.Data = d
	s.render(w, r, status, "ct-bill", v)
}

// ctPay starts paying what the resident chose. The amount comes from the
// bill on the server: the form carries only the choice, so a tampered
// amount has nothing to tamper with.
func (s *server) ctPay(w http.ResponseWriter, r *http.Request) {
	a, ok := s.ctCurrent(r)
	if !ok {
		http.Redirect(w, r, ctStartPath, http.StatusSeeOther)
		return
	}
	tag, _ := languageOf(r)
	d, err := s.ctAmounts(r.Context(), s.councilOf(r), a)
	if err != nil {
		s.serverError(w, r, "council tax amounts", err)
		return
	}
	choice := r.PostForm.Get("choice")
	rawEmail := r.PostForm.Get(ctEmailField)
	var amount payments.Amount
	switch choice {
	case "instalment":
		if d.Next != nil {
			amount = d.NextPay
		}
	case "balance":
		amount = d.Balance
	}
	// Every problem at once, in the order of the form.
	var errs []fieldError
	if !d.CanPay || !amount.IsPositive() {
		key := "ct.pay.required"
		if choice != "" {
			key = "ct.pay.invalid"
		}
		errs = append(errs, fieldError{Field: "choice", ID: "choice", Message: text(key, tag)})
		choice = ""
	}
	email, ok := parseReceiptEmail(rawEmail)
	if !ok {
		errs = append(errs, fieldError{Field: ctEmailField, ID: ctEmailField, Message: text("ct.email.invalid", tag)})
	}
	if len(errs) > 0 {
		s.renderCTBill(w, r, http.StatusUnprocessableEntity, a, choice, rawEmail, errs)
		return
	}
	// The receipt goes to the address given, or to no one when it is
	// left empty (trackPayment, links.go).
	r = withReceiptTo(r, email)
	s.startPayment(w, r, payRequest{
		Owner:       paymentOwner{Journey: ctJourney, Ref: a.Ref},
		Amount:      amount,
		Reference:   a.Ref,
		Description: withSuffix(catalogue["ct.pay.description"], " "+a.Bill.Year.String()),
		FundCode:    ctFundCode,
		Key:         s.payKey(r, sessionCTKey+a.Ref+":"+choice),
	})
}

// payKey returns the idempotency key for paying one thing, kept in the
// session. While its payment is unfinished the key is reused, so that a
// double click or a second tab gets the same payment; once it has finished
// (paid, declined, cancelled) the next payment gets a new key.
func (s *server) payKey(r *http.Request, name string) payments.IdempotencyKey {
	sess := sessionFrom(r)
	var key payments.IdempotencyKey
	sess.Update(name, func(old any) any {
		k, ok := old.(payments.IdempotencyKey)
		if ok {
			p, err := s.payments.Store().GetByIdempotencyKey(r.Context(), s.site(r).council, k)
			if err != nil || !p.Finished() {
				key = k
				return k
			}
		}
		key = payments.NewIdempotencyKey()
		return key
	})
	return key
}

// ctEmailField is the bill form's field for the receipt's address.
const ctEmailField = "receipt_email"

// parseReceiptEmail checks an address typed for a receipt. An empty one
// (spaces only) is no address, and fine: the field is optional. Otherwise
// ok says whether it is a single plain address, as the GOV.UK Design
// System's email pattern asks
// (https://design-system.service.gov.uk/patterns/email-addresses/):
// net/mail must read it as an address alone (no name, angle brackets,
// comments or quoting), identity.Contact must accept it, it is at most
// identity.MaxEmailLength (254) characters and its local part at most 64
// (RFC 5321, sections 4.5.3.1.1 and 4.5.3.1.3), and the domain is a host name with a dot: labels of
// letters, digits and hyphens, none longer than 63, none starting or
// ending with a hyphen, and a top-level label that is not all digits (so
// neither an IP address nor "localhost"). Surrounding spaces are dropped.
func parseReceiptEmail(raw string) (email string, ok bool) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", true
	}
	if len(s) > identity.MaxEmailLength || !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(`"<>()[]\,;:`, r)
	}) {
		return "", false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", false
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if local == "" || len(local) > 64 {
		return "", false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return "", false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' || strings.ContainsFunc(l, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-')
		}) {
			return "", false
		}
	}
	if strings.Trim(labels[len(labels)-1], "0123456789") == "" || (identity.Contact{Email: s}).Validate() != nil {
		return "", false
	}
	return s, true
}

func (s *server) counciltaxRoutes() {
	s.handle("GET /council-tax", s.ctStart)
	s.handle("POST /council-tax", s.ctLookup)
	s.handle("GET "+ctAddressPath, s.ctFromAddress)
	s.handle("GET /council-tax/bill", s.ctBill)
	s.handle("POST /council-tax/bill", s.ctPay)
	s.retryPaths[ctJourney] = func(paymentOwner) string { return "/council-tax/bill" }
}
