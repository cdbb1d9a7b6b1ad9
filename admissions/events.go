package admissions

import (
	"errors"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

// ChangeEvents returns the domain events that storing after over before
// records, for council c, caused by actor. before is nil for Create. It is
// pure: every Store calls it inside its write (the memory store under its
// lock, the PostgreSQL store inside the transaction) and stores the events
// with the change, or neither.
//
// An application records events.SchoolApplicationSubmitted when it is
// first stored with a Received date: by a Create with one, or by the
// Update that gives a draft (stored without one) its date. The event is
// dated the start of the Received day, UK time: the application keeps only
// the day. Other changes record no event: offers and waiting lists are not
// kept by a Store (see postgres.AdmissionsStore.SaveOffers), so their
// event types (SchoolOfferMade and the rest) are not recorded yet, and
// Delete records none. The data holds the application's ID, intake, the
// schools' URNs in the parent's order and the Received date: never the
// child's or parent's name, date of birth or address.
func ChangeEvents(c councilkit.Council, before, after *Application, actor events.Actor) ([]events.Event, error) {
	if after == nil {
		return nil, errors.New("admissions: ChangeEvents needs the application after the change")
	}
	if after.Received.IsZero() || (before != nil && !before.Received.IsZero()) {
		return nil, nil
	}
	prefs := make([]string, len(after.Preferences))
	for i, u := range after.Preferences {
		prefs[i] = u.String()
	}
	e, err := events.New(c, events.SchoolApplicationSubmitted, after.ID, after.Received.Time(calendar.London()), actor,
		events.SchoolApplication{
			ApplicationID: after.ID, SchoolYear: int(after.SchoolYear), EntryYear: after.EntryYear.String(),
			Preferences: prefs, Received: after.Received,
		})
	if err != nil {
		return nil, err
	}
	return []events.Event{e}, nil
}
