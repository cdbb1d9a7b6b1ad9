package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// sqlStore is the portalStore in SQL: in the -data directory's portal.db
// (SQLite) or in the -postgres database. Its tables belong to the portal,
// not to councilkit's migrations: they are the example's own state
// (sessions, who made which record), created at start with CREATE ... IF
// NOT EXISTS (and, for a column added since, altered once: see
// linksUpgrade). Session expiry, the subject (back-channel logout) and the
// client address (the per-client cap) are indexed, and the number of
// anonymous sessions is a counter row, so that making a session never
// reads them all.
type sqlStore struct {
	db       *sql.DB
	postgres bool
}

// portalSchema is the portal's tables, in a dialect both SQLite and
// PostgreSQL accept. Times are Unix milliseconds.
var portalSchema = []string{
	`CREATE TABLE IF NOT EXISTS portal_sessions (
		key        TEXT PRIMARY KEY,
		csrf       TEXT NOT NULL,
		subject    TEXT NOT NULL,
		client     TEXT NOT NULL,
		created_ms BIGINT NOT NULL,
		seen_ms    BIGINT NOT NULL,
		expires_ms BIGINT NOT NULL,
		data       TEXT NOT NULL,
		version    BIGINT NOT NULL
	)`,
	`CREATE INDEX IF NOT EXISTS portal_sessions_expires ON portal_sessions (expires_ms)`,
	`CREATE INDEX IF NOT EXISTS portal_sessions_subject ON portal_sessions (subject) WHERE subject <> ''`,
	`CREATE INDEX IF NOT EXISTS portal_sessions_client ON portal_sessions (client) WHERE subject = ''`,
	`CREATE TABLE IF NOT EXISTS portal_session_count (id INTEGER PRIMARY KEY, anonymous BIGINT NOT NULL)`,
	`INSERT INTO portal_session_count (id, anonymous) VALUES (1, 0) ON CONFLICT DO NOTHING`,
	// One link per record: who started it (subject, "" when no one
	// signed in) and how to reach them (email, lang: a BCP 47 tag) as it
	// was then. A file made before email and lang were added is brought
	// up to date by upgradeLinks, after this.
	`CREATE TABLE IF NOT EXISTS portal_links (
		council TEXT NOT NULL,
		kind    TEXT NOT NULL,
		id      TEXT NOT NULL,
		subject TEXT NOT NULL,
		email   TEXT NOT NULL DEFAULT '',
		lang    TEXT NOT NULL DEFAULT '',
		at_ns   BIGINT NOT NULL,
		PRIMARY KEY (council, kind, id)
	)`,
	// A no-op write: fails now, at start, on a file that cannot be written.
	`UPDATE portal_session_count SET anonymous = anonymous WHERE id = 1`,
}

// linksUpgrade brings a portal_links table made before links held how to
// reach the resident (its key was council, kind, subject and ID) up to
// date: the two columns, then one link per record, the first made (an
// older link wins, as link keeps it), and the unique index that link's
// upsert names. It runs in the migration's transaction, only while the
// email column is missing, so a start that stops half-way changes
// nothing and the next start does it all.
var linksUpgrade = []string{
	`ALTER TABLE portal_links ADD COLUMN email TEXT NOT NULL DEFAULT ''`,
	`ALTER TABLE portal_links ADD COLUMN lang TEXT NOT NULL DEFAULT ''`,
	`DELETE FROM portal_links WHERE EXISTS (SELECT 1 FROM portal_links AS o
		WHERE o.council = portal_links.council AND o.kind = portal_links.kind AND o.id = portal_links.id
		AND (o.at_ns < portal_links.at_ns OR (o.at_ns = portal_links.at_ns AND o.subject < portal_links.subject)))`,
	`CREATE UNIQUE INDEX IF NOT EXISTS portal_links_record ON portal_links (council, kind, id)`,
}

// linksIndex serves a resident's pages: their records, in the order linked.
const linksIndex = `CREATE INDEX IF NOT EXISTS portal_links_subject ON portal_links (council, subject, at_ns)`

// openSQLiteStore opens (creating, with permissions 0600) the portal's
// SQLite file at path and brings its tables up to date. A file that is
// not an SQLite database, or cannot be written, is an error naming it.
func openSQLiteStore(ctx context.Context, path string) (*sqlStore, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("portal: data file %s cannot be opened for writing: %w", abs, err)
	}
	_ = f.Close()
	q := url.Values{
		"_pragma": {"busy_timeout(5000)", "journal_mode(WAL)", "synchronous(FULL)"},
		"_txlock": {"immediate"},
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	// One connection: SQLite writes one at a time, and the portal's
	// session writes are small.
	db.SetMaxOpenConns(1)
	st := &sqlStore{db: db}
	if err := st.migrate(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("portal: data file %s is not a usable SQLite database (corrupt, or not writable): %w", abs, err)
	}
	return st, nil
}

// openPostgresStore uses the pool of councilkit's PostgreSQL database.
func openPostgresStore(ctx context.Context, pool *pgxpool.Pool) (*sqlStore, error) {
	st := &sqlStore{db: stdlib.OpenDBFromPool(pool), postgres: true}
	if err := st.migrate(ctx); err != nil {
		_ = st.db.Close()
		return nil, fmt.Errorf("portal: create the portal's tables in PostgreSQL: %w", err)
	}
	return st, nil
}

func (st *sqlStore) close() { _ = st.db.Close() }

func (st *sqlStore) migrate(ctx context.Context) error {
	return st.tx(ctx, func(tx *sql.Tx) error {
		if st.postgres {
			// Portals starting together create the tables once.
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7405122601)`); err != nil {
				return err
			}
		}
		for _, s := range portalSchema {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		has, err := st.hasColumn(ctx, tx, "portal_links", "email")
		if err != nil {
			return err
		}
		if !has {
			for _, s := range linksUpgrade {
				if _, err := tx.ExecContext(ctx, s); err != nil {
					return fmt.Errorf("upgrade portal_links: %w", err)
				}
			}
		}
		_, err = tx.ExecContext(ctx, linksIndex)
		return err
	})
}

// hasColumn reports whether table has the column, in the schema the
// portal's tables are made in.
func (st *sqlStore) hasColumn(ctx context.Context, tx *sql.Tx, table, column string) (bool, error) {
	q := `SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`
	if st.postgres {
		q = `SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`
	}
	var n int
	err := tx.QueryRowContext(ctx, q, table, column).Scan(&n)
	return n > 0, err
}

// q rewrites ? placeholders to $n for PostgreSQL.
func (st *sqlStore) q(s string) string {
	if !st.postgres {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (st *sqlStore) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func (st *sqlStore) createSession(ctx context.Context, rec *sessionRecord, lim sessionLimits) error {
	try := func() error {
		return st.tx(ctx, func(tx *sql.Tx) error {
			if rec.Subject == "" {
				var n int
				// Reads at most PerClient index entries.
				err := tx.QueryRowContext(ctx, st.q(`SELECT count(*) FROM (SELECT 1 FROM portal_sessions WHERE subject = '' AND client = ? LIMIT ?) AS c`),
					rec.Client, lim.PerClient).Scan(&n)
				if err != nil {
					return err
				}
				if n >= lim.PerClient {
					return errSessionsFull
				}
				res, err := tx.ExecContext(ctx, st.q(`UPDATE portal_session_count SET anonymous = anonymous + 1 WHERE id = 1 AND anonymous < ?`), lim.Anonymous)
				if err != nil {
					return err
				}
				if k, err := res.RowsAffected(); err != nil || k == 0 {
					return cmpErr(err, errSessionsFull)
				}
			}
			_, err := tx.ExecContext(ctx, st.q(`INSERT INTO portal_sessions (key, csrf, subject, client, created_ms, seen_ms, expires_ms, data, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`),
				rec.Key, rec.CSRF, rec.Subject, rec.Client, ms(rec.Created), ms(rec.Seen), ms(rec.expires()), string(rec.Data))
			return err
		})
	}
	err := try()
	if errors.Is(err, errSessionsFull) {
		if _, xerr := st.expireSessions(ctx, rec.Created, expireBatch); xerr != nil {
			return xerr
		}
		err = try()
	}
	if err == nil {
		rec.Version = 1
	}
	return err
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

func (st *sqlStore) getSession(ctx context.Context, key string, now time.Time) (*sessionRecord, error) {
	var r sessionRecord
	var created, seen int64
	var data string
	err := st.db.QueryRowContext(ctx, st.q(`SELECT key, csrf, subject, client, created_ms, seen_ms, data, version
		FROM portal_sessions WHERE key = ? AND expires_ms > ?`), key, ms(now)).
		Scan(&r.Key, &r.CSRF, &r.Subject, &r.Client, &created, &seen, &data, &r.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, err
	}
	r.Created, r.Seen, r.Data = time.UnixMilli(created), time.UnixMilli(seen), []byte(data)
	return &r, nil
}

func (st *sqlStore) saveSession(ctx context.Context, rec *sessionRecord) error {
	res, err := st.db.ExecContext(ctx, st.q(`UPDATE portal_sessions SET csrf = ?, seen_ms = ?, expires_ms = ?, data = ?, version = version + 1
		WHERE key = ? AND version = ?`),
		rec.CSRF, ms(rec.Seen), ms(rec.expires()), string(rec.Data), rec.Key, rec.Version)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 1 {
		rec.Version++
		return nil
	}
	var v int64
	err = st.db.QueryRowContext(ctx, st.q(`SELECT version FROM portal_sessions WHERE key = ?`), rec.Key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return errNoSession
	}
	return cmpErr(err, errSessionChanged)
}

// deleteWhere deletes the sessions matching where and keeps the count of
// anonymous sessions right.
func (st *sqlStore) deleteWhere(ctx context.Context, where string, args ...any) (int, error) {
	n := 0
	err := st.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, st.q(`DELETE FROM portal_sessions WHERE `+where+` RETURNING subject`), args...)
		if err != nil {
			return err
		}
		anon := 0
		n = 0
		for rows.Next() {
			var subj string
			if err := rows.Scan(&subj); err != nil {
				_ = rows.Close()
				return err
			}
			n++
			if subj == "" {
				anon++
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if anon > 0 {
			_, err = tx.ExecContext(ctx, st.q(`UPDATE portal_session_count SET anonymous = anonymous - ? WHERE id = 1`), anon)
		}
		return err
	})
	return n, err
}

func (st *sqlStore) deleteSession(ctx context.Context, key string) error {
	_, err := st.deleteWhere(ctx, `key = ?`, key)
	return err
}

func (st *sqlStore) endSubject(ctx context.Context, subject string) (int, error) {
	if subject == "" {
		return 0, nil
	}
	return st.deleteWhere(ctx, `subject = ? AND subject <> ''`, subject)
}

func (st *sqlStore) expireSessions(ctx context.Context, now time.Time, limit int) (int, error) {
	return st.deleteWhere(ctx, `key IN (SELECT key FROM portal_sessions WHERE expires_ms <= ? ORDER BY expires_ms LIMIT ?)`, ms(now), limit)
}

func (st *sqlStore) link(ctx context.Context, l recordLink) error {
	_, err := st.db.ExecContext(ctx, st.q(`INSERT INTO portal_links (council, kind, id, subject, email, lang, at_ns) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (council, kind, id) DO UPDATE SET email = excluded.email, lang = excluded.lang
		WHERE portal_links.subject = excluded.subject`),
		l.Council, l.Kind, l.ID, l.Subject, l.To.Email, langCode(l.To.Language), time.Now().UnixNano())
	return err
}

func (st *sqlStore) linked(ctx context.Context, council, subject, kind string) ([]string, error) {
	if subject == "" {
		return nil, nil
	}
	rows, err := st.db.QueryContext(ctx, st.q(`SELECT id FROM portal_links WHERE council = ? AND subject = ? AND kind = ? ORDER BY at_ns, id`), council, subject, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func (st *sqlStore) linksOf(ctx context.Context, council, subject string) ([]recordLink, error) {
	if subject == "" {
		return nil, nil
	}
	rows, err := st.db.QueryContext(ctx, st.q(`SELECT kind, id, email, lang FROM portal_links WHERE council = ? AND subject = ? ORDER BY at_ns, kind, id`), council, subject)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []recordLink
	for rows.Next() {
		l := recordLink{Council: council, Subject: subject}
		var lang string
		if err := rows.Scan(&l.Kind, &l.ID, &l.To.Email, &lang); err != nil {
			return nil, err
		}
		l.To.Language = langOfCode(lang)
		out = append(out, l)
	}
	return out, rows.Err()
}

func (st *sqlStore) linkOf(ctx context.Context, council, kind, id string) (recordLink, error) {
	l := recordLink{Council: council, Kind: kind, ID: id}
	var lang string
	err := st.db.QueryRowContext(ctx, st.q(`SELECT subject, email, lang FROM portal_links WHERE council = ? AND kind = ? AND id = ?`), council, kind, id).
		Scan(&l.Subject, &l.To.Email, &lang)
	if errors.Is(err, sql.ErrNoRows) {
		return recordLink{}, errNoLink
	}
	if err != nil {
		return recordLink{}, err
	}
	l.To.Language = langOfCode(lang)
	return l, nil
}
