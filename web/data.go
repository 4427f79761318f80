package web

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/export"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/monitor"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
)

// cache holds what the server reads from the store: an index of the latest
// revision of every published year and the areas, read again at most every
// RefreshEvery, and each published revision's view, kept for good (a
// published revision never changes) as long as the areas are the same.
type cache struct {
	st  store.Store
	cat *law.Catalog
	// countsOnly are the years of which only counts were published
	// (Options.CountsOnly).
	countsOnly []YearCounts

	mu         sync.Mutex
	index      *index
	indexedAt  time.Time
	refreshing bool
	views      map[viewKey]*listView
}

func newCache(st store.Store, cat *law.Catalog, countsOnly []YearCounts) *cache {
	return &cache{st: st, cat: cat, countsOnly: countsOnly, views: map[viewKey]*listView{}}
}

// index is the published years and the areas at one moment.
type index struct {
	// latest holds the latest revision of each published year, by year.
	latest []store.Publication
	areas  []store.Area
	byID   map[string]*store.Area
	// departments are the names of each area's departments, by area id
	// (a list's search finds an area by them).
	departments map[string][]string
	// areasHash identifies the areas' and departments' content, so that
	// views made with others are not reused.
	areasHash [32]byte
}

type viewKey struct {
	year, revision int
	areas          [32]byte
}

// listView is a published revision ready to show.
type listView struct {
	Pub     store.Publication // without entries
	RuleSet *law.RuleSet
	Entries []export.Entry
	// Lists are the categories the rule set defines, most specific last.
	Lists []blandby.Category
	// Counts are the areas per category (the most specific list).
	Counts map[blandby.Category]int
	// OnCounts are the areas on each list (nesting counted).
	OnCounts map[blandby.Category]int
	// Residents are the residents of the areas on each list (0 for an
	// imported list).
	Residents map[blandby.Category]int64
	// Dwellings are the family dwellings of the areas on each list, as
	// far as the areas registry knows them.
	Dwellings map[blandby.Category]int64
	// Partial are the lists known only in part (an imported list whose
	// published count is unknown or larger than the areas it names).
	Partial map[blandby.Category]*store.ListCount
	// search holds what a list's search (?q=) looks in for each area, by
	// area id: its name, id and municipality and its departments' names,
	// folded (searchFold).
	search map[string]string
	pub    *store.Publication
	// encoded caches the API's JSON of the list by filter.
	encoded sync.Map // listFilter → *encoded
	// pages caches the rendered list page (pageKey → []byte); pageCount
	// bounds it.
	pages     sync.Map
	pageCount atomic.Int64
}

// current returns the index. One caller reads it again when it is older
// than RefreshEvery, while the others go on with the one they have.
func (c *cache) current(ctx context.Context) (*index, error) {
	c.mu.Lock()
	ix := c.index
	if ix != nil && (c.refreshing || time.Since(c.indexedAt) < RefreshEvery) {
		c.mu.Unlock()
		return ix, nil
	}
	c.refreshing = true
	c.mu.Unlock()
	fresh, err := c.load(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refreshing = false
	if err != nil {
		return nil, err
	}
	if ix != nil && fresh.areasHash != ix.areasHash {
		c.views = map[viewKey]*listView{} // made with other areas
	}
	c.index, c.indexedAt = fresh, time.Now()
	return fresh, nil
}

// load reads the index from the store.
func (c *cache) load(ctx context.Context) (*index, error) {
	pubs, err := c.st.Publications(ctx)
	if err != nil {
		return nil, err
	}
	ix := &index{}
	for _, p := range pubs {
		if n := len(ix.latest); n > 0 && ix.latest[n-1].Year == p.Year {
			ix.latest[n-1] = p
			continue
		}
		ix.latest = append(ix.latest, p)
	}
	if ix.areas, err = c.st.Areas(ctx); err != nil {
		return nil, err
	}
	ix.byID = make(map[string]*store.Area, len(ix.areas))
	h := sha256.New()
	for i := range ix.areas {
		a := &ix.areas[i]
		ix.byID[a.ID] = a
		fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d\x00%d\x00%d\x00%s\x00", a.ID, a.Name, a.MunicipalityCode, a.RegionCode, a.DwellingsTotal, a.FamilyDwellings, a.Geometry)
	}
	deps, err := c.st.Departments(ctx, "")
	if err != nil {
		return nil, err
	}
	ix.departments = map[string][]string{}
	for _, d := range deps {
		ix.departments[d.AreaID] = append(ix.departments[d.AreaID], d.Name)
		fmt.Fprintf(h, "department\x00%s\x00%s\x00", d.AreaID, d.Name)
	}
	copy(ix.areasHash[:], h.Sum(nil))
	return ix, nil
}

// years returns the published years, oldest first.
func (c *cache) years(ctx context.Context) ([]int, error) {
	ix, err := c.current(ctx)
	if err != nil {
		return nil, err
	}
	return ix.years(), nil
}

// years returns the index's published years, oldest first.
func (ix *index) years() []int {
	out := make([]int, len(ix.latest))
	for i, p := range ix.latest {
		out[i] = p.Year
	}
	return out
}

// list returns the view of a published year: the latest revision, or the
// given one.
func (c *cache) list(ctx context.Context, year, revision int) (*listView, error) {
	ix, err := c.current(ctx)
	if err != nil {
		return nil, err
	}
	if revision == 0 {
		i := slices.IndexFunc(ix.latest, func(p store.Publication) bool { return p.Year == year })
		if i < 0 {
			return nil, notFoundField("year", msg.Text("web.err.no_list_of", year))
		}
		revision = ix.latest[i].Revision
	}
	key := viewKey{year, revision, ix.areasHash}
	c.mu.Lock()
	v, ok := c.views[key]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	pub, err := c.st.Publication(ctx, year, revision)
	if err != nil {
		return nil, err
	}
	rs, err := c.cat.ByID(pub.RuleSet)
	if err != nil {
		return nil, err
	}
	entries, err := export.Entries(pub, ix.areas, rs)
	if err != nil {
		return nil, err
	}
	v = &listView{RuleSet: rs, Entries: entries, pub: pub,
		Counts: map[blandby.Category]int{}, OnCounts: map[blandby.Category]int{},
		Residents: map[blandby.Category]int64{}, Dwellings: map[blandby.Category]int64{}}
	v.Pub = *pub
	v.Pub.Entries = nil
	for _, l := range rs.Lists {
		v.Lists = append(v.Lists, l.Category)
	}
	// The counts are the monitor's (package monitor), computed once there.
	my := monitor.Year{Year: year, Revision: revision, RuleSet: rs}
	for i := range entries {
		e := &entries[i]
		a := monitor.Area{Area: blandby.Area{ID: e.AreaID}, Category: e.Category, Residents: e.Residents}
		if sa, ok := ix.byID[e.AreaID]; ok {
			a.FamilyDwellings = sa.FamilyDwellings
		}
		my.Areas = append(my.Areas, a)
	}
	t := monitor.TallyYear(&monitor.Normalize([]monitor.Year{my})[0], nil)
	v.Counts, v.OnCounts, v.Residents, v.Dwellings = t.Counts, t.OnCounts, t.Residents, t.FamilyDwellings
	v.search = make(map[string]string, len(entries))
	for i := range entries {
		e := &entries[i]
		v.search[e.AreaID] = searchFold(strings.Join(append([]string{e.Name, e.AreaID, e.Municipality}, ix.departments[e.AreaID]...), "\x00"))
	}
	v.Partial = map[blandby.Category]*store.ListCount{}
	for i := range pub.Counts {
		if c := &pub.Counts[i]; !c.Known || c.Published != c.Named {
			v.Partial[c.Category] = c
		}
	}
	c.mu.Lock()
	c.views[key] = v
	c.mu.Unlock()
	return v, nil
}

// yearSummary is one published year in the overview.
type yearSummary struct {
	Year        int       `json:"year"`
	Revision    int       `json:"revision"`
	RuleSet     string    `json:"rule_set"`
	Kind        string    `json:"kind"`
	PublishedAt time.Time `json:"published_at"`
	Areas       int       `json:"areas"`
	// Counts are the areas on each list: the published count where an
	// imported list records it, else the areas the list names.
	Counts map[blandby.Category]int `json:"counts"`
	// Partial are the lists the store knows only in part (see listView).
	Partial map[blandby.Category]*store.ListCount `json:"-"`
	// CountsOnly marks a year of which only the counts were published.
	CountsOnly bool `json:"counts_only,omitempty"`
}

// summaries returns every published year's counts, oldest first.
func (c *cache) summaries(ctx context.Context) ([]yearSummary, error) {
	years, err := c.years(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]yearSummary, 0, len(years))
	for _, y := range years {
		v, err := c.list(ctx, y, 0)
		if err != nil {
			return nil, err
		}
		counts := map[blandby.Category]int{}
		for _, l := range v.Lists {
			counts[l] = v.OnCounts[l]
			if p := v.Partial[l]; p != nil && p.Known {
				counts[l] = p.Published
			}
		}
		out = append(out, yearSummary{Year: y, Revision: v.Pub.Revision, RuleSet: v.Pub.RuleSet, Kind: v.Pub.Kind,
			PublishedAt: v.Pub.PublishedAt, Areas: len(v.Entries), Counts: counts, Partial: v.Partial})
	}
	for _, yc := range c.countsOnly {
		if !slices.Contains(years, yc.Year) {
			out = append(out, yearSummary{Year: yc.Year, Counts: yc.Counts, CountsOnly: true})
		}
	}
	slices.SortFunc(out, func(a, b yearSummary) int { return a.Year - b.Year })
	return out, nil
}

// areaYear is an area's status in one published year.
type areaYear struct {
	Year     int                `json:"year"`
	Revision int                `json:"revision"`
	RuleSet  string             `json:"rule_set"`
	Category blandby.Category   `json:"category"`
	On       []blandby.Category `json:"on"`
	// Explanation is the classification, absent for an imported list
	// published without values.
	Explanation *classify.Result `json:"explanation,omitempty"`
	// Source is where an imported entry comes from (" ; " between
	// sources; empty when not recorded).
	Source string `json:"source,omitempty"`
}

// areaView is an area with its history.
type areaView struct {
	ID               string                   `json:"id"`
	Name             string                   `json:"name"`
	MunicipalityCode blandby.MunicipalityCode `json:"municipality_code"`
	Municipality     string                   `json:"municipality"`
	RegionCode       int                      `json:"region_code"`
	DwellingsTotal   int64                    `json:"dwellings_total"`
	FamilyDwellings  int64                    `json:"family_dwellings"`
	Names            []store.YearName         `json:"names"`
	History          []areaYear               `json:"history"`
	Geometry         json.RawMessage          `json:"geometry,omitempty"`
}

// area returns an area with its status in every published year it is in.
func (c *cache) area(ctx context.Context, id string) (*areaView, error) {
	years, err := c.years(ctx)
	if err != nil {
		return nil, err
	}
	a, err := c.st.Area(ctx, id)
	found := err == nil
	if err != nil && blandby.CodeOf(err) != blandby.CodeNotFound {
		return nil, err
	}
	v := &areaView{ID: id, Name: a.Name, MunicipalityCode: a.MunicipalityCode, RegionCode: a.RegionCode,
		DwellingsTotal: a.DwellingsTotal, FamilyDwellings: a.FamilyDwellings, Names: a.Names, Geometry: a.Geometry, History: []areaYear{}}
	if v.Names == nil {
		v.Names = []store.YearName{}
	}
	for _, y := range years {
		lv, err := c.list(ctx, y, 0)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(lv.Entries, func(e export.Entry) bool { return e.AreaID == id })
		if i < 0 {
			continue
		}
		e := &lv.Entries[i]
		found = true
		v.History = append(v.History, areaYear{Year: y, Revision: lv.Pub.Revision, RuleSet: lv.Pub.RuleSet, Category: e.Category, On: e.On, Explanation: e.Result, Source: e.Source})
		if v.Name == "" {
			v.Name = e.Name
		}
		v.Municipality = e.Municipality
		if v.MunicipalityCode == 0 {
			v.MunicipalityCode = e.MunicipalityCode
		}
	}
	if !found {
		return nil, blandby.Told(blandby.CodeNotFound, msg.Text("web.err.no_area", app.CutText(id, maxAuditPath)))
	}
	return v, nil
}

// indicatorsOf returns the indicators a published computed list was
// classified from, and the published history it is classified against.
func (c *cache) indicatorsOf(ctx context.Context, v *listView) ([]blandby.Indicators, *blandby.History, error) {
	if v.Pub.ComputationID == 0 {
		return nil, nil, blandby.Told(blandby.CodeInvalid, msg.Text("web.err.imported_list", v.Pub.Year))
	}
	comp, err := c.st.Computation(ctx, v.Pub.ComputationID)
	if err != nil {
		return nil, nil, err
	}
	set, err := c.st.IndicatorSet(ctx, comp.IndicatorSetID)
	if err != nil {
		return nil, nil, err
	}
	return set.Rows, comp.ReadHistory(), nil
}
