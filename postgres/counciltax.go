package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments/counciltax"
)

// CouncilTaxStore is a counciltax.Store of issued bills kept in
// PostgreSQL, table councilkit.counciltax_bills: the bill, the liable
// people, the address and the adjustments are the row's JSON document; the
// account, financial year and time of issue are columns. Every Create and
// Update records its events (counciltax.ChangeEvents) in the same
// transaction. Get one from DB.CouncilTax. It is safe for concurrent use.
type CouncilTaxStore struct {
	db *DB
}

var _ counciltax.Store = (*CouncilTaxStore)(nil)

// CouncilTax returns the database's store of issued council tax bills.
func (db *DB) CouncilTax() *CouncilTaxStore { return &CouncilTaxStore{db: db} }

func councilTaxCall(ctx context.Context, c councilkit.Council) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.IsZero() {
		return counciltax.ErrNoCouncil
	}
	return nil
}

func billBody(r *counciltax.BillRecord) (string, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("postgres: encoding council tax bill: %w", err)
	}
	return string(b), nil
}

func scanBill(row pgx.CollectableRow) (*counciltax.BillRecord, error) {
	var (
		body    []byte
		version int64
	)
	if err := row.Scan(&body, &version); err != nil {
		return nil, err
	}
	r := new(counciltax.BillRecord)
	if err := json.Unmarshal(body, r); err != nil {
		return nil, fmt.Errorf("postgres: decoding council tax bill: %w", err)
	}
	r.Version = version
	return r, nil
}

// Create implements counciltax.Store.
func (s *CouncilTaxStore) Create(ctx context.Context, c councilkit.Council, r *counciltax.BillRecord) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := counciltax.CheckStorable(c, r); err != nil {
		return err
	}
	next := r.Clone()
	next.Council, next.Version = c, 1
	evs, err := counciltax.ChangeEvents(c, nil, next, events.ActorFrom(ctx))
	if err != nil {
		return err
	}
	body, err := billBody(next)
	if err != nil {
		return err
	}
	err = s.db.InCouncil(ctx, c, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO councilkit.counciltax_bills (council, id, account, year, issued_at, version, body)
			VALUES ($1, $2, $3, $4, $5, 1, $6) ON CONFLICT DO NOTHING`,
			c.String(), r.ID, r.Account, int(r.Bill.Year), r.IssuedAt, body)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			return fmt.Errorf("%w: council tax bill", counciltax.ErrDuplicate)
		}
		return s.db.recordEvents(ctx, tx, c, evs)
	})
	if err != nil {
		return err
	}
	r.Council, r.Version = c, 1
	return nil
}

// Get implements counciltax.Store.
func (s *CouncilTaxStore) Get(ctx context.Context, c councilkit.Council, id string) (*counciltax.BillRecord, error) {
	if err := councilTaxCall(ctx, c); err != nil {
		return nil, err
	}
	var r *counciltax.BillRecord
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`SELECT body, version FROM councilkit.counciltax_bills WHERE council = $1 AND id = $2`, c.String(), id).
			Query(func(rows pgx.Rows) error {
				var err error
				r, err = pgx.CollectExactlyOneRow(rows, scanBill)
				if errors.Is(err, pgx.ErrNoRows) {
					return fmt.Errorf("%w: council tax bill", counciltax.ErrNotFound)
				}
				return err
			})
		return nil
	})
	return r, err
}

// Update implements counciltax.Store: it reads the stored bill under its
// row lock, checks the version and counciltax.CheckUpdate, derives the
// change's events from what it replaces, and writes the bill and its
// events in one transaction.
func (s *CouncilTaxStore) Update(ctx context.Context, c councilkit.Council, r *counciltax.BillRecord) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := counciltax.CheckStorable(c, r); err != nil {
		return err
	}
	next := r.Clone()
	next.Council, next.Version = c, r.Version+1
	body, err := billBody(next)
	if err != nil {
		return err
	}
	err = s.db.InCouncil(ctx, c, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT body, version FROM councilkit.counciltax_bills WHERE council = $1 AND id = $2 FOR UPDATE`, c.String(), r.ID)
		cur, err := pgx.CollectExactlyOneRow(rows, scanBill)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("%w: council tax bill", counciltax.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if cur.Version != r.Version {
			return fmt.Errorf("%w: council tax bill changed since it was read", counciltax.ErrConflict)
		}
		if err := counciltax.CheckUpdate(cur, r); err != nil {
			return err
		}
		evs, err := counciltax.ChangeEvents(c, cur, next, events.ActorFrom(ctx))
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE councilkit.counciltax_bills SET year = $3, body = $4, version = version + 1
			WHERE council = $1 AND id = $2`, c.String(), r.ID, int(r.Bill.Year), body); err != nil {
			return err
		}
		return s.db.recordEvents(ctx, tx, c, evs)
	})
	if err != nil {
		return err
	}
	r.Council, r.Version = c, next.Version
	return nil
}

// List implements counciltax.Store: oldest first, by the time of issue,
// ties by ID.
func (s *CouncilTaxStore) List(ctx context.Context, c councilkit.Council, f counciltax.Filter) ([]*counciltax.BillRecord, error) {
	if err := councilTaxCall(ctx, c); err != nil {
		return nil, err
	}
	query := `SELECT body, version FROM councilkit.counciltax_bills WHERE council = $1`
	args := []any{c.String()}
	if f.Year != 0 {
		args = append(args, int(f.Year))
		query += fmt.Sprintf(` AND year = $%d`, len(args))
	}
	if f.Account != "" {
		args = append(args, f.Account)
		query += fmt.Sprintf(` AND account = $%d`, len(args))
	}
	query += ` ORDER BY issued_at, id COLLATE "C"`
	if f.Limit > 0 {
		query += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	var out []*counciltax.BillRecord
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(query, args...).Query(func(rows pgx.Rows) error {
			var err error
			out, err = pgx.CollectRows(rows, scanBill)
			return err
		})
		return nil
	})
	return out, err
}
