package identity

import (
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// FuzzParseUSRN checks ParseUSRN against an independent reading of its
// contract (one to eight digits after trimming spaces, not all zeros), and
// that every USRN it returns round-trips through String, text, JSON and SQL.
func FuzzParseUSRN(f *testing.F) {
	for _, s := range []string{"11720125", " 1 ", "00000001", "0", "000000000", "123456789", "99999999", "1e3", "+1", "-1", "１２３", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseUSRN(s)
		trimmed := strings.Trim(s, " ")
		n, nerr := strconv.ParseUint(trimmed, 10, 64)
		valid := trimmed != "" && len(trimmed) <= 8 && strings.Trim(trimmed, "0123456789") == "" && nerr == nil && n != 0
		if err != nil {
			var pe *ParseError
			if !errors.Is(err, ErrInvalidUSRN) || !errors.As(err, &pe) || pe.Code != CodeInvalidUSRN || !u.IsZero() {
				t.Fatalf("ParseUSRN(%q) = %v, %v: want the zero USRN and an ErrInvalidUSRN ParseError", s, u, err)
			}
			if valid {
				t.Fatalf("ParseUSRN(%q) refused a valid USRN: %v", s, err)
			}
			// Reasons are fixed texts: no digit of the input is echoed.
			if strings.ContainsAny(err.Error(), "0123456789") {
				t.Fatalf("error %q echoes the input", err)
			}
			return
		}
		if !valid || uint64(u.Uint32()) != n || u.IsZero() || u.Uint32() > maxUSRN {
			t.Fatalf("ParseUSRN(%q) = %d, want an error or %d", s, u.Uint32(), n)
		}
		if again, err := ParseUSRN(u.String()); err != nil || again != u {
			t.Fatalf("String round trip of %q: %v, %v", u, again, err)
		}
		if again, err := NewUSRN(u.Uint32()); err != nil || again != u {
			t.Fatalf("NewUSRN(%d) = %v, %v", u.Uint32(), again, err)
		}
		var fromText USRN
		if b, _ := u.MarshalText(); fromText.UnmarshalText(b) != nil || fromText != u {
			t.Fatalf("text round trip of %v gave %v", u, fromText)
		}
		b, err := json.Marshal(u)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON, fromNumber USRN
		if err := json.Unmarshal(b, &fromJSON); err != nil || fromJSON != u {
			t.Fatalf("JSON round trip of %v via %s: %v, %v", u, b, fromJSON, err)
		}
		if err := json.Unmarshal([]byte(u.String()), &fromNumber); err != nil || fromNumber != u {
			t.Fatalf("JSON number %s: %v, %v", u, fromNumber, err)
		}
		v, err := u.Value()
		if err != nil {
			t.Fatal(err)
		}
		var fromSQL USRN
		if err := fromSQL.Scan(v); err != nil || fromSQL != u {
			t.Fatalf("SQL round trip of %v via %v: %v, %v", u, v, fromSQL, err)
		}
	})
}

var decimalNumber = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// FuzzParseLatLon checks that ParseLatLon accepts only points on the Earth,
// never the zero ("not known") point, and that every point it returns
// round-trips exactly through String, JSON and PostGIS text, and converts to
// the National Grid without NaNs.
func FuzzParseLatLon(f *testing.F) {
	for _, s := range []string{"51.501009,-0.141588", "51.501009 -0.141588", " 54.9, -1.6 ", "90,180", "-90,-180", "90.0000001,0",
		"0,0", "0,1e-300", "NaN,0", "Inf,0", "51.5", "51.5,-0.1,3", "51.5;-0.1", "5e1,-1e-1", "0x1p5,1", "-0,-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseLatLon(s)
		if err != nil {
			var pe *ParseError
			if !errors.Is(err, ErrInvalidCoordinates) || !errors.As(err, &pe) || pe.Code != CodeInvalidCoordinates || !p.IsZero() {
				t.Fatalf("ParseLatLon(%q) = %v, %v: want the zero LatLon and an ErrInvalidCoordinates ParseError", s, p, err)
			}
			if strings.ContainsAny(err.Error(), "0123456789") {
				t.Fatalf("error %q echoes the input", err)
			}
			return
		}
		// "Decimal degrees": Go's hexadecimal floats ("0x1p5") and digit
		// separators ("5_1") are not.
		for _, field := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			if !decimalNumber.MatchString(field) {
				t.Fatalf("ParseLatLon(%q) accepted %q, not a decimal number", s, field)
			}
		}
		if !p.Valid() || p.IsZero() || p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180 {
			t.Fatalf("ParseLatLon(%q) = %v, not a point on the Earth", s, p)
		}
		if again, err := ParseLatLon(p.String()); err != nil || again != p {
			t.Fatalf("String round trip of %q via %q: %v, %v", s, p.String(), again, err)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON LatLon
		if err := json.Unmarshal(b, &fromJSON); err != nil || fromJSON != p {
			t.Fatalf("JSON round trip of %v via %s: %v, %v", p, b, fromJSON, err)
		}
		v, err := p.Value()
		if err != nil {
			t.Fatal(err)
		}
		var fromSQL LatLon
		if err := fromSQL.Scan(v); err != nil || fromSQL != p {
			t.Fatalf("SQL round trip of %v via %v: %v, %v", p, v, fromSQL, err)
		}
		if g := p.ToGrid(); !validFloat(g.Easting) || !validFloat(g.Northing) {
			t.Fatalf("%v.ToGrid() = %v", p, g)
		}
	})
}
