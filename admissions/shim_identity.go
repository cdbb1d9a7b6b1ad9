package admissions

// Temporary stand-ins for the identity package's types, used until identity
// lands on main. They carry the same field names as the shared contract so
// that switching is a mechanical rename.

import "github.com/lgds/councilkit/calendar"

type gridPoint struct{ Easting, Northing float64 }

func (g gridPoint) IsZero() bool { return g.Easting == 0 && g.Northing == 0 }

type contact struct{ Email, Phone string }

type person struct {
	GivenNames, FamilyName string
	DateOfBirth            calendar.Date
	Contact                contact
}

type uprn string
type upn string

type address struct {
	Lines    []string
	Town     string
	Postcode string
	UPRN     uprn
	Grid     gridPoint
}
