package app

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/monitor"
	"github.com/blandby/blandby/store"
)

// MonitorYears reads what the monitor needs from a store: the latest revision of
// every published year with its entries and explanations, the areas'
// names and dwellings, and, for a computed list, the indicators it was
// classified from. Years come oldest first, areas by id.
func MonitorYears(ctx context.Context, st store.Store, cat *law.Catalog) ([]monitor.Year, error) {
	pubs, err := st.Publications(ctx)
	if err != nil {
		return nil, err
	}
	latest := map[int]store.Publication{}
	var order []int
	for _, p := range pubs {
		if _, ok := latest[p.Year]; !ok {
			order = append(order, p.Year)
		}
		if p.Revision > latest[p.Year].Revision {
			latest[p.Year] = p
		}
	}
	areas, err := st.Areas(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*store.Area, len(areas))
	for i := range areas {
		byID[areas[i].ID] = &areas[i]
	}
	var out []monitor.Year
	for _, year := range order {
		p := latest[year]
		pub, err := st.Publication(ctx, year, p.Revision)
		if err != nil {
			return nil, err
		}
		rs, err := cat.ByID(pub.RuleSet)
		if err != nil {
			return nil, fmt.Errorf("list %d: %w", year, err)
		}
		y := monitor.Year{Year: year, Revision: pub.Revision, RuleSet: rs}
		for _, e := range pub.Entries {
			a := monitor.Area{Area: blandby.Area{ID: e.AreaID}, Category: e.Category}
			if sa, ok := byID[e.AreaID]; ok {
				a.Area = sa.Area
			}
			if len(e.Explanation) > 0 {
				var r classify.Result
				if err := json.Unmarshal(e.Explanation, &r); err != nil {
					return nil, fmt.Errorf("list %d, area %s: explanation: %w", year, e.AreaID, err)
				}
				a.Result, a.Residents = &r, r.Residents
				if r.Area.Name != "" {
					a.Name = r.Area.Name // the name that year
				}
			}
			y.Areas = append(y.Areas, a)
		}
		if pub.ComputationID != 0 {
			comp, err := st.Computation(ctx, pub.ComputationID)
			if err != nil {
				return nil, err
			}
			set, err := st.IndicatorSet(ctx, comp.IndicatorSetID)
			if err != nil {
				return nil, err
			}
			y.Indicators = set.Rows
		}
		out = append(out, y)
	}
	return monitor.Normalize(out), nil
}
