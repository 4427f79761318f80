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
	"github.com/blandby/blandby/report"
	"github.com/blandby/blandby/store"
)

func (m *Main) reportCommand() *cobra.Command {
	var year int
	var out string
	var pdf bool
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write the yearly report on the lists and the 2030 goal (printable HTML)",
		Long: `report writes report-YEAR.html into --out: a self-contained, printable report (A4 pages,
charts drawn as SVG, no script) on the published list of the year: the lists and the changes
since the year before, the criteria's development, the development plans' status and the
status of the 2030 goal with a projection. --lang en writes it in English. --pdf also writes
report-YEAR.pdf, printed by a headless Chromium (BLANDBY_CHROMIUM, or chromium on PATH).`,
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
	cmd.Flags().IntVar(&year, "year", 0, "published list year to report on (required)")
	cmd.Flags().StringVar(&out, "out", ".", "directory to write report-YEAR.html into")
	cmd.Flags().BoolVar(&pdf, "pdf", false, "also write report-YEAR.pdf (needs Chromium)")
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
		return nil, nil, nil, 0, blandby.Errorf(blandby.CodeNotFound, "no published lists in the database")
	}
	if year == 0 {
		year = years[len(years)-1].Year
	}
	y, ok := findYear(years, year)
	if !ok {
		return nil, nil, nil, 0, blandby.Errorf(blandby.CodeNotFound, "no published list of %d", year)
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
