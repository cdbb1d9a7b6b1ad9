package identity

import (
	"database/sql"
	"database/sql/driver"
	"encoding"
	"errors"
	"fmt"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

type codec interface {
	fmt.Stringer
	encoding.TextMarshaler
	driver.Valuer
}

// Every identifier behaves alike: the zero value is empty text and SQL
// NULL, a valid value survives text and SQL round trips, and NULL scans
// back to zero.
func TestIdentifierCodecs(t *testing.T) {
	for _, tc := range []struct {
		zero, valid codec
		text        string
		fresh       func() interface {
			encoding.TextUnmarshaler
			sql.Scanner
		}
	}{
		{NINO{}, MustParseNINO("AB123456C"), "AB123456C", func() interface {
			encoding.TextUnmarshaler
			sql.Scanner
		} {
			return new(NINO)
		}},
		{Postcode{}, MustParsePostcode("EC1A 1BB"), "EC1A 1BB", func() interface {
			encoding.TextUnmarshaler
			sql.Scanner
		} {
			return new(Postcode)
		}},
		{UPRN{}, MustParseUPRN("100023336956"), "100023336956", func() interface {
			encoding.TextUnmarshaler
			sql.Scanner
		} {
			return new(UPRN)
		}},
		{USRN{}, mustUSRN(t, "8400813"), "8400813", func() interface {
			encoding.TextUnmarshaler
			sql.Scanner
		} {
			return new(USRN)
		}},
		{NHSNumber{}, MustParseNHSNumber("9434765919"), "9434765919", func() interface {
			encoding.TextUnmarshaler
			sql.Scanner
		} {
			return new(NHSNumber)
		}},
		{UPN{}, MustParseUPN("B801200005001"), "B801200005001", func() interface {
			encoding.TextUnmarshaler
			sql.Scanner
		} {
			return new(UPN)
		}},
	} {
		name := fmt.Sprintf("%T", tc.zero)
		if tc.zero.String() != "" {
			t.Errorf("%s: zero String = %q", name, tc.zero.String())
		}
		if b, _ := tc.zero.MarshalText(); len(b) != 0 {
			t.Errorf("%s: zero text = %q", name, b)
		}
		if v, _ := tc.zero.Value(); v != nil {
			t.Errorf("%s: zero Value = %v", name, v)
		}
		b, err := tc.valid.MarshalText()
		if err != nil || string(b) != tc.text || tc.valid.String() != tc.text {
			t.Errorf("%s: text %q, String %q, %v", name, b, tc.valid.String(), err)
		}
		u := tc.fresh()
		if err := u.UnmarshalText(b); err != nil || fmt.Sprint(u) != tc.text {
			t.Errorf("%s: UnmarshalText = %v, %v", name, u, err)
		}
		v, _ := tc.valid.Value()
		s := tc.fresh()
		if err := s.Scan(v); err != nil || fmt.Sprint(s) != tc.text {
			t.Errorf("%s: Scan(Value) = %v, %v", name, s, err)
		}
		if err := s.Scan(nil); err != nil || fmt.Sprint(s) != "" {
			t.Errorf("%s: Scan(nil) = %v, %v", name, s, err)
		}
		if err := s.Scan(3.5); err == nil {
			t.Errorf("%s: Scan(float64) accepted", name)
		}
		if err := u.UnmarshalText([]byte("not valid at all")); err == nil {
			t.Errorf("%s: UnmarshalText accepted junk", name)
		}
	}
}

func mustUSRN(t *testing.T, s string) USRN {
	u, err := ParseUSRN(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestPersonSQLAndFullName(t *testing.T) {
	p := Person{GivenNames: " Siân Elin ", FamilyName: "Jones", DateOfBirth: calendar.MustDate(2012, 3, 7)}
	if p.FullName() != "Siân Elin Jones" {
		t.Errorf("FullName = %q", p.FullName())
	}
	v, err := p.Value()
	if err != nil {
		t.Fatal(err)
	}
	q := Person{FamilyName: "stale"}
	if err := q.Scan([]byte(v.(string))); err != nil || q.FamilyName != "Jones" || q.DateOfBirth != p.DateOfBirth {
		t.Errorf("Scan = %+v, %v", q, err)
	}
	if err := q.Scan(nil); err != nil || q.FamilyName != "" {
		t.Errorf("Scan(nil) left %+v", q)
	}
	if err := q.Scan(42); err == nil {
		t.Errorf("Scan(int) accepted")
	}
}

func TestLatLonCodecs(t *testing.T) {
	p := LatLon{Lat: 51.501009, Lon: -0.141588}
	if p.String() != "51.501009,-0.141588" {
		t.Errorf("String = %q", p.String())
	}
	v, _ := p.Value()
	if v != "SRID=4326;POINT(-0.141588 51.501009)" {
		t.Errorf("Value = %v", v)
	}
	var q LatLon
	if err := q.Scan(v); err != nil || q != p {
		t.Errorf("Scan = %v, %v", q, err)
	}
	if (LatLon{}).String() != "" || (GridPoint{}).String() != "" {
		t.Errorf("zero points have text")
	}
}

// Contact checks are deliberately loose, as the GOV.UK Design System's
// email address and telephone number patterns advise: a local part, @ and a
// dotted domain; 10 to 15 digits (E.164 allows at most 15) with an optional
// leading +, spaces, hyphens and brackets.
func TestContactValidate(t *testing.T) {
	for _, tc := range []struct {
		c           Contact
		email, phon bool
	}{
		{Contact{Email: "name@example.com", Phone: "01632 960 001"}, true, true},
		{Contact{Email: "name.surname+tag@sub.example.gov.uk", Phone: "+44 808 157 0192"}, true, true},
		{Contact{Phone: "(01632) 960-001"}, true, true},
		{Contact{}, true, true},
		{Contact{Email: "name@example", Phone: "960 001"}, false, false},
		{Contact{Email: "name example.com", Phone: "01632 960 001 ext 5"}, false, false},
		{Contact{Email: "@example.com", Phone: "+44 (0) 808 157 0192 0192 0192"}, false, false},
		{Contact{Email: "a@b@example.com"}, false, true},
		{Contact{Email: "a@.example.com"}, false, true},
		{Contact{Email: "a@example..com"}, false, true},
		{Contact{Phone: "0163+2960001"}, true, false},
	} {
		err := tc.c.Validate()
		var ve *councilkit.ValidationError
		if err != nil && !errors.As(err, &ve) {
			t.Fatalf("%+v: %v", tc.c, err)
		}
		if got := ve == nil || !ve.Has("email", ""); got != tc.email {
			t.Errorf("%+v: email valid = %v", tc.c, got)
		}
		if got := ve == nil || !ve.Has("phone", ""); got != tc.phon {
			t.Errorf("%+v: phone valid = %v", tc.c, got)
		}
	}
	r := Contact{Email: "name@example.com", Phone: "07700 900982"}.Redacted()
	if r.Email != "***@example.com" || r.Phone != "********82" {
		t.Errorf("Redacted = %+v", r)
	}
}
