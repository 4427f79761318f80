// Package compute runs list years end to end: the indicators of each year
// from aggregated register data under the rule set in force, then the lists,
// with the history of earlier years built from the published history and the
// years computed before it.
package compute

import (
	"context"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/law"
)

// Year is one computed list year.
type Year struct {
	Indicators *indicator.Output
	Lists      *classify.Outcome
}

// Source gives the indicators of a list year under a rule set.
type Source func(rs *law.RuleSet, year int) (*indicator.Output, error)

// FromData computes the indicators from aggregated register data.
func FromData(d *indicator.Data) Source {
	return func(rs *law.RuleSet, year int) (*indicator.Output, error) { return indicator.Compute(rs, year, d) }
}

// FromFile takes the indicators as an indicator file gives them.
func FromFile(set *indicator.Set) Source {
	return func(rs *law.RuleSet, year int) (*indicator.Output, error) {
		rows := set.Year(year)
		if len(rows) == 0 {
			return nil, blandby.Errorf(blandby.CodeInvalid, "%s has no indicators for list year %d (it has %v)", set.File, year, set.Years())
		}
		return &indicator.Output{Year: year, RuleSet: rs, Indicators: rows}, nil
	}
}

// Run computes the list years in ascending order. history holds published
// lists of earlier years (it may be nil); a computed year is added to the
// history the later years see, without changing the caller's history, and
// takes the place of a published list of the same year.
func Run(ctx context.Context, cat *law.Catalog, src Source, years []int, history *blandby.History) ([]Year, error) {
	h := blandby.NewHistory()
	if history != nil {
		for _, y := range history.Years() {
			h.AddYear(y)
			for _, e := range history.Entries(y) {
				h.Set(y, e.AreaID, e.Category)
			}
		}
	}
	var out []Year
	for _, y := range years {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rs, err := cat.ForListYear(y)
		if err != nil {
			return nil, err
		}
		ind, err := src(rs, y)
		if err != nil {
			return nil, err
		}
		lists, err := classify.Classify(rs, y, ind.Indicators, h)
		if err != nil {
			return nil, err
		}
		h.Replace(y, lists.Entries())
		out = append(out, Year{Indicators: ind, Lists: lists})
	}
	return out, nil
}
