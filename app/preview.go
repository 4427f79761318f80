package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/store"
)

// Preview is what publishing a list year would publish, shown before it is
// published: the computation, its lists, how they differ from the year
// before's published lists, and whether Publish would refuse it.
type Preview struct {
	Year int
	// Years are the list years with a computation, oldest first: the years
	// there is something to preview.
	Years []int
	// Computation is the computation Publish publishes by default (the
	// latest of the year), with its results; nil when the year has none.
	Computation *store.Computation
	// RuleSet is the rule set governing the year.
	RuleSet *law.RuleSet
	// Lists are the year's lists (RuleSet's), and Counts the areas of the
	// computation on each: an area on a narrower list is also on the
	// wider ones it nests in (Category.On).
	Lists  []blandby.Category
	Counts map[blandby.Category]int
	// Previous is the latest revision of the year before's published list;
	// nil when the year before has none. PreviousCounts are the areas on
	// each of the year's lists in it.
	Previous       *store.Publication
	PreviousCounts map[blandby.Category]int
	// Changes are, for each of the year's lists, the areas entering and
	// leaving it, held against Previous's own entries (never recomputed).
	Changes []ListChange
	// Published is the year's publication when it is published already.
	Published *store.Publication
	// Refusal is why Publish would refuse the computation now: an
	// *AlreadyPublishedError, a *RuleSetError or a *StaleError; nil when
	// it may be published.
	Refusal error
}

// ListChange is how a list differs from the same list the year before.
type ListChange struct {
	List blandby.Category
	// New is set when the year before's rule set had no such list: every
	// area on it enters.
	New               bool
	Entering, Leaving []PreviewArea
}

// PreviewArea names an area of a preview.
type PreviewArea struct {
	ID           string
	Name         string
	Municipality blandby.MunicipalityCode
}

// PublishPreview returns what publishing list year would publish: the
// latest computation of the year, checked as Publish checks it. Year 0 is
// the earliest computed year not yet published, else the latest computed
// year. The actor must be allowed to publish; reading is not audited.
func PublishPreview(ctx context.Context, st store.Store, cat *law.Catalog, a Actor, year int) (*Preview, error) {
	if err := auth.Authorize(a.Principal, auth.ActionPublish, auth.Resource{}); err != nil {
		return nil, err
	}
	years, err := computedYears(ctx, st, cat)
	if err != nil {
		return nil, err
	}
	published, err := st.Publications(ctx)
	if err != nil {
		return nil, err
	}
	isPublished := func(y int) bool {
		return slices.ContainsFunc(published, func(p store.Publication) bool { return p.Year == y })
	}
	if year == 0 && len(years) > 0 {
		year = years[len(years)-1]
		if i := slices.IndexFunc(years, func(y int) bool { return !isPublished(y) }); i >= 0 {
			year = years[i]
		}
	}
	if year == 0 {
		return &Preview{}, nil
	}
	p := &Preview{Year: year, Years: years, Counts: map[blandby.Category]int{}, PreviousCounts: map[blandby.Category]int{}}
	if p.RuleSet, err = cat.ForListYear(year); err != nil {
		return nil, err
	}
	for _, l := range p.RuleSet.Lists {
		p.Lists = append(p.Lists, l.Category)
	}
	if !slices.Contains(years, year) {
		return p, nil
	}
	if p.Computation, err = computationToPublish(ctx, st, year, 0); err != nil {
		return nil, err
	}
	if isPublished(year) {
		if p.Published, err = st.Publication(ctx, year, 0); err != nil {
			return nil, err
		}
		p.Refusal = &AlreadyPublishedError{Year: year, Err: blandby.Errorf(blandby.CodeConflict,
			"list year %d is published already (revision %d); a correction is published with --correct and a reason", year, p.Published.Revision)}
	} else if _, err := checkPublishable(ctx, st, cat, p.Computation); err != nil {
		if blandby.CodeOf(err) != blandby.CodeConflict {
			return nil, err
		}
		p.Refusal = err
	}
	now := map[string]blandby.Category{}
	for _, r := range p.Computation.Results {
		now[r.AreaID] = r.Category
		for _, l := range p.Lists {
			if r.Category.On(l) {
				p.Counts[l]++
			}
		}
	}
	if isPublished(year - 1) {
		if p.Previous, err = st.Publication(ctx, year-1, 0); err != nil {
			return nil, err
		}
	}
	return p, p.changes(ctx, st, cat, now)
}

// changes fills in Changes: the computation's categories (now) against
// the entries of the year before's publication.
func (p *Preview) changes(ctx context.Context, st store.Store, cat *law.Catalog, now map[string]blandby.Category) error {
	areas, err := st.Areas(ctx)
	if err != nil {
		return err
	}
	names := map[string]store.Area{}
	for _, a := range areas {
		names[a.ID] = a
	}
	area := func(id string) PreviewArea {
		a := names[id]
		return PreviewArea{ID: id, Name: a.Name, Municipality: a.MunicipalityCode}
	}
	was := map[string]blandby.Category{}
	var before *law.RuleSet
	if p.Previous != nil {
		for _, e := range p.Previous.Entries {
			was[e.AreaID] = e.Category
		}
		if before, err = cat.ByID(p.Previous.RuleSet); err != nil {
			return fmt.Errorf("the rule set of the published list of %d: %w", p.Previous.Year, err)
		}
	}
	ids := make([]string, 0, len(now)+len(was))
	for id := range now {
		ids = append(ids, id)
	}
	for id := range was {
		if _, ok := now[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int {
		return strings.Compare(strings.ToLower(names[a].Name)+"\x00"+a, strings.ToLower(names[b].Name)+"\x00"+b)
	})
	for _, l := range p.Lists {
		ch := ListChange{List: l}
		if before != nil {
			_, had := before.List(l)
			ch.New = !had
		}
		for _, id := range ids {
			on, wasOn := now[id].On(l), was[id].On(l)
			if wasOn {
				p.PreviousCounts[l]++
			}
			switch {
			case on && !wasOn:
				ch.Entering = append(ch.Entering, area(id))
			case wasOn && !on:
				ch.Leaving = append(ch.Leaving, area(id))
			}
		}
		p.Changes = append(p.Changes, ch)
	}
	return nil
}

// computedYears returns the list years with a computation, oldest first:
// every year a rule set of the catalogue governs (up to next year for the
// one in force).
func computedYears(ctx context.Context, st store.Store, cat *law.Catalog) ([]int, error) {
	var out []int
	for _, rs := range cat.All() {
		last := rs.LastListYear
		if last == 0 {
			last = time.Now().Year() + 1
		}
		for y := rs.FirstListYear; y <= last; y++ {
			cs, err := st.Computations(ctx, y)
			if err != nil {
				return nil, fmt.Errorf("the computations of %d: %w", y, err)
			}
			if len(cs) > 0 && !slices.Contains(out, y) {
				out = append(out, y)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}
