package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit/internal/pgtest"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/postgres"
)

// newPostgresDatabase creates an empty database for t, owned by a new
// login role that is neither superuser nor BYPASSRLS (the kind of role the
// portal must run as), and returns that role's URL. Both are dropped when
// t ends. It skips t without COUNCILKIT_TEST_POSTGRES, and fails it under
// CI=true.
func newPostgresDatabase(t *testing.T) string {
	t.Helper()
	admin := pgtest.URL(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "portal_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, `CREATE ROLE `+name+` LOGIN NOSUPERUSER NOBYPASSRLS`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name+` OWNER `+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Error(err)
		}
		if _, err := conn.Exec(ctx, `DROP ROLE IF EXISTS `+name); err != nil {
			t.Error(err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(name)
	u.Path = "/" + name
	return u.String()
}

// TestPostgresStores runs the portal's journeys against PostgreSQL, then
// starts a second portal on the same database, as a restart would: the
// seed is not written twice, what residents did is still there, and new
// applications carry on the numbering.
func TestPostgresStores(t *testing.T) {
	dbURL := newPostgresDatabase(t)
	withPG := func(c *config) { c.PostgresURL = dbURL }

	first := newPortalWith(t, withPG)
	if first.srv.db == nil {
		t.Fatal("PostgresURL set, but the portal has no database")
	}
	if _, ok := first.srv.adm.store.(*postgres.AdmissionsStore); !ok {
		t.Fatalf("admissions store is %T, want PostgreSQL's", first.srv.adm.store)
	}
	seeded := len(first.srv.sites.list[0].seedApps)
	if n := first.countApplications(t); n != seeded {
		t.Fatalf("%d applications after seeding, want %d", n, seeded)
	}

	// A resident pays an instalment and applies for a school place.
	b := first.browser()
	b.signIn("resident")
	b.lookUpBill("10000001")
	pg := b.submit("/council-tax/bill", url.Values{"choice": {"instalment"}})
	mustStatus(t, pg, http.StatusSeeOther)
	mustContain(t, b.payWith(pg.Header.Get("Location"), "4444333322221111"), "Payment received")
	mustContain(t, b.apply("9910000001", "990101", "990103"), "AVC-2027-00001")

	// An officer runs the round over the stored applications.
	off := first.browser()
	off.signIn("officer")
	mustContain(t, off.get("/officer/admissions"), `id="application-count">37<`)
	mustStatus(t, off.submit("/officer/admissions", nil), http.StatusSeeOther)
	mustContain(t, off.get("/officer/admissions"), "Results by school")
	paid := first.allPayments(t)
	if len(paid) != 1 || paid[0].Status != payments.StatusSuccess || paid[0].Amount != payments.MustParseAmount("172.00") {
		t.Fatalf("payments in PostgreSQL: %+v", paid)
	}
	first.srv.Close()

	// A restart against the same database.
	second := newPortalWith(t, withPG)
	t.Cleanup(second.srv.Close)
	if n := second.countApplications(t); n != seeded+1 {
		t.Errorf("%d applications after a restart, want %d: the seed was written twice or the application lost", n, seeded+1)
	}
	if got := second.allPayments(t); len(got) != 1 || got[0].ID != paid[0].ID {
		t.Errorf("payments after a restart: %+v", got)
	}
	b2 := second.browser()
	mustContain(t, b2.lookUpBill("10000001"), `id="paid">£172.00<`, "keeps its records, such as payments, applications and sessions, in a database")
	b2.signIn("resident")
	mustContain(t, b2.apply("9910000002", "990102"), "AVC-2027-00002")
	// A payment after the restart: the new run's sandbox must not reuse a
	// provider ID the first run stored.
	pg = b2.submit("/council-tax/bill", url.Values{"choice": {"instalment"}})
	mustStatus(t, pg, http.StatusSeeOther)
	mustContain(t, b2.payWith(pg.Header.Get("Location"), "4444333322221111"), "Payment received")
	if got := second.allPayments(t); len(got) != 2 || got[0].ProviderID == got[1].ProviderID {
		t.Errorf("payments after paying again: %+v", got)
	}
}
