package msg

import (
	"slices"
	"strings"
	"testing"
)

func TestFormat(t *testing.T) {
	c := Catalogue{
		"too_long": {English: "Must be {max} characters or fewer", Welsh: "Rhaid iddo fod yn {max} nod neu lai"},
		"between":  {English: "Between {from} and {to}", Welsh: "Rhwng {from} a {to}"},
		"plain":    {English: "Enter a value", Welsh: "Rhowch werth"},
	}
	for _, tc := range []struct {
		key    string
		args   []any
		en, cy string
	}{
		{"too_long", []any{"max", "255"}, "Must be 255 characters or fewer", "Rhaid iddo fod yn 255 nod neu lai"},
		{"between", []any{"to", "5", "from", "1"}, "Between 1 and 5", "Rhwng 1 a 5"},
		{"between", []any{"from", "{to}", "to", "2"}, "Between {to} and 2", "Rhwng {to} a 2"},
		{"between", []any{"from", "1"}, "Between 1 and {to}", "Rhwng 1 a {to}"},
		{"plain", nil, "Enter a value", "Rhowch werth"},
		{"between", []any{"from", Pair{"April", "Ebrill"}, "to", "May"}, "Between April and May", "Rhwng Ebrill a May"},
		{"between", []any{"from", 1, "to", "2"}, "Between {from} and 2", "Rhwng {from} a 2"},
		{"missing", nil, "missing", "missing"},
	} {
		en, cy := c.Format(tc.key, tc.args...)
		if en != tc.en || cy != tc.cy {
			t.Errorf("Format(%q, %q) = %q, %q; want %q, %q", tc.key, tc.args, en, cy, tc.en, tc.cy)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	for _, tc := range []struct {
		s     string
		names []string
		ok    bool
	}{
		{"no placeholders", nil, true},
		{"{a} and {b_2} and {a}", []string{"a", "b_2", "a"}, true},
		{"a { brace", nil, false},
		{"a } brace", nil, false},
		{"{Max}", nil, false},
		{"{}", nil, false},
		{"{a {b}", []string{"b"}, false},
	} {
		names, ok := Placeholders(tc.s)
		if !slices.Equal(names, tc.names) || ok != tc.ok {
			t.Errorf("Placeholders(%q) = %q, %v; want %q, %v", tc.s, names, ok, tc.names, tc.ok)
		}
	}
}

func BenchmarkFormat(b *testing.B) {
	c := Catalogue{
		"too_long": {English: "Must be {max} characters or fewer", Welsh: "Rhaid iddo fod yn {max} nod neu lai"},
		"plain":    {English: "Enter a value", Welsh: "Rhowch werth"},
	}
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c.Format("plain")
		}
	})
	b.Run("placeholder", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c.Format("too_long", "max", "255")
		}
	})
}

// FuzzFill: Fill never panics, leaves a text without arguments as it is,
// and fills every well-formed placeholder it is given a value for.
func FuzzFill(f *testing.F) {
	for _, s := range []string{"", "plain", "{a}", "Must be {max} or fewer", "{a {b}", "}{", "{}", "{a}{a}{b}", "{Max}", "{a"} {
		f.Add(s, "x")
	}
	f.Fuzz(func(t *testing.T, s, v string) {
		if got := Fill(s); got != s {
			t.Fatalf("Fill(%q) with no arguments = %q", s, got)
		}
		names, ok := Placeholders(s)
		if !ok {
			// Stray braces may spell a placeholder round a value
			// ("{{0}}"): the catalogue tests refuse such a text.
			names = nil
		}
		args := make([]any, 0, 2*len(names))
		for _, n := range names {
			args = append(args, n, v)
		}
		got := Fill(s, args...)
		en, cy := Catalogue{"k": {English: s, Welsh: s}}.Format("k", args...)
		if en != got || cy != got {
			t.Fatalf("Format and Fill disagree: %q, %q, %q", en, cy, got)
		}
		if len(names) == 0 || strings.ContainsAny(v, "{}") {
			return
		}
		for _, n := range names {
			if strings.Contains(got, "{"+n+"}") {
				t.Fatalf("Fill(%q, %q) = %q still holds {%s}", s, args, got, n)
			}
		}
	})
}

// TestFillStrayBrace: a stray brace before a placeholder does not hide it,
// as Placeholders does not; Fill used to treat "{a {b}" as one unknown
// name "a {b".
func TestFillStrayBrace(t *testing.T) {
	if got := Fill("{a {b}", "b", "x"); got != "{a x" {
		t.Errorf(`Fill("{a {b}", b=x) = %q, want "{a x"`, got)
	}
}
