package main

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/identity/onelogin"
	"github.com/lgds/councilkit/payments"
)

// Check free school meals: the parent describes themselves, the child and
// the benefits they receive; admissions/fsm validates the application and
// decides it as at today, explaining every rule it tried, with its legal
// source, and the evidence the council will ask for. The check and its
// decision are kept in the configured store (fsm.Store), linked to the
// resident, and appear on their "Your applications and payments" page.

// fsmBenefits are the benefits offered as checkboxes, in the package's
// order.
var fsmBenefits = []fsm.Benefit{
	fsm.BenefitUniversalCredit, fsm.BenefitIncomeSupport, fsm.BenefitIncomeBasedJSA, fsm.BenefitIncomeRelatedESA,
	fsm.BenefitAsylumSupport, fsm.BenefitChildTaxCredit, fsm.BenefitWorkingTaxCredit, fsm.BenefitWorkingTaxCreditRunOn,
	fsm.BenefitPensionCreditGuarantee,
}

type fsmCheckbox struct {
	Value, Label string
	Checked      bool
}

type fsmFormData struct {
	ParentFamily, NINO, ChildGiven, ChildFamily, UCEarnings, CTCIncome field
	ParentDOB, ChildDOB                                                dateField
	Benefits                                                           []fsmCheckbox
	BenefitsError                                                      string
}

// dateField is a GOV.UK date input.
type dateField struct {
	V                *view
	Name, ID, Legend string
	Hint             string
	Day, Month, Year string
	Error            string
	// Bad are the parts to highlight; none means the date as a whole.
	Bad []string
}

func (v *view) DateInput(name, legendKey, hintKey, day, month, year string) dateField {
	f := dateField{V: v, Name: name, ID: fieldID(name), Legend: v.T(legendKey), Day: day, Month: month, Year: year, Error: v.ErrorFor(name)}
	if f.Error != "" {
		f.Bad, _, _ = dateProblem(dateSubject{}, day, month, year)
	}
	if hintKey != "" {
		f.Hint = v.T(hintKey)
	}
	return f
}

func (s *server) fsmPage(w http.ResponseWriter, r *http.Request, status int, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	f := r.PostForm
	checked := map[string]bool{}
	for _, b := range f[fsm.FieldBenefits] {
		checked[b] = true
	}
	d := fsmFormData{
		ParentFamily: v.Input(fsm.FieldParentFamilyName, "fsm.parent.family", "fsm.parent.family.hint", f.Get(fsm.FieldParentFamilyName)),
		NINO:         v.Input(fsm.FieldParentNINO, "fsm.parent.nino", "fsm.parent.nino.hint", f.Get(fsm.FieldParentNINO)),
		ChildGiven:   v.Input("child.person.given_names", "adm.child.given", "", f.Get("child.person.given_names")),
		ChildFamily:  v.Input("child.person.family_name", "adm.child.family", "", f.Get("child.person.family_name")),
		UCEarnings:   v.Input(councilkit.IndexField(fsm.FieldUniversalCreditEarned, 0), "fsm.uc", "fsm.uc.hint", f.Get(councilkit.IndexField(fsm.FieldUniversalCreditEarned, 0))),
		CTCIncome:    v.Input(fsm.FieldChildTaxCreditIncome, "fsm.ctc", "fsm.ctc.hint", f.Get(fsm.FieldChildTaxCreditIncome)),
		ParentDOB: v.DateInput(fsm.FieldParentDateOfBirth, "fsm.parent.dob", "fsm.dob.hint",
			f.Get(fsm.FieldParentDateOfBirth+".day"), f.Get(fsm.FieldParentDateOfBirth+".month"), f.Get(fsm.FieldParentDateOfBirth+".year")),
		ChildDOB: v.DateInput(fsm.FieldChildDateOfBirth, "adm.child.dob", "fsm.dob.hint",
			f.Get(fsm.FieldChildDateOfBirth+".day"), f.Get(fsm.FieldChildDateOfBirth+".month"), f.Get(fsm.FieldChildDateOfBirth+".year")),
	}
	for _, b := range fsmBenefits {
		d.Benefits = append(d.Benefits, fsmCheckbox{Value: b.String(), Label: v.T("fsm.benefit." + b.String()), Checked: checked[b.String()]})
	}
	for _, e := range errs {
		if strings.HasPrefix(e.Field, fsm.FieldBenefits) {
			d.BenefitsError = e.Message
			break
		}
	}
	v.Data = d
	s.render(w, r, status, "fsm-form", v)
}

func (s *server) fsmForm(w http.ResponseWriter, r *http.Request) {
	// The journey needs an identity check, so One Login has told us the
	// parent's name and date of birth: fill them in (they can be changed).
	if u := sessionFrom(r).User(); u != nil && u.Person != nil {
		dob := u.Person.DateOfBirth
		r.PostForm = url.Values{fsm.FieldParentFamilyName: {u.Person.FamilyName}}
		if !dob.IsZero() {
			r.PostForm.Set(fsm.FieldParentDateOfBirth+".day", strconv.Itoa(dob.Day()))
			r.PostForm.Set(fsm.FieldParentDateOfBirth+".month", strconv.Itoa(int(dob.Month())))
			r.PostForm.Set(fsm.FieldParentDateOfBirth+".year", strconv.Itoa(dob.Year()))
		}
	}
	s.fsmPage(w, r, http.StatusOK, nil)
}

// fsmResultData is the decision, ready to show.
type fsmResultData struct {
	Decision *fsm.Decision
	Basis    councilkit.Text
	Reasons  []fsm.Reason
	Evidence []councilkit.Text
	// Sources shows each rule's legal source (an act, an order, a
	// ministerial statement): to officers, who check decisions. Residents
	// read the plain reasons without them.
	Sources bool
}

func (s *server) fsmSubmit(w http.ResponseWriter, r *http.Request) {
	tag, _ := languageOf(r)
	f := r.PostForm
	today := calendar.Today(s.cfg.Clock)
	var app fsm.Application
	var own []fieldError // problems found reading the form, before the package sees it
	bad := func(field, key string) {
		own = append(own, fieldError{Field: field, ID: fieldID(field), Message: text(key, tag)})
	}

	app.Parent.Person.FamilyName = strings.TrimSpace(f.Get(fsm.FieldParentFamilyName))
	app.Child.Person.GivenNames = strings.TrimSpace(f.Get("child.person.given_names"))
	app.Child.Person.FamilyName = strings.TrimSpace(f.Get("child.person.family_name"))
	readDate := func(field string, subject dateSubject) calendar.Date {
		day, month, year := f.Get(field+".day"), f.Get(field+".month"), f.Get(field+".year")
		if parts, msg, ok := dateProblem(subject, day, month, year); !ok {
			own = append(own, fieldError{Field: field, ID: datePartID(field, parts), Message: msg.In(tag)})
			return calendar.Date{}
		}
		d, _, _ := parseDateParts(day, month, year)
		return d
	}
	app.Parent.Person.DateOfBirth = readDate(fsm.FieldParentDateOfBirth, subjectParentDOB)
	app.Child.Person.DateOfBirth = readDate(fsm.FieldChildDateOfBirth, subjectChildDOB)
	if raw := strings.TrimSpace(f.Get(fsm.FieldParentNINO)); raw != "" {
		n, err := identity.ParseNINO(raw)
		if err != nil {
			bad(fsm.FieldParentNINO, "fsm.parent.nino.invalid")
		}
		app.Parent.NINO = n
	}
	for _, raw := range f[fsm.FieldBenefits] {
		b, err := fsm.ParseBenefit(raw)
		if err != nil {
			bad(fsm.FieldBenefits, "fsm.benefit.invalid")
			continue
		}
		app.Circumstances.Benefits = append(app.Circumstances.Benefits, b)
	}
	ucField := councilkit.IndexField(fsm.FieldUniversalCreditEarned, 0)
	if raw := strings.TrimSpace(f.Get(ucField)); raw != "" {
		a, err := payments.ParseAmount(raw)
		if err != nil {
			bad(ucField, "fsm.money.invalid")
		} else {
			app.Circumstances.UniversalCreditEarnings = []payments.Amount{a}
		}
	}
	if raw := strings.TrimSpace(f.Get(fsm.FieldChildTaxCreditIncome)); raw != "" {
		a, err := payments.ParseAmount(raw)
		if err != nil {
			bad(fsm.FieldChildTaxCreditIncome, "fsm.money.invalid")
		} else {
			app.Circumstances.ChildTaxCreditIncome = &a
		}
	}

	errs := own
	if err := app.Validate(today); err != nil {
		pkg, other := problemsOf(err, tag)
		if other != nil {
			s.serverError(w, r, "validate free school meals", other)
			return
		}
		for i, e := range pkg {
			// The package says "Enter a date of birth" for both dates;
			// the text input and date input patterns name the field as the
			// form labels it ("Enter your date of birth").
			if t, ok := catalogue["fsm.required."+e.Field]; ok && (e.Code == councilkit.CodeRequired || e.Code == fsm.CodeNINOOrNASSRequired) {
				pkg[i].Message = t.In(tag)
			}
		}
		errs = addProblems(errs, pkg)
	}
	if len(errs) > 0 {
		s.fsmPage(w, r, http.StatusUnprocessableEntity, errs)
		return
	}
	// The check is kept (with its decision, recorded as an event) so that
	// it appears in the resident's "Your applications and payments".
	rec := &fsm.Record{ID: uuid.NewString(), Application: app, Received: today}
	if err := rec.Decide(s.cfg.Clock); err != nil {
		s.serverError(w, r, "decide free school meals", err)
		return
	}
	ctx := events.WithActor(r.Context(), events.Actor{Kind: events.ActorResident})
	if err := s.fsm.Create(ctx, s.site(r).council, rec); err != nil {
		s.unavailable(w, r, err)
		return
	}
	if err := s.linkMine(r, linkFSM, rec.ID); err != nil {
		s.unavailable(w, r, err)
		return
	}
	s.trackFreeSchoolMeals(r, rec.ID) // events.go
	dec := rec.Decision
	d := fsmResultData{Decision: dec, Basis: dec.Basis.Text(), Reasons: dec.Reasons}
	if u := sessionFrom(r).User(); u != nil && u.Role >= roleOfficer {
		d.Sources = true
	}
	for _, e := range dec.Evidence {
		d.Evidence = append(d.Evidence, e.Text())
	}
	s.render(w, r, http.StatusOK, "fsm-result", s.newView(r, d))
}

func (s *server) fsmRoutes() {
	s.handle("GET /free-school-meals", s.requireLevel(roleResident, onelogin.IdentityChecked(), s.fsmForm))
	s.handle("POST /free-school-meals", s.requireLevel(roleResident, onelogin.IdentityChecked(), s.fsmSubmit))
}
