package monitor_test

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/monitor"
)

// TestWarningsMonotone: a wider margin never warns about fewer (area,
// list) pairs, and no warning names a list the area is on now.
func TestWarningsMonotone(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		share := func(name string) blandby.Measure {
			return blandby.KnownMeasure(blandby.NewRatio(int64(rapid.IntRange(0, 1000).Draw(rt, name)), 1000))
		}
		n := rapid.IntRange(1, 6).Draw(rt, "areas")
		var inds []blandby.Indicators
		cats := map[string]blandby.Category{}
		for i := range n {
			id := fmt.Sprintf("a%d", i)
			inds = append(inds, blandby.Indicators{Year: 2024, Area: blandby.Area{ID: id}, Residents: int64(rapid.IntRange(500, 3000).Draw(rt, "residents")),
				NonWestern: share("nw"), OutsideLabour: share("lab"), Convicted: blandby.KnownMeasure(blandby.NewRatio(int64(rapid.IntRange(0, 100).Draw(rt, "conv")), 1000)),
				NationalConvicted: blandby.KnownMeasure(blandby.NewRatio(1, 100)), BasicEducation: share("edu"), Income: share("inc")})
			cats[id] = rapid.SampledFrom([]blandby.Category{blandby.None, blandby.Udsat, blandby.Forebyggelse, blandby.Parallelsamfund}).Draw(rt, "cat")
		}
		y := year(t, 2024, cats, inds)
		p1 := rapid.IntRange(0, 10).Draw(rt, "p1")
		p2 := p1 + rapid.IntRange(0, 10).Draw(rt, "dp")
		m1, _ := monitor.ParseMargins(fmt.Sprint(p1), "0", "0")
		m2, _ := monitor.ParseMargins(fmt.Sprint(p2), "1", "10")
		w1, err := monitor.Warnings(&y, []monitor.Year{y}, y.RuleSet, m1)
		if err != nil {
			rt.Fatal(err)
		}
		w2, err := monitor.Warnings(&y, []monitor.Year{y}, y.RuleSet, m2)
		if err != nil {
			rt.Fatal(err)
		}
		wide := map[monitor.Entry]bool{}
		for _, w := range w2 {
			wide[monitor.Entry{AreaID: w.AreaID, List: w.List}] = true
			if cats[w.AreaID].On(w.List) {
				rt.Errorf("%s is on %s already but is warned about it", w.AreaID, w.List)
			}
		}
		for _, w := range w1 {
			if !wide[monitor.Entry{AreaID: w.AreaID, List: w.List}] {
				rt.Errorf("margin %d warns about %s on %s, margin %d does not", p1, w.AreaID, w.List, p2)
			}
		}
	})
}
