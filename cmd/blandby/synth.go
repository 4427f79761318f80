package main

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/register"
	"github.com/blandby/blandby/synth"
)

// synthFlags are the flags of `blandby synth`.
type synthFlags struct {
	out        string
	population string
	format     string
	years      string
	seed       uint64
	scale      float64
	workers    int
}

func (m *Main) synthCommand() *cobra.Command {
	var f synthFlags
	cmd := &cobra.Command{
		Use:   "synth",
		Short: msg.T(m.lang, "cli.synth.short"),
		Long:  msg.T(m.lang, "cli.synth.long"),
		Example: `  blandby synth --out data/
  blandby synth --out data/ --population full --years 2021-2023 --seed 7 --scale 0.1`,
		PreRunE: requireFlags("out"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return m.runSynth(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.out, "out", "", msg.T(m.lang, "cli.synth.flag.out"))
	fl.StringVar(&f.population, "population", "areas", msg.T(m.lang, "cli.flag.population"))
	fl.StringVar(&f.format, "format", "csv", msg.T(m.lang, "cli.synth.flag.format"))
	fl.StringVar(&f.years, "years", fmt.Sprintf("%d-%d", synth.FirstDataYear, 2024), msg.T(m.lang, "cli.synth.flag.years", synth.FirstDataYear, synth.LastDataYear))
	fl.Uint64Var(&f.seed, "seed", synth.DefaultSeed, msg.T(m.lang, "cli.synth.flag.seed"))
	fl.Float64Var(&f.scale, "scale", 1, msg.T(m.lang, "cli.synth.flag.scale", synth.MaxScale))
	fl.IntVar(&f.workers, "workers", 0, msg.T(m.lang, "cli.synth.flag.workers"))
	return cmd
}

// parseSynthYears reads "2006-2024" or "2023".
func parseSynthYears(s string) (first, last int, err error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		b = a
	}
	first, err1 := strconv.Atoi(strings.TrimSpace(a))
	last, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil {
		return 0, 0, invalid(msg.Text("cli.error.synth_years", s))
	}
	if first < synth.FirstDataYear || last > synth.LastDataYear || first > last {
		return 0, 0, invalid(msg.Text("cli.error.synth_years_outside", s, synth.FirstDataYear, synth.LastDataYear))
	}
	return first, last, nil
}

func (m *Main) runSynth(cmd *cobra.Command, f synthFlags) error {
	mode, err := synth.ParseMode(f.population)
	if err != nil {
		return usage("synth", msg.Text("cli.error.population", f.population))
	}
	var format register.Format
	switch f.format {
	case "csv":
		format = register.CSV
	case "parquet":
		format = register.Parquet
	default:
		return usage("synth", msg.Text("cli.error.format_csv_parquet", f.format))
	}
	first, last, err := parseSynthYears(f.years)
	if err != nil {
		return usageError{command: "synth", err: err}
	}
	if !(f.scale > 0 && f.scale <= synth.MaxScale) {
		return usage("synth", msg.Text("cli.error.scale", f.scale, synth.MaxScale))
	}
	cat, err := m.rulesCatalog()
	if err != nil {
		return err
	}
	g, err := synth.New(synth.Config{Seed: f.seed, Scale: f.scale, FirstYear: first, LastYear: last, Workers: f.workers, Rules: cat})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(f.out, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", f.out, err)
	}
	w := &synthWriter{m: m, dir: f.out, format: format, areas: g.Areas(), first: first, last: last, temps: map[string]string{}}
	defer w.cleanup()

	start := time.Now()
	err = g.Run(cmd.Context(), mode, func(year int, b *register.Batch) error {
		if err := w.advance(year); err != nil {
			return err
		}
		w.rows += int64(b.Len())
		return w.cur.Write(b)
	})
	if err == nil {
		err = w.advance(last + 1) // also creates the files of years without rows
	}
	if err != nil {
		return err
	}
	var areas, shapes, ref bytes.Buffer
	if err := register.WriteAreas(&areas, g.Areas()); err != nil {
		return err
	}
	if err := w.writeFile("areas.csv", areas.Bytes()); err != nil {
		return err
	}
	geom, err := g.Geometry()
	if err != nil {
		return err
	}
	if err := register.WriteAreaGeometry(&shapes, g.Areas(), geom); err != nil {
		return err
	}
	if err := w.writeFile("areas.geojson", shapes.Bytes()); err != nil {
		return err
	}
	if mode == synth.AreasOnly {
		if err := register.WriteReference(&ref, g.Reference()); err != nil {
			return err
		}
		if err := w.writeFile("reference.csv", ref.Bytes()); err != nil {
			return err
		}
	}
	if err := w.commit(); err != nil {
		return err
	}
	fmt.Fprintln(m.Stderr, "synth:", msg.T(m.lang, "cli.synth.wrote", last-first+1, first, last, mode, f.seed, decimal(f.scale, -1, m.lang), f.out, decimal(time.Since(start).Seconds(), 1, m.lang)))
	return nil
}

// synthWriter writes the files of a synth run to temporary names in the
// output directory and renames them into place only when all are complete.
type synthWriter struct {
	m      *Main
	dir    string
	format register.Format
	areas  *register.Areas
	temps  map[string]string // final path → temporary path
	first  int               // first data year
	last   int               // last data year
	cur    register.Writer
	year   int // data year of cur
	rows   int64
	begun  time.Time
}

// tempFor reserves a temporary name for a final file name.
func (w *synthWriter) tempFor(name string) (string, error) {
	path := filepath.Join(w.dir, name)
	tmp, err := os.CreateTemp(w.dir, "."+name+".*.partial")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	tmp.Close()
	w.temps[path] = tmp.Name()
	return tmp.Name(), nil
}

// advance makes year's file the current one: it closes the current file
// and creates the files of the years in between (a year without rows still
// gets a file). A year after the last closes the last file.
func (w *synthWriter) advance(year int) error {
	if w.cur != nil && w.year == year {
		return nil
	}
	next := w.first
	if w.cur != nil {
		if err := w.finish(); err != nil {
			return err
		}
		next = w.year + 1
	}
	for y := next; y < year && y <= w.last; y++ {
		if err := w.open(y); err != nil {
			return err
		}
		if err := w.finish(); err != nil {
			return err
		}
	}
	if year > w.last {
		return nil
	}
	return w.open(year)
}

// open creates the file of data year y.
func (w *synthWriter) open(y int) error {
	tmp, err := w.tempFor(register.FileName(y, w.format))
	if err != nil {
		return err
	}
	cur, err := register.Create(tmp, w.format, w.areas)
	if err != nil {
		return err
	}
	w.cur, w.year, w.rows, w.begun = cur, y, 0, time.Now()
	return nil
}

// finish closes the current file.
func (w *synthWriter) finish() error {
	cur := w.cur
	w.cur = nil
	if err := cur.Close(); err != nil {
		return err
	}
	fmt.Fprintln(w.m.Stderr, "synth:", msg.N(w.m.lang, "cli.synth.year_written", int(w.rows), w.year, explain.Int(int64(w.rows), w.m.lang), decimal(time.Since(w.begun).Seconds(), 1, w.m.lang)))
	return nil
}

// writeFile writes a small file's data to its temporary name.
func (w *synthWriter) writeFile(name string, data []byte) error {
	tmp, err := w.tempFor(name)
	if err != nil {
		return err
	}
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Join(w.dir, name), err)
	}
	return nil
}

// commit renames every temporary file into place, after checking that no
// destination is in the way (a directory), so that a run does not stop
// half-way through the renames.
func (w *synthWriter) commit() error {
	paths := slices.Sorted(maps.Keys(w.temps))
	for _, path := range paths {
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			return fmt.Errorf("write %s: a directory is in the way", path)
		}
	}
	for _, path := range paths {
		tmp := w.temps[path]
		if err := os.Chmod(tmp, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		delete(w.temps, path)
	}
	return nil
}

// cleanup closes any open file and removes the temporary files left.
func (w *synthWriter) cleanup() {
	if w.cur != nil {
		w.cur.Close()
		w.cur = nil
	}
	for _, tmp := range w.temps {
		os.Remove(tmp)
	}
}
