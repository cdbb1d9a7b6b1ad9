package admissionstest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
)

// Councils used by the store suite.
var (
	Durham  = councilkit.MustParseCouncil("E06000047")
	Cardiff = councilkit.MustParseCouncil("W06000015")
)

// NewApplication returns a valid Year 7 application with the given ID,
// received on 1 October 2026, for use in store tests. An admissions
// application does not record its council (the store call names it), so c
// only documents which council the caller will store it for; it is taken so
// that the builders of the three suites read alike.
func NewApplication(c councilkit.Council, id string) *admissions.Application {
	_ = c
	a := &admissions.Application{
		ID: id, EntryYear: admissions.Year7, SchoolYear: 2027,
		Received:    calendar.MustParseDate("2026-10-01"),
		Preferences: []admissions.URN{100001, 100002, 100003},
		SiblingsAt:  []admissions.URN{100002},
		LookedAfter: admissions.PreviouslyLookedAfter,
		ExceptionalNeed: admissions.Need{
			Schools: []admissions.URN{100001}, Evidence: "doc-1",
		},
		Faith: "christian",
	}
	a.Child.GivenNames, a.Child.FamilyName = "Ada", "Lovelace"
	a.Child.DateOfBirth = calendar.MustParseDate("2016-01-10")
	a.Home.Lines = []string{"1 High Street", "Durham"}
	a.Home.Grid.Easting, a.Home.Grid.Northing = 427_500, 542_300
	return a
}

// RunStoreTests is the conformance suite every admissions.Store must pass.
// newStore returns an empty store for each subtest. The subtests are named
// as in paymentstest and planningtest.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) admissions.Store) {
	ctx := context.Background()
	durham, cardiff := Durham, Cardiff
	sample := func(id string) *admissions.Application { return NewApplication(durham, id) }

	t.Run("CreateGet", func(t *testing.T) {
		s := newStore(t)
		a := sample("a1")
		if err := s.Create(ctx, durham, a); err != nil {
			t.Fatal(err)
		}
		if a.Version != 1 {
			t.Errorf("Version after Create = %d, want 1", a.Version)
		}
		got, err := s.Get(ctx, durham, "a1")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, a) {
			t.Errorf("Get = %+v\nwant %+v", got, a)
		}
		// The store keeps its own copy.
		got.Preferences[0] = 999999
		a.SiblingsAt[0] = 999999
		again, _ := s.Get(ctx, durham, "a1")
		if again.Preferences[0] != 100001 || again.SiblingsAt[0] != 100002 {
			t.Errorf("store shares memory with callers: %+v", again)
		}
	})

	t.Run("Duplicates", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, durham, sample("a1")); err != nil {
			t.Fatal(err)
		}
		if err := s.Create(ctx, durham, sample("a1")); !errors.Is(err, admissions.ErrDuplicate) {
			t.Errorf("second Create: %v, want ErrDuplicate", err)
		}
		// Another council may use the same reference.
		if err := s.Create(ctx, cardiff, sample("a1")); err != nil {
			t.Errorf("same ID in another council: %v", err)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		s := newStore(t)
		var ve *councilkit.ValidationError
		if err := s.Create(ctx, durham, sample("")); !errors.As(err, &ve) || !errors.Is(err, admissions.ErrInvalidState) {
			t.Errorf("Create without an ID: %v, want a *councilkit.ValidationError matching ErrInvalidState", err)
		}
		if err := s.Create(ctx, durham, nil); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("Create of nil: %v", err)
		}
		if err := s.Update(ctx, durham, nil); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("Update of nil: %v", err)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.Get(ctx, durham, "none"); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("Get: %v", err)
		}
		a := sample("none")
		if err := s.Update(ctx, durham, a); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("Update: %v", err)
		}
		if err := s.Delete(ctx, durham, "none"); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("Delete: %v", err)
		}
	})

	t.Run("CouncilIsolation", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, durham, sample("a1")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, cardiff, "a1"); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("Get with another council: %v", err)
		}
		a, _ := s.Get(ctx, durham, "a1")
		if err := s.Update(ctx, cardiff, a); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("Update with another council: %v", err)
		}
		if err := s.Delete(ctx, cardiff, "a1"); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("Delete with another council: %v", err)
		}
		list, err := s.List(ctx, cardiff, admissions.Filter{})
		if err != nil || len(list) != 0 {
			t.Errorf("List with another council: %d, %v", len(list), err)
		}
		if _, err := s.Get(ctx, durham, "a1"); err != nil {
			t.Errorf("record lost: %v", err)
		}
	})

	t.Run("NoCouncil", func(t *testing.T) {
		s := newStore(t)
		var zero councilkit.Council
		if err := s.Create(ctx, zero, sample("a1")); !errors.Is(err, admissions.ErrNoCouncil) {
			t.Errorf("Create: %v", err)
		}
		if _, err := s.Get(ctx, zero, "a1"); !errors.Is(err, admissions.ErrNoCouncil) {
			t.Errorf("Get: %v", err)
		}
		if _, err := s.List(ctx, zero, admissions.Filter{}); !errors.Is(err, admissions.ErrNoCouncil) {
			t.Errorf("List: %v", err)
		}
		if err := s.Update(ctx, zero, sample("a1")); !errors.Is(err, admissions.ErrNoCouncil) {
			t.Errorf("Update: %v", err)
		}
		if err := s.Delete(ctx, zero, "a1"); !errors.Is(err, admissions.ErrNoCouncil) {
			t.Errorf("Delete: %v", err)
		}
		if !errors.Is(admissions.ErrNoCouncil, councilkit.ErrNoCouncil) || !errors.Is(admissions.ErrNotFound, councilkit.ErrNotFound) {
			t.Error("the store errors are not councilkit's")
		}
	})

	t.Run("UpdateConflict", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, durham, sample("a1")); err != nil {
			t.Fatal(err)
		}
		first, _ := s.Get(ctx, durham, "a1")
		second, _ := s.Get(ctx, durham, "a1")
		first.Preferences = []admissions.URN{100003}
		if err := s.Update(ctx, durham, first); err != nil {
			t.Fatal(err)
		}
		if first.Version != 2 {
			t.Errorf("Version after Update = %d, want 2", first.Version)
		}
		second.Faith = ""
		if err := s.Update(ctx, durham, second); !errors.Is(err, admissions.ErrConflict) {
			t.Errorf("stale Update: %v, want ErrConflict", err)
		}
		got, _ := s.Get(ctx, durham, "a1")
		if !reflect.DeepEqual(got, first) {
			t.Errorf("after updates: %+v, want %+v", got, first)
		}
	})

	t.Run("Copies", func(t *testing.T) {
		s := newStore(t)
		a := sample("a1")
		if err := s.Create(ctx, durham, a); err != nil {
			t.Fatal(err)
		}
		list, err := s.List(ctx, durham, admissions.Filter{})
		if err != nil || len(list) != 1 {
			t.Fatalf("List: %d, %v", len(list), err)
		}
		list[0].Preferences[0] = 999999
		got, _ := s.Get(ctx, durham, "a1")
		if err := s.Update(ctx, durham, got); err != nil {
			t.Fatal(err)
		}
		got.Preferences[1] = 999999
		got.Home.Lines[0] = "changed after Update"
		again, _ := s.Get(ctx, durham, "a1")
		if again.Preferences[0] != 100001 || again.Preferences[1] != 100002 || again.Home.Lines[0] != "1 High Street" {
			t.Errorf("store shares memory with callers of List or Update: %+v", again)
		}
	})

	t.Run("FailedUpdateChangesNothing", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, durham, sample("a1")); err != nil {
			t.Fatal(err)
		}
		stale, _ := s.Get(ctx, durham, "a1")
		fresh, _ := s.Get(ctx, durham, "a1")
		if err := s.Update(ctx, durham, fresh); err != nil {
			t.Fatal(err)
		}
		stale.Preferences = []admissions.URN{100003}
		if err := s.Update(ctx, durham, stale); !errors.Is(err, admissions.ErrConflict) {
			t.Fatalf("stale Update: %v", err)
		}
		if stale.Version != 1 {
			t.Errorf("a failed Update changed the caller's Version to %d", stale.Version)
		}
		got, _ := s.Get(ctx, durham, "a1")
		if got.Version != 2 || len(got.Preferences) != 3 {
			t.Errorf("a failed Update changed the record: %+v", got)
		}
		// Update with another council's credentials changes nothing.
		if err := s.Update(ctx, cardiff, got); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("Update with another council: %v", err)
		}
		if got.Version != 2 {
			t.Errorf("a refused Update changed the caller's Version to %d", got.Version)
		}
	})

	t.Run("Delete", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, durham, sample("a1")); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, durham, "a1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, durham, "a1"); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("Get after Delete: %v", err)
		}
	})

	t.Run("List", func(t *testing.T) {
		s := newStore(t)
		for _, id := range []string{"c", "a", "b"} {
			if err := s.Create(ctx, durham, sample(id)); err != nil {
				t.Fatal(err)
			}
		}
		r := sample("r")
		r.EntryYear, r.SchoolYear = admissions.Reception, 2027
		if err := s.Create(ctx, durham, r); err != nil {
			t.Fatal(err)
		}
		old := sample("old")
		old.SchoolYear = 2026
		if err := s.Create(ctx, durham, old); err != nil {
			t.Fatal(err)
		}
		// Oldest first: received earlier comes before a smaller ID, and an
		// application without a date comes first of all.
		early := sample("z-early")
		early.Received = calendar.MustParseDate("2026-09-01")
		undated := sample("zz-undated")
		undated.Received = calendar.Date{}
		for _, a := range []*admissions.Application{early, undated} {
			if err := s.Create(ctx, durham, a); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Create(ctx, cardiff, sample("other")); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			f    admissions.Filter
			want []string
		}{
			{admissions.Filter{}, []string{"zz-undated", "z-early", "a", "b", "c", "old", "r"}},
			{admissions.Filter{SchoolYear: 2027}, []string{"zz-undated", "z-early", "a", "b", "c", "r"}},
			{admissions.Filter{SchoolYear: 2027, EntryYears: []admissions.YearGroup{admissions.Year7}}, []string{"zz-undated", "z-early", "a", "b", "c"}},
			{admissions.Filter{EntryYears: []admissions.YearGroup{admissions.Reception}}, []string{"r"}},
			{admissions.Filter{SchoolYear: 2030}, nil},
			{admissions.Filter{Limit: 3}, []string{"zz-undated", "z-early", "a"}},
			{admissions.Filter{SchoolYear: 2027, Limit: 100}, []string{"zz-undated", "z-early", "a", "b", "c", "r"}},
		}
		for _, tt := range tests {
			list, err := s.List(ctx, durham, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, a := range list {
				ids = append(ids, a.ID)
			}
			if !reflect.DeepEqual(ids, tt.want) {
				t.Errorf("List(%+v) = %v, want %v", tt.f, ids, tt.want)
			}
		}
	})

	t.Run("ConcurrentUpdates", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, durham, sample("a1")); err != nil {
			t.Fatal(err)
		}
		// Every change made through Modify survives: none is lost to a
		// racing writer.
		const n = 20
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				_, err := admissions.Modify(ctx, s, durham, "a1", func(a *admissions.Application) error {
					a.StaffAt = append(a.StaffAt, admissions.URN(200000+i))
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got, err := s.Get(ctx, durham, "a1")
		if err != nil {
			t.Fatal(err)
		}
		if len(got.StaffAt) != n || got.Version != n+1 {
			t.Errorf("after %d concurrent Modify calls: %d changes, version %d; want %d and %d", n, len(got.StaffAt), got.Version, n, n+1)
		}
		boom := errors.New("boom")
		if _, err := admissions.Modify(ctx, s, durham, "a1", func(a *admissions.Application) error {
			a.Faith = "lost"
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("Modify with a failing fn: %v", err)
		}
		if _, err := admissions.Modify(ctx, s, cardiff, "a1", func(*admissions.Application) error { return nil }); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("Modify with another council: %v", err)
		}
		if again, _ := s.Get(ctx, durham, "a1"); again.Faith != "christian" || again.Version != got.Version {
			t.Errorf("a failed Modify changed the application: %+v", again)
		}
	})

	runEventTests(t, newStore)
	runCaseworkTests(t, newStore)

	t.Run("CancelledContext", func(t *testing.T) {
		s := newStore(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.Create(cctx, durham, sample("a1")); !errors.Is(err, context.Canceled) {
			t.Errorf("Create with a cancelled context: %v", err)
		}
		if _, err := s.Get(ctx, durham, "a1"); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("cancelled Create saved the record: %v", err)
		}
	})

	t.Run("ConcurrentCreates", func(t *testing.T) {
		s := newStore(t)
		var wg sync.WaitGroup
		for i := range 16 {
			wg.Go(func() {
				id := fmt.Sprintf("k%02d", i)
				if err := s.Create(ctx, durham, sample(id)); err != nil {
					t.Error(err)
					return
				}
				a, err := s.Get(ctx, durham, id)
				if err != nil {
					t.Error(err)
					return
				}
				a.Faith = "updated"
				if err := s.Update(ctx, durham, a); err != nil {
					t.Error(err)
				}
				if _, err := s.List(ctx, durham, admissions.Filter{}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		list, _ := s.List(ctx, durham, admissions.Filter{})
		if len(list) != 16 {
			t.Errorf("%d applications after concurrent creates, want 16", len(list))
		}
		for _, a := range list {
			if a.Version != 2 || a.Faith != "updated" {
				t.Errorf("%s: version %d faith %q", a.ID, a.Version, a.Faith)
			}
		}
	})
}
