package main

import (
	"net/http"
	"strings"
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
			{ID: "start-officer-applications", Href: "/officer/admissions/applications", Title: "journey.officer.applications"},
			{ID: "start-officer-planning", Href: "/officer/planning", Title: "journey.officer.planning"},
			{ID: "start-officer-payments", Href: "/officer/payments", Title: "journey.officer.payments"},
		},
	}
	data.Resident = s.offered(r, data.Resident)
	data.Officer = s.offered(r, data.Officer)
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
	s.caseworkRoutes()
	s.handle("GET /officer/payments/{id}", s.requireUser(roleOfficer, s.refundForm))
	s.handle("POST /officer/payments/{id}", s.requireUser(roleOfficer, s.refundSubmit))
	s.eventRoutes()
}

// offered keeps the services the request's council offers here.
func (s *server) offered(r *http.Request, list []service) []service {
	st := s.site(r)
	var out []service
	for _, sv := range list {
		if svc := serviceAt(sv.Href); svc == "" || st.offer(svc) {
			out = append(out, sv)
		}
	}
	return out
}

// serviceAt returns the service (site.offers) a path belongs to, or "" for
// a path every council has.
func serviceAt(path string) string {
	path = strings.TrimSuffix(path, ".csv") // a list's export
	for _, svc := range []string{svcCouncilTax, svcSchools, svcFSM, svcPlanning} {
		for _, root := range []string{"/" + svc, "/officer/" + svc} {
			if path == root || strings.HasPrefix(path, root+"/") {
				return svc
			}
		}
	}
	if path == "/officer/admissions" || strings.HasPrefix(path, "/officer/admissions/") {
		return svcSchools
	}
	return ""
}

// checkOffered answers 404, saying the council does not offer the service
// here and how to contact it, for a page of a service the request's
// council does not run through the portal.
func (s *server) checkOffered(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if svc := serviceAt(r.URL.Path); svc != "" && !s.site(r).offer(svc) {
			s.errorPage(w, r, http.StatusNotFound, "err.notoffered")
			return
		}
		next.ServeHTTP(w, r)
	})
}
