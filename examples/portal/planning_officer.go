package main

import (
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
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
	// SearchHint is the search box's hint (a catalogue key).
	SearchHint string
	Rows       []planOfficerRow
	Query      string
	States     []selectOption
	Sort       []selectOption
	// Next is the next page's address, CSV the export's, with the same
	// filters; Next is empty on the last page.
	Next, CSV string
	Filtered  bool
}

// planSorts are the orders of the officers' planning list.
var planSorts = []string{"newest", "oldest", "deadline"}

// planningRows returns the council's planning applications matching the
// list's filters (q: part of the reference or the site's address; state;
// sort: newest or oldest submitted first, or the soonest deadline), in
// order. A council's planning register is thousands of applications, not
// millions, so the list is filtered here from the store's List by state.
func (s *server) planningRows(r *http.Request) ([]planOfficerRow, error) {
	q := r.URL.Query()
	f := planning.Filter{}
	if st, err := planning.ParseState(q.Get("state")); err == nil && q.Get("state") != "" {
		f.State = st
	}
	list, err := s.plan.store.List(r.Context(), s.councilOf(r), f)
	if err != nil {
		return nil, err
	}
	needle := strings.ToLower(strings.TrimSpace(q.Get("q")))
	var rows []planOfficerRow
	for _, a := range list {
		row := planOfficerRow{App: a, Track: planTrack(a)}
		if needle != "" && !strings.Contains(strings.ToLower(a.Reference.String()), needle) && !strings.Contains(strings.ToLower(row.Track.Site), needle) {
			continue
		}
		rows = append(rows, row)
	}
	deadline := func(x planOfficerRow) calendar.Date {
		if !x.Track.PriorApproval.IsZero() {
			return x.Track.PriorApproval
		}
		return x.Track.Deadline
	}
	slices.SortStableFunc(rows, func(x, y planOfficerRow) int {
		switch q.Get("sort") {
		case "oldest":
			return cmp.Or(x.App.SubmittedAt.Compare(y.App.SubmittedAt), strings.Compare(x.App.ID, y.App.ID))
		case "deadline":
			dx, dy := deadline(x), deadline(y)
			switch {
			case dx.IsZero() != dy.IsZero():
				if dx.IsZero() {
					return 1 // no deadline (not yet valid, or decided) last
				}
				return -1
			}
			return cmp.Or(dx.Compare(dy), strings.Compare(x.App.ID, y.App.ID))
		}
		return cmp.Or(y.App.SubmittedAt.Compare(x.App.SubmittedAt), strings.Compare(y.App.ID, x.App.ID))
	})
	return rows, nil
}

func (s *server) officerPlanning(w http.ResponseWriter, r *http.Request) {
	rows, err := s.planningRows(r)
	if err != nil {
		s.serverError(w, r, "list planning applications", err)
		return
	}
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	from := min((page-1)*s.casePage, len(rows))
	to := min(from+s.casePage, len(rows))
	v := s.newView(r, nil)
	d := planOfficerList{SearchHint: "case.search.planning.hint", Rows: rows[from:to], Query: strings.TrimSpace(q.Get("q")), Filtered: q.Get("q") != "" || q.Get("state") != "",
		CSV: "/officer/planning.csv" + planListQuery(q, 0)}
	if to < len(rows) {
		d.Next = "/officer/planning" + planListQuery(q, page+1)
	}
	d.States = append(d.States, selectOption{Value: "", Label: v.T("case.status.all"), Selected: q.Get("state") == ""})
	for st := planning.StateSubmitted; st <= planning.StateAppealWithdrawn; st++ {
		if _, ok := catalogue["plan.state."+st.String()]; !ok {
			continue
		}
		d.States = append(d.States, selectOption{Value: st.String(), Label: v.T("plan.state." + st.String()), Selected: q.Get("state") == st.String()})
	}
	for _, so := range planSorts {
		d.Sort = append(d.Sort, selectOption{Value: so, Label: v.T("case.psort." + so), Selected: so == q.Get("sort") || (so == "newest" && !slices.Contains(planSorts, q.Get("sort")))})
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "officer-planning", v)
}

// planListQuery is the planning list's filters as a query string, with a
// page number when page > 1.
func planListQuery(q url.Values, page int) string {
	out := url.Values{}
	for _, k := range []string{"q", "state", "sort"} {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	if page > 1 {
		out.Set("page", strconv.Itoa(page))
	}
	if len(out) == 0 {
		return ""
	}
	return "?" + out.Encode()
}

// officerPlanningCSV exports the filtered register as CSV.
func (s *server) officerPlanningCSV(w http.ResponseWriter, r *http.Request) {
	tag, _ := languageOf(r)
	rows, err := s.planningRows(r)
	if err != nil {
		s.serverError(w, r, "export planning applications", err)
		return
	}
	out := make([][]string, 0, len(rows))
	for _, row := range rows {
		a := row.App
		state := text("plan.state."+a.Lifecycle.State.String(), tag)
		if a.Lifecycle.Decision != planning.DecisionNone {
			state += ": " + text("plan.decision."+a.Lifecycle.Decision.String(), tag)
		}
		deadline := row.Track.Deadline
		if !row.Track.PriorApproval.IsZero() {
			deadline = row.Track.PriorApproval
		}
		out = append(out, []string{a.Reference.String(), row.Track.Site, state, dateOrEmpty(row.Track.Submitted), dateOrEmpty(a.Received), dateOrEmpty(deadline),
			a.Fee.Payable.Plain(), a.Fee.PaymentReference})
	}
	header := []string{text("case.csv.reference", tag), text("plan.site", tag), text("plan.status", tag), text("plan.submitted", tag),
		text("plan.valid", tag), text("plan.deadline", tag), text("case.csv.amount", tag), text("case.csv.payment", tag)}
	writeCSV(w, "planning.csv", header, out)
}

// dateOrEmpty is a date as ISO 8601, or "" for none.
func dateOrEmpty(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
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
	s.handle("GET /officer/planning.csv", s.requireUser(roleOfficer, s.officerPlanningCSV))
	s.handle("GET /officer/planning/{id}", s.requireUser(roleOfficer, s.officerPlanApp))
	s.handle("POST /officer/planning/{id}", s.requireUser(roleOfficer, s.officerPlanAction))
	s.handle("POST /officer/planning/{id}/comments", s.requireUser(roleOfficer, s.officerPlanComment))
	s.handle("GET /officer/planning/{id}/documents/{file}", s.requireUser(roleOfficer, s.planDownload))
}
