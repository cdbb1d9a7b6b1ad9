package counciltax_test

import (
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/counciltax"
)

// A Welsh bill that names its council. The deployment describes each
// council it serves once, in a councilkit.Directory; the charges carry the
// council's profile, and every bill computed from them prints the name in
// the reader's language and ends with the contact details. The band D
// figures and contact details are illustrative, not Cardiff's.
func ExampleBill_Text() {
	cardiff := councilkit.MustParseCouncil("W06000015")
	dir, err := councilkit.NewDirectory(councilkit.Profile{
		Council: cardiff,
		Name:    councilkit.Text{English: "Cardiff Council", Welsh: "Cyngor Caerdydd"},
		Address: councilkit.Text{English: "PO Box 1\nCardiff\nCF10 1AA", Welsh: "Blwch Post 1\nCaerdydd\nCF10 1AA"},
		Phone:   "029 2018 0123",
		Website: "https://www.example.gov.uk",
	})
	if err != nil {
		panic(err)
	}
	profile, err := dir.Profile(cardiff)
	if err != nil {
		panic(err)
	}
	table, err := counciltax.Charges{
		Council: cardiff,
		Year:    2025,
		Profile: profile,
		Lines: []counciltax.PreceptLine{
			{Kind: counciltax.BillingAuthority, Name: "Cyngor Caerdydd", BandD: payments.MustParseAmount("1,500.00")},
			{Kind: counciltax.Police, Name: "Heddlu De Cymru", BandD: payments.MustParseAmount("350.00")},
		},
	}.Compile()
	if err != nil {
		panic(err)
	}
	bill, err := table.NewBill(&counciltax.Account{
		Band:        counciltax.BandC,
		Instalments: counciltax.InstalmentOptions{Issued: calendar.MustDate(2025, time.March, 10)},
	})
	if err != nil {
		panic(err)
	}
	fmt.Print(bill.Text(councilkit.Welsh))
	// Output:
	// Bil treth gyngor 2025/26
	// Cyngor: Cyngor Caerdydd
	// Band C (8/9 × Band D)
	//
	//                                           Band D   Eich band
	// Cyngor Caerdydd                        £1,500.00   £1,333.33
	// Heddlu De Cymru                          £350.00     £311.11
	// Tâl blynyddol ar gyfer eich band                   £1,644.44
	//
	// Cyfnodau atebolrwydd
	// 1 Ebrill 2025 i 31 Mawrth 2026, 365 diwrnod @ £1,644.44
	//                                                    £1,644.44
	//
	// Treth gyngor am y flwyddyn                         £1,644.44
	// Swm sy’n daladwy                                   £1,644.44
	//
	// Rhandaliadau
	// 1 Ebrill 2025                                        £168.44
	// 1 Mai 2025                                           £164.00
	// 1 Mehefin 2025                                       £164.00
	// 1 Gorffennaf 2025                                    £164.00
	// 1 Awst 2025                                          £164.00
	// 1 Medi 2025                                          £164.00
	// 1 Hydref 2025                                        £164.00
	// 1 Tachwedd 2025                                      £164.00
	// 1 Rhagfyr 2025                                       £164.00
	// 1 Ionawr 2026                                        £164.00
	//
	// Manylion cyswllt
	// Cyngor Caerdydd
	// Blwch Post 1
	// Caerdydd
	// CF10 1AA
	// Ffôn: 029 2018 0123
	// Gwefan: https://www.example.gov.uk
}
