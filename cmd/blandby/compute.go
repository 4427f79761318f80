package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/compute"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/register"
)

// computeFlags are the flags of `blandby compute`.
type computeFlags struct {
	register, areas, reference, history string
	year                                int
	years                               string
	out, details                        string
	format                              string
	workers                             int
}

func (m *Main) computeCommand() *cobra.Command {
	var f computeFlags
	cmd := &cobra.Command{
		Use:   "compute",
		Short: "Compute the indicators and lists of list years from register microdata",
		Long: `Compute every indicator the rule set in force needs for a list year, exactly, from
person-level register files (one per data year, CSV or Parquet, in --register DIR), and print
the lists. Person-level data are read and aggregated, never stored.

National and regional reference values come from the whole population when the files hold
it, or from --reference when they hold only area residents. --years computes a run of years;
omdannelse then sees the lists of the years computed before, plus any --history.

--out writes the indicator file (the format 'blandby lists' reads); --details writes the
numerator and denominator behind every value, per area, indicator and data year.`,
		Example: `  blandby compute --register data/ --areas data/areas.csv --year 2023
  blandby compute --register data/ --areas data/areas.csv --reference data/reference.csv \
      --years 2010-2024 --out indicators.csv --details details.csv`,
		PreRunE: requireFlags("register", "areas"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return m.runCompute(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.register, "register", "", "directory of register files register-YYYY.csv|parquet (required)")
	fl.StringVar(&f.areas, "areas", "", "areas registry CSV (required)")
	fl.StringVar(&f.reference, "reference", "", "reference file of national and regional values, when the register holds only area residents")
	fl.StringVar(&f.history, "history", "", "history file of published lists of earlier years (for omdannelse)")
	fl.IntVar(&f.year, "year", 0, "list year")
	fl.StringVar(&f.years, "years", "", "a run of list years, e.g. 2016-2025")
	fl.StringVar(&f.out, "out", "", "write the indicator file here")
	fl.StringVar(&f.details, "details", "", "write the numerators and denominators here")
	fl.StringVar(&f.format, "format", "table", "output on standard output: table, csv or json")
	fl.IntVar(&f.workers, "workers", 0, "parallel workers for reading (default: one per CPU)")
	return cmd
}

func (m *Main) runCompute(cmd *cobra.Command, f computeFlags) error {
	years, err := listYears(f)
	if err != nil {
		return err
	}
	if f.format != "table" && f.format != "csv" && f.format != "json" {
		return usageError{command: "compute", err: fmt.Errorf("unknown --format %q (expected table, csv or json)", f.format)}
	}
	cat, err := m.rulesCatalog()
	if err != nil {
		return err
	}
	areas, err := readWith(m, f.areas, register.ReadAreas)
	if err != nil {
		return err
	}
	var ref *register.Reference
	if f.reference != "" {
		if ref, err = readWith(m, f.reference, register.ReadReference); err != nil {
			return err
		}
	}
	hist, err := m.readHistory(f.history, nil)
	if err != nil {
		return err
	}
	dir, err := register.OpenDir(f.register)
	if err != nil {
		return err
	}
	needed := map[int]bool{}
	for _, y := range years {
		rs, err := cat.ForListYear(y)
		if err != nil {
			return err
		}
		for _, d := range indicator.DataYears(rs, y) {
			needed[d] = true
		}
	}
	var dataYears []int
	for d := range needed {
		dataYears = append(dataYears, d)
	}
	files, err := dir.Files(dataYears)
	if err != nil {
		return err
	}
	start := time.Now()
	opts := register.ReadOptions{Workers: f.workers}
	bar := m.progressBar(files)
	if bar != nil {
		opts.Progress = func(n int64) { _ = bar.Set64(n) }
	}
	data, stats, err := indicator.Load(cmd.Context(), files, areas, ref, opts)
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(m.Stderr)
	}
	if err != nil {
		return err
	}
	var rows int64
	for _, st := range stats {
		rows += st.Rows
	}
	m.log.Debug("register read", "files", len(files), "rows", rows, "seconds", time.Since(start).Seconds())
	run, err := compute.Run(cmd.Context(), cat, data, years, hist)
	if err != nil {
		return err
	}
	m.log.Debug("computed", "years", years, "seconds", time.Since(start).Seconds())
	return m.writeCompute(cmd, f, run)
}

// listYears reads --year or --years.
func listYears(f computeFlags) ([]int, error) {
	switch {
	case f.year != 0 && f.years != "":
		return nil, usageError{command: "compute", err: fmt.Errorf("give --year or --years, not both")}
	case f.year != 0:
		return []int{f.year}, nil
	case f.years == "":
		return nil, usageError{command: "compute", err: fmt.Errorf("missing --year or --years")}
	}
	from, to, ok := strings.Cut(f.years, "-")
	a, errA := strconv.Atoi(from)
	b, errB := strconv.Atoi(to)
	if !ok || errA != nil || errB != nil || a > b || b-a > 100 {
		return nil, usageError{command: "compute", err: fmt.Errorf("--years %q is not a range of years such as 2016-2025", f.years)}
	}
	var out []int
	for y := a; y <= b; y++ {
		out = append(out, y)
	}
	return out, nil
}

// readWith opens a file and reads it with a reader of the file format.
func readWith[T any](m *Main, file string, read func(io.Reader, string) (T, error)) (T, error) {
	var zero T
	r, name, closeFn, err := m.open(file)
	if err != nil {
		return zero, err
	}
	defer closeFn()
	return read(r, name)
}

// progressBar returns a bar over the files' bytes when standard error is a
// terminal, nil otherwise.
func (m *Main) progressBar(files []string) *progressbar.ProgressBar {
	f, ok := m.Stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	var total int64
	for _, file := range files {
		if fi, err := os.Stat(file); err == nil {
			total += fi.Size()
		}
	}
	return progressbar.NewOptions64(total, progressbar.OptionSetWriter(m.Stderr), progressbar.OptionShowBytes(true),
		progressbar.OptionSetDescription("reading register"), progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish())
}

// writeCompute writes the output files (all or nothing) and prints the lists.
func (m *Main) writeCompute(cmd *cobra.Command, f computeFlags, run []compute.Year) error {
	files := map[string][]byte{}
	if f.out != "" {
		var buf bytes.Buffer
		var rows []blandby.Indicators
		for _, y := range run {
			rows = append(rows, y.Indicators.Indicators...)
		}
		if err := indicator.Write(&buf, rows); err != nil {
			return err
		}
		files[f.out] = buf.Bytes()
	}
	if f.details != "" {
		var buf bytes.Buffer
		var details []indicator.Detail
		for _, y := range run {
			details = append(details, y.Indicators.Details...)
		}
		if err := indicator.WriteDetails(&buf, details); err != nil {
			return err
		}
		files[f.details] = buf.Bytes()
	}
	var out bytes.Buffer
	outcomes := make([]*classify.Outcome, len(run))
	for i, y := range run {
		outcomes[i] = y.Lists
	}
	var err error
	switch {
	case f.format == "csv":
		err = writeListsCSV(&out, outcomes...)
	case f.format == "json":
		docs := make([]outcomeJSON, len(outcomes))
		for i, o := range outcomes {
			docs[i] = newOutcomeJSON(o)
		}
		if len(docs) == 1 {
			err = writeJSON(&out, docs[0])
		} else {
			err = writeJSON(&out, docs)
		}
	case len(outcomes) == 1:
		err = explain.Lists(&out, outcomes[0], false, m.lang)
	default:
		err = writeCounts(&out, outcomes, m.lang)
	}
	if err != nil {
		return err
	}
	if err := writeFiles(files); err != nil {
		return err
	}
	return emit(cmd, &out)
}

// writeCounts writes a table of the number of areas on each list per year.
func writeCounts(w io.Writer, outcomes []*classify.Outcome, lang blandby.Lang) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := map[blandby.Lang]string{blandby.Danish: "LISTEÅR\tREGELSÆT\tUDSAT\tPARALLELSAMFUND\tOMDANNELSE\tFOREBYGGELSE\t",
		blandby.English: "LIST YEAR\tRULE SET\tUDSAT\tPARALLELSAMFUND\tOMDANNELSE\tFOREBYGGELSE\t"}[lang]
	fmt.Fprintln(tw, header)
	for _, o := range outcomes {
		fmt.Fprintf(tw, "%d\t%s\t", o.Year, o.RuleSet.ID)
		for _, c := range []blandby.Category{blandby.Udsat, blandby.Parallelsamfund, blandby.Omdannelse, blandby.Forebyggelse} {
			if _, ok := o.RuleSet.List(c); ok {
				fmt.Fprintf(tw, "%d\t", o.Count(c))
			} else {
				fmt.Fprint(tw, "–\t")
			}
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}
