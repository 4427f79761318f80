// Package apptest builds, in tests, a store in which publishing is refused
// as stale, so that every front end can be asked to publish it and give the
// same refusal (package app).
package apptest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/compute"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/record"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlite"
)

// StaleYear is the list year of the computations.
const StaleYear = 2022

// Stale is an SQLite database with the lists of 2018, 2019 and 2021
// published (imported), a computation of 2022 (Fresh) that read them as
// published, and one (Stale) that read a 2019 list in which area b was a
// parallelsamfund, not udsat as published: publishing Stale must be
// refused, publishing Fresh allowed.
type Stale struct {
	Store        store.Store
	Path         string
	Catalog      *law.Catalog
	Fresh, Stale int64
}

// NewStale builds the database in a temporary directory; the store is
// closed when the test ends.
func NewStale(t testing.TB) *Stale {
	t.Helper()
	ctx := context.Background()
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "blandby.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	areas := []store.Area{{Area: blandby.Area{ID: "a", Name: "A", MunicipalityCode: 101, RegionCode: 1084}}, {Area: blandby.Area{ID: "b", Name: "B", MunicipalityCode: 101, RegionCode: 1084}}}
	if err := st.PutAreas(ctx, areas); err != nil {
		t.Fatal(err)
	}
	published := blandby.NewHistory()
	ruleSets := map[int]string{}
	for _, y := range []int{2018, 2019, 2021} {
		published.Set(y, "a", blandby.Parallelsamfund)
		published.Set(y, "b", blandby.Udsat)
		rs, err := cat.ForListYear(y)
		if err != nil {
			t.Fatal(err)
		}
		ruleSets[y] = rs.ID
	}
	meta := store.ImportMeta{ImportedBy: "apptest", ImportedAt: time.Now().UTC(), SoftwareVersion: "test", RuleSets: ruleSets}
	if _, err := st.ImportHistory(ctx, published, meta); err != nil {
		t.Fatal(err)
	}
	other := blandby.NewHistory()
	for _, y := range published.Years() {
		other.Replace(y, published.Entries(y))
	}
	other.Set(2019, "b", blandby.Parallelsamfund)
	s := &Stale{Store: st, Path: path, Catalog: cat}
	s.Fresh = addComputation(t, st, cat, published)
	s.Stale = addComputation(t, st, cat, other)
	return s
}

// addComputation classifies two areas for StaleYear with the history given
// and stores the computation.
func addComputation(t testing.TB, st store.Store, cat *law.Catalog, hist *blandby.History) int64 {
	t.Helper()
	k := blandby.KnownMeasure
	var rows []blandby.Indicators
	for _, id := range []string{"a", "b"} {
		rows = append(rows, blandby.Indicators{Year: StaleYear, Area: blandby.Area{ID: id}, Residents: 2000,
			NonWestern: k(blandby.NewRatio(3, 5)), OutsideLabour: k(blandby.NewRatio(1, 2)), BasicEducation: k(blandby.NewRatio(7, 10))})
	}
	return AddComputation(t, st, cat, StaleYear, rows, hist)
}

// AddComputation classifies the indicators of list year under the rule set
// governing it, with the history given as the earlier lists, and stores
// the computation as blandby compute --save would; it returns its id.
func AddComputation(t testing.TB, st store.Store, cat *law.Catalog, year int, rows []blandby.Indicators, hist *blandby.History) int64 {
	t.Helper()
	rs, err := cat.ForListYear(year)
	if err != nil {
		t.Fatal(err)
	}
	lists, err := classify.Classify(rs, year, rows, hist)
	if err != nil {
		t.Fatal(err)
	}
	set := store.IndicatorSet{Year: year, Origin: store.Computed, Source: "apptest", Rows: rows}
	y := compute.Year{Indicators: &indicator.Output{Year: year, RuleSet: rs, Indicators: rows}, Lists: lists}
	c, err := record.Computation(y, hist, set, "test", time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.AddComputation(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
