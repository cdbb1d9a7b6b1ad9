package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lgds/councilkit/payments"
)

// BenchmarkPaymentsListPage times an officer's page of 50 payments
// (payments.ListPage) in a council with 100,000 payments, each with its
// history entry: the first page and a page 90,000 payments deep, newest
// first and largest first, which keyset pagination finds at the same cost
// through the payments_by_created and payments_by_amount indexes; an exact
// reference; and a free-text search, a LIKE over the council's payments.
// The rows are loaded in bulk as set-up:
//
//	go test -run '^$' -bench PaymentsListPage -benchtime 200x ./postgres
func BenchmarkPaymentsListPage(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	td := newMigratedDB(b)
	db := openMigrated(b, td)
	super := superConn(b, td)
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		council string
		n       int
	}{{councilA.String(), n}, {councilB.String(), n / 10}} {
		if _, err := super.Exec(ctx, `INSERT INTO councilkit.payments (council, id, reference, description, amount_pence,
				return_url, language, fund_code, delayed_capture, idempotency_key, request_fingerprint, provider, provider_id,
				next_url, status, failure_code, created_at, updated_at, refunded_pence, version)
			SELECT $1, gen_random_uuid(), 'CT-' || lpad(i::text, 6, '0'), 'Council tax instalment ' || i, 100 + (i * 7919) % 100000,
				'https://example.gov.uk/paid', 'en', 'CT01', false, 'key-' || i, 'fp', 'sandbox', 'prov-' || i,
				'', CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'success' END, '',
				$2::timestamptz + i * interval '1 minute', $2::timestamptz + i * interval '1 minute', 0, 1
			FROM generate_series(1, $3) AS i`, c.council, t0, c.n); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := super.Exec(ctx, `INSERT INTO councilkit.payment_events (council, payment_id, seq, at, kind, to_status, source, detail)
		SELECT council, id, 0, created_at, 'created', 'created', 'service', '' FROM councilkit.payments`); err != nil {
		b.Fatal(err)
	}
	if _, err := super.Exec(ctx, `ANALYZE councilkit.payments; ANALYZE councilkit.payment_events`); err != nil {
		b.Fatal(err)
	}
	// deep returns the cursor after the payment at offset 90,000 in sort s.
	deep := func(s payments.Sort, order string) string {
		var (
			id     uuid.UUID
			at     time.Time
			amount int64
		)
		if err := super.QueryRow(ctx, `SELECT id, created_at, amount_pence FROM councilkit.payments WHERE council = $1
			ORDER BY `+order+` OFFSET 90000 LIMIT 1`, councilA.String()).Scan(&id, &at, &amount); err != nil {
			b.Fatal(err)
		}
		return payments.CursorAfter(s, &payments.Payment{ID: id.String(), CreatedAt: at, Amount: payments.Pence(amount)}).String()
	}
	s := db.Payments()
	for _, bc := range []struct {
		name string
		f    payments.Filter
		want int
	}{
		{"newest/first", payments.Filter{Sort: payments.SortNewest}, 50},
		{"newest/deep", payments.Filter{Sort: payments.SortNewest, After: deep(payments.SortNewest, `created_at DESC, id DESC`)}, 50},
		{"amount-high/first", payments.Filter{Sort: payments.SortAmountHigh}, 50},
		{"amount-high/deep", payments.Filter{Sort: payments.SortAmountHigh, After: deep(payments.SortAmountHigh, `amount_pence DESC, created_at DESC, id DESC`)}, 50},
		{"paid/newest", payments.Filter{Sort: payments.SortNewest, Statuses: []payments.Status{payments.StatusSuccess}}, 50},
		{"reference", payments.Filter{Reference: "CT-054321"}, 1},
		{"query", payments.Filter{Query: "instalment 5432", Sort: payments.SortNewest}, 11},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				pg, err := payments.ListPage(ctx, s, councilA, bc.f)
				if err != nil || len(pg.Payments) != bc.want {
					b.Fatalf("ListPage = %d payments, %v; want %d", len(pg.Payments), err, bc.want)
				}
			}
		})
	}
}
