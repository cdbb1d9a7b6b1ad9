package tracking

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/internal/msg"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/planning"
)

// folded is what a record's events have said so far, beyond its Item.
type folded struct {
	// A school application: the year and year group of entry, the day it
	// was received, the offer's days, and the status before the child
	// joined a waiting list (to return to when they leave it).
	schoolYear   int
	entryYear    string
	received     calendar.Date
	offerDay     calendar.Date
	respondBy    calendar.Date
	beforeListed Status
	// Free school meals: the review date.
	reviewOn calendar.Date
	// A planning application as its last event described it.
	plan events.PlanningApplication
}

// fold reads a record's events, oldest first, into its Item. ok is false
// when none of them is an event of the record's service for council c.
func (t *Tracker) fold(c councilkit.Council, r Ref, recs []events.Record) (it Item, ok bool, err error) {
	it = Item{Service: r.Service, ID: r.ID}
	var f folded
	domain := domains[r.Service]
	for _, rec := range recs {
		e := &rec.Event
		// A log that broke its contract must not show one council's
		// record to another.
		if e.Council != c || e.Subject != r.ID || !e.Type.Known() {
			continue
		}
		if d, _, _ := strings.Cut(e.Type.Short(), "."); d != domain {
			continue // another service's record with the same ID
		}
		p := e.Type.NewPayload()
		if err := json.Unmarshal(e.Data, p); err != nil {
			return Item{}, false, fmt.Errorf("%w: data of %s event %s: %v", events.ErrInvalid, e.Type.Short(), e.ID, err)
		}
		apply(&it, &f, e.Type, p)
		ok = true
		if e.Time.After(it.Changed) {
			it.Changed = e.Time
		}
	}
	if ok {
		t.next(c, &it, &f)
	}
	return it, ok, nil
}

// apply folds one event's data into the item.
func apply(it *Item, f *folded, typ events.Type, p any) {
	switch d := p.(type) {
	case *events.Payment:
		it.Reference, it.Amount = d.Reference, payments.Pence(d.AmountPence)
		switch typ {
		case events.PaymentCreated:
			it.Status = PaymentStarted
		case events.PaymentSucceeded:
			it.Status = PaymentPaid
		case events.PaymentFailed:
			it.Status = PaymentFailed
		case events.PaymentCancelled:
			it.Status = PaymentCancelled
		}
	case *events.Refund:
		it.Reference, it.Refunded = d.Reference, payments.Pence(d.RefundedPence)
		it.Status = PaymentRefunded
		if it.Amount.Pence() > d.RefundedPence {
			it.Status = PaymentPartRefunded
		}
	case *events.SchoolApplication:
		it.Status = SchoolApplied
		f.schoolYear, f.entryYear, f.received = d.SchoolYear, d.EntryYear, d.Received
	case *events.SchoolOffer:
		it.School, it.Position = d.School, 0
		f.offerDay, f.respondBy = d.OfferDay, d.RespondBy
		switch typ {
		case events.SchoolOfferMade:
			it.Status = SchoolOffered
		case events.SchoolOfferAccepted:
			it.Status = SchoolAccepted
		case events.SchoolOfferDeclined:
			it.Status = SchoolDeclined
		}
	case *events.WaitingListMove:
		switch {
		case d.Position > 0:
			if it.Status != SchoolWaitingList {
				f.beforeListed = it.Status
			}
			it.Status, it.School, it.Position = SchoolWaitingList, d.School, d.Position
		case it.Status == SchoolWaitingList:
			// Off the list: back to where the application stood.
			it.Status, it.Position = f.beforeListed, 0
		}
		if it.Status == StatusNone {
			// Off a list it was never seen joining: the application
			// exists, and that is all that is known.
			it.Status = SchoolApplied
		}
	case *events.FreeSchoolMealsDecision:
		it.Status, f.reviewOn = MealsNotEligible, calendar.Date{}
		if d.Eligible {
			it.Status, f.reviewOn = MealsEligible, d.ReviewOn
		}
	case *events.PlanningApplication:
		f.plan = *d
		if d.Reference != "" {
			it.Reference = d.Reference
		}
		if !d.DeterminationDue.IsZero() {
			it.DecisionDue = d.DeterminationDue
		}
		switch typ {
		case events.PlanningApplicationSubmitted:
			it.Status = PlanningReceived
		case events.PlanningApplicationValidated:
			it.Status = PlanningValid
		case events.PlanningApplicationInvalid:
			it.Status = PlanningInvalid
		case events.PlanningConsultationStarted:
			it.Status = PlanningConsultation
		case events.PlanningApplicationDetermined:
			switch d.Decision {
			case "granted":
				it.Status = PlanningGranted
			case "refused":
				it.Status = PlanningRefused
			default:
				it.Status = PlanningDecided
			}
		case events.PlanningApplicationAppealed:
			it.Status = PlanningAppealed
		}
	}
}

// next sets what happens next, and by when, from where the record stands.
func (t *Tracker) next(c councilkit.Council, it *Item, f *folded) {
	on := func(key string, d calendar.Date) {
		if d.IsZero() {
			return
		}
		it.Due = d
		it.Next = text(key, "date", dateText(d))
	}
	switch it.Status {
	case PaymentStarted:
		it.Next = text("next.payment_started")
	case PaymentFailed:
		it.Next = text("next.payment_failed")
	case PaymentRefunded, PaymentPartRefunded:
		it.Next = text("next.payment_refunded")
	case SchoolApplied:
		it.Next = text("next.school_offer")
		on("next.school_offer_day", t.offerDay(c, f))
	case SchoolOffered:
		respondBy := f.respondBy
		if respondBy.IsZero() && !f.offerDay.IsZero() && c.Nation() == 'E' {
			respondBy = admissions.AcceptanceDeadline(f.offerDay)
		}
		on("next.school_respond_by", respondBy)
	case SchoolWaitingList:
		n := strconv.Itoa(it.Position)
		it.Next = text("next.school_waiting_list", "position", n)
	case MealsEligible:
		on("next.meals_review", f.reviewOn)
	case MealsNotEligible:
		it.Next = text("next.meals_not_eligible")
	case PlanningReceived:
		it.Next = text("next.planning_received")
	case PlanningValid:
		on("next.planning_decide_by", it.DecisionDue)
	case PlanningInvalid:
		it.Next = text("next.planning_invalid")
	case PlanningConsultation:
		on("next.planning_decide_by", it.DecisionDue)
		on("next.planning_consultation", f.plan.ConsultationEnds)
	case PlanningRefused:
		if c.Nation() != 'E' {
			break // Wales's appeal limits are not modelled
		}
		if d, ok := appealBy(f.plan); ok {
			it.Next = text("next.planning_appeal")
			on("next.planning_appeal_by", d)
		}
	case PlanningAppealed:
		it.Next = text("next.planning_appealed")
	}
}

// offerDay returns national offer day for a school application received
// on time in England (SI 2012/8 reg. 30, admissions.NationalOfferDay), and
// the zero Date elsewhere, for a late application (received after it, so
// answered later) or when the year is not known. Entry to Year 7 or later
// counts as secondary: a middle school deemed primary that admits to Year
// 7 would have the primary day, which this cannot tell.
func (t *Tracker) offerDay(c councilkit.Council, f *folded) calendar.Date {
	if c.Nation() != 'E' || f.schoolYear < 1 || f.schoolYear > 9998 {
		return calendar.Date{}
	}
	phase := admissions.Primary
	if g, err := admissions.ParseYearGroup(f.entryYear); err == nil && g >= admissions.Year7 {
		phase = admissions.Secondary
	}
	d := admissions.NationalOfferDay(phase, admissions.SchoolYear(f.schoolYear), t.cal)
	if !f.received.IsZero() && f.received.After(d) {
		return calendar.Date{}
	}
	return d
}

// appealBy returns the last day to appeal against a refusal (DMPO 2015
// art. 37, planning.AppealTimeLimit), and false when the type has no limit
// or is not known. Whether an application is a minor commercial one (12
// weeks, not 6 months) cannot be told from the event: when that changes
// the limit, it returns the zero Date and true, and the resident is sent
// to the decision notice rather than told a date that may be wrong.
func appealBy(p events.PlanningApplication) (calendar.Date, bool) {
	typ, err := planning.ParseApplicationType(p.ApplicationType)
	if err != nil || p.Decided.IsZero() {
		return calendar.Date{}, false
	}
	var lasts []calendar.Date
	for _, minor := range []bool{false, true} {
		l, err := planning.AppealTimeLimit(planning.AppealCase{Type: typ, Ground: planning.AppealRefusal, Decided: p.Decided, MinorCommercial: minor})
		if err == nil && l.HasLimit() {
			lasts = append(lasts, l.Last)
		}
	}
	switch {
	case len(lasts) == 0:
		return calendar.Date{}, false
	case len(lasts) == 2 && lasts[0] != lasts[1]:
		return calendar.Date{}, true
	}
	return lasts[0], true
}

// dateText writes d as GOV.UK writes dates, in English and Welsh:
// "1 April 2026", "1 Ebrill 2026".
func dateText(d calendar.Date) msg.Pair {
	return msg.Pair{English: d.Long(councilkit.English), Welsh: d.Long(councilkit.Welsh)}
}
