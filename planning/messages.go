package planning

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
	"appeal.date.before_received": {
		English: "The date cannot be before the application was made",
		Welsh:   "Ni all y dyddiad fod cyn i'r cais gael ei wneud",
	},
	"appeal.date.too_late": {
		English: "The date is too far in the future",
		Welsh:   "Mae'r dyddiad yn rhy bell yn y dyfodol",
	},
	"appeal.deadline.required": {
		English: "Enter the last day the council had to decide the application",
		Welsh:   "Rhowch y diwrnod olaf a oedd gan y cyngor i benderfynu ar y cais",
	},
	"appeal.decided.required": {
		English: "Enter the date of the decision notice",
		Welsh:   "Rhowch ddyddiad yr hysbysiad o benderfyniad",
	},
	"appeal.enforcement": {
		English: "How an enforcement notice changes the time limit for this type of appeal is not worked out here: check with the Planning Inspectorate",
		Welsh:   "Nid yw'r ffordd y mae hysbysiad gorfodi yn newid y terfyn amser ar gyfer y math hwn o apêl yn cael ei chyfrifo yma: holwch yr Arolygiaeth Gynllunio",
	},
	"appeal.ground.conditions": {
		English: "Permission was granted with conditions the applicant objects to",
		Welsh:   "Rhoddwyd caniatâd gydag amodau y mae'r ymgeisydd yn eu gwrthwynebu",
	},
	"appeal.ground.non_determination": {
		English: "The application was not decided in time",
		Welsh:   "Ni phenderfynwyd ar y cais mewn pryd",
	},
	"appeal.ground.refusal": {
		English: "The application was refused",
		Welsh:   "Gwrthodwyd y cais",
	},
	"appeal.ground.required": {
		English: "Select what the appeal is against: a refusal, conditions, or no decision in time",
		Welsh:   "Dewiswch yn erbyn beth y mae'r apêl: gwrthod, amodau, neu ddim penderfyniad mewn pryd",
	},
	"appeal.ground.unknown": {
		English: "Unknown ground of appeal",
		Welsh:   "Sail apêl anhysbys",
	},
	"appeal.householder": {
		English: "This type of application cannot be a householder application",
		Welsh:   "Ni all y math hwn o gais fod yn gais deiliad tŷ",
	},
	"appeal.minor_commercial": {
		English: "A minor commercial application is a planning application for a shop or similar business building; it cannot be a householder application or this type of application",
		Welsh:   "Cais cynllunio ar gyfer siop neu adeilad busnes tebyg yw cais masnachol bach; ni all fod yn gais deiliad tŷ nac yn y math hwn o gais",
	},
	"appeal.received.required": {
		English: "Enter the date the application was made, to check the enforcement notice",
		Welsh:   "Rhowch y dyddiad y gwnaed y cais, er mwyn gwirio'r hysbysiad gorfodi",
	},
	"comment.address.required": {
		English: "Enter the neighbour's address",
		Welsh:   "Rhowch gyfeiriad y cymydog",
	},
	"comment.kind.required": {
		English: "Select who made the comment",
		Welsh:   "Dewiswch pwy wnaeth y sylw",
	},
	"comment.name.required": {
		English: "Enter the name of the person who made the comment",
		Welsh:   "Rhowch enw'r person a wnaeth y sylw",
	},
	"comment.organisation.required": {
		English: "Enter the name of the consultee",
		Welsh:   "Rhowch enw'r ymgynghorai",
	},
	"comment.received.required": {
		English: "Enter the date the comment was received",
		Welsh:   "Rhowch y dyddiad y daeth y sylw i law",
	},
	"comment.stance.required": {
		English: "Select whether the comment supports the proposal, objects to it or is neutral",
		Welsh:   "Dewiswch a yw'r sylw'n cefnogi'r cynnig, yn ei wrthwynebu neu'n niwtral",
	},
	"comment.text.required": {
		English: "Enter the comment",
		Welsh:   "Rhowch y sylw",
	},
	"council.required": {
		English: "Select the council",
		Welsh:   "Dewiswch y cyngor",
	},
	"document.file.active": {
		English: "The selected file must not contain scripts, attached files or other active content: save it again as a plain PDF",
		Welsh:   "Rhaid i'r ffeil a ddewiswyd beidio â chynnwys sgriptiau, ffeiliau atodedig na chynnwys gweithredol arall: cadwch hi eto fel PDF plaen",
	},
	"document.file.empty": {
		English: "The selected file is empty",
		Welsh:   "Mae'r ffeil a ddewiswyd yn wag",
	},
	"document.file.too_large": {
		English: "The selected file must be smaller than {max}",
		Welsh:   "Rhaid i'r ffeil a ddewiswyd fod yn llai na {max}",
	},
	"document.file.type": {
		English: "The selected file must be a PDF, JPG or PNG",
		Welsh:   "Rhaid i'r ffeil a ddewiswyd fod yn PDF, JPG neu PNG",
	},
	"document.name.required": {
		English: "Give the file a name",
		Welsh:   "Rhowch enw i'r ffeil",
	},
	"document.type.required": {
		English: "Select what the file shows",
		Welsh:   "Dewiswch beth mae'r ffeil yn ei ddangos",
	},
	"document.types.required": {
		English: "Say what the file shows",
		Welsh:   "Dywedwch beth mae'r ffeil yn ei ddangos",
	},
	"fee.advert.required": {
		English: "Select the kind of advertisement",
		Welsh:   "Dewiswch y math o hysbyseb",
	},
	"fee.category.required": {
		English: "Select what the development is",
		Welsh:   "Dewiswch beth yw'r datblygiad",
	},
	"fee.dwellings.required": {
		English: "Enter the number of homes",
		Welsh:   "Rhowch nifer y cartrefi",
	},
	"fee.line.advert": {
		English: "Consent to display an advertisement",
		Welsh:   "Caniatâd i arddangos hysbyseb",
	},
	"fee.line.alternative": {
		English: "Half fee: alternative application for the same site on the same day",
		Welsh:   "Hanner ffi: cais amgen ar gyfer yr un safle ar yr un diwrnod",
	},
	"fee.line.buildings": {
		English: "Erection of buildings, by gross floor space",
		Welsh:   "Codi adeiladau, yn ôl arwynebedd llawr gros",
	},
	"fee.line.capped": {
		English: "{line} (the maximum fee)",
		Welsh:   "{line} (yr uchafswm ffi)",
	},
	"fee.line.change_of_use": {
		English: "Change of use of a building or land",
		Welsh:   "Newid defnydd adeilad neu dir",
	},
	"fee.line.conditions": {
		English: "Approval of details reserved by condition",
		Welsh:   "Cymeradwyo manylion a gadwyd yn ôl gan amod",
	},
	"fee.line.curtilage": {
		English: "Works within the grounds of a home",
		Welsh:   "Gwaith o fewn tir cartref",
	},
	"fee.line.dwellings": {
		English: "Erection of dwellinghouses",
		Welsh:   "Codi tai annedd",
	},
	"fee.line.exempt_conservation_demolition": {
		English: "No fee: demolition in a conservation area",
		Welsh:   "Dim ffi: dymchwel mewn ardal gadwraeth",
	},
	"fee.line.exempt_disabled": {
		English: "No fee: works for a disabled person",
		Welsh:   "Dim ffi: gwaith ar gyfer person anabl",
	},
	"fee.line.exempt_permitted_development": {
		English: "No fee: permitted development rights were removed",
		Welsh:   "Dim ffi: dilëwyd hawliau datblygu a ganiateir",
	},
	"fee.line.free_go": {
		English: "No fee: first resubmission within 12 months of a decision or withdrawn application before 6 December 2023",
		Welsh:   "Dim ffi: ailgyflwyniad cyntaf o fewn 12 mis i benderfyniad neu gais a dynnwyd yn ôl cyn 6 Rhagfyr 2023",
	},
	"fee.line.free_go_abolished": {
		English: "No free resubmission: free resubmissions ended for periods starting on or after 6 December 2023",
		Welsh:   "Dim ailgyflwyno am ddim: daeth ailgyflwyno am ddim i ben ar gyfer cyfnodau sy'n dechrau ar 6 Rhagfyr 2023 neu wedi hynny",
	},
	"fee.line.free_go_lapsed": {
		English: "No free resubmission: more than 12 months after the earlier application's decision or withdrawal date",
		Welsh:   "Dim ailgyflwyno am ddim: mwy na 12 mis ar ôl dyddiad penderfynu neu dynnu'n ôl y cais cynharach",
	},
	"fee.line.householder_many": {
		English: "Alterations or extensions to two or more homes",
		Welsh:   "Newidiadau neu estyniadau i ddau gartref neu fwy",
	},
	"fee.line.householder_one": {
		English: "Alterations or extension to one home",
		Welsh:   "Newidiadau neu estyniad i un cartref",
	},
	"fee.line.ldc_breach_of_condition": {
		English: "Certificate of lawfulness of existing use in breach of a condition",
		Welsh:   "Tystysgrif cyfreithlondeb defnydd presennol sy'n torri amod",
	},
	"fee.line.ldc_half": {
		English: "Certificate of lawfulness of proposed use or development: half the planning fee",
		Welsh:   "Tystysgrif cyfreithlondeb defnydd neu ddatblygiad arfaethedig: hanner y ffi gynllunio",
	},
	"fee.line.no_fee": {
		English: "No fee is payable for this kind of application",
		Welsh:   "Nid oes ffi yn daladwy am y math hwn o gais",
	},
	"fee.line.outline_buildings": {
		English: "Outline permission for buildings, by site area",
		Welsh:   "Caniatâd amlinellol ar gyfer adeiladau, yn ôl arwynebedd y safle",
	},
	"fee.line.outline_dwellings": {
		English: "Outline permission for dwellinghouses, by site area",
		Welsh:   "Caniatâd amlinellol ar gyfer tai annedd, yn ôl arwynebedd y safle",
	},
	"fee.line.parish_council": {
		English: "Half fee: application by a parish council",
		Welsh:   "Hanner ffi: cais gan gyngor plwyf",
	},
	"fee.line.prior_approval": {
		English: "Prior approval",
		Welsh:   "Cymeradwyaeth ymlaen llaw",
	},
	"fee.line.prior_approval_per_home": {
		English: "Prior approval for change of use to homes, for each home",
		Welsh:   "Cymeradwyaeth ymlaen llaw ar gyfer newid defnydd i gartrefi, am bob cartref",
	},
	"fee.line.section73": {
		English: "Application to vary or remove conditions (section 73)",
		Welsh:   "Cais i amrywio neu ddileu amodau (adran 73)",
	},
	"fee.line.sports_club": {
		English: "Playing field for a non-profit sports club: fixed fee",
		Welsh:   "Cae chwarae ar gyfer clwb chwaraeon dielw: ffi sefydlog",
	},
	"fee.no_schedule": {
		English: "The fee for an application made on {made} cannot be worked out here, as the fee schedules held begin on {earliest}. Check it against the fee regulations in force that day",
		Welsh:   "Ni ellir cyfrifo yma'r ffi ar gyfer cais a wnaed ar {made}, gan fod yr amserlenni ffioedd a gedwir yn dechrau ar {earliest}. Gwiriwch hi yn erbyn y rheoliadau ffioedd a oedd mewn grym y diwrnod hwnnw",
	},
	"fee.quantity.negative": {
		English: "Numbers of homes and areas cannot be negative",
		Welsh:   "Ni all nifer y cartrefi a'r arwynebeddau fod yn negyddol",
	},
	"fee.quantity.too_large": {
		English: "Check the number of homes and the areas entered",
		Welsh:   "Gwiriwch nifer y cartrefi a'r arwynebeddau a roddwyd",
	},
	"fee.site_area.required": {
		English: "Enter the site area",
		Welsh:   "Rhowch arwynebedd y safle",
	},
	"period.day": {
		English: "{n} day",
		Welsh:   "{n} diwrnod",
	},
	"period.days": {
		English: "{n} days",
		Welsh:   "{n} diwrnod",
	},
	"period.month": {
		English: "{n} month",
		Welsh:   "{n} mis",
	},
	"period.months": {
		English: "{n} months",
		Welsh:   "{n} mis",
	},
	"period.none": {
		English: "no period",
		Welsh:   "dim cyfnod",
	},
	"period.week": {
		English: "{n} week",
		Welsh:   "{n} wythnos",
	},
	"period.weeks": {
		English: "{n} weeks",
		Welsh:   "{n} wythnos",
	},
	"require.applicant_contact": {
		English: "Enter an email address or phone number for the applicant or agent",
		Welsh:   "Rhowch gyfeiriad e-bost neu rif ffôn ar gyfer yr ymgeisydd neu'r asiant",
	},
	"require.applicant_name": {
		English: "Enter the applicant's name or company",
		Welsh:   "Rhowch enw neu gwmni'r ymgeisydd",
	},
	"require.connection_statement": {
		English: "Say whether you have a connection to the council",
		Welsh:   "Dywedwch a oes gennych gysylltiad â'r cyngor",
	},
	"require.declaration": {
		English: "Confirm that the information in the application is accurate",
		Welsh:   "Cadarnhewch fod yr wybodaeth yn y cais yn gywir",
	},
	"require.description": {
		English: "Describe the proposed development",
		Welsh:   "Disgrifiwch y datblygiad arfaethedig",
	},
	"require.design_and_access": {
		English: "Upload a design and access statement",
		Welsh:   "Lanlwythwch ddatganiad dylunio a mynediad",
	},
	"require.elevations": {
		English: "Upload drawings of the proposed elevations",
		Welsh:   "Lanlwythwch luniadau o'r gweddluniau arfaethedig",
	},
	"require.fee": {
		English: "Pay the application fee",
		Welsh:   "Talwch y ffi ymgeisio",
	},
	"require.floor_plans": {
		English: "Upload the proposed floor plans",
		Welsh:   "Lanlwythwch y cynlluniau llawr arfaethedig",
	},
	"require.heritage_statement": {
		English: "Upload a heritage statement describing the significance of the listed building",
		Welsh:   "Lanlwythwch ddatganiad treftadaeth sy'n disgrifio arwyddocâd yr adeilad rhestredig",
	},
	"require.location_plan": {
		English: "Upload a location plan showing the site outlined in red",
		Welsh:   "Lanlwythwch gynllun lleoliad sy'n dangos y safle wedi'i amlinellu mewn coch",
	},
	"require.ownership_certificate": {
		English: "Complete an ownership certificate (A, B, C or D)",
		Welsh:   "Llenwch dystysgrif perchnogaeth (A, B, C neu D)",
	},
	"require.ownership_notice": {
		English: "Give notice to the other owners, or publish it in a local newspaper, and record when",
		Welsh:   "Rhowch hysbysiad i'r perchnogion eraill, neu ei gyhoeddi mewn papur newydd lleol, a chofnodwch pryd",
	},
	"require.site_address": {
		English: "Enter the address of the site, or its position",
		Welsh:   "Rhowch gyfeiriad y safle, neu ei leoliad",
	},
	"require.site_plan": {
		English: "Upload a site plan of the proposed development",
		Welsh:   "Lanlwythwch gynllun safle o'r datblygiad arfaethedig",
	},
	"site.area_disagrees": {
		English: "The site area does not match the site boundary drawn on the map",
		Welsh:   "Nid yw arwynebedd y safle yn cyfateb i ffin y safle a luniwyd ar y map",
	},
	"site.coordinates_disagree": {
		English: "The site's grid reference and its latitude and longitude are in different places",
		Welsh:   "Mae cyfeirnod grid y safle a'i lledred a'i hydred mewn lleoedd gwahanol",
	},
	"site.not_uk_postcode": {
		English: "This is not a UK postcode. Check the address, which may be abroad",
		Welsh:   "Nid yw hwn yn god post yn y DU. Gwiriwch y cyfeiriad, a all fod dramor",
	},
	"site.not_uprn": {
		English: "This is not a Unique Property Reference Number. Check the site address",
		Welsh:   "Nid yw hwn yn Gyfeirnod Eiddo Unigryw. Gwiriwch gyfeiriad y safle",
	},
	"site.not_usrn": {
		English: "This is not a Unique Street Reference Number. Check the site address",
		Welsh:   "Nid yw hwn yn Gyfeirnod Stryd Unigryw. Gwiriwch gyfeiriad y safle",
	},
	"site.red_line.invalid": {
		English: "Draw the site boundary again",
		Welsh:   "Lluniwch ffin y safle eto",
	},
	"type.required": {
		English: "Select the type of application",
		Welsh:   "Dewiswch y math o gais",
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
