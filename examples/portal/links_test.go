package main

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/postgres"
)

// testLinkRecords is the link store's part of the portal store's suite
// (TestPortalStores): one link per record, holding who started it and how
// to reach them; the first subject keeps a record; a record started
// without signing in is linked for its receipt only; councils are apart.
func testLinkRecords(t *testing.T, st portalStore) {
	ctx := context.Background()
	const c, other = "E06000099", "W06000015"
	alex := contact{Email: "alex@example.com", Language: councilkit.Welsh}
	mustLink := func(l recordLink) {
		t.Helper()
		if err := st.link(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	mustLink(recordLink{Council: c, Kind: linkPayment, ID: "pay-1", Subject: "urn:a", To: alex})
	mustLink(recordLink{Council: c, Kind: linkPlanning, ID: "26/00001/FUL", Subject: "urn:a", To: alex})
	mustLink(recordLink{Council: c, Kind: linkFSM, ID: "fsm-1", Subject: "urn:a"})
	mustLink(recordLink{Council: c, Kind: linkPayment, ID: "pay-2", Subject: "urn:b", To: contact{Email: "sam@example.com"}})
	// Anonymous: a council tax payment with an address for its receipt.
	anon := recordLink{Council: c, Kind: linkPayment, ID: "pay-3", To: contact{Email: "payer@example.com", Language: councilkit.English}}
	mustLink(anon)

	l, err := st.linkOf(ctx, c, linkPayment, "pay-1")
	if err != nil || l.Subject != "urn:a" || l.To != alex {
		t.Fatalf("linkOf pay-1 = %+v, %v", l.To, err)
	}
	// The same resident again (another tab, a later language): the
	// contact is the latest.
	alexEn := contact{Email: "alex.new@example.com", Language: councilkit.English}
	mustLink(recordLink{Council: c, Kind: linkPayment, ID: "pay-1", Subject: "urn:a", To: alexEn})
	if l, _ := st.linkOf(ctx, c, linkPayment, "pay-1"); l.To != alexEn {
		t.Errorf("after relinking, contact %v", l.To)
	}
	// Another resident cannot take the record, nor its receipts.
	mustLink(recordLink{Council: c, Kind: linkPayment, ID: "pay-1", Subject: "urn:b", To: contact{Email: "thief@example.com"}})
	if l, _ := st.linkOf(ctx, c, linkPayment, "pay-1"); l.Subject != "urn:a" || l.To != alexEn {
		t.Errorf("another subject took the record: signed in %t, %v", l.Subject == "urn:a", l.To)
	}
	mustLink(recordLink{Council: c, Kind: linkPayment, ID: "pay-3", Subject: "urn:b", To: contact{Email: "thief@example.com"}})
	if l, err := st.linkOf(ctx, c, linkPayment, "pay-3"); err != nil || l.Subject != "" || l.To != anon.To {
		t.Errorf("anonymous receipt link = %v signed in %t, %v", l.To, l.Subject != "", err)
	}
	// The resident's records, in the order linked, of every kind; the
	// anonymous one is no one's.
	links, err := st.linksOf(ctx, c, "urn:a")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range links {
		got = append(got, l.Kind+" "+l.ID)
	}
	if want := []string{"payment pay-1", "planning 26/00001/FUL", "fsm fsm-1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("linksOf = %v, want %v", got, want)
	}
	for _, subj := range []string{"", "urn:c"} {
		if links, err := st.linksOf(ctx, c, subj); err != nil || len(links) != 0 {
			t.Errorf("linksOf(%q) = %d links, %v", subj, len(links), err)
		}
		if ids, err := st.linked(ctx, c, subj, linkPayment); err != nil || len(ids) != 0 {
			t.Errorf("linked(%q) = %v, %v", subj, ids, err)
		}
	}
	if ids, _ := st.linked(ctx, c, "urn:b", linkPayment); !reflect.DeepEqual(ids, []string{"pay-2"}) {
		t.Errorf("linked urn:b = %v", ids)
	}
	// Nothing crosses councils, kinds or IDs.
	for _, k := range []linkKey{{other, linkPayment, "pay-1"}, {c, linkAdmissions, "pay-1"}, {c, linkPayment, "pay-9"}} {
		if _, err := st.linkOf(ctx, k.council, k.kind, k.id); !errors.Is(err, errNoLink) {
			t.Errorf("linkOf %v: %v, want errNoLink", k, err)
		}
	}
	if links, _ := st.linksOf(ctx, other, "urn:a"); len(links) != 0 {
		t.Errorf("another council lists %d of the resident's records", len(links))
	}
}

// oldLinksTable is portal_links as the portal made it before links held
// how to reach the resident: keyed by subject as well, so that two
// residents could be linked to one record.
const oldLinksTable = `CREATE TABLE portal_links (
	council TEXT NOT NULL,
	kind    TEXT NOT NULL,
	subject TEXT NOT NULL,
	id      TEXT NOT NULL,
	at_ns   BIGINT NOT NULL,
	PRIMARY KEY (council, kind, subject, id)
)`

var oldLinkRows = []string{
	`INSERT INTO portal_links VALUES ('E06000099', 'planning', 'urn:a', '26/00001/FUL', 1)`,
	`INSERT INTO portal_links VALUES ('E06000099', 'planning', 'urn:b', '26/00001/FUL', 2)`,
	`INSERT INTO portal_links VALUES ('E06000099', 'admissions', 'urn:b', 'A-1', 3)`,
}

// TestLinksTableUpgrade: a data file (or database) made before links held
// contacts is brought up to date at start, keeping its links (the first
// resident of a record doubly linked), and a second start changes
// nothing more. SQLite has no ADD COLUMN IF NOT EXISTS: the column is
// looked for first.
func TestLinksTableUpgrade(t *testing.T) {
	ctx := context.Background()
	type opener struct {
		name string
		// prepare makes the old table and returns how to open the store.
		prepare func(t *testing.T) func() (*sqlStore, error)
	}
	openers := []opener{{"sqlite", func(t *testing.T) func() (*sqlStore, error) {
		path := filepath.Join(t.TempDir(), "portal.db")
		db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, s := range append([]string{oldLinksTable}, oldLinkRows...) {
			if _, err := db.Exec(s); err != nil {
				t.Fatal(err)
			}
		}
		return func() (*sqlStore, error) { return openSQLiteStore(ctx, path) }
	}}}
	openers = append(openers, opener{"postgres", func(t *testing.T) func() (*sqlStore, error) {
		db, err := postgres.Open(ctx, newPostgresDatabase(t), postgres.Config{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(db.Close)
		for _, s := range append([]string{oldLinksTable}, oldLinkRows...) {
			if _, err := db.Pool().Exec(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		return func() (*sqlStore, error) { return openPostgresStore(ctx, db.Pool()) }
	}})
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			open := o.prepare(t)
			for start := range 2 {
				st, err := open()
				if err != nil {
					t.Fatalf("start %d: %v", start, err)
				}
				l, err := st.linkOf(ctx, "E06000099", linkPlanning, "26/00001/FUL")
				if err != nil || l.Subject != "urn:a" || l.To.Email != "" {
					t.Errorf("start %d: the doubly linked record: first resident %t, %v, %v", start, l.Subject == "urn:a", l.To, err)
				}
				if ids, err := st.linked(ctx, "E06000099", "urn:b", linkAdmissions); err != nil || !reflect.DeepEqual(ids, []string{"A-1"}) {
					t.Errorf("start %d: linked = %v, %v", start, ids, err)
				}
				if start == 0 {
					if err := st.link(ctx, recordLink{Council: "E06000099", Kind: linkPayment, ID: "pay-1", To: contact{Email: "payer@example.com"}}); err != nil {
						t.Fatal(err)
					}
				}
				if l, err := st.linkOf(ctx, "E06000099", linkPayment, "pay-1"); err != nil || l.To.Email != "payer@example.com" {
					t.Errorf("start %d: new link %v, %v", start, l.To, err)
				}
				st.close()
			}
		})
	}
}
