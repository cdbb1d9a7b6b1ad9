package planning

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

func TestApplicationTypes(t *testing.T) {
	all := ApplicationTypes()
	if len(all) != 105 {
		t.Errorf("%d types, the v0.7.7 schema lists 105", len(all))
	}
	seen := map[string]bool{}
	for _, ty := range all {
		if seen[ty.String()] {
			t.Errorf("duplicate %s", ty)
		}
		seen[ty.String()] = true
		back, err := ParseApplicationType(ty.String())
		if err != nil || back != ty {
			t.Errorf("round trip %s: %v", ty, err)
		}
		if ty.Description() == "" {
			t.Errorf("%s has no description", ty)
		}
	}
	cases := []struct {
		code  string
		kind  Kind
		major bool
		hh    bool
	}{
		{"pp.full.householder", KindPlanningPermission, false, true},
		{"pp.full.householder.retro", KindPlanningPermission, false, true},
		{"pp.full.major", KindPlanningPermission, true, false},
		{"pp.outline.major.some.waste", KindOutline, true, false},
		{"pp.outline.minor", KindOutline, false, false},
		{"pp.pip", KindPermissionInPrinciple, false, false},
		{"approval.reservedMatters", KindReservedMatters, false, false},
		{"approval.conditions", KindConditions, false, false},
		{"listed", KindListedBuilding, false, false},
		{"ldc.proposed", KindLawfulDevelopment, false, false},
		{"pa.part3.classMA", KindPriorApproval, false, false},
		{"advertConsent", KindAdvertisement, false, false},
		{"amendment.nonMaterial", KindAmendment, false, false},
		{"wtt.notice", KindWorksToTrees, false, false},
		{"obligation", KindOther, false, false},
		{"pa", KindPriorApproval, false, false},
	}
	for _, c := range cases {
		ty := MustParseApplicationType(c.code)
		if ty.Kind() != c.kind || ty.IsMajor() != c.major || ty.IsHouseholder() != c.hh {
			t.Errorf("%s: kind %s major %v householder %v", c.code, ty.Kind(), ty.IsMajor(), ty.IsHouseholder())
		}
	}
	// "ppx" must not count as "pp".
	if _, err := ParseApplicationType("PP.FULL"); !errors.Is(err, ErrUnknownType) {
		t.Error("codes are case-sensitive")
	}
}

func TestApplicationTypeEncoding(t *testing.T) {
	var v struct {
		T ApplicationType `json:"t"`
	}
	if err := json.Unmarshal([]byte(`{"t":"ldc.existing"}`), &v); err != nil || v.T != TypeLDCExisting {
		t.Fatalf("unmarshal = %v %v", v.T, err)
	}
	b, _ := json.Marshal(v)
	if string(b) != `{"t":"ldc.existing"}` {
		t.Errorf("marshal = %s", b)
	}
	if err := json.Unmarshal([]byte(`{"t":"pp.nonsense"}`), &v); !errors.Is(err, ErrUnknownType) {
		t.Errorf("unknown code: %v", err)
	}
	var s ApplicationType
	if err := s.Scan("listed"); err != nil || s != TypeListed {
		t.Errorf("Scan = %v %v", s, err)
	}
	if err := s.Scan(nil); err != nil || !s.IsZero() {
		t.Errorf("Scan(nil) = %v %v", s, err)
	}
	if v, _ := s.Value(); v != "none" {
		t.Errorf("zero Value = %v, want none", v)
	}
	if err := s.Scan(3); err == nil {
		t.Error("Scan(int) accepted")
	}
}

func TestFeeRuleMatchesCalculate(t *testing.T) {
	// Every type whose rule is "not modelled" gets ErrFeeNotModelled, and
	// every other type gets a fee or a validation error asking for input.
	for _, ty := range ApplicationTypes() {
		_, err := Calculate(FeeInput{Type: ty, Made: in2025})
		notModelled := errors.Is(err, ErrFeeNotModelled)
		if notModelled != (ty.FeeRule() == FeeNotModelled) {
			t.Errorf("%s: rule %s, Calculate error %v", ty, ty.FeeRule(), err)
		}
	}
	if TypeListed.FeeRule() != FeeNone || TypeLDCProposed.FeeRule() != FeeScheduleOneHalf || TypeHouseholder.FeeRule().String() != "schedule_1" {
		t.Error("fee rules")
	}
}

func TestTypeRequirements(t *testing.T) {
	// The national information requirements by type (DMPO 2015 arts. 7, 9,
	// 14 and 39; Listed Buildings Regulations 1990 reg. 3A): what every
	// application of the type needs, wherever it is.
	cases := []struct {
		code      string
		want, not []Requirement
	}{
		{"pp.full.householder", []Requirement{ReqLocationPlan, ReqSitePlan, ReqElevations, ReqFloorPlans, ReqOwnershipCert, ReqFee, ReqDeclaration},
			[]Requirement{ReqDesignAndAccess, ReqHeritageStatement}},
		{"pp.full.major", []Requirement{ReqLocationPlan, ReqDesignAndAccess, ReqFee}, nil},
		{"pp.outline.minor", []Requirement{ReqLocationPlan, ReqOwnershipCert, ReqFee}, []Requirement{ReqElevations, ReqFloorPlans}},
		{"listed", []Requirement{ReqHeritageStatement, ReqDesignAndAccess, ReqElevations, ReqOwnershipCert}, []Requirement{ReqFee}},
		{"ldc.proposed", []Requirement{ReqLocationPlan, ReqFee}, []Requirement{ReqOwnershipCert}},
		{"pa.part1.classA", []Requirement{ReqSitePlan, ReqFee}, []Requirement{ReqLocationPlan}},
		{"wtt.consent", []Requirement{ReqDescription, ReqApplicantName}, []Requirement{ReqFee}},
	}
	for _, c := range cases {
		got := MustParseApplicationType(c.code).Requirements()
		for _, r := range c.want {
			if !slices.Contains(got, r) {
				t.Errorf("%s: %s missing from %v", c.code, r, got)
			}
		}
		for _, r := range c.not {
			if slices.Contains(got, r) {
				t.Errorf("%s: %s should not be required", c.code, r)
			}
		}
	}
}

func TestCodeUnder(t *testing.T) {
	s := Site{Designations: []string{"listed.gradeTwo", "designated.conservationArea", "tpoZone"}}
	for _, c := range []struct {
		code, parent string
		want         bool
	}{
		{"listed", "listed", true},
		{"listed.gradeTwo", "listed", true},
		{"listedBuilding", "listed", false},
		{"listed", "listed.gradeTwo", false},
		{"changeOfUse.annexe", "changeOfUse", true},
		{"pp.full.householder.listed", "pp.full.householder", true},
		{"pp.fullish", "pp.full", false},
	} {
		if got := codeUnder(c.code, c.parent); got != c.want {
			t.Errorf("codeUnder(%q, %q) = %v, want %v", c.code, c.parent, got, c.want)
		}
	}
	if !s.Listed() || !s.InConservationArea() || s.HasDesignation("tpo") || !s.HasDesignation("tpoZone") {
		t.Errorf("designations of %v read wrongly", s.Designations)
	}
}

func TestDocumentTypeDescription(t *testing.T) {
	if got := DocLocationPlan.Description(); got == "" {
		t.Errorf("%s has no description", DocLocationPlan)
	}
	if got := DocumentType("notAFileType").Description(); got != "" {
		t.Errorf("an unknown type has description %q", got)
	}
	for code, desc := range documentTypes {
		if desc == "" {
			t.Errorf("%s has an empty description", code)
		}
	}
}

// The common types are constants (they cannot be reassigned) whose numbers
// must name the code their comment gives, in the Digital Planning Data
// Schemas' list of application types.
func TestTypeConstants(t *testing.T) {
	for code, got := range map[string]ApplicationType{
		"pp.full.householder":      TypeHouseholder,
		"pp.full.minor":            TypeFullMinor,
		"pp.full.major":            TypeFullMajor,
		"pp.outline.minor":         TypeOutlineMinor,
		"pp.outline.major":         TypeOutlineMajor,
		"approval.reservedMatters": TypeReservedMatters,
		"approval.conditions":      TypeConditions,
		"listed":                   TypeListed,
		"ldc.existing":             TypeLDCExisting,
		"ldc.proposed":             TypeLDCProposed,
		"pa.part1.classA":          TypeLargerHomeExtension,
		"pa.part3.classMA":         TypeCommercialToResidence,
		"advertConsent":            TypeAdvertConsent,
		"amendment.nonMaterial":    TypeNonMaterialAmendment,
		"pa.part1.classAA":         typeAddStoreys,
	} {
		if want, err := ParseApplicationType(code); err != nil || got != want || got.String() != code {
			t.Errorf("constant for %q is %d (%q), want %d", code, got, got, want)
		}
	}
}
