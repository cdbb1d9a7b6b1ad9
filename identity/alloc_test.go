package identity

import (
	"testing"

	"github.com/lgds/councilkit"
)

// spellings lists, for each identifier parser, valid inputs in every
// spelling it accepts: canonical, lower case, mixed case, without spaces,
// with extra spaces and tabs, with other separators the parser allows.
// Every one must parse without allocating (issue 15, finding 7: a lower
// case or unspaced postcode or NINO allocated once).
var spellings = []struct {
	name   string
	parse  func(string) error
	inputs map[string]string
}{
	{"Postcode", func(s string) error { _, err := ParsePostcode(s); return err }, map[string]string{
		"canonical":     "SW1A 1AA",
		"lower":         "sw1a 1aa",
		"mixed":         "Sw1a 1aA",
		"nospace":       "SW1A1AA",
		"lower_nospace": "sw1a1aa",
		"extra_spaces":  "  SW1A   1AA ",
		"tab":           "SW1A\t1AA",
		"short":         "m11ae",
		"girobank":      "gir0aa",
		"bfpo":          "bfpo 1234",
		"overseas":      "stHL1zz",
	}},
	{"NINO", func(s string) error { _, err := ParseNINO(s); return err }, map[string]string{
		"canonical":    "AB123456C",
		"lower":        "ab123456c",
		"spaced":       "AB 12 34 56 C",
		"lower_spaced": "ab 12 34 56 c",
		"extra_spaces": "  AB 123456   C ",
		"tab":          "AB\t123456C",
	}},
	{"NHSNumber", func(s string) error { _, err := ParseNHSNumber(s); return err }, map[string]string{
		"canonical": "9434765919",
		"spaced":    "943 476 5919",
		"hyphens":   "943-476-5919",
		"extra":     " 943  476\t5919 ",
	}},
	{"UPN", func(s string) error { _, err := ParseUPN(s); return err }, map[string]string{
		"canonical":    "B801200005001",
		"lower":        "b801200005001",
		"extra_spaces": "  B801200005001 ",
		"temporary":    "m80120000500a",
	}},
	{"UPRN", func(s string) error { _, err := ParseUPRN(s); return err }, map[string]string{
		"canonical": "100023336956",
		"padded":    "000010033544",
		"spaces":    " 100023336956 ",
	}},
	{"USRN", func(s string) error { _, err := ParseUSRN(s); return err }, map[string]string{
		"canonical": "8400123",
		"spaces":    " 8400123 ",
	}},
	{"Council", func(s string) error { _, err := councilkit.ParseCouncil(s); return err }, map[string]string{
		"canonical": "E06000047", // the only spelling ParseCouncil accepts
	}},
}

func TestParseValidNeverAllocates(t *testing.T) {
	for _, p := range spellings {
		for spelling, in := range p.inputs {
			if err := p.parse(in); err != nil {
				t.Errorf("%s %s %q: %v", p.name, spelling, in, err)
				continue
			}
			if n := testing.AllocsPerRun(100, func() { _ = p.parse(in) }); n != 0 {
				t.Errorf("%s %s %q: %v allocations per parse, want 0", p.name, spelling, in, n)
			}
		}
	}
}

// TestUnmarshalTextNeverAllocates: decoding a valid identifier into an
// existing value allocates nothing either.
func TestUnmarshalTextNeverAllocates(t *testing.T) {
	var (
		pc   Postcode
		nino NINO
		nhs  NHSNumber
		upn  UPN
	)
	for _, tc := range []struct {
		name string
		f    func() error
	}{
		{"Postcode", func() error { return pc.UnmarshalText([]byte("sw1a1aa")) }},
		{"NINO", func() error { return nino.UnmarshalText([]byte("ab 12 34 56 c")) }},
		{"NHSNumber", func() error { return nhs.UnmarshalText([]byte("943 476 5919")) }},
		{"UPN", func() error { return upn.UnmarshalText([]byte("b801200005001")) }},
	} {
		if err := tc.f(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if n := testing.AllocsPerRun(100, func() { _ = tc.f() }); n != 0 {
			t.Errorf("%s.UnmarshalText: %v allocations, want 0", tc.name, n)
		}
	}
}

// BenchmarkParse times every parser on every spelling of spellings.
func BenchmarkParse(b *testing.B) {
	for _, p := range spellings {
		for spelling, in := range p.inputs {
			b.Run(p.name+"/"+spelling, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := p.parse(in); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
	b.Run("Postcode/invalid", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ParsePostcode("SW1A 1CA"); err == nil {
				b.Fatal("no error")
			}
		}
	})
}

var sink string

// BenchmarkString measures the other side of the array representation:
// String and MarshalJSON build their string on each call.
func BenchmarkString(b *testing.B) {
	pc, nino := MustParsePostcode("SW1A 1AA"), MustParseNINO("AB123456C")
	b.Run("Postcode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = pc.String()
		}
	})
	b.Run("Postcode/MarshalJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = pc.MarshalJSON()
		}
	})
	b.Run("NINO", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = nino.String()
		}
	})
}
