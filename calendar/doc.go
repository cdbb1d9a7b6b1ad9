// Package calendar holds the UK calendar that statutory deadlines are
// counted in: civil dates, bank holidays for England and Wales, Scotland and
// Northern Ireland, and working-day arithmetic.
//
// A Date is a day on the calendar, with no time of day and no time zone: a
// date of birth, the day a bill is issued, the day an application became
// valid. Convert an instant to a Date with DateOf, which uses UK time, so
// that a payment made at 00:30 BST on 1 July falls on 1 July. Dates compare
// with ==, Before and After, and add days, weeks and months with the
// end-of-month clamping that statutory periods use.
//
// Bank holidays are computed by rule (Easter by the Gregorian computus,
// substitute days when a holiday falls at a weekend, each nation's own days)
// plus the one-off days appointed by proclamation, and are checked in tests
// against every holiday GOV.UK published from 2012 to 2027. A Calendar adds a
// council's own closure days and answers IsWorkingDay, AddWorkingDays and
// WorkingDaysBetween in a few nanoseconds without allocating, from a bitset
// of working days built once per region: these sit on the hot paths of every
// other package.
//
// Bank holidays and public holidays are not the same. BankHolidays lists
// the weekdays GOV.UK publishes, substitutes included. PublicHolidays, and
// Calendar.IsPublicHoliday, add what statutes mean by "public holiday":
// Christmas Day and Good Friday on any day of the week, and the days the
// Banking and Financial Dealings Act 1971 makes bank holidays even on a
// Saturday (26 December in England and Wales). A period that counts
// weekends but disregards public holidays, such as a planning site notice,
// must use IsPublicHoliday: Christmas Day on a Sunday is not a working day
// either way, but it is a public holiday.
//
// Not modelled: local holidays in Scotland, which councils set; bank
// holidays to be appointed by proclamations not yet made (add them as a
// council's closure days until a release lists them); a proclamation under
// s. 1(2) of the 1971 Act that a Schedule 1 day shall not be a bank
// holiday (the proclamation for Saturday 26 December 1998, for example,
// appointed Monday 28th under s. 1(3) in addition, leaving the Saturday a
// bank holiday).
package calendar
