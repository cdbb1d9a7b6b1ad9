package main

import "github.com/lgds/councilkit"

// caseText is the wording of the officers' casework pages: the payments and
// applications lists, their filters and exports, and records' audit trails.
var caseText = map[string]councilkit.Text{
	"journey.officer.applications":  {English: "Search school applications", Welsh: "Chwilio ceisiadau ysgol"},
	"case.search":                   {English: "Search", Welsh: "Chwilio"},
	"case.search.payments.hint":     {English: "A reference, or words from what the payment was for", Welsh: "Cyfeirnod, neu eiriau o’r hyn yr oedd y taliad ar ei gyfer"},
	"case.search.applications.hint": {English: "All or part of an application reference", Welsh: "Cyfeirnod cais, neu ran ohono"},
	"case.search.invalid":           {English: "Search for letters, numbers and punctuation only", Welsh: "Chwiliwch am lythrennau, rhifau ac atalnodi yn unig"},
	"case.table.scroll":             {English: "Results table, scrolls sideways on a narrow screen", Welsh: "Tabl canlyniadau, mae’n sgrolio i’r ochr ar sgrin gul"},
	"case.psort.newest":             {English: "Submitted, newest first", Welsh: "Dyddiad cyflwyno, y mwyaf diweddar yn gyntaf"},
	"case.psort.oldest":             {English: "Submitted, oldest first", Welsh: "Dyddiad cyflwyno, yr hynaf yn gyntaf"},
	"case.psort.deadline":           {English: "Deadline, soonest first", Welsh: "Dyddiad terfyn, y cynharaf yn gyntaf"},
	"case.search.planning.hint":     {English: "All or part of a reference or the site’s address", Welsh: "Cyfeirnod neu gyfeiriad y safle, neu ran ohonynt"},
	"case.csv.payment":              {English: "Fee payment", Welsh: "Taliad y ffi"},
	"identity.defer.title":          {English: "Apply without an identity check", Welsh: "Gwneud cais heb wiriad hunaniaeth"},
	"identity.defer.body":           {English: "You can still apply for a school place. The council will check your identity and address before it offers a place, and will contact you to ask for proof.", Welsh: "Gallwch wneud cais am le mewn ysgol o hyd. Bydd y cyngor yn gwirio pwy ydych chi a’ch cyfeiriad cyn cynnig lle, a bydd yn cysylltu â chi i ofyn am brawf."},
	"identity.defer.button":         {English: "Continue without an identity check", Welsh: "Parhau heb wiriad hunaniaeth"},
	"identity.other.title":          {English: "Other ways to apply", Welsh: "Ffyrdd eraill o wneud cais"},
	"identity.other.body":           {English: "You can apply by phone or by post instead. The council will help you.", Welsh: "Gallwch wneud cais dros y ffôn neu drwy’r post yn lle hynny. Bydd y cyngor yn eich helpu."},
	"identity.other.phone":          {English: "Telephone", Welsh: "Ffôn"},
	"identity.other.post":           {English: "Write to", Welsh: "Ysgrifennwch at"},
	"case.identity.tocheck":         {English: "Identity to check", Welsh: "Hunaniaeth i’w gwirio"},
	"case.csv.identity":             {English: "Identity checked online", Welsh: "Hunaniaeth wedi’i gwirio ar-lein"},
	"case.yes":                      {English: "Yes", Welsh: "Ydy"},
	"case.no":                       {English: "No", Welsh: "Nac ydy"},
	"case.status":                   {English: "Status", Welsh: "Statws"},
	"case.status.all":               {English: "Any status", Welsh: "Unrhyw statws"},
	"case.school":                   {English: "School preferred", Welsh: "Ysgol a ffefrir"},
	"case.school.all":               {English: "Any school", Welsh: "Unrhyw ysgol"},
	"case.sort":                     {English: "Sort by", Welsh: "Trefnu yn ôl"},
	"case.sort.oldest":              {English: "Oldest first", Welsh: "Yr hynaf yn gyntaf"},
	"case.sort.newest":              {English: "Newest first", Welsh: "Y mwyaf diweddar yn gyntaf"},
	"case.sort.amount_high":         {English: "Largest amount first", Welsh: "Y swm mwyaf yn gyntaf"},
	"case.sort.amount_low":          {English: "Smallest amount first", Welsh: "Y swm lleiaf yn gyntaf"},
	"case.asort.oldest":             {English: "Received, oldest first", Welsh: "Dyddiad ei gael, yr hynaf yn gyntaf"},
	"case.asort.newest":             {English: "Received, newest first", Welsh: "Dyddiad ei gael, y mwyaf diweddar yn gyntaf"},
	"case.asort.id":                 {English: "Reference", Welsh: "Cyfeirnod"},
	"case.filter":                   {English: "Apply filters", Welsh: "Defnyddio hidlwyr"},
	"case.csv":                      {English: "Download these results (CSV)", Welsh: "Lawrlwytho’r canlyniadau hyn (CSV)"},
	"case.pages":                    {English: "Pages of results", Welsh: "Tudalennau o ganlyniadau"},
	"case.next":                     {English: "Next page", Welsh: "Y dudalen nesaf"},
	"case.none.filtered":            {English: "Nothing matches. Change the search or the filters.", Welsh: "Nid oes dim yn cyfateb. Newidiwch y chwiliad neu’r hidlwyr."},
	"case.applications.caption":     {English: "Applications for the coming intake", Welsh: "Ceisiadau ar gyfer y derbyniad nesaf"},
	"case.back.admissions":          {English: "Back to school admissions", Welsh: "Yn ôl i dderbyniadau ysgol"},
	"case.refunds":                  {English: "Refunds", Welsh: "Ad-daliadau"},
	"case.history":                  {English: "History", Welsh: "Hanes"},
	"case.when":                     {English: "When", Welsh: "Pryd"},
	"case.what":                     {English: "What happened", Welsh: "Beth ddigwyddodd"},
	"case.who":                      {English: "Who", Welsh: "Pwy"},
	"case.why":                      {English: "Reason", Welsh: "Rheswm"},
	"case.actor.resident":           {English: "Resident", Welsh: "Preswylydd"},
	"case.actor.officer":            {English: "Officer", Welsh: "Swyddog"},
	"case.actor.system":             {English: "The service", Welsh: "Y gwasanaeth"},
	"case.actor.provider":           {English: "Payment provider", Welsh: "Darparwr taliadau"},
	"case.event.payment.created":    {English: "Payment started", Welsh: "Dechreuwyd y taliad"},
	"case.event.payment.succeeded":  {English: "Payment received", Welsh: "Taliad wedi’i dderbyn"},
	"case.event.payment.failed":     {English: "Payment failed", Welsh: "Methodd y taliad"},
	"case.event.payment.cancelled":  {English: "Payment cancelled", Welsh: "Canslwyd y taliad"},
	"case.event.payment.refunded":   {English: "Refund made", Welsh: "Ad-daliad wedi’i wneud"},
	"case.csv.reference":            {English: "Reference", Welsh: "Cyfeirnod"},
	"case.csv.description":          {English: "For", Welsh: "Ar gyfer"},
	"case.csv.fund":                 {English: "Fund code", Welsh: "Cod cronfa"},
	"case.csv.status":               {English: "Status", Welsh: "Statws"},
	"case.csv.amount":               {English: "Amount", Welsh: "Swm"},
	"case.csv.refunded":             {English: "Refunded", Welsh: "Wedi’i ad-dalu"},
	"case.csv.created":              {English: "Started", Welsh: "Dechreuwyd"},
	"case.csv.captured":             {English: "Paid", Welsh: "Talwyd"},
	"case.csv.child":                {English: "Child", Welsh: "Plentyn"},
	"case.csv.dob":                  {English: "Date of birth", Welsh: "Dyddiad geni"},
	"case.csv.postcode":             {English: "Postcode", Welsh: "Cod post"},
	"case.csv.preferences":          {English: "Preferences", Welsh: "Dewisiadau"},
	"case.csv.received":             {English: "Received", Welsh: "Dyddiad ei gael"},
}

func init() {
	for k, v := range caseText {
		if _, dup := catalogue[k]; dup {
			panic("portal: catalogue key " + k + " defined twice")
		}
		catalogue[k] = v
	}
}
