// Package sqlite is blandby's default store: one SQLite file, through
// modernc.org/sqlite (no cgo), with the logic of store/sqlstore.
//
// Settings, per connection:
//
//   - journal_mode=WAL: readers never block the writer nor the writer the
//     readers, and a crash (SIGKILL, power loss) leaves the last committed
//     transaction intact.
//   - synchronous=FULL: every commit is synced (the WAL is fsynced at each
//     commit), so a list reported published stays published even after a
//     power loss. NORMAL with WAL is also crash-consistent, but may lose the
//     last commits on power loss; blandby writes few, large transactions,
//     where one fsync per commit costs little.
//   - foreign_keys=ON, busy_timeout=10 s (another process writing makes a
//     writer wait, not fail).
//
// Connections: writes go through a pool of exactly one connection whose
// transactions begin IMMEDIATE (they take the write lock at BEGIN, so two
// writers queue instead of failing to upgrade a read lock); reads go
// through a pool of several connections with ordinary deferred
// transactions, each a consistent snapshot.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// readers is the size of the reading pool.
const readers = 4

// Store is an SQLite store: a sqlstore.Store that knows its file.
type Store struct {
	*sqlstore.Store
	path string
}

// Path returns the database file.
func (s *Store) Path() string { return s.path }

// Open opens the database in the file at path, creating it when missing,
// and applies pending migrations.
func Open(ctx context.Context, path string) (store.Store, error) {
	return open(ctx, path)
}

func open(ctx context.Context, path string) (*Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") || strings.HasPrefix(path, "file:") || path == ":memory:" {
		return nil, blandby.Errorf(blandby.CodeInvalid, "sqlite: %q is not a database file name (a plain path without ? or #)", path)
	}
	pragmas := url.Values{"_pragma": {"busy_timeout(10000)", "foreign_keys(1)", "journal_mode(WAL)", "synchronous(FULL)"}}
	wp := url.Values{"_pragma": append(pragmas["_pragma"], "cache_size(-32768)", "temp_store(MEMORY)"), "_txlock": {"immediate"}}
	w, err := sql.Open("sqlite", path+"?"+wp.Encode())
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", path+"?"+pragmas.Encode())
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	st, err := sqlstore.Open(ctx, sqlstore.Config{
		Dialect: sqlstore.Dialect{
			Name:       "sqlite",
			MaxParams:  sqlite3.SQLITE_MAX_VARIABLE_NUMBER,
			Violation:  violation,
			Migrations: sub,
		},
		Write:  w,
		Read:   r,
		Reopen: func(ctx context.Context) (store.Store, error) { return Open(ctx, path) },
	})
	if err != nil {
		w.Close()
		r.Close()
		return nil, err
	}
	return &Store{Store: st, path: path}, nil
}

// violation classifies an SQLite error by its extended result code.
func violation(err error) sqlstore.Violation {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return sqlstore.NoViolation
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return sqlstore.Unique
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return sqlstore.ForeignKey
	case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL, sqlite3.SQLITE_CONSTRAINT_DATATYPE:
		return sqlstore.Check
	case sqlite3.SQLITE_CONSTRAINT_TRIGGER:
		if strings.Contains(e.Error(), "append-only") {
			return sqlstore.AppendOnly
		}
		return sqlstore.Check
	}
	return sqlstore.NoViolation
}

// Backup writes a consistent copy of an SQLite store to dest while it is
// in use (VACUUM INTO, in a read transaction: writers go on meanwhile). It
// never overwrites a file: dest must not exist.
func Backup(ctx context.Context, st store.Store, dest string) error {
	s, ok := st.(*Store)
	if !ok {
		return blandby.Errorf(blandby.CodeInvalid, "backup: the store is not an SQLite database")
	}
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return blandby.Errorf(blandby.CodeConflict, "backup: %s exists; a backup never overwrites a file", dest)
	}
	if err != nil {
		return blandby.Errorf(blandby.CodeInvalid, "backup: %w", err)
	}
	f.Close()
	fail := func(err error) error {
		os.Remove(dest)
		return blandby.Errorf(blandby.CodeInternal, "backup of %s to %s: %w", s.path, dest, err)
	}
	// VACUUM INTO takes an empty file; it writes without syncing, so sync
	// the copy and its directory after.
	abs, err := filepath.Abs(dest)
	if err != nil {
		return fail(err)
	}
	if _, err := s.ReadDB().ExecContext(ctx, "VACUUM INTO ?", abs); err != nil {
		return fail(err)
	}
	if err := syncFile(abs); err != nil {
		return fail(err)
	}
	if err := syncFile(filepath.Dir(abs)); err != nil {
		return fail(err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
