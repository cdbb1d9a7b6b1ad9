package sqlite

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

// TestPaymentStoredLosslessly: every field of a payment comes back as it
// went in: instants to the nanosecond (given in any zone, returned in
// UTC), money to the penny at the top of int64, metadata of every kind,
// events and refunds in order.
func TestPaymentStoredLosslessly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMigrated(t).Payments()
	london := calendar.London()
	at := time.Date(2026, time.March, 29, 1, 59, 59, 123456789, time.UTC).In(london)
	p := paymentstest.NewPayment(councilA, at)
	p.Amount = payments.Pence(1<<62 + 7)
	p.Metadata = payments.Metadata{"s": payments.MetadataString("GW100 £ ‘quoted’ ∑"), "i": payments.MetadataInt(-42), "b": payments.MetadataBool(true)}
	p.Status, p.DelayedCapture, p.Language = payments.StatusSuccess, true, payments.LanguageWelsh
	p.Provider, p.ProviderID, p.NextURL, p.FailureCode = "sandbox", "prov-1", "https://pay.example/next", ""
	p.CapturedAt = at.Add(time.Nanosecond)
	p.SettledAt = at.Add(2 * time.Nanosecond)
	p.UpdatedAt = at.Add(3 * time.Nanosecond)
	p.Events = append(p.Events,
		payments.Event{At: at.Add(4 * time.Nanosecond), Kind: payments.EventStatus, From: payments.StatusCreated, To: payments.StatusSuccess, Source: "webhook", Detail: "d"},
		payments.Event{Kind: payments.EventStatus}) // no time: stored as NULL, read as zero
	p.Refunds = []payments.Refund{
		{ID: uuid.NewString(), ProviderID: "r1", Amount: payments.Pence(3), Status: payments.RefundSuccess, Key: "k1",
			AvailableBefore: p.Amount, CreatedAt: at.Add(5 * time.Nanosecond), UpdatedAt: at.Add(6 * time.Nanosecond)},
		{ID: uuid.NewString(), Amount: payments.Pence(4), Status: payments.RefundSubmitted,
			AvailableBefore: payments.Pence(1<<62 + 4), CreatedAt: at, UpdatedAt: at},
	}
	if err := s.Create(ctx, councilA, p); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, councilA, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := utcPayment(p)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stored and read back:\n got %+v\nwant %+v", got, want)
	}
	list, err := s.List(ctx, councilA, payments.Filter{})
	if err != nil || len(list) != 1 || !reflect.DeepEqual(list[0], want) {
		t.Errorf("List: %+v, %v", list, err)
	}
}

// utcPayment is p with every instant in UTC, as a store returns it.
func utcPayment(p *payments.Payment) *payments.Payment {
	c := p.Clone()
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if !c.CapturedAt.IsZero() {
		c.CapturedAt = c.CapturedAt.UTC()
	}
	if !c.SettledAt.IsZero() {
		c.SettledAt = c.SettledAt.UTC()
	}
	for i := range c.Events {
		if !c.Events[i].At.IsZero() {
			c.Events[i].At = c.Events[i].At.UTC()
		}
	}
	for i := range c.Refunds {
		c.Refunds[i].CreatedAt, c.Refunds[i].UpdatedAt = c.Refunds[i].CreatedAt.UTC(), c.Refunds[i].UpdatedAt.UTC()
	}
	return c
}

// TestListDaysAreUKDays: List's From, To and CapturedOn are UK civil days,
// so a payment made at 23:30 UTC on 31 March 2026, 00:30 on 1 April in
// British Summer Time, belongs to 1 April. BST began at 01:00 GMT on
// Sunday 29 March 2026: the last Sunday in March (Summer Time Order 2002,
// SI 2002/262, article 2(2)).
func TestListDaysAreUKDays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMigrated(t).Payments()
	late := paymentstest.NewPayment(councilA, time.Date(2026, time.March, 31, 23, 30, 0, 0, time.UTC))
	late.Status, late.CapturedAt = payments.StatusSuccess, late.CreatedAt
	before := paymentstest.NewPayment(councilA, time.Date(2026, time.March, 31, 22, 59, 59, 999999999, time.UTC))
	for _, p := range []*payments.Payment{late, before} {
		if err := s.Create(ctx, councilA, p); err != nil {
			t.Fatal(err)
		}
	}
	april1 := calendar.MustDate(2026, time.April, 1)
	march31 := calendar.MustDate(2026, time.March, 31)
	for name, tc := range map[string]struct {
		f    payments.Filter
		want []string
	}{
		"from 1 April":     {payments.Filter{From: april1}, []string{late.ID}},
		"to 31 March":      {payments.Filter{To: march31}, []string{before.ID}},
		"captured 1 April": {payments.Filter{CapturedOn: april1}, []string{late.ID}},
		"captured 31 Mar":  {payments.Filter{CapturedOn: march31}, nil},
	} {
		got, err := s.List(ctx, councilA, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, p := range got {
			ids = append(ids, p.ID)
		}
		if !reflect.DeepEqual(ids, tc.want) {
			t.Errorf("%s: %v, want %v", name, ids, tc.want)
		}
	}
}

// TestTimeOutsideStoredRangeRefused: an instant after the year 9999 cannot
// be stored in sortable text, so it is refused with an error and nothing is
// stored, rather than stored out of order.
func TestTimeOutsideStoredRangeRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	p := paymentstest.NewPayment(councilA, time.Date(10000, time.January, 1, 0, 0, 0, 0, time.UTC))
	if err := db.Payments().Create(ctx, councilA, p); err == nil {
		t.Error("Create of a payment made in the year 10000 succeeded")
	}
	if _, err := db.Payments().Get(ctx, councilA, p.ID); err == nil {
		t.Error("the refused payment was stored")
	}
	a := planningtest.NewApplication(councilA, "far")
	a.SubmittedAt = time.Date(-1, time.January, 1, 0, 0, 0, 0, time.UTC)
	if err := db.Planning().Create(ctx, councilA, a); err == nil {
		t.Error("Create of an application submitted in 2 BC succeeded")
	}
	// The first instant of year 1 is in range and round-trips.
	first := time.Date(1, time.January, 1, 0, 0, 0, 1, time.UTC)
	y1 := paymentstest.NewPayment(councilA, first)
	if err := db.Payments().Create(ctx, councilA, y1); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Payments().Get(ctx, councilA, y1.ID); err != nil || !got.CreatedAt.Equal(first) {
		t.Errorf("CreatedAt in year 1: %v, %v", got.CreatedAt, err)
	}
	// A payment created at no time at all has no time for its created
	// event (payments.ChangeEvents): it is refused, as by every store, and
	// nothing is stored.
	z := paymentstest.NewPayment(councilA, time.Time{})
	if err := db.Payments().Create(ctx, councilA, z); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("zero CreatedAt: %v, want events.ErrInvalid", err)
	}
	if _, err := db.Payments().Get(ctx, councilA, z.ID); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("the refused payment: %v", err)
	}
}

// TestPlanningBodyKeptAsGiven: the application document is stored as
// text, so it reads back equal, with its submission time to the
// nanosecond.
func TestPlanningBodyKeptAsGiven(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMigrated(t).Planning()
	a := planningtest.NewApplication(councilA, "p1")
	a.SubmittedAt = time.Date(2026, time.June, 1, 10, 0, 0, 987654321, time.UTC)
	a.Received = calendar.MustDate(2026, time.June, 2)
	if err := s.Create(ctx, councilA, a); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, councilA, "p1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, a) {
		t.Errorf("read back:\n got %+v\nwant %+v", got, a)
	}
	if list, err := s.List(ctx, councilA, planning.Filter{}); err != nil || len(list) != 1 || !reflect.DeepEqual(list[0], a) {
		t.Errorf("List: %+v, %v", list, err)
	}
}
