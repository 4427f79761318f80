package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/blandby/blandby/auth"
)

// The sign-in throttle's shared state (auth.ThrottleStore): one row per
// key. An update takes the dialect's LockThrottle (PostgreSQL: an advisory
// transaction lock; SQLite: its one writer), so that the throttle's
// read-check-reserve is one step across every process on the database.

const throttleColumns = "fails, start_at, level, until_at, last_at, pending, pending_until, expires_at"

// UpdateThrottle calls fn with the states of keys in one serialised
// transaction, stores what fn left (deleting zero states) and deletes the
// states that expired before now.
func (s *Store) UpdateThrottle(ctx context.Context, now time.Time, keys []string, fn func(states []*auth.ThrottleState)) error {
	return s.write(ctx, "sign-in throttle", func(tx *wtx) error {
		if s.d.LockThrottle != "" {
			if _, err := tx.ExecContext(ctx, s.d.LockThrottle); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM login_throttle WHERE expires_at < ?"), encodeTime(now)); err != nil {
			return err
		}
		states := make([]*auth.ThrottleState, len(keys))
		for i, k := range keys {
			st, err := s.throttleState(ctx, tx, k)
			if err != nil {
				return err
			}
			states[i] = st
		}
		fn(states)
		for i, k := range keys {
			st := states[i]
			if *st == (auth.ThrottleState{}) {
				if _, err := tx.ExecContext(ctx, s.q("DELETE FROM login_throttle WHERE key = ?"), k); err != nil {
					return err
				}
				continue
			}
			if _, err := tx.ExecContext(ctx, s.q("INSERT INTO login_throttle (key, "+throttleColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "+
				"ON CONFLICT (key) DO UPDATE SET fails = excluded.fails, start_at = excluded.start_at, level = excluded.level, until_at = excluded.until_at, "+
				"last_at = excluded.last_at, pending = excluded.pending, pending_until = excluded.pending_until, expires_at = excluded.expires_at"),
				k, st.Fails, encodeTime(st.Start), st.Level, encodeTime(st.Until), encodeTime(st.Last), st.Pending, encodeTime(st.PendingUntil), encodeTime(st.Expires)); err != nil {
				return err
			}
		}
		return nil
	})
}

// throttleState reads a key's state in tx, the zero state when none.
func (s *Store) throttleState(ctx context.Context, tx *wtx, key string) (*auth.ThrottleState, error) {
	var st auth.ThrottleState
	var times [5]string
	err := tx.QueryRowContext(ctx, s.q("SELECT "+throttleColumns+" FROM login_throttle WHERE key = ?"), key).
		Scan(&st.Fails, &times[0], &st.Level, &times[1], &times[2], &st.Pending, &times[3], &times[4])
	if errors.Is(err, sql.ErrNoRows) {
		return &st, nil
	}
	if err != nil {
		return nil, err
	}
	for i, p := range []*time.Time{&st.Start, &st.Until, &st.Last, &st.PendingUntil, &st.Expires} {
		if *p, err = decodeZeroTime(times[i]); err != nil {
			return nil, err
		}
	}
	return &st, nil
}

// decodeZeroTime reads a stored time, the zero time stored as such.
func decodeZeroTime(s string) (time.Time, error) {
	t, err := decodeTime(s)
	if err != nil || t.IsZero() {
		return time.Time{}, err
	}
	return t, nil
}
