package admissions

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
	"application.late": {
		English: "This application arrived after the closing date; it will be considered after on-time applications",
		Welsh:   "Cyrhaeddodd y cais hwn ar ôl y dyddiad cau; caiff ei ystyried ar ôl ceisiadau a gyrhaeddodd mewn pryd",
	},
	"child.location.required": {
		English: "Enter the child's home address so that distance to schools can be measured",
		Welsh:   "Rhowch gyfeiriad cartref y plentyn er mwyn mesur y pellter i ysgolion",
	},
	"child.outside_cohort": {
		English: "The child's date of birth is not in the age range for this year group",
		Welsh:   "Nid yw dyddiad geni'r plentyn yn yr ystod oedran ar gyfer y grŵp blwyddyn hwn",
	},
	"criterion.catchment": {
		English: "Children living in the school's catchment area",
		Welsh:   "Plant sy'n byw yn nalgylch yr ysgol",
	},
	"criterion.exceptional_need": {
		English: "Children with an exceptional medical or social need for this school",
		Welsh:   "Plant ag angen meddygol neu gymdeithasol eithriadol am yr ysgol hon",
	},
	"criterion.faith": {
		English: "Children with evidence of membership or practice of the school's faith",
		Welsh:   "Plant sydd â thystiolaeth o aelodaeth neu arfer o ffydd yr ysgol",
	},
	"criterion.looked_after": {
		English: "Looked after and previously looked after children",
		Welsh:   "Plant sy'n derbyn gofal a phlant a fu'n derbyn gofal",
	},
	"criterion.other": {
		English: "Other children",
		Welsh:   "Plant eraill",
	},
	"criterion.sibling": {
		English: "Children with a brother or sister at the school",
		Welsh:   "Plant sydd â brawd neu chwaer yn yr ysgol",
	},
	"criterion.staff": {
		English: "Children of staff at the school",
		Welsh:   "Plant staff yr ysgol",
	},
	"cursor.invalid": {
		English: "The link to this page of results is not right. Go back to the first page",
		Welsh:   "Nid yw'r ddolen i'r dudalen hon o ganlyniadau yn gywir. Ewch yn ôl i'r dudalen gyntaf",
	},
	"deferral.not_summer_born": {
		English: "Only a summer-born child (born 1 April to 31 August) can start Reception a year later",
		Welsh:   "Dim ond plentyn a anwyd yn yr haf (rhwng 1 Ebrill a 31 Awst) all ddechrau yn y Dosbarth Derbyn flwyddyn yn ddiweddarach",
	},
	"evidence.required": {
		English: "Give a reference to the professional evidence of the child's need",
		Welsh:   "Rhowch gyfeirnod i'r dystiolaeth broffesiynol o angen y plentyn",
	},
	"location.invalid": {
		English: "This location is not in Great Britain; check the coordinates",
		Welsh:   "Nid yw'r lleoliad hwn ym Mhrydain Fawr; gwiriwch y cyfesurynnau",
	},
	"preference.duplicate_school": {
		English: "You have already named this school; choose a different school",
		Welsh:   "Rydych chi eisoes wedi enwi'r ysgol hon; dewiswch ysgol wahanol",
	},
	"preference.not_in_round": {
		English: "This school is not taking part in this admissions round",
		Welsh:   "Nid yw'r ysgol hon yn rhan o'r cylch derbyn hwn",
	},
	"preference.wrong_phase": {
		English: "This school does not admit children into this year group",
		Welsh:   "Nid yw'r ysgol hon yn derbyn plant i'r grŵp blwyddyn hwn",
	},
	"preferences.too_many": {
		English: "You can name up to {max} schools",
		Welsh:   "Gallwch enwi hyd at {max} ysgol",
	},
	"reason.all_ehc": {
		English: "Every place went to children whose education, health and care plan names the school.",
		Welsh:   "Aeth pob lle i blant y mae eu cynllun addysg, iechyd a gofal yn enwi'r ysgol.",
	},
	"reason.distance": {
		English: "{km} km from the school",
		Welsh:   "{km} km o'r ysgol",
	},
	"reason.distance_compared": {
		English: "The last place went to a child in the category “{last}”, {last_distance}. Your child is in the category “{own}”, {own_distance}.",
		Welsh:   "Aeth y lle olaf i blentyn yn y categori “{last}”, {last_distance}. Mae eich plentyn yn y categori “{own}”, {own_distance}.",
	},
	"reason.distance_not_used": {
		English: "distance not used",
		Welsh:   "pellter heb ei ddefnyddio",
	},
	"reason.head": {
		English: "{school} (your preference number {preference}) could not offer a place.",
		Welsh:   "Nid oedd {school} (eich dewis rhif {preference}) yn gallu cynnig lle.",
	},
	"reason.home_location_unknown": {
		English: "home location not known",
		Welsh:   "lleoliad y cartref yn anhysbys",
	},
	"reason.late": {
		English: "{criterion} (late application)",
		Welsh:   "{criterion} (cais hwyr)",
	},
	"reason.no_places": {
		English: "The school has no places in this year group.",
		Welsh:   "Nid oes gan yr ysgol leoedd yn y grŵp blwyddyn hwn.",
	},
	"reason.random": {
		English: "The last place went to a child in the category “{last}”. Your child is in the category “{own}”; children in the same category were ranked by random draw.",
		Welsh:   "Aeth y lle olaf i blentyn yn y categori “{last}”. Mae eich plentyn yn y categori “{own}”; cafodd plant yn yr un categori eu trefnu drwy hap-ddewis.",
	},
	"school.location.required": {
		English: "Give the school's location on the National Grid, or rank by random draw instead of distance",
		Welsh:   "Rhowch leoliad yr ysgol ar y Grid Cenedlaethol, neu trefnwch drwy hap-ddewis yn lle pellter",
	},
	"term.end_before_start": {
		English: "The term must end on or after the day it starts",
		Welsh:   "Rhaid i'r tymor ddod i ben ar neu ar ôl y diwrnod y mae'n dechrau",
	},
	"term.too_long": {
		English: "Must be {max} days or less",
		Welsh:   "Rhaid iddo fod yn {max} diwrnod neu lai",
	},
	"terms.overlap": {
		English: "Two terms overlap",
		Welsh:   "Mae dau dymor yn gorgyffwrdd",
	},
}

// text returns the message key from the catalogue, its placeholders filled
// in from the name–value pairs in args (see msg.Catalogue.Format); a
// councilkit.Text value fills each language with its own text.
func text(key string, args ...any) councilkit.Text {
	for i, a := range args {
		if t, ok := a.(councilkit.Text); ok {
			args[i] = msg.Pair(t)
		}
	}
	en, cy := messages.Format(key, args...)
	return councilkit.Text{English: en, Welsh: cy}
}
