package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
)

// SandboxStore is a sandbox.Store kept in PostgreSQL (tables
// councilkit.sandbox_payments and councilkit.sandbox_sequences, migration
// 14): the sandbox payment provider's own payments, shared by every
// instance using the database, so that a payment started on one instance
// can be paid on another, or after a restart. The provider ID,
// idempotency key and creation time are columns; the rest is the
// payment's JSON document. Every statement is one round trip, pipelined
// with the council's scope. Get one from DB.Sandbox and give it to
// sandbox.New with the council whose account the sandbox plays. It is
// safe for concurrent use.
type SandboxStore struct{ db *DB }

var _ sandbox.Store = (*SandboxStore)(nil)

// Sandbox returns the database's store of sandbox provider payments.
func (db *DB) Sandbox() *SandboxStore { return &SandboxStore{db: db} }

func sandboxCall(ctx context.Context, c councilkit.Council) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.IsZero() {
		return councilkit.ErrNoCouncil
	}
	return nil
}

func sandboxBody(p *sandbox.Payment) (string, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("postgres: encoding sandbox payment: %w", err)
	}
	return string(b), nil
}

// sandboxKey is the idempotency key column's value: NULL for none.
func sandboxKey(p *sandbox.Payment) *string {
	if p.IdempotencyKey == "" {
		return nil
	}
	k := string(p.IdempotencyKey)
	return &k
}

func scanSandbox(row pgx.CollectableRow) (*sandbox.Payment, error) {
	var (
		body    []byte
		version int64
	)
	if err := row.Scan(&body, &version); err != nil {
		return nil, err
	}
	p := new(sandbox.Payment)
	if err := json.Unmarshal(body, p); err != nil {
		return nil, fmt.Errorf("postgres: decoding sandbox payment: %w", err)
	}
	p.Version = version
	return p, nil
}

// Create implements sandbox.Store.
func (s *SandboxStore) Create(ctx context.Context, c councilkit.Council, p *sandbox.Payment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := sandbox.CheckPayment(c, p); err != nil {
		return err
	}
	next := p.Clone()
	next.Council = c
	body, err := sandboxBody(next)
	if err != nil {
		return err
	}
	var created bool
	err = s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`INSERT INTO councilkit.sandbox_payments (council, id, idempotency_key, created_at, version, body)
			VALUES ($1, $2, $3, $4, 1, $5) ON CONFLICT DO NOTHING`,
			c.String(), p.ID, sandboxKey(p), p.CreatedAt, body).Exec(func(tag pgconn.CommandTag) error {
			created = tag.RowsAffected() == 1
			return nil
		})
		return nil
	})
	switch {
	case err != nil:
		return err
	case !created:
		return fmt.Errorf("%w: sandbox payment ID or idempotency key", councilkit.ErrDuplicate)
	}
	p.Council, p.Version = c, 1
	return nil
}

// getSandbox reads the one payment that where (a condition on $1, the
// council, and $2) selects.
func (s *SandboxStore) getSandbox(ctx context.Context, c councilkit.Council, where string, arg any) (*sandbox.Payment, error) {
	var p *sandbox.Payment
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`SELECT body, version FROM councilkit.sandbox_payments WHERE council = $1 AND `+where, c.String(), arg).
			Query(func(rows pgx.Rows) error {
				var err error
				p, err = pgx.CollectExactlyOneRow(rows, scanSandbox)
				if errors.Is(err, pgx.ErrNoRows) {
					return fmt.Errorf("%w: sandbox payment", councilkit.ErrNotFound)
				}
				return err
			})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Get implements sandbox.Store.
func (s *SandboxStore) Get(ctx context.Context, c councilkit.Council, id string) (*sandbox.Payment, error) {
	if err := sandboxCall(ctx, c); err != nil {
		return nil, err
	}
	return s.getSandbox(ctx, c, `id = $2`, id)
}

// GetByIdempotencyKey implements sandbox.Store.
func (s *SandboxStore) GetByIdempotencyKey(ctx context.Context, c councilkit.Council, key payments.IdempotencyKey) (*sandbox.Payment, error) {
	if err := sandboxCall(ctx, c); err != nil {
		return nil, err
	}
	if key == "" {
		return nil, fmt.Errorf("%w: sandbox payment", councilkit.ErrNotFound)
	}
	return s.getSandbox(ctx, c, `idempotency_key = $2`, string(key))
}

// Update implements sandbox.Store: one UPDATE, of the row whose version
// is p.Version and whose idempotency key and creation time are p's, and
// in the same round trip a read of what is stored, which says why when
// nothing was updated.
func (s *SandboxStore) Update(ctx context.Context, c councilkit.Council, p *sandbox.Payment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := sandbox.CheckPayment(c, p); err != nil {
		return err
	}
	next := p.Clone()
	next.Council = c
	body, err := sandboxBody(next)
	if err != nil {
		return err
	}
	var (
		updated bool
		cur     *sandbox.Payment
	)
	err = s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`UPDATE councilkit.sandbox_payments SET body = $3, version = version + 1
			WHERE council = $1 AND id = $2 AND version = $4
				AND idempotency_key IS NOT DISTINCT FROM $5 AND created_at = $6`,
			c.String(), p.ID, body, p.Version, sandboxKey(p), p.CreatedAt).Exec(func(tag pgconn.CommandTag) error {
			updated = tag.RowsAffected() == 1
			return nil
		})
		b.Queue(`SELECT version, idempotency_key, created_at FROM councilkit.sandbox_payments WHERE council = $1 AND id = $2`,
			c.String(), p.ID).Query(func(rows pgx.Rows) error {
			for rows.Next() {
				var (
					key     *string
					created time.Time
				)
				cur = &sandbox.Payment{}
				if err := rows.Scan(&cur.Version, &key, &created); err != nil {
					return err
				}
				if key != nil {
					cur.IdempotencyKey = payments.IdempotencyKey(*key)
				}
				cur.CreatedAt = created
			}
			return rows.Err()
		})
		return nil
	})
	switch {
	case err != nil:
		return err
	case updated:
		p.Council, p.Version = c, p.Version+1
		return nil
	case cur == nil:
		return fmt.Errorf("%w: sandbox payment", councilkit.ErrNotFound)
	case cur.Version == p.Version:
		// The version matched: the key or the creation time did not.
		if err := sandbox.CheckUpdate(cur, p); err != nil {
			return err
		}
	}
	return fmt.Errorf("%w: sandbox payment changed since it was read", councilkit.ErrConflict)
}

// NextSequence implements sandbox.Store. The number comes from the
// council's counter row, incremented under its row lock by one statement:
// concurrent callers, in any number of instances, queue on the lock and
// each gets the next number.
func (s *SandboxStore) NextSequence(ctx context.Context, c councilkit.Council) (int64, error) {
	if err := sandboxCall(ctx, c); err != nil {
		return 0, err
	}
	var n int64
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`INSERT INTO councilkit.sandbox_sequences AS q (council, last) VALUES ($1, 1)
			ON CONFLICT (council) DO UPDATE SET last = q.last + 1
			RETURNING last`, c.String()).QueryRow(func(r pgx.Row) error { return r.Scan(&n) })
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
