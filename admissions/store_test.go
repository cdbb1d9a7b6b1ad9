package admissions_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
)

func TestMemStore(t *testing.T) {
	admissionstest.RunStoreTests(t, func(t *testing.T) admissions.Store {
		return admissions.NewMemStore()
	})
	// The zero value works too.
	admissionstest.RunStoreTests(t, func(t *testing.T) admissions.Store {
		return new(admissions.MemStore)
	})
}

func TestApplicationJSONRoundTrip(t *testing.T) {
	_, apps := admissionstest.Generate(admissionstest.LocalRound())
	for i := range 20 {
		a := apps[i*17]
		b, err := json.Marshal(&a)
		if err != nil {
			t.Fatal(err)
		}
		var back admissions.Application
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !reflect.DeepEqual(&back, &a) {
			t.Fatalf("round trip changed the application:\n%+v\n%+v", back, a)
		}
	}
}
