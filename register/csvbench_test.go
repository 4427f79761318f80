package register

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestCSVSpeed measures reading one data year of 5.9 million rows; it runs
// only with BLANDBY_SPEED=1.
func TestCSVSpeed(t *testing.T) {
	if os.Getenv("BLANDBY_SPEED") == "" {
		t.Skip("set BLANDBY_SPEED=1")
	}
	areas := testAreas(t)
	path := filepath.Join(os.TempDir(), "blandby-speed-register-2020.csv")
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		writeRandom(t, path, CSV, 2020, 5_900_000, 3, areas)
		t.Logf("wrote in %v", time.Since(start))
	}
	counts := make([]int64, 2)
	cpu0 := cpuTime()
	start := time.Now()
	st, err := ReadFile(context.Background(), path, areas, ReadOptions{Workers: 2}, func(w int, b *Batch) error {
		counts[w] += int64(b.Len())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	d, cpu := time.Since(start), cpuTime()-cpu0
	t.Logf("read %d rows (%d MB) in %v: %.0f ns/row wall, %.0f ns/row CPU, %.0f MB/s", st.Rows, st.Bytes>>20, d,
		float64(d.Nanoseconds())/float64(st.Rows), float64(cpu.Nanoseconds())/float64(st.Rows), float64(st.Bytes)/d.Seconds()/1e6)
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkParseChunk parses one 4 MiB chunk of rows in memory, on one
// goroutine: the parser's own cost per row.
func BenchmarkParseChunk(b *testing.B) {
	areas := testAreas(b)
	path := filepath.Join(b.TempDir(), "r.csv")
	writeRandom(b, path, CSV, 2020, 60_000, 4, areas)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	nl := 0
	for data[nl] != '\n' {
		nl++
	}
	h, err := readHeader(data[:nl+1], path)
	if err != nil {
		b.Fatal(err)
	}
	body := data[nl+1:]
	batch := NewBatch(chunkSize / 40)
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for range b.N {
		r := &csvRead{path: path, year: 2020, header: h, areas: areas, places: areas.places()}
		r.parse(chunk{data: body, startLine: 2}, batch)
		if batch.Len() != 60_000 {
			b.Fatalf("%d rows", batch.Len())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/60_000, "ns/row")
}
