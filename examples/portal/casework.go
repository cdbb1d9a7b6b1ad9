package main

import (
	"encoding/csv"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
	"golang.org/x/text/language"
)

// Officer casework: the council's finance and admissions teams search,
// filter, sort and page through payments and school applications, export
// what they found as CSV for their spreadsheets, and read each record's
// audit trail (who did what, and when, from the event log; a refund's
// reason from the payment). The lists come from the packages' ListPage,
// which pages by keyset cursor, so a council with a million payments pages
// as fast as one with ten.

// defaultCasePage is how many rows a casework page shows
// (server.casePage; tests make it smaller).
const defaultCasePage = 50

// maxExportRows bounds a CSV export: larger exports are for the council's
// finance system (the settlement report, webhooks), not a browser.
const maxExportRows = 100_000

// selectOption is one option of a select box.
type selectOption struct {
	Value, Label string
	Selected     bool
}

// officerPaymentsData is the payments list page.
type officerPaymentsData struct {
	// SearchHint is the search box's hint (a catalogue key).
	SearchHint string
	Payments   []*payments.Payment
	Query      string
	Status     []selectOption
	Sort       []selectOption
	// Next is the address of the next page, CSV the export's, with the
	// same filters; Next is empty on the last page.
	Next, CSV string
	// Filtered is true when the officer filtered the list.
	Filtered bool
}

// paymentFilter reads the list's filters from the query string: q (a
// reference or words of the description), status, sort and after (the
// cursor). A bad value is ignored (the list shows unfiltered) rather than
// refused: these are links and a search box, not a form with answers.
func paymentFilter(q url.Values) payments.Filter {
	f := payments.Filter{Query: strings.TrimSpace(q.Get("q")), Sort: payments.SortNewest, After: q.Get("after")}
	f.Query = truncateRunes(f.Query, payments.MaxQueryLen)
	if st, err := payments.ParseStatus(q.Get("status")); err == nil && q.Get("status") != "" {
		f.Statuses = []payments.Status{st}
	}
	if so, err := payments.ParseSort(q.Get("sort")); err == nil {
		f.Sort = so
	}
	return f
}

// listQuery is the query string of a list's filters, for its next page
// and export links.
func listQuery(q url.Values, after string) string {
	out := url.Values{}
	for _, k := range []string{"q", "status", "sort", "school"} {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	if after != "" {
		out.Set("after", after)
	}
	if len(out) == 0 {
		return ""
	}
	return "?" + out.Encode()
}

func (s *server) officerPayments(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := paymentFilter(q)
	f.Limit = s.casePage
	page, err := payments.ListPage(r.Context(), s.payments.Store(), s.councilOf(r), f)
	status, errs := http.StatusOK, []fieldError(nil)
	var ve *councilkit.ValidationError
	if !errors.Is(err, payments.ErrInvalidCursor) && errors.As(err, &ve) {
		// Search text the package refuses (control characters, say):
		// say so, with the list empty.
		tag, _ := languageOf(r)
		status, errs, err = http.StatusUnprocessableEntity, []fieldError{{Field: "q", ID: "q", Message: text("case.search.invalid", tag)}}, nil
	}
	if errors.Is(err, payments.ErrInvalidCursor) {
		// A cursor that is not one: start the list again.
		http.Redirect(w, r, "/officer/payments"+listQuery(q, ""), http.StatusSeeOther)
		return
	}
	if err != nil {
		s.serverError(w, r, "list payments", err)
		return
	}
	v := s.newView(r, nil)
	v.Errors = errs
	d := officerPaymentsData{SearchHint: "case.search.payments.hint", Payments: page.Payments, Query: f.Query, CSV: "/officer/payments.csv" + listQuery(q, ""),
		Filtered: f.Query != "" || len(f.Statuses) > 0}
	if page.Next != "" {
		d.Next = "/officer/payments" + listQuery(q, page.Next)
	}
	d.Status = append(d.Status, selectOption{Value: "", Label: v.T("case.status.all"), Selected: len(f.Statuses) == 0})
	for _, st := range []payments.Status{payments.StatusSuccess, payments.StatusStarted, payments.StatusFailed, payments.StatusCancelled, payments.StatusError} {
		d.Status = append(d.Status, selectOption{Value: st.String(), Label: st.Label().In(v.Lang), Selected: len(f.Statuses) == 1 && f.Statuses[0] == st})
	}
	for _, so := range payments.Sorts() {
		d.Sort = append(d.Sort, selectOption{Value: so.String(), Label: v.T("case.sort." + so.String()), Selected: so == f.Sort})
	}
	v.Data = d
	s.render(w, r, status, "officer-payments", v)
}

// officerPaymentsCSV exports the filtered list as CSV, every page of it up
// to maxExportRows, in the reader's language.
func (s *server) officerPaymentsCSV(w http.ResponseWriter, r *http.Request) {
	tag, _ := languageOf(r)
	f := paymentFilter(r.URL.Query())
	f.After, f.Limit = "", payments.MaxPageSize
	c := s.councilOf(r)
	var rows [][]string
	for len(rows) < maxExportRows {
		page, err := payments.ListPage(r.Context(), s.payments.Store(), c, f)
		if err != nil {
			s.serverError(w, r, "export payments", err)
			return
		}
		for _, p := range page.Payments {
			captured := ""
			if !p.CapturedAt.IsZero() {
				captured = calendar.DateOf(p.CapturedAt).String()
			}
			status, _, _, _ := payOutcome(p)
			rows = append(rows, []string{p.ID, p.Reference, paymentDescription(p, tag), p.FundCode, status.In(tag),
				p.Amount.Plain(), p.Refunded().Plain(), calendar.DateOf(p.CreatedAt).String(), captured})
		}
		if page.Next == "" {
			break
		}
		f.After = page.Next
	}
	header := []string{"id", text("case.csv.reference", tag), text("case.csv.description", tag), text("case.csv.fund", tag),
		text("case.csv.status", tag), text("case.csv.amount", tag), text("case.csv.refunded", tag), text("case.csv.created", tag), text("case.csv.captured", tag)}
	writeCSV(w, "payments.csv", header, rows)
}

// writeCSV writes a CSV attachment. A cell that a spreadsheet would take
// for a formula (starting =, +, -, @, a tab or a carriage return) is
// written with a leading apostrophe, as OWASP's advice on CSV injection
// says, since references and descriptions may hold what a resident typed.
func writeCSV(w http.ResponseWriter, name string, header []string, rows [][]string) {
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	cw := csv.NewWriter(w)
	_ = cw.Write(header)
	for _, row := range rows {
		for i, cell := range row {
			row[i] = csvCell(cell)
		}
		_ = cw.Write(row)
	}
	cw.Flush()
}

// csvCell defuses a cell a spreadsheet would evaluate.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// paymentDescription is what a payment was for, in the reader's language:
// the portal records both languages' descriptions in the payment's
// metadata (startPayment), and the description the resident saw otherwise.
func paymentDescription(p *payments.Payment, tag language.Tag) string {
	key := "description_en"
	if tag == councilkit.Welsh {
		key = "description_cy"
	}
	if d, ok := p.Metadata[key]; ok && d.IsString() && d.String() != "" {
		return d.String()
	}
	return p.Description
}

// historyRow is one line of a record's audit trail as an officer reads it.
type historyRow struct {
	When   string
	What   string
	Who    string
	Reason string
}

// history reads record id's audit trail from the event log, in the
// language of the page v.
func (s *server) history(r *http.Request, v *view, domain, id string) ([]historyRow, error) {
	entries, err := events.History(r.Context(), s.ev.log, s.councilOf(r), id)
	if err != nil {
		return nil, err
	}
	var out []historyRow
	for _, e := range entries {
		if e.Domain() != domain {
			continue
		}
		who := v.T("case.actor." + string(e.Actor.Kind))
		if e.Actor.Kind == events.ActorOfficer && e.Actor.ID != "" {
			who += " (" + e.Actor.ID + ")"
		}
		what := e.Type.Short()
		if t, ok := catalogue["case.event."+strings.TrimSuffix(what, ".v1")]; ok {
			what = t.In(v.Lang)
		}
		out = append(out, historyRow{When: v.When(e.Time), What: what, Who: who})
	}
	return out, nil
}

// officerApplicationsData is the school applications list page.
type officerApplicationsData struct {
	// ToCheck are the applications made without an identity check
	// (identity.go), whose parent officers must check.
	ToCheck map[string]bool
	// SearchHint is the search box's hint (a catalogue key).
	SearchHint   string
	Applications []*admissions.Application
	Query        string
	Schools      []selectOption
	Sort         []selectOption
	Next, CSV    string
	Filtered     bool
}

// applicationFilter reads the applications list's filters: q (part of an
// application's reference), school (a preferred school's URN), sort and
// after.
func (s *server) applicationFilter(r *http.Request) admissions.Filter {
	q := r.URL.Query()
	f := admissions.Filter{SchoolYear: s.site(r).scheme.SchoolYear, Query: strings.TrimSpace(q.Get("q")), Sort: admissions.SortOldest, After: q.Get("after")}
	f.Query = truncateRunes(f.Query, admissions.MaxQueryLen)
	if u, err := admissions.ParseURN(q.Get("school")); err == nil {
		f.School = u
	}
	if so, err := admissions.ParseSort(q.Get("sort")); err == nil {
		f.Sort = so
	}
	return f
}

func (s *server) officerApplications(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := s.applicationFilter(r)
	f.Limit = s.casePage
	page, err := admissions.ListPage(r.Context(), s.adm.store, s.councilOf(r), f)
	status, errs := http.StatusOK, []fieldError(nil)
	var ve *councilkit.ValidationError
	if !errors.Is(err, admissions.ErrInvalidCursor) && errors.As(err, &ve) {
		tag, _ := languageOf(r)
		status, errs, err = http.StatusUnprocessableEntity, []fieldError{{Field: "q", ID: "q", Message: text("case.search.invalid", tag)}}, nil
	}
	if errors.Is(err, admissions.ErrInvalidCursor) {
		http.Redirect(w, r, "/officer/admissions/applications"+listQuery(q, ""), http.StatusSeeOther)
		return
	}
	if err != nil {
		s.serverError(w, r, "list applications", err)
		return
	}
	v := s.newView(r, nil)
	v.Errors = errs
	d := officerApplicationsData{SearchHint: "case.search.applications.hint", Applications: page.Applications, Query: f.Query, CSV: "/officer/admissions/applications.csv" + listQuery(q, ""),
		Filtered: f.Query != "" || !f.School.IsZero()}
	if page.Next != "" {
		d.Next = "/officer/admissions/applications" + listQuery(q, page.Next)
	}
	d.Schools = append(d.Schools, selectOption{Value: "", Label: v.T("case.school.all"), Selected: f.School.IsZero()})
	for _, sc := range s.site(r).scheme.Schools {
		d.Schools = append(d.Schools, selectOption{Value: sc.URN.String(), Label: sc.Name, Selected: sc.URN == f.School})
	}
	for _, so := range admissions.Sorts() {
		d.Sort = append(d.Sort, selectOption{Value: so.String(), Label: v.T("case.asort." + so.String()), Selected: so == f.Sort})
	}
	if d.ToCheck, err = s.identityToCheck(r, page.Applications); err != nil {
		s.serverError(w, r, "identity checks", err)
		return
	}
	v.Data = d
	s.render(w, r, status, "officer-applications", v)
}

// officerApplicationsCSV exports the filtered applications. The export
// holds children's names and dates of birth: it is for the council's
// admissions team, behind the officer role, and is never cached.
func (s *server) officerApplicationsCSV(w http.ResponseWriter, r *http.Request) {
	tag, _ := languageOf(r)
	st := s.site(r)
	f := s.applicationFilter(r)
	f.After, f.Limit = "", admissions.MaxPageSize
	var rows [][]string
	for len(rows) < maxExportRows {
		page, err := admissions.ListPage(r.Context(), s.adm.store, st.council, f)
		if err != nil {
			s.serverError(w, r, "export applications", err)
			return
		}
		check, err := s.identityToCheck(r, page.Applications)
		if err != nil {
			s.serverError(w, r, "export applications", err)
			return
		}
		for _, a := range page.Applications {
			prefs := make([]string, len(a.Preferences))
			for i, u := range a.Preferences {
				prefs[i] = st.schoolName(u)
			}
			received := ""
			if !a.Received.IsZero() {
				received = a.Received.String()
			}
			online := text("case.yes", tag)
			if check[a.ID] {
				online = text("case.no", tag)
			}
			rows = append(rows, []string{a.ID, a.Child.FullName(), a.Child.DateOfBirth.String(), a.Home.Postcode.String(),
				strings.Join(prefs, "; "), received, online})
		}
		if page.Next == "" {
			break
		}
		f.After = page.Next
	}
	header := []string{text("case.csv.reference", tag), text("case.csv.child", tag), text("case.csv.dob", tag), text("case.csv.postcode", tag),
		text("case.csv.preferences", tag), text("case.csv.received", tag), text("case.csv.identity", tag)}
	writeCSV(w, "applications.csv", header, rows)
}

func (s *server) caseworkRoutes() {
	s.handle("GET /officer/payments.csv", s.requireUser(roleOfficer, s.officerPaymentsCSV))
	s.handle("GET /officer/admissions/applications", s.requireUser(roleOfficer, s.officerApplications))
	s.handle("GET /officer/admissions/applications.csv", s.requireUser(roleOfficer, s.officerApplicationsCSV))
}

// identityToCheck returns which of the applications were made without an
// identity check (identity.go).
func (s *server) identityToCheck(r *http.Request, apps []*admissions.Application) (map[string]bool, error) {
	out := map[string]bool{}
	for _, a := range apps {
		_, err := s.portal.linkOf(r.Context(), s.councilOf(r).String(), linkIdentityCheck, a.ID)
		switch {
		case err == nil:
			out[a.ID] = true
		case !errors.Is(err, errNoLink):
			return nil, err
		}
	}
	return out, nil
}
