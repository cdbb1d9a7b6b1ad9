package admissions

import (
	"bytes"
	"encoding/binary"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/lgds/councilkit/identity"
)

func FuzzParseURN(f *testing.F) {
	for _, s := range []string{"136789", "100000", "999999", "012345", "12345", "1234567", "12a456", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseURN(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidURN) {
				t.Fatalf("error %v does not wrap ErrInvalidURN", err)
			}
			if strings.Contains(err.Error(), s) && len(s) > 3 {
				t.Fatalf("error echoes the input: %v", err)
			}
			return
		}
		if !u.Valid() || u.String() != s {
			t.Fatalf("ParseURN(%q) = %v", s, u)
		}
	})
}

func FuzzParseYearGroup(f *testing.F) {
	for _, s := range []string{"R", "Reception", "7", "Y7", "Year 13", "14", "", "Year "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseYearGroup(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidYearGroup) {
				t.Fatalf("error %v does not wrap ErrInvalidYearGroup", err)
			}
			return
		}
		if !g.Valid() {
			t.Fatalf("ParseYearGroup(%q) = %v, not valid", s, g)
		}
		b, _ := g.MarshalText()
		back, err := ParseYearGroup(string(b))
		if err != nil || back != g {
			t.Fatalf("round trip %v: %v, %v", g, back, err)
		}
	})
}

// FuzzAllocate builds a small round from the fuzzer's bytes and checks the
// result is stable and within capacity, whatever the input.
func FuzzAllocate(f *testing.F) {
	f.Add([]byte("\x03\x05seedseed0123456789abcdef"))
	f.Add([]byte("\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 10 {
			return
		}
		nS, nA := 1+int(data[0])%4, 1+int(data[1])%7
		seed := binary.LittleEndian.Uint64(data[2:10])
		r := newByteRand(data[10:])
		s, apps := randomRound(r.rand(seed), nS, nA)
		res, err := Allocate(s, apps)
		if err != nil {
			t.Fatal(err)
		}
		o := newOracle(s, apps)
		assign := make([]int, len(apps))
		for a := range apps {
			assign[a] = offerIndex(o, res, a)
		}
		if b := o.blocking(assign); b != "" {
			t.Fatalf("unstable: %s", b)
		}
		want := o.optimal(t)
		for a := range apps {
			if assign[a] != want[a] {
				t.Fatalf("child %d: %d, applicant-optimal %d", a, assign[a], want[a])
			}
		}
	})
}

func TestApplicationLogValue(t *testing.T) {
	a := &Application{ID: "A1", EntryYear: Year7, SchoolYear: 2027, Preferences: []URN{100001}}
	a.Child.GivenNames, a.Child.FamilyName = "Ada", "Lovelace"
	a.Child.DateOfBirth = d("2016-01-10")
	a.Home.Lines = []string{"1 Secret Street"}
	a.Home.Grid = identity.GridPoint{Easting: 427512, Northing: 542387}
	a.Parent.GivenNames, a.Parent.Contact.Email = "Byron", "byron@example.org"
	a.UPN = identity.MustParseUPN("B801200005001")
	var buf bytes.Buffer
	// By pointer and by value, through both standard handlers.
	slog.New(slog.NewTextHandler(&buf, nil)).Info("saved", "application", a)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("saved", "application", *a)
	out := buf.String()
	for _, secret := range []string{"Ada", "Lovelace", "2016", "Secret", "Byron", "byron@", "427512", "542387", "B801200005001"} {
		if strings.Contains(out, secret) {
			t.Errorf("log line leaks %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, "A1") {
		t.Errorf("log line lacks the reference: %s", out)
	}
}

// TestRoundLogValues: a Result, a Round and a Book hold applications;
// logging them must not print a child's details.
func TestRoundLogValues(t *testing.T) {
	tn := newTiny(1)
	a := tn.add("A1", 100, 0)
	a.Child.GivenNames, a.Child.FamilyName = "Ada", "Lovelace"
	a.Child.DateOfBirth = d("2016-01-10")
	a.Home.Lines = []string{"1 Secret Street"}
	tn.add("A2", 200, 0)
	rd, err := NewRound(tn.s, tn.apps)
	if err != nil {
		t.Fatal(err)
	}
	r := rd.Result()
	b, err := NewBook(tn.s, tn.apps, r)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	l := slog.New(slog.NewTextHandler(&buf, nil))
	l.Info("ran", "result", r, "round", rd, "book", b)
	out := buf.String()
	for _, secret := range []string{"Ada", "Lovelace", "2016", "Secret", "400100"} {
		if strings.Contains(out, secret) {
			t.Errorf("log line leaks %q: %s", secret, out)
		}
	}
	for _, want := range []string{"result.applications=2", "result.placed=1", "result.seed=42", "book.waiting=1"} {
		if !strings.Contains(out, want) {
			t.Errorf("log line lacks %s: %s", want, out)
		}
	}
}
