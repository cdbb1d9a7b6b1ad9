package identity

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// OS Open UPRN technical specification: UPRN is an integer of size 12
// (https://docs.os.uk/os-downloads/identifiers/os-open-uprn/os-open-uprn-technical-specification/feature-type/os-open-uprn).
func TestParseUPRN(t *testing.T) {
	for _, tc := range []struct {
		in     string
		want   uint64
		padded string
	}{
		{"100023336956", 100023336956, "100023336956"}, // 10 Downing Street
		{"000000199356", 199356, "000000199356"},       // a dataset's zero-padded form
		{" 199356 ", 199356, "000000199356"},
		{"1", 1, "000000000001"},
		{"999999999999", 999999999999, "999999999999"},
	} {
		u, err := ParseUPRN(tc.in)
		if err != nil || u.Uint64() != tc.want || u.Padded() != tc.padded {
			t.Errorf("ParseUPRN(%q) = %d %q, %v", tc.in, u.Uint64(), u.Padded(), err)
		}
	}
	if MustParseUPRN("000000199356") != MustParseUPRN("199356") {
		t.Errorf("padded and plain forms of one UPRN differ")
	}
	for _, in := range []string{"", "0", "000000000000", "1000000000000", "12a", "-1", "1.5", "1e5", "１２"} {
		if _, err := ParseUPRN(in); !errors.Is(err, ErrInvalidUPRN) {
			t.Errorf("ParseUPRN(%q) = %v, want ErrInvalidUPRN", in, err)
		}
	}
	if _, err := NewUPRN(1_000_000_000_000); err == nil {
		t.Errorf("NewUPRN accepted 13 digits")
	}
}

func TestUPRNJSON(t *testing.T) {
	var a struct {
		UPRN UPRN `json:"uprn"`
	}
	for _, in := range []string{`{"uprn":100023336956}`, `{"uprn":"100023336956"}`, `{"uprn":"0100023336956"}`} {
		err := json.Unmarshal([]byte(in), &a)
		if in == `{"uprn":"0100023336956"}` {
			if err == nil {
				t.Errorf("13 characters accepted")
			}
			continue
		}
		if err != nil || a.UPRN.Uint64() != 100023336956 {
			t.Errorf("Unmarshal %s = %v, %v", in, a.UPRN, err)
		}
	}
	for _, in := range []string{`{"uprn":1.5}`, `{"uprn":-3}`, `{"uprn":true}`, `{"uprn":1e3}`} {
		if err := json.Unmarshal([]byte(in), &a); err == nil {
			t.Errorf("Unmarshal %s accepted", in)
		}
	}
	if err := json.Unmarshal([]byte(`{"uprn":null}`), &a); err != nil || !a.UPRN.IsZero() {
		t.Errorf("null = %v, %v", a.UPRN, err)
	}
	b, _ := json.Marshal(struct{ U UPRN }{MustParseUPRN("199356")})
	if string(b) != `{"U":"199356"}` {
		t.Errorf("Marshal = %s", b)
	}
	var u UPRN
	if err := u.Scan(int64(100023336956)); err != nil || u.Uint64() != 100023336956 {
		t.Errorf("Scan(int64) = %v, %v", u, err)
	}
	if err := u.Scan(int64(-1)); err == nil {
		t.Errorf("Scan(-1) accepted")
	}
	if v, _ := u.Value(); v != int64(100023336956) {
		t.Errorf("Value = %v", v)
	}
	if err := u.Scan("000000199356"); err != nil || u.String() != "199356" {
		t.Errorf("Scan(text) = %v, %v", u, err)
	}
}

func TestParseUSRN(t *testing.T) {
	u, err := ParseUSRN("8400813")
	if err != nil || u.Uint32() != 8400813 || u.String() != "8400813" {
		t.Errorf("ParseUSRN = %v, %v", u, err)
	}
	for _, in := range []string{"", "0", "123456789", "12-3"} {
		if _, err := ParseUSRN(in); !errors.Is(err, ErrInvalidUSRN) {
			t.Errorf("ParseUSRN(%q) = %v", in, err)
		}
	}
	var s struct{ S USRN }
	if err := json.Unmarshal([]byte(`{"S":99999999}`), &s); err != nil || s.S.Uint32() != 99999999 {
		t.Errorf("Unmarshal = %v, %v", s.S, err)
	}
	if err := s.S.Scan(int64(100_000_000)); err == nil {
		t.Errorf("Scan accepted 9 digits")
	}
}

// The modulus 11 check of the NHS Data Dictionary, "NHS Number"
// (https://www.datadictionary.nhs.uk/attributes/nhs_number.html). Vectors
// computed by hand: 943 476 591 gives 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 =
// 299, 299 mod 11 = 2, 11-2 = 9.
func TestParseNHSNumber(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"9434765919", "9434765919"},
		{"943 476 5919", "9434765919"},
		{"943-476-5919", "9434765919"},
		{"4010232137", "4010232137"},
		{"4505577104", "4505577104"},
		{"1234567881", "1234567881"},
		{"4857773457", "4857773457"}, // sum 312, 312 mod 11 = 4, check 7
	} {
		n, err := ParseNHSNumber(tc.in)
		if err != nil || n.String() != tc.want {
			t.Errorf("ParseNHSNumber(%q) = %q, %v", tc.in, n, err)
		}
	}
	for _, tc := range []struct{ in, why string }{
		{"9434765918", "wrong check digit"},
		{"4857773456", "the NHS design system's hint 485 777 3456 fails the check"},
		{"9991234560", "999123456: remainder 1 gives check 10, never valid"},
		{"0000000060", "000000006: check 10"},
		{"943476591", "nine digits"},
		{"94347659190", "eleven digits"},
		{"94347659I9", "letter"},
		{"", "empty"},
	} {
		if _, err := ParseNHSNumber(tc.in); !errors.Is(err, ErrInvalidNHSNumber) {
			t.Errorf("ParseNHSNumber(%q) = %v, want ErrInvalidNHSNumber (%s)", tc.in, err, tc.why)
		} else if tc.in != "" && strings.Contains(err.Error(), tc.in) {
			t.Errorf("error repeats input")
		}
	}
	n := MustParseNHSNumber("9434765919")
	if n.Spaced() != "943 476 5919" || n.Redacted() != "*******919" {
		t.Errorf("forms %q %q", n.Spaced(), n.Redacted())
	}
}

// Check letters per the UK Government Data Standards Catalogue, "Unique
// Pupil Number" v2.0 (govtalk.gov.uk/gdsc): positions 2-13 weighted 2-13,
// sum mod 23, alphabet without I, O and S; a temporary UPN's last letter
// counts as its value in that alphabet. Vectors computed here:
// 801200005001: 8*2+1*4+2*5+5*10+1*13 = 93, 93 mod 23 = 1 -> B.
// 207000016049: 2*2+7*4+1*9+6*10+4*12+9*13 = 266, 266 mod 23 = 13 -> P.
// (A widely read school MIS help page works this example to "267 ... 13 ...
// Q"; both the sum and the letter are slips: 13 is P.)
// 80120000500A: 93 - 1*13 + 0*13 = 80, 80 mod 23 = 11 -> M.
func TestParseUPN(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		temp     bool
	}{
		{"B801200005001", "B801200005001", false},
		{"P207000016049", "P207000016049", false},
		{"b801200005001", "B801200005001", false},
		{" M80120000500A ", "M80120000500A", true},
		{"Q93512345678Z", "Q93512345678Z", true},
		{"F20726001234T", "F20726001234T", true},
	} {
		u, err := ParseUPN(tc.in)
		if err != nil || u.String() != tc.want || u.IsTemporary() != tc.temp {
			t.Errorf("ParseUPN(%q) = %q temp %v, %v", tc.in, u, u.IsTemporary(), err)
		}
	}
	for _, tc := range []struct{ in, why string }{
		{"Q207000016049", "the MIS help page's slip: Q is wrong"},
		{"A801200005001", "wrong check letter"},
		{"I801200005001", "I is never a check letter"},
		{"M80120000500I", "I never ends a temporary UPN"},
		{"M80120000500O", "O never ends a temporary UPN"},
		{"M80120000500S", "S never ends a temporary UPN"},
		{"X80120000A001", "letter in the middle"},
		{"B80120000500", "12 characters"},
		{"B8012000050011", "14 characters"},
		{"", "empty"},
	} {
		if _, err := ParseUPN(tc.in); !errors.Is(err, ErrInvalidUPN) {
			t.Errorf("ParseUPN(%q) = %v (%s)", tc.in, err, tc.why)
		}
	}
	u := MustParseUPN("B801200005001")
	if u.LocalAuthority() != "801" || u.Redacted() != "B************" {
		t.Errorf("parts %q %q", u.LocalAuthority(), u.Redacted())
	}
	// Every body gets exactly one check letter.
	if c, ok := UPNCheckLetter("801200005001"); !ok || c != 'B' {
		t.Errorf("UPNCheckLetter = %c %v", c, ok)
	}
}

func TestIdentifierSQLAndJSONRoundTrip(t *testing.T) {
	type valuer interface {
		MarshalJSON() ([]byte, error)
	}
	for _, v := range []valuer{MustParseNHSNumber("9434765919"), MustParseUPN("B801200005001"), MustParseUPRN("1"), MustParsePostcode("M1 1AE")} {
		b, err := v.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		switch x := v.(type) {
		case NHSNumber:
			var y NHSNumber
			if err := json.Unmarshal(b, &y); err != nil || y != x {
				t.Errorf("NHSNumber round trip %s: %v", b, err)
			}
			dv, _ := x.Value()
			var z NHSNumber
			if err := z.Scan(dv); err != nil || z != x {
				t.Errorf("NHSNumber SQL round trip: %v", err)
			}
		case UPN:
			var y UPN
			if err := json.Unmarshal(b, &y); err != nil || y != x {
				t.Errorf("UPN round trip %s: %v", b, err)
			}
			dv, _ := x.Value()
			var z UPN
			if err := z.Scan(dv); err != nil || z != x {
				t.Errorf("UPN SQL round trip: %v", err)
			}
		}
	}
}

func FuzzParseNHSNumber(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNHSNumber(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidNHSNumber) {
				t.Fatal(err)
			}
			return
		}
		if again, err := ParseNHSNumber(n.Spaced()); err != nil || again != n {
			t.Fatalf("%q does not round-trip", n.Spaced())
		}
		// Changing any one digit must break the check.
		b := []byte(n.String())
		b[3] = '0' + (b[3]-'0'+1)%10
		if _, err := ParseNHSNumber(string(b)); err == nil {
			t.Fatalf("%s and %s both valid", n, b)
		}
	})
}

func FuzzParseUPN(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseUPN(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidUPN) {
				t.Fatal(err)
			}
			return
		}
		c, ok := UPNCheckLetter(u.String()[1:])
		if !ok || c != u.String()[0] {
			t.Fatalf("%s has check letter %c", u, c)
		}
	})
}

func FuzzParseUPRN(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseUPRN(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidUPRN) {
				t.Fatal(err)
			}
			return
		}
		if u.IsZero() || u.Uint64() > maxUPRN {
			t.Fatalf("ParseUPRN(%q) = %d", s, u.Uint64())
		}
		var v UPRN
		if err := json.Unmarshal([]byte(u.String()), &v); err != nil || v != u {
			t.Fatalf("JSON number %s: %v", u, err)
		}
		if again := MustParseUPRN(u.Padded()); again != u {
			t.Fatalf("padded %s", u.Padded())
		}
	})
}
