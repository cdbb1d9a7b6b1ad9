package counciltax

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// An error about a long, non-ASCII input cuts it on a character boundary.
func TestErrorInputCutOnCharacter(t *testing.T) {
	_, err := ParseYear(strings.Repeat("x", 19) + "£££")
	// %q would show a split character as a \x escape.
	if err == nil || !utf8.ValidString(err.Error()) || strings.Contains(err.Error(), `\x`) {
		t.Fatalf("err = %q", err)
	}
}

// A Year's text form is one ParseYear reads back: council tax began on 1
// April 1993 (Local Government Finance Act 1992 s1, 1993/94 the first
// year), so 1993/94 is the first year encoded, and the zero Year, which no
// bill is for, cannot be encoded (a stored bill without a year could not
// be read back).
func TestYearTextRoundTrip(t *testing.T) {
	for _, y := range []Year{1993, 2025, 9998} {
		b, err := y.MarshalText()
		if err != nil {
			t.Fatalf("%d: %v", int(y), err)
		}
		var back Year
		if err := back.UnmarshalText(b); err != nil || back != y {
			t.Errorf("%d: %q read back as %d, %v", int(y), b, int(back), err)
		}
	}
	for _, y := range []Year{0, 1992, 9999, -1} {
		if b, err := y.MarshalText(); err == nil {
			t.Errorf("%d encoded as %q, which UnmarshalText refuses", int(y), b)
		}
	}
}
