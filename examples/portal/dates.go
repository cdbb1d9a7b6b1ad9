package main

import (
	"strconv"
	"strings"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

// Date input errors as the GOV.UK Design System's date input component
// words them (https://design-system.service.gov.uk/components/date-input/,
// "Error messages"): say which part is missing ("Date of birth must
// include a month"), or that the date cannot be real ("Date of birth must
// be a real date"), and highlight only the parts that are wrong.

// dateSubject names a date in a date problem: the English subject and the
// Welsh form that follows "Rhaid i" ("Rhaid i’ch dyddiad geni …").
type dateSubject struct {
	English, WelshAfterI string
}

var (
	subjectParentDOB = dateSubject{English: "Your date of birth", WelshAfterI: "i’ch dyddiad geni"}
	subjectChildDOB  = dateSubject{English: "Your child’s date of birth", WelshAfterI: "i ddyddiad geni eich plentyn"}
)

var datePartWelsh = map[string]string{"day": "diwrnod", "month": "mis", "year": "blwyddyn"}

// dateProblem checks the three parts of a date input. It returns the
// parts to highlight and the message, or ok when the parts make a real
// date or are all empty (a required date is the caller's "Enter …").
func dateProblem(s dateSubject, day, month, year string) (parts []string, msg councilkit.Text, ok bool) {
	day, month, year = strings.TrimSpace(day), strings.TrimSpace(month), strings.TrimSpace(year)
	if day == "" && month == "" && year == "" {
		return nil, councilkit.Text{}, true
	}
	var missing []string
	for _, p := range []struct{ name, v string }{{"day", day}, {"month", month}, {"year", year}} {
		if p.v == "" {
			missing = append(missing, p.name)
		}
	}
	if len(missing) > 0 {
		cy := make([]string, len(missing))
		for i, m := range missing {
			cy[i] = datePartWelsh[m]
		}
		return missing, councilkit.Text{
			English: s.English + " must include a " + strings.Join(missing, " and "),
			Welsh:   "Rhaid " + s.WelshAfterI + " gynnwys " + strings.Join(cy, " a "),
		}, false
	}
	dn, err1 := strconv.Atoi(day)
	mn, err2 := strconv.Atoi(month)
	yn, err3 := strconv.Atoi(year)
	switch {
	case err3 == nil && len(year) != 4:
		return []string{"year"}, councilkit.Text{English: "Year must include 4 numbers", Welsh: "Rhaid i’r flwyddyn gynnwys 4 rhif"}, false
	case err1 == nil && err2 == nil && err3 == nil:
		if _, err := calendar.NewDate(yn, time.Month(mn), dn); err == nil {
			return nil, councilkit.Text{}, true
		}
	}
	// Which part is impossible: a month over 12, a day over 31; otherwise
	// the date as a whole (31 February).
	switch {
	case err2 != nil || mn < 1 || mn > 12:
		parts = []string{"month"}
	case err1 != nil || dn < 1 || dn > 31:
		parts = []string{"day"}
	case err3 != nil:
		parts = []string{"year"}
	}
	return parts, councilkit.Text{English: s.English + " must be a real date", Welsh: "Rhaid " + s.WelshAfterI + " fod yn ddyddiad go iawn"}, false
}

// datePartID is the id of a date input's part, for the error summary's
// link: the day input has the field's id, the others a suffix.
func datePartID(field string, parts []string) string {
	id := fieldID(field)
	if len(parts) == 0 || parts[0] == "day" {
		return id
	}
	return id + "-" + parts[0]
}

// Wrong reports whether a part ("day", "month", "year") of a date input is
// to be highlighted: every part when the date as a whole is wrong.
func (f dateField) Wrong(part string) bool {
	if f.Error == "" {
		return false
	}
	return len(f.Bad) == 0 || strings.Contains(" "+strings.Join(f.Bad, " ")+" ", " "+part+" ")
}
