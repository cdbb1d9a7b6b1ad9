package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
)

// sqlRoundStore is the admissions.RoundStore of the -data directory: the
// sqlite package has no round store yet (PostgreSQL's is
// postgres.AdmissionRoundStore), so the portal keeps each round record as
// JSON in a table of portal.db, with a version for compare-and-swap. It
// passes admissionstest.RunRoundStoreTests. Not modelled: it records no
// events (the sqlite package's event log belongs to councilkit.db); a
// council running offer day on SQLite would want the library's own store.
type sqlRoundStore struct{ st *sqlStore }

var _ admissions.RoundStore = (*sqlRoundStore)(nil)

const roundSchema = `CREATE TABLE IF NOT EXISTS portal_rounds (
	council     TEXT NOT NULL,
	id          TEXT NOT NULL,
	school_year BIGINT NOT NULL,
	run_at_ns   BIGINT NOT NULL,
	version     BIGINT NOT NULL,
	data        TEXT NOT NULL,
	PRIMARY KEY (council, id)
)`

func init() { portalSchema = append(portalSchema, roundSchema) }

func checkRoundCall(ctx context.Context, c councilkit.Council) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.IsZero() {
		return admissions.ErrNoCouncil
	}
	return nil
}

func scopeRoundRecord(ctx context.Context, c councilkit.Council, r *admissions.RoundRecord) error {
	if err := checkRoundCall(ctx, c); err != nil {
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

func (s *sqlRoundStore) Create(ctx context.Context, c councilkit.Council, r *admissions.RoundRecord) error {
	if err := scopeRoundRecord(ctx, c, r); err != nil {
		return err
	}
	next := r.Clone()
	next.Council, next.Version = c, 1
	b, err := json.Marshal(next)
	if err != nil {
		return err
	}
	st := s.st
	res, err := st.db.ExecContext(ctx, st.q(`INSERT INTO portal_rounds (council, id, school_year, run_at_ns, version, data)
		VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT DO NOTHING`), c.String(), r.ID, int64(r.SchoolYear), r.RunAt.UnixNano(), string(b))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("%w: round", admissions.ErrDuplicate)
	}
	r.Council, r.Version = c, 1
	return nil
}

func (s *sqlRoundStore) Get(ctx context.Context, c councilkit.Council, id string) (*admissions.RoundRecord, error) {
	if err := checkRoundCall(ctx, c); err != nil {
		return nil, err
	}
	var data string
	err := s.st.db.QueryRowContext(ctx, s.st.q(`SELECT data FROM portal_rounds WHERE council = ? AND id = ?`), c.String(), id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: round", admissions.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	var r admissions.RoundRecord
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		return nil, fmt.Errorf("portal: stored round %s: %w", id, err)
	}
	return &r, nil
}

func (s *sqlRoundStore) OfferFor(ctx context.Context, c councilkit.Council, id, applicationID string, now time.Time) (admissions.RoundPlace, error) {
	r, err := s.Get(ctx, c, id)
	if err != nil {
		return admissions.RoundPlace{}, err
	}
	return r.OfferFor(applicationID, now)
}

func (s *sqlRoundStore) Update(ctx context.Context, c councilkit.Council, r *admissions.RoundRecord) error {
	if err := scopeRoundRecord(ctx, c, r); err != nil {
		return err
	}
	next := r.Clone()
	next.Council, next.Version = c, r.Version+1
	b, err := json.Marshal(next)
	if err != nil {
		return err
	}
	st := s.st
	res, err := st.db.ExecContext(ctx, st.q(`UPDATE portal_rounds SET data = ?, version = ?, school_year = ?, run_at_ns = ?
		WHERE council = ? AND id = ? AND version = ?`), string(b), next.Version, int64(r.SchoolYear), r.RunAt.UnixNano(), c.String(), r.ID, r.Version)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		if _, err := s.Get(ctx, c, r.ID); err != nil {
			return err
		}
		return fmt.Errorf("%w: round changed since it was read", admissions.ErrConflict)
	}
	r.Council, r.Version = c, next.Version
	return nil
}

func (s *sqlRoundStore) List(ctx context.Context, c councilkit.Council, f admissions.RoundFilter) ([]*admissions.RoundRecord, error) {
	if err := checkRoundCall(ctx, c); err != nil {
		return nil, err
	}
	q := `SELECT data FROM portal_rounds WHERE council = ? AND (? = 0 OR school_year = ?) ORDER BY run_at_ns, id`
	args := []any{c.String(), int64(f.SchoolYear), int64(f.SchoolYear)}
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := s.st.db.QueryContext(ctx, s.st.q(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*admissions.RoundRecord
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		var r admissions.RoundRecord
		if err := json.Unmarshal([]byte(data), &r); err != nil {
			return nil, err
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}
