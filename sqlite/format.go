package sqlite

import (
	"database/sql"
	"fmt"
	"time"
)

// timeLayout is how instants are stored: UTC, nine fractional digits,
// fixed width, so that text order is time order and Go's nanoseconds
// survive.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// encTime returns t as stored. Years outside 0-9999 are refused: they
// would not sort as text.
func encTime(t time.Time) (string, error) {
	u := t.UTC()
	if y := u.Year(); y < 0 || y > 9999 {
		return "", fmt.Errorf("sqlite: time %s is outside years 0 to 9999", u.Format(time.RFC3339))
	}
	return u.Format(timeLayout), nil
}

// encNullTime is encTime with the zero time stored as NULL.
func encNullTime(t time.Time) (any, error) {
	if t.IsZero() {
		return nil, nil
	}
	return encTime(t)
}

// decTime reads a stored instant (in UTC).
func decTime(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("sqlite: stored time %q: %w", s, err)
	}
	return t, nil
}

// decNullTime reads a nullable stored instant: NULL is the zero time.
func decNullTime(s sql.NullString) (time.Time, error) {
	if !s.Valid {
		return time.Time{}, nil
	}
	return decTime(s.String)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
