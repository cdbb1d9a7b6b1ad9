package cursor

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for _, fields := range [][]string{
		nil,
		{""},
		{"newest", "2026-04-01T09:00:00Z", "4500", "00000000-0000-4000-8000-000000000001"},
		{strings.Repeat("x", 300), "a\x00b", "ŵ"},
	} {
		c := Encode("payments", fields...)
		got, err := Decode(c, "payments", len(fields))
		if err != nil {
			t.Fatalf("Decode(Encode(%q)) = %v", fields, err)
		}
		if !slices.Equal(got, fields) && !(len(got) == 0 && len(fields) == 0) {
			t.Errorf("Decode(Encode(%q)) = %q", fields, got)
		}
		if strings.ContainsAny(c, "+/=") {
			t.Errorf("cursor %q is not URL-safe", c)
		}
	}
}

func TestInvalid(t *testing.T) {
	good := Encode("payments", "a", "b")
	for name, s := range map[string]string{
		"empty":           "",
		"not base64":      "!!!",
		"padded":          good + "=",
		"other kind":      Encode("admissions", "a", "b"),
		"too few fields":  Encode("payments", "a"),
		"too many fields": Encode("payments", "a", "b", "c"),
		"truncated":       good[:len(good)-2],
		"wrong version":   "Ag",
		"too long":        strings.Repeat("A", MaxLen+1),
		"length past end": "AQhwYXltZW50cwEB_w",
	} {
		if _, err := Decode(s, "payments", 2); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Decode(%q) = %v, want ErrInvalid", name, s, err)
		}
	}
}

// FuzzDecode: any text either decodes to fields that encode back to the
// same cursor, or is ErrInvalid; never a panic.
func FuzzDecode(f *testing.F) {
	f.Add(Encode("payments", "newest", "2026-04-01T09:00:00Z", "4500", "id"), 4)
	f.Add("", 0)
	f.Add("AQ", 1)
	f.Add("AQhwYXltZW50cwEB_w", 2)
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = n & 7
		fields, err := Decode(s, "payments", n)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Decode(%q) = %v, not ErrInvalid", s, err)
			}
			return
		}
		if len(fields) != n {
			t.Fatalf("Decode(%q, %d) gave %d fields", s, n, len(fields))
		}
		if again := Encode("payments", fields...); again != s {
			// Base64 has more than one spelling of the last bits; the
			// fields must still read back the same.
			back, err := Decode(again, "payments", n)
			if err != nil || !slices.Equal(back, fields) {
				t.Fatalf("Encode(Decode(%q)) = %q, which reads back as %q, %v", s, again, back, err)
			}
		}
	})
}
