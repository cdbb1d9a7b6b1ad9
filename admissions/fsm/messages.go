package fsm

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
	"amount.negative": {
		English: "Enter an amount of £0 or more",
		Welsh:   "Rhowch swm o £0 neu fwy",
	},
	"basis.asylum_support": {
		English: "Support under Part 6 of the Immigration and Asylum Act 1999",
		Welsh:   "Cymorth o dan Ran 6 o Ddeddf Mewnfudo a Lloches 1999",
	},
	"basis.child_tax_credit": {
		English: "Child Tax Credit without Working Tax Credit",
		Welsh:   "Credyd Treth Plant heb Gredyd Treth Gwaith",
	},
	"basis.eligibility_check": {
		English: "Qualifying benefit confirmed by the eligibility checking service",
		Welsh:   "Budd-dal cymhwyso wedi'i gadarnhau gan y gwasanaeth gwirio cymhwysedd",
	},
	"basis.income_based_jsa": {
		English: "Income-based Jobseeker's Allowance",
		Welsh:   "Lwfans Ceisio Gwaith yn seiliedig ar incwm",
	},
	"basis.income_related_esa": {
		English: "Income-related Employment and Support Allowance",
		Welsh:   "Lwfans Cyflogaeth a Chymorth yn seiliedig ar incwm",
	},
	"basis.income_support": {
		English: "Income Support",
		Welsh:   "Cymhorthdal Incwm",
	},
	"basis.none": {
		English: "No entitlement",
		Welsh:   "Dim hawl",
	},
	"basis.nrpf": {
		English: "No recourse to public funds, income within the limit",
		Welsh:   "Dim hawl i gael arian cyhoeddus, incwm o fewn y terfyn",
	},
	"basis.pension_credit_guarantee": {
		English: "Guarantee element of Pension Credit",
		Welsh:   "Elfen warant Credyd Pensiwn",
	},
	"basis.transitional_protection": {
		English: "Transitional protection",
		Welsh:   "Diogelwch trosiannol",
	},
	"basis.universal_credit": {
		English: "Universal Credit",
		Welsh:   "Credyd Cynhwysol",
	},
	"basis.universal_infant": {
		English: "Universal infant free school meals",
		Welsh:   "Prydau ysgol am ddim cyffredinol i fabanod",
	},
	"basis.working_tax_credit_run_on": {
		English: "Working Tax Credit run-on",
		Welsh:   "Cyfnod ychwanegol Credyd Treth Gwaith",
	},
	"benefit.duplicate": {
		English: "This benefit is listed more than once",
		Welsh:   "Mae'r budd-dal hwn wedi'i restru fwy nag unwaith",
	},
	"benefit.not_received": {
		English: "The parent does not receive {benefit}.",
		Welsh:   "Nid yw'r rhiant yn cael {benefit}.",
	},
	"benefit.received": {
		English: "The parent receives {benefit}.",
		Welsh:   "Mae'r rhiant yn cael {benefit}.",
	},
	"bulk.empty": {
		English: "Add at least one parent to check",
		Welsh:   "Ychwanegwch o leiaf un rhiant i'w wirio",
	},
	"bulk.too_many": {
		English: "Check no more than {max} parents at once",
		Welsh:   "Peidiwch â gwirio mwy na {max} o rieni ar y tro",
	},
	"check.eligible": {
		English: "The eligibility checking service found that the parent receives a qualifying benefit.",
		Welsh:   "Canfu'r gwasanaeth gwirio cymhwysedd fod y rhiant yn cael budd-dal cymhwyso.",
	},
	"check.not_eligible": {
		English: "No eligibility check has confirmed a qualifying benefit.",
		Welsh:   "Nid oes gwiriad cymhwysedd wedi cadarnhau budd-dal cymhwyso.",
	},
	"child.eligible_since.future": {
		English: "The date the child was first eligible cannot be after the date of the decision",
		Welsh:   "Ni all y dyddiad y daeth y plentyn yn gymwys gyntaf fod ar ôl dyddiad y penderfyniad",
	},
	"child.year_offset": {
		English: "A child can be taught at most 2 years outside the year group for their age",
		Welsh:   "Gellir addysgu plentyn hyd at 2 flynedd y tu allan i'r grŵp blwyddyn ar gyfer ei oedran, dim mwy",
	},
	"ctc.above_limit": {
		English: "The parent receives Child Tax Credit, but the annual income of {income} is above the limit of {limit}.",
		Welsh:   "Mae'r rhiant yn cael Credyd Treth Plant, ond mae'r incwm blynyddol o {income} yn uwch na'r terfyn o {limit}.",
	},
	"ctc.income.required": {
		English: "Enter the annual income shown on the Child Tax Credit award notice",
		Welsh:   "Rhowch yr incwm blynyddol sydd ar yr hysbysiad dyfarnu Credyd Treth Plant",
	},
	"ctc.not_received": {
		English: "The parent does not receive Child Tax Credit.",
		Welsh:   "Nid yw'r rhiant yn cael Credyd Treth Plant.",
	},
	"ctc.with_wtc": {
		English: "The parent receives Child Tax Credit but is also entitled to Working Tax Credit.",
		Welsh:   "Mae'r rhiant yn cael Credyd Treth Plant ond mae ganddo hawl hefyd i Gredyd Treth Gwaith.",
	},
	"ctc.within_limit": {
		English: "The parent receives Child Tax Credit without Working Tax Credit, on an annual income of {income}, within the limit of {limit}.",
		Welsh:   "Mae'r rhiant yn cael Credyd Treth Plant heb Gredyd Treth Gwaith, ar incwm blynyddol o {income}, o fewn y terfyn o {limit}.",
	},
	"date_of_birth.in_future": {
		English: "Date of birth must be in the past",
		Welsh:   "Rhaid i'r dyddiad geni fod yn y gorffennol",
	},
	"date_of_birth.required": {
		English: "Enter a date of birth",
		Welsh:   "Rhowch ddyddiad geni",
	},
	"evidence.child_date_of_birth": {
		English: "Child's date of birth",
		Welsh:   "Dyddiad geni'r plentyn",
	},
	"evidence.child_name": {
		English: "Child's full name",
		Welsh:   "Enw llawn y plentyn",
	},
	"evidence.eligible_since": {
		English: "Record of the date the child first became eligible on benefit grounds (transitional protection)",
		Welsh:   "Cofnod o'r dyddiad y daeth y plentyn yn gymwys ar sail budd-daliadau gyntaf (diogelwch trosiannol)",
	},
	"evidence.income": {
		English: "Evidence of the household's income",
		Welsh:   "Tystiolaeth o incwm yr aelwyd",
	},
	"evidence.nrpf_circumstances": {
		English: "Evidence of the household's immigration circumstances and no recourse to public funds",
		Welsh:   "Tystiolaeth o amgylchiadau mewnfudo’r aelwyd a’i diffyg hawl i gael arian cyhoeddus",
	},
	"evidence.parent_date_of_birth": {
		English: "Parent's date of birth",
		Welsh:   "Dyddiad geni'r rhiant",
	},
	"evidence.parent_name": {
		English: "Parent's full name",
		Welsh:   "Enw llawn y rhiant",
	},
	"evidence.parent_nass": {
		English: "Parent's National Asylum Support Service (NASS) number",
		Welsh:   "Rhif y Gwasanaeth Cymorth Lloches Cenedlaethol (NASS) y rhiant",
	},
	"evidence.parent_nino": {
		English: "Parent's National Insurance number",
		Welsh:   "Rhif Yswiriant Gwladol y rhiant",
	},
	"evidence.tax_credit_award": {
		English: "Tax credit award notice",
		Welsh:   "Hysbysiad dyfarnu credyd treth",
	},
	"evidence.uc_statements": {
		English: "Universal Credit statements for the last assessment periods",
		Welsh:   "Datganiadau Credyd Cynhwysol ar gyfer y cyfnodau asesu diwethaf",
	},
	"explain.eligible": {
		English: "Eligible for free school meals on {date} on the basis of: {basis}.",
		Welsh:   "Yn gymwys i gael prydau ysgol am ddim ar {date} ar sail: {basis}.",
	},
	"explain.in_force": {
		English: "; in force from {date}",
		Welsh:   "; mewn grym o {date}",
	},
	"explain.not_eligible": {
		English: "Not eligible for free school meals on {date}.",
		Welsh:   "Ddim yn gymwys i gael prydau ysgol am ddim ar {date}.",
	},
	"explain.review": {
		English: "Review by {date}.",
		Welsh:   "Adolygu erbyn {date}.",
	},
	"explain.rules": {
		English: "Rules: {rules}.",
		Welsh:   "Rheolau: {rules}.",
	},
	"infant.infant_year": {
		English: "By date of birth the child is {in_year}, so receives universal infant free school meals at a state-funded school in England.",
		Welsh:   "Yn ôl dyddiad geni mae'r plentyn {in_year}, felly mae'n cael prydau ysgol am ddim i blant babanod mewn ysgol a ariennir gan y wladwriaeth yn Lloegr.",
	},
	"infant.not_infant_year": {
		English: "By date of birth the child is {in_year}, not reception, year 1 or year 2.",
		Welsh:   "Yn ôl dyddiad geni mae'r plentyn {in_year}, nid yn y dosbarth derbyn, blwyddyn 1 na blwyddyn 2.",
	},
	"nrpf.above_limit": {
		English: "The household has no recourse to public funds ({group}), but its annual income of {income} is above the limit of {limit} for a family {where} {children}.",
		Welsh:   "Nid oes gan yr aelwyd hawl i gael arian cyhoeddus ({group}), ond mae ei hincwm blynyddol o {income} yn uwch na’r terfyn o {limit} i deulu {where} {children}.",
	},
	"nrpf.children.invalid": {
		English: "Enter how many children live in the household, from 1 to 30",
		Welsh:   "Rhowch faint o blant sy’n byw yn yr aelwyd, o 1 i 30",
	},
	"nrpf.group.bno_visa": {
		English: "British National (Overseas) visa",
		Welsh:   "Fisa Gwladolyn Prydeinig (Tramor)",
	},
	"nrpf.group.chen": {
		English: "Chen carer",
		Welsh:   "Gofalwr Chen",
	},
	"nrpf.group.no_status": {
		English: "No immigration status",
		Welsh:   "Dim statws mewnfudo",
	},
	"nrpf.group.other": {
		English: "Other household with no recourse to public funds",
		Welsh:   "Aelwyd arall heb hawl i gael arian cyhoeddus",
	},
	"nrpf.group.private_family_life": {
		English: "Leave to remain on private and family life grounds",
		Welsh:   "Caniatâd i aros ar sail bywyd preifat a theuluol",
	},
	"nrpf.group.required": {
		English: "Select why the household has no recourse to public funds",
		Welsh:   "Dewiswch pam nad oes gan yr aelwyd hawl i gael arian cyhoeddus",
	},
	"nrpf.group.section_17": {
		English: "Supported under section 17 of the Children Act 1989",
		Welsh:   "Yn cael cymorth o dan adran 17 o Ddeddf Plant 1989",
	},
	"nrpf.group.section_4": {
		English: "Supported under section 4 of the Immigration and Asylum Act 1999",
		Welsh:   "Yn cael cymorth o dan adran 4 o Ddeddf Mewnfudo a Lloches 1999",
	},
	"nrpf.group.spouse_visa": {
		English: "Spouse or partner visa",
		Welsh:   "Fisa priod neu bartner",
	},
	"nrpf.group.student_visa": {
		English: "Student visa",
		Welsh:   "Fisa myfyriwr",
	},
	"nrpf.group.work_visa": {
		English: "Work visa",
		Welsh:   "Fisa gwaith",
	},
	"nrpf.group.zambrano": {
		English: "Zambrano carer",
		Welsh:   "Gofalwr Zambrano",
	},
	"nrpf.in_london": {
		English: "in London",
		Welsh:   "yn Llundain",
	},
	"nrpf.not_asked": {
		English: "The household has not asked for free school meals as a family with no recourse to public funds.",
		Welsh:   "Nid yw’r aelwyd wedi gofyn am brydau ysgol am ddim fel teulu heb hawl i gael arian cyhoeddus.",
	},
	"nrpf.one_child": {
		English: "with one child",
		Welsh:   "gydag un plentyn",
	},
	"nrpf.outside_london": {
		English: "outside London",
		Welsh:   "y tu allan i Lundain",
	},
	"nrpf.too_early": {
		English: "Free school meals for families with no recourse to public funds can be decided only from 1 April 2022",
		Welsh:   "Dim ond o 1 Ebrill 2022 y gellir penderfynu ar brydau ysgol am ddim i deuluoedd heb hawl i gael arian cyhoeddus",
	},
	"nrpf.two_or_more_children": {
		English: "with two or more children",
		Welsh:   "gyda dau neu fwy o blant",
	},
	"nrpf.within_limit": {
		English: "The household has no recourse to public funds ({group}) and an annual income of {income}, within the limit of {limit} for a family {where} {children}.",
		Welsh:   "Nid oes gan yr aelwyd hawl i gael arian cyhoeddus ({group}) ac mae ganddi incwm blynyddol o {income}, o fewn y terfyn o {limit} i deulu {where} {children}.",
	},
	"parent.family_name.required": {
		English: "Enter the parent's last name",
		Welsh:   "Rhowch gyfenw'r rhiant",
	},
	"parent.nino_and_nass": {
		English: "Enter a National Insurance number or a NASS number, not both",
		Welsh:   "Rhowch rif Yswiriant Gwladol neu rif NASS, nid y ddau",
	},
	"parent.nino_or_nass": {
		English: "Enter a National Insurance number or, if you get asylum support, a National Asylum Support Service (NASS) number",
		Welsh:   "Rhowch rif Yswiriant Gwladol neu, os ydych yn cael cymorth lloches, rif y Gwasanaeth Cymorth Lloches Cenedlaethol (NASS)",
	},
	"protection.ended_for_all": {
		English: "The child was eligible on benefit grounds on {since} and was protected, but transitional protection ended for every child on {end}.",
		Welsh:   "Roedd y plentyn yn gymwys ar sail budd-daliadau ar {since} ac roedd wedi'i ddiogelu, ond daeth diogelwch trosiannol i ben i bob plentyn ar {end}.",
	},
	"protection.no_record": {
		English: "There is no record that the child was eligible on benefit grounds between {from} and {until}.",
		Welsh:   "Nid oes cofnod bod y plentyn yn gymwys ar sail budd-daliadau rhwng {from} a {until}.",
	},
	"protection.phase_ended": {
		English: "The child was protected, but the protection ended on {end}, at the end of the phase of education the child was in on {window_end}.",
		Welsh:   "Roedd y plentyn wedi'i ddiogelu, ond daeth y diogelwch i ben ar {end}, ar ddiwedd y cyfnod addysg yr oedd y plentyn ynddo ar {window_end}.",
	},
	"protection.until": {
		English: "The child was eligible on benefit grounds on {since} and is protected, whatever changes in circumstances or phase of education, until {end}.",
		Welsh:   "Roedd y plentyn yn gymwys ar sail budd-daliadau ar {since} ac mae wedi'i ddiogelu, beth bynnag fo'r newid mewn amgylchiadau neu gyfnod addysg, tan {end}.",
	},
	"protection.until_phase_end": {
		English: "The child was eligible on benefit grounds on {since} and is protected until {end}, the end of the phase of education they were in on {window_end}.",
		Welsh:   "Roedd y plentyn yn gymwys ar sail budd-daliadau ar {since} ac mae wedi'i ddiogelu tan {end}, diwedd y cyfnod addysg yr oedd ynddo ar {window_end}.",
	},
	"rule.unknown": {
		English: "This rule is not known to this version of councilkit.",
		Welsh:   "Nid yw'r fersiwn hon o councilkit yn adnabod y rheol hon.",
	},
	"uc.above_limit": {
		English: "The parent receives Universal Credit, but net earnings of {earnings} over the last {periods} are above the limit of {limit}.",
		Welsh:   "Mae'r rhiant yn cael Credyd Cynhwysol, ond mae enillion net o {earnings} dros y {periods} diwethaf yn uwch na'r terfyn o {limit}.",
	},
	"uc.earnings.required": {
		English: "Enter the net earnings from the last Universal Credit assessment period",
		Welsh:   "Rhowch yr enillion net o'r cyfnod asesu Credyd Cynhwysol diwethaf",
	},
	"uc.no_earnings_limit": {
		English: "The parent receives Universal Credit; from {date} earnings do not matter.",
		Welsh:   "Mae'r rhiant yn cael Credyd Cynhwysol; o {date} nid yw enillion yn cyfrif.",
	},
	"uc.not_received": {
		English: "The parent does not receive Universal Credit.",
		Welsh:   "Nid yw'r rhiant yn cael Credyd Cynhwysol.",
	},
	"uc.periods.one": {
		English: "assessment period",
		Welsh:   "cyfnod asesu",
	},
	"uc.periods.three": {
		English: "three assessment periods",
		Welsh:   "tri chyfnod asesu",
	},
	"uc.periods.too_many": {
		English: "Enter earnings for no more than 3 assessment periods",
		Welsh:   "Rhowch enillion ar gyfer 3 chyfnod asesu ar y mwyaf",
	},
	"uc.periods.two": {
		English: "two assessment periods",
		Welsh:   "ddau gyfnod asesu",
	},
	"uc.within_limit": {
		English: "The parent receives Universal Credit with net earnings of {earnings} over the last {periods}, within the limit of {limit}.",
		Welsh:   "Mae'r rhiant yn cael Credyd Cynhwysol gydag enillion net o {earnings} dros y {periods} diwethaf, o fewn y terfyn o {limit}.",
	},
	"year.below_school_age": {
		English: "below school age",
		Welsh:   "oedran cyn ysgol",
	},
	"year.in_below_school_age": {
		English: "below school age",
		Welsh:   "o dan oedran ysgol",
	},
	"year.in_n": {
		English: "in year {n}",
		Welsh:   "ym mlwyddyn {n}",
	},
	"year.in_nursery": {
		English: "in nursery",
		Welsh:   "yn y feithrinfa",
	},
	"year.in_reception": {
		English: "in reception",
		Welsh:   "yn y dosbarth derbyn",
	},
	"year.n": {
		English: "year {n}",
		Welsh:   "blwyddyn {n}",
	},
	"year.nursery": {
		English: "nursery",
		Welsh:   "y feithrinfa",
	},
	"year.reception": {
		English: "reception",
		Welsh:   "y dosbarth derbyn",
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
