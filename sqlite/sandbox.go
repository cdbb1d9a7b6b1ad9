package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
)

// SandboxStore is a sandbox.Store kept in an SQLite file (tables
// sandbox_payments and sandbox_sequences, migration 11): the sandbox
// payment provider's own payments, which outlive the process and are
// shared by every process using the file, so that a payment started
// before a restart can still be paid. The provider ID, idempotency key
// and creation time are columns; the rest is the payment's JSON document.
// Get one from DB.Sandbox and give it to sandbox.New with the council
// whose account the sandbox plays. It is safe for concurrent use.
type SandboxStore struct{ db *DB }

var _ sandbox.Store = (*SandboxStore)(nil)

// Sandbox returns the file's store of sandbox provider payments.
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
		return "", fmt.Errorf("sqlite: encoding sandbox payment: %w", err)
	}
	return string(b), nil
}

// sandboxKey is the idempotency key column's value: NULL for none.
func sandboxKey(p *sandbox.Payment) any {
	if p.IdempotencyKey == "" {
		return nil
	}
	return string(p.IdempotencyKey)
}

// loadSandbox reads the one payment that where (a condition on ?2)
// selects in t, or returns ErrNotFound.
func loadSandbox(t *tx, where string, arg any) (*sandbox.Payment, error) {
	var (
		body    string
		version int64
	)
	err := t.scan(`SELECT body, version FROM sandbox_payments WHERE council = ?1 AND `+where, []any{arg}, &body, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: sandbox payment", councilkit.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	p := new(sandbox.Payment)
	if err := json.Unmarshal([]byte(body), p); err != nil {
		return nil, fmt.Errorf("sqlite: decoding sandbox payment: %w", err)
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
	created, err := encTime(p.CreatedAt)
	if err != nil {
		return err
	}
	err = s.db.write(ctx, c, func(t *tx) error {
		res, err := t.exec(`INSERT INTO sandbox_payments (council, id, idempotency_key, created_at, version, body)
			VALUES (?1, ?2, ?3, ?4, 1, ?5) ON CONFLICT DO NOTHING`, p.ID, sandboxKey(p), created, body)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return fmt.Errorf("%w: sandbox payment ID or idempotency key", councilkit.ErrDuplicate)
		}
		return nil
	})
	if err != nil {
		return err
	}
	p.Council, p.Version = c, 1
	return nil
}

// Get implements sandbox.Store.
func (s *SandboxStore) Get(ctx context.Context, c councilkit.Council, id string) (*sandbox.Payment, error) {
	if err := sandboxCall(ctx, c); err != nil {
		return nil, err
	}
	var p *sandbox.Payment
	err := s.db.read(ctx, c, func(t *tx) error {
		var err error
		p, err = loadSandbox(t, `id = ?2`, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// GetByIdempotencyKey implements sandbox.Store.
func (s *SandboxStore) GetByIdempotencyKey(ctx context.Context, c councilkit.Council, key payments.IdempotencyKey) (*sandbox.Payment, error) {
	if err := sandboxCall(ctx, c); err != nil {
		return nil, err
	}
	if key == "" {
		return nil, fmt.Errorf("%w: sandbox payment", councilkit.ErrNotFound)
	}
	var p *sandbox.Payment
	err := s.db.read(ctx, c, func(t *tx) error {
		var err error
		p, err = loadSandbox(t, `idempotency_key = ?2`, string(key))
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Update implements sandbox.Store: in one write transaction it reads the
// stored payment's version, idempotency key and creation time, checks
// them, and writes the payment.
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
	err = s.db.write(ctx, c, func(t *tx) error {
		var (
			cur     sandbox.Payment
			key     sql.NullString
			created string
		)
		err := t.scan(`SELECT version, idempotency_key, created_at FROM sandbox_payments WHERE council = ?1 AND id = ?2`,
			[]any{p.ID}, &cur.Version, &key, &created)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: sandbox payment", councilkit.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if cur.Version != p.Version {
			return fmt.Errorf("%w: sandbox payment changed since it was read", councilkit.ErrConflict)
		}
		cur.IdempotencyKey = payments.IdempotencyKey(key.String)
		if cur.CreatedAt, err = decTime(created); err != nil {
			return err
		}
		if err := sandbox.CheckUpdate(&cur, p); err != nil {
			return err
		}
		_, err = t.exec(`UPDATE sandbox_payments SET body = ?3, version = version + 1 WHERE council = ?1 AND id = ?2`, p.ID, body)
		return err
	})
	if err != nil {
		return err
	}
	p.Council, p.Version = c, p.Version+1
	return nil
}

// NextSequence implements sandbox.Store. The number comes from the
// council's counter row, incremented in a write transaction of its own:
// writes are serialised, within the process and with other processes
// using the file, so each caller gets the next number.
func (s *SandboxStore) NextSequence(ctx context.Context, c councilkit.Council) (int64, error) {
	if err := sandboxCall(ctx, c); err != nil {
		return 0, err
	}
	var n int64
	err := s.db.write(ctx, c, func(t *tx) error {
		return t.scan(`INSERT INTO sandbox_sequences (council, last) VALUES (?1, 1)
			ON CONFLICT (council) DO UPDATE SET last = last + 1
			RETURNING last`, nil, &n)
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
