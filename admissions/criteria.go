package admissions

import (
	"slices"

	"github.com/lgds/councilkit"
)

// A Criterion is one oversubscription criterion: a test a child's
// application meets or not for one school. A school lists its criteria in
// priority order (School.Criteria); a child is ranked by the first one they
// meet, and children who meet the same one are ordered by distance and the
// random draw. The built-in criteria below cover what most arrangements
// use; a council adds its own by implementing Criterion (or with
// CriterionFunc) without changing this package.
//
// Meets is called once for each preference of each child in a round, from
// a single goroutine, and must not keep the pointers it is given.
type Criterion interface {
	// Code is a stable machine name such as "sibling", shown in reasons.
	Code() string
	// Describe says what the criterion is, in English and Welsh, for
	// outcome letters.
	Describe() councilkit.Text
	// Meets reports whether the application meets the criterion at the
	// school.
	Meets(a *Application, s *School) bool
}

// LookedAfter is met by looked after children and previously looked after
// children, including those adopted from state care outside England. The
// Code requires them to have the highest priority (School Admissions Code
// 2021, paragraph 1.7).
type LookedAfter struct{}

// Code implements Criterion.
func (LookedAfter) Code() string { return "looked_after" }

// Describe implements Criterion.
func (LookedAfter) Describe() councilkit.Text {
	return text("criterion.looked_after")
}

// Meets implements Criterion.
func (LookedAfter) Meets(a *Application, _ *School) bool { return a.LookedAfter != NotLookedAfter }

// ExceptionalNeed is met by a child with an exceptional medical or social
// need to attend the school, supported by professional evidence the
// admission authority has accepted (Code paragraph 1.16).
type ExceptionalNeed struct{}

// Code implements Criterion.
func (ExceptionalNeed) Code() string { return "exceptional_need" }

// Describe implements Criterion.
func (ExceptionalNeed) Describe() councilkit.Text {
	return text("criterion.exceptional_need")
}

// Meets implements Criterion: the need must name this school and carry
// evidence.
func (ExceptionalNeed) Meets(a *Application, s *School) bool {
	return a.ExceptionalNeed.Evidence != "" && slices.Contains(a.ExceptionalNeed.Schools, s.URN)
}

// Sibling is met by a child with a brother or sister at the school who will
// still attend it on admission (Code paragraph 1.11).
type Sibling struct{}

// Code implements Criterion.
func (Sibling) Code() string { return "sibling" }

// Describe implements Criterion.
func (Sibling) Describe() councilkit.Text {
	return text("criterion.sibling")
}

// Meets implements Criterion.
func (Sibling) Meets(a *Application, s *School) bool { return slices.Contains(a.SiblingsAt, s.URN) }

// InCatchment is met by a child whose home is in the school's catchment area
// (Code paragraph 1.14). A school without a Catchment meets no one.
type InCatchment struct{}

// Code implements Criterion.
func (InCatchment) Code() string { return "catchment" }

// Describe implements Criterion.
func (InCatchment) Describe() councilkit.Text {
	return text("criterion.catchment")
}

// Meets implements Criterion.
func (InCatchment) Meets(a *Application, s *School) bool {
	return s.Catchment != nil && s.Catchment.Contains(a.Home)
}

// Faith is met by a child whose faith evidence matches the school's faith,
// for schools designated with a religious character (Code paragraphs 1.36
// to 1.38).
type Faith struct{}

// Code implements Criterion.
func (Faith) Code() string { return "faith" }

// Describe implements Criterion.
func (Faith) Describe() councilkit.Text {
	return text("criterion.faith")
}

// Meets implements Criterion.
func (Faith) Meets(a *Application, s *School) bool {
	return s.Faith != "" && a.Faith == s.Faith
}

// ChildOfStaff is met by a child of a member of staff at the school, on the
// terms the arrangements set (Code paragraph 1.39).
type ChildOfStaff struct{}

// Code implements Criterion.
func (ChildOfStaff) Code() string { return "child_of_staff" }

// Describe implements Criterion.
func (ChildOfStaff) Describe() councilkit.Text {
	return text("criterion.staff")
}

// Meets implements Criterion.
func (ChildOfStaff) Meets(a *Application, s *School) bool { return slices.Contains(a.StaffAt, s.URN) }

// CriterionFunc makes a council's own criterion from a function, for when a
// full type is not worth it.
type CriterionFunc struct {
	Name string
	Text councilkit.Text
	Func func(a *Application, s *School) bool
}

// Code implements Criterion.
func (c CriterionFunc) Code() string { return c.Name }

// Describe implements Criterion.
func (c CriterionFunc) Describe() councilkit.Text { return c.Text }

// Meets implements Criterion.
func (c CriterionFunc) Meets(a *Application, s *School) bool { return c.Func != nil && c.Func(a, s) }

// OtherChildren is the code of the implicit last tier: children who meet
// none of a school's criteria, ranked by distance and the draw.
const OtherChildren = "other"

// EHCPlanCode is the code reported for a child admitted because their
// education, health and care plan names the school (Code paragraph 1.6).
const EHCPlanCode = "ehc_plan"

// StandardCriteria returns the criteria most community school arrangements
// use, in the usual order: looked after, exceptional need, sibling,
// catchment. Distance orders children within each and ranks everyone else.
func StandardCriteria() []Criterion {
	return []Criterion{LookedAfter{}, ExceptionalNeed{}, Sibling{}, InCatchment{}}
}
