package rental

import (
	"fmt"
	"slices"
	"time"

	"github.com/blandby/blandby"
)

// ListStatus is a municipality's standing on the list in force at a date:
// whether it had an area on one of the lists that make it eligible for the
// right, and which list year that came from.
type ListStatus struct {
	Municipality int `json:"municipality"`
	// ListYear is the year of the list in force (0: no list published on
	// or before the date).
	ListYear int  `json:"list_year"`
	Eligible bool `json:"eligible"`
	// Areas are the municipality's areas on an eligible list that year.
	Areas []string `json:"areas,omitempty"`
}

// ListInForce returns the year of the list in force on date: the latest
// published year whose list date (listDate(year), 1 December) is on or
// before date; 0 when there is none.
func ListInForce(date time.Time, years []int, listDate func(year int) time.Time) int {
	best := 0
	for _, y := range years {
		if !listDate(y).After(date) && y > best {
			best = y
		}
	}
	return best
}

// StatusAt works out a municipality's list status on date from the
// published history, the municipality of every area, and the lists that
// make a municipality eligible (RightRule.EligibleLists). Lists nest: an
// omdannelse area is on the udsat list too.
func StatusAt(date time.Time, municipality int, h *blandby.History, areaMunicipality map[string]int, eligible []blandby.Category, listDate func(year int) time.Time) ListStatus {
	st := ListStatus{Municipality: municipality}
	if h == nil {
		return st
	}
	st.ListYear = ListInForce(date, h.Years(), listDate)
	if st.ListYear == 0 {
		return st
	}
	for _, e := range h.Entries(st.ListYear) {
		if areaMunicipality[e.AreaID] != municipality {
			continue
		}
		if slices.ContainsFunc(eligible, func(l blandby.Category) bool { return e.Category.On(l) }) {
			st.Areas = append(st.Areas, e.AreaID)
		}
	}
	st.Eligible = len(st.Areas) > 0
	return st
}

// Explain says, in Danish and English, what the status means for the right.
func (st ListStatus) Explain() blandby.Text {
	switch {
	case st.ListYear == 0:
		return blandby.Text{
			DA: "ingen offentliggjort liste var gældende på datoen",
			EN: "no published list was in force on the date",
		}
	case st.Eligible:
		return blandby.Text{
			DA: fmt.Sprintf("kommunen havde %d udsat(te) boligområde(r) eller forebyggelsesområde(r) på listen af 1. december %d (%v)", len(st.Areas), st.ListYear, st.Areas),
			EN: fmt.Sprintf("the municipality had %d udsat or forebyggelse area(s) on the list of 1 December %d (%v)", len(st.Areas), st.ListYear, st.Areas),
		}
	}
	return blandby.Text{
		DA: fmt.Sprintf("kommunen havde intet udsat boligområde eller forebyggelsesområde på listen af 1. december %d", st.ListYear),
		EN: fmt.Sprintf("the municipality had no udsat or forebyggelse area on the list of 1 December %d", st.ListYear),
	}
}
