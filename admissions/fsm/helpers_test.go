package fsm

import (
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
	"testing"

	"github.com/lgds/councilkit/calendar"
)

func d(s string) calendar.Date { return calendar.MustParseDate(s) }

func testParent(t testing.TB) Parent {
	t.Helper()
	return Parent{
		Person: identity.Person{GivenNames: "Sam", FamilyName: "Jones", DateOfBirth: d("1990-01-01")},
		NINO:   identity.MustParseNINO("AB123456C"),
	}
}

func testNASSParent(t testing.TB) Parent {
	t.Helper()
	n, err := ParseNASSNumber("240712349")
	if err != nil {
		t.Fatal(err)
	}
	return Parent{
		Person: identity.Person{GivenNames: "Amal", FamilyName: "Haddad", DateOfBirth: d("1988-06-01")},
		NASS:   n,
	}
}

func testChild(dob string) Child {
	return Child{Person: identity.Person{GivenNames: "Alex", FamilyName: "Jones", DateOfBirth: d(dob)}}
}

func amt(p int64) *payments.Amount { a := payments.Pence(p); return &a }

func pence(ps ...int64) []payments.Amount {
	out := make([]payments.Amount, len(ps))
	for i, p := range ps {
		out[i] = payments.Pence(p)
	}
	return out
}

func zeroDate() calendar.Date { return calendar.Date{} }
