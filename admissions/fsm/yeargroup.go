package fsm

import (
	"time"

	"github.com/lgds/councilkit/calendar"
)

// School years in England run from 1 September to 31 August. A child's
// national curriculum year group follows from the age they reach during the
// school year: reception is the year in which they turn five, year N the
// year in which they turn five plus N (Education Act 1996 s512ZB(4C), which
// defines reception, year 1 and year 2 by the age the majority of the year
// group attain in the school year).

// schoolYear returns the calendar year in which the school year containing d
// began: 2025 for any day from 1 September 2025 to 31 August 2026.
func schoolYear(d calendar.Date) int {
	if d.Month() >= time.September {
		return d.Year()
	}
	return d.Year() - 1
}

// yearGroup returns the national curriculum year group of a child born on
// dob during the school year that began in September of startYear, shifted
// by offset for a child taught outside their age group: 0 is reception, 1 to
// 13 are years 1 to 13, -1 is the nursery year, and so on.
func yearGroup(dob calendar.Date, startYear, offset int) int {
	// A child born from 1 September of year c to 31 August of c+1 turns k
	// in the school year that starts in September of c+k.
	return startYear - schoolYear(dob) - 5 + offset
}

// endOfSchoolYear returns 31 August of the school year that began in
// September of startYear.
func endOfSchoolYear(startYear int) calendar.Date {
	return calendar.MustDate(startYear+1, time.August, 31)
}

// phase is a phase of education, for transitional protection.
type phase uint8

const (
	phaseEarlyYears phase = iota // before reception
	phasePrimary                 // reception to year 6
	phaseSecondary               // years 7 to 11
	phaseSixthForm               // years 12 and 13
	phaseBeyond                  // past year 13
)

// lastYear is the final year group of each phase.
var lastYear = [...]int{phaseEarlyYears: -1, phasePrimary: 6, phaseSecondary: 11, phaseSixthForm: 13}

func phaseOf(year int) phase {
	switch {
	case year < 0:
		return phaseEarlyYears
	case year <= 6:
		return phasePrimary
	case year <= 11:
		return phaseSecondary
	case year <= 13:
		return phaseSixthForm
	}
	return phaseBeyond
}

// phaseEnd returns the last day of the phase a child in year group year in
// the school year starting startYear is in: 31 August of the school year in
// which they finish its last year group. ok is false past year 13.
func phaseEnd(year, startYear int) (end calendar.Date, ok bool) {
	p := phaseOf(year)
	if p == phaseBeyond {
		return calendar.Date{}, false
	}
	return endOfSchoolYear(startYear + lastYear[p] - year), true
}
