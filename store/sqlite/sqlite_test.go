package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/storetest"
)

func openTest(t *testing.T) store.Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "blandby.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestConformance(t *testing.T) {
	storetest.Run(t, openTest)
}

func TestSettings(t *testing.T) {
	st := openTest(t).(*Store)
	ctx := context.Background()
	for _, db := range []interface {
		QueryRowContext(context.Context, string, ...any) interface{ Scan(...any) error }
	}{} {
		_ = db
	}
	for name, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "synchronous": "2", "busy_timeout": "10000"} {
		for _, db := range []struct {
			name string
			q    func() (string, error)
		}{
			{"writer", func() (string, error) {
				var v string
				err := st.DB().QueryRowContext(ctx, "PRAGMA "+name).Scan(&v)
				return v, err
			}},
			{"reader", func() (string, error) {
				var v string
				err := st.ReadDB().QueryRowContext(ctx, "PRAGMA "+name).Scan(&v)
				return v, err
			}},
		} {
			got, err := db.q()
			if err != nil {
				t.Fatal(err)
			}
			if strings.ToLower(got) != want {
				t.Errorf("%s: %s = %s, want %s", db.name, name, got, want)
			}
		}
	}
}

// TestReplaceRefused shows that INSERT OR REPLACE, which deletes a row
// without firing DELETE triggers, cannot replace a published list or an
// audit entry.
func TestReplaceRefused(t *testing.T) {
	st := openTest(t).(*Store)
	ctx := context.Background()
	_, err := st.ImportHistory(ctx, func() *blandby.History {
		h := blandby.NewHistory()
		h.Set(2019, "a", blandby.Udsat)
		return h
	}(), store.ImportMeta{RuleSets: map[int]string{2019: "2018-12-01"}})
	if err != nil {
		t.Fatal(err)
	}
	entry, err := st.Audit(ctx, store.AuditEntry{At: time.Now(), Actor: "cli:root", Action: "import", Outcome: store.AuditOK})
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`INSERT OR REPLACE INTO publications (year, revision, kind, rule_set, software_version, published_at, published_by, reason, inputs, content_sha256)
			SELECT year, revision, kind, rule_set, 'forged', published_at, published_by, reason, inputs, content_sha256 FROM publications`,
		`INSERT OR REPLACE INTO publication_entries (year, revision, area_id, category) VALUES (2019, 1, 'a', 'none')`,
		`REPLACE INTO publication_entries (year, revision, area_id, category) VALUES (2019, 1, 'a', 'none')`,
		`INSERT OR REPLACE INTO audit_log SELECT seq, at, 'intruder', role, scope, action, object, outcome, detail, prev_hash, hash FROM audit_log`,
	} {
		if _, err := st.DB().ExecContext(ctx, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused as append-only", stmt, err)
		}
	}
	p, err := st.Publication(ctx, 2019, 1)
	if err != nil {
		t.Fatal(err)
	}
	if p.SoftwareVersion == "forged" || p.Entries[0].Category != blandby.Udsat {
		t.Errorf("publication changed: %+v", p)
	}
	if log, err := st.AuditLog(ctx, 0, 10); err != nil || len(log) != 1 || log[0].Hash != entry.Hash || store.AuditHash(log[0]) != entry.Hash {
		t.Errorf("audit log changed: %+v, %v", log, err)
	}
}

func TestOpenRefusesOddNames(t *testing.T) {
	for _, name := range []string{"", ":memory:", "x.db?mode=memory", "file:x.db"} {
		if _, err := Open(context.Background(), name); blandby.CodeOf(err) != blandby.CodeInvalid {
			t.Errorf("Open(%q): %v, want invalid", name, err)
		}
	}
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "blandby.db")
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "a", Name: "A"}}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if a, err := st.Area(ctx, "a"); err != nil || a.Name != "A" {
		t.Errorf("after reopening: %+v, %v", a, err)
	}
	migs, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	if v, err := st.SchemaVersion(ctx); err != nil || v != len(migs) {
		t.Errorf("schema version %d, %v; want %d (the migrations)", v, err, len(migs))
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	h := blandby.NewHistory()
	h.Set(2019, "a", blandby.Udsat)
	if _, err := st.ImportHistory(ctx, h, store.ImportMeta{RuleSets: map[int]string{2019: "2018-12-01"}}); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "copy.db")
	if err := Backup(ctx, st, dest); err != nil {
		t.Fatal(err)
	}
	cp, err := Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	got, err := cp.History(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := got.Category(2019, "a"); c != blandby.Udsat {
		t.Errorf("backup holds %v", got.Entries(2019))
	}
	// Never over an existing file, which stays as it was.
	if err := os.WriteFile(filepath.Join(t.TempDir(), "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(dest)
	err = Backup(ctx, st, dest)
	if blandby.CodeOf(err) != blandby.CodeConflict || !strings.Contains(err.Error(), "exists") {
		t.Errorf("backup over an existing file: %v", err)
	}
	if after, _ := os.ReadFile(dest); string(after) != string(before) {
		t.Error("the existing file was changed")
	}
	// A missing directory is an error, and leaves nothing behind.
	if err := Backup(ctx, st, filepath.Join(t.TempDir(), "no", "such", "dir.db")); err == nil {
		t.Error("backup into a missing directory: no error")
	}
}
