package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/internal/chromium"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/monitor"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/report"
	"github.com/blandby/blandby/store"
)

func (m *Main) reportCommand() *cobra.Command {
	var year int
	var out string
	var pdf bool
	cmd := &cobra.Command{
		Use:   "report",
		Short: msg.T(m.lang, "cli.report.short"),
		Long:  msg.T(m.lang, "cli.report.long"),
		Example: `  blandby report --year 2024 --out rapporter/
  blandby report --year 2024 --out reports/ --lang en --pdf`,
		PreRunE: requireFlags("year"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			r, err := m.buildReport(cmd.Context(), st, year)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := r.Render(&buf); err != nil {
				return err
			}
			if out == "" {
				out = "."
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return fmt.Errorf("report: %w", err)
			}
			path := filepath.Join(out, fmt.Sprintf("report-%d.html", year))
			files := map[string][]byte{path: buf.Bytes()}
			written := []string{path}
			if pdf {
				path, err := chromium.Find(m.Getenv)
				if err != nil {
					return blandby.Errorf(blandby.CodeInvalid, "--pdf: %v", err)
				}
				b, err := report.PDF(cmd.Context(), path, buf.Bytes())
				if err != nil {
					return err
				}
				pdfPath := filepath.Join(out, fmt.Sprintf("report-%d.pdf", year))
				files[pdfPath] = b
				written = append(written, pdfPath)
			}
			if err := writeFiles(files); err != nil {
				return err
			}
			for _, p := range written {
				fmt.Fprintln(cmd.OutOrStdout(), p)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, msg.T(m.lang, "cli.report.flag.year"))
	cmd.Flags().StringVar(&out, "out", ".", msg.T(m.lang, "cli.report.flag.out"))
	cmd.Flags().BoolVar(&pdf, "pdf", false, msg.T(m.lang, "cli.flag.pdf"))
	return cmd
}

// monitorInput reads the published years from the store with the goal in
// force on the list date of year (the latest published year when 0).
func (m *Main) monitorInput(ctx context.Context, st store.Store, year int) ([]monitor.Year, *law.Catalog, *monitor.Goal, int, error) {
	cat, err := m.rulesCatalog()
	if err != nil {
		return nil, nil, nil, 0, err
	}
	years, err := app.MonitorYears(ctx, st, cat)
	if err != nil {
		return nil, nil, nil, 0, err
	}
	if len(years) == 0 {
		return nil, nil, nil, 0, blandby.Told(blandby.CodeNotFound, msg.Text("cli.error.no_published_lists"))
	}
	if year == 0 {
		year = years[len(years)-1].Year
	}
	y, ok := findYear(years, year)
	if !ok {
		return nil, nil, nil, 0, blandby.Told(blandby.CodeNotFound, msg.Text("cli.error.no_published_list", year))
	}
	g, err := monitor.GoalFor(y.RuleSet.ListDate(year))
	if err != nil {
		return nil, nil, nil, 0, err
	}
	return years, cat, g, year, nil
}

func findYear(years []monitor.Year, year int) (*monitor.Year, bool) {
	for i := range years {
		if years[i].Year == year {
			return &years[i], true
		}
	}
	return nil, false
}

// buildReport builds the report of a year from the store.
func (m *Main) buildReport(ctx context.Context, st store.Store, year int) (*report.Report, error) {
	years, cat, g, year, err := m.monitorInput(ctx, st, year)
	if err != nil {
		return nil, err
	}
	y, _ := findYear(years, year)
	plans, err := report.LoadPlans(ctx, st, y.RuleSet.ListDate(year))
	if err != nil {
		return nil, err
	}
	r, err := report.Build(years, cat, g, year, m.lang, plans)
	if err != nil {
		return nil, err
	}
	if r.Synthetic, err = demo.IsSynthetic(ctx, st); err != nil {
		return nil, err
	}
	m.log.Debug("report built", "year", year, "plans", len(plans))
	return r, nil
}
