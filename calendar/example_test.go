package calendar_test

import (
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"golang.org/x/text/language"
)

func ExampleCalendar_AddWorkingDays() {
	cal := calendar.New(calendar.EnglandAndWales)
	// A request received on Christmas Eve 2026 must be answered within 20
	// working days. Christmas Day, the Boxing Day substitute on Monday 28
	// December and New Year's Day do not count.
	received := calendar.MustDate(2026, time.December, 24)
	due := cal.AddWorkingDays(received, 20)
	fmt.Println(due, due.Weekday())
	fmt.Println(cal.WorkingDaysBetween(received, due))
	// Output:
	// 2027-01-26 Tuesday
	// 20
}

func ExampleNew_closures() {
	// A council whose offices close between Christmas and New Year.
	cal := calendar.New(calendar.EnglandAndWales,
		calendar.MustDate(2026, time.December, 29),
		calendar.MustDate(2026, time.December, 30),
		calendar.MustDate(2026, time.December, 31))
	next := cal.NextWorkingDay(calendar.MustDate(2026, time.December, 25))
	fmt.Println(next.Long(language.BritishEnglish))
	fmt.Println(next.Long(councilkit.Welsh))
	// Output:
	// 4 January 2027
	// 4 Ionawr 2027
}

func ExampleBankHolidays() {
	for _, h := range calendar.BankHolidays(calendar.Scotland, 2027) {
		sub := ""
		if h.Substitute {
			sub = " (substitute day)"
		}
		fmt.Printf("%s %s%s\n", h.Date, h.Name, sub)
	}
	// Output:
	// 2027-01-01 New Year's Day
	// 2027-01-04 2nd January (substitute day)
	// 2027-03-26 Good Friday
	// 2027-05-03 Early May bank holiday
	// 2027-05-31 Spring bank holiday
	// 2027-08-02 Summer bank holiday
	// 2027-11-30 St Andrew's Day
	// 2027-12-27 Christmas Day (substitute day)
	// 2027-12-28 Boxing Day (substitute day)
}

func ExampleDateOf() {
	// 23:30 UTC on 30 June is already 1 July in the UK (BST).
	t := time.Date(2026, time.June, 30, 23, 30, 0, 0, time.UTC)
	fmt.Println(calendar.DateOf(t))
	// Output: 2026-07-01
}

func ExampleDate_AddMonths() {
	// One month after 31 January is the last day of February.
	fmt.Println(calendar.MustDate(2028, time.January, 31).AddMonths(1))
	// Output: 2028-02-29
}
