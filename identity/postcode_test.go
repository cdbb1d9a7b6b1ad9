package identity

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// Shapes and letter classes from the BS 7666 postcode pattern published in
// the UK Government Data Standards Catalogue (Postcode, version 2.1) and in
// Royal Mail's Programmers' Guide to the Postcode Address File: outward code
// A9, A99, AA9, AA99, A9A or AA9A; first letter not Q, V or X; second not I,
// J or Z; third-position letter one of ABCDEFGHJKPSTUW; fourth-position
// letter one of ABEHMNPRVWXY; inward letters never C, I, K, M, O or V.
func TestParsePostcode(t *testing.T) {
	valid := []struct{ in, want, area, district, inward, sector string }{
		{"M1 1AE", "M1 1AE", "M", "M1", "1AE", "M1 1"},                // A9
		{"B33 8TH", "B33 8TH", "B", "B33", "8TH", "B33 8"},            // A99
		{"CR2 6XH", "CR2 6XH", "CR", "CR2", "6XH", "CR2 6"},           // AA9
		{"DN55 1PT", "DN55 1PT", "DN", "DN55", "1PT", "DN55 1"},       // AA99
		{"W1A 0AX", "W1A 0AX", "W", "W1A", "0AX", "W1A 0"},            // A9A
		{"EC1A 1BB", "EC1A 1BB", "EC", "EC1A", "1BB", "EC1A 1"},       // AA9A
		{"SW1A 1AA", "SW1A 1AA", "SW", "SW1A", "1AA", "SW1A 1"},       // AA9A
		{"sw1a1aa", "SW1A 1AA", "SW", "SW1A", "1AA", "SW1A 1"},        // case and spacing normalised
		{"  cf10 \t 1ns ", "CF10 1NS", "CF", "CF10", "1NS", "CF10 1"}, // Cardiff, white space anywhere
		{"N1C 4QP", "N1C 4QP", "N", "N1C", "4QP", "N1C 4"},            // C allowed at the third position
		{"E1W 1AA", "E1W 1AA", "E", "E1W", "1AA", "E1W 1"},            // W allowed at the third position
		{"NW1W 9AA", "NW1W 9AA", "NW", "NW1W", "9AA", "NW1W 9"},       // W allowed at the fourth position
		{"BF1 4FB", "BF1 4FB", "BF", "BF1", "4FB", "BF1 4"},           // BFPO's geographic-format postcode
		{"GIR 0AA", "GIR 0AA", "GIR", "GIR", "0AA", "GIR 0"},          // Girobank special case
		{"gir0aa", "GIR 0AA", "GIR", "GIR", "0AA", "GIR 0"},           //
		{"BFPO 1234", "BFPO 1234", "BFPO", "BFPO", "1234", ""},        // British Forces Post Office number
		{"bfpo 57", "BFPO 57", "BFPO", "BFPO", "57", ""},              //
		{"STHL 1ZZ", "STHL 1ZZ", "STHL", "STHL", "1ZZ", "STHL 1"},     // Saint Helena
		{"FIQQ 1ZZ", "FIQQ 1ZZ", "FIQQ", "FIQQ", "1ZZ", "FIQQ 1"},     // Falkland Islands
		{"GX11 1AA", "GX11 1AA", "GX", "GX11", "1AA", "GX11 1"},       // Gibraltar
		{"tdcu1zz", "TDCU 1ZZ", "TDCU", "TDCU", "1ZZ", "TDCU 1"},      // Tristan da Cunha
	}
	for _, tc := range valid {
		p, err := ParsePostcode(tc.in)
		if err != nil {
			t.Errorf("ParsePostcode(%q): %v", tc.in, err)
			continue
		}
		if p.String() != tc.want || p.Area() != tc.area || p.District() != tc.district ||
			p.Outward() != tc.district || p.Inward() != tc.inward || p.Sector() != tc.sector {
			t.Errorf("ParsePostcode(%q) = %q area %q district %q inward %q sector %q, want %q %q %q %q %q",
				tc.in, p, p.Area(), p.District(), p.Inward(), p.Sector(), tc.want, tc.area, tc.district, tc.inward, tc.sector)
		}
	}

	invalid := []struct{ in, why string }{
		{"", "empty"},
		{"   ", "blank"},
		{"QA1 1AA", "Q never first"},
		{"VA1 1AA", "V never first"},
		{"XA1 1AA", "X never first"},
		{"AI1 1AA", "I never second"},
		{"AJ1 1AA", "J never second"},
		{"AZ1 1AA", "Z never second"},
		{"W1I 1AA", "I not at the third position"},
		{"W1L 1AA", "L not at the third position"},
		{"EC1C 1AA", "C not at the fourth position"},
		{"EC1Z 1AA", "Z not at the fourth position"},
		{"SW1A 1CA", "C never inward"},
		{"SW1A 1AI", "I never inward"},
		{"SW1A 1KA", "K never inward"},
		{"SW1A 1AM", "M never inward"},
		{"SW1A 1OA", "O never inward"},
		{"SW1A 1AV", "V never inward"},
		{"SW1A", "outward code only"},
		{"SW1A 1A", "short inward"},
		{"SW1A 1AAA", "long inward"},
		{"SW1AA 1AA", "outward too long"},
		{"1W1 1AA", "digit first"},
		{"S 1AA", "letter alone"},
		{"SWA1 1AA", "letters in the wrong place"},
		{"SW1A-1AA", "hyphen"},
		{"SW1A 1ÀA", "accented letter"},
		{"BFPO", "BFPO without a number"},
		{"BFPO 12A", "BFPO number with a letter"},
		{"BFPO 12345", "BFPO number too long"},
		{"STHL 1ZY", "overseas territory with a wrong inward code"},
		{"ABCD 1ZZ", "unknown four-letter outward code"},
		{"SAN TA1", "Royal Mail's Santa postcode is not in the BS 7666 pattern"},
		{"12345", "a US ZIP code"},
	}
	for _, tc := range invalid {
		p, err := ParsePostcode(tc.in)
		if err == nil {
			t.Errorf("ParsePostcode(%q) = %v, want error (%s)", tc.in, p, tc.why)
			continue
		}
		if !errors.Is(err, ErrInvalidPostcode) {
			t.Errorf("ParsePostcode(%q) error %v does not match ErrInvalidPostcode", tc.in, err)
		}
		if strings.TrimSpace(tc.in) != "" && strings.Contains(err.Error(), strings.TrimSpace(tc.in)) {
			t.Errorf("error %q repeats the input", err)
		}
	}
}

// The pattern's letter classes must match what the GDSC publishes, letter
// for letter; this table pins every letter at every position.
func TestPostcodeLetterClasses(t *testing.T) {
	for c := byte('A'); c <= 'Z'; c++ {
		l := string(c)
		check := func(in string, want bool, pos string) {
			_, err := ParsePostcode(in)
			if (err == nil) != want {
				t.Errorf("%s letter %s in %q: valid = %v, want %v", pos, l, in, err == nil, want)
			}
		}
		check(l+"1 1AA", !strings.Contains("QVX", l), "first")
		check("A"+l+"1 1AA", !strings.Contains("IJZ", l), "second")
		check("W1"+l+" 1AA", strings.Contains("ABCDEFGHJKPSTUW", l), "third")
		check("EC1"+l+" 1AA", strings.Contains("ABEHMNPRVWXY", l), "fourth")
		check("M1 1A"+l, !strings.Contains("CIKMOV", l), "inward")
		check("M1 1"+l+"A", !strings.Contains("CIKMOV", l), "inward")
	}
}

func TestPostcodeKindsAndRedaction(t *testing.T) {
	p := MustParsePostcode("SW1A 1AA")
	if p.IsBFPO() || p.IsOverseasTerritory() {
		t.Errorf("SW1A 1AA is BFPO or overseas")
	}
	if got := p.Redacted(); got != "SW1A 1**" {
		t.Errorf("Redacted = %q", got)
	}
	if !MustParsePostcode("BFPO 801").IsBFPO() || MustParsePostcode("BFPO 801").Redacted() != "BFPO ****" {
		t.Errorf("BFPO 801 not BFPO")
	}
	for _, s := range []string{"ASCN 1ZZ", "BBND 1ZZ", "BIQQ 1ZZ", "FIQQ 1ZZ", "GX11 1AA", "PCRN 1ZZ", "SIQQ 1ZZ", "STHL 1ZZ", "TDCU 1ZZ", "TKCA 1ZZ"} {
		if !MustParsePostcode(s).IsOverseasTerritory() {
			t.Errorf("%s is not an overseas territory", s)
		}
	}
	var zero Postcode
	if zero.Area() != "" || zero.District() != "" || zero.Inward() != "" || zero.Sector() != "" || zero.Redacted() != "" {
		t.Errorf("zero Postcode has parts")
	}
}

func TestPostcodeJSONAndSQL(t *testing.T) {
	var p Postcode
	if err := json.Unmarshal([]byte(`"ec1a1bb"`), &p); err != nil || p.String() != "EC1A 1BB" {
		t.Fatalf("Unmarshal = %v, %v", p, err)
	}
	b, _ := json.Marshal(p)
	if string(b) != `"EC1A 1BB"` {
		t.Errorf("Marshal = %s", b)
	}
	if err := json.Unmarshal([]byte(`"EC1A"`), &p); !errors.Is(err, ErrInvalidPostcode) {
		t.Errorf("Unmarshal invalid = %v", err)
	}
	if err := p.Scan([]byte("m11ae")); err != nil || p.String() != "M1 1AE" {
		t.Errorf("Scan = %v, %v", p, err)
	}
	if v, _ := p.Value(); v != "M1 1AE" {
		t.Errorf("Value = %v", v)
	}
	if err := p.Scan(nil); err != nil || !p.IsZero() {
		t.Errorf("Scan(nil) = %v, %v", p, err)
	}
}

func TestParseCanonicalDoesNotAllocate(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation allocates")
	}
	for name, f := range map[string]func(){
		"postcode": func() { _, _ = ParsePostcode("SW1A 1AA") },
		"nino":     func() { _, _ = ParseNINO("AB123456C") },
		"nhs":      func() { _, _ = ParseNHSNumber("9434765919") },
		"upn":      func() { _, _ = ParseUPN("B801200005001") },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: %v allocations for a canonical input", name, n)
		}
	}
}

func FuzzParsePostcode(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePostcode(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidPostcode) {
				t.Fatalf("error %v is not ErrInvalidPostcode", err)
			}
			return
		}
		c := p.String()
		again, err := ParsePostcode(c)
		if err != nil || again != p {
			t.Fatalf("canonical %q does not round-trip: %v", c, err)
		}
		if p.Outward()+" "+p.Inward() != c || !strings.HasPrefix(c, p.Area()) || p.Area() == "" {
			t.Fatalf("parts of %q: %q %q %q", c, p.Area(), p.Outward(), p.Inward())
		}
		if strings.ToUpper(c) != c || strings.Count(c, " ") != 1 {
			t.Fatalf("%q is not canonical", c)
		}
	})
}
