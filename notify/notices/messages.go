package notices

import (
	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/internal/msg"
)

// messages is every word this package puts into a message's
// personalisation, in English and Welsh, under a stable key, in key order.
// {name} is a placeholder, filled in by text. messages_test.go checks that
// each has both languages and the same placeholders in each, and that each
// is used.
var messages = msg.Catalogue{
	"decision.allowed": {
		English: "allowed",
		Welsh:   "caniatawyd",
	},
	"decision.dismissed": {
		English: "dismissed",
		Welsh:   "gwrthodwyd",
	},
	"decision.granted": {
		English: "granted",
		Welsh:   "caniatawyd",
	},
	"decision.refused": {
		English: "refused",
		Welsh:   "gwrthodwyd",
	},
	"decision.split": {
		English: "allowed in part",
		Welsh:   "caniatawyd yn rhannol",
	},
	"eligibility.eligible": {
		English: "eligible",
		Welsh:   "yn gymwys",
	},
	"eligibility.not_eligible": {
		English: "not eligible",
		Welsh:   "yn anghymwys",
	},
	// GOV.UK style: "2027 to 2028", not "2027-28".
	"school_year": {
		English: "{first} to {last}",
		Welsh:   "{first} i {last}",
	},
	"year_group.reception": {
		English: "Reception",
		Welsh:   "Dosbarth Derbyn",
	},
	"year_group.year": {
		English: "Year {year}",
		Welsh:   "Blwyddyn {year}",
	},
}

// text returns the message key from the catalogue, its placeholders filled
// in from the name–value pairs in args (see msg.Catalogue.Format).
func text(key string, args ...any) councilkit.Text {
	en, cy := messages.Format(key, args...)
	return councilkit.Text{English: en, Welsh: cy}
}
