package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"runtime"

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

// newTestDB creates a database and role for t and drops both when t ends.
func newTestDB(t testing.TB) testDB {
	t.Helper()
	admin := pgtest.URL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connecting to the test cluster: %v", err)
	}
	defer conn.Close(ctx)
	var b [8]byte
	_, _ = rand.Read(b[:])
	name := "ck_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, `CREATE ROLE `+name+` LOGIN NOSUPERUSER NOBYPASSRLS`); err != nil {
		t.Fatalf("create role: %v", err)
	}
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name+` OWNER `+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("cleanup: %v", err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop database: %v", err)
		}
		if _, err := conn.Exec(ctx, `DROP ROLE IF EXISTS `+name); err != nil {
			t.Errorf("drop role: %v", err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil || u.Scheme == "" {
		t.Fatalf("%s must be a postgres:// URL: %v", pgtest.EnvURL, err)
	}
	u.Path = "/" + name
	super := u.String()
	u.User = url.User(name)
	return testDB{AppURL: u.String(), SuperURL: super, Name: name}
}

// openMigrated opens td as the application role and migrates it.
func openMigrated(t testing.TB, td testDB, opts ...Option) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, td.AppURL, opts...)
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

type pgxPoolConfig = pgxpool.Config

func runtimeGOMAXPROCS() int { return runtime.GOMAXPROCS(0) }
