package sqlite

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

// There is no row-level security in SQLite, so these tests are the proof
// that the statements' council conditions keep councils apart: records are
// stored under two councils, and every store method is called with the
// other council's IDs, keys and intakes.

// TestPaymentsWrongCouncilStoreCalls: council A's calls find, change and
// list none of council B's payments, events, refunds or webhook records.
func TestPaymentsWrongCouncilStoreCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMigrated(t).Payments()
	pa := paymentstest.NewPayment(councilA, t0)
	pb := paymentstest.NewPayment(councilB, t0)
	pb.Status, pb.CapturedAt, pb.Provider, pb.ProviderID = payments.StatusSuccess, t0, "sandbox", "prov-b"
	pb.Refunds = []payments.Refund{{ID: uuid.NewString(), Amount: payments.Pence(100), Status: payments.RefundSuccess,
		Key: "refund-key", AvailableBefore: pb.Amount, CreatedAt: t0, UpdatedAt: t0}}
	for _, p := range []*payments.Payment{pa, pb} {
		if err := s.Create(ctx, p.Council, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.MarkWebhookSeen(ctx, councilB, "msg-b"); err != nil {
		t.Fatal(err)
	}

	if _, err := s.Get(ctx, councilA, pb.ID); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("Get(A, B's payment): %v, want ErrNotFound", err)
	}
	if _, err := s.GetByIdempotencyKey(ctx, councilA, pb.IdempotencyKey); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("GetByIdempotencyKey(A, B's key): %v, want ErrNotFound", err)
	}
	if _, err := s.GetByProviderID(ctx, councilA, "sandbox", "prov-b"); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("GetByProviderID(A, B's provider ID): %v, want ErrNotFound", err)
	}
	stolen := pb.Clone()
	stolen.Council = councilA
	stolen.Reference = "stolen"
	if err := s.Update(ctx, councilA, stolen); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("Update(A, B's payment ID): %v, want ErrNotFound", err)
	}
	if _, err := payments.Modify(ctx, s, councilA, pb.ID, func(p *payments.Payment) error { p.Reference = "stolen"; return nil }); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("Modify(A, B's payment): %v, want ErrNotFound", err)
	}
	for name, f := range map[string]payments.Filter{
		"all":         {},
		"status":      {Statuses: []payments.Status{payments.StatusSuccess}},
		"captured on": {CapturedOn: calendar.DateOf(t0)},
		"fund":        {FundCode: pb.FundCode},
	} {
		list, err := s.List(ctx, councilA, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list {
			if p.Council != councilA || p.ID == pb.ID {
				t.Errorf("List(A, %s) returned council %s's payment %s", name, p.Council, p.ID)
			}
			if len(p.Refunds) != 0 || len(p.Events) != 1 {
				t.Errorf("List(A, %s): payment %s has %d refunds and %d events, want 0 and 1: another council's children", name, p.ID, len(p.Refunds), len(p.Events))
			}
		}
	}
	// The same webhook message ID is a different record in council A.
	if first, err := s.MarkWebhookSeen(ctx, councilA, "msg-b"); err != nil || !first {
		t.Errorf("MarkWebhookSeen(A, B's message) = %v, %v; want a first sighting", first, err)
	}
	// A council A payment that reuses B's ID, key and provider ID is a
	// different record, and gets none of B's events or refunds.
	twin := pb.Clone()
	twin.Council, twin.Refunds, twin.Version = councilA, nil, 0
	twin.Status = payments.StatusCreated
	if err := s.Create(ctx, councilA, twin); err != nil {
		t.Fatalf("council A creating a payment with B's ID, key and provider ID: %v", err)
	}
	if got, err := s.Get(ctx, councilA, pb.ID); err != nil || len(got.Refunds) != 0 || len(got.Events) != 1 || got.Council != councilA {
		t.Errorf("council A's twin: %+v, %v", got, err)
	}
	got, err := s.Get(ctx, councilB, pb.ID)
	if err != nil || got.Reference != pb.Reference || len(got.Refunds) != 1 || got.Version != 1 || got.Status != payments.StatusSuccess {
		t.Errorf("council B's payment after council A's calls: %+v, %v", got, err)
	}
	if first, err := s.MarkWebhookSeen(ctx, councilB, "msg-b"); err != nil || first {
		t.Errorf("council B's webhook record: first = %v, %v; want it still there", first, err)
	}
}

// TestPlanningWrongCouncilStoreCalls: every planning store method called
// with council A finds, changes and numbers nothing of council B's.
func TestPlanningWrongCouncilStoreCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMigrated(t).Planning()
	b := planningtest.NewApplication(councilB, "b1")
	n, err := s.NextSequence(ctx, councilB, 2026)
	if err != nil || n != 1 {
		t.Fatalf("NextSequence(B) = %d, %v", n, err)
	}
	ref, err := planning.MustParseReferenceFormat("{YY}/{SEQ5}/{TYPE}").Format(2026, n, b.Type)
	if err != nil {
		t.Fatal(err)
	}
	b.Reference = ref
	if err := s.Create(ctx, councilB, b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, councilA, "b1"); !errors.Is(err, planning.ErrNotFound) {
		t.Errorf("Get(A, B's application): %v, want ErrNotFound", err)
	}
	if _, err := s.GetByReference(ctx, councilA, ref); !errors.Is(err, planning.ErrNotFound) {
		t.Errorf("GetByReference(A, B's reference): %v, want ErrNotFound", err)
	}
	stolen := planningtest.NewApplication(councilA, "b1")
	stolen.Version = 1
	if err := s.Update(ctx, councilA, stolen); !errors.Is(err, planning.ErrNotFound) {
		t.Errorf("Update of B's application ID as council A: %v, want ErrNotFound", err)
	}
	for _, f := range []planning.Filter{{}, {State: b.Lifecycle.State}, {Type: b.Type}} {
		if list, err := s.List(ctx, councilA, f); err != nil || len(list) != 0 {
			t.Errorf("List(A, %+v) = %d applications, %v; want none of B's", f, len(list), err)
		}
	}
	if n, err := s.NextSequence(ctx, councilA, 2026); err != nil || n != 1 {
		t.Errorf("council A's first number = %d, %v; want 1, whatever B has taken", n, err)
	}
	// Council A may use B's ID and reference for a record of its own.
	a := planningtest.NewApplication(councilA, "b1")
	a.Reference = ref
	if err := s.Create(ctx, councilA, a); err != nil {
		t.Errorf("council A creating its own b1 with the same reference: %v", err)
	}
	if got, err := s.Get(ctx, councilB, "b1"); err != nil || got.Council != councilB || got.Version != 1 {
		t.Errorf("council B's b1 after council A's calls: %+v, %v", got, err)
	}
	if got, err := s.GetByReference(ctx, councilA, ref); err != nil || got.Council != councilA {
		t.Errorf("council A's own reference: %+v, %v", got, err)
	}
	if n, err := s.NextSequence(ctx, councilB, 2026); err != nil || n != 2 {
		t.Errorf("council B's next number = %d, %v; want 2", n, err)
	}
}

// TestAdmissionsWrongCouncilStoreCalls: council A's calls find, change,
// delete, list, load and overwrite none of council B's applications or
// offers.
func TestAdmissionsWrongCouncilStoreCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMigrated(t).Admissions()
	scheme, apps := admissionstest.Generate(admissionstest.LocalRound())
	scheme.Council = councilB
	apps = apps[:40]
	if err := s.Import(ctx, councilB, apps); err != nil {
		t.Fatal(err)
	}
	res, err := admissions.Allocate(scheme, apps)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveOffers(ctx, councilB, res); err != nil {
		t.Fatal(err)
	}
	id := apps[0].ID
	if _, err := s.Get(ctx, councilA, id); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("Get(A, B's application): %v, want ErrNotFound", err)
	}
	mine, err := s.Get(ctx, councilB, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, councilA, mine); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("Update(A, B's application): %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, councilA, id); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("Delete(A, B's application): %v, want ErrNotFound", err)
	}
	f := admissions.Filter{SchoolYear: scheme.SchoolYear}
	if got, err := s.List(ctx, councilA, admissions.Filter{}); err != nil || len(got) != 0 {
		t.Errorf("List(A) = %d applications, %v; want none of B's", len(got), err)
	}
	if got, err := s.LoadRound(ctx, councilA, f); err != nil || len(got) != 0 {
		t.Errorf("LoadRound(A) = %d applications, %v; want none of B's", len(got), err)
	}
	if got, err := s.Offers(ctx, councilA, scheme.SchoolYear, scheme.EntryYear); err != nil || len(got) != 0 {
		t.Errorf("Offers(A) = %d, %v; want none of B's", len(got), err)
	}
	if _, err := s.SaveOffers(ctx, councilA, res); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("SaveOffers(A, B's result): %v, want ErrNotFound", err)
	}
	// Council A saving its own (empty) result for the same intake must
	// not replace council B's offers, and A may import B's IDs as its own.
	empty := &admissions.Result{Council: councilA, SchoolYear: scheme.SchoolYear, EntryYear: scheme.EntryYear}
	if n, err := s.SaveOffers(ctx, councilA, empty); err != nil || n != 0 {
		t.Fatalf("SaveOffers(A, empty) = %d, %v", n, err)
	}
	copies := make([]admissions.Application, 3)
	copy(copies, apps[:3])
	if err := s.Import(ctx, councilA, copies); err != nil {
		t.Errorf("council A importing applications with B's IDs: %v", err)
	}
	if err := s.Delete(ctx, councilA, id); err != nil {
		t.Errorf("council A deleting its own copy: %v", err)
	}
	if got, err := s.Offers(ctx, councilB, scheme.SchoolYear, scheme.EntryYear); err != nil || len(got) != len(apps) {
		t.Errorf("council B's offers after council A's calls: %d, %v; want %d", len(got), err, len(apps))
	}
	if got, err := s.LoadRound(ctx, councilB, f); err != nil || len(got) != len(apps) {
		t.Errorf("council B's applications: %d, %v; want %d", len(got), err, len(apps))
	}
	if got, err := s.Get(ctx, councilB, id); err != nil || got.Version != 1 {
		t.Errorf("council B's application after council A's calls: %+v, %v", got, err)
	}
}
