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

func (s *server) signOut(w http.ResponseWriter, r *http.Request) {
	u := sessionFrom(r).User()
	s.sessions.signOut(w, r, sessionFrom(r))
	http.Redirect(w, r, s.signOutURL(u), http.StatusSeeOther)
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
