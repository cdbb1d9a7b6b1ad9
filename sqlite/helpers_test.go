package sqlite

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/lgds/councilkit"
)

// Councils used by this package's own tests.
var (
	councilA = councilkit.MustParseCouncil("E06000047") // County Durham
	councilB = councilkit.MustParseCouncil("W06000015") // Cardiff
)

// openMigrated opens a new migrated data file in the test's temporary
// directory, closed when the test ends.
func openMigrated(t testing.TB, cfg ...Config) *DB {
	t.Helper()
	return openPath(t, filepath.Join(t.TempDir(), "councilkit.db"), cfg...)
}

// openPath opens and migrates the data file at path, closed when the test
// ends.
func openPath(t testing.TB, path string, cfg ...Config) *DB {
	t.Helper()
	var c Config
	if len(cfg) > 0 {
		c = cfg[0]
	}
	ctx := context.Background()
	db, err := Open(ctx, path, c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

var t0 = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

func itoa(i int) string { return strconv.Itoa(i) }
