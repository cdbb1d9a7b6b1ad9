package councilkit

import (
	"errors"
	"testing"
)

// A tag validator does not know is an error wrapping ErrUnknownTag, not the
// panic validator raises.
func TestValidateStructUnknownTag(t *testing.T) {
	type form struct {
		A string `validate:"no_such_tag"`
	}
	err := ValidateStruct(form{})
	if !errors.Is(err, ErrUnknownTag) {
		t.Fatalf("ValidateStruct = %v, want ErrUnknownTag", err)
	}
}

// notblank refuses text of only white space and an empty slice or map, as
// required does not, and reports them as required with required's
// message.
func TestValidateStructNotBlank(t *testing.T) {
	type form struct {
		Name  string            `json:"name" validate:"notblank"`
		List  []string          `json:"list" validate:"notblank"`
		Tags  map[string]string `json:"tags" validate:"notblank"`
		Count int               `json:"count" validate:"notblank"`
	}
	cases := []struct {
		name string
		f    form
		bad  []string
	}{
		{"all given", form{Name: "Ann", List: []string{"a"}, Tags: map[string]string{"a": "b"}, Count: 1}, nil},
		{"zero", form{}, []string{"name", "list", "tags", "count"}},
		{"blank text, empty non-nil slice and map", form{Name: " \t\n", List: []string{}, Tags: map[string]string{}, Count: 1}, []string{"name", "list", "tags"}},
		{"text with space around", form{Name: "  Ann ", List: []string{""}, Tags: map[string]string{"": ""}, Count: -1}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := ValidateStruct(c.f)
			var ve *ValidationError
			if len(c.bad) == 0 {
				if err != nil {
					t.Fatalf("ValidateStruct = %v, want nil", err)
				}
				return
			}
			if !errors.As(err, &ve) || len(ve.Problems) != len(c.bad) {
				t.Fatalf("ValidateStruct = %v, want problems at %v", err, c.bad)
			}
			for i, f := range c.bad {
				p := ve.Problems[i]
				if p.Field != f || p.Code != CodeRequired || p.Message != RequiredText() {
					t.Errorf("problem %d = %+v, want %s required with RequiredText", i, p, f)
				}
			}
		})
	}
}

// MergeField takes one field's problems, in the order asked for, and
// nothing from an error that is not a *ValidationError.
func TestProblemsMergeField(t *testing.T) {
	var src Problems
	src.Add("a", CodeRequired, RequiredText())
	src.Add("b", CodeTooLong, TooLongText(3))
	src.Add("a.x", CodeInvalid, InvalidText())
	err := src.Err()
	var ps Problems
	if !ps.MergeField(err, "b") || ps.MergeField(err, "c") || !ps.MergeField(err, "a") {
		t.Fatal("MergeField reported the wrong fields")
	}
	if ps.MergeField(nil, "a") || ps.MergeField(errors.New("a"), "a") {
		t.Error("MergeField took problems from a nil or plain error")
	}
	var ve *ValidationError
	if !errors.As(ps.Err(), &ve) || len(ve.Problems) != 2 || ve.Problems[0].Field != "b" || ve.Problems[1].Field != "a" {
		t.Errorf("merged %v, want b then a", ve)
	}
}
