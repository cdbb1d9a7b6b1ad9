package main

import (
	"net/http"

	"github.com/lgds/councilkit"
)

// fictionalCouncil is the example portal's council. E06 is the GSS entity
// code for English unitary authorities; instance 000099 is not allocated to
// any real authority, so the code has the real format without naming one.
var fictionalCouncil = councilkit.MustParseCouncil("E06000099")

// councilProfiles are the councils this deployment serves, described once:
// every page header, page title, bill and the footer's contact details
// come from here, looked up by the request's council, never from text in a
// template. The council, its address, its telephone number (from Ofcom's
// range for drama, 01632 960xxx) and its .example addresses are made up.
// A deployment for real councils gives their own profiles; councilkit has
// no list of councils.
func councilProfiles() []councilkit.Profile {
	return []councilkit.Profile{{
		Council: fictionalCouncil,
		Name:    councilkit.Text{English: "Ashdown Vale Council", Welsh: "Cyngor Dyffryn Ashdown"},
		Address: councilkit.Text{
			English: "Civic Centre\nHigh Street\nAshdown\nAV1 1AA",
			Welsh:   "Canolfan Ddinesig\nStryd Fawr\nAshdown\nAV1 1AA",
		},
		Phone:        "01632 960 000",
		Email:        "contact@ashdownvale.example",
		Website:      "https://ashdownvale.example",
		OpeningHours: councilkit.Text{English: "Monday to Friday, 9am to 5pm", Welsh: "Dydd Llun i ddydd Gwener, 9yb i 5yp"},
	}}
}

// newDirectory checks the profiles and returns the portal's directory.
func newDirectory() (*councilkit.Directory, error) {
	return councilkit.NewDirectory(councilProfiles()...)
}

// councilOf returns the council a request is for. The portal serves one
// council; a deployment serving several would choose by host name or path
// here, and every page would follow.
func (s *server) councilOf(*http.Request) councilkit.Council { return s.seed.council }

// profileOf returns the profile of the request's council. A council the
// directory does not hold gets a profile with only its code, so pages name
// it by its GSS code rather than by another council's name.
func (s *server) profileOf(r *http.Request) councilkit.Profile {
	c := s.councilOf(r)
	p, err := s.councils.Profile(c)
	if err != nil {
		return councilkit.Profile{Council: c}
	}
	return p
}
