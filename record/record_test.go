package record

import (
	"slices"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/compute"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/store"
)

func ruleSet(t *testing.T, id string) *law.RuleSet {
	t.Helper()
	c, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := c.ByID(id)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestHistoryYears(t *testing.T) {
	tests := []struct {
		rs   string
		year int
		want []int
	}{
		{"2021-11-30", 2022, []int{2018, 2019, 2020, 2021}},
		{"2018-12-01", 2019, []int{2015, 2016, 2017, 2018}}, // the 5-year transition
		{"2018-12-01", 2021, []int{2018, 2019, 2020}},       // 4 years after it
		{"2014-02-01", 2016, nil},                           // no consecutive-years rule
	}
	for _, tt := range tests {
		if got := HistoryYears(ruleSet(t, tt.rs), tt.year); !slices.Equal(got, tt.want) {
			t.Errorf("HistoryYears(%s, %d) = %v, want %v", tt.rs, tt.year, got, tt.want)
		}
	}
}

// parallelArea is parallelsamfund under the 2021 rules.
func parallelArea(id string) blandby.Indicators {
	k := blandby.KnownMeasure
	return blandby.Indicators{Year: 2022, Area: blandby.Area{ID: id}, Residents: 2000,
		NonWestern: k(blandby.NewRatio(3, 5)), OutsideLabour: k(blandby.NewRatio(1, 2)), BasicEducation: k(blandby.NewRatio(7, 10))}
}

func TestComputationSnapshotAndStale(t *testing.T) {
	rs := ruleSet(t, "2021-11-30")
	rows := []blandby.Indicators{parallelArea("a"), parallelArea("b")}
	hist := blandby.NewHistory()
	for _, y := range []int{2018, 2019, 2021} { // 2020 has no published list
		hist.Set(y, "a", blandby.Parallelsamfund)
		hist.Set(y, "b", blandby.Udsat)
	}
	lists, err := classify.Classify(rs, 2022, rows, hist)
	if err != nil {
		t.Fatal(err)
	}
	set := store.IndicatorSet{Year: 2022, Rows: rows}
	c, err := Computation(compute.Year{Indicators: &indicator.Output{Year: 2022, RuleSet: rs, Indicators: rows}, Lists: lists}, hist, set, "test", lists.RuleSet.ValidFrom)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Results) != 2 || c.RuleSet != rs.ID || c.Year != 2022 {
		t.Fatalf("computation %+v", c)
	}
	// The snapshot has the three known years, for both areas, and not 2020.
	if len(c.History) != 6 {
		t.Fatalf("snapshot %v", c.History)
	}
	for _, e := range c.History {
		if e.Year == 2020 {
			t.Errorf("2020 had no published list but is in the snapshot: %v", e)
		}
	}
	snap := c.ReadHistory()
	if cat, ok := snap.Category(2019, "a"); !ok || cat != blandby.Parallelsamfund {
		t.Errorf("snapshot 2019 a = %s, %v", cat, ok)
	}
	if _, ok := snap.Category(2020, "a"); ok {
		t.Error("2020 must stay unknown in the snapshot")
	}
	// Stale: equal history → nothing; a changed category and a year that
	// became known are differences.
	if d := Stale(&c, rs, hist); len(d) != 0 {
		t.Errorf("same history: %v", d)
	}
	now := blandby.NewHistory()
	for _, y := range hist.Years() {
		now.Replace(y, hist.Entries(y))
	}
	now.Set(2019, "b", blandby.Parallelsamfund)
	now.Set(2020, "a", blandby.Parallelsamfund)
	d := Stale(&c, rs, now)
	if len(d) != 3 { // 2019 b changed; 2020 known now for a and b
		t.Fatalf("differences %v", d)
	}
	want := Difference{Year: 2019, AreaID: "b", Was: blandby.Udsat, Now: blandby.Parallelsamfund, WasKnown: true, NowKnown: true}
	if d[0] != want {
		t.Errorf("first difference %+v, want %+v", d[0], want)
	}
	if got := d[1].String(); got != "2020 a: computed with no published list, published parallelsamfund" {
		t.Errorf("String() = %q", got)
	}
}
