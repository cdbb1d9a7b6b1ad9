package main

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/counciltax"
)

// Pay your council tax: look up a bill by account reference, see it
// explained (bands, precepts, periods, instalments, all computed by
// payments/counciltax), and pay the next instalment or the balance through
// the payments Service. The account reference stays in the session; it is
// never put in an address.

const (
	sessionCTRef = "ct:ref"       // the account looked up
	sessionCTKey = "ct:key:"      // + choice: the idempotency key for paying it
	ctFundCode   = "CTAX-2026"    // the ledger the money belongs to
	ctJourney    = "counciltax"   // paymentOwner.Journey
	ctStartPath  = "/council-tax" // where the journey starts
)

type ctLookupData struct {
	Ref, Postcode field
}

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
	v := s.newView(r, nil)
	v.Errors = errs
	d := ctLookupData{
		Ref:      v.Input("account_reference", "ct.ref", "ct.ref.hint", ref),
		Postcode: v.Input("postcode", "ct.postcode", "ct.postcode.hint", postcode),
	}
	v.Data = d
	s.render(w, r, status, "ct-lookup", v)
}

func (s *server) ctStart(w http.ResponseWriter, r *http.Request) {
	s.renderCTLookup(w, r, http.StatusOK, "", "", nil)
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
	s.renderCTBill(w, r, http.StatusOK, a, "", nil)
}

func (s *server) renderCTBill(w http.ResponseWriter, r *http.Request, status int, a *ctAccount, choice string, errs []fieldError) {
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
	var amount payments.Amount
	switch choice {
	case "instalment":
		if d.Next != nil {
			amount = d.NextPay
		}
	case "balance":
		amount = d.Balance
	}
	if !d.CanPay || !amount.IsPositive() {
		key := "ct.pay.required"
		if choice != "" {
			key = "ct.pay.invalid"
		}
		s.renderCTBill(w, r, http.StatusUnprocessableEntity, a, "", []fieldError{{Field: "choice", ID: "choice", Message: text(key, tag)}})
		return
	}
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

func (s *server) counciltaxRoutes() {
	s.handle("GET /council-tax", s.ctStart)
	s.handle("POST /council-tax", s.ctLookup)
	s.handle("GET /council-tax/bill", s.ctBill)
	s.handle("POST /council-tax/bill", s.ctPay)
	s.retryPaths[ctJourney] = func(paymentOwner) string { return "/council-tax/bill" }
}
