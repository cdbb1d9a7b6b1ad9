package tracking

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/internal/enum"
	"github.com/lgds/councilkit/payments"
)

// Service is the kind of record an item tracks. The zero Service is
// ServiceNone, "none": no service.
type Service uint8

// Services. The list is append-only.
const (
	ServiceNone                Service = iota
	ServicePayment                     // a payment (payments.Payment)
	ServiceSchoolApplication           // an application for a school place (admissions.Application)
	ServiceFreeSchoolMeals             // a free school meals application (fsm.Application)
	ServicePlanningApplication         // a planning application (planning.Application)
)

var serviceNames = [...]string{"none", "payment", "school_application", "free_school_meals", "planning_application"}

// domains are the event domains (the first part of an event type's short
// name) whose events are about each service's records.
var domains = [...]string{ServicePayment: "payment", ServiceSchoolApplication: "admissions",
	ServiceFreeSchoolMeals: "fsm", ServicePlanningApplication: "planning"}

// String returns the service's name, such as "school_application".
func (s Service) String() string { return enum.Name(serviceNames[:], s, "Service") }

// ParseService reads a service's name; it refuses "none".
func ParseService(name string) (Service, error) {
	if v, ok := enum.Parse[Service](serviceNames[:], name); ok && v != ServiceNone {
		return v, nil
	}
	return ServiceNone, enum.Unknown("tracking", "service", name)
}

// MarshalText returns the service's name; an undefined service is an error.
func (s Service) MarshalText() ([]byte, error) {
	return enum.Marshal(serviceNames[:], s, "tracking", "Service")
}

// UnmarshalText reads a name MarshalText wrote, "none" included.
func (s *Service) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[Service](serviceNames[:], string(b))
	if !ok {
		return enum.Unknown("tracking", "service", string(b))
	}
	*s = v
	return nil
}

// Label is the service's name for a resident, in English and Welsh:
// "School application", "Cais am le mewn ysgol".
func (s Service) Label() councilkit.Text {
	if s == ServiceNone || int(s) >= len(serviceNames) {
		return councilkit.Text{}
	}
	return text(serviceLabels[s])
}

// serviceLabels are the catalogue keys of the services' names.
var serviceLabels = [...]string{ServicePayment: "service.payment",
	ServiceSchoolApplication: "service.school_application", ServiceFreeSchoolMeals: "service.free_school_meals",
	ServicePlanningApplication: "service.planning_application"}

// Ref names one record of a resident: its service and its ID, the subject
// of its events (a payment's ID, an application's ID). Which records belong
// to which resident is the caller's to know: the portal keeps that link
// when the resident starts a payment or an application.
type Ref struct {
	Service Service `json:"service"`
	ID      string  `json:"id"`
}

// Status is where a record has got to, across every service. The zero
// Status is StatusNone, "none": no event known.
type Status uint8

// Statuses. The list is append-only.
const (
	StatusNone Status = iota

	PaymentStarted      // created; the resident is paying, or left the payment pages
	PaymentPaid         // the money was taken
	PaymentFailed       // the payment failed; no money was taken
	PaymentCancelled    // the service cancelled the payment
	PaymentRefunded     // all of the payment was refunded
	PaymentPartRefunded // some of the payment was refunded

	SchoolApplied     // the application was received
	SchoolOffered     // a place was offered
	SchoolAccepted    // the parent accepted the place
	SchoolDeclined    // the parent declined the place
	SchoolWaitingList // the child is on a school's waiting list

	MealsEligible    // the child gets free school meals
	MealsNotEligible // the child does not

	PlanningReceived     // submitted, not yet checked
	PlanningValid        // valid and being considered
	PlanningInvalid      // the council needs more information
	PlanningConsultation // out for publicity and consultation
	PlanningGranted      // permission granted
	PlanningRefused      // permission refused
	PlanningDecided      // decided otherwise (an appeal's outcome)
	PlanningAppealed     // the decision was appealed
)

var statusNames = [...]string{
	"none",
	"payment_started", "payment_paid", "payment_failed", "payment_cancelled", "payment_refunded", "payment_part_refunded",
	"school_applied", "school_offered", "school_accepted", "school_declined", "school_waiting_list",
	"meals_eligible", "meals_not_eligible",
	"planning_received", "planning_valid", "planning_invalid", "planning_consultation",
	"planning_granted", "planning_refused", "planning_decided", "planning_appealed",
}

// String returns the status's name, such as "school_offered".
func (s Status) String() string { return enum.Name(statusNames[:], s, "Status") }

// MarshalText returns the status's name; an undefined status is an error.
func (s Status) MarshalText() ([]byte, error) {
	return enum.Marshal(statusNames[:], s, "tracking", "Status")
}

// UnmarshalText reads a name MarshalText wrote.
func (s *Status) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[Status](statusNames[:], string(b))
	if !ok {
		return enum.Unknown("tracking", "status", string(b))
	}
	*s = v
	return nil
}

// Label is the status for a resident, in English and Welsh: "Place
// offered", "Lle wedi’i gynnig".
func (s Status) Label() councilkit.Text {
	if int(s) >= len(statusNames) {
		return councilkit.Text{}
	}
	return text(statusLabels[s])
}

// statusLabels are the catalogue keys of the statuses' labels.
var statusLabels = [...]string{StatusNone: "status.none",
	PaymentStarted: "status.payment_started", PaymentPaid: "status.payment_paid",
	PaymentFailed: "status.payment_failed", PaymentCancelled: "status.payment_cancelled",
	PaymentRefunded: "status.payment_refunded", PaymentPartRefunded: "status.payment_part_refunded",
	SchoolApplied: "status.school_applied", SchoolOffered: "status.school_offered",
	SchoolAccepted: "status.school_accepted", SchoolDeclined: "status.school_declined",
	SchoolWaitingList: "status.school_waiting_list",
	MealsEligible:     "status.meals_eligible", MealsNotEligible: "status.meals_not_eligible",
	PlanningReceived: "status.planning_received", PlanningValid: "status.planning_valid",
	PlanningInvalid: "status.planning_invalid", PlanningConsultation: "status.planning_consultation",
	PlanningGranted: "status.planning_granted", PlanningRefused: "status.planning_refused",
	PlanningDecided: "status.planning_decided", PlanningAppealed: "status.planning_appealed"}

// Item is one record on a resident's timeline: where it has got to, what
// happens next and by when.
type Item struct {
	Service Service `json:"service"`
	// ID is the record's ID, the subject of its events.
	ID string `json:"id"`
	// Reference is the council's reference a resident quotes: a payment's
	// reference, a planning application's reference once issued. Empty
	// for school and free school meals applications.
	Reference string `json:"reference,omitempty"`
	Status    Status `json:"status"`
	// Changed is when the last event about the record happened.
	Changed time.Time `json:"changed"`
	// Next says what happens next, in English and Welsh, with Due's date
	// in it when there is one; empty when nothing more happens.
	Next councilkit.Text `json:"next,omitzero"`
	// Due is the day Next happens or must be done by: offer day, the day
	// to accept a school place by, a free school meals review, the end of
	// a planning consultation, the day a planning decision is due, the
	// last day to appeal. Zero when there is none.
	Due calendar.Date `json:"due,omitzero"`
	// DecisionDue is the day a planning application must be decided by,
	// once the council has set it (the statutory determination period).
	DecisionDue calendar.Date `json:"decision_due,omitzero"`
	// Amount is a payment's amount, and Refunded the total refunded.
	Amount   payments.Amount `json:"amount,omitzero"`
	Refunded payments.Amount `json:"refunded,omitzero"`
	// School is the URN of the school offered, or whose waiting list the
	// child is on, and Position the child's place on that list.
	School   string `json:"school,omitempty"`
	Position int    `json:"position,omitempty"`
}

// Overdue reports whether Due has passed on day today: the day after Due
// and later.
func (it Item) Overdue(today calendar.Date) bool { return !it.Due.IsZero() && today.After(it.Due) }

// Timeline is a resident's records, most recently changed first.
type Timeline struct {
	Items []Item `json:"items"`
	// Missing are the records asked for that have no events of their
	// service for the council: a record of another council, one made
	// before its service recorded events, or a wrong ID. They are not
	// shown to the resident.
	Missing []Ref `json:"missing,omitempty"`
}

// Config holds a Tracker's settings. The zero Config is ready to use.
type Config struct {
	// Calendar moves national offer day past a bank holiday. nil means
	// England and Wales's bank holidays.
	Calendar *calendar.Calendar
}

// ErrConfig is wrapped by New's errors.
var ErrConfig = errors.New("tracking: invalid configuration")

// Tracker reads residents' timelines from an event log. It is safe for
// concurrent use.
type Tracker struct {
	log events.Log
	cal *calendar.Calendar
}

// New returns a Tracker that reads log. A nil log is an error wrapping
// ErrConfig.
func New(log events.Log, cfg Config) (*Tracker, error) {
	if log == nil {
		return nil, fmt.Errorf("%w: no event log", ErrConfig)
	}
	if cfg.Calendar == nil {
		cfg.Calendar = calendar.New(calendar.EnglandAndWales)
	}
	return &Tracker{log: log, cal: cfg.Calendar}, nil
}

// Timeline returns council c's records refs as a resident's timeline:
// one Item per record that has events of its service, most recently
// changed first (ties by service, then ID), and the others in Missing. A
// record named twice is tracked once. Events of another council are never
// read: a record of another council is Missing.
//
// The zero council is councilkit.ErrNoCouncil; a ref with no service or no
// ID is a *councilkit.ValidationError naming every such ref; an event of a
// known type whose data cannot be read is an error wrapping
// events.ErrInvalid. Events of types this package does not know (a later
// version) are skipped.
func (t *Tracker) Timeline(ctx context.Context, c councilkit.Council, refs []Ref) (Timeline, error) {
	if c.IsZero() {
		return Timeline{}, councilkit.ErrNoCouncil
	}
	var ps councilkit.Problems
	for i, r := range refs {
		f := councilkit.IndexField("refs", i)
		if r.Service == ServiceNone || int(r.Service) >= len(serviceNames) {
			ps.Add(councilkit.JoinField(f, "service"), councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
		}
		if strings.TrimSpace(r.ID) == "" {
			ps.Add(councilkit.JoinField(f, "id"), councilkit.CodeRequired, councilkit.RequiredText())
		}
	}
	if err := ps.Err(); err != nil {
		return Timeline{}, err
	}
	var out Timeline
	out.Items = make([]Item, 0, len(refs))
	seen := make(map[Ref]bool, len(refs))
	for _, r := range refs {
		if seen[r] {
			continue
		}
		seen[r] = true
		recs, err := t.log.Subject(ctx, c, r.ID)
		if err != nil {
			return Timeline{}, fmt.Errorf("tracking: reading %s %s: %w", r.Service, r.ID, err)
		}
		it, ok, err := t.fold(c, r, recs)
		if err != nil {
			return Timeline{}, err
		}
		if !ok {
			out.Missing = append(out.Missing, r)
			continue
		}
		out.Items = append(out.Items, it)
	}
	slices.SortFunc(out.Items, func(a, b Item) int {
		if c := b.Changed.Compare(a.Changed); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Service, b.Service); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}
