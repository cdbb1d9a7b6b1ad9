package admissions

import (
	"errors"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"

	"github.com/lgds/councilkit/internal/msgtest"
)

func TestMessages(t *testing.T) { msgtest.Check(t, messages, msgtest.Options{}) }

// TestTermTooLongWelsh: a term of more than 366 days was refused with
// "Rhaid iddo fod yn 366 days neu lai", an English word in the Welsh,
// because the limit and its noun went to TooLargeText as one English
// string.
func TestTermTooLongWelsh(t *testing.T) {
	_, err := NewTermDates([]Term{{Start: calendar.MustDate(2026, 9, 1), End: calendar.MustDate(2027, 9, 3)}}, nil)
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || !ve.Has("terms[0].end", councilkit.CodeTooLarge) {
		t.Fatalf("NewTermDates = %v, want too_large at terms[0].end", err)
	}
	want := councilkit.Text{English: "Must be 366 days or less", Welsh: "Rhaid iddo fod yn 366 diwrnod neu lai"}
	if got := ve.Field("terms[0].end")[0].Message; got != want {
		t.Errorf("message = %+v, want %+v", got, want)
	}
}
