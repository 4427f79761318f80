package main

import (
	"bytes"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
)

func (m *Main) rulesCommand() *cobra.Command {
	var at string
	var year int
	var compare, all bool
	cmd := &cobra.Command{
		Use:   "rules",
		Short: msg.T(m.lang, "cli.rules.short"),
		Long:  msg.T(m.lang, "cli.rules.long"),
		Example: `  blandby rules --at 2019-06-01
  blandby rules --year 2010
  blandby rules --compare --lang en
  blandby rules --all`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if at != "" && year != 0 {
				return usage("rules", msg.Text("cli.error.at_or_year"))
			}
			cat, err := m.rulesCatalog()
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if all {
				err = writeVersions(&buf, cat, m.lang)
				if err != nil {
					return err
				}
				return emit(cmd, &buf)
			}
			rs, err := pickRuleSet(cat, at, year)
			if err != nil {
				return err
			}
			if compare {
				err = explain.Compare(&buf, rs, blandby.Udsat, blandby.Forebyggelse, m.lang)
			} else {
				err = explain.RuleSet(&buf, rs, m.lang)
			}
			if err != nil {
				return err
			}
			return emit(cmd, &buf)
		},
	}
	cmd.Flags().StringVar(&at, "at", "", msg.T(m.lang, "cli.flag.at"))
	cmd.Flags().IntVar(&year, "year", 0, msg.T(m.lang, "cli.rules.flag.year"))
	cmd.Flags().BoolVar(&compare, "compare", false, msg.T(m.lang, "cli.flag.compare"))
	cmd.Flags().BoolVar(&all, "all", false, msg.T(m.lang, "cli.rules.flag.all"))
	return cmd
}

func pickRuleSet(cat *law.Catalog, at string, year int) (*law.RuleSet, error) {
	if year != 0 {
		return cat.ForListYear(year)
	}
	date := time.Now().UTC()
	if at != "" {
		d, err := time.Parse(time.DateOnly, at)
		if err != nil {
			return nil, usage("rules", msg.Text("cli.error.date", "--at", at))
		}
		date = d
	}
	return cat.At(date)
}

func writeVersions(buf *bytes.Buffer, cat *law.Catalog, lang blandby.Lang) error {
	tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, msg.T(lang, "cli.rules.header"))
	for _, rs := range cat.All() {
		var lists []string
		for _, l := range rs.Lists {
			lists = append(lists, l.Name.DA)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", rs.ID, rs.ListYears(), strings.Join(lists, ", "), rs.Title.In(lang))
	}
	return tw.Flush()
}
