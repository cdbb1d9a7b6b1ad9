package admissions

import (
	"fmt"
	"github.com/lgds/councilkit/identity"
	"log/slog"
	"slices"
	"strconv"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/internal/enum"
)

// LookedAfterStatus records whether a child is, or was, in public care. The
// zero LookedAfterStatus is NotLookedAfter, "not_looked_after".
type LookedAfterStatus uint8

// Looked-after statuses. Values are append-only.
const (
	NotLookedAfter LookedAfterStatus = iota
	// CurrentlyLookedAfter: in the care of a local authority, or provided
	// with accommodation by one (Children Act 1989, section 22).
	CurrentlyLookedAfter
	// PreviouslyLookedAfter: was looked after and left care through
	// adoption, a child arrangements order or a special guardianship
	// order, including a child adopted from state care outside England
	// (Code paragraph 1.7 and footnote).
	PreviouslyLookedAfter
)

var lookedAfterNames = [...]string{"not_looked_after", "currently_looked_after", "previously_looked_after"}

// String returns the status's name, such as "previously_looked_after".
func (s LookedAfterStatus) String() string {
	return enum.Name(lookedAfterNames[:], s, "LookedAfterStatus")
}

// MarshalText implements encoding.TextMarshaler; an undefined status is an
// error.
func (s LookedAfterStatus) MarshalText() ([]byte, error) {
	return enum.Marshal(lookedAfterNames[:], s, "admissions", "LookedAfterStatus")
}

// UnmarshalText implements encoding.TextUnmarshaler, accepting the names
// String gives.
func (s *LookedAfterStatus) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[LookedAfterStatus](lookedAfterNames[:], string(b))
	if !ok {
		return enum.Unknown("admissions", "looked-after status", string(b))
	}
	*s = v
	return nil
}

// Need is an exceptional medical or social need for particular schools.
type Need struct {
	// Schools the professional evidence says the child needs.
	Schools []URN `json:"schools,omitempty"`
	// Evidence is a reference to the evidence held (not the evidence
	// itself). A need without evidence is ignored.
	Evidence string `json:"evidence,omitempty"`
}

// IsZero reports whether n records no need: no schools and no evidence.
// An empty but non-nil Schools counts as none, as it does in JSON, where
// it is left out; so an Application's exceptional_need (omitzero) is left
// out too, and encoding, decoding and encoding again gives the same bytes.
func (n Need) IsZero() bool { return len(n.Schools) == 0 && n.Evidence == "" }

// Application is one child's application in a coordinated round.
type Application struct {
	// ID is the authority's unique reference for the application. It
	// also seeds the child's random draw, so it must not change once the
	// round is run.
	ID string `json:"id" validate:"required"`
	// Child holds the child's name and date of birth.
	Child identity.Person `json:"child"`
	// UPN is the child's unique pupil number, if known.
	UPN identity.UPN `json:"upn,omitzero"`
	// Parent is the parent or carer making the application.
	Parent identity.Person `json:"parent"`
	// Home is the child's home address. Distances are measured from
	// Home.Grid (OSGB36 easting and northing in metres) or, when that is
	// zero, from Home.LatLon (WGS84) converted to the grid.
	Home identity.Address `json:"home"`
	// EntryYear and SchoolYear say which intake the application is for.
	EntryYear  YearGroup  `json:"entry_year"`
	SchoolYear SchoolYear `json:"school_year"`
	// Preferences are the schools in the parent's order, first preference
	// first. Under the equal preference scheme the order matters only to
	// the parent: schools never see it (Code paragraph 1.9).
	Preferences []URN `json:"preferences" validate:"notblank"`
	// Received is the date the application reached the authority.
	Received calendar.Date `json:"received" validate:"required"`
	// Deferred marks a summer-born child whose parents' request to start
	// Reception a year after their cohort was agreed (Code paragraphs
	// 2.18 to 2.20); the child is then in the following cohort.
	Deferred bool `json:"deferred,omitempty"`

	// The facts the criteria read.
	LookedAfter     LookedAfterStatus `json:"looked_after,omitempty"`
	EHCPlanSchool   URN               `json:"ehc_plan_school,omitempty"`
	SiblingsAt      []URN             `json:"siblings_at,omitempty"`
	Faith           string            `json:"faith,omitempty"`
	StaffAt         []URN             `json:"staff_at,omitempty"`
	ExceptionalNeed Need              `json:"exceptional_need,omitzero"`

	// Version is maintained by stores for optimistic concurrency.
	Version int64 `json:"version"`
}

// LogValue implements slog.LogValuer: only the reference and the shape of
// the application, never the child's name, date of birth or address.
// It has a value receiver so that an Application logged by value is
// redacted too.
func (a Application) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", a.ID),
		slog.String("entry", a.EntryYear.String()),
		slog.String("year", a.SchoolYear.String()),
		slog.Int("preferences", len(a.Preferences)),
	)
}

// Clone returns a deep copy.
func (a *Application) Clone() *Application {
	b := *a
	b.Preferences = append([]URN(nil), a.Preferences...)
	b.SiblingsAt = append([]URN(nil), a.SiblingsAt...)
	b.StaffAt = append([]URN(nil), a.StaffAt...)
	b.ExceptionalNeed.Schools = append([]URN(nil), a.ExceptionalNeed.Schools...)
	b.Home.Lines = append([]string(nil), a.Home.Lines...)
	return &b
}

// TieBreakMode says how the random draw is made.
type TieBreakMode uint8

// Tie-break modes.
const (
	// SingleTieBreak draws one number per child, used at every school.
	SingleTieBreak TieBreakMode = iota
	// MultipleTieBreak draws a separate number for each child at each
	// school.
	MultipleTieBreak
)

var tieBreakNames = [...]string{"single", "multiple"}

// String returns "single" or "multiple".
func (m TieBreakMode) String() string { return enum.Name(tieBreakNames[:], m, "TieBreakMode") }

// MarshalText encodes the mode as "single" or "multiple"; an undefined mode
// is an error.
func (m TieBreakMode) MarshalText() ([]byte, error) {
	return enum.Marshal(tieBreakNames[:], m, "admissions", "TieBreakMode")
}

// UnmarshalText accepts "single" or "multiple".
func (m *TieBreakMode) UnmarshalText(b []byte) error {
	switch string(b) {
	case "single":
		*m = SingleTieBreak
	case "multiple":
		*m = MultipleTieBreak
	default:
		return fmt.Errorf("admissions: tie-break mode must be single or multiple")
	}
	return nil
}

// TieBreak is the random tie-break of a round: the published seed and the
// mode. The draw for a child is a pure function of the seed and the
// application ID (and the school's URN under MultipleTieBreak), so anyone
// holding the seed can recompute it; see Draw.
type TieBreak struct {
	Seed uint64       `json:"seed"`
	Mode TieBreakMode `json:"mode"`
}

// Scheme is an authority's coordinated scheme for one intake.
type Scheme struct {
	Council    councilkit.Council `json:"council"`
	EntryYear  YearGroup          `json:"entry_year"`
	SchoolYear SchoolYear         `json:"school_year"`
	// ClosingDate is the last day an application is on time.
	ClosingDate calendar.Date `json:"closing_date"`
	// OfferDate is national offer day: 1 March for secondary and 16 April
	// for primary, or the next working day (see NationalOfferDay).
	OfferDate calendar.Date `json:"offer_date"`
	// MaxPreferences is how many schools a parent may name: no fewer
	// than three (SI 2012/8, Schedule 2, paragraph 1(c)(ii)), commonly
	// six for secondary.
	MaxPreferences int `json:"max_preferences"`
	// LateWithOnTime ranks late applications together with on-time ones.
	// By default late applications are ranked after every on-time one at
	// each school; they are never rejected for being late.
	LateWithOnTime bool `json:"late_with_on_time,omitempty"`
	// OfferNearestWithPlace offers a child placed at none of their
	// preferences the nearest school of the round with a place left,
	// children taken in order of their draw. A child whose home location
	// is unknown is left unplaced, for the authority to place by hand; a
	// school whose location is unknown is never offered as the nearest.
	OfferNearestWithPlace bool `json:"offer_nearest_with_place,omitempty"`
	// TieBreak is the published random tie-break.
	TieBreak TieBreak `json:"tie_break"`
	// Schools are the schools taking part.
	Schools []School `json:"schools"`
}

// IsLate reports whether a was received after the closing date.
func (s *Scheme) IsLate(a *Application) bool {
	return !s.ClosingDate.IsZero() && a.Received.After(s.ClosingDate)
}

func (s *Scheme) school(u URN) *School {
	for i := range s.Schools {
		if s.Schools[i].URN == u {
			return &s.Schools[i]
		}
	}
	return nil
}

var (
	textDuplicateSchool = text("preference.duplicate_school")
	textNotInRound      = text("preference.not_in_round")
	textWrongPhase      = text("preference.wrong_phase")
	textOutsideCohort   = text("child.outside_cohort")
	textDeferral        = text("deferral.not_summer_born")
	textLate            = text("application.late")
	textMissingLocation = text("child.location.required")
	textSchoolLocation  = text("school.location.required")
	textInvalidLocation = text("location.invalid")
	textEvidence        = text("evidence.required")
)

func tooManyText(max int) councilkit.Text {
	return text("preferences.too_many", "max", strconv.Itoa(max))
}

// Validate checks an application against the scheme and returns every
// problem at once as a *councilkit.ValidationError. A late application is
// not an error: it comes back as a warning with CodeLate, and the round
// ranks it after on-time applications.
func (s *Scheme) Validate(a *Application) (warnings []councilkit.Problem, err error) {
	var ps councilkit.Problems
	// The application's own required fields are in its validate tags; the
	// scheme's rules (the cohort, deferral, the number of preferences and
	// the schools in the round) are code.
	tagged := councilkit.ValidateStruct(a)
	ps.MergeField(tagged, "id")
	if a.Child.GivenNames == "" {
		ps.Add("child.given_names", councilkit.CodeRequired, councilkit.RequiredText())
	}
	if a.Child.FamilyName == "" {
		ps.Add("child.family_name", councilkit.CodeRequired, councilkit.RequiredText())
	}
	dob := a.Child.DateOfBirth
	if dob.IsZero() {
		ps.Add("child.date_of_birth", councilkit.CodeRequired, councilkit.RequiredText())
	} else {
		first, last := Cohort(s.EntryYear, s.SchoolYear)
		if a.Deferred {
			if s.EntryYear != Reception || !IsSummerBorn(dob) {
				ps.Add("deferred", CodeDeferralNotAllowed, textDeferral)
			}
			first, last = first.AddYears(-1), last.AddYears(-1)
		}
		if dob.Before(first) || dob.After(last) {
			ps.Add("child.date_of_birth", CodeOutsideCohort, textOutsideCohort)
		}
	}
	badGrid := !a.Home.Grid.IsZero() && !a.Home.Grid.Valid()
	badLatLon := !a.Home.LatLon.IsZero() && (!a.Home.LatLon.Valid() || !known(a.Home.LatLon.ToGrid()))
	if badGrid {
		ps.Add("home.grid", councilkit.CodeInvalid, textInvalidLocation)
	}
	if badLatLon {
		ps.Add("home.lat_lon", councilkit.CodeInvalid, textInvalidLocation)
	}
	switch {
	case len(a.Home.Lines) == 0 && a.Home.Postcode.IsZero() && a.Home.UPRN.IsZero():
		ps.Add("home", councilkit.CodeRequired, councilkit.RequiredText())
	case !known(homePoint(&a.Home)) && !badGrid && !badLatLon:
		ps.Add("home.grid", CodeMissingLocation, textMissingLocation)
	}
	ps.Merge("parent.contact", a.Parent.Contact.Validate(), councilkit.InvalidText())
	ps.MergeField(tagged, "received")
	if a.EntryYear != s.EntryYear {
		ps.Add("entry_year", councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
	}
	if a.SchoolYear != s.SchoolYear {
		ps.Add("school_year", councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
	}
	switch {
	case ps.MergeField(tagged, "preferences"):
	case s.MaxPreferences > 0 && len(a.Preferences) > s.MaxPreferences:
		ps.Add("preferences", CodeTooManyPrefs, tooManyText(s.MaxPreferences))
	}
	for i, u := range a.Preferences {
		f := councilkit.JoinField(councilkit.IndexField("preferences", i), "")
		switch sc := s.school(u); {
		case !u.Valid():
			ps.Add(f, CodeInvalidURN, councilkit.InvalidText())
		case sc == nil:
			ps.Add(f, CodeSchoolNotInRound, textNotInRound)
		case !hasIntake(sc, s.EntryYear) || !sc.Phase.Admits(s.EntryYear):
			ps.Add(f, CodeWrongPhase, textWrongPhase)
		}
		if slices.Contains(a.Preferences[:i], u) {
			ps.Add(f, CodeDuplicateSchool, textDuplicateSchool)
		}
	}
	if len(a.ExceptionalNeed.Schools) > 0 && a.ExceptionalNeed.Evidence == "" {
		ps.Add("exceptional_need.evidence", CodeEvidenceRequired, textEvidence)
	}
	if s.IsLate(a) {
		warnings = append(warnings, councilkit.Problem{Field: "received", Code: CodeLate, Message: textLate})
	}
	return warnings, ps.Err()
}

func hasIntake(sc *School, g YearGroup) bool {
	_, ok := sc.PAN[g]
	return ok
}
