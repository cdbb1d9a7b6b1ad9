package planning_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

// TestBoundaryAreaOfSchemaExamples measures the red lines of the Digital
// Planning Data Schemas' example applications (v0.7.7, in odp/testdata) and
// compares them with the data.proposal.boundary.area.squareMetres PlanX
// sent. The Polygon boundaries agree to the centimetre; the MultiPolygon
// title boundaries of two examples carry an area from their source that is
// 0.2% larger.
func TestBoundaryAreaOfSchemaExamples(t *testing.T) {
	cases := []struct {
		file      string
		tolerance float64 // fraction
	}{
		{"planningPermission-fullHouseholder.json", 0.0001},
		{"planningPermission-minor.json", 0.0001},
		{"lawfulDevelopmentCertificate-proposed.json", 0.0001},
		{"listedBuildingConsent.json", 0.005},
		{"priorApproval-largerExtension.json", 0.005},
	}
	for _, c := range cases {
		b, err := os.ReadFile(filepath.Join("odp", "testdata", "examples", c.file))
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Data struct {
				Proposal struct {
					Boundary struct {
						Site json.RawMessage
						Area struct{ SquareMetres float64 }
					}
				}
			}
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		got, err := planning.BoundaryAreaM2(doc.Data.Proposal.Boundary.Site)
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		want := doc.Data.Proposal.Boundary.Area.SquareMetres
		if math.Abs(got-want) > c.tolerance*want {
			t.Errorf("%s: area %.2f m², the payload says %.2f m²", c.file, got, want)
		}
	}
}

func TestBoundaryAreaGeometry(t *testing.T) {
	// A cell one degree square on the equator: on a sphere of radius R its
	// area is R² · (π/180) · sin 1°.
	const r = 6371008.8
	cell := r * r * math.Pi / 180 * math.Sin(math.Pi/180)
	square := `[[0,0],[1,0],[1,1],[0,1],[0,0]]`
	hole := `[[0.25,0.25],[0.25,0.75],[0.75,0.75],[0.75,0.25],[0.25,0.25]]`
	cases := []struct {
		name, geojson string
		want          float64
	}{
		{"polygon", `{"type":"Polygon","coordinates":[` + square + `]}`, cell},
		{"clockwise ring", `{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}`, cell},
		{"feature", `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[` + square + `]}}`, cell},
		{"two polygons", `{"type":"MultiPolygon","coordinates":[[` + square + `],[[[2,0],[3,0],[3,1],[2,1],[2,0]]]]}`, 2 * cell},
	}
	for _, c := range cases {
		got, err := planning.BoundaryAreaM2([]byte(c.geojson))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if math.Abs(got-c.want) > 1e-6*c.want {
			t.Errorf("%s: %.1f m², want %.1f m²", c.name, got, c.want)
		}
	}
	// A hole of a quarter of the cell (to within the curvature) is taken out.
	got, err := planning.BoundaryAreaM2([]byte(`{"type":"Polygon","coordinates":[` + square + `,` + hole + `]}`))
	if err != nil || math.Abs(got-0.75*cell) > 0.001*cell {
		t.Errorf("with a hole: %.1f m², %v; want about %.1f m²", got, err, 0.75*cell)
	}
}

func TestBoundaryAreaRejects(t *testing.T) {
	for name, geojson := range map[string]string{
		"not JSON":           `{"type":`,
		"a point":            `{"type":"Point","coordinates":[0,51]}`,
		"feature, no shape":  `{"type":"Feature","properties":{}}`,
		"feature in feature": `{"type":"Feature","geometry":{"type":"Feature","geometry":{"type":"Polygon","coordinates":[]}}}`,
		"no rings":           `{"type":"Polygon","coordinates":[]}`,
		"no polygons":        `{"type":"MultiPolygon","coordinates":[]}`,
		"empty polygon":      `{"type":"MultiPolygon","coordinates":[[]]}`,
		"three positions":    `{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}`,
		"not closed":         `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`,
		"latitude 91":        `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,91],[0,0]]]}`,
		"eastings":           `{"type":"Polygon","coordinates":[[[530787,175754],[530800,175754],[530800,175770],[530787,175754]]]}`,
		"strings":            `{"type":"Polygon","coordinates":[[["0","0"],["1","0"],["1","1"],["0","0"]]]}`,
	} {
		if _, err := planning.BoundaryAreaM2([]byte(geojson)); !errors.Is(err, planning.ErrInvalidBoundary) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestValidateSiteBoundary(t *testing.T) {
	a := planningtest.NewApplication(planningtest.Lambeth, "a1")
	a.Site.RedLineAreaM2 = 250 // twice the area drawn
	var ve *councilkit.ValidationError
	if err := a.Validate(); !errors.As(err, &ve) || !ve.Has("site.red_line_area_m2", planning.CodeAreaDisagrees) {
		t.Errorf("area twice the boundary: %v", err)
	}
	a.Site.RedLineAreaM2 = 0 // no area given: nothing to compare
	if err := a.Validate(); err != nil {
		t.Errorf("no area: %v", err)
	}
	if err := a.Site.SetRedLine([]byte(`{"type":"Point","coordinates":[0,51]}`)); !errors.Is(err, planning.ErrInvalidBoundary) {
		t.Errorf("SetRedLine(point) = %v", err)
	}
	if a.Site.RedLineAreaM2 != 0 {
		t.Error("a failed SetRedLine changed the area")
	}
	a.Site.RedLine = []byte(`{"type":"Polygon","coordinates":[[[0,0],[1,0]]]}`)
	if err := a.Validate(); !errors.As(err, &ve) || !ve.Has("site.red_line", councilkit.CodeInvalid) {
		t.Errorf("unclosed boundary: %v", err)
	}
	sq := []byte(`{"type":"Polygon","coordinates":[[[-0.1,51.5],[-0.0999,51.5],[-0.0999,51.5001],[-0.1,51.5001],[-0.1,51.5]]]}`)
	if err := a.Site.SetRedLine(sq); err != nil {
		t.Fatal(err)
	}
	// 0.0001° of longitude at 51.5° is about 6.9 m, of latitude 11.1 m.
	if got := a.Site.RedLineAreaM2; got < 76 || got > 78 {
		t.Errorf("SetRedLine area = %.2f m²", got)
	}
	if err := a.Validate(); err != nil {
		t.Errorf("after SetRedLine: %v", err)
	}
}
