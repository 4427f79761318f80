package main

import (
	"bytes"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/msg"
)

func (m *Main) explainCommand() *cobra.Command {
	var in inputFlags
	var area, format string
	cmd := &cobra.Command{
		Use:   "explain",
		Short: msg.T(m.lang, "cli.explain.short"),
		Long:  msg.T(m.lang, "cli.explain.long"),
		Example: `  blandby explain --indicators areas.csv --year 2010 --area mjoelnerparken
  blandby explain --indicators areas.csv --year 2023 --area 101-007 --history history.csv --lang en`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return usage("explain", msg.Text("cli.error.format_text_json", format))
			}
			out, err := m.classify(in)
			if err != nil {
				return err
			}
			r, err := out.Result(area)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if format == "json" {
				err = writeJSON(&buf, r)
			} else {
				cat, _ := m.rulesCatalog() // loaded by m.classify already
				err = explain.Area(&buf, out, r, cat, m.lang)
			}
			if err != nil {
				return err
			}
			return emit(cmd, &buf)
		},
	}
	in.register(cmd, m.lang)
	m.encodingFlag(cmd)
	cmd.PreRunE = requireFlags("indicators", "area")
	cmd.Flags().StringVar(&area, "area", "", msg.T(m.lang, "cli.explain.flag.area"))
	cmd.Flags().StringVar(&format, "format", "text", msg.T(m.lang, "cli.explain.flag.format"))
	return cmd
}
