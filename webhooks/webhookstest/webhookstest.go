// Package webhookstest is the conformance suite every webhooks.Store must
// pass: the in-memory store, the PostgreSQL store and any store a supplier
// writes. A store's tests call RunStoreTests with a function returning a
// fresh, empty store with the zero (production) webhooks.Rules:
//
//	func TestMemStore(t *testing.T) {
//		webhookstest.RunStoreTests(t, func(t *testing.T) webhooks.Store {
//			return new(webhooks.MemStore)
//		})
//	}
package webhookstest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/webhooks"
)

// Councils used by the suite, so that isolation between councils is
// tested.
var (
	Lambeth = councilkit.MustParseCouncil("E09000022")
	Camden  = councilkit.MustParseCouncil("E09000007")
)

// Secrets of the suite: Standard Webhooks' test vector secret and another.
const (
	SecretA = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	SecretB = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
)

// Base is the suite's creation time (whole microseconds, as PostgreSQL
// keeps them).
var Base = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

// MustSecret parses s or panics.
func MustSecret(s string) webhooks.Secret {
	sec, err := webhooks.ParseSecret(s)
	if err != nil {
		panic(err)
	}
	return sec
}

// NewEndpoint returns a valid endpoint for council c with the given ID,
// receiving payment.succeeded events at an https URL, signed with SecretA.
func NewEndpoint(c councilkit.Council, id string) *webhooks.Endpoint {
	return &webhooks.Endpoint{
		ID: id, Council: c, URL: "https://ledger.example.gov.uk/hooks/councilkit?token=abc",
		Types:       []events.Type{events.PaymentSucceeded},
		Secrets:     []webhooks.Secret{MustSecret(SecretA)},
		Description: "Finance ledger", Created: Base,
	}
}

// NewDelivery returns a pending delivery of event eventID to endpoint
// endpointID for council c, first tried at Base.
func NewDelivery(c councilkit.Council, endpointID, eventID string) *webhooks.Delivery {
	d := &webhooks.Delivery{
		Council: c, EndpointID: endpointID, EventID: eventID, EventType: events.PaymentSucceeded,
		Body: []byte(`{"id":"` + eventID + `","type":"` + string(events.PaymentSucceeded) + `"}`),
	}
	d.Record(webhooks.Attempt{At: Base, Duration: 120 * time.Millisecond, Status: 500, Error: webhooks.ErrorStatus})
	return d
}

// sameEndpoint compares endpoints, secrets by their encoding.
func sameEndpoint(t *testing.T, what string, got, want *webhooks.Endpoint) {
	t.Helper()
	g, w := got.Clone(), want.Clone()
	enc := func(ss []webhooks.Secret) []string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Encode())
		}
		return out
	}
	if !reflect.DeepEqual(enc(g.Secrets), enc(w.Secrets)) {
		t.Errorf("%s: secrets differ (%d stored, %d given)", what, len(g.Secrets), len(w.Secrets))
	}
	g.Secrets, w.Secrets = nil, nil
	if !g.Created.Equal(w.Created) {
		t.Errorf("%s: created %v, want %v", what, g.Created, w.Created)
	}
	g.Created, w.Created = time.Time{}, time.Time{}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, g, w)
	}
}

func sameDelivery(t *testing.T, what string, got, want *webhooks.Delivery) {
	t.Helper()
	g, w := got.Clone(), want.Clone()
	if !g.FirstAttempt.Equal(w.FirstAttempt) || !g.LastAttempt.Equal(w.LastAttempt) || len(g.Attempts) != len(w.Attempts) {
		t.Errorf("%s: attempts differ: got %+v, want %+v", what, g, w)
		return
	}
	for i := range g.Attempts {
		if !g.Attempts[i].At.Equal(w.Attempts[i].At) {
			t.Errorf("%s: attempt %d at %v, want %v", what, i, g.Attempts[i].At, w.Attempts[i].At)
		}
		g.Attempts[i].At, w.Attempts[i].At = time.Time{}, time.Time{}
	}
	g.FirstAttempt, g.LastAttempt, w.FirstAttempt, w.LastAttempt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, g, w)
	}
}

// RunStoreTests runs the conformance suite. newStore returns a fresh,
// empty store with the zero webhooks.Rules each time it is called.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) webhooks.Store) {
	ctx := context.Background()

	t.Run("EndpointRoundTrip", func(t *testing.T) {
		s := newStore(t)
		e := NewEndpoint(Lambeth, "ep1")
		e.Secrets = append(e.Secrets, MustSecret(SecretB)) // rotating
		e.Types = append(e.Types, events.PaymentRefunded)
		want := e.Clone()
		if err := s.CreateEndpoint(ctx, Lambeth, e); err != nil {
			t.Fatal(err)
		}
		want.Version = 1
		if e.Version != 1 || e.Council != Lambeth {
			t.Errorf("after Create: version %d council %v", e.Version, e.Council)
		}
		got, err := s.GetEndpoint(ctx, Lambeth, "ep1")
		if err != nil {
			t.Fatal(err)
		}
		sameEndpoint(t, "Get", got, want)
		if err := s.CreateEndpoint(ctx, Lambeth, NewEndpoint(Lambeth, "ep1")); !errors.Is(err, webhooks.ErrDuplicate) {
			t.Errorf("second ep1: %v, want ErrDuplicate", err)
		}
	})

	t.Run("EndpointMintsID", func(t *testing.T) {
		s := newStore(t)
		e := NewEndpoint(Lambeth, "")
		e.Council = councilkit.Council{} // taken to be the call's
		if err := s.CreateEndpoint(ctx, Lambeth, e); err != nil {
			t.Fatal(err)
		}
		if e.ID == "" || e.Council != Lambeth {
			t.Fatalf("ID %q council %v", e.ID, e.Council)
		}
		if _, err := s.GetEndpoint(ctx, Lambeth, e.ID); err != nil {
			t.Error(err)
		}
	})

	t.Run("EndpointRefusedAtRegistration", func(t *testing.T) {
		s := newStore(t)
		cases := []struct {
			name  string
			edit  func(*webhooks.Endpoint)
			field string
			code  councilkit.Code
		}{
			{"no URL", func(e *webhooks.Endpoint) { e.URL = "" }, "url", councilkit.CodeRequired},
			{"relative URL", func(e *webhooks.Endpoint) { e.URL = "/hooks" }, "url", councilkit.CodeInvalidURL},
			{"no host", func(e *webhooks.Endpoint) { e.URL = "https:///hooks" }, "url", councilkit.CodeInvalidURL},
			{"unparsable", func(e *webhooks.Endpoint) { e.URL = "https://[::1" }, "url", councilkit.CodeInvalidURL},
			{"space", func(e *webhooks.Endpoint) { e.URL = "https://ledger.example.gov.uk/a b" }, "url", councilkit.CodeInvalidURL},
			{"bad port", func(e *webhooks.Endpoint) { e.URL = "https://ledger.example.gov.uk:99999/" }, "url", councilkit.CodeInvalidURL},
			{"http", func(e *webhooks.Endpoint) { e.URL = "http://ledger.example.gov.uk/hooks" }, "url", webhooks.CodeInsecureURL},
			{"loopback http under production rules", func(e *webhooks.Endpoint) { e.URL = "http://127.0.0.1:8080/hooks" }, "url", webhooks.CodeInsecureURL},
			{"ftp", func(e *webhooks.Endpoint) { e.URL = "ftp://ledger.example.gov.uk/" }, "url", webhooks.CodeInsecureURL},
			{"javascript", func(e *webhooks.Endpoint) { e.URL = "javascript:alert(1)" }, "url", councilkit.CodeInvalidURL},
			{"credentials", func(e *webhooks.Endpoint) { e.URL = "https://user:pw@ledger.example.gov.uk/" }, "url", webhooks.CodeURLCredentials},
			{"fragment", func(e *webhooks.Endpoint) { e.URL = "https://ledger.example.gov.uk/hooks#x" }, "url", webhooks.CodeURLFragment},
			{"too long", func(e *webhooks.Endpoint) {
				e.URL = "https://ledger.example.gov.uk/" + strings.Repeat("a", webhooks.MaxURLLength)
			}, "url", councilkit.CodeTooLong},
			{"no types", func(e *webhooks.Endpoint) { e.Types = nil }, "types", councilkit.CodeRequired},
			{"unknown type", func(e *webhooks.Endpoint) { e.Types = []events.Type{"payment.succeeded"} }, "types[0]", councilkit.CodeInvalidChoice},
			{"repeated type", func(e *webhooks.Endpoint) { e.Types = append(e.Types, e.Types[0]) }, "types[1]", councilkit.CodeDuplicate},
			{"no secret", func(e *webhooks.Endpoint) { e.Secrets = nil }, "secrets", councilkit.CodeRequired},
			{"zero secret", func(e *webhooks.Endpoint) { e.Secrets = []webhooks.Secret{{}} }, "secrets[0]", councilkit.CodeInvalid},
			{"repeated secret", func(e *webhooks.Endpoint) { e.Secrets = append(e.Secrets, e.Secrets[0]) }, "secrets[1]", councilkit.CodeDuplicate},
			{"three secrets", func(e *webhooks.Endpoint) {
				s2, _ := webhooks.NewSecret()
				e.Secrets = append(e.Secrets, MustSecret(SecretB), s2)
			}, "secrets", councilkit.CodeTooLarge},
			{"long description", func(e *webhooks.Endpoint) {
				e.Description = strings.Repeat("ŵ", webhooks.MaxDescriptionLength+1)
			}, "description", councilkit.CodeTooLong},
		}
		for _, c := range cases {
			e := NewEndpoint(Lambeth, "bad")
			c.edit(e)
			err := s.CreateEndpoint(ctx, Lambeth, e)
			var ve *councilkit.ValidationError
			if !errors.As(err, &ve) || !ve.Has(c.field, c.code) {
				t.Errorf("%s: %v, want %s at %s", c.name, err, c.code, c.field)
				continue
			}
			for _, p := range ve.Problems {
				if p.Message.English == "" || p.Message.Welsh == "" {
					t.Errorf("%s: problem %v lacks English or Welsh", c.name, p)
				}
				if strings.Contains(p.Message.English, "ledger.example") {
					t.Errorf("%s: message repeats the URL", c.name)
				}
			}
		}
		if _, err := s.GetEndpoint(ctx, Lambeth, "bad"); !errors.Is(err, webhooks.ErrNotFound) {
			t.Errorf("a refused endpoint was stored: %v", err)
		}
		// Every problem at once.
		e := NewEndpoint(Lambeth, "bad")
		e.URL, e.Types, e.Secrets = "http://x.example/#f", nil, nil
		var ve *councilkit.ValidationError
		if err := s.CreateEndpoint(ctx, Lambeth, e); !errors.As(err, &ve) || len(ve.Problems) != 4 {
			t.Errorf("all at once: %v", err)
		}
		// An https loopback URL is fine; so are ports and queries.
		ok := NewEndpoint(Lambeth, "ok")
		ok.URL = "https://127.0.0.1:8443/hooks?token=1"
		if err := s.CreateEndpoint(ctx, Lambeth, ok); err != nil {
			t.Errorf("https loopback: %v", err)
		}
	})

	t.Run("TooManyEndpoints", func(t *testing.T) {
		s := newStore(t)
		for i := range webhooks.DefaultMaxEndpoints {
			if err := s.CreateEndpoint(ctx, Lambeth, NewEndpoint(Lambeth, fmt.Sprintf("ep%02d", i))); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CreateEndpoint(ctx, Lambeth, NewEndpoint(Lambeth, "one-more")); !errors.Is(err, webhooks.ErrTooManyEndpoints) {
			t.Errorf("endpoint %d: %v, want ErrTooManyEndpoints", webhooks.DefaultMaxEndpoints+1, err)
		}
		// Another council's count is its own.
		if err := s.CreateEndpoint(ctx, Camden, NewEndpoint(Camden, "one-more")); err != nil {
			t.Errorf("Camden's first: %v", err)
		}
		if err := s.DeleteEndpoint(ctx, Lambeth, "ep00"); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateEndpoint(ctx, Lambeth, NewEndpoint(Lambeth, "one-more")); err != nil {
			t.Errorf("after a delete: %v", err)
		}
	})

	t.Run("EndpointUpdateCAS", func(t *testing.T) {
		s := newStore(t)
		e := NewEndpoint(Lambeth, "ep1")
		if err := s.CreateEndpoint(ctx, Lambeth, e); err != nil {
			t.Fatal(err)
		}
		stale := e.Clone()
		if err := e.Rotate(MustSecret(SecretB)); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateEndpoint(ctx, Lambeth, e); err != nil || e.Version != 2 {
			t.Fatalf("Update: %v, version %d", err, e.Version)
		}
		stale.Disabled = true
		if err := s.UpdateEndpoint(ctx, Lambeth, stale); !errors.Is(err, webhooks.ErrConflict) || stale.Version != 1 {
			t.Errorf("stale Update: %v, version %d", err, stale.Version)
		}
		bad := e.Clone()
		bad.URL = "http://ledger.example.gov.uk/"
		if err := s.UpdateEndpoint(ctx, Lambeth, bad); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("Update to an http URL: %v", err)
		}
		got, err := s.GetEndpoint(ctx, Lambeth, "ep1")
		if err != nil {
			t.Fatal(err)
		}
		sameEndpoint(t, "after rotation", got, e)
		got.Retire()
		if err := s.UpdateEndpoint(ctx, Lambeth, got); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetEndpoint(ctx, Lambeth, "ep1"); len(got.Secrets) != 1 || got.Secrets[0].Encode() != SecretB {
			t.Errorf("after Retire the newer secret should remain")
		}
		missing := NewEndpoint(Lambeth, "nope")
		missing.Version = 1
		if err := s.UpdateEndpoint(ctx, Lambeth, missing); !errors.Is(err, webhooks.ErrNotFound) {
			t.Errorf("Update of a missing endpoint: %v", err)
		}
		// ModifyEndpoint retries through concurrent changes.
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := webhooks.ModifyEndpoint(ctx, s, Lambeth, "ep1", func(e *webhooks.Endpoint) error {
					e.Description += "x"
					return nil
				}); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if got, _ := s.GetEndpoint(ctx, Lambeth, "ep1"); got.Description != "Finance ledger"+strings.Repeat("x", 8) {
			t.Errorf("after 8 concurrent Modify: %q", got.Description)
		}
	})

	t.Run("EndpointListOrderAndFilter", func(t *testing.T) {
		s := newStore(t)
		for i, id := range []string{"c", "a", "b"} {
			e := NewEndpoint(Lambeth, id)
			e.Created = Base.Add(time.Duration(i%2) * time.Hour) // c, b at Base; a an hour later
			if id == "b" {
				e.Types = []events.Type{events.PlanningApplicationSubmitted}
			}
			if err := s.CreateEndpoint(ctx, Lambeth, e); err != nil {
				t.Fatal(err)
			}
		}
		ids := func(f webhooks.EndpointFilter) string {
			eps, err := s.ListEndpoints(ctx, Lambeth, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range eps {
				out = append(out, e.ID)
			}
			return strings.Join(out, ",")
		}
		for _, c := range []struct {
			f    webhooks.EndpointFilter
			want string
		}{
			{webhooks.EndpointFilter{}, "b,c,a"},
			{webhooks.EndpointFilter{Type: events.PaymentSucceeded}, "c,a"},
			{webhooks.EndpointFilter{Type: events.PlanningApplicationSubmitted}, "b"},
			{webhooks.EndpointFilter{Type: events.PaymentRefunded}, ""},
			{webhooks.EndpointFilter{Limit: 2}, "b,c"},
		} {
			if got := ids(c.f); got != c.want {
				t.Errorf("List(%+v) = %s, want %s", c.f, got, c.want)
			}
		}
	})

	t.Run("CouncilIsolation", func(t *testing.T) {
		s := newStore(t)
		if err := s.CreateEndpoint(ctx, Camden, NewEndpoint(Camden, "ep1")); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateDelivery(ctx, Camden, NewDelivery(Camden, "ep1", "evt1")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetEndpoint(ctx, Lambeth, "ep1"); !errors.Is(err, webhooks.ErrNotFound) {
			t.Errorf("Lambeth got Camden's endpoint: %v", err)
		}
		if eps, err := s.ListEndpoints(ctx, Lambeth, webhooks.EndpointFilter{}); err != nil || len(eps) != 0 {
			t.Errorf("Lambeth listed %d endpoints, %v", len(eps), err)
		}
		if ds, err := s.ListDeliveries(ctx, Lambeth, webhooks.DeliveryFilter{}); err != nil || len(ds) != 0 {
			t.Errorf("Lambeth listed %d deliveries, %v", len(ds), err)
		}
		if _, err := s.GetDeliveryOf(ctx, Lambeth, "ep1", "evt1"); !errors.Is(err, webhooks.ErrNotFound) {
			t.Errorf("Lambeth got Camden's delivery: %v", err)
		}
		if err := s.DeleteEndpoint(ctx, Lambeth, "ep1"); !errors.Is(err, webhooks.ErrNotFound) {
			t.Errorf("Lambeth deleted Camden's endpoint: %v", err)
		}
		stolen := NewEndpoint(Lambeth, "ep1")
		stolen.Version = 1
		if err := s.UpdateEndpoint(ctx, Lambeth, stolen); !errors.Is(err, webhooks.ErrNotFound) {
			t.Errorf("Lambeth updated Camden's endpoint ID: %v", err)
		}
		// A record naming another council is refused, and nothing is
		// stored.
		if err := s.CreateEndpoint(ctx, Lambeth, NewEndpoint(Camden, "ep2")); !errors.Is(err, webhooks.ErrNotFound) {
			t.Errorf("Create of Camden's endpoint as Lambeth: %v", err)
		}
		if err := s.CreateDelivery(ctx, Lambeth, NewDelivery(Camden, "ep1", "evt2")); !errors.Is(err, webhooks.ErrNotFound) {
			t.Errorf("Create of Camden's delivery as Lambeth: %v", err)
		}
		if _, err := s.GetEndpoint(ctx, Camden, "ep2"); !errors.Is(err, webhooks.ErrNotFound) {
			t.Errorf("refused endpoint stored: %v", err)
		}
		// The same IDs in another council are another record.
		if err := s.CreateEndpoint(ctx, Lambeth, NewEndpoint(Lambeth, "ep1")); err != nil {
			t.Errorf("Lambeth's own ep1: %v", err)
		}
		if err := s.CreateDelivery(ctx, Lambeth, NewDelivery(Lambeth, "ep1", "evt1")); err != nil {
			t.Errorf("Lambeth's own delivery: %v", err)
		}
	})

	t.Run("NoCouncilAndCancelled", func(t *testing.T) {
		s := newStore(t)
		var zero councilkit.Council
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		check := func(name string, f func(context.Context, councilkit.Council) error) {
			if err := f(ctx, zero); !errors.Is(err, webhooks.ErrNoCouncil) {
				t.Errorf("%s with no council: %v", name, err)
			}
			if err := f(cancelled, Lambeth); !errors.Is(err, context.Canceled) {
				t.Errorf("%s with a cancelled context: %v", name, err)
			}
		}
		check("CreateEndpoint", func(ctx context.Context, c councilkit.Council) error {
			return s.CreateEndpoint(ctx, c, NewEndpoint(councilkit.Council{}, "x"))
		})
		check("GetEndpoint", func(ctx context.Context, c councilkit.Council) error {
			_, err := s.GetEndpoint(ctx, c, "x")
			return err
		})
		check("UpdateEndpoint", func(ctx context.Context, c councilkit.Council) error {
			return s.UpdateEndpoint(ctx, c, NewEndpoint(councilkit.Council{}, "x"))
		})
		check("DeleteEndpoint", func(ctx context.Context, c councilkit.Council) error { return s.DeleteEndpoint(ctx, c, "x") })
		check("ListEndpoints", func(ctx context.Context, c councilkit.Council) error {
			_, err := s.ListEndpoints(ctx, c, webhooks.EndpointFilter{})
			return err
		})
		check("CreateDelivery", func(ctx context.Context, c councilkit.Council) error {
			return s.CreateDelivery(ctx, c, NewDelivery(councilkit.Council{}, "x", "y"))
		})
		check("GetDelivery", func(ctx context.Context, c councilkit.Council) error {
			_, err := s.GetDelivery(ctx, c, "x")
			return err
		})
		check("GetDeliveryOf", func(ctx context.Context, c councilkit.Council) error {
			_, err := s.GetDeliveryOf(ctx, c, "x", "y")
			return err
		})
		check("UpdateDelivery", func(ctx context.Context, c councilkit.Council) error {
			return s.UpdateDelivery(ctx, c, NewDelivery(councilkit.Council{}, "x", "y"))
		})
		check("ListDeliveries", func(ctx context.Context, c councilkit.Council) error {
			_, err := s.ListDeliveries(ctx, c, webhooks.DeliveryFilter{})
			return err
		})
	})

	t.Run("DeliveryRoundTrip", func(t *testing.T) {
		s := newStore(t)
		d := NewDelivery(Lambeth, "ep1", "evt1")
		want := d.Clone()
		if err := s.CreateDelivery(ctx, Lambeth, d); err != nil {
			t.Fatal(err)
		}
		if d.ID == "" || d.Version != 1 {
			t.Fatalf("after Create: ID %q version %d", d.ID, d.Version)
		}
		want.ID, want.Version = d.ID, 1
		got, err := s.GetDelivery(ctx, Lambeth, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameDelivery(t, "Get", got, want)
		got, err = s.GetDeliveryOf(ctx, Lambeth, "ep1", "evt1")
		if err != nil {
			t.Fatal(err)
		}
		sameDelivery(t, "GetDeliveryOf", got, want)
		if err := s.CreateDelivery(ctx, Lambeth, NewDelivery(Lambeth, "ep1", "evt1")); !errors.Is(err, webhooks.ErrDuplicate) {
			t.Errorf("second delivery of evt1 to ep1: %v, want ErrDuplicate", err)
		}
		if err := s.CreateDelivery(ctx, Lambeth, NewDelivery(Lambeth, "ep2", "evt1")); err != nil {
			t.Errorf("evt1 to ep2: %v", err)
		}
		var ve *councilkit.ValidationError
		if err := s.CreateDelivery(ctx, Lambeth, &webhooks.Delivery{}); !errors.As(err, &ve) || !ve.Has("endpoint_id", "") || !ve.Has("event_id", "") {
			t.Errorf("empty delivery: %v", err)
		}
		if err := s.CreateDelivery(ctx, Lambeth, &webhooks.Delivery{EndpointID: "e", EventID: "v", State: 7}); !errors.As(err, &ve) || !ve.Has("state", "") {
			t.Errorf("unknown state: %v", err)
		}

		// Attempts, state and version change by compare-and-swap.
		stale := got.Clone()
		got.Record(webhooks.Attempt{At: Base.Add(5 * time.Second), Duration: time.Second, Status: 204})
		got.State = webhooks.Delivered
		if err := s.UpdateDelivery(ctx, Lambeth, got); err != nil || got.Version != 2 {
			t.Fatalf("Update: %v, version %d", err, got.Version)
		}
		if err := s.UpdateDelivery(ctx, Lambeth, stale); !errors.Is(err, webhooks.ErrConflict) {
			t.Errorf("stale Update: %v", err)
		}
		again, err := s.GetDeliveryOf(ctx, Lambeth, "ep1", "evt1")
		if err != nil {
			t.Fatal(err)
		}
		sameDelivery(t, "after Update", again, got)
		missing := NewDelivery(Lambeth, "ep1", "evt9")
		missing.ID, missing.Version = "nope", 1
		if err := s.UpdateDelivery(ctx, Lambeth, missing); !errors.Is(err, webhooks.ErrNotFound) {
			t.Errorf("Update of a missing delivery: %v", err)
		}
	})

	t.Run("DeliveryListNewestFirst", func(t *testing.T) {
		s := newStore(t)
		mk := func(ep, ev string, at time.Duration, st webhooks.DeliveryState) {
			d := NewDelivery(Lambeth, ep, ev)
			d.ID = ev + "@" + ep
			d.Attempts, d.FirstAttempt = nil, time.Time{}
			d.Record(webhooks.Attempt{At: Base.Add(at), Error: webhooks.ErrorTimeout})
			d.State = st
			if err := s.CreateDelivery(ctx, Lambeth, d); err != nil {
				t.Fatal(err)
			}
		}
		mk("ep1", "e1", 0, webhooks.Dead)
		mk("ep1", "e2", time.Minute, webhooks.Delivered)
		mk("ep2", "e2", time.Minute, webhooks.Pending)
		mk("ep2", "e3", 2*time.Minute, webhooks.Dead)
		ids := func(f webhooks.DeliveryFilter) string {
			ds, err := s.ListDeliveries(ctx, Lambeth, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, d := range ds {
				out = append(out, d.ID)
			}
			return strings.Join(out, ",")
		}
		for _, c := range []struct {
			f    webhooks.DeliveryFilter
			want string
		}{
			{webhooks.DeliveryFilter{}, "e3@ep2,e2@ep2,e2@ep1,e1@ep1"},
			{webhooks.DeliveryFilter{States: []webhooks.DeliveryState{webhooks.Dead}}, "e3@ep2,e1@ep1"},
			{webhooks.DeliveryFilter{States: []webhooks.DeliveryState{webhooks.Pending}}, "e2@ep2"},
			{webhooks.DeliveryFilter{States: []webhooks.DeliveryState{webhooks.Pending, webhooks.Delivered}}, "e2@ep2,e2@ep1"},
			{webhooks.DeliveryFilter{EndpointID: "ep1"}, "e2@ep1,e1@ep1"},
			{webhooks.DeliveryFilter{EventID: "e2"}, "e2@ep2,e2@ep1"},
			{webhooks.DeliveryFilter{EndpointID: "ep2", States: []webhooks.DeliveryState{webhooks.Dead}}, "e3@ep2"},
			{webhooks.DeliveryFilter{Limit: 1}, "e3@ep2"},
		} {
			if got := ids(c.f); got != c.want {
				t.Errorf("ListDeliveries(%+v) = %s, want %s", c.f, got, c.want)
			}
		}
	})

	t.Run("ConcurrentDeliveryUpdates", func(t *testing.T) {
		s := newStore(t)
		d := NewDelivery(Lambeth, "ep1", "evt1")
		if err := s.CreateDelivery(ctx, Lambeth, d); err != nil {
			t.Fatal(err)
		}
		const n = 8
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := webhooks.ModifyDelivery(ctx, s, Lambeth, d.ID, func(d *webhooks.Delivery) error {
					d.Record(webhooks.Attempt{At: Base.Add(time.Duration(i+1) * time.Second), Status: 500, Error: webhooks.ErrorStatus})
					return nil
				})
				if err != nil {
					t.Error(err)
				}
				// Concurrent first deliveries of one event: one wins.
				err = s.CreateDelivery(ctx, Lambeth, NewDelivery(Lambeth, "ep2", "evt1"))
				if err != nil && !errors.Is(err, webhooks.ErrDuplicate) {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		got, err := s.GetDelivery(ctx, Lambeth, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Attempts) != n+1 || got.Version != n+1 {
			t.Errorf("%d attempts, version %d; want %d, %d", len(got.Attempts), got.Version, n+1, n+1)
		}
		if ds, _ := s.ListDeliveries(ctx, Lambeth, webhooks.DeliveryFilter{EndpointID: "ep2"}); len(ds) != 1 {
			t.Errorf("%d deliveries of evt1 to ep2, want 1", len(ds))
		}
	})
}
