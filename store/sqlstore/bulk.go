package sqlstore

import (
	"context"
	"database/sql"
	"math/bits"
	"strings"
)

// maxBatchRows bounds the rows of one INSERT statement.
const maxBatchRows = 500

// table describes rows to insert.
type table struct {
	name string
	cols []string
	// suffix follows the VALUES list (an ON CONFLICT clause); a table with
	// a suffix is never loaded with COPY.
	suffix string
}

// insert adds n rows to t in the transaction: row(i, args) appends the
// values of row i to args. Rows go in multi-row INSERT statements of up to
// maxBatchRows rows (within the dialect's parameter limit), or through the
// dialect's CopyFrom when it has one and there are enough rows.
func (s *Store) insert(ctx context.Context, tx *wtx, t table, n int, row func(i int, args []any) []any) error {
	if n == 0 {
		return nil
	}
	if s.d.CopyFrom != nil && t.suffix == "" && n >= s.d.CopyMin {
		rows := make([][]any, n)
		for i := range n {
			rows[i] = row(i, make([]any, 0, len(t.cols)))
		}
		return s.d.CopyFrom(ctx, tx.conn, t.name, t.cols, rows)
	}
	per := min(maxBatchRows, s.d.MaxParams/len(t.cols))
	args := make([]any, 0, per*len(t.cols))
	for start := 0; start < n; {
		// A full batch, or the largest power of two that fits: few
		// distinct statements, each prepared once per connection.
		size := per
		if n-start < per {
			size = 1 << (bits.Len(uint(n-start)) - 1)
		}
		args = args[:0]
		for i := start; i < start+size; i++ {
			args = row(i, args)
		}
		stmt, err := s.prepared(ctx, tx, t, size)
		if err != nil {
			return err
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return err
		}
		start += size
	}
	return nil
}

// prepared returns the statement inserting rows rows into t, prepared once
// per transaction: parsing a statement of thousands of parameters costs
// more than running it, and a large import runs the same few statements
// (full batches and powers of two) many times.
func (s *Store) prepared(ctx context.Context, tx *wtx, t table, rows int) (*sql.Stmt, error) {
	key := stmtKey{t.name, strings.Join(t.cols, ","), t.suffix, rows}
	if st, ok := tx.stmts[key]; ok {
		return st, nil
	}
	st, err := tx.PrepareContext(ctx, s.insertSQL(t, rows))
	if err != nil {
		return nil, err
	}
	if tx.stmts == nil {
		tx.stmts = map[stmtKey]*sql.Stmt{}
	}
	tx.stmts[key] = st
	return st, nil
}

// stmtKey identifies a prepared insert: two statements into one table
// may differ in their columns as well as their suffix.
type stmtKey struct {
	table, cols, suffix string
	rows                int
}

// insertSQL returns INSERT INTO t (cols) VALUES (…), … for rows rows.
func (s *Store) insertSQL(t table, rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(t.name)
	b.WriteString(" (")
	b.WriteString(strings.Join(t.cols, ", "))
	b.WriteString(") VALUES ")
	p := 0
	for r := range rows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range t.cols {
			if c > 0 {
				b.WriteByte(',')
			}
			p++
			b.WriteString(s.placeholder(p))
		}
		b.WriteByte(')')
	}
	if t.suffix != "" {
		b.WriteByte(' ')
		b.WriteString(t.suffix)
	}
	return b.String()
}
