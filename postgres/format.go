package postgres

import (
	"fmt"
	"log/slog"
	"strconv"
)

// A DB's pool holds the connection configuration, password included, so a
// DB never prints it: every fmt verb (%v, %+v, %#v, %s, %q and the rest)
// and slog show only the host, port, database and user.

// String describes the database the handle connects to, without the
// password or any other connection parameter.
func (db *DB) String() string {
	if db == nil || db.pool == nil {
		return "postgres.DB(nil)"
	}
	cc := db.pool.Config().ConnConfig
	s := "postgres.DB{" + cc.User + "@" + cc.Host + ":" + strconv.Itoa(int(cc.Port)) + "/" + cc.Database
	if db.privileged {
		s += " privileged"
	}
	return s + "}"
}

// GoString is String, so that %#v shows no password either.
func (db *DB) GoString() string { return db.String() }

// Format implements fmt.Formatter: every verb prints String. It has a
// value receiver so that a DB printed by value is covered too.
func (db DB) Format(f fmt.State, verb rune) {
	s := db.String()
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = f.Write([]byte(s))
}

// LogValue implements slog.LogValuer: what String shows, as attributes.
func (db DB) LogValue() slog.Value {
	if db.pool == nil {
		return slog.StringValue("")
	}
	cc := db.pool.Config().ConnConfig
	return slog.GroupValue(
		slog.String("user", cc.User),
		slog.String("host", cc.Host),
		slog.Int("port", int(cc.Port)),
		slog.String("database", cc.Database),
		slog.Bool("privileged", db.privileged),
	)
}
