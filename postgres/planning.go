package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/planning"
)

// PlanningStore is a planning.Store kept in PostgreSQL. Get one
// from DB.Planning. It is safe for concurrent use.
//
// Update is a compare-and-swap on the version, as the interface requires:
// it reads the stored application under its row lock, refuses a stale copy
// with planning.ErrConflict, and writes the change and its events
// (planning.ChangeEvents) in the same transaction. Reference numbers come from a counter
// row per council and year, incremented under its row lock.
type PlanningStore struct {
	db *DB
}

var _ planning.Store = (*PlanningStore)(nil)

// Planning returns the database's planning application store.
func (db *DB) Planning() *PlanningStore { return &PlanningStore{db: db} }

// planningRow is the column values of an application stored for council
// c (which CheckStorable has matched with a.Council, or a.Council is zero).
func planningRow(c councilkit.Council, a *planning.Application) ([]any, error) {
	cp := *a
	cp.Council = c
	body, err := json.Marshal(&cp)
	if err != nil {
		return nil, fmt.Errorf("postgres: encoding planning application: %w", err)
	}
	// a.Received goes as calendar.Date's SQL value: NULL for no date, else
	// ISO 8601 text, so no time zone can shift the day.
	return []any{c.String(), a.ID, a.Reference, a.Type.String(), a.Lifecycle.State.String(),
		nullTime(a.SubmittedAt), a.Received, string(body)}, nil
}

func scanApplication(row pgx.CollectableRow) (*planning.Application, error) {
	var (
		body    []byte
		version int64
	)
	if err := row.Scan(&body, &version); err != nil {
		return nil, err
	}
	a := new(planning.Application)
	if err := json.Unmarshal(body, a); err != nil {
		return nil, fmt.Errorf("postgres: decoding planning application: %w", err)
	}
	a.Version = version
	return a, nil
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
	evArgs, err := eventArgs(evs)
	if err != nil {
		return err
	}
	// The application and, only if it is new, its events, in one
	// statement.
	var (
		inserted bool
		pos      []int64
	)
	err = s.db.writeInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`WITH a AS (
				INSERT INTO councilkit.planning_applications (council, id, reference, type, state, submitted_at, received, body, version)
				VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, 1) ON CONFLICT DO NOTHING
				RETURNING council
			), ev AS (`+insertEventsLogSQL(`a.council`, 9, `a CROSS JOIN`, 0)+`
			)
			SELECT EXISTS (SELECT 1 FROM a), ARRAY(SELECT pos FROM ev ORDER BY pos)`, append(row, evArgs...)...).QueryRow(func(r pgx.Row) error {
			return r.Scan(&inserted, &pos)
		})
		return nil
	}, func(tx pgx.Tx) error {
		if !inserted {
			return nil
		}
		return s.db.runAfterRecord(ctx, tx, evs, pos)
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
	return s.getWhere(ctx, council, `id = $2`, id)
}

// GetByReference implements planning.Store.
func (s *PlanningStore) GetByReference(ctx context.Context, council councilkit.Council, ref planning.Reference) (*planning.Application, error) {
	if ref.IsZero() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if council.IsZero() {
			return nil, planning.ErrNoCouncil
		}
		return nil, fmt.Errorf("%w: no reference", planning.ErrNotFound)
	}
	return s.getWhere(ctx, council, `reference = $2`, ref.String())
}

func (s *PlanningStore) getWhere(ctx context.Context, council councilkit.Council, where string, arg any) (*planning.Application, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if council.IsZero() {
		return nil, planning.ErrNoCouncil
	}
	var a *planning.Application
	err := s.db.pipelineInCouncil(ctx, council, func(b *pgx.Batch) error {
		b.Queue(`SELECT body, version FROM councilkit.planning_applications WHERE council = $1 AND `+where,
			council.String(), arg).Query(func(rows pgx.Rows) error {
			var err error
			a, err = pgx.CollectExactlyOneRow(rows, scanApplication)
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("%w: application", planning.ErrNotFound)
			}
			return err
		})
		return nil
	})
	if err != nil {
		return nil, planningError(err)
	}
	return a, nil
}

// Update implements planning.Store: it stores a if the stored
// version is still a.Version, and increments a.Version.
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
	// The stored application is read under its row lock, so that the
	// change's events are derived from what it replaces.
	err = s.db.InCouncil(ctx, c, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT body, version FROM councilkit.planning_applications WHERE council = $1 AND id = $2 FOR UPDATE`,
			c.String(), a.ID)
		cur, err := pgx.CollectExactlyOneRow(rows, scanApplication)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("%w: application", planning.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if cur.Version != a.Version {
			return fmt.Errorf("%w: application changed since it was read", planning.ErrConflict)
		}
		var (
			evs []events.Event
			pos []int64
		)
		if !s.db.noEvents {
			next := a.Clone()
			next.Council, next.Version = c, a.Version+1
			if evs, err = planning.ChangeEvents(c, cur, next, events.ActorFrom(ctx)); err != nil {
				return err
			}
		}
		b := &pgx.Batch{}
		b.Queue(`UPDATE councilkit.planning_applications SET reference = $3, type = $4, state = $5, submitted_at = $6,
				received = $7::date, body = $8, version = version + 1
			WHERE council = $1 AND id = $2`, row...)
		if err := queueEventLog(b, c, evs, &pos); err != nil {
			return err
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		return s.db.runAfterRecord(ctx, tx, evs, pos)
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
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if council.IsZero() {
		return nil, planning.ErrNoCouncil
	}
	q := `SELECT body, version FROM councilkit.planning_applications WHERE council = $1`
	args := []any{council.String()}
	if f.State != planning.StateNone {
		args = append(args, f.State.String())
		q += fmt.Sprintf(` AND state = $%d`, len(args))
	}
	if !f.Type.IsZero() {
		args = append(args, f.Type.String())
		q += fmt.Sprintf(` AND type = $%d`, len(args))
	}
	q += ` ORDER BY submitted_at NULLS FIRST, id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		q += fmt.Sprintf(` LIMIT $%d`, len(args))
	}
	var out []*planning.Application
	err := s.db.pipelineInCouncil(ctx, council, func(b *pgx.Batch) error {
		b.Queue(q, args...).Query(func(rows pgx.Rows) error {
			var err error
			out, err = pgx.CollectRows(rows, scanApplication)
			return err
		})
		return nil
	})
	if err != nil {
		return nil, planningError(err)
	}
	return out, nil
}

// NextSequence implements planning.Store. The number comes from
// the council's counter row for the year, incremented under its row lock
// in a transaction of its own: concurrent callers queue on the lock and
// each gets the next number, so collisions cause neither duplicates nor
// gaps. (A number is spent even if the caller then fails to store the
// application, as with any allocator that does not hold its lock for the
// caller's whole transaction.)
func (s *PlanningStore) NextSequence(ctx context.Context, council councilkit.Council, year int) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if council.IsZero() {
		return 0, planning.ErrNoCouncil
	}
	var n int
	err := s.db.pipelineInCouncil(ctx, council, func(b *pgx.Batch) error {
		b.Queue(`INSERT INTO councilkit.planning_reference_counters AS c (council, year, last) VALUES ($1, $2, 1)
			ON CONFLICT (council, year) DO UPDATE SET last = c.last + 1
			RETURNING last`, council.String(), year).QueryRow(func(r pgx.Row) error { return r.Scan(&n) })
		return nil
	})
	if err != nil {
		return 0, planningError(err)
	}
	return n, nil
}

// planningError maps constraint violations to the planning package's
// sentinel errors, keeping the driver error in the chain.
func planningError(err error) error {
	if pgCode(err) == sqlstateUniqueViolation {
		return fmt.Errorf("%w: %w", planning.ErrDuplicate, err)
	}
	return err
}
