package payments

import (
	"testing"

	"github.com/lgds/councilkit/internal/enumtest"
)

// Every enum in the package, its zero value included, has a readable name
// that String, MarshalText and JSON write the same way and that reads back
// to the same value (issue 16; the style guide, section 7, "Enum zero
// values"). StatusUnknown and RefundUnknown are "unknown", not "Status(0)".
func TestEnumsRoundTrip(t *testing.T) {
	t.Run("Status", func(t *testing.T) {
		enumtest.RoundTrip[Status](t, append([]Status{StatusUnknown}, AllStatuses()...), nil)
	})
	t.Run("RefundStatus", func(t *testing.T) {
		enumtest.RoundTrip[RefundStatus](t, []RefundStatus{RefundUnknown, RefundSubmitted, RefundSuccess, RefundError}, nil)
	})
	t.Run("RoundingMode", func(t *testing.T) {
		enumtest.RoundTrip[RoundingMode](t, []RoundingMode{RoundHalfUp, RoundHalfEven, RoundDown}, nil)
	})
}

// The GOV.UK Pay parsers read only GOV.UK Pay's statuses: the zero value's
// name is for councilkit's own records, not something a provider sends.
func TestParseRefusesUnknown(t *testing.T) {
	if _, err := ParseStatus("unknown"); err == nil {
		t.Error(`ParseStatus("unknown") accepted`)
	}
	if _, err := ParseRefundStatus("unknown"); err == nil {
		t.Error(`ParseRefundStatus("unknown") accepted`)
	}
}
