package notices

import (
	"encoding/json"
	"fmt"
	"strconv"

	"golang.org/x/text/language"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/notify"
	"github.com/lgds/councilkit/payments"
)

// yesNo is the value of a placeholder that shows optional content,
// ((flag??text)): Notify shows the text for "yes". It is the same in a
// Welsh template, where it is never shown.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// day is a civil date in the resident's language, "2 December 2026" or
// "2 Rhagfyr 2026"; "" for none.
func day(d calendar.Date, tag language.Tag) string { return d.Long(tag) }

// yearGroup names an entry year: "R" is Reception (Derbyn), a number is
// "Year 7" (Blwyddyn 7); anything else is shown as it is.
func yearGroup(code string, tag language.Tag) string {
	if code == "R" {
		return text("year_group.reception").In(tag)
	}
	if n, err := strconv.Atoi(code); err == nil && n >= 1 && n <= 14 {
		return text("year_group.year", "year", code).In(tag)
	}
	return code
}

// schoolYear is an academic year by its first calendar year, written the
// GOV.UK way: "2027 to 2028", in Welsh "2027 i 2028".
func schoolYear(y int, tag language.Tag) string {
	if y == 0 {
		return ""
	}
	return text("school_year", "first", strconv.Itoa(y), "last", strconv.Itoa(y+1)).In(tag)
}

// planningDecisions are the catalogue keys of the words for
// planning.Decision's names.
var planningDecisions = map[string]string{
	"granted":   "decision.granted",
	"refused":   "decision.refused",
	"allowed":   "decision.allowed",
	"dismissed": "decision.dismissed",
	"split":     "decision.split",
}

// eligibility are the catalogue keys of the words for a free school meals
// decision, not eligible and eligible.
var eligibility = [2]string{"eligibility.not_eligible", "eligibility.eligible"}

// personalise fills the placeholders of a message of kind k about event e
// (whose data is decoded here) in the language of tag. council is the
// council's name in that language. It returns an error for an event whose
// data cannot be read or lacks what the message must say.
func personalise(k Kind, e events.Event, tag language.Tag, council, name string) (notify.Personalisation, error) {
	p := notify.Personalisation{"name": name, "council": council}
	payload := e.Type.NewPayload()
	if payload == nil {
		return nil, fmt.Errorf("notices: unknown event type %q", e.Type)
	}
	if err := json.Unmarshal(e.Data, payload); err != nil {
		return nil, fmt.Errorf("notices: the data of %s does not decode: %v", e.Type.Short(), err)
	}
	switch d := payload.(type) {
	case *events.Payment:
		if k != PaymentReceipt || d.PaymentID == "" || d.AmountPence <= 0 {
			break
		}
		p["reference"] = d.Reference
		p["amount"] = payments.Pence(d.AmountPence).Format(tag)
		p["paid_on"] = day(calendar.DateOf(e.Time), tag)
		p["payment_id"] = d.PaymentID
		return p, nil
	case *events.SchoolApplication:
		if k != ApplicationReceived || d.ApplicationID == "" {
			break
		}
		p["reference"] = d.ApplicationID
		p["year_group"] = yearGroup(d.EntryYear, tag)
		p["school_year"] = schoolYear(d.SchoolYear, tag)
		p["preferences"] = strconv.Itoa(len(d.Preferences))
		p["received_on"] = day(d.Received, tag)
		return p, nil
	case *events.SchoolOffer:
		if k != OfferMade || d.ApplicationID == "" || d.School == "" || d.RespondBy.IsZero() {
			break
		}
		p["reference"] = d.ApplicationID
		p["school_urn"] = d.School
		p["preference"] = strconv.Itoa(d.Preference)
		p["named_preference"] = yesNo(d.Preference > 0)
		p["offer_day"] = day(d.OfferDay, tag)
		p["respond_by"] = day(d.RespondBy, tag)
		return p, nil
	case *events.FreeSchoolMealsDecision:
		if k != FreeSchoolMealsDecision || d.ApplicationID == "" || d.Decided.IsZero() {
			break
		}
		p["reference"] = d.ApplicationID
		p["eligible"] = yesNo(d.Eligible)
		p["decision"] = text(eligibility[b2i(d.Eligible)]).In(tag)
		p["decided_on"] = day(d.Decided, tag)
		p["review_on"] = day(d.ReviewOn, tag)
		return p, nil
	case *events.PlanningApplication:
		if d.ApplicationID == "" {
			break
		}
		p["reference"] = d.Reference
		if d.Reference == "" {
			p["reference"] = d.ApplicationID
		}
		switch k {
		case PlanningReceived:
			p["application_type"] = d.ApplicationType
			p["received_on"] = day(d.Received, tag)
			return p, nil
		case PlanningDecided:
			key, ok := planningDecisions[d.Decision]
			if !ok {
				return nil, fmt.Errorf("notices: %s has no decision councilkit can word (%q)", e.Type.Short(), d.Decision)
			}
			p["decision"] = text(key).In(tag)
			p["granted"] = yesNo(d.Decision == "granted" || d.Decision == "allowed" || d.Decision == "split")
			p["decided_on"] = day(d.Decided, tag)
			return p, nil
		}
	}
	// The data lacks what the message must say (a receipt for no amount, an
	// offer with no school): no message rather than a wrong one.
	return nil, fmt.Errorf("notices: the data of %s lacks what a %s message says", e.Type.Short(), k)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
