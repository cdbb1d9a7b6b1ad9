package planning_test

import (
	"fmt"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/planning"
)

func ExampleCalculate() {
	b, err := planning.Calculate(planning.FeeInput{
		Type:      planning.TypeFullMajor,
		Made:      calendar.MustDate(2025, 6, 2),
		Category:  planning.CategoryDwellings,
		Dwellings: 51,
	})
	if err != nil {
		panic(err)
	}
	for _, l := range b.Lines() {
		fmt.Printf("%s: %s [%s]\n", l.Text().English, l.Amount(), l.Basis())
	}
	fmt.Println("Total:", b.Total(), "under the", b.Schedule, "schedule")
	// Output:
	// Erection of dwellinghouses (£31,385 + 1 × £189): £31,574.00 [Fees Regulations 2012 Sch. 1 Pt 2 category 1(2)]
	// Total: £31,574.00 under the 2025-04-01 schedule
}

func ExampleDeterminationDeadline() {
	received := calendar.MustDate(2025, 6, 2)
	fmt.Println(planning.DeterminationDeadline(planning.TypeHouseholder, received, false, false, calendar.Date{}))
	fmt.Println(planning.DeterminationDeadline(planning.TypeFullMajor, received, false, false, calendar.Date{}))
	refund, _ := planning.FeeRefundDate(planning.TypeHouseholder, received, false, false)
	fmt.Println(refund)
	// Output:
	// 2025-07-28
	// 2025-09-01
	// 2025-09-22
}

func ExampleConsultationEnd() {
	// A site notice put up on 5 December 2025: 21 days, with Christmas Day
	// and Boxing Day disregarded.
	end := planning.ConsultationEnd(planning.EnglandHolidays(), calendar.MustDate(2025, 12, 5), planning.NoticeSite)
	fmt.Println(end)
	// Output: 2025-12-27
}

func ExampleReferenceFormat() {
	f := planning.MustParseReferenceFormat("{YY}/{SEQ5}/{TYPE}")
	ref, _ := f.Format(2024, 1234, planning.TypeHouseholder)
	fmt.Println(ref)
	_, parts, _ := f.Parse("24/01234/HOU")
	fmt.Println(parts.Year, parts.Sequence, parts.Suffix)
	// Output:
	// 24/01234/HOU
	// 2024 1234 HOU
}
