package admissions_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
)

// A coordinated Year 7 round end to end: two schools, four children,
// reasons for a refusal, the waiting list, and the appeal deadline.
func Example() {
	oak, elm := admissions.MustParseURN("136001"), admissions.MustParseURN("136002")
	scheme := &admissions.Scheme{
		Council:        councilkit.MustParseCouncil("E06000047"),
		EntryYear:      admissions.Year7,
		SchoolYear:     2027,
		ClosingDate:    calendar.MustDate(2026, time.October, 31),
		OfferDate:      admissions.NationalOfferDay(admissions.Secondary, 2027, calendar.New(calendar.EnglandAndWales)),
		MaxPreferences: 6,
		TieBreak:       admissions.TieBreak{Seed: 20270301},
		Schools: []admissions.School{
			{URN: oak, Name: "Oak Academy", Phase: admissions.Secondary,
				PAN:      map[admissions.YearGroup]int{admissions.Year7: 2},
				Location: identity.GridPoint{Easting: 427000, Northing: 542000},
				Criteria: admissions.StandardCriteria()},
			{URN: elm, Name: "Elm School", Phase: admissions.Secondary,
				PAN:      map[admissions.YearGroup]int{admissions.Year7: 2},
				Location: identity.GridPoint{Easting: 429000, Northing: 542000},
				Criteria: admissions.StandardCriteria()},
		},
	}
	child := func(id string, east float64, prefs ...admissions.URN) admissions.Application {
		a := admissions.Application{ID: id, EntryYear: admissions.Year7, SchoolYear: 2027,
			Received: calendar.MustDate(2026, time.October, 20), Preferences: prefs}
		a.Home.Grid = identity.GridPoint{Easting: east, Northing: 542000}
		return a
	}
	apps := []admissions.Application{
		child("A1", 427100, oak, elm),
		child("A2", 427300, oak, elm),
		child("A3", 427900, oak, elm), // nearest Elm, but Oak is first choice
		child("A4", 428200, elm),
	}
	apps[2].SiblingsAt = []admissions.URN{elm}

	res, err := admissions.Allocate(scheme, apps)
	if err != nil {
		panic(err)
	}
	for i, o := range res.Outcomes {
		fmt.Printf("%s: %v (preference %d, %s)\n", res.ApplicationID(i), o.Offer, o.Preference, res.CriterionCode(o.Offer, o.Standing))
		for _, r := range res.Refusals(i) {
			fmt.Printf("  refused %v: last offer %s at %.0f m, this child %s at %.0f m\n", r.School,
				res.CriterionCode(r.School, r.LastOffered), r.LastOffered.DistanceMetres(),
				res.CriterionCode(r.School, r.Own), r.Own.DistanceMetres())
		}
	}
	for _, w := range res.WaitingList(oak) {
		fmt.Printf("Oak waiting list %d: %s\n", w.Position, w.ApplicationID)
	}

	terms, _ := admissions.NewTermDates([]admissions.Term{
		{Start: calendar.MustDate(2027, time.February, 22), End: calendar.MustDate(2027, time.March, 25)},
		{Start: calendar.MustDate(2027, time.April, 12), End: calendar.MustDate(2027, time.May, 28)},
	}, calendar.New(calendar.EnglandAndWales))
	deadline, _ := admissions.AppealDeadline(scheme.OfferDate, terms)
	fmt.Println("offer day", scheme.OfferDate, "appeals by", deadline)
	// Output:
	// A1: 136001 (preference 1, other)
	// A2: 136001 (preference 1, other)
	// A3: 136002 (preference 2, sibling)
	//   refused 136001: last offer other at 300 m, this child other at 900 m
	// A4: 136002 (preference 1, other)
	// Oak waiting list 1: A3
	// offer day 2027-03-01 appeals by 2027-04-13
}

// After offer day a Book tracks declines and offers from waiting lists.
func ExampleBook() {
	oak := admissions.MustParseURN("136001")
	scheme := &admissions.Scheme{
		EntryYear: admissions.Year7, SchoolYear: 2027,
		Schools: []admissions.School{{URN: oak, Phase: admissions.Secondary,
			PAN:      map[admissions.YearGroup]int{admissions.Year7: 1},
			Location: identity.GridPoint{Easting: 427000, Northing: 542000}}},
	}
	apps := make([]admissions.Application, 2)
	for i, id := range []string{"A1", "A2"} {
		apps[i] = admissions.Application{ID: id, EntryYear: admissions.Year7, SchoolYear: 2027, Preferences: []admissions.URN{oak}}
		apps[i].Home.Grid = identity.GridPoint{Easting: 427000 + float64(100*(i+1)), Northing: 542000}
	}
	res, _ := admissions.Allocate(scheme, apps)
	book, _ := admissions.NewBook(scheme, apps, res)
	changes, _ := book.Decline("A1")
	for _, c := range changes {
		fmt.Printf("%s: from %q to %q\n", c.ApplicationID, c.From.String(), c.To.String())
	}
	// Output:
	// A1: from "136001" to ""
	// A2: from "" to "136001"
}

// An in-year application's outcome is due 15 school days after it
// arrives.
func ExampleInYearOutcomeDue() {
	terms, _ := admissions.NewTermDates([]admissions.Term{
		{Start: calendar.MustDate(2027, time.April, 12), End: calendar.MustDate(2027, time.May, 28)},
	}, calendar.New(calendar.EnglandAndWales))
	due, _ := admissions.InYearOutcomeDue(calendar.MustDate(2027, time.April, 29), terms)
	fmt.Println(due)
	// Output: 2027-05-21
}

// feederSchool is a council's own criterion: children attending one of the
// school's named feeder primary schools. It lives in the council's code;
// package admissions needs no change.
type feederSchool struct {
	attends map[string]admissions.URN // application ID -> primary school attended
	feeders []admissions.URN
}

func (feederSchool) Code() string { return "feeder_primary" }

func (feederSchool) Describe() councilkit.Text {
	return councilkit.Text{English: "Children at a named feeder primary school", Welsh: "Plant mewn ysgol gynradd fwydo a enwir"}
}

func (f feederSchool) Meets(a *admissions.Application, _ *admissions.School) bool {
	return slices.Contains(f.feeders, f.attends[a.ID])
}

// A council adds its own oversubscription criterion by implementing
// Criterion.
func ExampleCriterion() {
	oak := admissions.MustParseURN("136001")
	feeder := feederSchool{attends: map[string]admissions.URN{"A2": 112233}, feeders: []admissions.URN{112233}}
	scheme := &admissions.Scheme{
		EntryYear: admissions.Year7, SchoolYear: 2027,
		Schools: []admissions.School{{URN: oak, Phase: admissions.Secondary,
			PAN:      map[admissions.YearGroup]int{admissions.Year7: 1},
			Location: identity.GridPoint{Easting: 427000, Northing: 542000},
			Criteria: []admissions.Criterion{admissions.LookedAfter{}, feeder, admissions.Sibling{}}}},
	}
	apps := make([]admissions.Application, 2)
	for i, id := range []string{"A1", "A2"} {
		apps[i] = admissions.Application{ID: id, EntryYear: admissions.Year7, SchoolYear: 2027, Preferences: []admissions.URN{oak}}
		apps[i].Home.Grid = identity.GridPoint{Easting: 427000 + float64(100*(i+1)), Northing: 542000}
	}
	res, _ := admissions.Allocate(scheme, apps)
	for i, o := range res.Outcomes {
		fmt.Printf("%s %q %q\n", res.ApplicationID(i), o.Offer.String(), res.CriterionCode(oak, o.Standing))
	}
	fmt.Println(res.ReasonText(res.Refusals(0)[0], councilkit.English))
	// Output:
	// A1 "" ""
	// A2 "136001" "feeder_primary"
	// 136001 (your preference number 1) could not offer a place. The last place went to a child in the category “Children at a named feeder primary school”, 0.200 km from the school. Your child is in the category “Other children”, 0.100 km from the school.
}
