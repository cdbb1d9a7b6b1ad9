package counciltax

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// An error about a long, non-ASCII input cuts it on a character boundary.
func TestErrorInputCutOnCharacter(t *testing.T) {
	_, err := ParseYear(strings.Repeat("x", 19) + "£££")
	// %q would show a split character as a \x escape.
	if err == nil || !utf8.ValidString(err.Error()) || strings.Contains(err.Error(), `\x`) {
		t.Fatalf("err = %q", err)
	}
}
