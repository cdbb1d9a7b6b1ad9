package counciltax

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
	"band.not_in_nation": {
		English: "Enter a valuation band that exists {in_nation}.",
		Welsh:   "Rhowch fand prisio sy’n bodoli {in_nation}.",
	},
	"band_d.exact_rounding": {
		English: "The exact band D amount must round to the band D amount.",
		Welsh:   "Rhaid i’r union swm band D dalgrynnu i’r swm band D.",
	},
	"band_d.stated_mismatch": {
		English: "The band D amount must equal the stated band D amount.",
		Welsh:   "Rhaid i’r swm band D fod yr un fath â’r swm band D a nodwyd.",
	},
	"bands.count": {
		English: "Give one amount for each valuation band ({n}).",
		Welsh:   "Rhowch un swm ar gyfer pob band prisio ({n}).",
	},
	"bill.annual": {
		English: "Annual charge for your band",
		Welsh:   "Tâl blynyddol ar gyfer eich band",
	},
	"bill.area": {
		English: "Area",
		Welsh:   "Ardal",
	},
	"bill.band": {
		English: "Band",
		Welsh:   "Band",
	},
	"bill.band_d": {
		English: "Band D",
		Welsh:   "Band D",
	},
	"bill.class": {
		English: "Class",
		Welsh:   "Dosbarth",
	},
	"bill.council": {
		English: "Council",
		Welsh:   "Cyngor",
	},
	"bill.days": {
		English: "days",
		Welsh:   "diwrnod",
	},
	"bill.disabled": {
		English: "Disabled band reduction",
		Welsh:   "Gostyngiad band i bobl anabl",
	},
	"bill.exempt": {
		English: "Exempt",
		Welsh:   "Wedi’i eithrio",
	},
	"bill.instalments": {
		English: "Instalments",
		Welsh:   "Rhandaliadau",
	},
	"bill.liability": {
		English: "Council tax for the year",
		Welsh:   "Treth gyngor am y flwyddyn",
	},
	"bill.no_premium": {
		English: "No premium",
		Welsh:   "Dim premiwm",
	},
	"bill.payable": {
		English: "Amount payable",
		Welsh:   "Swm sy’n daladwy",
	},
	"bill.periods": {
		English: "Periods of liability",
		Welsh:   "Cyfnodau atebolrwydd",
	},
	"bill.premium": {
		English: "premium",
		Welsh:   "premiwm",
	},
	"bill.reduction": {
		English: "Council tax reduction",
		Welsh:   "Gostyngiad treth gyngor",
	},
	"bill.title": {
		English: "Council tax bill",
		Welsh:   "Bil treth gyngor",
	},
	"bill.to": {
		English: "to",
		Welsh:   "i",
	},
	"bill.your_band": {
		English: "Your band",
		Welsh:   "Eich band",
	},
	"council.invalid": {
		English: "Enter a council in England, Wales or Scotland.",
		Welsh:   "Rhowch gyngor yng Nghymru, Lloegr neu’r Alban.",
	},
	"date.out_of_year": {
		English: "Enter a date in the financial year {year}.",
		Welsh:   "Rhowch ddyddiad yn y flwyddyn ariannol {year}.",
	},
	"discount.all_but_one_disregarded": {
		English: "Discount: all residents but one disregarded",
		Welsh:   "Gostyngiad: diystyru pob preswylydd ond un",
	},
	"discount.all_disregarded": {
		English: "Discount: all residents disregarded",
		Welsh:   "Gostyngiad: diystyru pob preswylydd",
	},
	"discount.local": {
		English: "Local discount",
		Welsh:   "Gostyngiad lleol",
	},
	"discount.no_resident": {
		English: "Discount: no resident",
		Welsh:   "Gostyngiad: dim preswylydd",
	},
	"discount.single_resident": {
		English: "Single person discount",
		Welsh:   "Gostyngiad person sengl",
	},
	"exception.e": {
		English: "Would be a main residence but for armed forces accommodation",
		Welsh:   "Byddai’n brif breswylfa oni bai am lety’r lluoedd arfog",
	},
	"exception.f": {
		English: "An annex used as part of the main dwelling",
		Welsh:   "Anecs a ddefnyddir fel rhan o’r brif annedd",
	},
	"exception.g": {
		English: "Actively marketed for sale",
		Welsh:   "Yn cael ei farchnata’n weithredol i’w werthu",
	},
	"exception.h": {
		English: "Actively marketed for let",
		Welsh:   "Yn cael ei farchnata’n weithredol i’w osod",
	},
	"exception.i": {
		English: "Probate recently granted",
		Welsh:   "Profiant wedi’i roi’n ddiweddar",
	},
	"exception.j": {
		English: "A job-related dwelling",
		Welsh:   "Annedd sy’n gysylltiedig â swydd",
	},
	"exception.k": {
		English: "An occupied caravan pitch or boat mooring",
		Welsh:   "Llain carafán neu angorfa cwch a feddiannir",
	},
	"exception.l": {
		English: "A seasonal home that cannot be occupied all year",
		Welsh:   "Cartref tymhorol na ellir ei feddiannu drwy’r flwyddyn",
	},
	"exception.m": {
		English: "Empty, needing or undergoing major repairs",
		Welsh:   "Gwag, angen neu’n cael gwaith atgyweirio mawr",
	},
	"exception.not_applicable": {
		English: "That premium exception does not apply to this premium, or on these dates.",
		Welsh:   "Nid yw’r eithriad premiwm hwnnw’n berthnasol i’r premiwm hwn, nac ar y dyddiadau hyn.",
	},
	"exempt.a": {
		English: "Empty, needing or undergoing major repair work",
		Welsh:   "Gwag, angen neu’n cael gwaith atgyweirio mawr",
	},
	"exempt.b": {
		English: "Empty, owned by a charity",
		Welsh:   "Gwag, yn eiddo i elusen",
	},
	"exempt.c": {
		English: "Empty and substantially unfurnished",
		Welsh:   "Gwag a heb ddodrefn i raddau helaeth",
	},
	"exempt.d": {
		English: "Empty, the liable person is detained in prison or hospital",
		Welsh:   "Gwag, mae’r person atebol yn cael ei gadw yn y carchar neu’r ysbyty",
	},
	"exempt.e": {
		English: "Empty, the resident now lives in a hospital or care home",
		Welsh:   "Gwag, mae’r preswylydd bellach yn byw mewn ysbyty neu gartref gofal",
	},
	"exempt.f": {
		English: "Empty, awaiting probate or letters of administration",
		Welsh:   "Gwag, yn aros am brofiant neu lythyrau gweinyddu",
	},
	"exempt.g": {
		English: "Occupation is prohibited by law",
		Welsh:   "Mae’r gyfraith yn gwahardd meddiannu",
	},
	"exempt.h": {
		English: "Held for a minister of religion",
		Welsh:   "Wedi’i gadw ar gyfer gweinidog crefydd",
	},
	"exempt.i": {
		English: "Empty, the resident receives care elsewhere",
		Welsh:   "Gwag, mae’r preswylydd yn derbyn gofal mewn man arall",
	},
	"exempt.j": {
		English: "Empty, the resident provides care elsewhere",
		Welsh:   "Gwag, mae’r preswylydd yn darparu gofal mewn man arall",
	},
	"exempt.k": {
		English: "Empty, left by a student owner",
		Welsh:   "Gwag, wedi’i adael gan berchennog sy’n fyfyriwr",
	},
	"exempt.l": {
		English: "Empty, repossessed by a mortgage lender",
		Welsh:   "Gwag, wedi’i adfeddiannu gan fenthyciwr morgais",
	},
	"exempt.m": {
		English: "A hall of residence for students",
		Welsh:   "Neuadd breswyl i fyfyrwyr",
	},
	"exempt.n": {
		English: "Occupied only by students or school and college leavers",
		Welsh:   "Wedi’i feddiannu gan fyfyrwyr neu ymadawyr ysgol a choleg yn unig",
	},
	"exempt.not_in_nation": {
		English: "That exemption class does not apply {in_nation}.",
		Welsh:   "Nid yw’r dosbarth esemptiad hwnnw’n berthnasol {in_nation}.",
	},
	"exempt.o": {
		English: "Armed forces accommodation",
		Welsh:   "Llety’r lluoedd arfog",
	},
	"exempt.p": {
		English: "Occupied by members of visiting forces",
		Welsh:   "Wedi’i feddiannu gan aelodau o luoedd sy’n ymweld",
	},
	"exempt.q": {
		English: "Empty, a trustee in bankruptcy is liable",
		Welsh:   "Gwag, mae ymddiriedolwr methdaliad yn atebol",
	},
	"exempt.r": {
		English: "An empty caravan pitch or boat mooring",
		Welsh:   "Llain carafán neu angorfa cwch wag",
	},
	"exempt.s": {
		English: "Occupied only by people under 18",
		Welsh:   "Wedi’i feddiannu gan bobl dan 18 oed yn unig",
	},
	"exempt.t": {
		English: "An empty annex that cannot be let separately",
		Welsh:   "Anecs gwag na ellir ei osod ar wahân",
	},
	"exempt.u": {
		English: "Occupied only by people who are severely mentally impaired",
		Welsh:   "Wedi’i feddiannu gan bobl â nam meddyliol difrifol yn unig",
	},
	"exempt.v": {
		English: "The main residence of a diplomat",
		Welsh:   "Prif breswylfa diplomydd",
	},
	"exempt.w": {
		English: "An annex occupied by a dependent relative",
		Welsh:   "Anecs wedi’i feddiannu gan berthynas dibynnol",
	},
	"nation.in_england": {
		English: "in England",
		Welsh:   "yn Lloegr",
	},
	"nation.in_scotland": {
		English: "in Scotland",
		Welsh:   "yn yr Alban",
	},
	"nation.in_wales": {
		English: "in Wales",
		Welsh:   "yng Nghymru",
	},
	"periods.end_before_start": {
		English: "The end of a period must not be before its start.",
		Welsh:   "Ni ddylai diwedd cyfnod fod cyn ei ddechrau.",
	},
	"periods.overlap": {
		English: "Periods must be in order and must not overlap.",
		Welsh:   "Rhaid i’r cyfnodau fod mewn trefn a pheidio â gorgyffwrdd.",
	},
	"precept.and_bands": {
		English: "Give either a precept with its tax base or the amount for each band, not both.",
		Welsh:   "Rhowch naill ai braesept gyda’i sylfaen dreth neu’r swm ar gyfer pob band, nid y ddau.",
	},
	"precept.and_exact": {
		English: "Give either a precept with its tax base or an exact band D amount, not both.",
		Welsh:   "Rhowch naill ai braesept gyda’i sylfaen dreth neu union swm band D, nid y ddau.",
	},
	"precept.band_d": {
		English: "The band D amount must be the precept divided by the tax base, to the nearest penny.",
		Welsh:   "Rhaid i’r swm band D fod yn braesept wedi’i rannu â’r sylfaen dreth, i’r geiniog agosaf.",
	},
	"premium.above_maximum": {
		English: "The premium is above the legal maximum of {max}.",
		Welsh:   "Mae’r premiwm yn uwch na’r uchafswm cyfreithiol o {max}.",
	},
	"premium.long_term_empty": {
		English: "Long-term empty homes premium",
		Welsh:   "Premiwm cartrefi gwag hirdymor",
	},
	"premium.not_from_date": {
		English: "This premium cannot be charged from that date.",
		Welsh:   "Ni ellir codi’r premiwm hwn o’r dyddiad hwnnw.",
	},
	"premium.second_home": {
		English: "Second homes premium",
		Welsh:   "Premiwm ail gartrefi",
	},
	"profile.mismatch": {
		English: "The council's profile must be for the council the charges are for.",
		Welsh:   "Rhaid i broffil y cyngor fod ar gyfer y cyngor y mae’r taliadau ar ei gyfer.",
	},
	"record.adjustment_unrecorded": {
		English: "Record an adjustment for the new amount payable.",
		Welsh:   "Cofnodwch addasiad ar gyfer y swm newydd sy’n daladwy.",
	},
	"record.adjustments_fixed": {
		English: "Adjustments already recorded cannot be changed or removed.",
		Welsh:   "Ni ellir newid na dileu addasiadau sydd eisoes wedi’u cofnodi.",
	},
	"record.fixed": {
		English: "This cannot be changed once the bill is issued.",
		Welsh:   "Ni ellir newid hyn ar ôl i’r bil gael ei anfon.",
	},
	"tax_base.format": {
		English: "Enter the tax base as a number of band D equivalents, like 1,234.56.",
		Welsh:   "Rhowch y sylfaen dreth fel nifer o gyfwerth band D, fel 1,234.56.",
	},
	"tax_base.places": {
		English: "Enter the tax base with no more than 4 decimal places.",
		Welsh:   "Rhowch y sylfaen dreth gyda dim mwy na 4 lle degol.",
	},
	"tax_base.positive": {
		English: "The tax base must be more than 0.",
		Welsh:   "Rhaid i’r sylfaen dreth fod yn fwy na 0.",
	},
	"tax_base.required": {
		English: "Enter the tax base.",
		Welsh:   "Rhowch y sylfaen dreth.",
	},
	"tax_base.too_large": {
		English: "The tax base must be no more than 10,000,000.",
		Welsh:   "Ni ddylai’r sylfaen dreth fod yn fwy na 10,000,000.",
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
