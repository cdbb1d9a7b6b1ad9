package planning

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/lgds/councilkit/internal/enum"
)

// ErrUnknownType is returned when a code is not an application type of the
// Digital Planning Data Schemas.
var ErrUnknownType = errors.New("planning: unknown application type")

// typeInfo is one row of typeTable.
type typeInfo struct {
	code        string
	description string
}

// ApplicationType is the kind of application, named by its code in the
// Digital Planning Data Schemas (v0.7.7): "pp.full.householder",
// "ldc.proposed", "pa.part1.classA" … The zero ApplicationType is "no type".
//
// Each type knows its family (Kind), its statutory determination period,
// its appeal window and how its fee is worked out. Store and exchange a type
// by its code (String, MarshalText, Value); the numeric value is internal.
type ApplicationType uint8

var typeByCode = func() map[string]ApplicationType {
	m := make(map[string]ApplicationType, len(typeTable))
	for i := 1; i < len(typeTable); i++ {
		m[typeTable[i].code] = ApplicationType(i)
	}
	return m
}()

// ParseApplicationType returns the type with the given schema code. Codes
// are case-sensitive, as in the schemas.
func ParseApplicationType(code string) (ApplicationType, error) {
	if t, ok := typeByCode[code]; ok {
		return t, nil
	}
	return 0, ErrUnknownType
}

// MustParseApplicationType is ParseApplicationType for codes known at
// compile time; it panics on an unknown code.
func MustParseApplicationType(code string) ApplicationType {
	t, err := ParseApplicationType(code)
	if err != nil {
		panic(fmt.Sprintf("planning: unknown application type %q", code))
	}
	return t
}

// ApplicationTypes returns every type of the schemas, in the schemas' order.
func ApplicationTypes() []ApplicationType {
	out := make([]ApplicationType, 0, len(typeTable)-1)
	for i := 1; i < len(typeTable); i++ {
		out = append(out, ApplicationType(i))
	}
	return out
}

// Common types, for convenience and for switch statements. They are
// constants: each is the position of its code in the package's table of the
// schemas' types, and TestTypeConstants checks every one against its code.
// The numbers are internal and may change between releases when the schemas
// add types; store a type by its code.
const (
	TypeNone                  ApplicationType = 0  // no type: the zero ApplicationType, "none"
	TypeHouseholder           ApplicationType = 79 // pp.full.householder
	TypeFullMinor             ApplicationType = 86 // pp.full.minor
	TypeFullMajor             ApplicationType = 82 // pp.full.major
	TypeOutlineMinor          ApplicationType = 93 // pp.outline.minor
	TypeOutlineMajor          ApplicationType = 96 // pp.outline.major
	TypeReservedMatters       ApplicationType = 7  // approval.reservedMatters
	TypeConditions            ApplicationType = 6  // approval.conditions
	TypeListed                ApplicationType = 20 // listed
	TypeLDCExisting           ApplicationType = 17 // ldc.existing
	TypeLDCProposed           ApplicationType = 19 // ldc.proposed
	TypeLargerHomeExtension   ApplicationType = 33 // pa.part1.classA
	TypeCommercialToResidence ApplicationType = 37 // pa.part3.classMA
	TypeAdvertConsent         ApplicationType = 1  // advertConsent
	TypeNonMaterialAmendment  ApplicationType = 4  // amendment.nonMaterial
)

func (t ApplicationType) info() typeInfo {
	if int(t) < len(typeTable) {
		return typeTable[t]
	}
	return typeInfo{}
}

// String returns the schema code, "none" for TypeNone, or
// "ApplicationType(n)" for a value that is not a type.
func (t ApplicationType) String() string {
	switch {
	case t == TypeNone:
		return "none"
	case int(t) >= len(typeTable):
		return fmt.Sprintf("ApplicationType(%d)", uint8(t))
	}
	return typeTable[t].code
}

// Description returns the schema's English description of the type.
func (t ApplicationType) Description() string { return t.info().description }

// IsZero reports whether t is the zero type.
func (t ApplicationType) IsZero() bool { return t == 0 || int(t) >= len(typeTable) }

func (t ApplicationType) hasPrefix(p string) bool { return codeUnder(t.info().code, p) }

// codeUnder reports whether a dotted code of the schemas is parent or a
// code under it: "listed.gradeTwo" and "listed" are under "listed",
// "listedBuilding" is not.
func codeUnder(code, parent string) bool {
	return code == parent || (len(code) > len(parent) && code[len(parent)] == '.' && strings.HasPrefix(code, parent))
}

// Kind is the family an application type belongs to. The zero Kind is
// KindOther, "other".
type Kind uint8

// Kinds of application. Append only.
const (
	KindOther                  Kind = iota // anything not listed below
	KindPlanningPermission                 // full planning permission (pp.full…, pp.mineralExtraction)
	KindOutline                            // outline planning permission (pp.outline…)
	KindPermissionInPrinciple              // pp.pip
	KindReservedMatters                    // approval.reservedMatters
	KindConditions                         // approval.conditions
	KindAmendment                          // amendment…
	KindListedBuilding                     // listed
	KindLawfulDevelopment                  // ldc…
	KindPriorApproval                      // pa…
	KindAdvertisement                      // advertConsent
	KindWorksToTrees                       // wtt…
	KindComplianceConfirmation             // complianceConfirmation
)

var kindNames = [...]string{"other", "planning_permission", "outline", "permission_in_principle",
	"reserved_matters", "conditions", "amendment", "listed_building", "lawful_development",
	"prior_approval", "advertisement", "works_to_trees", "compliance_confirmation"}

// String returns a stable snake_case name, such as "outline".
func (k Kind) String() string { return enum.Name(kindNames[:], k, "Kind") }

// MarshalText returns the kind's name; an undefined kind is an error.
func (k Kind) MarshalText() ([]byte, error) { return enum.Marshal(kindNames[:], k, "planning", "Kind") }

// UnmarshalText parses a name returned by String.
func (k *Kind) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[Kind](kindNames[:], string(b))
	if !ok {
		return enum.Unknown("planning", "kind of application", string(b))
	}
	*k = v
	return nil
}

// typeAttr caches what the code says about a type, computed once.
type typeAttr struct {
	kind        Kind
	householder bool
	major       bool
}

var typeAttrs = func() [len(typeTable)]typeAttr {
	var out [len(typeTable)]typeAttr
	for i := 1; i < len(typeTable); i++ {
		t := ApplicationType(i)
		out[i] = typeAttr{kind: t.kindOf(), householder: t.hasPrefix("pp.full.householder"),
			major: t.hasPrefix("pp.full.major") || t.hasPrefix("pp.outline.major")}
	}
	return out
}()

func (t ApplicationType) attr() typeAttr {
	if int(t) < len(typeAttrs) {
		return typeAttrs[t]
	}
	return typeAttr{}
}

// Kind returns the family of the type.
func (t ApplicationType) Kind() Kind { return t.attr().kind }

func (t ApplicationType) kindOf() Kind {
	switch {
	case t.hasPrefix("pp.outline"):
		return KindOutline
	case t.hasPrefix("pp.pip"):
		return KindPermissionInPrinciple
	case t.hasPrefix("pp"):
		return KindPlanningPermission
	case t.hasPrefix("approval.reservedMatters"):
		return KindReservedMatters
	case t.hasPrefix("approval.conditions"):
		return KindConditions
	case t.hasPrefix("amendment"):
		return KindAmendment
	case t.hasPrefix("listed"):
		return KindListedBuilding
	case t.hasPrefix("ldc"):
		return KindLawfulDevelopment
	case t.hasPrefix("pa"):
		return KindPriorApproval
	case t.hasPrefix("advertConsent"):
		return KindAdvertisement
	case t.hasPrefix("wtt"):
		return KindWorksToTrees
	case t.hasPrefix("complianceConfirmation"):
		return KindComplianceConfirmation
	}
	return KindOther
}

// IsHouseholder reports whether the type is a householder application
// (pp.full.householder and its listed and retrospective variants).
func (t ApplicationType) IsHouseholder() bool { return t.attr().householder }

// IsMajor reports whether the type's code marks it as major development
// (pp.full.major…, pp.outline.major…). A generic type such as "pp.full"
// may still be major: see Application.IsMajor, which applies the definition in
// article 2(1) of the Development Management Procedure Order 2015.
func (t ApplicationType) IsMajor() bool { return t.attr().major }

// MarshalText returns the schema code, or "none" for TypeNone; a value
// that is not a type is an error.
func (t ApplicationType) MarshalText() ([]byte, error) {
	if int(t) >= len(typeTable) {
		return nil, fmt.Errorf("planning: cannot marshal undefined ApplicationType %d", uint8(t))
	}
	return []byte(t.String()), nil
}

// UnmarshalText parses a schema code as ParseApplicationType does, and
// "none", or empty text as versions before the zero type had a name wrote
// it, as TypeNone.
func (t *ApplicationType) UnmarshalText(b []byte) error {
	if len(b) == 0 || string(b) == "none" {
		*t = TypeNone
		return nil
	}
	v, err := ParseApplicationType(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// Value stores the schema code, or "none" for TypeNone, as MarshalText.
func (t ApplicationType) Value() (driver.Value, error) {
	b, err := t.MarshalText()
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// Scan reads a schema code stored by Value.
func (t *ApplicationType) Scan(src any) error {
	return scanText(src, "ApplicationType", t.UnmarshalText)
}
