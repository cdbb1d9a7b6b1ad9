package planning

import (
	"errors"
	"fmt"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

// ChangeEvents returns the domain events that storing after over before
// records, for council c, caused by actor. before is nil for Create. It is
// pure: every Store calls it inside its write (the memory store under its
// lock, the PostgreSQL store inside the transaction) and stores the events
// with the change, or neither.
//
// Each transition that after's lifecycle history has beyond before's
// records one event, dated by the transition's At:
//
//	to StateSubmitted      events.PlanningApplicationSubmitted
//	to StateValid          events.PlanningApplicationValidated
//	to StateInvalid        events.PlanningApplicationInvalid
//	to StateConsultation   events.PlanningConsultationStarted
//	to StateDetermined     events.PlanningApplicationDetermined
//	to StateAppealLodged   events.PlanningApplicationAppealed
//
// Transitions to other states (assessment, awaiting determination,
// withdrawn, returned, and the appeal's later stages) record no event:
// there is no event type for them yet. Changes that are not transitions
// (documents, fee, a new reference) record none either.
//
// The data holds the application's ID, reference, type, state after the
// transition and dates, the decision, the validation problem codes and the
// ground of an appeal: never the applicant's or agent's name or contact
// details, or the site's address. ConsultationEnds is zero: Application
// does not keep the end of consultation.
func ChangeEvents(c councilkit.Council, before, after *Application, actor events.Actor) ([]events.Event, error) {
	if after == nil {
		return nil, errors.New("planning: ChangeEvents needs the application after the change")
	}
	var seen int
	if before != nil {
		seen = len(before.Lifecycle.History)
	}
	hist := after.Lifecycle.History
	if seen >= len(hist) {
		return nil, nil
	}
	var out []events.Event
	for _, tr := range hist[seen:] {
		typ := transitionEvent(tr.To)
		if typ == "" {
			continue
		}
		if tr.At.IsZero() {
			return nil, fmt.Errorf("%w: application %s: transition to %s has no time", events.ErrInvalid, after.ID, tr.To)
		}
		e, err := events.New(c, typ, after.ID, tr.At, actor, planningData(after, tr))
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func transitionEvent(to State) events.Type {
	switch to {
	case StateSubmitted:
		return events.PlanningApplicationSubmitted
	case StateValid:
		return events.PlanningApplicationValidated
	case StateInvalid:
		return events.PlanningApplicationInvalid
	case StateConsultation:
		return events.PlanningConsultationStarted
	case StateDetermined:
		return events.PlanningApplicationDetermined
	case StateAppealLodged:
		return events.PlanningApplicationAppealed
	}
	return ""
}

// planningData is the data of the event recording transition tr of a.
func planningData(a *Application, tr Transition) events.PlanningApplication {
	d := events.PlanningApplication{
		ApplicationID:   a.ID,
		Reference:       a.Reference.String(),
		ApplicationType: a.Type.String(),
		State:           tr.To.String(),
		Received:        a.Received,
	}
	if !a.SubmittedAt.IsZero() {
		d.Received = calendar.DateOf(a.SubmittedAt)
	}
	// Once valid, Received is the valid date (MarkValid), from which the
	// statutory period runs.
	if _, ok := a.Lifecycle.Last(StateValid); ok {
		d.Valid = a.Received
		d.DeterminationDue = a.DeterminationDeadline()
	}
	if det, ok := a.Lifecycle.Last(StateDetermined); ok {
		d.Decision = det.Decision.String()
		d.Decided = calendar.DateOf(det.At)
	}
	switch tr.To {
	case StateInvalid:
		for _, v := range a.ValidationRequests {
			if v.Resolved.IsZero() {
				d.InvalidReasons = append(d.InvalidReasons, string(v.Requirement))
			}
		}
	case StateAppealLodged:
		switch {
		case tr.From != StateDetermined:
			d.AppealGround = AppealNonDetermination.String()
		case d.Decision == DecisionRefused.String():
			d.AppealGround = AppealRefusal.String()
		default:
			// An appeal against a grant is against its conditions.
			d.AppealGround = AppealConditions.String()
		}
	}
	return d
}
