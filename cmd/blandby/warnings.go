package main

import (
	"bytes"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/monitor"
	"github.com/blandby/blandby/msg"
)

func (m *Main) warningsCommand() *cobra.Command {
	var year int
	var points, multiple, residents, format string
	var backtest bool
	cmd := &cobra.Command{
		Use:   "warnings",
		Short: msg.T(m.lang, "cli.warnings.short"),
		Long:  msg.T(m.lang, "cli.warnings.long"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usage("monitor warnings", msg.Text("cli.error.format_table_json", format))
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			years, cat, g, year, err := m.monitorInput(cmd.Context(), st, year)
			if err != nil {
				return err
			}
			mg := g.Warning
			if cmd.Flags().Changed("points") || cmd.Flags().Changed("multiple") || cmd.Flags().Changed("residents") {
				def := func(name, v string, r blandby.Ratio, pct bool) string {
					if cmd.Flags().Changed(name) {
						return v
					}
					if pct {
						r = r.Mul(blandby.RatioInt(100))
					}
					return r.String()
				}
				if mg, err = monitor.ParseMargins(def("points", points, g.Warning.Points, false), def("multiple", multiple, g.Warning.Multiple, false), def("residents", residents, g.Warning.Residents, true)); err != nil {
					return usageError{command: "warnings", err: err}
				}
			}
			var buf bytes.Buffer
			if backtest {
				bs, err := monitor.BacktestWarnings(years, cat, mg)
				if err != nil {
					return err
				}
				if format == "json" {
					return emitJSON(cmd, bs)
				}
				tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', tabwriter.AlignRight)
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", msg.T(m.lang, "cli.warnings.warned_in"), msg.T(m.lang, "common.entered"), msg.T(m.lang, "cli.warnings.hits"), msg.T(m.lang, "cli.warnings.warnings"), msg.T(m.lang, "cli.warnings.false_alarms"), msg.T(m.lang, "cli.warnings.recall"),
					msg.T(m.lang, "cli.warnings.areas_entered"), msg.T(m.lang, "cli.warnings.areas_warned"), msg.T(m.lang, "cli.warnings.of_them_false"))
				for _, b := range bs {
					fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%d\t%s\t%d\t%d\t%d\t\n", b.Year, b.Entered, b.Hits, b.Warned, b.FalseAlarms, explain.Percent(b.Recall(), m.lang), b.AreasEntered, b.AreasWarned, b.AreasFalseAlarms)
				}
				tw.Flush()
				return emit(cmd, &buf)
			}
			y, _ := findYear(years, year)
			var before []monitor.Year
			for i := range years {
				if years[i].Year <= year {
					before = append(before, years[i])
				}
			}
			next, err := cat.ForListYear(year + 1)
			if err != nil {
				return err
			}
			ws, err := monitor.Warnings(y, before, next, mg)
			if err != nil {
				return err
			}
			if format == "json" {
				return emitJSON(cmd, ws)
			}
			tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", msg.T(m.lang, "cli.warnings.area"), msg.T(m.lang, "cli.warnings.name"), msg.T(m.lang, "common.now"), msg.T(m.lang, "common.could_enter"), msg.T(m.lang, "common.near_criteria_distance"))
			for _, w := range ws {
				near := ""
				for i, c := range w.Near {
					if i > 0 {
						near += ", "
					}
					near += c.ID
					switch {
					case c.Margin == nil:
					case c.Margin.Multiple != nil:
						near += " " + explain.MultipleDistance(*c.Margin.Multiple, m.lang)
					case c.Margin.Points != nil:
						near += " " + explain.Points(*c.Margin.Points, m.lang)
					}
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s %d\t%s\n", w.AreaID, w.Name, w.Category, w.List, year+1, near)
			}
			tw.Flush()
			fmt.Fprintf(&buf, "%d %s\n", len(ws), msg.T(m.lang, "cli.warnings.warnings"))
			return emit(cmd, &buf)
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, msg.T(m.lang, "cli.warnings.flag.year"))
	cmd.Flags().StringVar(&points, "points", "", msg.T(m.lang, "cli.flag.points"))
	cmd.Flags().StringVar(&multiple, "multiple", "", msg.T(m.lang, "cli.flag.multiple"))
	cmd.Flags().StringVar(&residents, "residents", "", msg.T(m.lang, "cli.flag.residents"))
	cmd.Flags().StringVar(&format, "format", "table", msg.T(m.lang, "cli.warnings.flag.format"))
	cmd.Flags().BoolVar(&backtest, "backtest", false, msg.T(m.lang, "cli.flag.backtest"))
	return cmd
}
