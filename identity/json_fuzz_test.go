package identity

import (
	"encoding/json"
	"testing"
)

// FuzzUnmarshalJSON feeds arbitrary JSON to every identifier and to Address
// and Person: decoding must never panic, and whatever decodes must encode
// and decode again to the same value.
func FuzzUnmarshalJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		roundTrip(t, data, new(NINO))
		roundTrip(t, data, new(Postcode))
		roundTrip(t, data, new(UPRN))
		roundTrip(t, data, new(USRN))
		roundTrip(t, data, new(NHSNumber))
		roundTrip(t, data, new(UPN))
		var a Address
		if json.Unmarshal(data, &a) == nil {
			b, err := json.Marshal(a)
			if err != nil {
				t.Fatalf("Address re-encode: %v", err)
			}
			var again Address
			if err := json.Unmarshal(b, &again); err != nil || again.Postcode != a.Postcode || again.UPRN != a.UPRN {
				t.Fatalf("Address %s does not round-trip: %v", b, err)
			}
		}
		var p Person
		if json.Unmarshal(data, &p) == nil {
			b, _ := json.Marshal(p)
			var again Person
			if err := json.Unmarshal(b, &again); err != nil || again.DateOfBirth != p.DateOfBirth || again.FamilyName != p.FamilyName {
				t.Fatalf("Person %s does not round-trip: %v", b, err)
			}
		}
	})
}

func roundTrip[T comparable](t *testing.T, data []byte, v *T) {
	if json.Unmarshal(data, v) != nil {
		return
	}
	b, err := json.Marshal(*v)
	if err != nil {
		t.Fatalf("%T re-encode: %v", *v, err)
	}
	var again T
	if err := json.Unmarshal(b, &again); err != nil || again != *v {
		t.Fatalf("%T: %s does not round-trip: %v", *v, b, err)
	}
}
