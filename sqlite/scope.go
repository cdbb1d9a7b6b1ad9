package sqlite

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
)

// councilTables is every table the migrations create (schema_migrations,
// made by Migrate itself, is not one): each holds councils' records side by
// side, so every statement on it must name the council.
var councilTables = func() map[string]bool {
	t := map[string]bool{}
	re := regexp.MustCompile(`(?i)CREATE TABLE (?:IF NOT EXISTS )?(\w+)`)
	for _, m := range migrations {
		for _, g := range re.FindAllStringSubmatch(m.sql, -1) {
			t[strings.ToLower(g[1])] = true
		}
	}
	return t
}()

// tableRef finds each place a statement names a table it reads or
// writes.
var tableRef = regexp.MustCompile(`(?i)\b(FROM|JOIN|UPDATE|INTO)\s+(\w+)`)

// insertScoped is the start of an INSERT whose first column is the council
// and whose first value is ?1.
var insertScoped = regexp.MustCompile(`(?is)^INTO\s+\w+\s*\(\s*council\s*,[^)]*\)\s*(VALUES\s*\(\s*\?1\s*,|SELECT\s+\?1\s*,)`)

// scoped reports whether query names the council, parameter ?1, for every
// councilkit table it touches: each INSERT INTO one must put ?1 in the
// council column (its first), and each FROM, JOIN or UPDATE of one must be
// followed, before the next table is named, by the condition
// "council = ?1"; a FROM list may not join tables with commas. A query that names no councilkit table is scoped.
//
// It is a syntactic check, deliberately strict about the form: store
// statements are written to match it, and it refuses the mistake that
// matters, a statement that leaves the council out.
func scoped(query string) bool {
	refs := tableRef.FindAllStringSubmatchIndex(query, -1)
	for i, r := range refs {
		kw := strings.ToUpper(query[r[2]:r[3]])
		table := strings.ToLower(query[r[4]:r[5]])
		if !councilTables[table] {
			continue
		}
		if kw == "INTO" {
			if !insertScoped.MatchString(query[r[2]:]) {
				return false
			}
			continue
		}
		if kw == "FROM" && commaJoin.MatchString(query[r[2]:]) {
			return false // the tables after the comma are not checked
		}
		end := len(query)
		if i+1 < len(refs) {
			end = refs[i+1][0]
		}
		if !councilCond.MatchString(query[r[1]:end]) {
			return false
		}
	}
	return true
}

// commaJoin is a FROM list that goes on past its first table with a
// comma, an old-style join whose other tables tableRef does not find.
var commaJoin = regexp.MustCompile(`(?is)^FROM\s+\w+(?:\s+(?:AS\s+)?\w+)?\s*,`)

// councilCond is the condition that scopes a read, update or delete.
var councilCond = regexp.MustCompile(`\bcouncil = \?1\b`)

// scopedCache remembers scoped's verdict on each statement text the
// stores run: the same few dozen texts are run again and again, and the
// check's regular expressions cost far more than the lookup. It stops
// growing at maxScopedCache texts (a List's filters make a bounded number
// of shapes, but a bug should not make it a leak).
var (
	scopedCache  sync.Map // string -> bool
	scopedCached atomic.Int64
)

const maxScopedCache = 4096

// isScoped is scoped, remembered.
func isScoped(query string) bool {
	if v, ok := scopedCache.Load(query); ok {
		return v.(bool)
	}
	ok := scoped(query)
	if scopedCached.Load() < maxScopedCache {
		if _, loaded := scopedCache.LoadOrStore(query, ok); !loaded {
			scopedCached.Add(1)
		}
	}
	return ok
}
