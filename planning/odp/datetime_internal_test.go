package odp

import (
	"testing"
	"time"
)

// FuzzParseDateTime checks parseDateTime against time.Parse: it accepts
// every date-time time.Parse accepts (with the same instant, but for a
// leap second), never panics, and reads lower-case "t" and "z" as their
// capitals (RFC 3339 section 5.6 NOTE). Seeds are in
// testdata/fuzz/FuzzParseDateTime.
func FuzzParseDateTime(f *testing.F) {
	for _, s := range []string{"2024-06-03T09:30:00Z", "2016-12-31t23:59:60.5z", "2024-06-03T04:00:00-05:30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseDateTime(s)
		if want, werr := time.Parse(time.RFC3339Nano, s); werr == nil && len(s) <= 64 {
			if err != nil {
				t.Fatalf("%q: time.Parse reads it, parseDateTime refuses: %v", s, err)
			}
			if !got.Equal(want) {
				t.Fatalf("%q: %v, time.Parse %v", s, got, want)
			}
		}
		if err != nil || len(s) < 20 {
			return
		}
		lower := []byte(s)
		lower[10] = 't'
		if lower[len(lower)-1] == 'Z' {
			lower[len(lower)-1] = 'z'
		}
		if s[10] == 'T' {
			l, err := parseDateTime(string(lower))
			if err != nil || !l.Equal(got) {
				t.Fatalf("%q read %v, lower-case %q read %v, %v", s, got, lower, l, err)
			}
		}
	})
}
