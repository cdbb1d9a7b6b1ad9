package admissionstest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/internal/cursor"
)

// runCaseworkTests checks what an admissions officer's list of
// applications needs: search by ID, by a school preferred and by the date
// received, every Sort, keyset pages and refusal of a bad filter.
func runCaseworkTests(t *testing.T, newStore func(t *testing.T) admissions.Store) {
	ctx := context.Background()
	ids := func(as []*admissions.Application) []string {
		out := make([]string, 0, len(as))
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	// app returns an application received on day (YYYY-MM-DD, or "" for
	// none) preferring the schools given.
	app := func(id, day string, prefs ...admissions.URN) *admissions.Application {
		a := NewApplication(Durham, id)
		a.Received = calendar.Date{}
		if day != "" {
			a.Received = calendar.MustParseDate(day)
		}
		if len(prefs) > 0 {
			a.Preferences = prefs
		}
		return a
	}
	seed := func(t *testing.T, s admissions.Store, as ...*admissions.Application) {
		t.Helper()
		for _, a := range as {
			if err := s.Create(ctx, Durham, a); err != nil {
				t.Fatal(err)
			}
		}
	}

	// Search: ID exactly, Query a substring of the ID ignoring the case
	// of A-Z only with LIKE's wildcards as text, School among the
	// preferences, From and To the days received.
	t.Run("ListSearch", func(t *testing.T) {
		s := newStore(t)
		a1 := app("SEC-2027-0001", "2026-10-01", 100001, 100002)
		a2 := app("SEC-2027-0002", "2026-10-31", 100002, 100003)
		a3 := app("sec-2027-0003", "2026-11-01", 100003)
		pct := app("LATE_100%", "2027-01-15", 100004)
		und := app("LATEX100Y", "2027-01-16", 100004)
		none := app("NO-DATE", "", 100001)
		for _, a := range []*admissions.Application{a1, a2, a3, pct, und, none} {
			seed(t, s, a)
		}
		if err := s.Create(ctx, Cardiff, app("SEC-2027-0001", "2026-10-01", 100001)); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			f    admissions.Filter
			want []*admissions.Application
		}{
			{"ID, exactly", admissions.Filter{ID: "SEC-2027-0001"}, []*admissions.Application{a1}},
			{"ID of none", admissions.Filter{ID: "SEC-2027"}, nil},
			{"query, any case", admissions.Filter{Query: "sec-2027"}, []*admissions.Application{a1, a2, a3}},
			{"% is text", admissions.Filter{Query: "100%"}, []*admissions.Application{pct}},
			{"_ is text", admissions.Filter{Query: "late_"}, []*admissions.Application{pct}},
			{"school preferred", admissions.Filter{School: 100002}, []*admissions.Application{a1, a2}},
			{"school preferred, no date first", admissions.Filter{School: 100001}, []*admissions.Application{none, a1}},
			{"school nobody preferred", admissions.Filter{School: 100009}, nil},
			{"received from", admissions.Filter{From: calendar.MustParseDate("2026-11-01")}, []*admissions.Application{a3, pct, und}},
			{"received to", admissions.Filter{To: calendar.MustParseDate("2026-10-31")}, []*admissions.Application{a1, a2}},
			{"received in October", admissions.Filter{From: calendar.MustParseDate("2026-10-01"), To: calendar.MustParseDate("2026-10-31")}, []*admissions.Application{a1, a2}},
			{"query and school", admissions.Filter{Query: "SEC", School: 100003}, []*admissions.Application{a2, a3}},
		} {
			got, err := s.List(ctx, Durham, tc.f)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if fmt.Sprint(ids(got)) != fmt.Sprint(ids(tc.want)) {
				t.Errorf("%s: List = %v, want %v", tc.name, ids(got), ids(tc.want))
			}
		}
		if got, _ := s.List(ctx, Cardiff, admissions.Filter{Query: "sec"}); len(got) != 1 {
			t.Errorf("Cardiff's search = %v, want only its own application", ids(got))
		}
	})

	t.Run("ListSort", func(t *testing.T) {
		s := newStore(t)
		b := app("B", "2026-10-02")
		a := app("A", "2026-10-02")
		c := app("C", "2026-10-01")
		n := app("N", "")
		z := app("A-10", "2026-10-03")
		seed(t, s, b, a, c, n, z)
		for _, tc := range []struct {
			sort admissions.Sort
			want []*admissions.Application
		}{
			{admissions.SortOldest, []*admissions.Application{n, c, a, b, z}},
			{admissions.SortNewest, []*admissions.Application{z, b, a, c, n}},
			{admissions.SortID, []*admissions.Application{a, z, b, c, n}},
		} {
			got, err := s.List(ctx, Durham, admissions.Filter{Sort: tc.sort})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(ids(got)) != fmt.Sprint(ids(tc.want)) {
				t.Errorf("%v: List = %v, want %v", tc.sort, ids(got), ids(tc.want))
			}
			if !slices.IsSortedFunc(got, tc.sort.Compare) {
				t.Errorf("%v: not in Sort.Compare's order", tc.sort)
			}
		}
	})

	// Following Next through every page gives the whole list once, in
	// order, in every Sort, undated applications included.
	t.Run("ListPage", func(t *testing.T) {
		s := newStore(t)
		for i := range 11 {
			day := fmt.Sprintf("2026-10-%02d", 1+i%4)
			if i%5 == 0 {
				day = ""
			}
			a := app(fmt.Sprintf("APP-%02d", i), day, admissions.URN(100001+i%2))
			seed(t, s, a)
		}
		if err := s.Create(ctx, Cardiff, app("APP-99", "2026-10-01")); err != nil {
			t.Fatal(err)
		}
		for _, sort := range admissions.Sorts() {
			for _, f := range []admissions.Filter{{Sort: sort, Limit: 3}, {Sort: sort, Limit: 2, School: 100002}, {Sort: sort, Limit: 1}} {
				all, err := s.List(ctx, Durham, admissions.Filter{Sort: sort, School: f.School})
				if err != nil {
					t.Fatal(err)
				}
				var got []*admissions.Application
				pages := 0
				for {
					pg, err := admissions.ListPage(ctx, s, Durham, f)
					if err != nil {
						t.Fatalf("%v page %d: %v", sort, pages+1, err)
					}
					pages++
					got = append(got, pg.Applications...)
					if pg.Next == "" {
						break
					}
					if pages > 20 {
						t.Fatalf("%v: paging does not end", sort)
					}
					f.After = pg.Next
				}
				if fmt.Sprint(ids(got)) != fmt.Sprint(ids(all)) {
					t.Errorf("%v by %d: pages = %v\nwant %v", sort, f.Limit, ids(got), ids(all))
				}
				if want := max(1, (len(all)+f.Limit-1)/f.Limit); pages != want {
					t.Errorf("%v by %d: %d pages for %d applications, want %d", sort, f.Limit, pages, len(all), want)
				}
			}
		}
		if pg, err := admissions.ListPage(ctx, s, Durham, admissions.Filter{}); err != nil || len(pg.Applications) != 11 || pg.Next != "" {
			t.Errorf("default page = %d applications, next %q, %v", len(pg.Applications), pg.Next, err)
		}
		if _, err := admissions.ListPage(ctx, s, councilkit.Council{}, admissions.Filter{}); !errors.Is(err, admissions.ErrNoCouncil) {
			t.Errorf("ListPage with no council: %v", err)
		}
	})

	t.Run("ListInvalidFilter", func(t *testing.T) {
		s := newStore(t)
		a := app("A", "2026-10-01")
		seed(t, s, a)
		newest := admissions.CursorAfter(admissions.SortNewest, a).String()
		for _, tc := range []struct {
			name   string
			f      admissions.Filter
			fields []string
			cursor bool
		}{
			{"an undefined sort", admissions.Filter{Sort: admissions.Sort(200)}, []string{"sort"}, false},
			{"a query with a NUL", admissions.Filter{Query: "a\x00"}, []string{"query"}, false},
			{"an ID that is not UTF-8", admissions.Filter{ID: "\xff"}, []string{"id"}, false},
			{"a school that is not a URN", admissions.Filter{School: 12}, []string{"school"}, false},
			{"a cursor that is not one", admissions.Filter{After: "nope"}, []string{"after"}, true},
			{"a cursor of another list", admissions.Filter{After: cursor.Encode("payments", "oldest", "", "A")}, []string{"after"}, true},
			{"a cursor of another sort", admissions.Filter{Sort: admissions.SortID, After: newest}, []string{"after"}, true},
		} {
			for _, list := range []func() error{
				func() error { _, err := s.List(ctx, Durham, tc.f); return err },
				func() error { _, err := admissions.ListPage(ctx, s, Durham, tc.f); return err },
			} {
				err := list()
				var ve *councilkit.ValidationError
				if !errors.As(err, &ve) {
					t.Errorf("%s: %v, want a *councilkit.ValidationError", tc.name, err)
					continue
				}
				for _, f := range tc.fields {
					if len(ve.Field(f)) == 0 {
						t.Errorf("%s: no problem with %s in %v", tc.name, f, ve)
					}
				}
				if got := errors.Is(err, admissions.ErrInvalidCursor); got != tc.cursor {
					t.Errorf("%s: errors.Is(err, ErrInvalidCursor) = %v", tc.name, got)
				}
			}
		}
		if got, err := s.List(ctx, Durham, admissions.Filter{Sort: admissions.SortNewest, After: newest}); err != nil || len(got) != 0 {
			t.Errorf("after the only application: %v, %v", ids(got), err)
		}
	})
}
