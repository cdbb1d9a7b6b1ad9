package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

// AdmissionRoundStore is an admissions.RoundStore kept in an SQLite file,
// table admission_rounds: the outcome of each coordinated round, from the
// allocation run to the parents' answers. Every Update records its events
// (admissions.RoundEvents, derived from the record as stored, read in the
// same write transaction, and the record after it) in that transaction
// (see EventLog); Create records none, as the interface says. Get one from
// DB.AdmissionRounds. It is safe for concurrent use.
//
// A CHECK constraint refuses a round published before national offer day
// begins in the UK, whatever the code above it does
// (admissions.ErrBeforeOfferDay). The allocation's result, megabytes for a
// county, is kept in a table of its own (admission_round_results) and
// written only when it changes, so a parent's response, an Update of the
// round, writes the round's places and lists but not the result again.
type AdmissionRoundStore struct {
	db *DB
}

var _ admissions.RoundStore = (*AdmissionRoundStore)(nil)

// AdmissionRounds returns the file's store of admissions rounds.
func (db *DB) AdmissionRounds() *AdmissionRoundStore { return &AdmissionRoundStore{db: db} }

// EventLog implements events.Recorder.
func (s *AdmissionRoundStore) EventLog() events.Log { return s.db.Events() }

// roundScope checks a call that stores r for council c, as
// admissions.MemRoundStore does.
func roundScope(ctx context.Context, c councilkit.Council, r *admissions.RoundRecord) error {
	if err := admissionsCall(ctx, c); err != nil {
		return err
	}
	if err := admissions.CheckRound(r); err != nil {
		return err
	}
	if !r.Council.IsZero() && r.Council != c {
		return fmt.Errorf("%w: round", admissions.ErrNotFound)
	}
	return nil
}

// roundArgs returns the column values of r stored for council c, after the
// council and ID: school_year, entry_year, offer_day, offer_day_starts,
// run_at, published_at and body. The body holds everything but the
// allocation's result, which has a table of its own, and the version,
// which is the version column.
func roundArgs(c councilkit.Council, r *admissions.RoundRecord) ([]any, error) {
	b := *r
	b.Council, b.Result, b.Version = c, nil, 0
	body, err := json.Marshal(&b)
	if err != nil {
		return nil, fmt.Errorf("sqlite: encoding admissions round: %w", err)
	}
	if r.OfferDay.IsZero() {
		return nil, fmt.Errorf("%w: round has no offer day", admissions.ErrInvalidState)
	}
	starts, err := encTime(r.OfferDay.Time(calendar.London()))
	if err != nil {
		return nil, err
	}
	runAt, err := encTime(r.RunAt)
	if err != nil {
		return nil, err
	}
	pub, err := encNullTime(r.PublishedAt)
	if err != nil {
		return nil, err
	}
	return []any{int(r.SchoolYear), int(r.EntryYear), r.OfferDay, starts, runAt, pub, string(body)}, nil
}

// roundSelect reads a round's body, its result (NULL for none) and its
// version: the result from its own table.
const roundSelect = `SELECT json(body),
		(SELECT x.result FROM admission_round_results x WHERE x.council = ?1 AND x.id = r.id),
		version
	FROM admission_rounds r WHERE r.council = ?1`

// writeResult makes the council's stored result of round id the result
// given, writing it only if it differs from the stored one (by SHA-256):
// deleting it for none.
func writeResult(t *tx, id string, result json.RawMessage) error {
	if len(result) == 0 {
		_, err := t.exec(`DELETE FROM admission_round_results WHERE council = ?1 AND id = ?2`, id)
		return err
	}
	sum := sha256.Sum256(result)
	var stored []byte
	err := t.scan(`SELECT sha256 FROM admission_round_results WHERE council = ?1 AND id = ?2`, []any{id}, &stored)
	switch {
	case err == nil && bytes.Equal(stored, sum[:]):
		return nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return err
	}
	_, err = t.exec(`INSERT INTO admission_round_results (council, id, sha256, result) VALUES (?1, ?2, ?3, ?4)
		ON CONFLICT (council, id) DO UPDATE SET sha256 = excluded.sha256, result = excluded.result`, id, sum[:], string(result))
	return err
}

// scanRound decodes a (body, result, version) row.
func scanRound(r *sql.Rows) (*admissions.RoundRecord, error) {
	var (
		body    []byte
		result  sql.NullString
		version int64
	)
	if err := r.Scan(&body, &result, &version); err != nil {
		return nil, err
	}
	rec := new(admissions.RoundRecord)
	if err := json.Unmarshal(body, rec); err != nil {
		return nil, fmt.Errorf("sqlite: decoding admissions round: %w", err)
	}
	if result.Valid {
		rec.Result = json.RawMessage(result.String)
	}
	rec.Version = version
	return rec, nil
}

// roundError maps the table's constraints to the package's errors.
func roundError(err error) error {
	if err != nil && isCheck(err, "admission_rounds_not_before_offer_day") {
		return fmt.Errorf("%w: %w", admissions.ErrBeforeOfferDay, err)
	}
	return err
}

// loadRound reads the council's round id in t, or returns ErrNotFound.
func loadRound(t *tx, id string) (*admissions.RoundRecord, error) {
	rows, err := t.query(roundSelect+` AND r.id = ?2`, id)
	if err != nil {
		return nil, err
	}
	var r *admissions.RoundRecord
	err = eachRow(rows, func(row *sql.Rows) error {
		var err error
		r, err = scanRound(row)
		return err
	})
	if err == nil && r == nil {
		err = fmt.Errorf("%w: round", admissions.ErrNotFound)
	}
	return r, err
}

// Create implements admissions.RoundStore. It records no events.
func (s *AdmissionRoundStore) Create(ctx context.Context, c councilkit.Council, r *admissions.RoundRecord) error {
	if err := roundScope(ctx, c, r); err != nil {
		return err
	}
	args, err := roundArgs(c, r)
	if err != nil {
		return err
	}
	var inserted bool
	err = s.db.write(ctx, c, func(t *tx) error {
		res, err := t.exec(`INSERT INTO admission_rounds (council, id, school_year, entry_year, offer_day, offer_day_starts,
				run_at, published_at, body, version)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, jsonb(?9), 1) ON CONFLICT DO NOTHING`, append([]any{r.ID}, args...)...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if inserted = n == 1; err != nil || !inserted {
			return err
		}
		return writeResult(t, r.ID, r.Result)
	})
	if err != nil {
		return roundError(err)
	}
	if !inserted {
		return fmt.Errorf("%w: round", admissions.ErrDuplicate)
	}
	r.Council, r.Version = c, 1
	return nil
}

// Get implements admissions.RoundStore.
func (s *AdmissionRoundStore) Get(ctx context.Context, c councilkit.Council, id string) (*admissions.RoundRecord, error) {
	if err := admissionsCall(ctx, c); err != nil {
		return nil, err
	}
	var r *admissions.RoundRecord
	err := s.db.read(ctx, c, func(t *tx) error {
		var err error
		r, err = loadRound(t, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// OfferFor implements admissions.RoundStore: SQLite picks the one place
// out of the round's document (json_each over its binary JSON), so that a
// parent's page does not decode the whole round.
func (s *AdmissionRoundStore) OfferFor(ctx context.Context, c councilkit.Council, id, applicationID string, now time.Time) (admissions.RoundPlace, error) {
	if err := admissionsCall(ctx, c); err != nil {
		return admissions.RoundPlace{}, err
	}
	var (
		head  admissions.RoundRecord
		pub   sql.NullString
		place sql.NullString
	)
	err := s.db.read(ctx, c, func(t *tx) error {
		err := t.scan(`SELECT offer_day, published_at,
				(SELECT p.value FROM json_each(body, '$.places') p WHERE json_extract(p.value, '$.application_id') = ?3 LIMIT 1)
			FROM admission_rounds WHERE council = ?1 AND id = ?2`, []any{id, applicationID}, &head.OfferDay, &pub, &place)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: round", admissions.ErrNotFound)
		}
		return err
	})
	if err != nil {
		return admissions.RoundPlace{}, err
	}
	if head.PublishedAt, err = decNullTime(pub); err != nil {
		return admissions.RoundPlace{}, err
	}
	if place.Valid {
		var p admissions.RoundPlace
		if err := json.Unmarshal([]byte(place.String), &p); err != nil {
			return admissions.RoundPlace{}, fmt.Errorf("sqlite: decoding admissions round place: %w", err)
		}
		head.Places = []admissions.RoundPlace{p}
	}
	return head.OfferFor(applicationID, now)
}

// Update implements admissions.RoundStore. In one write transaction it
// reads the stored record, checks its version, derives the change's
// events from the stored record and r (admissions.RoundEvents, the actor
// from events.ActorFrom(ctx)), writes r and records the events: either all
// of it happens or none.
func (s *AdmissionRoundStore) Update(ctx context.Context, c councilkit.Council, r *admissions.RoundRecord) error {
	if err := roundScope(ctx, c, r); err != nil {
		return err
	}
	args, err := roundArgs(c, r)
	if err != nil {
		return err
	}
	actor := events.ActorFrom(ctx)
	err = s.db.write(ctx, c, func(t *tx) error {
		// The stored record without its result, which RoundEvents does
		// not read.
		rows, err := t.query(`SELECT json(body), NULL, version FROM admission_rounds WHERE council = ?1 AND id = ?2`, r.ID)
		if err != nil {
			return err
		}
		var before *admissions.RoundRecord
		if err := eachRow(rows, func(row *sql.Rows) error {
			before, err = scanRound(row)
			return err
		}); err != nil {
			return err
		}
		if before == nil {
			return fmt.Errorf("%w: round", admissions.ErrNotFound)
		}
		if before.Version != r.Version {
			return fmt.Errorf("%w: round changed since it was read", admissions.ErrConflict)
		}
		after := *r
		after.Council, after.Version = c, r.Version+1
		evs, err := admissions.RoundEvents(before, &after, actor)
		if err != nil {
			return err
		}
		res, err := t.exec(`UPDATE admission_rounds SET school_year = ?3, entry_year = ?4, offer_day = ?5, offer_day_starts = ?6,
				run_at = ?7, published_at = ?8, body = jsonb(?9), version = version + 1
			WHERE council = ?1 AND id = ?2 AND version = ?10`, append(append([]any{r.ID}, args...), r.Version)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return fmt.Errorf("%w: round changed since it was read", admissions.ErrConflict)
		}
		if err := writeResult(t, r.ID, r.Result); err != nil {
			return err
		}
		// The events, in the same transaction (a transactional outbox).
		return t.appendEvents(evs...)
	})
	if err != nil {
		return roundError(err)
	}
	r.Council = c
	r.Version++
	return nil
}

// List implements admissions.RoundStore: oldest first by run time, ties by
// ID.
func (s *AdmissionRoundStore) List(ctx context.Context, c councilkit.Council, f admissions.RoundFilter) ([]*admissions.RoundRecord, error) {
	if err := admissionsCall(ctx, c); err != nil {
		return nil, err
	}
	var args []any
	where := ``
	if f.SchoolYear != 0 {
		args = append(args, int(f.SchoolYear))
		where += ` AND r.school_year = ?` + strconv.Itoa(len(args)+1)
	}
	where += ` ORDER BY r.run_at, r.id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		where += ` LIMIT ?` + strconv.Itoa(len(args)+1)
	}
	var out []*admissions.RoundRecord
	err := s.db.read(ctx, c, func(t *tx) error {
		rows, err := t.query(roundSelect+where, args...)
		if err != nil {
			return err
		}
		return eachRow(rows, func(row *sql.Rows) error {
			r, err := scanRound(row)
			if err == nil {
				out = append(out, r)
			}
			return err
		})
	})
	return out, err
}
