package planning_test

import (
	"testing"

	"github.com/lgds/councilkit/internal/jsontest"
	"github.com/lgds/councilkit/planning"
)

// FuzzStoredJSON: for every type this package keeps or exchanges as
// JSON, encoding, decoding and encoding again gives the same bytes (the
// fault class of issue 15, finding 6: an omitzero struct whose empty but
// non-nil slice vanishes on the second encode).
func FuzzStoredJSON(f *testing.F) {
	types := []func(testing.TB, []byte) []byte{
		jsontest.Stable[planning.Application],
		jsontest.Stable[planning.Party],
		jsontest.Stable[planning.Site],
		jsontest.Stable[planning.Proposal],
		jsontest.Stable[planning.Ownership],
		jsontest.Stable[planning.Document],
		jsontest.Stable[planning.Fee],
		jsontest.Stable[planning.ValidationRequest],
	}
	f.Add(uint8(0), []byte(`{}`))
	f.Add(uint8(0), []byte(`null`))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		types[int(which)%len(types)](t, data)
	})
}
