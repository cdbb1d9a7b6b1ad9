package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/webhooks"
)

// WebhookStore is a webhooks.Store kept in PostgreSQL (tables
// webhook_endpoints and webhook_deliveries, migration 8). Get one from
// DB.Webhooks. It is safe for concurrent use.
//
// Endpoints' secrets are stored as given ("whsec_" + base64), since the
// sender signs with them; they are never logged or printed
// (webhooks.Secret redacts itself). The per-council endpoint limit is
// checked under a transaction-scoped advisory lock on the council, so two
// registrations at once cannot both take the last place.
type WebhookStore struct {
	db    *DB
	rules webhooks.Rules
}

var _ webhooks.Store = (*WebhookStore)(nil)

// Webhooks returns the database's webhook store, checking endpoints
// against rules (the zero Rules are the production rules).
func (db *DB) Webhooks(rules webhooks.Rules) *WebhookStore {
	return &WebhookStore{db: db, rules: rules}
}

const endpointColumns = `id, council, url, types, secrets, description, disabled, created_at, version`

func scanEndpoint(row pgx.CollectableRow) (*webhooks.Endpoint, error) {
	var (
		e       webhooks.Endpoint
		council string
		types   []string
		secrets []string
		created *time.Time
	)
	if err := row.Scan(&e.ID, &council, &e.URL, &types, &secrets, &e.Description, &e.Disabled, &created, &e.Version); err != nil {
		return nil, err
	}
	c, err := councilkit.ParseCouncil(council)
	if err != nil {
		return nil, err
	}
	e.Council = c
	for _, t := range types {
		e.Types = append(e.Types, events.Type(t))
	}
	for i, s := range secrets {
		sec, err := webhooks.ParseSecret(s)
		if err != nil {
			return nil, fmt.Errorf("postgres: endpoint %s: stored secret %d: %w", e.ID, i, err)
		}
		e.Secrets = append(e.Secrets, sec)
	}
	if created != nil {
		e.Created = created.UTC()
	}
	return &e, nil
}

func endpointArgs(c councilkit.Council, e *webhooks.Endpoint) []any {
	types := make([]string, len(e.Types))
	for i, t := range e.Types {
		types[i] = string(t)
	}
	secrets := make([]string, len(e.Secrets))
	for i, s := range e.Secrets {
		secrets[i] = s.Encode()
	}
	return []any{c.String(), e.ID, e.URL, types, secrets, e.Description, e.Disabled, nullTime(e.Created)}
}

// CreateEndpoint implements webhooks.Store.
func (s *WebhookStore) CreateEndpoint(ctx context.Context, c councilkit.Council, e *webhooks.Endpoint) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.rules.Check(c, e); err != nil {
		return err
	}
	cp := e.Clone()
	if cp.ID == "" {
		cp.ID = uuid.NewString()
	}
	var inserted, exists bool
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		// Registrations of one council queue here until the end of the
		// pipeline's transaction, so the count below is exact.
		b.Queue(`SELECT pg_advisory_xact_lock(hashtextextended('councilkit.webhook_endpoints/' || $1, 0))`, c.String())
		b.Queue(`INSERT INTO councilkit.webhook_endpoints (council, id, url, types, secrets, description, disabled, created_at, version)
			SELECT $1::text, $2::text, $3::text, $4::text[], $5::text[], $6::text, $7::boolean, $8::timestamptz, 1
			WHERE (SELECT count(*) FROM councilkit.webhook_endpoints WHERE council = $1::text) < $9::integer
			ON CONFLICT DO NOTHING`, append(endpointArgs(c, cp), s.rules.Max())...).Exec(func(tag pgconn.CommandTag) error {
			inserted = tag.RowsAffected() == 1
			return nil
		})
		b.Queue(`SELECT EXISTS (SELECT 1 FROM councilkit.webhook_endpoints WHERE council = $1 AND id = $2)`,
			c.String(), cp.ID).QueryRow(func(r pgx.Row) error { return r.Scan(&exists) })
		return nil
	})
	switch {
	case err != nil:
		return webhookError(err)
	case inserted:
		e.ID, e.Council, e.Version = cp.ID, c, 1
		return nil
	case exists:
		return fmt.Errorf("%w: endpoint ID", webhooks.ErrDuplicate)
	}
	return fmt.Errorf("%w (%d)", webhooks.ErrTooManyEndpoints, s.rules.Max())
}

// GetEndpoint implements webhooks.Store.
func (s *WebhookStore) GetEndpoint(ctx context.Context, c councilkit.Council, id string) (*webhooks.Endpoint, error) {
	if err := checkWebhookCall(ctx, c); err != nil {
		return nil, err
	}
	var e *webhooks.Endpoint
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`SELECT `+endpointColumns+` FROM councilkit.webhook_endpoints WHERE council = $1 AND id = $2`,
			c.String(), id).Query(func(rows pgx.Rows) error {
			var err error
			e, err = pgx.CollectExactlyOneRow(rows, scanEndpoint)
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("%w: endpoint", webhooks.ErrNotFound)
			}
			return err
		})
		return nil
	})
	if err != nil {
		return nil, webhookError(err)
	}
	return e, nil
}

// UpdateEndpoint implements webhooks.Store.
func (s *WebhookStore) UpdateEndpoint(ctx context.Context, c councilkit.Council, e *webhooks.Endpoint) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.rules.Check(c, e); err != nil {
		return err
	}
	var updated, exists bool
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`UPDATE councilkit.webhook_endpoints SET url = $3, types = $4, secrets = $5, description = $6,
				disabled = $7, created_at = $8, version = version + 1
			WHERE council = $1 AND id = $2 AND version = $9`, append(endpointArgs(c, e), e.Version)...).Exec(func(tag pgconn.CommandTag) error {
			updated = tag.RowsAffected() == 1
			return nil
		})
		b.Queue(`SELECT EXISTS (SELECT 1 FROM councilkit.webhook_endpoints WHERE council = $1 AND id = $2)`,
			c.String(), e.ID).QueryRow(func(r pgx.Row) error { return r.Scan(&exists) })
		return nil
	})
	switch {
	case err != nil:
		return webhookError(err)
	case updated:
		e.Council = c
		e.Version++
		return nil
	case exists:
		return fmt.Errorf("%w: endpoint changed since it was read", webhooks.ErrConflict)
	}
	return fmt.Errorf("%w: endpoint", webhooks.ErrNotFound)
}

// DeleteEndpoint implements webhooks.Store.
func (s *WebhookStore) DeleteEndpoint(ctx context.Context, c councilkit.Council, id string) error {
	if err := checkWebhookCall(ctx, c); err != nil {
		return err
	}
	var deleted bool
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`DELETE FROM councilkit.webhook_endpoints WHERE council = $1 AND id = $2`, c.String(), id).Exec(func(tag pgconn.CommandTag) error {
			deleted = tag.RowsAffected() == 1
			return nil
		})
		return nil
	})
	if err != nil {
		return webhookError(err)
	}
	if !deleted {
		return fmt.Errorf("%w: endpoint", webhooks.ErrNotFound)
	}
	return nil
}

// ListEndpoints implements webhooks.Store: oldest first, ties by ID.
func (s *WebhookStore) ListEndpoints(ctx context.Context, c councilkit.Council, f webhooks.EndpointFilter) ([]*webhooks.Endpoint, error) {
	if err := checkWebhookCall(ctx, c); err != nil {
		return nil, err
	}
	q := `SELECT ` + endpointColumns + ` FROM councilkit.webhook_endpoints WHERE council = $1`
	args := []any{c.String()}
	if f.Type != "" {
		args = append(args, string(f.Type))
		q += fmt.Sprintf(` AND $%d = ANY (types)`, len(args))
	}
	q += ` ORDER BY created_at NULLS FIRST, id COLLATE "C"`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		q += fmt.Sprintf(` LIMIT $%d`, len(args))
	}
	var out []*webhooks.Endpoint
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(q, args...).Query(func(rows pgx.Rows) error {
			var err error
			out, err = pgx.CollectRows(rows, scanEndpoint)
			return err
		})
		return nil
	})
	if err != nil {
		return nil, webhookError(err)
	}
	return out, nil
}

const deliveryColumns = `id, council, endpoint_id, event_id, event_type, body, state, attempts, first_attempt, last_attempt, version`

func scanDelivery(row pgx.CollectableRow) (*webhooks.Delivery, error) {
	var (
		d              webhooks.Delivery
		council, state string
		eventType      string
		attempts       []byte
		first, last    *time.Time
	)
	if err := row.Scan(&d.ID, &council, &d.EndpointID, &d.EventID, &eventType, &d.Body, &state, &attempts, &first, &last, &d.Version); err != nil {
		return nil, err
	}
	c, err := councilkit.ParseCouncil(council)
	if err != nil {
		return nil, err
	}
	d.Council, d.EventType = c, events.Type(eventType)
	if d.State, err = webhooks.ParseDeliveryState(state); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(attempts, &d.Attempts); err != nil {
		return nil, fmt.Errorf("postgres: decoding delivery attempts: %w", err)
	}
	for i := range d.Attempts {
		d.Attempts[i].At = d.Attempts[i].At.UTC()
	}
	if first != nil {
		d.FirstAttempt = first.UTC()
	}
	if last != nil {
		d.LastAttempt = last.UTC()
	}
	return &d, nil
}

func webhookDeliveryArgs(c councilkit.Council, d *webhooks.Delivery) ([]any, error) {
	attempts := d.Attempts
	if attempts == nil {
		attempts = []webhooks.Attempt{}
	}
	a, err := json.Marshal(attempts)
	if err != nil {
		return nil, fmt.Errorf("postgres: encoding delivery attempts: %w", err)
	}
	body := d.Body
	if body == nil {
		body = []byte{}
	}
	return []any{c.String(), d.ID, d.EndpointID, d.EventID, string(d.EventType), body, d.State.String(),
		string(a), nullTime(d.FirstAttempt), nullTime(d.LastAttempt)}, nil
}

// CreateDelivery implements webhooks.Store.
func (s *WebhookStore) CreateDelivery(ctx context.Context, c councilkit.Council, d *webhooks.Delivery) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := webhooks.CheckDelivery(c, d); err != nil {
		return err
	}
	cp := d.Clone()
	if cp.ID == "" {
		cp.ID = uuid.NewString()
	}
	args, err := webhookDeliveryArgs(c, cp)
	if err != nil {
		return err
	}
	var inserted bool
	err = s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`INSERT INTO councilkit.webhook_deliveries (council, id, endpoint_id, event_id, event_type, body, state,
				attempts, first_attempt, last_attempt, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, 1) ON CONFLICT DO NOTHING`, args...).Exec(func(tag pgconn.CommandTag) error {
			inserted = tag.RowsAffected() == 1
			return nil
		})
		return nil
	})
	if err != nil {
		return webhookError(err)
	}
	if !inserted {
		return fmt.Errorf("%w: delivery ID, or a delivery of that event to that endpoint", webhooks.ErrDuplicate)
	}
	d.ID, d.Council, d.Version = cp.ID, c, 1
	return nil
}

func (s *WebhookStore) getDelivery(ctx context.Context, c councilkit.Council, where string, args ...any) (*webhooks.Delivery, error) {
	if err := checkWebhookCall(ctx, c); err != nil {
		return nil, err
	}
	var d *webhooks.Delivery
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`SELECT `+deliveryColumns+` FROM councilkit.webhook_deliveries WHERE council = $1 AND `+where,
			append([]any{c.String()}, args...)...).Query(func(rows pgx.Rows) error {
			var err error
			d, err = pgx.CollectExactlyOneRow(rows, scanDelivery)
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("%w: delivery", webhooks.ErrNotFound)
			}
			return err
		})
		return nil
	})
	if err != nil {
		return nil, webhookError(err)
	}
	return d, nil
}

// GetDelivery implements webhooks.Store.
func (s *WebhookStore) GetDelivery(ctx context.Context, c councilkit.Council, id string) (*webhooks.Delivery, error) {
	return s.getDelivery(ctx, c, `id = $2`, id)
}

// GetDeliveryOf implements webhooks.Store.
func (s *WebhookStore) GetDeliveryOf(ctx context.Context, c councilkit.Council, endpointID, eventID string) (*webhooks.Delivery, error) {
	return s.getDelivery(ctx, c, `endpoint_id = $2 AND event_id = $3`, endpointID, eventID)
}

// UpdateDelivery implements webhooks.Store. A delivery's endpoint and
// event never change: an update that changes them is an ErrConflict.
func (s *WebhookStore) UpdateDelivery(ctx context.Context, c councilkit.Council, d *webhooks.Delivery) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := webhooks.CheckDelivery(c, d); err != nil {
		return err
	}
	args, err := webhookDeliveryArgs(c, d)
	if err != nil {
		return err
	}
	var updated, exists bool
	err = s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`UPDATE councilkit.webhook_deliveries SET event_type = $5, body = $6, state = $7, attempts = $8::jsonb,
				first_attempt = $9, last_attempt = $10, version = version + 1
			WHERE council = $1 AND id = $2 AND endpoint_id = $3 AND event_id = $4 AND version = $11`,
			append(args, d.Version)...).Exec(func(tag pgconn.CommandTag) error {
			updated = tag.RowsAffected() == 1
			return nil
		})
		b.Queue(`SELECT EXISTS (SELECT 1 FROM councilkit.webhook_deliveries WHERE council = $1 AND id = $2)`,
			c.String(), d.ID).QueryRow(func(r pgx.Row) error { return r.Scan(&exists) })
		return nil
	})
	switch {
	case err != nil:
		return webhookError(err)
	case updated:
		d.Council = c
		d.Version++
		return nil
	case exists:
		return fmt.Errorf("%w: delivery changed since it was read", webhooks.ErrConflict)
	}
	return fmt.Errorf("%w: delivery", webhooks.ErrNotFound)
}

// ListDeliveries implements webhooks.Store: newest first attempt first,
// ties by ID descending.
func (s *WebhookStore) ListDeliveries(ctx context.Context, c councilkit.Council, f webhooks.DeliveryFilter) ([]*webhooks.Delivery, error) {
	if err := checkWebhookCall(ctx, c); err != nil {
		return nil, err
	}
	q := `SELECT ` + deliveryColumns + ` FROM councilkit.webhook_deliveries WHERE council = $1`
	args := []any{c.String()}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = st.String()
		}
		args = append(args, states)
		q += fmt.Sprintf(` AND state = ANY ($%d::text[])`, len(args))
	}
	if f.EndpointID != "" {
		args = append(args, f.EndpointID)
		q += fmt.Sprintf(` AND endpoint_id = $%d`, len(args))
	}
	if f.EventID != "" {
		args = append(args, f.EventID)
		q += fmt.Sprintf(` AND event_id = $%d`, len(args))
	}
	q += ` ORDER BY first_attempt DESC NULLS LAST, id COLLATE "C" DESC`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		q += fmt.Sprintf(` LIMIT $%d`, len(args))
	}
	var out []*webhooks.Delivery
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(q, args...).Query(func(rows pgx.Rows) error {
			var err error
			out, err = pgx.CollectRows(rows, scanDelivery)
			return err
		})
		return nil
	})
	if err != nil {
		return nil, webhookError(err)
	}
	return out, nil
}

func checkWebhookCall(ctx context.Context, c councilkit.Council) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.IsZero() {
		return webhooks.ErrNoCouncil
	}
	return nil
}

// webhookError maps a unique violation to webhooks.ErrDuplicate, keeping
// the driver error in the chain.
func webhookError(err error) error {
	if pgCode(err) == sqlstateUniqueViolation {
		return fmt.Errorf("%w: %w", webhooks.ErrDuplicate, err)
	}
	return err
}
