package main

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/export"
)

// inputFlags are the flags shared by the commands that classify a file.
type inputFlags struct {
	indicators, history string
	year                int
}

func (f *inputFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.indicators, "indicators", "", "indicator file (CSV; - for standard input), in the indicator or the published layout (required)")
	cmd.Flags().IntVar(&f.year, "year", 0, "list year (may be left out when the file holds one year)")
	cmd.Flags().StringVar(&f.history, "history", "", "history file of published lists (CSV), needed for omdannelse")
}

// classify reads the inputs and classifies the list year.
func (m *Main) classify(f inputFlags) (*classify.Outcome, error) {
	set, err := m.readIndicators(f.indicators)
	if err != nil {
		return nil, err
	}
	year, rs, err := m.listYear(set, f.year)
	if err != nil {
		return nil, err
	}
	hist, err := m.readHistory(f.history, set)
	if err != nil {
		return nil, err
	}
	out, err := classify.Classify(rs, year, set.Year(year), hist)
	if err != nil {
		return nil, err
	}
	m.log.Debug("classified", "year", year, "rule_set", rs.ID, "areas", len(out.Results), "summary", out.String())
	return out, nil
}

func (m *Main) listsCommand() *cobra.Command {
	var in inputFlags
	var format string
	var all bool
	cmd := &cobra.Command{
		Use:   "lists",
		Short: "Compute the lists of a year from an indicator file",
		Long: `Compute the lists of a list year from per-area indicators under the rule set in force
on that year's 1 December. Omdannelse needs the published lists of earlier years (--history).

Formats: table (for people), csv (columns year, area_id, area_name, category, udsat,
parallelsamfund, omdannelse, forebyggelse, criteria_met) and json (every result with its
full explanation; exact values as fractions "num/den").`,
		Example: `  blandby lists --indicators areas.csv --year 2023 --history history.csv
  blandby lists --indicators areas.csv --year 2023 --format csv > lists-2023.csv`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "csv" && format != "json" {
				return usageError{command: "lists", err: fmt.Errorf("unknown --format %q (expected table, csv or json)", format)}
			}
			out, err := m.classify(in)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			switch format {
			case "table":
				err = explain.Lists(&buf, out, all, m.lang)
			case "csv":
				err = export.WriteListsCSV(&buf, out)
			case "json":
				err = writeJSON(&buf, newOutcomeJSON(out))
			}
			if err != nil {
				return err
			}
			return emit(cmd, &buf)
		},
	}
	in.register(cmd)
	m.encodingFlag(cmd)
	cmd.PreRunE = requireFlags("indicators")
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, csv or json")
	cmd.Flags().BoolVar(&all, "all", false, "table: show every area, not only those on a list")
	return cmd
}

// outcomeJSON is the JSON form of a year's lists.
type outcomeJSON struct {
	Year    int                      `json:"year"`
	RuleSet ruleSetRef               `json:"rule_set"`
	Counts  map[blandby.Category]int `json:"counts"`
	Areas   []classify.Result        `json:"areas"`
}

type ruleSetRef struct {
	ID    string       `json:"id"`
	Title blandby.Text `json:"title"`
}

func newOutcomeJSON(o *classify.Outcome) outcomeJSON {
	counts := map[blandby.Category]int{}
	for _, c := range o.Lists() {
		counts[c] = o.Count(c)
	}
	return outcomeJSON{Year: o.Year, RuleSet: ruleSetRef{ID: o.RuleSet.ID, Title: o.RuleSet.Title}, Counts: counts, Areas: o.Results}
}

func writeJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode json: %w", err)
	}
	return nil
}
