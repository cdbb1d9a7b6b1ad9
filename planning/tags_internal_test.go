package planning

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
)

// The proposal description's limit is in its validate tag: the tag says
// maxDescription, fires alone at one character over it, and Validate
// reports it once, with councilkit's too_long code and message.
func TestProposalDescriptionTag(t *testing.T) {
	f, _ := reflect.TypeFor[Proposal]().FieldByName("Description")
	if tag := f.Tag.Get("validate"); tag != "max="+strconv.Itoa(maxDescription) {
		t.Errorf("Description's validate tag is %q, want max=%d", tag, maxDescription)
	}
	want := councilkit.Problem{Field: "proposal.description", Code: councilkit.CodeTooLong, Message: councilkit.TooLongText(maxDescription)}
	for _, c := range []struct {
		n    int
		over bool
	}{{maxDescription, false}, {maxDescription + 1, true}} {
		a := &Application{Proposal: Proposal{Description: strings.Repeat("ŵ", c.n)}}
		var ve *councilkit.ValidationError
		tagged := errors.As(councilkit.ValidateStruct(a), &ve) && ve.Has(want.Field, "")
		if tagged != c.over {
			t.Errorf("%d characters: tags report %v", c.n, ve)
		}
		if !errors.As(a.Validate(), &ve) {
			t.Fatal("an empty application validates")
		}
		if got := ve.Field(want.Field); c.over && (len(got) != 1 || got[0] != want) || !c.over && len(got) != 0 {
			t.Errorf("%d characters: Validate reports %v at %s", c.n, got, want.Field)
		}
	}
}

// A comment's limits are in its validate tags: the text's is
// MaxCommentLength, the commenter's name's and organisation's
// maxCommenterName.
func TestCommentTags(t *testing.T) {
	for _, c := range []struct {
		typ   reflect.Type
		field string
		max   int
	}{
		{reflect.TypeFor[Comment](), "Text", MaxCommentLength},
		{reflect.TypeFor[Commenter](), "Name", maxCommenterName},
		{reflect.TypeFor[Commenter](), "Organisation", maxCommenterName},
	} {
		f, _ := c.typ.FieldByName(c.field)
		if tag := f.Tag.Get("validate"); tag != "max="+strconv.Itoa(c.max) {
			t.Errorf("%s.%s's validate tag is %q, want max=%d", c.typ.Name(), c.field, tag, c.max)
		}
	}
}
