// Package search holds the one definition of the free-text search that
// councilkit's stores offer officers (payments.Filter.Query,
// admissions.Filter.Query), so that the in-memory, PostgreSQL and SQLite
// stores find the same records: a substring match that ignores the case of
// the ASCII letters A to Z and of nothing else. (PostgreSQL's ILIKE and
// lower() fold other letters by the database's locale, and SQLite's do
// not; folding ASCII alone is what all three can do the same way.)
//
// The SQL stores match with LIKE against a pattern from LikeContains,
// which escapes the wildcards % and _ and the escape character itself, so
// that what an officer types is only ever text to find: write the
// condition as
//
//	<ascii-lowered column> LIKE $n ESCAPE '\'
//
// with the pattern as a parameter, never in the statement's text. In
// PostgreSQL the ASCII-lowered column is a stored generated column,
// translate(col, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'),
// as translate() on every row of a search costs ten times the LIKE; in
// SQLite it is FoldSQLite.
package search

import "strings"

// Fold returns s with the ASCII letters A to Z in lower case; every other
// byte is kept.
func Fold(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// Contains reports whether q occurs in s, ignoring the case of ASCII
// letters. An empty q occurs in every s.
func Contains(s, q string) bool {
	return strings.Contains(Fold(s), Fold(q))
}

// Escape is the LIKE escape character the patterns use.
const Escape = `\`

// LikeContains returns the LIKE pattern (escape character Escape) that
// matches text containing q, folded as Fold does: q's %, _ and \ are
// escaped, and it is wrapped in %.
func LikeContains(q string) string {
	var b strings.Builder
	b.Grow(len(q) + 8)
	b.WriteByte('%')
	q = Fold(q)
	for i := 0; i < len(q); i++ {
		switch c := q[i]; c {
		case '%', '_', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('%')
	return b.String()
}

// FoldSQLite is the SQLite expression that folds col as Fold does: SQLite's
// lower() changes only ASCII letters (without the ICU extension, which
// councilkit's driver does not have).
func FoldSQLite(col string) string { return `lower(` + col + `)` }
