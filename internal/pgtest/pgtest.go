// Package pgtest gives tests the throwaway PostgreSQL cluster that .ci/run
// starts. A test that needs PostgreSQL calls URL: it returns the cluster's
// URL from COUNCILKIT_TEST_POSTGRES, skips the test when that is unset on a
// developer's machine, and fails it when CI=true, so that CI can never pass by
// skipping the database tests.
package pgtest

import (
	"os"
	"testing"
)

// EnvURL is the environment variable that holds the test cluster's URL.
const EnvURL = "COUNCILKIT_TEST_POSTGRES"

// URL returns the test cluster's URL, or skips (fails under CI=true) the
// test when there is none.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvURL)
	if u != "" {
		return u
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not set, and CI=true: a PostgreSQL test must not be skipped in CI (run bash .ci/run)", EnvURL)
	}
	t.Skipf("%s not set; run bash .ci/run, or point it at a PostgreSQL 13+ cluster you can create databases in", EnvURL)
	return ""
}
