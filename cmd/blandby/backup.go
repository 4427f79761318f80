package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
)

func (m *Main) backupCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Make a consistent copy of the SQLite database while it is in use",
		Long: `Make a consistent online copy of the SQLite database in FILE (which must not exist). For a
PostgreSQL database, use pg_dump; the command says how.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, _ := m.dbAddress(cmd)
			if isPostgres(db) {
				return blandby.Errorf(blandby.CodeInvalid, "the database is PostgreSQL: back it up with pg_dump, for example\n  pg_dump --format=custom --file=%s '%s'\nand restore with pg_restore", args[0], db)
			}
			if _, err := os.Stat(args[0]); err == nil {
				return blandby.Errorf(blandby.CodeInvalid, "%s exists; a backup never overwrites a file", args[0])
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := backupSQLite(cmd.Context(), st, args[0]); err != nil {
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "backed up %s to %s\n", db, args[0])
			return emit(cmd, &buf)
		},
	}
}
