package main

import (
	"os/user"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby/store"
)

// defaultDB is the database used when neither --db nor BLANDBY_DB says
// otherwise: one SQLite file in the working directory.
const defaultDB = "blandby.db"

// isPostgres reports whether a database address is a PostgreSQL URL.
func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// dbAddress returns --db, BLANDBY_DB or the default, and whether one was
// given explicitly.
func (m *Main) dbAddress(cmd *cobra.Command) (string, bool) {
	if db := m.flagOrEnv(cmd, "db", "BLANDBY_DB"); db != "" {
		return db, true
	}
	return defaultDB, false
}

// openStore opens the database: PostgreSQL for a postgres:// URL, else an
// SQLite file (created when missing).
func (m *Main) openStore(cmd *cobra.Command) (store.Store, error) {
	db, _ := m.dbAddress(cmd)
	st, err := openBackend(cmd.Context(), db)
	if err != nil {
		return nil, err
	}
	m.log.Debug("store opened", "postgres", isPostgres(db))
	return st, nil
}

// actor names who acts: --by, or the operating-system user.
func actor(by string) string {
	if by != "" {
		return by
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}
