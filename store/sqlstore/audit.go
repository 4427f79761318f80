package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
)

// The audit trail is append-only and hash-chained (store.AuditHash). An
// append reads the last entry and inserts the next in one write
// transaction; appends are serialised so the chain never forks: SQLite has
// one writer (transactions begin IMMEDIATE), PostgreSQL takes the
// dialect's LockAudit (an advisory transaction lock) before reading. In
// both, the schema's chain trigger refuses an insert that does not follow
// the last entry, and the append-only triggers refuse UPDATE and DELETE.

const auditColumns = "seq, at, actor, role, scope, action, object, outcome, detail, prev_hash, hash"

// Audit appends one entry in a transaction of its own.
func (s *Store) Audit(ctx context.Context, e store.AuditEntry) (store.AuditEntry, error) {
	if err := validTime("the audit entry's time", e.At); err != nil {
		return e, err
	}
	if err := validName("the audit entry's actor", e.Actor); err != nil {
		return e, err
	}
	if err := validName("the audit entry's action", e.Action); err != nil {
		return e, err
	}
	switch e.Outcome {
	case store.AuditOK, store.AuditDenied, store.AuditFailed:
	default:
		return e, blandby.Errorf(blandby.CodeInvalid, "the audit entry's outcome %q is not %q, %q or %q", e.Outcome, store.AuditOK, store.AuditDenied, store.AuditFailed)
	}
	e.At = e.At.UTC()
	err := s.write(ctx, "audit", func(tx *wtx) error {
		if s.d.LockAudit != "" {
			if _, err := tx.ExecContext(ctx, s.d.LockAudit); err != nil {
				return err
			}
		}
		var last int64
		prev := store.AuditGenesis
		err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&last, &prev)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		e.Seq, e.PrevHash = last+1, prev
		e.Hash = store.AuditHash(e)
		_, err = tx.ExecContext(ctx, s.q("INSERT INTO audit_log ("+auditColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
			e.Seq, encodeTime(e.At), e.Actor, e.Role, e.Scope, e.Action, e.Object, e.Outcome, e.Detail, e.PrevHash, e.Hash)
		if v := s.d.Violation(err); v == Unique || v == AppendOnly {
			return blandby.Errorf(blandby.CodeConflict, "audit entry %d was appended by someone else at the same time: %w", e.Seq, err)
		}
		return err
	})
	if err != nil {
		return store.AuditEntry{}, err
	}
	return e, nil
}

// scanAudit reads an entry as stored; its time is kept as text so that a row whose
// time cannot be read is reported by VerifyAudit, not an error.
func scanAudit(sc interface{ Scan(...any) error }) (store.AuditEntry, string, error) {
	var e store.AuditEntry
	var at string
	err := sc.Scan(&e.Seq, &at, &e.Actor, &e.Role, &e.Scope, &e.Action, &e.Object, &e.Outcome, &e.Detail, &e.PrevHash, &e.Hash)
	return e, at, err
}

// AuditLog returns at most limit entries after afterSeq, by seq.
func (s *Store) AuditLog(ctx context.Context, afterSeq int64, limit int) ([]store.AuditEntry, error) {
	if limit <= 0 || afterSeq < 0 {
		return nil, blandby.Errorf(blandby.CodeInvalid, "audit log: entries after %d, at most %d: want a seq from 0 and a limit above 0", afterSeq, limit)
	}
	var out []store.AuditEntry
	err := s.read(ctx, "audit log", func(q querier) error {
		rows, err := q.QueryContext(ctx, s.q("SELECT "+auditColumns+" FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?"), afterSeq, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, at, err := scanAudit(rows)
			if err != nil {
				return err
			}
			if e.At, err = decodeTime(at); err != nil {
				return fmt.Errorf("audit entry %d: %w", e.Seq, err)
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// VerifyAudit walks the whole chain in one read transaction and reports
// the first broken entry. For each entry, in seq order: its seq must be
// the previous one's plus 1 (from 1), its Hash must be AuditHash of its
// fields, and its PrevHash the previous entry's Hash (AuditGenesis for the
// first).
func (s *Store) VerifyAudit(ctx context.Context) (store.AuditReport, error) {
	r := store.AuditReport{LastHash: store.AuditGenesis}
	broken := func(seq int64, problem, format string, args ...any) {
		if r.Problem == "" {
			r.BrokenSeq, r.Problem, r.Detail = seq, problem, fmt.Sprintf(format, args...)
		}
	}
	err := s.read(ctx, "verify audit", func(q querier) error {
		rows, err := q.QueryContext(ctx, "SELECT "+auditColumns+" FROM audit_log ORDER BY seq")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, at, err := scanAudit(rows)
			if err != nil {
				return err
			}
			r.Entries++
			want := r.LastSeq + 1
			switch t, terr := decodeTime(at); {
			case e.Seq != want:
				broken(want, store.AuditGap, "audit entry %d is missing: entry %d follows entry %d", want, e.Seq, r.LastSeq)
			case terr != nil:
				broken(e.Seq, store.AuditHashMismatch, "audit entry %d: its time %q cannot be read, so it was changed", e.Seq, at)
			default:
				e.At = t
				if h := store.AuditHash(e); h != e.Hash {
					broken(e.Seq, store.AuditHashMismatch, "audit entry %d: its stored hash %s is not the hash of its fields %s: the entry was changed", e.Seq, e.Hash, h)
				} else if e.PrevHash != r.LastHash {
					broken(e.Seq, store.AuditPrevMismatch, "audit entry %d: its previous hash %s is not the hash %s of entry %d: an earlier entry was changed or replaced", e.Seq, e.PrevHash, r.LastHash, r.LastSeq)
				}
			}
			r.LastSeq, r.LastHash = e.Seq, e.Hash
		}
		return rows.Err()
	})
	if err != nil {
		return store.AuditReport{}, err
	}
	r.OK = r.Problem == ""
	return r, nil
}
