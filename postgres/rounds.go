package postgres

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/events"
)

// AdmissionRoundStore is an admissions.RoundStore kept in PostgreSQL: the
// outcome of each coordinated round, from the allocation run to the
// parents' answers, with the events of every change written in the same
// transaction. Get one from DB.AdmissionRounds. It is safe for concurrent
// use.
type AdmissionRoundStore struct {
	db *DB
}

var _ admissions.RoundStore = (*AdmissionRoundStore)(nil)

// AdmissionRounds returns the database's store of admissions rounds.
func (db *DB) AdmissionRounds() *AdmissionRoundStore { return &AdmissionRoundStore{db: db} }

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

// roundRow is the column values of r stored for council c: the body holds
// everything but the allocation's result, which has a column of its own,
// and the version, which is the version column.
type roundRow struct {
	schoolYear  int
	entryYear   int16
	publishedAt *time.Time
	body        []byte
	result      []byte
}

func newRoundRow(c councilkit.Council, r *admissions.RoundRecord) (roundRow, error) {
	b := *r
	b.Council, b.Result, b.Version = c, nil, 0
	body, err := json.Marshal(&b)
	if err != nil {
		return roundRow{}, fmt.Errorf("postgres: encoding admissions round: %w", err)
	}
	row := roundRow{schoolYear: int(r.SchoolYear), entryYear: int16(r.EntryYear), body: body}
	if len(r.Result) > 0 {
		row.result = r.Result
	}
	if !r.PublishedAt.IsZero() {
		t := r.PublishedAt
		row.publishedAt = &t
	}
	return row, nil
}

func scanRound(row pgx.Row) (*admissions.RoundRecord, error) {
	var (
		body, result []byte
		version      int64
	)
	if err := row.Scan(&body, &result, &version); err != nil {
		return nil, err
	}
	r := new(admissions.RoundRecord)
	if err := json.Unmarshal(body, r); err != nil {
		return nil, fmt.Errorf("postgres: decoding admissions round: %w", err)
	}
	r.Result, r.Version = result, version
	return r, nil
}

// roundError maps the table's constraints to the package's errors.
func roundError(err error) error {
	if pgCode(err) == sqlstateCheckViolation && pgConstraint(err) == "admission_rounds_not_before_offer_day" {
		return fmt.Errorf("%w: %w", admissions.ErrBeforeOfferDay, err)
	}
	return err
}

// Create implements admissions.RoundStore.
func (s *AdmissionRoundStore) Create(ctx context.Context, c councilkit.Council, r *admissions.RoundRecord) error {
	if err := roundScope(ctx, c, r); err != nil {
		return err
	}
	row, err := newRoundRow(c, r)
	if err != nil {
		return err
	}
	var inserted bool
	err = s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`INSERT INTO councilkit.admission_rounds (council, id, school_year, entry_year, offer_day, run_at, published_at, version, body, result)
			VALUES ($1, $2, $3, $4, $5::date, $6, $7, 1, $8, $9) ON CONFLICT DO NOTHING`,
			c.String(), r.ID, row.schoolYear, row.entryYear, r.OfferDay, r.RunAt, row.publishedAt, row.body, row.result).
			Exec(func(tag pgconn.CommandTag) error { inserted = tag.RowsAffected() == 1; return nil })
		return nil
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
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`SELECT body, result, version FROM councilkit.admission_rounds WHERE council = $1 AND id = $2`, c.String(), id).
			Query(func(rows pgx.Rows) error {
				var err error
				r, err = pgx.CollectExactlyOneRow(rows, func(row pgx.CollectableRow) (*admissions.RoundRecord, error) { return scanRound(row) })
				if errors.Is(err, pgx.ErrNoRows) {
					return fmt.Errorf("%w: round", admissions.ErrNotFound)
				}
				return err
			})
		return nil
	})
	return r, err
}

// OfferFor implements admissions.RoundStore: the server picks the one
// place out of the round's document, so that a parent's page does not
// fetch the whole round.
func (s *AdmissionRoundStore) OfferFor(ctx context.Context, c councilkit.Council, id, applicationID string, now time.Time) (admissions.RoundPlace, error) {
	if err := admissionsCall(ctx, c); err != nil {
		return admissions.RoundPlace{}, err
	}
	var (
		head  admissions.RoundRecord
		pub   *time.Time
		place []byte
	)
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`SELECT r.offer_day, r.published_at, p.e
			FROM councilkit.admission_rounds r
			LEFT JOIN LATERAL (SELECT e FROM jsonb_array_elements(r.body->'places') e
				WHERE e->>'application_id' = $3 LIMIT 1) p ON true
			WHERE r.council = $1 AND r.id = $2`, c.String(), id, applicationID).
			QueryRow(func(row pgx.Row) error {
				err := row.Scan(&head.OfferDay, &pub, &place)
				if errors.Is(err, pgx.ErrNoRows) {
					return fmt.Errorf("%w: round", admissions.ErrNotFound)
				}
				return err
			})
		return nil
	})
	if err != nil {
		return admissions.RoundPlace{}, err
	}
	if pub != nil {
		head.PublishedAt = *pub
	}
	if place != nil {
		var p admissions.RoundPlace
		if err := json.Unmarshal(place, &p); err != nil {
			return admissions.RoundPlace{}, fmt.Errorf("postgres: decoding admissions round place: %w", err)
		}
		head.Places = []admissions.RoundPlace{p}
	}
	return head.OfferFor(applicationID, now)
}

// Update implements admissions.RoundStore. In one transaction it locks
// the stored row, checks its version, derives the change's events from
// the stored record and r (admissions.RoundEvents, the actor from
// events.ActorFrom(ctx)), writes r and records the events: either all of
// it happens or none.
func (s *AdmissionRoundStore) Update(ctx context.Context, c councilkit.Council, r *admissions.RoundRecord) error {
	if err := roundScope(ctx, c, r); err != nil {
		return err
	}
	row, err := newRoundRow(c, r)
	if err != nil {
		return err
	}
	actor := events.ActorFrom(ctx)
	err = s.db.InCouncil(ctx, c, func(tx pgx.Tx) error {
		var (
			body, resultSum []byte
			version         int64
		)
		err := tx.QueryRow(ctx, `SELECT body, version, sha256(convert_to(result::text, 'UTF8'))
			FROM councilkit.admission_rounds WHERE council = $1 AND id = $2 FOR UPDATE`,
			c.String(), r.ID).Scan(&body, &version, &resultSum)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("%w: round", admissions.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if version != r.Version {
			return fmt.Errorf("%w: round changed since it was read", admissions.ErrConflict)
		}
		before := new(admissions.RoundRecord)
		if err := json.Unmarshal(body, before); err != nil {
			return fmt.Errorf("postgres: decoding admissions round: %w", err)
		}
		after := *r
		after.Council, after.Version = c, version+1
		evs, err := admissions.RoundEvents(before, &after, actor)
		if err != nil {
			return err
		}
		// The allocation's result (megabytes for a county) changes only
		// with Rerun: it is sent again only if it differs from the stored
		// one, as Get returned it.
		query := `UPDATE councilkit.admission_rounds SET school_year = $3, entry_year = $4, offer_day = $5::date,
				run_at = $6, published_at = $7, body = $8, version = version + 1`
		args := []any{c.String(), r.ID, row.schoolYear, row.entryYear, r.OfferDay, r.RunAt, row.publishedAt, row.body}
		if sum := sha256.Sum256(row.result); row.result == nil || resultSum == nil || !bytes.Equal(sum[:], resultSum) {
			query += `, result = $9`
			args = append(args, row.result)
		}
		if _, err := tx.Exec(ctx, query+` WHERE council = $1 AND id = $2`, args...); err != nil {
			return err
		}
		// The events, in the same transaction (a transactional outbox).
		return s.db.recordEvents(ctx, tx, c, evs)
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
	query := `SELECT body, result, version FROM councilkit.admission_rounds WHERE council = $1`
	args := []any{c.String()}
	if f.SchoolYear != 0 {
		args = append(args, int(f.SchoolYear))
		query += fmt.Sprintf(` AND school_year = $%d`, len(args))
	}
	query += ` ORDER BY run_at, id`
	if f.Limit > 0 {
		query += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	var out []*admissions.RoundRecord
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		out = nil
		b.Queue(query, args...).Query(func(rows pgx.Rows) error {
			defer rows.Close()
			for rows.Next() {
				r, err := scanRound(rows)
				if err != nil {
					return err
				}
				out = append(out, r)
			}
			return rows.Err()
		})
		return nil
	})
	return out, err
}
