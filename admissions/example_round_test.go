package admissions_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/events"
)

// An allocation run in January is kept in a RoundStore as a preview:
// parents see nothing until national offer day, an officer cannot publish
// early, and on the day the offers are published and the parents answer.
// A decline offers the place down the waiting list, and every step is
// recorded as events.
func ExampleRoundRecord() {
	ctx := context.Background()
	council := councilkit.MustParseCouncil("E06000047")
	scheme, apps := admissionstest.RoundScheme(council)
	clock := councilkit.NewFixedClock(time.Date(2027, time.January, 15, 10, 0, 0, 0, time.UTC))

	res, _ := admissions.Allocate(scheme, apps)
	rec, _ := admissions.NewRoundRecord(scheme, res, admissions.RoundRun{At: clock.Now(), Officer: "officer-7"})
	log := new(events.MemLog)
	rounds := &admissions.MemRoundStore{Events: log}
	if err := rounds.Create(ctx, council, rec); err != nil {
		panic(err)
	}
	fmt.Println("round", rec.ID, "offer day", rec.OfferDay)

	// A parent looks in January.
	_, err := rec.OfferFor("k1", clock.Now())
	fmt.Println("k1 in January:", errors.Is(err, admissions.ErrNotPublished))
	_, err = admissions.ModifyRound(ctx, rounds, council, rec.ID, func(r *admissions.RoundRecord) error {
		return r.Publish(clock.Now(), "officer-7")
	})
	fmt.Println("publish in January:", errors.Is(err, admissions.ErrBeforeOfferDay))

	// Offer day.
	clock.Set(time.Date(2027, time.March, 1, 7, 0, 0, 0, time.UTC))
	rec, err = admissions.ModifyRound(ctx, rounds, council, rec.ID, func(r *admissions.RoundRecord) error {
		return r.Publish(clock.Now(), "officer-7")
	})
	if err != nil {
		panic(err)
	}
	var first string
	for _, id := range []string{"k1", "k2", "k3", "k4"} {
		p, _ := rec.OfferFor(id, clock.Now())
		fmt.Printf("%s: %v (preference %d), respond by %s\n", id, p.School, p.Preference, p.RespondBy)
		if p.Preference == 1 {
			first = id
		}
	}

	// The child offered their first preference declines it.
	clock.Advance(48 * time.Hour)
	var changes []admissions.Change
	_, err = admissions.ModifyRound(ctx, rounds, council, rec.ID, func(r *admissions.RoundRecord) error {
		changes, err = r.Respond(first, false, clock.Now())
		return err
	})
	if err != nil {
		panic(err)
	}
	for _, ch := range changes[1:] {
		fmt.Printf("from the waiting list: %s offered %v, gives up %v\n", ch.ApplicationID, ch.To, ch.From)
	}
	fmt.Println("events:", log.Len())
	// Output:
	// round 2027-7 offer day 2027-03-01
	// k1 in January: true
	// publish in January: true
	// k1: 100001 (preference 1), respond by 2027-03-15
	// k2: 100003 (preference 3), respond by 2027-03-15
	// k3: 100003 (preference 3), respond by 2027-03-15
	// k4: 100002 (preference 2), respond by 2027-03-15
	// from the waiting list: k4 offered 100001, gives up 100002
	// from the waiting list: k2 offered 100002, gives up 100003
	// events: 17
}
