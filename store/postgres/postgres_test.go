package postgres

import (
	"context"
	"database/sql"
	"io/fs"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/pgtest"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/storetest"
)

func openTest(t *testing.T) store.Store {
	t.Helper()
	st, err := Open(context.Background(), pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestConformance(t *testing.T) {
	storetest.Run(t, openTest)
}

// TestTruncateRefused: TRUNCATE skips row triggers; the statement-level
// trigger refuses it.
func TestTruncateRefused(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	h := blandby.NewHistory()
	h.Set(2019, "a", blandby.Udsat)
	if _, err := st.ImportHistory(ctx, h, store.ImportMeta{RuleSets: map[int]string{2019: "2018-12-01"}}); err != nil {
		t.Fatal(err)
	}
	db := st.(storetest.RawDB).DB()
	for _, table := range []string{"publication_entries", "publications CASCADE", "indicator_sets CASCADE", "audit_log"} {
		if _, err := db.ExecContext(ctx, "TRUNCATE "+table); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("TRUNCATE %s: %v, want refused", table, err)
		}
	}
	if p, err := st.Publication(ctx, 2019, 0); err != nil || len(p.Entries) != 1 {
		t.Errorf("after TRUNCATE: %+v, %v", p, err)
	}
}

// TestConcurrentOpen: processes starting together migrate once.
func TestConcurrentOpen(t *testing.T) {
	u := pgtest.NewDatabase(t)
	ctx := context.Background()
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			st, err := Open(ctx, u)
			if err == nil {
				st.Close()
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n != len(files) {
		t.Errorf("%d migrations recorded (%v), want %d, each once", n, err, len(files))
	}
}

func TestOpenBadURL(t *testing.T) {
	if _, err := Open(context.Background(), "postgres://%zz"); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("bad URL: %v", err)
	}
}
