package app

import (
	"context"
	"fmt"

	"github.com/blandby/blandby/export"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/monitor"
	"github.com/blandby/blandby/store"
)

// MonitorYears reads what the monitor needs from a store: the latest
// revision of every published year, each entry as the published-list view
// (export.Entries: the area as of that year, its category and explanation),
// and, for a computed list, the indicators it was classified from. Years
// come oldest first, areas by id.
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
		entries, err := export.Entries(pub, areas, rs)
		if err != nil {
			return nil, err
		}
		y := monitor.Year{Year: year, Revision: pub.Revision, RuleSet: rs}
		for _, e := range entries {
			y.Areas = append(y.Areas, monitor.Area{Area: e.Area, Category: e.Category, Residents: e.Residents, Result: e.Result})
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
