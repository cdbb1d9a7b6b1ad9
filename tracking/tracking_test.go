package tracking_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/internal/enumtest"
	"github.com/lgds/councilkit/tracking"
)

var (
	durham  = councilkit.MustParseCouncil("E06000047") // County Durham, England
	harrow  = councilkit.MustParseCouncil("E09000015") // Harrow, England
	cardiff = councilkit.MustParseCouncil("W06000015") // Cardiff, Wales
	system  = events.Actor{Kind: events.ActorSystem, ID: "test"}
)

func d(s string) calendar.Date { return calendar.MustParseDate(s) }

// at is 09:00 UTC on day s plus n minutes, so events of one record are in
// order.
func at(s string, n int) time.Time {
	return d(s).Time(time.UTC).Add(9*time.Hour + time.Duration(n)*time.Minute)
}

// ev is one event to record about a subject.
type ev struct {
	typ  events.Type
	when time.Time
	data any
}

// record appends evs about subject, for council c, to log.
func record(t testing.TB, log *events.MemLog, c councilkit.Council, subject string, evs ...ev) {
	t.Helper()
	for _, e := range evs {
		ce, err := events.New(c, e.typ, subject, e.when, system, e.data)
		if err != nil {
			t.Fatal(err)
		}
		if err := log.Append(context.Background(), ce); err != nil {
			t.Fatal(err)
		}
	}
}

func newTracker(t testing.TB, log events.Log) *tracking.Tracker {
	t.Helper()
	tr, err := tracking.New(log, tracking.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func payment(status string, pence int64) events.Payment {
	return events.Payment{PaymentID: "p", Reference: "GW-2027-0042", AmountPence: pence, Status: status, FundCode: "GW100"}
}

func planningApp(state string) events.PlanningApplication {
	return events.PlanningApplication{ApplicationID: "pl", ApplicationType: "pp.full.householder", State: state, Received: d("2026-03-02")}
}

// Every event type, folded alone or after the events that lead to it, gives
// the status, next step and date a resident should see.
func TestTimelineEveryEventType(t *testing.T) {
	validated := planningApp("assessment_in_progress")
	validated.Reference, validated.Valid, validated.DeterminationDue = "26/00123/HOU", d("2026-03-04"), d("2026-04-29")
	consulting := validated
	consulting.ConsultationEnds = d("2026-03-26")
	refused := validated
	refused.Decision, refused.Decided = "refused", d("2026-05-01")
	granted := validated
	granted.Decision, granted.Decided = "granted", d("2026-04-20")
	refusedFull := refused
	refusedFull.ApplicationType = "pp.full"
	refusedLDC := refused
	refusedLDC.ApplicationType = "ldc.proposed"
	appealed := refused
	appealed.AppealGround = "refusal"
	invalid := planningApp("invalid")
	invalid.InvalidReasons = []string{"location_plan"}

	secondary := events.SchoolApplication{ApplicationID: "s", SchoolYear: 2027, EntryYear: "7", Preferences: []string{"100001"}, Received: d("2026-10-20")}
	reception := events.SchoolApplication{ApplicationID: "s", SchoolYear: 2028, EntryYear: "R", Preferences: []string{"100002"}, Received: d("2026-12-10")}
	late := secondary
	late.Received = d("2027-03-05")
	offer := events.SchoolOffer{ApplicationID: "s", School: "100001", Preference: 1, OfferDay: d("2027-03-01"), RespondBy: d("2027-03-15")}
	offerNoRespond := offer
	offerNoRespond.RespondBy = calendar.Date{}

	type want struct {
		status    tracking.Status
		next      string // the English of Next, "" for none
		due       string // "" for none
		reference string
		amount    int64
		refunded  int64
		school    string
		position  int
		decision  string
	}
	tests := []struct {
		name    string
		council councilkit.Council
		service tracking.Service
		evs     []ev
		want    want
	}{
		{"payment created", durham, tracking.ServicePayment,
			[]ev{{events.PaymentCreated, at("2027-02-10", 0), payment("created", 4500)}},
			want{status: tracking.PaymentStarted, next: "If you did not finish paying, you can start again.", reference: "GW-2027-0042", amount: 4500}},
		{"payment succeeded", durham, tracking.ServicePayment,
			[]ev{{events.PaymentCreated, at("2027-02-10", 0), payment("created", 4500)}, {events.PaymentSucceeded, at("2027-02-10", 2), payment("success", 4500)}},
			want{status: tracking.PaymentPaid, reference: "GW-2027-0042", amount: 4500}},
		{"payment failed", durham, tracking.ServicePayment,
			[]ev{{events.PaymentCreated, at("2027-02-10", 0), payment("created", 4500)}, {events.PaymentFailed, at("2027-02-10", 2), payment("failed", 4500)}},
			want{status: tracking.PaymentFailed, next: "No money was taken. You can try again.", reference: "GW-2027-0042", amount: 4500}},
		{"payment cancelled", durham, tracking.ServicePayment,
			[]ev{{events.PaymentCancelled, at("2027-02-10", 2), payment("cancelled", 4500)}},
			want{status: tracking.PaymentCancelled, reference: "GW-2027-0042", amount: 4500}},
		{"payment refunded in part", durham, tracking.ServicePayment,
			[]ev{{events.PaymentSucceeded, at("2027-02-10", 2), payment("success", 4500)},
				{events.PaymentRefunded, at("2027-02-12", 0), events.Refund{PaymentID: "p", Reference: "GW-2027-0042", RefundID: "r1", AmountPence: 1500, RefundedPence: 1500}}},
			want{status: tracking.PaymentPartRefunded, next: "The refund goes back to the card or account you paid with.", reference: "GW-2027-0042", amount: 4500, refunded: 1500}},
		{"payment refunded in full", durham, tracking.ServicePayment,
			[]ev{{events.PaymentSucceeded, at("2027-02-10", 2), payment("success", 4500)},
				{events.PaymentRefunded, at("2027-02-12", 0), events.Refund{PaymentID: "p", Reference: "GW-2027-0042", RefundID: "r1", AmountPence: 1500, RefundedPence: 1500}},
				{events.PaymentRefunded, at("2027-02-13", 0), events.Refund{PaymentID: "p", Reference: "GW-2027-0042", RefundID: "r2", AmountPence: 3000, RefundedPence: 4500}}},
			want{status: tracking.PaymentRefunded, next: "The refund goes back to the card or account you paid with.", reference: "GW-2027-0042", amount: 4500, refunded: 4500}},
		// National offer day: 1 March for secondary, 16 April for primary,
		// or the next working day (SI 2012/8 reg. 30). 16 April 2028 is a
		// Sunday and 17 April Easter Monday, so primary offers are on
		// Tuesday 18 April 2028.
		{"secondary application", durham, tracking.ServiceSchoolApplication,
			[]ev{{events.SchoolApplicationSubmitted, at("2026-10-20", 0), secondary}},
			want{status: tracking.SchoolApplied, next: "We will tell you which school has offered a place on 1 March 2027.", due: "2027-03-01"}},
		{"reception application over Easter", durham, tracking.ServiceSchoolApplication,
			[]ev{{events.SchoolApplicationSubmitted, at("2026-12-10", 0), reception}},
			want{status: tracking.SchoolApplied, next: "We will tell you which school has offered a place on 18 April 2028.", due: "2028-04-18"}},
		{"late application: no offer day", durham, tracking.ServiceSchoolApplication,
			[]ev{{events.SchoolApplicationSubmitted, at("2027-03-05", 0), late}},
			want{status: tracking.SchoolApplied, next: "We will tell you which school has offered a place."}},
		{"application in Wales: no national offer day", cardiff, tracking.ServiceSchoolApplication,
			[]ev{{events.SchoolApplicationSubmitted, at("2026-10-20", 0), secondary}},
			want{status: tracking.SchoolApplied, next: "We will tell you which school has offered a place."}},
		{"offer made", durham, tracking.ServiceSchoolApplication,
			[]ev{{events.SchoolApplicationSubmitted, at("2026-10-20", 0), secondary}, {events.SchoolOfferMade, at("2027-03-01", 0), offer}},
			want{status: tracking.SchoolOffered, next: "Accept or decline the place by 15 March 2027.", due: "2027-03-15", school: "100001"}},
		// Acceptance within two weeks after the offer date (SI 2012/8
		// Sch. 2 para. 1(f)) when the event does not say.
		{"offer made, respond-by worked out", durham, tracking.ServiceSchoolApplication,
			[]ev{{events.SchoolOfferMade, at("2027-03-01", 0), offerNoRespond}},
			want{status: tracking.SchoolOffered, next: "Accept or decline the place by 15 March 2027.", due: "2027-03-15", school: "100001"}},
		{"offer accepted", durham, tracking.ServiceSchoolApplication,
			[]ev{{events.SchoolOfferMade, at("2027-03-01", 0), offer}, {events.SchoolOfferAccepted, at("2027-03-03", 0), offer}},
			want{status: tracking.SchoolAccepted, school: "100001"}},
		{"offer declined", durham, tracking.ServiceSchoolApplication,
			[]ev{{events.SchoolOfferMade, at("2027-03-01", 0), offer}, {events.SchoolOfferDeclined, at("2027-03-03", 0), offer}},
			want{status: tracking.SchoolDeclined, school: "100001"}},
		{"on a waiting list", durham, tracking.ServiceSchoolApplication,
			[]ev{{events.SchoolOfferMade, at("2027-03-01", 0), offer},
				{events.SchoolWaitingListMoved, at("2027-03-02", 0), events.WaitingListMove{ApplicationID: "s", School: "100009", Position: 4}},
				{events.SchoolWaitingListMoved, at("2027-04-02", 0), events.WaitingListMove{ApplicationID: "s", School: "100009", Position: 2, PreviousPosition: 4}}},
			want{status: tracking.SchoolWaitingList, next: "Your child is number 2 on the waiting list. We will contact you if a place becomes available.", school: "100009", position: 2}},
		{"off a waiting list", durham, tracking.ServiceSchoolApplication,
			[]ev{{events.SchoolOfferMade, at("2027-03-01", 0), offer}, {events.SchoolOfferAccepted, at("2027-03-03", 0), offer},
				{events.SchoolWaitingListMoved, at("2027-03-04", 0), events.WaitingListMove{ApplicationID: "s", School: "100009", Position: 4}},
				{events.SchoolWaitingListMoved, at("2027-05-02", 0), events.WaitingListMove{ApplicationID: "s", School: "100009", PreviousPosition: 1}}},
			want{status: tracking.SchoolAccepted, school: "100009"}},
		// Found by FuzzTimeline: a record whose only event takes it off a
		// waiting list had no status.
		{"off a waiting list it was never seen joining", durham, tracking.ServiceSchoolApplication,
			[]ev{{events.SchoolWaitingListMoved, at("2027-05-02", 0), events.WaitingListMove{ApplicationID: "s", School: "100009", PreviousPosition: 1}}},
			want{status: tracking.SchoolApplied, next: "We will tell you which school has offered a place."}},
		{"joined a waiting list first, then left it", durham, tracking.ServiceSchoolApplication,
			[]ev{{events.SchoolWaitingListMoved, at("2027-03-02", 0), events.WaitingListMove{ApplicationID: "s", School: "100009", Position: 4}},
				{events.SchoolWaitingListMoved, at("2027-05-02", 0), events.WaitingListMove{ApplicationID: "s", School: "100009", PreviousPosition: 4}}},
			want{status: tracking.SchoolApplied, next: "We will tell you which school has offered a place.", school: "100009"}},
		{"free school meals: eligible", durham, tracking.ServiceFreeSchoolMeals,
			[]ev{{events.FreeSchoolMealsDecided, at("2026-09-10", 0), events.FreeSchoolMealsDecision{ApplicationID: "f", Eligible: true, Basis: "eligibility_check", Decided: d("2026-09-10"), ReviewOn: d("2027-04-01")}}},
			want{status: tracking.MealsEligible, next: "We will check your child is still eligible on 1 April 2027.", due: "2027-04-01"}},
		{"free school meals: not eligible after eligible", durham, tracking.ServiceFreeSchoolMeals,
			[]ev{{events.FreeSchoolMealsDecided, at("2026-09-10", 0), events.FreeSchoolMealsDecision{ApplicationID: "f", Eligible: true, Decided: d("2026-09-10"), ReviewOn: d("2027-04-01")}},
				{events.FreeSchoolMealsDecided, at("2027-04-01", 0), events.FreeSchoolMealsDecision{ApplicationID: "f", Decided: d("2027-04-01")}}},
			want{status: tracking.MealsNotEligible, next: "If your circumstances change, you can apply again."}},
		{"planning submitted", durham, tracking.ServicePlanningApplication,
			[]ev{{events.PlanningApplicationSubmitted, at("2026-03-02", 0), planningApp("submitted")}},
			want{status: tracking.PlanningReceived, next: "We will check your application and tell you if we need anything else."}},
		{"planning invalid", durham, tracking.ServicePlanningApplication,
			[]ev{{events.PlanningApplicationSubmitted, at("2026-03-02", 0), planningApp("submitted")}, {events.PlanningApplicationInvalid, at("2026-03-03", 0), invalid}},
			want{status: tracking.PlanningInvalid, next: "Send us the information we asked for, so that we can consider your application."}},
		{"planning validated", durham, tracking.ServicePlanningApplication,
			[]ev{{events.PlanningApplicationSubmitted, at("2026-03-02", 0), planningApp("submitted")}, {events.PlanningApplicationValidated, at("2026-03-04", 0), validated}},
			want{status: tracking.PlanningValid, next: "We will decide your application by 29 April 2026.", due: "2026-04-29", reference: "26/00123/HOU", decision: "2026-04-29"}},
		{"planning consultation", durham, tracking.ServicePlanningApplication,
			[]ev{{events.PlanningApplicationValidated, at("2026-03-04", 0), validated}, {events.PlanningConsultationStarted, at("2026-03-05", 0), consulting}},
			want{status: tracking.PlanningConsultation, next: "People can comment on your application until 26 March 2026.", due: "2026-03-26", reference: "26/00123/HOU", decision: "2026-04-29"}},
		{"planning granted", durham, tracking.ServicePlanningApplication,
			[]ev{{events.PlanningApplicationValidated, at("2026-03-04", 0), validated}, {events.PlanningApplicationDetermined, at("2026-04-20", 0), granted}},
			want{status: tracking.PlanningGranted, reference: "26/00123/HOU", decision: "2026-04-29"}},
		// A refused householder application: 12 weeks beginning with the
		// date of the decision notice (DMPO 2015 art. 37(2)(a)).
		{"householder refused", durham, tracking.ServicePlanningApplication,
			[]ev{{events.PlanningApplicationValidated, at("2026-03-04", 0), validated}, {events.PlanningApplicationDetermined, at("2026-05-01", 0), refused}},
			want{status: tracking.PlanningRefused, next: "If you disagree with the decision, you can appeal to the Planning Inspectorate until 23 July 2026.", due: "2026-07-23", reference: "26/00123/HOU", decision: "2026-04-29"}},
		// 6 months (art. 37(2)(d)(i)), or 12 weeks for a minor commercial
		// application (art. 37(2)(a)), which the event cannot tell.
		{"full application refused", durham, tracking.ServicePlanningApplication,
			[]ev{{events.PlanningApplicationDetermined, at("2026-05-01", 0), refusedFull}},
			want{status: tracking.PlanningRefused, next: "If you disagree with the decision, you can appeal to the Planning Inspectorate. Your decision notice says by when.", reference: "26/00123/HOU", decision: "2026-04-29"}},
		{"certificate refused: no appeal limit", durham, tracking.ServicePlanningApplication,
			[]ev{{events.PlanningApplicationDetermined, at("2026-05-01", 0), refusedLDC}},
			want{status: tracking.PlanningRefused, reference: "26/00123/HOU", decision: "2026-04-29"}},
		{"householder refused in Wales: limit not modelled", cardiff, tracking.ServicePlanningApplication,
			[]ev{{events.PlanningApplicationDetermined, at("2026-05-01", 0), refused}},
			want{status: tracking.PlanningRefused, reference: "26/00123/HOU", decision: "2026-04-29"}},
		{"planning appealed", durham, tracking.ServicePlanningApplication,
			[]ev{{events.PlanningApplicationDetermined, at("2026-05-01", 0), refused}, {events.PlanningApplicationAppealed, at("2026-06-01", 0), appealed}},
			want{status: tracking.PlanningAppealed, next: "The Planning Inspectorate will decide your appeal.", reference: "26/00123/HOU", decision: "2026-04-29"}},
	}
	covered := map[events.Type]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log := new(events.MemLog)
			record(t, log, tt.council, "rec-1", tt.evs...)
			tl, err := newTracker(t, log).Timeline(context.Background(), tt.council, []tracking.Ref{{Service: tt.service, ID: "rec-1"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(tl.Items) != 1 || len(tl.Missing) != 0 {
				t.Fatalf("timeline %+v, want one item", tl)
			}
			it := tl.Items[0]
			w := tt.want
			var due, decision calendar.Date
			if w.due != "" {
				due = d(w.due)
			}
			if w.decision != "" {
				decision = d(w.decision)
			}
			got := want{status: it.Status, next: it.Next.English, due: "", reference: it.Reference, amount: it.Amount.Pence(),
				refunded: it.Refunded.Pence(), school: it.School, position: it.Position}
			if !it.Due.IsZero() {
				got.due = it.Due.String()
			}
			if !it.DecisionDue.IsZero() {
				got.decision = it.DecisionDue.String()
			}
			if got != w || it.Due != due || it.DecisionDue != decision {
				t.Errorf("item %+v\n got %+v\nwant %+v", it, got, w)
			}
			if it.Service != tt.service || it.ID != "rec-1" || !it.Changed.Equal(tt.evs[len(tt.evs)-1].when) {
				t.Errorf("item %+v: wrong service, ID or change time", it)
			}
			if (it.Next.English == "") != (it.Next.Welsh == "") || it.Status.Label().Welsh == "" {
				t.Errorf("item %+v lacks Welsh", it)
			}
			if !due.IsZero() && !strings.Contains(it.Next.Welsh, due.Long(councilkit.Welsh)) {
				t.Errorf("Welsh next step %q does not give the date", it.Next.Welsh)
			}
		})
		for _, e := range tt.evs {
			covered[e.typ] = true
		}
	}
	for _, typ := range events.Types() {
		if !covered[typ] && !strings.HasPrefix(typ.Short(), "counciltax.") {
			t.Errorf("no case folds %s", typ.Short())
		}
	}
}

// One resident's records: most recently changed first, each council's
// events only, records with no events of their service missing.
func TestTimelineRecords(t *testing.T) {
	ctx := context.Background()
	log := new(events.MemLog)
	record(t, log, durham, "pay-1", ev{events.PaymentSucceeded, at("2027-02-10", 0), payment("success", 4500)})
	record(t, log, durham, "pay-2", ev{events.PaymentSucceeded, at("2027-02-11", 0), payment("success", 1200)})
	record(t, log, durham, "app-1", ev{events.FreeSchoolMealsDecided, at("2027-02-11", 0), events.FreeSchoolMealsDecision{ApplicationID: "app-1", Eligible: true}})
	// Harrow's record with the same ID as Durham's, and one only Harrow has.
	record(t, log, harrow, "pay-1", ev{events.PaymentRefunded, at("2027-03-01", 0), events.Refund{PaymentID: "pay-1", RefundedPence: 4500}})
	record(t, log, harrow, "pay-9", ev{events.PaymentSucceeded, at("2027-03-01", 0), payment("success", 999)})
	// A planning application whose ID is also a payment's.
	record(t, log, durham, "pay-2", ev{events.PlanningApplicationSubmitted, at("2027-03-02", 0), planningApp("submitted")})

	tl, err := newTracker(t, log).Timeline(ctx, durham, []tracking.Ref{
		{Service: tracking.ServicePayment, ID: "pay-1"},
		{Service: tracking.ServicePayment, ID: "pay-9"},           // Harrow's
		{Service: tracking.ServicePayment, ID: "no-such"},         // absent
		{Service: tracking.ServiceSchoolApplication, ID: "app-1"}, // the wrong service
		{Service: tracking.ServiceFreeSchoolMeals, ID: "app-1"},
		{Service: tracking.ServicePayment, ID: "pay-2"},
		{Service: tracking.ServicePayment, ID: "pay-1"}, // again
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range tl.Items {
		got = append(got, fmt.Sprintf("%s %s %s %d", it.Service, it.ID, it.Status, it.Amount.Pence()))
	}
	// pay-2 and app-1 changed at the same instant: ties go by service.
	want := []string{
		"payment pay-2 payment_paid 1200",
		"free_school_meals app-1 meals_eligible 0",
		"payment pay-1 payment_paid 4500",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("items\n%v\nwant\n%v", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantMissing := []tracking.Ref{
		{Service: tracking.ServicePayment, ID: "pay-9"},
		{Service: tracking.ServicePayment, ID: "no-such"},
		{Service: tracking.ServiceSchoolApplication, ID: "app-1"},
	}
	if !reflect.DeepEqual(tl.Missing, wantMissing) {
		t.Errorf("missing %v, want %v", tl.Missing, wantMissing)
	}

	// No records: an empty timeline.
	tl, err = newTracker(t, log).Timeline(ctx, durham, nil)
	if err != nil || len(tl.Items) != 0 || len(tl.Missing) != 0 {
		t.Errorf("no refs: %+v, %v", tl, err)
	}
}

// fakeLog is a Log that returns what it is given, to test what a Tracker
// does with records a MemLog would never hold.
type fakeLog struct {
	recs []events.Record
	err  error
}

func (l fakeLog) Since(context.Context, int64, int) ([]events.Record, error) { return nil, l.err }
func (l fakeLog) Subject(context.Context, councilkit.Council, string) ([]events.Record, error) {
	return l.recs, l.err
}

func mustEvent(t *testing.T, c councilkit.Council, typ events.Type, subject string, when time.Time, data any) events.Event {
	t.Helper()
	e, err := events.New(c, typ, subject, when, system, data)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Bad input is an error, never a panic; events a Tracker cannot use are
// skipped or reported.
func TestTimelineErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := tracking.New(nil, tracking.Config{}); !errors.Is(err, tracking.ErrConfig) {
		t.Errorf("New(nil) = %v, want ErrConfig", err)
	}
	tr := newTracker(t, new(events.MemLog))
	if _, err := tr.Timeline(ctx, councilkit.Council{}, nil); !errors.Is(err, councilkit.ErrNoCouncil) {
		t.Errorf("zero council: %v", err)
	}
	_, err := tr.Timeline(ctx, durham, []tracking.Ref{{ID: "x"}, {Service: tracking.ServicePayment, ID: " "}, {Service: 99, ID: "y"}})
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 3 || !ve.Has("refs[0].service", councilkit.CodeInvalidChoice) ||
		!ve.Has("refs[1].id", councilkit.CodeRequired) || !ve.Has("refs[2].service", councilkit.CodeInvalidChoice) {
		t.Errorf("bad refs: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := tr.Timeline(cancelled, durham, []tracking.Ref{{Service: tracking.ServicePayment, ID: "x"}}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}

	ref := []tracking.Ref{{Service: tracking.ServicePayment, ID: "pay-1"}}
	paid := mustEvent(t, durham, events.PaymentSucceeded, "pay-1", at("2027-02-10", 0), payment("success", 4500))
	// A known type whose data does not fit its payload.
	bad := paid
	bad.Data = json.RawMessage(`{"amount_pence":"lots"}`)
	if _, err := newTracker(t, fakeLog{recs: []events.Record{{Seq: 1, Event: bad}}}).Timeline(ctx, durham, ref); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("undecodable data: %v, want events.ErrInvalid", err)
	}
	// A later version of a type, another council's event and another
	// subject's, from a log that broke its contract: skipped.
	later := paid
	later.Type = events.TypePrefix + "payment.succeeded.v2"
	other := mustEvent(t, harrow, events.PaymentRefunded, "pay-1", at("2027-02-11", 0), events.Refund{PaymentID: "pay-1", RefundedPence: 4500})
	otherSubject := mustEvent(t, durham, events.PaymentFailed, "pay-2", at("2027-02-11", 0), payment("failed", 4500))
	tl, err := newTracker(t, fakeLog{recs: []events.Record{{Seq: 1, Event: paid}, {Seq: 2, Event: later}, {Seq: 3, Event: other}, {Seq: 4, Event: otherSubject}}}).Timeline(ctx, durham, ref)
	if err != nil || len(tl.Items) != 1 || tl.Items[0].Status != tracking.PaymentPaid || tl.Items[0].Refunded.Pence() != 0 {
		t.Errorf("skipped events: %+v, %v", tl, err)
	}
	tl, err = newTracker(t, fakeLog{recs: []events.Record{{Seq: 2, Event: later}}}).Timeline(ctx, durham, ref)
	if err != nil || len(tl.Items) != 0 || len(tl.Missing) != 1 {
		t.Errorf("only unknown types: %+v, %v", tl, err)
	}
	// The log's error is returned, wrapped.
	boom := errors.New("boom")
	if _, err := newTracker(t, fakeLog{err: boom}).Timeline(ctx, durham, ref); !errors.Is(err, boom) {
		t.Errorf("log error: %v", err)
	}
}

func TestOverdue(t *testing.T) {
	it := tracking.Item{Due: d("2027-03-15")}
	for _, c := range []struct {
		today string
		want  bool
	}{{"2027-03-14", false}, {"2027-03-15", false}, {"2027-03-16", true}} {
		if got := it.Overdue(d(c.today)); got != c.want {
			t.Errorf("Overdue(%s) = %v", c.today, got)
		}
	}
	if (tracking.Item{}).Overdue(d("2027-03-16")) {
		t.Error("an item with no due date is overdue")
	}
}

func TestEnums(t *testing.T) {
	enumtest.RoundTrip[tracking.Service](t, []tracking.Service{tracking.ServiceNone, tracking.ServicePayment,
		tracking.ServiceSchoolApplication, tracking.ServiceFreeSchoolMeals, tracking.ServicePlanningApplication}, nil)
	var statuses []tracking.Status
	for s := tracking.StatusNone; s <= tracking.PlanningAppealed; s++ {
		statuses = append(statuses, s)
		if l := s.Label(); l.English == "" || l.Welsh == "" {
			t.Errorf("%s has no label", s)
		}
	}
	enumtest.RoundTrip[tracking.Status](t, statuses, nil)
	for _, s := range []tracking.Service{tracking.ServicePayment, tracking.ServiceSchoolApplication, tracking.ServiceFreeSchoolMeals, tracking.ServicePlanningApplication} {
		if got, err := tracking.ParseService(s.String()); got != s || err != nil {
			t.Errorf("ParseService(%s) = %v, %v", s, got, err)
		}
		if l := s.Label(); l.English == "" || l.Welsh == "" {
			t.Errorf("%s has no label", s)
		}
	}
	if _, err := tracking.ParseService("none"); err == nil {
		t.Error(`ParseService("none") succeeded`)
	}
	if l := tracking.Status(200).Label(); l != (councilkit.Text{}) {
		t.Errorf("undefined status label %v", l)
	}
	// A Ref reads from JSON with the services' names.
	var r tracking.Ref
	if err := json.Unmarshal([]byte(`{"service":"planning_application","id":"pl-1"}`), &r); err != nil || r != (tracking.Ref{Service: tracking.ServicePlanningApplication, ID: "pl-1"}) {
		t.Errorf("Ref from JSON: %+v, %v", r, err)
	}
}

// BenchmarkTimeline is a resident with 20 records of every service, most
// with four events, in a log that holds only theirs, and in one that also
// holds 2,000 other residents' events (MemLog.Subject reads the whole log;
// a database log reads an index).
func BenchmarkTimeline(b *testing.B) {
	for _, others := range []int{0, 500} {
		b.Run(fmt.Sprintf("others=%d", others*4), func(b *testing.B) { benchmarkTimeline(b, others) })
	}
}

func benchmarkTimeline(b *testing.B, others int) {
	ctx := context.Background()
	log := new(events.MemLog)
	for i := range others {
		record(b, log, durham, fmt.Sprintf("other-%d", i),
			ev{events.PaymentCreated, at("2027-01-01", i), payment("created", 100)},
			ev{events.PaymentSucceeded, at("2027-01-01", i+1), payment("success", 100)},
			ev{events.PaymentRefunded, at("2027-01-02", i), events.Refund{PaymentID: "p", RefundedPence: 50}},
			ev{events.PaymentRefunded, at("2027-01-03", i), events.Refund{PaymentID: "p", RefundedPence: 100}})
	}
	var refs []tracking.Ref
	for i := range 5 {
		id := fmt.Sprintf("pay-%d", i)
		record(b, log, durham, id,
			ev{events.PaymentCreated, at("2027-02-01", i), payment("created", 4500)},
			ev{events.PaymentSucceeded, at("2027-02-01", i+1), payment("success", 4500)},
			ev{events.PaymentRefunded, at("2027-02-02", i), events.Refund{PaymentID: id, RefundedPence: 500}},
			ev{events.PaymentRefunded, at("2027-02-03", i), events.Refund{PaymentID: id, RefundedPence: 900}})
		refs = append(refs, tracking.Ref{Service: tracking.ServicePayment, ID: id})
		id = fmt.Sprintf("school-%d", i)
		record(b, log, durham, id,
			ev{events.SchoolApplicationSubmitted, at("2026-10-20", i), events.SchoolApplication{ApplicationID: id, SchoolYear: 2027, EntryYear: "7", Received: d("2026-10-20")}},
			ev{events.SchoolOfferMade, at("2027-03-01", i), events.SchoolOffer{ApplicationID: id, School: "100001", OfferDay: d("2027-03-01"), RespondBy: d("2027-03-15")}},
			ev{events.SchoolWaitingListMoved, at("2027-03-02", i), events.WaitingListMove{ApplicationID: id, School: "100002", Position: 3}},
			ev{events.SchoolOfferAccepted, at("2027-03-03", i), events.SchoolOffer{ApplicationID: id, School: "100001"}})
		refs = append(refs, tracking.Ref{Service: tracking.ServiceSchoolApplication, ID: id})
		id = fmt.Sprintf("fsm-%d", i)
		record(b, log, durham, id,
			ev{events.FreeSchoolMealsDecided, at("2026-09-01", i), events.FreeSchoolMealsDecision{ApplicationID: id, Eligible: true, ReviewOn: d("2027-04-01")}})
		refs = append(refs, tracking.Ref{Service: tracking.ServiceFreeSchoolMeals, ID: id})
		id = fmt.Sprintf("plan-%d", i)
		p := planningApp("determined")
		p.DeterminationDue, p.ConsultationEnds, p.Decision, p.Decided = d("2026-04-29"), d("2026-03-26"), "refused", d("2026-04-20")
		record(b, log, durham, id,
			ev{events.PlanningApplicationSubmitted, at("2026-03-02", i), p},
			ev{events.PlanningApplicationValidated, at("2026-03-04", i), p},
			ev{events.PlanningConsultationStarted, at("2026-03-05", i), p},
			ev{events.PlanningApplicationDetermined, at("2026-04-20", i), p})
		refs = append(refs, tracking.Ref{Service: tracking.ServicePlanningApplication, ID: id})
	}
	tr := newTracker(b, log)
	b.ReportAllocs()
	for b.Loop() {
		tl, err := tr.Timeline(ctx, durham, refs)
		if err != nil || len(tl.Items) != 20 {
			b.Fatal(len(tl.Items), err)
		}
	}
}
