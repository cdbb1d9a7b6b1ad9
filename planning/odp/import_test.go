package odp_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/odp"
)

// edited returns the householder example changed by edit, after checking
// that the schemas accept it: every case here is a document the published
// schemas allow, so Import must accept it.
func edited(t *testing.T, edit func(d map[string]any)) []byte {
	t.Helper()
	doc := generic(t, examples(t)["planningPermission-fullHouseholder.json"]).(map[string]any)
	edit(doc)
	b := mustJSON(t, doc)
	if err := validate(t, b); err != nil {
		t.Fatalf("the schemas refuse the edited example: %v", err)
	}
	return b
}

// TestKeptValuesAreValidationProblems: the schemas put no pattern on
// postcodes (Address, UserAddress and OSAddress "postcode": {"type":
// "string"}), allow any string of up to 12 and 8 characters as a UPRN and
// USRN, and any JSON number as a fee. Such values import, are kept as
// given, and are reported by Validate with a stable code.
func TestKeptValuesAreValidationProblems(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(d map[string]any)
		check func(a *planning.Application) bool
		field string
		code  councilkit.Code
		given string // the value as given, which the message must not echo
	}{
		{"agent's postcode abroad", func(d map[string]any) {
			obj(d, "data", "applicant", "agent", "address")["postcode"] = "75001"
			obj(d, "data", "applicant", "agent", "address")["country"] = "France"
		}, func(a *planning.Application) bool {
			return a.Agent.PostcodeText == "75001" && a.Agent.Address.Postcode.IsZero()
		},
			"agent.address.postcode", identity.CodeInvalidPostcode, "75001"},
		{"applicant's postcode in free text", func(d map[string]any) {
			obj(d, "data", "applicant")["address"] = map[string]any{"sameAsSiteAddress": false, "line1": "Flat 2",
				"town": "London", "postcode": "ask at the shop"}
		}, func(a *planning.Application) bool { return a.Applicant.PostcodeText == "ask at the shop" },
			"applicant.address.postcode", identity.CodeInvalidPostcode, "ask at the shop"},
		{"site postcode a placeholder", func(d map[string]any) {
			obj(d, "data", "property", "address")["postcode"] = "NOT A POSTCODE"
		}, func(a *planning.Application) bool { return a.Site.PostcodeText == "NOT A POSTCODE" },
			"site.address.postcode", identity.CodeInvalidPostcode, "NOT A POSTCODE"},
		{"site UPRN not a number", func(d map[string]any) {
			obj(d, "data", "property", "address")["uprn"] = "12AB"
		}, func(a *planning.Application) bool { return a.Site.UPRNText == "12AB" && a.Site.Address.UPRN.IsZero() },
			"site.address.uprn", identity.CodeInvalidUPRN, "12AB"},
		{"site USRN not a number", func(d map[string]any) {
			obj(d, "data", "property", "address")["usrn"] = "X1"
		}, func(a *planning.Application) bool { return a.Site.USRNText == "X1" },
			"site.usrn", identity.CodeInvalidUSRN, "X1"},
		{"fee in fractions of a penny", func(d map[string]any) {
			obj(d, "data", "application", "fee")["payable"] = json.Number("258.005")
		}, func(a *planning.Application) bool { return a.Fee.Payable.IsZero() },
			"fee.payable", councilkit.CodeInvalid, "258.005"},
		// RFC 3339 full-date allows the year 0000; calendar.Date does not.
		{"start date in the year 0000", func(d map[string]any) {
			obj(d, "data", "proposal", "date")["start"] = "0000-01-01"
		}, func(a *planning.Application) bool { return a.Proposal.Start.IsZero() },
			"proposal.start", councilkit.CodeInvalid, "0000-01-01"},
		{"boundary area beyond a float64", func(d map[string]any) {
			obj(d, "data", "proposal", "boundary", "area")["squareMetres"] = json.Number("1e400")
		}, func(a *planning.Application) bool { return a.Site.RedLineAreaM2 == 0 },
			"site.red_line_area_m2", councilkit.CodeInvalid, "1e400"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := edited(t, c.edit)
			a, err := odp.Import(b, lambeth)
			if err != nil {
				t.Fatalf("Import refused a schema-valid document: %v", err)
			}
			if !c.check(a) {
				t.Errorf("value not kept as given")
			}
			err = odp.Validate(a)
			var ve *councilkit.ValidationError
			if !errors.As(err, &ve) || !ve.Has(c.field, c.code) {
				t.Fatalf("Validate = %v, want %s at %s", err, c.code, c.field)
			}
			for _, p := range ve.Field(c.field) {
				if p.Message.English == "" || p.Message.Welsh == "" || p.Message.English == p.Message.Welsh {
					t.Errorf("message not in English and Welsh: %+v", p.Message)
				}
				if strings.Contains(p.Message.English, c.given) || strings.Contains(p.Message.Welsh, c.given) {
					t.Errorf("message echoes the value given: %+v", p.Message)
				}
			}
			// Exported unchanged, the value goes back as given.
			out, err := odp.Export(a)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(out), c.given) {
				t.Errorf("export lost %q", c.given)
			}
		})
	}

	// Once the model holds a value, the problem kept from the payload is
	// no longer reported.
	a, err := odp.Import(edited(t, func(d map[string]any) {
		obj(d, "data", "application", "fee")["payable"] = json.Number("258.005")
	}), lambeth)
	if err != nil {
		t.Fatal(err)
	}
	a.Fee.Payable = payments.Pounds(258)
	var ve *councilkit.ValidationError
	if errors.As(odp.Validate(a), &ve) && ve.Has("fee.payable", councilkit.CodeInvalid) {
		t.Error("a corrected fee is still reported")
	}
}

// TestDateTimesPerRFC3339 reads submittedAt, the schemas' DateTime (format
// "date-time"), per RFC 3339 section 5.6: "T" and "Z" may be lower case
// (the NOTE in section 5.6), fractional seconds have any number of digits,
// offsets are numeric or Z, and section 5.7 allows a leap second (:60).
func TestDateTimesPerRFC3339(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		in   string
		want time.Time
	}{
		{"2024-06-03T09:30:00Z", utc("2024-06-03T09:30:00Z")},
		{"2024-06-03t09:30:00z", utc("2024-06-03T09:30:00Z")},
		{"2024-06-03t09:30:00Z", utc("2024-06-03T09:30:00Z")},
		{"2024-06-03T09:30:00z", utc("2024-06-03T09:30:00Z")},
		{"2024-06-03t10:30:00+01:00", utc("2024-06-03T09:30:00Z")},
		{"2024-06-03T04:00:00-05:30", utc("2024-06-03T09:30:00Z")},
		{"2024-06-03T09:30:00-00:00", utc("2024-06-03T09:30:00Z")},
		{"2024-06-03T09:30:00.123456789z", utc("2024-06-03T09:30:00.123456789Z")},
		// More digits than time.Time holds: truncated to nanoseconds.
		{"2024-06-03T09:30:00.1234567891234Z", utc("2024-06-03T09:30:00.123456789Z")},
		// The leap second at the end of 2016 (RFC 3339 section 5.7 and
		// IERS Bulletin C 52): time.Time cannot hold it, so it is read as
		// the first instant after it.
		{"2016-12-31T23:59:60Z", utc("2017-01-01T00:00:00Z")},
		{"2016-12-31t23:59:60.5z", utc("2017-01-01T00:00:00.5Z")},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			b := edited(t, func(d map[string]any) { obj(d, "metadata")["submittedAt"] = c.in })
			a, err := odp.Import(b, lambeth)
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			if !a.SubmittedAt.Equal(c.want) {
				t.Errorf("submittedAt = %v, want %v", a.SubmittedAt, c.want)
			}
		})
	}
	// Not date-times: the schemas refuse them, and so does Import.
	for _, bad := range []string{"2024-06-03 09:30:00Z", "2024-06-03T09:30Z", "2024-06-03T09:30:00", "2024-06-03T25:00:00Z"} {
		doc := generic(t, examples(t)["planningPermission-fullHouseholder.json"]).(map[string]any)
		obj(doc, "metadata")["submittedAt"] = bad
		b := mustJSON(t, doc)
		if validate(t, b) == nil {
			t.Errorf("the schemas accept %q", bad)
		}
		var pe *odp.PathError
		if _, err := odp.Import(b, lambeth); !errors.As(err, &pe) || pe.Path != "metadata.submittedAt" {
			t.Errorf("Import(%q) = %v", bad, err)
		}
	}
}

// TestImportedApplicationIsSubmitted: an imported application is in the
// submitted state, received on the day (in London) it was submitted, and
// can be made valid (the householder example meets every national
// requirement; TestExamplesAgainstNationalRequirements) or invalid.
func TestImportedApplicationIsSubmitted(t *testing.T) {
	ex := examples(t)
	cases := []struct {
		file, received string
	}{
		// "2023-10-02T00:00:00+01:00" is 23:00 UTC on 1 October, the 2nd
		// in London (BST).
		{"lawfulDevelopmentCertificate-proposed.json", "2023-10-02"},
		{"planningPermission-fullHouseholder.json", "2023-10-02"},
		{"listedBuildingConsent.json", "2024-04-30"},
		{"priorApproval-largerExtension.json", "2024-06-26"},
		{"planningPermission-minor.json", "2024-07-02"},
	}
	for _, c := range cases {
		a, err := odp.Import(ex[c.file], lambeth)
		if err != nil {
			t.Fatal(err)
		}
		if a.Lifecycle.State != planning.StateSubmitted {
			t.Errorf("%s: state %q, want submitted", c.file, a.Lifecycle.State)
		}
		if got := a.Received.String(); got != c.received {
			t.Errorf("%s: received %s, want %s", c.file, got, c.received)
		}
		if tr, ok := a.Lifecycle.Last(planning.StateSubmitted); !ok || !tr.At.Equal(a.SubmittedAt) {
			t.Errorf("%s: no submission in the history: %+v", c.file, a.Lifecycle.History)
		}
	}
	hh, _ := odp.Import(ex["planningPermission-fullHouseholder.json"], lambeth)
	at := hh.SubmittedAt.Add(48 * time.Hour)
	if err := hh.MarkValid("officer@lambeth.gov.uk", at, hh.Received); err != nil {
		t.Fatalf("MarkValid after import: %v", err)
	}
	if hh.Lifecycle.State != planning.StateValid {
		t.Errorf("state %v after MarkValid", hh.Lifecycle.State)
	}
	lbc, _ := odp.Import(ex["listedBuildingConsent.json"], lambeth)
	if err := lbc.Invalidate("officer@lambeth.gov.uk", lbc.SubmittedAt.Add(time.Hour), "design and access statement"); err != nil {
		t.Fatalf("Invalidate after import: %v", err)
	}
}

// TestFeeMismatchIsAProblem: the fee payable in the document is checked
// against the fee the Fees Regulations 2012 (S.I. 2012/2920) Sch. 1 Pt 2
// category 6(1) set for one dwellinghouse on the day it was made: £258
// from 6 December 2023 (S.I. 2023/1197) and £528 from 1 April 2025 (S.I.
// 2025/342 reg. 5(3)(c)(i)).
func TestFeeMismatchIsAProblem(t *testing.T) {
	cases := []struct {
		submitted, payable string
		mismatch           bool
		resubmission       bool
	}{
		// A free resubmission (Fees Regulations 2012 regs. 8 and 9, revoked
		// by S.I. 2023/1197 regs. 4 and 5 but saved for periods begun by 5
		// December 2023) cannot be checked while it could still apply, and
		// is a mismatch after the last such period ended.
		{"2023-10-02T09:00:00Z", "0", false, true},
		{"2024-12-05T09:00:00Z", "0", false, true},
		{"2025-06-02T09:00:00Z", "0", true, true},
		{"2024-06-03T09:00:00Z", "258", false, false},
		{"2024-06-03T09:00:00Z", "206", true, false},
		{"2025-06-02T09:00:00Z", "258", true, false},
		{"2025-06-02T09:00:00Z", "528", false, false},
		// 1 April 2025 begins at 00:00 in London, 23:00 UTC the day before.
		{"2025-03-31T23:30:00Z", "528", false, false},
		{"2025-03-31T22:30:00Z", "258", false, false},
		// S.I. 2017/1314: £206 from 17 January 2018 to 5 December 2023.
		{"2023-12-05T12:00:00Z", "206", false, false},
		{"2023-12-05T12:00:00Z", "258", true, false},
	}
	for _, c := range cases {
		b := edited(t, func(d map[string]any) {
			obj(d, "metadata")["submittedAt"] = c.submitted
			fee := obj(d, "data", "application", "fee")
			fee["calculated"], fee["payable"] = json.Number(c.payable), json.Number(c.payable)
			obj(fee, "exemption")["resubmission"] = c.resubmission
		})
		a, err := odp.Import(b, lambeth)
		if err != nil {
			t.Fatal(err)
		}
		err = odp.Validate(a)
		var ve *councilkit.ValidationError
		got := errors.As(err, &ve) && ve.Has("fee.payable", odp.CodeFeeMismatch)
		if got != c.mismatch {
			t.Errorf("£%s on %s: mismatch reported %v, want %v (%v)", c.payable, c.submitted, got, c.mismatch, err)
		}
		if got {
			m := ve.Field("fee.payable")[0].Message
			if !strings.Contains(m.English, "£"+c.payable+".00") || m.Welsh == "" {
				t.Errorf("message %+v", m)
			}
		}
	}
}

// TestFeeBeforeEarliestSchedule: a document made before the earliest fee
// schedule councilkit models still imports; the calculator answers with a
// typed error saying the date is out of range, and Validate does not guess.
func TestFeeBeforeEarliestSchedule(t *testing.T) {
	earliest := planning.Schedules()[0].From
	before := earliest.AddDays(-1)
	b := edited(t, func(d map[string]any) {
		obj(d, "metadata")["submittedAt"] = before.String() + "T12:00:00Z"
	})
	a, err := odp.Import(b, lambeth)
	if err != nil {
		t.Fatal(err)
	}
	_, err = planning.Calculate(planning.FeeInputFor(a))
	var nse *planning.NoScheduleError
	if !errors.As(err, &nse) || !errors.Is(err, planning.ErrNoSchedule) || nse.Made != before || nse.Earliest != earliest {
		t.Fatalf("Calculate = %v, want a *NoScheduleError for %s", err, before)
	}
	if txt := nse.Text(); txt.English == "" || txt.Welsh == "" {
		t.Errorf("text %+v", txt)
	}
	var ve *councilkit.ValidationError
	if errors.As(odp.Validate(a), &ve) && ve.Has("fee.payable", odp.CodeFeeMismatch) {
		t.Error("a fee with no schedule to check it against was reported as a mismatch")
	}
}

// TestNativeExportDesignations: an application built in code exports its
// designations, each with the description the schemas' PlanningDesignation
// requires and intersects true; a code the schemas do not list is refused
// with a *PathError.
func TestNativeExportDesignations(t *testing.T) {
	a := native()
	a.Site.Designations = []string{"listed.gradeTwoStar", "designated.conservationArea", "tpo", "flood.zoneThree.b"}
	out, err := odp.Export(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(t, out); err != nil {
		t.Fatalf("invalid: %v", err)
	}
	back, err := odp.Import(out, lambeth)
	if err != nil {
		t.Fatal(err)
	}
	if !back.Site.Listed() || !back.Site.InConservationArea() || len(back.Site.Designations) != 4 {
		t.Errorf("designations %v", back.Site.Designations)
	}
	// RFC 3339 years have four digits: a time that falls outside them in
	// its own offset cannot be written.
	b := a.Clone()
	b.Site.Designations = nil
	b.SubmittedAt = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	var pe0 *odp.PathError
	if _, err := odp.Export(b); !errors.As(err, &pe0) || pe0.Path != "metadata.submittedAt" {
		t.Errorf("Export of year 10000 = %v", err)
	}
	a.Site.Designations = []string{"tpo", "moat"}
	var pe *odp.PathError
	if _, err := odp.Export(a); !errors.As(err, &pe) || pe.Path != "data.property.planning.designations[1].value" {
		t.Errorf("Export = %v", err)
	}
}
