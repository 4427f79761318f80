package main

import (
	"context"
	"io"

	"github.com/blandby/blandby/export"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/postgres"
	"github.com/blandby/blandby/store/sqlite"
)

// openBackend opens PostgreSQL for a postgres:// URL, else an SQLite file.
func openBackend(ctx context.Context, db string) (store.Store, error) {
	if isPostgres(db) {
		return postgres.Open(ctx, db)
	}
	return sqlite.Open(ctx, db)
}

// backupSQLite makes a consistent online copy of an SQLite store.
func backupSQLite(ctx context.Context, st store.Store, dest string) error {
	return sqlite.Backup(ctx, st, dest)
}

// export writes a published list (the latest revision when revision is 0)
// in a format, with the rule set the publication records.
func (m *Main) export(ctx context.Context, st store.Store, w io.Writer, format export.Format, year, revision int) error {
	pub, err := st.Publication(ctx, year, revision)
	if err != nil {
		return err
	}
	areas, err := st.Areas(ctx)
	if err != nil {
		return err
	}
	cat, err := m.rulesCatalog()
	if err != nil {
		return err
	}
	rs, err := cat.ByID(pub.RuleSet)
	if err != nil {
		return err
	}
	return export.Write(w, format, pub, areas, rs)
}
