package fsm

import "testing"

// Year groups follow Education Act 1996 s512ZB(4C): reception is the year
// group in which the majority attain 5 in the school year (1 September to
// 31 August); year N the one in which they attain 5+N.
func TestYearGroup(t *testing.T) {
	tests := []struct {
		dob    string
		school int // school year starting September of
		offset int
		want   int
	}{
		{"2020-09-01", 2025, 0, 0},  // turns 5 on 1 Sep 2025: oldest in reception
		{"2021-08-31", 2025, 0, 0},  // turns 5 on 31 Aug 2026: youngest in reception
		{"2021-09-01", 2025, 0, -1}, // turns 5 in the next school year: nursery
		{"2020-08-31", 2025, 0, 1},  // youngest in year 1
		{"2020-02-29", 2024, 0, 0},  // leap day birth, turns 5 in Feb 2025
		{"2018-09-01", 2025, 0, 2},
		{"2018-08-31", 2025, 0, 3},
		{"2018-08-31", 2025, -1, 2}, // taught a year below their age group
		{"2010-10-01", 2026, 0, 11},
		{"2013-10-01", 2024, 0, 6},
	}
	for _, tt := range tests {
		if got := yearGroup(d(tt.dob), tt.school, tt.offset); got != tt.want {
			t.Errorf("yearGroup(%s, %d, %d) = %d, want %d", tt.dob, tt.school, tt.offset, got, tt.want)
		}
	}
}

func TestSchoolYear(t *testing.T) {
	tests := []struct {
		day  string
		want int
	}{
		{"2025-08-31", 2024},
		{"2025-09-01", 2025},
		{"2026-01-01", 2025},
		{"2026-12-31", 2026},
	}
	for _, tt := range tests {
		if got := schoolYear(d(tt.day)); got != tt.want {
			t.Errorf("schoolYear(%s) = %d, want %d", tt.day, got, tt.want)
		}
	}
}

func TestPhaseEnd(t *testing.T) {
	tests := []struct {
		year, start int
		want        string
		ok          bool
	}{
		{-1, 2024, "2025-08-31", true}, // nursery ends with the school year
		{0, 2024, "2031-08-31", true},  // reception: end of year 6, six years on
		{6, 2024, "2025-08-31", true},  // year 6: this summer
		{7, 2024, "2029-08-31", true},  // year 7: end of year 11
		{11, 2024, "2025-08-31", true}, // year 11: this summer
		{12, 2024, "2026-08-31", true}, // sixth form ends after year 13
		{14, 2024, "", false},
	}
	for _, tt := range tests {
		got, ok := phaseEnd(tt.year, tt.start)
		if ok != tt.ok || got.String() != tt.want {
			t.Errorf("phaseEnd(%d, %d) = %s, %v; want %s, %v", tt.year, tt.start, got, ok, tt.want, tt.ok)
		}
	}
}
