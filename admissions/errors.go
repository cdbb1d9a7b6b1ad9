package admissions

import (
	"errors"

	"github.com/lgds/councilkit"
)

// Sentinel errors. Test for them with errors.Is.
var (
	// ErrInvalidURN is wrapped by ParseURN for text that is not a DfE URN.
	ErrInvalidURN = errors.New("admissions: invalid URN")
	// ErrInvalidYearGroup is wrapped by ParseYearGroup.
	ErrInvalidYearGroup = errors.New("admissions: invalid year group")
	// ErrNotFound is returned by stores and by operations on a child or a
	// school the round does not hold. A record of another council is not
	// found. It is councilkit.ErrNotFound: errors.Is matches either name.
	ErrNotFound = councilkit.ErrNotFound
	// ErrDuplicate is returned when a record with the same ID exists. It
	// is councilkit.ErrDuplicate.
	ErrDuplicate = councilkit.ErrDuplicate
	// ErrConflict is returned when an update was made against a stale
	// version of a record. It is councilkit.ErrConflict.
	ErrConflict = councilkit.ErrConflict
	// ErrNoCouncil is returned by stores given the zero Council. It is
	// councilkit.ErrNoCouncil.
	ErrNoCouncil = councilkit.ErrNoCouncil
	// ErrOutsideTerms is returned when a count of school days runs past the
	// last term a TermDates knows.
	ErrOutsideTerms = errors.New("admissions: date outside the term dates supplied")
	// ErrInvalidState is returned when an offer-day operation does not fit
	// the child's state, such as accepting a place that was never offered.
	ErrInvalidState = errors.New("admissions: operation not allowed in this state")
	// ErrInvalidRound is returned by Allocate when the scheme or the
	// applications cannot be allocated; it is wrapped together with a
	// *councilkit.ValidationError describing why.
	ErrInvalidRound = errors.New("admissions: invalid round")
	// ErrInvalidCursor is returned by a Store's List and by ListPage when
	// a Filter's After is not a cursor a page of the same Sort gave
	// (Page.Next). The error is also a *councilkit.ValidationError for
	// the field "after".
	ErrInvalidCursor = errors.New("admissions: invalid page cursor")
)

// Codes of the problems this package reports, beside the shared codes of
// package councilkit. Codes never change meaning once published.
const (
	CodeDuplicateSchool    councilkit.Code = "duplicate_school"
	CodeTooManyPrefs       councilkit.Code = "too_many_preferences"
	CodeSchoolNotInRound   councilkit.Code = "school_not_in_round"
	CodeWrongPhase         councilkit.Code = "wrong_phase"
	CodeOutsideCohort      councilkit.Code = "outside_cohort"
	CodeLate               councilkit.Code = "late_application"
	CodeMissingLocation    councilkit.Code = "missing_location"
	CodeInvalidURN         councilkit.Code = "invalid_urn"
	CodeEvidenceRequired   councilkit.Code = "evidence_required"
	CodeDeferralNotAllowed councilkit.Code = "deferral_not_allowed"
)
