package odp_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/odp"
)

// variant is one schema-valid change to an example document: the Digital
// Planning Data Schemas v0.7.7 (testdata/schemas/application.json) decide
// whether the changed document is valid, and every one they accept must
// import, export valid and round-trip.
type variant struct {
	name string
	// edit changes doc in place; it reports false when the change does not
	// apply to this example (no agent to move abroad, say).
	edit func(doc map[string]any) bool
}

// child returns the object at path under doc, or nil.
func child(doc map[string]any, path ...string) map[string]any {
	cur := doc
	for _, p := range path {
		next, ok := cur[p].(map[string]any)
		if !ok {
			return nil
		}
		cur = next
	}
	return cur
}

func set(path []string, key string, v any) func(map[string]any) bool {
	return func(doc map[string]any) bool {
		m := child(doc, path...)
		if m == nil {
			return false
		}
		m[key] = v
		return true
	}
}

// Addresses the schemas' Address and UserAddress definitions accept: they
// require line1, town and postcode as strings and put no pattern on the
// postcode, so an address abroad or a postcode in free text is valid.
var addresses = map[string]map[string]any{
	"abroad (France)": {"line1": "12 Rue de Rivoli", "town": "Paris", "postcode": "75001", "country": "France"},
	"abroad (USA)":    {"line1": "1600 Pennsylvania Avenue NW", "line2": "Washington", "town": "DC", "postcode": "20500", "country": "USA"},
	"abroad (Ireland, Eircode)": {"line1": "1 Main Street", "town": "Dublin", "postcode": "D02 X285",
		"country": "Ireland"},
	"free text postcode":       {"line1": "Flat 2", "line2": "40 Stansfield Road", "town": "London", "postcode": "ask at the shop"},
	"lower-case UK postcode":   {"line1": "40 Stansfield Road", "town": "London", "postcode": "sw9 9rz"},
	"postcode without a space": {"line1": "40 Stansfield Road", "town": "London", "postcode": "SW99RZ"},
	"BFPO":                     {"line1": "Sgt A Example", "town": "BFPO", "postcode": "BFPO 123"},
	"empty postcode":           {"line1": "40 Stansfield Road", "town": "London", "postcode": ""},
}

// dateTimes are RFC 3339 section 5.6 spellings of a date-time, including
// the lower-case "t" and "z" its note allows and the leap second of section
// 5.7 (the schemas' DateTime pattern allows seconds of 60).
var dateTimes = []string{
	"2024-06-03T09:30:00Z",
	"2024-06-03t09:30:00z",
	"2024-06-03t09:30:00Z",
	"2024-06-03T09:30:00z",
	"2024-06-03T09:30:00.123456789Z",
	"2024-06-03T09:30:00.1234567891234Z",
	"2024-06-03T09:30:00.5+01:00",
	"2024-06-03T10:30:00+01:00",
	"2024-06-03T04:00:00-05:30",
	"2024-06-03T09:30:00-00:00",
	"2024-06-03T09:30:00+00:00",
	"2016-12-31T23:59:60Z",
	"2016-12-31t23:59:60.5z",
	"2024-12-31T23:59:59.999999999Z",
	"2024-01-01T00:00:00+23:59",
	"0001-01-01T00:00:00Z",
	"0000-01-01T00:00:00+01:00",
	"9999-12-31T23:59:59.999999999-23:59",
}

func variants(t testing.TB, doc map[string]any) []variant {
	var vs []variant
	for name, ad := range addresses {
		vs = append(vs, variant{"applicant address " + name, func(d map[string]any) bool {
			ap := child(d, "data", "applicant")
			if ap == nil {
				return false
			}
			a := clone(ad)
			a["sameAsSiteAddress"] = false
			ap["address"] = a
			return true
		}})
		vs = append(vs, variant{"agent address " + name, func(d map[string]any) bool {
			ag := child(d, "data", "applicant", "agent")
			if ag == nil {
				return false
			}
			ag["address"] = clone(ad)
			return true
		}})
		vs = append(vs, variant{"owner address " + name, func(d map[string]any) bool {
			owners, _ := at(t, d, "data.applicant.ownership.owners").([]any)
			if len(owners) == 0 {
				return false
			}
			owners[0].(map[string]any)["address"] = clone(ad)
			return true
		}})
	}
	for _, pc := range []string{"sw9 9rz", "N/A", "TBC", "SW1A1AA", ""} {
		vs = append(vs, variant{"site postcode " + pc, set([]string{"data", "property", "address"}, "postcode", pc)})
	}
	for _, u := range []string{"ABC", "0", "000000000001", "not known"} {
		vs = append(vs, variant{"site UPRN " + u, set([]string{"data", "property", "address"}, "uprn", u)})
	}
	for _, u := range []string{"X", "00000001"} {
		vs = append(vs, variant{"site USRN " + u, set([]string{"data", "property", "address"}, "usrn", u)})
	}
	for _, dt := range dateTimes {
		vs = append(vs, variant{"submittedAt " + dt, set([]string{"metadata"}, "submittedAt", dt)})
	}
	for _, d := range []string{"2024-02-29", "2025-12-31", "1999-01-01", "0000-01-01", "0001-01-01", "9999-12-31"} {
		vs = append(vs, variant{"start date " + d, set([]string{"data", "proposal", "date"}, "start", d)})
	}
	// Designations: as the planning data service returned them, all
	// intersecting, none intersecting, none at all.
	for name, intersects := range map[string]any{"all intersect": true, "none intersect": false} {
		vs = append(vs, variant{"designations " + name, func(d map[string]any) bool {
			ds, _ := at(t, d, "data.property.planning.designations").([]any)
			for _, x := range ds {
				x.(map[string]any)["intersects"] = intersects
			}
			return len(ds) > 0
		}})
	}
	vs = append(vs, variant{"designations empty", set([]string{"data", "property", "planning"}, "designations", []any{})})
	// Fee states.
	fee := []string{"data", "application", "fee"}
	vs = append(vs,
		variant{"fee not applicable", func(d map[string]any) bool {
			return set([]string{"data", "application"}, "fee", map[string]any{"notApplicable": true})(d)
		}},
		variant{"fee payable zero", set(fee, "payable", json.Number("0"))},
		variant{"fee payable in fractions of a penny", set(fee, "payable", json.Number("258.005"))},
		variant{"fee payable in exponent form", set(fee, "payable", json.Number("2.58e2"))},
		variant{"fee calculated with trailing zeros", set(fee, "calculated", json.Number("258.000"))},
		variant{"fee payable negative", set(fee, "payable", json.Number("-10"))},
		variant{"fee payable huge", set(fee, "payable", json.Number("1e30"))},
		variant{"fee disability exemption", set(append(fee, "exemption"), "disability", true)},
		variant{"fee parish council reduction", set(append(fee, "reduction"), "parishCouncil", true)},
		variant{"fee paid by GOV.UK Pay", set(fee, "reference", map[string]any{"govPay": "sdfkjhsdfkjh"})},
		variant{"fee no payment reference", func(d map[string]any) bool {
			m := child(d, fee...)
			if m == nil || m["reference"] == nil {
				return false
			}
			delete(m, "reference")
			return true
		}},
	)
	// Numbers the schemas allow that a float64 cannot hold.
	vs = append(vs, variant{"boundary area too large", set([]string{"data", "proposal", "boundary", "area"}, "squareMetres", json.Number("1e400"))})
	// Every optional section removed, one at a time: each key of each
	// object (outside the questions and answers, the boundary's geometry
	// and the designations) deleted, where the schemas still accept the
	// document.
	for _, p := range keyPaths(doc, "", 0) {
		vs = append(vs, variant{"without " + p.path, func(d map[string]any) bool {
			m, _ := at(t, d, p.parent).(map[string]any)
			if p.parent == "" {
				m = d
			}
			if m == nil {
				return false
			}
			delete(m, p.key)
			return true
		}})
	}
	return vs
}

type keyPath struct{ parent, key, path string }

func keyPaths(v any, path string, depth int) []keyPath {
	m, ok := v.(map[string]any)
	if !ok || depth > 3 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []keyPath
	for _, k := range keys {
		p := councilkit.JoinField(path, k)
		switch p {
		case "responses", "data.proposal.boundary.site", "data.property.planning.designations", "files":
			out = append(out, keyPath{path, k, p})
			continue
		}
		out = append(out, keyPath{path, k, p})
		out = append(out, keyPaths(m[k], p, depth+1)...)
	}
	return out
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// TestSchemaValidVariantsImportAndRoundTrip derives many variants of each
// example, keeps those the schemas accept (checked with the JSON Schema
// validator), and requires each to import, to export valid, and to come
// back the same after an unchanged export, after an export that rewrites
// the applicant, agent and site from the model, and (built from the model
// alone) after a native export.
func TestSchemaValidVariantsImportAndRoundTrip(t *testing.T) {
	valid, refused := 0, 0
	// Each kind of variant the issue names must have schema-valid members,
	// so that the test does not pass by skipping them.
	kinds := map[string]int{"applicant address abroad": 0, "agent address abroad": 0, "applicant address free text": 0,
		"agent address free text": 0, "site postcode": 0, "site UPRN": 0, "submittedAt": 0, "designations": 0,
		"fee": 0, "without ": 0}
	for name, b := range examples(t) {
		base := generic(t, b).(map[string]any)
		for _, v := range variants(t, base) {
			doc := generic(t, b).(map[string]any)
			if !v.edit(doc) {
				continue
			}
			payload := mustJSON(t, doc)
			if validate(t, payload) != nil {
				refused++
				continue
			}
			valid++
			for k := range kinds {
				if strings.HasPrefix(v.name, k) {
					kinds[k]++
				}
			}
			// A section removed changes nothing a native export writes, so
			// only the other variants are also exported from the model alone.
			t.Run(name+"/"+v.name, func(t *testing.T) { roundTrip(t, payload, !strings.HasPrefix(v.name, "without ")) })
		}
	}
	t.Logf("%d schema-valid variants, %d refused by the schemas", valid, refused)
	if valid < 300 {
		t.Errorf("only %d schema-valid variants", valid)
	}
	for k, n := range kinds {
		if n == 0 {
			t.Errorf("no schema-valid variant of kind %q", k)
		}
	}
}

func roundTrip(t *testing.T, payload []byte, native bool) {
	t.Helper()
	a, err := odp.Import(payload, lambeth)
	if err != nil {
		t.Fatalf("a schema-valid document did not import: %v", err)
	}
	if a.Lifecycle.State != planning.StateSubmitted {
		t.Errorf("state %v, want submitted", a.Lifecycle.State)
	}
	// Validate lists problems; it never fails otherwise.
	if err := odp.Validate(a); err != nil && !errors.Is(err, councilkit.ErrValidation) {
		t.Errorf("Validate: %v", err)
	}
	same := func(what string, out []byte, want *planning.Application) {
		t.Helper()
		if what == "unchanged" {
			// Nothing changed, so the export is the payload itself.
			if !reflect.DeepEqual(generic(t, out), generic(t, payload)) {
				t.Fatal("unchanged export differs from the payload")
			}
		} else if err := validate(t, out); err != nil {
			t.Fatalf("%s export invalid: %v", what, err)
		}
		back, err := odp.Import(out, lambeth)
		if err != nil {
			t.Fatalf("%s export does not import: %v", what, err)
		}
		back.Source = nil
		w := want.Clone()
		w.Source = nil
		if !reflect.DeepEqual(back, w) {
			t.Errorf("%s round trip differs:\n got %+v\nwant %+v", what, back, w)
		}
	}
	out, err := odp.Export(a)
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	same("unchanged", out, a)

	// Rewrite the parts the model holds from the model.
	touched := a.Clone()
	touched.Proposal.Description += " (amended)"
	touched.Applicant.GivenNames += "-Ann"
	touched.Site.Title += " (checked)"
	if touched.Agent != nil {
		touched.Agent.FamilyName += "-Smith"
	}
	touched.Declaration.ConnectionDescription = "none known"
	if touched.Ownership.Certificate != planning.CertificateNone {
		touched.Ownership.Interest = "owner.sole"
	}
	out, err = odp.Export(touched)
	if err != nil {
		var pe *odp.PathError
		if !errors.As(err, &pe) {
			t.Fatalf("Export of a changed application: %v", err)
		}
		t.Logf("changed application not exported: %v", err)
	} else {
		same("changed", out, touched)
	}

	if !native {
		return
	}
	// The same application built in code: no payload behind it.
	n := a.Clone()
	n.Source = nil
	out, err = odp.Export(n)
	if err != nil {
		if !errors.Is(err, odp.ErrMalformed) {
			t.Fatalf("native Export: %v", err)
		}
		return // a fact the schemas require is missing; the error names it
	}
	if err := validate(t, out); err != nil {
		t.Fatalf("native export invalid: %v", err)
	}
	if _, err := odp.Import(out, lambeth); err != nil {
		t.Fatalf("native export does not import: %v", err)
	}
}
