package govukpay

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
	"date_range.invalid": {
		English: "The start of the search must be before its end",
		Welsh:   "Rhaid i ddechrau'r chwiliad fod cyn ei ddiwedd",
	},
	"display_size.out_of_range": {
		English: "The number of results on a page must be between 1 and 500",
		Welsh:   "Rhaid i nifer y canlyniadau ar dudalen fod rhwng 1 a 500",
	},
	"page.too_small": {
		English: "The page number must be 1 or more",
		Welsh:   "Rhaid i rif y dudalen fod yn 1 neu'n fwy",
	},
	"state.invalid_choice": {
		English: "GOV.UK Pay cannot search for payments by this status",
		Welsh:   "Ni all GOV.UK Pay chwilio am daliadau yn ôl y statws hwn",
	},
}

// text returns the message key from the catalogue, its placeholders filled
// in from the name–value pairs in args (see msg.Catalogue.Format).
func text(key string, args ...any) councilkit.Text {
	en, cy := messages.Format(key, args...)
	return councilkit.Text{English: en, Welsh: cy}
}
