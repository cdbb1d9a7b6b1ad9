package fsm

import (
	"testing"

	"github.com/lgds/councilkit/internal/msgtest"
)

func TestMessages(t *testing.T) {
	msgtest.Check(t, messages, msgtest.Options{
		// The name of the year group, "oedran cyn ysgol", and the phrase
		// in a sentence ("mae'r plentyn o dan oedran ysgol").
		Homonyms: []string{"year.in_below_school_age"},
	})
}
