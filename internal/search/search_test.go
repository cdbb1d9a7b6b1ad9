package search

import "testing"

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"":                "",
		"ABC-123 xyz":     "abc-123 xyz",
		"already lower":   "already lower",
		"ŴYR Ŷ":           "Ŵyr Ŷ", // only ASCII letters fold
		"Garden WASTE 26": "garden waste 26",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestContains(t *testing.T) {
	for _, tc := range []struct {
		s, q string
		want bool
	}{
		{"CT-2026-0042", "ct-2026", true},
		{"CT-2026-0042", "0042", true},
		{"CT-2026-0042", "", true},
		{"Garden waste", "WASTE", true},
		{"Garden waste", "wastes", false},
		{"Ŵyr", "ŵyr", false}, // non-ASCII letters match as written
		{"100%", "0%", true},
	} {
		if got := Contains(tc.s, tc.q); got != tc.want {
			t.Errorf("Contains(%q, %q) = %v, want %v", tc.s, tc.q, got, tc.want)
		}
	}
}

func TestLikeContains(t *testing.T) {
	for in, want := range map[string]string{
		"":          "%%",
		"CT-2026":   "%ct-2026%",
		"50%":       `%50\%%`,
		"a_b":       `%a\_b%`,
		`back\side`: `%back\\side%`,
	} {
		if got := LikeContains(in); got != want {
			t.Errorf("LikeContains(%q) = %q, want %q", in, got, want)
		}
	}
}
