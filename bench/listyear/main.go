// Command listyear measures a national list-year computation side by side:
// blandby against DuckDB (the peer in bench/duckdb) on the same synthetic
// full-population register files, in CSV and in Parquet. It builds both
// tools, generates the data once (blandby synth), runs each tool several
// times, checks that both write byte-identical numerators and denominators,
// and prints the median wall time, peak memory and the ratio.
//
//	go run ./bench/listyear [--dir /tmp/blandby-bench] [--scale 1] [--years 2021-2022] [--runs 3]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	dir := flag.String("dir", filepath.Join(os.TempDir(), "blandby-bench"), "working directory for binaries and data")
	scales := flag.String("scale", "1", "population scales, comma separated (1 = 5.9 million persons a year)")
	years := flag.String("years", "2021-2022", "list years computed (their data years are generated)")
	formats := flag.String("formats", "csv,parquet", "register file formats")
	runs := flag.Int("runs", 3, "runs per tool; the median is reported")
	threads := flag.Int("threads", 2, "workers for blandby and threads for DuckDB")
	peer := flag.Bool("duckdb", true, "also run the DuckDB peer")
	flag.Parse()
	log.SetFlags(0)

	bin := filepath.Join(*dir, "bin")
	must(os.MkdirAll(bin, 0o755))
	blandby := filepath.Join(bin, "blandby")
	duck := filepath.Join(bin, "duckdb-peer")
	must(run(".", "go", "build", "-o", blandby, "./cmd/blandby"))
	if *peer {
		abs, err := filepath.Abs(duck)
		must(err)
		must(run("bench/duckdb", "go", "build", "-o", abs, "."))
	}
	first, last := yearRange(*years)
	dataYears := fmt.Sprintf("%d-%d", first-2, last-1)

	fmt.Printf("| format | scale | rows | blandby | blandby peak RSS | DuckDB | DuckDB peak RSS | DuckDB ÷ blandby | same numbers |\n")
	fmt.Printf("|---|---|---|---|---|---|---|---|---|\n")
	for _, scale := range strings.Split(*scales, ",") {
		for _, format := range strings.Split(*formats, ",") {
			data := filepath.Join(*dir, fmt.Sprintf("%s-%s", format, scale))
			if _, err := os.Stat(filepath.Join(data, "areas.csv")); err != nil {
				start := time.Now()
				must(run(".", blandby, "synth", "--out", data, "--population", "full", "--format", format, "--years", dataYears, "--scale", scale))
				log.Printf("synth %s scale %s: data years %s in %v", format, scale, dataYears, time.Since(start).Round(time.Millisecond))
			}
			ours := filepath.Join(data, "blandby-details.csv")
			var rows string
			mine := measure(*runs, func() (*os.ProcessState, error) {
				st, stderr, err := runQuiet(blandby, "compute", "-v", "--register", data, "--areas", filepath.Join(data, "areas.csv"),
					"--years", *years, "--details", ours, "--format", "csv", "--workers", strconv.Itoa(*threads))
				if m := rowsLogged.FindStringSubmatch(stderr); m != nil {
					n, _ := strconv.ParseFloat(m[1], 64)
					rows = fmt.Sprintf("%.1f M", n/1e6)
				}
				return st, err
			})
			row := fmt.Sprintf("| %s | %s | %s | %s | %s |", format, scale, rows, mine.wall, mine.rss)
			if *peer {
				theirs := filepath.Join(data, "duckdb-details.csv")
				peerRun := measure(*runs, func() (*os.ProcessState, error) {
					st, _, err := runQuiet(duck, "--register", data, "--areas", filepath.Join(data, "areas.csv"),
						"--years", *years, "--details", theirs, "--threads", strconv.Itoa(*threads))
					return st, err
				})
				same := "no"
				if equalFiles(ours, theirs) {
					same = "yes"
				}
				row += fmt.Sprintf(" %s | %s | %.2f | %s |", peerRun.wall, peerRun.rss, peerRun.seconds/mine.seconds, same)
			} else {
				row += " – | – | – | – |"
			}
			fmt.Println(row)
		}
	}
}

type result struct {
	wall, rss string
	seconds   float64
}

// measure runs f runs times and returns the median wall time and the
// largest peak RSS.
func measure(runs int, f func() (*os.ProcessState, error)) result {
	var walls []float64
	var peak int64
	for range runs {
		start := time.Now()
		st, err := f()
		must(err)
		walls = append(walls, time.Since(start).Seconds())
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss)
		}
	}
	slices.Sort(walls)
	med := walls[len(walls)/2]
	return result{wall: fmt.Sprintf("%.2f s", med), rss: fmt.Sprintf("%.2f GiB", float64(peak)/(1<<20)), seconds: med}
}

func run(dir, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, os.Stderr, os.Stderr
	return cmd.Run()
}

// rowsLogged finds the row count in blandby's verbose log.
var rowsLogged = regexp.MustCompile(`msg="register read".* rows=(\d+)`)

// runQuiet runs a command and returns its state and standard error.
func runQuiet(name string, args ...string) (*os.ProcessState, string, error) {
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, "", fmt.Errorf("%s %v: %w\n%s", name, args, err, stderr.String())
	}
	return cmd.ProcessState, stderr.String(), nil
}

func equalFiles(a, b string) bool {
	x, errA := os.ReadFile(a)
	y, errB := os.ReadFile(b)
	return errA == nil && errB == nil && bytes.Equal(x, y)
}

func yearRange(s string) (int, int) {
	from, to, ok := strings.Cut(s, "-")
	a, errA := strconv.Atoi(from)
	b, errB := strconv.Atoi(to)
	if !ok || errA != nil || errB != nil || a > b {
		log.Fatalf("bad year range %q", s)
	}
	return a, b
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
