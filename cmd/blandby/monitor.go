package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/monitor"
	"github.com/blandby/blandby/msg"
)

// monitorJSON is what `blandby monitor --format json` writes.
type monitorJSON struct {
	Year       int                 `json:"year"`
	Tallies    []monitor.Tally     `json:"tallies"`
	Status     monitor.GoalStatus  `json:"goal_status"`
	Projection *monitor.Projection `json:"projection,omitempty"`
}

func (m *Main) monitorCommand() *cobra.Command {
	var year int
	var format string
	cmd := &cobra.Command{
		Use:   "monitor",
		Short: msg.T(m.lang, "cli.monitor.short"),
		Long:  msg.T(m.lang, "cli.monitor.long"),
		Example: `  blandby monitor
  blandby monitor --year 2023 --format json
  blandby monitor warnings --year 2024 --points 6`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usage("monitor", msg.Text("cli.error.format_table_json", format))
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
			y, _ := findYear(years, year)
			upto := years
			for i := range years {
				if years[i].Year == year {
					upto = years[:i+1]
				}
			}
			out := monitorJSON{Year: year}
			for i := range upto {
				out.Tallies = append(out.Tallies, monitor.TallyYear(&upto[i], g.NonWesternBar()))
			}
			if y.Indicators != nil {
				rs, err := cat.ForListYear(year)
				if err != nil {
					return err
				}
				if out.Projection, err = monitor.Project(upto, rs, g); err != nil {
					return err
				}
			}
			out.Status = g.Status(upto, out.Projection)
			var buf bytes.Buffer
			if format == "json" {
				if out.Projection != nil {
					out.Projection.Areas = nil // per area: the API's projection route
				}
				enc := json.NewEncoder(&buf)
				enc.SetIndent("", "  ")
				if err := enc.Encode(out); err != nil {
					return err
				}
				return emit(cmd, &buf)
			}
			m.writeMonitor(&buf, out)
			return emit(cmd, &buf)
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, msg.T(m.lang, "cli.monitor.flag.year"))
	cmd.Flags().StringVar(&format, "format", "table", msg.T(m.lang, "cli.monitor.flag.format"))
	cmd.AddCommand(m.warningsCommand())
	return cmd
}

// writeMonitor writes the monitor as tables.
func (m *Main) writeMonitor(buf *bytes.Buffer, out monitorJSON) {
	lists := blandby.ListColumns
	tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t", msg.T(m.lang, "common.list_year"))
	for _, l := range lists {
		fmt.Fprintf(tw, "%s\t", l)
	}
	fmt.Fprintf(tw, "%s\t\n", msg.T(m.lang, "cli.monitor.above_30_on_western"))
	for _, t := range out.Tallies {
		fmt.Fprintf(tw, "%d\t", t.Year)
		for _, l := range lists {
			if n, ok := t.OnCounts[l]; ok {
				fmt.Fprintf(tw, "%d\t", n)
			} else {
				fmt.Fprint(tw, "–\t")
			}
		}
		if t.NonWesternKnown {
			fmt.Fprintf(tw, "%d\t\n", len(t.Above))
		} else {
			fmt.Fprint(tw, "–\t\n")
		}
	}
	tw.Flush()
	last := out.Tallies[len(out.Tallies)-1]
	fmt.Fprintf(buf, "\n%s %d\n", msg.T(m.lang, "cli.monitor.residents_and_dwellings_per"), last.Year)
	tw = tabwriter.NewWriter(buf, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", msg.T(m.lang, "common.list"), msg.T(m.lang, "common.areas"), msg.T(m.lang, "common.residents"), msg.T(m.lang, "common.public_family_dwellings"), msg.T(m.lang, "common.dwellings"))
	for _, l := range last.Lists {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t\n", l, last.OnCounts[l], explain.Int(last.Residents[l], m.lang), explain.Int(last.FamilyDwellings[l], m.lang), explain.Int(last.Dwellings[l], m.lang))
	}
	tw.Flush()
	s := out.Status
	fmt.Fprintf(buf, "\n%s %d (%s)\n", msg.T(m.lang, "common.goal_for"), s.Year, s.LegalRef)
	tw = tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%d\t%d %s\t%s\n", msg.T(m.lang, "common.target"), s.From, s.Year, msg.T(m.lang, "cli.monitor.range"), msg.T(m.lang, "common.status"))
	for _, t := range s.Targets {
		now, proj, status := "–", "–", "–"
		if t.NowKnown {
			now = fmt.Sprint(t.Now)
		}
		if t.Projected {
			proj = fmt.Sprintf("%d (%d–%d)", t.Point, t.Low, t.High)
			status = msg.T(m.lang, "common.not_on_track")
			if t.OnTrack {
				status = msg.T(m.lang, "common.on_track")
			}
		}
		fmt.Fprintf(tw, "%s %s\t%s\t%s\t%s\n", t.ID, t.Label.In(m.lang), now, proj, status)
	}
	tw.Flush()
	if out.Projection != nil {
		fmt.Fprintf(buf, "\n%s\n", out.Projection.Method.Note.In(m.lang))
	}
}

func emitJSON(cmd *cobra.Command, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return emit(cmd, &buf)
}
