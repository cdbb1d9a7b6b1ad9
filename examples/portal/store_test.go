package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/identity/onelogin"
	"github.com/lgds/councilkit/identity/onelogin/oneloginfake"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/postgres"
)

// The test payment handler (pay_test.go) keeps its key under "test-key".
func init() { sessionValueTypes["test-key"] = reflect.TypeFor[payments.IdempotencyKey]() }

// Issue 18, items 1 and 2: the portal keeps everything in the configured
// store, and a flood of anonymous requests cannot sign anyone out.

// portalStores gives each implementation of portalStore, empty.
func portalStores(t *testing.T) map[string]func(t *testing.T) portalStore {
	m := map[string]func(t *testing.T) portalStore{
		"memory": func(*testing.T) portalStore { return newMemStore() },
		"sqlite": func(t *testing.T) portalStore {
			st, err := openSQLiteStore(context.Background(), filepath.Join(t.TempDir(), "portal.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(st.close)
			return st
		},
	}
	if os.Getenv("COUNCILKIT_TEST_POSTGRES") != "" {
		m["postgres"] = func(t *testing.T) portalStore {
			db, err := postgres.Open(context.Background(), newPostgresDatabase(t), postgres.Config{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(db.Close)
			st, err := openPostgresStore(context.Background(), db.Pool())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(st.close)
			return st
		}
	}
	return m
}

// planLink links subject to a planning application, with no contact.
func planLink(council, subject, id string) recordLink {
	return recordLink{Council: council, Kind: linkPlanning, ID: id, Subject: subject}
}

func anonRecord(key, client string, now time.Time) *sessionRecord {
	return &sessionRecord{Key: key, CSRF: "c", Client: client, Created: now, Seen: now, Data: []byte(`{}`)}
}

func TestPortalStores(t *testing.T) {
	ctx := context.Background()
	now := testNow
	for name, open := range portalStores(t) {
		t.Run(name, func(t *testing.T) {
			t.Run("CapsAnonymousNeverSignedIn", func(t *testing.T) {
				st := open(t)
				lim := sessionLimits{Anonymous: 5, PerClient: 3}
				officer := &sessionRecord{Key: "officer", CSRF: "c", Subject: "urn:officer", Created: now, Seen: now, Data: []byte(`{}`)}
				if err := st.createSession(ctx, officer, lim); err != nil {
					t.Fatal(err)
				}
				for i := range 3 {
					if err := st.createSession(ctx, anonRecord(fmt.Sprint("a", i), "192.0.2.1", now), lim); err != nil {
						t.Fatal(i, err)
					}
				}
				// The fourth from one client is refused: the per-client cap.
				if err := st.createSession(ctx, anonRecord("a3", "192.0.2.1", now), lim); !errors.Is(err, errSessionsFull) {
					t.Errorf("4th anonymous session from one client: %v, want errSessionsFull", err)
				}
				for i := range 2 {
					if err := st.createSession(ctx, anonRecord(fmt.Sprint("b", i), "192.0.2.2", now), lim); err != nil {
						t.Fatal(i, err)
					}
				}
				// Five anonymous in all: the global cap.
				if err := st.createSession(ctx, anonRecord("c0", "192.0.2.3", now), lim); !errors.Is(err, errSessionsFull) {
					t.Errorf("6th anonymous session: %v, want errSessionsFull", err)
				}
				// Signed-in sessions are never refused, and none was evicted.
				for i := range 3 {
					rec := &sessionRecord{Key: fmt.Sprint("r", i), CSRF: "c", Subject: "urn:resident", Created: now, Seen: now, Data: []byte(`{}`)}
					if err := st.createSession(ctx, rec, lim); err != nil {
						t.Errorf("signed-in session refused: %v", err)
					}
				}
				if _, err := st.getSession(ctx, "officer", now); err != nil {
					t.Errorf("officer's session: %v", err)
				}
				// Once the anonymous ones expire there is room again, and
				// the officer, seen meanwhile, is still signed in.
				later := now.Add(sessionIdle + time.Second)
				officer.Seen = now.Add(sessionIdle)
				if err := st.saveSession(ctx, officer); err != nil {
					t.Fatal(err)
				}
				if err := st.createSession(ctx, anonRecord("d0", "192.0.2.1", later), lim); err != nil {
					t.Errorf("after expiry: %v", err)
				}
				if _, err := st.getSession(ctx, "a0", later); !errors.Is(err, errNoSession) {
					t.Errorf("expired session: %v", err)
				}
				if _, err := st.getSession(ctx, "officer", later); err != nil {
					t.Errorf("officer's session after expiry of others: %v", err)
				}
			})
			t.Run("CompareAndSwap", func(t *testing.T) {
				st := open(t)
				rec := anonRecord("k", "192.0.2.1", now)
				if err := st.createSession(ctx, rec, defaultSessionLimits); err != nil {
					t.Fatal(err)
				}
				a, _ := st.getSession(ctx, "k", now)
				b, _ := st.getSession(ctx, "k", now)
				a.Data = []byte(`{"values":{"ct:ref":"1"}}`)
				if err := st.saveSession(ctx, a); err != nil {
					t.Fatal(err)
				}
				b.Data = []byte(`{"values":{"ct:ref":"2"}}`)
				if err := st.saveSession(ctx, b); !errors.Is(err, errSessionChanged) {
					t.Errorf("stale save: %v, want errSessionChanged", err)
				}
				got, _ := st.getSession(ctx, "k", now)
				if !bytes.Equal(got.Data, a.Data) || got.Version != 2 {
					t.Errorf("stored %s version %d", got.Data, got.Version)
				}
				if err := st.deleteSession(ctx, "k"); err != nil {
					t.Fatal(err)
				}
				if err := st.saveSession(ctx, got); !errors.Is(err, errNoSession) {
					t.Errorf("save of a deleted session: %v", err)
				}
			})
			t.Run("AbsoluteExpiry", func(t *testing.T) {
				st := open(t)
				rec := anonRecord("k", "192.0.2.1", now)
				if err := st.createSession(ctx, rec, defaultSessionLimits); err != nil {
					t.Fatal(err)
				}
				// Seen every 20 minutes, it still ends after 12 hours.
				at := now
				for at.Before(now.Add(sessionLifetime - 20*time.Minute)) {
					at = at.Add(20 * time.Minute)
					r, err := st.getSession(ctx, "k", at)
					if err != nil {
						t.Fatalf("at %v: %v", at.Sub(now), err)
					}
					r.Seen = at
					if err := st.saveSession(ctx, r); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := st.getSession(ctx, "k", now.Add(sessionLifetime)); !errors.Is(err, errNoSession) {
					t.Errorf("after 12 hours: %v", err)
				}
			})
			t.Run("EndSubjectAndLinks", func(t *testing.T) {
				st := open(t)
				for i, subj := range []string{"urn:a", "urn:a", "urn:b"} {
					rec := &sessionRecord{Key: fmt.Sprint(i), CSRF: "c", Subject: subj, Created: now, Seen: now, Data: []byte(`{}`)}
					if err := st.createSession(ctx, rec, defaultSessionLimits); err != nil {
						t.Fatal(err)
					}
				}
				if n, err := st.endSubject(ctx, "urn:a"); err != nil || n != 2 {
					t.Errorf("endSubject = %d, %v; want 2", n, err)
				}
				if _, err := st.getSession(ctx, "2", now); err != nil {
					t.Errorf("another subject's session ended: %v", err)
				}
				for _, id := range []string{"26/00001/FUL", "26/00002/HOU", "26/00001/FUL"} {
					if err := st.link(ctx, planLink("E06000099", "urn:a", id)); err != nil {
						t.Fatal(err)
					}
				}
				_ = st.link(ctx, planLink("E06000099", "urn:b", "26/00003/FUL"))
				_ = st.link(ctx, planLink("W06000015", "urn:a", "26/00009/FUL"))
				got, err := st.linked(ctx, "E06000099", "urn:a", linkPlanning)
				if err != nil || !reflect.DeepEqual(got, []string{"26/00001/FUL", "26/00002/HOU"}) {
					t.Errorf("linked = %v, %v", got, err)
				}
			})
			t.Run("LinkRecords", func(t *testing.T) { testLinkRecords(t, open(t)) })
		})
	}
}

// Session values go to the store as JSON and come back as the Go types
// the handlers assert.
func TestSessionValuesRoundTrip(t *testing.T) {
	u := &user{Subject: "urn:fdc:gov.uk:2022:abc", Name: "Alex Example", Role: roleOfficer, Level: onelogin.IdentityChecked(), idTokenHint: "id-token"}
	vals := map[string]any{
		sessionPendingSignIn:        pendingSignIn{Req: onelogin.AuthRequest{State: "s", Nonce: "n", CodeVerifier: "v", Level: onelogin.IdentityChecked()}, Next: "/schools", Dev: "resident/P2"},
		sessionCTRef:                "10000001",
		sessionCTKey + "10000001:a": payments.NewIdempotencyKey(),
		sessionPayments:             map[string]paymentOwner{"p1": {Journey: "counciltax", Ref: "10000001"}},
		"nonce:k":                   "nonce",
		returnKey("nonce"):          "p1",
		sessionPlanDraft:            &planning.Application{ID: "draft"},
		sessionPlanPending + "k":    &planning.Application{ID: "pending"},
		"planning:key:draft:249.00": payments.NewIdempotencyKey(),
		sessionDraft:                &admissions.Application{ID: "a1"},
	}
	b, err := encodeSession(u, vals)
	if err != nil {
		t.Fatal(err)
	}
	gotU, got, err := decodeSession(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotU, u) {
		t.Errorf("user %+v, want %+v", gotU, u)
	}
	for k, v := range vals {
		if reflect.TypeOf(got[k]) != reflect.TypeOf(v) {
			t.Errorf("%s: %T, want %T", k, got[k], v)
		}
	}
	if got[sessionPlanDraft].(*planning.Application).ID != "draft" || got[sessionPendingSignIn].(pendingSignIn).Req.CodeVerifier != "v" {
		t.Errorf("values %v", got)
	}
	if _, err := encodeSession(nil, map[string]any{"unregistered": 1}); !errors.Is(err, errSessionValue) {
		t.Errorf("unregistered key: %v", err)
	}
	if _, err := encodeSession(nil, map[string]any{sessionCTRef: 1}); !errors.Is(err, errSessionValue) {
		t.Errorf("value of the wrong type: %v", err)
	}
}

// sqlitePortal starts a portal keeping its data in dir.
func sqlitePortal(t *testing.T, dir string) *portal {
	t.Helper()
	return newPortalWith(t, func(c *config) { c.DataDir = dir })
}

// A resident's payment, planning application and session, and the link
// between them, survive a restart on the same -data directory.
func TestRestartKeepsRecordsAndSessions(t *testing.T) {
	dir := t.TempDir()
	p := sqlitePortal(t, dir)
	withTestPayment(p)
	b := p.browser()
	b.signIn("resident")
	b.payWith(b.startTestPayment(), "4444333322221111")
	steps := planningForms()
	for _, s := range steps[:6] {
		mustStatus(t, b.answer(s.path, s.form), http.StatusSeeOther)
	}
	pg := b.payPlanning(b.submit("/planning/check", declaration()).Header.Get("Location"), "4444333322221111")
	mustStatus(t, pg, http.StatusOK)
	apps := p.planningApps(t)
	ref := apps[len(apps)-1].ID
	mustContain(t, b.get("/planning"), ref)
	paid := p.allPayments(t)
	p.ts.Close()
	p.srv.Close()

	p2 := sqlitePortal(t, dir)
	b2 := p2.browser()
	b2.client.Jar = b.client.Jar // the same browser: cookies go by host, not port
	if got := p2.allPayments(t); len(got) != len(paid) || len(paid) < 2 {
		t.Errorf("after restart %d payments, before %d", len(got), len(paid))
	}
	// Still signed in, and the application is still theirs.
	pg = b2.get("/planning")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, ref)
	if b2.sessionUser() == nil {
		t.Error("signed out by the restart")
	}
	mustStatus(t, b2.get("/planning/applications/"+ref), http.StatusOK)
	// The session still owns its payments, and their results show
	// (the planning fee's redirects to the application).
	for _, pay := range paid {
		if pg := b2.get("/payments/" + pay.ID); pg.Status != http.StatusOK && pg.Status != http.StatusSeeOther {
			t.Errorf("payment %s after restart: status %d", pay.ID, pg.Status)
		}
	}
}

// A flood of cookie-less requests stores no session, and a flood of
// anonymous sessions (council tax look-ups from one address) is capped
// without signing anyone out. Before the fix every cookie-less request
// made a session, and past 100,000 each new one scanned them all and
// evicted one at random, signed in or not.
func TestAnonymousFloodSignsNobodyOut(t *testing.T) {
	p := newPortal(t)
	mem := p.srv.portal.(*memStore)
	p.srv.sessions.limits = sessionLimits{Anonymous: 50, PerClient: 20}
	officer := p.browser()
	officer.signIn("officer")
	for range 100 {
		for _, path := range []string{"/", "/council-tax", "/schools", "/sign-in"} {
			resp, err := http.Get(p.ts.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
	}
	if n := len(mem.sessions); n != 1 {
		t.Errorf("%d sessions stored after 400 cookie-less requests, want the officer's only", n)
	}
	refused := 0
	for range 100 {
		b := p.browser()
		pg := b.submit("/council-tax", url.Values{"account_reference": {"10000001"}, "postcode": {"AV1 1AA"}})
		switch pg.Status {
		case http.StatusSeeOther:
		case http.StatusServiceUnavailable:
			refused++
		default:
			t.Fatalf("look-up: status %d", pg.Status)
		}
	}
	if refused != 80 {
		t.Errorf("%d of 100 anonymous sessions from one address refused, want 80 (cap 20)", refused)
	}
	if officer.sessionUser() == nil {
		t.Fatal("the officer was signed out")
	}
	mustStatus(t, officer.get("/officer/payments"), http.StatusOK)
	// Starting to sign in needs an anonymous session (it keeps the
	// pending sign-in), so from this address it waits until the flood's
	// sessions expire; the officer, active meanwhile, stays signed in.
	p.clock.Advance(sessionIdle - time.Minute)
	mustStatus(t, officer.get("/officer/payments"), http.StatusOK)
	p.clock.Advance(2 * time.Minute)
	res := p.browser()
	res.signIn("resident")
	if res.sessionUser() == nil {
		t.Error("a resident could not sign in once the flood's sessions had expired")
	}
	if officer.sessionUser() == nil {
		t.Error("the officer was signed out by the expiry of the flood's sessions")
	}
}

// One Login's back-channel logout, received by one instance, ends the
// session on every instance sharing the store.
func TestBackChannelLogoutAcrossInstances(t *testing.T) {
	dir := t.TempDir()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	op, err := oneloginfake.NewServer(oneloginfake.Config{
		ClientID: "portal-client", ClientKey: key.Public(),
		RedirectURIs: []string{"https://portal.example/auth/callback"},
		Clock:        councilkit.NewFixedClock(testNow),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(op.Close)
	instance := func() *portal {
		return newPortalWith(t, func(c *config) {
			c.DataDir = dir
			c.OneLogin = oneLoginConfig{
				ClientID: "portal-client", PrivateKey: key, Environment: op.Environment(),
				RedirectURL: "https://portal.example/auth/callback", PostLogoutRedirectURL: "https://portal.example/",
				HTTPClient: op.Client(),
			}
		})
	}
	p, q := instance(), instance()
	a := p.browser()
	_, cb := a.oneLoginSignIn(op, "/sign-in")
	mustStatus(t, cb, http.StatusSeeOther)
	subject := a.sessionUser().Subject
	token, err := op.LogoutToken(subject, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pg := a.get("/"); pg.has(`id="sign-in-link"`) {
		t.Fatal("not signed in")
	}
	resp, err := http.PostForm(q.ts.URL+backChannelPath, url.Values{"logout_token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("back-channel logout on the second instance: status %d", resp.StatusCode)
	}
	if pg := a.get("/"); !pg.has(`id="sign-in-link"`) {
		t.Error("still signed in on the first instance after back-channel logout on the second")
	}
}

// A data file that is not an SQLite database stops the portal at start
// with an error naming it, and changes nothing in it.
func TestCorruptDataFileStopsThePortal(t *testing.T) {
	for _, file := range []string{"councilkit.db", "portal.db"} {
		t.Run(file, func(t *testing.T) {
			dir := t.TempDir()
			if file == "portal.db" {
				// A good councilkit.db first.
				p := sqlitePortal(t, dir)
				p.ts.Close()
				p.srv.Close()
			}
			garbage := bytes.Repeat([]byte("not a database "), 400)
			path := filepath.Join(dir, file)
			if err := os.WriteFile(path, garbage, 0o600); err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			err := run(context.Background(), []string{"-data", dir, "-addr", "127.0.0.1:0"}, &stderr)
			if err == nil || !strings.Contains(err.Error(), path) {
				t.Fatalf("run = %v, want an error naming %s", err, path)
			}
			if !strings.Contains(err.Error(), "corrupt") {
				t.Errorf("error %q does not say the file is corrupt", err)
			}
			if b, _ := os.ReadFile(path); !bytes.Equal(b, garbage) {
				t.Error("the corrupt file was changed")
			}
		})
	}
	t.Run("unwritable directory", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(dir, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		err := run(context.Background(), []string{"-data", dir, "-addr", "127.0.0.1:0"}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "data directory") {
			t.Errorf("run with -data naming a file = %v", err)
		}
	})
	t.Run("database down at start", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		err := run(ctx, []string{"-postgres", "postgres://portal@127.0.0.1:1/portal?connect_timeout=2", "-addr", "127.0.0.1:0"}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "PostgreSQL") {
			t.Errorf("run with PostgreSQL down = %v", err)
		}
	})
}

// When the store goes away while the portal runs, a request that needs it
// gets a 503 page saying to try later, never a page pretending all is
// well.
func TestStoreDownGives503(t *testing.T) {
	p := sqlitePortal(t, t.TempDir())
	b := p.browser()
	b.signIn("resident")
	form := b.token()
	p.srv.Close() // the databases go away; the HTTP server keeps running
	for _, pg := range []page{
		b.get("/planning"),
		b.post("/council-tax", url.Values{csrfField: {form}, "account_reference": {"10000001"}, "postcode": {"AV1 1AA"}}),
	} {
		mustStatus(t, pg, http.StatusServiceUnavailable)
		mustContain(t, pg, "Sorry, there is a problem with the service")
		if pg.Header.Get("Retry-After") == "" {
			t.Error("no Retry-After")
		}
	}
	if !strings.Contains(p.logs.String(), "store unavailable") {
		t.Error("nothing logged")
	}
}

// A write that fails part way through a request (the session's Set) is a
// 503 too, not a silent loss.
func TestSessionWriteFailureGives503(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.get("/council-tax")
	p.srv.sessions.store = failingStore{p.srv.portal}
	pg := b.submit("/council-tax", url.Values{"account_reference": {"10000001"}, "postcode": {"AV1 1AA"}})
	mustStatus(t, pg, http.StatusServiceUnavailable)
}

type failingStore struct{ portalStore }

func (failingStore) createSession(context.Context, *sessionRecord, sessionLimits) error {
	return errors.New("disk I/O error")
}

// BenchmarkAnonymousSessionWhenFull is the flood's cost: creating an
// anonymous session when the cap is reached and none has expired. Before
// the fix this scanned every session (about 43 ms at 100,000).
func BenchmarkAnonymousSessionWhenFull(b *testing.B) {
	ctx := context.Background()
	for name, open := range map[string]func() portalStore{
		"memory": func() portalStore { return newMemStore() },
		"sqlite": func() portalStore {
			st, err := openSQLiteStore(ctx, filepath.Join(b.TempDir(), "portal.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(st.close)
			return st
		},
	} {
		b.Run(name, func(b *testing.B) {
			st := open()
			lim := sessionLimits{Anonymous: 10_000, PerClient: 10_000}
			for i := range lim.Anonymous {
				if err := st.createSession(ctx, anonRecord(fmt.Sprint(i), fmt.Sprint(i%5000), testNow), lim); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if err := st.createSession(ctx, anonRecord(fmt.Sprint("x", i), "198.51.100.1", testNow), lim); !errors.Is(err, errSessionsFull) {
					b.Fatal(err)
				}
			}
		})
	}
}
