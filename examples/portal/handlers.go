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
	data = s.eventLinks(data) // events_pages.go
	s.render(w, r, http.StatusOK, "home", s.newView(r, data))
}

// signOutPage asks a signed-in user to confirm signing out: the header's
// link is a link, and signing out changes state, so the page's button
// posts the form (with its CSRF token).
func (s *server) signOutPage(w http.ResponseWriter, r *http.Request) {
	if sessionFrom(r).User() == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "signout", s.newView(r, nil))
}

// infoPage serves one of the pages the footer links to: the accessibility
// statement, the privacy notice and the cookies page.
func (s *server) infoPage(page string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		data := cookiesData{List: []cookieInfo{
			{Name: s.sessions.cookieName(r), Purpose: "cookies.session", Expires: "cookies.session.expires"},
			{Name: s.sessions.csrfCookieName(r), Purpose: "cookies.csrf", Expires: "cookies.csrf.expires"},
			{Name: langCookie, Purpose: "cookies.lang", Expires: "cookies.lang.expires"},
		}}
		s.render(w, r, http.StatusOK, page, s.newView(r, data))
	}
}

// cookiesData lists the cookies the portal sets, for the cookies page.
type cookiesData struct{ List []cookieInfo }

// cookieInfo is one cookie: its name, and catalogue keys for what it is
// for and when it expires.
type cookieInfo struct{ Name, Purpose, Expires string }

func (s *server) signOut(w http.ResponseWriter, r *http.Request) {
	u := sessionFrom(r).User()
	if err := s.sessions.signOut(w, r, sessionFrom(r)); err != nil {
		s.unavailable(w, r, err)
		return
	}
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
	s.eventRoutes()
}
