package classify

import (
	"fmt"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
)

// genShare draws a share in steps of 0.01 percentage point, so that values
// often land exactly on thresholds.
func genShare(t *rapid.T, label string, max int64) blandby.Measure {
	if rapid.IntRange(0, 9).Draw(t, label+"_unknown") == 0 {
		return blandby.Measure{}
	}
	return blandby.Measure{Value: blandby.NewRatio(rapid.Int64Range(0, max).Draw(t, label), 10000), Known: true,
		Base: rapid.Int64Range(0, 3000).Draw(t, label+"_base")}
}

func genArea(t *rapid.T, year, i int) blandby.Indicators {
	return blandby.Indicators{
		Year: year, Area: blandby.Area{ID: fmt.Sprintf("a%d", i)},
		Residents:         rapid.Int64Range(900, 3000).Draw(t, "residents"),
		NonWestern:        genShare(t, "nonwestern", 10000),
		OutsideLabour:     genShare(t, "labour", 10000),
		Convicted:         genShare(t, "convicted", 1000),
		NationalConvicted: genShare(t, "national", 200),
		BasicEducation:    genShare(t, "education", 10000),
		Income:            genShare(t, "income", 15000),
	}
}

func genHistory(t *rapid.T, year int, n int) *blandby.History {
	h := blandby.NewHistory()
	for y := year - 6; y < year; y++ {
		if rapid.IntRange(0, 9).Draw(t, "year_missing") == 0 {
			continue
		}
		for i := 0; i < n; i++ {
			c := rapid.SampledFrom([]blandby.Category{blandby.None, blandby.Udsat, blandby.Parallelsamfund, blandby.Omdannelse}).Draw(t, "hist")
			h.Set(y, fmt.Sprintf("a%d", i), c)
		}
	}
	return h
}

type world struct {
	rs    *law.RuleSet
	year  int
	areas []blandby.Indicators
	hist  *blandby.History
}

func genWorld(t *rapid.T, sets []*law.RuleSet) world {
	rs := rapid.SampledFrom(sets).Draw(t, "rule_set")
	year := rs.FirstListYear + rapid.IntRange(0, 3).Draw(t, "year_offset")
	n := rapid.IntRange(1, 8).Draw(t, "areas")
	areas := make([]blandby.Indicators, n)
	for i := range areas {
		areas[i] = genArea(t, year, i)
	}
	return world{rs: rs, year: year, areas: areas, hist: genHistory(t, year, n)}
}

func embeddedSets(t *testing.T) []*law.RuleSet {
	c, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return c.All()
}

// TestListsNest: omdannelse ⊆ parallelsamfund ⊆ udsat (where the rule set
// has an udsat list), the category is the most specific list, and
// forebyggelse and udsat are disjoint when the flag is on.
func TestListsNest(t *testing.T) {
	sets := embeddedSets(t)
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t, sets)
		out, err := Classify(w.rs, w.year, w.areas, w.hist)
		if err != nil {
			t.Fatal(err)
		}
		_, hasUdsat := w.rs.List(blandby.Udsat)
		for _, r := range out.Results {
			if r.IsOn(blandby.Omdannelse) && !r.IsOn(blandby.Parallelsamfund) {
				t.Fatalf("%s: omdannelse without parallelsamfund: %v", r.Area.ID, r.On)
			}
			if hasUdsat && r.IsOn(blandby.Parallelsamfund) && !r.IsOn(blandby.Udsat) {
				t.Fatalf("%s: parallelsamfund without udsat: %v", r.Area.ID, r.On)
			}
			if w.rs.ForebyggelseExcludesUdsat && r.IsOn(blandby.Forebyggelse) && r.IsOn(blandby.Udsat) {
				t.Fatalf("%s: on both forebyggelse and udsat with the flag on", r.Area.ID)
			}
			if r.Category != blandby.MostSpecific(r.On...) {
				t.Fatalf("%s: category %s is not the most specific of %v", r.Area.ID, r.Category, r.On)
			}
			if !r.Size.Met && len(r.On) > 0 {
				t.Fatalf("%s: %d residents but on %v", r.Area.ID, r.Residents, r.On)
			}
		}
	})
}

// TestLoweringThresholdNeverRemoves: lowering a ">" or ">=" threshold (or
// raising a "<" one) never takes an area off a list, except forebyggelse for
// an area that the change put on the udsat list, which excludes it.
func TestLoweringThresholdNeverRemoves(t *testing.T) {
	sets := embeddedSets(t)
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t, sets)
		i := rapid.IntRange(0, len(w.rs.Criteria)-1).Draw(t, "criterion")
		step := blandby.NewRatio(rapid.Int64Range(1, 2000).Draw(t, "step"), 10000)
		loosened := *w.rs
		loosened.Criteria = slices.Clone(w.rs.Criteria)
		c := &loosened.Criteria[i]
		if c.Operator.Upward() {
			if c.Threshold.Value.Cmp(step) < 0 {
				step = c.Threshold.Value
			}
			c.Threshold.Value = c.Threshold.Value.Sub(step)
		} else {
			c.Threshold.Value = c.Threshold.Value.Add(step)
		}
		before, err := Classify(w.rs, w.year, w.areas, w.hist)
		if err != nil {
			t.Fatal(err)
		}
		after, err := Classify(&loosened, w.year, w.areas, w.hist)
		if err != nil {
			t.Fatal(err)
		}
		for k := range before.Results {
			b, a := before.Results[k], after.Results[k]
			for _, l := range b.On {
				if a.IsOn(l) {
					continue
				}
				if l == blandby.Forebyggelse && a.IsOn(blandby.Udsat) && !b.IsOn(blandby.Udsat) {
					continue
				}
				t.Fatalf("%s: loosening %s %s %s→%s removed it from %s (before %v, after %v)", b.Area.ID, c.ID, c.Operator,
					w.rs.Criteria[i].Threshold.Value, c.Threshold.Value, l, b.On, a.On)
			}
		}
	})
}

// TestMarginFlips: moving a share criterion's numerator by the persons
// margin flips it, and moving it by one person less does not.
func TestMarginFlips(t *testing.T) {
	sets := embeddedSets(t)
	rapid.Check(t, func(t *rapid.T) {
		rs := rapid.SampledFrom(sets).Draw(t, "rule_set")
		c := rapid.SampledFrom(rs.Criteria).Draw(t, "criterion")
		if c.Threshold.Kind != law.ShareThreshold {
			t.Skip("persons margins are for shares")
		}
		base := rapid.Int64Range(1, 5000).Draw(t, "base")
		num := rapid.Int64Range(0, base).Draw(t, "num")
		value := blandby.NewRatio(num, base)
		ind := withValue(t, rs.FirstListYear, c, value)
		m := ind.Measure(c.Indicator)
		m.Base = base
		ind.SetMeasure(c.Indicator, m)
		out, err := Classify(rs, rs.FirstListYear, []blandby.Indicators{ind}, nil)
		if err != nil {
			t.Fatal(err)
		}
		cr, _ := out.Results[0].Criterion(c.ID)
		k := *cr.Margin.Persons
		dir := int64(1)
		if cr.Met == c.Operator.Upward() {
			dir = -1
		}
		moved := func(k int64) bool {
			return c.Operator.Holds(blandby.NewRatio(num+dir*k, base), c.Threshold.Value)
		}
		if k < 1 || moved(k) == cr.Met || moved(k-1) != cr.Met {
			t.Fatalf("%s %s: %d/%d met %v, margin %d persons does not flip exactly", rs.ID, c.ID, num, base, cr.Met, k)
		}
	})
}
