package demo_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/record"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlite"
	"github.com/blandby/blandby/synth"
)

// The demo the tests share: a small synthetic Denmark and a short run of
// list years across the 2021 change of rule set (the 2021 rules add
// forebyggelse). At this scale the lists are tiny or empty, so the tests
// check structure, not counts. Generating it is the expensive part, so it
// is prepared once (under -race, storing and checking the lists cost
// seconds a list year).
const (
	testSeed  = 7
	testScale = 0.1
	testFirst = 2018
	testLast  = 2021
)

var (
	shared struct {
		once     sync.Once
		dir      string
		st       store.Store
		summary  *demo.Summary
		progress []blandby.Text
		timed    []string
		elapsed  time.Duration
		err      error
	}
	testDir string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "blandby-demo-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testDir = dir
	code := m.Run()
	if shared.st != nil {
		shared.st.Close()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

func catalog(t *testing.T) *law.Catalog {
	t.Helper()
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func testOptions() demo.Options {
	return demo.Options{Seed: testSeed, Scale: testScale, FirstYear: testFirst, LastYear: testLast, SoftwareVersion: "test"}
}

// prepared returns the shared store, prepared by Prepare on first use.
func prepared(t *testing.T) (store.Store, *demo.Summary) {
	t.Helper()
	s := &shared
	s.once.Do(func() {
		ctx := context.Background()
		s.st, s.err = sqlite.Open(ctx, filepath.Join(testDir, "demo.db"))
		if s.err != nil {
			return
		}
		cat, err := law.Embedded()
		if err != nil {
			s.err = err
			return
		}
		opts := testOptions()
		start := time.Now()
		opts.Progress = func(line blandby.Text) {
			s.progress = append(s.progress, line)
			s.timed = append(s.timed, fmt.Sprintf("%6.2f s %s", time.Since(start).Seconds(), line.EN))
		}
		s.summary, s.err = demo.Prepare(ctx, s.st, cat, opts)
		s.elapsed = time.Since(start)
	})
	if s.err != nil {
		t.Fatalf("preparing the shared demo: %v", s.err)
	}
	return s.st, s.summary
}

// openEmpty opens a new, empty SQLite store.
func openEmpty(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "blandby.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func years(first, last int) []int {
	var out []int
	for y := first; y <= last; y++ {
		out = append(out, y)
	}
	return out
}

func TestPrepare(t *testing.T) {
	st, sum := prepared(t)
	t.Logf("prepared scale %v, list years %d–%d in %v:\n%s", testScale, testFirst, testLast, shared.elapsed, strings.Join(shared.timed, "\n"))
	ctx := context.Background()
	cat := catalog(t)
	mark := demo.Input(testSeed, testScale)
	if mark.Role != demo.InputRole || mark.Name != "blandby synth --seed 7 --scale 0.1" || len(mark.SHA256) != 64 {
		t.Errorf("the synthetic input is %+v", mark)
	}

	// Every list year is published once, in order, from a computation
	// under the rule set in force, by the demo, marked synthetic.
	pubs, err := st.Publications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for i, p := range pubs {
		got = append(got, p.Year)
		rs, err := cat.ForListYear(p.Year)
		if err != nil {
			t.Fatal(err)
		}
		if p.Revision != 1 || p.Kind != store.PublishedComputation || p.RuleSet != rs.ID || p.PublishedBy != demo.PublishedBy || p.SoftwareVersion != "test" {
			t.Errorf("publication %d: revision %d, kind %s, rule set %s (in force: %s), by %q, version %q",
				p.Year, p.Revision, p.Kind, p.RuleSet, rs.ID, p.PublishedBy, p.SoftwareVersion)
		}
		if !reflect.DeepEqual(p.Inputs, []store.Input{mark}) {
			t.Errorf("publication %d: inputs %+v, want the synthetic input alone", p.Year, p.Inputs)
		}
		if i > 0 && p.PublishedAt.Before(pubs[i-1].PublishedAt) {
			t.Errorf("%d was published before %d", p.Year, pubs[i-1].Year)
		}
	}
	if want := years(testFirst, testLast); !slices.Equal(got, want) {
		t.Fatalf("published years %v, want %v", got, want)
	}

	// One computation a year, and the later years read the lists computed
	// for the earlier ones (omdannelse looks back over the run).
	comps, err := st.Computations(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(comps) != len(got) {
		t.Fatalf("%d computations for %d list years", len(comps), len(got))
	}
	last, err := st.Computation(ctx, comps[len(comps)-1].ID)
	if err != nil {
		t.Fatal(err)
	}
	read := map[int]int{}
	for _, e := range last.History {
		read[e.Year]++
	}
	for y := testFirst; y < testLast; y++ {
		if read[y] == 0 {
			t.Errorf("the computation of %d did not read the list computed for %d (it read %v)", testLast, y, read)
		}
	}
	if len(last.Results) == 0 || read[testLast-1] != len(last.Results) {
		t.Errorf("the computation of %d read %d areas of %d, classified %d", testLast, read[testLast-1], testLast-1, len(last.Results))
	}

	// The areas of the synthetic Denmark, with their places and polygons.
	g, err := synth.New(synth.Config{Seed: testSeed, Scale: testScale})
	if err != nil {
		t.Fatal(err)
	}
	areas, err := st.Areas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(areas) != g.Areas().Len() {
		t.Errorf("%d areas stored, the synthetic Denmark has %d", len(areas), g.Areas().Len())
	}
	for _, a := range areas {
		i, ok := g.Areas().Index(a.ID)
		if !ok {
			t.Errorf("area %s is not synthetic", a.ID)
			continue
		}
		want := g.Areas().At(i)
		if a.Name != want.Name || a.MunicipalityCode != want.MunicipalityCode || a.RegionCode != want.RegionCode ||
			a.DwellingsTotal != want.DwellingsTotal || a.DwellingsTotal == 0 || !strings.Contains(string(a.Geometry), `"Polygon"`) {
			t.Errorf("area %s stored as %+v (geometry %.40s), want %+v with a polygon", a.ID, a, a.Geometry, want)
		}
	}

	// The summary: every year with the lists of its rule set.
	if sum.Reused || !slices.Equal(sum.Published, got) || sum.Generator != mark.Name {
		t.Errorf("summary: reused %v, published %v, generator %q", sum.Reused, sum.Published, sum.Generator)
	}
	var sumYears []int
	for _, y := range sum.Years {
		sumYears = append(sumYears, y.Year)
		rs, _ := cat.ForListYear(y.Year)
		for _, c := range blandby.ListColumns {
			_, defined := rs.List(c)
			if _, ok := y.Count(c); ok != defined {
				t.Errorf("%d: %s in the summary %v, defined by %s %v", y.Year, c, ok, rs.ID, defined)
			}
		}
	}
	if !slices.Equal(sumYears, got) {
		t.Errorf("summary years %v, want %v", sumYears, got)
	}
	if _, ok := sum.Years[0].Count(blandby.Forebyggelse); ok {
		t.Errorf("%d has forebyggelse", sum.Years[0].Year)
	}
	if _, ok := sum.Years[len(sum.Years)-1].Count(blandby.Forebyggelse); !ok {
		t.Errorf("%d has no forebyggelse", testLast)
	}
	if len(sum.Residents) != 4 {
		t.Errorf("residents of the %d lists: %v", testLast, sum.Residents)
	}
	for _, want := range []string{"generating the synthetic Denmark", "computing list years 2018–2021", "publishing"} {
		if !slices.ContainsFunc(shared.progress, func(m blandby.Text) bool { return strings.Contains(m.EN, want) }) {
			t.Errorf("no progress line with %q: %q", want, shared.progress)
		}
	}
}

// TestPrepareProgressInBothLanguages: every progress line of a first
// Prepare is told in Danish and in English, each in its own words and with
// its own decimal separator, so the command line can show the demo's steps
// in the language it speaks.
func TestPrepareProgressInBothLanguages(t *testing.T) {
	prepared(t)
	var da, en []string
	for _, line := range shared.progress {
		if line.DA == "" || line.EN == "" || line.DA == line.EN {
			t.Errorf("progress line not told in both languages: %+v", line)
		}
		da, en = append(da, line.DA), append(en, line.EN)
	}
	for _, want := range []string{
		"genererer det syntetiske Danmark (frø " + strconv.FormatUint(testSeed, 10) + ", skala 0,1, dataår ",
		"beregner listeårene 2018–2021…",
		"områder med deres polygoner…",
		"gemmer 4 beregnede listeår med deres forklaringer…",
		"offentliggør listeårene 2018–2021…",
	} {
		if !slices.ContainsFunc(da, func(m string) bool { return strings.Contains(m, want) }) {
			t.Errorf("no Danish progress line with %q:\n%s", want, strings.Join(da, "\n"))
		}
	}
	for _, want := range []string{
		"generating the synthetic Denmark (seed " + strconv.FormatUint(testSeed, 10) + ", scale 0.1, data years ",
		"computing list years 2018–2021…",
		"areas with their polygons…",
		"storing 4 computed list years with their explanations…",
		"publishing list years 2018–2021…",
	} {
		if !slices.ContainsFunc(en, func(m string) bool { return strings.Contains(m, want) }) {
			t.Errorf("no English progress line with %q:\n%s", want, strings.Join(en, "\n"))
		}
	}
}

func TestPrepareReuses(t *testing.T) {
	st, first := prepared(t)
	ctx := context.Background()
	before, err := st.Computations(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	pubsBefore, err := st.Publications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var progress []string
	opts := testOptions()
	opts.Progress = func(m blandby.Text) { progress = append(progress, m.EN) }
	start := time.Now()
	again, err := demo.Prepare(ctx, st, catalog(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("reused in %v (under -race it is slower)", time.Since(start))
	if !again.Reused || len(again.Published) != 0 {
		t.Errorf("second Prepare: reused %v, published %v", again.Reused, again.Published)
	}
	if len(progress) != 1 || !strings.Contains(progress[0], "reusing") {
		t.Errorf("progress of a reuse: %q", progress)
	}
	after, err := st.Computations(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("a reuse added computations: %d before, %d after", len(before), len(after))
	}
	pubsAfter, err := st.Publications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pubsBefore, pubsAfter) {
		t.Errorf("a reuse changed the publications")
	}
	if !reflect.DeepEqual(first.Years, again.Years) || !reflect.DeepEqual(first.Residents, again.Residents) || first.Generator != again.Generator {
		t.Errorf("summary of the reuse differs:\n%+v\n%+v", first, again)
	}
	var a, b strings.Builder
	if err := first.WriteTable(&a, blandby.Danish); err != nil {
		t.Fatal(err)
	}
	if err := again.WriteTable(&b, blandby.Danish); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("the tables differ:\n%s\n%s", a.String(), b.String())
	}
}

// snapshot is what a refused Prepare must leave unchanged.
type snapshot struct {
	pubs  []store.Publication
	comps []store.Computation
	sets  []store.IndicatorSet
	areas []store.Area
}

func take(t *testing.T, st store.Store) snapshot {
	t.Helper()
	ctx := context.Background()
	var s snapshot
	var err error
	if s.pubs, err = st.Publications(ctx); err != nil {
		t.Fatal(err)
	}
	if s.comps, err = st.Computations(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if s.sets, err = st.IndicatorSets(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if s.areas, err = st.Areas(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

func wantRefused(t *testing.T, err error, words ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("Prepare was not refused")
	}
	if blandby.CodeOf(err) != blandby.CodeConflict {
		t.Errorf("code %s, want conflict: %v", blandby.CodeOf(err), err)
	}
	for _, w := range append(words, "another --db") {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("the error does not say %q: %v", w, err)
		}
	}
}

func TestPrepareRefusesOtherData(t *testing.T) {
	ctx := context.Background()
	cat := catalog(t)
	h := blandby.NewHistory()
	h.Set(2019, "ringparken-slagelse", blandby.Parallelsamfund)
	h.Set(2019, "other-area", blandby.None)
	rs, err := cat.ForListYear(2019)
	if err != nil {
		t.Fatal(err)
	}
	imported := func(t *testing.T) store.Store {
		st := openEmpty(t)
		if _, err := st.ImportHistory(ctx, h, store.ImportMeta{
			Input:      store.Input{Role: "history", Name: "history.csv", SHA256: strings.Repeat("0", 64)},
			ImportedBy: "test", ImportedAt: time.Now().UTC(), SoftwareVersion: "test", RuleSets: map[int]string{2019: rs.ID},
		}); err != nil {
			t.Fatal(err)
		}
		return st
	}

	t.Run("published list", func(t *testing.T) {
		st := imported(t)
		before := take(t, st)
		_, err := demo.Prepare(ctx, st, cat, testOptions())
		wantRefused(t, err, "published list of 2019", "synthetic")
		if after := take(t, st); !reflect.DeepEqual(before, after) {
			t.Errorf("a refused Prepare changed the store:\n%+v\n%+v", before, after)
		}
		if len(before.pubs) != 1 {
			t.Errorf("the store holds %d publications, want the one imported", len(before.pubs))
		}
	})

	t.Run("indicator set", func(t *testing.T) {
		st := openEmpty(t)
		row := blandby.Indicators{Year: 2019, Area: blandby.Area{ID: "ringparken-slagelse", Name: "Ringparken"}, Residents: 1500}
		if _, err := st.AddIndicatorSet(ctx, store.IndicatorSet{Year: 2019, Origin: store.Imported, Source: "indicators.csv",
			CreatedAt: time.Now().UTC(), Rows: []blandby.Indicators{row}}); err != nil {
			t.Fatal(err)
		}
		before := take(t, st)
		_, err := demo.Prepare(ctx, st, cat, testOptions())
		wantRefused(t, err, "indicator set")
		if after := take(t, st); !reflect.DeepEqual(before, after) {
			t.Errorf("a refused Prepare changed the store")
		}
	})

	t.Run("areas", func(t *testing.T) {
		st := openEmpty(t)
		if err := st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "ringparken-slagelse", Name: "Ringparken", MunicipalityCode: 330, RegionCode: 1085}}}); err != nil {
			t.Fatal(err)
		}
		before := take(t, st)
		_, err := demo.Prepare(ctx, st, cat, testOptions())
		wantRefused(t, err, "ringparken-slagelse")
		if after := take(t, st); !reflect.DeepEqual(before, after) {
			t.Errorf("a refused Prepare changed the store")
		}
	})

	t.Run("another demo", func(t *testing.T) {
		st, _ := prepared(t)
		before := take(t, st)
		for _, o := range []demo.Options{{Seed: testSeed + 1, Scale: testScale}, {Seed: testSeed, Scale: 2 * testScale}} {
			o.FirstYear, o.LastYear = testFirst, testLast
			_, err := demo.Prepare(ctx, st, cat, o)
			wantRefused(t, err, "another synthetic demo", demo.Input(testSeed, testScale).Name)
		}
		if after := take(t, st); !reflect.DeepEqual(before, after) {
			t.Errorf("a refused Prepare changed the store")
		}
	})
}

func TestIsSynthetic(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		st   func(t *testing.T) store.Store
		want bool
	}{
		{"empty", openEmpty, false},
		{"imported history", func(t *testing.T) store.Store {
			st := openEmpty(t)
			h := blandby.NewHistory()
			h.Set(2019, "ringparken-slagelse", blandby.Parallelsamfund)
			if _, err := st.ImportHistory(ctx, h, store.ImportMeta{
				Input:      store.Input{Role: "history", Name: "history.csv", SHA256: strings.Repeat("0", 64)},
				ImportedBy: "test", ImportedAt: time.Now().UTC(), RuleSets: map[int]string{2019: "2018-12-01"},
			}); err != nil {
				t.Fatal(err)
			}
			return st
		}, false},
		{"demo", func(t *testing.T) store.Store { st, _ := prepared(t); return st }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := demo.IsSynthetic(ctx, tc.st(t))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("IsSynthetic = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	st, _ := prepared(t)
	ctx := context.Background()
	mark := demo.Input(testSeed, testScale)
	// A file named like the synthetic input, in the working directory,
	// must not be taken for it: the input is not a file.
	t.Chdir(t.TempDir())
	if err := os.WriteFile(mark.Name, []byte("not the demo"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := record.Check(ctx, st, catalog(t), record.CheckOptions{Inputs: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.Problem {
			t.Error(f)
		}
	}
	if len(rep.Checked) != testLast-testFirst+1 {
		t.Errorf("checked %d publications: %q", len(rep.Checked), rep.Checked)
	}
	for _, line := range rep.Checked {
		if !strings.Contains(line, "recomputed identical") {
			t.Errorf("check: %s", line)
		}
	}
	remarks := 0
	for _, f := range rep.Findings {
		if !f.Problem && strings.Contains(f.What, "synthetic") && strings.Contains(f.What, "not re-hashed") {
			remarks++
		}
	}
	if remarks != len(rep.Checked) {
		t.Errorf("%d remarks on the synthetic input for %d publications: %v", remarks, len(rep.Checked), rep.Findings)
	}
}

// failingPublish is a store whose Publish fails from a list year on, as
// if the process had been stopped there.
type failingPublish struct {
	store.Store
	from int
}

var errStopped = errors.New("stopped")

func (f failingPublish) Publish(ctx context.Context, req store.PublishRequest) (*store.Publication, error) {
	c, err := f.Store.Computation(ctx, req.ComputationID)
	if err != nil {
		return nil, err
	}
	if c.Year >= f.from {
		return nil, errStopped
	}
	return f.Store.Publish(ctx, req)
}

// TestPrepareResumes stops a Prepare after it stored the computations and
// published the first year; the next Prepare publishes the rest without
// generating anything.
func TestPrepareResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a second synthetic Denmark")
	}
	ctx := context.Background()
	cat := catalog(t)
	st := openEmpty(t)
	opts := demo.Options{Seed: testSeed, Scale: 0.02, FirstYear: 2020, LastYear: 2021, SoftwareVersion: "test"}
	if _, err := demo.Prepare(ctx, failingPublish{st, 2021}, cat, opts); !errors.Is(err, errStopped) {
		t.Fatalf("the stopped Prepare returned %v", err)
	}
	if s := take(t, st); len(s.comps) != 2 || len(s.pubs) != 1 || s.pubs[0].Year != 2020 {
		t.Fatalf("after the stop: %d computations, publications %+v", len(s.comps), s.pubs)
	}
	var progress []string
	opts.Progress = func(m blandby.Text) { progress = append(progress, m.EN) }
	sum, err := demo.Prepare(ctx, st, cat, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Reused || !slices.Equal(sum.Published, []int{2021}) || len(sum.Years) != 2 {
		t.Errorf("resumed: reused %v, published %v, years %+v", sum.Reused, sum.Published, sum.Years)
	}
	if slices.ContainsFunc(progress, func(m string) bool { return strings.Contains(m, "generating") }) {
		t.Errorf("the resumed Prepare generated: %q", progress)
	}
	if s := take(t, st); len(s.comps) != 2 || len(s.pubs) != 2 {
		t.Errorf("after resuming: %d computations, %d publications", len(s.comps), len(s.pubs))
	}
	rep, err := record.Check(ctx, st, cat, record.CheckOptions{Inputs: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Problems() != 0 {
		t.Errorf("check after resuming: %v", rep.Findings)
	}
}

// TestPrepareCancelled stops a Prepare while it generates: nothing is
// stored.
func TestPrepareCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := openEmpty(t)
	opts := testOptions()
	opts.Progress = func(m blandby.Text) {
		if strings.HasPrefix(m.EN, "generating") {
			cancel()
		}
	}
	if _, err := demo.Prepare(ctx, st, catalog(t), opts); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled Prepare returned %v", err)
	}
	if s := take(t, st); len(s.areas)+len(s.comps)+len(s.pubs)+len(s.sets) != 0 {
		t.Errorf("a cancelled Prepare stored %d areas, %d computations, %d publications", len(s.areas), len(s.comps), len(s.pubs))
	}
}

func TestPrepareInvalid(t *testing.T) {
	st := openEmpty(t)
	cat := catalog(t)
	for _, o := range []demo.Options{
		{FirstYear: 2021, LastYear: 2018},
		{Scale: synth.MaxScale + 1},
		{Scale: -1},
		{FirstYear: 2005, LastYear: 2010}, // no rule set
		{FirstYear: 2030, LastYear: 2032}, // no data years
	} {
		_, err := demo.Prepare(context.Background(), st, cat, o)
		if err == nil {
			t.Errorf("%+v: no error", o)
		} else if c := blandby.CodeOf(err); c != blandby.CodeInvalid && c != blandby.CodeNotFound {
			t.Errorf("%+v: code %s: %v", o, c, err)
		}
	}
	if s := take(t, st); len(s.areas)+len(s.comps)+len(s.pubs) != 0 {
		t.Errorf("an invalid Prepare stored something")
	}
}

func TestWriteTable(t *testing.T) {
	s := &demo.Summary{
		Generator: "blandby synth --seed 1 --scale 1",
		Years: []demo.YearSummary{
			{Year: 2017, RuleSet: "2014-02-01", Counts: map[blandby.Category]int{blandby.Parallelsamfund: 25}},
			{Year: 2018, RuleSet: "2018-12-01", Counts: map[blandby.Category]int{blandby.Udsat: 43, blandby.Parallelsamfund: 22, blandby.Omdannelse: 15}},
			{Year: 2025, RuleSet: "2021-11-30", Counts: map[blandby.Category]int{blandby.Udsat: 12, blandby.Parallelsamfund: 9, blandby.Omdannelse: 8, blandby.Forebyggelse: 60}},
		},
		Residents: map[blandby.Category]int64{blandby.Udsat: 30785, blandby.Parallelsamfund: 23975, blandby.Omdannelse: 22769, blandby.Forebyggelse: 123150},
	}
	for _, tc := range []struct {
		lang blandby.Lang
		want []string
	}{
		{blandby.Danish, []string{
			"Tabel 1. Antal områder på listerne pr. listeår – syntetiske data (blandby synth --seed 1 --scale 1)",
			"listeår        udsat  parallelsamfund  omdannelse  forebyggelse",
			"2017               –               25           –             –",
			"2018              43               22          15             –",
			"2025              12                9           8            60",
			"beboere 2025  30.785           23.975      22.769       123.150",
			"Før 2018 var der én liste, ghettolisten",
		}},
		{blandby.English, []string{
			"Table 1. Number of areas on the lists by list year – synthetic data (blandby synth --seed 1 --scale 1)",
			"list year        udsat  parallelsamfund  omdannelse  forebyggelse",
			"2017                 –               25           –             –",
			"residents 2025  30,785           23,975      22,769       123,150",
			"Before 2018 there was one list, the ghetto list",
		}},
	} {
		var b strings.Builder
		if err := s.WriteTable(&b, tc.lang); err != nil {
			t.Fatal(err)
		}
		for _, line := range tc.want {
			if !strings.Contains(b.String(), line) {
				t.Errorf("%s table lacks %q:\n%s", tc.lang, line, b.String())
			}
		}
		if got := strings.Count(b.String(), "\n20"); got != len(s.Years) {
			t.Errorf("%s table has %d year rows, want %d:\n%s", tc.lang, got, len(s.Years), b.String())
		}
	}

	// The shared demo's table: a row per year, no ghetto note after 2018.
	_, sum := prepared(t)
	var b strings.Builder
	if err := sum.WriteTable(&b, blandby.English); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	t.Logf("\n%s", out)
	for y := testFirst; y <= testLast; y++ {
		if !strings.Contains(out, fmt.Sprintf("\n%d ", y)) {
			t.Errorf("no row for %d:\n%s", y, out)
		}
	}
	if strings.Contains(out, "ghetto") || !strings.Contains(out, "synthetic data") || !strings.Contains(out, fmt.Sprintf("residents %d", testLast)) {
		t.Errorf("the demo's table:\n%s", out)
	}
}
