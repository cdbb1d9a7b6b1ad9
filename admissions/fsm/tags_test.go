package fsm

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity"
)

// A check's last name is at most identity.MaxNameLength characters, by its
// validate tag; that it is given at all, with fsm's own message, is code.
func TestCheckRequestTags(t *testing.T) {
	f, _ := reflect.TypeFor[CheckRequest]().FieldByName("LastName")
	if tag := f.Tag.Get("validate"); tag != "max=100" || identity.MaxNameLength != 100 {
		t.Errorf("LastName's validate tag is %q, want max=%d", tag, identity.MaxNameLength)
	}
	today := d("2025-10-01")
	base := CheckRequest{DateOfBirth: d("1990-01-01"), NINO: identity.MustParseNINO("AB123456C")}
	cases := []struct {
		name string
		last string
		want []councilkit.Problem
	}{
		{"100 characters", strings.Repeat("ŵ", 100), nil},
		{"101 characters", strings.Repeat("ŵ", 101), []councilkit.Problem{{Field: FieldCheckLastName, Code: councilkit.CodeTooLong, Message: councilkit.TooLongText(100)}}},
		{"blank", "  ", []councilkit.Problem{{Field: FieldCheckLastName, Code: councilkit.CodeRequired, Message: textFamilyName}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := base
			r.LastName = c.last
			err := r.Validate(today)
			var ve *councilkit.ValidationError
			if c.want == nil {
				if err != nil {
					t.Fatalf("Validate = %v", err)
				}
				return
			}
			if !errors.As(err, &ve) || !reflect.DeepEqual(ve.Problems, c.want) {
				t.Errorf("Validate = %v, want %v", err, c.want)
			}
		})
	}
	var ve *councilkit.ValidationError
	if !errors.As(councilkit.ValidateStruct(CheckRequest{LastName: strings.Repeat("x", 101)}), &ve) || !ve.Has(FieldCheckLastName, councilkit.CodeTooLong) {
		t.Errorf("the tag alone reports %v", ve)
	}
}
