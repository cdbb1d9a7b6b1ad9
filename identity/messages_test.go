package identity

import (
	"errors"
	"strconv"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/internal/msgtest"
)

func TestMessages(t *testing.T) { msgtest.Check(t, messages, msgtest.Options{}) }

// TestAddressTooManyLinesWelsh: the message for an address of too many
// lines said "Rhaid iddo fod yn 5 lines neu lai", an English word in the
// Welsh, because the count and its noun were passed to TooLargeText as one
// English string.
func TestAddressTooManyLinesWelsh(t *testing.T) {
	a := Address{Lines: make([]string, MaxAddressLines+1), Town: "Cardiff", Postcode: MustParsePostcode("CF10 1EP")}
	for i := range a.Lines {
		a.Lines[i] = "1 Heol y Frenhines"
	}
	var ve *councilkit.ValidationError
	if err := a.Validate(); !errors.As(err, &ve) || !ve.Has("lines", councilkit.CodeTooLarge) {
		t.Fatalf("Validate() = %v, want a too_large problem at lines", err)
	}
	got := ve.Field("lines")[0].Message
	want := councilkit.Text{
		English: "Must be " + strconv.Itoa(MaxAddressLines) + " lines or less",
		Welsh:   "Rhaid iddo fod yn " + strconv.Itoa(MaxAddressLines) + " llinell neu lai",
	}
	if got != want {
		t.Errorf("message = %+v, want %+v", got, want)
	}
}
