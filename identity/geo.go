package identity

import (
	"database/sql/driver"
	"encoding/binary"
	"encoding/hex"
	"log/slog"
	"math"
	"strconv"
	"strings"
)

// GridPoint is a position on the Ordnance Survey National Grid (OSGB36
// British National Grid, EPSG:27700), in metres east and north of the grid's
// false origin southwest of the Isles of Scilly.
//
// The zero GridPoint means "not known": the false origin is in the sea.
type GridPoint struct {
	Easting  float64 `json:"easting"`
	Northing float64 `json:"northing"`
}

// LatLon is a position in degrees of latitude (north positive) and longitude
// (east positive) on WGS84 (EPSG:4326), as a phone or a web map gives it.
// ETRS89, in which Ordnance Survey publishes latitudes and longitudes, differs
// from WGS84 by well under a metre in Great Britain, less than this
// package's transform resolves.
//
// The zero LatLon means "not known".
type LatLon struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Bounds of the National Grid: the grid covers Great Britain within 0 to
// 700 km east and 0 to 1300 km north of the false origin.
const (
	maxEasting  = 700_000
	maxNorthing = 1_300_000
)

// IsZero reports whether g is the zero GridPoint ("not known").
func (g GridPoint) IsZero() bool { return g.Easting == 0 && g.Northing == 0 }

// IsZero reports whether p is the zero LatLon ("not known").
func (p LatLon) IsZero() bool { return p.Lat == 0 && p.Lon == 0 }

// DistanceTo returns the straight-line distance between g and h in metres,
// measured on the grid. Grid distance differs from distance on the ground by
// the National Grid's scale factor, at most 0.04% in Great Britain (4 m in
// 10 km), which is negligible for the distances councils measure (home to
// school, home to a recycling centre). It is the crow-flies distance, not a
// walking or driving route. DistanceTo returns NaN if either point is zero.
func (g GridPoint) DistanceTo(h GridPoint) float64 {
	if g.IsZero() || h.IsZero() {
		return math.NaN()
	}
	return math.Hypot(g.Easting-h.Easting, g.Northing-h.Northing)
}

// Valid reports whether g is within the National Grid's extent.
func (g GridPoint) Valid() bool {
	return validFloat(g.Easting) && validFloat(g.Northing) &&
		g.Easting >= 0 && g.Easting <= maxEasting && g.Northing >= 0 && g.Northing <= maxNorthing
}

// Valid reports whether p is a latitude and longitude on the Earth.
func (p LatLon) Valid() bool {
	return validFloat(p.Lat) && validFloat(p.Lon) &&
		p.Lat >= -90 && p.Lat <= 90 && p.Lon >= -180 && p.Lon <= 180
}

func validFloat(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// ParseGridPoint parses an easting and northing in metres separated by a
// comma or spaces: "651409.903,313177.270" or "651409.903 313177.270". The
// point must lie within the National Grid.
func ParseGridPoint(s string) (GridPoint, error) {
	e, n, ok := parsePair(s)
	g := GridPoint{e, n}
	if !ok || !g.Valid() || g.IsZero() {
		return GridPoint{}, coordinatesKind.error("not an easting and northing on the National Grid")
	}
	return g, nil
}

// ParseLatLon parses a latitude and longitude in decimal degrees separated by
// a comma or spaces: "51.501009,-0.141588".
func ParseLatLon(s string) (LatLon, error) {
	lat, lon, ok := parsePair(s)
	p := LatLon{lat, lon}
	if !ok || !p.Valid() || p.IsZero() {
		return LatLon{}, coordinatesKind.error("not a latitude and longitude")
	}
	return p, nil
}

func parsePair(s string) (a, b float64, ok bool) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(f) != 2 {
		return 0, 0, false
	}
	if !decimalText(f[0]) || !decimalText(f[1]) {
		return 0, 0, false
	}
	a, err1 := strconv.ParseFloat(f[0], 64)
	b, err2 := strconv.ParseFloat(f[1], 64)
	return a, b, err1 == nil && err2 == nil
}

// decimalText reports whether s has only the characters of a decimal
// number, so that strconv.ParseFloat does not also accept hexadecimal
// floats ("0x1p5"), digit separators ("5_1"), "Inf" or "NaN".
func decimalText(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c), c == '.', c == '+', c == '-', c == 'e', c == 'E':
		default:
			return false
		}
	}
	return true
}

// String returns "easting,northing" in metres to the millimetre, or "" for
// the zero GridPoint.
func (g GridPoint) String() string {
	if g.IsZero() {
		return ""
	}
	return strconv.FormatFloat(g.Easting, 'f', -1, 64) + "," + strconv.FormatFloat(g.Northing, 'f', -1, 64)
}

// String returns "lat,lon" in decimal degrees, or "" for the zero LatLon.
func (p LatLon) String() string {
	if p.IsZero() {
		return ""
	}
	return strconv.FormatFloat(p.Lat, 'f', -1, 64) + "," + strconv.FormatFloat(p.Lon, 'f', -1, 64)
}

// LogValue implements slog.LogValuer. A point can locate a home, so it logs
// rounded down to the kilometre square that holds it.
func (g GridPoint) LogValue() slog.Value {
	if g.IsZero() {
		return slog.StringValue("")
	}
	return slog.StringValue(strconv.Itoa(int(g.Easting)/1000*1000) + "," + strconv.Itoa(int(g.Northing)/1000*1000) + " (1 km square)")
}

// LogValue implements slog.LogValuer: the position rounded to two decimal
// places of a degree, about a kilometre.
func (p LatLon) LogValue() slog.Value {
	if p.IsZero() {
		return slog.StringValue("")
	}
	return slog.StringValue(strconv.FormatFloat(p.Lat, 'f', 2, 64) + "," + strconv.FormatFloat(p.Lon, 'f', 2, 64) + " (approx.)")
}

// Value implements driver.Valuer as PostGIS extended well-known text,
// "SRID=27700;POINT(651409.903 313177.27)", which a geometry column
// accepts; NULL for the zero GridPoint.
func (g GridPoint) Value() (driver.Value, error) {
	if g.IsZero() {
		return nil, nil
	}
	return "SRID=27700;POINT(" + strconv.FormatFloat(g.Easting, 'f', -1, 64) + " " + strconv.FormatFloat(g.Northing, 'f', -1, 64) + ")", nil
}

// Scan implements sql.Scanner for a PostGIS point: hex-encoded extended
// well-known binary (what PostgreSQL returns for a geometry column) or
// (extended) well-known text. NULL is the zero GridPoint. The SRID, if
// given, must be 27700.
func (g *GridPoint) Scan(src any) error {
	x, y, err := scanPoint(src, 27700)
	if err != nil {
		return err
	}
	*g = GridPoint{x, y}
	return nil
}

// Value implements driver.Valuer as PostGIS extended well-known text,
// "SRID=4326;POINT(lon lat)" (longitude first, as WKT orders axes); NULL for
// the zero LatLon.
func (p LatLon) Value() (driver.Value, error) {
	if p.IsZero() {
		return nil, nil
	}
	return "SRID=4326;POINT(" + strconv.FormatFloat(p.Lon, 'f', -1, 64) + " " + strconv.FormatFloat(p.Lat, 'f', -1, 64) + ")", nil
}

// Scan implements sql.Scanner like GridPoint.Scan, for SRID 4326.
func (p *LatLon) Scan(src any) error {
	x, y, err := scanPoint(src, 4326)
	if err != nil {
		return err
	}
	*p = LatLon{Lat: y, Lon: x}
	return nil
}

func scanPoint(src any, srid uint32) (x, y float64, err error) {
	bad := coordinatesKind.error("not a PostGIS point with SRID " + strconv.Itoa(int(srid)))
	var s string
	switch v := src.(type) {
	case nil:
		return 0, 0, nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return 0, 0, bad
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, 0, nil
	}
	if b, err := hex.DecodeString(s); err == nil {
		return pointFromEWKB(b, srid, bad)
	}
	if rest, ok := strings.CutPrefix(strings.ToUpper(s), "SRID="); ok {
		id, wkt, ok := strings.Cut(rest, ";")
		if !ok || id != strconv.Itoa(int(srid)) {
			return 0, 0, bad
		}
		s = wkt
	}
	s = strings.ToUpper(strings.TrimSpace(s))
	inner, ok := strings.CutPrefix(s, "POINT")
	inner = strings.TrimSpace(inner)
	if !ok || len(inner) < 2 || inner[0] != '(' || inner[len(inner)-1] != ')' {
		return 0, 0, bad
	}
	f := strings.Fields(inner[1 : len(inner)-1])
	if len(f) != 2 {
		return 0, 0, bad
	}
	x, err1 := strconv.ParseFloat(f[0], 64)
	y, err2 := strconv.ParseFloat(f[1], 64)
	if err1 != nil || err2 != nil || !validFloat(x) || !validFloat(y) {
		return 0, 0, bad
	}
	return x, y, nil
}

// pointFromEWKB decodes a 2D point in PostGIS extended well-known binary.
func pointFromEWKB(b []byte, srid uint32, bad error) (x, y float64, err error) {
	if len(b) < 21 {
		return 0, 0, bad
	}
	var o binary.ByteOrder
	switch b[0] {
	case 0:
		o = binary.BigEndian
	case 1:
		o = binary.LittleEndian
	default:
		return 0, 0, bad
	}
	typ := o.Uint32(b[1:5])
	const hasSRID = 0x20000000
	rest := b[5:]
	if typ&hasSRID != 0 {
		if len(rest) < 4 || o.Uint32(rest[:4]) != srid {
			return 0, 0, bad
		}
		rest = rest[4:]
		typ &^= hasSRID
	}
	if typ != 1 || len(rest) != 16 {
		return 0, 0, bad
	}
	x = math.Float64frombits(o.Uint64(rest[:8]))
	y = math.Float64frombits(o.Uint64(rest[8:]))
	if !validFloat(x) || !validFloat(y) {
		return 0, 0, bad
	}
	return x, y, nil
}

// The transform between WGS84 latitude and longitude and the National Grid,
// after Ordnance Survey, "A Guide to Coordinate Systems in Great Britain"
// (docs.os.uk, "Approximate WGS84 to OSGB36/ODN transformation" and the
// transverse Mercator formulae of its annex): a seven-parameter Helmert
// transformation between the GRS80 and Airy 1830 ellipsoids, then the
// National Grid projection. OS states the Helmert step's error as up to
// 3.5 m (95%) horizontally; the projection is exact to the millimetre. For
// survey accuracy (about 0.1 m) use OSTN15, which this package does not
// embed.
var (
	airy  = ellipsoid{a: 6377563.396, b: 6356256.909}
	grs80 = ellipsoid{a: 6378137.000, b: 6356752.314140}

	// ETRS89 (WGS84) to OSGB36 Helmert parameters: translations in metres,
	// scale in parts per million, rotations in seconds of arc.
	toOSGB36 = helmert{tx: -446.448, ty: 125.157, tz: -542.060, s: 20.4894, rx: -0.1502, ry: -0.2470, rz: -0.8421}
	toWGS84  = helmert{tx: 446.448, ty: -125.157, tz: 542.060, s: -20.4894, rx: 0.1502, ry: 0.2470, rz: 0.8421}
)

// National Grid projection constants.
const (
	ngF0   = 0.9996012717
	ngLat0 = 49 * math.Pi / 180
	ngLon0 = -2 * math.Pi / 180
	ngE0   = 400000
	ngN0   = -100000
)

type ellipsoid struct{ a, b float64 }

func (e ellipsoid) e2() float64 { return (e.a*e.a - e.b*e.b) / (e.a * e.a) }

type helmert struct{ tx, ty, tz, s, rx, ry, rz float64 }

func (h helmert) apply(x, y, z float64) (float64, float64, float64) {
	const sec = math.Pi / (180 * 3600)
	s := 1 + h.s*1e-6
	rx, ry, rz := h.rx*sec, h.ry*sec, h.rz*sec
	return h.tx + s*x - rz*y + ry*z,
		h.ty + rz*x + s*y - rx*z,
		h.tz - ry*x + rx*y + s*z
}

// toCartesian converts latitude and longitude in radians at zero ellipsoid
// height to geocentric cartesian coordinates.
func (e ellipsoid) toCartesian(lat, lon float64) (x, y, z float64) {
	e2 := e.e2()
	sinLat, cosLat := math.Sincos(lat)
	nu := e.a / math.Sqrt(1-e2*sinLat*sinLat)
	return nu * cosLat * math.Cos(lon), nu * cosLat * math.Sin(lon), (1 - e2) * nu * sinLat
}

// fromCartesian converts geocentric cartesian coordinates to latitude and
// longitude in radians, iterating to well under a millimetre.
func (e ellipsoid) fromCartesian(x, y, z float64) (lat, lon float64) {
	e2 := e.e2()
	p := math.Hypot(x, y)
	lat = math.Atan2(z, p*(1-e2))
	for range 10 {
		sinLat := math.Sin(lat)
		nu := e.a / math.Sqrt(1-e2*sinLat*sinLat)
		next := math.Atan2(z+e2*nu*sinLat, p)
		if math.Abs(next-lat) < 1e-12 {
			lat = next
			break
		}
		lat = next
	}
	return lat, math.Atan2(y, x)
}

// meridional returns the developed meridional arc M of the National Grid
// projection for latitude lat (radians).
func meridional(lat float64) float64 {
	a, b := airy.a, airy.b
	n := (a - b) / (a + b)
	n2, n3 := n*n, n*n*n
	d, s := lat-ngLat0, lat+ngLat0
	return b * ngF0 * ((1+n+1.25*n2+1.25*n3)*d -
		(3*n+3*n2+21.0/8*n3)*math.Sin(d)*math.Cos(s) +
		(15.0/8*n2+15.0/8*n3)*math.Sin(2*d)*math.Cos(2*s) -
		35.0/24*n3*math.Sin(3*d)*math.Cos(3*s))
}

// project converts OSGB36 latitude and longitude in radians to National Grid
// easting and northing.
func project(lat, lon float64) GridPoint {
	a, e2 := airy.a, airy.e2()
	sinLat, cosLat := math.Sincos(lat)
	tanLat := sinLat / cosLat
	t2, t4 := tanLat*tanLat, tanLat*tanLat*tanLat*tanLat
	w := 1 - e2*sinLat*sinLat
	nu := a * ngF0 / math.Sqrt(w)
	rho := a * ngF0 * (1 - e2) / (w * math.Sqrt(w))
	eta2 := nu/rho - 1
	c3, c5 := cosLat*cosLat*cosLat, cosLat*cosLat*cosLat*cosLat*cosLat

	I := meridional(lat) + ngN0
	II := nu / 2 * sinLat * cosLat
	III := nu / 24 * sinLat * c3 * (5 - t2 + 9*eta2)
	IIIA := nu / 720 * sinLat * c5 * (61 - 58*t2 + t4)
	IV := nu * cosLat
	V := nu / 6 * c3 * (nu/rho - t2)
	VI := nu / 120 * c5 * (5 - 18*t2 + t4 + 14*eta2 - 58*t2*eta2)

	l := lon - ngLon0
	l2 := l * l
	return GridPoint{
		Easting:  ngE0 + IV*l + V*l*l2 + VI*l*l2*l2,
		Northing: I + II*l2 + III*l2*l2 + IIIA*l2*l2*l2,
	}
}

// unproject converts a National Grid point to OSGB36 latitude and longitude
// in radians.
func unproject(g GridPoint) (lat, lon float64) {
	a, e2 := airy.a, airy.e2()
	lat = ngLat0
	m := 0.0
	for range 20 {
		lat += (g.Northing - ngN0 - m) / (a * ngF0)
		m = meridional(lat)
		if math.Abs(g.Northing-ngN0-m) < 1e-5 {
			break
		}
	}
	sinLat, cosLat := math.Sincos(lat)
	tanLat := sinLat / cosLat
	t2 := tanLat * tanLat
	t4, t6 := t2*t2, t2*t2*t2
	w := 1 - e2*sinLat*sinLat
	nu := a * ngF0 / math.Sqrt(w)
	rho := a * ngF0 * (1 - e2) / (w * math.Sqrt(w))
	eta2 := nu/rho - 1
	sec := 1 / cosLat
	nu3, nu5, nu7 := nu*nu*nu, nu*nu*nu*nu*nu, nu*nu*nu*nu*nu*nu*nu

	VII := tanLat / (2 * rho * nu)
	VIII := tanLat / (24 * rho * nu3) * (5 + 3*t2 + eta2 - 9*t2*eta2)
	IX := tanLat / (720 * rho * nu5) * (61 + 90*t2 + 45*t4)
	X := sec / nu
	XI := sec / (6 * nu3) * (nu/rho + 2*t2)
	XII := sec / (120 * nu5) * (5 + 28*t2 + 24*t4)
	XIIA := sec / (5040 * nu7) * (61 + 662*t2 + 1320*t4 + 720*t6)

	d := g.Easting - ngE0
	d2 := d * d
	lat = lat - VII*d2 + VIII*d2*d2 - IX*d2*d2*d2
	lon = ngLon0 + X*d - XI*d*d2 + XII*d*d2*d2 - XIIA*d*d2*d2*d2
	return lat, lon
}

// ToGrid converts p to the National Grid with Ordnance Survey's Helmert
// approximation. OS states its error as up to 3.5 m (95%); against OS's
// published OSTN15 test points it is 0.7 to 2.4 m on the mainland and
// Shetland and 4.7 m on the Isles of Scilly. Far from Great Britain the
// result means little. The zero LatLon gives the zero GridPoint.
func (p LatLon) ToGrid() GridPoint {
	if p.IsZero() {
		return GridPoint{}
	}
	const rad = math.Pi / 180
	x, y, z := grs80.toCartesian(p.Lat*rad, p.Lon*rad)
	x, y, z = toOSGB36.apply(x, y, z)
	lat, lon := airy.fromCartesian(x, y, z)
	return project(lat, lon)
}

// ToLatLon converts g to WGS84 latitude and longitude, the inverse of
// LatLon.ToGrid with the same accuracy. The zero GridPoint gives the zero
// LatLon.
func (g GridPoint) ToLatLon() LatLon {
	if g.IsZero() {
		return LatLon{}
	}
	const deg = 180 / math.Pi
	lat, lon := unproject(g)
	x, y, z := airy.toCartesian(lat, lon)
	x, y, z = toWGS84.apply(x, y, z)
	lat, lon = grs80.fromCartesian(x, y, z)
	return LatLon{Lat: lat * deg, Lon: lon * deg}
}
