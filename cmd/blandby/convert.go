package main

import (
	"bytes"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/history"
	"github.com/blandby/blandby/indicator"
)

func (m *Main) convertCommand() *cobra.Command {
	var in, out, historyOut string
	cmd := &cobra.Command{
		Use:   "convert",
		Short: "Convert published list values into an indicator file and a history file",
		Long: `Convert a file in the ministry's published layout (area_name instead of area_id, and a
published_category column) into the indicator format, and write the published categories as
a history file. Every name resolves through the area registry (official/areas.yaml, extended
by --area-names) to its area's stable id: "Agervang mv." and "Agervang" are both agervang. An
unknown name is an error that suggests the nearest known names. Any indicator file is accepted and rewritten in the canonical column order.
Both outputs are written completely or not at all.`,
		Example: `  blandby convert --indicators areas_2010.csv --out indicators-2010.csv --history-out history-2010.csv`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			set, err := m.readIndicators(in)
			if err != nil {
				return err
			}
			if historyOut != "" && set.Published == nil {
				return blandby.Errorf(blandby.CodeInvalid, "%s has no published_category column, so there is no history to write", set.File)
			}
			var rows []blandby.Indicators
			for _, y := range set.Years() {
				rows = append(rows, set.Year(y)...)
			}
			var ind, hist bytes.Buffer
			if err := indicator.Write(&ind, rows); err != nil {
				return err
			}
			if historyOut != "" {
				if err := history.Write(&hist, set.Published); err != nil {
					return err
				}
			}
			if out == "-" {
				return emit(cmd, &ind)
			}
			files := map[string][]byte{out: ind.Bytes()}
			if historyOut != "" {
				files[historyOut] = hist.Bytes()
			}
			if err := writeFiles(files); err != nil {
				return err
			}
			fmt.Fprintf(m.Stderr, "wrote %d rows to %s\n", len(rows), out)
			return nil
		},
	}
	cmd.Flags().StringVar(&in, "indicators", "", "input file (CSV; - for standard input) (required)")
	m.encodingFlag(cmd)
	cmd.Flags().StringVar(&out, "out", "", "indicator file to write (- for standard output) (required)")
	cmd.Flags().StringVar(&historyOut, "history-out", "", "history file to write from the published categories")
	cmd.PreRunE = requireFlags("indicators", "out")
	return cmd
}
