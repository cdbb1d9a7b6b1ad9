package postgres

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"testing"
)

// TestPasswordNeverShown: a connection URL's password must not appear in
// Open's errors, nor when a DB is printed with any of the usual verbs or
// logged with slog (issue 15, finding 9).
func TestPasswordNeverShown(t *testing.T) {
	t.Parallel()
	const secret = "Zq7-s3cret-pw"
	bad := []string{
		"postgres://app:" + secret + "@host:badport/db",
		"postgres://app:" + secret + "@[::1/db",
		"postgres://app:" + secret + "@127.0.0.1:5439/db?sslmode=bogus",
		"postgres://app@host:badport/db?password=" + secret,
		"host=x user=app password=" + secret + " port=zz",
		"host=x user=app password='" + secret + "' sslmode=bogus",
		"postgres://app:" + url.QueryEscape(secret+"/?#") + "@127.0.0.1:1/db?sslmode=disable&connect_timeout=1",
	}
	for _, u := range bad {
		_, err := Open(context.Background(), u, Config{})
		if err == nil {
			t.Errorf("Open(%q) succeeded", strings.ReplaceAll(u, secret, "…"))
			continue
		}
		for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
			if strings.Contains(s, secret) {
				t.Errorf("Open's error shows the password: %s", strings.ReplaceAll(s, secret, "<SECRET>"))
			}
		}
	}

	td := newTestDB(t)
	u, err := url.Parse(td.AppURL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), secret)
	db, err := Open(context.Background(), u.String(), Config{})
	if err != nil {
		t.Skipf("the test cluster wants a real password (%v); DB printing is not checked", err)
	}
	defer db.Close()
	var buf bytes.Buffer
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		fmt.Fprintf(&buf, verb+"\n", db)
		fmt.Fprintf(&buf, verb+"\n", *db)
		fmt.Fprintf(&buf, verb+"\n", db.Pool())
		fmt.Fprintf(&buf, verb+"\n", struct{ DB *DB }{db})
	}
	slog.New(slog.NewTextHandler(&buf, nil)).Info("db", "db", db, "pool", db.Pool())
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("db", "db", db, "pool", db.Pool())
	if !strings.Contains(buf.String(), td.Name) {
		t.Errorf("a printed DB should still name its database:\n%s", buf.String())
	}
	if strings.Contains(buf.String(), secret) {
		t.Errorf("printing or logging a DB shows the password:\n%s", strings.ReplaceAll(buf.String(), secret, "<SECRET>"))
	}
}
