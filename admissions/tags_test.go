package admissions

import (
	"errors"
	"reflect"
	"testing"

	"github.com/lgds/councilkit"
)

// An application's own required fields are in its validate tags: the tags
// alone find them, and Scheme.Validate reports each once, with
// councilkit's required code and message in English and Welsh.
func TestApplicationTags(t *testing.T) {
	want := []councilkit.Problem{
		{Field: "id", Code: councilkit.CodeRequired, Message: councilkit.RequiredText()},
		{Field: "preferences", Code: councilkit.CodeRequired, Message: councilkit.RequiredText()},
		{Field: "received", Code: councilkit.CodeRequired, Message: councilkit.RequiredText()},
	}
	for _, a := range []*Application{{}, {Preferences: []URN{}}} {
		var ve *councilkit.ValidationError
		if !errors.As(councilkit.ValidateStruct(a), &ve) || !reflect.DeepEqual(ve.Problems, want) {
			t.Errorf("tags of %+v report %v, want %v", a, ve, want)
		}
		_, err := newTiny(10, 10).s.Validate(a)
		if !errors.As(err, &ve) {
			t.Fatalf("Validate = %v", err)
		}
		for _, w := range want {
			if got := ve.Field(w.Field); len(got) != 1 || got[0] != w {
				t.Errorf("Validate reports %v at %s, want %v once", got, w.Field, w)
			}
		}
	}
}
