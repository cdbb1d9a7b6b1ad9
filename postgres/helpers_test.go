package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit/internal/pgtest"
)

// testDB is a throwaway database of its own for one test, owned by a login
// role of its own that is neither superuser nor BYPASSRLS: the role the
// stores really use, so row-level security is in force exactly as in
// production.
type testDB struct {
	// AppURL connects as the unprivileged owner role.
	AppURL string
	// SuperURL connects to the same database as the cluster superuser,
	// for fault injection and for inspecting what row-level security
	// hides from the application.
	SuperURL string
	Name     string
}

// shared is the login role every test database is owned by, and a
// migrated database that migrated test databases are cloned from, both
// made on first use and dropped by TestMain. Cloning saves running the
// migrations for every test.
var shared struct {
	once     sync.Once
	admin    string
	role     string
	template string
	err      error
}

func randomName() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "ck_" + hex.EncodeToString(b[:])
}

func setupShared(t testing.TB) {
	t.Helper()
	admin := pgtest.URL(t)
	shared.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			shared.err = err
			return
		}
		defer conn.Close(ctx)
		role := randomName()
		if _, err := conn.Exec(ctx, `CREATE ROLE `+role+` LOGIN NOSUPERUSER NOBYPASSRLS`); err != nil {
			shared.err = err
			return
		}
		shared.admin, shared.role = admin, role
		tmpl := role + "_template"
		if _, err := conn.Exec(ctx, `CREATE DATABASE `+tmpl+` OWNER `+role); err != nil {
			shared.err = err
			return
		}
		shared.template = tmpl
		db, err := Open(ctx, appURL(admin, role, tmpl), Config{})
		if err != nil {
			shared.err = err
			return
		}
		defer db.Close()
		shared.err = db.Migrate(ctx)
	})
	if shared.err != nil {
		t.Fatalf("setting up the test role and template database: %v", shared.err)
	}
}

// TestMain drops what setupShared made once every test has finished.
func TestMain(m *testing.M) {
	if spec := os.Getenv(deliveryWorkerEnv); spec != "" {
		os.Exit(runDeliveryWorker(spec)) // a worker process of a delivery test
	}
	flag.Parse()
	dropExamples := setUpExamples()
	code := m.Run()
	dropExamples()
	stopSpares()
	if shared.role != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		conn, err := pgx.Connect(ctx, shared.admin)
		if err == nil {
			if shared.template != "" {
				_, err = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+shared.template+` WITH (FORCE)`)
			}
			if err == nil {
				_, err = conn.Exec(ctx, `DROP ROLE IF EXISTS `+shared.role)
			}
			conn.Close(ctx)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "dropping the test role %s: %v\n", shared.role, err)
		}
		cancel()
	}
	os.Exit(code)
}

func appURL(admin, user, dbname string) string {
	u, err := url.Parse(admin)
	if err != nil {
		return ""
	}
	u.Path = "/" + dbname
	if user != "" {
		u.User = url.User(user)
	}
	return u.String()
}

// newTestDB creates an empty database for t and drops it when t ends.
func newTestDB(t testing.TB) testDB { return createTestDB(t, "template1") }

// newMigratedDB creates a database for t with the schema already at
// LatestVersion, and drops it when t ends. Such databases are cloned ahead
// of need in the background, so that the conformance suites' sequential
// subtests do not each wait for CREATE DATABASE.
func newMigratedDB(t testing.TB) testDB {
	t.Helper()
	setupShared(t)
	spare.once.Do(startSpares)
	select {
	case name := <-spare.ch:
		return adoptTestDB(t, name)
	default:
		return createTestDB(t, shared.template)
	}
}

// spare holds migrated databases made ahead by background goroutines;
// TestMain stops them and drops what is left.
var spare struct {
	once sync.Once
	ch   chan string
	stop chan struct{}
	wg   sync.WaitGroup
}

func startSpares() {
	spare.ch = make(chan string, 3)
	spare.stop = make(chan struct{})
	for range 2 {
		spare.wg.Add(1)
		go func() {
			defer spare.wg.Done()
			for {
				name, err := createDB(shared.template)
				if err != nil {
					return // tests fall back to creating their own
				}
				select {
				case spare.ch <- name:
				case <-spare.stop:
					_ = dropDB(name)
					return
				}
			}
		}()
	}
}

func stopSpares() {
	if spare.stop == nil {
		return
	}
	close(spare.stop)
	spare.wg.Wait()
	for {
		select {
		case name := <-spare.ch:
			_ = dropDB(name)
		default:
			return
		}
	}
}

func createDB(template string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, shared.admin)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	name := randomName()
	_, err = conn.Exec(ctx, `CREATE DATABASE `+name+` OWNER `+shared.role+` TEMPLATE `+template)
	return name, err
}

func dropDB(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, shared.admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	return err
}

func createTestDB(t testing.TB, template string) testDB {
	t.Helper()
	setupShared(t)
	name, err := createDB(template)
	if err != nil {
		t.Fatalf("create database: %v", err)
	}
	return adoptTestDB(t, name)
}

// adoptTestDB makes database name t's, to be dropped when t ends.
func adoptTestDB(t testing.TB, name string) testDB {
	t.Cleanup(func() {
		if err := dropDB(name); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	return testDB{AppURL: appURL(shared.admin, shared.role, name), SuperURL: appURL(shared.admin, "", name), Name: name}
}

// openMigrated opens td as the application role, with cfg if given, and
// migrates it.
func openMigrated(t testing.TB, td testDB, cfg ...Config) *DB {
	t.Helper()
	ctx := context.Background()
	var c Config
	if len(cfg) > 0 {
		c = cfg[0]
	}
	db, err := Open(ctx, td.AppURL, c)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(db.Close)
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return db
}

// superConn connects to td as the cluster superuser.
func superConn(t testing.TB, td testDB) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, td.SuperURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}
