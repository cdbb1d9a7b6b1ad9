package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/google/uuid"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/webhooks"
)

// WebhookStore is a webhooks.Store kept in an SQLite file (tables
// webhook_endpoints and webhook_deliveries, migration 8). Get one from
// DB.Webhooks. It is safe for concurrent use.
//
// Endpoints' secrets are stored as given ("whsec_" + base64), since the
// sender signs with them; they are never logged or printed
// (webhooks.Secret redacts itself). The per-council endpoint limit is
// counted and the endpoint inserted in one write transaction, and a DB
// makes one write at a time (other processes wait for the file's write
// lock, taken at BEGIN), so two registrations at once cannot both take the
// last place.
//
// Like the PostgreSQL store it records no events: its records are the
// delivery of events, not changes to residents' services.
type WebhookStore struct {
	db    *DB
	rules webhooks.Rules
}

var _ webhooks.Store = (*WebhookStore)(nil)

// Webhooks returns the file's webhook store, checking endpoints against
// rules (the zero Rules are the production rules).
func (db *DB) Webhooks(rules webhooks.Rules) *WebhookStore {
	return &WebhookStore{db: db, rules: rules}
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
	if err != nil && isUnique(err) {
		return fmt.Errorf("%w: %w", webhooks.ErrDuplicate, err)
	}
	return err
}

// endpointColumns are the endpoint columns scanEndpoint reads, in order.
const endpointColumns = `council, id, url, types, secrets, description, disabled, created_at, version`

func scanEndpoint(row *sql.Rows) (*webhooks.Endpoint, error) {
	var (
		e              webhooks.Endpoint
		types, secrets []byte
		created        sql.NullString
		council        string
	)
	if err := row.Scan(&council, &e.ID, &e.URL, &types, &secrets, &e.Description, &e.Disabled, &created, &e.Version); err != nil {
		return nil, err
	}
	var err error
	if e.Council, err = councilkit.ParseCouncil(council); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(types, &e.Types); err != nil {
		return nil, fmt.Errorf("sqlite: endpoint %s: stored types: %w", e.ID, err)
	}
	var enc []string
	if err := json.Unmarshal(secrets, &enc); err != nil {
		// The error names no part of the secrets.
		return nil, fmt.Errorf("sqlite: endpoint %s: stored secrets are not a JSON array", e.ID)
	}
	for i, s := range enc {
		sec, err := webhooks.ParseSecret(s)
		if err != nil {
			return nil, fmt.Errorf("sqlite: endpoint %s: stored secret %d: %w", e.ID, i, err)
		}
		e.Secrets = append(e.Secrets, sec)
	}
	if e.Created, err = decNullTime(created); err != nil {
		return nil, err
	}
	return &e, nil
}

// endpointArgs returns the values of url, types, secrets, description,
// disabled and created_at for e.
func endpointArgs(e *webhooks.Endpoint) ([]any, error) {
	types := make([]string, len(e.Types))
	for i, t := range e.Types {
		types[i] = string(t)
	}
	secrets := make([]string, len(e.Secrets))
	for i, s := range e.Secrets {
		secrets[i] = s.Encode()
	}
	tj, err := json.Marshal(types)
	if err != nil {
		return nil, err
	}
	sj, err := json.Marshal(secrets)
	if err != nil {
		return nil, err
	}
	created, err := encNullTime(e.Created)
	if err != nil {
		return nil, err
	}
	return []any{e.URL, string(tj), string(sj), e.Description, e.Disabled, created}, nil
}

// endpointExists reports whether the council has endpoint id.
func endpointExists(t *tx, id string) (bool, error) {
	var exists bool
	err := t.scan(`SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE council = ?1 AND id = ?2)`, []any{id}, &exists)
	return exists, err
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
	args, err := endpointArgs(cp)
	if err != nil {
		return err
	}
	err = s.db.write(ctx, c, func(t *tx) error {
		// The count and the insert are one write transaction, and writes
		// are made one at a time: the count is exact.
		var n int
		if err := t.scan(`SELECT count(*) FROM webhook_endpoints WHERE council = ?1`, nil, &n); err != nil {
			return err
		}
		exists, err := endpointExists(t, cp.ID)
		switch {
		case err != nil:
			return err
		case exists:
			return fmt.Errorf("%w: endpoint ID", webhooks.ErrDuplicate)
		case n >= s.rules.Max():
			return fmt.Errorf("%w (%d)", webhooks.ErrTooManyEndpoints, s.rules.Max())
		}
		_, err = t.exec(`INSERT INTO webhook_endpoints (council, id, url, types, secrets, description, disabled, created_at, version)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)`, append([]any{cp.ID}, args...)...)
		return err
	})
	if err != nil {
		return webhookError(err)
	}
	e.ID, e.Council, e.Version = cp.ID, c, 1
	return nil
}

// GetEndpoint implements webhooks.Store.
func (s *WebhookStore) GetEndpoint(ctx context.Context, c councilkit.Council, id string) (*webhooks.Endpoint, error) {
	if err := checkWebhookCall(ctx, c); err != nil {
		return nil, err
	}
	var e *webhooks.Endpoint
	err := s.db.read(ctx, c, func(t *tx) error {
		rows, err := t.query(`SELECT `+endpointColumns+` FROM webhook_endpoints WHERE council = ?1 AND id = ?2`, id)
		if err != nil {
			return err
		}
		return eachRow(rows, func(row *sql.Rows) error {
			var err error
			e, err = scanEndpoint(row)
			return err
		})
	})
	if err == nil && e == nil {
		err = fmt.Errorf("%w: endpoint", webhooks.ErrNotFound)
	}
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
	args, err := endpointArgs(e)
	if err != nil {
		return err
	}
	err = s.db.write(ctx, c, func(t *tx) error {
		res, err := t.exec(`UPDATE webhook_endpoints SET url = ?3, types = ?4, secrets = ?5, description = ?6,
				disabled = ?7, created_at = ?8, version = version + 1
			WHERE council = ?1 AND id = ?2 AND version = ?9`, append(append([]any{e.ID}, args...), e.Version)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		exists, err := endpointExists(t, e.ID)
		switch {
		case err != nil:
			return err
		case exists:
			return fmt.Errorf("%w: endpoint changed since it was read", webhooks.ErrConflict)
		}
		return fmt.Errorf("%w: endpoint", webhooks.ErrNotFound)
	})
	if err != nil {
		return webhookError(err)
	}
	e.Council = c
	e.Version++
	return nil
}

// DeleteEndpoint implements webhooks.Store. The endpoint's deliveries are
// kept.
func (s *WebhookStore) DeleteEndpoint(ctx context.Context, c councilkit.Council, id string) error {
	if err := checkWebhookCall(ctx, c); err != nil {
		return err
	}
	return s.db.write(ctx, c, func(t *tx) error {
		res, err := t.exec(`DELETE FROM webhook_endpoints WHERE council = ?1 AND id = ?2`, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err == nil && n != 1 {
			err = fmt.Errorf("%w: endpoint", webhooks.ErrNotFound)
		}
		return err
	})
}

// ListEndpoints implements webhooks.Store: oldest first (no time of
// registration first), ties by ID.
func (s *WebhookStore) ListEndpoints(ctx context.Context, c councilkit.Council, f webhooks.EndpointFilter) ([]*webhooks.Endpoint, error) {
	if err := checkWebhookCall(ctx, c); err != nil {
		return nil, err
	}
	var args []any
	where := ``
	if f.Type != "" {
		args = append(args, string(f.Type))
		where += ` AND EXISTS (SELECT 1 FROM json_each(types) WHERE value = ?` + strconv.Itoa(len(args)+1) + `)`
	}
	where += ` ORDER BY created_at ASC NULLS FIRST, id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		where += ` LIMIT ?` + strconv.Itoa(len(args)+1)
	}
	var out []*webhooks.Endpoint
	err := s.db.read(ctx, c, func(t *tx) error {
		rows, err := t.query(`SELECT `+endpointColumns+` FROM webhook_endpoints WHERE council = ?1`+where, args...)
		if err != nil {
			return err
		}
		return eachRow(rows, func(row *sql.Rows) error {
			e, err := scanEndpoint(row)
			if err == nil {
				out = append(out, e)
			}
			return err
		})
	})
	if err != nil {
		return nil, webhookError(err)
	}
	return out, nil
}

// deliveryColumns are the delivery columns scanDelivery reads, in order.
const deliveryColumns = `council, id, endpoint_id, event_id, event_type, body, state, attempts, first_attempt, last_attempt, version`

func scanDelivery(row *sql.Rows) (*webhooks.Delivery, error) {
	var (
		d                         webhooks.Delivery
		eventType, state          string
		body, attempts            []byte
		firstAttempt, lastAttempt sql.NullString
		council                   string
	)
	if err := row.Scan(&council, &d.ID, &d.EndpointID, &d.EventID, &eventType, &body, &state, &attempts, &firstAttempt, &lastAttempt, &d.Version); err != nil {
		return nil, err
	}
	var err error
	if d.Council, err = councilkit.ParseCouncil(council); err != nil {
		return nil, err
	}
	d.EventType = events.Type(eventType)
	d.Body = append([]byte{}, body...)
	if d.State, err = webhooks.ParseDeliveryState(state); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(attempts, &d.Attempts); err != nil {
		return nil, fmt.Errorf("sqlite: decoding delivery attempts: %w", err)
	}
	for i := range d.Attempts {
		d.Attempts[i].At = d.Attempts[i].At.UTC()
	}
	if d.FirstAttempt, err = decNullTime(firstAttempt); err != nil {
		return nil, err
	}
	if d.LastAttempt, err = decNullTime(lastAttempt); err != nil {
		return nil, err
	}
	return &d, nil
}

// webhookDeliveryArgs returns the values of endpoint_id, event_id, event_type,
// body, state, attempts, first_attempt and last_attempt for d.
func webhookDeliveryArgs(d *webhooks.Delivery) ([]any, error) {
	attempts := d.Attempts
	if attempts == nil {
		attempts = []webhooks.Attempt{}
	}
	a, err := json.Marshal(attempts)
	if err != nil {
		return nil, fmt.Errorf("sqlite: encoding delivery attempts: %w", err)
	}
	body := d.Body
	if body == nil {
		body = []byte{}
	}
	first, err := encNullTime(d.FirstAttempt)
	if err != nil {
		return nil, err
	}
	last, err := encNullTime(d.LastAttempt)
	if err != nil {
		return nil, err
	}
	return []any{d.EndpointID, d.EventID, string(d.EventType), body, d.State.String(), string(a), first, last}, nil
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
	args, err := webhookDeliveryArgs(cp)
	if err != nil {
		return err
	}
	var inserted bool
	err = s.db.write(ctx, c, func(t *tx) error {
		res, err := t.exec(`INSERT INTO webhook_deliveries (council, id, endpoint_id, event_id, event_type, body, state,
				attempts, first_attempt, last_attempt, version)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1) ON CONFLICT DO NOTHING`, append([]any{cp.ID}, args...)...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		inserted = n == 1
		return err
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
	err := s.db.read(ctx, c, func(t *tx) error {
		rows, err := t.query(`SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE council = ?1 AND `+where, args...)
		if err != nil {
			return err
		}
		return eachRow(rows, func(row *sql.Rows) error {
			var err error
			d, err = scanDelivery(row)
			return err
		})
	})
	if err == nil && d == nil {
		err = fmt.Errorf("%w: delivery", webhooks.ErrNotFound)
	}
	if err != nil {
		return nil, webhookError(err)
	}
	return d, nil
}

// GetDelivery implements webhooks.Store.
func (s *WebhookStore) GetDelivery(ctx context.Context, c councilkit.Council, id string) (*webhooks.Delivery, error) {
	return s.getDelivery(ctx, c, `id = ?2`, id)
}

// GetDeliveryOf implements webhooks.Store.
func (s *WebhookStore) GetDeliveryOf(ctx context.Context, c councilkit.Council, endpointID, eventID string) (*webhooks.Delivery, error) {
	return s.getDelivery(ctx, c, `endpoint_id = ?2 AND event_id = ?3`, endpointID, eventID)
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
	args, err := webhookDeliveryArgs(d)
	if err != nil {
		return err
	}
	err = s.db.write(ctx, c, func(t *tx) error {
		res, err := t.exec(`UPDATE webhook_deliveries SET event_type = ?5, body = ?6, state = ?7, attempts = ?8,
				first_attempt = ?9, last_attempt = ?10, version = version + 1
			WHERE council = ?1 AND id = ?2 AND endpoint_id = ?3 AND event_id = ?4 AND version = ?11`,
			append(append([]any{d.ID}, args...), d.Version)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		var exists bool
		if err := t.scan(`SELECT EXISTS (SELECT 1 FROM webhook_deliveries WHERE council = ?1 AND id = ?2)`, []any{d.ID}, &exists); err != nil {
			return err
		}
		if exists {
			return fmt.Errorf("%w: delivery changed since it was read", webhooks.ErrConflict)
		}
		return fmt.Errorf("%w: delivery", webhooks.ErrNotFound)
	})
	if err != nil {
		return webhookError(err)
	}
	d.Council = c
	d.Version++
	return nil
}

// ListDeliveries implements webhooks.Store: newest first attempt first
// (none last), ties by ID descending.
func (s *WebhookStore) ListDeliveries(ctx context.Context, c councilkit.Council, f webhooks.DeliveryFilter) ([]*webhooks.Delivery, error) {
	if err := checkWebhookCall(ctx, c); err != nil {
		return nil, err
	}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "?" + strconv.Itoa(len(args)+1)
	}
	where := ``
	if len(f.States) > 0 {
		where += ` AND state IN (`
		for i, st := range f.States {
			if i > 0 {
				where += `, `
			}
			where += arg(st.String())
		}
		where += `)`
	}
	if f.EndpointID != "" {
		where += ` AND endpoint_id = ` + arg(f.EndpointID)
	}
	if f.EventID != "" {
		where += ` AND event_id = ` + arg(f.EventID)
	}
	where += ` ORDER BY first_attempt DESC NULLS LAST, id DESC`
	if f.Limit > 0 {
		where += ` LIMIT ` + arg(f.Limit)
	}
	var out []*webhooks.Delivery
	err := s.db.read(ctx, c, func(t *tx) error {
		rows, err := t.query(`SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE council = ?1`+where, args...)
		if err != nil {
			return err
		}
		return eachRow(rows, func(row *sql.Rows) error {
			d, err := scanDelivery(row)
			if err == nil {
				out = append(out, d)
			}
			return err
		})
	})
	if err != nil {
		return nil, webhookError(err)
	}
	return out, nil
}
