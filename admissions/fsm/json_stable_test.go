package fsm

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"

	"github.com/lgds/councilkit/internal/jsontest"
)

// FuzzStoredJSON: for every type this package keeps or exchanges as
// JSON, encoding, decoding and encoding again gives the same bytes (the
// fault class of issue 15, finding 6: an omitzero struct whose empty but
// non-nil slice vanishes on the second encode).
func FuzzStoredJSON(f *testing.F) {
	types := []func(testing.TB, []byte) []byte{
		jsontest.Stable[Application],
		jsontest.Stable[Parent],
		jsontest.Stable[Child],
		jsontest.Stable[Circumstances],
		jsontest.Stable[Decision],
		jsontest.Stable[CheckRequest],
		jsontest.Stable[CheckResult],
		jsontest.Stable[RuleSet],
		jsontest.Stable[Record],
	}
	// A stored record with its decision.
	r := Record{ID: "r1", Received: calendar.MustParseDate("2025-10-01")}
	r.Application.Parent.Person.FamilyName = "Jones"
	r.Application.Parent.Person.DateOfBirth = calendar.MustParseDate("1985-01-01")
	r.Application.Parent.NINO = identity.MustParseNINO("AB123456C")
	r.Application.Child.Person.DateOfBirth = calendar.MustParseDate("2015-01-01")
	r.Application.Circumstances.Benefits = []Benefit{BenefitIncomeSupport}
	if err := r.Decide(councilkit.NewFixedClock(time.Date(2025, 10, 1, 9, 0, 0, 0, time.UTC))); err != nil {
		f.Fatal(err)
	}
	if b, err := json.Marshal(r); err == nil {
		f.Add(uint8(len(types)-1), b)
	}
	f.Add(uint8(0), []byte(`{}`))
	f.Add(uint8(0), []byte(`null`))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		types[int(which)%len(types)](t, data)
	})
}
