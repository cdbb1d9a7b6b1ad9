package fsm

import "github.com/lgds/councilkit/calendar"

// Temporary stand-ins for identity.Person and identity.NINO until the
// identity package lands on main.

type personShim struct {
	GivenNames, FamilyName string
	DateOfBirth            calendar.Date
}

type ninoShim struct{ s string }

func ninoString(n ninoShim) string { return n.s }

func parseNINO(s string) (ninoShim, error) { return ninoShim{s}, nil }

func (n ninoShim) IsZero() bool { return n.s == "" }
