package admissions

import (
	"testing"

	"github.com/lgds/councilkit/internal/enumtest"
)

// Every enum in the package, its zero value included, has a readable name
// that String, MarshalText and JSON write the same way and that reads back
// to the same value (issue 16: "every enum must name its zero value
// readably in errors and JSON, and encode the same way whether it is zero
// or not").
func TestEnumsRoundTrip(t *testing.T) {
	t.Run("Basis", func(t *testing.T) { enumtest.RoundTrip[Basis](t, enumtest.Upto(NearestWithPlace), nil) })
	t.Run("Status", func(t *testing.T) { enumtest.RoundTrip[Status](t, enumtest.Upto(Accepted), nil) })
	t.Run("TieBreakMode", func(t *testing.T) { enumtest.RoundTrip[TieBreakMode](t, enumtest.Upto(MultipleTieBreak), nil) })
	t.Run("Phase", func(t *testing.T) { enumtest.RoundTrip[Phase](t, enumtest.Upto(AllThrough), nil) })
	t.Run("LookedAfterStatus", func(t *testing.T) {
		enumtest.RoundTrip[LookedAfterStatus](t, enumtest.Upto(PreviouslyLookedAfter), nil)
	})
	t.Run("Ranking", func(t *testing.T) { enumtest.RoundTrip[Ranking](t, enumtest.Upto(ByRandom), nil) })
	t.Run("YearGroup", func(t *testing.T) {
		var groups []YearGroup
		for g := Reception; g <= Year13; g++ {
			groups = append(groups, g)
		}
		enumtest.RoundTrip(t, groups, ParseYearGroup)
	})
}
