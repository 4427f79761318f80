// Package verify reproduces the published lists: every list 2010–2017 whose
// values were published is recomputed from those values under the rule set
// of its year, and the omdannelse (hårdt ghettoområde) lists from 2018 are
// recomputed from the published history. The result is each area's
// agreement with what was published; a documented published anomaly is
// reported as such, never fixed.
package verify

import (
	"fmt"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/official"
)

// Area statuses.
const (
	// Agrees: the recomputed category is the published one.
	Agrees = "agrees"
	// Differs: the recomputed category is not the published one, and no
	// documented anomaly explains it.
	Differs = "differs"
	// Anomaly: the recomputed category differs as a documented published
	// anomaly says it does.
	Anomaly = "anomaly"
	// NoValues: the area's published values are not known, so it is not
	// recomputed.
	NoValues = "no_values"
)

// Methods of a year's verification.
const (
	// FromValues recomputes every list from the published values.
	FromValues = "values"
	// FromHistory recomputes the lists that follow from the published
	// history (omdannelse) for the areas on the list it builds on.
	FromHistory = "history"
)

// Report is the verification of every list year.
type Report struct {
	Years []Year `json:"years"`
}

// Year is one list year's verification.
type Year struct {
	Year    int    `json:"year"`
	RuleSet string `json:"rule_set"`
	// Method is FromValues or FromHistory.
	Method string `json:"method"`
	// List is the list recomputed from the history (FromHistory).
	List      blandby.Category `json:"list,omitempty"`
	Areas     []Area           `json:"areas"`
	Agree     int              `json:"agree"`
	Differ    int              `json:"differ"`
	Anomalies int              `json:"anomalies"`
	NoValues  int              `json:"no_values"`
}

// Checked returns how many areas were recomputed.
func (y *Year) Checked() int { return y.Agree + y.Differ + y.Anomalies }

// Area is one area's agreement.
type Area struct {
	AreaID string `json:"area_id"`
	// Name is the name as printed that year.
	Name         string           `json:"name"`
	Municipality string           `json:"municipality"`
	Published    blandby.Category `json:"published"`
	Computed     blandby.Category `json:"computed,omitempty"`
	Status       string           `json:"status"`
	// CriteriaMet are the criteria the published values meet (FromValues).
	CriteriaMet []string `json:"criteria_met,omitempty"`
	// Note explains an anomaly.
	Note string `json:"note,omitempty"`
}

// Run verifies every list: a list whose rows carry values is recomputed
// from them, a list from the rule set of 2018 on from the published history
// of the lists (history, read from the same lists). anomalies are the
// documented published anomalies.
func Run(cat *law.Catalog, lists []official.List, anomalies []official.Anomaly) (*Report, error) {
	history := official.History(lists)
	known := map[[2]any]string{}
	for _, a := range anomalies {
		known[[2]any{a.Year, a.AreaID}] = a.Note
	}
	rep := &Report{}
	for _, l := range lists {
		rs, err := cat.ForListYear(l.Year)
		if err != nil {
			return nil, err
		}
		y := Year{Year: l.Year, RuleSet: rs.ID, Method: FromValues}
		_, out, err := ClassifyValues(rs, &l, history)
		if err != nil {
			return nil, err
		}
		if out == nil {
			y.Method = FromHistory
		}
		for _, r := range l.Rows {
			a := Area{AreaID: r.Indicators.Area.ID, Name: r.Indicators.Area.Name, Municipality: r.Indicators.Area.Municipality, Published: r.Category}
			switch {
			case y.Method == FromValues && !r.HasValues():
				a.Status = NoValues
			case y.Method == FromValues:
				res, err := out.Result(a.AreaID)
				if err != nil {
					return nil, fmt.Errorf("%s:%d: %w", r.File, r.Line, err)
				}
				a.Computed, a.CriteriaMet = res.Category, res.CriteriaMet()
			default:
				lrs := classify.FromPublished(rs, l.Year, a.AreaID, r.Category, history)
				if len(lrs) == 0 {
					continue // the rule set has no list that follows from the history
				}
				y.List = lrs[0].Category
				// Only the areas on the list the rule builds on are
				// decided by it.
				base, _ := rs.List(y.List)
				if !r.Category.On(base.Consecutive.List) {
					continue
				}
				a.Computed = r.Category
				if lrs[0].On {
					a.Computed = blandby.MostSpecific(r.Category, y.List)
				} else if r.Category == y.List {
					a.Computed = base.Consecutive.List
				}
			}
			if a.Status == "" {
				note, anomalous := known[[2]any{l.Year, a.AreaID}]
				switch {
				case a.Computed == a.Published:
					a.Status = Agrees
				case anomalous:
					a.Status, a.Note = Anomaly, note
				default:
					a.Status = Differs
				}
			}
			switch a.Status {
			case Agrees:
				y.Agree++
			case Differs:
				y.Differ++
			case Anomaly:
				y.Anomalies++
			case NoValues:
				y.NoValues++
			}
			y.Areas = append(y.Areas, a)
		}
		if y.Method == FromHistory && y.List == "" {
			continue // nothing to recompute from the history under this rule set
		}
		rep.Years = append(rep.Years, y)
	}
	return rep, nil
}

// ClassifyValues classifies the areas a published list gives values of
// under the rule set of its year against the published history, all in one
// outcome, with the rows classified (none when the list gives no values):
// what verify compares with the published categories and what an import of
// the lists stores as their explanations.
func ClassifyValues(rs *law.RuleSet, l *official.List, history *blandby.History) ([]blandby.Indicators, *classify.Outcome, error) {
	var rows []blandby.Indicators
	for i := range l.Rows {
		if l.Rows[i].HasValues() {
			rows = append(rows, l.Rows[i].Indicators)
		}
	}
	if len(rows) == 0 {
		return nil, nil, nil
	}
	out, err := classify.Classify(rs, l.Year, rows, history)
	if err != nil {
		return nil, nil, fmt.Errorf("the published values of %d: %w", l.Year, err)
	}
	return rows, out, nil
}
