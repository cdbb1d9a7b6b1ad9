package main

import (
	"net/http"
)

// service is one entry on the start page.
type service struct {
	ID, Href, Title, Hint string
}

type homeData struct {
	Resident, Officer []service
}

func (s *server) home(w http.ResponseWriter, r *http.Request) {
	data := homeData{
		Resident: []service{
			{ID: "start-counciltax", Href: "/council-tax", Title: "journey.counciltax", Hint: "journey.counciltax.hint"},
			{ID: "start-schools", Href: "/schools", Title: "journey.schools", Hint: "journey.schools.hint"},
			{ID: "start-fsm", Href: "/free-school-meals", Title: "journey.fsm", Hint: "journey.fsm.hint"},
			{ID: "start-planning", Href: "/planning", Title: "journey.planning", Hint: "journey.planning.hint"},
		},
		Officer: []service{
			{ID: "start-officer-admissions", Href: "/officer/admissions", Title: "journey.officer.admissions"},
			{ID: "start-officer-planning", Href: "/officer/planning", Title: "journey.officer.planning"},
			{ID: "start-officer-payments", Href: "/officer/payments", Title: "journey.officer.payments"},
		},
	}
	s.render(w, r, http.StatusOK, "home", s.newView(r, data))
}

// The local development sign-in stands in for an identity provider. It is
// labelled as such on every screen it shows, and checks nothing: it exists
// so that a newcomer can try both the resident and the officer side
// without any set-up.

type signInData struct {
	Next    string
	Persona field
}

// personas are the people the local development sign-in offers. They are
// fictional.
var personas = map[string]user{
	"resident": {Subject: "dev-resident-0001", Name: "Alex Example", Role: roleResident},
	"officer":  {Subject: "dev-officer-0001", Name: "Sam Officer", Role: roleOfficer},
}

func (s *server) signInPage(w http.ResponseWriter, r *http.Request, status int, next, selected string, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	if !localPath(next) {
		next = "/"
	}
	v.Data = signInData{Next: next, Persona: v.Radios("persona", "signin.persona", selected, []option{
		{Value: "resident", Label: v.T("signin.resident"), Hint: v.T("signin.resident.hint")},
		{Value: "officer", Label: v.T("signin.officer"), Hint: v.T("signin.officer.hint")},
	})}
	s.render(w, r, status, "signin", v)
}

func (s *server) signInForm(w http.ResponseWriter, r *http.Request) {
	s.signInPage(w, r, http.StatusOK, r.URL.Query().Get("next"), "", nil)
}

func (s *server) signInSubmit(w http.ResponseWriter, r *http.Request) {
	next := r.PostForm.Get("next")
	p, ok := personas[r.PostForm.Get("persona")]
	if !ok {
		tag, _ := languageOf(r)
		s.signInPage(w, r, http.StatusUnprocessableEntity, next, "", []fieldError{
			{Field: "persona", ID: "persona", Message: text("signin.required", tag)},
		})
		return
	}
	u := p
	s.sessions.signIn(w, r, sessionFrom(r), &u)
	if !localPath(next) {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *server) signOut(w http.ResponseWriter, r *http.Request) {
	s.sessions.signOut(w, r, sessionFrom(r))
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// journeyRoutes registers the resident and officer journeys.
func (s *server) journeyRoutes() {
	s.counciltaxRoutes()
	s.schoolsRoutes()
	s.fsmRoutes()
	s.planningRoutes()
	s.handle("GET /payments/return/{nonce}", s.paymentReturn)
	s.handle("GET /payments/{id}", s.paymentResult)
	s.handle("GET /sandbox-pay/{id}", s.sandboxPage)
	s.handle("POST /sandbox-pay/{id}", s.sandboxSubmit)
	s.handle("GET /officer/payments", s.requireUser(roleOfficer, s.officerPayments))
	s.handle("GET /officer/payments/{id}", s.requireUser(roleOfficer, s.refundForm))
	s.handle("POST /officer/payments/{id}", s.requireUser(roleOfficer, s.refundSubmit))
}
