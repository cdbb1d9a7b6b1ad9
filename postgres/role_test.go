package postgres

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// testRoles makes cluster-wide roles for one test, with random names, and
// drops them (with what they own and their grants) when the test ends.
type testRoles struct {
	t     *testing.T
	admin *pgx.Conn
	names []string
}

func newTestRoles(t *testing.T) *testRoles {
	t.Helper()
	setupShared(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, shared.admin)
	if err != nil {
		t.Fatal(err)
	}
	r := &testRoles{t: t, admin: conn}
	t.Cleanup(func() {
		for i := len(r.names) - 1; i >= 0; i-- {
			if _, err := conn.Exec(ctx, `DROP ROLE IF EXISTS `+r.names[i]); err != nil {
				t.Errorf("drop role %s: %v", r.names[i], err)
			}
		}
		conn.Close(ctx)
	})
	return r
}

// create makes a role with the given attributes and returns its name.
func (r *testRoles) create(attrs string) string {
	r.t.Helper()
	name := randomName()
	r.exec(`CREATE ROLE ` + name + ` ` + attrs)
	r.names = append(r.names, name)
	return name
}

func (r *testRoles) exec(sql string) {
	r.t.Helper()
	if _, err := r.admin.Exec(context.Background(), sql); err != nil {
		r.t.Fatalf("%s: %v", sql, err)
	}
}

func (r *testRoles) serverVersion() int {
	r.t.Helper()
	var v int
	if err := r.admin.QueryRow(context.Background(), `SELECT current_setting('server_version_num')::integer`).Scan(&v); err != nil {
		r.t.Fatal(err)
	}
	return v
}

// TestOpenRefusesRoleThatCanBecomePrivileged: SUPERUSER and BYPASSRLS are
// not inherited, but SET ROLE reaches every role the session user is a
// member of, directly or through other roles (PostgreSQL manual, "SET
// ROLE" and "Role Membership", section 22.3), whatever the INHERIT
// setting. So Open must refuse a login role that is an ordinary role
// itself but a member, at any depth, of a superuser or BYPASSRLS role; and
// on PostgreSQL before 16 a CREATEROLE role, which can GRANT itself any
// non-superuser role (PostgreSQL 15 manual, "CREATE ROLE": CREATEROLE may
// "alter and drop other roles" and grant membership in them; 16 release
// notes: CREATEROLE now needs ADMIN OPTION to grant a role).
func TestOpenRefusesRoleThatCanBecomePrivileged(t *testing.T) {
	t.Parallel()
	roles := newTestRoles(t)
	td := newTestDB(t)
	ctx := context.Background()
	bypass := roles.create(`NOLOGIN BYPASSRLS`)
	super := roles.create(`NOLOGIN SUPERUSER`)
	ordinary := roles.create(`NOLOGIN`)

	type tc struct {
		name  string
		setup func(login string) // grants for the login role
	}
	cases := []tc{
		{"direct member of a BYPASSRLS role", func(l string) { roles.exec(`GRANT ` + bypass + ` TO ` + l) }},
		{"direct member of a superuser role", func(l string) { roles.exec(`GRANT ` + super + ` TO ` + l) }},
		{"member of a BYPASSRLS role through two others", func(l string) {
			mid1, mid2 := roles.create(`NOLOGIN`), roles.create(`NOLOGIN NOINHERIT`)
			roles.exec(`GRANT ` + bypass + ` TO ` + mid2)
			roles.exec(`GRANT ` + mid2 + ` TO ` + mid1)
			roles.exec(`GRANT ` + mid1 + ` TO ` + l)
		}},
		{"member of a superuser role through another", func(l string) {
			mid := roles.create(`NOLOGIN`)
			roles.exec(`GRANT ` + super + ` TO ` + mid)
			roles.exec(`GRANT ` + mid + ` TO ` + l)
		}},
		{"NOINHERIT member of a BYPASSRLS role", func(l string) {
			roles.exec(`ALTER ROLE ` + l + ` NOINHERIT`)
			roles.exec(`GRANT ` + bypass + ` TO ` + l)
		}},
		{"BYPASSRLS itself", func(l string) { roles.exec(`ALTER ROLE ` + l + ` BYPASSRLS`) }},
	}
	if roles.serverVersion() < 160000 {
		cases = append(cases,
			tc{"CREATEROLE before PostgreSQL 16", func(l string) { roles.exec(`ALTER ROLE ` + l + ` CREATEROLE`) }},
			tc{"member of a CREATEROLE role before PostgreSQL 16", func(l string) {
				cr := roles.create(`NOLOGIN CREATEROLE`)
				roles.exec(`GRANT ` + cr + ` TO ` + l)
			}})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			login := roles.create(`LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE`)
			c.setup(login)
			u := appURL(shared.admin, login, td.Name)
			db, err := Open(ctx, u, Config{})
			if err == nil {
				db.Close()
				t.Fatal("Open accepted a role that can SET ROLE past row-level security")
			}
			if !errors.Is(err, ErrPrivilegedRole) {
				t.Fatalf("Open: err = %v, want ErrPrivilegedRole", err)
			}
			// AllowPrivilegedRole still lets it in, for migrating only.
			db, err = Open(ctx, u, Config{AllowPrivilegedRole: true})
			if err != nil {
				t.Fatalf("Open with AllowPrivilegedRole: %v", err)
			}
			defer db.Close()
			if err := db.InCouncil(ctx, councilA, func(pgx.Tx) error { return nil }); !errors.Is(err, ErrPrivilegedRole) {
				t.Fatalf("InCouncil on a privileged handle: err = %v, want ErrPrivilegedRole", err)
			}
		})
	}

	t.Run("member of an ordinary role only is accepted", func(t *testing.T) {
		login := roles.create(`LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE`)
		roles.exec(`GRANT ` + ordinary + ` TO ` + login)
		db, err := Open(ctx, appURL(shared.admin, login, td.Name), Config{})
		if err != nil {
			t.Fatalf("Open refused an ordinary role: %v", err)
		}
		db.Close()
	})
}

// TestSetLocalRoleCannotEscapeRowLevelSecurity is the attack of issue 15,
// finding 4: inside a council A transaction, SET LOCAL ROLE to a BYPASSRLS
// role that the connecting role is a member of shows council B's rows. The
// test first shows that the attack works for such a role (so that the rest
// proves something), then that Open refuses that role, and that through a
// handle Open accepts, SET LOCAL ROLE to a BYPASSRLS or superuser role
// fails and council B's rows stay hidden.
func TestSetLocalRoleCannotEscapeRowLevelSecurity(t *testing.T) {
	t.Parallel()
	roles := newTestRoles(t)
	td := newMigratedDB(t)
	ctx := context.Background()
	app := openMigrated(t, td)
	seedEveryTable(t, app, councilB)

	// bypass can use the tables (through the owner's privileges) and skips
	// row-level security; attacker is an ordinary login role that is a
	// member of it.
	bypass := roles.create(`NOLOGIN BYPASSRLS`)
	roles.exec(`GRANT ` + shared.role + ` TO ` + bypass)
	attacker := roles.create(`LOGIN NOSUPERUSER NOBYPASSRLS`)
	roles.exec(`GRANT ` + shared.role + ` TO ` + attacker)
	roles.exec(`GRANT ` + bypass + ` TO ` + attacker)
	t.Cleanup(func() { roles.exec(`REVOKE ` + shared.role + ` FROM ` + bypass + `, ` + attacker) })
	attackerURL := appURL(shared.admin, attacker, td.Name)

	// The attack, on a handle that only AllowPrivilegedRole lets exist.
	priv, err := Open(ctx, attackerURL, Config{AllowPrivilegedRole: true})
	if err != nil {
		t.Fatal(err)
	}
	defer priv.Close()
	before, after := -1, -1
	err = pgx.BeginFunc(ctx, priv.Pool(), func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('`+councilSetting+`', $1, true)`, councilA.String()); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM councilkit.payments`).Scan(&before); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SET LOCAL ROLE `+bypass); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT count(*) FROM councilkit.payments`).Scan(&after)
	})
	if err != nil {
		t.Fatal(err)
	}
	if before != 0 || after < 1 {
		t.Fatalf("the attack did not work as issue 15 describes (before %d, after %d rows): this test proves nothing", before, after)
	}

	// Open refuses that role.
	if db, err := Open(ctx, attackerURL, Config{}); !errors.Is(err, ErrPrivilegedRole) {
		if err == nil {
			db.Close()
		}
		t.Fatalf("Open(member of a BYPASSRLS role): err = %v, want ErrPrivilegedRole", err)
	}

	// Through the handle Open accepted, the same statements fail.
	for _, target := range []string{bypass, "postgres"} {
		n := -1
		err := app.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SET LOCAL ROLE `+target); err != nil {
				return err
			}
			return tx.QueryRow(ctx, `SELECT count(*) FROM councilkit.payments`).Scan(&n)
		})
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != sqlstateInsufficientPriv {
			t.Errorf("SET LOCAL ROLE %s through an opened DB: err = %v (saw %d rows), want permission denied", target, err, n)
		}
	}
}

// TestNewConnectionRefusedAfterGrant: a membership granted after Open is
// caught when the pool opens a new connection.
func TestNewConnectionRefusedAfterGrant(t *testing.T) {
	t.Parallel()
	roles := newTestRoles(t)
	td := newTestDB(t)
	ctx := context.Background()
	login := roles.create(`LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE`)
	bypass := roles.create(`NOLOGIN BYPASSRLS`)
	db, err := Open(ctx, appURL(shared.admin, login, td.Name), Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.InCouncil(ctx, councilA, func(pgx.Tx) error { return nil }); err != nil {
		t.Fatalf("before the grant: %v", err)
	}
	roles.exec(`GRANT ` + bypass + ` TO ` + login)
	db.Pool().Reset() // every connection is new from here on
	err = db.InCouncil(ctx, councilA, func(pgx.Tx) error { return nil })
	if !errors.Is(err, ErrPrivilegedRole) {
		t.Fatalf("after the grant, on a new connection: err = %v, want ErrPrivilegedRole", err)
	}
}
