package admissions

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

// fuzzScheme is a small round the fuzzed applications are checked against.
func fuzzScheme() *Scheme {
	tn := newTiny(1, 2)
	tn.s.Schools = append(tn.s.Schools, School{URN: 300001, Phase: Primary, PAN: map[YearGroup]int{Reception: 30}})
	return tn.s
}

// FuzzApplicationJSON decodes arbitrary JSON as an application, as a portal
// or a store would, then validates and allocates it. Whatever the input:
// no panic; every problem has a stable code and a message in English and
// Welsh; no error or problem echoes the child's name; the decoded value
// re-encodes to the same JSON; and a round with it stays within capacity.
func FuzzApplicationJSON(f *testing.F) {
	f.Add([]byte(`{"id":"A1","child":{"given_names":"Ada","family_name":"Lovelace","date_of_birth":"2016-01-10"},"home":{"lines":["1 High St"],"grid":{"easting":400100,"northing":300000}},"entry_year":"7","school_year":2027,"preferences":["200001","200002"],"received":"2026-10-01"}`))
	f.Add([]byte(`{"id":"A2","preferences":["200001","200001","999999","012345"],"home":{"lat_lon":{"lat":54.77,"lon":-1.57}},"deferred":true,"siblings_at":["200002"]}`))
	f.Add([]byte(`{"entry_year":"R","school_year":2027,"child":{"date_of_birth":"2022-06-15"},"deferred":true,"preferences":["300001"]}`))
	f.Add([]byte(`{"preferences":[]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a Application
		if err := json.Unmarshal(data, &a); err != nil {
			return
		}
		s := fuzzScheme()
		warnings, err := s.Validate(&a)
		var ve *councilkit.ValidationError
		if err != nil && !errors.As(err, &ve) {
			t.Fatalf("Validate error %T %v is not a *ValidationError", err, err)
		}
		var problems []councilkit.Problem
		if ve != nil {
			problems = ve.Problems
		}
		for _, p := range append(problems, warnings...) {
			if p.Code == "" || p.Message.English == "" || p.Message.Welsh == "" {
				t.Fatalf("problem %+v lacks a code or a message", p)
			}
			for _, secret := range []string{a.Child.GivenNames, a.Child.FamilyName} {
				if len(secret) > 3 && strings.Contains(p.Message.English+p.Message.Welsh+p.Field, secret) {
					t.Fatalf("problem %+v echoes personal data", p)
				}
			}
		}
		if err != nil && len(a.Child.FamilyName) > 3 && strings.Contains(err.Error(), a.Child.FamilyName) {
			t.Fatalf("error echoes the child's name: %v", err)
		}

		// Re-encoding is stable.
		b1, err := json.Marshal(&a)
		if err != nil {
			return // e.g. a year group out of range decoded from a number
		}
		var back Application
		if err := json.Unmarshal(b1, &back); err != nil {
			t.Fatalf("re-decoding %s: %v", b1, err)
		}
		b2, _ := json.Marshal(&back)
		if !bytes.Equal(b1, b2) {
			t.Fatalf("JSON round trip changed the application:\n%s\n%s", b1, b2)
		}

		// Allocate never panics and respects capacity.
		other := Application{ID: "other", Preferences: []URN{200001, 200002}, Received: s.ClosingDate}
		other.Home.Grid.Easting, other.Home.Grid.Northing = 400500, 300000
		res, err := Allocate(s, []Application{a, other})
		if err != nil {
			t.Fatal(err)
		}
		for _, sr := range res.Schools {
			if sr.Ranked+sr.Nearest > max(sr.PAN-sr.EHC, 0) {
				t.Fatalf("school %v over capacity: %+v", sr.URN, sr)
			}
		}
		for i := range res.Outcomes {
			for _, ref := range res.Refusals(i) {
				if strings.Contains(res.ReasonText(ref, councilkit.Welsh), "NaN") {
					t.Fatal("reason text shows NaN")
				}
			}
		}
	})
}

// FuzzTextCodecs checks every text decoder of the package: no panic, and
// whatever decodes re-encodes to text that decodes to the same value.
func FuzzTextCodecs(f *testing.F) {
	for _, s := range []string{"R", "7", "13", "Year 7", "secondary", "all-through", "single", "multiple", "136789", "", "Phase(9)", "0", "ranked", "nearest_with_place", "accepted"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var p Phase
		if p.UnmarshalText([]byte(s)) == nil {
			b, _ := p.MarshalText()
			var q Phase
			if err := q.UnmarshalText(b); err != nil || q != p {
				t.Fatalf("Phase %q: %v, %v", s, q, err)
			}
		}
		var m TieBreakMode
		if m.UnmarshalText([]byte(s)) == nil {
			b, _ := m.MarshalText()
			if string(b) != s {
				t.Fatalf("TieBreakMode %q re-encodes as %q", s, b)
			}
		}
		var bs Basis
		if bs.UnmarshalText([]byte(s)) == nil {
			if b, _ := bs.MarshalText(); string(b) != s {
				t.Fatalf("Basis %q re-encodes as %q", s, b)
			}
		}
		var st Status
		if st.UnmarshalText([]byte(s)) == nil {
			if b, _ := st.MarshalText(); string(b) != s {
				t.Fatalf("Status %q re-encodes as %q", s, b)
			}
		}
		var g YearGroup
		if g.UnmarshalText([]byte(s)) == nil {
			b, err := g.MarshalText()
			var h YearGroup
			if err != nil || h.UnmarshalText(b) != nil || h != g {
				t.Fatalf("YearGroup %q: %v, %v", s, h, err)
			}
		}
		var u URN
		if u.UnmarshalText([]byte(s)) == nil {
			var v URN
			if err := v.Scan(u.String()); err != nil || v != u {
				t.Fatalf("URN %q: %v, %v", s, v, err)
			}
		}
	})
}

// FuzzYearGroupOf checks Validate's cohort rule against YearGroupOf for
// any date of birth and deferral: a child is inside the cohort of the
// scheme's entry year exactly when YearGroupOf puts them in it.
func FuzzYearGroupOf(f *testing.F) {
	f.Add(2022, 6, 15, true, uint8(0))
	f.Add(2015, 9, 1, false, uint8(7))
	f.Add(2022, 3, 31, true, uint8(0))
	f.Add(2016, 8, 31, false, uint8(7))
	f.Fuzz(func(t *testing.T, y, m, day int, deferred bool, entry uint8) {
		dob, err := calendar.NewDate(2000+((y%40)+40)%40, time.Month(1+((m%12)+12)%12), 1+((day%31)+31)%31)
		if err != nil {
			return // 31 April and the like
		}
		g := YearGroup(entry % 14)
		s := &Scheme{EntryYear: g, SchoolYear: 2027}
		a := &Application{ID: "x", EntryYear: g, SchoolYear: 2027, Deferred: deferred}
		a.Child.DateOfBirth = dob
		_, verr := s.Validate(a)
		var ve *councilkit.ValidationError
		errors.As(verr, &ve)
		outside := ve != nil && ve.Has("child.date_of_birth", CodeOutsideCohort)
		notAllowed := ve != nil && ve.Has("deferred", CodeDeferralNotAllowed)
		got, ok := YearGroupOf(dob, 2027, deferred)
		if notAllowed {
			if deferred && IsSummerBorn(dob) && g == Reception {
				t.Fatalf("deferral refused for a summer-born Reception child born %v", dob)
			}
			return
		}
		if inCohort := ok && got == g; inCohort == outside {
			t.Fatalf("born %v deferred %v entry %v: YearGroupOf = %v, %v; Validate outside cohort = %v", dob, deferred, g, got, ok, outside)
		}
	})
}
