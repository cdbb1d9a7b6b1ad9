package webhooks

import (
	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/internal/msg"
)

// messages is every message this package shows (to the council officer
// who sets up an endpoint), in English and Welsh, under a stable key, in
// key order. messages_test.go checks that each has both languages and the
// same placeholders in each, and that each is used.
var messages = msg.Catalogue{
	"secret.duplicate": {
		English: "This secret is already given",
		Welsh:   "Mae'r gyfrinach hon wedi'i rhoi yn barod",
	},
	"secret.invalid": {
		English: "Enter a secret that starts with whsec_",
		Welsh:   "Rhowch gyfrinach sy'n dechrau gyda whsec_",
	},
	"secrets.required": {
		English: "Give the endpoint a signing secret",
		Welsh:   "Rhowch gyfrinach llofnodi i'r pwynt terfyn",
	},
	"secrets.too_many": {
		English: "Give one secret, or two while rotating them",
		Welsh:   "Rhowch un gyfrinach, neu ddwy wrth eu cylchdroi",
	},
	"types.duplicate": {
		English: "This kind of event is already chosen",
		Welsh:   "Mae'r math hwn o ddigwyddiad wedi'i ddewis yn barod",
	},
	"types.required": {
		English: "Choose at least one kind of event",
		Welsh:   "Dewiswch o leiaf un math o ddigwyddiad",
	},
	"url.credentials": {
		English: "Enter a web address without a user name or password in it",
		Welsh:   "Rhowch gyfeiriad gwe heb enw defnyddiwr na chyfrinair ynddo",
	},
	"url.fragment": {
		English: "Enter a web address without a # part",
		Welsh:   "Rhowch gyfeiriad gwe heb ran #",
	},
	"url.insecure": {
		English: "Enter a web address that starts with https://",
		Welsh:   "Rhowch gyfeiriad gwe sy'n dechrau gyda https://",
	},
	"url.invalid": {
		English: "Enter a full web address, such as https://example.org/webhooks",
		Welsh:   "Rhowch gyfeiriad gwe llawn, fel https://example.org/webhooks",
	},
}

// text returns the message key from the catalogue, its placeholders filled
// in from the name–value pairs in args (see msg.Catalogue.Format).
func text(key string, args ...any) councilkit.Text {
	en, cy := messages.Format(key, args...)
	return councilkit.Text{English: en, Welsh: cy}
}
