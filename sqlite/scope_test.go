package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lgds/councilkit/payments/paymentstest"
)

// TestScoped pins what counts as a statement scoped to the council: the
// check that stands in for PostgreSQL's row-level security.
func TestScoped(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want bool
	}{
		{`SELECT body FROM planning_applications WHERE council = ?1 AND id = ?2`, true},
		{`SELECT EXISTS (SELECT 1 FROM payments WHERE council = ?1 AND id = ?2)`, true},
		{`SELECT a FROM payment_events WHERE council = ?1 AND payment_id IN (SELECT id FROM payments WHERE council = ?1)`, true},
		{`UPDATE payments SET reference = ?3 WHERE council = ?1 AND id = ?2`, true},
		{`DELETE FROM admissions_offers WHERE council = ?1 AND school_year = ?2`, true},
		{`INSERT INTO payment_webhooks (council, message_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING`, true},
		{`INSERT INTO planning_reference_counters (council, year, last) VALUES (?1, ?2, 1) ON CONFLICT (council, year) DO UPDATE SET last = last + 1`, true},
		{`SELECT 1 FROM json_each(?2)`, true},
		{`SELECT count(*) FROM payments`, false},
		{`SELECT body FROM planning_applications WHERE id = ?2`, false},
		{`SELECT body FROM planning_applications WHERE council = ?2`, false},
		{`SELECT body FROM planning_applications WHERE council = ?10`, false},
		{`SELECT body FROM planning_applications WHERE council = ?1 OR 1`, true}, // the form is checked, not the logic: review catches this
		{`SELECT a FROM payment_events WHERE council = ?1 AND payment_id IN (SELECT id FROM payments)`, false},
		{`SELECT a FROM payment_events e JOIN payments p ON p.id = e.payment_id WHERE e.council = ?1`, false},
		{`UPDATE payments SET reference = ?3 WHERE id = ?2`, false},
		{`DELETE FROM payment_refunds`, false},
		{`INSERT INTO payment_webhooks (message_id, council) VALUES (?2, ?1)`, false},
		{`INSERT INTO payment_webhooks (council, message_id) VALUES (?2, ?3)`, false},
		{`INSERT INTO payment_webhooks (council, message_id) SELECT council, message_id FROM payment_webhooks WHERE council = ?1`, false},
		{`insert into payments (council, id) values (?1, ?2)`, true},
		{`select * from payments`, false},
		{`SELECT 1 FROM payments p, payment_refunds r WHERE p.council = ?1`, false},
		{`SELECT 1 FROM payments, payment_refunds WHERE council = ?1`, false},
		{`SELECT 1 FROM payments AS p , payment_refunds WHERE p.council = ?1`, false},
		{`SELECT 1 FROM payments WHERE council = ?1 AND id IN (?2, ?3)`, true},
	} {
		if got := scoped(tc.q); got != tc.want {
			t.Errorf("scoped(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
	for _, table := range []string{"payments", "payment_events", "payment_refunds", "payment_webhooks",
		"planning_applications", "planning_reference_counters", "admissions_applications", "admissions_offers", "events",
		"admission_rounds", "admission_round_results", "fsm_records", "counciltax_bills", "webhook_endpoints", "webhook_deliveries",
		"planning_documents", "planning_document_contents", "planning_comments", "sandbox_payments", "sandbox_sequences", "notice_outcomes"} {
		if !councilTables[table] {
			t.Errorf("councilTables, read from the migrations, lacks %s", table)
		}
	}
}

// TestUnscopedStatementRefused: a statement that does not name the
// council is refused by the transaction before SQLite sees it, so a
// mistake fails closed, in whichever test first runs it.
func TestUnscopedStatementRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	p := paymentstest.NewPayment(councilB, t0)
	if err := db.Payments().Create(ctx, councilB, p); err != nil {
		t.Fatal(err)
	}
	err := db.write(ctx, councilA, func(t *tx) error {
		_, err := t.exec(`UPDATE payments SET reference = 'stolen'`)
		return err
	})
	if !errors.Is(err, errUnscoped) {
		t.Errorf("unscoped UPDATE: %v, want errUnscoped", err)
	}
	err = db.read(ctx, councilA, func(t *tx) error {
		var n int
		return t.scan(`SELECT count(*) FROM payments`, nil, &n)
	})
	if !errors.Is(err, errUnscoped) {
		t.Errorf("unscoped SELECT: %v, want errUnscoped", err)
	}
	if got, err := db.Payments().Get(ctx, councilB, p.ID); err != nil || got.Reference != p.Reference {
		t.Errorf("council B's payment: %+v, %v", got, err)
	}
}

// TestEveryStatementNamesTheCouncil reads this package's source and checks
// every SQL statement in it, so that a statement without the council
// condition fails CI even if no test runs it. A statement written as one
// string constant expression (literals and the package's string
// constants joined with +) is checked whole; one with a run-time part is
// checked with that part as a blank, so the part written out must scope
// it. (The tx methods check every statement again when it runs.)
//
// One statement is allowed not to name the council, by name and nothing
// else: eventsSinceAllCouncils, the event log's read of every council's
// events for the dispatcher (EventLog.Since). It must read only the events
// table, return only positions and envelopes (events hold no personal
// data), be written once, and be run from Since alone.
func TestEveryStatementNamesTheCouncil(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	consts := map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[n.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			}
		}
	}
	// text assembles a + chain of strings; parts not known until run
	// time become a blank.
	var text func(e ast.Expr) string
	text = func(e ast.Expr) string {
		switch e := e.(type) {
		case *ast.BasicLit:
			if e.Kind == token.STRING {
				s, _ := strconv.Unquote(e.Value)
				return s
			}
		case *ast.Ident:
			if s, ok := consts[e.Name]; ok {
				return s
			}
		case *ast.BinaryExpr:
			if e.Op == token.ADD {
				return text(e.X) + text(e.Y)
			}
		case *ast.ParenExpr:
			return text(e.X)
		}
		return " "
	}
	allowed, ok := consts["eventsSinceAllCouncils"]
	if !ok {
		t.Fatal("the constant eventsSinceAllCouncils is not found")
	}
	if refs := tableRef.FindAllStringSubmatch(allowed, -1); len(refs) != 1 || refs[0][2] != "events" ||
		!strings.HasPrefix(allowed, "SELECT seq, envelope FROM events WHERE ") {
		t.Errorf("eventsSinceAllCouncils may read only positions and envelopes from events: %s", allowed)
	}
	checked, allowedSeen, allowedUses := 0, 0, 0
	for _, f := range parsed {
		ast.Inspect(f, func(n ast.Node) bool {
			if fn, ok := n.(*ast.FuncDecl); ok {
				ast.Inspect(fn, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok && id.Name == "eventsSinceAllCouncils" {
						allowedUses++
						if fn.Name.Name != "Since" || fn.Recv == nil {
							t.Errorf("%s: eventsSinceAllCouncils used outside EventLog.Since", fset.Position(id.Pos()))
						}
					}
					return true
				})
			}
			var q string
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if n.Op != token.ADD {
					return true
				}
				q = text(n)
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				q = text(n)
			default:
				return true
			}
			if !tableRef.MatchString(q) {
				return true
			}
			touches := false
			for _, m := range tableRef.FindAllStringSubmatch(q, -1) {
				touches = touches || councilTables[strings.ToLower(m[2])]
			}
			if !touches {
				return true
			}
			if q == allowed {
				allowedSeen++
				return false
			}
			checked++
			if !scoped(q) {
				t.Errorf("%s: statement does not name the council as ?1 for every table it touches:\n%s", fset.Position(n.Pos()), q)
			}
			return false // a chain is checked whole, not again in parts
		})
	}
	if checked < 25 {
		t.Errorf("checked only %d statements: is the source scan still finding them?", checked)
	}
	if allowedSeen != 1 || allowedUses != 1 {
		t.Errorf("the unscoped read of the event log is written %d times and used %d times; want once each, in EventLog.Since", allowedSeen, allowedUses)
	}
}

// TestEveryTableKeyedByCouncil: every table starts with a council column
// that cannot be NULL and begins its primary key, and every index begins
// with the council, so no lookup or uniqueness rule spans councils. The
// one exception is the primary key of the event log, events: its key is
// its position (seq), which orders every council's events in one log for
// the dispatcher; its council column still comes first, its other keys
// begin with it, and the position is the store's, never a caller's.
func TestEveryTableKeyedByCouncil(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	for table := range councilTables {
		rows, err := db.r.QueryContext(ctx, `SELECT cid, name, "notnull", pk FROM pragma_table_info(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		var pk0, col0 string
		var notNull0 bool
		err = eachRow(rows, func(r *sql.Rows) error {
			var (
				cid, pk int
				name    string
				notNull bool
			)
			if err := r.Scan(&cid, &name, &notNull, &pk); err != nil {
				return err
			}
			if cid == 0 {
				col0, notNull0 = name, notNull
			}
			if pk == 1 {
				pk0 = name
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		wantPK := "council"
		if table == "events" {
			wantPK = "seq"
		}
		if col0 != "council" || !notNull0 || pk0 != wantPK {
			t.Errorf("%s: first column %q (NOT NULL %v), first key column %q; want council, NOT NULL, %s first in the key", table, col0, notNull0, pk0, wantPK)
		}
		rows, err = db.r.QueryContext(ctx, `SELECT il.name, (SELECT ii.name FROM pragma_index_info(il.name) ii WHERE ii.seqno = 0)
			FROM pragma_index_list(?) il`, table)
		if err != nil {
			t.Fatal(err)
		}
		err = eachRow(rows, func(r *sql.Rows) error {
			var index, first string
			if err := r.Scan(&index, &first); err != nil {
				return err
			}
			if first != "council" {
				t.Errorf("%s: index %s begins with %q, not council", table, index, first)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(councilTables) < 8 {
		t.Errorf("only %d tables found in the migrations", len(councilTables))
	}
}

// FuzzScoped: for any statement, scoped never panics, and never passes a
// statement that touches a councilkit table without naming ?1 at all.
func FuzzScoped(f *testing.F) {
	for _, q := range []string{
		`SELECT body FROM planning_applications WHERE council = ?1 AND id = ?2`,
		`INSERT INTO payment_webhooks (council, message_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING`,
		`UPDATE payments SET reference = ?3 WHERE council = ?1 AND id = ?2`,
		`DELETE FROM payment_refunds`,
		`SELECT a FROM payment_events WHERE council = ?1 AND payment_id IN (SELECT id FROM payments)`,
		`select * from PAYMENTS where council = ?12`,
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		ok := scoped(q)
		touches := false
		for _, m := range tableRef.FindAllStringSubmatch(q, -1) {
			touches = touches || councilTables[strings.ToLower(m[2])]
		}
		if ok && touches && !strings.Contains(q, "?1") {
			t.Errorf("scoped(%q) = true, but it never names ?1", q)
		}
	})
}
