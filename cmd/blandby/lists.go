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
	"github.com/blandby/blandby/msg"
)

// inputFlags are the flags shared by the commands that classify a file.
type inputFlags struct {
	indicators, history string
	year                int
}

func (f *inputFlags) register(cmd *cobra.Command, lang blandby.Lang) {
	cmd.Flags().StringVar(&f.indicators, "indicators", "", msg.T(lang, "cli.lists.flag.indicators"))
	cmd.Flags().IntVar(&f.year, "year", 0, msg.T(lang, "cli.lists.flag.year"))
	cmd.Flags().StringVar(&f.history, "history", "", msg.T(lang, "cli.lists.flag.history"))
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
		Short: msg.T(m.lang, "cli.lists.short"),
		Long:  msg.T(m.lang, "cli.lists.long"),
		Example: `  blandby lists --indicators areas.csv --year 2023 --history history.csv
  blandby lists --indicators areas.csv --year 2023 --format csv > lists-2023.csv`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "csv" && format != "json" {
				return usage("lists", msg.Text("cli.error.format_table_csv_json", format))
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
	in.register(cmd, m.lang)
	m.encodingFlag(cmd)
	cmd.PreRunE = requireFlags("indicators")
	cmd.Flags().StringVar(&format, "format", "table", msg.T(m.lang, "cli.lists.flag.format"))
	cmd.Flags().BoolVar(&all, "all", false, msg.T(m.lang, "cli.lists.flag.all"))
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
