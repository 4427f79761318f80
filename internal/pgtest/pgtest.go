// Package pgtest gives tests their own PostgreSQL databases on the server
// scripts/with-postgres starts (BLANDBY_TEST_POSTGRES). Without that server
// the tests skip, except under CI=true, where a missing PostgreSQL is a
// failure.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// ServerURL returns BLANDBY_TEST_POSTGRES, a postgres:// URL to a server
// where tests may create databases, or skips the test (fails it under
// CI=true) when it is not set.
func ServerURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv("BLANDBY_TEST_POSTGRES")
	if u == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("BLANDBY_TEST_POSTGRES is not set, and CI=true requires the PostgreSQL tests: run them through scripts/with-postgres (make test does)")
		}
		tb.Skip("BLANDBY_TEST_POSTGRES is not set: skipping the PostgreSQL tests (scripts/with-postgres go test … runs them; make test does)")
	}
	return u
}

var databases atomic.Int64

// NewDatabase creates an empty database for one test and returns its URL;
// it is dropped when the test ends.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	base := ServerURL(tb)
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		tb.Fatalf("BLANDBY_TEST_POSTGRES: %v", err)
	}
	admin := stdlib.OpenDB(*cfg)
	name := fmt.Sprintf("blandby_test_%d_%d", os.Getpid(), databases.Add(1))
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		tb.Fatal(err)
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("drop test database: %v", err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("BLANDBY_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}
