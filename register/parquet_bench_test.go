//go:build linux

package register_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/register"
)

// BenchmarkReadParquet reads a list year's register data as blandby does:
// three data years of 5.9 million random but valid rows each (about 90 %
// outside the area universe, about 500,000 in 250 areas), written once to a
// temporary directory, each file read on 2 workers into per-worker
// YearTables that are merged. It reports the seconds and nanoseconds per
// row of the whole list year (the best of the iterations: other work on
// the machine only ever slows a read down), and the peak RSS of the reads (the high-water
// mark is reset after writing the files).
//
//	go test -run '^$' -bench BenchmarkReadParquet -benchtime 5x ./register
//
// BLANDBY_BENCH_ROWS sets the rows per data year, BLANDBY_BENCH_WORKERS the
// workers per read, BLANDBY_BENCH_CODEC the
// codec the files are written with (snappy, zstd, none) to compare, and
// BLANDBY_BENCH_DIR a directory to write the files (and the areas
// registry, areas.csv) to and keep, for other tools to read (bench/duckdb);
// with BLANDBY_BENCH_REUSE=1 files already there are read, not rewritten.
// BLANDBY_BENCH_COLD=1 empties the page cache before each read (root only),
// to time reads from the disk.
func BenchmarkReadParquet(b *testing.B) {
	rows := 5_900_000
	if s := os.Getenv("BLANDBY_BENCH_ROWS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		rows = n
	}
	if c := os.Getenv("BLANDBY_BENCH_CODEC"); c != "" {
		defer register.SetParquetCodec(c)()
	}
	workers := 2
	if s := os.Getenv("BLANDBY_BENCH_WORKERS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		workers = n
	}
	years := []int{2021, 2022, 2023}
	dir := os.Getenv("BLANDBY_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	areas := benchAreas(b)
	var files []string
	var size int64
	start := time.Now()
	for _, y := range years {
		path := filepath.Join(dir, register.FileName(y, register.Parquet))
		if _, err := os.Stat(path); err != nil || os.Getenv("BLANDBY_BENCH_REUSE") == "" {
			benchWrite(b, path, areas, y, rows)
		}
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
		files = append(files, path)
	}
	if os.Getenv("BLANDBY_BENCH_DIR") != "" {
		f, err := os.Create(filepath.Join(dir, "areas.csv"))
		if err != nil {
			b.Fatal(err)
		}
		if err := register.WriteAreas(f, areas); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("wrote %d × %d rows (%.1f MB) in %v", len(years), rows, float64(size)/1e6, time.Since(start).Round(time.Millisecond))
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS(b)

	ctx := context.Background()
	var best time.Duration
	var cpu time.Duration
	cold := os.Getenv("BLANDBY_BENCH_COLD") != ""
	for b.Loop() {
		if cold {
			b.StopTimer()
			dropPageCache(b)
			b.StartTimer()
		}
		t0, c0 := time.Now(), benchCPUTime()
		data := indicator.NewData(areas, nil)
		for _, path := range files {
			year, err := register.FileYear(path)
			if err != nil {
				b.Fatal(err)
			}
			tables := make([]*indicator.YearTables, workers)
			for w := range tables {
				tables[w] = indicator.NewYearTables(year, areas.Len())
			}
			st, err := register.ReadFile(ctx, path, areas, register.ReadOptions{Workers: workers}, func(w int, bt *register.Batch) error {
				tables[w].Add(bt)
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			if st.Rows != int64(rows) {
				b.Fatalf("read %d rows, want %d", st.Rows, rows)
			}
			for _, t := range tables {
				data.Add(t)
			}
		}
		if d := time.Since(t0); best == 0 || d < best {
			best, cpu = d, benchCPUTime()-c0
		}
	}
	total := float64(len(years) * rows)
	b.ReportMetric(best.Seconds(), "s/list-year")
	b.ReportMetric(float64(best.Nanoseconds())/total, "ns/row")
	b.ReportMetric(float64(cpu.Nanoseconds())/total, "cpu-ns/row")
	b.ReportMetric(float64(peakRSS(b))/(1<<20), "peak-RSS-MiB")
	b.ReportMetric(float64(size)/1e6, "MB-files")
}

// benchAreas is a registry of 250 areas spread over the municipalities by
// population.
func benchAreas(b *testing.B) *register.Areas {
	rng := rand.New(rand.NewPCG(1, 2))
	var total int
	for _, m := range dk.Municipalities {
		total += m.Population
	}
	var list []blandby.Area
	seq := map[blandby.MunicipalityCode]int{}
	for len(list) < 250 {
		x := rng.IntN(total)
		for _, m := range dk.Municipalities {
			if x < m.Population {
				seq[m.Code]++
				list = append(list, blandby.Area{ID: fmt.Sprintf("%04d-%03d", m.Code, seq[m.Code]), Name: fmt.Sprintf("%s %d", m.Name, seq[m.Code]),
					MunicipalityCode: m.Code, RegionCode: m.RegionCode})
				break
			}
			x -= m.Population
		}
	}
	areas, err := register.NewAreas(list)
	if err != nil {
		b.Fatal(err)
	}
	return areas
}

// benchWrite writes a data year of n random valid rows, batch by batch, so
// that writing keeps little in memory.
func benchWrite(b *testing.B, path string, areas *register.Areas, year, n int) {
	rng := rand.New(rand.NewPCG(uint64(year), 5))
	w, err := register.Create(path, register.Parquet, areas)
	if err != nil {
		b.Fatal(err)
	}
	// Municipalities by population, for the persons outside the areas.
	var cum []int
	total := 0
	for _, m := range dk.Municipalities {
		total += m.Population
		cum = append(cum, total)
	}
	batch := register.NewBatch(64 << 10)
	for done := 0; done < n; {
		batch.Reset(year)
		for k := min(64<<10, n-done); k > 0; k-- {
			batch.Append(benchPerson(rng, int64(done)*3+int64(rng.IntN(3)), areas, cum, total))
			done++
		}
		if err := w.Write(batch); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}

// benchPerson draws a person: 1 in 12 lives in an area, where non-Western
// origins, low education, no work and low income are more common.
func benchPerson(rng *rand.Rand, id int64, areas *register.Areas, cum []int, total int) register.Person {
	p := register.Person{ID: id, Area: register.NoArea}
	inArea := rng.IntN(12) == 0
	if inArea {
		p.Area = int32(rng.IntN(areas.Len()))
		ar := areas.At(p.Area)
		p.Municipality, p.Region = uint16(ar.MunicipalityCode), uint8(dk.RegionIndex(ar.RegionCode))
	} else {
		x := rng.IntN(total)
		i := 0
		for cum[i] <= x {
			i++
		}
		m := dk.Municipalities[i]
		p.Municipality, p.Region = uint16(m.Code), uint8(dk.RegionIndex(m.RegionCode))
	}
	age := int(math.Abs(rng.NormFloat64()*25 + 40))
	if age > 105 {
		age = rng.IntN(106)
	}
	p.Age = uint8(age)
	nonWestern := 0.09
	if inArea {
		nonWestern = 0.45
	}
	switch u := rng.Float64(); {
	case u < nonWestern*0.65:
		p.Origin = register.IkkeVestligIndvandrer
	case u < nonWestern:
		p.Origin = register.IkkeVestligEfterkommer
	case u < nonWestern+0.04:
		p.Origin = register.VestligIndvandrer
	case u < nonWestern+0.05:
		p.Origin = register.VestligEfterkommer
	default:
		p.Origin = register.Dansk
	}
	working := age >= 18 && age <= 66
	if working {
		outside := 0.15
		if inArea {
			outside = 0.35
		}
		switch u := rng.Float64(); {
		case u < outside*0.6:
			p.FTE = register.FTEScale
		case u < outside:
			p.FTE = int32(rng.IntN(register.FTEScale))
		}
	}
	p.Convicted = age >= 15 && rng.IntN(70) == 0
	switch u := rng.Float64(); {
	case age < 16 || u < 0.22:
		p.Education = register.Grundskole
	case u < 0.62:
		p.Education = register.Ungdomsuddannelse
	case u < 0.95:
		p.Education = register.Videregaaende
	default:
		p.Education = register.Uoplyst
	}
	p.EducationDK = p.Education
	if p.Origin == register.IkkeVestligIndvandrer || p.Origin == register.VestligIndvandrer {
		if rng.IntN(3) == 0 {
			p.EducationDK = register.Uoplyst
		}
	}
	p.InEducation = age >= 6 && age <= 29 && rng.IntN(3) > 0
	p.Taxpayer = age >= 15 && rng.IntN(20) > 0
	if p.Taxpayer {
		p.Income = int64(math.Exp(rng.NormFloat64()*0.6 + 12.8))
	}
	return p
}

// benchCPUTime is the process's user and system CPU time so far.
func benchCPUTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// dropPageCache empties the kernel's page cache, so that the files are read
// from the disk (root only).
func dropPageCache(b *testing.B) {
	syscall.Sync()
	if err := os.WriteFile("/proc/sys/vm/drop_caches", []byte("1"), 0); err != nil {
		b.Fatalf("BLANDBY_BENCH_COLD: %v", err)
	}
}

// resetPeakRSS resets the process's RSS high-water mark (Linux 4.0+).
func resetPeakRSS(b *testing.B) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("cannot reset the peak RSS: %v", err)
	}
}

// peakRSS returns VmHWM, the process's peak resident set size in bytes.
func peakRSS(b *testing.B) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			kb, err := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb << 10
		}
	}
	b.Fatal("no VmHWM in /proc/self/status")
	return 0
}
