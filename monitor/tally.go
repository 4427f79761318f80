package monitor

import (
	"github.com/blandby/blandby"
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
				t.Dwellings[l] += a.Dwellings
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

// Count returns how many areas of a tally a target counts: the areas on
// any of its lists, or above its non-Western bar. ok is false when the
// tally cannot say (a list the year does not define is counted as empty;
// non-Western shares unknown is not ok).
func (g *Goal) Count(y *Year, t *Target) (n int, ok bool) {
	if t.NonWestern != nil {
		known := false
		for i := range y.Areas {
			if v, has := nonWestern(y, &y.Areas[i]); has {
				known = true
				if t.NonWestern.Holds(v) {
					n++
				}
			}
		}
		return n, known
	}
	for _, a := range y.Areas {
		for _, l := range t.Lists {
			if a.Category.On(l) {
				n++
				break
			}
		}
	}
	return n, true
}
