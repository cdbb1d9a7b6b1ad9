package odp

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
	"fee.mismatch": {
		English: "The fee in the application ({given}) is not the fee the regulations set for an application of its type made on its date ({want})",
		Welsh:   "Nid y ffi yn y cais ({given}) yw'r ffi y mae'r rheoliadau'n ei gosod ar gyfer cais o'r math hwn a wnaed ar ei ddyddiad ({want})",
	},
	"payload.path": {
		English: "The application could not be read: at {path} it does not match the Digital Planning Data Schemas {version}. Ask the sender to check it",
		Welsh:   "Nid oedd modd darllen y cais: yn {path} nid yw'n cyfateb i Sgemâu Data Cynllunio Digidol {version}. Gofynnwch i'r anfonwr ei wirio",
	},
	"value.amount_not_pence": {
		English: "The amount in the application is not a whole number of pence; check it with the applicant",
		Welsh:   "Nid yw'r swm yn y cais yn nifer cyfan o geiniogau; gwiriwch ef gyda'r ymgeisydd",
	},
	"value.date_out_of_range": {
		English: "The date in the application is too far in the past or future to use; check it with the applicant",
		Welsh:   "Mae'r dyddiad yn y cais yn rhy bell yn y gorffennol neu'r dyfodol i'w ddefnyddio; gwiriwch ef gyda'r ymgeisydd",
	},
	"value.number_too_large": {
		English: "The number in the application is too large to use; check it with the applicant",
		Welsh:   "Mae'r rhif yn y cais yn rhy fawr i'w ddefnyddio; gwiriwch ef gyda'r ymgeisydd",
	},
}

// text returns the message key from the catalogue, its placeholders filled
// in from the name–value pairs in args (see msg.Catalogue.Format).
func text(key string, args ...any) councilkit.Text {
	en, cy := messages.Format(key, args...)
	return councilkit.Text{English: en, Welsh: cy}
}
