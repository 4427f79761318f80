package synth

import (
	"context"
	"testing"

	"github.com/blandby/blandby/register"
)

// BenchmarkFullYears lives the full population at scale 1 from the start
// and emits every data year 2006–2024 to a callback that only counts rows:
// the cost of generation, per data year (b.N runs × 19 years).
func BenchmarkFullYears(b *testing.B) {
	benchRun(b, Full, 1)
}

// BenchmarkFullYearsOneWorker is BenchmarkFullYears on one goroutine.
func BenchmarkFullYearsOneWorker(b *testing.B) {
	benchRun(b, Full, 1, 1)
}

// BenchmarkAreasYears is the areas mode (what the calibration runs).
func BenchmarkAreasYears(b *testing.B) {
	benchRun(b, AreasOnly, 1)
}

func benchRun(b *testing.B, mode Mode, scale float64, workers ...int) {
	cfg := Config{Seed: DefaultSeed, Scale: scale, FirstYear: FirstDataYear, LastYear: 2024}
	if len(workers) > 0 {
		cfg.Workers = workers[0]
	}
	var rows int64
	for b.Loop() {
		g, err := New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		err = g.Run(context.Background(), mode, func(_ int, bt *register.Batch) error {
			rows += int64(bt.Len())
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	years := float64(cfg.LastYear - cfg.FirstYear + 1)
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/years, "s/datayear")
	b.ReportMetric(float64(rows)/float64(b.N)/years, "rows/datayear")
}
