package postgres

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
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
			return nil, fmt.Errorf("postgres: migration %s: name must be NNNN_description.sql", name)
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
			return nil, fmt.Errorf("postgres: migration %s: versions must run 1, 2, 3... without gaps or repeats", m.name)
		}
	}
	return ms, nil
}

// LatestVersion is the schema version this build of councilkit migrates to.
func LatestVersion() int { return len(migrations) }

// migrateLockKey is the advisory lock key that serialises Migrate
// across processes: the bytes of "ckmigrat" read as a big-endian int64.
const migrateLockKey int64 = 0x636b6d6967726174

// Migrate brings the schema up to LatestVersion. It is explicit (Open never
// changes the schema) and idempotent: run it at every start-up. All pending
// migrations are applied in version order in one transaction, under an
// advisory lock (held on a connection Migrate opens for it, besides the
// pool's), so two processes starting at once do not race: the second
// waits, then finds nothing to do. Applied versions
// are recorded with a checksum in councilkit.schema_migrations; Migrate
// fails if an applied migration's text has changed, or with ErrSchemaTooNew
// if the database is ahead of this build.
//
// Migrate then runs River's migrations (github.com/riverqueue/river's
// rivermigrate), which create the tables River keeps event deliveries in
// (river_job and others, in schema councilkit_river), under the same advisory
// lock; they are idempotent too. LatestVersion and SchemaVersion count
// councilkit's migrations only.
func (db *DB) Migrate(ctx context.Context) error {
	if migrationsErr != nil {
		return migrationsErr
	}
	// A session-level lock covers both councilkit's transaction and
	// River's migrations, which River runs in transactions of its own. It
	// is held on a connection opened for it alone (closing a connection
	// releases its locks), so that Migrate works on a pool of one
	// connection too. An older build, which takes the same key as a
	// transaction-level lock, waits for it just the same.
	lock, err := pgx.ConnectConfig(ctx, db.pool.Config().ConnConfig)
	if err != nil {
		return fmt.Errorf("postgres: connecting to take the migration lock: %w", classify(err))
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_ = lock.Close(cctx)
	}()
	if _, err := lock.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrateLockKey); err != nil {
		return classify(err)
	}
	if err := db.migrateCouncilkit(ctx); err != nil {
		return err
	}
	return db.migrateRiver(ctx)
}

// migrateRiver runs River's own migrations (package rivermigrate), which
// create River's tables in schema councilkit_river. They are idempotent:
// River records what it applied in councilkit_river.river_migration.
func (db *DB) migrateRiver(ctx context.Context) error {
	if _, err := db.pool.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+riverSchema); err != nil {
		return fmt.Errorf("postgres: creating schema %s: %w", riverSchema, classify(err))
	}
	m, err := rivermigrate.New(riverpgxv5.New(db.pool), &rivermigrate.Config{Schema: riverSchema})
	if err != nil {
		return fmt.Errorf("postgres: River's migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("postgres: River's migrations: %w", classify(err))
	}
	return nil
}

// migrateCouncilkit applies councilkit's pending migrations in one
// transaction; the caller holds the migration lock.
func (db *DB) migrateCouncilkit(ctx context.Context) error {
	return classify(pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS councilkit`); err != nil {
			return fmt.Errorf("postgres: creating schema councilkit: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS councilkit.schema_migrations (
			version    integer PRIMARY KEY,
			name       text NOT NULL,
			checksum   text NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`); err != nil {
			return fmt.Errorf("postgres: creating councilkit.schema_migrations: %w", err)
		}
		rows, err := tx.Query(ctx, `SELECT version, name, checksum FROM councilkit.schema_migrations ORDER BY version`)
		if err != nil {
			return err
		}
		applied := map[int]migration{}
		for rows.Next() {
			var m migration
			if err := rows.Scan(&m.version, &m.name, &m.checksum); err != nil {
				return err
			}
			applied[m.version] = m
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for v, a := range applied {
			if v > len(migrations) || v < 1 {
				return fmt.Errorf("%w: it has version %d (%s), this build knows up to %d", ErrSchemaTooNew, v, a.name, len(migrations))
			}
			if m := migrations[v-1]; a.checksum != m.checksum {
				return fmt.Errorf("postgres: migration %s was changed after it was applied (checksum %s, applied %s)", m.name, m.checksum[:12], a.checksum[:12])
			}
		}
		for _, m := range migrations {
			if _, ok := applied[m.version]; ok {
				continue
			}
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("postgres: applying migration %s: %w", m.name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO councilkit.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`,
				m.version, m.name, m.checksum); err != nil {
				return err
			}
		}
		return nil
	}))
}

// SchemaVersion returns the highest migration applied to the database, or 0
// if Migrate has never run.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM councilkit.schema_migrations`).Scan(&v)
	if pgCode(err) == sqlstateUndefinedTable {
		return 0, nil
	}
	return v, classify(err)
}
