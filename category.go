package blandby

import (
	"fmt"
	"strings"
)

// Category is a list an area can be on, or None. The code names are the
// current legal terms; the names used when a list was published live in the
// rule set of that year.
type Category string

// The categories. Lists nest: every omdannelse area is also parallelsamfund,
// every parallelsamfund area is also udsat. Forebyggelse is a separate list.
const (
	None            Category = "none"
	Udsat           Category = "udsat"
	Parallelsamfund Category = "parallelsamfund"
	Omdannelse      Category = "omdannelse"
	Forebyggelse    Category = "forebyggelse"
)

// ListCategories are the four lists, from the most to the least specific.
var ListCategories = []Category{Omdannelse, Parallelsamfund, Udsat, Forebyggelse}

// ListsWidestFirst are the four lists from the least to the most specific
// (forebyggelse, udsat, parallelsamfund, omdannelse): the order of the
// charts of areas per list.
var ListsWidestFirst = []Category{Forebyggelse, Udsat, Parallelsamfund, Omdannelse}

// ListColumns are the four lists in the order tables and files show them:
// udsat, parallelsamfund, omdannelse, forebyggelse (the strategy's
// "Tabel 1").
var ListColumns = []Category{Udsat, Parallelsamfund, Omdannelse, Forebyggelse}

// ParseCategory reads a category code; the old names "ghetto" and
// "haardt_ghetto" (also "hårdt_ghetto") are accepted.
func ParseCategory(s string) (Category, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "none":
		return None, nil
	case "udsat":
		return Udsat, nil
	case "parallelsamfund", "ghetto":
		return Parallelsamfund, nil
	case "omdannelse", "haardt_ghetto", "hårdt_ghetto":
		return Omdannelse, nil
	case "forebyggelse":
		return Forebyggelse, nil
	}
	return "", fmt.Errorf("unknown category %q (expected one of udsat, parallelsamfund, omdannelse, forebyggelse, none, or the old names ghetto, haardt_ghetto)", s)
}

// Valid reports whether c is one of the defined categories.
func (c Category) Valid() bool { return c == None || c.Specificity() > 0 }

// Specificity orders categories: higher is more specific; None is 0.
func (c Category) Specificity() int {
	for i, l := range ListCategories {
		if l == c {
			return len(ListCategories) - i
		}
	}
	return 0
}

// On reports whether an area whose most specific category is c is on list l,
// following the nesting of the lists.
func (c Category) On(l Category) bool {
	switch c {
	case Omdannelse:
		return l == Omdannelse || l == Parallelsamfund || l == Udsat
	case Parallelsamfund:
		return l == Parallelsamfund || l == Udsat
	}
	return c == l && c != None
}

// MostSpecific returns the most specific of the categories, or None.
func MostSpecific(cats ...Category) Category {
	best := None
	for _, c := range cats {
		if c.Specificity() > best.Specificity() {
			best = c
		}
	}
	return best
}

// Label returns the current Danish legal term for a list, used in both
// languages, or "ingen liste"/"no list" for None.
func (c Category) Label(lang Lang) string {
	switch c {
	case Udsat:
		return "udsat boligområde"
	case Parallelsamfund:
		return "parallelsamfund"
	case Omdannelse:
		return "omdannelsesområde"
	case Forebyggelse:
		return "forebyggelsesområde"
	}
	return Text{DA: "ingen liste", EN: "no list"}.In(lang)
}
