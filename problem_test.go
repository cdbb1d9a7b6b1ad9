package councilkit

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"golang.org/x/text/language"
)

func TestProblemsCollectsEverything(t *testing.T) {
	var ps Problems
	if ps.Err() != nil {
		t.Fatal("empty Problems gave an error")
	}
	ps.Add("name", CodeRequired, RequiredText())
	ps.Add(IndexField("preferences", 2), CodeDuplicate, Text{"Choose a different school", "Dewiswch ysgol wahanol"})
	child := &ValidationError{Problems: []Problem{{Field: "date_of_birth", Code: CodeInFuture, Message: Text{"Date of birth must be in the past", "Rhaid i'r dyddiad geni fod yn y gorffennol"}}}}
	ps.Merge("child", fmt.Errorf("checking child: %w", child), InvalidText())
	ps.Merge("address", errors.New("secret internal detail SW1A 1AA"), InvalidText())
	if ps.Merge("other", nil, InvalidText()) {
		t.Error("Merge(nil) reported a problem")
	}
	err := ps.Err()
	if !errors.Is(err, ErrValidation) {
		t.Fatalf("errors.Is(ErrValidation) false for %v", err)
	}
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 4 {
		t.Fatalf("errors.As: %v", err)
	}
	for _, want := range []struct {
		field string
		code  Code
	}{{"name", CodeRequired}, {"preferences[2]", CodeDuplicate}, {"child.date_of_birth", CodeInFuture}, {"address", CodeInvalid}} {
		if !ve.Has(want.field, want.code) {
			t.Errorf("missing %s %s in %v", want.field, want.code, ve)
		}
	}
	if ve.Has("name", CodeTooLong) || !ve.Has("name", "") {
		t.Error("Has code matching")
	}
	if got := ve.Field("child.date_of_birth")[0].Message.In(Welsh); got != "Rhaid i'r dyddiad geni fod yn y gorffennol" {
		t.Errorf("Welsh message = %q", got)
	}
	// An error that is not a ValidationError is not trusted to be safe to
	// show: its text must not leak into the problems.
	if msg := ve.Error(); contains(msg, "SW1A") || contains(msg, "secret") {
		t.Errorf("foreign error text leaked: %s", msg)
	}
	// Further additions do not change an error already returned.
	ps.Add("late", CodeRequired, RequiredText())
	if len(ve.Problems) != 4 {
		t.Error("Err shares its slice with the collector")
	}
	b, _ := json.Marshal(ve)
	var back ValidationError
	if err := json.Unmarshal(b, &back); err != nil || len(back.Problems) != 4 || back.Problems[1].Message.Welsh != "Dewiswch ysgol wahanol" {
		t.Errorf("JSON round trip: %s %v", b, err)
	}
}

func contains(s, sub string) bool {
	return len(sub) > 0 && len(s) >= len(sub) && (s == sub || indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestTextIn(t *testing.T) {
	txt := Text{"Enter a postcode", "Rhowch god post"}
	for tag, want := range map[language.Tag]string{
		English:                  "Enter a postcode",
		Welsh:                    "Rhowch god post",
		language.MustParse("cy"): "Rhowch god post",
		language.MustParse("fr"): "Enter a postcode",
		language.Und:             "Enter a postcode",
	} {
		if got := txt.In(tag); got != want {
			t.Errorf("In(%v) = %q, want %q", tag, got, want)
		}
	}
	if got := (Text{English: "Only English"}).In(Welsh); got != "Only English" {
		t.Errorf("fallback = %q", got)
	}
}

func TestJoinField(t *testing.T) {
	for _, tc := range [][3]string{
		{"", "name", "name"}, {"child", "", "child"}, {"child", "name", "child.name"},
		{"preferences", "[2]", "preferences[2]"}, {IndexField("preferences", 0), "school", "preferences[0].school"},
	} {
		if got := JoinField(tc[0], tc[1]); got != tc[2] {
			t.Errorf("JoinField(%q, %q) = %q, want %q", tc[0], tc[1], got, tc[2])
		}
	}
}

type preference struct {
	School string `json:"school" validate:"required,len=6"`
}

type form struct {
	Name        string       `json:"name" validate:"required,max=10"`
	Email       string       `json:"email" validate:"omitempty,email"`
	Language    string       `json:"language" validate:"oneof=en cy"`
	Age         int          `json:"age" validate:"gte=4,lte=18"`
	Preferences []preference `json:"preferences" validate:"min=1,max=3,dive"`
	Internal    string       `json:"-" validate:"max=1"`
	NoTag       string       `validate:"max=2"`
}

func TestValidateStruct(t *testing.T) {
	if err := ValidateStruct(form{Name: "Ann", Language: "cy", Age: 4, Preferences: []preference{{"123456"}}}); err != nil {
		t.Fatalf("valid form: %v", err)
	}
	err := ValidateStruct(form{
		Name: "Bartholomew-Jones", Email: "not-an-email", Language: "fr", Age: 3,
		Preferences: []preference{{"123456"}, {""}, {"12"}}, Internal: "xx", NoTag: "xyz",
	})
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v", err)
	}
	want := []struct {
		field string
		code  Code
	}{
		{"name", CodeTooLong}, {"email", CodeInvalidEmail}, {"language", CodeInvalidChoice},
		{"age", CodeTooSmall}, {"preferences[1].school", CodeRequired},
		{"preferences[2].school", CodeInvalid}, {"Internal", CodeTooLong}, {"NoTag", CodeTooLong},
	}
	for _, w := range want {
		if !ve.Has(w.field, w.code) {
			t.Errorf("missing problem %s %s; have %v", w.field, w.code, ve.Problems)
		}
	}
	if len(ve.Problems) != len(want) {
		t.Errorf("got %d problems, want %d: %v", len(ve.Problems), len(want), ve.Problems)
	}
	for _, p := range ve.Problems {
		if p.Message.English == "" || p.Message.Welsh == "" {
			t.Errorf("problem %v lacks a message in both languages", p)
		}
	}
	err = ValidateStruct(form{Name: "A", Language: "en", Age: 5, Preferences: make([]preference, 4)})
	if !errors.As(err, &ve) || !ve.Has("preferences", CodeTooLarge) {
		t.Errorf("too many preferences: %v", err)
	}
	if err := ValidateStruct(42); err == nil || errors.Is(err, ErrValidation) {
		t.Errorf("non-struct: %v", err)
	}
}

func TestFixedClock(t *testing.T) {
	start := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	c := NewFixedClock(start)
	if !c.Now().Equal(start) {
		t.Error("Now")
	}
	if got := c.Advance(time.Hour); !got.Equal(start.Add(time.Hour)) || !c.Now().Equal(got) {
		t.Error("Advance")
	}
	c.Set(start)
	var clk Clock = ClockFunc(func() time.Time { return start })
	if !clk.Now().Equal(c.Now()) {
		t.Error("ClockFunc")
	}
	if SystemClock.Now(SystemClock{}).IsZero() {
		t.Error("SystemClock")
	}
}
