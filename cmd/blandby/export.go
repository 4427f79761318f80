package main

import (
	"bytes"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby/export"
)

// exportCommand writes a published list in a file format.
func (m *Main) exportCommand() *cobra.Command {
	var year, revision int
	var format, out string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export a published list as CSV, JSON, Excel or GeoJSON",
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
	cmd.Flags().IntVar(&year, "year", 0, "list year (required)")
	cmd.Flags().IntVar(&revision, "revision", 0, "revision (default: the latest)")
	cmd.Flags().StringVar(&format, "format", "csv", "csv, json, xlsx or geojson")
	cmd.Flags().StringVar(&out, "out", "", "file to write (default: standard output)")
	return cmd
}
