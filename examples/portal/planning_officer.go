package main

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/planning"
)

// The officer side of planning: the register with its statutory dates,
// validating an application (valid from a date, or invalid with the
// documents that are not acceptable and a reason), moving it through
// consultation and assessment, and determining it. Every move goes
// through the package (MarkValid, Invalidate, Lifecycle.Move), which
// refuses what the rules do not allow; the portal only shows the refusal.
// The page also lists the application's files, to download, and its
// comments, with a form to record another (planning_files.go).

type planOfficerRow struct {
	App   *planning.Application
	Track planTrackData
}

type planOfficerList struct {
	Rows []planOfficerRow
}

func (s *server) officerPlanning(w http.ResponseWriter, r *http.Request) {
	list, err := s.plan.store.List(r.Context(), s.site(r).council, planning.Filter{})
	if err != nil {
		s.serverError(w, r, "list planning applications", err)
		return
	}
	d := planOfficerList{}
	for _, a := range list {
		d.Rows = append(d.Rows, planOfficerRow{App: a, Track: planTrack(a)})
	}
	s.render(w, r, http.StatusOK, "officer-planning", s.newView(r, d))
}

// planDocItem is a check box for a document type: the officer's choice
// of documents that are not acceptable.
type planDocItem struct {
	Value, Label string
	Checked      bool
}

// planMoves are the lifecycle steps the officer page offers as buttons.
var planMoves = []planning.State{planning.StateConsultation, planning.StateAssessment, planning.StateAwaitingDetermination}

type planOfficerData struct {
	planTrackData
	Docs        []planDocItem
	CanValidate bool
	Received    dateField
	RejectErr   string
	Note        field
	Moves       []string
	CanDecide   bool
	Decision    field
	Files       []planOfficerFile
	Comments    []planOfficerComment
	// NeighbourPeriod and ConsulteePeriod are the last days for comments
	// to count (zero before consultation starts).
	NeighbourPeriod, ConsulteePeriod calendar.Date
	CommentForm                      commentForm
}

func (s *server) officerPlanApp(w http.ResponseWriter, r *http.Request) {
	a, err := s.plan.store.Get(r.Context(), s.site(r).council, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	}
	s.renderOfficerPlan(w, r, http.StatusOK, a, nil)
}

func (s *server) renderOfficerPlan(w http.ResponseWriter, r *http.Request, status int, a *planning.Application, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	d := planOfficerData{planTrackData: planTrack(a)}
	st := a.Lifecycle.State
	d.CanValidate = planning.CanTransition(st, planning.StateValid)
	if d.CanValidate {
		rejected := r.PostForm["reject"]
		for _, doc := range a.Documents {
			for _, t := range doc.Types {
				d.Docs = append(d.Docs, planDocItem{Value: string(t), Label: v.T("plan.doc." + string(t)), Checked: slices.Contains(rejected, string(t))})
			}
		}
		// The valid date: the day the last required item arrived. An
		// application complete when submitted is valid from that day.
		day, month, year := r.PostForm.Get("received.day"), r.PostForm.Get("received.month"), r.PostForm.Get("received.year")
		if r.PostForm.Get("action") != "validate" {
			// An application made valid by documents sent later is
			// valid from the day the last of them arrived: by today at
			// the latest, which the officer corrects if need be.
			recv := calendar.DateOf(a.SubmittedAt)
			if st == planning.StateInvalid {
				recv = calendar.Today(s.cfg.Clock)
			}
			day, month, year = dateParts(recv)
		}
		d.Received = v.DateInput("received", "plan.off.received", "plan.off.received.hint", day, month, year)
		d.RejectErr = v.ErrorFor("reject")
		d.Note = v.Input("note", "plan.off.note", "plan.off.note.hint", r.PostForm.Get("note"))
	}
	for _, m := range planMoves {
		if planning.CanTransition(st, m) {
			d.Moves = append(d.Moves, m.String())
		}
	}
	d.CanDecide = planning.CanTransition(st, planning.StateDetermined)
	if d.CanDecide {
		d.Decision = v.Radios("decision", "plan.off.decision", r.PostForm.Get("decision"), []option{
			{Value: planning.DecisionGranted.String(), Label: v.T("plan.decision.granted")},
			{Value: planning.DecisionRefused.String(), Label: v.T("plan.decision.refused")},
		})
	}
	if err := s.officerFilesAndComments(r, v, a, &d); err != nil {
		s.unavailable(w, r, err)
		return
	}
	v.Data = d
	s.render(w, r, status, "officer-planning-app", v)
}

// officerPlanAction applies an officer's action through the package.
func (s *server) officerPlanAction(w http.ResponseWriter, r *http.Request) {
	a, err := s.plan.store.Get(r.Context(), s.site(r).council, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	}
	now := s.cfg.Clock.Now()
	by := sessionFrom(r).User().Subject
	tag, _ := languageOf(r)
	f := r.PostForm
	fail := func(field, key string) {
		s.renderOfficerPlan(w, r, http.StatusUnprocessableEntity, a, []fieldError{{Field: field, ID: fieldID(field), Message: text(key, tag)}})
	}
	next := a.Clone()
	switch action := f.Get("action"); action {
	case "validate":
		recv, empty, ok := parseDateParts(f.Get("received.day"), f.Get("received.month"), f.Get("received.year"))
		switch {
		case empty:
			fail("received", "plan.off.received.required")
			return
		case !ok:
			fail("received", "plan.off.received.invalid")
			return
		case recv.Before(calendar.DateOf(a.SubmittedAt)) || recv.After(calendar.DateOf(now)):
			fail("received", "plan.off.received.range")
			return
		}
		if err := next.MarkValid(by, now, recv); err != nil {
			fail("action", "plan.off.cannotvalidate")
			return
		}
	case "invalidate":
		// Every problem at once: an unknown document, nothing found
		// missing (the package refuses to invalidate a complete
		// application), no reason.
		note := strings.TrimSpace(f.Get("note"))
		rejected := f["reject"]
		var errs []fieldError
		add := func(field, key string) {
			errs = append(errs, fieldError{Field: field, ID: fieldID(field), Message: text(key, tag)})
		}
		unknown := slices.ContainsFunc(rejected, func(raw string) bool { return !next.HasDocument(planning.DocumentType(raw)) })
		// A document that is not acceptable is as good as missing: the
		// package then asks for it, with every other missing item.
		next.Documents = slices.DeleteFunc(next.Documents, func(d planning.Document) bool {
			return slices.ContainsFunc(d.Types, func(t planning.DocumentType) bool { return slices.Contains(rejected, string(t)) })
		})
		switch {
		case unknown:
			add("reject", "plan.off.reject.invalid")
		case !planning.CanTransition(a.Lifecycle.State, planning.StateInvalid):
			add("action", "plan.off.refused")
		case len(planning.Missing(next)) == 0:
			add("reject", "plan.off.reject.required")
		}
		if note == "" {
			add("note", "plan.off.note.required")
		}
		if len(errs) > 0 {
			s.renderOfficerPlan(w, r, http.StatusUnprocessableEntity, a, errs)
			return
		}
		if err := next.Invalidate(by, now, note); err != nil {
			fail("action", "plan.off.refused")
			return
		}
	case planning.StateDetermined.String():
		var dec planning.Decision
		switch f.Get("decision") {
		case planning.DecisionGranted.String():
			dec = planning.DecisionGranted
		case planning.DecisionRefused.String():
			dec = planning.DecisionRefused
		default:
			fail("decision", "plan.off.decision.required")
			return
		}
		if err := next.Lifecycle.Move(planning.Transition{To: planning.StateDetermined, By: by, At: now, Decision: dec}); err != nil {
			fail("action", "plan.off.refused")
			return
		}
	default:
		to, err := planning.ParseState(action)
		if err != nil || !slices.Contains(planMoves, to) {
			fail("action", "plan.off.unknown")
			return
		}
		if err := next.Lifecycle.Move(planning.Transition{To: to, By: by, At: now}); err != nil {
			fail("action", "plan.off.refused")
			return
		}
	}
	err = s.plan.store.Update(r.Context(), s.site(r).council, next)
	switch {
	case errors.Is(err, planning.ErrConflict):
		if a, err = s.plan.store.Get(r.Context(), s.site(r).council, a.ID); err != nil {
			s.serverError(w, r, "reload planning application", err)
			return
		}
		s.renderOfficerPlan(w, r, http.StatusConflict, a, []fieldError{{Field: "action", ID: "main-content", Message: text("plan.off.conflict", tag)}})
		return
	case err != nil:
		s.serverError(w, r, "update planning application", err)
		return
	}
	http.Redirect(w, r, "/officer/planning/"+a.ID, http.StatusSeeOther)
}

func (s *server) officerPlanningRoutes() {
	s.handle("GET /officer/planning", s.requireUser(roleOfficer, s.officerPlanning))
	s.handle("GET /officer/planning/{id}", s.requireUser(roleOfficer, s.officerPlanApp))
	s.handle("POST /officer/planning/{id}", s.requireUser(roleOfficer, s.officerPlanAction))
	s.handle("POST /officer/planning/{id}/comments", s.requireUser(roleOfficer, s.officerPlanComment))
	s.handle("GET /officer/planning/{id}/documents/{file}", s.requireUser(roleOfficer, s.planDownload))
}
