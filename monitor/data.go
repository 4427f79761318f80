package monitor

import (
	"slices"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/law"
)

// Year is one published list year as the monitor reads it: the latest
// revision's entries, the rule set it was published under and, for a
// computed list, the indicators it was classified from.
type Year struct {
	Year     int
	Revision int
	RuleSet  *law.RuleSet
	// Areas are every area assessed that year, by id.
	Areas []Area
	// Indicators are the indicators the list was classified from; nil for
	// a list imported without them.
	Indicators []blandby.Indicators
}

// Area is one area's entry on a published list: the area as the areas
// registry knows it (dwellings 0 when unknown) with its standing that year.
type Area struct {
	blandby.Area
	// Category is the area's most specific list, or None.
	Category blandby.Category
	// Residents is 0 when the list does not say (an imported list).
	Residents int64
	// Result is the classification with every criterion's value, threshold
	// and margin; nil for an imported list.
	Result *classify.Result
}

// Lists returns the lists a year's rule set defines, in its order.
func (y *Year) Lists() []blandby.Category {
	out := make([]blandby.Category, 0, len(y.RuleSet.Lists))
	for _, l := range y.RuleSet.Lists {
		out = append(out, l.Category)
	}
	return out
}

// Area returns an area's entry.
func (y *Year) Area(id string) (*Area, bool) {
	i, ok := slices.BinarySearchFunc(y.Areas, id, func(a Area, id string) int { return cmpString(a.ID, id) })
	if !ok {
		return nil, false
	}
	return &y.Areas[i], true
}

// Indicator returns an area's indicators, if the year has them.
func (y *Year) Indicator(id string) (*blandby.Indicators, bool) {
	// Normalize sorts the indicators by area id; a year built otherwise is
	// searched from end to end.
	if i, ok := slices.BinarySearchFunc(y.Indicators, id, func(a blandby.Indicators, id string) int { return cmpString(a.Area.ID, id) }); ok {
		return &y.Indicators[i], true
	}
	for i := range y.Indicators {
		if y.Indicators[i].Area.ID == id {
			return &y.Indicators[i], true
		}
	}
	return nil, false
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Normalize sorts the years, and each year's areas and indicators by area
// id, so that lookups work; callers building Years by hand call it once.
func Normalize(years []Year) []Year {
	slices.SortFunc(years, func(a, b Year) int { return a.Year - b.Year })
	for i := range years {
		slices.SortFunc(years[i].Areas, func(a, b Area) int { return cmpString(a.ID, b.ID) })
		slices.SortFunc(years[i].Indicators, func(a, b blandby.Indicators) int { return cmpString(a.Area.ID, b.Area.ID) })
	}
	return years
}

// History returns the published lists of the years as a history.
func History(years []Year) *blandby.History {
	h := blandby.NewHistory()
	for _, y := range years {
		h.AddYear(y.Year)
		for _, a := range y.Areas {
			h.Set(y.Year, a.ID, a.Category)
		}
	}
	return h
}
