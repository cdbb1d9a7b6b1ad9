package eventstest_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/events/eventstest"
)

func TestValidate(t *testing.T) {
	e, err := events.New(councilkit.MustParseCouncil("E06000047"), events.PaymentCreated, "p1", time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC),
		events.Actor{Kind: events.ActorSystem}, events.Payment{PaymentID: "p1", AmountPence: 100})
	if err != nil {
		t.Fatal(err)
	}
	if err := eventstest.Validate(e); err != nil {
		t.Fatalf("a valid event: %v", err)
	}
	for name, edit := range map[string]func(*events.Event){
		"data of another type": func(e *events.Event) { e.Data = json.RawMessage(`{"payment_id":"p1"}`) },
		"unknown data field":   func(e *events.Event) { e.Data = json.RawMessage(`{"surprise":1}`) },
		"bad source":           func(e *events.Event) { e.Source = "/somewhere" },
		"bad actor":            func(e *events.Event) { e.Actor.Kind = "robot" },
	} {
		bad := e
		edit(&bad)
		if eventstest.Validate(bad) == nil {
			t.Errorf("Validate accepts an event with %s", name)
		}
	}
}
