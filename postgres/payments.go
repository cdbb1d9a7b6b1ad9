package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/internal/search"
	"github.com/lgds/councilkit/payments"
)

// PaymentStore is a payments.Store kept in PostgreSQL. Get one from
// DB.Payments. It is safe for concurrent use.
//
// IDs are kept in uuid columns: a payment or refund ID must be a UUID in
// its canonical form, as uuid.NewString makes it, and a lookup of an ID
// that is not one finds nothing.
//
// Update is a compare-and-swap on the payment's version: it locks the
// payment's row (SELECT ... FOR UPDATE) only for its own statements, stores
// p if the stored version is still p.Version and otherwise returns
// payments.ErrConflict, so a stale write never wins; payments.Modify
// retries. A database constraint also refuses any write that would take
// the total of submitted and successful refunds over the payment's amount.
// New events are inserted in the same transaction as the change they
// record.
type PaymentStore struct {
	db *DB
}

var _ payments.Store = (*PaymentStore)(nil)

// Payments returns the database's payments store.
func (db *DB) Payments() *PaymentStore { return &PaymentStore{db: db} }

const paymentColumns = `id, council, reference, description, amount_pence, return_url, language, metadata,
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

// pgID returns id as a UUID, and false if it is not one in canonical form.
func pgID(id string) (uuid.UUID, bool) {
	u, err := uuid.Parse(id)
	return u, err == nil && u.String() == id
}

// Create implements payments.Store. A payment whose ID, idempotency key or
// provider ID the council has already used is not stored, and Create
// returns an error wrapping payments.ErrDuplicate: the unique constraints
// decide, so two concurrent Creates with one key cannot both succeed.
func (s *PaymentStore) Create(ctx context.Context, c councilkit.Council, p *payments.Payment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := payments.CheckStorable(c, p); err != nil {
		return err
	}
	if _, ok := pgID(p.ID); !ok {
		return fmt.Errorf("postgres: payment ID %q is not a UUID in canonical form", p.ID)
	}
	orig, cp := p, *p
	cp.Council = c
	p = &cp
	row, err := paymentArgs(p)
	if err != nil {
		return err
	}
	row[len(row)-1] = int64(1) // version
	// One statement inserts the payment and, only if it was new, its
	// history, refunds and domain events (councilkit.events); it is sent
	// with set_config in one round trip.
	ev := eventArrays(p.Events)
	rf, err := refundArrays(p.Refunds)
	if err != nil {
		return err
	}
	var evs []events.Event
	if !s.db.noEvents {
		if evs, err = payments.ChangeEvents(c, nil, withVersion(p, 1), events.ActorFrom(ctx)); err != nil {
			return err
		}
	}
	args := append(row, p.Refunded().Pence(), 0, ev.at, ev.kind, ev.from, ev.to, ev.src, ev.detail,
		rf.id, rf.seq, rf.providerID, rf.status, rf.key, rf.amount, rf.before, rf.created, rf.updated, rf.reason, rf.byKind, rf.byID)
	if args, err = appendEventLogArgs(args, evs); err != nil {
		return err
	}
	var (
		inserted, sameID, sameKey bool
		xid                       pgtype.Int8
	)
	err = s.db.writeInCouncil(ctx, p.Council, func(b *pgx.Batch) error {
		b.Queue(createPaymentSQL(len(evs)), args...).QueryRow(func(r pgx.Row) error {
			return r.Scan(&inserted, &sameID, &sameKey, &xid)
		})
		return nil
	}, func(tx pgx.Tx) error {
		if !inserted || !xid.Valid {
			return nil
		}
		return s.db.runAfterRecord(ctx, tx, evs, eventPositions(xid.Int64, len(evs)))
	})
	if err == nil && !inserted && !sameID && !sameKey {
		// The conflicting row committed after the statement's snapshot
		// was taken: look again.
		err = s.db.pipelineInCouncil(ctx, p.Council, func(b *pgx.Batch) error {
			b.Queue(`SELECT
					EXISTS (SELECT 1 FROM councilkit.payments WHERE council = $1 AND id = $2),
					EXISTS (SELECT 1 FROM councilkit.payments WHERE council = $1 AND idempotency_key = $3)`,
				p.Council.String(), row[0], nullString(string(p.IdempotencyKey))).QueryRow(func(r pgx.Row) error {
				return r.Scan(&sameID, &sameKey)
			})
			return nil
		})
	}
	switch {
	case err != nil:
	case inserted:
	case sameID:
		err = fmt.Errorf("%w: ID %s", payments.ErrDuplicate, p.ID)
	case sameKey:
		err = fmt.Errorf("%w: idempotency key already used", payments.ErrDuplicate)
	default:
		err = fmt.Errorf("%w: provider ID already used", payments.ErrDuplicate)
	}
	if err != nil {
		return paymentError(err)
	}
	orig.Council, orig.Version = c, 1
	return nil
}

// createPaymentSQL is the statement that Create sends for a payment whose
// creation records n events. One statement inserts the payment and, only
// if it was new, its history, refunds and domain events
// (councilkit.events). It returns whether the payment was inserted;
// whether the council already has a payment with its ID, and one with its
// idempotency key, looked for in the statement's snapshot, which does not
// include the row the statement inserts, so that a conflict is explained
// in the same round trip; and the transaction's ID, from which the events'
// positions follow (eventPositions), if the payment was inserted and
// events were recorded.
func createPaymentSQL(n int) string {
	if n < len(createPaymentSQLs) {
		return createPaymentSQLs[n]
	}
	return buildCreatePaymentSQL(n)
}

// createPaymentSQLs are the statements for the numbers of events that
// insertEventsLogRowsSQL sends as rows, made once.
var createPaymentSQLs = func() (q [maxEventRows + 1]string) {
	for n := range q {
		q[n] = buildCreatePaymentSQL(n)
	}
	return q
}()

func buildCreatePaymentSQL(n int) string {
	ev, xid := ``, `NULL::bigint`
	if n > 0 {
		ev = `, ev AS (` + insertEventsLogRowsSQL(`p.council`, createEventsParam, `p`, n) + `
			)`
		xid = `(SELECT pg_current_xact_id()::text::bigint FROM p)`
	}
	return `WITH p AS (
				INSERT INTO councilkit.payments (` + paymentColumns + `, refunded_pence)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
				ON CONFLICT DO NOTHING
				RETURNING council, id
			), e AS (` + insertEventsSQL(`p.council`, `p.id`, `$24`, 25, `p CROSS JOIN`) + `
			), r AS (` + insertRefundsSQL(`p.council`, `p.id`, 31, `p CROSS JOIN`) + `
			)` + ev + `
			SELECT EXISTS (SELECT 1 FROM p),
				EXISTS (SELECT 1 FROM councilkit.payments WHERE council = $2 AND id = $1),
				EXISTS (SELECT 1 FROM councilkit.payments WHERE council = $2 AND idempotency_key = $11),
				` + xid
}

// createEventsParam is the number of the first parameter of the events in
// createPaymentSQL.
const createEventsParam = 43

// withVersion returns a copy of p (sharing its slices) with version v.
func withVersion(p *payments.Payment, v int64) *payments.Payment {
	cp := *p
	cp.Version = v
	return &cp
}

// Get implements payments.Store.
func (s *PaymentStore) Get(ctx context.Context, council councilkit.Council, id string) (*payments.Payment, error) {
	u, ok := pgID(id)
	if !ok {
		if err := paymentsCall(ctx, council); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%w: payment", payments.ErrNotFound)
	}
	return s.getWhere(ctx, council, `id = $2`, u)
}

// GetByIdempotencyKey implements payments.Store.
func (s *PaymentStore) GetByIdempotencyKey(ctx context.Context, council councilkit.Council, key payments.IdempotencyKey) (*payments.Payment, error) {
	if err := paymentsCall(ctx, council); err != nil {
		return nil, err
	}
	if key == "" {
		return nil, fmt.Errorf("%w: no payment with that idempotency key", payments.ErrNotFound)
	}
	return s.getWhere(ctx, council, `idempotency_key = $2`, string(key))
}

// GetByProviderID implements payments.Store.
func (s *PaymentStore) GetByProviderID(ctx context.Context, council councilkit.Council, provider, providerID string) (*payments.Payment, error) {
	if err := paymentsCall(ctx, council); err != nil {
		return nil, err
	}
	if providerID == "" {
		return nil, fmt.Errorf("%w: no payment with that provider ID", payments.ErrNotFound)
	}
	return s.getWhere(ctx, council, `provider = $2 AND provider_id = $3`, provider, providerID)
}

func (s *PaymentStore) getWhere(ctx context.Context, council councilkit.Council, where string, args ...any) (*payments.Payment, error) {
	if err := paymentsCall(ctx, council); err != nil {
		return nil, err
	}
	// The payment, its events and its refunds in one round trip, from one
	// snapshot.
	var p *payments.Payment
	all := append([]any{council.String()}, args...)
	err := s.db.snapshotInCouncil(ctx, council, func(b *pgx.Batch) error {
		p = nil
		byID := map[string]*payments.Payment{}
		b.Queue(`SELECT `+paymentColumns+` FROM councilkit.payments WHERE council = $1 AND `+where, all...).Query(func(rows pgx.Rows) error {
			ps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*payments.Payment, error) { return scanPayment(r) })
			if err != nil {
				return err
			}
			if len(ps) != 1 {
				return fmt.Errorf("%w: payment", payments.ErrNotFound)
			}
			p = ps[0]
			byID[p.ID] = p
			return nil
		})
		queueChildren(b, council, byID, `payment_id IN (SELECT id FROM councilkit.payments WHERE council = $1 AND `+where+`)`, all)
		return nil
	})
	if err != nil {
		return nil, paymentError(err)
	}
	return p, nil
}

// Update implements payments.Store: a compare-and-swap on p.Version,
// checked and written under the payment's row lock in one transaction.
// Events are append-only and refunds cannot be removed: an Update that
// shortens either list, or changes a recorded one, is refused (see
// payments.CheckUpdate) and nothing is stored.
func (s *PaymentStore) Update(ctx context.Context, c councilkit.Council, p *payments.Payment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := payments.CheckStorable(c, p); err != nil {
		return err
	}
	id, ok := pgID(p.ID)
	if !ok {
		return fmt.Errorf("%w: payment", payments.ErrNotFound)
	}
	var version int64
	err := s.db.InCouncil(ctx, c, func(tx pgx.Tx) error {
		cur, err := loadPayment(ctx, tx, c, `id = $2`, true, id)
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
		b := &pgx.Batch{}
		b.Queue(`UPDATE councilkit.payments SET reference = $3, description = $4, amount_pence = $5, return_url = $6,
				language = $7, metadata = $8, fund_code = $9, delayed_capture = $10, request_fingerprint = $12,
				provider = $13, provider_id = $14, next_url = $15, status = $16, failure_code = $17,
				captured_at = $18, settled_at = $19, created_at = $20, updated_at = $21, version = $22, refunded_pence = $23
			WHERE council = $2 AND id = $1 AND idempotency_key IS NOT DISTINCT FROM $11`,
			append(row, next.Refunded().Pence())...)
		queueEvents(b, c, id, len(cur.Events), next.Events[len(cur.Events):])
		// The change's events, with it: after the payment's row and
		// history, before its refunds.
		var (
			evs []events.Event
			pos []int64
		)
		if !s.db.noEvents {
			if evs, err = payments.ChangeEvents(c, cur, next, events.ActorFrom(ctx)); err != nil {
				return err
			}
		}
		if err := queueEventLog(b, c, evs, &pos); err != nil {
			return err
		}
		if err := queueRefunds(b, c, id, cur.Refunds, next.Refunds); err != nil {
			return err
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		if err := s.db.runAfterRecord(ctx, tx, evs, pos); err != nil {
			return err
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
// created_at, ties by ID, whose uuid order is the order of their canonical
// text) for the zero Sort. Days in q are UK civil days. A page after a
// cursor (q.After) is found by keyset, a row comparison on the sort's key
// that the indexes payments_by_created and payments_by_amount serve, so a
// page deep in the list costs what the first does. q.Query is a LIKE, with
// the officer's text as an escaped parameter (see internal/search).
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
	where := `council = $1`
	args := []any{council.String()}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if len(q.Statuses) > 0 {
		names := make([]string, len(q.Statuses))
		for i, st := range q.Statuses {
			names[i] = st.String()
		}
		where += ` AND status = ANY(` + arg(names) + `::text[])`
	}
	london := calendar.London()
	if !q.From.IsZero() {
		where += ` AND created_at >= ` + arg(q.From.Time(london))
	}
	if !q.To.IsZero() {
		where += ` AND created_at < ` + arg(q.To.AddDays(1).Time(london))
	}
	if !q.CapturedOn.IsZero() {
		where += ` AND captured_at >= ` + arg(q.CapturedOn.Time(london)) + ` AND captured_at < ` + arg(q.CapturedOn.AddDays(1).Time(london))
	}
	if q.FundCode != "" {
		where += ` AND fund_code = ` + arg(q.FundCode)
	}
	if q.Reference != "" {
		where += ` AND reference = ` + arg(q.Reference)
	}
	if q.Query != "" {
		p := arg(search.LikeContains(q.Query))
		// reference_folded and description_folded are the columns with
		// A-Z in lower case, kept by the database (migration 15).
		where += ` AND (reference_folded LIKE ` + p + ` ESCAPE '\' OR description_folded LIKE ` + p + ` ESCAPE '\')`
	}
	key, order := paymentSortSQL(q.Sort)
	if paged {
		id, ok := pgID(after.ID)
		if !ok {
			// Not a payment ID this store could have listed.
			return nil, fmt.Errorf("%w: the cursor names a payment ID that is not a UUID", payments.ErrInvalidCursor)
		}
		vals := arg(after.CreatedAt) + `, ` + arg(id)
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
	// REPEATABLE READ: the payments and their events and refunds, read by
	// separate statements, come from one snapshot.
	err = s.db.inCouncil(ctx, council, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+paymentColumns+` FROM councilkit.payments WHERE `+where, args...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (*payments.Payment, error) { return scanPayment(r) })
		if err != nil || len(out) == 0 {
			return err
		}
		return loadChildren(ctx, tx, council, out)
	})
	if err != nil {
		return nil, paymentError(err)
	}
	return out, nil
}

// paymentSortSQL returns the row that orders payments in sort s, for a
// keyset comparison, and the ORDER BY list. Every column of a sort runs
// the same way, so that one row comparison finds the rows after a cursor.
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
		return false, errors.New("postgres: empty webhook message ID")
	}
	var first bool
	err := s.db.InCouncil(ctx, council, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO councilkit.payment_webhooks (council, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
			council.String(), messageID)
		first = tag.RowsAffected() == 1
		return err
	})
	return first, paymentError(err)
}

// loadPayment reads one payment with its events and refunds, locking its
// row when forUpdate is set. where uses $1 for the council and $2... for
// args.
func loadPayment(ctx context.Context, tx pgx.Tx, council councilkit.Council, where string, forUpdate bool, args ...any) (*payments.Payment, error) {
	q := `SELECT ` + paymentColumns + ` FROM councilkit.payments WHERE council = $1 AND ` + where
	if forUpdate {
		q += ` FOR UPDATE`
	}
	rows, _ := tx.Query(ctx, q, append([]any{council.String()}, args...)...)
	p, err := pgx.CollectExactlyOneRow(rows, func(r pgx.CollectableRow) (*payments.Payment, error) { return scanPayment(r) })
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: payment", payments.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return p, loadChildren(ctx, tx, council, []*payments.Payment{p})
}

// loadChildren fills in the events and refunds of ps in one round trip.
func loadChildren(ctx context.Context, tx pgx.Tx, council councilkit.Council, ps []*payments.Payment) error {
	byID := make(map[string]*payments.Payment, len(ps))
	ids := make([]uuid.UUID, len(ps))
	for i, p := range ps {
		byID[p.ID] = p
		ids[i], _ = pgID(p.ID)
	}
	b := &pgx.Batch{}
	queueChildren(b, council, byID, `payment_id = ANY($2)`, []any{council.String(), ids})
	return tx.SendBatch(ctx, b).Close()
}

// queueChildren queues the queries that read the events and refunds of the
// payments that filter selects (with args; $1 is the council) into the
// payments in byID, which may be filled in by an earlier query's callback
// in the same batch.
func queueChildren(b *pgx.Batch, council councilkit.Council, byID map[string]*payments.Payment, filter string, args []any) {
	b.Queue(`SELECT payment_id, at, kind, from_status, to_status, source, detail FROM councilkit.payment_events
		WHERE council = $1 AND `+filter+` ORDER BY payment_id, seq`, args...).Query(func(rows pgx.Rows) error {
		var (
			pid        uuid.UUID
			at         *time.Time
			kind       string
			from, to   *string
			src, child string
		)
		_, err := pgx.ForEachRow(rows, []any{&pid, &at, &kind, &from, &to, &src, &child}, func() error {
			e := payments.Event{Kind: payments.EventKind(kind), Source: src, Detail: child}
			if at != nil {
				e.At = at.UTC()
			}
			var err error
			if e.From, err = parseStatus(from); err != nil {
				return err
			}
			if e.To, err = parseStatus(to); err != nil {
				return err
			}
			p := byID[pid.String()]
			p.Events = append(p.Events, e)
			return nil
		})
		return err
	})
	b.Queue(`SELECT payment_id, id, provider_id, amount_pence, status, idempotency_key, available_before_pence, created_at, updated_at,
			reason, requested_by_kind, requested_by_id
		FROM councilkit.payment_refunds WHERE council = $1 AND `+filter+` ORDER BY payment_id, seq`, args...).Query(func(rows pgx.Rows) error {
		var (
			pid, rid              uuid.UUID
			r                     payments.Refund
			amount, before        int64
			status, key           string
			created, updated      time.Time
			reason, byKind, byWho string
		)
		_, err := pgx.ForEachRow(rows, []any{&pid, &rid, &r.ProviderID, &amount, &status, &key, &before, &created, &updated,
			&reason, &byKind, &byWho}, func() error {
			st, err := payments.ParseRefundStatus(status)
			if err != nil {
				return err
			}
			p := byID[pid.String()]
			p.Refunds = append(p.Refunds, payments.Refund{
				ID: rid.String(), ProviderID: r.ProviderID, Amount: payments.Pence(amount), Status: st,
				Key: payments.IdempotencyKey(key), AvailableBefore: payments.Pence(before),
				CreatedAt: created.UTC(), UpdatedAt: updated.UTC(),
				Reason: payments.RefundReason(reason), RequestedBy: events.Actor{Kind: events.ActorKind(byKind), ID: byWho},
			})
			return nil
		})
		return err
	})
}

func scanPayment(row pgx.Row) (*payments.Payment, error) {
	var (
		p                                  payments.Payment
		council, language, status, failure string
		amount                             int64
		metadata                           []byte
		idemKey, providerID                *string
		captured, settled                  *time.Time
		id                                 uuid.UUID
	)
	err := row.Scan(&id, &council, &p.Reference, &p.Description, &amount, &p.ReturnURL, &language, &metadata,
		&p.FundCode, &p.DelayedCapture, &idemKey, &p.RequestFingerprint, &p.Provider, &providerID, &p.NextURL,
		&status, &failure, &captured, &settled, &p.CreatedAt, &p.UpdatedAt, &p.Version)
	if err != nil {
		return nil, err
	}
	p.ID = id.String()
	if p.Council, err = councilkit.ParseCouncil(council); err != nil {
		return nil, err
	}
	p.Amount = payments.Pence(amount)
	p.Language = payments.Language(language)
	if len(metadata) > 0 && string(metadata) != "null" {
		if err := json.Unmarshal(metadata, &p.Metadata); err != nil {
			return nil, fmt.Errorf("postgres: payment %s metadata: %w", p.ID, err)
		}
	}
	if idemKey != nil {
		p.IdempotencyKey = payments.IdempotencyKey(*idemKey)
	}
	if providerID != nil {
		p.ProviderID = *providerID
	}
	if p.Status, err = payments.ParseStatus(status); err != nil {
		return nil, err
	}
	p.FailureCode = payments.FailureCode(failure)
	if captured != nil {
		p.CapturedAt = captured.UTC()
	}
	if settled != nil {
		p.SettledAt = settled.UTC()
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

// paymentArgs returns the values of paymentColumns, in order, for p.
func paymentArgs(p *payments.Payment) ([]any, error) {
	if !p.Status.IsValid() {
		return nil, fmt.Errorf("%w: payment %s has no status", payments.ErrInvalidStatus, p.ID)
	}
	var metadata any // SQL NULL for no metadata
	if len(p.Metadata) > 0 {
		b, err := json.Marshal(p.Metadata)
		if err != nil {
			return nil, fmt.Errorf("postgres: payment metadata: %w", err)
		}
		metadata = string(b)
	}
	id, ok := pgID(p.ID)
	if !ok {
		return nil, fmt.Errorf("postgres: payment ID %q is not a UUID in canonical form", p.ID)
	}
	return []any{
		id, p.Council.String(), p.Reference, p.Description, p.Amount.Pence(), p.ReturnURL, string(p.Language), metadata,
		p.FundCode, p.DelayedCapture, nullString(string(p.IdempotencyKey)), p.RequestFingerprint, p.Provider, nullString(p.ProviderID), p.NextURL,
		p.Status.String(), string(p.FailureCode), nullTime(p.CapturedAt), nullTime(p.SettledAt), p.CreatedAt, p.UpdatedAt, p.Version,
	}, nil
}

// eventColumns holds events as parallel arrays, for unnest.
type eventColumns struct {
	at                []*time.Time
	kind, src, detail []string
	from, to          []*string
}

func eventArrays(events []payments.Event) eventColumns {
	n := len(events)
	c := eventColumns{at: make([]*time.Time, n), kind: make([]string, n), from: make([]*string, n), to: make([]*string, n),
		src: make([]string, n), detail: make([]string, n)}
	for i, e := range events {
		c.at[i] = nullTime(e.At)
		c.kind[i], c.src[i], c.detail[i] = string(e.Kind), e.Source, e.Detail
		c.from[i], c.to[i] = statusText(e.From), statusText(e.To)
	}
	return c
}

// insertEventsSQL is an INSERT of the events in parameters $n to $n+5
// (eventColumns' arrays, in field order), numbered from seq, for the
// payment council and id name. from, if not empty, is joined in front of
// the unnest, as in "p CROSS JOIN".
func insertEventsSQL(council, id, seq string, n int, from string) string {
	return fmt.Sprintf(`INSERT INTO councilkit.payment_events (council, payment_id, seq, at, kind, from_status, to_status, source, detail)
		SELECT %s, %s, %s + e.ord - 1, e.at, e.kind, e.from_status, e.to_status, e.source, e.detail
		FROM %s unnest($%d::timestamptz[], $%d::text[], $%d::text[], $%d::text[], $%d::text[], $%d::text[])
			WITH ORDINALITY AS e(at, kind, from_status, to_status, source, detail, ord)`,
		council, id, seq, from, n, n+1, n+2, n+3, n+4, n+5)
}

// queueEvents appends an INSERT of events, numbered from seq, to b.
func queueEvents(b *pgx.Batch, council councilkit.Council, id uuid.UUID, seq int, events []payments.Event) {
	if len(events) == 0 {
		return
	}
	c := eventArrays(events)
	b.Queue(insertEventsSQL(`$1`, `$2`, `$3`, 4, ``), council.String(), id, seq, c.at, c.kind, c.from, c.to, c.src, c.detail)
}

// refundColumns holds refunds as parallel arrays, for unnest.
type refundColumns struct {
	id                      []uuid.UUID
	seq                     []int32
	providerID, status, key []string
	amount, before          []int64
	created, updated        []time.Time
	reason, byKind, byID    []string
}

func refundArrays(refunds []payments.Refund) (refundColumns, error) {
	var c refundColumns
	for i, r := range refunds {
		if err := checkRefund(r); err != nil {
			return c, err
		}
		id, _ := pgID(r.ID)
		c.id = append(c.id, id)
		c.seq = append(c.seq, int32(i))
		c.providerID = append(c.providerID, r.ProviderID)
		c.status = append(c.status, r.Status.String())
		c.key = append(c.key, string(r.Key))
		c.amount = append(c.amount, r.Amount.Pence())
		c.before = append(c.before, r.AvailableBefore.Pence())
		c.created = append(c.created, r.CreatedAt)
		c.updated = append(c.updated, r.UpdatedAt)
		c.reason = append(c.reason, string(r.Reason))
		c.byKind = append(c.byKind, string(r.RequestedBy.Kind))
		c.byID = append(c.byID, r.RequestedBy.ID)
	}
	return c, nil
}

// checkRefund refuses a refund that cannot be stored: one of less than 1p
// or without a UUID for its ID.
func checkRefund(r payments.Refund) error {
	if !r.Amount.IsPositive() {
		return fmt.Errorf("%w: a refund must be at least 1p", payments.ErrRefundExceedsAvailable)
	}
	if _, ok := pgID(r.ID); !ok {
		return fmt.Errorf("postgres: refund ID %q is not a UUID in canonical form", r.ID)
	}
	return nil
}

// insertRefundsSQL is an INSERT of the refunds in parameters $n to $n+11
// (refundColumns' arrays, in field order); see insertEventsSQL.
func insertRefundsSQL(council, id string, n int, from string) string {
	return fmt.Sprintf(`INSERT INTO councilkit.payment_refunds (council, payment_id, id, seq, provider_id, status,
			idempotency_key, amount_pence, available_before_pence, created_at, updated_at, reason, requested_by_kind, requested_by_id)
		SELECT %s, %s, r.id, r.seq, r.provider_id, r.status, r.key, r.amount, r.before, r.created, r.updated, r.reason, r.by_kind, r.by_id
		FROM %s unnest($%d::uuid[], $%d::integer[], $%d::text[], $%d::text[], $%d::text[], $%d::bigint[], $%d::bigint[],
			$%d::timestamptz[], $%d::timestamptz[], $%d::text[], $%d::text[], $%d::text[])
			AS r(id, seq, provider_id, status, key, amount, before, created, updated, reason, by_kind, by_id)`,
		council, id, from, n, n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+10, n+11)
}

// queueRefunds appends to b the writes that turn the stored refunds cur
// into next: new refunds are inserted, changed ones updated.
func queueRefunds(b *pgx.Batch, council councilkit.Council, id uuid.UUID, cur, next []payments.Refund) error {
	for i, r := range next {
		if i < len(cur) && cur[i] == r {
			continue
		}
		if err := checkRefund(r); err != nil {
			return err
		}
		rid, _ := pgID(r.ID)
		// The reason and requester are written once, with the refund:
		// an update changes its status and provider ID only.
		b.Queue(`INSERT INTO councilkit.payment_refunds (council, id, payment_id, seq, provider_id, amount_pence, status,
				idempotency_key, available_before_pence, created_at, updated_at, reason, requested_by_kind, requested_by_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			ON CONFLICT (council, id) DO UPDATE SET provider_id = EXCLUDED.provider_id, status = EXCLUDED.status,
				updated_at = EXCLUDED.updated_at`,
			council.String(), rid, id, i, r.ProviderID, r.Amount.Pence(), r.Status.String(), string(r.Key),
			r.AvailableBefore.Pence(), r.CreatedAt, r.UpdatedAt, string(r.Reason), string(r.RequestedBy.Kind), r.RequestedBy.ID)
	}
	return nil
}

// paymentError maps constraint violations to the payments package's
// sentinel errors, keeping the driver error in the chain.
func paymentError(err error) error {
	if err == nil {
		return nil
	}
	switch pgCode(err) {
	case sqlstateUniqueViolation:
		switch pgConstraint(err) {
		case "payments_pkey", "payments_idempotency_key", "payments_provider_id", "payment_refunds_idempotency_key":
			return fmt.Errorf("%w: %w", payments.ErrDuplicate, err)
		}
	case sqlstateCheckViolation:
		if pgConstraint(err) == "payments_refunds_within_amount" {
			return fmt.Errorf("%w: %w", payments.ErrRefundExceedsAvailable, err)
		}
	}
	return err
}

func parseStatus(s *string) (payments.Status, error) {
	if s == nil {
		return 0, nil
	}
	return payments.ParseStatus(*s)
}

func statusText(s payments.Status) *string {
	if !s.IsValid() {
		return nil
	}
	t := s.String()
	return &t
}

func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
