package forms_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/go-playground/validator/v10"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/forms"
	"github.com/lgds/councilkit/identity"
)

func problems(t *testing.T, err error) []councilkit.Problem {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T) is not a *councilkit.ValidationError", err, err)
	}
	return ve.Problems
}

// Each tag accepts exactly what its parser accepts, and reports the
// parser's own code.
func TestTags(t *testing.T) {
	type form struct {
		Postcode string `json:"postcode" validate:"omitempty,postcode"`
		NINO     string `json:"nino" validate:"omitempty,nino"`
		UPRN     string `json:"uprn" validate:"omitempty,uprn"`
		USRN     string `json:"usrn" validate:"omitempty,usrn"`
		NHS      string `json:"nhs" validate:"omitempty,nhs_number"`
		UPN      string `json:"upn" validate:"omitempty,upn"`
		GSS      string `json:"council" validate:"omitempty,gss"`
		URN      string `json:"school" validate:"omitempty,urn"`
		Amount   string `json:"amount" validate:"omitempty,gbp"`
	}
	cases := []struct {
		name string
		f    form
		code councilkit.Code // "" when valid
	}{
		{"postcode, any spelling", form{Postcode: " sw1a1aa "}, ""},
		{"postcode, C in the inward part", form{Postcode: "SW1A 1CA"}, identity.CodeInvalidPostcode},
		{"nino", form{NINO: "ab 12 34 56 c"}, ""},
		// HMRC's example prefix QQ is never issued.
		{"nino, QQ prefix", form{NINO: "QQ 12 34 56 C"}, identity.CodeInvalidNINO},
		{"uprn", form{UPRN: "100021892955"}, ""},
		{"uprn, 13 digits", form{UPRN: "1000218929551"}, identity.CodeInvalidUPRN},
		{"usrn", form{USRN: "8400709"}, ""},
		{"usrn, letters", form{USRN: "84OO7O9"}, identity.CodeInvalidUSRN},
		// NHS England's example number 943 476 5919 and a wrong check digit.
		{"nhs number", form{NHS: "943 476 5919"}, ""},
		{"nhs number, check digit", form{NHS: "943 476 5918"}, identity.CodeInvalidNHSNumber},
		{"upn", form{UPN: "B801200005001"}, ""},
		{"upn, check letter", form{UPN: "C801200005001"}, identity.CodeInvalidUPN},
		{"gss council", form{GSS: "W06000015"}, ""},
		{"gss, a ward not a council", form{GSS: "E05000001"}, councilkit.CodeInvalidCouncil},
		{"urn", form{URN: "136001"}, ""},
		{"urn, five digits", form{URN: "13600"}, admissions.CodeInvalidURN},
		{"gbp", form{Amount: "£1,234.56"}, ""},
		{"gbp, zero", form{Amount: "0"}, ""},
		{"gbp, three decimals", form{Amount: "1.005"}, forms.CodeInvalidAmount},
		{"gbp, negative", form{Amount: "-£5"}, forms.CodeInvalidAmount},
		{"gbp, float spelling", form{Amount: "1e3"}, forms.CodeInvalidAmount},
		{"all empty and optional", form{}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := problems(t, forms.Validate(c.f))
			switch {
			case c.code == "" && len(ps) != 0:
				t.Fatalf("problems %+v, want none", ps)
			case c.code != "" && len(ps) != 1:
				t.Fatalf("problems %+v, want one %s", ps, c.code)
			case c.code != "" && ps[0].Code != c.code:
				t.Fatalf("code %s, want %s", ps[0].Code, c.code)
			case c.code != "" && (ps[0].Message.English == "" || ps[0].Message.Welsh == ""):
				t.Fatalf("message %+v lacks English or Welsh", ps[0].Message)
			}
		})
	}
}

// Every problem at once, named by JSON path, with built-in and councilkit
// tags together; no message repeats what was entered.
func TestEveryProblemAtOnce(t *testing.T) {
	type child struct {
		Name string `json:"name" validate:"required,max=70"`
		UPN  string `json:"upn" validate:"omitempty,upn"`
	}
	type form struct {
		Postcode string  `json:"postcode" validate:"required,postcode"`
		NINO     string  `json:"nino" validate:"required,nino"`
		Children []child `json:"children" validate:"min=1,dive"`
	}
	err := forms.Validate(&form{NINO: "AB123456Z", Children: []child{{Name: "Ann"}, {UPN: "X"}}})
	ps := problems(t, err)
	got := map[string]councilkit.Code{}
	for _, p := range ps {
		got[p.Field] = p.Code
		for _, m := range []string{p.Message.English, p.Message.Welsh} {
			if m == "" {
				t.Errorf("%s: empty message", p.Field)
			}
			if contains(m, "AB123456Z") {
				t.Errorf("%s: message repeats the input: %q", p.Field, m)
			}
		}
	}
	want := map[string]councilkit.Code{
		"postcode":         councilkit.CodeRequired,
		"nino":             identity.CodeInvalidNINO,
		"children[1].name": councilkit.CodeRequired,
		"children[1].upn":  identity.CodeInvalidUPN,
	}
	if len(got) != len(want) {
		t.Fatalf("problems %v, want %v", got, want)
	}
	for f, c := range want {
		if got[f] != c {
			t.Errorf("%s: %q, want %q", f, got[f], c)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// A tag on a field that is not text is a problem, not a panic.
func TestTagOnNonString(t *testing.T) {
	type form struct {
		N int `json:"n" validate:"postcode"`
	}
	ps := problems(t, forms.Validate(form{N: 5}))
	if len(ps) != 1 || ps[0].Field != "n" {
		t.Fatalf("problems %+v", ps)
	}
}

func TestNotAStruct(t *testing.T) {
	err := forms.Validate("SW1A 1AA")
	var ve *councilkit.ValidationError
	if err == nil || errors.As(err, &ve) {
		t.Fatalf("Validate(string) = %v, want a non-validation error", err)
	}
}

// The shared validator is safe for concurrent use (run with -race).
func TestConcurrent(t *testing.T) {
	type form struct {
		Postcode string `json:"postcode" validate:"postcode"`
	}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 200 {
				pc := "SW1A 1AA"
				if (i+j)%2 == 1 {
					pc = "nope"
				}
				err := forms.Validate(form{Postcode: pc})
				if (err == nil) != (pc == "SW1A 1AA") {
					t.Errorf("Validate(%q) = %v", pc, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// New gives a validator a service can add its own tags to without touching
// the shared one.
func TestNewIsIndependent(t *testing.T) {
	v := forms.New()
	if err := v.RegisterValidation("bin_colour", func(fl validator.FieldLevel) bool { return fl.Field().String() == "green" }); err != nil {
		t.Fatal(err)
	}
	type form struct {
		Colour   string `json:"colour" validate:"bin_colour"`
		Postcode string `json:"postcode" validate:"postcode"`
	}
	ps := problems(t, forms.Problems(v.Struct(form{Colour: "red", Postcode: "SW1A 1AA"})))
	if len(ps) != 1 || ps[0].Field != "colour" || ps[0].Code != councilkit.CodeInvalid {
		t.Fatalf("problems %+v", ps)
	}
	// The shared validator does not know bin_colour: a tag it does not
	// know is an error (validator itself panics), not a problem.
	err := forms.Validate(form{Colour: "red", Postcode: "SW1A 1AA"})
	var ve *councilkit.ValidationError
	if err == nil || errors.As(err, &ve) || !errors.Is(err, councilkit.ErrUnknownTag) {
		t.Fatalf("Validate with an unknown tag = %v, want ErrUnknownTag", err)
	}
}
