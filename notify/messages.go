package notify

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
	"address.invalid": {
		English: "Enter an address of 3 to 7 lines, ending with the postcode or a country outside the UK",
		Welsh:   "Rhowch gyfeiriad o 3 i 7 llinell, yn gorffen gyda'r cod post neu wlad y tu allan i'r DU",
	},
	"email_address.invalid": {
		English: "Enter an email address in the correct format, like name@example.com",
		Welsh:   "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
	},
	"phone_number.invalid": {
		English: "Enter a mobile phone number, like 07700 900 982 or +44 7700 900 982",
		Welsh:   "Rhowch rif ffôn symudol, fel 07700 900 982 neu +44 7700 900 982",
	},
	"template_id.invalid": {
		English: "Choose a GOV.UK Notify template: its ID is a UUID",
		Welsh:   "Dewiswch dempled GOV.UK Notify: mae ei ID yn UUID",
	},
}

// text returns the message key from the catalogue, its placeholders filled
// in from the name–value pairs in args (see msg.Catalogue.Format).
func text(key string, args ...any) councilkit.Text {
	en, cy := messages.Format(key, args...)
	return councilkit.Text{English: en, Welsh: cy}
}
