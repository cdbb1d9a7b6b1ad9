package postgres

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
)

// TestAdmissionsStoreConformance runs the admissions package's conformance
// suite against PostgreSQL, each subtest in a database of its own.
func TestAdmissionsStoreConformance(t *testing.T) {
	t.Parallel()
	admissionstest.RunStoreTests(t, func(t *testing.T) admissions.Store {
		return openMigrated(t, newMigratedDB(t)).Admissions()
	})
}

// TestAdmissionsRoundTrip imports a small authority's round in bulk, loads
// it back, allocates it, saves the offers in bulk and reads them back; and
// checks that another council sees none of it.
func TestAdmissionsRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t, newMigratedDB(t))
	s := db.Admissions()
	scheme, apps := admissionstest.Generate(admissionstest.LocalRound())
	c := scheme.Council
	if err := s.Import(ctx, c, apps); err != nil {
		t.Fatal(err)
	}
	if apps[0].Version != 1 || apps[len(apps)-1].Version != 1 {
		t.Errorf("after Import, Versions %d and %d, want 1", apps[0].Version, apps[len(apps)-1].Version)
	}
	if err := s.Import(ctx, c, apps[:1]); !errors.Is(err, admissions.ErrDuplicate) {
		t.Errorf("importing an ID twice: %v, want ErrDuplicate", err)
	}
	if apps[0].Version != 1 {
		t.Errorf("a failed Import changed the stored application's Version to %d", apps[0].Version)
	}
	loaded, err := s.LoadRound(ctx, c, admissions.Filter{SchoolYear: scheme.SchoolYear, EntryYears: []admissions.YearGroup{scheme.EntryYear}})
	if err != nil || len(loaded) != len(apps) {
		t.Fatalf("LoadRound: %d applications, %v; want %d", len(loaded), err, len(apps))
	}
	want, err := admissions.Allocate(scheme, apps)
	if err != nil {
		t.Fatal(err)
	}
	res, err := admissions.Allocate(scheme, loaded)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.SaveOffers(ctx, c, res)
	if err != nil || n != int64(len(apps)) {
		t.Fatalf("SaveOffers = %d, %v; want %d rows", n, err, len(apps))
	}
	// Saving again replaces, not adds.
	if n, err := s.SaveOffers(ctx, c, res); err != nil || n != int64(len(apps)) {
		t.Fatalf("second SaveOffers = %d, %v", n, err)
	}
	offers, err := s.Offers(ctx, c, scheme.SchoolYear, scheme.EntryYear)
	if err != nil || len(offers) != len(apps) {
		t.Fatalf("Offers: %d, %v; want %d", len(offers), err, len(apps))
	}
	for _, o := range offers {
		i, ok := want.Index(o.ApplicationID)
		if !ok {
			t.Fatalf("offer for unknown application %s", o.ApplicationID)
		}
		w := want.Outcomes[i]
		if o.School != w.Offer || o.Basis != w.Basis.String() || o.Preference != w.Preference || o.Standing != w.Standing {
			t.Errorf("%s: stored %+v, allocation from the original applications gave %+v", o.ApplicationID, o, w)
		}
	}
	// Another council sees nothing, even without a filter.
	err = db.InCouncil(ctx, councilB, func(tx pgx.Tx) error {
		for _, table := range []string{"admissions_applications", "admissions_offers"} {
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM councilkit.`+table).Scan(&n); err != nil {
				return err
			}
			if n != 0 {
				t.Errorf("council B counts %d of council A's rows in %s", n, table)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Offers(ctx, councilB, scheme.SchoolYear, scheme.EntryYear); err != nil || len(got) != 0 {
		t.Errorf("council B's Offers = %d, %v", len(got), err)
	}
	if _, err := s.SaveOffers(ctx, councilB, res); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("saving council A's result as council B: %v", err)
	}
}
