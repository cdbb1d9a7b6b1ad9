package identity

import (
	"testing"

	"github.com/lgds/councilkit/internal/enumtest"
)

// Every enum in the package, its zero value included, has a readable name
// that String, MarshalText and JSON write the same way and that reads back
// to the same value (issue 16); an undefined value cannot be written.
func TestEnumsRoundTrip(t *testing.T) {
	t.Run("Outcome", func(t *testing.T) {
		enumtest.RoundTrip[Outcome](t, []Outcome{Unknown, Agree, Partial, Disagree}, nil)
	})
	t.Run("MatchLevel", func(t *testing.T) {
		enumtest.RoundTrip[MatchLevel](t, []MatchLevel{NoMatch, PossibleMatch, StrongMatch, ExactMatch}, nil)
	})
	if _, err := Outcome(9).MarshalText(); err == nil {
		t.Error("Outcome(9) marshalled")
	}
	if _, err := MatchLevel(9).MarshalText(); err == nil {
		t.Error("MatchLevel(9) marshalled")
	}
}
