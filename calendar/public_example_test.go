package calendar_test

import (
	"fmt"
	"time"

	"github.com/lgds/councilkit/calendar"
)

func ExamplePublicHolidays() {
	// Christmas 2021 fell on a Saturday: Christmas Day is a public
	// holiday all the same, and the weekdays after it are bank holidays.
	for _, h := range calendar.PublicHolidays(calendar.EnglandAndWales, 2021) {
		if h.Date.Month() == time.December {
			fmt.Println(h.Date, h.Date.Weekday(), h.Name, h.Substitute)
		}
	}
	cal := calendar.New(calendar.EnglandAndWales)
	xmas := calendar.MustDate(2021, time.December, 25)
	fmt.Println(cal.IsPublicHoliday(xmas), cal.IsHoliday(xmas), cal.IsWorkingDay(xmas))
	// Output:
	// 2021-12-25 Saturday Christmas Day false
	// 2021-12-27 Monday Christmas Day true
	// 2021-12-28 Tuesday Boxing Day true
	// true false false
}
