package main

import (
	"bytes"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/official"
	"github.com/blandby/blandby/official/verify"
	"github.com/blandby/blandby/registry"
)

func (m *Main) officialCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "official",
		Short: msg.T(m.lang, "cli.official.short"),
	}
	var format string
	verifyCmd := &cobra.Command{
		Use:   "verify",
		Short: msg.T(m.lang, "cli.official.verify.short"),
		Long:  msg.T(m.lang, "cli.official.verify.long"),
		Example: `  blandby official verify
  blandby official verify --format json`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usage("official verify", msg.Text("cli.error.format_table_json", format))
			}
			reg, cat, err := m.namesAndRules()
			if err != nil {
				return err
			}
			lists, err := official.PublishedLists(reg)
			if err != nil {
				return err
			}
			anomalies, err := official.Anomalies(reg)
			if err != nil {
				return err
			}
			rep, err := verify.Run(cat, lists, anomalies)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if format == "json" {
				err = writeJSON(&buf, rep)
			} else {
				err = m.verifyTable(&buf, rep)
			}
			if err != nil {
				return err
			}
			if err := emit(cmd, &buf); err != nil {
				return err
			}
			differ := 0
			for _, y := range rep.Years {
				differ += y.Differ
			}
			if differ > 0 {
				return blandby.Told(blandby.CodeConflict, blandby.Text{
					DA: msg.N(blandby.Danish, "cli.error.official_differ", differ),
					EN: msg.N(blandby.English, "cli.error.official_differ", differ),
				})
			}
			return nil
		},
	}
	verifyCmd.Flags().StringVar(&format, "format", "table", msg.T(m.lang, "cli.official.flag.format"))
	cmd.AddCommand(verifyCmd)
	return cmd
}

// namesAndRules returns the area registry (with --area-names) and the list
// rule sets (with --rules), which reading the published lists needs.
func (m *Main) namesAndRules() (*registry.Registry, *law.Catalog, error) {
	reg, err := m.areaNames()
	if err != nil {
		return nil, nil, err
	}
	cat, err := m.rulesCatalog()
	return reg, cat, err
}

// verifyTable writes the verification as a table of every area, and each
// year's agreement.
func (m *Main) verifyTable(buf *bytes.Buffer, rep *verify.Report) error {
	l := m.lang
	tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, msg.T(l, "cli.official.header"))
	status := map[string]string{
		verify.Agrees: msg.T(l, "cli.official.agrees"), verify.Differs: msg.T(l, "cli.official.differs"),
		verify.Anomaly: msg.T(l, "cli.official.anomaly"), verify.NoValues: msg.T(l, "cli.official.no_values"),
	}
	for _, y := range rep.Years {
		method := msg.T(l, "cli.official.from_values")
		if y.Method == verify.FromHistory {
			method = msg.T(l, "cli.official.from_history", y.List)
		}
		for _, a := range y.Areas {
			computed := string(a.Computed)
			if computed == "" {
				computed = "–"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", y.Year, method, a.Name, a.Municipality, a.AreaID, a.Published, computed, status[a.Status])
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(buf, "\n%s\n", msg.T(l, "cli.official.summary"))
	tw = tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, msg.T(l, "cli.official.summary_header"))
	for _, y := range rep.Years {
		fmt.Fprintf(tw, "%d\t%s\t%d/%d\t%d\t%d\t%d\n", y.Year, y.RuleSet, y.Agree, y.Checked(), y.Differ, y.Anomalies, y.NoValues)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, y := range rep.Years {
		for _, a := range y.Areas {
			if a.Status == verify.Anomaly {
				fmt.Fprintf(buf, "\n%s\n", msg.T(l, "cli.official.anomaly_note", y.Year, a.Name, a.Note))
			}
		}
	}
	return nil
}
