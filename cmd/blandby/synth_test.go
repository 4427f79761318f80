package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blandby/blandby/register"
)

func synthDirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestSynth(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	out, errOut, code := run(t, "synth", "--out", dir, "--years", "2019-2020", "--scale", "0.01", "--seed", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if out != "" {
		t.Errorf("stdout %q, want nothing", out)
	}
	want := []string{"areas.csv", "areas.geojson", "reference.csv", "register-2019.csv", "register-2020.csv"}
	if got := synthDirNames(t, dir); !slices.Equal(got, want) {
		t.Fatalf("files %v, want %v", got, want)
	}
	for _, w := range []string{"data year 2019:", "data year 2020:", "wrote 2 data years"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr %q does not contain %q", errOut, w)
		}
	}
	f, err := os.Open(filepath.Join(dir, "areas.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	areas, err := register.ReadAreas(f, "areas.csv")
	if err != nil {
		t.Fatal(err)
	}
	gf, err := os.Open(filepath.Join(dir, "areas.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	defer gf.Close()
	geom, err := register.ReadAreaGeometry(gf, "areas.geojson", areas)
	if err != nil || len(geom) != areas.Len() {
		t.Errorf("areas.geojson: %d polygons for %d areas, %v", len(geom), areas.Len(), err)
	}
	rf, err := os.Open(filepath.Join(dir, "reference.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer rf.Close()
	ref, err := register.ReadReference(rf, "reference.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ref.Years(), []int{2019, 2020}) || areas.Len() < 200 {
		t.Errorf("reference years %v, %d areas", ref.Years(), areas.Len())
	}
	data, err := os.ReadFile(filepath.Join(dir, "register-2020.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if lines[0] != strings.Join(register.Columns, ",") || len(lines) < 1000 {
		t.Fatalf("register-2020.csv: header %q, %d lines", lines[0], len(lines))
	}
	for _, l := range lines[1:] {
		if fields := strings.Split(l, ","); fields[1] != "2020" || fields[2] == "" {
			t.Fatalf("register-2020.csv: row %q is not an area resident of 2020", l)
		}
	}

	// The same seed gives the same bytes; the full population is larger.
	again := filepath.Join(t.TempDir(), "again")
	if _, errOut, code := run(t, "synth", "--out", again, "--years", "2019-2020", "--scale", "0.01", "--seed", "3", "--workers", "1"); code != 0 {
		t.Fatal(errOut)
	}
	for _, name := range want {
		a, _ := os.ReadFile(filepath.Join(dir, name))
		b, _ := os.ReadFile(filepath.Join(again, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	// Parquet holds the same rows.
	pq := filepath.Join(t.TempDir(), "pq")
	if _, errOut, code := run(t, "synth", "--out", pq, "--format", "parquet", "--years", "2020", "--scale", "0.01", "--seed", "3"); code != 0 {
		t.Fatal(errOut)
	}
	st, err := register.ReadFile(context.Background(), filepath.Join(pq, "register-2020.parquet"), areas, register.ReadOptions{}, func(int, *register.Batch) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if st.Rows != int64(len(lines)-1) {
		t.Errorf("register-2020.parquet has %d rows, register-2020.csv %d", st.Rows, len(lines)-1)
	}

	full := filepath.Join(t.TempDir(), "full")
	if _, errOut, code := run(t, "synth", "--out", full, "--population", "full", "--years", "2020", "--scale", "0.01", "--seed", "3"); code != 0 {
		t.Fatal(errOut)
	}
	if got := synthDirNames(t, full); !slices.Equal(got, []string{"areas.csv", "areas.geojson", "register-2020.csv"}) {
		t.Errorf("full population files %v", got)
	}
	fullData, _ := os.ReadFile(filepath.Join(full, "register-2020.csv"))
	if n := bytes.Count(fullData, []byte("\n")); n < 10*len(lines) {
		t.Errorf("full population has %d lines, area residents %d", n, len(lines))
	}
}

// TestSynthBadInput: a bad flag is a usage error and writes nothing.
func TestSynthBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing out", nil, "missing required flag --out"},
		{"bad population", []string{"--population", "everyone"}, `unknown --population "everyone"`},
		{"bad format", []string{"--format", "xml"}, `unknown --format "xml"`},
		{"years too early", []string{"--years", "2001-2003"}, `--years "2001-2003" is outside`},
		{"years backwards", []string{"--years", "2010-2008"}, "runs backwards"},
		{"years not a number", []string{"--years", "last"}, `--years "last" is not a year`},
		{"bad scale", []string{"--scale", "0"}, "--scale 0 is outside"},
		{"bad seed", []string{"--seed", "x"}, `"x" is not a valid value for --seed`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			args := []string{"synth", "--scale", "0.01", "--years", "2010"}
			if tt.name != "missing out" {
				args = append(args, "--out", dir)
			}
			out, errOut, code := run(t, append(args, tt.args...)...)
			if code != exitInvalid || out != "" || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out, errOut, exitInvalid, tt.want)
			}
			if names := synthDirNames(t, dir); len(names) > 0 {
				t.Errorf("left files behind: %v", names)
			}
		})
	}
}

// TestSynthAllOrNothing: when a register file cannot be written (here a
// directory is in the way of register-2011.csv), no file is renamed into
// place and no temporary file is left.
func TestSynthAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "register-2011.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := run(t, "synth", "--out", dir, "--years", "2010-2011", "--scale", "0.01")
	if code == 0 {
		t.Fatal("synth succeeded with a directory in the way of an output file")
	}
	if got := synthDirNames(t, dir); !slices.Equal(got, []string{"register-2011.csv"}) {
		t.Errorf("files after a failed run: %v (stderr %s)", got, errOut)
	}
}
