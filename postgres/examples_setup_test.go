package postgres

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit/internal/pgtest"
)

// setUpExamples gives the package's runnable examples a database of their
// own: with a test cluster (COUNCILKIT_TEST_POSTGRES) it creates an empty
// database owned by a new ordinary role and points DATABASE_URL at it; without
// one it skips the examples, which go test would otherwise run and fail. The
// returned function drops what it made.
func setUpExamples() (cleanup func()) {
	admin := os.Getenv(pgtest.EnvURL)
	if admin == "" {
		skip := "^Example"
		if f := flag.Lookup("test.skip"); f != nil && f.Value.String() != "" {
			skip = f.Value.String() + "|" + skip
		}
		_ = flag.Set("test.skip", skip)
		return func() {}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "examples: connecting to %s: %v\n", pgtest.EnvURL, err)
		return func() {}
	}
	defer conn.Close(ctx)
	name := randomName() + "_examples"
	if _, err := conn.Exec(ctx, `CREATE ROLE `+name+` LOGIN NOSUPERUSER NOBYPASSRLS`); err != nil {
		fmt.Fprintf(os.Stderr, "examples: %v\n", err)
		return func() {}
	}
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name+` OWNER `+name); err != nil {
		fmt.Fprintf(os.Stderr, "examples: %v\n", err)
	}
	os.Setenv("DATABASE_URL", appURL(admin, name, name))
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		_, _ = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
		_, _ = conn.Exec(ctx, `DROP ROLE IF EXISTS `+name)
	}
}
