package counciltax_test

import (
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/counciltax"
)

// charges are Hinckley and Bosworth's 2025/26 band D precepts as the
// borough published them: Leicestershire County Council £1,681.50, the
// Police and Crime Commissioner £300.23, the fire authority £86.65 and the
// borough's average £159.87
// (https://www.hinckley-bosworth.gov.uk/info/200397/borough_bulletin/2061/hinckley_and_bosworth_borough_bulletin_spring_2025_edition_97/3).
func charges() counciltax.Charges {
	return counciltax.Charges{
		Council: councilkit.MustParseCouncil("E07000132"),
		Year:    2025,
		Lines: []counciltax.PreceptLine{
			{Kind: counciltax.CountyCouncil, Name: "Leicestershire County Council", BandD: payments.MustParseAmount("1,681.50")},
			{Kind: counciltax.Police, Name: "Police and Crime Commissioner", BandD: payments.MustParseAmount("300.23")},
			{Kind: counciltax.FireAndRescue, Name: "Combined Fire Authority", BandD: payments.MustParseAmount("86.65")},
			{Kind: counciltax.BillingAuthority, Name: "Hinckley & Bosworth BC", BandD: payments.MustParseAmount("159.87")},
		},
	}
}

// A band D and a band F bill, each with a single person discount, issued in
// March for 10 monthly instalments. Band F is 13/9 of band D line by line;
// 25% off £3,218.58 is £2,413.935, rounded to £2,413.94; 2,413.94/10 rounds
// to £241, and the first instalment takes the rest, £244.94.
func Example() {
	table, err := charges().Compile()
	if err != nil {
		panic(err)
	}
	for _, band := range []counciltax.Band{counciltax.BandD, counciltax.BandF} {
		bill, err := table.NewBill(&counciltax.Account{
			Band:        band,
			Periods:     []counciltax.Period{{Discount: counciltax.Discount{Kind: counciltax.SingleResident}}},
			Instalments: counciltax.InstalmentOptions{Issued: calendar.MustDate(2025, time.March, 10)},
		})
		if err != nil {
			panic(err)
		}
		fmt.Println(bill)
	}
	// Output:
	// Council tax bill 2025/26
	// Council: E07000132
	// Band D (9/9 × Band D)
	//
	//                                           Band D   Your band
	// Leicestershire County Council          £1,681.50   £1,681.50
	// Police and Crime Commissioner            £300.23     £300.23
	// Combined Fire Authority                   £86.65      £86.65
	// Hinckley & Bosworth BC                   £159.87     £159.87
	// Annual charge for your band                        £2,228.25
	//
	// Periods of liability
	// 1 April 2025 to 31 March 2026, 365 days @ £2,228.25
	//   Single person discount 25%
	//                                                    £1,671.19
	//
	// Council tax for the year                           £1,671.19
	// Amount payable                                     £1,671.19
	//
	// Instalments
	// 1 April 2025                                         £168.19
	// 1 May 2025                                           £167.00
	// 1 June 2025                                          £167.00
	// 1 July 2025                                          £167.00
	// 1 August 2025                                        £167.00
	// 1 September 2025                                     £167.00
	// 1 October 2025                                       £167.00
	// 1 November 2025                                      £167.00
	// 1 December 2025                                      £167.00
	// 1 January 2026                                       £167.00
	//
	// Council tax bill 2025/26
	// Council: E07000132
	// Band F (13/9 × Band D)
	//
	//                                           Band D   Your band
	// Leicestershire County Council          £1,681.50   £2,428.83
	// Police and Crime Commissioner            £300.23     £433.67
	// Combined Fire Authority                   £86.65     £125.16
	// Hinckley & Bosworth BC                   £159.87     £230.92
	// Annual charge for your band                        £3,218.58
	//
	// Periods of liability
	// 1 April 2025 to 31 March 2026, 365 days @ £3,218.58
	//   Single person discount 25%
	//                                                    £2,413.94
	//
	// Council tax for the year                           £2,413.94
	// Amount payable                                     £2,413.94
	//
	// Instalments
	// 1 April 2025                                         £244.94
	// 1 May 2025                                           £241.00
	// 1 June 2025                                          £241.00
	// 1 July 2025                                          £241.00
	// 1 August 2025                                        £241.00
	// 1 September 2025                                     £241.00
	// 1 October 2025                                       £241.00
	// 1 November 2025                                      £241.00
	// 1 December 2025                                      £241.00
	// 1 January 2026                                       £241.00
}

// A bulk bill run: compile the charges once and compute every dwelling's
// bill into one reused Bill, which allocates nothing per bill.
func ExampleTable_Compute() {
	table := charges().MustCompile()
	accounts := []counciltax.Account{
		{Band: counciltax.BandA, Instalments: counciltax.InstalmentOptions{Issued: calendar.MustDate(2025, time.March, 10)}},
		{Band: counciltax.BandC, Periods: []counciltax.Period{{Exempt: counciltax.ClassN}}, Instalments: counciltax.InstalmentOptions{Issued: calendar.MustDate(2025, time.March, 10)}},
		{Band: counciltax.BandB, Periods: []counciltax.Period{{Discount: counciltax.Discount{Kind: counciltax.SingleResident}}}, Reduction: payments.MustParseAmount("400"),
			Instalments: counciltax.InstalmentOptions{Issued: calendar.MustDate(2025, time.March, 10), Twelve: true}},
	}
	var bill counciltax.Bill
	var total payments.Amount
	for i := range accounts {
		if err := table.Compute(&accounts[i], &bill); err != nil {
			panic(err)
		}
		total = total.Add(bill.Payable)
		fmt.Println(bill.Band, bill.Payable, len(bill.Instalments), "instalments")
	}
	fmt.Println("total", total)
	// Output:
	// A £1,485.50 10 instalments
	// C £0.00 0 instalments
	// B £899.80 12 instalments
	// total £2,385.30
}

// The instalments of Schedule 1 paragraph 2(6): every instalment but the
// first is the amount divided by their number, rounded to the nearest pound;
// the first takes the rest.
func ExampleSplitInstalments() {
	first, rest, n := counciltax.SplitInstalments(payments.MustParseAmount("1,234.56"), 10)
	fmt.Println(first, "then", n-1, "of", rest)
	// Output: £127.56 then 9 of £123.00
}

// The number of instalments depends on when the demand notice is issued.
func ExampleInstalmentCount() {
	for _, issued := range []calendar.Date{
		calendar.MustDate(2025, time.March, 10),
		calendar.MustDate(2025, time.May, 20),
		calendar.MustDate(2026, time.January, 5),
	} {
		fmt.Println(issued, counciltax.InstalmentCount(2025, issued, false), counciltax.InstalmentCount(2025, issued, true))
	}
	// Output:
	// 2025-03-10 10 12
	// 2025-05-20 9 10
	// 2026-01-05 1 1
}

// Band amounts for a Scottish council, from Dundee City's published 2025/26
// band D (https://www.dundeecity.gov.uk/node/80169).
func ExampleTable_Amount() {
	table := counciltax.Charges{
		Council: councilkit.MustParseCouncil("S12000042"),
		Year:    2025,
		Lines:   []counciltax.PreceptLine{{Kind: counciltax.BillingAuthority, Name: "Dundee City Council", BandD: payments.MustParseAmount("1605.34")}},
	}.MustCompile()
	for b := counciltax.BandA; b <= counciltax.BandH; b++ {
		fmt.Println(b, b.RatioString(table.Nation()), table.Amount(b))
	}
	// Output:
	// A 240/360 £1,070.23
	// B 280/360 £1,248.60
	// C 320/360 £1,426.97
	// D 360/360 £1,605.34
	// E 473/360 £2,109.24
	// F 585/360 £2,608.68
	// G 705/360 £3,143.79
	// H 882/360 £3,933.08
}
