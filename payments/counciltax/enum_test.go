package counciltax

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
	t.Run("Nation", func(t *testing.T) { enumtest.RoundTrip[Nation](t, enumtest.Upto(Scotland), nil) })
	t.Run("Band", func(t *testing.T) { enumtest.RoundTrip[Band](t, enumtest.Upto(BandI), nil) })
	t.Run("DiscountKind", func(t *testing.T) { enumtest.RoundTrip[DiscountKind](t, enumtest.Upto(LocalDiscount), nil) })
	t.Run("PremiumKind", func(t *testing.T) { enumtest.RoundTrip[PremiumKind](t, enumtest.Upto(SecondHome), nil) })
	t.Run("PreceptKind", func(t *testing.T) { enumtest.RoundTrip[PreceptKind](t, enumtest.Upto(CombinedAuthority), nil) })
	t.Run("PremiumException", func(t *testing.T) { enumtest.RoundTrip[PremiumException](t, enumtest.Upto(ExceptionM), nil) })
	t.Run("ExemptClass", func(t *testing.T) { enumtest.RoundTrip[ExemptClass](t, enumtest.Upto(ClassW), nil) })
}
