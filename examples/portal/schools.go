package main

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
)

// Apply for a school place: the child, the home address, the ranked
// preferences, check answers, submit. Every page checks its part of the
// draft with admissions' Scheme.Validate (showing only the problems for
// the fields on that page), so the rules (the cohort for a date of birth,
// how many schools, duplicates, schools not in the round) all come from the
// package. After an officer runs the round the parent sees the offer and,
// for every higher preference, the package's reason it was refused.

const (
	sessionDraft = "schools:draft"
	schoolsStart = "/schools"
)

// admissionsState is the portal's admissions stores: the applications
// submitted through it and the rounds' records. What one council's round
// caches in this process is in its seed (seed.adm).
type admissionsState struct {
	store admissions.Store
	// rounds keeps the round's record (RoundRecord): the officers'
	// preview, the offers parents see from offer day, and their answers.
	rounds admissions.RoundStore
}

// draft returns the session's application in progress, starting one.
func (s *server) draft(r *http.Request) *admissions.Application {
	sess := sessionFrom(r)
	if v, ok := sess.Get(sessionDraft); ok {
		if a, ok := v.(*admissions.Application); ok {
			return a.Clone()
		}
	}
	sc := s.site(r).scheme
	return &admissions.Application{EntryYear: sc.EntryYear, SchoolYear: sc.SchoolYear}
}

func (s *server) saveDraft(r *http.Request, a *admissions.Application) {
	sessionFrom(r).Set(sessionDraft, a.Clone())
}

// problemsUnder validates the draft with the scheme and keeps the problems
// for fields under the prefixes: the ones this page can put right.
func (s *server) problemsUnder(r *http.Request, a *admissions.Application, prefixes ...string) []fieldError {
	tag, _ := languageOf(r)
	_, err := s.site(r).scheme.Validate(a)
	all, other := problemsOf(err, tag)
	if other != nil {
		s.log.ErrorContext(r.Context(), "validate application", "err", other)
	}
	for i, e := range all {
		// The package says "Enter a value" for any missing field; the
		// GOV.UK pattern names the field, so the portal words those.
		if t, ok := catalogue["adm.required."+e.Field]; ok && e.Code == councilkit.CodeRequired {
			all[i].Message = t.In(tag)
		}
	}
	return errorsUnder(all, prefixes...)
}

type schoolsStartData struct {
	Scheme *admissions.Scheme
	Mine   []string
}

func (s *server) schoolsStartPage(w http.ResponseWriter, r *http.Request) {
	mine, err := s.mine(r, linkAdmissions)
	if err != nil {
		s.unavailable(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "schools-start", s.newView(r, schoolsStartData{Scheme: s.site(r).scheme, Mine: mine}))
}

// Child.

type childData struct {
	GivenNames, FamilyName field
	Day, Month, Year       string
	DOBError               string
	DOB                    dateField // for highlighting the wrong parts
	Cohort                 [2]calendar.Date
}

func (s *server) childPage(w http.ResponseWriter, r *http.Request, status int, a *admissions.Application, day, month, year string, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	first, last := admissions.Cohort(s.site(r).scheme.EntryYear, s.site(r).scheme.SchoolYear)
	v.Data = childData{
		GivenNames: v.Input("child.given_names", "adm.child.given", "", a.Child.GivenNames),
		FamilyName: v.Input("child.family_name", "adm.child.family", "", a.Child.FamilyName),
		Day:        day, Month: month, Year: year,
		DOBError: v.ErrorFor("child.date_of_birth"),
		Cohort:   [2]calendar.Date{first, last},
	}
	cd := v.Data.(childData)
	cd.DOB = dateField{Error: cd.DOBError}
	if cd.DOBError != "" {
		cd.DOB.Bad, _, _ = dateProblem(dateSubject{}, day, month, year)
	}
	v.Data = cd
	s.render(w, r, status, "schools-child", v)
}

func dateParts(d calendar.Date) (day, month, year string) {
	if d.IsZero() {
		return "", "", ""
	}
	return strconv.Itoa(d.Day()), strconv.Itoa(int(d.Month())), strconv.Itoa(d.Year())
}

func (s *server) childForm(w http.ResponseWriter, r *http.Request) {
	a := s.draft(r)
	d, m, y := dateParts(a.Child.DateOfBirth)
	s.childPage(w, r, http.StatusOK, a, d, m, y, nil)
}

// parseDateParts reads a GOV.UK date input. It reports whether the parts
// were all empty (nothing entered) or made no real date.
func parseDateParts(day, month, year string) (d calendar.Date, empty, ok bool) {
	day, month, year = strings.TrimSpace(day), strings.TrimSpace(month), strings.TrimSpace(year)
	if day == "" && month == "" && year == "" {
		return calendar.Date{}, true, false
	}
	dn, err1 := strconv.Atoi(day)
	mn, err2 := strconv.Atoi(month)
	yn, err3 := strconv.Atoi(year)
	if err1 != nil || err2 != nil || err3 != nil || len(year) != 4 {
		return calendar.Date{}, false, false
	}
	d, err := calendar.NewDate(yn, time.Month(mn), dn)
	return d, false, err == nil
}

func (s *server) childSubmit(w http.ResponseWriter, r *http.Request) {
	a := s.draft(r)
	f := r.PostForm
	a.Child.GivenNames = strings.TrimSpace(f.Get("child.given_names"))
	a.Child.FamilyName = strings.TrimSpace(f.Get("child.family_name"))
	day, month, year := f.Get("child.date_of_birth.day"), f.Get("child.date_of_birth.month"), f.Get("child.date_of_birth.year")
	dob, empty, ok := parseDateParts(day, month, year)
	a.Child.DateOfBirth = dob
	errs := s.problemsUnder(r, a, "child")
	if parts, msg, real := dateProblem(subjectChildDOB, day, month, year); !empty && !ok && !real {
		// Not a real date: say which part is wrong, as the date input
		// pattern does, rather than the package's "required".
		tag, _ := languageOf(r)
		kept := errs[:0]
		for _, e := range errs {
			if e.Field != "child.date_of_birth" {
				kept = append(kept, e)
			}
		}
		errs = append(kept, fieldError{Field: "child.date_of_birth", ID: datePartID("child.date_of_birth", parts), Message: msg.In(tag)})
	}
	// The person's own checks (names too long, dates in the future) come
	// from identity.
	if pe := a.Child.Validate(calendar.Today(s.cfg.Clock)); pe != nil {
		tag, _ := languageOf(r)
		var ps councilkit.Problems
		ps.Merge("child", pe, councilkit.InvalidText())
		more, _ := problemsOf(ps.Err(), tag)
		errs = addProblems(errs, more)
	}
	s.saveDraft(r, a)
	if len(errs) > 0 {
		s.childPage(w, r, http.StatusUnprocessableEntity, a, day, month, year, errs)
		return
	}
	http.Redirect(w, r, s.nextSchoolsPage(r, "/schools/address"), http.StatusSeeOther)
}

// nextSchoolsPage goes back to check answers when the parent came from
// there to change something.
func (s *server) nextSchoolsPage(r *http.Request, next string) string {
	if r.URL.Query().Get("change") == "1" {
		return "/schools/check"
	}
	return next
}

// Home address: a real service would use an address lookup; the example
// offers the council's seeded (fictional) addresses, which carry the UPRN
// and grid reference distances are measured from.

type addressData struct {
	Home field
}

func (s *server) addressPage(w http.ResponseWriter, r *http.Request, status int, a *admissions.Application, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	var opts []option
	for _, h := range s.site(r).homes {
		opts = append(opts, option{Value: h.UPRN.String(), Label: addressLine(h)})
	}
	home := v.Radios("home", "adm.home", a.Home.UPRN.String(), opts)
	home.Heading, home.Hint = true, v.T("adm.home.hint")
	v.Data = addressData{Home: home}
	s.render(w, r, status, "schools-address", v)
}

func addressLine(a identity.Address) string {
	return strings.Join(append(append([]string(nil), a.Lines...), a.Town, a.Postcode.String()), ", ")
}

func (s *server) addressForm(w http.ResponseWriter, r *http.Request) {
	s.addressPage(w, r, http.StatusOK, s.draft(r), nil)
}

func (s *server) addressSubmit(w http.ResponseWriter, r *http.Request) {
	a := s.draft(r)
	a.Home, _ = s.site(r).home(r.PostForm.Get("home")) // none: the package says what is missing
	errs := s.problemsUnder(r, a, "home")
	for i := range errs {
		errs[i].Field, errs[i].ID = "home", "home" // one control holds the whole address
	}
	s.saveDraft(r, a)
	if len(errs) > 0 {
		s.addressPage(w, r, http.StatusUnprocessableEntity, a, errs[:1])
		return
	}
	http.Redirect(w, r, s.nextSchoolsPage(r, "/schools/preferences"), http.StatusSeeOther)
}

// Preferences.

type prefChoice struct {
	ID, Name, Label, Error string
	Options                []option
	Selected               string
}

type prefsData struct {
	Max     int
	Choices []prefChoice
}

func ordinalKey(i int) string { return "adm.pref." + strconv.Itoa(i+1) }

func (s *server) prefsPage(w http.ResponseWriter, r *http.Request, status int, chosen []string, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	sc := s.site(r).scheme
	opts := []option{{Value: "", Label: v.T("adm.pref.none")}}
	for _, school := range sc.Schools {
		opts = append(opts, option{Value: school.URN.String(), Label: school.Name})
	}
	d := prefsData{Max: sc.MaxPreferences}
	for i := 0; i < sc.MaxPreferences; i++ {
		name := councilkit.IndexField("preferences", i)
		sel := ""
		if i < len(chosen) {
			sel = chosen[i]
		}
		d.Choices = append(d.Choices, prefChoice{ID: fieldID(name), Name: name, Label: v.T(ordinalKey(i)), Error: v.ErrorFor(name), Options: opts, Selected: sel})
	}
	v.Data = d
	s.render(w, r, status, "schools-preferences", v)
}

func (s *server) prefsForm(w http.ResponseWriter, r *http.Request) {
	a := s.draft(r)
	var chosen []string
	for _, u := range a.Preferences {
		chosen = append(chosen, u.String())
	}
	s.prefsPage(w, r, http.StatusOK, chosen, nil)
}

func (s *server) prefsSubmit(w http.ResponseWriter, r *http.Request) {
	a := s.draft(r)
	tag, _ := languageOf(r)
	a.Preferences = nil
	var chosen []string
	var errs []fieldError
	// Read preferences in order, closing gaps (a blank second choice with
	// a third chosen means two preferences). The package checks the URNs:
	// an unknown or tampered school is its problem to report.
	for i := 0; i < s.site(r).scheme.MaxPreferences+2; i++ {
		raw := strings.TrimSpace(r.PostForm.Get(councilkit.IndexField("preferences", i)))
		if raw == "" {
			continue
		}
		chosen = append(chosen, raw)
		u, err := admissions.ParseURN(raw)
		if err != nil {
			name := councilkit.IndexField("preferences", len(a.Preferences))
			errs = append(errs, fieldError{Field: name, ID: fieldID(name), Message: councilkit.InvalidChoiceText().In(tag)})
			u = 0
		}
		a.Preferences = append(a.Preferences, u)
	}
	pkg := s.problemsUnder(r, a, "preferences")
	for i, e := range pkg {
		if e.Field == "preferences" {
			pkg[i].ID = fieldID(councilkit.IndexField("preferences", 0))
		}
	}
	errs = addProblems(errs, pkg)
	if len(errs) > 0 {
		a.Preferences = nil
		s.saveDraft(r, a)
		s.prefsPage(w, r, http.StatusUnprocessableEntity, chosen, errs)
		return
	}
	s.saveDraft(r, a)
	http.Redirect(w, r, "/schools/check", http.StatusSeeOther)
}

// Check answers and submit.

type checkData struct {
	Rows []answer
}

func (s *server) checkPage(w http.ResponseWriter, r *http.Request, status int, a *admissions.Application, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	var prefs []string
	for i, u := range a.Preferences {
		prefs = append(prefs, fmt.Sprintf("%d. %s", i+1, s.site(r).schoolName(u)))
	}
	v.Data = checkData{Rows: []answer{
		{Key: v.T("adm.child.name"), Value: a.Child.FullName(), ChangeURL: "/schools/child?change=1"},
		{Key: v.T("adm.child.dob"), Value: v.Date(a.Child.DateOfBirth), ChangeURL: "/schools/child?change=1"},
		{Key: v.T("adm.home"), Value: addressLine(a.Home), ChangeURL: "/schools/address?change=1"},
		{Key: v.T("adm.prefs"), Lines: prefs, ChangeURL: "/schools/preferences"},
	}}
	s.render(w, r, status, "schools-check", v)
}

func (sd *seed) schoolName(u admissions.URN) string {
	for _, sc := range sd.scheme.Schools {
		if sc.URN == u {
			return sc.Name
		}
	}
	return u.String()
}

func (s *server) checkForm(w http.ResponseWriter, r *http.Request) {
	a := s.draft(r)
	if a.Child.GivenNames == "" && len(a.Preferences) == 0 {
		http.Redirect(w, r, schoolsStart, http.StatusSeeOther)
		return
	}
	s.checkPage(w, r, http.StatusOK, a, nil)
}

func (s *server) checkSubmit(w http.ResponseWriter, r *http.Request) {
	a := s.draft(r)
	a.Received = calendar.Today(s.cfg.Clock)
	// The journey needs an identity check: the parent is who One Login
	// says they are, not what a form says.
	if u := sessionFrom(r).User(); u != nil && u.Person != nil {
		a.Parent = *u.Person
	}
	a.ID = s.site(r).newApplicationID()
	tag, _ := languageOf(r)
	if _, err := s.site(r).scheme.Validate(a); err != nil {
		errs, other := problemsOf(err, tag)
		if other != nil {
			s.serverError(w, r, "validate application", other)
			return
		}
		s.checkPage(w, r, http.StatusUnprocessableEntity, a, errs)
		return
	}
	// Another portal sharing the database may have taken the number: take
	// the next.
	err := s.adm.store.Create(r.Context(), s.site(r).council, a)
	for tries := 0; errors.Is(err, admissions.ErrDuplicate) && tries < 100; tries++ {
		a.ID = s.site(r).newApplicationID()
		err = s.adm.store.Create(r.Context(), s.site(r).council, a)
	}
	if err != nil {
		s.serverError(w, r, "save application", err)
		return
	}
	if err := s.linkMine(r, linkAdmissions, a.ID); err != nil {
		s.unavailable(w, r, err)
		return
	}
	if u := sessionFrom(r).User(); u != nil && u.Person == nil && identityDeferred(r) {
		// Made without an identity check: officers check the parent's
		// identity before offering a place (identity.go).
		if err := s.linkRecord(r, linkIdentityCheck, a.ID); err != nil {
			s.unavailable(w, r, err)
			return
		}
	}
	s.trackSchoolApplication(r, a.ID) // events.go
	sessionFrom(r).Delete(sessionDraft)
	http.Redirect(w, r, "/schools/applications/"+a.ID, http.StatusSeeOther)
}

func (s *server) schoolsRoutes() {
	res := func(h http.HandlerFunc) http.HandlerFunc {
		return s.requireIdentityOrDeferred(h) // identity.go
	}
	s.handle("GET /schools", res(s.schoolsStartPage))
	s.handle("GET /schools/child", res(s.childForm))
	s.handle("POST /schools/child", res(s.childSubmit))
	s.handle("GET /schools/address", res(s.addressForm))
	s.handle("POST /schools/address", res(s.addressSubmit))
	s.handle("GET /schools/preferences", res(s.prefsForm))
	s.handle("POST /schools/preferences", res(s.prefsSubmit))
	s.handle("GET /schools/check", res(s.checkForm))
	s.handle("POST /schools/check", res(s.checkSubmit))
	s.handle("GET /schools/applications/{id}", res(s.applicationPage))
	s.handle("POST /schools/applications/{id}", res(s.respondToOffer))
	s.handle("GET /officer/admissions", s.requireUser(roleOfficer, s.officerAdmissions))
	s.handle("POST /officer/admissions", s.requireUser(roleOfficer, s.runAllocation))
	s.handle("POST /officer/admissions/publish", s.requireUser(roleOfficer, s.publishOffers))
}
