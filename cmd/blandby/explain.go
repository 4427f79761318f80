package main

import (
	"bytes"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby/explain"
)

func (m *Main) explainCommand() *cobra.Command {
	var in inputFlags
	var area, format string
	cmd := &cobra.Command{
		Use:   "explain",
		Short: "Explain one area's result criterion by criterion",
		Long: `Explain why an area is or is not on each list of a year: every criterion with its value,
threshold, operator, legal reference and margin (how far it is from flipping, in percentage
points and, where the population is known, in persons), and every list's conditions.`,
		Example: `  blandby explain --indicators areas.csv --year 2010 --area mjoelnerparken
  blandby explain --indicators areas.csv --year 2023 --area 101-007 --history history.csv --lang en`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return usageError{command: "explain", err: fmt.Errorf("unknown --format %q (expected text or json)", format)}
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
	in.register(cmd)
	m.encodingFlag(cmd)
	cmd.PreRunE = requireFlags("indicators", "area")
	cmd.Flags().StringVar(&area, "area", "", "area id (required)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}
