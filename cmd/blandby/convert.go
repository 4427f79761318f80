package main

import (
	"bytes"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/history"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/msg"
)

func (m *Main) convertCommand() *cobra.Command {
	var in, out, historyOut string
	cmd := &cobra.Command{
		Use:     "convert",
		Short:   msg.T(m.lang, "cli.convert.short"),
		Long:    msg.T(m.lang, "cli.convert.long"),
		Example: `  blandby convert --indicators areas_2010.csv --out indicators-2010.csv --history-out history-2010.csv`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			set, err := m.readIndicators(in)
			if err != nil {
				return err
			}
			if historyOut != "" && set.Published == nil {
				return invalid(msg.Text("cli.error.no_published_category", set.File))
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
			fmt.Fprintln(m.Stderr, msg.N(m.lang, "cli.convert.wrote", len(rows), explain.Int(int64(len(rows)), m.lang), out))
			return nil
		},
	}
	cmd.Flags().StringVar(&in, "indicators", "", msg.T(m.lang, "cli.convert.flag.indicators"))
	m.encodingFlag(cmd)
	cmd.Flags().StringVar(&out, "out", "", msg.T(m.lang, "cli.convert.flag.out"))
	cmd.Flags().StringVar(&historyOut, "history-out", "", msg.T(m.lang, "cli.flag.history_out"))
	cmd.PreRunE = requireFlags("indicators", "out")
	return cmd
}
