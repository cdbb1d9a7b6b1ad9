package admissions_test

import (
	"testing"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/events"
)

func TestMemRoundStoreConformance(t *testing.T) {
	admissionstest.RunRoundStoreTests(t, func(*testing.T) (admissions.RoundStore, events.Log) {
		s := new(admissions.MemRoundStore)
		return s, s.EventLog()
	})
}

// TestMemRoundStoreEventsField runs the suite with the events going to a
// log the caller gives.
func TestMemRoundStoreEventsField(t *testing.T) {
	admissionstest.RunRoundStoreTests(t, func(*testing.T) (admissions.RoundStore, events.Log) {
		log := new(events.MemLog)
		return &admissions.MemRoundStore{Events: log}, log
	})
}
