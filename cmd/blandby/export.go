package main

import (
	"bytes"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby/export"
	"github.com/blandby/blandby/msg"
)

// exportCommand writes a published list in a file format.
func (m *Main) exportCommand() *cobra.Command {
	var year, revision int
	var format, out string
	cmd := &cobra.Command{
		Use:   "export",
		Short: msg.T(m.lang, "cli.export.short"),
		Example: `  blandby export --year 2023 --format xlsx --out lister-2023.xlsx
  blandby export --year 2016 --revision 1 --format geojson > 2016.geojson`,
		PreRunE: requireFlags("year"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := export.ParseFormat(format)
			if err != nil {
				return usageError{command: "export", err: err}
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			var buf bytes.Buffer
			if err := m.export(cmd.Context(), st, &buf, f, year, revision); err != nil {
				return err
			}
			if out == "" || out == "-" {
				return emit(cmd, &buf)
			}
			return writeFiles(map[string][]byte{out: buf.Bytes()})
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, msg.T(m.lang, "cli.export.flag.year"))
	cmd.Flags().IntVar(&revision, "revision", 0, msg.T(m.lang, "cli.flag.revision"))
	cmd.Flags().StringVar(&format, "format", "csv", msg.T(m.lang, "cli.export.flag.format"))
	cmd.Flags().StringVar(&out, "out", "", msg.T(m.lang, "cli.export.flag.out"))
	return cmd
}
