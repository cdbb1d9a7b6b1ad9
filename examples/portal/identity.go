package main

import (
	"net/http"
	"strings"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity/onelogin"
)

// Another way to apply (issue 19, item 7). A resident whose identity One
// Login could not check to the level a journey asks for is never left at a
// dead end: the page says how else to apply (the council's telephone,
// address and opening hours, from its profile), and, where the law allows,
// offers to go on without the check and have an officer check identity
// later.
//
// The law allows it for a school place: the School Admissions Code asks
// the council to process every application made on its common application
// form, whatever the channel, and the parent's identity and address can
// be checked before an offer is made (councils ask for proof of address,
// and may withdraw an offer made on false information, Code paragraph
// 2.13). The free school meals check is different: it looks the parent up
// in benefit records by National Insurance number, which is only safe for
// the person that number belongs to, so it has no way on without the check
// here; the council's other channels take those applications.

// sessionIdentityDeferred marks a session whose resident chose to apply
// for a school place without an identity check (per council).
const sessionIdentityDeferred = "identity:deferred"

// linkIdentityCheck links an application made without an identity check,
// for officers to check the parent's identity before offering a place.
const linkIdentityCheck = "identity-check"

// deferrable reports whether the journey at next may go on without an
// identity check: the school application only.
func deferrable(next string) bool {
	return next == schoolsStart || strings.HasPrefix(next, schoolsStart+"/")
}

// identityNotProven shows a resident One Login could not check the other
// ways to apply, and the way on without the check where there is one.
func (s *server) identityNotProven(w http.ResponseWriter, r *http.Request, pending pendingSignIn) {
	contact, err := s.councils.Profile(pending.Council)
	if err != nil {
		contact = s.profileOf(r)
	}
	next := pending.Next
	if st := s.sites.byCouncil(pending.Council); st != nil {
		next = s.sites.local(st, next)
	}
	d := signInData{Next: pending.Next, Level: pending.Req.Level, Contact: contact, CanDefer: deferrable(next)}
	s.render(w, r, http.StatusForbidden, "signin-identity", s.newView(r, d))
}

// deferIdentity goes on to apply for a school place without an identity
// check: it marks the session of the council the sign-in started at, and
// returns to the journey.
func (s *server) deferIdentity(w http.ResponseWriter, r *http.Request) {
	sess := sessionFrom(r)
	next := r.PostForm.Get("next")
	st := s.sites.list[0]
	if c, err := councilkit.ParseCouncil(r.PostForm.Get("council")); err == nil && s.sites.byCouncil(c) != nil {
		st = s.sites.byCouncil(c)
	}
	if sess.User() == nil || !localPath(next) || !deferrable(s.sites.local(st, next)) || !st.offer(svcSchools) {
		s.errorPage(w, r, http.StatusBadRequest, "err.signin")
		return
	}
	sess.SetIn(s.scopeOf(st), sessionIdentityDeferred, true)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// identityDeferred reports whether the request's resident chose to apply
// without an identity check.
func identityDeferred(r *http.Request) bool {
	v, _ := sessionFrom(r).Get(sessionIdentityDeferred)
	b, _ := v.(bool)
	return b
}

// requireIdentityOrDeferred runs h for a resident whose identity One
// Login checked, or who signed in and chose to apply without the check.
func (s *server) requireIdentityOrDeferred(h http.HandlerFunc) http.HandlerFunc {
	checked := s.requireLevel(roleResident, onelogin.IdentityChecked(), h)
	return func(w http.ResponseWriter, r *http.Request) {
		if u := sessionFrom(r).User(); u != nil && u.Level.Satisfies(onelogin.SignedIn()) && identityDeferred(r) && !u.Level.Satisfies(onelogin.IdentityChecked()) {
			h(w, r)
			return
		}
		checked(w, r)
	}
}
