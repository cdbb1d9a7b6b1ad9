package events

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/lgds/councilkit"
)

// SpecVersion is the CloudEvents version events follow.
const SpecVersion = "1.0"

// TypePrefix begins every event type: the reverse-DNS name of the project's
// home, as CloudEvents recommends.
const TypePrefix = "io.github.lgds.councilkit."

// Type names one kind of event and the version of its data.
type Type string

// The event types. The list is append-only: a type, once published, keeps
// its meaning and its data's shape.
const (
	PaymentCreated   Type = TypePrefix + "payment.created.v1"
	PaymentSucceeded Type = TypePrefix + "payment.succeeded.v1"
	PaymentFailed    Type = TypePrefix + "payment.failed.v1"
	PaymentCancelled Type = TypePrefix + "payment.cancelled.v1"
	PaymentRefunded  Type = TypePrefix + "payment.refunded.v1"

	CouncilTaxBillIssued   Type = TypePrefix + "counciltax.bill.issued.v1"
	CouncilTaxBillAdjusted Type = TypePrefix + "counciltax.bill.adjusted.v1"

	SchoolApplicationSubmitted Type = TypePrefix + "admissions.application.submitted.v1"
	SchoolOfferMade            Type = TypePrefix + "admissions.offer.made.v1"
	SchoolOfferAccepted        Type = TypePrefix + "admissions.offer.accepted.v1"
	SchoolOfferDeclined        Type = TypePrefix + "admissions.offer.declined.v1"
	SchoolWaitingListMoved     Type = TypePrefix + "admissions.waitinglist.moved.v1"

	FreeSchoolMealsDecided Type = TypePrefix + "fsm.decision.made.v1"

	PlanningApplicationSubmitted  Type = TypePrefix + "planning.application.submitted.v1"
	PlanningApplicationValidated  Type = TypePrefix + "planning.application.validated.v1"
	PlanningApplicationInvalid    Type = TypePrefix + "planning.application.invalid.v1"
	PlanningConsultationStarted   Type = TypePrefix + "planning.consultation.started.v1"
	PlanningApplicationDetermined Type = TypePrefix + "planning.application.determined.v1"
	PlanningApplicationAppealed   Type = TypePrefix + "planning.application.appealed.v1"
)

// Types lists every event type with the payload its data holds, in the
// order above.
func Types() []Type {
	out := make([]Type, len(registry))
	for i, r := range registry {
		out[i] = r.typ
	}
	return out
}

type registered struct {
	typ     Type
	payload func() any // a new zero payload of the type's data

	// Worked out once, by init, as New needs them for every event.
	data, dataPtr reflect.Type // the payload struct and a pointer to it
	schema        string       // SchemaURL
	domain        string       // the source's last segment
}

func init() {
	for i := range registry {
		r := &registry[i]
		r.dataPtr = reflect.TypeOf(r.payload())
		r.data = r.dataPtr.Elem()
		r.schema = schemaURL(r.typ)
		r.domain = domainOf(r.typ)
	}
}

var registry = []registered{
	{typ: PaymentCreated, payload: func() any { return new(Payment) }},
	{typ: PaymentSucceeded, payload: func() any { return new(Payment) }},
	{typ: PaymentFailed, payload: func() any { return new(Payment) }},
	{typ: PaymentCancelled, payload: func() any { return new(Payment) }},
	{typ: PaymentRefunded, payload: func() any { return new(Refund) }},
	{typ: CouncilTaxBillIssued, payload: func() any { return new(CouncilTaxBill) }},
	{typ: CouncilTaxBillAdjusted, payload: func() any { return new(CouncilTaxBill) }},
	{typ: SchoolApplicationSubmitted, payload: func() any { return new(SchoolApplication) }},
	{typ: SchoolOfferMade, payload: func() any { return new(SchoolOffer) }},
	{typ: SchoolOfferAccepted, payload: func() any { return new(SchoolOffer) }},
	{typ: SchoolOfferDeclined, payload: func() any { return new(SchoolOffer) }},
	{typ: SchoolWaitingListMoved, payload: func() any { return new(WaitingListMove) }},
	{typ: FreeSchoolMealsDecided, payload: func() any { return new(FreeSchoolMealsDecision) }},
	{typ: PlanningApplicationSubmitted, payload: func() any { return new(PlanningApplication) }},
	{typ: PlanningApplicationValidated, payload: func() any { return new(PlanningApplication) }},
	{typ: PlanningApplicationInvalid, payload: func() any { return new(PlanningApplication) }},
	{typ: PlanningConsultationStarted, payload: func() any { return new(PlanningApplication) }},
	{typ: PlanningApplicationDetermined, payload: func() any { return new(PlanningApplication) }},
	{typ: PlanningApplicationAppealed, payload: func() any { return new(PlanningApplication) }},
}

func lookup(t Type) (registered, bool) {
	for _, r := range registry {
		if r.typ == t {
			return r, true
		}
	}
	return registered{}, false
}

// Known reports whether t is one of this package's event types.
func (t Type) Known() bool { _, ok := lookup(t); return ok }

// Short returns the type without TypePrefix: "payment.succeeded.v1".
func (t Type) Short() string { return strings.TrimPrefix(string(t), TypePrefix) }

// NewPayload returns a pointer to a new, zero payload of t's data, for
// decoding; nil for an unknown type.
func (t Type) NewPayload() any {
	if r, ok := lookup(t); ok {
		return r.payload()
	}
	return nil
}

// SchemaURL is where t's JSON Schema is published: its dataschema.
func (t Type) SchemaURL() string {
	if r, ok := lookup(t); ok {
		return r.schema
	}
	return schemaURL(t)
}

func schemaURL(t Type) string {
	return "https://github.com/lgds/councilkit/blob/main/events/schemas/" + t.Short() + ".json"
}

// ActorKind says what caused a change.
type ActorKind string

// Actor kinds.
const (
	ActorResident ActorKind = "resident" // a resident, through the portal; never identified in an event
	ActorOfficer  ActorKind = "officer"  // a council officer, by their officer ID
	ActorSystem   ActorKind = "system"   // councilkit itself: a scheduled job, an allocation run
	ActorProvider ActorKind = "provider" // an outside service: GOV.UK Pay's webhook, the DfE eligibility checker
)

// Actor is who or what caused a change.
type Actor struct {
	Kind ActorKind `json:"kind"`
	// ID names the officer (their officer ID, not their email address) or
	// the system or provider ("govukpay"); empty for a resident.
	ID string `json:"id,omitempty"`
}

// Event is one domain event as a CloudEvents 1.0 event in structured JSON
// mode.
type Event struct {
	SpecVersion string `json:"specversion"`
	// ID is unique per event and the same on every delivery of it:
	// receivers deduplicate by it.
	ID string `json:"id"`
	// Source is the context the event happened in:
	// "/councils/{gss}/{domain}".
	Source string `json:"source"`
	Type   Type   `json:"type"`
	// Subject is the ID of the record that changed.
	Subject         string    `json:"subject"`
	Time            time.Time `json:"time"`
	DataContentType string    `json:"datacontenttype"`
	DataSchema      string    `json:"dataschema"`
	// Council is the council the record belongs to (extension attribute).
	Council councilkit.Council `json:"council"`
	// Actor is what caused the change (extension attribute).
	Actor Actor `json:"actor"`
	// Data is the payload, the JSON of the type's payload struct.
	Data json.RawMessage `json:"data"`
}

// Errors.
var (
	ErrUnknownType = errors.New("events: unknown event type")
	ErrInvalid     = errors.New("events: invalid event")
)

// New makes an event of type t about record subject of council c, caused
// by actor at time at, with data (the type's payload struct). The ID is a
// new random (version 4) UUID, from crypto/rand. The time is kept in UTC to the microsecond, the
// precision a PostgreSQL timestamp keeps, so that an event reads back from
// any log as it was made.
func New(c councilkit.Council, t Type, subject string, at time.Time, actor Actor, data any) (Event, error) {
	r, ok := lookup(t)
	if !ok {
		return Event{}, fmt.Errorf("%w: %q", ErrUnknownType, t)
	}
	if got := reflect.TypeOf(data); got != r.data && got != r.dataPtr {
		return Event{}, fmt.Errorf("%w: %s carries %s, not %T", ErrInvalid, t.Short(), r.data, data)
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return Event{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	at = at.UTC()
	if us := at.Truncate(time.Microsecond); !us.IsZero() { // not the first microsecond of year 1, which would read as no time
		at = us
	}
	e := Event{
		SpecVersion: SpecVersion, ID: newID(),
		Source: "/councils/" + c.String() + "/" + r.domain, Type: t, Subject: subject,
		Time: at, DataContentType: "application/json", DataSchema: r.schema,
		Council: c, Actor: actor, Data: raw,
	}
	return e, e.Validate()
}

func domainOf(t Type) string {
	d, _, _ := strings.Cut(t.Short(), ".")
	return d
}

// Validate checks the envelope: every required CloudEvents attribute, a
// known type, a council, a subject and an actor.
func (e Event) Validate() error {
	var missing []string
	// In the names' alphabetical order.
	for _, f := range [...]struct {
		name  string
		empty bool
	}{
		{"actor", e.Actor.Kind == ""}, {"council", e.Council.IsZero()}, {"data", len(e.Data) == 0},
		{"id", e.ID == ""}, {"source", e.Source == ""}, {"specversion", e.SpecVersion != SpecVersion},
		{"subject", e.Subject == ""}, {"time", e.Time.IsZero()},
	} {
		if f.empty {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: missing or wrong %s", ErrInvalid, strings.Join(missing, ", "))
	}
	if !e.Type.Known() {
		return fmt.Errorf("%w: %q", ErrUnknownType, e.Type)
	}
	return nil
}

// Decode reads an event from its structured JSON form and its data into
// the type's payload struct, which it returns. Unknown fields in the data
// are refused, so a subscriber notices a version it does not know.
func Decode(b []byte) (Event, any, error) {
	var e Event
	if err := json.Unmarshal(b, &e); err != nil {
		return Event{}, nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if err := e.Validate(); err != nil {
		return Event{}, nil, err
	}
	p := e.Type.NewPayload()
	dec := json.NewDecoder(bytes.NewReader(e.Data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p); err != nil {
		return Event{}, nil, fmt.Errorf("%w: data of %s: %v", ErrInvalid, e.Type.Short(), err)
	}
	return e, p, nil
}
