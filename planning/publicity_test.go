package planning

import (
	"testing"
	"time"
)

// TestConsultationEndChristmasEveryWeekday puts up a site notice on 20
// December in years in which Christmas Day falls on each day of the week,
// with the package's own calendar.
//
// DMPO 2015 art. 33(1)(a): not before the end of "21 days beginning with
// the date when the notice was first displayed"; S.I. 2018/119 (Local
// Authority Consultations etc. Order 2018, in force 2018; its GPDO
// amendments from 1 June 2018): "any day which is a public holiday must be
// disregarded", where "public holiday" means "Christmas Day, Good Friday or a day which under the Banking and
// Financial Dealings Act 1971 is a bank holiday in England". Schedule 1
// para. 1 to the 1971 Act: "26th December, if it be not a Sunday" and "27th
// December in a year in which 25th or 26th December is a Sunday"; New
// Year's Day and substitute days are proclaimed (GOV.UK list).
//
// 21 days beginning with 20 December, holidays ignored, end on 9 January;
// each public holiday in the period adds a day. None of the extensions
// below reaches another holiday.
func TestConsultationEndChristmasEveryWeekday(t *testing.T) {
	cases := []struct {
		year    int
		weekday time.Weekday // of 25 December
		want    string
	}{
		// 25 Mon, 26 Tue, 1 Jan 2024 Mon: 3 days, 12 January.
		{2023, time.Monday, "2024-01-12"},
		// 25 Tue, 26 Wed, 1 Jan 2019 Tue: 3 days.
		{2018, time.Tuesday, "2019-01-12"},
		// 25 Wed, 26 Thu, 1 Jan 2020 Wed: 3 days.
		{2019, time.Wednesday, "2020-01-12"},
		// 25 Thu, 26 Fri, 1 Jan 2026 Thu: 3 days.
		{2025, time.Thursday, "2026-01-12"},
		// 25 Fri, 26 Sat (Schedule 1 bank holiday), 28 Mon (proclaimed
		// for Boxing Day), 1 Jan 2027 Fri: 4 days, 13 January. Counting
		// bank holidays on weekdays only gave 12 January.
		{2026, time.Friday, "2027-01-13"},
		{2020, time.Friday, "2021-01-13"},
		// 25 Sat (Christmas Day), 27 Mon (Schedule 1: 26th is a Sunday),
		// 28 Tue (proclaimed for Christmas Day), 1 Jan 2022 Sat (no bank
		// holiday in England), 3 Jan Mon (proclaimed): 4 days, 13 January.
		// Leaving out Christmas Day on the Saturday gave 12 January: the
		// fault the issue reported.
		{2021, time.Saturday, "2022-01-13"},
		{2027, time.Saturday, "2028-01-13"},
		// 25 Sun (Christmas Day), 26 Mon, 27 Tue (Schedule 1: 25th is a
		// Sunday), 2 Jan 2023 Mon (proclaimed, 1st a Sunday): 4 days.
		{2022, time.Sunday, "2023-01-13"},
		{2016, time.Sunday, "2017-01-13"},
	}
	for _, c := range cases {
		first := d("2000-12-20").AddYears(c.year - 2000)
		if wd := first.AddDays(5).Weekday(); wd != c.weekday {
			t.Fatalf("%d: 25 December is a %v, test says %v", c.year, wd, c.weekday)
		}
		if got := ConsultationEnd(EnglandHolidays(), first, NoticeSite); got != d(c.want) {
			t.Errorf("site notice %s (Christmas on %v): ends %s, want %s", first, c.weekday, got, c.want)
		}
	}
}

// TestConsultationEndWeekendChristmasOtherNotices checks the other periods
// S.I. 2018/119 extends over a weekend Christmas.
func TestConsultationEndWeekendChristmasOtherNotices(t *testing.T) {
	cases := []struct {
		name  string
		first string
		kind  NoticeKind
		want  string
	}{
		// Prior approval neighbour notice (GPDO 2015 Sch. 2 Part 1 para.
		// A.4(5)(d), 21 days; para. A.4(16) inserted by S.I. 2018/119 art.
		// 26(1)), served Friday 24 December 2021: naive end 13 January,
		// plus 25, 27, 28 December and 3 January: 17 January 2022.
		{"neighbour notice, Christmas on Saturday", "2021-12-24", NoticeNeighbour, "2022-01-17"},
		// Newspaper notice (DMPO art. 33(1)(c), 14 days) published Thursday
		// 22 December 2022: naive end 4 January, plus 25, 26, 27 December
		// and 2 January: 8 January 2023.
		{"newspaper, Christmas on Sunday", "2022-12-22", NoticeNewspaper, "2023-01-08"},
		// Site notice first displayed on Christmas Day itself, a Saturday
		// (2021): the day is disregarded, so the count starts on Sunday 26
		// (day 1); 27 and 28 December are disregarded, 29 December to 2
		// January are days 2 to 6, 3 January is disregarded, and 4 January
		// is day 7: day 21 is 18 January 2022.
		{"notice put up on a Saturday Christmas Day", "2021-12-25", NoticeSite, "2022-01-18"},
		// Saturday 26 December 2026 is itself a public holiday: 27 December
		// is day 1, 28 December disregarded, 29 to 31 December days 2 to 4,
		// 1 January disregarded, 2 January day 5: day 21 is 18 January 2027
		// (17 January when the Saturday was counted).
		{"notice put up on Saturday Boxing Day", "2026-12-26", NoticeSite, "2027-01-18"},
	}
	for _, c := range cases {
		if got := ConsultationEnd(EnglandHolidays(), d(c.first), c.kind); got != d(c.want) {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
