package identity

import (
	"regexp"
	"testing"
)

var postcodeRE = regexp.MustCompile(PostcodePattern)

// The widely copied GDSC pattern anchors only its first and last
// alternatives, so it accepts strings with junk around a postcode; the
// exported pattern must not.
func TestPostcodePatternAnchored(t *testing.T) {
	for _, s := range []string{"xx GIR 0AA", "GIR 0AA xx", "SW1A 1AA\nDROP TABLE", "1SW1A 1AA", "sw1a 1aa", "SW1A1AA"} {
		if postcodeRE.MatchString(s) {
			t.Errorf("pattern matches %q", s)
		}
	}
}

// The pattern and the parser must agree on every canonical postcode.
func checkPatternAgrees(t *testing.T, s string) {
	p, err := ParsePostcode(s)
	canonical := err == nil && p.String() == s
	if got := postcodeRE.MatchString(s); got != canonical {
		t.Fatalf("%q: pattern %v, parser canonical %v (%v)", s, got, canonical, err)
	}
}

func TestPostcodePatternAgreesWithParser(t *testing.T) {
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	for _, a := range letters {
		for _, b := range letters {
			x, y := string(a), string(b)
			for _, s := range []string{
				x + y + "1 1AA",            // AA9: second-position class
				x + "1" + y + " 1AB",       // A9A: third-position class
				"E" + x + "1" + y + " 2ZZ", // AA9A: second and fourth
				"M1 1" + x + y,             // inward classes
				x + "1 1AA",                // A9: first-position class
			} {
				checkPatternAgrees(t, s)
			}
		}
	}
	for _, s := range []string{"GIR 0AA", "BFPO 1", "BFPO 1234", "BFPO 12345", "STHL 1ZZ", "GX11 1AA", "ABCD 1ZZ", "EC1A 1BB"} {
		checkPatternAgrees(t, s)
	}
}

func FuzzPostcodePattern(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		checkPatternAgrees(t, s)
		if p, err := ParsePostcode(s); err == nil {
			checkPatternAgrees(t, p.String())
		}
	})
}
