package calendar

import (
	"slices"
	"sync"
	"time"
)

// PublicHolidays returns the public holidays of a region in a year, in date
// order: the days that statutes defining "public holiday" as "Christmas
// Day, Good Friday or a day which under the Banking and Financial Dealings
// Act 1971 is a bank holiday" count. They are:
//
//   - every bank holiday BankHolidays lists, substitute days included: a day
//     appointed by royal proclamation under section 1(3) of the 1971 Act is
//     a bank holiday under that Act;
//   - Christmas Day and Good Friday, whatever day of the week they fall on:
//     Christmas Day on a Saturday or Sunday is a public holiday, and so is
//     the weekday substitute for it;
//   - the days Schedule 1 to the 1971 Act makes bank holidays even at a
//     weekend, which GOV.UK leaves out of its list because a weekday is
//     proclaimed as well: 26 December on a Saturday in England and Wales
//     and in Northern Ireland ("26th December, if it be not a Sunday"), 17
//     March on a Saturday in Northern Ireland, and 1 and 2 January on a
//     Saturday in Scotland.
//
// A holiday at a weekend has Substitute false; the weekday given in its
// place is listed too, with Substitute true. Public holidays are not
// working days either way; the difference matters only to periods that
// count weekends but disregard public holidays, such as the publicity
// periods of the Development Management Procedure Order 2015 as amended by
// S.I. 2018/119. The result is nil for an invalid region or a year outside
// 1 to 9999.
func PublicHolidays(r Region, year int) []Holiday {
	hs := BankHolidays(r, year)
	if hs == nil {
		return nil
	}
	hs = append(hs, weekendPublicHolidays(r, year)...)
	slices.SortStableFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return hs
}

// weekendPublicHolidays returns the public holidays of a year that fall on
// a Saturday or Sunday. None of them is in BankHolidays, which lists
// weekdays only.
func weekendPublicHolidays(r Region, year int) []Holiday {
	var out []Holiday
	add := func(m time.Month, day int, name string, sundayToo bool) {
		d := MustDate(year, m, day)
		if wd := d.Weekday(); wd == time.Saturday || (sundayToo && wd == time.Sunday) {
			out = append(out, Holiday{Date: d, Name: name})
		}
	}
	// Schedule 1 para. 2: New Year's Day and 2 January, "if it be not a
	// Sunday".
	if r == Scotland {
		add(time.January, 1, NewYearsDay, false)
		add(time.January, 2, SecondJanuary, false)
	}
	// Schedule 1 para. 3: 17 March, "if it be not a Sunday".
	if r == NorthernIreland {
		add(time.March, 17, StPatricksDay, false)
	}
	// Christmas Day is a public holiday on any day; in Scotland it is also
	// a Schedule 1 bank holiday.
	add(time.December, 25, ChristmasDay, true)
	// Schedule 1 paras. 1 and 3: 26 December, "if it be not a Sunday". In
	// Scotland Boxing Day is a bank holiday by proclamation only, on a
	// weekday.
	if r != Scotland {
		add(time.December, 26, BoxingDay, false)
	}
	return out
}

// publicTables holds, for each region, a bitset over the table's days with
// a bit set for each public holiday. Each is built on first use and never
// written again.
var publicTables = [4]func() workingTable{
	EnglandAndWales: sync.OnceValue(func() workingTable { return buildPublicTable(EnglandAndWales) }),
	Scotland:        sync.OnceValue(func() workingTable { return buildPublicTable(Scotland) }),
	NorthernIreland: sync.OnceValue(func() workingTable { return buildPublicTable(NorthernIreland) }),
}

func buildPublicTable(r Region) workingTable {
	t := make(workingTable, (int(tableEnd-tableStart)+1+63)/64)
	for y := tableFirstYear; y <= tableLastYear; y++ {
		for _, h := range PublicHolidays(r, y) {
			i := int(h.Date.n - tableStart)
			t[i/64] |= 1 << (i % 64)
		}
	}
	return t
}

// IsPublicHoliday reports whether d is a public holiday of the calendar's
// region, as PublicHolidays lists them: a bank holiday, Christmas Day or
// Good Friday, at a weekend too. The council's closure days are not public
// holidays. The zero Date is not a public holiday. It does not allocate.
func (c *Calendar) IsPublicHoliday(d Date) bool {
	if d.IsZero() || c.region < EnglandAndWales || c.region > NorthernIreland {
		return false
	}
	if d.n >= tableStart && d.n <= tableEnd {
		i := uint(d.n - tableStart)
		return publicTables[c.region]()[i/64]&(1<<(i%64)) != 0
	}
	if d.IsWeekend() {
		return isWeekendPublicHoliday(c.region, d)
	}
	_, bank := c.Holiday(d)
	return bank
}

// isWeekendPublicHoliday is weekendPublicHolidays for one day, d at a
// weekend, outside the table.
func isWeekendPublicHoliday(r Region, d Date) bool {
	_, m, day := d.Civil()
	sat := d.Weekday() == time.Saturday
	switch {
	case m == time.December && day == 25:
		return true
	case m == time.December && day == 26:
		return sat && r != Scotland
	case m == time.January && (day == 1 || day == 2):
		return sat && r == Scotland
	case m == time.March && day == 17:
		return sat && r == NorthernIreland
	}
	return false
}
