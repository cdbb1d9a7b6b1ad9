package planning

import (
	"fmt"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/internal/enum"
)

// AppealGround is what an applicant appeals against. The time limit for an
// appeal depends on it, not on the type of application alone: a refused
// householder application has 12 weeks, the same application granted with
// conditions the applicant objects to, or not decided in time, has 6
// months.
//
// The zero AppealGround is "unknown": it prints as "unknown" and
// AppealTimeLimit refuses it.
type AppealGround uint8

// Grounds of appeal. Append only.
const (
	AppealGroundUnknown    AppealGround = iota // not known: the zero AppealGround, "unknown"
	AppealRefusal                              // the application was refused
	AppealConditions                           // granted subject to conditions the applicant objects to
	AppealNonDetermination                     // not decided within the period allowed (DMPO 2015 art. 34)
)

var appealGroundNames = [...]string{"unknown", "refusal", "conditions", "non_determination"}

var appealGroundTexts = [...]councilkit.Text{
	text("appeal.ground.unknown"),
	text("appeal.ground.refusal"),
	text("appeal.ground.conditions"),
	text("appeal.ground.non_determination"),
}

// IsValid reports whether g is one of the grounds above.
func (g AppealGround) IsValid() bool { return g >= AppealRefusal && g <= AppealNonDetermination }

// String returns "refusal", "conditions", "non_determination", "unknown"
// for the zero value, or "AppealGround(n)" for a value out of range.
func (g AppealGround) String() string {
	if int(g) < len(appealGroundNames) {
		return appealGroundNames[g]
	}
	return fmt.Sprintf("AppealGround(%d)", uint8(g))
}

// Text describes the ground in English and Welsh.
func (g AppealGround) Text() councilkit.Text {
	if int(g) < len(appealGroundTexts) {
		return appealGroundTexts[g]
	}
	return appealGroundTexts[0]
}

// ParseAppealGround parses "refusal", "conditions" or "non_determination".
// Anything else, "unknown" and the empty string included, is a
// *councilkit.ValidationError at field "ground".
func ParseAppealGround(s string) (AppealGround, error) {
	for g := AppealRefusal; g <= AppealNonDetermination; g++ {
		if s == appealGroundNames[g] {
			return g, nil
		}
	}
	return 0, appealProblem("ground", councilkit.CodeInvalidChoice, groundText)
}

// MarshalText implements encoding.TextMarshaler: the ground's name, and
// "unknown" for the zero AppealGround, as String; a value out of range is
// an error.
func (g AppealGround) MarshalText() ([]byte, error) {
	return enum.Marshal(appealGroundNames[:], g, "planning", "AppealGround")
}

// UnmarshalText implements encoding.TextUnmarshaler: "unknown", or the
// empty string as versions before the zero ground had a name wrote it, is
// AppealGroundUnknown; anything else is read as ParseAppealGround reads it.
func (g *AppealGround) UnmarshalText(b []byte) error {
	if len(b) == 0 || string(b) == appealGroundNames[AppealGroundUnknown] {
		*g = AppealGroundUnknown
		return nil
	}
	v, err := ParseAppealGround(string(b))
	if err != nil {
		return err
	}
	*g = v
	return nil
}

// CodeNotModelled is the problem code for an input whose effect on the
// answer this package does not work out.
const CodeNotModelled councilkit.Code = "not_modelled"

// AppealCase holds what fixes the time limit for an appeal by the
// applicant against a decision on an application in England, or against
// the failure to make one. The zero AppealCase is not valid: Type and
// Ground are always needed.
type AppealCase struct {
	// Type is the type of application.
	Type ApplicationType `json:"type"`
	// Ground is what the appeal is against.
	Ground AppealGround `json:"ground"`
	// Householder says the application is a householder application
	// although its type does not show it: an application for approval of
	// details reserved by condition, or of reserved matters, in relation
	// to development of an existing dwellinghouse (DMPO 2015 art. 2(1)).
	// Types for which IsHouseholder is true are householder applications
	// whatever this says.
	Householder bool `json:"householder,omitempty"`
	// MinorCommercial says the application is a minor commercial
	// application (DMPO 2015 art. 2(1), inserted in the 2010 Order by S.I.
	// 2013/2136): for development of an existing building, or part of one,
	// used for a purpose in Schedule 1A (shops, financial and
	// professional services, restaurants and cafés, drinking
	// establishments, hot food takeaways), or for an approval required
	// under a permission for such development, that does not include a
	// change of use, a change to the number of units, development not
	// wholly at ground floor level, or an increase in gross internal area.
	// The package cannot tell this from the type; the caller decides it.
	MinorCommercial bool `json:"minor_commercial,omitempty"`
	// Received is the day the application was made. It is needed only
	// when EnforcementServed is set.
	Received calendar.Date `json:"received,omitzero"`
	// Decided is the date of the notice of decision; needed for a refusal
	// or conditions.
	Decided calendar.Date `json:"decided,omitzero"`
	// DeterminationDeadline is the last day of the period the authority
	// had to decide the application (DeterminationDeadline, or the
	// extended period agreed in writing); needed for non-determination.
	DeterminationDeadline calendar.Date `json:"determination_deadline,omitzero"`
	// EnforcementServed is the day an enforcement notice was served
	// relating to the same, or substantially the same, land and
	// development as the application; zero when there is none.
	EnforcementServed calendar.Date `json:"enforcement_served,omitzero"`
}

// AppealLimit is the time limit for an appeal.
type AppealLimit struct {
	// Last is the last day on which the appeal may be made. It is zero
	// when there is no time limit.
	Last calendar.Date `json:"last,omitzero"`
	// Period is the period that ends on Last, and Start the day it begins
	// with: 12 weeks beginning with the date of the decision notice, 28
	// days beginning with the day an enforcement notice was served.
	Period Period        `json:"-"`
	Start  calendar.Date `json:"start,omitzero"`
	// Rule cites the provision that sets the limit, such as "DMPO 2015
	// art. 37(2)(a)".
	Rule string `json:"rule"`
}

// HasLimit reports whether there is a time limit.
func (l AppealLimit) HasLimit() bool { return !l.Last.IsZero() }

// appealsUnderSection78 reports whether appeals on the type are made under
// s. 78 of the Town and Country Planning Act 1990, with the time limits of
// DMPO 2015 art. 37.
func appealsUnderSection78(t ApplicationType) bool {
	switch t.Kind() {
	case KindPlanningPermission:
		return t.String() != "pp.full.advertConsent"
	case KindOutline, KindPermissionInPrinciple, KindReservedMatters, KindConditions, KindPriorApproval:
		return true
	}
	return false
}

// AppealTimeLimit returns the time limit for the applicant's appeal in
// England.
//
// Appeals on planning permission, permission in principle, approval of
// reserved matters or of details reserved by condition, and prior approval
// are made under s. 78 of the Town and Country Planning Act 1990, with the
// time limits of DMPO 2015 art. 37(2):
//
//   - a refused householder or minor commercial application: 12 weeks
//     beginning with the date of the decision notice (art. 37(2)(a));
//   - any other refusal, and conditions on any permission, householder
//     included: 6 months beginning with the date of the notice (art.
//     37(2)(d)(i));
//   - non-determination, householder included: 6 months beginning with the
//     day after the determination deadline (art. 37(2)(d)(ii));
//   - an enforcement notice relating to the same, or substantially the
//     same, land and development, served before the decision (or before the
//     determination deadline passed) and not more than two years before the
//     application was made: 28 days beginning with the date of the
//     decision notice, or the day after the deadline (a "type A" appeal,
//     art. 37(2)(b));
//   - such a notice served on or after that day: 28 days beginning with
//     the day it was served (a "type B" appeal, art. 37(2)(c)), or the
//     usual limit if that ends sooner.
//
// Other consents:
//
//   - listed building consent: 6 months from the decision or from the end
//     of the period for deciding (Planning (Listed Buildings and
//     Conservation Areas) Regulations 1990 reg. 8);
//   - advertisement consent: 8 weeks from the decision or from the end of
//     the period for deciding (Control of Advertisements Regulations 2007
//     Sch. 4 para. 2);
//   - tree preservation order consent: 28 days from the decision (Town and
//     Country Planning (Tree Preservation) (England) Regulations 2012 reg.
//     20), and no time limit for non-determination (GOV.UK, "Appeal a
//     decision about a tree preservation order");
//   - lawful development certificates, and types with no appeal modelled:
//     no time limit (HasLimit is false).
//
// A period "from" a date is counted as beginning with that date, as
// Period.EndBeginningWith does. That is the cautious reading: where "from"
// leaves the date itself out, the last day is one later. The Secretary of
// State may allow a longer period in any case; that is not modelled.
//
// Every problem with c is reported at once as a *councilkit.ValidationError
// with English and Welsh messages: a zero Type or Ground, a missing date the
// ground needs, a date before the application was made, MinorCommercial or
// Householder on a type that cannot be one, and an enforcement notice on a
// type whose enforcement-linked limits are not modelled (CodeNotModelled).
//
// Not modelled: Wales (the Development Management Procedure (Wales) Order
// 2012 has its own appeal article and definitions); appeals against an
// enforcement notice itself (s. 174 of the 1990 Act: before the notice
// takes effect); listed building and advertisement enforcement; the
// further-information notice of art. 37(2)(d)(iii); whether an application
// is minor commercial, which the caller decides.
func AppealTimeLimit(c AppealCase) (AppealLimit, error) {
	if err := c.validate(); err != nil {
		return AppealLimit{}, err
	}
	l := c.limit()
	if !l.Period.IsZero() && l.Last.IsZero() {
		// The period runs past the end of the calendar (year 9999).
		field := "decided"
		if c.Ground == AppealNonDetermination {
			field = "determination_deadline"
		}
		return AppealLimit{}, appealProblem(field, councilkit.CodeTooLarge, tooLateText)
	}
	return l, nil
}

// limit works out the limit for a valid case.
func (c AppealCase) limit() AppealLimit {
	t := c.Type
	from := c.Decided
	if c.Ground == AppealNonDetermination {
		from = c.DeterminationDeadline.AddDays(1)
	}
	if !appealsUnderSection78(t) {
		switch {
		case t.Kind() == KindListedBuilding:
			return limit(Months(6), from, "Planning (Listed Buildings and Conservation Areas) Regulations 1990 reg. 8")
		case t.Kind() == KindAdvertisement, t.String() == "pp.full.advertConsent":
			return limit(Weeks(8), from, "Control of Advertisements Regulations 2007 Sch. 4 para. 2")
		case t.String() == "wtt.consent" && c.Ground != AppealNonDetermination:
			return limit(Days(28), from, "Town and Country Planning (Tree Preservation) (England) Regulations 2012 reg. 20")
		}
		return AppealLimit{Rule: "no time limit"}
	}

	usual := limit(Months(6), from, "DMPO 2015 art. 37(2)(d)")
	if c.Ground == AppealRefusal && (t.IsHouseholder() || c.Householder || c.MinorCommercial) {
		usual = limit(Weeks(12), from, "DMPO 2015 art. 37(2)(a)")
	}
	served := c.EnforcementServed
	switch {
	case served.IsZero():
		return usual
	case served.Before(from):
		// Type A: served before the decision, or before the period for
		// deciding ended, and not more than two years before the
		// application was made.
		if !served.Before(c.Received.AddYears(-2)) {
			return limit(Days(28), from, "DMPO 2015 art. 37(2)(b)")
		}
		return usual
	}
	// Type B: served on or after the decision, or after the period ended;
	// 28 days from service unless the usual limit ends first.
	b := limit(Days(28), served, "DMPO 2015 art. 37(2)(c)")
	if usual.Last.Before(b.Last) {
		return usual
	}
	return b
}

func limit(p Period, start calendar.Date, rule string) AppealLimit {
	return AppealLimit{Last: p.EndBeginningWith(start), Period: p, Start: start, Rule: rule}
}

var (
	groundText          = text("appeal.ground.required")
	decidedText         = text("appeal.decided.required")
	deadlineText        = text("appeal.deadline.required")
	receivedText        = text("appeal.received.required")
	beforeReceivedText  = text("appeal.date.before_received")
	minorCommercialText = text("appeal.minor_commercial")
	householderText     = text("appeal.householder")
	tooLateText         = text("appeal.date.too_late")
	enforcementText     = text("appeal.enforcement")
)

func appealProblem(field string, code councilkit.Code, msg councilkit.Text) error {
	return &councilkit.ValidationError{Problems: []councilkit.Problem{{Field: field, Code: code, Message: msg}}}
}

// validate reports every problem with c.
func (c AppealCase) validate() error {
	var ps councilkit.Problems
	if c.Type.IsZero() {
		ps.Add("type", councilkit.CodeRequired, text("type.required"))
	}
	switch {
	case c.Ground == 0:
		ps.Add("ground", councilkit.CodeRequired, groundText)
	case !c.Ground.IsValid():
		ps.Add("ground", councilkit.CodeInvalidChoice, groundText)
	case c.Ground == AppealNonDetermination:
		if c.DeterminationDeadline.IsZero() {
			ps.Add("determination_deadline", councilkit.CodeRequired, deadlineText)
		} else if !c.Received.IsZero() && c.DeterminationDeadline.Before(c.Received) {
			ps.Add("determination_deadline", councilkit.CodeTooSmall, beforeReceivedText)
		}
	default:
		if c.Decided.IsZero() {
			ps.Add("decided", councilkit.CodeRequired, decidedText)
		} else if !c.Received.IsZero() && c.Decided.Before(c.Received) {
			ps.Add("decided", councilkit.CodeTooSmall, beforeReceivedText)
		}
	}
	if !c.Type.IsZero() {
		s78 := appealsUnderSection78(c.Type)
		if c.MinorCommercial && (!s78 || c.Type.IsHouseholder() || c.Householder) {
			ps.Add("minor_commercial", councilkit.CodeInvalidChoice, minorCommercialText)
		}
		if c.Householder && !s78 {
			ps.Add("householder", councilkit.CodeInvalidChoice, householderText)
		}
		if !c.EnforcementServed.IsZero() {
			switch {
			case !s78:
				ps.Add("enforcement_served", CodeNotModelled, enforcementText)
			case c.Received.IsZero():
				ps.Add("received", councilkit.CodeRequired, receivedText)
			}
		}
	}
	return ps.Err()
}
