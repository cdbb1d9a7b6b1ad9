package admissions_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/events"
)

func TestMemStore(t *testing.T) {
	admissionstest.RunStoreTests(t, func(t *testing.T) admissions.Store {
		return admissions.NewMemStore()
	})
	// The zero value works too.
	admissionstest.RunStoreTests(t, func(t *testing.T) admissions.Store {
		return new(admissions.MemStore)
	})
	// So does a store recording into a log it is given.
	admissionstest.RunStoreTests(t, func(t *testing.T) admissions.Store {
		return &admissions.MemStore{Events: new(events.MemLog)}
	})
}

type failingAppender struct{}

func (failingAppender) Append(context.Context, ...events.Event) error {
	return errors.New("log unavailable")
}

// If the events cannot be recorded, the change is not made.
func TestMemStoreNoChangeWithoutEvents(t *testing.T) {
	ctx := context.Background()
	c := admissionstest.Durham
	s := &admissions.MemStore{Events: failingAppender{}}
	if err := s.Create(ctx, c, admissionstest.NewApplication(c, "a1")); err == nil {
		t.Error("Create succeeded though its event could not be recorded")
	}
	if _, err := s.Get(ctx, c, "a1"); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("the application was stored without its event: %v", err)
	}
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
