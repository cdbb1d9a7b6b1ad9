package planning

import (
	"encoding/json"
	"log/slog"
	"slices"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/internal/enum"
	"github.com/lgds/councilkit/payments"
)

// Application is one application to a local planning authority, from
// submission to decision and any appeal. Every Application belongs to one
// Council; stores keep councils' applications apart.
type Application struct {
	// ID identifies the application; a UUID such as the schemas'
	// metadata.id. Stores require it.
	ID      string             `json:"id"`
	Council councilkit.Council `json:"council"`
	// Organisation is the planning.data.gov.uk reference code of the
	// authority ("LBH"), as in the schemas' metadata.organisation.
	Organisation string `json:"organisation,omitempty"`
	// Version counts the updates a store has accepted; stores use it to
	// refuse an update made from a stale copy.
	Version   int64           `json:"version"`
	Reference Reference       `json:"reference,omitzero"`
	Type      ApplicationType `json:"type"`

	Applicant Party  `json:"applicant"`
	Agent     *Party `json:"agent,omitempty"`
	// UserRole is who filled in the application: "applicant", "agent" or
	// "proxy" (the schemas' data.user.role).
	UserRole string `json:"user_role,omitempty"`

	Site        Site        `json:"site"`
	Proposal    Proposal    `json:"proposal"`
	Ownership   Ownership   `json:"ownership"`
	Declaration Declaration `json:"declaration"`
	Documents   []Document  `json:"documents,omitempty"`
	Fee         Fee         `json:"fee"`

	// SubmittedAt is when the application was submitted.
	SubmittedAt time.Time `json:"submitted_at,omitzero"`
	// Received is the day the application was received: for an imported
	// application, the day (in London) it was submitted; MarkValid sets it
	// to the day the last required item arrived, from which the statutory
	// periods run.
	Received calendar.Date `json:"received,omitzero"`
	// AgreedExtension is a determination date agreed in writing with the
	// applicant (DMPO 2015 art. 34(2)(c)).
	AgreedExtension calendar.Date `json:"agreed_extension,omitzero"`

	Lifecycle          Lifecycle           `json:"lifecycle"`
	ValidationRequests []ValidationRequest `json:"validation_requests,omitempty"`

	// Source is the payload the application was imported from (a Digital
	// Planning Data Schemas document), kept so that fields this model does
	// not hold survive an export. Nil for applications made here.
	Source json.RawMessage `json:"source,omitempty"`
}

// Party is an applicant or agent. It is personal data: it logs only its
// type and whether an address is held.
type Party struct {
	// Type is the schemas' applicant type: "individual", "company",
	// "charity", "public", "parishCouncil" …
	Type       string           `json:"type,omitempty"`
	Title      string           `json:"title,omitempty"`
	GivenNames string           `json:"given_names,omitempty"`
	FamilyName string           `json:"family_name,omitempty"`
	Company    string           `json:"company,omitempty"`
	Contact    identity.Contact `json:"contact"`
	// SameAddressAsSite is true when the party's address is the site's.
	SameAddressAsSite bool             `json:"same_address_as_site,omitempty"`
	Address           identity.Address `json:"address,omitzero"`
	// PostcodeText is the postcode exactly as given when it is not a UK
	// postcode (an address abroad, a free-text postcode); Address.Postcode
	// is then zero. An importer keeps it rather than refusing the
	// application, and validation reports it.
	PostcodeText string `json:"postcode_text,omitempty"`
}

// LogValue implements slog.LogValuer without any personal data.
func (p Party) LogValue() slog.Value {
	return slog.GroupValue(slog.String("type", p.Type), slog.Bool("company", p.Company != ""))
}

// Site is the land the application is about.
type Site struct {
	// Address is the site's address, with its UPRN when known and its
	// position in OSGB36 (Grid) and WGS84 (LatLon).
	Address identity.Address `json:"address"`
	// Title is the single-line description of the site ("40, STANSFIELD
	// ROAD, LONDON").
	Title string `json:"title,omitempty"`
	// Proposed marks an address proposed by the applicant, with no UPRN yet.
	Proposed bool `json:"proposed,omitempty"`
	// USRN is the street's Unique Street Reference Number, when known.
	USRN identity.USRN `json:"usrn,omitzero"`
	// PostcodeText, UPRNText and USRNText are the site's postcode, UPRN and
	// USRN exactly as given when they could not be read as one (free text,
	// a placeholder); the parsed field is then zero. An importer keeps them
	// rather than refusing the application, and validation reports them.
	PostcodeText string `json:"postcode_text,omitempty"`
	UPRNText     string `json:"uprn_text,omitempty"`
	USRNText     string `json:"usrn_text,omitempty"`
	// RedLine is the site boundary as GeoJSON (the schemas'
	// data.proposal.boundary.site) and RedLineAreaM2 its area in square
	// metres.
	RedLine       json.RawMessage `json:"red_line,omitempty"`
	RedLineAreaM2 float64         `json:"red_line_area_m2,omitempty"`
	// Designations are the planning designations the site intersects, as
	// the schemas name them ("designated.conservationArea", "listed" …).
	Designations []string `json:"designations,omitempty"`
	// Ward, Region (of England), LocalAuthorityDistricts and PropertyType
	// (the schemas' code, such as "residential.house.terrace") describe the
	// site as the schemas require.
	Ward                    string   `json:"ward,omitempty"`
	Region                  string   `json:"region,omitempty"`
	LocalAuthorityDistricts []string `json:"local_authority_districts,omitempty"`
	PropertyType            string   `json:"property_type,omitempty"`
}

// SetRedLine sets the site boundary to a GeoJSON Polygon or MultiPolygon
// (or a Feature holding one) and RedLineAreaM2 to the area it encloses. It
// returns an error matching ErrInvalidBoundary, and changes nothing, if the
// boundary is not one BoundaryAreaM2 can measure.
func (s *Site) SetRedLine(geojson []byte) error {
	area, err := BoundaryAreaM2(geojson)
	if err != nil {
		return err
	}
	s.RedLine = slices.Clone(json.RawMessage(geojson))
	s.RedLineAreaM2 = area
	return nil
}

// HasDesignation reports whether the site intersects a designation, or any
// designation under it ("listed" matches "listed.gradeTwo").
func (s Site) HasDesignation(name string) bool {
	for _, d := range s.Designations {
		if codeUnder(d, name) {
			return true
		}
	}
	return false
}

// InConservationArea reports whether the site is in a conservation area.
func (s Site) InConservationArea() bool { return s.HasDesignation("designated.conservationArea") }

// Listed reports whether the site includes a listed building.
func (s Site) Listed() bool { return s.HasDesignation("listed") }

// Proposal is what the applicant proposes.
type Proposal struct {
	// Description says what is proposed, in at most 10,000 characters.
	Description string `json:"description" validate:"max=10000"`
	// ProjectTypes are the schemas' project type codes ("extend.roof.dormer" …).
	ProjectTypes []string `json:"project_types,omitempty"`
	// Dwellings is the number of new homes, FloorSpaceM2 the gross floor
	// space to be created, when the applicant gave them.
	Dwellings    int64   `json:"dwellings,omitempty"`
	FloorSpaceM2 float64 `json:"floor_space_m2,omitempty"`
	// EIA marks development needing an environmental impact assessment.
	EIA bool `json:"eia,omitempty"`
	// Start and Completion are the proposed dates, when given.
	Start      calendar.Date `json:"start,omitzero"`
	Completion calendar.Date `json:"completion,omitzero"`
}

// IsMajor applies the definition of major development in article 2(1) of
// the Development Management Procedure Order 2015 to the parts of it the
// model holds: 10 or more dwellinghouses; 1,000 m² or more of floor space
// created; or a site of 1 hectare or more. (Housing on a site of 0.5
// hectares or more where the number of dwellinghouses is not known, and
// minerals and waste development, are major too: the schemas' "major" types
// mark those.)
func (a *Application) IsMajor() bool {
	p := a.Proposal
	area := a.Site.RedLineAreaM2
	switch {
	case a.Type.IsMajor():
		return true
	case p.Dwellings >= 10:
		return true
	case p.FloorSpaceM2 >= 1000:
		return true
	case area >= 10000:
		return true
	}
	return false
}

// Certificate is the ownership certificate given with the application
// (DMPO 2015 art. 14 and Sch. 2). The zero Certificate is CertificateNone,
// "none": no certificate given.
type Certificate uint8

// Certificates. Append only.
const (
	CertificateNone Certificate = iota
	CertificateA                // the applicant is the sole owner and there are no agricultural tenants
	CertificateB                // notice has been given to every owner and agricultural tenant
	CertificateC                // some owners are unknown: notice given to those known and published
	CertificateD                // no owner is known: notice published
)

var certificateNames = [...]string{"none", "a", "b", "c", "d"}

// String returns "a" to "d", as in the schemas, or "none" for
// CertificateNone.
func (c Certificate) String() string { return enum.Name(certificateNames[:], c, "Certificate") }

// MarshalText returns the schemas' letter, or "none"; an undefined
// certificate is an error.
func (c Certificate) MarshalText() ([]byte, error) {
	if int(c) >= len(certificateNames) {
		return nil, ErrInvalidCertificate
	}
	return []byte(certificateNames[c]), nil
}

// UnmarshalText parses "a" to "d" (either case) or "none". Empty text, as
// versions before the zero certificate had a name wrote it, is
// CertificateNone.
func (c *Certificate) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = CertificateNone
		return nil
	}
	for i, n := range certificateNames {
		if n == string(b) || (len(b) == 1 && i > 0 && n[0] == b[0]+('a'-'A')) {
			*c = Certificate(i)
			return nil
		}
	}
	return ErrInvalidCertificate
}

// Ownership is the ownership certificate and the notices served.
type Ownership struct {
	Certificate Certificate `json:"certificate"`
	// Interest is the applicant's interest ("owner.sole", "tenant" …).
	Interest            string `json:"interest,omitempty"`
	AgriculturalTenants bool   `json:"agricultural_tenants,omitempty"`
	// NoticeGiven records that notice was given to every known owner and
	// agricultural tenant (certificates B and C).
	NoticeGiven bool `json:"notice_given,omitempty"`
	// NoticePublished is the date notice was published in a newspaper
	// (certificates C and D).
	NoticePublished calendar.Date `json:"notice_published,omitzero"`
	// Owners are the other owners notified.
	Owners []Owner `json:"owners,omitempty"`
}

// Owner is an owner or agricultural tenant of the land other than the
// applicant, and the notice given to them.
type Owner struct {
	Name    string `json:"name"`
	Address string `json:"address,omitempty"`
	// Interest is the owner's interest in the land, as the schemas name it
	// ("owner", "lessee", "occupier" …), when given.
	Interest string `json:"interest,omitempty"`
	// Notified is the day notice was given, when known; NoticeGiven records
	// notice given on a day not stated; NoNoticeReason says why notice was
	// not given, when neither.
	Notified       calendar.Date `json:"notified,omitzero"`
	NoticeGiven    bool          `json:"notice_given,omitempty"`
	NoNoticeReason string        `json:"no_notice_reason,omitempty"`
}

// LogValue implements slog.LogValuer without the owner's name or address.
func (o Owner) LogValue() slog.Value {
	return slog.GroupValue(slog.Bool("notified", !o.Notified.IsZero()))
}

// Declaration is the applicant's declaration.
type Declaration struct {
	Accurate bool `json:"accurate"`
	// Connection is the applicant's or agent's connection to the council:
	// "none", "employee", "relation.employee", "electedMember" or
	// "relation.electedMember", as in the schemas.
	Connection            string `json:"connection"`
	ConnectionDescription string `json:"connection_description,omitempty"`
}

// Document is a file supplied with the application.
type Document struct {
	// Name is the file's name or URL.
	Name string `json:"name"`
	// Types are what the file shows ("locationPlan", "elevations.proposed"
	// …), in the schemas' FileType codes; one file may be several.
	Types       []DocumentType `json:"types"`
	Description string         `json:"description,omitempty"`
	// FileID is the ID of the DocumentFile that holds the file, when it
	// is kept in a DocumentStore.
	FileID string `json:"file_id,omitempty"`
}

// Fee is the fee worked out and paid for an application.
type Fee struct {
	Calculated payments.Amount `json:"calculated"`
	Payable    payments.Amount `json:"payable"`
	// NotApplicable marks an application type that has no fee.
	NotApplicable bool `json:"not_applicable,omitempty"`
	// Category is the Schedule 1 category the fee was worked out on, when
	// it is one the calculator models.
	Category FeeCategory `json:"category,omitempty"`
	// Paid marks the fee as received.
	Paid bool `json:"paid,omitempty"`
	// Exemptions and reductions claimed, in the schemas' names
	// ("disability", "resubmission", "sports", "parishCouncil",
	// "alternative").
	Exemptions []string `json:"exemptions,omitempty"`
	Reductions []string `json:"reductions,omitempty"`
	// PaymentReference is the payment provider's reference.
	PaymentReference string `json:"payment_reference,omitempty"`
}

// ValidationRequest is something the authority asked the applicant for
// when it found the application invalid.
type ValidationRequest struct {
	Requirement Requirement `json:"requirement"`
	Note        string      `json:"note,omitempty"`
	Requested   time.Time   `json:"requested"`
	Resolved    time.Time   `json:"resolved,omitzero"`
}

// HasDocument reports whether a document of type t was supplied.
func (a *Application) HasDocument(t DocumentType) bool {
	for _, d := range a.Documents {
		if slices.Contains(d.Types, t) {
			return true
		}
	}
	return false
}

// DeadlineCase returns what fixes the application's statutory periods: its
// type, received date, agreed extension, whether it is major (IsMajor) and
// whether it is EIA development (Proposal.EIA).
func (a *Application) DeadlineCase() DeadlineCase {
	return DeadlineCase{Type: a.Type, Received: a.Received, Major: a.IsMajor(), EIA: a.Proposal.EIA, AgreedExtension: a.AgreedExtension}
}

// DeterminationDeadline returns the day by which the application must be
// decided: see the package function of the same name.
func (a *Application) DeterminationDeadline() calendar.Date {
	return DeterminationDeadline(a.DeadlineCase())
}

// FeeRefundDate returns the last day of the planning guarantee period for
// the application: see the package function of the same name.
func (a *Application) FeeRefundDate() (calendar.Date, bool) {
	return FeeRefundDate(a.DeadlineCase())
}

// Clone returns a deep copy of a.
func (a *Application) Clone() *Application {
	if a == nil {
		return nil
	}
	c := *a
	if a.Agent != nil {
		ag := a.Agent.clone()
		c.Agent = &ag
	}
	c.Applicant = a.Applicant.clone()
	c.Site.Address = cloneAddress(a.Site.Address)
	c.Site.RedLine = slices.Clone(a.Site.RedLine)
	c.Site.Designations = slices.Clone(a.Site.Designations)
	c.Site.LocalAuthorityDistricts = slices.Clone(a.Site.LocalAuthorityDistricts)
	c.Proposal.ProjectTypes = slices.Clone(a.Proposal.ProjectTypes)
	c.Ownership.Owners = slices.Clone(a.Ownership.Owners)
	c.Documents = slices.Clone(a.Documents)
	for i := range c.Documents {
		c.Documents[i].Types = slices.Clone(c.Documents[i].Types)
	}
	c.Fee.Exemptions = slices.Clone(a.Fee.Exemptions)
	c.Fee.Reductions = slices.Clone(a.Fee.Reductions)
	c.Lifecycle.History = slices.Clone(a.Lifecycle.History)
	c.ValidationRequests = slices.Clone(a.ValidationRequests)
	c.Source = slices.Clone(a.Source)
	return &c
}

func (p Party) clone() Party {
	p.Address = cloneAddress(p.Address)
	return p
}

func cloneAddress(a identity.Address) identity.Address {
	a.Lines = slices.Clone(a.Lines)
	return a
}

// LogValue implements slog.LogValuer: identifiers and state, no personal
// data.
func (a *Application) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", a.ID),
		slog.String("council", a.Council.String()),
		slog.String("reference", a.Reference.String()),
		slog.String("type", a.Type.String()),
		slog.String("state", a.Lifecycle.State.String()),
	)
}

// Invalidate finds the application invalid: it moves it to StateInvalid and
// records a validation request for every national requirement it does not
// meet, so the applicant is asked for everything at once. It refuses (with
// a *TransitionError) an application that meets them all.
func (a *Application) Invalidate(by string, at time.Time, note string) error {
	missing := Missing(a)
	if len(missing) == 0 {
		return &TransitionError{From: a.Lifecycle.State, To: StateInvalid, Reason: "the application meets every requirement"}
	}
	if err := a.Lifecycle.Move(Transition{To: StateInvalid, By: by, At: at, Note: note}); err != nil {
		return err
	}
	for _, r := range missing {
		if !a.openRequest(r) {
			a.ValidationRequests = append(a.ValidationRequests, ValidationRequest{Requirement: r, Requested: at.UTC()})
		}
	}
	return nil
}

func (a *Application) openRequest(r Requirement) bool {
	for _, v := range a.ValidationRequests {
		if v.Requirement == r && v.Resolved.IsZero() {
			return true
		}
	}
	return false
}

// MarkValid finds the application valid: it moves it to StateValid, sets
// Received to the day the last required item arrived (from which the
// statutory periods run, DMPO 2015 art. 34(3)-(4)) and resolves the open
// validation requests. It refuses while a requirement is still missing.
func (a *Application) MarkValid(by string, at time.Time, received calendar.Date) error {
	if missing := Missing(a); len(missing) > 0 {
		return &TransitionError{From: a.Lifecycle.State, To: StateValid, Reason: "requirements still missing: " + string(missing[0])}
	}
	if received.IsZero() {
		return &TransitionError{From: a.Lifecycle.State, To: StateValid, Reason: "the valid date is required"}
	}
	if err := a.Lifecycle.Move(Transition{To: StateValid, By: by, At: at}); err != nil {
		return err
	}
	a.Received = received
	for i := range a.ValidationRequests {
		if a.ValidationRequests[i].Resolved.IsZero() {
			a.ValidationRequests[i].Resolved = at.UTC()
		}
	}
	return nil
}
