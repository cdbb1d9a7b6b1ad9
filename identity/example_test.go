package identity_test

import (
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
)

func ExampleParsePostcode() {
	p, err := identity.ParsePostcode(" sw1a1aa ")
	if err != nil {
		panic(err)
	}
	fmt.Println(p)
	fmt.Println(p.Area(), p.District(), p.Sector(), p.Inward())

	_, err = identity.ParsePostcode("SW1A 1CA") // C is never an inward letter
	fmt.Println(errors.Is(err, identity.ErrInvalidPostcode))
	// Output:
	// SW1A 1AA
	// SW SW1A SW1A 1 1AA
	// true
}

func ExampleParseNINO() {
	n, err := identity.ParseNINO("ab 12 34 56 c")
	if err != nil {
		panic(err)
	}
	fmt.Println(n, n.Spaced(), n.Redacted())

	// HMRC's own example, QQ 12 34 56 C, is deliberately not a valid
	// number. The error says why without repeating the number, and carries
	// a message for the form in English and Welsh.
	_, err = identity.ParseNINO("QQ 12 34 56 C")
	fmt.Println(err)
	fmt.Println(identity.ProblemFor("nino", err).Message.In(councilkit.Welsh))
	// Output:
	// AB123456C AB 12 34 56 C AB******C
	// identity: invalid National Insurance number: prefix is not used for National Insurance numbers
	// Rhowch rif Yswiriant Gwladol yn y fformat cywir, fel QQ 12 34 56 C
}

func ExampleParseNHSNumber() {
	n, err := identity.ParseNHSNumber("943 476 5919")
	fmt.Println(n, n.Spaced(), err)
	_, err = identity.ParseNHSNumber("943 476 5918")
	fmt.Println(err)
	// Output:
	// 9434765919 943 476 5919 <nil>
	// identity: invalid NHS number: check digit does not match
}

func ExampleParseUPN() {
	u, err := identity.ParseUPN("B801200005001")
	fmt.Println(u.LocalAuthority(), u.IsTemporary(), err)
	t, err := identity.ParseUPN("M80120000500A")
	fmt.Println(t.IsTemporary(), err)
	// Output:
	// 801 false <nil>
	// true <nil>
}

func ExampleLatLon_ToGrid() {
	// A phone's position, converted to the National Grid to measure a
	// crow-flies distance in metres.
	home := identity.LatLon{Lat: 51.4816, Lon: -3.1791}.ToGrid()
	school := identity.LatLon{Lat: 51.4875, Lon: -3.1700}.ToGrid()
	fmt.Printf("%.0f m\n", home.DistanceTo(school))
	// Output:
	// 911 m
}

func ExampleMatchPeople() {
	resident := identity.Candidate{
		GivenNames: "Siân Elin", FamilyName: "O'Brien-Jones",
		DateOfBirth: calendar.MustDate(2012, 3, 7), Postcode: identity.MustParsePostcode("CF10 1NS"),
	}
	schoolRecord := identity.Candidate{
		GivenNames: "SIAN", FamilyName: "OBrien Jones",
		DateOfBirth: calendar.MustDate(2012, 3, 7), Postcode: identity.MustParsePostcode("cf10 1ns"),
	}
	m := identity.MatchPeople(resident, schoolRecord)
	fmt.Println(m.Level)
	for _, f := range m.Fields() {
		fmt.Printf("%s: %s (%s)\n", f.Field, f.Outcome, f.Reason)
	}
	// Output:
	// strong
	// family_name: agree (same name)
	// given_names: partial (first given name agrees)
	// date_of_birth: agree (same date)
	// postcode: agree (same postcode)
}

func ExamplePerson_LogValue() {
	p := identity.Person{
		GivenNames: "Siân", FamilyName: "Jones", DateOfBirth: calendar.MustDate(2012, 3, 7),
		Contact: identity.Contact{Email: "sian.jones@example.com"},
	}
	log := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{} // keep the example's output stable
			}
			return a
		},
	}))
	log.Info("application received", "applicant", p, "nino", identity.MustParseNINO("AB123456C"))
	// Output:
	// level=INFO msg="application received" applicant.given_names=S*** applicant.family_name=J*** applicant.date_of_birth_known=true applicant.contact.email=***@example.com applicant.contact.phone="" nino=AB******C
}
