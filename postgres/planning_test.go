package postgres

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

// TestPlanningStoreConformance runs the planning package's conformance
// suite against PostgreSQL, each subtest in a database of its own.
func TestPlanningStoreConformance(t *testing.T) {
	t.Parallel()
	planningtest.RunStoreTests(t, func(t *testing.T) planning.Store {
		return openMigrated(t, newMigratedDB(t)).Planning()
	})
}

// TestPlanningCouncilIsolation: council A cannot read, count, change or
// take reference numbers from council B's planning records.
func TestPlanningCouncilIsolation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t, newMigratedDB(t))
	s := db.Planning()
	b := planningtest.NewApplication(councilB, "b1")
	if err := s.Create(ctx, councilB, b); err != nil {
		t.Fatal(err)
	}
	if n, err := s.NextSequence(ctx, councilB, 2026); err != nil || n != 1 {
		t.Fatalf("NextSequence(B) = %d, %v", n, err)
	}
	if _, err := s.Get(ctx, councilA, "b1"); !errors.Is(err, planning.ErrNotFound) {
		t.Errorf("Get(A, B's application): %v, want ErrNotFound", err)
	}
	stolen := planningtest.NewApplication(councilA, "b1")
	stolen.Version = 1
	if err := s.Update(ctx, councilA, stolen); !errors.Is(err, planning.ErrNotFound) {
		t.Errorf("Update of B's application ID as council A: %v, want ErrNotFound", err)
	}
	err := db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		for _, table := range []string{"planning_applications", "planning_reference_counters"} {
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM councilkit.`+table).Scan(&n); err != nil {
				return err
			}
			if n != 0 {
				t.Errorf("council A counts %d of council B's rows in %s", n, table)
			}
		}
		tag, err := tx.Exec(ctx, `UPDATE councilkit.planning_reference_counters SET last = 0`)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 0 {
			t.Errorf("council A reset %d of council B's counters", tag.RowsAffected())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.NextSequence(ctx, councilB, 2026); err != nil || n != 2 {
		t.Errorf("council B's next number = %d, %v; want 2", n, err)
	}
	if n, err := s.NextSequence(ctx, councilA, 2026); err != nil || n != 1 {
		t.Errorf("council A's first number = %d, %v; want 1", n, err)
	}
}

// TestReferenceSequenceNoGaps: 32 submissions in each of two councils at
// once, on a pool with fewer connections than callers, get exactly 1..32
// each.
func TestReferenceSequenceNoGaps(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t, newMigratedDB(t), Config{ConfigurePool: func(c *pgxpool.Config) { c.MaxConns = 8 }})
	s := db.Planning()
	const n = 32
	var mu sync.Mutex
	got := map[string][]int{}
	var wg sync.WaitGroup
	for i := 0; i < 2*n; i++ {
		c := councilA
		if i%2 == 1 {
			c = councilB
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := s.NextSequence(ctx, c, 2026)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			got[c.String()] = append(got[c.String()], v)
			mu.Unlock()
		}()
	}
	wg.Wait()
	for c, vs := range got {
		seen := make([]bool, n+1)
		for _, v := range vs {
			if v < 1 || v > n || seen[v] {
				t.Errorf("council %s: number %d out of range or issued twice (%v)", c, v, vs)
				continue
			}
			seen[v] = true
		}
		if len(vs) != n {
			t.Errorf("council %s: %d numbers, want %d", c, len(vs), n)
		}
	}
}
