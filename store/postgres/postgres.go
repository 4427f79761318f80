// Package postgres is blandby's store for shared deployments: PostgreSQL
// through pgx/v5, with the logic of store/sqlstore. It uses the database
// the URL names (no schema of its own) and migrates it on Open.
//
// Reads run in REPEATABLE READ, READ ONLY transactions (one snapshot per
// method); writes in READ COMMITTED transactions, where the primary keys
// settle races (two first publications of a year: one wins, the other gets
// a conflict). Large batches of rows (indicator values and details,
// results, entries) are loaded with COPY inside the transaction. Appends to
// the audit trail take a transaction-level advisory lock before reading the
// last entry, so they queue and the hash chain never forks.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// maxConns bounds the connections the store opens.
const maxConns = 10

// migrationLock is the advisory lock key that serialises migrations.
const migrationLock = 0x626c616e64627901 // "blandby\x01"

// auditLock is the advisory lock key that serialises appends to the audit
// trail (held to the end of the appending transaction).
const auditLock = 0x626c616e64627902 // "blandby\x02"

// throttleLock is the advisory lock key that serialises the sign-in
// throttle's updates (auth.LoginThrottle shared by the replicas).
const throttleLock = 0x626c616e64627903 // "blandby\x03"

// Open connects to the database at url (postgres://…) and applies pending
// migrations.
func Open(ctx context.Context, url string) (store.Store, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, blandby.Errorf(blandby.CodeInvalid, "postgres: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	st, err := sqlstore.Open(ctx, sqlstore.Config{
		Dialect: sqlstore.Dialect{
			Name:           "postgres",
			Numbered:       true,
			MaxParams:      65535,
			Violation:      violation,
			Migrations:     sub,
			LockMigrations: fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", int64(migrationLock)),
			LockAudit:      fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", int64(auditLock)),
			LockThrottle:   fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", int64(throttleLock)),
			ReadTx:         sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true},
			CopyFrom:       copyFrom,
			CopyMin:        copyMin,
		},
		Write:  db,
		Reopen: func(ctx context.Context) (store.Store, error) { return Open(ctx, url) },
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return st, nil
}

// copyMin is the least number of rows loaded with COPY rather than INSERT.
const copyMin = 64

// copyFrom loads rows with COPY on the transaction's connection.
func copyFrom(ctx context.Context, conn *sql.Conn, table string, cols []string, rows [][]any) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("postgres: unexpected driver connection %T", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		return err
	})
}

// violation classifies a PostgreSQL error by its SQLSTATE.
func violation(err error) sqlstore.Violation {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return sqlstore.NoViolation
	}
	switch e.Code {
	case "23505":
		return sqlstore.Unique
	case "23503":
		return sqlstore.ForeignKey
	case "23514", "23502":
		return sqlstore.Check
	case "BL001":
		return sqlstore.AppendOnly
	}
	return sqlstore.NoViolation
}
