package rental

import (
	"slices"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
)

// ListStatus is a municipality's standing on the list in force at a date:
// whether it had an area on one of the lists that make it eligible for the
// right, and which list year that came from.
type ListStatus struct {
	Municipality blandby.MunicipalityCode `json:"municipality"`
	// ListYear is the year of the list in force (0: no list published on
	// or before the date), and Published the day it was published.
	ListYear  int       `json:"list_year"`
	Published time.Time `json:"published,omitzero"`
	Eligible  bool      `json:"eligible"`
	// Areas are the municipality's areas on an eligible list that year.
	Areas []string `json:"areas,omitempty"`
}

// StatusAt works out a municipality's list status on date from the
// published history (the list in force by lists.ListInForce), the
// municipality of every area, and the lists that make a municipality
// eligible (RightRule.EligibleLists). Lists nest: an omdannelse area is on
// the udsat list too.
func StatusAt(date time.Time, municipality blandby.MunicipalityCode, h *blandby.History, areaMunicipality map[string]blandby.MunicipalityCode, eligible []blandby.Category, lists *law.Catalog) (ListStatus, error) {
	st := ListStatus{Municipality: municipality}
	if h == nil {
		return st, nil
	}
	year, err := lists.ListInForce(date, h.Years())
	if err != nil || year == 0 {
		return st, err
	}
	st.ListYear = year
	if st.Published, err = lists.PublishedOn(year); err != nil {
		return st, err
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
	return st, nil
}

// Explain says, in Danish and English, what the status means for the right.
func (st ListStatus) Explain() blandby.Text {
	switch {
	case st.ListYear == 0:
		return msg.Text("rental.status.no_published_list_was")
	case st.Eligible:
		return blandby.Text{
			DA: msg.T(blandby.Danish, "rental.status.municipality_had_on_list", msg.N(blandby.Danish, "rental.status.areas", len(st.Areas)), st.ListYear, st.Published.Format(time.DateOnly), st.Areas),
			EN: msg.T(blandby.English, "rental.status.municipality_had_on_list", msg.N(blandby.English, "rental.status.areas", len(st.Areas)), st.ListYear, st.Published.Format(time.DateOnly), st.Areas),
		}
	}
	return msg.Text("rental.status.municipality_had_no_udsat", st.ListYear, st.Published.Format(time.DateOnly))
}
