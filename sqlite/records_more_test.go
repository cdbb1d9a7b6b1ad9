package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/admissions/fsm/fsmtest"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments/counciltax"
	"github.com/lgds/councilkit/payments/counciltax/counciltaxtest"
	"github.com/lgds/councilkit/webhooks"
	"github.com/lgds/councilkit/webhooks/webhookstest"
)

// decidedRecord is fsmtest's record id for council c with its decision
// made.
func decidedRecord(t testing.TB, c councilkit.Council, id string) *fsm.Record {
	t.Helper()
	r := fsmtest.NewRecord(c, id)
	if err := r.Decide(councilkit.NewFixedClock(fsmtest.DecidedAt)); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRecordsEventFailureRollsBack: when the events of a change to a round,
// a free school meals record or a council tax bill cannot be recorded (the
// afterRecord hook, run in the change's transaction after the events'
// INSERT, fails), the change is rolled back with them and the log is
// unchanged; with the hook working, the same changes store their events.
func TestRecordsEventFailureRollsBack(t *testing.T) {
	t.Parallel()
	ctx := events.WithActor(context.Background(), events.Actor{Kind: events.ActorOfficer, ID: "officer-1"})
	db := openMigrated(t)
	c := councilA
	rounds, meals, bills := db.AdmissionRounds(), db.FreeSchoolMeals(), db.CouncilTax()
	rec := admissionstest.NewRoundRecord(c)
	if err := rounds.Create(ctx, c, rec); err != nil {
		t.Fatal(err)
	}
	if err := meals.Create(ctx, c, fsmtest.NewRecord(c, "r1")); err != nil {
		t.Fatal(err)
	}
	if err := bills.Create(ctx, c, counciltaxtest.NewBill(c, "b1")); err != nil {
		t.Fatal(err)
	}
	before := logLen(t, db)
	if before != 1 { // the bill's issue; the round and the undecided record have none
		t.Fatalf("log holds %d events after the creates, want 1", before)
	}
	var fail error
	db.afterRecord = func(context.Context, *sql.Tx, []events.Record) error { return fail }
	fail = errors.New("event log down")

	publish := func(r *admissions.RoundRecord) error { return r.Publish(admissionstest.RoundOffers, "officer-1") }
	if _, err := admissions.ModifyRound(ctx, rounds, c, rec.ID, publish); !errors.Is(err, fail) {
		t.Errorf("round publication: %v, want the hook's error", err)
	}
	if got, err := rounds.Get(ctx, c, rec.ID); err != nil || !got.PublishedAt.IsZero() || got.Version != 1 {
		t.Errorf("the round was published without its events: %v, %v", got.PublishedAt, err)
	}
	if err := meals.Create(ctx, c, decidedRecord(t, c, "r2")); !errors.Is(err, fail) {
		t.Errorf("fsm Create: %v, want the hook's error", err)
	}
	if _, err := meals.Get(ctx, c, "r2"); !errors.Is(err, fsm.ErrNotFound) {
		t.Errorf("a record was created without its event: %v", err)
	}
	decide := func(r *fsm.Record) error { return r.Decide(councilkit.NewFixedClock(fsmtest.DecidedAt)) }
	if _, err := fsm.Modify(ctx, meals, c, "r1", decide); !errors.Is(err, fail) {
		t.Errorf("fsm Modify: %v, want the hook's error", err)
	}
	if r, _ := meals.Get(ctx, c, "r1"); r == nil || r.Decision != nil || r.Version != 1 {
		t.Errorf("a decision was stored without its event: %+v", r)
	}
	if err := bills.Create(ctx, c, counciltaxtest.NewBill(c, "b2")); !errors.Is(err, fail) {
		t.Errorf("counciltax Create: %v, want the hook's error", err)
	}
	if _, err := bills.Get(ctx, c, "b2"); !errors.Is(err, counciltax.ErrNotFound) {
		t.Errorf("a bill was created without its event: %v", err)
	}
	adjust := func(r *counciltax.BillRecord) error {
		counciltaxtest.Adjust(t, r, counciltaxtest.AdjustedAt)
		return nil
	}
	if _, err := counciltax.Modify(ctx, bills, c, "b1", adjust); !errors.Is(err, fail) {
		t.Errorf("counciltax Modify: %v, want the hook's error", err)
	}
	if r, _ := bills.Get(ctx, c, "b1"); r == nil || len(r.Adjustments) != 0 || r.Version != 1 {
		t.Errorf("an adjustment was stored without its event: %+v", r)
	}
	if n := logLen(t, db); n != before {
		t.Errorf("the log holds %d events after refused changes, want %d", n, before)
	}

	fail = nil
	if _, err := admissions.ModifyRound(ctx, rounds, c, rec.ID, publish); err != nil {
		t.Fatal(err)
	}
	if _, err := fsm.Modify(ctx, meals, c, "r1", decide); err != nil {
		t.Fatal(err)
	}
	if _, err := counciltax.Modify(ctx, bills, c, "b1", adjust); err != nil {
		t.Fatal(err)
	}
	want := map[events.Type]bool{events.SchoolOfferMade: true, events.FreeSchoolMealsDecided: true, events.CouncilTaxBillAdjusted: true}
	rs, err := db.Events().Since(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs[before:] {
		delete(want, r.Event.Type)
		if r.Event.Council != c || r.Event.Actor.ID != "officer-1" {
			t.Errorf("event %s: council %s, actor %+v", r.Event.Type, r.Event.Council, r.Event.Actor)
		}
	}
	if len(want) != 0 {
		t.Errorf("events not recorded: %v (log: %v)", want, eventTypes(rs))
	}
}

// TestAdmissionRoundsNotBeforeOfferDay: the table itself refuses a round
// published before national offer day begins in the UK, whatever the code
// above it does: here an UPDATE in SQL that sets published_at to the last
// second before offer day (1 March 2027, Europe/London), then the first.
// Offer day: School Admissions (Admission Arrangements and Co-ordination
// of Admission Arrangements) (England) Regulations 2012 (SI 2012/8),
// regulation 30 (admissionstest.RoundOffers).
func TestAdmissionRoundsNotBeforeOfferDay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	s := db.AdmissionRounds()
	rec := admissionstest.NewRoundRecord(councilA)
	if err := s.Create(ctx, councilA, rec); err != nil {
		t.Fatal(err)
	}
	publish := func(at time.Time) error {
		ts, err := encTime(at)
		if err != nil {
			return err
		}
		return roundError(db.write(ctx, councilA, func(t *tx) error {
			_, err := t.exec(`UPDATE admission_rounds SET published_at = ?2 WHERE council = ?1 AND id = ?3`, ts, rec.ID)
			return err
		}))
	}
	london := calendar.London()
	if err := publish(time.Date(2027, time.February, 28, 23, 59, 59, 0, london)); !errors.Is(err, admissions.ErrBeforeOfferDay) {
		t.Errorf("published_at before offer day: %v, want ErrBeforeOfferDay", err)
	}
	if err := publish(time.Date(2027, time.March, 1, 0, 0, 0, 0, london)); err != nil {
		t.Errorf("published_at at the start of offer day: %v", err)
	}
	// Primary offer day, 16 April (SI 2012/8 regulation 30; for Wales
	// SI 2024/698 (W. 105) regulation 6(1)(a)), falls in British Summer
	// Time: it begins at 23:00 UTC the day before, so the check must use
	// the UK's midnight, not UTC's.
	primary := rec.Clone()
	primary.EntryYear, primary.Phase = admissions.Reception, admissions.Primary
	primary.ID = admissions.RoundID(primary.SchoolYear, primary.EntryYear)
	primary.OfferDay = admissions.NationalOfferDay(admissions.Primary, primary.SchoolYear, nil)
	if primary.OfferDay != calendar.MustDate(2027, time.April, 16) {
		t.Fatalf("primary offer day 2027 = %s", primary.OfferDay)
	}
	if err := s.Create(ctx, councilA, primary); err != nil {
		t.Fatal(err)
	}
	publishPrimary := func(at time.Time) error {
		ts, err := encTime(at)
		if err != nil {
			return err
		}
		return roundError(db.write(ctx, councilA, func(t *tx) error {
			_, err := t.exec(`UPDATE admission_rounds SET published_at = ?2 WHERE council = ?1 AND id = ?3`, ts, primary.ID)
			return err
		}))
	}
	if err := publishPrimary(time.Date(2027, time.April, 15, 23, 59, 59, 0, london)); !errors.Is(err, admissions.ErrBeforeOfferDay) {
		t.Errorf("published_at at 23:59:59 BST the day before primary offer day: %v, want ErrBeforeOfferDay", err)
	}
	if err := publishPrimary(time.Date(2027, time.April, 16, 0, 30, 0, 0, london)); err != nil {
		t.Errorf("published_at at 00:30 BST on primary offer day (23:30 UTC the day before): %v", err)
	}
	// The store's own check comes first, with the same error.
	early := rec.Clone()
	early.PublishedAt = time.Date(2027, time.February, 28, 12, 0, 0, 0, london)
	if err := s.Update(ctx, councilA, early); !errors.Is(err, admissions.ErrBeforeOfferDay) {
		t.Errorf("Update publishing early: %v, want ErrBeforeOfferDay", err)
	}
}

// TestWebhookEndpointLimitConcurrent: 40 registrations released at once
// for a council allowed 5 endpoints: exactly 5 succeed and 35 get
// ErrTooManyEndpoints, since the count and the insert are one write
// transaction and the DB makes one write at a time.
func TestWebhookEndpointLimitConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMigrated(t).Webhooks(webhooks.Rules{MaxEndpoints: 5})
	var (
		wg          sync.WaitGroup
		mu          sync.Mutex
		ok, tooMany int
	)
	start := make(chan struct{})
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			err := s.CreateEndpoint(ctx, councilA, webhookstest.NewEndpoint(councilA, fmt.Sprintf("ep%d", i)))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.Is(err, webhooks.ErrTooManyEndpoints):
				tooMany++
			default:
				t.Error(err)
			}
		}()
	}
	close(start)
	wg.Wait()
	eps, err := s.ListEndpoints(ctx, councilA, webhooks.EndpointFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if ok != 5 || tooMany != 35 || len(eps) != 5 {
		t.Errorf("%d registered, %d refused, %d stored; want 5, 35, 5", ok, tooMany, len(eps))
	}
	// Another council's limit is its own.
	if err := s.CreateEndpoint(ctx, councilB, webhookstest.NewEndpoint(councilB, "ep0")); err != nil {
		t.Errorf("council B's first endpoint: %v", err)
	}
}

// TestRecordsPersonalDataOnlyInBody: the free school meals and council
// tax tables keep names, dates of birth, National Insurance numbers and
// addresses in the JSON body only, never in a column that an index or a
// constraint error could show, and the events recorded hold none of it.
func TestRecordsPersonalDataOnlyInBody(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	r := decidedRecord(t, councilA, "r1")
	if err := db.FreeSchoolMeals().Create(ctx, councilA, r); err != nil {
		t.Fatal(err)
	}
	bill := counciltaxtest.NewBill(councilA, "b1")
	if err := db.CouncilTax().Create(ctx, councilA, bill); err != nil {
		t.Fatal(err)
	}
	secrets := []string{
		r.Application.Parent.Person.FamilyName, r.Application.Parent.Person.GivenNames, r.Application.Child.Person.GivenNames,
		r.Application.Parent.NINO.String(), r.Application.Parent.Person.DateOfBirth.String(), r.Application.Child.Person.DateOfBirth.String(),
		bill.Liable[0].FamilyName, bill.Liable[0].GivenNames, bill.Address.Lines[0], bill.Address.Postcode.String(),
	}
	for table, cols := range map[string]string{
		"fsm_records":      `council, id, received, decided, review_on, version`,
		"counciltax_bills": `council, id, account, year, issued_at, version`,
	} {
		var other, body string
		// Every column but body, as text, and body.
		if err := db.r.QueryRowContext(ctx, `SELECT concat_ws('|', `+cols+`), body FROM `+table).Scan(&other, &body); err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, s := range secrets {
			if strings.Contains(other, s) {
				t.Errorf("%s: a column other than body holds %q: %s", table, s, other)
			}
			if strings.Contains(body, s) {
				found++
			}
		}
		if found == 0 {
			t.Errorf("%s: the body holds none of the personal data, so this test proves nothing", table)
		}
	}
	rs, err := db.Events().Since(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 {
		t.Fatalf("%d events, want the decision's and the bill's", len(rs))
	}
	for _, rec := range rs {
		env := string(rec.Event.Data)
		for _, s := range secrets {
			if strings.Contains(env, s) {
				t.Errorf("event %s holds personal data %q", rec.Event.Type, s)
			}
		}
	}
}

// TestWebhookSenderOnSQLite: the Sender records its attempts in SQLite: a
// receiver that answers 500 then 200 gets the event twice with the same
// webhook-id, the delivery ends delivered with both attempts, a duplicate
// is not sent again, and a replay adds a third (another council's replay
// finds nothing).
func TestWebhookSenderOnSQLite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMigrated(t).Webhooks(webhooks.Rules{AllowLoopbackHTTP: true})
	var (
		mu  sync.Mutex
		ids []string
	)
	secret := webhookstest.MustSecret(webhookstest.SecretA)
	clock := councilkit.NewFixedClock(time.Now().UTC().Truncate(time.Second))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		id, err := webhooks.Verify(r.Header, body, clock.Now(), secret)
		mu.Lock()
		ids = append(ids, id)
		n := len(ids)
		mu.Unlock()
		if err != nil || n == 1 {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	ep := webhookstest.NewEndpoint(councilA, "ledger")
	ep.URL = srv.URL
	if err := s.CreateEndpoint(ctx, councilA, ep); err != nil {
		t.Fatal(err)
	}
	sender, err := webhooks.NewSender(s, webhooks.Config{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := events.New(councilA, events.PaymentSucceeded, "pay_1", clock.Now(), events.Actor{Kind: events.ActorSystem},
		events.Payment{PaymentID: "pay_1", Reference: "R1", AmountPence: 100, Status: "success"})
	if err != nil {
		t.Fatal(err)
	}
	r := events.Record{Seq: 1, Event: ev}
	if err := sender.Handle(ctx, r); !errors.Is(err, webhooks.ErrDeliveryFailed) {
		t.Fatalf("first Handle: %v", err)
	}
	clock.Advance(5 * time.Second)
	if err := sender.Handle(ctx, r); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if err := sender.Handle(ctx, r); err != nil { // a duplicate: not sent again
		t.Fatal(err)
	}
	d, err := s.GetDeliveryOf(ctx, councilA, "ledger", ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.State != webhooks.Delivered || len(d.Attempts) != 2 || d.Attempts[0].Status != 500 || d.Attempts[1].Status != 200 {
		t.Errorf("delivery %v %+v", d.State, d.Attempts)
	}
	if _, err := sender.Replay(ctx, councilA, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := sender.Replay(ctx, councilB, d.ID); !errors.Is(err, webhooks.ErrNotFound) {
		t.Errorf("council B replaying A's delivery: %v", err)
	}
	d, _ = s.GetDelivery(ctx, councilA, d.ID)
	mu.Lock()
	defer mu.Unlock()
	if len(d.Attempts) != 3 || !d.Attempts[2].Replay || len(ids) != 3 || ids[0] != ev.ID || ids[1] != ev.ID || ids[2] != ev.ID {
		t.Errorf("after replay: %+v, receiver saw %v", d.Attempts, ids)
	}
}

// TestAdmissionRoundsConcurrentResponses: parents answering at once
// through ModifyRound lose no answer, and each answer records its event.
func TestAdmissionRoundsConcurrentResponses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	s := db.AdmissionRounds()
	rec := admissionstest.NewRoundRecord(councilA)
	if err := rec.Publish(admissionstest.RoundOffers, "officer-1"); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, councilA, rec); err != nil {
		t.Fatal(err)
	}
	var offered []string
	for _, p := range rec.Places {
		if p.School != 0 {
			offered = append(offered, p.ApplicationID)
		}
	}
	errs := make(chan error, len(offered))
	for _, id := range offered {
		go func() {
			_, err := admissions.ModifyRound(ctx, s, councilA, rec.ID, func(r *admissions.RoundRecord) error {
				_, err := r.Respond(id, true, admissionstest.RoundOffers.Add(time.Hour))
				return err
			})
			errs <- err
		}()
	}
	for range offered {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	got, err := s.Get(ctx, councilA, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != int64(len(offered))+1 {
		t.Errorf("version %d after %d answers", got.Version, len(offered))
	}
	for _, p := range got.Places {
		if p.School != 0 && p.Status != admissions.Accepted {
			t.Errorf("%s: %v, want accepted", p.ApplicationID, p.Status)
		}
	}
	for _, id := range offered {
		rs, err := db.Events().Subject(ctx, councilA, id)
		if err != nil {
			t.Fatal(err)
		}
		if n := countType(rs, events.SchoolOfferAccepted); n != 1 {
			t.Errorf("%s: %d acceptance events, want 1", id, n)
		}
	}
}

func countType(rs []events.Record, typ events.Type) int {
	n := 0
	for _, r := range rs {
		if r.Event.Type == typ {
			n++
		}
	}
	return n
}
