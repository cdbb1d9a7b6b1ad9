package main

import "github.com/lgds/councilkit"

// ctText is the wording of the council tax receipt address and of finding
// a bill from a signed-in resident's checked address, merged into
// catalogue at start so that it is checked with the rest.
var ctText = map[string]councilkit.Text{
	"ct.email":      {English: "Email address for your receipt (optional)", Welsh: "Cyfeiriad e-bost ar gyfer eich derbynneb (dewisol)"},
	"ct.email.hint": {English: "We will send a receipt for this payment to this address, and use it for nothing else.", Welsh: "Byddwn yn anfon derbynneb ar gyfer y taliad hwn i’r cyfeiriad hwn, ac ni fyddwn yn ei ddefnyddio ar gyfer unrhyw beth arall."},
	// The GOV.UK Design System's email address pattern, worded as the
	// planning journey's email error.
	"ct.email.invalid": {English: "Enter an email address in the correct format, like name@example.com", Welsh: "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@example.com"},
	"ct.address.body":  {English: "You are signed in, and GOV.UK One Login has checked your address.", Welsh: "Rydych wedi mewngofnodi, ac mae GOV.UK One Login wedi gwirio eich cyfeiriad."},
	"ct.address.link":  {English: "Find your bill from your signed-in address", Welsh: "Dod o hyd i’ch bil drwy’r cyfeiriad yn eich cyfrif"},
	"ct.address.none":  {English: "We could not find a bill for the address GOV.UK One Login checked. Enter the account reference and the postcode of the property instead.", Welsh: "Nid oeddem yn gallu dod o hyd i fil ar gyfer y cyfeiriad a wiriwyd gan GOV.UK One Login. Rhowch gyfeirnod y cyfrif a chod post yr eiddo yn lle hynny."},
}

func init() {
	for k, v := range ctText {
		if _, dup := catalogue[k]; dup {
			panic("portal: catalogue key " + k + " defined twice")
		}
		catalogue[k] = v
	}
}
