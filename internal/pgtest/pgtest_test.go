package pgtest

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestCluster proves the CI cluster is reachable and new enough, so that a
// broken .ci/run shows here rather than as skipped store tests.
func TestCluster(t *testing.T) {
	url := URL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	var v string
	if err := conn.QueryRow(ctx, "SHOW server_version_num").Scan(&v); err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 130000 {
		t.Fatalf("server_version_num = %q: councilkit needs PostgreSQL 13 or later", v)
	}
	t.Logf("PostgreSQL server_version_num %d", n)
}
