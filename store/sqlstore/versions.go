package sqlstore

import (
	"context"

	"github.com/blandby/blandby"
)

// nextVersion returns the version number the next saved version of a
// versioned document gets: one more than the latest in table for the key
// (keyColumn = key), or 1. prev is the version the caller edited (-1: do
// not check); when another version was saved since, it is a conflict
// naming what (such as `the plan of area "a"`). table and keyColumn are
// this package's constants, never input.
func (s *Store) nextVersion(ctx context.Context, tx *wtx, table, keyColumn string, key any, prev int, what string) (int, error) {
	var latest int
	if err := tx.QueryRowContext(ctx, s.q("SELECT COALESCE(MAX(version), 0) FROM "+table+" WHERE "+keyColumn+" = ?"), key).Scan(&latest); err != nil {
		return 0, err
	}
	if prev != -1 && prev != latest {
		return 0, blandby.Errorf(blandby.CodeConflict, "%s was edited from version %d, but version %d has been saved since", what, prev, latest)
	}
	return latest + 1, nil
}
