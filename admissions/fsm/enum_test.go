package fsm

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
	t.Run("Basis", func(t *testing.T) { enumtest.RoundTrip[Basis](t, enumtest.Upto(numBases-1), nil) })
	t.Run("Benefit", func(t *testing.T) { enumtest.RoundTrip[Benefit](t, enumtest.Upto(numBenefits-1), nil) })
	t.Run("Evidence", func(t *testing.T) { enumtest.RoundTrip[Evidence](t, enumtest.Upto(evidenceEnd-1), nil) })
	t.Run("NRPFGroup", func(t *testing.T) { enumtest.RoundTrip[NRPFGroup](t, enumtest.Upto(numNRPFGroups-1), nil) })
	t.Run("Status", func(t *testing.T) { enumtest.RoundTrip[Status](t, enumtest.Upto(numStatuses-1), nil) })
}
