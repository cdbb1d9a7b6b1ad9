package councilkit

import (
	"testing"

	"github.com/lgds/councilkit/internal/enumtest"
)

// CouncilKind, its zero value UnknownCouncilKind included, has a readable
// name that String, MarshalText and JSON write alike and read back (issue
// 16).
func TestCouncilKindRoundTrip(t *testing.T) {
	enumtest.RoundTrip[CouncilKind](t, []CouncilKind{UnknownCouncilKind, EnglishUnitary, EnglishDistrict,
		EnglishMetropolitanBorough, LondonBorough, EnglishCounty, WelshPrincipalArea, ScottishCouncilArea,
		NorthernIrishDistrict}, nil)
}
