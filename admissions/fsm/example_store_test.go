package fsm_test

import (
	"context"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

// A council records an application, decides it, and stores the decision
// with Modify; the store records the decision's event, which carries the
// outcome and its basis but not the parent's or child's details.
func ExampleMemStore() {
	ctx := events.WithActor(context.Background(), events.Actor{Kind: events.ActorOfficer, ID: "officer-12"})
	council := councilkit.MustParseCouncil("E06000047")
	store := new(fsm.MemStore)

	rec := &fsm.Record{ID: "FSM-2025-0042", Received: calendar.MustParseDate("2025-10-01")}
	rec.Application.Parent = exampleParent()
	rec.Application.Child = exampleChild("2016-03-02")
	rec.Application.Circumstances.Benefits = []fsm.Benefit{fsm.BenefitIncomeSupport}
	if err := store.Create(ctx, council, rec); err != nil {
		panic(err)
	}

	clock := councilkit.NewFixedClock(time.Date(2025, time.October, 2, 9, 30, 0, 0, time.UTC))
	stored, err := fsm.Modify(ctx, store, council, rec.ID, func(r *fsm.Record) error { return r.Decide(clock) })
	if err != nil {
		panic(err)
	}
	fmt.Println(stored.Decision.Eligible, stored.Decision.Basis, "review by", stored.Decision.ReviewOn, "version", stored.Version)

	evs, _ := store.EventLog().Subject(ctx, council, rec.ID)
	for _, r := range evs {
		fmt.Println(r.Event.Type.Short(), r.Event.Actor.ID, string(r.Event.Data))
	}
	// Output:
	// true income_support review by 2026-01-02 version 2
	// fsm.decision.made.v1 officer-12 {"application_id":"FSM-2025-0042","eligible":true,"basis":"income_support","rule_set":"england-2025-04-01","decided":"2025-10-02","review_on":"2026-01-02"}
}
