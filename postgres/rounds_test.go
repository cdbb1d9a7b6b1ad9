package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

// TestAdmissionRoundStoreConformance runs the admissions package's round
// store suite against PostgreSQL, each subtest in a database of its own.
func TestAdmissionRoundStoreConformance(t *testing.T) {
	t.Parallel()
	admissionstest.RunRoundStoreTests(t, func(t *testing.T) (admissions.RoundStore, events.Log) {
		s := openMigrated(t, newMigratedDB(t)).AdmissionRounds()
		return s, s.EventLog()
	})
}

// TestAdmissionRoundsConcurrentResponses: parents answering at once
// through ModifyRound on PostgreSQL lose no answer.
func TestAdmissionRoundsConcurrentResponses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMigrated(t, newMigratedDB(t)).AdmissionRounds()
	c := admissionstest.Durham
	rec := admissionstest.NewRoundRecord(c)
	if err := s.Create(ctx, c, rec); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, len(rec.Places))
	for _, p := range rec.Places {
		go func() {
			_, err := admissions.ModifyRound(ctx, s, c, rec.ID, func(r *admissions.RoundRecord) error {
				_, err := r.Respond(p.ApplicationID, true, admissionstest.RoundOffers)
				return err
			})
			errs <- err
		}()
	}
	for range rec.Places {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	got, err := s.Get(ctx, c, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range got.Places {
		if p.Status != admissions.Accepted {
			t.Errorf("%s: %v", p.ApplicationID, p.Status)
		}
	}
	if got.Version != int64(len(rec.Places))+1 {
		t.Errorf("version %d after %d answers", got.Version, len(rec.Places))
	}
}

// TestAdmissionRoundsNotBeforeOfferDay: the table itself refuses a round
// published before offer day, whatever the code above it does: here an
// UPDATE in SQL that sets published_at to the last minute before offer
// day in the UK, and then the first minute of it.
func TestAdmissionRoundsNotBeforeOfferDay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t, newMigratedDB(t))
	s := db.AdmissionRounds()
	c := admissionstest.Durham
	rec := admissionstest.NewRoundRecord(c)
	if err := s.Create(ctx, c, rec); err != nil {
		t.Fatal(err)
	}
	publish := func(at time.Time) error {
		return roundError(db.InCouncil(ctx, c, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE councilkit.admission_rounds SET published_at = $1 WHERE council = $2 AND id = $3`, at, c.String(), rec.ID)
			return err
		}))
	}
	london := calendar.London()
	if err := publish(time.Date(2027, time.February, 28, 23, 59, 59, 0, london)); !errors.Is(err, admissions.ErrBeforeOfferDay) {
		t.Errorf("published_at before offer day: %v, want ErrBeforeOfferDay", err)
	}
	if err := publish(time.Date(2027, time.March, 1, 0, 0, 0, 0, london)); err != nil {
		t.Errorf("published_at at the start of offer day: %v", err)
	}
	// Cardiff sees no row even without a filter.
	err := db.InCouncil(ctx, councilB, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM councilkit.admission_rounds`).Scan(&n); err != nil {
			return err
		}
		if n != 0 {
			t.Errorf("another council sees %d rounds", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// BenchmarkAdmissionRoundsRespond is one parent's acceptance in a
// published 10,000-child round in PostgreSQL: the whole record is read and
// written back, so responses to one round queue behind each other.
func BenchmarkAdmissionRoundsRespond(b *testing.B) {
	ctx := context.Background()
	rec := round10k(b)
	db := openMigrated(b, newMigratedDB(b))
	s := db.AdmissionRounds()
	c := rec.Council
	if err := rec.Publish(admissionstest.RoundOffers, "officer-1"); err != nil {
		b.Fatal(err)
	}
	if err := s.Create(ctx, c, rec); err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, p := range rec.Places {
		if p.School != 0 {
			ids = append(ids, p.ApplicationID)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		id := ids[i%len(ids)]
		i++
		if _, err := admissions.ModifyRound(ctx, s, c, rec.ID, func(r *admissions.RoundRecord) error {
			_, err := r.Respond(id, true, admissionstest.RoundOffers.Add(time.Hour))
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAdmissionRoundsOfferFor is a parent's page view in a published
// 10,000-child round: one place picked out by the server.
func BenchmarkAdmissionRoundsOfferFor(b *testing.B) {
	ctx := context.Background()
	rec := round10k(b)
	s := openMigrated(b, newMigratedDB(b)).AdmissionRounds()
	if err := s.Create(ctx, rec.Council, rec); err != nil {
		b.Fatal(err)
	}
	id := rec.Places[len(rec.Places)/2].ApplicationID
	b.ReportAllocs()
	for b.Loop() {
		if p, err := s.OfferFor(ctx, rec.Council, rec.ID, id, admissionstest.RoundOffers); err != nil || p.ApplicationID != id {
			b.Fatal(p, err)
		}
	}
}

func round10k(b *testing.B) *admissions.RoundRecord {
	cfg := admissionstest.LocalRound()
	cfg.Applicants, cfg.Schools, cfg.Width, cfg.Height = 10_000, 60, 40_000, 30_000
	scheme, apps := admissionstest.Generate(cfg)
	res, err := admissions.Allocate(scheme, apps)
	if err != nil {
		b.Fatal(err)
	}
	rec, err := admissions.NewRoundRecord(scheme, res, admissions.RoundRun{At: admissionstest.RoundRunAt, Officer: "officer-1"})
	if err != nil {
		b.Fatal(err)
	}
	return rec
}

// BenchmarkAdmissionRoundsPublish publishes a 10,000-child round in
// PostgreSQL: read the record, publish, and write it back with its events
// in one transaction. Each iteration first resets the row to unpublished,
// untimed.
func BenchmarkAdmissionRoundsPublish(b *testing.B) {
	ctx := context.Background()
	rec := round10k(b)
	db := openMigrated(b, newMigratedDB(b))
	s := db.AdmissionRounds()
	c := rec.Council
	if err := s.Create(ctx, c, rec); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		if err := db.InCouncil(ctx, c, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE councilkit.admission_rounds SET published_at = NULL, body = body - 'published_at' - 'published_by' WHERE council = $1 AND id = $2`, c.String(), rec.ID)
			return err
		}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := admissions.ModifyRound(ctx, s, c, rec.ID, func(r *admissions.RoundRecord) error {
			return r.Publish(admissionstest.RoundOffers, "officer-1")
		}); err != nil {
			b.Fatal(err)
		}
	}
}
