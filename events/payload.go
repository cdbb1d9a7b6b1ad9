package events

import "github.com/lgds/councilkit/calendar"

// The payloads of the events' data. Amounts are whole pence (integers),
// dates are civil dates ("2027-03-01"), codes are councilkit's stable
// codes. No payload holds personal data (see the package doc). Every field
// is always present in the JSON, empty or zero where it does not apply, so
// that encoding is stable and schemas are simple.

// Payment is the data of payment.created, succeeded, failed and cancelled.
type Payment struct {
	// PaymentID is councilkit's ID for the payment (the event's subject).
	PaymentID string `json:"payment_id"`
	// Reference is the service's reference for what is paid for (an
	// account number, an application reference).
	Reference string `json:"reference"`
	// AmountPence is the amount asked for.
	AmountPence int64 `json:"amount_pence"`
	// Status is the payment's status after the change: created, started,
	// submitted, capturable, success, failed, cancelled or error.
	Status string `json:"status"`
	// FundCode is the council's ledger code for the income.
	FundCode string `json:"fund_code"`
	// Provider is the payment provider ("govukpay", "sandbox") and
	// ProviderID its ID for the payment, for reconciliation.
	Provider   string `json:"provider"`
	ProviderID string `json:"provider_id"`
	// FailureCode is the provider's code for a failed payment (such as
	// P0010, declined), empty otherwise.
	FailureCode string `json:"failure_code"`
}

// Refund is the data of payment.refunded, recorded once per refund when
// the provider reports it made (see payments.ChangeEvents).
type Refund struct {
	PaymentID string `json:"payment_id"`
	Reference string `json:"reference"`
	// RefundID is councilkit's ID for this refund.
	RefundID    string `json:"refund_id"`
	AmountPence int64  `json:"amount_pence"`
	// RefundedPence is the payment's total refunded so far (refunds the
	// provider has made), this refund included.
	RefundedPence int64  `json:"refunded_pence"`
	FundCode      string `json:"fund_code"`
	// Reason is the officer's reason code for the refund; empty, as
	// payments.Refund does not yet keep one.
	Reason string `json:"reason"`
}

// CouncilTaxBill is the data of counciltax.bill.issued and adjusted.
type CouncilTaxBill struct {
	// Account is the council tax account reference.
	Account string `json:"account"`
	// Year is the financial year the bill is for, by its first calendar
	// year: 2026 for 2026/27.
	Year int `json:"year"`
	// Band is the valuation band, "A" to "I".
	Band         string `json:"band"`
	PayablePence int64  `json:"payable_pence"`
	// PreviousPayablePence is what the bill said before an adjustment; 0
	// for a bill issued.
	PreviousPayablePence int64 `json:"previous_payable_pence"`
	// Instalments is the number of instalments, and FirstDue the date the
	// first falls due.
	Instalments int           `json:"instalments"`
	FirstDue    calendar.Date `json:"first_due"`
	Issued      calendar.Date `json:"issued"`
}

// SchoolApplication is the data of admissions.application.submitted.
type SchoolApplication struct {
	ApplicationID string `json:"application_id"`
	// SchoolYear is the academic year of entry by its first calendar year,
	// and EntryYear the year group ("R", "7").
	SchoolYear int    `json:"school_year"`
	EntryYear  string `json:"entry_year"`
	// Preferences are the schools' URNs in the parent's order.
	Preferences []string      `json:"preferences"`
	Received    calendar.Date `json:"received"`
}

// SchoolOffer is the data of admissions.offer.made, accepted and declined.
type SchoolOffer struct {
	ApplicationID string `json:"application_id"`
	// School is the offered school's URN.
	School string `json:"school"`
	// Preference is the offered school's place in the parent's order
	// (1 for a first preference); 0 for a school the parent did not name.
	Preference int `json:"preference"`
	// OfferDay is the day offers were published to parents, and
	// RespondBy the day the parent must accept or decline by.
	OfferDay  calendar.Date `json:"offer_day"`
	RespondBy calendar.Date `json:"respond_by"`
}

// WaitingListMove is the data of admissions.waitinglist.moved.
type WaitingListMove struct {
	ApplicationID string `json:"application_id"`
	School        string `json:"school"`
	// Position is the child's place on the list now, and PreviousPosition
	// before; 0 means not on the list (added, or removed).
	Position         int `json:"position"`
	PreviousPosition int `json:"previous_position"`
}

// FreeSchoolMealsDecision is the data of fsm.decision.made.
type FreeSchoolMealsDecision struct {
	ApplicationID string `json:"application_id"`
	Eligible      bool   `json:"eligible"`
	// Basis is the rule the decision rests on (a stable code such as
	// "eligibility_check"), and RuleSet the dated rule set applied.
	Basis    string        `json:"basis"`
	RuleSet  string        `json:"rule_set"`
	Decided  calendar.Date `json:"decided"`
	ReviewOn calendar.Date `json:"review_on"`
}

// PlanningApplication is the data of every planning event.
type PlanningApplication struct {
	ApplicationID string `json:"application_id"`
	// Reference is the council's planning reference, once issued.
	Reference string `json:"reference"`
	// ApplicationType is the Digital Planning Data Schemas code, such as
	// "pp.full.householder".
	ApplicationType string `json:"application_type"`
	// State is the application's lifecycle state after the change.
	State    string        `json:"state"`
	Received calendar.Date `json:"received"`
	// Valid is the date the application was made valid, and
	// DeterminationDue the statutory date it must be decided by.
	Valid            calendar.Date `json:"valid"`
	DeterminationDue calendar.Date `json:"determination_due"`
	// ConsultationEnds is the end of publicity and consultation.
	ConsultationEnds calendar.Date `json:"consultation_ends"`
	// Decision is the decision ("granted", "refused", …) once determined,
	// and Decided its date.
	Decision string        `json:"decision"`
	Decided  calendar.Date `json:"decided"`
	// InvalidReasons are the validation problem codes of an invalid
	// application.
	InvalidReasons []string `json:"invalid_reasons"`
	// AppealGround is refusal, conditions or non_determination for an
	// appealed application.
	AppealGround string `json:"appeal_ground"`
}
