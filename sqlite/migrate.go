package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one embedded schema change, named NNNN_description.sql.
type migration struct {
	version  int
	name     string
	sql      string
	checksum string
}

// migrations is the embedded list in version order, parsed once.
var migrations, migrationsErr = loadMigrations(migrationFiles, "migrations")

func loadMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 || len(num) != 4 {
			return nil, fmt.Errorf("sqlite: migration %s: name must be NNNN_description.sql", name)
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(name, ".sql"), sql: string(b), checksum: hex.EncodeToString(sum[:])})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("sqlite: migration %s: versions must run 1, 2, 3... without gaps or repeats", m.name)
		}
	}
	return ms, nil
}

// LatestVersion is the schema version this build of councilkit migrates to.
func LatestVersion() int { return len(migrations) }

// Migrate brings the schema up to LatestVersion. It is explicit (Open never
// changes the schema) and idempotent: run it at every start-up. All pending
// migrations are applied in version order in one write transaction, which
// holds the file's write lock from its start, so two processes starting at
// once do not race: the second waits, then finds nothing to do. Applied
// versions are recorded with a checksum in the table schema_migrations;
// Migrate fails if an applied migration's text has changed, or with
// ErrSchemaTooNew if the file is ahead of this build, and then changes
// nothing.
//
// Migrate then runs River's migrations (github.com/riverqueue/river's
// rivermigrate, with its SQLite driver), which create the tables River
// keeps event deliveries in (river_job and others) in the same file, in
// the same transaction, so that two processes migrating at once take
// turns for the whole of it; they too are recorded (in river_migration)
// and run once. They are run whether or not Config.Subscribers is set, so
// that a file is ready for delivery when subscribers are added.
func (db *DB) Migrate(ctx context.Context) error {
	if migrationsErr != nil {
		return migrationsErr
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return classify(err)
	}
	if err := migrate(ctx, tx); err != nil {
		_ = tx.Rollback()
		return classify(err)
	}
	if err := migrateRiver(ctx, tx); err != nil {
		_ = tx.Rollback()
		return classify(err)
	}
	return classify(tx.Commit())
}

func migrate(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			name       TEXT NOT NULL,
			checksum   TEXT NOT NULL,
			applied_at TEXT NOT NULL
		) STRICT`); err != nil {
		return fmt.Errorf("sqlite: creating schema_migrations: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT version, name, checksum FROM schema_migrations ORDER BY version`)
	if err != nil {
		return err
	}
	applied := map[int]migration{}
	for rows.Next() {
		var m migration
		if err := rows.Scan(&m.version, &m.name, &m.checksum); err != nil {
			rows.Close()
			return err
		}
		applied[m.version] = m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for v, a := range applied {
		if v > len(migrations) || v < 1 {
			return fmt.Errorf("%w: it has version %d (%s), this build knows up to %d", ErrSchemaTooNew, v, a.name, len(migrations))
		}
		if m := migrations[v-1]; a.checksum != m.checksum {
			return fmt.Errorf("sqlite: migration %s was changed after it was applied (checksum %s, applied %.12s)", m.name, m.checksum[:12], a.checksum)
		}
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	for _, m := range migrations {
		if _, ok := applied[m.version]; ok {
			continue
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("sqlite: applying migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)`,
			m.version, m.name, m.checksum, now); err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion returns the highest migration applied to the file, or 0 if
// Migrate has never run.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	v, err := db.schemaVersion(ctx, db.r)
	return v, classify(err)
}

// schemaVersion reads the schema version through pool, and refuses a
// version newer than this build with ErrSchemaTooNew.
func (db *DB) schemaVersion(ctx context.Context, pool *sql.DB) (int, error) {
	var n int
	if err := pool.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n); err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, nil
	}
	var v int
	if err := pool.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, err
	}
	if v > len(migrations) {
		return v, fmt.Errorf("%w: it has version %d, this build knows up to %d", ErrSchemaTooNew, v, len(migrations))
	}
	return v, nil
}
