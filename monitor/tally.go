package monitor

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
)

// Tally is one published year's national figures: the strategy's "Tabel 1"
// (areas per list) and "Figur 1" (residents and dwellings per list), and
// the areas above the goal's non-Western share.
type Tally struct {
	Year     int    `json:"year"`
	Revision int    `json:"revision"`
	RuleSet  string `json:"rule_set"`
	// Areas is the number of areas assessed.
	Areas int `json:"areas"`
	// Lists are the lists the year's rule set defines.
	Lists []blandby.Category `json:"lists"`
	// Counts are the areas per most specific list (None included).
	Counts map[blandby.Category]int `json:"counts"`
	// OnCounts are the areas on each list, nesting counted: an omdannelse
	// area counts on parallelsamfund and udsat too, so they do not add up.
	OnCounts map[blandby.Category]int `json:"on_counts"`
	// Residents, FamilyDwellings and Dwellings are summed over the areas
	// on each list (nesting counted); residents are 0 for an imported
	// list, dwellings as far as the areas registry knows them.
	Residents       map[blandby.Category]int64 `json:"residents"`
	FamilyDwellings map[blandby.Category]int64 `json:"family_dwellings"`
	Dwellings       map[blandby.Category]int64 `json:"dwellings"`
	// NonWesternKnown is false when the year holds no non-Western shares
	// (an imported list); then Above is empty.
	NonWesternKnown bool `json:"nonwestern_known"`
	// Above are the ids of the areas whose non-Western share meets the
	// bar Tally was given (above 30 % under the 2030 goal).
	Above []string `json:"above"`
}

// TallyYear counts a published year. above is the non-Western bar of the
// goal (nil: none counted).
func TallyYear(y *Year, above *Bar) Tally {
	t := Tally{Year: y.Year, Revision: y.Revision, RuleSet: y.RuleSet.ID, Areas: len(y.Areas), Lists: y.Lists(),
		Counts: map[blandby.Category]int{}, OnCounts: map[blandby.Category]int{}, Residents: map[blandby.Category]int64{},
		FamilyDwellings: map[blandby.Category]int64{}, Dwellings: map[blandby.Category]int64{}, Above: []string{}}
	for _, l := range t.Lists {
		t.OnCounts[l], t.Residents[l], t.FamilyDwellings[l], t.Dwellings[l] = 0, 0, 0, 0
	}
	for i := range y.Areas {
		a := &y.Areas[i]
		t.Counts[a.Category]++
		for _, l := range t.Lists {
			if a.Category.On(l) {
				t.OnCounts[l]++
				t.Residents[l] += a.Residents
				t.FamilyDwellings[l] += a.FamilyDwellings
				t.Dwellings[l] += a.DwellingsTotal
			}
		}
		if above == nil {
			continue
		}
		if v, ok := nonWestern(y, a); ok {
			t.NonWesternKnown = true
			if above.Holds(v) {
				t.Above = append(t.Above, a.ID)
			}
		}
	}
	return t
}

// nonWestern returns an area's non-Western share: from the indicators, or
// from the explanation of a criterion on it.
func nonWestern(y *Year, a *Area) (blandby.Ratio, bool) {
	if ind, ok := y.Indicator(a.ID); ok && ind.NonWestern.Known {
		return ind.NonWestern.Value, true
	}
	if a.Result != nil {
		for _, c := range a.Result.Criteria {
			if c.Indicator == blandby.IndicatorNonWestern && c.Value != nil {
				return *c.Value, true
			}
		}
	}
	return blandby.Ratio{}, false
}

// Count is how many areas of a year a target counts. Where the year holds
// no non-Western share for an area (a list imported without indicators),
// nothing is guessed: the area counts when a list it is on guarantees the
// bar by its own definition in the year's rule set (forebyggelse requires
// more than 30 %, parallelsamfund more than 50 % from 2018), and is
// Unknown otherwise. The true count is at least Areas and at most
// Areas+Unknown; with Open, areas the year does not name may count too
// and there is no upper bound.
type Count struct {
	// Areas count for certain.
	Areas int
	// Unknown may count: their share is unknown and no list they are on
	// guarantees the bar.
	Unknown int
	// Open is set for a target on the non-Western share alone when a share
	// of the year is unknown: an area on no list may exceed the bar, and a
	// list imported without indicators need not name every area.
	Open bool
}

// Exact reports whether the count is known exactly.
func (c Count) Exact() bool { return c.Unknown == 0 && !c.Open }

// Words says the count: "3", "mindst 3, højst 5" or "mindst 3".
func (c Count) Words(l blandby.Lang) string {
	switch {
	case c.Open:
		return fmt.Sprintf("%s %d", msg.T(l, "common.at_least"), c.Areas)
	case c.Unknown > 0:
		return fmt.Sprintf("%s %d, %s %d", msg.T(l, "common.at_least"), c.Areas, msg.T(l, "common.at_most"), c.Areas+c.Unknown)
	}
	return strconv.Itoa(c.Areas)
}

// Count returns how many areas of a year a target counts: the areas on any
// of its lists (every area when it has none) whose non-Western share meets
// its bar (when it has one). A list the year does not define is counted
// as empty.
func (g *Goal) Count(y *Year, t *Target) Count {
	var c Count
	missing := false
	for i := range y.Areas {
		a := &y.Areas[i]
		if len(t.Lists) > 0 && !slices.ContainsFunc(t.Lists, a.Category.On) {
			continue
		}
		if t.NonWestern == nil {
			c.Areas++
			continue
		}
		if v, ok := nonWestern(y, a); ok {
			if t.NonWestern.Holds(v) {
				c.Areas++
			}
			continue
		}
		missing = true
		if guarantees(y.RuleSet, a.Category, t.NonWestern) {
			c.Areas++
		} else {
			c.Unknown++
		}
	}
	c.Open = len(t.Lists) == 0 && missing
	return c
}

// guarantees reports whether every area of category c meets the bar by the
// definition of a list it is on in the rule set: the list requires a
// criterion on the non-Western share that implies the bar.
func guarantees(rs *law.RuleSet, c blandby.Category, bar *Bar) bool {
	for _, l := range rs.Lists {
		if !c.On(l.Category) {
			continue
		}
		for _, id := range l.RequiresCriteria {
			cr, ok := rs.Criterion(id)
			if ok && cr.Indicator == blandby.IndicatorNonWestern && cr.Threshold.Kind == law.ShareThreshold && implies(cr.Operator, cr.Threshold.Value, bar) {
				return true
			}
		}
	}
	return false
}

// implies reports whether every share meeting "op threshold" meets the bar:
// both point the same way, and the threshold itself meets the bar or sits
// on it while op leaves it out ("over 50 pct." implies "over 30 pct.";
// "over 30 pct." implies "over 30 pct."; "mindst 30 pct." does not).
func implies(op law.Operator, threshold blandby.Ratio, bar *Bar) bool {
	if op.Upward() != bar.Operator.Upward() {
		return false
	}
	return bar.Holds(threshold) || (threshold.Cmp(bar.Value) == 0 && !op.Inclusive())
}
