package payments

import (
	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/internal/msg"
)

// messages is every message this package shows a resident, in English and
// Welsh, under a stable key, in key order. {name} is a placeholder,
// filled in by text.
// messages_test.go checks that each has both languages and the same
// placeholders in each, and that each is used.
var messages = msg.Catalogue{
	"amount.negative": {
		English: "The payment provider reported a negative amount",
		Welsh:   "Adroddodd y darparwr taliadau swm negyddol",
	},
	"amount.surcharge_too_large": {
		English: "The payment provider reported a surcharge too large to add to the amount",
		Welsh:   "Adroddodd y darparwr taliadau ordal rhy fawr i'w ychwanegu at y swm",
	},
	"amount.total_mismatch": {
		English: "The payment provider reported a total that is not the amount plus the corporate card surcharge",
		Welsh:   "Adroddodd y darparwr taliadau gyfanswm nad yw'n swm ynghyd â'r gordal cerdyn corfforaethol",
	},
	"card": {
		English: "Card",
		Welsh:   "Cerdyn",
	},
	"card.brand_ending": {
		English: "{brand} card ending {digits}",
		Welsh:   "Cerdyn {brand} yn gorffen {digits}",
	},
	"card.ending": {
		English: "Card ending {digits}",
		Welsh:   "Cerdyn yn gorffen {digits}",
	},
	"card.invalid": {
		English: "The payment provider sent card details that are not in the expected form",
		Welsh:   "Anfonodd y darparwr taliadau fanylion cerdyn nad ydynt yn y ffurf ddisgwyliedig",
	},
	"cursor.invalid": {
		English: "The link to this page of results is not right. Go back to the first page",
		Welsh:   "Nid yw'r ddolen i'r dudalen hon o ganlyniadau yn gywir. Ewch yn ôl i'r dudalen gyntaf",
	},
	"description.contains_url": {
		English: "Must not contain a web address",
		Welsh:   "Ni ddylai gynnwys cyfeiriad gwe",
	},
	"failure.cancelled_by_service": {
		English: "The council cancelled the payment",
		Welsh:   "Mae'r cyngor wedi canslo'r taliad",
	},
	"failure.cancelled_by_user": {
		English: "You cancelled the payment",
		Welsh:   "Gwnaethoch ganslo'r taliad",
	},
	"failure.expired": {
		English: "Your payment session timed out",
		Welsh:   "Daeth eich sesiwn dalu i ben",
	},
	"failure.provider_error": {
		English: "There was a technical problem. No money has been taken",
		Welsh:   "Roedd problem dechnegol. Nid oes arian wedi'i gymryd",
	},
	"failure.rejected": {
		English: "Your payment was declined",
		Welsh:   "Cafodd eich taliad ei wrthod",
	},
	"failure.unknown": {
		English: "The payment did not complete",
		Welsh:   "Ni chwblhawyd y taliad",
	},
	"metadata.empty": {
		English: "Add at least one item of metadata, or leave it out",
		Welsh:   "Ychwanegwch o leiaf un eitem o fetadata, neu ei hepgor",
	},
	"metadata.key_case": {
		English: "Metadata keys must differ by more than upper and lower case",
		Welsh:   "Rhaid i allweddi metadata fod yn wahanol o fwy na phriflythrennau a llythrennau bach",
	},
	"metadata.key_empty": {
		English: "Metadata keys cannot be empty",
		Welsh:   "Ni all allweddi metadata fod yn wag",
	},
	"metadata.too_many": {
		English: "Must have {max} items of metadata or fewer",
		Welsh:   "Rhaid cael {max} eitem o fetadata neu lai",
	},
	"metadata.value_type": {
		English: "Must be text, a number or true or false",
		Welsh:   "Rhaid iddo fod yn destun, yn rhif neu'n wir neu'n anwir",
	},
	"payment.contradicts_status": {
		English: "The payment provider's message contradicts the payment's recorded status. Nothing was changed",
		Welsh:   "Mae neges y darparwr taliadau yn groes i statws cofnodedig y taliad. Ni newidiwyd dim",
	},
	"refund.not_paid": {
		English: "This payment has not been paid, so there is nothing to refund. Nothing was changed",
		Welsh:   "Nid yw'r taliad hwn wedi'i dalu, felly nid oes dim i'w ad-dalu. Ni newidiwyd dim",
	},
	"refund.reason_characters": {
		English: "The reason must only include letters, numbers, punctuation, spaces and line breaks",
		Welsh:   "Rhaid i'r rheswm gynnwys llythrennau, rhifau, atalnodi, bylchau a thoriadau llinell yn unig",
	},
	"refund.reason_required": {
		English: "Enter the reason for the refund",
		Welsh:   "Rhowch y rheswm dros yr ad-daliad",
	},
	"refund.too_much": {
		English: "The refunds reported would be more than the amount paid. Nothing was changed",
		Welsh:   "Byddai'r ad-daliadau a adroddwyd yn fwy na'r swm a dalwyd. Ni newidiwyd dim",
	},
	"return_url.insecure": {
		English: "The web address must start with https://",
		Welsh:   "Rhaid i'r cyfeiriad gwe ddechrau gyda https://",
	},
	"return_url.invalid": {
		English: "Enter a full web address, like https://www.example.gov.uk/paid",
		Welsh:   "Rhowch gyfeiriad gwe llawn, fel https://www.example.gov.uk/paid",
	},
	"status.cancelled": {
		English: "Cancelled",
		Welsh:   "Wedi'i ganslo",
	},
	"status.capturable": {
		English: "Authorised, not yet taken",
		Welsh:   "Wedi'i awdurdodi, heb ei gymryd eto",
	},
	"status.created": {
		English: "Not started",
		Welsh:   "Heb ddechrau",
	},
	"status.error": {
		English: "Technical problem, no money taken",
		Welsh:   "Problem dechnegol, dim arian wedi'i gymryd",
	},
	"status.failed": {
		English: "Payment failed",
		Welsh:   "Methodd y taliad",
	},
	"status.started": {
		English: "In progress",
		Welsh:   "Ar y gweill",
	},
	"status.submitted": {
		English: "Awaiting confirmation",
		Welsh:   "Yn aros am gadarnhad",
	},
	"status.success": {
		English: "Paid",
		Welsh:   "Wedi talu",
	},
	"status.unknown": {
		English: "Unknown",
		Welsh:   "Anhysbys",
	},
	"webhook.incomplete": {
		English: "The webhook message is missing information the payment provider always sends",
		Welsh:   "Mae'r neges bachyn gwe yn brin o wybodaeth y mae'r darparwr taliadau bob amser yn ei hanfon",
	},
	"webhook.inconsistent": {
		English: "The webhook message contradicts itself",
		Welsh:   "Mae'r neges bachyn gwe yn gwrth-ddweud ei hun",
	},
	"webhook.invalid_value": {
		English: "The webhook message holds a status or amount that is not valid",
		Welsh:   "Mae'r neges bachyn gwe yn cynnwys statws neu swm nad yw'n ddilys",
	},
	"webhook.not_json": {
		English: "The webhook message is not in the payment provider's format",
		Welsh:   "Nid yw'r neges bachyn gwe yn fformat y darparwr taliadau",
	},
	"webhook.resource_type": {
		English: "The webhook message is not about a payment or a refund",
		Welsh:   "Nid yw'r neges bachyn gwe yn ymwneud â thaliad nac ad-daliad",
	},
}

// text returns the message key from the catalogue, its placeholders filled
// in from the name–value pairs in args (see msg.Catalogue.Format).
func text(key string, args ...any) councilkit.Text {
	en, cy := messages.Format(key, args...)
	return councilkit.Text{English: en, Welsh: cy}
}
