package payments

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"golang.org/x/text/language"
)

func validRequest() StartRequest {
	return StartRequest{
		Amount:         Pence(14500),
		Reference:      "12345",
		Description:    "Pay your council tax",
		ReturnURL:      "https://your.service.gov.uk/completed",
		Language:       LanguageWelsh,
		Metadata:       Metadata{"ledger_code": MetadataString("AB100"), "internal_reference_number": MetadataInt(200), "paper": MetadataBool(false)},
		FundCode:       "CT-2026",
		IdempotencyKey: "0b6e3b7f-5f7e-4f6c-9b7a-2f7e0e1f8a11",
	}
}

func TestStartRequestValid(t *testing.T) {
	if err := validRequest().Validate(); err != nil {
		t.Fatal(err)
	}
	// Limits from GOV.UK Pay's "Create a payment" reference: amount at most
	// 10000000 pence (£100,000); reference and description 255 characters;
	// return_url 2,000 characters.
	r := validRequest()
	r.Amount = Pence(10000000)
	r.Reference = strings.Repeat("é", 255)
	r.Description = strings.Repeat("d", 255)
	r.ReturnURL = "https://x.gov.uk/" + strings.Repeat("a", 2000-len("https://x.gov.uk/"))
	r.Language = ""
	r.Metadata = nil
	if err := r.Validate(); err != nil {
		t.Errorf("request at every limit: %v", err)
	}
	// Fifteen metadata keys of 30 characters, values of 100 characters.
	r = validRequest()
	r.Metadata = Metadata{}
	for i := range 15 {
		r.Metadata[strings.Repeat(string(rune('a'+i)), 30)] = MetadataString(strings.Repeat("v", 100))
	}
	if err := r.Validate(); err != nil {
		t.Errorf("15 metadata keys at their limits: %v", err)
	}
	for _, u := range []string{"http://localhost:8080/done", "http://127.0.0.1/done", "http://[::1]:3000/"} {
		r := validRequest()
		r.ReturnURL = u
		if err := r.Validate(); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}

func TestStartRequestProblems(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*StartRequest)
		field string
		code  councilkit.Code
	}{
		{"zero amount", func(r *StartRequest) { r.Amount = Amount{} }, "amount", councilkit.CodeTooSmall},
		{"negative amount", func(r *StartRequest) { r.Amount = Pence(-1) }, "amount", councilkit.CodeTooSmall},
		{"over £100,000", func(r *StartRequest) { r.Amount = Pence(10000001) }, "amount", councilkit.CodeTooLarge},
		{"no reference", func(r *StartRequest) { r.Reference = " " }, "reference", councilkit.CodeRequired},
		{"long reference", func(r *StartRequest) { r.Reference = strings.Repeat("r", 256) }, "reference", councilkit.CodeTooLong},
		{"URL in reference", func(r *StartRequest) { r.Reference = "see https://evil.example" }, "reference", councilkit.CodeContainsURL},
		{"www in description", func(r *StartRequest) { r.Description = "visit www.example.com" }, "description", councilkit.CodeContainsURL},
		{"domain in description", func(r *StartRequest) { r.Description = "pay at durham.gov.uk today" }, "description", councilkit.CodeContainsURL},
		{"long description", func(r *StartRequest) { r.Description = strings.Repeat("d", 256) }, "description", councilkit.CodeTooLong},
		{"bad UTF-8", func(r *StartRequest) { r.Description = "a\xffb" }, "description", councilkit.CodeInvalid},
		{"no return URL", func(r *StartRequest) { r.ReturnURL = "" }, "return_url", councilkit.CodeRequired},
		{"http return URL", func(r *StartRequest) { r.ReturnURL = "http://council.gov.uk/done" }, "return_url", CodeInsecureURL},
		{"relative return URL", func(r *StartRequest) { r.ReturnURL = "/done" }, "return_url", councilkit.CodeInvalidURL},
		{"javascript URL", func(r *StartRequest) { r.ReturnURL = "javascript://x/alert(1)" }, "return_url", councilkit.CodeInvalidURL},
		{"credentials in URL", func(r *StartRequest) { r.ReturnURL = "https://user:pw@council.gov.uk/" }, "return_url", councilkit.CodeInvalidURL},
		{"long return URL", func(r *StartRequest) { r.ReturnURL = "https://x.gov.uk/" + strings.Repeat("a", 2000) }, "return_url", councilkit.CodeTooLong},
		{"language", func(r *StartRequest) { r.Language = "fr" }, "language", councilkit.CodeInvalidChoice},
		{"empty metadata", func(r *StartRequest) { r.Metadata = Metadata{} }, "metadata", councilkit.CodeTooSmall},
		// GOV.UK Pay accepts up to 15 metadata keys (pay-tech-docs PR 976,
		// September 2024); a 16th is refused.
		{"16 metadata keys", func(r *StartRequest) {
			r.Metadata = Metadata{}
			for i := range 16 {
				r.Metadata[string(rune('a'+i))] = MetadataInt(int64(i))
			}
		}, "metadata", councilkit.CodeTooLarge},
		{"long metadata key", func(r *StartRequest) { r.Metadata = Metadata{strings.Repeat("k", 31): MetadataBool(true)} }, "metadata", councilkit.CodeTooLong},
		{"empty metadata key", func(r *StartRequest) { r.Metadata = Metadata{"": MetadataBool(true)} }, "metadata", councilkit.CodeInvalid},
		{"long metadata value", func(r *StartRequest) { r.Metadata = Metadata{"k": MetadataString(strings.Repeat("v", 101))} }, "metadata.k", councilkit.CodeTooLong},
		{"case-clashing keys", func(r *StartRequest) { r.Metadata = Metadata{"Ledger": MetadataInt(1), "ledger": MetadataInt(2)} }, "metadata.ledger", councilkit.CodeDuplicate},
		{"zero metadata value", func(r *StartRequest) { r.Metadata = Metadata{"k": {}} }, "metadata.k", CodeMetadataValue},
		{"no fund code", func(r *StartRequest) { r.FundCode = "" }, "fund_code", councilkit.CodeRequired},
		{"bad fund code", func(r *StartRequest) { r.FundCode = "CT 01" }, "fund_code", councilkit.CodeInvalid},
		{"no idempotency key", func(r *StartRequest) { r.IdempotencyKey = "" }, "idempotency_key", councilkit.CodeRequired},
		{"bad idempotency key", func(r *StartRequest) { r.IdempotencyKey = "key with spaces" }, "idempotency_key", CodeIdempotencyKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validRequest()
			tt.edit(&r)
			err := r.Validate()
			var ve *councilkit.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, councilkit.ErrValidation) {
				t.Fatalf("Validate = %v, want a *ValidationError", err)
			}
			if !ve.Has(tt.field, tt.code) {
				t.Errorf("problems %v, want %s at %q", ve.Problems, tt.code, tt.field)
			}
			for _, p := range ve.Problems {
				if p.Message.English == "" || p.Message.Welsh == "" {
					t.Errorf("problem %v lacks English or Welsh", p)
				}
			}
		})
	}
}

func TestStartRequestAllProblemsAtOnce(t *testing.T) {
	err := StartRequest{}.Validate()
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) {
		t.Fatal(err)
	}
	for _, f := range []string{"amount", "reference", "description", "return_url", "fund_code", "idempotency_key"} {
		if !ve.Has(f, "") {
			t.Errorf("no problem reported for %s", f)
		}
	}
}

func TestIdempotencyKey(t *testing.T) {
	for _, ok := range []string{"a", "A-1", strings.Repeat("k", 255), string(NewIdempotencyKey())} {
		if _, err := ParseIdempotencyKey(ok); err != nil {
			t.Errorf("ParseIdempotencyKey(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", strings.Repeat("k", 256), "a_b", "a b", "ä", "a/b"} {
		if _, err := ParseIdempotencyKey(bad); !errors.Is(err, ErrInvalidIdempotencyKey) {
			t.Errorf("ParseIdempotencyKey(%q) = %v", bad, err)
		}
	}
	if a, b := NewIdempotencyKey(), NewIdempotencyKey(); a == b {
		t.Error("NewIdempotencyKey repeats")
	}
}

func TestMetadataJSON(t *testing.T) {
	m := Metadata{"s": MetadataString("AB100"), "n": MetadataInt(-200), "b": MetadataBool(true)}
	b, err := json.Marshal(m)
	if err != nil || string(b) != `{"b":true,"n":-200,"s":"AB100"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var back Metadata
	if err := json.Unmarshal([]byte(`{"b":true,"n":12.50,"s":"x","big":123456789012345678901234567890}`), &back); err != nil {
		t.Fatal(err)
	}
	if !back["b"].IsBool() || !back["n"].IsNumber() || back["n"].String() != "12.50" || !back["s"].IsString() || back["big"].String() != "123456789012345678901234567890" {
		t.Errorf("Unmarshal = %#v", back)
	}
	for _, bad := range []string{`{"k":null}`, `{"k":{}}`, `{"k":[1]}`} {
		var m Metadata
		if err := json.Unmarshal([]byte(bad), &m); err == nil {
			t.Errorf("Unmarshal(%s) accepted", bad)
		}
	}
}

func TestFingerprint(t *testing.T) {
	a, b := validRequest(), validRequest()
	if a.fingerprint() != b.fingerprint() {
		t.Fatal("equal requests, different fingerprints")
	}
	b.IdempotencyKey = "other"
	if a.fingerprint() != b.fingerprint() {
		t.Error("the key itself must not change the fingerprint")
	}
	for _, edit := range []func(*StartRequest){
		func(r *StartRequest) { r.Amount = Pence(14501) },
		func(r *StartRequest) { r.Reference = "12346" },
		func(r *StartRequest) { r.Metadata["ledger_code"] = MetadataString("AB101") },
		func(r *StartRequest) { r.Metadata["paper"] = MetadataString("false") },
		func(r *StartRequest) { r.DelayedCapture = true },
	} {
		c := validRequest()
		edit(&c)
		if c.fingerprint() == a.fingerprint() {
			t.Errorf("changed request %+v has the same fingerprint", c)
		}
	}
	en, blank := validRequest(), validRequest()
	en.Language, blank.Language = LanguageEnglish, ""
	if en.fingerprint() != blank.fingerprint() {
		t.Error("default language should equal explicit English")
	}
}

// LanguageFor maps councilkit's page language tags onto GOV.UK Pay's wire
// values "en" and "cy" (GOV.UK Pay API reference, "Create a payment",
// language: "en" or "cy").
func TestLanguageFor(t *testing.T) {
	for _, c := range []struct {
		tag  language.Tag
		want Language
	}{
		{councilkit.English, LanguageEnglish},
		{councilkit.Welsh, LanguageWelsh},
		{language.MustParse("cy"), LanguageWelsh},
		{language.English, LanguageEnglish},
		{language.Und, LanguageEnglish},
		{language.French, LanguageEnglish},
	} {
		if got := LanguageFor(c.tag); got != c.want {
			t.Errorf("LanguageFor(%v) = %q, want %q", c.tag, got, c.want)
		}
	}
	if LanguageEnglish != "en" || LanguageWelsh != "cy" {
		t.Errorf("wire values %q, %q; GOV.UK Pay wants en and cy", LanguageEnglish, LanguageWelsh)
	}
}

// The shape of StartRequest's text fields is in its validate tags: the tags
// alone find these problems, with councilkit's codes and English and
// Welsh messages, their limits are the published constants, and Validate
// reports each once, not again from code.
func TestStartRequestTags(t *testing.T) {
	limits := map[string]int{
		"Reference": MaxReferenceLen, "Description": MaxDescriptionLen,
		"ReturnURL": MaxReturnURLLen, "FundCode": MaxFundCodeLen,
	}
	typ := reflect.TypeFor[StartRequest]()
	for name, max := range limits {
		f, _ := typ.FieldByName(name)
		if tag := f.Tag.Get("validate"); !strings.Contains(tag, "max="+strconv.Itoa(max)) {
			t.Errorf("%s's validate tag %q does not say max=%d", name, tag, max)
		}
	}
	// GOV.UK Pay's return_url has maxLength 2000 (publicapi_spec.json in
	// payments/govukpay/testdata), which JSON Schema counts in characters:
	// 2,000 characters of 2 bytes each are within it.
	r := validRequest()
	r.ReturnURL = "https://x.gov.uk/" + strings.Repeat("é", 2000-17)
	if err := r.Validate(); err != nil {
		t.Errorf("return URL of 2,000 characters, %d bytes: %v", len(r.ReturnURL), err)
	}
	tests := []struct {
		name  string
		edit  func(*StartRequest)
		field string
		code  councilkit.Code
		msg   councilkit.Text
	}{
		{"blank reference", func(r *StartRequest) { r.Reference = " \t" }, "reference", councilkit.CodeRequired, councilkit.RequiredText()},
		{"reference of 256", func(r *StartRequest) { r.Reference = strings.Repeat("é", 256) }, "reference", councilkit.CodeTooLong, councilkit.TooLongText(255)},
		{"no description", func(r *StartRequest) { r.Description = "" }, "description", councilkit.CodeRequired, councilkit.RequiredText()},
		{"description of 256", func(r *StartRequest) { r.Description = strings.Repeat("d", 256) }, "description", councilkit.CodeTooLong, councilkit.TooLongText(255)},
		{"no return URL", func(r *StartRequest) { r.ReturnURL = "" }, "return_url", councilkit.CodeRequired, councilkit.RequiredText()},
		{"return URL of 2001", func(r *StartRequest) { r.ReturnURL = "https://x.gov.uk/" + strings.Repeat("a", 2001-17) }, "return_url", councilkit.CodeTooLong, councilkit.TooLongText(2000)},
		{"language fr", func(r *StartRequest) { r.Language = "fr" }, "language", councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText()},
		{"language EN", func(r *StartRequest) { r.Language = "EN" }, "language", councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText()},
		{"no fund code", func(r *StartRequest) { r.FundCode = "" }, "fund_code", councilkit.CodeRequired, councilkit.RequiredText()},
		{"fund code of 31", func(r *StartRequest) { r.FundCode = strings.Repeat("F", 31) }, "fund_code", councilkit.CodeTooLong, councilkit.TooLongText(30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validRequest()
			tt.edit(&r)
			want := []councilkit.Problem{{Field: tt.field, Code: tt.code, Message: tt.msg}}
			var byTags *councilkit.ValidationError
			if !errors.As(councilkit.ValidateStruct(r), &byTags) || !reflect.DeepEqual(byTags.Problems, want) {
				t.Errorf("tags alone report %v, want %v", byTags, want)
			}
			var ve *councilkit.ValidationError
			if !errors.As(r.Validate(), &ve) || !reflect.DeepEqual(ve.Problems, want) {
				t.Errorf("Validate reports %v, want %v", ve, want)
			}
		})
	}
}

// BenchmarkStartRequestValidate is the check every payment start makes,
// validate tags included.
func BenchmarkStartRequestValidate(b *testing.B) {
	r := validRequest()
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
