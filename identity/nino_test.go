package identity

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
)

// Cases from HMRC's National Insurance Manual, NIM39110 "What a NINO looks
// like" (https://www.gov.uk/hmrc-internal-manuals/national-insurance-manual/nim39110):
// the prefix letters, the not-to-be-used prefixes, the administrative
// prefixes and the suffix A to D.
func TestParseNINO(t *testing.T) {
	valid := []struct{ in, want string }{
		{"AB123456C", "AB123456C"},
		{"ab 12 34 56 c", "AB123456C"}, // spacing and case normalised
		{" JG103759A\t", "JG103759A"},  // surrounding white space
		{"OA000000D", "OA000000D"},     // O may be the first letter
		{"ZY999999B", "ZY999999B"},     // Z is allowed; only ZZ is not
		{"AB 123456 A", "AB123456A"},   // irregular grouping
		{"CE 00 00 00 A", "CE000000A"}, // C is fine as long as it is not CR
		{"tn 31 12 58 a", ""},          // TN temporary numbers are not NINOs
	}
	for _, tc := range valid {
		n, err := ParseNINO(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("ParseNINO(%q) = %v, want error", tc.in, n)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseNINO(%q): %v", tc.in, err)
			continue
		}
		if n.String() != tc.want {
			t.Errorf("ParseNINO(%q) = %q, want %q", tc.in, n.String(), tc.want)
		}
	}

	invalid := []struct{ in, why string }{
		{"", "empty"},
		{"QQ123456C", "HMRC's example prefix QQ: Q is never used"},
		{"DA123456A", "D never first"},
		{"FA123456A", "F never first"},
		{"IA123456A", "I never first"},
		{"UA123456A", "U never first"},
		{"VA123456A", "V never first"},
		{"AD123456A", "D never second"},
		{"AF123456A", "F never second"},
		{"AI123456A", "I never second"},
		{"AQ123456A", "Q never second"},
		{"AU123456A", "U never second"},
		{"AV123456A", "V never second"},
		{"AO123456A", "O never second"},
		{"BG123456A", "not to be used"},
		{"GB123456A", "not to be used"},
		{"KN123456A", "not to be used"},
		{"NK123456A", "not to be used"},
		{"NT123456A", "not to be used"},
		{"TN123456A", "not to be used"},
		{"ZZ123456A", "not to be used"},
		{"OO123456A", "administrative: tax credits"},
		{"CR123456A", "administrative: Account Investigations"},
		{"FY123456A", "administrative: Attendance Allowance"},
		{"MW123456A", "administrative: migrant workers"},
		{"NC123456A", "administrative: stakeholder pensions"},
		{"PP123456A", "administrative: pension schemes"},
		{"PY123456A", "administrative"},
		{"PZ123456A", "administrative"},
		{"AB123456E", "suffix only A to D"},
		{"AB123456", "suffix missing"},
		{"AB12345C", "five digits"},
		{"AB1234567C", "seven digits"},
		{"A1123456C", "digit in prefix"},
		{"AB12345XC", "letter among digits"},
		{"11A11111", "a temporary reference number (TRN) is not a NINO"},
		{"AB-12-34-56-C", "hyphens are not spacing"},
		{"ＡB123456C", "full-width letter"},
	}
	for _, tc := range invalid {
		n, err := ParseNINO(tc.in)
		if err == nil {
			t.Errorf("ParseNINO(%q) = %v, want error (%s)", tc.in, n, tc.why)
			continue
		}
		if !errors.Is(err, ErrInvalidNINO) {
			t.Errorf("ParseNINO(%q) error %v does not match ErrInvalidNINO", tc.in, err)
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Code != CodeInvalidNINO || pe.Message.Welsh == "" {
			t.Errorf("ParseNINO(%q) error %#v is not a full *ParseError", tc.in, err)
		}
		if tc.in != "" && strings.Contains(err.Error(), strings.TrimSpace(tc.in)) {
			t.Errorf("ParseNINO(%q) error %q repeats the input", tc.in, err)
		}
	}
}

func TestNINOForms(t *testing.T) {
	n := MustParseNINO("ab123456c")
	if got := n.Spaced(); got != "AB 12 34 56 C" {
		t.Errorf("Spaced = %q", got)
	}
	if got := n.Redacted(); got != "AB******C" {
		t.Errorf("Redacted = %q", got)
	}
	var zero NINO
	if !zero.IsZero() || zero.String() != "" || zero.Spaced() != "" || zero.Redacted() != "" {
		t.Errorf("zero NINO is not empty")
	}
}

func TestNINOJSONAndSQL(t *testing.T) {
	type rec struct {
		N NINO `json:"nino"`
	}
	b, err := json.Marshal(rec{MustParseNINO("AB 12 34 56 C")})
	if err != nil || string(b) != `{"nino":"AB123456C"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var r rec
	if err := json.Unmarshal([]byte(`{"nino":"ab 12 34 56 c"}`), &r); err != nil || r.N.String() != "AB123456C" {
		t.Fatalf("Unmarshal = %v, %v", r.N, err)
	}
	if err := json.Unmarshal([]byte(`{"nino":null}`), &r); err != nil || !r.N.IsZero() {
		t.Fatalf("Unmarshal null = %v, %v", r.N, err)
	}
	if b, _ := json.Marshal(rec{}); string(b) != `{"nino":null}` {
		t.Errorf("zero marshals as %s", b)
	}
	err = json.Unmarshal([]byte(`{"nino":"QQ123456C"}`), &r)
	if !errors.Is(err, ErrInvalidNINO) {
		t.Errorf("Unmarshal invalid: %v", err)
	}
	if err := json.Unmarshal([]byte(`{"nino":12}`), &r); !errors.Is(err, ErrInvalidNINO) {
		t.Errorf("Unmarshal number: %v", err)
	}

	v, err := MustParseNINO("AB123456C").Value()
	if err != nil || v != "AB123456C" {
		t.Errorf("Value = %v, %v", v, err)
	}
	if v, _ := (NINO{}).Value(); v != nil {
		t.Errorf("zero Value = %v, want NULL", v)
	}
	var n NINO
	for _, src := range []any{"AB123456C", []byte("AB123456C")} {
		if err := n.Scan(src); err != nil || n.String() != "AB123456C" {
			t.Errorf("Scan(%T) = %v, %v", src, n, err)
		}
	}
	if err := n.Scan(nil); err != nil || !n.IsZero() {
		t.Errorf("Scan(nil) = %v, %v", n, err)
	}
	if err := n.Scan(int64(5)); !errors.Is(err, ErrInvalidNINO) {
		t.Errorf("Scan(int64) = %v", err)
	}
}

func TestProblemFor(t *testing.T) {
	_, err := ParseNINO("nonsense")
	p := ProblemFor("applicant.nino", err)
	if p.Field != "applicant.nino" || p.Code != CodeInvalidNINO || p.Message.In(councilkit.Welsh) != ninoText.Welsh {
		t.Errorf("ProblemFor = %+v", p)
	}
	p = ProblemFor("x", errors.New("other"))
	if p.Code != councilkit.CodeInvalid {
		t.Errorf("ProblemFor(other) = %+v", p)
	}
}

func FuzzParseNINO(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNINO(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidNINO) {
				t.Fatalf("error %v is not ErrInvalidNINO", err)
			}
			return
		}
		c := n.String()
		if len(c) != 9 || checkNINO(c) != "" {
			t.Fatalf("ParseNINO(%q) = %q, not canonical", s, c)
		}
		again, err := ParseNINO(n.Spaced())
		if err != nil || again != n {
			t.Fatalf("Spaced form %q does not round-trip: %v", n.Spaced(), err)
		}
		if strings.Contains(n.Redacted(), c[2:8]) {
			t.Fatalf("Redacted %q shows the digits", n.Redacted())
		}
	})
}
