package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"

	"golang.org/x/text/language"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/tracking"
)

// Link records: which resident started which record, and how to reach
// them. Events carry no personal data, so the portal keeps, for each
// record a resident starts (a payment, a school, free school meals or
// planning application), one recordLink in the configured portal store
// (memory, the -data directory's SQLite file, or PostgreSQL): the record's
// council, kind and ID, the resident's One Login subject, and their email
// address and language as they were then. The resident's pages read it to
// list their records ("mine", "Your applications and payments"), and
// notices read it to find who to tell about an event (recipient in
// events.go), on whichever instance delivers the event and after any
// restart. A council tax payment made without signing in is linked with
// an empty subject when the resident gives an address for the receipt.

// Kinds of record a resident is linked to: the event domains whose events
// are about them.
const (
	linkPayment    = "payment"
	linkAdmissions = "admissions"
	linkPlanning   = "planning"
	linkFSM        = "fsm"
)

// linkKinds pairs each kind of link with the tracking service of its
// records.
var linkKinds = []struct {
	kind    string
	service tracking.Service
}{
	{linkPayment, tracking.ServicePayment},
	{linkAdmissions, tracking.ServiceSchoolApplication},
	{linkFSM, tracking.ServiceFreeSchoolMeals},
	{linkPlanning, tracking.ServicePlanningApplication},
}

// kindOf is the kind of link for records of svc, "" for none.
func kindOf(svc tracking.Service) string {
	for _, k := range linkKinds {
		if k.service == svc {
			return k.kind
		}
	}
	return ""
}

// serviceOfKind is the tracking service of records of kind.
func serviceOfKind(kind string) tracking.Service {
	for _, k := range linkKinds {
		if k.kind == kind {
			return k.service
		}
	}
	return tracking.ServiceNone
}

// contact is how to reach a resident: personal data, kept in the portal
// store and never logged.
type contact struct {
	Email    string
	Language language.Tag
}

// String says whether there is an address, and the language: nothing
// personal.
func (c contact) String() string {
	return fmt.Sprintf("contact{Email:%s Language:%s}", redactedIfSet(c.Email), langCode(c.Language))
}

// Format implements fmt.Formatter: String for every verb.
func (c contact) Format(f fmt.State, verb rune) { formatRedacted(f, verb, c.String()) }

// LogValue implements slog.LogValuer.
func (c contact) LogValue() slog.Value { return slog.StringValue(c.String()) }

// langOfCode reads a stored language code (langCode's), English for any
// other.
func langOfCode(code string) language.Tag {
	if code == "cy" {
		return councilkit.Welsh
	}
	return councilkit.English
}

// receiptTo is the address a journey asked for a payment's receipt to go
// to, carried in the request's context from the journey to trackPayment.
type receiptTo struct{ email string }

type receiptKey struct{}

// withReceiptTo returns r asking for the receipt of the payment it starts
// to go to email, instead of the signed-in resident's account address; an
// empty email asks for no receipt.
func withReceiptTo(r *http.Request, email string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), receiptKey{}, receiptTo{email}))
}

// linkRecord links the record of kind with ID id to the resident making
// request r: the signed-in resident, reached at their account's address
// (or the receipt address r asks for), in the page's language. For
// someone not signed in it links only a receipt address, with an empty
// subject; with neither it does nothing.
func (s *server) linkRecord(r *http.Request, kind, id string) error {
	l := recordLink{Council: s.site(r).council.String(), Kind: kind, ID: id}
	l.To.Language, _ = languageOf(r)
	if u := sessionFrom(r).User(); u != nil {
		// One Login (and the development provider) give the account's
		// email address.
		l.Subject, l.To.Email = u.Subject, u.Email
	}
	if rt, ok := r.Context().Value(receiptKey{}).(receiptTo); ok {
		l.To.Email = rt.email
	}
	if l.Subject == "" && l.To.Email == "" {
		return nil
	}
	return s.portal.link(r.Context(), l)
}

// mine returns the IDs of the records of kind the signed-in resident made
// through the portal, from the configured store (so a restart, or another
// instance, still knows them).
func (s *server) mine(r *http.Request, kind string) ([]string, error) {
	u := sessionFrom(r).User()
	if u == nil {
		return nil, nil
	}
	return s.portal.linked(r.Context(), s.site(r).council.String(), u.Subject, kind)
}

// isMine reports whether the signed-in resident made record id of kind.
func (s *server) isMine(r *http.Request, kind, id string) (bool, error) {
	ids, err := s.mine(r, kind)
	return slices.Contains(ids, id), err
}

// linkMine records that the signed-in resident made record id of kind,
// and how to reach them about it.
func (s *server) linkMine(r *http.Request, kind, id string) error {
	return s.linkRecord(r, kind, id)
}

// linksFor returns the records of council c the resident subject started,
// oldest first, for their timeline.
func (s *server) linksFor(ctx context.Context, c councilkit.Council, subject string) ([]tracking.Ref, error) {
	links, err := s.portal.linksOf(ctx, c.String(), subject)
	if err != nil {
		return nil, err
	}
	refs := make([]tracking.Ref, 0, len(links))
	for _, l := range links {
		if svc := serviceOfKind(l.Kind); svc != tracking.ServiceNone {
			refs = append(refs, tracking.Ref{Service: svc, ID: l.ID})
		}
	}
	return refs, nil
}
