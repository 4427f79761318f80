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
		Short: "Generate a synthetic Denmark of register microdata",
		Long: `Generate a synthetic Denmark, person by person and year by year, and write it as register
files: DIR/areas.csv (the areas registry), DIR/areas.geojson (a plausible polygon for every
area inside its municipality, a FeatureCollection keyed by properties.area_id),
DIR/register-YYYY.csv or .parquet (one per data year) and, with --population areas,
DIR/reference.csv (the national conviction shares and regional mean incomes of the whole
population, which files of area residents alone cannot give).

--population full writes every person (about 5.9 million rows a data year at --scale 1);
areas writes only the residents of the areas. The same --seed and --scale give the same data,
and a data year's file does not depend on the --years asked for; the polygons depend on the
--seed alone. Every file is written to a
temporary name and renamed into place only when all of them are complete.`,
		Example: `  blandby synth --out data/
  blandby synth --out data/ --population full --years 2021-2023 --seed 7 --scale 0.1`,
		PreRunE: requireFlags("out"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return m.runSynth(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.out, "out", "", "directory to write the files to; created if missing (required)")
	fl.StringVar(&f.population, "population", "areas", "who is written: areas (area residents, plus reference.csv) or full (everyone)")
	fl.StringVar(&f.format, "format", "csv", "register file format: csv or parquet")
	fl.StringVar(&f.years, "years", fmt.Sprintf("%d-%d", synth.FirstDataYear, 2024), fmt.Sprintf("data years to write, YYYY or YYYY-YYYY, within %d-%d", synth.FirstDataYear, synth.LastDataYear))
	fl.Uint64Var(&f.seed, "seed", synth.DefaultSeed, "seed of the synthetic Denmark")
	fl.Float64Var(&f.scale, "scale", 1, fmt.Sprintf("population scale, 1 = full size (at most %d)", synth.MaxScale))
	fl.IntVar(&f.workers, "workers", 0, "parallel workers (default: one per CPU; the output does not depend on it)")
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
		return 0, 0, fmt.Errorf("--years %q is not a year or a range of years such as 2006-2024", s)
	}
	if first < synth.FirstDataYear || last > synth.LastDataYear || first > last {
		return 0, 0, fmt.Errorf("--years %q is outside %d-%d or runs backwards", s, synth.FirstDataYear, synth.LastDataYear)
	}
	return first, last, nil
}

func (m *Main) runSynth(cmd *cobra.Command, f synthFlags) error {
	usage := func(err error) error { return usageError{command: "synth", err: err} }
	mode, err := synth.ParseMode(f.population)
	if err != nil {
		return usage(fmt.Errorf("unknown --population %q (expected areas or full)", f.population))
	}
	var format register.Format
	switch f.format {
	case "csv":
		format = register.CSV
	case "parquet":
		format = register.Parquet
	default:
		return usage(fmt.Errorf("unknown --format %q (expected csv or parquet)", f.format))
	}
	first, last, err := parseSynthYears(f.years)
	if err != nil {
		return usage(err)
	}
	if !(f.scale > 0 && f.scale <= synth.MaxScale) {
		return usage(fmt.Errorf("--scale %v is outside (0, %d]", f.scale, synth.MaxScale))
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
	fmt.Fprintf(m.Stderr, "synth: wrote %d data years (%d-%d, %s population, seed %d, scale %g) to %s in %.1f s\n",
		last-first+1, first, last, mode, f.seed, f.scale, f.out, time.Since(start).Seconds())
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
	fmt.Fprintf(w.m.Stderr, "synth: data year %d: %d rows (%.1f s)\n", w.year, w.rows, time.Since(w.begun).Seconds())
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
