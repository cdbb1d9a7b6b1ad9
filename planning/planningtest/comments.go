package planningtest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/planning"
)

// CommentRecorded is the time NewComment's comments are recorded.
var CommentRecorded = time.Date(2025, 6, 20, 14, 0, 0, 0, time.UTC)

// NewComment returns a valid neighbour's objection for council c, with the
// given ID, on application appID: received on 20 June 2025, within a
// period ending on 23 June 2025, and recorded by an officer.
func NewComment(c councilkit.Council, id, appID string) *planning.Comment {
	return &planning.Comment{
		ID:            id,
		Council:       c,
		ApplicationID: appID,
		Kind:          planning.CommentNeighbour,
		Commenter: planning.Commenter{
			Name: "Bea Neighbour",
			Address: identity.Address{Lines: []string{"42 Stansfield Road"}, Town: "London",
				Postcode: identity.MustParsePostcode("SW9 9RZ")},
		},
		Stance:     planning.StanceObject,
		Text:       "The dormer would overlook our garden.",
		Received:   calendar.MustDate(2025, 6, 20),
		PeriodEnds: calendar.MustDate(2025, 6, 23),
		Recorded:   CommentRecorded,
		RecordedBy: events.Actor{Kind: events.ActorOfficer, ID: "officer-1"},
	}
}

// RunCommentStoreTests runs the conformance suite for CommentStore
// against stores made by newStore, which must return a fresh, empty store
// on each call. The subtests are named as in RunStoreTests.
func RunCommentStoreTests(t *testing.T, newStore func(t *testing.T) planning.CommentStore) {
	ctx := context.Background()

	t.Run("CreateGet", func(t *testing.T) {
		s := newStore(t)
		cm := NewComment(Lambeth, "c1", "a1")
		if err := s.Create(ctx, Lambeth, cm); err != nil {
			t.Fatalf("Create: %v", err)
		}
		got, err := s.Get(ctx, Lambeth, "c1")
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if !reflect.DeepEqual(normaliseComment(got), normaliseComment(cm)) {
			t.Errorf("Get returned\n%#v\nwant\n%#v", *got, *cm)
		}
		if got.Commenter.Name != "Bea Neighbour" || got.Text != cm.Text || !got.InPeriod() {
			t.Errorf("Get lost the commenter, the text or the period: %v", got)
		}
		// A consultee's response without a council, a stance, an address
		// or a recorder is stored for the council of the call and the
		// actor of the context.
		ea := &planning.Comment{ID: "c2", ApplicationID: "a1", Kind: planning.CommentConsultee,
			Commenter: planning.Commenter{Organisation: "Environment Agency"}, Text: "No objection.",
			Received: calendar.MustDate(2025, 6, 30), PeriodEnds: planning.ConsulteeResponseEnd(calendar.MustDate(2025, 6, 9)),
			Recorded: CommentRecorded.Add(time.Hour)}
		officer := events.Actor{Kind: events.ActorOfficer, ID: "officer-7"}
		if err := s.Create(events.WithActor(ctx, officer), Lambeth, ea); err != nil {
			t.Fatalf("Create a consultee's response: %v", err)
		}
		got, err = s.Get(ctx, Lambeth, "c2")
		if err != nil || got.Council != Lambeth || got.RecordedBy != officer || got.Stance != planning.StanceNone || got.InPeriod() {
			t.Errorf("consultee's late response = %v, %v (recorded by %v)", got, err, got.RecordedBy)
		}
	})

	t.Run("Copies", func(t *testing.T) {
		s := newStore(t)
		cm := NewComment(Lambeth, "c1", "a1")
		if err := s.Create(ctx, Lambeth, cm); err != nil {
			t.Fatal(err)
		}
		cm.Commenter.Address.Lines[0] = "changed after Create"
		got, _ := s.Get(ctx, Lambeth, "c1")
		got.Commenter.Address.Lines[0] = "changed after Get"
		list, _ := s.List(ctx, Lambeth, planning.CommentFilter{})
		list[0].Commenter.Address.Lines[0] = "changed after List"
		if again, _ := s.Get(ctx, Lambeth, "c1"); again.Commenter.Address.Lines[0] != "42 Stansfield Road" {
			t.Errorf("store shares memory with callers: %q", again.Commenter.Address.Lines[0])
		}
	})

	t.Run("CouncilIsolation", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, Lambeth, NewComment(Lambeth, "c1", "a1")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, Camden, "c1"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Get with another council: %v", err)
		}
		if list, err := s.List(ctx, Camden, planning.CommentFilter{ApplicationID: "a1"}); err != nil || len(list) != 0 {
			t.Errorf("List for another council = %d, %v", len(list), err)
		}
		if err := s.Create(ctx, Lambeth, NewComment(Camden, "x1", "a1")); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Create through Lambeth of a comment naming Camden: %v", err)
		}
		if _, err := s.Get(ctx, Lambeth, "x1"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("a refused Create stored the comment: %v", err)
		}
		other := NewComment(Camden, "c1", "a1")
		other.Text = "Camden's"
		if err := s.Create(ctx, Camden, other); err != nil {
			t.Errorf("same ID in another council: %v", err)
		}
		if got, _ := s.Get(ctx, Lambeth, "c1"); got == nil || got.Text == "Camden's" {
			t.Errorf("Lambeth's comment became %v", got)
		}
	})

	t.Run("NoCouncil", func(t *testing.T) {
		s := newStore(t)
		var zero councilkit.Council
		if err := s.Create(ctx, Lambeth, NewComment(Lambeth, "c1", "a1")); err != nil {
			t.Fatal(err)
		}
		if err := s.Create(ctx, zero, NewComment(zero, "z1", "a1")); !errors.Is(err, planning.ErrNoCouncil) {
			t.Errorf("Create: %v", err)
		}
		if _, err := s.Get(ctx, zero, "c1"); !errors.Is(err, planning.ErrNoCouncil) {
			t.Errorf("Get: %v", err)
		}
		if _, err := s.List(ctx, zero, planning.CommentFilter{}); !errors.Is(err, planning.ErrNoCouncil) {
			t.Errorf("List: %v", err)
		}
	})

	t.Run("Duplicates", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, Lambeth, NewComment(Lambeth, "c1", "a1")); err != nil {
			t.Fatal(err)
		}
		again := NewComment(Lambeth, "c1", "a1")
		again.Text = "second"
		if err := s.Create(ctx, Lambeth, again); !errors.Is(err, planning.ErrDuplicate) {
			t.Errorf("duplicate ID: %v", err)
		}
		if got, _ := s.Get(ctx, Lambeth, "c1"); got == nil || got.Text == "second" {
			t.Errorf("a refused duplicate replaced the comment: %v", got)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, Lambeth, nil); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("nil comment: %v", err)
		}
		for _, tc := range []struct {
			name   string
			change func(c *planning.Comment)
			field  string
		}{
			{"no ID", func(c *planning.Comment) { c.ID = "" }, "id"},
			{"no application", func(c *planning.Comment) { c.ApplicationID = "" }, "application_id"},
			{"no kind", func(c *planning.Comment) { c.Kind = planning.CommentKindNone }, "kind"},
			{"no stance", func(c *planning.Comment) { c.Stance = planning.StanceNone }, "stance"},
			{"no text", func(c *planning.Comment) { c.Text = "  " }, "text"},
			{"no address", func(c *planning.Comment) { c.Commenter.Address = identity.Address{} }, "commenter.address"},
			{"no recorded time", func(c *planning.Comment) { c.Recorded = time.Time{} }, "recorded"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := NewComment(Lambeth, "c1", "a1")
				tc.change(c)
				var ve *councilkit.ValidationError
				if err := s.Create(ctx, Lambeth, c); !errors.As(err, &ve) || !ve.Has(tc.field, "") {
					t.Errorf("Create: %v, want a problem at %s", err, tc.field)
				}
			})
		}
		if list, _ := s.List(ctx, Lambeth, planning.CommentFilter{}); len(list) != 0 {
			t.Errorf("invalid comments were stored: %d", len(list))
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.Get(ctx, Lambeth, "missing"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Get: %v", err)
		}
	})

	t.Run("List", func(t *testing.T) {
		s := newStore(t)
		for i := range 5 {
			c := NewComment(Lambeth, fmt.Sprintf("c%d", i), "a1")
			c.Received = c.Received.AddDays(5 - i)
			if i%2 == 0 {
				c.ApplicationID = "a2"
			}
			if i == 3 {
				c.Kind, c.Stance, c.Commenter = planning.CommentConsultee, planning.StanceNone, planning.Commenter{Organisation: "Highways"}
			}
			if err := s.Create(ctx, Lambeth, c); err != nil {
				t.Fatal(err)
			}
		}
		// The same day is ordered by when it was recorded, then by ID.
		early := NewComment(Lambeth, "z-early", "a1")
		early.Received, early.Recorded = early.Received.AddDays(1), early.Recorded.Add(-time.Hour) // as c4, recorded earlier
		tie := NewComment(Lambeth, "c-tie", "a1")
		tie.Received = tie.Received.AddDays(1) // as c4
		for _, c := range []*planning.Comment{early, tie, NewComment(Camden, "other", "a1")} {
			if err := s.Create(ctx, c.Council, c); err != nil {
				t.Fatal(err)
			}
		}
		all, err := s.List(ctx, Lambeth, planning.CommentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(commentIDs(all)), "[z-early c-tie c4 c3 c2 c1 c0]"; got != want {
			t.Errorf("List = %s, want %s (oldest first, then by recording, ties by ID)", got, want)
		}
		a1, _ := s.List(ctx, Lambeth, planning.CommentFilter{ApplicationID: "a1"})
		if got, want := fmt.Sprint(commentIDs(a1)), "[z-early c-tie c3 c1]"; got != want {
			t.Errorf("application a1's comments = %s, want %s", got, want)
		}
		consultees, _ := s.List(ctx, Lambeth, planning.CommentFilter{ApplicationID: "a1", Kind: planning.CommentConsultee})
		if got, want := fmt.Sprint(commentIDs(consultees)), "[c3]"; got != want {
			t.Errorf("consultees = %s, want %s", got, want)
		}
		two, _ := s.List(ctx, Lambeth, planning.CommentFilter{Limit: 2})
		if got, want := fmt.Sprint(commentIDs(two)), "[z-early c-tie]"; got != want {
			t.Errorf("limit 2 = %s, want %s", got, want)
		}
	})

	t.Run("ConcurrentCreates", func(t *testing.T) {
		s := newStore(t)
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for i := range 10 {
			wg.Add(2)
			go func() {
				defer wg.Done()
				if err := s.Create(ctx, Lambeth, NewComment(Lambeth, fmt.Sprintf("c%d", i), "a1")); err != nil {
					t.Error(err)
				}
			}()
			go func() {
				defer wg.Done()
				switch err := s.Create(ctx, Lambeth, NewComment(Lambeth, "same", "a1")); {
				case err == nil:
					mu.Lock()
					wins++
					mu.Unlock()
				case !errors.Is(err, planning.ErrDuplicate):
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		list, err := s.List(ctx, Lambeth, planning.CommentFilter{})
		if wins != 1 || err != nil || len(list) != 11 {
			t.Errorf("%d creates of one ID won, %d comments listed (%v); want 1 and 11", wins, len(list), err)
		}
	})

	t.Run("CancelledContext", func(t *testing.T) {
		s := newStore(t)
		c, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.Create(c, Lambeth, NewComment(Lambeth, "c1", "a1")); !errors.Is(err, context.Canceled) {
			t.Errorf("Create with a cancelled context: %v", err)
		}
		if _, err := s.Get(ctx, Lambeth, "c1"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("a cancelled Create stored the comment: %v", err)
		}
	})
}

func normaliseComment(c *planning.Comment) *planning.Comment {
	cp := c.Clone()
	cp.Recorded = cp.Recorded.UTC()
	if len(cp.Commenter.Address.Lines) == 0 {
		cp.Commenter.Address.Lines = nil
	}
	return cp
}

func commentIDs(cs []*planning.Comment) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}
