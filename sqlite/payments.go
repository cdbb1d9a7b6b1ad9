package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/internal/search"
	"github.com/lgds/councilkit/payments"
)

// PaymentStore is a payments.Store kept in an SQLite file. Get one from
// DB.Payments. It is safe for concurrent use.
//
// Update is a compare-and-swap on the payment's version, checked and
// written in one write transaction; writes are serialised, so a stale
// write never wins and payments.Modify retries. A CHECK constraint also
// refuses any write that would take the total of submitted and successful
// refunds over the payment's amount, and triggers keep the event history
// append-only. Create and Update record the change's events
// (payments.ChangeEvents) in the same transaction (see EventLog). Unlike the PostgreSQL store, IDs are kept as text: any
// non-empty ID is accepted, as by the in-memory store.
type PaymentStore struct {
	db *DB
}

var _ payments.Store = (*PaymentStore)(nil)

// Payments returns the file's payments store.
func (db *DB) Payments() *PaymentStore { return &PaymentStore{db: db} }

// paymentColumns are the payments columns in the order of paymentArgs,
// council first.
const paymentColumns = `council, id, reference, description, amount_pence, return_url, language, metadata,
	fund_code, delayed_capture, idempotency_key, request_fingerprint, provider, provider_id, next_url,
	status, failure_code, captured_at, settled_at, created_at, updated_at, version`

// paymentsCall checks what every PaymentStore method needs: a live
// context and a council.
func paymentsCall(ctx context.Context, c councilkit.Council) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.IsZero() {
		return payments.ErrNoCouncil
	}
	return nil
}

// Create implements payments.Store. A payment whose ID, idempotency key or
// provider ID the council has already used is not stored, and Create
// returns an error wrapping payments.ErrDuplicate.
func (s *PaymentStore) Create(ctx context.Context, c councilkit.Council, p *payments.Payment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := payments.CheckStorable(c, p); err != nil {
		return err
	}
	next := p.Clone()
	next.Council, next.Version = c, 1
	row, err := paymentArgs(next)
	if err != nil {
		return err
	}
	for _, r := range next.Refunds {
		if err := checkRefund(r); err != nil {
			return err
		}
	}
	var evs []events.Event
	if !s.db.noEvents {
		if evs, err = payments.ChangeEvents(c, nil, next, events.ActorFrom(ctx)); err != nil {
			return err
		}
	}
	err = s.db.write(ctx, c, func(t *tx) error {
		var sameID, sameKey, sameProvider bool
		if err := t.scan(`SELECT
				EXISTS (SELECT 1 FROM payments WHERE council = ?1 AND id = ?2),
				EXISTS (SELECT 1 FROM payments WHERE council = ?1 AND idempotency_key = ?3),
				EXISTS (SELECT 1 FROM payments WHERE council = ?1 AND provider = ?4 AND provider_id = ?5)`,
			[]any{next.ID, nullString(string(next.IdempotencyKey)), next.Provider, nullString(next.ProviderID)},
			&sameID, &sameKey, &sameProvider); err != nil {
			return err
		}
		switch {
		case sameID:
			return fmt.Errorf("%w: ID %s", payments.ErrDuplicate, next.ID)
		case sameKey:
			return fmt.Errorf("%w: idempotency key already used", payments.ErrDuplicate)
		case sameProvider:
			return fmt.Errorf("%w: provider ID already used", payments.ErrDuplicate)
		}
		if _, err := t.exec(`INSERT INTO payments (`+paymentColumns+`, refunded_pence)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)`,
			append(row, next.Refunded().Pence())...); err != nil {
			return err
		}
		if err := insertEvents(t, next.ID, 0, next.Events); err != nil {
			return err
		}
		if err := writeRefunds(t, next.ID, nil, next.Refunds); err != nil {
			return err
		}
		return t.appendEvents(evs...)
	})
	if err != nil {
		return paymentError(err)
	}
	p.Council, p.Version = c, 1
	return nil
}

// Get implements payments.Store.
func (s *PaymentStore) Get(ctx context.Context, council councilkit.Council, id string) (*payments.Payment, error) {
	return s.getWhere(ctx, council, `id = ?2`, id)
}

// GetByIdempotencyKey implements payments.Store.
func (s *PaymentStore) GetByIdempotencyKey(ctx context.Context, council councilkit.Council, key payments.IdempotencyKey) (*payments.Payment, error) {
	if err := paymentsCall(ctx, council); err != nil {
		return nil, err
	}
	if key == "" {
		return nil, fmt.Errorf("%w: no payment with that idempotency key", payments.ErrNotFound)
	}
	return s.getWhere(ctx, council, `idempotency_key = ?2`, string(key))
}

// GetByProviderID implements payments.Store.
func (s *PaymentStore) GetByProviderID(ctx context.Context, council councilkit.Council, provider, providerID string) (*payments.Payment, error) {
	if err := paymentsCall(ctx, council); err != nil {
		return nil, err
	}
	if providerID == "" {
		return nil, fmt.Errorf("%w: no payment with that provider ID", payments.ErrNotFound)
	}
	return s.getWhere(ctx, council, `provider = ?2 AND provider_id = ?3`, provider, providerID)
}

func (s *PaymentStore) getWhere(ctx context.Context, council councilkit.Council, where string, args ...any) (*payments.Payment, error) {
	if err := paymentsCall(ctx, council); err != nil {
		return nil, err
	}
	var p *payments.Payment
	err := s.db.read(ctx, council, func(t *tx) error {
		var err error
		p, err = loadPayment(t, where, args...)
		return err
	})
	if err != nil {
		return nil, paymentError(err)
	}
	return p, nil
}

// Update implements payments.Store: a compare-and-swap on p.Version,
// checked and written in one write transaction. Events are append-only and
// refunds cannot be removed: an Update that shortens either list, or
// changes a recorded one, is refused (see payments.CheckUpdate) and nothing
// is stored.
func (s *PaymentStore) Update(ctx context.Context, c councilkit.Council, p *payments.Payment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := payments.CheckStorable(c, p); err != nil {
		return err
	}
	var version int64
	err := s.db.write(ctx, c, func(t *tx) error {
		cur, err := loadPayment(t, `id = ?2`, p.ID)
		if err != nil {
			return err
		}
		if cur.Version != p.Version {
			return fmt.Errorf("%w: payment %s changed since it was read", payments.ErrConflict, p.ID)
		}
		if err := payments.CheckUpdate(cur, p); err != nil {
			return err
		}
		next := p.Clone()
		next.Council = c
		next.Version = cur.Version + 1
		row, err := paymentArgs(next)
		if err != nil {
			return err
		}
		res, err := t.exec(`UPDATE payments SET reference = ?3, description = ?4, amount_pence = ?5, return_url = ?6,
				language = ?7, metadata = ?8, fund_code = ?9, delayed_capture = ?10, request_fingerprint = ?12,
				provider = ?13, provider_id = ?14, next_url = ?15, status = ?16, failure_code = ?17,
				captured_at = ?18, settled_at = ?19, created_at = ?20, updated_at = ?21, version = ?22, refunded_pence = ?23
			WHERE council = ?1 AND id = ?2 AND idempotency_key IS ?11 AND version = ?24`,
			append(row, next.Refunded().Pence(), cur.Version)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("%w: payment %s changed since it was read (%v)", payments.ErrConflict, p.ID, err)
		}
		if err := insertEvents(t, next.ID, len(cur.Events), next.Events[len(cur.Events):]); err != nil {
			return err
		}
		if err := writeRefunds(t, next.ID, cur.Refunds, next.Refunds); err != nil {
			return err
		}
		// The change's events, derived from the payment as stored
		// before it (read in this transaction) and after it.
		if !s.db.noEvents {
			evs, err := payments.ChangeEvents(c, cur, next, events.ActorFrom(ctx))
			if err != nil {
				return err
			}
			if err := t.appendEvents(evs...); err != nil {
				return err
			}
		}
		version = next.Version
		return nil
	})
	if err != nil {
		return paymentError(err)
	}
	p.Council, p.Version = c, version
	return nil
}

// List implements payments.Store, in q.Sort's order: oldest first (by
// created_at, ties by ID) for the zero Sort. Days in q are UK civil days.
// A page after a cursor (q.After) is found by keyset, a row-value
// comparison on the sort's key that the indexes payments_by_created and
// payments_by_amount serve. q.Query is a LIKE, with the officer's text as
// an escaped parameter (see internal/search).
func (s *PaymentStore) List(ctx context.Context, council councilkit.Council, q payments.Filter) ([]*payments.Payment, error) {
	if err := paymentsCall(ctx, council); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	after, paged, err := q.Position()
	if err != nil {
		return nil, err
	}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "?" + strconv.Itoa(len(args)+1)
	}
	where := ``
	if len(q.Statuses) > 0 {
		where += ` AND status IN (`
		for i, st := range q.Statuses {
			if i > 0 {
				where += `, `
			}
			where += arg(st.String())
		}
		where += `)`
	}
	london := calendar.London()
	bound := func(cond string, day calendar.Date) error {
		ts, err := encTime(day.Time(london))
		where += cond + arg(ts)
		return err
	}
	var errs []error
	if !q.From.IsZero() {
		errs = append(errs, bound(` AND created_at >= `, q.From))
	}
	if !q.To.IsZero() {
		errs = append(errs, bound(` AND created_at < `, q.To.AddDays(1)))
	}
	if !q.CapturedOn.IsZero() {
		errs = append(errs, bound(` AND captured_at >= `, q.CapturedOn), bound(` AND captured_at < `, q.CapturedOn.AddDays(1)))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if q.FundCode != "" {
		where += ` AND fund_code = ` + arg(q.FundCode)
	}
	if q.Reference != "" {
		where += ` AND reference = ` + arg(q.Reference)
	}
	if q.Query != "" {
		p := arg(search.LikeContains(q.Query))
		where += ` AND (` + search.FoldSQLite(`reference`) + ` LIKE ` + p + ` ESCAPE '\' OR ` +
			search.FoldSQLite(`description`) + ` LIKE ` + p + ` ESCAPE '\')`
	}
	key, order := paymentSortSQL(q.Sort)
	if paged {
		created, err := encTime(after.CreatedAt)
		if err != nil {
			return nil, err
		}
		vals := arg(created) + `, ` + arg(after.ID)
		if key == `(amount_pence, created_at, id)` {
			vals = arg(after.Amount.Pence()) + `, ` + vals
		}
		op := `>`
		if strings.Contains(order, `DESC`) {
			op = `<`
		}
		where += ` AND ` + key + ` ` + op + ` (` + vals + `)`
	}
	where += ` ORDER BY ` + order
	if q.Limit > 0 {
		where += ` LIMIT ` + arg(q.Limit)
	}
	var out []*payments.Payment
	err = s.db.read(ctx, council, func(t *tx) error {
		rows, err := t.query(`SELECT `+paymentColumns+` FROM payments WHERE council = ?1`+where, args...)
		if err != nil {
			return err
		}
		out, err = scanPayments(rows)
		if err != nil || len(out) == 0 {
			return err
		}
		return loadChildren(t, out)
	})
	if err != nil {
		return nil, paymentError(err)
	}
	return out, nil
}

// paymentSortSQL returns the row that orders payments in sort s, for a
// keyset comparison, and the ORDER BY list. Every column of a sort runs
// the same way, so that one row-value comparison finds the rows after a
// cursor.
func paymentSortSQL(s payments.Sort) (key, order string) {
	switch s {
	case payments.SortNewest:
		return `(created_at, id)`, `created_at DESC, id DESC`
	case payments.SortAmountHigh:
		return `(amount_pence, created_at, id)`, `amount_pence DESC, created_at DESC, id DESC`
	case payments.SortAmountLow:
		return `(amount_pence, created_at, id)`, `amount_pence, created_at, id`
	}
	return `(created_at, id)`, `created_at, id`
}

// MarkWebhookSeen implements payments.Store.
func (s *PaymentStore) MarkWebhookSeen(ctx context.Context, council councilkit.Council, messageID string) (bool, error) {
	if err := paymentsCall(ctx, council); err != nil {
		return false, err
	}
	if messageID == "" {
		return false, errors.New("sqlite: empty webhook message ID")
	}
	var first bool
	err := s.db.write(ctx, council, func(t *tx) error {
		res, err := t.exec(`INSERT INTO payment_webhooks (council, message_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING`, messageID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		first = n == 1
		return err
	})
	return first, paymentError(err)
}

// loadPayment reads the council's one payment matching where (?2...
// are args) with its events and refunds.
func loadPayment(t *tx, where string, args ...any) (*payments.Payment, error) {
	rows, err := t.query(`SELECT `+paymentColumns+` FROM payments WHERE council = ?1 AND `+where, args...)
	if err != nil {
		return nil, err
	}
	ps, err := scanPayments(rows)
	if err != nil {
		return nil, err
	}
	if len(ps) != 1 {
		return nil, fmt.Errorf("%w: payment", payments.ErrNotFound)
	}
	return ps[0], loadChildren(t, ps)
}

// loadChildren fills in the events and refunds of ps.
func loadChildren(t *tx, ps []*payments.Payment) error {
	byID := make(map[string]*payments.Payment, len(ps))
	ids := make([]string, len(ps))
	for i, p := range ps {
		byID[p.ID] = p
		ids[i] = p.ID
	}
	idList, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	var filter, arg = `payment_id = ?2`, any(ps[0].ID)
	if len(ps) > 1 {
		filter, arg = `payment_id IN (SELECT value FROM json_each(?2))`, string(idList)
	}
	rows, err := t.query(`SELECT payment_id, at, kind, from_status, to_status, source, detail FROM payment_events
		WHERE council = ?1 AND `+filter+` ORDER BY payment_id, seq`, arg)
	if err != nil {
		return err
	}
	err = eachRow(rows, func(r *sql.Rows) error {
		var (
			pid, kind, src, detail string
			at, from, to           sql.NullString
		)
		if err := r.Scan(&pid, &at, &kind, &from, &to, &src, &detail); err != nil {
			return err
		}
		e := payments.Event{Kind: payments.EventKind(kind), Source: src, Detail: detail}
		var err error
		if e.At, err = decNullTime(at); err != nil {
			return err
		}
		if e.From, err = parseStatus(from); err != nil {
			return err
		}
		if e.To, err = parseStatus(to); err != nil {
			return err
		}
		p := byID[pid]
		p.Events = append(p.Events, e)
		return nil
	})
	if err != nil {
		return err
	}
	rows, err = t.query(`SELECT payment_id, id, provider_id, amount_pence, status, idempotency_key, available_before_pence, created_at, updated_at,
			reason, requested_by_kind, requested_by_id
		FROM payment_refunds WHERE council = ?1 AND `+filter+` ORDER BY payment_id, seq`, arg)
	if err != nil {
		return err
	}
	return eachRow(rows, func(r *sql.Rows) error {
		var (
			pid, status, key, created, updated string
			reason, byKind, byWho              string
			rf                                 payments.Refund
			amount, before                     int64
		)
		if err := r.Scan(&pid, &rf.ID, &rf.ProviderID, &amount, &status, &key, &before, &created, &updated,
			&reason, &byKind, &byWho); err != nil {
			return err
		}
		rf.Reason = payments.RefundReason(reason)
		rf.RequestedBy = events.Actor{Kind: events.ActorKind(byKind), ID: byWho}
		var err error
		if rf.Status, err = payments.ParseRefundStatus(status); err != nil {
			return err
		}
		if rf.CreatedAt, err = decTime(created); err != nil {
			return err
		}
		if rf.UpdatedAt, err = decTime(updated); err != nil {
			return err
		}
		rf.Amount, rf.AvailableBefore, rf.Key = payments.Pence(amount), payments.Pence(before), payments.IdempotencyKey(key)
		p := byID[pid]
		p.Refunds = append(p.Refunds, rf)
		return nil
	})
}

// eachRow calls fn for each row, then closes rows.
func eachRow(rows *sql.Rows, fn func(*sql.Rows) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func scanPayments(rows *sql.Rows) ([]*payments.Payment, error) {
	var out []*payments.Payment
	err := eachRow(rows, func(r *sql.Rows) error {
		p, err := scanPayment(r)
		if err == nil {
			out = append(out, p)
		}
		return err
	})
	return out, err
}

func scanPayment(row *sql.Rows) (*payments.Payment, error) {
	var (
		p                                                    payments.Payment
		council, language, status, failure, created, updated string
		amount                                               int64
		metadata, idemKey, providerID, captured, settled     sql.NullString
	)
	err := row.Scan(&council, &p.ID, &p.Reference, &p.Description, &amount, &p.ReturnURL, &language, &metadata,
		&p.FundCode, &p.DelayedCapture, &idemKey, &p.RequestFingerprint, &p.Provider, &providerID, &p.NextURL,
		&status, &failure, &captured, &settled, &created, &updated, &p.Version)
	if err != nil {
		return nil, err
	}
	if p.Council, err = councilkit.ParseCouncil(council); err != nil {
		return nil, err
	}
	p.Amount = payments.Pence(amount)
	p.Language = payments.Language(language)
	if metadata.Valid {
		if err := json.Unmarshal([]byte(metadata.String), &p.Metadata); err != nil {
			return nil, fmt.Errorf("sqlite: payment %s metadata: %w", p.ID, err)
		}
	}
	p.IdempotencyKey = payments.IdempotencyKey(idemKey.String)
	p.ProviderID = providerID.String
	if p.Status, err = payments.ParseStatus(status); err != nil {
		return nil, err
	}
	p.FailureCode = payments.FailureCode(failure)
	if p.CapturedAt, err = decNullTime(captured); err != nil {
		return nil, err
	}
	if p.SettledAt, err = decNullTime(settled); err != nil {
		return nil, err
	}
	if p.CreatedAt, err = decTime(created); err != nil {
		return nil, err
	}
	if p.UpdatedAt, err = decTime(updated); err != nil {
		return nil, err
	}
	return &p, nil
}

// paymentArgs returns the values of paymentColumns, in order, for p; the
// first, the council, is left out, as tx supplies it.
func paymentArgs(p *payments.Payment) ([]any, error) {
	if !p.Status.IsValid() {
		return nil, fmt.Errorf("%w: payment %s has no status", payments.ErrInvalidStatus, p.ID)
	}
	var metadata any // SQL NULL for no metadata
	if len(p.Metadata) > 0 {
		b, err := json.Marshal(p.Metadata)
		if err != nil {
			return nil, fmt.Errorf("sqlite: payment metadata: %w", err)
		}
		metadata = string(b)
	}
	captured, err := encNullTime(p.CapturedAt)
	if err != nil {
		return nil, err
	}
	settled, err := encNullTime(p.SettledAt)
	if err != nil {
		return nil, err
	}
	created, err := encTime(p.CreatedAt)
	if err != nil {
		return nil, err
	}
	updated, err := encTime(p.UpdatedAt)
	if err != nil {
		return nil, err
	}
	return []any{
		p.ID, p.Reference, p.Description, p.Amount.Pence(), p.ReturnURL, string(p.Language), metadata,
		p.FundCode, p.DelayedCapture, nullString(string(p.IdempotencyKey)), p.RequestFingerprint, p.Provider, nullString(p.ProviderID), p.NextURL,
		p.Status.String(), string(p.FailureCode), captured, settled, created, updated, p.Version,
	}, nil
}

// insertEvents appends events to payment id's history, numbered from seq.
func insertEvents(t *tx, id string, seq int, events []payments.Event) error {
	for i, e := range events {
		at, err := encNullTime(e.At)
		if err != nil {
			return err
		}
		if _, err := t.exec(`INSERT INTO payment_events (council, payment_id, seq, at, kind, from_status, to_status, source, detail)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`,
			id, seq+i, at, string(e.Kind), statusText(e.From), statusText(e.To), e.Source, e.Detail); err != nil {
			return err
		}
	}
	return nil
}

// writeRefunds makes the writes that turn the stored refunds cur of payment
// id into next: new refunds are inserted, changed ones updated.
func writeRefunds(t *tx, id string, cur, next []payments.Refund) error {
	for i, r := range next {
		if i < len(cur) && cur[i] == r {
			continue
		}
		if err := checkRefund(r); err != nil {
			return err
		}
		created, err := encTime(r.CreatedAt)
		if err != nil {
			return err
		}
		updated, err := encTime(r.UpdatedAt)
		if err != nil {
			return err
		}
		// The reason and requester are written once, with the refund:
		// an update changes its status and provider ID only.
		if _, err := t.exec(`INSERT INTO payment_refunds (council, id, payment_id, seq, provider_id, amount_pence, status,
				idempotency_key, available_before_pence, created_at, updated_at, reason, requested_by_kind, requested_by_id)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
			ON CONFLICT (council, id) DO UPDATE SET provider_id = excluded.provider_id, status = excluded.status,
				updated_at = excluded.updated_at`,
			r.ID, id, i, r.ProviderID, r.Amount.Pence(), r.Status.String(), string(r.Key),
			r.AvailableBefore.Pence(), created, updated, string(r.Reason), string(r.RequestedBy.Kind), r.RequestedBy.ID); err != nil {
			return err
		}
	}
	return nil
}

// checkRefund refuses a refund that cannot be stored: one of less than 1p
// or without an ID.
func checkRefund(r payments.Refund) error {
	if !r.Amount.IsPositive() {
		return fmt.Errorf("%w: a refund must be at least 1p", payments.ErrRefundExceedsAvailable)
	}
	if r.ID == "" {
		return errors.New("sqlite: a refund has no ID")
	}
	return nil
}

// paymentError maps constraint violations to the payments package's
// sentinel errors, keeping the driver error in the chain.
func paymentError(err error) error {
	switch {
	case err == nil:
		return nil
	case isUnique(err):
		return fmt.Errorf("%w: %w", payments.ErrDuplicate, err)
	case isCheck(err, "payments_refunds_within_amount"):
		return fmt.Errorf("%w: %w", payments.ErrRefundExceedsAvailable, err)
	}
	return err
}

func parseStatus(s sql.NullString) (payments.Status, error) {
	if !s.Valid {
		return 0, nil
	}
	return payments.ParseStatus(s.String)
}

func statusText(s payments.Status) any {
	if !s.IsValid() {
		return nil
	}
	return s.String()
}
