package fsm

import (
	"testing"

	"github.com/lgds/councilkit/internal/enumtest"
)

// every returns each value of an enum from its zero value up to, not
// including, end.
func every[T ~uint8](end T) []T {
	out := make([]T, 0, int(end))
	for v := T(0); v < end; v++ {
		out = append(out, v)
	}
	return out
}

// Every enum in the package, its zero value included, has a readable name
// that String, MarshalText and JSON write the same way and that reads back
// to the same value (issue 16: "every enum must name its zero value
// readably in errors and JSON, and encode the same way whether it is zero
// or not").
func TestEnumsRoundTrip(t *testing.T) {
	t.Run("Basis", func(t *testing.T) { enumtest.RoundTrip[Basis](t, every(numBases), nil) })
	t.Run("Benefit", func(t *testing.T) { enumtest.RoundTrip[Benefit](t, every(numBenefits), nil) })
	t.Run("Evidence", func(t *testing.T) { enumtest.RoundTrip[Evidence](t, every(evidenceEnd), nil) })
	t.Run("NRPFGroup", func(t *testing.T) { enumtest.RoundTrip[NRPFGroup](t, every(numNRPFGroups), nil) })
	t.Run("Status", func(t *testing.T) { enumtest.RoundTrip[Status](t, every(numStatuses), nil) })
}
