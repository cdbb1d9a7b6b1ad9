package admissions_test

import (
	"errors"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/internal/enumtest"
)

func TestSortRoundTrip(t *testing.T) {
	enumtest.RoundTrip[admissions.Sort](t, admissions.Sorts(), nil)
}

func TestCursorRoundTrip(t *testing.T) {
	for _, c := range []admissions.Cursor{
		{Sort: admissions.SortOldest, Received: calendar.MustParseDate("2026-10-01"), ID: "SEC-2027-0001"},
		{Sort: admissions.SortNewest, ID: "NO-DATE"},
		{Sort: admissions.SortID, Received: calendar.MustParseDate("2027-01-15"), ID: "ŵ"},
	} {
		got, err := admissions.ParseCursor(c.String())
		if err != nil || got != c {
			t.Errorf("ParseCursor(String(%+v)) = %+v, %v", c, got, err)
		}
	}
	for _, s := range []string{"", "x", admissions.Cursor{Sort: admissions.SortID}.String()} {
		_, err := admissions.ParseCursor(s)
		var ve *councilkit.ValidationError
		if !errors.Is(err, admissions.ErrInvalidCursor) || !errors.As(err, &ve) || !ve.Has("after", councilkit.CodeInvalid) {
			t.Errorf("ParseCursor(%q) = %v, want ErrInvalidCursor and an after problem", s, err)
		}
	}
}

// Cursor.Precedes agrees with Sort.Compare, undated applications included.
func TestCursorPrecedes(t *testing.T) {
	as := []*admissions.Application{
		{ID: "a", Received: calendar.MustParseDate("2026-10-01")},
		{ID: "b", Received: calendar.MustParseDate("2026-10-01")},
		{ID: "c"},
		{ID: "d", Received: calendar.MustParseDate("2026-09-30")},
	}
	for _, s := range admissions.Sorts() {
		for _, at := range as {
			c := admissions.CursorAfter(s, at)
			for _, a := range as {
				if got, want := c.Precedes(a), s.Compare(at, a) < 0; got != want {
					t.Errorf("%v: cursor after %s precedes %s = %v, want %v", s, at.ID, a.ID, got, want)
				}
			}
		}
	}
}

// FuzzParseCursor: any text is either a cursor that reads back the same
// from its String, or ErrInvalidCursor; never a panic.
func FuzzParseCursor(f *testing.F) {
	for _, s := range admissions.Sorts() {
		f.Add(admissions.Cursor{Sort: s, Received: calendar.MustParseDate("2026-10-01"), ID: "A-1"}.String())
	}
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := admissions.ParseCursor(s)
		if err != nil {
			if !errors.Is(err, admissions.ErrInvalidCursor) {
				t.Fatalf("ParseCursor(%q) = %v, not ErrInvalidCursor", s, err)
			}
			return
		}
		if !c.Sort.IsValid() || c.ID == "" {
			t.Fatalf("ParseCursor(%q) accepted %+v", s, c)
		}
		if again, err := admissions.ParseCursor(c.String()); err != nil || again != c {
			t.Fatalf("%+v does not read back: %+v, %v", c, again, err)
		}
	})
}
