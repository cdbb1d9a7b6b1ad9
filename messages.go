package councilkit

import "github.com/lgds/councilkit/internal/msg"

// messages is every message this package shows a resident, in English and
// Welsh, under a stable key. {name} is a placeholder, filled in by text.
// messages_test.go checks that each has both languages and the same
// placeholders in each, and that each is used.
var messages = msg.Catalogue{
	// The messages for the shared codes.
	"required": {
		English: "Enter a value",
		Welsh:   "Rhowch werth",
	},
	"invalid": {
		English: "Is not in the right format",
		Welsh:   "Nid yw yn y fformat cywir",
	},
	"invalid_choice": {
		English: "Select one of the options",
		Welsh:   "Dewiswch un o'r opsiynau",
	},
	"too_long": {
		English: "Must be {max} characters or fewer",
		Welsh:   "Rhaid iddo fod yn {max} nod neu lai",
	},
	"too_short": {
		English: "Must be at least {min} characters",
		Welsh:   "Rhaid iddo fod yn o leiaf {min} nod",
	},
	"too_small": {
		English: "Must be {min} or more",
		Welsh:   "Rhaid iddo fod yn {min} neu fwy",
	},
	"too_large": {
		English: "Must be {max} or less",
		Welsh:   "Rhaid iddo fod yn {max} neu lai",
	},
	"length": {
		English: "Must be exactly {n} characters",
		Welsh:   "Rhaid iddo fod yn union {n} nod",
	},
	"items.too_many": {
		English: "Must have {max} items or fewer",
		Welsh:   "Rhaid cael {max} eitem neu lai",
	},
	"items.too_few": {
		English: "Must have at least {min} items",
		Welsh:   "Rhaid cael o leiaf {min} eitem",
	},
	"items.duplicate": {
		English: "Each entry must be different",
		Welsh:   "Rhaid i bob cofnod fod yn wahanol",
	},
	"email.invalid": {
		English: "Enter an email address in the correct format, like name@example.com",
		Welsh:   "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
	},
	"url.invalid": {
		English: "Enter a full web address, like https://www.example.com",
		Welsh:   "Rhowch gyfeiriad gwe llawn, fel https://www.enghraifft.com",
	},

	// A council's profile and the directory of profiles.
	"profile.website.invalid": {
		English: "Enter the council's website address, starting https://",
		Welsh:   "Rhowch gyfeiriad gwefan y cyngor, yn dechrau gyda https://",
	},
	"profile.phone.invalid": {
		English: "Enter a telephone number, like 01632 960 001",
		Welsh:   "Rhowch rif ffôn, fel 01632 960 001",
	},
	"directory.duplicate": {
		English: "This council is already in the list",
		Welsh:   "Mae'r cyngor hwn eisoes yn y rhestr",
	},

	// The labels of a council's contact details (Profile.AppendContact).
	"contact.heading": {
		English: "Contact details",
		Welsh:   "Manylion cyswllt",
	},
	"contact.phone": {
		English: "Phone",
		Welsh:   "Ffôn",
	},
	"contact.email": {
		English: "Email",
		Welsh:   "E-bost",
	},
	"contact.website": {
		English: "Website",
		Welsh:   "Gwefan",
	},
	"contact.hours": {
		English: "Opening hours",
		Welsh:   "Oriau agor",
	},
}

// text returns the message key from the catalogue, its placeholders filled
// in from the name–value pairs in args (see msg.Catalogue.Format).
func text(key string, args ...any) Text {
	en, cy := messages.Format(key, args...)
	return Text{English: en, Welsh: cy}
}
