package identity

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
	"coordinates.invalid": {
		English: "Enter a location in Great Britain",
		Welsh:   "Rhowch leoliad ym Mhrydain Fawr",
	},
	"date_of_birth.in_future": {
		English: "Date of birth must be in the past",
		Welsh:   "Rhaid i'r dyddiad geni fod yn y gorffennol",
	},
	"date_of_birth.required": {
		English: "Enter your date of birth",
		Welsh:   "Rhowch eich dyddiad geni",
	},
	"email.invalid": {
		English: "Enter an email address in the correct format, like name@example.com",
		Welsh:   "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
	},
	"family_name.required": {
		English: "Enter your last name",
		Welsh:   "Rhowch eich cyfenw",
	},
	"given_names.required": {
		English: "Enter your first name",
		Welsh:   "Rhowch eich enw cyntaf",
	},
	"lines.required": {
		English: "Enter the first line of the address",
		Welsh:   "Rhowch linell gyntaf y cyfeiriad",
	},
	"lines.too_many": {
		English: "Must be {max} lines or less",
		Welsh:   "Rhaid iddo fod yn {max} llinell neu lai",
	},
	"nhs.invalid": {
		English: "Enter a valid NHS number of 10 digits, like 943 476 5919",
		Welsh:   "Rhowch rif GIG dilys o 10 digid, fel 943 476 5919",
	},
	"nino.invalid": {
		English: "Enter a National Insurance number in the correct format, like QQ 12 34 56 C",
		Welsh:   "Rhowch rif Yswiriant Gwladol yn y fformat cywir, fel QQ 12 34 56 C",
	},
	"phone.invalid": {
		English: "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
		Welsh:   "Rhowch rif ffôn, fel 01632 960 001, 07700 900 982 neu +44 808 157 0192",
	},
	"postcode.invalid": {
		English: "Enter a real postcode, like SW1A 1AA",
		Welsh:   "Rhowch god post go iawn, fel SW1A 1AA",
	},
	"postcode.required": {
		English: "Enter a postcode",
		Welsh:   "Rhowch god post",
	},
	"text.special_characters": {
		English: "Remove any special characters",
		Welsh:   "Tynnwch unrhyw nodau arbennig",
	},
	"town.required": {
		English: "Enter the town or city",
		Welsh:   "Rhowch y dref neu'r ddinas",
	},
	"upn.invalid": {
		English: "Enter a unique pupil number in the correct format: a letter followed by 12 characters",
		Welsh:   "Rhowch rif disgybl unigryw yn y fformat cywir: llythyren wedi'i dilyn gan 12 nod",
	},
	"uprn.invalid": {
		English: "Enter a Unique Property Reference Number (UPRN) of up to 12 digits",
		Welsh:   "Rhowch Gyfeirnod Unigryw Eiddo (UPRN) o hyd at 12 digid",
	},
	"usrn.invalid": {
		English: "Enter a Unique Street Reference Number (USRN) of up to 8 digits",
		Welsh:   "Rhowch Gyfeirnod Unigryw Stryd (USRN) o hyd at 8 digid",
	},
}

// text returns the message key from the catalogue, its placeholders filled
// in from the name–value pairs in args (see msg.Catalogue.Format).
func text(key string, args ...any) councilkit.Text {
	en, cy := messages.Format(key, args...)
	return councilkit.Text{English: en, Welsh: cy}
}
