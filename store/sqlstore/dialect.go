package sqlstore

import (
	"context"
	"database/sql"
	"io/fs"
)

// Violation says which rule of the database an error broke.
type Violation int

// The violations a Dialect recognises.
const (
	// NoViolation is any other error.
	NoViolation Violation = iota
	// Unique is a duplicate primary key or unique value.
	Unique
	// ForeignKey is a reference to a row that does not exist.
	ForeignKey
	// Check is a CHECK or NOT NULL constraint.
	Check
	// AppendOnly is a trigger refusing to change or delete a row of an
	// append-only table.
	AppendOnly
)

// Dialect is what differs between the databases behind the one Store.
type Dialect struct {
	// Name names the back end in messages ("sqlite", "postgres").
	Name string
	// Numbered is true when parameters are written $1, $2, … instead of ?.
	Numbered bool
	// MaxParams is the most parameters one statement may carry.
	MaxParams int
	// Violation classifies an error from the driver.
	Violation func(err error) Violation
	// Migrations holds the schema as files NNNN_name.sql, applied in order.
	Migrations fs.FS
	// LockMigrations, when set, is run first in each migration transaction
	// to keep two processes from migrating at once.
	LockMigrations string
	// LockAudit, when set, is run first in each transaction that appends
	// to the audit trail, before the last entry is read, so that appends
	// queue and the chain never forks (PostgreSQL: an advisory transaction
	// lock). SQLite needs none: its one writer serialises appends.
	LockAudit string
	// LockThrottle, when set, is run first in each transaction that
	// updates the sign-in throttle's state, so that the updates of every
	// process queue (PostgreSQL: an advisory transaction lock). SQLite
	// needs none: its one writer serialises them.
	LockThrottle string
	// ReadTx are the options of read transactions (a consistent snapshot
	// across the queries of one method).
	ReadTx sql.TxOptions
	// CopyFrom, when set, loads many rows into a table inside the write
	// transaction held on conn, faster than INSERT statements.
	CopyFrom func(ctx context.Context, conn *sql.Conn, table string, cols []string, rows [][]any) error
	// CopyMin is the least number of rows for which CopyFrom is used.
	CopyMin int
}
