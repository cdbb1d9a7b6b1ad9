package counciltax

import (
	"testing"

	"github.com/lgds/councilkit/internal/enumtest"
)

// every returns each value of an enum from its zero value up to last.
func every[T ~uint8](last T) []T {
	out := make([]T, 0, int(last)+1)
	for v := T(0); ; v++ {
		out = append(out, v)
		if v == last {
			return out
		}
	}
}

// Every enum in the package, its zero value included, has a readable name
// that String, MarshalText and JSON write the same way and that reads back
// to the same value (issue 16: "every enum must name its zero value
// readably in errors and JSON, and encode the same way whether it is zero
// or not").
func TestEnumsRoundTrip(t *testing.T) {
	t.Run("Nation", func(t *testing.T) { enumtest.RoundTrip[Nation](t, every(Scotland), nil) })
	t.Run("Band", func(t *testing.T) { enumtest.RoundTrip[Band](t, every(BandI), nil) })
	t.Run("DiscountKind", func(t *testing.T) { enumtest.RoundTrip[DiscountKind](t, every(LocalDiscount), nil) })
	t.Run("PremiumKind", func(t *testing.T) { enumtest.RoundTrip[PremiumKind](t, every(SecondHome), nil) })
	t.Run("PreceptKind", func(t *testing.T) { enumtest.RoundTrip[PreceptKind](t, every(CombinedAuthority), nil) })
	t.Run("PremiumException", func(t *testing.T) { enumtest.RoundTrip[PremiumException](t, every(ExceptionM), nil) })
	t.Run("ExemptClass", func(t *testing.T) { enumtest.RoundTrip[ExemptClass](t, every(ClassW), nil) })
}
