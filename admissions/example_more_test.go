package admissions_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
)

// Validate reports every problem with an application at once, each with a
// stable code and a message in English and Welsh. A late application is a
// warning, not an error.
func ExampleScheme_Validate() {
	scheme := &admissions.Scheme{
		EntryYear: admissions.Year7, SchoolYear: 2027, MaxPreferences: 3,
		ClosingDate: calendar.MustDate(2026, time.October, 31),
		Schools: []admissions.School{{URN: 136001, Phase: admissions.Secondary,
			PAN: map[admissions.YearGroup]int{admissions.Year7: 180}}},
	}
	a := &admissions.Application{
		ID: "A1", EntryYear: admissions.Year7, SchoolYear: 2027,
		Received:    calendar.MustDate(2026, time.November, 3),
		Preferences: []admissions.URN{136001, 136001, 999999},
	}
	a.Child = identity.Person{GivenNames: "Ada", FamilyName: "Lovelace", DateOfBirth: calendar.MustDate(2014, time.May, 1)}
	a.Home.Lines = []string{"1 High Street"}
	a.Home.Grid = identity.GridPoint{Easting: 427100, Northing: 542000}

	warnings, err := scheme.Validate(a)
	var ve *councilkit.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Printf("%s %s: %s\n", p.Field, p.Code, p.Message.Welsh)
		}
	}
	for _, w := range warnings {
		fmt.Printf("warning %s: %s\n", w.Code, w.Message.English)
	}
	// Output:
	// child.date_of_birth outside_cohort: Nid yw dyddiad geni'r plentyn yn yr ystod oedran ar gyfer y grŵp blwyddyn hwn
	// preferences[1] duplicate_school: Rydych chi eisoes wedi enwi'r ysgol hon; dewiswch ysgol wahanol
	// preferences[2] school_not_in_round: Nid yw'r ysgol hon yn rhan o'r cylch derbyn hwn
	// warning late_application: This application arrived after the closing date; it will be considered after on-time applications
}

// A summer-born child whose start in Reception was deferred a year stays
// with the younger cohort.
func ExampleYearGroupOf() {
	dob := calendar.MustDate(2022, time.June, 15)
	for _, deferred := range []bool{false, true} {
		g, _ := admissions.YearGroupOf(dob, 2027, deferred)
		fmt.Printf("2027/28, deferred %v: %v\n", deferred, g)
	}
	first, last := admissions.Cohort(admissions.Reception, 2027)
	fmt.Println("Reception 2027/28 cohort:", first, "to", last)
	// Output:
	// 2027/28, deferred false: Year 1
	// 2027/28, deferred true: Reception
	// Reception 2027/28 cohort: 2022-09-01 to 2023-08-31
}

// National offer day moves to the next working day when it falls on a
// weekend or a bank holiday.
func ExampleNationalOfferDay() {
	cal := calendar.New(calendar.EnglandAndWales)
	fmt.Println(admissions.NationalOfferDay(admissions.Secondary, 2026, cal))
	fmt.Println(admissions.NationalOfferDay(admissions.Primary, 2022, cal))
	fmt.Println(admissions.AcceptanceDeadline(calendar.MustDate(2027, time.March, 1)))
	// Output:
	// 2026-03-02
	// 2022-04-19
	// 2027-03-15
}

// Anyone holding the published seed can recompute a child's random draw.
func ExampleTieBreak_Draw() {
	single := admissions.TieBreak{Seed: 20270301}
	multiple := admissions.TieBreak{Seed: 20270301, Mode: admissions.MultipleTieBreak}
	fmt.Printf("%#016x %#016x\n", single.Draw("A1000000", 136001), single.Draw("A1000000", 136002))
	fmt.Println(multiple.Draw("A1000000", 136001) != multiple.Draw("A1000000", 136002))
	// Output:
	// 0x0d984820d31fa8ba 0x0d984820d31fa8ba
	// true
}

// MemStore keeps each council's applications apart.
func ExampleMemStore() {
	ctx := context.Background()
	durham := councilkit.MustParseCouncil("E06000047")
	cardiff := councilkit.MustParseCouncil("W06000015")
	store := admissions.NewMemStore()

	a := &admissions.Application{ID: "A1", EntryYear: admissions.Year7, SchoolYear: 2027, Preferences: []admissions.URN{136001}}
	if err := store.Create(ctx, durham, a); err != nil {
		panic(err)
	}
	got, _ := store.Get(ctx, durham, "A1")
	fmt.Println(got.ID, "version", got.Version)
	_, err := store.Get(ctx, cardiff, "A1")
	fmt.Println(errors.Is(err, admissions.ErrNotFound))

	// Two officers edit the same application: the second, saving a stale
	// copy, is told so instead of overwriting the first's change.
	first, _ := store.Get(ctx, durham, "A1")
	second, _ := store.Get(ctx, durham, "A1")
	first.Preferences = append(first.Preferences, 136002)
	fmt.Println(store.Update(ctx, durham, first))
	second.Faith = "christian"
	err = store.Update(ctx, durham, second)
	fmt.Println(errors.Is(err, admissions.ErrConflict), errors.Is(err, councilkit.ErrConflict))

	// Modify reads the current version and retries if someone else saves
	// first.
	got, _ = admissions.Modify(ctx, store, durham, "A1", func(a *admissions.Application) error {
		a.Faith = "christian"
		return nil
	})
	fmt.Println(got.Preferences, got.Faith, "version", got.Version)
	// Output:
	// A1 version 1
	// true
	// <nil>
	// true true
	// [136001 136002] christian version 3
}

// NewRound ranks once; Offers then runs the matching alone, without
// reasons or waiting lists, for what-if runs such as a changed PAN.
func ExampleNewRound() {
	oak := admissions.MustParseURN("136001")
	scheme := &admissions.Scheme{
		EntryYear: admissions.Year7, SchoolYear: 2027, TieBreak: admissions.TieBreak{Seed: 1},
		Schools: []admissions.School{{URN: oak, Phase: admissions.Secondary,
			PAN:      map[admissions.YearGroup]int{admissions.Year7: 1},
			Location: identity.GridPoint{Easting: 427000, Northing: 542000}}},
	}
	apps := make([]admissions.Application, 3)
	for i := range apps {
		apps[i] = admissions.Application{ID: fmt.Sprint("A", i+1), Preferences: []admissions.URN{oak}}
		apps[i].Home.Grid = identity.GridPoint{Easting: 427000 + float64(300-100*i), Northing: 542000}
	}
	round, err := admissions.NewRound(scheme, apps)
	if err != nil {
		panic(err)
	}
	for i, u := range round.Offers() {
		fmt.Printf("%s: %q\n", apps[i].ID, u.String())
	}
	// Output:
	// A1: ""
	// A2: ""
	// A3: "136001"
}
