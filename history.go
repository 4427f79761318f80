package blandby

import (
	"maps"
	"slices"
)

// ListEntry is one area's most specific category on one year's list.
type ListEntry struct {
	Year     int
	AreaID   string
	Category Category
}

// History holds the published lists, year by year: facts, never recomputed.
// A year is known once any entry for it is added; within a known year an area
// without an entry was on no list. The zero value is not usable: use
// NewHistory.
type History struct {
	years map[int]map[string]Category
}

// NewHistory returns an empty history.
func NewHistory() *History { return &History{years: map[int]map[string]Category{}} }

// AddYear marks year as published, with no area on any list yet.
func (h *History) AddYear(year int) {
	if h.years[year] == nil {
		h.years[year] = map[string]Category{}
	}
}

// Set records an area's most specific category in a year. None records that
// the area was assessed and is on no list.
func (h *History) Set(year int, areaID string, c Category) {
	h.AddYear(year)
	h.years[year][areaID] = c
}

// Replace makes entries the whole list of year, dropping what the year held.
func (h *History) Replace(year int, entries []ListEntry) {
	h.years[year] = map[string]Category{}
	for _, e := range entries {
		h.years[year][e.AreaID] = e.Category
	}
}

// HasYear reports whether the list of year is in the history.
func (h *History) HasYear(year int) bool {
	_, ok := h.years[year]
	return ok
}

// Category returns an area's most specific category in year, and whether the
// list of that year is known at all.
func (h *History) Category(year int, areaID string) (Category, bool) {
	list, ok := h.years[year]
	if !ok {
		return None, false
	}
	if c, ok := list[areaID]; ok {
		return c, true
	}
	return None, true
}

// Years returns the known years in ascending order.
func (h *History) Years() []int { return slices.Sorted(maps.Keys(h.years)) }

// Entries returns the recorded entries of year (None entries included),
// sorted by area id.
func (h *History) Entries(year int) []ListEntry {
	list := h.years[year]
	ids := slices.Sorted(maps.Keys(list))
	out := make([]ListEntry, 0, len(ids))
	for _, id := range ids {
		out = append(out, ListEntry{Year: year, AreaID: id, Category: list[id]})
	}
	return out
}
