package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby/msg"
)

func (m *Main) backupCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "backup " + msg.T(m.lang, "cli.arg.file"),
		Short: msg.T(m.lang, "cli.backup.short"),
		Long:  msg.T(m.lang, "cli.backup.long"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, _ := m.dbAddress(cmd)
			if isPostgres(db) {
				return invalid(msg.Text("cli.error.backup_postgres", args[0], db))
			}
			if _, err := os.Stat(args[0]); err == nil {
				return invalid(msg.Text("cli.error.backup_exists", args[0]))
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
			fmt.Fprintln(&buf, msg.T(m.lang, "cli.backup.done", db, args[0]))
			return emit(cmd, &buf)
		},
	}
}
