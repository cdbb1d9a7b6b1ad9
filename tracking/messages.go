package tracking

import (
	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/internal/msg"
)

// messages is every message this package shows a resident, in English and
// Welsh, under a stable key, in key order: the services' names, the
// statuses' labels and what happens next. {name} is a placeholder, filled
// in by text with a value already written for the language (a date is
// "1 April 2026" or "1 Ebrill 2026"). messages_test.go checks that each has
// both languages and the same placeholders in each, and that each is used.
var messages = msg.Catalogue{
	"next.meals_not_eligible": {
		English: "If your circumstances change, you can apply again.",
		Welsh:   "Os bydd eich amgylchiadau’n newid, gallwch wneud cais eto.",
	},
	"next.meals_review": {
		English: "We will check your child is still eligible on {date}.",
		Welsh:   "Byddwn yn gwirio bod eich plentyn yn dal yn gymwys ar {date}.",
	},
	// A payment that did not succeed took no money (payments.ErrNotPaid).
	"next.payment_failed": {
		English: "No money was taken. You can try again.",
		Welsh:   "Ni chymerwyd unrhyw arian. Gallwch roi cynnig arall arni.",
	},
	// GOV.UK Pay, "Refund a payment" (docs.payments.service.gov.uk/
	// refunding_payments): "Your user will receive the refund in the same
	// account they originally paid from."
	"next.payment_refunded": {
		English: "The refund goes back to the card or account you paid with.",
		Welsh:   "Mae’r ad-daliad yn mynd yn ôl i’r cerdyn neu’r cyfrif y gwnaethoch dalu ag ef.",
	},
	"next.payment_started": {
		English: "If you did not finish paying, you can start again.",
		Welsh:   "Os na wnaethoch orffen talu, gallwch ddechrau eto.",
	},
	"next.planning_appeal": {
		English: "If you disagree with the decision, you can appeal to the Planning Inspectorate. Your decision notice says by when.",
		Welsh:   "Os ydych yn anghytuno â’r penderfyniad, gallwch apelio i’r Arolygiaeth Gynllunio. Mae eich hysbysiad penderfyniad yn dweud erbyn pryd.",
	},
	"next.planning_appeal_by": {
		English: "If you disagree with the decision, you can appeal to the Planning Inspectorate until {date}.",
		Welsh:   "Os ydych yn anghytuno â’r penderfyniad, gallwch apelio i’r Arolygiaeth Gynllunio tan {date}.",
	},
	"next.planning_appealed": {
		English: "The Planning Inspectorate will decide your appeal.",
		Welsh:   "Bydd yr Arolygiaeth Gynllunio yn penderfynu ar eich apêl.",
	},
	"next.planning_consultation": {
		English: "People can comment on your application until {date}.",
		Welsh:   "Gall pobl roi sylwadau ar eich cais tan {date}.",
	},
	"next.planning_decide_by": {
		English: "We will decide your application by {date}.",
		Welsh:   "Byddwn yn penderfynu ar eich cais erbyn {date}.",
	},
	"next.planning_invalid": {
		English: "Send us the information we asked for, so that we can consider your application.",
		Welsh:   "Anfonwch yr wybodaeth y gofynnon ni amdani, fel y gallwn ystyried eich cais.",
	},
	"next.planning_received": {
		English: "We will check your application and tell you if we need anything else.",
		Welsh:   "Byddwn yn gwirio eich cais ac yn dweud wrthych os oes angen unrhyw beth arall arnom.",
	},
	"next.school_offer": {
		English: "We will tell you which school has offered a place.",
		Welsh:   "Byddwn yn dweud wrthych pa ysgol sydd wedi cynnig lle.",
	},
	"next.school_offer_day": {
		English: "We will tell you which school has offered a place on {date}.",
		Welsh:   "Byddwn yn dweud wrthych pa ysgol sydd wedi cynnig lle ar {date}.",
	},
	"next.school_respond_by": {
		English: "Accept or decline the place by {date}.",
		Welsh:   "Derbyniwch neu wrthodwch y lle erbyn {date}.",
	},
	"next.school_waiting_list": {
		English: "Your child is number {position} on the waiting list. We will contact you if a place becomes available.",
		Welsh:   "Mae eich plentyn yn rhif {position} ar y rhestr aros. Byddwn yn cysylltu â chi os daw lle ar gael.",
	},
	"service.free_school_meals": {
		English: "Free school meals",
		Welsh:   "Prydau ysgol am ddim",
	},
	"service.payment": {
		English: "Payment",
		Welsh:   "Taliad",
	},
	"service.planning_application": {
		English: "Planning application",
		Welsh:   "Cais cynllunio",
	},
	"service.school_application": {
		English: "School application",
		Welsh:   "Cais am le mewn ysgol",
	},
	"status.meals_eligible": {
		English: "Eligible",
		Welsh:   "Yn gymwys",
	},
	"status.meals_not_eligible": {
		English: "Not eligible",
		Welsh:   "Nid yw’n gymwys",
	},
	"status.none": {
		English: "Not known",
		Welsh:   "Anhysbys",
	},
	"status.payment_cancelled": {
		English: "Payment cancelled",
		Welsh:   "Taliad wedi’i ganslo",
	},
	"status.payment_failed": {
		English: "Payment failed",
		Welsh:   "Methodd y taliad",
	},
	"status.payment_paid": {
		English: "Paid",
		Welsh:   "Wedi talu",
	},
	"status.payment_part_refunded": {
		English: "Partly refunded",
		Welsh:   "Wedi’i ad-dalu’n rhannol",
	},
	"status.payment_refunded": {
		English: "Refunded",
		Welsh:   "Wedi’i ad-dalu",
	},
	"status.payment_started": {
		English: "Payment started",
		Welsh:   "Taliad wedi dechrau",
	},
	"status.planning_appealed": {
		English: "Appealed",
		Welsh:   "Apeliwyd",
	},
	"status.planning_consultation": {
		English: "Out for consultation",
		Welsh:   "Yn destun ymgynghoriad",
	},
	"status.planning_decided": {
		English: "Decided",
		Welsh:   "Penderfynwyd",
	},
	"status.planning_granted": {
		English: "Granted",
		Welsh:   "Caniatawyd",
	},
	"status.planning_invalid": {
		English: "More information needed",
		Welsh:   "Angen rhagor o wybodaeth",
	},
	"status.planning_received": {
		English: "Application received",
		Welsh:   "Cais wedi dod i law",
	},
	"status.planning_refused": {
		English: "Refused",
		Welsh:   "Gwrthodwyd",
	},
	"status.planning_valid": {
		English: "Being considered",
		Welsh:   "Yn cael ei ystyried",
	},
	"status.school_accepted": {
		English: "Place accepted",
		Welsh:   "Lle wedi’i dderbyn",
	},
	"status.school_applied": {
		English: "Application received",
		Welsh:   "Cais wedi dod i law",
	},
	"status.school_declined": {
		English: "Place declined",
		Welsh:   "Lle wedi’i wrthod",
	},
	"status.school_offered": {
		English: "Place offered",
		Welsh:   "Lle wedi’i gynnig",
	},
	"status.school_waiting_list": {
		English: "On the waiting list",
		Welsh:   "Ar y rhestr aros",
	},
}

// text returns the message key from the catalogue, its placeholders filled
// in from the name–value pairs in args (see msg.Catalogue.Format).
func text(key string, args ...any) councilkit.Text {
	en, cy := messages.Format(key, args...)
	return councilkit.Text{English: en, Welsh: cy}
}
