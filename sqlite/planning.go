package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/planning"
)

// PlanningStore is a planning.Store kept in an SQLite file. Get one from
// DB.Planning. It is safe for concurrent use.
//
// Update is a compare-and-swap on the version: UPDATE ... WHERE version =
// the copy's version either wins or changes nothing, and the loser gets
// planning.ErrConflict. Create and Update record the change's events
// (planning.ChangeEvents) in the same transaction (see EventLog).
// Reference numbers come from a counter row per council and year,
// incremented in a write transaction.
type PlanningStore struct {
	db *DB
}

var _ planning.Store = (*PlanningStore)(nil)

// Planning returns the file's planning application store.
func (db *DB) Planning() *PlanningStore { return &PlanningStore{db: db} }

func planningCall(ctx context.Context, c councilkit.Council) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.IsZero() {
		return planning.ErrNoCouncil
	}
	return nil
}

// planningRow is the column values of an application stored for council
// c, after the council: id, reference, type, state, submitted_at,
// received, body.
func planningRow(c councilkit.Council, a *planning.Application) ([]any, error) {
	cp := *a
	cp.Council = c
	body, err := json.Marshal(&cp)
	if err != nil {
		return nil, fmt.Errorf("sqlite: encoding planning application: %w", err)
	}
	submitted, err := encNullTime(a.SubmittedAt)
	if err != nil {
		return nil, err
	}
	// a.Received goes as calendar.Date's SQL value: NULL for no date, else
	// ISO 8601 text, so no time zone can shift the day.
	return []any{a.ID, nullString(a.Reference.String()), a.Type.String(), a.Lifecycle.State.String(),
		submitted, a.Received, string(body)}, nil
}

func scanApplication(r *sql.Rows) (*planning.Application, error) {
	var (
		body    string
		version int64
	)
	if err := r.Scan(&body, &version); err != nil {
		return nil, err
	}
	a := new(planning.Application)
	if err := json.Unmarshal([]byte(body), a); err != nil {
		return nil, fmt.Errorf("sqlite: decoding planning application: %w", err)
	}
	a.Version = version
	return a, nil
}

func scanApplications(rows *sql.Rows) ([]*planning.Application, error) {
	var out []*planning.Application
	err := eachRow(rows, func(r *sql.Rows) error {
		a, err := scanApplication(r)
		if err == nil {
			out = append(out, a)
		}
		return err
	})
	return out, err
}

// Create implements planning.Store.
func (s *PlanningStore) Create(ctx context.Context, c councilkit.Council, a *planning.Application) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := planning.CheckStorable(c, a); err != nil {
		return err
	}
	row, err := planningRow(c, a)
	if err != nil {
		return err
	}
	var evs []events.Event
	if !s.db.noEvents {
		next := a.Clone()
		next.Council, next.Version = c, 1
		if evs, err = planning.ChangeEvents(c, nil, next, events.ActorFrom(ctx)); err != nil {
			return err
		}
	}
	var inserted bool
	err = s.db.write(ctx, c, func(t *tx) error {
		res, err := t.exec(`INSERT INTO planning_applications (council, id, reference, type, state, submitted_at, received, body, version)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1) ON CONFLICT DO NOTHING`, row...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n != 1 {
			return err // a duplicate: nothing stored, nothing recorded
		}
		inserted = true
		return t.appendEvents(evs...)
	})
	if err != nil {
		return planningError(err)
	}
	if !inserted {
		return fmt.Errorf("%w: application ID or reference", planning.ErrDuplicate)
	}
	a.Council = c
	a.Version = 1
	return nil
}

// Get implements planning.Store.
func (s *PlanningStore) Get(ctx context.Context, council councilkit.Council, id string) (*planning.Application, error) {
	return s.getWhere(ctx, council, `id = ?2`, id)
}

// GetByReference implements planning.Store.
func (s *PlanningStore) GetByReference(ctx context.Context, council councilkit.Council, ref planning.Reference) (*planning.Application, error) {
	if err := planningCall(ctx, council); err != nil {
		return nil, err
	}
	if ref.IsZero() {
		return nil, fmt.Errorf("%w: no reference", planning.ErrNotFound)
	}
	return s.getWhere(ctx, council, `reference = ?2`, ref.String())
}

func (s *PlanningStore) getWhere(ctx context.Context, council councilkit.Council, where string, arg any) (*planning.Application, error) {
	if err := planningCall(ctx, council); err != nil {
		return nil, err
	}
	var a *planning.Application
	err := s.db.read(ctx, council, func(t *tx) error {
		rows, err := t.query(`SELECT body, version FROM planning_applications WHERE council = ?1 AND `+where, arg)
		if err != nil {
			return err
		}
		as, err := scanApplications(rows)
		if err != nil {
			return err
		}
		if len(as) != 1 {
			return fmt.Errorf("%w: application", planning.ErrNotFound)
		}
		a = as[0]
		return nil
	})
	if err != nil {
		return nil, planningError(err)
	}
	return a, nil
}

// Update implements planning.Store: it stores a if the stored version is
// still a.Version, and increments a.Version.
func (s *PlanningStore) Update(ctx context.Context, c councilkit.Council, a *planning.Application) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := planning.CheckStorable(c, a); err != nil {
		return err
	}
	row, err := planningRow(c, a)
	if err != nil {
		return err
	}
	// The stored application is read in the write transaction, so that
	// the change's events are derived from what it replaces.
	err = s.db.write(ctx, c, func(t *tx) error {
		rows, err := t.query(`SELECT body, version FROM planning_applications WHERE council = ?1 AND id = ?2`, a.ID)
		if err != nil {
			return err
		}
		cur, err := scanApplications(rows)
		switch {
		case err != nil:
			return err
		case len(cur) != 1:
			return fmt.Errorf("%w: application", planning.ErrNotFound)
		case cur[0].Version != a.Version:
			return fmt.Errorf("%w: application changed since it was read", planning.ErrConflict)
		}
		res, err := t.exec(`UPDATE planning_applications SET reference = ?3, type = ?4, state = ?5, submitted_at = ?6,
				received = ?7, body = ?8, version = version + 1
			WHERE council = ?1 AND id = ?2 AND version = ?9`, append(row, a.Version)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("%w: application changed since it was read (%v)", planning.ErrConflict, err)
		}
		if s.db.noEvents {
			return nil
		}
		next := a.Clone()
		next.Council, next.Version = c, a.Version+1
		evs, err := planning.ChangeEvents(c, cur[0], next, events.ActorFrom(ctx))
		if err != nil {
			return err
		}
		return t.appendEvents(evs...)
	})
	if err != nil {
		return planningError(err)
	}
	a.Council = c
	a.Version++
	return nil
}

// List implements planning.Store: oldest submission first (not yet
// submitted first), ties by ID.
func (s *PlanningStore) List(ctx context.Context, council councilkit.Council, f planning.Filter) ([]*planning.Application, error) {
	if err := planningCall(ctx, council); err != nil {
		return nil, err
	}
	q := `SELECT body, version FROM planning_applications WHERE council = ?1`
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "?" + strconv.Itoa(len(args)+1)
	}
	if f.State != planning.StateNone {
		q += ` AND state = ` + arg(f.State.String())
	}
	if !f.Type.IsZero() {
		q += ` AND type = ` + arg(f.Type.String())
	}
	q += ` ORDER BY submitted_at, id` // NULL, not yet submitted, sorts first
	if f.Limit > 0 {
		q += ` LIMIT ` + arg(f.Limit)
	}
	var out []*planning.Application
	err := s.db.read(ctx, council, func(t *tx) error {
		rows, err := t.query(q, args...)
		if err != nil {
			return err
		}
		out, err = scanApplications(rows)
		return err
	})
	if err != nil {
		return nil, planningError(err)
	}
	return out, nil
}

// NextSequence implements planning.Store. The number comes from the
// council's counter row for the year, incremented in a write transaction
// of its own: writes are serialised, so each caller gets the next number,
// with neither duplicates nor gaps. (A number is spent even if the caller
// then fails to store the application.)
func (s *PlanningStore) NextSequence(ctx context.Context, council councilkit.Council, year int) (int, error) {
	if err := planningCall(ctx, council); err != nil {
		return 0, err
	}
	var n int
	err := s.db.write(ctx, council, func(t *tx) error {
		return t.scan(`INSERT INTO planning_reference_counters (council, year, last) VALUES (?1, ?2, 1)
			ON CONFLICT (council, year) DO UPDATE SET last = last + 1
			RETURNING last`, []any{year}, &n)
	})
	if err != nil {
		return 0, planningError(err)
	}
	return n, nil
}

// planningError maps constraint violations to the planning package's
// sentinel errors, keeping the driver error in the chain.
func planningError(err error) error {
	if isUnique(err) {
		return fmt.Errorf("%w: %w", planning.ErrDuplicate, err)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %w", planning.ErrNotFound, err)
	}
	return err
}
