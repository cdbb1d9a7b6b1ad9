package admissions

import (
	"slices"
	"time"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

// RoundEvents returns the events of a change to a round from before to
// after, caused by actor: what a RoundStore records in the same step as
// the change. It reads nothing but its arguments (each event gets a new
// random ID). A record not yet published has no events; before is nil for
// a new record, which has none either.
//
//   - Publication (PublishedAt set by the change): one
//     events.SchoolOfferMade per child holding an offer, with OfferDay and
//     RespondBy, at PublishedAt.
//   - A response: events.SchoolOfferAccepted, or events.SchoolOfferDeclined
//     for the school declined.
//   - An offer from a waiting list: events.SchoolOfferMade, its OfferDay
//     the day it was offered.
//   - Every change of a child's place on a school's waiting list:
//     events.SchoolWaitingListMoved with the old and new positions (0 for
//     off the list). Publication tells each child on a list their place
//     (from position 0), so that a subscriber following the events knows
//     every list.
//
// Events other than publication's are at after.Changed. The actor of a
// publication nobody pressed Publish for (PublishedBy empty) is
// AutoPublisher. Each event's
// subject is the application ID, so a parent's timeline is
// events.Log.Subject(council, applicationID). The events hold no personal
// data: IDs, URNs, positions and dates.
func RoundEvents(before, after *RoundRecord, actor events.Actor) ([]events.Event, error) {
	if before == nil || after == nil || after.PublishedAt.IsZero() {
		return nil, nil
	}
	c := after.Council
	var evs []events.Event
	add := func(t events.Type, subject string, at time.Time, data any) error {
		e, err := events.New(c, t, subject, at, actor, data)
		if err == nil {
			evs = append(evs, e)
		}
		return err
	}
	offer := func(p *RoundPlace, school URN, offerDay, respondBy calendar.Date) *events.SchoolOffer {
		return &events.SchoolOffer{
			ApplicationID: p.ApplicationID, School: school.String(), Preference: prefOf(p.Preferences, school),
			OfferDay: offerDay, RespondBy: respondBy,
		}
	}
	if before.PublishedAt.IsZero() {
		// Offers published automatically on offer day (by the first
		// response) were published by the system, not by the parent.
		pubActor := actor
		if after.PublishedBy == "" {
			pubActor = AutoPublisher()
		}
		evs = make([]events.Event, 0, len(before.Places))
		for i := range before.Places {
			p := &before.Places[i]
			if p.School == 0 {
				continue
			}
			e, err := events.New(c, events.SchoolOfferMade, p.ApplicationID, after.PublishedAt, pubActor, offer(p, p.School, after.OfferDay, p.RespondBy))
			if err != nil {
				return nil, err
			}
			evs = append(evs, e)
		}
	}
	at := after.Changed
	if at.IsZero() {
		at = after.PublishedAt
	}
	beforeByID := placeIndex(before, after)
	var made []int
	for i := range after.Places {
		ap := &after.Places[i]
		bp := beforeByID(i)
		if bp == nil {
			continue
		}
		switch {
		case ap.Declined != 0 && ap.Declined != bp.Declined:
			if err := add(events.SchoolOfferDeclined, ap.ApplicationID, at, offer(ap, ap.Declined, bp.OfferedOn, bp.RespondBy)); err != nil {
				return nil, err
			}
		case ap.Status == Accepted && (bp.Status != Accepted || bp.School != ap.School):
			if err := add(events.SchoolOfferAccepted, ap.ApplicationID, at, offer(ap, ap.School, ap.OfferedOn, ap.RespondBy)); err != nil {
				return nil, err
			}
		}
		if ap.School != 0 && ap.School != bp.School {
			made = append(made, i)
		}
	}
	for _, i := range made {
		ap := &after.Places[i]
		if err := add(events.SchoolOfferMade, ap.ApplicationID, at, offer(ap, ap.School, ap.OfferedOn, ap.RespondBy)); err != nil {
			return nil, err
		}
	}
	published := before.PublishedAt.IsZero()
	for _, as := range after.Schools {
		var old []string
		for _, bs := range before.Schools {
			if bs.URN == as.URN && !published {
				old = bs.Waiting
				break
			}
		}
		if err := waitingMoves(as.URN, old, as.Waiting, func(m *events.WaitingListMove) error {
			return add(events.SchoolWaitingListMoved, m.ApplicationID, at, m)
		}); err != nil {
			return nil, err
		}
	}
	return evs, nil
}

// AutoPublisher returns the actor of the offer-made events of a round
// published automatically on offer day, by the first parent's response.
func AutoPublisher() events.Actor {
	return events.Actor{Kind: events.ActorSystem, ID: "admissions.offer-day"}
}

// placeIndex returns a function giving, for the i'th place of after, the
// same child's place in before, or nil: by position when the records list
// the children in the same order (they do unless Rerun changed them), by
// ID otherwise.
func placeIndex(before, after *RoundRecord) func(i int) *RoundPlace {
	var byID map[string]int
	return func(i int) *RoundPlace {
		id := after.Places[i].ApplicationID
		if i < len(before.Places) && before.Places[i].ApplicationID == id {
			return &before.Places[i]
		}
		if byID == nil {
			byID = make(map[string]int, len(before.Places))
			for j := range before.Places {
				byID[before.Places[j].ApplicationID] = j
			}
		}
		if j, ok := byID[id]; ok {
			return &before.Places[j]
		}
		return nil
	}
}

// waitingMoves reports every child whose position on a waiting list
// changed from old to now: those on the new list first, in its order, then
// those who left it, in the old list's order.
func waitingMoves(school URN, old, now []string, emit func(*events.WaitingListMove) error) error {
	if slices.Equal(old, now) {
		return nil
	}
	was := make(map[string]int, len(old))
	for j, id := range old {
		was[id] = j + 1
	}
	is := make(map[string]int, len(now))
	for j, id := range now {
		is[id] = j + 1
		if was[id] != j+1 {
			if err := emit(&events.WaitingListMove{ApplicationID: id, School: school.String(), Position: j + 1, PreviousPosition: was[id]}); err != nil {
				return err
			}
		}
	}
	for j, id := range old {
		if is[id] == 0 {
			if err := emit(&events.WaitingListMove{ApplicationID: id, School: school.String(), Position: 0, PreviousPosition: j + 1}); err != nil {
				return err
			}
		}
	}
	return nil
}

// prefOf is the school's place in the parent's order, 1 for first, or 0.
func prefOf(prefs []URN, school URN) int {
	for i, u := range prefs {
		if u == school {
			return i + 1
		}
	}
	return 0
}
