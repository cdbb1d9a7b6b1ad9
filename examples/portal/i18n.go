package main

import (
	"net/http"
	"net/url"

	"github.com/lgds/councilkit"
	"golang.org/x/text/language"
)

// langCookie remembers the resident's choice of language between pages.
const langCookie = "councilkit-lang"

// languageOf picks the page language: ?lang=cy or ?lang=en wins (and is
// remembered in a cookie by the caller), then the cookie, then English.
// The portal never guesses from Accept-Language: a Welsh speaker on a
// browser set to English must still get what they last chose, and the
// toggle on every page makes the choice one click.
func languageOf(r *http.Request) (tag language.Tag, fromQuery bool) {
	switch r.URL.Query().Get("lang") {
	case "cy":
		return councilkit.Welsh, true
	case "en":
		return councilkit.English, true
	}
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "cy" {
		return councilkit.Welsh, false
	}
	return councilkit.English, false
}

// langCode is the short code used in the lang attribute, the cookie and the
// query string.
func langCode(tag language.Tag) string {
	if tag == councilkit.Welsh {
		return "cy"
	}
	return "en"
}

// toggleURL is the current page's address with the other language chosen,
// keeping the rest of the query so that a bill or application stays on
// screen.
func toggleURL(r *http.Request, to string) string {
	q := r.URL.Query()
	q.Set("lang", to)
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	return u.String()
}

// catalogue holds every string the portal's own templates show. Messages
// about a resident's data (validation problems, decisions, reasons) come
// from the domain packages, which write them in both languages themselves.
var catalogue = map[string]councilkit.Text{
	// Layout.
	"service.name":       {English: "Online services", Welsh: "Gwasanaethau ar-lein"},
	"council.name":       {English: "Ashdown Vale Council", Welsh: "Cyngor Dyffryn Ashdown"},
	"council.fictional":  {English: "A fictional council for the councilkit example portal (GSS code E06000099 is not a real authority).", Welsh: "Cyngor dychmygol ar gyfer porth enghreifftiol councilkit (nid yw cod GSS E06000099 yn awdurdod go iawn)."},
	"skip":               {English: "Skip to main content", Welsh: "Neidio i’r prif gynnwys"},
	"phase.tag":          {English: "example", Welsh: "enghraifft"},
	"phase.text":         {English: "This is an example service built with councilkit. Do not enter real personal details.", Welsh: "Gwasanaeth enghreifftiol yw hwn, wedi’i adeiladu gyda councilkit. Peidiwch â rhoi manylion personol go iawn."},
	"lang.label":         {English: "Choose a language", Welsh: "Dewiswch iaith"},
	"lang.other":         {English: "Cymraeg", Welsh: "English"},
	"lang.other.hint":    {English: "Newid yr iaith ar y dudalen hon i’r Gymraeg", Welsh: "Change the language of this page to English"},
	"back":               {English: "Back", Welsh: "Yn ôl"},
	"continue":           {English: "Continue", Welsh: "Parhau"},
	"change":             {English: "Change", Welsh: "Newid"},
	"submit":             {English: "Submit", Welsh: "Cyflwyno"},
	"error.prefix":       {English: "Error", Welsh: "Gwall"},
	"warning":            {English: "Warning", Welsh: "Rhybudd"},
	"error.summary":      {English: "There is a problem", Welsh: "Mae problem wedi codi"},
	"footer.source":      {English: "Built with councilkit, an open-source Go module for council services.", Welsh: "Wedi’i adeiladu gyda councilkit, modiwl Go cod agored ar gyfer gwasanaethau cynghorau."},
	"footer.privacy":     {English: "This example stores nothing after it stops.", Welsh: "Nid yw’r enghraifft hon yn cadw dim ar ôl iddi stopio."},
	"footer.postgres":    {English: "This example keeps payments and school applications in PostgreSQL.", Welsh: "Mae’r enghraifft hon yn cadw taliadau a cheisiadau ysgol yn PostgreSQL."},
	"nav.signin":         {English: "Sign in", Welsh: "Mewngofnodi"},
	"nav.signout":        {English: "Sign out", Welsh: "Allgofnodi"},
	"nav.signedin":       {English: "Signed in as", Welsh: "Wedi mewngofnodi fel"},
	"nav.officer":        {English: "Officer area", Welsh: "Ardal swyddogion"},
	"home.title":         {English: "Council services", Welsh: "Gwasanaethau’r cyngor"},
	"home.lead":          {English: "Pay, apply and check online with Ashdown Vale Council.", Welsh: "Talu, gwneud cais a gwirio ar-lein gyda Chyngor Dyffryn Ashdown."},
	"home.residents":     {English: "For residents", Welsh: "I breswylwyr"},
	"home.officers":      {English: "For council officers", Welsh: "I swyddogion y cyngor"},
	"placeholder.title":  {English: "This service is not ready yet", Welsh: "Nid yw’r gwasanaeth hwn yn barod eto"},
	"placeholder.body":   {English: "This journey is a placeholder in the example portal: the councilkit package it needs has not been wired in yet.", Welsh: "Deiliad lle yw’r daith hon yn y porth enghreifftiol: nid yw’r pecyn councilkit sydd ei angen arni wedi’i gysylltu eto."},
	"journey.counciltax": {English: "Pay your council tax", Welsh: "Talu eich treth gyngor"},
	"journey.counciltax.hint": {
		English: "Look up your bill by account reference, see your instalments and pay.",
		Welsh:   "Chwilio am eich bil yn ôl cyfeirnod y cyfrif, gweld eich rhandaliadau a thalu.",
	},
	"journey.schools":      {English: "Apply for a school place", Welsh: "Gwneud cais am le mewn ysgol"},
	"journey.schools.hint": {English: "Tell us about your child and the schools you prefer.", Welsh: "Dywedwch wrthym am eich plentyn a’r ysgolion sydd orau gennych."},
	"journey.fsm":          {English: "Check if your child can get free school meals", Welsh: "Gwirio a all eich plentyn gael prydau ysgol am ddim"},
	"journey.fsm.hint":     {English: "Find out whether your child is eligible and what evidence we need.", Welsh: "Darganfod a yw eich plentyn yn gymwys a pha dystiolaeth sydd ei hangen arnom."},
	"journey.planning":     {English: "Apply for planning permission", Welsh: "Gwneud cais am ganiatâd cynllunio"},
	"journey.planning.hint": {
		English: "Submit an application, see the fee, pay and track it.",
		Welsh:   "Cyflwyno cais, gweld y ffi, talu a’i olrhain.",
	},
	"journey.officer.admissions": {English: "Run the school admissions allocation", Welsh: "Rhedeg y broses dyrannu derbyniadau ysgol"},
	"journey.officer.planning":   {English: "Validate and decide planning applications", Welsh: "Dilysu a phenderfynu ceisiadau cynllunio"},
	"journey.officer.payments":   {English: "Refund a payment", Welsh: "Ad-dalu taliad"},

	// Sign-in: the local development provider's page, and what the
	// callback may say.
	"signin.caption":             {English: "Local development provider – not GOV.UK One Login", Welsh: "Darparwr datblygu lleol – nid GOV.UK One Login"},
	"signin.title":               {English: "Local development sign-in", Welsh: "Mewngofnodi datblygu lleol"},
	"signin.warning":             {English: "This is a fake sign-in provider started inside the example portal for local development. It asks for no password and checks no identity. Configure GOV.UK One Login to sign real residents in.", Welsh: "Darparwr mewngofnodi ffug yw hwn, wedi’i gychwyn y tu mewn i’r porth enghreifftiol ar gyfer datblygu lleol. Nid yw’n gofyn am gyfrinair nac yn gwirio hunaniaeth. Ffurfweddwch GOV.UK One Login i fewngofnodi preswylwyr go iawn."},
	"signin.needs.identity":      {English: "The page you asked for needs your identity to have been checked to medium confidence", Welsh: "Mae angen i’ch hunaniaeth fod wedi’i gwirio i lefel hyder ganolig ar gyfer y dudalen y gofynnoch amdani"},
	"signin.persona":             {English: "Who do you want to sign in as?", Welsh: "Fel pwy ydych chi am fewngofnodi?"},
	"signin.resident":            {English: "Resident (Alex Example)", Welsh: "Preswylydd (Alex Example)"},
	"signin.resident.hint":       {English: "Can pay, apply and check.", Welsh: "Yn gallu talu, gwneud cais a gwirio."},
	"signin.officer":             {English: "Council officer (Sam Officer)", Welsh: "Swyddog y cyngor (Sam Officer)"},
	"signin.officer.hint":        {English: "Can also run allocations, decide applications and refund payments.", Welsh: "Yn gallu rhedeg dyraniadau, penderfynu ceisiadau ac ad-dalu taliadau hefyd."},
	"signin.confidence":          {English: "Has their identity been checked?", Welsh: "A yw eu hunaniaeth wedi’i gwirio?"},
	"signin.p2":                  {English: "Yes, to medium confidence (P2)", Welsh: "Ydy, i lefel hyder ganolig (P2)"},
	"signin.p2.hint":             {English: "One Login returns their name, date of birth and address when a page needs them.", Welsh: "Mae One Login yn dychwelyd eu henw, eu dyddiad geni a’u cyfeiriad pan fydd tudalen eu hangen."},
	"signin.p0":                  {English: "No, signed in only (P0)", Welsh: "Nac ydy, wedi mewngofnodi yn unig (P0)"},
	"signin.p0.hint":             {English: "Pages that need an identity check will say it could not be done.", Welsh: "Bydd tudalennau sydd angen gwiriad hunaniaeth yn dweud nad oedd modd ei wneud."},
	"signin.button":              {English: "Sign in", Welsh: "Mewngofnodi"},
	"signin.required":            {English: "Select who you want to sign in as", Welsh: "Dewiswch fel pwy rydych chi am fewngofnodi"},
	"signin.confidence.required": {English: "Select whether their identity has been checked", Welsh: "Dewiswch a yw eu hunaniaeth wedi’i gwirio"},
	"signin.notproven.title":     {English: "We could not confirm your identity", Welsh: "Nid oeddem yn gallu cadarnhau pwy ydych chi"},
	"signin.notproven.body":      {English: "You are signed in, but this service needs GOV.UK One Login to have checked your identity, and it could not. You can still pay council tax. Nothing has been saved.", Welsh: "Rydych wedi mewngofnodi, ond mae angen i GOV.UK One Login fod wedi gwirio pwy ydych chi ar gyfer y gwasanaeth hwn, ac nid oedd yn gallu gwneud hynny. Gallwch dalu treth gyngor o hyd. Nid oes dim wedi’i gadw."},
	"signin.notproven.again":     {English: "Try to prove your identity again", Welsh: "Ceisio profi pwy ydych chi eto"},
	"err.signin.title":           {English: "Sorry, you could not be signed in", Welsh: "Mae’n ddrwg gennym, nid oedd modd eich mewngofnodi"},
	"err.signin.body":            {English: "The sign-in had expired or did not start here. Nothing has been saved or changed. Go to the start page and sign in again.", Welsh: "Roedd y mewngofnodi wedi dod i ben neu nid oedd wedi dechrau yma. Nid oes dim wedi’i gadw na’i newid. Ewch i’r dudalen gychwyn a mewngofnodwch eto."},
	"err.signin.denied.title":    {English: "You did not sign in", Welsh: "Ni wnaethoch fewngofnodi"},
	"err.signin.denied.body":     {English: "You chose not to sign in with GOV.UK One Login. Nothing has been saved. You can still pay council tax without signing in.", Welsh: "Gwnaethoch ddewis peidio â mewngofnodi gyda GOV.UK One Login. Nid oes dim wedi’i gadw. Gallwch dalu treth gyngor heb fewngofnodi o hyd."},

	// Error pages.
	"err.notfound.title":  {English: "Page not found", Welsh: "Heb ddod o hyd i’r dudalen"},
	"err.notfound.body":   {English: "If you typed the web address, check it is correct.", Welsh: "Os gwnaethoch deipio’r cyfeiriad gwe, gwiriwch ei fod yn gywir."},
	"err.csrf.title":      {English: "Sorry, we could not accept that form", Welsh: "Mae’n ddrwg gennym, nid oeddem yn gallu derbyn y ffurflen honno"},
	"err.csrf.body":       {English: "The form had expired or did not come from this service. Nothing has been saved or changed. Go back, refresh the page and try again.", Welsh: "Roedd y ffurflen wedi dod i ben neu nid oedd wedi dod o’r gwasanaeth hwn. Nid oes dim wedi’i gadw na’i newid. Ewch yn ôl, adnewyddwch y dudalen a rhowch gynnig arall arni."},
	"err.forbidden.title": {English: "You cannot see this page", Welsh: "Ni allwch weld y dudalen hon"},
	"err.forbidden.body":  {English: "This page is for council officers. Sign in with an officer account.", Welsh: "Mae’r dudalen hon ar gyfer swyddogion y cyngor. Mewngofnodwch gyda chyfrif swyddog."},
	"err.server.title":    {English: "Sorry, there is a problem with the service", Welsh: "Mae’n ddrwg gennym, mae problem gyda’r gwasanaeth"},
	"err.server.body":     {English: "Try again later. Nothing you entered has been saved twice.", Welsh: "Rhowch gynnig arall arni yn nes ymlaen. Nid oes dim a roesoch wedi’i gadw ddwywaith."},
	"err.toolarge.title":  {English: "The form was too large", Welsh: "Roedd y ffurflen yn rhy fawr"},
	"err.toolarge.body":   {English: "Nothing has been saved. Go back and try again with less text.", Welsh: "Nid oes dim wedi’i gadw. Ewch yn ôl a rhowch gynnig arall arni gyda llai o destun."},
	"err.home":            {English: "Go to the start page", Welsh: "Mynd i’r dudalen gychwyn"},
	// Paying, through the sandbox provider.
	"pay.for":                  {English: "Payment for", Welsh: "Taliad am"},
	"pay.amount":               {English: "Amount", Welsh: "Swm"},
	"pay.reference":            {English: "Reference", Welsh: "Cyfeirnod"},
	"pay.status":               {English: "Status", Welsh: "Statws"},
	"pay.date":                 {English: "Date paid", Welsh: "Dyddiad talu"},
	"pay.done.title":           {English: "Payment received", Welsh: "Taliad wedi’i dderbyn"},
	"pay.done.amount":          {English: "You paid", Welsh: "Rydych wedi talu"},
	"pay.done.body":            {English: "We have sent the payment to your account. You do not need to do anything else.", Welsh: "Rydym wedi anfon y taliad i’ch cyfrif. Nid oes angen i chi wneud unrhyw beth arall."},
	"pay.failed.title":         {English: "Your payment was not taken", Welsh: "Ni chymerwyd eich taliad"},
	"pay.failed.body":          {English: "No money has been taken from your account.", Welsh: "Nid oes arian wedi’i gymryd o’ch cyfrif."},
	"pay.pending.title":        {English: "Your payment is not finished yet", Welsh: "Nid yw eich taliad wedi’i gwblhau eto"},
	"pay.pending.body":         {English: "Refresh this page in a few minutes to see if the payment has gone through.", Welsh: "Adnewyddwch y dudalen hon ymhen ychydig funudau i weld a yw’r taliad wedi mynd drwodd."},
	"pay.retry":                {English: "Try paying again", Welsh: "Rhoi cynnig arall ar dalu"},
	"sandbox.caption":          {English: "Sandbox payment provider", Welsh: "Darparwr taliadau blwch tywod"},
	"sandbox.title":            {English: "Enter card details", Welsh: "Rhowch fanylion y cerdyn"},
	"sandbox.explain":          {English: "This page stands in for GOV.UK Pay in the example portal. No money moves: use one of GOV.UK Pay’s test card numbers below. Never enter a real card number.", Welsh: "Mae’r dudalen hon yn cymryd lle GOV.UK Pay yn y porth enghreifftiol. Nid oes arian yn symud: defnyddiwch un o rifau cardiau prawf GOV.UK Pay isod. Peidiwch byth â rhoi rhif cerdyn go iawn."},
	"sandbox.card":             {English: "Card number", Welsh: "Rhif y cerdyn"},
	"sandbox.card.hint":        {English: "A test card number, such as 4444 3333 2222 1111", Welsh: "Rhif cerdyn prawf, fel 4444 3333 2222 1111"},
	"sandbox.pay":              {English: "Confirm payment", Welsh: "Cadarnhau’r taliad"},
	"sandbox.cancel":           {English: "Cancel payment", Welsh: "Canslo’r taliad"},
	"sandbox.cards":            {English: "Test card numbers", Welsh: "Rhifau cardiau prawf"},
	"sandbox.cards.success":    {English: "payment succeeds", Welsh: "mae’r taliad yn llwyddo"},
	"sandbox.cards.declined":   {English: "card declined", Welsh: "cerdyn wedi’i wrthod"},
	"sandbox.cards.error":      {English: "the provider has an error", Welsh: "mae gwall gan y darparwr"},
	"sandbox.card.required":    {English: "Enter a card number", Welsh: "Rhowch rif cerdyn"},
	"sandbox.card.unknown":     {English: "Enter one of the test card numbers listed on this page", Welsh: "Rhowch un o’r rhifau cardiau prawf a restrir ar y dudalen hon"},
	"sandbox.card.notaccepted": {English: "This card type is not accepted. Use a different card", Welsh: "Nid yw’r math hwn o gerdyn yn cael ei dderbyn. Defnyddiwch gerdyn gwahanol"},

	// Officer side: refunds.
	"officer.payments.caption": {English: "Successful payments", Welsh: "Taliadau llwyddiannus"},
	"officer.payments.none":    {English: "There are no successful payments yet.", Welsh: "Nid oes taliadau llwyddiannus eto."},
	"refund.title":             {English: "Refund a payment", Welsh: "Ad-dalu taliad"},
	"refund.action":            {English: "Refund", Welsh: "Ad-dalu"},
	"refund.refunded":          {English: "Refunded", Welsh: "Wedi’i ad-dalu"},
	"refund.available":         {English: "Available to refund", Welsh: "Ar gael i’w ad-dalu"},
	"refund.amount":            {English: "Amount to refund", Welsh: "Swm i’w ad-dalu"},
	"refund.amount.hint":       {English: "In pounds and pence, for example 12.50", Welsh: "Mewn punnoedd a cheiniogau, er enghraifft 12.50"},
	"refund.button":            {English: "Refund payment", Welsh: "Ad-dalu’r taliad"},
	"refund.done":              {English: "Refund made", Welsh: "Ad-daliad wedi’i wneud"},
	"refund.back":              {English: "Back to payments", Welsh: "Yn ôl i’r taliadau"},
	"refund.amount.required":   {English: "Enter the amount to refund", Welsh: "Rhowch y swm i’w ad-dalu"},
	"refund.amount.invalid":    {English: "Enter the amount in pounds and pence, like 12.50", Welsh: "Rhowch y swm mewn punnoedd a cheiniogau, fel 12.50"},
	"refund.amount.positive":   {English: "The refund must be at least 1p", Welsh: "Rhaid i’r ad-daliad fod o leiaf 1c"},
	"refund.amount.toomuch":    {English: "The refund must be no more than the amount available to refund", Welsh: "Ni all yr ad-daliad fod yn fwy na’r swm sydd ar gael i’w ad-dalu"},
	"refund.notrefundable":     {English: "This payment cannot be refunded", Welsh: "Ni ellir ad-dalu’r taliad hwn"},
	"refund.conflict":          {English: "This refund was already made with a different amount. Go back to payments and start again", Welsh: "Cafodd yr ad-daliad hwn ei wneud eisoes gyda swm gwahanol. Ewch yn ôl i’r taliadau a dechrau eto"},
	// Council tax.
	"ct.ref":                 {English: "What is your council tax account reference?", Welsh: "Beth yw cyfeirnod eich cyfrif treth gyngor?"},
	"ct.ref.hint":            {English: "It is 8 digits and is on your council tax bill. In this example, try 10000001, 10000002, 10000003 or 10000004.", Welsh: "Mae’n 8 digid ac mae ar eich bil treth gyngor. Yn yr enghraifft hon, rhowch gynnig ar 10000001, 10000002, 10000003 neu 10000004."},
	"ct.ref.required":        {English: "Enter your council tax account reference", Welsh: "Rhowch gyfeirnod eich cyfrif treth gyngor"},
	"ct.ref.notfound":        {English: "We could not find a bill with that account reference. Check it and try again", Welsh: "Nid oeddem yn gallu dod o hyd i fil gyda’r cyfeirnod cyfrif hwnnw. Gwiriwch ef a rhowch gynnig arall arni"},
	"ct.bill.title":          {English: "Your council tax bill", Welsh: "Eich bil treth gyngor"},
	"ct.account":             {English: "Account reference", Welsh: "Cyfeirnod y cyfrif"},
	"ct.property":            {English: "Property", Welsh: "Eiddo"},
	"ct.year":                {English: "Year", Welsh: "Blwyddyn"},
	"ct.band":                {English: "Valuation band", Welsh: "Band prisio"},
	"ct.band.ratio":          {English: "of band D", Welsh: "o fand D"},
	"ct.charges":             {English: "What the charge is made of", Welsh: "Beth sy’n rhan o’r tâl"},
	"ct.authority":           {English: "Authority", Welsh: "Awdurdod"},
	"ct.bandd":               {English: "Band D", Welsh: "Band D"},
	"ct.yourband":            {English: "Your band", Welsh: "Eich band"},
	"ct.annual":              {English: "Annual charge for your band", Welsh: "Tâl blynyddol ar gyfer eich band"},
	"ct.periods":             {English: "Periods you are liable for", Welsh: "Cyfnodau rydych yn atebol amdanynt"},
	"ct.period.to":           {English: "to", Welsh: "i"},
	"ct.period.days":         {English: "days", Welsh: "diwrnod"},
	"ct.disabled":            {English: "Disabled band reduction", Welsh: "Gostyngiad band i bobl anabl"},
	"ct.liability":           {English: "Council tax for the year", Welsh: "Treth gyngor am y flwyddyn"},
	"ct.reduction":           {English: "Council tax reduction", Welsh: "Gostyngiad treth gyngor"},
	"ct.payable":             {English: "Amount payable", Welsh: "Swm sy’n daladwy"},
	"ct.paid":                {English: "Paid online so far", Welsh: "Wedi’i dalu ar-lein hyd yma"},
	"ct.balance":             {English: "Left to pay", Welsh: "Ar ôl i’w dalu"},
	"ct.instalments":         {English: "Instalments", Welsh: "Rhandaliadau"},
	"ct.due":                 {English: "Due", Welsh: "Yn ddyledus"},
	"ct.paidup":              {English: "There is nothing left to pay on this bill.", Welsh: "Nid oes dim ar ôl i’w dalu ar y bil hwn."},
	"ct.pay.what":            {English: "What do you want to pay?", Welsh: "Beth ydych chi am ei dalu?"},
	"ct.pay.instalment":      {English: "The next instalment", Welsh: "Y rhandaliad nesaf"},
	"ct.pay.instalment.hint": {English: "Due", Welsh: "Yn ddyledus"},
	"ct.pay.balance":         {English: "Everything left to pay this year", Welsh: "Popeth sydd ar ôl i’w dalu eleni"},
	"ct.pay.required":        {English: "Select what you want to pay", Welsh: "Dewiswch beth rydych chi am ei dalu"},
	"ct.pay.invalid":         {English: "Select one of the amounts shown", Welsh: "Dewiswch un o’r symiau a ddangosir"},
	"ct.pay.button":          {English: "Continue to payment", Welsh: "Parhau i dalu"},
	"ct.other":               {English: "Look up a different bill", Welsh: "Chwilio am fil gwahanol"},
	// Dates.
	"date.day":   {English: "Day", Welsh: "Diwrnod"},
	"date.month": {English: "Month", Welsh: "Mis"},
	"date.year":  {English: "Year", Welsh: "Blwyddyn"},

	// School admissions.
	"adm.start.intro":              {English: "Apply for a Reception place at a primary school for the school year", Welsh: "Gwneud cais am le yn y dosbarth Derbyn mewn ysgol gynradd ar gyfer y flwyddyn ysgol"},
	"adm.start.closing":            {English: "Closing date:", Welsh: "Dyddiad cau:"},
	"adm.start.offer":              {English: "Offer day:", Welsh: "Diwrnod cynnig:"},
	"adm.start.max":                {English: "Schools you can name:", Welsh: "Nifer yr ysgolion y gallwch eu henwi:"},
	"adm.start.button":             {English: "Start now", Welsh: "Dechrau nawr"},
	"adm.mine":                     {English: "Your applications", Welsh: "Eich ceisiadau"},
	"adm.child.title":              {English: "About your child", Welsh: "Am eich plentyn"},
	"adm.child.given":              {English: "Child’s first names", Welsh: "Enwau cyntaf y plentyn"},
	"adm.child.family":             {English: "Child’s last name", Welsh: "Cyfenw’r plentyn"},
	"adm.child.name":               {English: "Child’s name", Welsh: "Enw’r plentyn"},
	"adm.child.dob":                {English: "Child’s date of birth", Welsh: "Dyddiad geni’r plentyn"},
	"adm.child.dob.hint":           {English: "For this intake, children born between", Welsh: "Ar gyfer y derbyniad hwn, plant a anwyd rhwng"},
	"adm.home":                     {English: "Child’s home address", Welsh: "Cyfeiriad cartref y plentyn"},
	"adm.home.hint":                {English: "In this example, choose one of these fictional addresses. A real service finds the address from a postcode.", Welsh: "Yn yr enghraifft hon, dewiswch un o’r cyfeiriadau dychmygol hyn. Mae gwasanaeth go iawn yn dod o hyd i’r cyfeiriad o god post."},
	"adm.prefs":                    {English: "School preferences", Welsh: "Dewisiadau ysgol"},
	"adm.prefs.title":              {English: "Which schools would you like, in order of preference?", Welsh: "Pa ysgolion yr hoffech chi, yn nhrefn eich dewis?"},
	"adm.prefs.hint":               {English: "Naming more schools does not reduce your chance of a place at your first preference.", Welsh: "Nid yw enwi rhagor o ysgolion yn lleihau eich siawns o gael lle yn eich dewis cyntaf."},
	"adm.pref.none":                {English: "No school", Welsh: "Dim ysgol"},
	"adm.pref.1":                   {English: "First preference", Welsh: "Dewis cyntaf"},
	"adm.pref.2":                   {English: "Second preference", Welsh: "Ail ddewis"},
	"adm.pref.3":                   {English: "Third preference", Welsh: "Trydydd dewis"},
	"adm.pref.4":                   {English: "Fourth preference", Welsh: "Pedwerydd dewis"},
	"adm.pref.5":                   {English: "Fifth preference", Welsh: "Pumed dewis"},
	"adm.pref.6":                   {English: "Sixth preference", Welsh: "Chweched dewis"},
	"adm.check.title":              {English: "Check your answers before sending your application", Welsh: "Gwiriwch eich atebion cyn anfon eich cais"},
	"adm.check.declare":            {English: "Now send your application", Welsh: "Nawr anfonwch eich cais"},
	"adm.check.declare.body":       {English: "By sending this application you confirm that, to the best of your knowledge, the details you are providing are correct.", Welsh: "Drwy anfon y cais hwn rydych yn cadarnhau bod y manylion rydych yn eu darparu yn gywir, hyd eithaf eich gwybodaeth."},
	"adm.check.submit":             {English: "Accept and send", Welsh: "Derbyn ac anfon"},
	"adm.app.title":                {English: "Your school place", Welsh: "Eich lle ysgol"},
	"adm.app.received":             {English: "Application received", Welsh: "Cais wedi’i dderbyn"},
	"adm.app.ref":                  {English: "Application reference", Welsh: "Cyfeirnod y cais"},
	"adm.app.next":                 {English: "We will tell you which school your child has been offered on", Welsh: "Byddwn yn dweud wrthych pa ysgol sydd wedi’i chynnig i’ch plentyn ar"},
	"adm.app.offer":                {English: "Your child has been offered a place at", Welsh: "Mae lle wedi’i gynnig i’ch plentyn yn"},
	"adm.app.pref":                 {English: "This was your preference number", Welsh: "Hwn oedd eich dewis rhif"},
	"adm.app.nooffer":              {English: "We could not offer your child a place at any school", Welsh: "Nid oeddem yn gallu cynnig lle i’ch plentyn mewn unrhyw ysgol"},
	"adm.app.reasons":              {English: "Why your higher preferences could not be offered", Welsh: "Pam nad oedd modd cynnig eich dewisiadau uwch"},
	"adm.basis.unplaced":           {English: "No offer could be made.", Welsh: "Nid oedd modd gwneud cynnig."},
	"adm.basis.ranked":             {English: "The place was offered under the school’s admission criteria.", Welsh: "Cynigiwyd y lle o dan feini prawf derbyn yr ysgol."},
	"adm.basis.ehc_plan":           {English: "The place was offered because your child’s education, health and care plan names the school.", Welsh: "Cynigiwyd y lle oherwydd bod cynllun addysg, iechyd a gofal eich plentyn yn enwi’r ysgol."},
	"adm.basis.nearest_with_place": {English: "None of your preferences could be offered, so this is the nearest school with a place.", Welsh: "Nid oedd modd cynnig unrhyw un o’ch dewisiadau, felly dyma’r ysgol agosaf sydd â lle."},
	"adm.off.intake":               {English: "Intake", Welsh: "Derbyniad"},
	"adm.off.applications":         {English: "Applications", Welsh: "Ceisiadau"},
	"adm.off.seed":                 {English: "Published tie-break seed", Welsh: "Hedyn torri cyfartaledd a gyhoeddwyd"},
	"adm.off.run":                  {English: "Run the allocation", Welsh: "Rhedeg y dyraniad"},
	"adm.off.placed":               {English: "Children offered a place:", Welsh: "Plant y cynigiwyd lle iddynt:"},
	"adm.off.unplaced":             {English: "Children without an offer:", Welsh: "Plant heb gynnig:"},
	"adm.off.results":              {English: "Results by school", Welsh: "Canlyniadau fesul ysgol"},
	"adm.off.school":               {English: "School", Welsh: "Ysgol"},
	"adm.off.offered":              {English: "Offered", Welsh: "Wedi’u cynnig"},
	"adm.off.waiting":              {English: "Waiting list", Welsh: "Rhestr aros"},
	"adm.off.over":                 {English: "Oversubscribed", Welsh: "Gormod o geisiadau"},
	"adm.off.yes":                  {English: "Yes", Welsh: "Ydy"},
	"adm.off.no":                   {English: "No", Welsh: "Nac ydy"},
	"adm.off.waitlist":             {English: "Waiting list", Welsh: "Rhestr aros"},
	"adm.off.position":             {English: "Position", Welsh: "Safle"},
	"adm.off.criterion":            {English: "Criterion", Welsh: "Maen prawf"},
	"adm.off.distance":             {English: "Distance (km)", Welsh: "Pellter (km)"},
	// Field-specific wording of the admissions package's "required".
	"adm.required.child.given_names":   {English: "Enter your child’s first names", Welsh: "Rhowch enwau cyntaf eich plentyn"},
	"adm.required.child.family_name":   {English: "Enter your child’s last name", Welsh: "Rhowch gyfenw eich plentyn"},
	"adm.required.child.date_of_birth": {English: "Enter your child’s date of birth", Welsh: "Rhowch ddyddiad geni eich plentyn"},
	"adm.required.home":                {English: "Select your child’s home address", Welsh: "Dewiswch gyfeiriad cartref eich plentyn"},
	"adm.required.preferences":         {English: "Select at least one school", Welsh: "Dewiswch o leiaf un ysgol"},
	// Free school meals.
	"fsm.intro":                             {English: "Answer a few questions to find out whether your child can get free school meals in England. We do not keep your answers.", Welsh: "Atebwch ychydig o gwestiynau i gael gwybod a all eich plentyn gael prydau ysgol am ddim yn Lloegr. Nid ydym yn cadw eich atebion."},
	"fsm.about.parent":                      {English: "About you", Welsh: "Amdanoch chi"},
	"fsm.about.child":                       {English: "About your child", Welsh: "Am eich plentyn"},
	"fsm.parent.family":                     {English: "Your last name", Welsh: "Eich cyfenw"},
	"fsm.parent.family.hint":                {English: "As it is on your benefit letters", Welsh: "Fel y mae ar eich llythyrau budd-dal"},
	"fsm.parent.dob":                        {English: "Your date of birth", Welsh: "Eich dyddiad geni"},
	"fsm.dob.hint":                          {English: "For example, 27 3 1985", Welsh: "Er enghraifft, 27 3 1985"},
	"fsm.parent.nino":                       {English: "Your National Insurance number", Welsh: "Eich rhif Yswiriant Gwladol"},
	"fsm.parent.nino.hint":                  {English: "It’s on your National Insurance card, benefit letter, payslip or P60. For example, ‘QQ 12 34 56 C’.", Welsh: "Mae ar eich cerdyn Yswiriant Gwladol, llythyr budd-dal, slip cyflog neu P60. Er enghraifft, ‘QQ 12 34 56 C’."},
	"fsm.parent.nino.invalid":               {English: "Enter a National Insurance number in the correct format", Welsh: "Rhowch rif Yswiriant Gwladol yn y fformat cywir"},
	"fsm.date.invalid":                      {English: "Enter a real date", Welsh: "Rhowch ddyddiad go iawn"},
	"fsm.benefits":                          {English: "Which of these do you get?", Welsh: "Pa rai o’r rhain ydych chi’n eu cael?"},
	"fsm.benefits.hint":                     {English: "Select all that apply.", Welsh: "Dewiswch bob un sy’n berthnasol."},
	"fsm.benefit.invalid":                   {English: "Select benefits from the list", Welsh: "Dewiswch fudd-daliadau o’r rhestr"},
	"fsm.benefit.universal_credit":          {English: "Universal Credit", Welsh: "Credyd Cynhwysol"},
	"fsm.benefit.income_support":            {English: "Income Support", Welsh: "Cymhorthdal Incwm"},
	"fsm.benefit.income_based_jsa":          {English: "income-based Jobseeker’s Allowance", Welsh: "Lwfans Ceisio Gwaith yn seiliedig ar incwm"},
	"fsm.benefit.income_related_esa":        {English: "income-related Employment and Support Allowance", Welsh: "Lwfans Cyflogaeth a Chymorth yn seiliedig ar incwm"},
	"fsm.benefit.asylum_support":            {English: "support under Part 6 of the Immigration and Asylum Act 1999", Welsh: "cymorth o dan Ran 6 o Ddeddf Mewnfudo a Lloches 1999"},
	"fsm.benefit.child_tax_credit":          {English: "Child Tax Credit", Welsh: "Credyd Treth Plant"},
	"fsm.benefit.working_tax_credit":        {English: "Working Tax Credit", Welsh: "Credyd Treth Gwaith"},
	"fsm.benefit.working_tax_credit_run_on": {English: "Working Tax Credit run-on (the 4 weeks after you stop qualifying)", Welsh: "Credyd Treth Gwaith estynedig (y 4 wythnos ar ôl i chi beidio â bod yn gymwys)"},
	"fsm.benefit.pension_credit_guarantee":  {English: "the guarantee element of Pension Credit", Welsh: "elfen warant Credyd Pensiwn"},
	"fsm.uc":                                {English: "If you get Universal Credit: your household’s take-home pay in the last assessment period (optional)", Welsh: "Os ydych yn cael Credyd Cynhwysol: cyflog clir eich aelwyd yn y cyfnod asesu diwethaf (dewisol)"},
	"fsm.uc.hint":                           {English: "In pounds, for example 450.00", Welsh: "Mewn punnoedd, er enghraifft 450.00"},
	"fsm.ctc":                               {English: "If you get Child Tax Credit: the yearly income on your award notice (optional)", Welsh: "Os ydych yn cael Credyd Treth Plant: yr incwm blynyddol ar eich hysbysiad dyfarniad (dewisol)"},
	"fsm.ctc.hint":                          {English: "In pounds, for example 15000", Welsh: "Mewn punnoedd, er enghraifft 15000"},
	"fsm.money.invalid":                     {English: "Enter an amount in pounds and pence, like 450.00", Welsh: "Rhowch swm mewn punnoedd a cheiniogau, fel 450.00"},
	"fsm.check":                             {English: "Check eligibility", Welsh: "Gwirio cymhwysedd"},
	"fsm.yes":                               {English: "Your child can get free school meals", Welsh: "Gall eich plentyn gael prydau ysgol am ddim"},
	"fsm.no":                                {English: "Your child cannot get free school meals", Welsh: "Ni all eich plentyn gael prydau ysgol am ddim"},
	"fsm.review":                            {English: "We will check this again on", Welsh: "Byddwn yn gwirio hyn eto ar"},
	"fsm.evidence":                          {English: "What we will ask for", Welsh: "Beth y byddwn yn gofyn amdano"},
	"fsm.how":                               {English: "How we decided", Welsh: "Sut y gwnaethom benderfynu"},
	"fsm.met":                               {English: "Applies", Welsh: "Yn berthnasol"},
	"fsm.notmet":                            {English: "Does not apply", Welsh: "Ddim yn berthnasol"},
	"fsm.asat":                              {English: "Decided under the rules in force on", Welsh: "Penderfynwyd o dan y rheolau a oedd mewn grym ar"},
	"fsm.again":                             {English: "Check again", Welsh: "Gwirio eto"},
}

// text looks a key up in the catalogue. A missing key shows itself in
// brackets, and TestCatalogueCoversTemplates fails, so it never ships.
func text(key string, tag language.Tag) string {
	t, ok := catalogue[key]
	if !ok {
		return "[[" + key + "]]"
	}
	return t.In(tag)
}
