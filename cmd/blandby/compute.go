package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/compute"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/export"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/record"
	"github.com/blandby/blandby/register"
	"github.com/blandby/blandby/store"
)

// computeFlags are the flags of `blandby compute`.
type computeFlags struct {
	register, areas, reference, history string
	indicators                          string
	save                                bool
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
		Short: msg.T(m.lang, "cli.compute.short"),
		Long:  msg.T(m.lang, "cli.compute.long"),
		Example: `  blandby compute --register full/ --areas full/areas.csv --year 2021
  blandby compute --register data/ --areas data/areas.csv --reference data/reference.csv \
      --years 2010-2024 --out indicators.csv --details details.csv`,
		PreRunE: func(cmd *cobra.Command, _ []string) error {
			if (f.indicators == "") == (f.register == "") {
				return usage("compute", msg.Text("cli.error.compute_input"))
			}
			if f.register != "" {
				return requireFlags("areas")(cmd, nil)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return m.runCompute(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.register, "register", "", msg.T(m.lang, "cli.flag.register"))
	fl.StringVar(&f.areas, "areas", "", msg.T(m.lang, "cli.flag.areas"))
	fl.StringVar(&f.indicators, "indicators", "", msg.T(m.lang, "cli.compute.flag.indicators"))
	fl.BoolVar(&f.save, "save", false, msg.T(m.lang, "cli.flag.save"))
	fl.StringVar(&f.reference, "reference", "", msg.T(m.lang, "cli.flag.reference"))
	fl.StringVar(&f.history, "history", "", msg.T(m.lang, "cli.compute.flag.history"))
	fl.IntVar(&f.year, "year", 0, msg.T(m.lang, "cli.compute.flag.year"))
	fl.StringVar(&f.years, "years", "", msg.T(m.lang, "cli.flag.years"))
	fl.StringVar(&f.out, "out", "", msg.T(m.lang, "cli.compute.flag.out"))
	fl.StringVar(&f.details, "details", "", msg.T(m.lang, "cli.compute.flag.details"))
	fl.StringVar(&f.format, "format", "table", msg.T(m.lang, "cli.compute.flag.format"))
	fl.IntVar(&f.workers, "workers", 0, msg.T(m.lang, "cli.compute.flag.workers"))
	m.encodingFlag(cmd)
	return cmd
}

func (m *Main) runCompute(cmd *cobra.Command, f computeFlags) error {
	years, err := listYears(f)
	if err != nil {
		return err
	}
	if f.format != "table" && f.format != "csv" && f.format != "json" {
		return usage("compute", msg.Text("cli.error.format_table_csv_json", f.format))
	}
	cat, err := m.rulesCatalog()
	if err != nil {
		return err
	}
	hist, err := m.readHistory(f.history, nil)
	if err != nil {
		return err
	}
	var st store.Store
	if _, explicit := m.dbAddress(cmd); f.save || explicit {
		m.storedNames = true
		if st, err = m.openStore(cmd); err != nil {
			return err
		}
		defer st.Close()
		published, err := st.History(cmd.Context())
		if err != nil {
			return err
		}
		if hist, err = mergeHistory(published, hist, f.history); err != nil {
			return err
		}
	}
	var src compute.Source
	var inputs []store.Input
	origin, source := store.Computed, "register"
	if f.indicators != "" {
		set, err := m.readIndicators(f.indicators)
		if err != nil {
			return err
		}
		src, origin, source = compute.FromFile(set), store.Imported, f.indicators
		if f.save {
			if inputs, err = record.Inputs("indicators", f.indicators); err != nil {
				return err
			}
		}
	} else {
		var files []string
		if src, files, err = m.registerSource(cmd, f, cat, years); err != nil {
			return err
		}
		if f.save {
			if inputs, err = registerInputs(f, files); err != nil {
				return err
			}
		}
	}
	if f.save && f.history != "" {
		in, err := record.Inputs("history", f.history)
		if err != nil {
			return err
		}
		inputs = append(inputs, in...)
	}
	run, err := compute.Run(cmd.Context(), cat, src, years, hist)
	if err != nil {
		return err
	}
	if f.save {
		ids, err := app.SaveComputations(cmd.Context(), st, cliActor(""), run, hist, record.Source{Origin: origin, Name: source, Inputs: inputs}, version, time.Now().UTC())
		if err != nil {
			return err
		}
		ref := ""
		if r := record.ReferenceSource(inputs); r != "" {
			ref = " (" + r + ")"
		}
		for i, id := range ids {
			fmt.Fprintln(m.Stderr, msg.T(m.lang, "cli.compute.saved", run[i].Lists.Year, id, ref))
		}
	}
	return m.writeCompute(cmd, f, run)
}

// registerSource reads the register files the list years need.
func (m *Main) registerSource(cmd *cobra.Command, f computeFlags, cat *law.Catalog, years []int) (compute.Source, []string, error) {
	areas, err := readWith(m, f.areas, register.ReadAreas)
	if err != nil {
		return nil, nil, err
	}
	var ref *register.Reference
	if f.reference != "" {
		if ref, err = readWith(m, f.reference, register.ReadReference); err != nil {
			return nil, nil, err
		}
	}
	dir, err := register.OpenDir(f.register)
	if err != nil {
		return nil, nil, err
	}
	needed := map[int]bool{}
	for _, y := range years {
		rs, err := cat.ForListYear(y)
		if err != nil {
			return nil, nil, err
		}
		for _, d := range indicator.DataYears(rs, y) {
			needed[d] = true
		}
	}
	files, err := dir.Files(slices.Collect(maps.Keys(needed)))
	if err != nil {
		return nil, nil, err
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
		return nil, nil, err
	}
	var rows int64
	for _, st := range stats {
		rows += st.Rows
	}
	m.log.Debug("register read", "files", len(files), "rows", rows, "seconds", time.Since(start).Seconds())
	return areaResidentsOnly(compute.FromData(data), files, f.areas), files, nil
}

// areaResidentsOnly turns the refusal of register files that hold only the
// areas' residents, when no --reference was given, into an error that names
// the file and the way out.
func areaResidentsOnly(src compute.Source, files []string, areas string) compute.Source {
	return func(rs *law.RuleSet, year int) (*indicator.Output, error) {
		out, err := src(rs, year)
		var e *indicator.AreaResidentsOnlyError
		if !errors.As(err, &e) {
			return out, err
		}
		tell := func(l blandby.Lang) string {
			file := msg.T(l, "cli.error.register_file_of", e.DataYear)
			for _, f := range files {
				if y, err := register.FileYear(f); err == nil && y == e.DataYear {
					file = f
				}
			}
			where, value := "", msg.T(l, "cli.error.national_conviction_share")
			if e.Region.Code != 0 {
				where, value = msg.T(l, "cli.error.in_region", e.Region.Name, e.Region.Code), msg.T(l, "cli.error.regional_mean_income")
			}
			return msg.T(l, "cli.error.area_residents_only", year, file, explain.Int(e.Persons, l), where, areas, value)
		}
		return nil, invalid(blandby.Text{DA: tell(blandby.Danish), EN: tell(blandby.English)})
	}
}

// registerInputs hashes the files a register computation read.
func registerInputs(f computeFlags, files []string) ([]store.Input, error) {
	inputs, err := record.Inputs("register", files...)
	if err != nil {
		return nil, err
	}
	more, err := record.Inputs("areas", f.areas)
	if err != nil {
		return nil, err
	}
	inputs = append(inputs, more...)
	if f.reference == "" {
		return append(inputs, store.Input{Role: store.WholePopulationRole, Name: store.WholePopulation}), nil
	}
	if more, err = record.Inputs(store.ReferenceRole, f.reference); err != nil {
		return nil, err
	}
	return append(inputs, more...), nil
}

// listYears reads --year or --years.
func listYears(f computeFlags) ([]int, error) {
	switch {
	case f.year != 0 && f.years != "":
		return nil, usage("compute", msg.Text("cli.error.year_or_years"))
	case f.year != 0:
		return []int{f.year}, nil
	case f.years == "":
		return nil, usage("compute", msg.Text("cli.error.missing_year_or_years"))
	}
	from, to, ok := strings.Cut(f.years, "-")
	a, errA := strconv.Atoi(from)
	b, errB := strconv.Atoi(to)
	if !ok || errA != nil || errB != nil || a > b || b-a > 100 {
		return nil, usage("compute", msg.Text("cli.error.years_range", f.years))
	}
	var out []int
	for y := a; y <= b; y++ {
		out = append(out, y)
	}
	return out, nil
}

// readWith opens a CSV file and reads it with a reader of the file format.
func readWith[T any](m *Main, file string, read func(io.Reader, string) (T, error)) (T, error) {
	var zero T
	r, name, closeFn, err := m.openCSV(file)
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
		progressbar.OptionSetDescription(msg.T(m.lang, "cli.compute.reading_register")), progressbar.OptionThrottle(100*time.Millisecond),
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
		var details []blandby.IndicatorDetail
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
		err = export.WriteListsCSV(&out, outcomes...)
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
	header := msg.T(lang, "cli.compute.header")
	fmt.Fprintln(tw, header)
	for _, o := range outcomes {
		fmt.Fprintf(tw, "%d\t%s\t", o.Year, o.RuleSet.ID)
		for _, c := range blandby.ListColumns {
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

// mergeHistory returns the published history in the store merged with a
// history file's years the store does not hold; a year in both is an
// error.
func mergeHistory(stored, file *blandby.History, fileName string) (*blandby.History, error) {
	h := blandby.NewHistory()
	for _, src := range []*blandby.History{stored, file} {
		for _, y := range src.Years() {
			if src == file && stored.HasYear(y) {
				return nil, blandby.Told(blandby.CodeConflict, msg.Text("cli.error.year_published", fileName, y))
			}
			h.Replace(y, src.Entries(y))
		}
	}
	return h, nil
}
