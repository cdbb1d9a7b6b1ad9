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
