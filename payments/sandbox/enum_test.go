package sandbox

import (
	"testing"

	"github.com/lgds/councilkit/internal/enumtest"
)

// Outcome, its zero value OutcomeNone included, has a readable name that
// String, MarshalText and JSON write alike and read back (issue 16).
func TestOutcomeRoundTrip(t *testing.T) {
	enumtest.RoundTrip[Outcome](t, []Outcome{OutcomeNone, OutcomeSuccess, OutcomeDeclined, OutcomeExpired,
		OutcomeInvalidCVC, OutcomeError, OutcomeNotAccepted}, nil)
	if o, ok := CardOutcome("1234"); ok || o != OutcomeNone {
		t.Errorf("CardOutcome(not a mock card) = %v, %v", o, ok)
	}
}
