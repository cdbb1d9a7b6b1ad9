package main

import "github.com/lgds/councilkit"

// moreText is the wording of the offer-day pages and the council tax
// lookup's second fact, kept apart from i18n.go so that it merges
// cleanly; init adds it to the catalogue.
var moreText = map[string]councilkit.Text{
	"fsm.source": {English: "Legal source", Welsh: "Ffynhonnell gyfreithiol"},
	// Free school meals: the package's "required" worded for each field
	// as the form labels it.
	"fsm.required.parent.person.family_name":        {English: "Enter your last name", Welsh: "Rhowch eich cyfenw"},
	"fsm.required.parent.person.date_of_birth":      {English: "Enter your date of birth", Welsh: "Rhowch eich dyddiad geni"},
	"fsm.required.parent.national_insurance_number": {English: "Enter your National Insurance number", Welsh: "Rhowch eich rhif Yswiriant Gwladol"},
	"fsm.required.child.person.date_of_birth":       {English: "Enter your child’s date of birth", Welsh: "Rhowch ddyddiad geni eich plentyn"},
	"fsm.required.child.person.given_names":         {English: "Enter your child’s first names", Welsh: "Rhowch enwau cyntaf eich plentyn"},
	"fsm.required.child.person.family_name":         {English: "Enter your child’s last name", Welsh: "Rhowch gyfenw eich plentyn"},
	// Payment outcomes: what happened, said once.
	"pay.status.cancelled":     {English: "Cancelled", Welsh: "Wedi’i ganslo"},
	"pay.status.expired":       {English: "Timed out", Welsh: "Wedi dod i ben"},
	"pay.status.declined":      {English: "Declined", Welsh: "Wedi’i wrthod"},
	"pay.status.nottaken":      {English: "Not taken", Welsh: "Heb ei gymryd"},
	"pay.cancelled.title":      {English: "Your payment was cancelled", Welsh: "Cafodd eich taliad ei ganslo"},
	"pay.expired.title":        {English: "Your payment timed out", Welsh: "Daeth amser eich taliad i ben"},
	"pay.declined.title":       {English: "Your payment was declined", Welsh: "Cafodd eich taliad ei wrthod"},
	"pay.error.title":          {English: "Sorry, there was a problem with your payment", Welsh: "Mae’n ddrwg gennym, roedd problem gyda’ch taliad"},
	"pay.error.body":           {English: "There was a technical problem. No money has been taken from your account.", Welsh: "Roedd problem dechnegol. Nid oes arian wedi’i gymryd o’ch cyfrif."},
	"ct.lookup.title":          {English: "Find your council tax bill", Welsh: "Dod o hyd i’ch bil treth gyngor"},
	"ct.lookup.body":           {English: "Enter the account reference and the postcode of the property, as they are on your bill.", Welsh: "Rhowch gyfeirnod y cyfrif a chod post yr eiddo, fel y maent ar eich bil."},
	"ct.postcode":              {English: "Postcode of the property", Welsh: "Cod post yr eiddo"},
	"ct.postcode.hint":         {English: "For example, AV1 1AA. In this example, the bills are 10000001 at AV1 1AA, 10000002 at AV1 2AB, 10000003 at AV2 3DX and 10000004 at AV2 4EF.", Welsh: "Er enghraifft, AV1 1AA. Yn yr enghraifft hon, mae’r biliau yn 10000001 yn AV1 1AA, 10000002 yn AV1 2AB, 10000003 yn AV2 3DX a 10000004 yn AV2 4EF."},
	"ct.postcode.required":     {English: "Enter the postcode of the property", Welsh: "Rhowch god post yr eiddo"},
	"ct.postcode.invalid":      {English: "Enter a real postcode", Welsh: "Rhowch god post go iawn"},
	"err.ctlocked.title":       {English: "You cannot look up a bill at the moment", Welsh: "Ni allwch chwilio am fil ar hyn o bryd"},
	"err.ctlocked.body":        {English: "You entered details that did not match a bill too many times. You can try again in 15 minutes. Your bill has the account reference and the postcode on it.", Welsh: "Gwnaethoch roi manylion nad oeddent yn cyfateb i fil ormod o weithiau. Gallwch roi cynnig arall arni ymhen 15 munud. Mae cyfeirnod y cyfrif a’r cod post ar eich bil."},
	"adm.app.offered.on":       {English: "Offer made on", Welsh: "Cynnig wedi’i wneud ar"},
	"adm.app.fromlist":         {English: "This place was offered from the school’s waiting list.", Welsh: "Cynigiwyd y lle hwn o restr aros yr ysgol."},
	"adm.app.accepted":         {English: "You have accepted a place at", Welsh: "Rydych wedi derbyn lle yn"},
	"adm.app.declined":         {English: "You declined the place at", Welsh: "Gwnaethoch wrthod y lle yn"},
	"adm.app.declined.body":    {English: "The place has been offered to the next child on the school’s waiting list. Contact the council if you need a school place for your child.", Welsh: "Mae’r lle wedi’i gynnig i’r plentyn nesaf ar restr aros yr ysgol. Cysylltwch â’r cyngor os oes angen lle ysgol arnoch i’ch plentyn."},
	"adm.app.closed":           {English: "The last day to accept or decline this place online has passed. Contact the council about it.", Welsh: "Mae’r diwrnod olaf i dderbyn neu wrthod y lle hwn ar-lein wedi mynd heibio. Cysylltwch â’r cyngor amdano."},
	"adm.respond.legend":       {English: "Do you want to accept this place?", Welsh: "Ydych chi am dderbyn y lle hwn?"},
	"adm.respond.by":           {English: "Accept or decline by", Welsh: "Derbyniwch neu gwrthodwch erbyn"},
	"adm.respond.accept":       {English: "Yes, accept the place", Welsh: "Ydw, derbyn y lle"},
	"adm.respond.decline":      {English: "No, decline the place", Welsh: "Nac ydw, gwrthod y lle"},
	"adm.respond.decline.hint": {English: "The place will be offered to the next child on the waiting list. You cannot undo this.", Welsh: "Bydd y lle’n cael ei gynnig i’r plentyn nesaf ar y rhestr aros. Ni allwch ddadwneud hyn."},
	"adm.respond.button":       {English: "Send your answer", Welsh: "Anfon eich ateb"},
	"adm.respond.required":     {English: "Select if you want to accept the place", Welsh: "Dewiswch a ydych am dderbyn y lle"},
	"adm.respond.closed":       {English: "The last day to accept or decline this place has passed", Welsh: "Mae’r diwrnod olaf i dderbyn neu wrthod y lle hwn wedi mynd heibio"},
	"adm.off.preview":          {English: "Preview: parents cannot see these offers until offer day,", Welsh: "Rhagolwg: ni all rhieni weld y cynigion hyn tan y diwrnod cynnig,"},
	"adm.off.visible":          {English: "Parents can see their offers: it is offer day or later.", Welsh: "Gall rhieni weld eu cynigion: mae’n ddiwrnod cynnig neu’n hwyrach."},
	"adm.off.published":        {English: "Offers published", Welsh: "Cynigion wedi’u cyhoeddi"},
	"adm.off.runat":            {English: "Allocation run", Welsh: "Dyraniad wedi’i redeg"},
	"adm.off.publish":          {English: "Publish offers to parents", Welsh: "Cyhoeddi cynigion i rieni"},
	"adm.off.publish.hint":     {English: "You can publish the offers from offer day,", Welsh: "Gallwch gyhoeddi’r cynigion o’r diwrnod cynnig,"},
	"adm.off.publish.early":    {English: "You can publish the offers from", Welsh: "Gallwch gyhoeddi’r cynigion o"},
	"adm.off.publish.norun":    {English: "Run the allocation before you publish the offers", Welsh: "Rhedwch y dyraniad cyn i chi gyhoeddi’r cynigion"},
	"adm.off.run.published":    {English: "You cannot run the allocation again: parents can already see their offers", Welsh: "Ni allwch redeg y dyraniad eto: gall rhieni weld eu cynigion yn barod"},
	"adm.off.rerun":            {English: "Run the allocation again", Welsh: "Rhedeg y dyraniad eto"},
	"adm.off.unplacedlist":     {English: "Children without an offer", Welsh: "Plant heb gynnig"},
	"adm.off.none":             {English: "None", Welsh: "Dim"},
	"adm.off.responses":        {English: "Responses and offers from waiting lists", Welsh: "Ymatebion a chynigion o restrau aros"},
	"adm.off.application":      {English: "Application", Welsh: "Cais"},
	"adm.off.status":           {English: "Status", Welsh: "Statws"},
	"adm.off.school":           {English: "School", Welsh: "Ysgol"},
	"adm.off.date":             {English: "Date", Welsh: "Dyddiad"},
	"adm.status.accepted":      {English: "Accepted", Welsh: "Wedi derbyn"},
	"adm.status.declined":      {English: "Declined by parent", Welsh: "Gwrthodwyd gan y rhiant"},
	"adm.status.fromlist":      {English: "Offered from waiting list", Welsh: "Wedi’i gynnig o’r rhestr aros"},
}

func init() {
	for k, v := range moreText {
		catalogue[k] = v
	}
}
