package admissions_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/events"
)

// FuzzRoundRecord feeds round records read from storage, however damaged
// (places naming schools not in the round, waiting lists naming unknown
// children, the same child twice), to the offer-day operations: they may
// refuse, but never panic, and a refused operation changes nothing.
func FuzzRoundRecord(f *testing.F) {
	rec := admissionstest.NewRoundRecord(admissionstest.Durham)
	rec.Result = nil
	seed, _ := json.Marshal(rec)
	f.Add(seed, "k1", true, int64(0))
	f.Add(seed, "k2", false, int64(3*24))
	f.Add([]byte(`{"id":"2027-7","school_year":2027,"entry_year":"7","offer_day":"2027-03-01","places":[{"application_id":"a","school":"100001","status":"offered","respond_by":"2027-03-15"},{"application_id":"a","school":"100001","status":"accepted","respond_by":"2027-03-15"}],"schools":[{"urn":"100001","pan":-1,"waiting":["a","zz","a"]},{"urn":"100001","pan":1}]}`), "a", false, int64(1))
	f.Fuzz(func(t *testing.T, data []byte, id string, accept bool, hours int64) {
		var r admissions.RoundRecord
		if json.Unmarshal(data, &r) != nil {
			return
		}
		at := admissionstest.RoundOffers.Add(time.Duration(hours%(24*60)) * time.Hour)
		_, _ = r.OfferFor(id, at)
		_, _ = r.Place(id)
		before := r.Clone()
		next := r.Clone()
		if _, err := next.Respond(id, accept, at); err != nil {
			if b, _ := json.Marshal(next); string(b) != string(mustMarshal(t, before)) {
				t.Fatalf("a refused Respond (%v) changed the record", err)
			}
			return
		}
		_, _ = admissions.RoundEvents(before, next, events.Actor{Kind: events.ActorResident})
		_ = next.Publish(at, "o")
	})
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
