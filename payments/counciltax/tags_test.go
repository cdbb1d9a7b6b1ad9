package counciltax

import (
	"errors"
	"reflect"
	"testing"

	"github.com/lgds/councilkit"
)

// That charges have precept lines, each named, is in validate tags: the
// tags alone find both, and Compile reports each once with councilkit's
// required code and message.
func TestChargesTags(t *testing.T) {
	required := func(field string) councilkit.Problem {
		return councilkit.Problem{Field: field, Code: councilkit.CodeRequired, Message: councilkit.RequiredText()}
	}
	harrow := councilkit.MustParseCouncil("E09000015")
	cases := []struct {
		name string
		c    Charges
		want []councilkit.Problem
	}{
		{"no lines", Charges{Council: harrow, Year: 2025}, []councilkit.Problem{required("lines")}},
		{"empty lines", Charges{Council: harrow, Year: 2025, Lines: []PreceptLine{}}, []councilkit.Problem{required("lines")}},
		{"unnamed lines", Charges{Council: harrow, Year: 2025, Lines: []PreceptLine{
			{BandD: amt("1000")}, {Name: "Harrow", BandD: amt("1000")}, {BandD: amt("10")},
		}}, []councilkit.Problem{required("lines[0].name"), required("lines[2].name")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ve *councilkit.ValidationError
			if !errors.As(councilkit.ValidateStruct(c.c), &ve) || !reflect.DeepEqual(ve.Problems, c.want) {
				t.Errorf("tags alone report %v, want %v", ve, c.want)
			}
			_, err := c.c.Compile()
			if !errors.As(err, &ve) || !reflect.DeepEqual(ve.Problems, c.want) {
				t.Errorf("Compile = %v, want %v", err, c.want)
			}
		})
	}
}
