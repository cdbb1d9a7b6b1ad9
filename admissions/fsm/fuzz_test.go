package fsm

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

func FuzzParseStatus(f *testing.F) {
	for _, s := range []string{"queuedForProcessing", "eligible", "notEligible", "parentNotFound", "error", "DwpError", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, err := ParseStatus(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidStatus) {
				t.Fatalf("error %v does not wrap ErrInvalidStatus", err)
			}
			return
		}
		again, err := ParseStatus(st.String())
		if err != nil || again != st {
			t.Fatalf("%q -> %v -> %v, %v", s, st, again, err)
		}
	})
}

// Any JSON an applicant's browser could send either decodes and decides, or
// fails with a decoding error, a *councilkit.ValidationError or ErrNoRules;
// never a panic.
func FuzzDecideJSON(f *testing.F) {
	f.Add([]byte(`{"parent":{"person":{"family_name":"Jones","date_of_birth":"1990-01-01"},"national_insurance_number":"AB123456C"},"child":{"person":{"date_of_birth":"2015-05-01"}},"circumstances":{"benefits":["universal_credit"],"universal_credit_earnings":[61667,1]}}`), "2025-06-01")
	f.Add([]byte(`{"circumstances":{"benefits":["child_tax_credit"],"child_tax_credit_income":-1}}`), "2026-09-01")
	f.Add([]byte(`{"child":{"year_offset":-99}}`), "2018-04-01")
	f.Fuzz(func(t *testing.T, data []byte, asAt string) {
		var app Application
		if json.Unmarshal(data, &app) != nil {
			return
		}
		day, err := calendar.ParseDate(asAt)
		if err != nil {
			return
		}
		dec, err := Decide(&app, day)
		if err != nil {
			if !errors.Is(err, councilkit.ErrValidation) && !errors.Is(err, ErrNoRules) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if dec.Eligible != (dec.Basis != BasisNone) || (dec.Eligible && dec.ReviewOn.IsZero()) {
			t.Fatalf("inconsistent decision %+v", dec)
		}
		if dec.Eligible && dec.ReviewOn.Before(day) {
			t.Fatalf("review date %s before decision date %s", dec.ReviewOn, day)
		}
	})
}

// Basis, benefit and evidence names either parse and round-trip or fail
// with the package's sentinel error.
func FuzzParseNames(f *testing.F) {
	for _, s := range []string{"universal_credit", "none", "transitional_protection", "unknown", "previous_eligibility", "", "Universal_Credit"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if b, err := ParseBasis(s); err != nil {
			if !errors.Is(err, ErrInvalidBasis) {
				t.Fatalf("ParseBasis(%q): %v", s, err)
			}
		} else if txt, err := b.MarshalText(); err != nil || string(txt) != s {
			t.Fatalf("basis %q -> %v -> %q, %v", s, b, txt, err)
		}
		if b, err := ParseBenefit(s); err != nil {
			if !errors.Is(err, ErrInvalidBenefit) {
				t.Fatalf("ParseBenefit(%q): %v", s, err)
			}
		} else if txt, err := b.MarshalText(); err != nil || string(txt) != s {
			t.Fatalf("benefit %q -> %v -> %q, %v", s, b, txt, err)
		}
		var e Evidence
		if err := e.UnmarshalText([]byte(s)); err == nil {
			if txt, err := e.MarshalText(); err != nil || string(txt) != s {
				t.Fatalf("evidence %q -> %v -> %q, %v", s, e, txt, err)
			}
		}
	})
}
