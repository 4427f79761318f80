package monitor

import (
	"fmt"
	"slices"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/law"
)

// Warning is an area not on a list in a year that could be on it the year
// after: it would be, under the next year's rule set, if each of its
// indicators moved against it by at most the margins.
type Warning struct {
	AreaID           string                   `json:"area_id"`
	Name             string                   `json:"name"`
	MunicipalityCode blandby.MunicipalityCode `json:"municipality_code"`
	// Category is the area's most specific list in the year warned from.
	Category blandby.Category `json:"category"`
	// List is the list the area could enter.
	List blandby.Category `json:"list"`
	// Near are the criteria not met now that the moved indicators meet,
	// with their distance now (under the next year's thresholds).
	Near []classify.CriterionResult `json:"near"`
	// SizeNear is true when the area is below the minimum size now and
	// within the residents' margin of it.
	SizeNear bool `json:"size_near,omitempty"`
}

// Warnings returns the early-warning list of year cur for the year after:
// every (area, list) pair where the area is not on the list in cur but is
// on it when cur's indicators are classified under next (the rule set of
// the following list year) after moving every indicator against the area
// by the margins. Before is the published lists up to and including cur
// (what omdannelse reads). Forebyggelse is taken without its exclusion of
// udsat areas: an area that could become udsat could as well stop short
// at forebyggelse. Warnings are ordered by list, then area id.
func Warnings(cur *Year, before []Year, next *law.RuleSet, m Margins) ([]Warning, error) {
	if cur.Indicators == nil {
		return nil, blandby.Errorf(blandby.CodeInvalid, "the list of %d was imported without indicators: an early warning needs a computed list", cur.Year)
	}
	year := cur.Year + 1
	loose := looseRuleSet(next)
	hist := History(before)
	now := make([]blandby.Indicators, len(cur.Indicators))
	moved := make([]blandby.Indicators, len(cur.Indicators))
	better := make([]blandby.Indicators, len(cur.Indicators))
	dir := directions(next)
	for i, ind := range cur.Indicators {
		now[i] = ind
		now[i].Year = year
		moved[i] = worsen(ind, dir, m)
		moved[i].Year = year
		better[i] = improve(ind, dir, m)
		better[i].Year = year
	}
	base, err := classify.Classify(loose, year, now, hist)
	if err != nil {
		return nil, fmt.Errorf("early warning %d: %w", cur.Year, err)
	}
	worse, err := classify.Classify(loose, year, moved, hist)
	if err != nil {
		return nil, fmt.Errorf("early warning %d: %w", cur.Year, err)
	}
	best, err := classify.Classify(loose, year, better, hist)
	if err != nil {
		return nil, fmt.Errorf("early warning %d: %w", cur.Year, err)
	}
	out := []Warning{}
	for li, l := range loose.Lists {
		excludes := next.Lists[li].Excludes
		for i := range worse.Results {
			w, b := &worse.Results[i], &base.Results[i]
			if !w.IsOn(l.Category) || slices.ContainsFunc(excludes, best.Results[i].IsOn) {
				continue // not on it even when worse, or kept off by a list it cannot leave
			}
			a, ok := cur.Area(w.Area.ID)
			if ok && a.Category.On(l.Category) {
				continue
			}
			wa := Warning{AreaID: w.Area.ID, Name: w.Area.Name, Category: blandby.None, List: l.Category, Near: []classify.CriterionResult{},
				SizeNear: !b.Size.Met}
			if ok {
				wa.Name, wa.MunicipalityCode, wa.Category = a.Name, a.MunicipalityCode, a.Category
			}
			ids := listCriteria(loose, l.Category)
			for j, c := range w.Criteria {
				if c.Met && !b.Criteria[j].Met && slices.Contains(ids, c.ID) {
					wa.Near = append(wa.Near, b.Criteria[j])
				}
			}
			out = append(out, wa)
		}
	}
	return out, nil
}

// listCriteria returns the ids of the criteria a list depends on, through
// the lists it requires and the list its consecutive rule counts.
func listCriteria(rs *law.RuleSet, c blandby.Category) []string {
	l, ok := rs.List(c)
	if !ok {
		return nil
	}
	ids := slices.Clone(l.RequiresCriteria)
	if l.AtLeast != nil {
		ids = append(ids, l.AtLeast.Of...)
	}
	for _, req := range l.RequiresLists {
		ids = append(ids, listCriteria(rs, req)...)
	}
	if l.Consecutive != nil && l.Consecutive.List != c {
		ids = append(ids, listCriteria(rs, l.Consecutive.List)...)
	}
	return ids
}

// looseRuleSet is rs without the lists' exclusions.
func looseRuleSet(rs *law.RuleSet) *law.RuleSet {
	c := *rs
	c.Lists = slices.Clone(rs.Lists)
	for i := range c.Lists {
		c.Lists[i].Excludes = nil
	}
	return &c
}

// directions says, per indicator, whether a higher value is worse (the
// rule set's criteria on it are met from above).
func directions(rs *law.RuleSet) map[blandby.Indicator]bool {
	up := map[blandby.Indicator]bool{}
	for _, c := range rs.Criteria {
		if _, seen := up[c.Indicator]; !seen {
			up[c.Indicator] = c.Operator.Upward()
		}
	}
	return up
}

var (
	zero    = blandby.RatioInt(0)
	one     = blandby.RatioInt(1)
	percent = blandby.RatioInt(100)
)

// worsen moves every known indicator of an area against it by the margins:
// shares and income by the points (shares kept within 0 and 1, income at
// 0 or more), the conviction multiple by the multiple, residents up by
// their share (rounded up).
func worsen(ind blandby.Indicators, up map[blandby.Indicator]bool, m Margins) blandby.Indicators {
	return move(ind, up, m, true)
}

// improve moves every known indicator in the area's favour by the
// margins, like worsen the other way (residents down, rounded down).
func improve(ind blandby.Indicators, up map[blandby.Indicator]bool, m Margins) blandby.Indicators {
	return move(ind, up, m, false)
}

func move(ind blandby.Indicators, up map[blandby.Indicator]bool, m Margins, worse bool) blandby.Indicators {
	out := ind
	step := m.Points.Quo(percent)
	for _, i := range blandby.AllIndicators {
		v := ind.Measure(i)
		if !v.Known {
			continue
		}
		higher, ok := up[i]
		if !ok {
			higher = i != blandby.IndicatorIncome
		}
		if higher == worse {
			v.Value = v.Value.Add(step)
		} else {
			v.Value = v.Value.Sub(step)
		}
		v.Value = clamp(v.Value, i != blandby.IndicatorIncome)
		out.SetMeasure(i, v)
	}
	if mult := ind.Multiple(); mult.Known {
		mv := mult.Value.Sub(m.Multiple)
		if worse {
			mv = mult.Value.Add(m.Multiple)
		}
		out.ConvictedMultiple = blandby.Measure{Value: clamp(mv, false), Known: true, Base: mult.Base}
	}
	r := blandby.RatioInt(ind.Residents)
	if worse {
		out.Residents = r.Mul(one.Add(m.Residents)).Ceil().Int64()
	} else {
		out.Residents = r.Mul(one.Sub(m.Residents)).Floor().Int64()
	}
	return out
}

// clamp keeps a share within 0 and 1 (share) or at 0 or more.
func clamp(v blandby.Ratio, share bool) blandby.Ratio {
	if v.Sign() < 0 {
		return zero
	}
	if share && v.Cmp(one) > 0 {
		return one
	}
	return v
}

// Entry is an area on a list.
type Entry struct {
	AreaID string           `json:"area_id"`
	List   blandby.Category `json:"list"`
}

// Backtest is the early warning of one year checked against the list of
// the year after.
type Backtest struct {
	// Year is the year warned from; Year+1 the year checked.
	Year int `json:"year"`
	// Entered are the (area, list) pairs on a list in Year+1 that were not
	// on it in Year; Hits of them were warned about, Missed were not.
	Entered int     `json:"entered"`
	Hits    int     `json:"hits"`
	Missed  []Entry `json:"missed"`
	// Warned is the number of warnings; FalseAlarms of them did not enter.
	Warned      int `json:"warned"`
	FalseAlarms int `json:"false_alarms"`
	// The same counted by area: areas that entered some list, of them the
	// areas warned about each list they entered, areas warned about some
	// list, and of them the areas that entered none of the lists warned
	// about.
	AreasEntered     int `json:"areas_entered"`
	AreasHit         int `json:"areas_hit"`
	AreasWarned      int `json:"areas_warned"`
	AreasFalseAlarms int `json:"areas_false_alarms"`
}

// Recall is Hits/Entered (1 when nothing entered).
func (b Backtest) Recall() blandby.Ratio {
	if b.Entered == 0 {
		return one
	}
	return blandby.NewRatio(int64(b.Hits), int64(b.Entered))
}

// BacktestWarnings runs the early warning on every published year that
// has indicators and a published year after it, with the rule set the
// catalog gives the year after, and compares it with that year's list.
func BacktestWarnings(years []Year, cat *law.Catalog, m Margins) ([]Backtest, error) {
	var out []Backtest
	for i := 0; i+1 < len(years); i++ {
		cur, next := &years[i], &years[i+1]
		if cur.Indicators == nil || next.Year != cur.Year+1 {
			continue
		}
		rs, err := cat.ForListYear(next.Year)
		if err != nil {
			return nil, err
		}
		ws, err := Warnings(cur, years[:i+1], rs, m)
		if err != nil {
			return nil, err
		}
		warned := map[Entry]bool{}
		for _, w := range ws {
			warned[Entry{w.AreaID, w.List}] = true
		}
		b := Backtest{Year: cur.Year, Warned: len(ws), Missed: []Entry{}}
		entered := map[Entry]bool{}
		for _, ch := range Changes(cur, next) {
			for _, a := range ch.Entered {
				e := Entry{a.ID, ch.List}
				entered[e] = true
				b.Entered++
				if warned[e] {
					b.Hits++
				} else {
					b.Missed = append(b.Missed, e)
				}
			}
		}
		missed, hitSome := map[string]bool{}, map[string]bool{}
		for e := range warned {
			if !entered[e] {
				b.FalseAlarms++
			} else {
				hitSome[e.AreaID] = true
			}
		}
		for _, e := range b.Missed {
			missed[e.AreaID] = true
		}
		areasEntered := map[string]bool{}
		for e := range entered {
			areasEntered[e.AreaID] = true
		}
		b.AreasEntered = len(areasEntered)
		for id := range areasEntered {
			if !missed[id] {
				b.AreasHit++
			}
		}
		areasWarned := map[string]bool{}
		for e := range warned {
			areasWarned[e.AreaID] = true
		}
		b.AreasWarned = len(areasWarned)
		for id := range areasWarned {
			if !hitSome[id] {
				b.AreasFalseAlarms++
			}
		}
		out = append(out, b)
	}
	return out, nil
}
