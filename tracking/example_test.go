package tracking_test

import (
	"context"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/tracking"
	"golang.org/x/text/language"
)

// A resident's timeline: a school place offered and a garden waste
// payment, most recent first, in English and Welsh.
func ExampleTracker_Timeline() {
	ctx := context.Background()
	durham := councilkit.MustParseCouncil("E06000047")
	log := new(events.MemLog)
	record := func(t events.Type, subject string, at time.Time, data any) {
		e, err := events.New(durham, t, subject, at, events.Actor{Kind: events.ActorSystem, ID: "example"}, data)
		if err == nil {
			err = log.Append(ctx, e)
		}
		if err != nil {
			panic(err)
		}
	}
	record(events.PaymentSucceeded, "pay-1", time.Date(2027, 2, 10, 9, 0, 0, 0, time.UTC),
		events.Payment{PaymentID: "pay-1", Reference: "GW-2027-0042", AmountPence: 4500, Status: "success"})
	record(events.SchoolApplicationSubmitted, "app-7", time.Date(2026, 10, 20, 18, 0, 0, 0, time.UTC),
		events.SchoolApplication{ApplicationID: "app-7", SchoolYear: 2027, EntryYear: "7", Received: calendar.MustParseDate("2026-10-20")})
	record(events.SchoolOfferMade, "app-7", time.Date(2027, 3, 1, 7, 0, 0, 0, time.UTC),
		events.SchoolOffer{ApplicationID: "app-7", School: "100001", Preference: 1,
			OfferDay: calendar.MustParseDate("2027-03-01"), RespondBy: calendar.MustParseDate("2027-03-15")})

	tr, err := tracking.New(log, tracking.Config{})
	if err != nil {
		panic(err)
	}
	tl, err := tr.Timeline(ctx, durham, []tracking.Ref{
		{Service: tracking.ServicePayment, ID: "pay-1"},
		{Service: tracking.ServiceSchoolApplication, ID: "app-7"},
	})
	if err != nil {
		panic(err)
	}
	for _, it := range tl.Items {
		for _, lang := range []language.Tag{councilkit.English, councilkit.Welsh} {
			line := it.Service.Label().In(lang) + ": " + it.Status.Label().In(lang) + "."
			if next := it.Next.In(lang); next != "" {
				line += " " + next
			}
			fmt.Println(line)
		}
	}
	// Output:
	// School application: Place offered. Accept or decline the place by 15 March 2027.
	// Cais am le mewn ysgol: Lle wedi’i gynnig. Derbyniwch neu wrthodwch y lle erbyn 15 Mawrth 2027.
	// Payment: Paid.
	// Taliad: Wedi talu.
}
