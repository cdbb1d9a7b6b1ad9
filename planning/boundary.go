package planning

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

// ErrInvalidBoundary is matched by every error BoundaryAreaM2 returns.
var ErrInvalidBoundary = errors.New("planning: invalid site boundary")

// earthRadius is the radius, in metres, of the sphere the boundary area is
// worked out on: the mean radius of the WGS84 ellipsoid (IUGG), as used by
// common GIS tools for "geodesic" polygon areas.
const earthRadius = 6371008.8

// maxBoundaryPositions bounds the work done on one boundary; a red line
// drawn on a map has tens or hundreds of points.
const maxBoundaryPositions = 100000

// BoundaryAreaM2 returns the area, in square metres, enclosed by a site
// boundary given as GeoJSON (RFC 7946) in WGS84 longitude and latitude: a
// Polygon or MultiPolygon geometry, or a Feature holding one, as in the
// Digital Planning Data Schemas' data.proposal.boundary.site. Holes are
// subtracted. The area is worked out on a sphere of the Earth's mean
// radius, which is within a fraction of a percent of the ellipsoidal area
// at British latitudes: ample for the 0.1 hectare steps of the fee scales.
//
// A boundary that is not such GeoJSON, has an unclosed ring, a ring of
// fewer than four positions, or a position outside longitude ±180 and
// latitude ±90, gets an error matching ErrInvalidBoundary.
func BoundaryAreaM2(geojson []byte) (float64, error) {
	var g geoObject
	if err := json.Unmarshal(geojson, &g); err != nil {
		return 0, fmt.Errorf("%w: not GeoJSON", ErrInvalidBoundary)
	}
	if g.Type == "Feature" {
		if g.Geometry == nil {
			return 0, fmt.Errorf("%w: a Feature without a geometry", ErrInvalidBoundary)
		}
		g = *g.Geometry
		if g.Geometry != nil || g.Type == "Feature" {
			return 0, fmt.Errorf("%w: a Feature inside a Feature", ErrInvalidBoundary)
		}
	}
	var polygons [][][][2]float64
	switch g.Type {
	case "Polygon":
		var p [][][2]float64
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			return 0, fmt.Errorf("%w: Polygon coordinates must be rings of [longitude, latitude] positions", ErrInvalidBoundary)
		}
		polygons = [][][][2]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Coordinates, &polygons); err != nil {
			return 0, fmt.Errorf("%w: MultiPolygon coordinates must be polygons of rings of [longitude, latitude] positions", ErrInvalidBoundary)
		}
	default:
		return 0, fmt.Errorf("%w: want a Polygon, MultiPolygon or a Feature holding one", ErrInvalidBoundary)
	}
	if len(polygons) == 0 {
		return 0, fmt.Errorf("%w: no polygon", ErrInvalidBoundary)
	}
	total, positions := 0.0, 0
	for i, p := range polygons {
		if len(p) == 0 {
			return 0, fmt.Errorf("%w: polygon %d has no rings", ErrInvalidBoundary, i)
		}
		for j, ring := range p {
			positions += len(ring)
			if positions > maxBoundaryPositions {
				return 0, fmt.Errorf("%w: more than %d positions", ErrInvalidBoundary, maxBoundaryPositions)
			}
			if err := checkRing(ring); err != nil {
				return 0, fmt.Errorf("%w: polygon %d ring %d: %s", ErrInvalidBoundary, i, j, err)
			}
			a := math.Abs(ringArea(ring))
			if j == 0 {
				total += a
			} else {
				total -= a // a hole
			}
		}
	}
	if total < 0 {
		total = 0
	}
	return total, nil
}

// geoObject is the part of a GeoJSON object BoundaryAreaM2 reads.
type geoObject struct {
	Type        string          `json:"type"`
	Geometry    *geoObject      `json:"geometry"`
	Coordinates json.RawMessage `json:"coordinates"`
}

func checkRing(ring [][2]float64) error {
	if len(ring) < 4 {
		return errors.New("a ring needs at least four positions")
	}
	for _, p := range ring {
		lon, lat := p[0], p[1]
		if math.IsNaN(lon) || math.IsNaN(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 {
			return errors.New("a position is outside longitude -180 to 180, latitude -90 to 90")
		}
	}
	if ring[0] != ring[len(ring)-1] {
		return errors.New("the ring is not closed (its first and last positions differ)")
	}
	return nil
}

// ringArea returns the signed area of a closed ring on the sphere, by the
// line-integral formula for polygons on a sphere (R. Chamberlain and W.
// Duquette, "Some Algorithms for Polygons on a Sphere", JPL Publication
// 07-03, 2007): A = R²/2 · Σ (λ[i+1] − λ[i−1]) · sin φ[i].
func ringArea(ring [][2]float64) float64 {
	n := len(ring) - 1 // the last position repeats the first
	if n < 3 {
		return 0
	}
	rad := math.Pi / 180
	var sum float64
	for i := 0; i < n; i++ {
		prev := ring[(i+n-1)%n]
		next := ring[(i+1)%n]
		sum += (next[0] - prev[0]) * rad * math.Sin(ring[i][1]*rad)
	}
	return sum * earthRadius * earthRadius / 2
}
