package councilkit

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// GSS codes from the ONS Register of Geographic Codes (Local Authority
// Districts, Counties and Unitary Authorities, entity codes E06-E10, W06,
// S12, N09).
func TestParseCouncil(t *testing.T) {
	valid := map[string]CouncilKind{
		"E06000047": EnglishUnitary,             // County Durham
		"E07000178": EnglishDistrict,            // Oxford
		"E08000025": EnglishMetropolitanBorough, // Birmingham
		"E09000033": LondonBorough,              // Westminster
		"E09000001": LondonBorough,              // City of London
		"E10000014": EnglishCounty,              // Hampshire
		"W06000015": WelshPrincipalArea,         // Cardiff
		"S12000036": ScottishCouncilArea,        // City of Edinburgh
		"N09000003": NorthernIrishDistrict,      // Belfast
	}
	for code, kind := range valid {
		c, err := ParseCouncil(code)
		if err != nil {
			t.Errorf("ParseCouncil(%q): %v", code, err)
			continue
		}
		if c.String() != code || c.Kind() != kind || c.Nation() != code[0] || c.IsZero() {
			t.Errorf("ParseCouncil(%q) = %v kind %v", code, c, c.Kind())
		}
	}
	invalid := map[string]string{
		"":           "9",
		"E0600004":   "9",
		"E060000477": "9",
		"e06000047":  "country letter",
		"X06000047":  "country letter",
		"E0600004A":  "digits",
		"E05000001":  "not a council", // an electoral ward
		"E12000007":  "not a council", // a region (London)
		"W05000001":  "not a council",
		"E06000000":  "000000",
		" E06000047": "9",
		"E06-000047": "9",
	}
	for code, want := range invalid {
		_, err := ParseCouncil(code)
		if err == nil {
			t.Errorf("ParseCouncil(%q) accepted", code)
			continue
		}
		if !errors.Is(err, ErrInvalidCouncil) || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseCouncil(%q) error %q: want ErrInvalidCouncil mentioning %q", code, err, want)
		}
	}
}

func TestCouncilMarshalling(t *testing.T) {
	type rec struct {
		Council Council `json:"council"`
	}
	b, err := json.Marshal(rec{MustParseCouncil("W06000015")})
	if err != nil || string(b) != `{"council":"W06000015"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var r rec
	if err := json.Unmarshal([]byte(`{"council":"E05000001"}`), &r); !errors.Is(err, ErrInvalidCouncil) {
		t.Errorf("Unmarshal of a ward code: %v", err)
	}
	if err := json.Unmarshal([]byte(`{"council":""}`), &r); err != nil || !r.Council.IsZero() {
		t.Errorf("empty council: %v %v", r.Council, err)
	}
	var c Council
	if err := c.Scan("S12000036"); err != nil || c.String() != "S12000036" {
		t.Errorf("Scan = %v, %v", c, err)
	}
	if err := c.Scan(nil); err != nil || !c.IsZero() {
		t.Errorf("Scan(nil) = %v, %v", c, err)
	}
	if err := c.Scan(12); err == nil {
		t.Error("Scan(int) accepted")
	}
	if v, _ := (Council{}).Value(); v != nil {
		t.Errorf("zero Value = %v", v)
	}
	if v, _ := MustParseCouncil("N09000003").Value(); v != "N09000003" {
		t.Errorf("Value = %v", v)
	}
	if EnglishCounty.String() != "English county council" || CouncilKind(99).String() != "CouncilKind(99)" {
		t.Error("CouncilKind.String")
	}
}

func FuzzParseCouncil(f *testing.F) {
	for _, s := range []string{"E06000047", "W06000015", "E05000001", "", "E0600004\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCouncil(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidCouncil) {
				t.Fatalf("error does not wrap ErrInvalidCouncil: %v", err)
			}
			return
		}
		if c.String() != s || c.Kind() == UnknownCouncilKind {
			t.Fatalf("accepted %q as %v (%v)", s, c, c.Kind())
		}
	})
}
