package paymentstest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
)

// runCaseworkTests checks what an officer's lists and audit trail need:
// search by reference and free text, every Sort, keyset pages, and a
// refund's reason and requester kept as they were asked for.
func runCaseworkTests(t *testing.T, newStore func(t *testing.T) payments.Store, t0 time.Time) {
	ctx := context.Background()
	ids := func(ps []*payments.Payment) []string {
		out := make([]string, 0, len(ps))
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	// at returns a payment of Durham created min minutes after t0.
	at := func(min int, ref, desc string, pence int64) *payments.Payment {
		p := NewPayment(Durham, t0.Add(time.Duration(min)*time.Minute))
		p.Reference, p.Description, p.Amount = ref, desc, payments.Pence(pence)
		return p
	}

	// Search: Reference is an exact match; Query a substring of the
	// reference or description ignoring the case of A-Z only, in which
	// LIKE's wildcards and escape are plain text.
	t.Run("ListSearch", func(t *testing.T) {
		s := newStore(t)
		ct1 := at(1, "CT-2026-0042", "Council tax 2026/27", 15000)
		ct2 := at(2, "CT-2026-0042", "Council tax arrears", 2500)
		ct3 := at(3, "ct-2026-0042", "Council tax, lower-case reference", 100)
		gw := at(4, "GW-0001", "Garden waste collection", 4500)
		pct := at(5, "FEE-100%", "Licence fee", 1000)
		pctx := at(6, "FEE-1000", "Licence fee", 1000)
		und := at(7, "A_B", "Underscore", 100)
		undx := at(8, "AXB", "No underscore", 100)
		back := at(9, `PCN\77`, "Penalty charge", 7000)
		cy := at(10, "TY-1", "Treth y Cyngor Ŵyl", 100)
		quote := at(12, "O'BRIEN-1", `Parking "permit"`, 100)
		other := NewPayment(Cardiff, t0)
		other.Reference, other.Description = "CT-2026-0042", "Council tax of another council"
		paid := at(11, "CT-2026-0099", "Council tax 2026/27", 15000)
		paid.Status = payments.StatusSuccess
		all := []*payments.Payment{ct1, ct2, ct3, gw, pct, pctx, und, undx, back, cy, other, paid, quote}
		for _, p := range all {
			if err := s.Create(ctx, p.Council, p); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			name string
			f    payments.Filter
			want []*payments.Payment
		}{
			{"reference, exactly", payments.Filter{Reference: "CT-2026-0042"}, []*payments.Payment{ct1, ct2}},
			{"reference of none", payments.Filter{Reference: "CT-2026"}, nil},
			{"query in the reference, any case", payments.Filter{Query: "ct-2026-00"}, []*payments.Payment{ct1, ct2, ct3, paid}},
			{"query in the description", payments.Filter{Query: "GARDEN"}, []*payments.Payment{gw}},
			{"query and status", payments.Filter{Query: "council tax", Statuses: []payments.Status{payments.StatusSuccess}}, []*payments.Payment{paid}},
			{"query and reference", payments.Filter{Query: "arrears", Reference: "CT-2026-0042"}, []*payments.Payment{ct2}},
			{"% is text", payments.Filter{Query: "100%"}, []*payments.Payment{pct}},
			{"_ is text", payments.Filter{Query: "a_b"}, []*payments.Payment{und}},
			{`\ is text`, payments.Filter{Query: `n\7`}, []*payments.Payment{back}},
			{"letters beyond A-Z match as written", payments.Filter{Query: "Ŵyl"}, []*payments.Payment{cy}},
			{"and are not folded", payments.Filter{Query: "ŵyl"}, nil},
			{"quotes are text", payments.Filter{Query: `o'brien`}, []*payments.Payment{quote}},
			{"double quotes are text", payments.Filter{Query: `"permit"`}, []*payments.Payment{quote}},
			{"SQL is text", payments.Filter{Query: `'; DELETE FROM payments; --`}, nil},
			{"SQL in a reference is text", payments.Filter{Reference: `x' OR '1'='1`}, nil},
			{"no match", payments.Filter{Query: "parking fine"}, nil},
		} {
			got, err := s.List(ctx, Durham, tc.f)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if fmt.Sprint(ids(got)) != fmt.Sprint(ids(tc.want)) {
				t.Errorf("%s: List = %v, want %v", tc.name, ids(got), ids(tc.want))
			}
		}
		if got, _ := s.List(ctx, Durham, payments.Filter{}); len(got) != len(all)-1 {
			t.Errorf("after the searches Durham has %d payments, want %d", len(got), len(all)-1)
		}
		// The other council's payment is found only by its own council.
		if got, _ := s.List(ctx, Cardiff, payments.Filter{Query: "council tax"}); len(got) != 1 || got[0].ID != other.ID {
			t.Errorf("Cardiff's search = %v, want only its own payment", ids(got))
		}
	})

	// Every Sort is a total order, ties broken as Sort.Compare says.
	t.Run("ListSort", func(t *testing.T) {
		s := newStore(t)
		a := at(1, "A", "a", 500)
		b := at(2, "B", "b", 9000)
		c := at(3, "C", "c", 500)
		// Two payments created at the same instant, for the same amount.
		d1, d2 := at(4, "D1", "d", 500), at(4, "D2", "d", 500)
		d1.ID, d2.ID = "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000001"
		e := at(5, "E", "e", 1)
		for _, p := range []*payments.Payment{c, d1, e, a, b, d2} {
			if err := s.Create(ctx, Durham, p); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			sort payments.Sort
			want []*payments.Payment
		}{
			{payments.SortOldest, []*payments.Payment{a, b, c, d2, d1, e}},
			{payments.SortNewest, []*payments.Payment{e, d1, d2, c, b, a}},
			{payments.SortAmountHigh, []*payments.Payment{b, d1, d2, c, a, e}},
			{payments.SortAmountLow, []*payments.Payment{e, a, c, d2, d1, b}},
		} {
			got, err := s.List(ctx, Durham, payments.Filter{Sort: tc.sort})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(ids(got)) != fmt.Sprint(ids(tc.want)) {
				t.Errorf("%v: List = %v, want %v", tc.sort, ids(got), ids(tc.want))
			}
			if !slices.IsSortedFunc(got, tc.sort.Compare) {
				t.Errorf("%v: not in Sort.Compare's order", tc.sort)
			}
		}
		if got, _ := s.List(ctx, Durham, payments.Filter{Sort: payments.SortNewest, Limit: 2}); fmt.Sprint(ids(got)) != fmt.Sprint(ids([]*payments.Payment{e, d1})) {
			t.Errorf("newest two = %v", ids(got))
		}
	})

	// Pages: following Next through every page, in every Sort and with a
	// filter, gives the whole list once, in order; a payment made while
	// paging does not make a page skip or repeat one.
	t.Run("ListPage", func(t *testing.T) {
		s := newStore(t)
		var made []*payments.Payment
		for i := range 11 {
			p := at(i%7, fmt.Sprintf("REF-%02d", i), "Parking permit", int64(100*(i%4)+1))
			if i%3 == 0 {
				p.Description = "Garden waste"
			}
			made = append(made, p)
			if err := s.Create(ctx, Durham, p); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Create(ctx, Cardiff, NewPayment(Cardiff, t0)); err != nil {
			t.Fatal(err)
		}
		for _, sort := range payments.Sorts() {
			for _, f := range []payments.Filter{{Sort: sort, Limit: 3}, {Sort: sort, Limit: 2, Query: "garden"}, {Sort: sort, Limit: 20}} {
				all, err := s.List(ctx, Durham, payments.Filter{Sort: sort, Query: f.Query})
				if err != nil {
					t.Fatal(err)
				}
				var got []*payments.Payment
				pages := 0
				for {
					pg, err := payments.ListPage(ctx, s, Durham, f)
					if err != nil {
						t.Fatalf("%v %q page %d: %v", sort, f.Query, pages+1, err)
					}
					pages++
					if len(pg.Payments) > f.Limit {
						t.Fatalf("%v: a page of %d, limit %d", sort, len(pg.Payments), f.Limit)
					}
					got = append(got, pg.Payments...)
					if pg.Next == "" {
						break
					}
					if pages > 20 {
						t.Fatalf("%v: paging does not end", sort)
					}
					f.After = pg.Next
				}
				if fmt.Sprint(ids(got)) != fmt.Sprint(ids(all)) {
					t.Errorf("%v %q by %d: pages = %v\nwant %v", sort, f.Query, f.Limit, ids(got), ids(all))
				}
				if want := max(1, (len(all)+f.Limit-1)/f.Limit); pages != want {
					t.Errorf("%v %q by %d: %d pages for %d payments, want %d", sort, f.Query, f.Limit, pages, len(all), want)
				}
			}
		}
		// A payment created while paging, before the place reached,
		// does not shift the next page.
		first, err := payments.ListPage(ctx, s, Durham, payments.Filter{Sort: payments.SortOldest, Limit: 4})
		if err != nil {
			t.Fatal(err)
		}
		early := at(0, "EARLY", "Made while an officer paged", 100)
		if err := s.Create(ctx, Durham, early); err != nil {
			t.Fatal(err)
		}
		second, err := payments.ListPage(ctx, s, Durham, payments.Filter{Sort: payments.SortOldest, Limit: 4, After: first.Next})
		if err != nil {
			t.Fatal(err)
		}
		all, _ := s.List(ctx, Durham, payments.Filter{})
		last := first.Payments[3]
		i := slices.IndexFunc(all, func(p *payments.Payment) bool { return p.ID == last.ID })
		if fmt.Sprint(ids(second.Payments)) != fmt.Sprint(ids(all[i+1:i+5])) {
			t.Errorf("second page after a new early payment = %v, want %v", ids(second.Payments), ids(all[i+1:i+5]))
		}
		// The zero Limit is DefaultPageSize: all of these fit.
		if pg, err := payments.ListPage(ctx, s, Durham, payments.Filter{}); err != nil || len(pg.Payments) != len(made)+1 || pg.Next != "" {
			t.Errorf("default page = %d payments, next %q, %v", len(pg.Payments), pg.Next, err)
		}
		// A Durham cursor used for Cardiff lists only Cardiff's.
		if pg, err := payments.ListPage(ctx, s, Cardiff, payments.Filter{After: first.Next}); err != nil {
			t.Errorf("Cardiff's list after a Durham cursor: %v", err)
		} else {
			for _, p := range pg.Payments {
				if p.Council != Cardiff {
					t.Errorf("Cardiff's list holds %v's payment", p.Council)
				}
			}
		}
		if _, err := payments.ListPage(ctx, s, councilkit.Council{}, payments.Filter{}); !errors.Is(err, payments.ErrNoCouncil) {
			t.Errorf("ListPage with no council: %v", err)
		}
	})

	// A filter a store cannot take is refused, by List itself, with every
	// problem; a cursor that is not one is ErrInvalidCursor.
	t.Run("ListInvalidFilter", func(t *testing.T) {
		s := newStore(t)
		p := at(1, "A", "a", 100)
		if err := s.Create(ctx, Durham, p); err != nil {
			t.Fatal(err)
		}
		newest := payments.CursorAfter(payments.SortNewest, p).String()
		for _, tc := range []struct {
			name   string
			f      payments.Filter
			fields []string
			cursor bool
		}{
			{"an undefined sort", payments.Filter{Sort: payments.Sort(200)}, []string{"sort"}, false},
			{"a query with a NUL", payments.Filter{Query: "a\x00b"}, []string{"query"}, false},
			{"a query that is not UTF-8", payments.Filter{Query: "\xff"}, []string{"query"}, false},
			{"a query too long", payments.Filter{Query: fmt.Sprintf("%0*d", payments.MaxQueryLen+1, 0)}, []string{"query"}, false},
			{"a reference with a NUL", payments.Filter{Reference: "\x00"}, []string{"reference"}, false},
			{"a cursor that is not one", payments.Filter{After: "not-a-cursor"}, []string{"after"}, true},
			{"a cursor cut short", payments.Filter{Sort: payments.SortNewest, After: newest[:len(newest)-3]}, []string{"after"}, true},
			{"a cursor of another sort", payments.Filter{Sort: payments.SortOldest, After: newest}, []string{"after"}, true},
			{"every problem at once", payments.Filter{Query: "\x00", Reference: "\xff", After: "x"}, []string{"query", "reference", "after"}, true},
		} {
			for _, list := range []func() error{
				func() error { _, err := s.List(ctx, Durham, tc.f); return err },
				func() error { _, err := payments.ListPage(ctx, s, Durham, tc.f); return err },
			} {
				err := list()
				var ve *councilkit.ValidationError
				if !errors.As(err, &ve) {
					t.Errorf("%s: %v, want a *councilkit.ValidationError", tc.name, err)
					continue
				}
				for _, f := range tc.fields {
					if len(ve.Field(f)) == 0 {
						t.Errorf("%s: no problem with %s in %v", tc.name, f, ve)
					}
				}
				if got := errors.Is(err, payments.ErrInvalidCursor); got != tc.cursor {
					t.Errorf("%s: errors.Is(err, ErrInvalidCursor) = %v", tc.name, got)
				}
			}
		}
		if got, err := s.List(ctx, Durham, payments.Filter{Sort: payments.SortNewest, After: newest}); err != nil || len(got) != 0 {
			t.Errorf("after the only payment: %v, %v", ids(got), err)
		}
	})

	// A refund's reason and requester are stored with it, read back as
	// stored, and never change: they are the audit trail.
	t.Run("RefundAudit", func(t *testing.T) {
		s := newStore(t)
		officer := events.Actor{Kind: events.ActorOfficer, ID: "officer-7"}
		octx := events.WithActor(ctx, officer)
		p := at(1, "CT-1", "Council tax", 5000)
		p.Status, p.CapturedAt = payments.StatusSuccess, p.CreatedAt
		// A payment stored with a refund already made keeps it too.
		p.Refunds = []payments.Refund{{
			ID: "00000000-0000-4000-8000-0000000000a1", Amount: payments.Pence(100), Status: payments.RefundSuccess,
			AvailableBefore: payments.Pence(5000), CreatedAt: p.CreatedAt, UpdatedAt: p.CreatedAt,
			Reason: "Paid twice", RequestedBy: events.Actor{Kind: events.ActorOfficer, ID: "officer-1"},
		}}
		if err := s.Create(octx, Durham, p); err != nil {
			t.Fatal(err)
		}
		reason := payments.RefundReason("Résident paid twice:\nsee payment CT-1 of 3 March — 50% refunded")
		if _, err := payments.Modify(octx, s, Durham, p.ID, func(p *payments.Payment) error {
			p.Refunds = append(p.Refunds, payments.Refund{
				ID: "00000000-0000-4000-8000-0000000000a2", Amount: payments.Pence(2500), Status: payments.RefundSubmitted,
				AvailableBefore: payments.Pence(4900), CreatedAt: t0.Add(time.Hour), UpdatedAt: t0.Add(time.Hour),
				Reason: reason, RequestedBy: officer,
			})
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		// The provider's answer changes the status, not the audit.
		if _, err := payments.Modify(ctx, s, Durham, p.ID, func(p *payments.Payment) error {
			_, err := p.ObserveRefund(payments.Refund{ID: "00000000-0000-4000-8000-0000000000a2", ProviderID: "rf-2", Status: payments.RefundSuccess}, "webhook", t0.Add(2*time.Hour))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, Durham, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Refunds) != 2 {
			t.Fatalf("%d refunds, want 2", len(got.Refunds))
		}
		if r := got.Refunds[0]; r.Reason != "Paid twice" || r.RequestedBy != (events.Actor{Kind: events.ActorOfficer, ID: "officer-1"}) {
			t.Errorf("refund stored with the payment: reason %q, requested by %+v", r.Reason.Text(), r.RequestedBy)
		}
		if r := got.Refunds[1]; r.Reason != reason || r.RequestedBy != officer || r.Status != payments.RefundSuccess || r.ProviderID != "rf-2" {
			t.Errorf("refund added by Update: reason %q, requested by %+v, status %v, provider ID %q", r.Reason.Text(), r.RequestedBy, r.Status, r.ProviderID)
		}
		if list, _ := s.List(ctx, Durham, payments.Filter{Reference: "CT-1"}); len(list) != 1 || list[0].Refunds[1].Reason != reason || list[0].Refunds[1].RequestedBy != officer {
			t.Errorf("List lost the refund's audit: %+v", list)
		}
		for name, edit := range map[string]func(*payments.Refund){
			"reason":    func(r *payments.Refund) { r.Reason = "Something else" },
			"no reason": func(r *payments.Refund) { r.Reason = "" },
			"requester": func(r *payments.Refund) { r.RequestedBy = events.Actor{Kind: events.ActorOfficer, ID: "officer-8"} },
		} {
			cur, _ := s.Get(ctx, Durham, p.ID)
			edit(&cur.Refunds[1])
			if err := s.Update(ctx, Durham, cur); err == nil {
				t.Errorf("Update changing a refund's %s succeeded", name)
			}
		}
		if after, _ := s.Get(ctx, Durham, p.ID); after.Refunds[1].Reason != reason || after.Refunds[1].RequestedBy != officer {
			t.Errorf("a refused Update changed the audit: %+v", after.Refunds[1])
		}
		// The audit trail of the payment's events names who made each
		// change, and no event holds the reason.
		trail, err := events.History(ctx, eventLog(t, s), Durham, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, e := range trail {
			lines = append(lines, e.Type.Short()+" "+string(e.Actor.Kind)+":"+e.Actor.ID)
		}
		want := []string{"payment.created.v1 officer:officer-7", "payment.succeeded.v1 officer:officer-7",
			"payment.refunded.v1 officer:officer-7", "payment.refunded.v1 system:"}
		if fmt.Sprint(lines) != fmt.Sprint(want) {
			t.Errorf("History = %q\nwant %q", lines, want)
		}
		rs, _ := eventLog(t, s).Subject(ctx, Durham, p.ID)
		for _, r := range rs {
			if b := string(r.Event.Data); containsAny(b, "twice", "Paid", "CT-1 of") {
				t.Errorf("event %s carries the refund's reason: %s", r.Event.Type.Short(), b)
			}
		}
	})
}

func containsAny(s string, subs ...string) bool {
	return slices.ContainsFunc(subs, func(sub string) bool { return strings.Contains(s, sub) })
}
