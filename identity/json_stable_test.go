package identity

import (
	"testing"

	"github.com/lgds/councilkit/internal/jsontest"
)

// FuzzStoredJSON: for every type this package keeps or exchanges as
// JSON, encoding, decoding and encoding again gives the same bytes (the
// fault class of issue 15, finding 6: an omitzero struct whose empty but
// non-nil slice vanishes on the second encode).
func FuzzStoredJSON(f *testing.F) {
	types := []func(testing.TB, []byte) []byte{
		jsontest.Stable[Person],
		jsontest.Stable[Address],
		jsontest.Stable[Contact],
	}
	f.Add(uint8(0), []byte(`{}`))
	f.Add(uint8(0), []byte(`null`))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		types[int(which)%len(types)](t, data)
	})
}
