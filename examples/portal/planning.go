package main

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/planning"
)

// Submit a planning application: the type, the site, a description, the
// applicant, the documents (uploaded: planning_files.go), the ownership
// certificate, then check
// answers with the fee and its breakdown, pay, and track the application's
// status and statutory dates. What the application must include
// (planning.Requirements and Missing), the fee (planning.Calculate), the
// reference (IssueReference), the lifecycle and every date come from the
// planning package. Officers validate, invalidate and determine
// applications in planning_officer.go.

const (
	sessionPlanDraft   = "planning:draft"
	sessionPlanPending = "planning:pending:" // + idempotency key: the application a payment is for
	planJourney        = "planning"
	planFundCode       = "PLAN-FEES"
)

// planReferenceFormat is the fictional council's reference pattern,
// "26/00012/HOU".
var planReferenceFormat = planning.MustParseReferenceFormat("{YY}/{SEQ5}/{TYPE}")

// planTypes are the application types the example offers a resident: the
// ones a householder most often makes, each with a different fee rule and
// different statutory dates.
var planTypes = []planning.ApplicationType{
	planning.TypeHouseholder,
	planning.TypeLargerHomeExtension,
	planning.TypeLDCProposed,
	planning.TypeListed,
}

func offeredPlanType(t planning.ApplicationType) bool { return slices.Contains(planTypes, t) }

// planningState is the portal's planning register: the applications (in
// the package's Store), the files uploaded with them and the comments made
// on them. Who submitted which is in the portal's store (links.go).
type planningState struct {
	store    planning.Store
	docs     planning.DocumentStore
	comments planning.CommentStore
}

// planDraft returns the session's application in progress, starting one
// for the signed-in resident.
func (s *server) planDraft(r *http.Request) *planning.Application {
	if v, ok := sessionFrom(r).Get(sessionPlanDraft); ok {
		if a, ok := v.(*planning.Application); ok {
			return a.Clone()
		}
	}
	// Start the applicant from what the sign-in knows: the name an
	// identity check established, or else the account's email address.
	applicant := planning.Party{Type: "individual", SameAddressAsSite: true}
	if u := sessionFrom(r).User(); u != nil {
		switch {
		case u.Person != nil:
			applicant.GivenNames, applicant.FamilyName = u.Person.GivenNames, u.Person.FamilyName
			applicant.Contact.Email = u.Person.Contact.Email
		case strings.Contains(u.Name, "@"):
			applicant.Contact.Email = u.Name
		default:
			applicant.GivenNames, applicant.FamilyName = splitName(u.Name)
		}
	}
	return &planning.Application{
		ID:        uuid.NewString(),
		Council:   s.site(r).council,
		Applicant: applicant,
		UserRole:  "applicant",
		// The example offers works to a single home: Schedule 1
		// category 6, which also sets the fee of a proposed lawful
		// development certificate (half of it, reg. 11(2)).
		Fee: planning.Fee{Category: planning.CategoryHouseholder},
	}
}

// splitName splits a display name at its last space: a starting point the
// resident corrects on the applicant page.
func splitName(name string) (given, family string) {
	name = strings.TrimSpace(name)
	if i := strings.LastIndexByte(name, ' '); i > 0 {
		return name[:i], name[i+1:]
	}
	return "", name
}

func (s *server) savePlanDraft(r *http.Request, a *planning.Application) {
	sessionFrom(r).Set(sessionPlanDraft, a.Clone())
}

// planProblems validates the draft with the package. A page keeps the
// problems under its fields (errorsUnder): the ones it can put right.
func (s *server) planProblems(r *http.Request, a *planning.Application) []fieldError {
	tag, _ := languageOf(r)
	all, other := problemsOf(a.Validate(), tag)
	if other != nil {
		s.log.ErrorContext(r.Context(), "validate planning application", "err", other)
	}
	return all
}

// planNext is where a page goes after a good answer: the next question,
// or back to check answers when the resident came from there.
func planNext(r *http.Request, next string) string {
	if r.URL.Query().Get("change") == "1" {
		return "/planning/check"
	}
	return next
}

// needType sends the resident to the first question when the draft has no
// type yet (every later page depends on it). It reports whether it did.
func (s *server) needType(w http.ResponseWriter, r *http.Request, a *planning.Application) bool {
	if a.Type.IsZero() {
		http.Redirect(w, r, "/planning/type", http.StatusSeeOther)
		return true
	}
	return false
}

// planPages are the question pages after the type, each with the fields
// (problem paths) it answers.
var planPages = []struct{ path, prefix string }{
	{"/planning/site", "site"},
	{"/planning/description", "proposal"},
	{"/planning/applicant", "applicant"},
	{"/planning/documents", "documents"},
	{"/planning/ownership", "ownership"},
}

// needAnswers sends the resident to the first question the package says is
// unanswered, so that check answers is reached only with every question
// answered. It reports whether it did.
func (s *server) needAnswers(w http.ResponseWriter, r *http.Request, a *planning.Application) bool {
	if s.needType(w, r, a) {
		return true
	}
	all := s.planProblems(r, a)
	for _, pg := range planPages {
		if len(errorsUnder(all, pg.prefix)) > 0 {
			http.Redirect(w, r, pg.path, http.StatusSeeOther)
			return true
		}
	}
	return false
}

// Start page: what the resident needs, and their applications.

type planStartData struct {
	Mine []*planning.Application
}

func (s *server) planStart(w http.ResponseWriter, r *http.Request) {
	ids, err := s.mine(r, linkPlanning)
	if err != nil {
		s.unavailable(w, r, err)
		return
	}
	var mine []*planning.Application
	for _, id := range ids {
		if a, err := s.plan.store.Get(r.Context(), s.site(r).council, id); err == nil {
			mine = append(mine, a)
		}
	}
	s.render(w, r, http.StatusOK, "planning-start", s.newView(r, planStartData{Mine: mine}))
}

// planFieldData is the data of a page with one or two fields.
type planFieldData struct {
	Field, Extra, Third field
}

// Type.

func (s *server) planTypePage(w http.ResponseWriter, r *http.Request, status int, a *planning.Application, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	var opts []option
	for _, t := range planTypes {
		opts = append(opts, option{Value: t.String(), Label: v.T("plan.type." + t.String()), Hint: v.T("plan.type." + t.String() + ".hint")})
	}
	f := v.Radios("type", "plan.type.question", a.Type.String(), opts)
	f.Heading = true
	v.Data = planFieldData{Field: f}
	s.render(w, r, status, "planning-type", v)
}

func (s *server) planTypeForm(w http.ResponseWriter, r *http.Request) {
	s.planTypePage(w, r, http.StatusOK, s.planDraft(r), nil)
}

func (s *server) planTypeSubmit(w http.ResponseWriter, r *http.Request) {
	a := s.planDraft(r)
	tag, _ := languageOf(r)
	raw := r.PostForm.Get("type")
	t, err := planning.ParseApplicationType(raw)
	switch {
	case raw == "":
		s.planTypePage(w, r, http.StatusUnprocessableEntity, a, []fieldError{{Field: "type", ID: "type", Message: text("plan.type.required", tag)}})
		return
	case err != nil || !offeredPlanType(t):
		s.planTypePage(w, r, http.StatusUnprocessableEntity, a, []fieldError{{Field: "type", ID: "type", Message: text("plan.type.invalid", tag)}})
		return
	}
	changed := a.Type != t
	if a.Type != t {
		// The reference taken for the fee names the type: a new type
		// takes a new one (planFeeReference).
		a.Reference = planning.Reference{}
	}
	a.Type = t
	s.savePlanDraft(r, a)
	next := planNext(r, "/planning/site")
	if changed && next == "/planning/check" {
		// Another type may need other documents.
		next = "/planning/documents?change=1"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// Site: one of the council's addresses (each with its UPRN and position),
// or, for land with no address, its position on the National Grid.

const planSiteElsewhere = "elsewhere"

func (s *server) planSitePage(w http.ResponseWriter, r *http.Request, status int, a *planning.Application, grid string, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	var opts []option
	for _, h := range s.site(r).homes {
		opts = append(opts, option{Value: h.UPRN.String(), Label: addressLine(h), Hint: v.T("plan.site.uprn") + " " + h.UPRN.String()})
	}
	opts = append(opts, option{Value: planSiteElsewhere, Label: v.T("plan.site.elsewhere"), Hint: v.T("plan.site.elsewhere.hint")})
	sel := a.Site.Address.UPRN.String()
	if a.Site.Proposed {
		sel = planSiteElsewhere
		if grid == "" {
			grid = a.Site.Address.Grid.String()
		}
	}
	f := v.Radios("site", "plan.site.question", sel, opts)
	f.Heading, f.Hint = true, v.T("adm.home.hint")
	v.Data = planFieldData{Field: f, Extra: v.Input("site.grid", "plan.site.grid", "plan.site.grid.hint", grid)}
	s.render(w, r, status, "planning-site", v)
}

func (s *server) planSiteForm(w http.ResponseWriter, r *http.Request) {
	a := s.planDraft(r)
	if s.needType(w, r, a) {
		return
	}
	s.planSitePage(w, r, http.StatusOK, a, "", nil)
}

func (s *server) planSiteSubmit(w http.ResponseWriter, r *http.Request) {
	a := s.planDraft(r)
	if s.needType(w, r, a) {
		return
	}
	tag, _ := languageOf(r)
	choice, grid := r.PostForm.Get("site"), strings.TrimSpace(r.PostForm.Get("site.grid"))
	fail := func(field, key string) {
		s.planSitePage(w, r, http.StatusUnprocessableEntity, a, grid, []fieldError{{Field: field, ID: fieldID(field), Message: text(key, tag)}})
	}
	switch choice {
	case "":
		fail("site", "plan.site.required")
		return
	case planSiteElsewhere:
		if grid == "" {
			fail("site.grid", "plan.site.grid.required")
			return
		}
		g, err := identity.ParseGridPoint(grid)
		if err != nil {
			fail("site.grid", "plan.site.grid.invalid")
			return
		}
		a.Site = planning.Site{
			Address:  identity.Address{Grid: g, LatLon: g.ToLatLon()},
			Proposed: true,
			Title:    "Land at grid reference " + g.String(),
		}
	default:
		h, ok := s.site(r).home(choice)
		if !ok {
			fail("site", "plan.site.invalid")
			return
		}
		h.LatLon = h.Grid.ToLatLon()
		a.Site = planning.Site{Address: h, Title: strings.ToUpper(addressLine(h))}
	}
	if errs := errorsUnder(s.planProblems(r, a), "site"); len(errs) > 0 {
		s.planSitePage(w, r, http.StatusUnprocessableEntity, a, grid, errs)
		return
	}
	s.savePlanDraft(r, a)
	http.Redirect(w, r, planNext(r, "/planning/description"), http.StatusSeeOther)
}

// Description.

func (s *server) planDescPage(w http.ResponseWriter, r *http.Request, status int, a *planning.Application, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	f := v.Question("proposal.description", "plan.desc.question", "plan.desc.hint", a.Proposal.Description)
	f.MaxLength = maxDescription
	v.Data = planFieldData{Field: f}
	s.render(w, r, status, "planning-description", v)
}

func (s *server) planDescForm(w http.ResponseWriter, r *http.Request) {
	a := s.planDraft(r)
	if s.needType(w, r, a) {
		return
	}
	s.planDescPage(w, r, http.StatusOK, a, nil)
}

func (s *server) planDescSubmit(w http.ResponseWriter, r *http.Request) {
	a := s.planDraft(r)
	if s.needType(w, r, a) {
		return
	}
	a.Proposal.Description = strings.TrimSpace(r.PostForm.Get("proposal.description"))
	if errs := errorsUnder(s.planProblems(r, a), "proposal"); len(errs) > 0 {
		s.planDescPage(w, r, http.StatusUnprocessableEntity, a, errs)
		return
	}
	s.savePlanDraft(r, a)
	http.Redirect(w, r, planNext(r, "/planning/applicant"), http.StatusSeeOther)
}

// Applicant: name and email, started from the signed-in name.

func (s *server) planApplicantPage(w http.ResponseWriter, r *http.Request, status int, a *planning.Application, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	v.Data = planFieldData{
		Field: v.Input("applicant.given_names", "plan.applicant.given", "", a.Applicant.GivenNames),
		Extra: v.Input("applicant.family_name", "plan.applicant.family", "", a.Applicant.FamilyName),
		Third: v.Input("applicant.contact.email", "plan.applicant.email", "plan.applicant.email.hint", a.Applicant.Contact.Email),
	}
	s.render(w, r, status, "planning-applicant", v)
}

func (s *server) planApplicantForm(w http.ResponseWriter, r *http.Request) {
	a := s.planDraft(r)
	if s.needType(w, r, a) {
		return
	}
	s.planApplicantPage(w, r, http.StatusOK, a, nil)
}

func (s *server) planApplicantSubmit(w http.ResponseWriter, r *http.Request) {
	a := s.planDraft(r)
	if s.needType(w, r, a) {
		return
	}
	tag, _ := languageOf(r)
	f := r.PostForm
	a.Applicant.GivenNames = strings.TrimSpace(f.Get("applicant.given_names"))
	a.Applicant.FamilyName = strings.TrimSpace(f.Get("applicant.family_name"))
	a.Applicant.Contact.Email = strings.TrimSpace(f.Get("applicant.contact.email"))
	errs := errorsUnder(s.planProblems(r, a), "applicant")
	for i := range errs {
		switch errs[i].Field {
		case "applicant.family_name":
			errs[i].Message = text("plan.applicant.family.required", tag)
		case "applicant.contact":
			// The package accepts an email or a phone number; this page
			// asks for an email.
			errs[i].Field, errs[i].ID, errs[i].Message = "applicant.contact.email", fieldID("applicant.contact.email"), text("plan.applicant.email.required", tag)
		}
	}
	if a.Applicant.Contact.Email != "" {
		// The identity package's rules for a contact's email address.
		cerrs, other := problemsOf(a.Applicant.Contact.Validate(), tag)
		if other != nil {
			s.log.ErrorContext(r.Context(), "validate contact", "err", other)
		}
		for _, e := range cerrs {
			if e.Field == "email" {
				errs = append(errs, fieldError{Field: "applicant.contact.email", Code: e.Code, ID: fieldID("applicant.contact.email"), Message: text("plan.applicant.email.invalid", tag)})
			}
		}
	}
	if len(errs) > 0 {
		s.planApplicantPage(w, r, http.StatusUnprocessableEntity, a, errs)
		return
	}
	s.savePlanDraft(r, a)
	http.Redirect(w, r, planNext(r, "/planning/documents"), http.StatusSeeOther)
}

// Documents: what the national requirements ask of this type of
// application, as planning.Requirements lists them. The resident uploads
// a file for each (planning_files.go).

// planDocs maps the requirements a document meets to its type.
var planDocs = []struct {
	Req planning.Requirement
	Doc planning.DocumentType
}{
	{planning.ReqLocationPlan, planning.DocLocationPlan},
	{planning.ReqSitePlan, planning.DocSitePlanProposed},
	{planning.ReqElevations, planning.DocElevationsProposed},
	{planning.ReqFloorPlans, planning.DocFloorPlanProposed},
	{planning.ReqDesignAndAccess, planning.DocDesignAndAccess},
	{planning.ReqHeritageStatement, planning.DocHeritageStatement},
}

// docsFor returns the document types that meet the requirements, in their
// order.
func docsFor(reqs []planning.Requirement) []planning.DocumentType {
	var out []planning.DocumentType
	for _, req := range reqs {
		for _, pd := range planDocs {
			if pd.Req == req {
				out = append(out, pd.Doc)
			}
		}
	}
	return out
}

// checklist returns the document types the application's requirements ask
// for, in the package's order.
func checklist(a *planning.Application) []planning.DocumentType {
	return docsFor(planning.Requirements(a))
}

// docRequirement returns the requirement a document type meets.
func docRequirement(t planning.DocumentType) planning.Requirement {
	for _, pd := range planDocs {
		if pd.Doc == t {
			return pd.Req
		}
	}
	return ""
}

// Ownership certificate (DMPO 2015 art. 14), for the types that need one.
// The example offers certificate A (the applicant owns all the land) and
// certificate B (notice given to every other owner); C and D, where owners
// are unknown, need a newspaper notice and are left to a real service.

func (s *server) planOwnerPage(w http.ResponseWriter, r *http.Request, status int, a *planning.Application, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	sel := ""
	switch a.Ownership.Certificate {
	case planning.CertificateA:
		sel = "a"
	case planning.CertificateB:
		sel = "b"
	}
	f := v.Radios("ownership.certificate", "plan.owner.question", sel, []option{
		{Value: "a", Label: v.T("plan.owner.a"), Hint: v.T("plan.owner.a.hint")},
		{Value: "b", Label: v.T("plan.owner.b"), Hint: v.T("plan.owner.b.hint")},
	})
	f.Heading = true
	v.Data = planFieldData{Field: f}
	s.render(w, r, status, "planning-ownership", v)
}

func (s *server) planOwnerForm(w http.ResponseWriter, r *http.Request) {
	a := s.planDraft(r)
	if s.needType(w, r, a) {
		return
	}
	s.planOwnerPage(w, r, http.StatusOK, a, nil)
}

func (s *server) planOwnerSubmit(w http.ResponseWriter, r *http.Request) {
	a := s.planDraft(r)
	if s.needType(w, r, a) {
		return
	}
	tag, _ := languageOf(r)
	switch r.PostForm.Get("ownership.certificate") {
	case "a":
		a.Ownership = planning.Ownership{Certificate: planning.CertificateA, Interest: "owner.sole"}
	case "b":
		a.Ownership = planning.Ownership{Certificate: planning.CertificateB, Interest: "owner.co", NoticeGiven: true}
	case "":
		s.planOwnerPage(w, r, http.StatusUnprocessableEntity, a, []fieldError{{Field: "ownership.certificate", ID: fieldID("ownership.certificate"), Message: text("plan.owner.required", tag)}})
		return
	default:
		s.planOwnerPage(w, r, http.StatusUnprocessableEntity, a, []fieldError{{Field: "ownership.certificate", ID: fieldID("ownership.certificate"), Message: text("plan.owner.invalid", tag)}})
		return
	}
	s.savePlanDraft(r, a)
	http.Redirect(w, r, "/planning/check", http.StatusSeeOther)
}

// Check answers, the fee and its breakdown, the declaration, pay.

type planCheckData struct {
	Rows       []answer
	Total      payments.Amount
	Schedule   calendar.Date // the first day of the fee schedule applied
	FeeLines   []planFeeLine
	Free       bool
	Connection field
	Declared   bool
	DeclareErr string
}

type planFeeLine struct {
	Text, Basis string
	Amount      payments.Amount
}

// planFee works out the draft's fee as made today, under the schedule in
// force today (Fees Regulations 2012 reg. 18A(4)).
func (s *server) planFee(a *planning.Application) (planning.Breakdown, error) {
	in := planning.FeeInputFor(a)
	in.Made = calendar.Today(s.cfg.Clock)
	return planning.Calculate(in)
}

// planConnections are the schemas' answers to "do you have a connection
// to the council?".
var planConnections = []string{"none", "employee", "relation.employee", "electedMember", "relation.electedMember"}

func (s *server) planAnswers(v *view, a *planning.Application) []answer {
	var docs []string
	for _, doc := range a.Documents {
		for _, t := range doc.Types {
			docs = append(docs, v.T("plan.doc."+string(t))+": "+doc.Name)
		}
	}
	site := addressLine(a.Site.Address)
	if a.Site.Proposed {
		site = v.T("plan.site.grid") + " " + a.Site.Address.Grid.String()
	}
	rows := []answer{
		{Key: v.T("plan.type"), Value: v.T("plan.type." + a.Type.String()), ChangeURL: "/planning/type?change=1"},
		{Key: v.T("plan.site"), Value: site, ChangeURL: "/planning/site?change=1"},
		{Key: v.T("plan.desc"), Value: a.Proposal.Description, ChangeURL: "/planning/description?change=1"},
		{Key: v.T("plan.applicant"), Lines: []string{strings.TrimSpace(a.Applicant.GivenNames + " " + a.Applicant.FamilyName), a.Applicant.Contact.Email}, ChangeURL: "/planning/applicant?change=1"},
		{Key: v.T("plan.docs"), Lines: docs, ChangeURL: "/planning/documents?change=1"},
	}
	if a.Ownership.Certificate != planning.CertificateNone {
		rows = append(rows, answer{Key: v.T("plan.owner"), Value: v.T("plan.owner." + a.Ownership.Certificate.String()), ChangeURL: "/planning/ownership"})
	}
	return rows
}

func (s *server) planCheckPage(w http.ResponseWriter, r *http.Request, status int, a *planning.Application, errs []fieldError) {
	fee, err := s.planFee(a)
	if err != nil {
		s.serverError(w, r, "planning fee", err)
		return
	}
	v := s.newView(r, nil)
	v.Errors = errs
	d := planCheckData{Rows: s.planAnswers(v, a), Total: fee.Total(), Free: !fee.Total().IsPositive(), Declared: a.Declaration.Accurate,
		DeclareErr: v.ErrorFor("declaration.accurate")}
	if day, err := calendar.ParseDate(fee.Schedule); err == nil {
		d.Schedule = day // schedules are named by the day they came into force
	}
	for _, l := range fee.Lines() {
		d.FeeLines = append(d.FeeLines, planFeeLine{Text: v.Text(l.Text()), Basis: l.Basis(), Amount: l.Amount})
	}
	var opts []option
	for _, c := range planConnections {
		opts = append(opts, option{Value: c, Label: v.T("plan.connection." + c)})
	}
	d.Connection = v.Radios("declaration.connection", "plan.connection", a.Declaration.Connection, opts)
	v.Data = d
	s.render(w, r, status, "planning-check", v)
}

func (s *server) planCheckForm(w http.ResponseWriter, r *http.Request) {
	a := s.planDraft(r)
	if s.needAnswers(w, r, a) {
		return
	}
	s.planCheckPage(w, r, http.StatusOK, a, nil)
}

// planCheckSubmit records the declaration, works out the fee (never from
// the form), checks the whole application with the package (everything but
// the fee, which is paid next) and starts the payment. An application with
// no fee is submitted at once.
func (s *server) planCheckSubmit(w http.ResponseWriter, r *http.Request) {
	a := s.planDraft(r)
	if s.needAnswers(w, r, a) {
		return
	}
	tag, _ := languageOf(r)
	conn := r.PostForm.Get("declaration.connection")
	if !slices.Contains(planConnections, conn) {
		conn = ""
	}
	a.Declaration = planning.Declaration{Accurate: r.PostForm.Get("declaration.accurate") == "true", Connection: conn}
	fee, err := s.planFee(a)
	if err != nil {
		s.serverError(w, r, "planning fee", err)
		return
	}
	a.Fee = planning.Fee{Category: a.Fee.Category, Calculated: fee.Total(), Payable: fee.Total(), NotApplicable: !fee.Total().IsPositive()}
	all, other := problemsOf(a.Validate(), tag)
	if other != nil {
		s.serverError(w, r, "validate planning application", other)
		return
	}
	var errs []fieldError
	for _, e := range all {
		switch e.Field {
		case "fee":
			continue // paid next
		case "declaration.connection":
			e.Message = text("plan.connection.required", tag)
		case "declaration.accurate":
			e.Message = text("plan.declare.required", tag)
		}
		errs = append(errs, e)
	}
	s.savePlanDraft(r, a)
	if len(errs) > 0 {
		s.planCheckPage(w, r, http.StatusUnprocessableEntity, a, errs)
		return
	}
	if !fee.Total().IsPositive() {
		s.submitPlanning(w, r, a, nil)
		return
	}
	// The key names the application and its fee: a double click or a
	// second tab gets the same payment, and a changed answer that changes
	// the fee gets a new one. The session keeps the application as it was
	// when the payment started: that is what is submitted once it is paid.
	// The fee's payment reference is the application's planning
	// reference, so that the council's finance team and its planning team
	// name it the same way: it is taken now, before the payment, and kept
	// with the draft for the submission.
	if a.Reference.IsZero() {
		ref, err := planning.IssueReference(r.Context(), s.plan.store, s.councilOf(r), planReferenceFormat, calendar.DateOf(s.cfg.Clock.Now()).Year(), a.Type)
		if err != nil {
			s.serverError(w, r, "planning reference", err)
			return
		}
		a.Reference = ref
		s.savePlanDraft(r, a)
	}
	key := s.payKey(r, "planning:key:"+a.ID+":"+fee.Total().Plain())
	sessionFrom(r).Set(sessionPlanPending+string(key), a.Clone())
	s.cancelOtherPlanPayments(r, a.ID, key)
	s.startPayment(w, r, payRequest{
		Owner:       paymentOwner{Journey: planJourney, Ref: string(key)},
		Amount:      fee.Total(),
		Reference:   a.Reference.String(),
		Description: catalogue["plan.pay.description"],
		FundCode:    planFundCode,
		Key:         key,
	})
}

// cancelOtherPlanPayments cancels the unfinished payments this session
// started for the same application with other answers (another fee), so
// that a payment left open in another tab cannot be paid as well.
func (s *server) cancelOtherPlanPayments(r *http.Request, appID string, keep payments.IdempotencyKey) {
	sess := sessionFrom(r)
	v, _ := sess.Get(sessionPayments)
	owned, _ := v.(map[string]paymentOwner)
	for id, o := range owned {
		if o.Journey != planJourney || o.Ref == string(keep) {
			continue
		}
		pv, _ := sess.Get(sessionPlanPending + o.Ref)
		if pa, ok := pv.(*planning.Application); !ok || pa.ID != appID {
			continue
		}
		p, err := s.payments.Get(r.Context(), s.site(r).council, id)
		if err != nil || p.Finished() {
			continue
		}
		if _, err := s.payments.Cancel(r.Context(), s.site(r).council, id); err != nil {
			s.log.WarnContext(r.Context(), "cancel superseded planning payment", "payment", id, "err", err)
		}
	}
}

// onPlanningPaid submits the application once its fee is paid. It returns
// false (show the plain payment result) when the session no longer holds
// the application the payment was for, or the amounts disagree.
func (s *server) onPlanningPaid(w http.ResponseWriter, r *http.Request, p *payments.Payment, o paymentOwner) bool {
	v, _ := sessionFrom(r).Get(sessionPlanPending + o.Ref)
	a, ok := v.(*planning.Application)
	if !ok || sessionFrom(r).User() == nil {
		return false
	}
	if existing, err := s.plan.store.Get(r.Context(), s.site(r).council, a.ID); err == nil {
		if existing.Fee.PaymentReference != p.ID {
			// Submitted already, with another payment: show this one
			// as it is, for the council to refund.
			return false
		}
		http.Redirect(w, r, "/planning/applications/"+existing.ID, http.StatusSeeOther)
		return true
	}
	if p.Amount != a.Fee.Payable {
		s.log.ErrorContext(r.Context(), "planning fee payment differs from the fee", "payment", p.ID)
		return false
	}
	s.submitPlanning(w, r, a.Clone(), p)
	return true
}

// submitPlanning stores a checked application: submitted now, with the
// council's next reference.
func (s *server) submitPlanning(w http.ResponseWriter, r *http.Request, a *planning.Application, p *payments.Payment) {
	now := s.cfg.Clock.Now()
	u := sessionFrom(r).User()
	if p != nil {
		a.Fee.Paid = true
		a.Fee.PaymentReference = p.ID
	}
	a.SubmittedAt = now
	if err := a.Lifecycle.Move(planning.Transition{To: planning.StateSubmitted, By: u.Subject, At: now}); err != nil {
		s.serverError(w, r, "submit planning application", err)
		return
	}
	if a.Reference.IsZero() { // no fee, so none taken yet
		ref, err := planning.IssueReference(r.Context(), s.plan.store, s.site(r).council, planReferenceFormat, calendar.DateOf(now).Year(), a.Type)
		if err != nil {
			s.serverError(w, r, "planning reference", err)
			return
		}
		a.Reference = ref
	}
	err := s.plan.store.Create(r.Context(), s.site(r).council, a)
	switch {
	case errors.Is(err, planning.ErrDuplicate):
		// Submitted already, by a second tab returning from the same
		// payment.
	case err != nil:
		s.serverError(w, r, "store planning application", err)
		return
	}
	if err := s.linkMine(r, linkPlanning, a.ID); err != nil {
		// Submitted but not linked: say so rather than lose it from the
		// resident's list silently.
		s.unavailable(w, r, err)
		return
	}
	s.trackPlanningApplication(r, a.ID) // events.go
	sess := sessionFrom(r)
	if d, ok := sess.Get(sessionPlanDraft); ok {
		if d, ok := d.(*planning.Application); ok && d.ID == a.ID {
			sess.Delete(sessionPlanDraft)
		}
	}
	http.Redirect(w, r, "/planning/applications/"+a.ID, http.StatusSeeOther)
}

// Tracking: status, history and the statutory dates, all from the package.

type planTrackData struct {
	App            *planning.Application
	TypeKey        string
	Site           string
	Submitted      calendar.Date
	Deadline       calendar.Date // the determination deadline (DMPO 2015 art. 34)
	PriorApproval  calendar.Date // the prior approval deadline (GPDO 2015)
	FeeRefund      calendar.Date // the end of the planning guarantee (Fees Regulations reg. 9A)
	NonDetAppeal   calendar.Date // the last day to appeal against non-determination
	Decided        calendar.Date
	Appeal         calendar.Date // the last day to appeal against the refusal, or the conditions of a grant
	NoAppealLimit  bool          // an appeal may be made at any time (lawful development certificates)
	Requests       []councilkit.Text
	InvalidNote    string
	History        []planning.Transition
	Missing        []councilkit.Text
	DeterminedOpen bool // still awaiting a decision
}

func planTrack(a *planning.Application) planTrackData {
	d := planTrackData{App: a, TypeKey: "plan.type." + a.Type.String(), Submitted: calendar.DateOf(a.SubmittedAt), History: a.Lifecycle.History}
	d.Site = addressLine(a.Site.Address)
	if a.Site.Proposed {
		d.Site = a.Site.Address.Grid.String()
	}
	if !offeredPlanType(a.Type) {
		d.TypeKey = ""
	}
	st := a.Lifecycle.State
	d.DeterminedOpen = st != planning.StateDetermined && !st.IsFinal() && st < planning.StateAppealLodged
	if !a.Received.IsZero() {
		d.Deadline = a.DeterminationDeadline()
		if day, ok := planning.PriorApprovalDeadline(a.Type, a.Received); ok {
			d.PriorApproval = day
		}
		if day, ok := a.FeeRefundDate(); ok && a.Fee.Paid {
			d.FeeRefund = day
		}
		if day, ok := planning.NonDeterminationAppealDeadline(a.Type, d.Deadline); ok && !d.Deadline.IsZero() {
			d.NonDetAppeal = day
		}
	}
	if t, ok := a.Lifecycle.Last(planning.StateDetermined); ok {
		d.Decided = calendar.DateOf(t.At)
		// A refusal is appealed as such; a grant only against its
		// conditions, which for a householder application has 6 months,
		// not the 12 weeks of a refusal (DMPO 2015 art. 37(2)).
		ground := planning.AppealConditions
		if a.Lifecycle.Decision == planning.DecisionRefused {
			ground = planning.AppealRefusal
		}
		if l, err := planning.AppealTimeLimit(planning.AppealCase{Type: a.Type, Ground: ground, Decided: d.Decided}); err == nil {
			if l.HasLimit() {
				d.Appeal = l.Last
			} else if ground == planning.AppealRefusal {
				d.NoAppealLimit = true
			}
		}
	}
	if st == planning.StateInvalid {
		for _, vr := range a.ValidationRequests {
			if vr.Resolved.IsZero() {
				d.Requests = append(d.Requests, vr.Requirement.Problem().Message)
			}
		}
		if t, ok := a.Lifecycle.Last(planning.StateInvalid); ok {
			d.InvalidNote = t.Note
		}
	}
	for _, req := range planning.Missing(a) {
		d.Missing = append(d.Missing, req.Problem().Message)
	}
	return d
}

// planResidentData is the resident's tracking page: the status, and for
// an invalid application the form to upload what is still missing.
type planResidentData struct {
	planTrackData
	Upload *uploadForm
}

// myPlanning returns the resident's application named in the path.
func (s *server) myPlanning(r *http.Request) (*planning.Application, bool) {
	id := r.PathValue("id")
	if ok, err := s.isMine(r, linkPlanning, id); err != nil {
		panic(storeUnavailable{err})
	} else if !ok {
		return nil, false
	}
	a, err := s.plan.store.Get(r.Context(), s.site(r).council, id)
	return a, err == nil
}

func (s *server) planApplication(w http.ResponseWriter, r *http.Request) {
	a, ok := s.myPlanning(r)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	}
	s.renderPlanApplication(w, r, http.StatusOK, a, nil)
}

func (s *server) renderPlanApplication(w http.ResponseWriter, r *http.Request, status int, a *planning.Application, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	d := planResidentData{planTrackData: planTrack(a)}
	if missing := docsFor(planning.Missing(a)); a.Lifecycle.State == planning.StateInvalid && len(missing) > 0 {
		f := newUploadForm(v, missing, r.PostForm.Get("type"))
		d.Upload = &f
	}
	v.Data = d
	s.render(w, r, status, "planning-application", v)
}

// seedPlanning puts three fictional neighbours' applications in the
// register, so that the officer pages show applications waiting to be
// validated, in assessment and decided, each with its statutory dates and
// its files.
func seedPlanning(ctx context.Context, sd *seed, store planning.Store, docs planning.DocumentStore, clock councilkit.Clock) error {
	today := calendar.Today(clock)
	const officer = "seed-officer"
	for i, x := range []struct {
		t       planning.ApplicationType
		home    int
		daysAgo int
		desc    string
		to      planning.State
	}{
		{planning.TypeHouseholder, 1, 60, "Single-storey rear extension with a flat roof.", planning.StateDetermined},
		{planning.TypeLDCProposed, 2, 20, "Loft conversion with a rear dormer window.", planning.StateAssessment},
		{planning.TypeHouseholder, 3, 3, "Replacement of the front porch.", planning.StateSubmitted},
	} {
		made := today.AddDays(-x.daysAgo)
		at := made.Time(calendar.London()).Add(10 * time.Hour)
		home := sd.homes[x.home]
		a := &planning.Application{
			ID:          uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://example.invalid/planning/"+strconv.Itoa(i))).String(),
			Council:     sd.council,
			Type:        x.t,
			Applicant:   planning.Party{Type: "individual", GivenNames: "Seed", FamilyName: "Neighbour " + strconv.Itoa(i+1), Contact: identity.Contact{Email: "neighbour" + strconv.Itoa(i+1) + "@example.invalid"}, SameAddressAsSite: true},
			UserRole:    "applicant",
			Site:        planning.Site{Address: home, Title: strings.ToUpper(addressLine(home))},
			Proposal:    planning.Proposal{Description: x.desc},
			Ownership:   planning.Ownership{Certificate: planning.CertificateA, Interest: "owner.sole"},
			Declaration: planning.Declaration{Accurate: true, Connection: "none"},
			Fee:         planning.Fee{Category: planning.CategoryHouseholder},
			SubmittedAt: at,
		}
		if _, err := store.Get(ctx, sd.council, a.ID); err == nil {
			continue // seeded on an earlier start, in a persistent store
		}
		for _, t := range checklist(a) {
			if err := seedFile(ctx, docs, sd.council, a, t); err != nil {
				return err
			}
		}
		fee, err := planning.Calculate(planning.FeeInputFor(a))
		if err != nil {
			return err
		}
		a.Fee.Calculated, a.Fee.Payable, a.Fee.Paid = fee.Total(), fee.Total(), true
		a.Fee.PaymentReference = "seed"
		if err := a.Lifecycle.Move(planning.Transition{To: planning.StateSubmitted, By: "seed-applicant", At: at}); err != nil {
			return err
		}
		if x.to != planning.StateSubmitted {
			next := at.Add(24 * time.Hour)
			if err := a.MarkValid(officer, next, made); err != nil {
				return err
			}
			for _, st := range []planning.State{planning.StateConsultation, planning.StateAssessment, planning.StateAwaitingDetermination, planning.StateDetermined} {
				dec := planning.DecisionNone
				if st == planning.StateDetermined {
					dec = planning.DecisionGranted
				}
				next = next.Add(7 * 24 * time.Hour)
				if err := a.Lifecycle.Move(planning.Transition{To: st, By: officer, At: next, Decision: dec}); err != nil {
					return err
				}
				if st == x.to {
					break
				}
			}
		}
		ref, err := planning.IssueReference(ctx, store, sd.council, planReferenceFormat, made.Year(), a.Type)
		if err != nil {
			return err
		}
		a.Reference = ref
		// Another portal starting at the same time on the same database
		// may have seeded it since the Get above.
		if err := store.Create(ctx, sd.council, a); err != nil && !errors.Is(err, planning.ErrDuplicate) {
			return err
		}
	}
	return nil
}

// maxDescription is the planning package's bound on a proposal
// description, in characters: the description page's character count
// warns before the package refuses a longer one.
const maxDescription = 10000

func (s *server) planningRoutes() {
	res := func(h http.HandlerFunc) http.HandlerFunc { return s.requireUser(roleResident, h) }
	s.handle("GET /planning", res(s.planStart))
	s.handle("GET /planning/type", res(s.planTypeForm))
	s.handle("POST /planning/type", res(s.planTypeSubmit))
	s.handle("GET /planning/site", res(s.planSiteForm))
	s.handle("POST /planning/site", res(s.planSiteSubmit))
	s.handle("GET /planning/description", res(s.planDescForm))
	s.handle("POST /planning/description", res(s.planDescSubmit))
	s.handle("GET /planning/applicant", res(s.planApplicantForm))
	s.handle("POST /planning/applicant", res(s.planApplicantSubmit))
	s.handle("GET /planning/documents", res(s.planDocsForm))
	s.handle("POST /planning/documents", res(s.planDocsSubmit))
	s.handle("POST /planning/documents/upload", res(s.planDocsUpload))
	s.handle("POST /planning/documents/remove", res(s.planDocsRemove))
	s.handle("GET /planning/ownership", res(s.planOwnerForm))
	s.handle("POST /planning/ownership", res(s.planOwnerSubmit))
	s.handle("GET /planning/check", res(s.planCheckForm))
	s.handle("POST /planning/check", res(s.planCheckSubmit))
	s.handle("GET /planning/applications/{id}", res(s.planApplication))
	s.handle("POST /planning/applications/{id}/documents", res(s.planResend))
	s.officerPlanningRoutes()
	s.onPaid[planJourney] = s.onPlanningPaid
	s.retryPaths[planJourney] = func(paymentOwner) string { return "/planning/check" }
}
