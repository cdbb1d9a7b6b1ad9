package admissions

import (
	"testing"

	"github.com/lgds/councilkit/internal/jsontest"
)

// storedJSON lists the admissions types that are kept or exchanged as JSON,
// each with a function that checks one input with jsontest.Stable.
var storedJSON = []func(testing.TB, []byte) []byte{
	jsontest.Stable[Application],
	jsontest.Stable[Need],
	jsontest.Stable[School],
	jsontest.Stable[Outcome],
	jsontest.Stable[Standing],
	jsontest.Stable[Refusal],
	jsontest.Stable[Change],
	jsontest.Stable[TermDates],
}

// TestStoredJSONStable: encoding, decoding and encoding again gives the same
// bytes (issue 15, finding 6). {"exceptional_need":{"schools":[]}} used to
// encode as "exceptional_need":{}, which decoded to the zero Need and then
// vanished on the next encode. The other inputs are its neighbours: every
// empty array, object and null in the nested documents.
func TestStoredJSONStable(t *testing.T) {
	for _, in := range []string{
		`{"exceptional_need":{"schools":[]}}`,
		`{"exceptional_need":{"schools":[],"evidence":""}}`,
		`{"exceptional_need":{"schools":null}}`,
		`{"exceptional_need":{}}`,
		`{"exceptional_need":{"evidence":"GP letter"}}`,
		`{"schools":[]}`,
		`{"siblings_at":[],"staff_at":[],"preferences":[]}`,
		`{"siblings_at":null,"staff_at":null,"preferences":null}`,
		`{"child":{"contact":{}},"parent":{"contact":{"email":""}}}`,
		`{"home":{"lines":[],"grid":{},"lat_lon":{}}}`,
		`{"home":{"lines":null,"grid":{"easting":-0},"lat_lon":{"lat":-0,"lon":0}}}`,
		`{"upn":""}`,
		`{}`,
		`null`,
	} {
		for _, check := range storedJSON {
			check(t, []byte(in))
		}
	}
}

// FuzzStoredJSON checks the same property for any input and every type in
// storedJSON.
func FuzzStoredJSON(f *testing.F) {
	f.Add(uint8(0), []byte(`{"exceptional_need":{"schools":[]}}`))
	f.Add(uint8(1), []byte(`{"schools":[],"evidence":""}`))
	f.Add(uint8(0), []byte(`{"home":{"lines":[],"grid":{"easting":-0}},"child":{"contact":{}}}`))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		storedJSON[int(which)%len(storedJSON)](t, data)
	})
}
