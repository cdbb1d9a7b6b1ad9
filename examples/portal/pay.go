package main

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
)

// Paying is the same for every journey: the journey works out what is owed
// (from its package), startPayment records the payment with the payments
// Service and sends the resident to the provider, and the resident comes
// back to /payments/{id}/return, where the outcome is read from the
// provider, never from the address.
//
// A session remembers the payments it started. A return address, or a
// sandbox payment page, for a payment the session did not start is "not
// found": one resident cannot see another's payment by changing the
// address.

// sessionPayments is the session key for the payments a session started.
const sessionPayments = "payments"

// paymentOwner records why a session started a payment.
type paymentOwner struct {
	Journey string // "counciltax", "planning"
	Ref     string // the account or application the payment is for
}

// ownPayment records that the session started payment id.
func ownPayment(sess *session, id string, o paymentOwner) {
	sess.Update(sessionPayments, func(v any) any {
		old, _ := v.(map[string]paymentOwner)
		m := make(map[string]paymentOwner, len(old)+1)
		for k, x := range old {
			m[k] = x
		}
		m[id] = o
		return m
	})
}

// ownerOf returns why the session started payment id, if it did.
func ownerOf(sess *session, id string) (paymentOwner, bool) {
	v, _ := sess.Get(sessionPayments)
	m, _ := v.(map[string]paymentOwner)
	o, ok := m[id]
	return o, ok
}

// payRequest is what a journey asks to be paid.
type payRequest struct {
	Owner       paymentOwner
	Amount      payments.Amount
	Reference   string
	Description councilkit.Text
	FundCode    string
	// Key makes a repeated submission (a double click, a refresh) return
	// the first payment rather than charge twice. Journeys keep it in the
	// session, never in the form.
	Key payments.IdempotencyKey
}

// startPayment starts a payment and redirects the resident to the
// provider's page.
func (s *server) startPayment(w http.ResponseWriter, r *http.Request, pr payRequest) {
	tag, _ := languageOf(r)
	// The return address carries a random nonce, not the payment's ID (which
	// is not known until the payment exists): the session maps the nonce
	// to the payment, so the address is useless to anyone else. One nonce
	// per idempotency key, so that a repeated submission is the same
	// request and gets the same payment back.
	sess := sessionFrom(r)
	var nonce string
	sess.Update("nonce:"+string(pr.Key), func(old any) any {
		if n, ok := old.(string); ok {
			nonce = n
		} else {
			nonce = randomToken()
		}
		return nonce
	})
	lang := payments.LanguageFor(tag)
	returnURL, ok := s.publicURL(r, "/payments/return/"+nonce)
	if !ok {
		// checkHost refuses such requests first; this is the second line.
		s.errorPage(w, r, http.StatusMisdirectedRequest, "err.host")
		return
	}
	// The resident starts the payment: its events say so (never who).
	ctx := events.WithActor(r.Context(), events.Actor{Kind: events.ActorResident})
	p, err := s.payments.Start(ctx, s.site(r).council, payments.StartRequest{
		Amount:      pr.Amount,
		Reference:   pr.Reference,
		Description: pr.Description.In(tag),
		// Both languages' descriptions, so that officers read what a
		// payment was for in their own (paymentDescription).
		Metadata: payments.Metadata{
			"description_en": payments.MetadataString(truncateRunes(pr.Description.In(councilkit.English), 100)),
			"description_cy": payments.MetadataString(truncateRunes(pr.Description.In(councilkit.Welsh), 100)),
		},
		ReturnURL:      returnURL,
		Language:       lang,
		FundCode:       pr.FundCode,
		IdempotencyKey: pr.Key,
	})
	if err != nil {
		s.serverError(w, r, "start payment", err)
		return
	}
	ownPayment(sess, p.ID, pr.Owner)
	s.trackPayment(r, p.ID) // events.go
	sess.Set(returnKey(nonce), p.ID)
	if !localPath(p.NextURL) && !strings.HasPrefix(p.NextURL, "https://") {
		s.serverError(w, r, "start payment", errors.New("provider gave an unusable next URL"))
		return
	}
	http.Redirect(w, r, p.NextURL, http.StatusSeeOther)
}

// returnKey is the session key mapping a return nonce to its payment.
func returnKey(nonce string) string { return "return:" + nonce }

// publicURL is the absolute address of path on this portal, for the
// provider to send the resident back to: under -public-url when it is set
// (always, outside local development). Without it the request's own host
// is used, but only a local one (see checkHost): ok is false for any
// other, so that a forged Host header never becomes a return address.
func (s *server) publicURL(r *http.Request, path string) (u string, ok bool) {
	path = basePath(r) + path
	if s.cfg.PublicURL != "" {
		// A council with a host name of its own is reached there; the
		// host was checked against the configured ones (withSite).
		if host := requestHost(r); s.sites.byHost[host] != nil && !strings.HasSuffix(host, ".localhost") {
			scheme, _, _ := strings.Cut(s.cfg.PublicURL, "://")
			return scheme + "://" + r.Host + path, true
		}
		return s.cfg.PublicURL + path, true
	}
	if !localHost(r.Host) {
		return "", false
	}
	scheme := "http"
	if s.sessions.secureFor(r) {
		scheme = "https"
	}
	return (&url.URL{Scheme: scheme, Host: r.Host, Path: path}).String(), true
}

// serverError logs an unexpected error (the error only: never the form)
// and shows the error page.
func (s *server) serverError(w http.ResponseWriter, r *http.Request, what string, err error) {
	s.log.ErrorContext(r.Context(), what, "err", err)
	s.errorPage(w, r, http.StatusInternalServerError, "err.server")
}

type payResultData struct {
	Payment *payments.Payment
	Owner   paymentOwner
	Status  councilkit.Text
	Title   string // catalogue key of the page's heading
	Failure councilkit.Text
	// NoMoney says that no money was taken, when Failure does not say so
	// already: a resident reads it once.
	NoMoney bool
	Retry   string
}

// payOutcome words a finished payment that was not taken as it happened.
// GOV.UK Pay reports a resident's cancel as failed with code P0030 (and a
// time-out as failed, P0020), so the status alone would call a cancelled
// payment failed: the failure code decides the status shown and the
// heading. It returns the status label, the heading's catalogue key and
// the one-line explanation.
func payOutcome(p *payments.Payment) (status councilkit.Text, title string, failure councilkit.Text, noMoney bool) {
	status, title = p.Status.Label(), "pay.failed.title"
	if p.FailureCode != "" {
		failure = p.FailureCode.Message()
	}
	noMoney = true
	switch {
	case p.FailureCode == payments.FailureCancelledByUser, p.FailureCode == payments.FailureCancelledByService, p.Status == payments.StatusCancelled:
		status, title = catalogue["pay.status.cancelled"], "pay.cancelled.title"
	case p.FailureCode == payments.FailureExpired:
		status, title = catalogue["pay.status.expired"], "pay.expired.title"
	case p.FailureCode == payments.FailureRejected:
		status, title = catalogue["pay.status.declined"], "pay.declined.title"
		failure = councilkit.Text{} // the heading says it
	case p.Status == payments.StatusError || p.FailureCode == payments.FailureProviderError:
		// The package's label and failure text both say "technical
		// problem, no money taken": say it once, in the explanation.
		status, title = catalogue["pay.status.nottaken"], "pay.error.title"
		failure, noMoney = catalogue["pay.error.body"], false
	}
	return status, title, failure, noMoney
}

// paymentReturn is where the provider sends the resident back. The address
// says nothing about the outcome: its nonce names a payment this session
// started, whose state paymentResult reads from the provider.
func (s *server) paymentReturn(w http.ResponseWriter, r *http.Request) {
	v, _ := sessionFrom(r).Get(returnKey(r.PathValue("nonce")))
	id, ok := v.(string)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	}
	http.Redirect(w, r, "/payments/"+id, http.StatusSeeOther)
}

// paymentResult shows a payment the session started, as the provider
// reports it now.
func (s *server) paymentResult(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	owner, ok := ownerOf(sessionFrom(r), id)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	}
	p, err := s.payments.Confirm(r.Context(), s.site(r).council, id)
	if errors.Is(err, payments.ErrNotFound) {
		// The sandbox does not know a payment started before it kept its
		// payments in the store (an older data directory), but a finished
		// payment's stored status is final.
		if stored, gerr := s.payments.Get(r.Context(), s.site(r).council, id); gerr == nil && stored.Finished() {
			p, err = stored, nil
		}
	}
	if errors.Is(err, payments.ErrNotFound) {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	}
	if err != nil {
		s.serverError(w, r, "confirm payment", err)
		return
	}
	if hook, ok := s.onPaid[owner.Journey]; ok && p.Status == payments.StatusSuccess {
		if done := hook(w, r, p, owner); done {
			return
		}
	}
	data := payResultData{Payment: p, Owner: owner, Status: p.Status.Label(), Title: "pay.done.title"}
	if p.Status != payments.StatusSuccess {
		data.Title = "pay.pending.title"
	}
	if p.Status.Finished() && p.Status != payments.StatusSuccess {
		data.Status, data.Title, data.Failure, data.NoMoney = payOutcome(p)
	}
	if back, ok := s.retryPaths[owner.Journey]; ok {
		data.Retry = back(owner)
	}
	s.render(w, r, http.StatusOK, "pay-result", s.newView(r, data))
}

// The sandbox payment page plays GOV.UK Pay's pages for the sandbox
// provider: the resident enters one of GOV.UK Pay's mock card numbers, or
// cancels. It is labelled as a sandbox on screen.

type sandboxData struct {
	Payment *payments.Payment
	Card    field
}

// sandboxPayment finds the payment behind a sandbox page, if this session
// started it.
func (s *server) sandboxPayment(r *http.Request) (*payments.Payment, bool) {
	providerID := r.PathValue("id")
	p, err := s.payments.Store().GetByProviderID(r.Context(), s.site(r).council, s.sandbox.Name(), providerID)
	if err != nil {
		return nil, false
	}
	if _, ok := ownerOf(sessionFrom(r), p.ID); !ok {
		return nil, false
	}
	return p, true
}

func (s *server) sandboxPage(w http.ResponseWriter, r *http.Request) {
	p, ok := s.sandboxPayment(r)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	}
	if err := s.sandbox.Visit(p.ProviderID); err != nil {
		// Finished already (paid, cancelled, expired): back to the result.
		http.Redirect(w, r, "/payments/"+p.ID, http.StatusSeeOther)
		return
	}
	s.renderSandbox(w, r, http.StatusOK, p, "", nil)
}

func (s *server) renderSandbox(w http.ResponseWriter, r *http.Request, status int, p *payments.Payment, card string, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	v.Data = sandboxData{Payment: p, Card: v.Input("card_number", "sandbox.card", "sandbox.card.hint", card)}
	s.render(w, r, status, "pay-sandbox", v)
}

func (s *server) sandboxSubmit(w http.ResponseWriter, r *http.Request) {
	p, ok := s.sandboxPayment(r)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	}
	tag, _ := languageOf(r)
	if r.PostForm.Get("action") == "cancel" {
		if err := s.sandbox.CancelByUser(p.ProviderID); err != nil && !errors.Is(err, sandbox.ErrWrongState) {
			s.serverError(w, r, "sandbox cancel", err)
			return
		}
		http.Redirect(w, r, p.ReturnURL, http.StatusSeeOther)
		return
	}
	card := strings.TrimSpace(r.PostForm.Get("card_number"))
	if card == "" {
		s.renderSandbox(w, r, http.StatusUnprocessableEntity, p, "", []fieldError{{Field: "card_number", ID: "card_number", Message: text("sandbox.card.required", tag)}})
		return
	}
	_, err := s.sandbox.PayWithCard(p.ProviderID, card)
	switch {
	case errors.Is(err, sandbox.ErrUnknownCard):
		// The number is never echoed back: it could be a real card.
		s.renderSandbox(w, r, http.StatusUnprocessableEntity, p, "", []fieldError{{Field: "card_number", ID: "card_number", Message: text("sandbox.card.unknown", tag)}})
		return
	case errors.Is(err, sandbox.ErrCardNotAccepted):
		s.renderSandbox(w, r, http.StatusUnprocessableEntity, p, "", []fieldError{{Field: "card_number", ID: "card_number", Message: text("sandbox.card.notaccepted", tag)}})
		return
	case errors.Is(err, sandbox.ErrWrongState):
	case err != nil:
		s.serverError(w, r, "sandbox pay", err)
		return
	}
	http.Redirect(w, r, p.ReturnURL, http.StatusSeeOther)
}

// Officer side: refunds.

// refundRow is one refund of a payment, with who asked and why.
type refundRow struct {
	When, Amount, Status, Reason, By string
}

type refundData struct {
	Payment *payments.Payment
	// Description is what the payment was for, in the reader's language.
	Description string
	Refunds     []refundRow
	// History is the payment's audit trail.
	History []historyRow
	Summary payments.RefundSummary
	Amount  field
	Reason  field
	Key     payments.IdempotencyKey
	Done    *payments.Refund
}

func (s *server) officerPayment(r *http.Request) (*payments.Payment, bool) {
	p, err := s.payments.Get(r.Context(), s.site(r).council, r.PathValue("id"))
	if err != nil {
		return nil, false
	}
	return p, true
}

func (s *server) refundForm(w http.ResponseWriter, r *http.Request) {
	p, ok := s.officerPayment(r)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	}
	s.renderRefund(w, r, http.StatusOK, p, "", "", payments.NewIdempotencyKey(), nil, nil)
}

func (s *server) renderRefund(w http.ResponseWriter, r *http.Request, status int, p *payments.Payment, amount, reason string, key payments.IdempotencyKey, done *payments.Refund, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	why := v.Input("reason", "refund.reason", "refund.reason.hint", reason)
	why.MaxLength = payments.MaxRefundReasonLen
	d := refundData{Payment: p, Summary: p.RefundSummary(), Amount: v.Input("amount", "refund.amount", "refund.amount.hint", amount),
		Reason: why, Key: key, Done: done, Description: paymentDescription(p, v.Lang)}
	for _, rf := range p.Refunds {
		row := refundRow{When: v.When(rf.CreatedAt), Amount: v.Money(rf.Amount), Status: rf.Status.String(), Reason: string(rf.Reason)}
		if rf.RequestedBy.Kind != "" {
			row.By = v.T("case.actor." + string(rf.RequestedBy.Kind))
			if rf.RequestedBy.ID != "" {
				row.By += " (" + rf.RequestedBy.ID + ")"
			}
		}
		d.Refunds = append(d.Refunds, row)
	}
	var err error
	if d.History, err = s.history(r, v, "payment", p.ID); err != nil {
		s.serverError(w, r, "payment history", err)
		return
	}
	v.Data = d
	s.render(w, r, status, "officer-refund", v)
}

func (s *server) refundSubmit(w http.ResponseWriter, r *http.Request) {
	p, ok := s.officerPayment(r)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	}
	tag, _ := languageOf(r)
	raw := r.PostForm.Get("amount")
	reason := r.PostForm.Get("reason")
	key, err := payments.ParseIdempotencyKey(r.PostForm.Get("key"))
	if err != nil {
		key = payments.NewIdempotencyKey()
	}
	fail := func(msg string) {
		s.renderRefund(w, r, http.StatusUnprocessableEntity, p, raw, reason, key, nil, []fieldError{{Field: "amount", ID: "amount", Message: text(msg, tag)}})
	}
	if strings.TrimSpace(raw) == "" {
		fail("refund.amount.required")
		return
	}
	amount, err := payments.ParseAmount(raw)
	if err != nil {
		fail("refund.amount.invalid")
		return
	}
	// The refund records the officer who asked for it, and their reason.
	ctx, _ := officerActor(r)
	ref, err := s.payments.Refund(ctx, s.site(r).council, p.ID, payments.RefundRequest{Amount: amount, Key: key, Reason: payments.RefundReason(reason)})
	switch {
	case errors.Is(err, payments.ErrInvalidAmount):
		fail("refund.amount.positive")
		return
	case errors.Is(err, payments.ErrRefundExceedsAvailable):
		fail("refund.amount.toomuch")
		return
	case errors.Is(err, payments.ErrNotRefundable):
		fail("refund.notrefundable")
		return
	case errors.Is(err, payments.ErrIdempotencyConflict):
		fail("refund.conflict")
		return
	case errors.Is(err, payments.ErrRefundAvailableMismatch):
		// Another refund reached the provider first; nothing was refunded
		// and this key's refund is closed, so a new attempt needs a new
		// key (Service.Refund's promise).
		p, err = s.payments.Get(r.Context(), s.site(r).council, p.ID)
		if err != nil {
			s.serverError(w, r, "refund", err)
			return
		}
		key = payments.NewIdempotencyKey()
		fail("refund.changed")
		return
	case err != nil:
		var ve *councilkit.ValidationError
		if errors.As(err, &ve) {
			errs, _ := problemsOf(err, tag)
			s.renderRefund(w, r, http.StatusUnprocessableEntity, p, raw, reason, key, nil, errs)
			return
		}
		s.serverError(w, r, "refund", err)
		return
	}
	p, err = s.payments.Get(r.Context(), s.site(r).council, p.ID)
	if err != nil {
		s.serverError(w, r, "refund", err)
		return
	}
	s.renderRefund(w, r, http.StatusOK, p, "", "", payments.NewIdempotencyKey(), &ref, nil)
}

// truncateRunes cuts s to at most n characters.
func truncateRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
