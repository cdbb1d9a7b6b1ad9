// Package planningtest is the conformance suite every planning.Store must
// pass: the in-memory store, the PostgreSQL store and any store a supplier
// writes. A store's own tests call RunStoreTests with a function that
// returns a fresh, empty store; NewApplication builds a valid application
// for further tests:
//
//	func TestMemStore(t *testing.T) {
//		planningtest.RunStoreTests(t, func(t *testing.T) planning.Store {
//			return planning.NewMemStore()
//		})
//	}
//
// RunDocumentStoreTests and RunCommentStoreTests are the suites of a
// planning.DocumentStore and a planning.CommentStore, with their builders
// NewDocumentFile and NewComment, and SamplePDF, SamplePNG and SampleJPEG
// make files to upload.
//
// The store must also record its changes' events (planning.ChangeEvents)
// with them and say where (events.Recorder): the Events subtests check the
// events' types, council, subject, actor, time and schemas, that a refused
// change records none, and that no council's events appear under another's.
package planningtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/planning"
)

// Councils used by the suite: two London boroughs, so that isolation
// between councils is tested.
var (
	Lambeth = councilkit.MustParseCouncil("E09000022")
	Camden  = councilkit.MustParseCouncil("E09000007")
)

// NewApplication returns a complete householder application for council c
// with the given ID, valid under planning's national requirements.
func NewApplication(c councilkit.Council, id string) *planning.Application {
	pc := identity.MustParsePostcode("SW9 9RZ")
	return &planning.Application{
		ID:      id,
		Council: c,
		Type:    planning.TypeHouseholder,
		Applicant: planning.Party{
			Type: "individual", GivenNames: "Ann", FamilyName: "Example",
			Contact:           identity.Contact{Email: "ann@example.com", Phone: "020 7946 0000"},
			SameAddressAsSite: true,
		},
		UserRole: "applicant",
		Site: planning.Site{
			Address: identity.Address{
				Lines: []string{"40 Stansfield Road"}, Town: "London", Postcode: pc,
				UPRN:   identity.MustParseUPRN("100021892955"),
				Grid:   identity.GridPoint{Easting: 530787, Northing: 175754},
				LatLon: identity.LatLon{Lat: 51.4656522, Lon: -0.1185926},
			},
			Title: "40, STANSFIELD ROAD, LONDON",
			// The boundary of the schemas' householder example; its area
			// as planning.BoundaryAreaM2 works it out.
			RedLine: []byte(`{"type":"Polygon","coordinates":[[[-0.1186569035053321,51.465703531871384],` +
				`[-0.1185938715934822,51.465724418998775],[-0.1184195280075143,51.46552473766957],` +
				`[-0.11848390102387167,51.4655038504508],[-0.1186569035053321,51.465703531871384]]]}`),
			RedLineAreaM2: 125.92,
			Designations:  []string{"designated.conservationArea"},
		},
		Proposal:    planning.Proposal{Description: "Rear dormer roof extension", ProjectTypes: []string{"extend.roof.dormer"}},
		Ownership:   planning.Ownership{Certificate: planning.CertificateA, Interest: "owner.sole"},
		Declaration: planning.Declaration{Accurate: true, Connection: "none"},
		Documents: []planning.Document{
			{Name: "plans.pdf", Types: []planning.DocumentType{planning.DocLocationPlan, planning.DocSitePlanProposed,
				planning.DocElevationsProposed, planning.DocFloorPlanProposed}},
		},
		Fee:         planning.Fee{Calculated: payments.Pounds(528), Payable: payments.Pounds(528), Paid: true},
		SubmittedAt: time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC),
		Received:    calendar.MustDate(2025, 6, 2),
	}
}

// RunStoreTests runs the conformance suite against stores made by newStore,
// which must return a fresh, empty store on each call. The subtests are
// named as in paymentstest and admissionstest.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) planning.Store) {
	ctx := context.Background()
	refFormat := planning.MustParseReferenceFormat("{YY}/{SEQ5}/{TYPE}")

	t.Run("CreateGet", func(t *testing.T) {
		s := newStore(t)
		a := NewApplication(Lambeth, "a1")
		if err := s.Create(ctx, Lambeth, a); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if a.Version != 1 {
			t.Errorf("Create set Version %d, want 1", a.Version)
		}
		got, err := s.Get(ctx, Lambeth, "a1")
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if !reflect.DeepEqual(normalise(got), normalise(a)) {
			t.Errorf("Get returned\n%+v\nwant\n%+v", got, a)
		}
		// An application without a council is stored for the council of
		// the call.
		b := NewApplication(councilkit.Council{}, "b1")
		if err := s.Create(ctx, Lambeth, b); err != nil {
			t.Fatalf("Create without a Council field: %v", err)
		}
		if got, err := s.Get(ctx, Lambeth, "b1"); err != nil || got.Council != Lambeth || b.Council != Lambeth {
			t.Errorf("application created without a council: %v, %v; caller's copy %v", got, err, b.Council)
		}
	})

	t.Run("Copies", func(t *testing.T) {
		s := newStore(t)
		a := NewApplication(Lambeth, "a1")
		if err := s.Create(ctx, Lambeth, a); err != nil {
			t.Fatal(err)
		}
		a.Proposal.Description = "changed after Create"
		a.Documents[0].Types[0] = planning.DocHeritageStatement
		got, _ := s.Get(ctx, Lambeth, "a1")
		got.Site.Address.Lines[0] = "changed after Get"
		list, _ := s.List(ctx, Lambeth, planning.Filter{})
		list[0].Proposal.ProjectTypes[0] = "changed after List"
		upd, _ := s.Get(ctx, Lambeth, "a1")
		if err := s.Update(ctx, Lambeth, upd); err != nil {
			t.Fatal(err)
		}
		upd.Site.Designations[0] = "changed after Update"
		again, _ := s.Get(ctx, Lambeth, "a1")
		if again.Proposal.Description != "Rear dormer roof extension" ||
			again.Documents[0].Types[0] != planning.DocLocationPlan ||
			again.Site.Address.Lines[0] != "40 Stansfield Road" ||
			again.Proposal.ProjectTypes[0] != "extend.roof.dormer" ||
			again.Site.Designations[0] != "designated.conservationArea" {
			t.Errorf("store shares memory with callers: %+v", again)
		}
	})

	t.Run("CouncilIsolation", func(t *testing.T) {
		s := newStore(t)
		a := NewApplication(Lambeth, "a1")
		a.Reference, _ = refFormat.Format(2025, 1, a.Type)
		if err := s.Create(ctx, Lambeth, a); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, Camden, "a1"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Get with another council: %v", err)
		}
		if _, err := s.GetByReference(ctx, Camden, a.Reference); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("GetByReference with another council: %v", err)
		}
		list, err := s.List(ctx, Camden, planning.Filter{})
		if err != nil || len(list) != 0 {
			t.Errorf("List for another council = %d, %v", len(list), err)
		}
		// Lambeth's application, saved through Camden, is not found.
		mine, _ := s.Get(ctx, Lambeth, "a1")
		mine.Proposal.Description = "stolen"
		if err := s.Update(ctx, Camden, mine); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Update of Lambeth's application through Camden: %v", err)
		}
		other := mine.Clone()
		other.Council = Camden
		if err := s.Update(ctx, Lambeth, other); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Update through Lambeth of an application naming Camden: %v", err)
		}
		if err := s.Create(ctx, Lambeth, NewApplication(Camden, "c1")); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Create through Lambeth of an application naming Camden: %v", err)
		}
		if _, err := s.Get(ctx, Lambeth, "c1"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("a refused Create stored the application: %v", err)
		}
		// The same ID and reference may exist in another council.
		b := NewApplication(Camden, "a1")
		b.Reference = a.Reference
		if err := s.Create(ctx, Camden, b); err != nil {
			t.Errorf("same ID in another council: %v", err)
		}
		got, _ := s.Get(ctx, Lambeth, "a1")
		if got == nil || got.Council != Lambeth || got.Proposal.Description == "stolen" || got.Version != 1 {
			t.Errorf("Lambeth's application became %+v", got)
		}
	})

	t.Run("NoCouncil", func(t *testing.T) {
		s := newStore(t)
		var zero councilkit.Council
		if err := s.Create(ctx, Lambeth, NewApplication(Lambeth, "a1")); err != nil {
			t.Fatal(err)
		}
		ref, _ := refFormat.Format(2025, 1, planning.TypeHouseholder)
		if err := s.Create(ctx, zero, NewApplication(zero, "z1")); !errors.Is(err, planning.ErrNoCouncil) {
			t.Errorf("Create: %v", err)
		}
		if _, err := s.Get(ctx, zero, "a1"); !errors.Is(err, planning.ErrNoCouncil) {
			t.Errorf("Get: %v", err)
		}
		if _, err := s.GetByReference(ctx, zero, ref); !errors.Is(err, planning.ErrNoCouncil) {
			t.Errorf("GetByReference: %v", err)
		}
		if err := s.Update(ctx, zero, NewApplication(Lambeth, "a1")); !errors.Is(err, planning.ErrNoCouncil) {
			t.Errorf("Update: %v", err)
		}
		if _, err := s.List(ctx, zero, planning.Filter{}); !errors.Is(err, planning.ErrNoCouncil) {
			t.Errorf("List: %v", err)
		}
		if _, err := s.NextSequence(ctx, zero, 2025); !errors.Is(err, planning.ErrNoCouncil) {
			t.Errorf("NextSequence: %v", err)
		}
		if !errors.Is(planning.ErrNoCouncil, councilkit.ErrNoCouncil) || !errors.Is(planning.ErrNotFound, councilkit.ErrNotFound) {
			t.Error("the store errors are not councilkit's")
		}
	})

	t.Run("Duplicates", func(t *testing.T) {
		s := newStore(t)
		a := NewApplication(Lambeth, "a1")
		a.Reference, _ = refFormat.Format(2025, 1, a.Type)
		if err := s.Create(ctx, Lambeth, a); err != nil {
			t.Fatal(err)
		}
		if err := s.Create(ctx, Lambeth, NewApplication(Lambeth, "a1")); !errors.Is(err, planning.ErrDuplicate) {
			t.Errorf("duplicate ID: %v", err)
		}
		b := NewApplication(Lambeth, "b1")
		b.Reference = a.Reference
		if err := s.Create(ctx, Lambeth, b); !errors.Is(err, planning.ErrDuplicate) {
			t.Errorf("duplicate reference: %v", err)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, Lambeth, NewApplication(Lambeth, "")); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("no ID: %v", err)
		}
		if err := s.Create(ctx, Lambeth, nil); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("nil application: %v", err)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.Get(ctx, Lambeth, "missing"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Get: %v", err)
		}
		ref, _ := refFormat.Format(2025, 1, planning.TypeHouseholder)
		if _, err := s.GetByReference(ctx, Lambeth, ref); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("GetByReference: %v", err)
		}
		if _, err := s.GetByReference(ctx, Lambeth, planning.Reference{}); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("GetByReference of no reference: %v", err)
		}
		if err := s.Update(ctx, Lambeth, NewApplication(Lambeth, "missing")); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Update: %v", err)
		}
	})

	t.Run("UpdateConflict", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, Lambeth, NewApplication(Lambeth, "a1")); err != nil {
			t.Fatal(err)
		}
		first, _ := s.Get(ctx, Lambeth, "a1")
		second, _ := s.Get(ctx, Lambeth, "a1")
		at := time.Date(2025, 6, 3, 10, 0, 0, 0, time.UTC)
		if err := first.Lifecycle.Move(planning.Transition{To: planning.StateSubmitted, By: "officer-1", At: at}); err != nil {
			t.Fatal(err)
		}
		if err := s.Update(ctx, Lambeth, first); err != nil {
			t.Fatalf("Update: %v", err)
		}
		if first.Version != 2 {
			t.Errorf("Version after update = %d", first.Version)
		}
		second.Proposal.Description = "stale"
		if err := s.Update(ctx, Lambeth, second); !errors.Is(err, planning.ErrConflict) {
			t.Errorf("stale update: %v", err)
		}
		got, _ := s.Get(ctx, Lambeth, "a1")
		if got.Lifecycle.State != planning.StateSubmitted || got.Proposal.Description == "stale" || len(got.Lifecycle.History) != 1 {
			t.Errorf("after updates: %+v", got.Lifecycle)
		}
		if h := got.Lifecycle.History[0]; h.By != "officer-1" || !h.At.Equal(at) {
			t.Errorf("transition not kept: %+v", h)
		}
	})

	t.Run("FailedUpdateChangesNothing", func(t *testing.T) {
		s := newStore(t)
		a := NewApplication(Lambeth, "a1")
		if err := s.Create(ctx, Lambeth, a); err != nil {
			t.Fatal(err)
		}
		taken := NewApplication(Lambeth, "b1")
		taken.Reference, _ = refFormat.Format(2025, 9, taken.Type)
		if err := s.Create(ctx, Lambeth, taken); err != nil {
			t.Fatal(err)
		}
		stale, _ := s.Get(ctx, Lambeth, "a1")
		fresh, _ := s.Get(ctx, Lambeth, "a1")
		if err := s.Update(ctx, Lambeth, fresh); err != nil {
			t.Fatal(err)
		}
		stale.Proposal.Description = "stale"
		if err := s.Update(ctx, Lambeth, stale); !errors.Is(err, planning.ErrConflict) {
			t.Fatalf("stale Update: %v", err)
		}
		if stale.Version != 1 {
			t.Errorf("a failed Update changed the caller's Version to %d", stale.Version)
		}
		fresh.Reference = taken.Reference
		fresh.Proposal.Description = "lost"
		if err := s.Update(ctx, Lambeth, fresh); !errors.Is(err, planning.ErrDuplicate) {
			t.Errorf("Update to a taken reference: %v", err)
		}
		if fresh.Version != 2 {
			t.Errorf("a refused Update changed the caller's Version to %d", fresh.Version)
		}
		got, _ := s.Get(ctx, Lambeth, "a1")
		if got.Version != 2 || got.Proposal.Description != "Rear dormer roof extension" || !got.Reference.IsZero() {
			t.Errorf("a failed Update changed the application: version %d, %q, %v", got.Version, got.Proposal.Description, got.Reference)
		}
		boom := errors.New("boom")
		if _, err := planning.Modify(ctx, s, Lambeth, "a1", func(a *planning.Application) error {
			a.Proposal.Description = "lost"
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("Modify with a failing fn: %v", err)
		}
		if got, _ := s.Get(ctx, Lambeth, "a1"); got.Version != 2 || got.Proposal.Description != "Rear dormer roof extension" {
			t.Errorf("a failed Modify changed the application: %+v", got)
		}
	})

	t.Run("ReferenceChange", func(t *testing.T) {
		s := newStore(t)
		a := NewApplication(Lambeth, "a1")
		if err := s.Create(ctx, Lambeth, a); err != nil {
			t.Fatal(err)
		}
		a.Reference, _ = refFormat.Format(2025, 7, a.Type)
		if err := s.Update(ctx, Lambeth, a); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetByReference(ctx, Lambeth, a.Reference)
		if err != nil || got.ID != "a1" {
			t.Fatalf("GetByReference: %v %v", got, err)
		}
		old := a.Reference
		a.Reference, _ = refFormat.Format(2025, 8, a.Type)
		if err := s.Update(ctx, Lambeth, a); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetByReference(ctx, Lambeth, old); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("old reference still found: %v", err)
		}
		b := NewApplication(Lambeth, "b1")
		if err := s.Create(ctx, Lambeth, b); err != nil {
			t.Fatal(err)
		}
		b.Reference = a.Reference
		if err := s.Update(ctx, Lambeth, b); !errors.Is(err, planning.ErrDuplicate) {
			t.Errorf("update to a taken reference: %v", err)
		}
	})

	t.Run("List", func(t *testing.T) {
		s := newStore(t)
		for i := 0; i < 5; i++ {
			a := NewApplication(Lambeth, fmt.Sprintf("a%d", i))
			a.SubmittedAt = a.SubmittedAt.Add(time.Duration(5-i) * time.Hour)
			if i%2 == 0 {
				a.Type = planning.TypeListed
			}
			if err := s.Create(ctx, Lambeth, a); err != nil {
				t.Fatal(err)
			}
		}
		// Ties are broken by ID; an application not yet submitted comes
		// first.
		tie := NewApplication(Lambeth, "a-tie")
		tie.SubmittedAt = tie.SubmittedAt.Add(1 * time.Hour) // as a4
		draft := NewApplication(Lambeth, "z-draft")
		draft.SubmittedAt = time.Time{}
		for _, a := range []*planning.Application{tie, draft, NewApplication(Camden, "other")} {
			if err := s.Create(ctx, a.Council, a); err != nil {
				t.Fatal(err)
			}
		}
		all, err := s.List(ctx, Lambeth, planning.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(ids(all)), "[z-draft a-tie a4 a3 a2 a1 a0]"; got != want {
			t.Errorf("List = %s, want %s (oldest first, ties by ID)", got, want)
		}
		listed, _ := s.List(ctx, Lambeth, planning.Filter{Type: planning.TypeListed})
		if got, want := fmt.Sprint(ids(listed)), "[a4 a2 a0]"; got != want {
			t.Errorf("listed = %s, want %s", got, want)
		}
		two, _ := s.List(ctx, Lambeth, planning.Filter{Limit: 2})
		if got, want := fmt.Sprint(ids(two)), "[z-draft a-tie]"; got != want {
			t.Errorf("limit 2 = %s, want %s", got, want)
		}
		none, _ := s.List(ctx, Lambeth, planning.Filter{State: planning.StateDetermined})
		if len(none) != 0 {
			t.Errorf("determined = %v", ids(none))
		}
	})

	t.Run("NextSequence", func(t *testing.T) {
		s := newStore(t)
		const n = 50
		var mu sync.Mutex
		seen := map[int]bool{}
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v, err := s.NextSequence(ctx, Lambeth, 2025)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				seen[v] = true
				mu.Unlock()
			}()
		}
		wg.Wait()
		for i := 1; i <= n; i++ {
			if !seen[i] {
				t.Errorf("sequence %d never issued (got %d distinct)", i, len(seen))
				break
			}
		}
		if v, _ := s.NextSequence(ctx, Camden, 2025); v != 1 {
			t.Errorf("Camden's first number = %d", v)
		}
		if v, _ := s.NextSequence(ctx, Lambeth, 2026); v != 1 {
			t.Errorf("Lambeth 2026 first number = %d", v)
		}
	})

	t.Run("ConcurrentUpdates", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, Lambeth, NewApplication(Lambeth, "a1")); err != nil {
			t.Fatal(err)
		}
		// Racing Updates of one version: exactly one wins each round.
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a, err := s.Get(ctx, Lambeth, "a1")
				if err != nil {
					t.Error(err)
					return
				}
				a.Proposal.Description = "edit"
				switch err := s.Update(ctx, Lambeth, a); {
				case err == nil:
					mu.Lock()
					wins++
					mu.Unlock()
				case !errors.Is(err, planning.ErrConflict):
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		got, _ := s.Get(ctx, Lambeth, "a1")
		if int(got.Version) != 1+wins || wins == 0 {
			t.Errorf("version %d after %d successful updates", got.Version, wins)
		}
		// Through Modify no change is lost.
		const n = 20
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := planning.Modify(ctx, s, Lambeth, "a1", func(a *planning.Application) error {
					a.Proposal.ProjectTypes = append(a.Proposal.ProjectTypes, fmt.Sprintf("p%d", i))
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		after, _ := s.Get(ctx, Lambeth, "a1")
		if len(after.Proposal.ProjectTypes) != 1+n || after.Version != got.Version+n {
			t.Errorf("after %d concurrent Modify calls: %d project types, version %d; want %d and %d",
				n, len(after.Proposal.ProjectTypes), after.Version, 1+n, got.Version+n)
		}
	})

	runEventTests(t, newStore, refFormat)

	t.Run("CancelledContext", func(t *testing.T) {
		s := newStore(t)
		c, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.Create(c, Lambeth, NewApplication(Lambeth, "a1")); !errors.Is(err, context.Canceled) {
			t.Errorf("Create with a cancelled context: %v", err)
		}
		if _, err := s.Get(ctx, Lambeth, "a1"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("a cancelled Create stored the application: %v", err)
		}
	})
}

// normalise evens out what a store may legitimately re-encode: times in
// UTC, empty slices as nil, JSON compacted.
func normalise(a *planning.Application) *planning.Application {
	c := a.Clone()
	c.SubmittedAt = c.SubmittedAt.UTC()
	c.Documents = nilIfEmpty(c.Documents)
	c.Site.Designations = nilIfEmpty(c.Site.Designations)
	c.Site.LocalAuthorityDistricts = nilIfEmpty(c.Site.LocalAuthorityDistricts)
	c.Site.Address.Lines = nilIfEmpty(c.Site.Address.Lines)
	c.Applicant.Address.Lines = nilIfEmpty(c.Applicant.Address.Lines)
	c.Proposal.ProjectTypes = nilIfEmpty(c.Proposal.ProjectTypes)
	c.Ownership.Owners = nilIfEmpty(c.Ownership.Owners)
	c.Fee.Exemptions = nilIfEmpty(c.Fee.Exemptions)
	c.Fee.Reductions = nilIfEmpty(c.Fee.Reductions)
	c.Lifecycle.History = nilIfEmpty(c.Lifecycle.History)
	for i := range c.Lifecycle.History {
		c.Lifecycle.History[i].At = c.Lifecycle.History[i].At.UTC()
	}
	c.ValidationRequests = nilIfEmpty(c.ValidationRequests)
	c.Site.RedLine = compactJSON(c.Site.RedLine)
	c.Source = compactJSON(c.Source)
	return c
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

func compactJSON(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	var out bytes.Buffer
	if json.Compact(&out, b) != nil {
		return b
	}
	return out.Bytes()
}

func ids(as []*planning.Application) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}
