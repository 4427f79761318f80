package monitor

import (
	"slices"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
)

// Distance is an area's distance to every threshold in a published year,
// from the list's explanation: each criterion's value, threshold, whether
// it is met and the margin in percentage points, multiples and persons.
type Distance struct {
	AreaID   string           `json:"area_id"`
	Name     string           `json:"name"`
	Category blandby.Category `json:"category"`
	// Residents and SizeMargin are the residents and their distance to
	// the minimum size (negative: too small for any list).
	Residents  int64                      `json:"residents"`
	SizeMargin int64                      `json:"size_margin"`
	Criteria   []classify.CriterionResult `json:"criteria"`
}

// Distances returns every area's distances in a year, by area id. An
// imported list has no explanations: its areas are left out.
func Distances(y *Year) []Distance {
	out := []Distance{}
	for i := range y.Areas {
		a := &y.Areas[i]
		if a.Result == nil {
			continue
		}
		out = append(out, Distance{AreaID: a.ID, Name: a.Name, Category: a.Category, Residents: a.Result.Residents,
			SizeMargin: a.Result.Size.Margin, Criteria: a.Result.Criteria})
	}
	return out
}

// AreaRef names an area.
type AreaRef struct {
	ID               string                   `json:"id"`
	Name             string                   `json:"name"`
	MunicipalityCode blandby.MunicipalityCode `json:"municipality_code"`
}

// ListChange is who entered and who left one list from one year to the
// next.
type ListChange struct {
	List blandby.Category `json:"list"`
	// New is true when the list did not exist the year before: every area
	// on it entered.
	New     bool      `json:"new"`
	Before  int       `json:"before"`
	After   int       `json:"after"`
	Entered []AreaRef `json:"entered"`
	Left    []AreaRef `json:"left"`
}

// Changes returns, for every list of cur, the areas that entered and left
// it since prev (nil prev: every area on a list entered it). Names are
// cur's, or prev's for an area cur does not hold.
func Changes(prev, cur *Year) []ListChange {
	out := []ListChange{}
	lists := cur.Lists()
	if prev != nil {
		for _, l := range prev.Lists() {
			if !slices.Contains(lists, l) {
				lists = append(lists, l)
			}
		}
	}
	for _, l := range lists {
		ch := ListChange{List: l, New: prev == nil || !slices.Contains(prev.Lists(), l), Entered: []AreaRef{}, Left: []AreaRef{}}
		on := func(y *Year, id string) bool {
			if y == nil {
				return false
			}
			a, ok := y.Area(id)
			return ok && a.Category.On(l)
		}
		for _, a := range cur.Areas {
			if a.Category.On(l) {
				ch.After++
				if !on(prev, a.ID) {
					ch.Entered = append(ch.Entered, ref(&a))
				}
			}
		}
		if prev != nil {
			for _, a := range prev.Areas {
				if a.Category.On(l) {
					ch.Before++
					if !on(cur, a.ID) {
						r := ref(&a)
						if c, ok := cur.Area(a.ID); ok {
							r = ref(c)
						}
						ch.Left = append(ch.Left, r)
					}
				}
			}
		}
		out = append(out, ch)
	}
	return out
}

func ref(a *Area) AreaRef {
	return AreaRef{ID: a.ID, Name: a.Name, MunicipalityCode: a.MunicipalityCode}
}
