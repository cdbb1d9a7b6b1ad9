package calendar

import (
	"testing"

	"github.com/lgds/councilkit/internal/enumtest"
)

// Region, its zero value UnknownRegion included, has a readable name that
// String, MarshalText and JSON write alike and read back (issue 16).
func TestRegionRoundTrip(t *testing.T) {
	enumtest.RoundTrip[Region](t, []Region{UnknownRegion, EnglandAndWales, Scotland, NorthernIreland}, nil)
	if _, err := ParseRegion("unknown"); err == nil {
		t.Error(`ParseRegion("unknown") accepted: it reads GOV.UK division names only`)
	}
}
