// Package sqlstore is the one implementation of store.Store over
// database/sql; store/sqlite and store/postgres give it a connection and a
// Dialect (parameter style, error classification, their own migrations and
// bulk loading). The domain logic lives here, written once.
//
// Storage rules:
//
//   - Every method that writes runs in one transaction; on any error nothing
//     is kept.
//   - Exact values (blandby.Ratio) are stored as text (Ratio.Text), never as
//     floats, and read back exactly.
//   - Times are stored as RFC 3339 text in UTC with nine fractional digits in
//     both back ends: they round-trip to the nanosecond and come back in UTC.
//   - JSON (explanations, geometry, inputs, history) is stored as text and
//     read back byte for byte.
//   - Indicator sets, indicator values and details, computations and their
//     results, publications and their entries are append-only: the schema's
//     triggers refuse UPDATE and DELETE on them, so even direct SQL cannot
//     change a published list. Areas and their names by year are mutable.
//   - Users, API tokens and sessions are mutable (disabled, revoked, last
//     used) and hold only hashes of passwords, tokens and session ids. The
//     audit trail is append-only and hash-chained (store.AuditHash); its
//     appends are serialised (audit.go) and a schema trigger refuses an
//     insert that does not follow the last entry.
//
// An indicator set records each area's name in its list year and adds the
// areas it names that are not stored yet (name and municipality code from
// the row). An area's current name follows the set of its latest list year;
// PutAreas sets it too. An area without a municipality code gets the row's.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
)

// Config is what a back end gives Open.
type Config struct {
	Dialect Dialect
	// Write is the pool writing transactions go through. SQLite gives it
	// one connection, whose transactions begin IMMEDIATE.
	Write *sql.DB
	// Read is the pool reads go through; it may be Write.
	Read *sql.DB
	// Reopen opens another Store on the same database (for tests of what
	// Open refuses).
	Reopen func(ctx context.Context) (store.Store, error)
	// OnClose runs after the pools are closed (removing a test database,
	// for example).
	OnClose func() error
}

// Store implements store.Store over database/sql.
type Store struct {
	d       Dialect
	wdb     *sql.DB
	rdb     *sql.DB
	reopen  func(ctx context.Context) (store.Store, error)
	onClose func() error
	version int
	rebound sync.Map // query with ? → query in the dialect's style

	// readStmts are the prepared statements of reads that run on their own
	// (outside a transaction) on the read pool, by query. Authenticating a
	// request runs one on every request, and parsing it each time costs
	// more than running it.
	readMu    sync.Mutex
	readStmts map[string]*sql.Stmt
}

var _ store.Store = (*Store)(nil)

// Open applies the pending migrations and returns the Store. It refuses a
// database whose schema is newer than the migrations it knows.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.Read == nil {
		cfg.Read = cfg.Write
	}
	s := &Store{d: cfg.Dialect, wdb: cfg.Write, rdb: cfg.Read, reopen: cfg.Reopen, onClose: cfg.OnClose}
	migs, err := loadMigrations(cfg.Dialect.Migrations)
	if err != nil {
		return nil, err
	}
	s.version = len(migs)
	if err := s.migrate(ctx, migs); err != nil {
		return nil, err
	}
	return s, nil
}

// DB returns the writing pool. It is for tests that need raw SQL (to show
// that the schema refuses to change what is append-only); programs use the
// Store's methods.
func (s *Store) DB() *sql.DB { return s.wdb }

// ReadDB returns the reading pool (for a back end's own operations, such
// as an online backup).
func (s *Store) ReadDB() *sql.DB { return s.rdb }

// Reopen opens another Store on the same database.
func (s *Store) Reopen(ctx context.Context) (store.Store, error) {
	if s.reopen == nil {
		return nil, blandby.Errorf(blandby.CodeInternal, "store: reopen is not supported")
	}
	return s.reopen(ctx)
}

// Close closes the pools.
func (s *Store) Close() error {
	var errs []error
	s.readMu.Lock()
	for _, st := range s.readStmts {
		errs = append(errs, st.Close())
	}
	s.readStmts = nil
	s.readMu.Unlock()
	errs = append(errs, s.wdb.Close())
	if s.rdb != s.wdb {
		errs = append(errs, s.rdb.Close())
	}
	if s.onClose != nil {
		errs = append(errs, s.onClose())
	}
	return errors.Join(errs...)
}

// readStmt returns the read pool's prepared statement of a query (with ?
// placeholders), preparing it on first use. Use it only outside
// transactions.
func (s *Store) readStmt(ctx context.Context, query string) (*sql.Stmt, error) {
	s.readMu.Lock()
	defer s.readMu.Unlock()
	if st, ok := s.readStmts[query]; ok {
		return st, nil
	}
	st, err := s.rdb.PrepareContext(ctx, s.q(query))
	if err != nil {
		return nil, err
	}
	if s.readStmts == nil {
		s.readStmts = map[string]*sql.Stmt{}
	}
	s.readStmts[query] = st
	return st, nil
}

// SchemaVersion returns the highest migration applied.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	if err := s.rdb.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v); err != nil {
		return 0, s.internal("schema version", err)
	}
	return int(v.Int64), nil
}

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads NNNN_name.sql files; versions must run 1, 2, 3, …
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, name := range names {
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("store: migration file %s: name must be NNNN_description.sql", name)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: path.Base(name), sql: string(b)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("store: migration %s: expected version %d", m.name, i+1)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("store: no migrations")
	}
	return out, nil
}

// migrate applies each pending migration in a transaction of its own and
// records it in schema_migrations.
func (s *Store) migrate(ctx context.Context, migs []migration) error {
	for {
		done, err := s.migrateOne(ctx, migs)
		if err != nil || done {
			return err
		}
	}
}

func (s *Store) migrateOne(ctx context.Context, migs []migration) (done bool, err error) {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return false, s.internal("migrate", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if s.d.LockMigrations != "" {
		if _, err := tx.ExecContext(ctx, s.d.LockMigrations); err != nil {
			return false, s.internal("migrate: lock", err)
		}
	}
	if _, err := tx.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"); err != nil {
		return false, s.internal("migrate", err)
	}
	var cur sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&cur); err != nil {
		return false, s.internal("migrate", err)
	}
	v := int(cur.Int64)
	if v > len(migs) {
		return false, blandby.Errorf(blandby.CodeInvalid,
			"the %s database has schema version %d, newer than this blandby knows (version %d): use a newer blandby", s.d.Name, v, len(migs))
	}
	if v == len(migs) {
		return true, tx.Commit()
	}
	m := migs[v]
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, s.internal("migrate: "+m.name, err)
	}
	if _, err := tx.ExecContext(ctx, s.q("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"), m.version, encodeTime(time.Now())); err != nil {
		return false, s.internal("migrate: "+m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, s.internal("migrate: "+m.name, err)
	}
	return false, nil
}

// q returns a query written with ? in the dialect's parameter style.
func (s *Store) q(query string) string {
	if !s.d.Numbered {
		return query
	}
	if v, ok := s.rebound.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	out := b.String()
	s.rebound.Store(query, out)
	return out
}

// placeholder returns the n-th (1-based) parameter marker.
func (s *Store) placeholder(n int) string {
	if s.d.Numbered {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}

// internal wraps an unexpected database error; an error already coded
// keeps its code.
func (s *Store) internal(op string, err error) error {
	// An error the caller was told (a check of its input) passes as it is.
	var be *blandby.Error
	var fe *blandby.FieldError
	if errors.As(err, &be) || errors.As(err, &fe) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	switch s.d.Violation(err) {
	case AppendOnly:
		return blandby.Errorf(blandby.CodeConflict, "store: %s: a stored record is immutable: %w", op, err)
	case Unique:
		return blandby.Errorf(blandby.CodeConflict, "store: %s: already stored: %w", op, err)
	case ForeignKey, Check:
		return blandby.Errorf(blandby.CodeInvalid, "store: %s: %w", op, err)
	}
	return blandby.Errorf(blandby.CodeInternal, "store: %s (%s): %w", op, s.d.Name, err)
}

// querier is what reads need: a transaction or a pool.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// wtx is a writing transaction with the connection it runs on and the
// bulk inserts prepared in it (closed with the transaction).
type wtx struct {
	*sql.Tx
	conn  *sql.Conn
	stmts map[stmtKey]*sql.Stmt
}

// write runs f in one writing transaction: committed when f returns nil,
// rolled back otherwise. Errors f returns uncoded are classified.
func (s *Store) write(ctx context.Context, op string, f func(tx *wtx) error) error {
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return s.internal(op, err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return s.internal(op, err)
	}
	if err := f(&wtx{Tx: tx, conn: conn}); err != nil {
		_ = tx.Rollback()
		return s.internal(op, err)
	}
	if err := tx.Commit(); err != nil {
		return s.internal(op, err)
	}
	return nil
}

// read runs f in one read transaction, so that its queries see one state.
func (s *Store) read(ctx context.Context, op string, f func(q querier) error) error {
	opts := s.d.ReadTx
	tx, err := s.rdb.BeginTx(ctx, &opts)
	if err != nil {
		return s.internal(op, err)
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return s.internal(op, err)
	}
	return nil
}
