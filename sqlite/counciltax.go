package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments/counciltax"
)

// CouncilTaxStore is a counciltax.Store of issued bills kept in an SQLite
// file, table counciltax_bills: the bill, the liable people, the address
// and the adjustments are the row's JSON document; the account, financial
// year and time of issue are columns. Every Create and Update records its
// events (counciltax.ChangeEvents, an Update's derived from the bill as
// stored, read in the same write transaction) in that transaction (see
// EventLog). Get one from DB.CouncilTax. It is safe for concurrent use.
type CouncilTaxStore struct {
	db *DB
}

var _ counciltax.Store = (*CouncilTaxStore)(nil)

// CouncilTax returns the file's store of issued council tax bills.
func (db *DB) CouncilTax() *CouncilTaxStore { return &CouncilTaxStore{db: db} }

// EventLog implements events.Recorder.
func (s *CouncilTaxStore) EventLog() events.Log { return s.db.Events() }

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
		return "", fmt.Errorf("sqlite: encoding council tax bill: %w", err)
	}
	return string(b), nil
}

func scanBill(row *sql.Rows) (*counciltax.BillRecord, error) {
	var (
		body    []byte
		version int64
	)
	if err := row.Scan(&body, &version); err != nil {
		return nil, err
	}
	r := new(counciltax.BillRecord)
	if err := json.Unmarshal(body, r); err != nil {
		return nil, fmt.Errorf("sqlite: decoding council tax bill: %w", err)
	}
	r.Version = version
	return r, nil
}

// loadBill reads the council's bill id in t, or returns ErrNotFound.
func loadBill(t *tx, id string) (*counciltax.BillRecord, error) {
	rows, err := t.query(`SELECT body, version FROM counciltax_bills WHERE council = ?1 AND id = ?2`, id)
	if err != nil {
		return nil, err
	}
	var r *counciltax.BillRecord
	err = eachRow(rows, func(row *sql.Rows) error {
		var err error
		r, err = scanBill(row)
		return err
	})
	if err == nil && r == nil {
		err = fmt.Errorf("%w: council tax bill", counciltax.ErrNotFound)
	}
	return r, err
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
	issued, err := encTime(r.IssuedAt)
	if err != nil {
		return err
	}
	err = s.db.write(ctx, c, func(t *tx) error {
		res, err := t.exec(`INSERT INTO counciltax_bills (council, id, account, year, issued_at, version, body)
			VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6) ON CONFLICT DO NOTHING`, r.ID, r.Account, int(r.Bill.Year), issued, body)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n != 1 {
			return fmt.Errorf("%w: council tax bill", counciltax.ErrDuplicate)
		}
		return t.appendEvents(evs...)
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
	err := s.db.read(ctx, c, func(t *tx) error {
		var err error
		r, err = loadBill(t, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Update implements counciltax.Store: in one write transaction it reads
// the stored bill, checks the version and counciltax.CheckUpdate, derives
// the change's events from what it replaces, and writes the bill and its
// events.
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
	err = s.db.write(ctx, c, func(t *tx) error {
		cur, err := loadBill(t, r.ID)
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
		// The account and time of issue never change (CheckUpdate).
		res, err := t.exec(`UPDATE counciltax_bills SET year = ?3, body = ?4, version = version + 1
			WHERE council = ?1 AND id = ?2 AND version = ?5`, r.ID, int(r.Bill.Year), body, r.Version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return fmt.Errorf("%w: council tax bill changed since it was read", counciltax.ErrConflict)
		}
		return t.appendEvents(evs...)
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
	var args []any
	where := ``
	if f.Year != 0 {
		args = append(args, int(f.Year))
		where += ` AND year = ?` + strconv.Itoa(len(args)+1)
	}
	if f.Account != "" {
		args = append(args, f.Account)
		where += ` AND account = ?` + strconv.Itoa(len(args)+1)
	}
	where += ` ORDER BY issued_at, id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		where += ` LIMIT ?` + strconv.Itoa(len(args)+1)
	}
	var out []*counciltax.BillRecord
	err := s.db.read(ctx, c, func(t *tx) error {
		rows, err := t.query(`SELECT body, version FROM counciltax_bills WHERE council = ?1`+where, args...)
		if err != nil {
			return err
		}
		return eachRow(rows, func(row *sql.Rows) error {
			r, err := scanBill(row)
			if err == nil {
				out = append(out, r)
			}
			return err
		})
	})
	return out, err
}
