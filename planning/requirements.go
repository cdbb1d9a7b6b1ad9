package planning

import (
	"errors"
	"math"
	"strings"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity"
)

// Sentinel errors for parsed values.
var (
	ErrInvalidDocumentType = errors.New("planning: unknown document type")
	ErrInvalidCertificate  = errors.New("planning: ownership certificate must be A, B, C or D")
)

// DocumentType is what a supplied file shows, named by the schemas'
// FileType code.
type DocumentType string

// Document types the national requirements name.
const (
	DocLocationPlan       DocumentType = "locationPlan"
	DocSitePlanProposed   DocumentType = "sitePlan.proposed"
	DocSitePlanExisting   DocumentType = "sitePlan.existing"
	DocElevationsProposed DocumentType = "elevations.proposed"
	DocFloorPlanProposed  DocumentType = "floorPlan.proposed"
	DocDesignAndAccess    DocumentType = "designAndAccessStatement"
	DocHeritageStatement  DocumentType = "heritageStatement"
)

// ParseDocumentType accepts any FileType code of the schemas.
func ParseDocumentType(s string) (DocumentType, error) {
	if !DocumentType(s).known() {
		return "", ErrInvalidDocumentType
	}
	return DocumentType(s), nil
}

// Description returns the schemas' English description of the file type,
// or "" for a code the schemas do not list.
func (t DocumentType) Description() string { return documentTypes[t] }

func (t DocumentType) known() bool {
	_, ok := documentTypes[t]
	return ok
}

// Requirement is one item of the national information requirements for a
// valid application. Its value is a stable code.
type Requirement string

// Requirements. Append only.
const (
	ReqLocationPlan        Requirement = "location_plan"
	ReqSitePlan            Requirement = "site_plan"
	ReqElevations          Requirement = "elevations"
	ReqFloorPlans          Requirement = "floor_plans"
	ReqDesignAndAccess     Requirement = "design_and_access_statement"
	ReqHeritageStatement   Requirement = "heritage_statement"
	ReqOwnershipCert       Requirement = "ownership_certificate"
	ReqOwnershipNotice     Requirement = "ownership_notice"
	ReqFee                 Requirement = "fee"
	ReqDeclaration         Requirement = "declaration"
	ReqDescription         Requirement = "description"
	ReqSiteAddress         Requirement = "site_address"
	ReqApplicantName       Requirement = "applicant_name"
	ReqApplicantContact    Requirement = "applicant_contact"
	ReqConnectionStatement Requirement = "connection"
)

// Codes of the problems CheckRequirements reports.
const (
	CodeMissingDocument    councilkit.Code = "missing_document"
	CodeMissingCertificate councilkit.Code = "missing_certificate"
	CodeMissingNotice      councilkit.Code = "missing_notice"
	CodeFeeUnpaid          councilkit.Code = "fee_unpaid"
	CodeNotDeclared        councilkit.Code = "not_declared"
	// CodeCoordinatesDisagree: the site's OSGB36 and WGS84 positions are
	// more than MaxCoordinateDisagreement apart.
	CodeCoordinatesDisagree councilkit.Code = "coordinates_disagree"
	// CodeAreaDisagrees: the site area given differs from the area of the
	// red line boundary by more than MaxAreaDisagreement.
	CodeAreaDisagrees councilkit.Code = "area_disagrees"
)

// MaxAreaDisagreement is the fraction by which a site area given with an
// application may differ from the area BoundaryAreaM2 works out from its
// red line before Validate reports it. Areas that tools work out for the
// same boundary on a sphere or an ellipsoid differ by well under 1%.
const MaxAreaDisagreement = 0.05

// MaxCoordinateDisagreement is how far apart, in metres, a site's grid
// reference and its latitude and longitude may be before Validate reports
// them: far more than the few metres of the identity package's transform,
// far less than the distance to the next street.
const MaxCoordinateDisagreement = 100.0

type reqInfo struct {
	field string
	code  councilkit.Code
	msg   councilkit.Text
}

var reqInfos = map[Requirement]reqInfo{
	ReqLocationPlan:        {"documents.location_plan", CodeMissingDocument, text("require.location_plan")},
	ReqSitePlan:            {"documents.site_plan", CodeMissingDocument, text("require.site_plan")},
	ReqElevations:          {"documents.elevations", CodeMissingDocument, text("require.elevations")},
	ReqFloorPlans:          {"documents.floor_plans", CodeMissingDocument, text("require.floor_plans")},
	ReqDesignAndAccess:     {"documents.design_and_access_statement", CodeMissingDocument, text("require.design_and_access")},
	ReqHeritageStatement:   {"documents.heritage_statement", CodeMissingDocument, text("require.heritage_statement")},
	ReqOwnershipCert:       {"ownership.certificate", CodeMissingCertificate, text("require.ownership_certificate")},
	ReqOwnershipNotice:     {"ownership.notice", CodeMissingNotice, text("require.ownership_notice")},
	ReqFee:                 {"fee", CodeFeeUnpaid, text("require.fee")},
	ReqDeclaration:         {"declaration.accurate", CodeNotDeclared, text("require.declaration")},
	ReqConnectionStatement: {"declaration.connection", councilkit.CodeInvalidChoice, text("require.connection_statement")},
	ReqDescription:         {"proposal.description", councilkit.CodeRequired, text("require.description")},
	ReqSiteAddress:         {"site.address", councilkit.CodeRequired, text("require.site_address")},
	ReqApplicantName:       {"applicant.family_name", councilkit.CodeRequired, text("require.applicant_name")},
	ReqApplicantContact:    {"applicant.contact", councilkit.CodeRequired, text("require.applicant_contact")},
}

// Problem returns the validation problem reported when r is missing.
func (r Requirement) Problem() councilkit.Problem {
	info := reqInfos[r]
	return councilkit.Problem{Field: info.field, Code: info.code, Message: info.msg}
}

// Requirements lists what the national information requirements ask of
// this application, given its type and site:
//
//   - every application: a description, the site, the applicant, the
//     declaration and connection statement, and the fee where one is
//     payable (DMPO 2015 art. 7(1));
//   - planning permission (full, outline, householder): a location plan
//     identifying the land (art. 7(1)(c)(i)), an ownership certificate with
//     any notices (art. 14), and for full applications a site plan,
//     elevations and floor plans (the "other plans and drawings necessary to
//     describe the development", art. 7(1)(c)(ii)), which a change of use
//     with no building work does not need;
//   - a design and access statement for major development, and in a
//     conservation area for one or more dwellinghouses or 100 m² or more of
//     floor space (art. 9(1)-(2));
//   - listed building consent: location and site plans, elevations, floor
//     plans, an ownership certificate, a design and access statement
//     (Planning (Listed Buildings and Conservation Areas) Regulations 1990
//     reg. 3A) and a heritage statement (NPPF para. 207);
//   - lawful development certificates: a plan identifying the land (art.
//     39(2)(b));
//   - prior approval: a plan of the site showing the development (for
//     example GPDO 2015 Sch. 2 Part 1 para. A.4(2)).
func Requirements(a *Application) []Requirement {
	reqs := []Requirement{ReqDescription, ReqSiteAddress, ReqApplicantName, ReqApplicantContact,
		ReqDeclaration, ReqConnectionStatement}
	switch a.Type.Kind() {
	case KindPlanningPermission, KindOutline:
		reqs = append(reqs, ReqLocationPlan, ReqOwnershipCert)
		if a.Type.Kind() == KindPlanningPermission && !a.Proposal.changeOfUseOnly() {
			reqs = append(reqs, ReqSitePlan, ReqElevations, ReqFloorPlans)
		}
		if a.needsDesignAndAccess() {
			reqs = append(reqs, ReqDesignAndAccess)
		}
	case KindListedBuilding:
		reqs = append(reqs, ReqLocationPlan, ReqSitePlan, ReqElevations, ReqFloorPlans,
			ReqOwnershipCert, ReqDesignAndAccess, ReqHeritageStatement)
	case KindLawfulDevelopment, KindAdvertisement:
		reqs = append(reqs, ReqLocationPlan)
	case KindPriorApproval:
		reqs = append(reqs, ReqSitePlan)
	}
	if a.Ownership.Certificate >= CertificateB {
		reqs = append(reqs, ReqOwnershipNotice)
	}
	if !a.Fee.NotApplicable && a.Fee.Payable.IsPositive() {
		reqs = append(reqs, ReqFee)
	}
	return reqs
}

// Requirements returns what the national information requirements ask of
// every application of type t, wherever it is: the items Requirements(a)
// lists for an application of the type on a site with no designations,
// proposing building work, with an ownership certificate A, plus the fee
// unless none is prescribed for the type. Requirements(a) adds what a
// particular application needs besides (a design and access statement for
// major development or in a conservation area, notice to other owners).
func (t ApplicationType) Requirements() []Requirement {
	reqs := Requirements(&Application{Type: t, Ownership: Ownership{Certificate: CertificateA}})
	if t.FeeRule() != FeeNone {
		reqs = append(reqs, ReqFee)
	}
	return reqs
}

// changeOfUseOnly reports whether every project type is a change of use
// ("changeOfUse", "changeOfUse.annexe" …), so no building work is proposed.
func (p Proposal) changeOfUseOnly() bool {
	if len(p.ProjectTypes) == 0 {
		return false
	}
	for _, t := range p.ProjectTypes {
		if !codeUnder(t, "changeOfUse") {
			return false
		}
	}
	return true
}

func (a *Application) needsDesignAndAccess() bool {
	if a.IsMajor() {
		return true
	}
	return a.Site.InConservationArea() && (a.Proposal.Dwellings >= 1 || a.Proposal.FloorSpaceM2 >= 100)
}

// met reports whether requirement r is met.
func (a *Application) met(r Requirement) bool {
	switch r {
	case ReqLocationPlan:
		return a.HasDocument(DocLocationPlan) || len(a.Site.RedLine) > 0
	case ReqSitePlan:
		return a.HasDocument(DocSitePlanProposed)
	case ReqElevations:
		return a.HasDocument(DocElevationsProposed)
	case ReqFloorPlans:
		return a.HasDocument(DocFloorPlanProposed)
	case ReqDesignAndAccess:
		return a.HasDocument(DocDesignAndAccess)
	case ReqHeritageStatement:
		return a.HasDocument(DocHeritageStatement)
	case ReqOwnershipCert:
		return a.Ownership.Certificate != CertificateNone
	case ReqOwnershipNotice:
		o := a.Ownership
		switch o.Certificate {
		case CertificateB:
			return o.NoticeGiven || len(o.Owners) > 0
		case CertificateC:
			return (o.NoticeGiven || len(o.Owners) > 0) && !o.NoticePublished.IsZero()
		case CertificateD:
			return !o.NoticePublished.IsZero()
		}
		return true
	case ReqFee:
		return a.Fee.Paid
	case ReqDeclaration:
		return a.Declaration.Accurate
	case ReqConnectionStatement:
		switch a.Declaration.Connection {
		case "none", "employee", "relation.employee", "electedMember", "relation.electedMember":
			return true
		}
		return false
	case ReqDescription:
		return strings.TrimSpace(a.Proposal.Description) != ""
	case ReqSiteAddress:
		ad := a.Site.Address
		return !ad.Postcode.IsZero() || !ad.UPRN.IsZero() || !ad.Grid.IsZero() || !ad.LatLon.IsZero()
	case ReqApplicantName:
		p := a.Applicant
		return strings.TrimSpace(p.FamilyName) != "" || strings.TrimSpace(p.Company) != ""
	case ReqApplicantContact:
		has := func(p *Party) bool {
			return p != nil && (strings.TrimSpace(p.Contact.Email) != "" || strings.TrimSpace(p.Contact.Phone) != "")
		}
		return has(&a.Applicant) || has(a.Agent)
	}
	return true
}

// Missing returns the requirements the application does not yet meet.
func Missing(a *Application) []Requirement {
	var out []Requirement
	for _, r := range Requirements(a) {
		if !a.met(r) {
			out = append(out, r)
		}
	}
	return out
}

// CheckRequirements returns nil if the application meets every national
// information requirement for its type, or a *councilkit.ValidationError
// listing every missing item at once, in English and Welsh.
func CheckRequirements(a *Application) error {
	var ps councilkit.Problems
	for _, r := range Missing(a) {
		ps.AddProblem(r.Problem())
	}
	return ps.Err()
}

// Validate checks the application's own fields (council, type, lengths and
// codes) and its information requirements, and returns every problem at
// once as a *councilkit.ValidationError. A postcode, UPRN or USRN kept as
// given because it could not be read (PostcodeText, UPRNText, USRNText) is
// identity.CodeInvalidPostcode, CodeInvalidUPRN or CodeInvalidUSRN.
func (a *Application) Validate() error {
	var ps councilkit.Problems
	if a.Council.IsZero() {
		ps.Add("council", councilkit.CodeRequired, text("council.required"))
	}
	if a.Type.IsZero() {
		ps.Add("type", councilkit.CodeRequired, text("type.required"))
	}
	// The shape of the application's text is in its validate tags; the
	// national requirements are code.
	ps.MergeField(councilkit.ValidateStruct(a), "proposal.description")
	for i, d := range a.Documents {
		f := councilkit.IndexField("documents", i)
		if strings.TrimSpace(d.Name) == "" {
			ps.Add(councilkit.JoinField(f, "name"), councilkit.CodeRequired, text("document.name.required"))
		}
		if len(d.Types) == 0 {
			ps.Add(councilkit.JoinField(f, "types"), councilkit.CodeRequired, text("document.types.required"))
		}
		for j, t := range d.Types {
			if !t.known() {
				ps.Add(councilkit.IndexField(councilkit.JoinField(f, "types"), j), councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
			}
		}
	}
	if ad := a.Site.Address; !ad.Grid.IsZero() && !ad.LatLon.IsZero() && ad.Grid.Valid() && ad.LatLon.Valid() &&
		ad.LatLon.ToGrid().DistanceTo(ad.Grid) > MaxCoordinateDisagreement {
		ps.Add("site.address.grid", CodeCoordinatesDisagree, text("site.coordinates_disagree"))
	}
	if len(a.Site.RedLine) > 0 {
		area, err := BoundaryAreaM2(a.Site.RedLine)
		switch {
		case err != nil:
			ps.Add("site.red_line", councilkit.CodeInvalid, text("site.red_line.invalid"))
		case a.Site.RedLineAreaM2 > 0 && math.Abs(a.Site.RedLineAreaM2-area) > 1 &&
			math.Abs(a.Site.RedLineAreaM2-area) > MaxAreaDisagreement*area:
			ps.Add("site.red_line_area_m2", CodeAreaDisagrees, text("site.area_disagrees"))
		}
	}
	if !a.Site.Proposed && len(a.Site.Address.Lines) > 0 {
		var site councilkit.Problems
		site.Merge("site.address", a.Site.Address.Validate(), councilkit.InvalidText())
		var ve *councilkit.ValidationError
		if errors.As(site.Err(), &ve) {
			for _, p := range ve.Problems {
				// A postcode kept as given is reported below, not as missing.
				if p.Field != "site.address.postcode" || p.Code != councilkit.CodeRequired || a.Site.PostcodeText == "" {
					ps.AddProblem(p)
				}
			}
		}
	}
	keptAsGiven(&ps, a)
	for _, r := range Missing(a) {
		ps.AddProblem(r.Problem())
	}
	return ps.Err()
}

// keptAsGiven reports the postcodes, UPRN and USRN an importer kept as
// given because they could not be read.
func keptAsGiven(ps *councilkit.Problems, a *Application) {
	notUK := func(field string, pc identity.Postcode, text string) {
		if pc.IsZero() && text != "" {
			ps.Add(field, identity.CodeInvalidPostcode, textNotUKPostcode)
		}
	}
	notUK("applicant.address.postcode", a.Applicant.Address.Postcode, a.Applicant.PostcodeText)
	if a.Agent != nil {
		notUK("agent.address.postcode", a.Agent.Address.Postcode, a.Agent.PostcodeText)
	}
	notUK("site.address.postcode", a.Site.Address.Postcode, a.Site.PostcodeText)
	if a.Site.Address.UPRN.IsZero() && a.Site.UPRNText != "" {
		ps.Add("site.address.uprn", identity.CodeInvalidUPRN, textNotUPRN)
	}
	if a.Site.USRN.IsZero() && a.Site.USRNText != "" {
		ps.Add("site.usrn", identity.CodeInvalidUSRN, textNotUSRN)
	}
}

var (
	textNotUKPostcode = text("site.not_uk_postcode")
	textNotUPRN       = text("site.not_uprn")
	textNotUSRN       = text("site.not_usrn")
)

// maxDescription bounds the proposal description, in the validate tag of
// Proposal.Description (a test keeps the two equal); PlanX descriptions are
// far shorter.
const maxDescription = 10000
