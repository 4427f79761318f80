package monitor_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/internal/demotest"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/monitor"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlite"
)

// The synthetic Denmark the acceptance tests run on: the demo's data at
// full scale (about 250 areas), published into a temporary SQLite store,
// list years 2014–2025 (three rule sets; forebyggelse from 2021).
const (
	synthFirst = 2014
	synthLast  = 2025
)

type synthetic struct {
	st    store.Store
	cat   *law.Catalog
	years []monitor.Year
}

var synthDir string

var makeSynthetic = sync.OnceValues(func() (*synthetic, error) {
	dir, err := os.MkdirTemp("", "blandby-monitor-test-")
	if err != nil {
		return nil, err
	}
	synthDir = dir
	ctx := context.Background()
	db := filepath.Join(dir, "blandby.db")
	start := time.Now()
	if err := demotest.Copy(ctx, db, demo.Options{FirstYear: synthFirst, LastYear: synthLast, SoftwareVersion: "test"}); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "monitor test: demo prepared in %v\n", time.Since(start).Round(time.Millisecond))
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	cat, err := law.Embedded()
	if err != nil {
		return nil, err
	}
	years, err := app.MonitorYears(ctx, st, cat)
	if err != nil {
		return nil, err
	}
	return &synthetic{st: st, cat: cat, years: years}, nil
})

func TestMain(m *testing.M) {
	code := m.Run()
	if synthDir != "" {
		os.RemoveAll(synthDir)
	}
	os.Exit(code)
}

func synth(t *testing.T) *synthetic {
	t.Helper()
	if testing.Short() {
		t.Skip("the synthetic Denmark takes a while to prepare")
	}
	s, err := makeSynthetic()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestTallyMatchesStore checks that the monitor's counts per list equal
// those of the published lists in the store, year by year.
func TestTallyMatchesStore(t *testing.T) {
	t.Parallel()
	s := synth(t)
	ctx := context.Background()
	if len(s.years) != synthLast-synthFirst+1 {
		t.Fatalf("%d years loaded, want %d", len(s.years), synthLast-synthFirst+1)
	}
	for i := range s.years {
		y := &s.years[i]
		pub, err := s.st.Publication(ctx, y.Year, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := map[blandby.Category]int{}
		var residents int64
		for _, e := range pub.Entries {
			for _, l := range y.Lists() {
				if e.Category.On(l) {
					want[l]++
				}
			}
		}
		tl := monitor.TallyYear(y, nil)
		for _, l := range y.Lists() {
			if tl.OnCounts[l] != want[l] {
				t.Errorf("%d %s: monitor counts %d, the store's list holds %d", y.Year, l, tl.OnCounts[l], want[l])
			}
		}
		if tl.Areas != len(pub.Entries) {
			t.Errorf("%d: %d areas, the store holds %d", y.Year, tl.Areas, len(pub.Entries))
		}
		for _, a := range y.Areas {
			if a.Category.On(blandby.Udsat) {
				residents += a.Residents
			}
		}
		if l := blandby.Udsat; tl.Residents[l] != residents && tl.OnCounts[l] > 0 {
			t.Errorf("%d: residents on udsat %d, want %d", y.Year, tl.Residents[l], residents)
		}
		t.Logf("%d (%s): %v", y.Year, y.RuleSet.ID, tl.OnCounts)
	}
}

// TestMeasureMargins prints the early warning's recall and false alarms on
// the synthetic Denmark for a grid of margins (run with -v to choose the
// default margins in law/rules/monitor).
func TestMeasureMargins(t *testing.T) {
	t.Parallel()
	if os.Getenv("BLANDBY_MEASURE_MARGINS") == "" {
		t.Skip("set BLANDBY_MEASURE_MARGINS=1 to measure")
	}
	s := synth(t)
	for _, pts := range []string{"0", "2", "3", "4", "5", "6", "8", "10"} {
		for _, mult := range []string{"0", "0.5", "1", "1.5"} {
			for _, res := range []string{"0", "10"} {
				m, err := monitor.ParseMargins(pts, mult, res)
				if err != nil {
					t.Fatal(err)
				}
				bs, err := monitor.BacktestWarnings(s.years, s.cat, m)
				if err != nil {
					t.Fatal(err)
				}
				var entered, hits, warned, fa int
				for _, b := range bs {
					entered, hits, warned, fa = entered+b.Entered, hits+b.Hits, warned+b.Warned, fa+b.FalseAlarms
				}
				t.Logf("points %s multiple %s residents %s%%: entered %d, hits %d (%.1f %%), warned %d, false alarms %d", pts, mult, res, entered, hits, 100*float64(hits)/float64(entered), warned, fa)
			}
		}
	}
}

// TestEarlyWarningSynthetic runs the early warning with the goal's default
// margins on every year of the synthetic Denmark and checks it against who
// entered a list the year after: every entry must have been warned about
// (recall 100 %); the false alarms are reported.
func TestEarlyWarningSynthetic(t *testing.T) {
	t.Parallel()
	s := synth(t)
	g, err := law.InForce(monitor.Embedded, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	bs, err := monitor.BacktestWarnings(s.years, s.cat, g.Warning)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != synthLast-synthFirst {
		t.Fatalf("%d years checked, want %d", len(bs), synthLast-synthFirst)
	}
	var entered, hits, warned, fa, aEntered, aHit, aWarned, aFalse int
	for _, b := range bs {
		t.Logf("warned in %d about %d: entered %d, hits %d, warned %d, false alarms %d; areas: entered %d, hit %d, warned %d, false alarms %d",
			b.Year, b.Year+1, b.Entered, b.Hits, b.Warned, b.FalseAlarms, b.AreasEntered, b.AreasHit, b.AreasWarned, b.AreasFalseAlarms)
		if len(b.Missed) > 0 || b.AreasHit != b.AreasEntered {
			t.Errorf("%d: missed %v", b.Year, b.Missed)
		}
		entered, hits, warned, fa = entered+b.Entered, hits+b.Hits, warned+b.Warned, fa+b.FalseAlarms
		aEntered, aHit, aWarned, aFalse = aEntered+b.AreasEntered, aHit+b.AreasHit, aWarned+b.AreasWarned, aFalse+b.AreasFalseAlarms
	}
	t.Logf("by area: recall %d/%d, %d areas warned, %d false alarms", aHit, aEntered, aWarned, aFalse)
	if entered == 0 || hits != entered {
		t.Errorf("recall %d/%d", hits, entered)
	}
	t.Logf("margins %s points, %s×, %s residents: recall %d/%d, %d warnings, %d false alarms",
		g.Warning.Points.Decimal(1), g.Warning.Multiple.Decimal(1), g.Warning.Residents.Decimal(2), hits, entered, warned, fa)
}

// TestProjectionSynthetic projects the synthetic Denmark to 2030 and checks
// the shape and the ordering of the scenarios.
func TestProjectionSynthetic(t *testing.T) {
	t.Parallel()
	s := synth(t)
	g, err := law.InForce(monitor.Embedded, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := s.cat.ForListYear(synthLast)
	if err != nil {
		t.Fatal(err)
	}
	p, err := monitor.Project(s.years, rs, g)
	if err != nil {
		t.Fatal(err)
	}
	if p.From != synthLast || len(p.Years) != g.Year-synthLast {
		t.Fatalf("projection from %d with %d years", p.From, len(p.Years))
	}
	for _, py := range p.Years {
		for _, l := range []blandby.Category{blandby.Udsat, blandby.Forebyggelse} {
			if py.OnCounts[monitor.Best][l] > py.OnCounts[monitor.Worst][l] {
				t.Errorf("%d %s: best %d > worst %d", py.Year, l, py.OnCounts[monitor.Best][l], py.OnCounts[monitor.Worst][l])
			}
		}
		h := g.Headline
		if !(py.Targets[monitor.Best][h] <= py.Targets[monitor.Point][h] && py.Targets[monitor.Point][h] <= py.Targets[monitor.Worst][h]) {
			t.Errorf("%d: headline best %d, point %d, worst %d are not ordered", py.Year, py.Targets[monitor.Best][h], py.Targets[monitor.Point][h], py.Targets[monitor.Worst][h])
		}
		t.Logf("%d: %v", py.Year, py.Targets)
	}
	st := g.Status(s.years, p)
	for _, ts := range st.Targets {
		t.Logf("%s: now %d, 2030 %d (%d–%d), on track %v", ts.ID, ts.Now, ts.Point, ts.Low, ts.High, ts.OnTrack)
	}
}

// BenchmarkProjectSynthetic projects the synthetic Denmark (about 250
// areas) from 2025 to 2030 under its three scenarios.
func BenchmarkProjectSynthetic(b *testing.B) {
	s, err := makeSynthetic()
	if err != nil {
		b.Fatal(err)
	}
	g, err := law.InForce(monitor.Embedded, time.Date(synthLast, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	rs, err := s.cat.ForListYear(synthLast)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := monitor.Project(s.years, rs, g); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWarningsSynthetic runs the early warning of 2024 about 2025 on
// the synthetic Denmark with the default margins.
func BenchmarkWarningsSynthetic(b *testing.B) {
	s, err := makeSynthetic()
	if err != nil {
		b.Fatal(err)
	}
	g, err := law.InForce(monitor.Embedded, time.Date(synthLast, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	rs, err := s.cat.ForListYear(synthLast)
	if err != nil {
		b.Fatal(err)
	}
	n := len(s.years) - 2
	for b.Loop() {
		if _, err := monitor.Warnings(&s.years[n], s.years[:n+1], rs, g.Warning); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadSynthetic reads the twelve published years of the synthetic
// Denmark from SQLite as the monitor needs them.
func BenchmarkLoadSynthetic(b *testing.B) {
	s, err := makeSynthetic()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := app.MonitorYears(context.Background(), s.st, s.cat); err != nil {
			b.Fatal(err)
		}
	}
}
