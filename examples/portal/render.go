package main

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/payments"
	"golang.org/x/text/language"
)

//go:embed templates/*.html static/app.js static/supported.js static/govuk/govuk-frontend.min.css static/govuk/govuk-frontend.min.js static/govuk/README
var assets embed.FS

// pages holds one template set per page: the layout and components plus
// that page's "title" and "content".
type pages struct {
	byName map[string]*template.Template
}

func parsePages() (*pages, error) {
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: make(map[string]*template.Template)}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if name == "layout" || name == "components" {
			continue
		}
		t, err := template.New(name).Funcs(template.FuncMap{"fieldID": fieldID}).ParseFS(assets, "templates/layout.html", "templates/components.html", f)
		if err != nil {
			return nil, fmt.Errorf("portal: template %s: %w", name, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// view is what every template receives: the page language, the session's
// CSRF token, who is signed in, the problems to show and the page's own
// data.
type view struct {
	Lang      language.Tag
	LangCode  string
	ToggleURL string
	CSRF      string
	User      *user
	Path      string
	// Durable is true when records outlive the process (SQLite or PostgreSQL).
	Durable bool
	Page    string // the page template's name, for tests and styling
	// Council is the profile of the request's council: the header, the
	// page title and the footer name it and give its contact details.
	Council councilkit.Profile
	// Brand is the path of the council's brand files, without the
	// extension: Brand+".css" is its colour, Brand+".svg" its logo.
	Brand string
	// offers are the services the council offers here (site.offers).
	offers []string
	Errors []fieldError
	Data   any
}

// fieldError is one line of the error summary, linking to the field.
type fieldError struct {
	Field   string // problem path, "child.date_of_birth"
	Code    councilkit.Code
	ID      string // the input's id, "child-date_of_birth"
	Message string
}

// OtherLangCode is the language the toggle switches to.
func (v *view) OtherLangCode() string {
	if v.LangCode == "cy" {
		return "en"
	}
	return "cy"
}

// CouncilName is the council's name in the page language, or its GSS
// code when the portal has no profile for it.
func (v *view) CouncilName() string { return v.Council.NameIn(v.Lang) }

// CouncilContact is the council's contact details in the page language,
// one line each, the first a heading; nil when the profile has none.
func (v *view) CouncilContact() []string {
	c := strings.TrimSuffix(v.Council.Contact(v.Lang), "\n")
	if c == "" {
		return nil
	}
	return strings.Split(c, "\n")
}

// T returns a catalogue string in the page language.
func (v *view) T(key string) string { return text(key, v.Lang) }

// Text returns a message from a package in the page language.
func (v *view) Text(t councilkit.Text) string { return t.In(v.Lang) }

// Date writes a date the GOV.UK way, "1 April 2026" or "1 Ebrill 2026".
func (v *view) Date(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Long(v.Lang)
}

// Money writes an amount for the page language.
func (v *view) Money(a payments.Amount) string { return a.Format(v.Lang) }

// Lines splits multi-line text (an address) into its lines.
func (v *view) Lines(s string) []string { return strings.Split(s, "\n") }

// PaymentFor is what a payment was for, in the page's language.
func (v *view) PaymentFor(p *payments.Payment) string { return paymentDescription(p, v.Lang) }

// PaymentStatus is a payment's status as residents and officers read it:
// a payment the resident cancelled says cancelled, not failed (payOutcome).
func (v *view) PaymentStatus(p *payments.Payment) string {
	st, _, _, _ := payOutcome(p)
	return st.In(v.Lang)
}

// When writes the day of an instant, UK time.
func (v *view) When(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return calendar.DateOf(t).Long(v.Lang)
}

// ErrorFor returns the first problem with a field, or "".
func (v *view) ErrorFor(field string) string {
	for _, e := range v.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// HasErrorUnder reports whether any problem is for the field or inside it
// (a fieldset of date parts, a list of preferences).
func (v *view) HasErrorUnder(prefix string) bool {
	return slices.ContainsFunc(v.Errors, func(e fieldError) bool { return fieldUnder(e.Field, prefix) })
}

// fieldUnder reports whether a problem's field path is the field prefix
// or inside it ("child.date_of_birth.day", "preferences[0]").
func fieldUnder(field, prefix string) bool {
	return field == prefix || strings.HasPrefix(field, prefix+".") || strings.HasPrefix(field, prefix+"[")
}

// hasField reports whether errs has a problem with the field.
func hasField(errs []fieldError, field string) bool {
	return slices.ContainsFunc(errs, func(e fieldError) bool { return e.Field == field })
}

// addProblems appends the problems with fields errs has none for yet: a
// page's own word on a field (a date that is no date) stands for the
// package's.
func addProblems(errs, more []fieldError) []fieldError {
	for _, e := range more {
		if !hasField(errs, e.Field) {
			errs = append(errs, e)
		}
	}
	return errs
}

// errorsUnder keeps the problems for fields under any of the prefixes:
// the ones a page can put right.
func errorsUnder(errs []fieldError, prefixes ...string) []fieldError {
	var out []fieldError
	for _, e := range errs {
		if slices.ContainsFunc(prefixes, func(p string) bool { return fieldUnder(e.Field, p) }) {
			out = append(out, e)
		}
	}
	return out
}

// field is one form control ready for the "input" or "radios" component.
type field struct {
	V       *view
	Name    string // form name and problem path
	ID      string
	Label   string
	Hint    string
	Value   string
	Error   string
	Options []option
	Heading bool // the label or legend is the page heading (one question per page)
	// MaxLength, when positive, gives a textarea GOV.UK Frontend's
	// character count for that many characters.
	MaxLength int
}

// option is one radio button.
type option struct {
	Value, Label, Hint string
}

// Input describes a text input. labelKey and hintKey are catalogue keys;
// an empty hintKey means no hint.
func (v *view) Input(name, labelKey, hintKey, value string) field {
	f := field{V: v, Name: name, ID: fieldID(name), Label: v.T(labelKey), Value: value, Error: v.ErrorFor(name)}
	if hintKey != "" {
		f.Hint = v.T(hintKey)
	}
	return f
}

// Question is an Input whose label is the page's heading.
func (v *view) Question(name, labelKey, hintKey, value string) field {
	f := v.Input(name, labelKey, hintKey, value)
	f.Heading = true
	return f
}

// Radios describes a set of radio buttons with a legend.
func (v *view) Radios(name, legendKey, selected string, opts []option) field {
	f := field{V: v, Name: name, ID: fieldID(name), Label: v.T(legendKey), Value: selected, Error: v.ErrorFor(name), Options: opts}
	return f
}

// answers is a check-your-answers list ready for the "checkAnswers"
// component.
type answers struct {
	V    *view
	Rows []answer
}

// answer is one row of a check-your-answers list.
type answer struct {
	Key       string
	Value     string
	Lines     []string // for values shown one per line (an address, a ranked list)
	ChangeURL string   // the page (and field) to change it, "" for none
}

// Answers wraps rows for the checkAnswers component.
func (v *view) Answers(rows []answer) answers { return answers{V: v, Rows: rows} }

// fieldID turns a problem's field path into an element id:
// "preferences[2].school" becomes "preferences-2-school".
func fieldID(path string) string {
	r := strings.NewReplacer("[", "-", "]", "", ".", "-")
	return r.Replace(path)
}

// problemsOf turns a package's validation error into the error summary.
// Any other error is returned for the caller to handle.
func problemsOf(err error, tag language.Tag) ([]fieldError, error) {
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) {
		return nil, err
	}
	out := make([]fieldError, 0, len(ve.Problems))
	for _, p := range ve.Problems {
		out = append(out, fieldError{Field: p.Field, Code: p.Code, ID: fieldID(p.Field), Message: p.Message.In(tag)})
	}
	return out, nil
}

// newView builds the view for a request.
func (s *server) newView(r *http.Request, data any) *view {
	tag, _ := languageOf(r)
	other := "cy"
	if tag == councilkit.Welsh {
		other = "en"
	}
	v := &view{Lang: tag, LangCode: langCode(tag), ToggleURL: toggleURL(r, other), Path: r.URL.Path, Data: data, Durable: s.durable,
		Council: s.profileOf(r), Brand: "/brand/" + s.site(r).slug, offers: s.site(r).offers}
	if sess := sessionFrom(r); sess != nil {
		v.CSRF = sess.csrf
		v.User = sess.User()
	}
	return v
}

// render writes a page. It renders into a buffer first, so that a template
// error becomes a clean error page rather than half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, page string, v *view) {
	t, ok := s.pages.byName[page]
	if !ok {
		s.log.Error("no such page template", "page", page)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	v.Page = page
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("render", "page", page, "err", err)
		if page != "error" {
			s.errorPage(w, r, http.StatusInternalServerError, "err.server")
			return
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", v.LangCode)
	w.WriteHeader(status)
	_, _ = w.Write(prefixLinks(buf.Bytes(), basePath(r)))
}

// errorPage shows a bilingual error page: key+".title" and key+".body".
func (s *server) errorPage(w http.ResponseWriter, r *http.Request, status int, key string) {
	s.render(w, r, status, "error", s.newView(r, errorData{Title: key + ".title", Body: key + ".body"}))
}

type errorData struct{ Title, Body string }

// serveStatic serves the portal's stylesheet and scripts: GOV.UK
// Frontend's compiled files and the portal's own two scripts. Only the
// embedded files are served, never a directory listing.
func serveStatic(w http.ResponseWriter, r *http.Request) {
	name := "static/" + r.PathValue("file")
	b, err := assets.ReadFile(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	switch path.Ext(name) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	default:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(b)
}

// navItem is one link in the header's service navigation.
type navItem struct {
	ID, Href, Title string
	Current         bool
}

// Navigation is the header's service navigation: the resident journeys,
// then signing in or out. The journey the page belongs to is marked.
func (v *view) Navigation() []navItem {
	items := []navItem{
		{ID: "nav-counciltax", Href: "/council-tax", Title: "nav.counciltax"},
		{ID: "nav-schools", Href: "/schools", Title: "nav.schools"},
		{ID: "nav-fsm", Href: "/free-school-meals", Title: "nav.fsm"},
		{ID: "nav-planning", Href: "/planning", Title: "nav.planning"},
	}
	items = slices.DeleteFunc(items, func(it navItem) bool { return !slices.Contains(v.offers, serviceAt(it.Href)) })
	for i := range items {
		items[i].Current = v.Path == items[i].Href || strings.HasPrefix(v.Path, items[i].Href+"/")
	}
	if v.User != nil {
		items = append(items, navItem{ID: "nav-tracking", Href: trackingPath, Title: "nav.tracking", Current: v.Path == trackingPath}) // events_pages.go
		return append(items, navItem{ID: "sign-out-link", Href: "/sign-out", Title: "nav.signout", Current: v.Path == "/sign-out"})
	}
	return append(items, navItem{ID: "sign-in-link", Href: signInPath, Title: "nav.signin", Current: v.Path == signInPath})
}

// backLinks is the page each question page's back link returns to: the
// one before it in its journey.
var backLinks = map[string]string{
	"ct-lookup":            "/",
	"ct-bill":              "/council-tax",
	"fsm-form":             "/",
	"schools-child":        "/schools",
	"schools-address":      "/schools/child",
	"schools-preferences":  "/schools/address",
	"schools-check":        "/schools/preferences",
	"planning-type":        "/planning",
	"planning-site":        "/planning/type",
	"planning-description": "/planning/site",
	"planning-applicant":   "/planning/description",
	"planning-documents":   "/planning/applicant",
	"planning-ownership":   "/planning/documents",
	"planning-check":       "/planning/ownership",
	"officer-refund":       "/officer/payments",
	"officer-planning-app": "/officer/planning",
	"signout":              "/",
}

// BackURL is where the page's back link goes, or "" for a page without
// one (a start page, a confirmation, the payment provider's page).
func (v *view) BackURL() string { return backLinks[v.Page] }

// YearGroup names a school year group in the page language: "Reception"
// or "Derbyn", "Year 7" or "Blwyddyn 7".
func (v *view) YearGroup(g admissions.YearGroup) string {
	if g == admissions.Reception {
		return v.T("adm.year.reception")
	}
	if !g.Valid() {
		return g.String()
	}
	return strings.ReplaceAll(v.T("adm.year.n"), "%d", strconv.Itoa(int(g)))
}

// CountText is a character count message from the catalogue with its
// %{count} filled in.
func (v *view) CountText(key string, n int) string {
	return strings.ReplaceAll(v.T(key), "%{count}", v.Number(n))
}

// Number writes a whole number with thousands separated, "10,000".
func (v *view) Number(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
