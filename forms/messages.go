package forms

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
	"amount.invalid": {
		English: "Enter an amount in pounds and pence, like £45.00",
		Welsh:   "Rhowch swm mewn punnoedd a cheiniogau, fel £45.00",
	},
	"council.invalid": {
		English: "Enter a council's code in the correct format, like E06000047",
		Welsh:   "Rhowch god cyngor yn y fformat cywir, fel E06000047",
	},
	"urn.invalid": {
		English: "Enter a school's unique reference number (URN) of 6 digits, like 100000",
		Welsh:   "Rhowch gyfeirnod unigryw ysgol (URN) o 6 digid, fel 100000",
	},
}

// text returns the message key from the catalogue, its placeholders filled
// in from the name–value pairs in args (see msg.Catalogue.Format).
func text(key string, args ...any) councilkit.Text {
	en, cy := messages.Format(key, args...)
	return councilkit.Text{English: en, Welsh: cy}
}
