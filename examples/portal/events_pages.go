package main

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/notify/notifyfake"
	"github.com/lgds/councilkit/tracking"
	"github.com/lgds/councilkit/webhooks"
)

// The pages of the event wiring (events.go): the resident's "Your
// applications and payments", the development "Messages sent", and the
// officer's "Webhook endpoints" and "Webhook deliveries".

const (
	trackingPath   = "/your-applications"
	devMessagesURL = "/dev/messages"
	webhooksPath   = "/officer/webhooks"
	deliveriesPath = "/officer/webhooks/deliveries"
)

func (s *server) eventRoutes() {
	s.handle("GET "+trackingPath, s.requireUser(roleResident, s.yourApplications))
	if s.ev.fake != nil {
		// Only with the fake Notify, which exists only in local
		// development: the page shows residents' addresses.
		s.handle("GET "+devMessagesURL, s.requireUser(roleOfficer, s.devMessages))
	}
	s.handle("GET "+webhooksPath, s.requireUser(roleOfficer, s.webhookEndpoints))
	s.handle("POST "+webhooksPath, s.requireUser(roleOfficer, s.webhookRegister))
	s.handle("POST "+webhooksPath+"/{id}", s.requireUser(roleOfficer, s.webhookAction))
	s.handle("GET "+deliveriesPath, s.requireUser(roleOfficer, s.webhookDeliveries))
	s.handle("POST "+deliveriesPath+"/{id}/replay", s.requireUser(roleOfficer, s.webhookReplay))
}

// eventLinks adds the event pages to the start page.
func (s *server) eventLinks(d homeData) homeData {
	d.Resident = append(d.Resident, service{ID: "start-tracking", Href: trackingPath, Title: "tracking.title", Hint: "journey.tracking.hint"})
	d.Officer = append(d.Officer, service{ID: "start-officer-webhooks", Href: webhooksPath, Title: "webhooks.title"},
		service{ID: "start-officer-deliveries", Href: deliveriesPath, Title: "deliveries.title"})
	if s.ev.fake != nil {
		d.Officer = append(d.Officer, service{ID: "start-dev-messages", Href: devMessagesURL, Title: "devmessages.title"})
	}
	return d
}

// trackingData is the resident's timeline.
type trackingData struct {
	Items []tracking.Item
	Today calendar.Date
}

// yourApplications shows the signed-in resident their records, and only
// theirs: the records they started while signed in, folded from the
// event log by package tracking.
func (s *server) yourApplications(w http.ResponseWriter, r *http.Request) {
	c := s.councilOf(r)
	refs, err := s.linksFor(r.Context(), c, sessionFrom(r).User().Subject)
	if err != nil {
		s.unavailable(w, r, err)
		return
	}
	var tl tracking.Timeline
	if len(refs) > 0 {
		if tl, err = s.ev.tracker.Timeline(r.Context(), c, refs); err != nil {
			s.serverError(w, r, "timeline", err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "tracking", s.newView(r, trackingData{Items: tl.Items, Today: calendar.DateOf(s.cfg.Clock.Now())}))
}

// devMessagesData lists what the fake Notify accepted, newest first.
type devMessagesData struct{ Messages []notifyfake.Message }

func (s *server) devMessages(w http.ResponseWriter, r *http.Request) {
	// The fake Notify serves every council of the deployment; an officer
	// sees the messages that name their own council.
	p := s.profileOf(r)
	sent := slices.DeleteFunc(s.ev.fake.Sent(), func(m notifyfake.Message) bool {
		c := m.Personalisation["council"]
		return c != p.Name.English && c != p.NameIn(councilkit.Welsh)
	})
	slices.Reverse(sent)
	s.render(w, r, http.StatusOK, "dev-messages", s.newView(r, devMessagesData{Messages: sent}))
}

// endpointsData is the officer's list of webhook endpoints and the form
// to register one.
type endpointsData struct {
	Endpoints []*webhooks.Endpoint
	Types     []typeChoice
	URL       string
	Desc      string
	// Secret is a secret just made, shown once for the officer to give
	// the receiver; SecretFor is its endpoint's ID.
	Secret    webhooks.Secret
	SecretFor string
}

// typeChoice is one event type's checkbox.
type typeChoice struct {
	Value   string
	Checked bool
}

func (s *server) endpointsView(r *http.Request, d endpointsData, chosen []string) (endpointsData, error) {
	eps, err := s.ev.webhooks.ListEndpoints(r.Context(), s.councilOf(r), webhooks.EndpointFilter{})
	if err != nil {
		return d, err
	}
	d.Endpoints = eps
	for _, t := range events.Types() {
		d.Types = append(d.Types, typeChoice{Value: string(t), Checked: slices.Contains(chosen, string(t))})
	}
	return d, nil
}

func (s *server) webhookEndpoints(w http.ResponseWriter, r *http.Request) {
	d, err := s.endpointsView(r, endpointsData{}, nil)
	if err != nil {
		s.serverError(w, r, "list endpoints", err)
		return
	}
	s.render(w, r, http.StatusOK, "officer-webhooks", s.newView(r, d))
}

// webhookRegister registers an endpoint with a new secret, showing the
// store's validation problems as the error summary.
func (s *server) webhookRegister(w http.ResponseWriter, r *http.Request) {
	c := s.councilOf(r)
	f := r.PostForm
	chosen := f["types"]
	e := &webhooks.Endpoint{URL: strings.TrimSpace(f.Get("url")), Description: strings.TrimSpace(f.Get("description")), Created: s.cfg.Clock.Now()}
	for _, t := range chosen {
		e.Types = append(e.Types, events.Type(t))
	}
	secret, err := webhooks.NewSecret()
	if err != nil {
		s.serverError(w, r, "new secret", err)
		return
	}
	e.Secrets = []webhooks.Secret{secret}
	err = s.ev.webhooks.CreateEndpoint(r.Context(), c, e)
	tag, _ := languageOf(r)
	probs, perr := problemsOf(err, tag)
	if perr != nil && errors.Is(err, webhooks.ErrTooManyEndpoints) {
		probs, perr = []fieldError{{Field: "url", ID: "url", Message: text("webhooks.toomany", tag)}}, nil
	}
	if perr != nil {
		s.serverError(w, r, "register endpoint", perr)
		return
	}
	d := endpointsData{URL: e.URL, Desc: e.Description}
	if len(probs) == 0 {
		d = endpointsData{Secret: secret, SecretFor: e.ID}
		chosen = nil
	}
	d, err = s.endpointsView(r, d, chosen)
	if err != nil {
		s.serverError(w, r, "list endpoints", err)
		return
	}
	v := s.newView(r, d)
	status := http.StatusOK
	if len(probs) > 0 {
		v.Errors = webhookFieldIDs(probs)
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "officer-webhooks", v)
}

// webhookFieldIDs points each problem at the form's field: the URL,
// the first event type's checkbox, the description.
func webhookFieldIDs(probs []fieldError) []fieldError {
	for i := range probs {
		switch {
		case fieldUnder(probs[i].Field, "url"):
			probs[i].ID = "url"
		case fieldUnder(probs[i].Field, "types") || strings.HasPrefix(probs[i].Field, "types["):
			probs[i].Field, probs[i].ID = "types", "types"
		case fieldUnder(probs[i].Field, "description"):
			probs[i].ID = "description"
		default:
			probs[i].ID = ""
		}
	}
	return probs
}

// webhookAction rotates an endpoint's secret, retires its old one, or
// disables or enables it.
func (s *server) webhookAction(w http.ResponseWriter, r *http.Request) {
	c := s.councilOf(r)
	id := r.PathValue("id")
	action := r.PostForm.Get("action")
	var fresh webhooks.Secret
	if action == "rotate" {
		var err error
		if fresh, err = webhooks.NewSecret(); err != nil {
			s.serverError(w, r, "new secret", err)
			return
		}
	}
	_, err := webhooks.ModifyEndpoint(r.Context(), s.ev.webhooks, c, id, func(e *webhooks.Endpoint) error {
		switch action {
		case "rotate":
			if len(e.Secrets) >= webhooks.MaxSecrets {
				e.Retire()
			}
			return e.Rotate(fresh)
		case "retire":
			e.Retire()
		case "disable":
			e.Disabled = true
		case "enable":
			e.Disabled = false
		default:
			return errBadAction
		}
		return nil
	})
	switch {
	case errors.Is(err, webhooks.ErrNotFound):
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	case errors.Is(err, errBadAction):
		s.errorPage(w, r, http.StatusBadRequest, "err.notfound")
		return
	case err != nil:
		s.serverError(w, r, "update endpoint", err)
		return
	}
	if action != "rotate" {
		http.Redirect(w, r, webhooksPath, http.StatusSeeOther)
		return
	}
	d, err := s.endpointsView(r, endpointsData{Secret: fresh, SecretFor: id}, nil)
	if err != nil {
		s.serverError(w, r, "list endpoints", err)
		return
	}
	s.render(w, r, http.StatusOK, "officer-webhooks", s.newView(r, d))
}

var errBadAction = errors.New("portal: unknown action")

// deliveriesData is the officer's list of deliveries in one state.
type deliveriesData struct {
	State      string // "", "pending", "delivered" or "dead"
	States     []string
	Deliveries []*webhooks.Delivery
	// Replayed is the delivery just replayed, and ReplayFailed whether
	// the receiver refused it again.
	Replayed     string
	ReplayFailed bool
}

// deliveryStates are the filter's choices.
var deliveryStates = []string{"pending", "delivered", "dead"}

func (s *server) webhookDeliveries(w http.ResponseWriter, r *http.Request) {
	s.showDeliveries(w, r, deliveriesData{State: r.URL.Query().Get("state")})
}

func (s *server) showDeliveries(w http.ResponseWriter, r *http.Request, d deliveriesData) {
	f := webhooks.DeliveryFilter{Limit: 200}
	if d.State != "" {
		st, err := webhooks.ParseDeliveryState(d.State)
		if err != nil {
			d.State = ""
		} else {
			f.States = []webhooks.DeliveryState{st}
		}
	}
	list, err := s.ev.webhooks.ListDeliveries(r.Context(), s.councilOf(r), f)
	if err != nil {
		s.serverError(w, r, "list deliveries", err)
		return
	}
	d.States, d.Deliveries = deliveryStates, list
	s.render(w, r, http.StatusOK, "officer-deliveries", s.newView(r, d))
}

// webhookReplay sends a delivery again now (a dead letter, once its
// receiver is fixed) and shows the outcome.
func (s *server) webhookReplay(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	_, err := s.ev.sender.Replay(r.Context(), s.councilOf(r), id)
	switch {
	case errors.Is(err, webhooks.ErrNotFound):
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	case err != nil && !errors.Is(err, webhooks.ErrDeliveryFailed):
		s.serverError(w, r, "replay", err)
		return
	}
	s.showDeliveries(w, r, deliveriesData{State: r.PostForm.Get("state"), Replayed: id, ReplayFailed: err != nil})
}

// Helpers for the templates.

// DeliveryState names a delivery's state in the page language.
func (v *view) DeliveryState(st webhooks.DeliveryState) string {
	return v.T("deliveries.state." + st.String())
}

// LastStatus describes a delivery's latest attempt: the HTTP status, or
// the class of failure.
func (v *view) LastStatus(d *webhooks.Delivery) string {
	if len(d.Attempts) == 0 {
		return ""
	}
	a := d.Attempts[len(d.Attempts)-1]
	if a.Error == "" || a.Error == webhooks.ErrorStatus || a.Error == webhooks.ErrorRedirect {
		return v.Number(a.Status)
	}
	return v.T("deliveries.error." + a.Error)
}

// ShortType is an event type without the prefix every type shares:
// "payment.succeeded.v1".
func (v *view) ShortType(t any) string {
	return strings.TrimPrefix(fmt.Sprint(t), events.TypePrefix)
}

// StatusColour is the GOV.UK tag colour for a status: green when done well, red
// when it went wrong, blue while in progress.
func (v *view) StatusColour(st tracking.Status) string {
	switch st {
	case tracking.PaymentPaid, tracking.SchoolOffered, tracking.SchoolAccepted, tracking.MealsEligible, tracking.PlanningGranted:
		return "govuk-tag--green"
	case tracking.PaymentFailed, tracking.PaymentCancelled, tracking.MealsNotEligible, tracking.PlanningRefused, tracking.PlanningInvalid:
		return "govuk-tag--red"
	case tracking.PaymentRefunded, tracking.PaymentPartRefunded, tracking.SchoolDeclined:
		return "govuk-tag--grey"
	}
	return "govuk-tag--blue"
}
