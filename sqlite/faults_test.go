package sqlite

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
	"github.com/lgds/councilkit/planning"
)

// TestOpenConfig: settings Open cannot use are refused with ErrConfig.
func TestOpenConfig(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	for name, tc := range map[string]struct {
		path string
		cfg  Config
	}{
		"empty path":       {"", Config{}},
		"in memory":        {":memory:", Config{}},
		"negative timeout": {filepath.Join(dir, "a.db"), Config{BusyTimeout: -time.Second}},
		"negative readers": {filepath.Join(dir, "b.db"), Config{Readers: -1}},
	} {
		if db, err := Open(ctx, tc.path, tc.cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: Open = %v, %v; want ErrConfig", name, db, err)
		}
	}
}

// TestOpenCorruptFile: a file that is not an SQLite database is refused
// with ErrCorrupt at Open, and left exactly as it was: nothing is written
// over it.
func TestOpenCorruptFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	garbage := bytes.Repeat([]byte("this is not an SQLite database\n"), 1000)
	valid := filepath.Join(dir, "valid.db")
	db := openPath(t, valid)
	db.Close()
	header, err := os.ReadFile(valid)
	if err != nil {
		t.Fatal(err)
	}
	damaged := append([]byte{}, header...)
	copy(damaged, "SQLite format 4\x00") // the magic string, one digit off
	for name, content := range map[string][]byte{
		"garbage":        garbage,
		"damaged header": damaged,
		"truncated":      header[:50],
	} {
		path := filepath.Join(dir, name+".db")
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := Open(ctx, path, Config{})
		if !errors.Is(err, ErrCorrupt) {
			if db != nil {
				db.Close()
			}
			t.Errorf("%s: Open: %v, want ErrCorrupt", name, err)
			continue
		}
		after, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(after, content) {
			t.Errorf("%s: Open changed the file (%v)", name, err)
		}
	}
}

// TestCorruptPagesReported: damage inside a valid file (its header
// intact) is reported as ErrCorrupt by DB.Check and by the store calls
// that read it, never as an empty result.
func TestCorruptPagesReported(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "councilkit.db")
	db := openPath(t, path)
	var ids []string
	for i := range 60 {
		p := paymentstest.NewPayment(councilA, t0.Add(time.Duration(i)*time.Second))
		if err := db.Payments().Create(ctx, councilA, p); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	if err := db.Check(ctx); err != nil {
		t.Fatalf("Check of a sound file: %v", err)
	}
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Overwrite every page after the first with garbage.
	for i := 4096; i < len(b); i++ {
		b[i] = byte(i*7 + 3)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path, Config{})
	if err != nil {
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Open of a damaged file: %v, want success or ErrCorrupt", err)
		}
		return
	}
	defer db.Close()
	if err := db.Check(ctx); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Check: %v, want ErrCorrupt", err)
	}
	if _, err := db.Payments().List(ctx, councilA, payments.Filter{}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("List: %v, want ErrCorrupt", err)
	}
	if _, err := db.Payments().Get(ctx, councilA, ids[30]); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Get: %v, want ErrCorrupt", err)
	}
}

// TestOpenUnwritable: a data file that cannot be created or written is
// refused at Open with ErrUnwritable, saying why.
func TestOpenUnwritable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	file := filepath.Join(dir, "plain-file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"missing directory":     filepath.Join(dir, "no-such-dir", "councilkit.db"),
		"parent is a file":      filepath.Join(file, "councilkit.db"),
		"path is the directory": dir,
	}
	if os.Geteuid() != 0 { // root may write anything
		ro := filepath.Join(dir, "read-only")
		if err := os.Mkdir(ro, 0o500); err != nil {
			t.Fatal(err)
		}
		cases["read-only directory"] = filepath.Join(ro, "councilkit.db")
		rofile := filepath.Join(dir, "read-only.db")
		db := openPath(t, rofile)
		db.Close()
		if err := os.Chmod(rofile, 0o400); err != nil {
			t.Fatal(err)
		}
		cases["read-only file"] = rofile
	}
	for name, path := range cases {
		db, err := Open(ctx, path, Config{})
		if !errors.Is(err, ErrUnwritable) {
			if db != nil {
				db.Close()
			}
			t.Errorf("%s: Open(%s): %v, want ErrUnwritable", name, path, err)
		}
	}
}

// TestDiskFull: a write that does not fit fails with ErrDiskFull and
// stores nothing of itself, everything committed before it stays readable,
// and writes succeed again once there is room. The full disk is simulated
// with PRAGMA max_page_count on the writer connection, which makes SQLite
// return SQLITE_FULL exactly as it does when the file system runs out of
// space (https://www.sqlite.org/pragma.html#pragma_max_page_count).
func TestDiskFull(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	s := db.Payments()
	var pages int
	if err := db.w.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `PRAGMA max_page_count = `+itoa(pages+8)); err != nil {
		t.Fatal(err)
	}
	var stored []*payments.Payment
	var full error
	for i := 0; i < 10000 && full == nil; i++ {
		p := paymentstest.NewPayment(councilA, t0.Add(time.Duration(i)*time.Second))
		p.Description = string(bytes.Repeat([]byte("d"), 500))
		if err := s.Create(ctx, councilA, p); err != nil {
			full = err
			if _, err := s.Get(ctx, councilA, p.ID); !errors.Is(err, payments.ErrNotFound) {
				t.Errorf("the payment that did not fit: Get = %v, want ErrNotFound", err)
			}
			continue
		}
		stored = append(stored, p)
	}
	if !errors.Is(full, ErrDiskFull) {
		t.Fatalf("writing until full: %v, want ErrDiskFull", full)
	}
	if len(stored) == 0 {
		t.Fatal("nothing fitted")
	}
	// Other stores' writes fail the same way.
	if err := db.Admissions().Import(ctx, councilA, bigRound(200)); !errors.Is(err, ErrDiskFull) {
		t.Errorf("admissions Import on a full disk: %v, want ErrDiskFull", err)
	}
	for _, p := range stored {
		got, err := s.Get(ctx, councilA, p.ID)
		if err != nil || got.Reference != p.Reference {
			t.Fatalf("a payment committed before the disk filled: %v, %v", got, err)
		}
	}
	if _, err := db.w.ExecContext(ctx, `PRAGMA max_page_count = 1073741823`); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, councilA, paymentstest.NewPayment(councilA, t0)); err != nil {
		t.Errorf("Create once there is room again: %v", err)
	}
}

// bigRound is n admissions applications, for filling space.
func bigRound(n int) []admissions.Application {
	out := make([]admissions.Application, n)
	for i := range out {
		out[i] = admissions.Application{ID: "big-" + itoa(i), SchoolYear: 2027, EntryYear: admissions.Year7}
	}
	return out
}

// TestSchemaTooNew: a file migrated by a newer councilkit is refused by
// Open and by Migrate, which changes nothing.
func TestSchemaTooNew(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "councilkit.db")
	db := openPath(t, path)
	if v, err := db.SchemaVersion(ctx); err != nil || v != LatestVersion() {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, LatestVersion())
	}
	next := LatestVersion() + 1
	if _, err := db.w.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, 'future', 'x', 'now')`, next); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); !errors.Is(err, ErrSchemaTooNew) {
		t.Errorf("Migrate: %v, want ErrSchemaTooNew", err)
	}
	db.Close()
	if db, err := Open(ctx, path, Config{}); !errors.Is(err, ErrSchemaTooNew) {
		if db != nil {
			db.Close()
		}
		t.Errorf("Open: %v, want ErrSchemaTooNew", err)
	}
}

// TestNotMigrated: stores on a file that was never migrated fail with
// ErrNotMigrated, not a bare driver error; Migrate twice is harmless.
func TestNotMigrated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "councilkit.db"), Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.SchemaVersion(ctx); err != nil || v != 0 {
		t.Errorf("SchemaVersion before Migrate = %d, %v; want 0", v, err)
	}
	if _, err := db.Payments().Get(ctx, councilA, "x"); !errors.Is(err, ErrNotMigrated) {
		t.Errorf("payments Get: %v, want ErrNotMigrated", err)
	}
	if err := db.Payments().Create(ctx, councilA, paymentstest.NewPayment(councilA, t0)); !errors.Is(err, ErrNotMigrated) {
		t.Errorf("payments Create: %v, want ErrNotMigrated", err)
	}
	if _, err := db.Planning().List(ctx, councilA, planning.Filter{}); !errors.Is(err, ErrNotMigrated) {
		t.Errorf("planning List: %v, want ErrNotMigrated", err)
	}
	if _, err := db.Admissions().Get(ctx, councilA, "x"); !errors.Is(err, ErrNotMigrated) {
		t.Errorf("admissions Get: %v, want ErrNotMigrated", err)
	}
	for range 2 {
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if v, err := db.SchemaVersion(ctx); err != nil || v != LatestVersion() {
		t.Errorf("SchemaVersion = %d, %v; want %d", v, err, LatestVersion())
	}
}

// TestBusyAnotherProcess: when another handle on the file (another
// process) holds the write lock for longer than Config.BusyTimeout, a
// write gives up with ErrBusy and stores nothing; once the lock is
// released it succeeds. Reads are not held up by a writer.
func TestBusyAnotherProcess(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "councilkit.db")
	holder := openPath(t, path)
	db := openPath(t, path, Config{BusyTimeout: 50 * time.Millisecond})
	before := paymentstest.NewPayment(councilA, t0)
	if err := db.Payments().Create(ctx, councilA, before); err != nil {
		t.Fatal(err)
	}
	lock, err := holder.w.BeginTx(ctx, nil) // BEGIN IMMEDIATE: holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	p := paymentstest.NewPayment(councilA, t0)
	if err := db.Payments().Create(ctx, councilA, p); !errors.Is(err, ErrBusy) {
		t.Errorf("Create while another process writes: %v, want ErrBusy", err)
	}
	if got, err := db.Payments().Get(ctx, councilA, before.ID); err != nil || got.ID != before.ID {
		t.Errorf("a read while another process writes: %v, %v", got, err)
	}
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Payments().Get(ctx, councilA, p.ID); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("the refused payment: %v, want ErrNotFound", err)
	}
	if err := db.Payments().Create(ctx, councilA, p); err != nil {
		t.Errorf("Create once the lock is released: %v", err)
	}
}

// TestNewFilePrivate: a new data file, and the write-ahead log SQLite
// makes beside it, can be read only by their owner: they hold residents'
// personal data.
func TestNewFilePrivate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "councilkit.db")
	db := openPath(t, path)
	if err := db.Payments().Create(ctx, councilA, paymentstest.NewPayment(councilA, t0)); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal"} {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if perm := st.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s: permissions %v, want -rw-------", filepath.Base(f), perm)
		}
	}
}
