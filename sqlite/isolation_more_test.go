package sqlite

import (
	"context"
	"errors"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/admissions/fsm/fsmtest"
	"github.com/lgds/councilkit/payments/counciltax"
	"github.com/lgds/councilkit/payments/counciltax/counciltaxtest"
	"github.com/lgds/councilkit/webhooks"
	"github.com/lgds/councilkit/webhooks/webhookstest"
)

// TestAdmissionRoundsWrongCouncilStoreCalls: council A's calls find,
// change, publish and list none of council B's rounds, and A's own round
// for the same intake is a different record.
func TestAdmissionRoundsWrongCouncilStoreCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	s := db.AdmissionRounds()
	b := admissionstest.NewRoundRecord(councilB)
	if err := s.Create(ctx, councilB, b); err != nil {
		t.Fatal(err)
	}
	child := b.Places[0].ApplicationID
	if _, err := s.Get(ctx, councilA, b.ID); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("Get(A, B's round): %v, want ErrNotFound", err)
	}
	if _, err := s.OfferFor(ctx, councilA, b.ID, child, admissionstest.RoundOffers); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("OfferFor(A, B's round): %v, want ErrNotFound", err)
	}
	stolen := b.Clone()
	if err := s.Update(ctx, councilA, stolen); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("Update(A, B's round as B's): %v, want ErrNotFound", err)
	}
	stolen.Council = councilA
	if err := stolen.Publish(admissionstest.RoundOffers, "officer-a"); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, councilA, stolen); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("Update(A, B's round ID): %v, want ErrNotFound", err)
	}
	if _, err := admissions.ModifyRound(ctx, s, councilA, b.ID, func(r *admissions.RoundRecord) error {
		return r.Publish(admissionstest.RoundOffers, "officer-a")
	}); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("ModifyRound(A, B's round): %v, want ErrNotFound", err)
	}
	for _, f := range []admissions.RoundFilter{{}, {SchoolYear: b.SchoolYear}} {
		if got, err := s.List(ctx, councilA, f); err != nil || len(got) != 0 {
			t.Errorf("List(A, %+v) = %d rounds, %v; want none of B's", f, len(got), err)
		}
	}
	// Council A's own round for the same intake is its own record: its
	// publication publishes nothing of B's.
	a := admissionstest.NewRoundRecord(councilA)
	if err := s.Create(ctx, councilA, a); err != nil {
		t.Fatalf("council A's own round for the same intake: %v", err)
	}
	if _, err := admissions.ModifyRound(ctx, s, councilA, a.ID, func(r *admissions.RoundRecord) error {
		return r.Publish(admissionstest.RoundOffers, "officer-a")
	}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, councilB, b.ID)
	if err != nil || got.Council != councilB || got.Version != 1 || !got.PublishedAt.IsZero() {
		t.Errorf("council B's round after council A's calls: %+v, %v", got, err)
	}
	if rs, err := db.Events().Subject(ctx, councilB, child); err != nil || len(rs) != 0 {
		t.Errorf("council B's child has %d events after A's publication, %v; want none", len(rs), err)
	}
	if rs, err := db.Events().Subject(ctx, councilA, child); err != nil || len(rs) == 0 {
		t.Errorf("council A's publication recorded no events for its own child: %v", err)
	}
}

// TestFreeSchoolMealsWrongCouncilStoreCalls: council A's calls find,
// decide, delete and list none of council B's records.
func TestFreeSchoolMealsWrongCouncilStoreCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	s := db.FreeSchoolMeals()
	if err := s.Create(ctx, councilB, decidedRecord(t, councilB, "r1")); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, councilB, fsmtest.NewRecord(councilB, "r2")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, councilA, "r1"); !errors.Is(err, fsm.ErrNotFound) {
		t.Errorf("Get(A, B's record): %v, want ErrNotFound", err)
	}
	stolen := fsmtest.NewRecord(councilA, "r2")
	stolen.Version = 1
	if err := s.Update(ctx, councilA, stolen); !errors.Is(err, fsm.ErrNotFound) {
		t.Errorf("Update(A, B's record ID): %v, want ErrNotFound", err)
	}
	mine, err := s.Get(ctx, councilB, "r2")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, councilA, mine); !errors.Is(err, fsm.ErrNotFound) {
		t.Errorf("Update(A, B's record as B's): %v, want ErrNotFound", err)
	}
	if _, err := fsm.Modify(ctx, s, councilA, "r2", func(r *fsm.Record) error {
		return r.Decide(councilkit.NewFixedClock(fsmtest.DecidedAt))
	}); !errors.Is(err, fsm.ErrNotFound) {
		t.Errorf("Modify(A, B's record): %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, councilA, "r1"); !errors.Is(err, fsm.ErrNotFound) {
		t.Errorf("Delete(A, B's record): %v, want ErrNotFound", err)
	}
	for _, f := range []fsm.Filter{{}, {Undecided: true}, {ReviewBy: fsmtest.Today.AddDays(3650)}} {
		if got, err := s.List(ctx, councilA, f); err != nil || len(got) != 0 {
			t.Errorf("List(A, %+v) = %d records, %v; want none of B's", f, len(got), err)
		}
	}
	// Council A may use B's IDs for records of its own, and delete them.
	if err := s.Create(ctx, councilA, decidedRecord(t, councilA, "r1")); err != nil {
		t.Errorf("council A creating its own r1: %v", err)
	}
	if err := s.Delete(ctx, councilA, "r1"); err != nil {
		t.Errorf("council A deleting its own r1: %v", err)
	}
	for _, id := range []string{"r1", "r2"} {
		if got, err := s.Get(ctx, councilB, id); err != nil || got.Council != councilB || got.Version != 1 {
			t.Errorf("council B's %s after council A's calls: %+v, %v", id, got, err)
		}
	}
	if rs, err := db.Events().Subject(ctx, councilB, "r2"); err != nil || len(rs) != 0 {
		t.Errorf("council B's undecided r2 has %d events, %v; want none", len(rs), err)
	}
}

// TestCouncilTaxWrongCouncilStoreCalls: council A's calls find, adjust and
// list none of council B's bills.
func TestCouncilTaxWrongCouncilStoreCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	s := db.CouncilTax()
	b := counciltaxtest.NewBill(councilB, "b1")
	if err := s.Create(ctx, councilB, b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, councilA, "b1"); !errors.Is(err, counciltax.ErrNotFound) {
		t.Errorf("Get(A, B's bill): %v, want ErrNotFound", err)
	}
	stolen := counciltaxtest.NewBill(councilA, "b1")
	stolen.Version = 1
	counciltaxtest.Adjust(t, stolen, counciltaxtest.AdjustedAt)
	if err := s.Update(ctx, councilA, stolen); !errors.Is(err, counciltax.ErrNotFound) {
		t.Errorf("Update(A, B's bill ID): %v, want ErrNotFound", err)
	}
	mine, err := s.Get(ctx, councilB, "b1")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, councilA, mine); !errors.Is(err, counciltax.ErrNotFound) {
		t.Errorf("Update(A, B's bill as B's): %v, want ErrNotFound", err)
	}
	if _, err := counciltax.Modify(ctx, s, councilA, "b1", func(r *counciltax.BillRecord) error {
		counciltaxtest.Adjust(t, r, counciltaxtest.AdjustedAt)
		return nil
	}); !errors.Is(err, counciltax.ErrNotFound) {
		t.Errorf("Modify(A, B's bill): %v, want ErrNotFound", err)
	}
	for _, f := range []counciltax.Filter{{}, {Year: b.Bill.Year}, {Account: b.Account}} {
		if got, err := s.List(ctx, councilA, f); err != nil || len(got) != 0 {
			t.Errorf("List(A, %+v) = %d bills, %v; want none of B's", f, len(got), err)
		}
	}
	// Council A may use B's ID and account reference for its own bill.
	if err := s.Create(ctx, councilA, counciltaxtest.NewBill(councilA, "b1")); err != nil {
		t.Errorf("council A creating its own b1: %v", err)
	}
	got, err := s.Get(ctx, councilB, "b1")
	if err != nil || got.Council != councilB || got.Version != 1 || len(got.Adjustments) != 0 {
		t.Errorf("council B's bill after council A's calls: %+v, %v", got, err)
	}
	if rs, err := db.Events().Subject(ctx, councilB, "b1"); err != nil || len(rs) != 1 {
		t.Errorf("council B's bill has %d events, %v; want its issue only", len(rs), err)
	}
}

// TestWebhooksWrongCouncilStoreCalls: council A's calls find, change,
// delete and list none of council B's endpoints or deliveries.
func TestWebhooksWrongCouncilStoreCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMigrated(t).Webhooks(webhooks.Rules{})
	ep := webhookstest.NewEndpoint(councilB, "ep1")
	if err := s.CreateEndpoint(ctx, councilB, ep); err != nil {
		t.Fatal(err)
	}
	d := webhookstest.NewDelivery(councilB, "ep1", "evt-1")
	if err := s.CreateDelivery(ctx, councilB, d); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetEndpoint(ctx, councilA, "ep1"); !errors.Is(err, webhooks.ErrNotFound) {
		t.Errorf("GetEndpoint(A, B's endpoint): %v, want ErrNotFound", err)
	}
	stolenEP := webhookstest.NewEndpoint(councilA, "ep1")
	stolenEP.URL, stolenEP.Version = "https://attacker.example.com/hooks", 1
	if err := s.UpdateEndpoint(ctx, councilA, stolenEP); !errors.Is(err, webhooks.ErrNotFound) {
		t.Errorf("UpdateEndpoint(A, B's endpoint ID): %v, want ErrNotFound", err)
	}
	if err := s.UpdateEndpoint(ctx, councilA, ep.Clone()); !errors.Is(err, webhooks.ErrNotFound) {
		t.Errorf("UpdateEndpoint(A, B's endpoint as B's): %v, want ErrNotFound", err)
	}
	if err := s.DeleteEndpoint(ctx, councilA, "ep1"); !errors.Is(err, webhooks.ErrNotFound) {
		t.Errorf("DeleteEndpoint(A, B's endpoint): %v, want ErrNotFound", err)
	}
	for _, f := range []webhooks.EndpointFilter{{}, {Type: ep.Types[0]}} {
		if got, err := s.ListEndpoints(ctx, councilA, f); err != nil || len(got) != 0 {
			t.Errorf("ListEndpoints(A, %+v) = %d, %v; want none of B's", f, len(got), err)
		}
	}
	if _, err := s.GetDelivery(ctx, councilA, d.ID); !errors.Is(err, webhooks.ErrNotFound) {
		t.Errorf("GetDelivery(A, B's delivery): %v, want ErrNotFound", err)
	}
	if _, err := s.GetDeliveryOf(ctx, councilA, "ep1", "evt-1"); !errors.Is(err, webhooks.ErrNotFound) {
		t.Errorf("GetDeliveryOf(A, B's endpoint and event): %v, want ErrNotFound", err)
	}
	stolenD := d.Clone()
	stolenD.Council, stolenD.State = councilA, webhooks.Dead
	if err := s.UpdateDelivery(ctx, councilA, stolenD); !errors.Is(err, webhooks.ErrNotFound) {
		t.Errorf("UpdateDelivery(A, B's delivery ID): %v, want ErrNotFound", err)
	}
	for _, f := range []webhooks.DeliveryFilter{{}, {EndpointID: "ep1"}, {EventID: "evt-1"}, {States: []webhooks.DeliveryState{d.State}}} {
		if got, err := s.ListDeliveries(ctx, councilA, f); err != nil || len(got) != 0 {
			t.Errorf("ListDeliveries(A, %+v) = %d, %v; want none of B's", f, len(got), err)
		}
	}
	// Council A's endpoint and delivery with B's IDs are its own records.
	if err := s.CreateEndpoint(ctx, councilA, webhookstest.NewEndpoint(councilA, "ep1")); err != nil {
		t.Errorf("council A's own ep1: %v", err)
	}
	mineD := webhookstest.NewDelivery(councilA, "ep1", "evt-1")
	mineD.ID = d.ID
	if err := s.CreateDelivery(ctx, councilA, mineD); err != nil {
		t.Errorf("council A's own delivery with B's ID: %v", err)
	}
	if err := s.DeleteEndpoint(ctx, councilA, "ep1"); err != nil {
		t.Errorf("council A deleting its own ep1: %v", err)
	}
	if got, err := s.GetEndpoint(ctx, councilB, "ep1"); err != nil || got.Council != councilB || got.Version != 1 || got.URL != ep.URL {
		t.Errorf("council B's endpoint after council A's calls: %+v, %v", got, err)
	}
	if got, err := s.GetDelivery(ctx, councilB, d.ID); err != nil || got.Council != councilB || got.Version != 1 || got.State != d.State {
		t.Errorf("council B's delivery after council A's calls: %+v, %v", got, err)
	}
}
