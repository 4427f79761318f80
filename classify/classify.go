// Package classify turns one list year's per-area indicators, the rule set in
// force and the history of published lists into the lists of that year, with
// the reasons for every result: each criterion's value, threshold, operator,
// legal reference and margin, and each list's conditions.
//
// The package does no I/O and never reads the clock.
package classify

import (
	"fmt"
	"slices"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
)

// Outcome is the classification of every area of one list year.
type Outcome struct {
	Year    int          `json:"year"`
	RuleSet *law.RuleSet `json:"-"`
	Results []Result     `json:"results,omitempty"`
}

// Result is one area's classification with its explanation.
type Result struct {
	Year      int          `json:"year"`
	Area      blandby.Area `json:"area"`
	Residents int64        `json:"residents"`
	// Size is the check of the area's size: an area below it is on no list.
	Size SizeCheck `json:"size"`
	// Category is the most specific list the area is on, or None.
	Category blandby.Category `json:"category"`
	// On lists every list the area is on, most specific first.
	On       []blandby.Category `json:"on,omitempty"`
	Criteria []CriterionResult  `json:"criteria,omitempty"`
	Lists    []ListResult       `json:"lists,omitempty"`
}

// SizeCheck is the minimum-residents rule applied to an area.
type SizeCheck struct {
	Residents    int64        `json:"residents"`
	MinResidents int64        `json:"min_residents"`
	Operator     law.Operator `json:"operator"`
	LegalRef     string       `json:"legal_ref"`
	Label        blandby.Text `json:"label"`
	Met          bool         `json:"met"`
	// Margin is Residents - MinResidents.
	Margin int64 `json:"margin"`
}

// CriterionResult is one criterion applied to one area.
type CriterionResult struct {
	ID        string            `json:"id"`
	Indicator blandby.Indicator `json:"indicator"`
	Label     blandby.Text      `json:"label"`
	LegalRef  string            `json:"legal_ref"`
	Operator  law.Operator      `json:"operator"`
	Kind      law.ThresholdKind `json:"kind"`
	// Value is what is compared: the share, the income share of the regional
	// mean, or the multiple of the national share. Nil when missing.
	Value *blandby.Ratio `json:"value,omitempty"`
	// Threshold is what Value is compared against, exactly as in the rule
	// set: a share (2/5 for 40 %) or a multiple (3).
	Threshold blandby.Ratio `json:"threshold"`
	// Share and ShareThreshold are, for a multiple of the national share,
	// the area's share and the multiple of the national share it is held
	// against, when both are known.
	Share          *blandby.Ratio `json:"share,omitempty"`
	ShareThreshold *blandby.Ratio `json:"share_threshold,omitempty"`
	// Met is true when the value meets the threshold; a missing value is
	// not met.
	Met bool `json:"met"`
	// Missing is true when the value is unknown; MissingWhat says which
	// indicator was missing.
	Missing     bool     `json:"missing"`
	MissingWhat []string `json:"missing_what,omitempty"`
	// Margin says how far the value is from flipping; nil when missing.
	Margin *Margin `json:"margin,omitempty"`
}

// Margin is the distance of a value from its threshold.
type Margin struct {
	// Points is value - threshold in percentage points (of the population,
	// or of the regional mean for income); nil when the shares are unknown
	// (a multiple published without the national share).
	Points *blandby.Ratio `json:"points,omitempty"`
	// Multiple is multiple - threshold for a multiple of the national share.
	Multiple *blandby.Ratio `json:"multiple,omitempty"`
	// Persons is how many persons in the population would have to change
	// status to flip the criterion, holding the population size: fewer when
	// it is met by being high, more otherwise. For a value averaged over
	// several years, that change is needed in every year of the window. Nil
	// when the population size is not known, and for income.
	Persons *int64 `json:"persons,omitempty"`
}

// ListResult is one list's conditions applied to one area.
type ListResult struct {
	Category blandby.Category `json:"category"`
	// Name is the list's name under the rule set ("ghettoområde" before
	// 1 December 2021).
	Name     blandby.Text `json:"name"`
	LegalRef string       `json:"legal_ref"`
	On       bool         `json:"on"`
	// Eligible is false when the area is too small for any list.
	Eligible         bool              `json:"eligible"`
	RequiredLists    []ListCheck       `json:"required_lists,omitempty"`
	RequiredCriteria []CriterionCheck  `json:"required_criteria,omitempty"`
	AtLeast          *AtLeastCheck     `json:"at_least,omitempty"`
	Consecutive      *ConsecutiveCheck `json:"consecutive,omitempty"`
	// ExcludedBy lists the lists that keep the area off this one.
	ExcludedBy []blandby.Category `json:"excluded_by,omitempty"`
}

// ListCheck says whether a required list holds.
type ListCheck struct {
	Category blandby.Category `json:"category"`
	On       bool             `json:"on"`
}

// CriterionCheck says whether a required criterion is met.
type CriterionCheck struct {
	ID  string `json:"id"`
	Met bool   `json:"met"`
}

// AtLeastCheck is "at least Count of Of" applied to an area.
type AtLeastCheck struct {
	Count int      `json:"count"`
	Of    []string `json:"of,omitempty"`
	Met   []string `json:"met,omitempty"`
}

// ConsecutiveCheck is the consecutive-years rule applied to an area.
type ConsecutiveCheck struct {
	List  blandby.Category `json:"list"`
	Years int              `json:"years"`
	// Transition is set when a transitional rule set the number of years.
	Transition *law.Transition `json:"transition,omitempty"`
	// Window holds each list year checked, oldest first.
	Window []YearCheck `json:"window,omitempty"`
}

// YearCheck is an area's status on a list in one year of a window.
type YearCheck struct {
	Year int  `json:"year"`
	On   bool `json:"on"`
	// Known is false when the history has no list for the year.
	Known bool `json:"known"`
	// Computed is true for the current year (computed now), false for years
	// read from the published history.
	Computed bool `json:"computed"`
	// Category is the area's published category that year; empty for the
	// computed year.
	Category blandby.Category `json:"category,omitempty"`
}

// Classify classifies every area of a list year under rs. areas must all be
// of that year and have distinct ids; history holds the published lists of
// earlier years (it may be nil when the rule set has no consecutive rule).
// A history entry for the year itself is ignored: the current year is
// computed.
func Classify(rs *law.RuleSet, year int, areas []blandby.Indicators, history *blandby.History) (*Outcome, error) {
	if history == nil {
		history = blandby.NewHistory()
	}
	seen := make(map[string]bool, len(areas))
	out := &Outcome{Year: year, RuleSet: rs, Results: make([]Result, 0, len(areas))}
	for i := range areas {
		a := &areas[i]
		if a.Year != year {
			return nil, blandby.Errorf(blandby.CodeInvalid, "area %q has indicators for year %d, not the list year %d", a.Area.ID, a.Year, year)
		}
		if seen[a.Area.ID] {
			return nil, blandby.Errorf(blandby.CodeInvalid, "area %q appears twice in list year %d", a.Area.ID, year)
		}
		seen[a.Area.ID] = true
		out.Results = append(out.Results, classifyArea(rs, year, a, history))
	}
	return out, nil
}

func classifyArea(rs *law.RuleSet, year int, a *blandby.Indicators, history *blandby.History) Result {
	r := Result{Year: year, Area: a.Area, Residents: a.Residents}
	r.Size = SizeCheck{
		Residents: a.Residents, MinResidents: rs.Area.MinResidents, Operator: rs.Area.Operator,
		LegalRef: rs.Area.LegalRef, Label: rs.Area.Label, Met: rs.Area.Eligible(a.Residents),
		Margin: a.Residents - rs.Area.MinResidents,
	}
	met := make(map[string]bool, len(rs.Criteria))
	for _, c := range rs.Criteria {
		cr := evaluate(c, a)
		met[c.ID] = cr.Met
		r.Criteria = append(r.Criteria, cr)
	}
	on := map[blandby.Category]bool{}
	for _, l := range rs.Lists {
		lr := evaluateList(l, year, a.Area.ID, r.Size.Met, met, on, history)
		on[l.Category] = lr.On
		r.Lists = append(r.Lists, lr)
	}
	for _, c := range blandby.ListCategories {
		if on[c] {
			r.On = append(r.On, c)
		}
	}
	r.Category = blandby.MostSpecific(r.On...)
	return r
}

func evaluateList(l law.List, year int, areaID string, eligible bool, met map[string]bool, on map[blandby.Category]bool, history *blandby.History) ListResult {
	lr := ListResult{Category: l.Category, Name: l.Name, LegalRef: l.LegalRef, Eligible: eligible}
	ok := eligible
	for _, c := range l.RequiresLists {
		lr.RequiredLists = append(lr.RequiredLists, ListCheck{Category: c, On: on[c]})
		ok = ok && on[c]
	}
	for _, id := range l.RequiresCriteria {
		lr.RequiredCriteria = append(lr.RequiredCriteria, CriterionCheck{ID: id, Met: met[id]})
		ok = ok && met[id]
	}
	if l.AtLeast != nil {
		chk := &AtLeastCheck{Count: l.AtLeast.Count, Of: l.AtLeast.Of}
		for _, id := range l.AtLeast.Of {
			if met[id] {
				chk.Met = append(chk.Met, id)
			}
		}
		lr.AtLeast = chk
		ok = ok && len(chk.Met) >= chk.Count
	}
	if l.Consecutive != nil {
		years, tr := l.Consecutive.YearsFor(year)
		chk := &ConsecutiveCheck{List: l.Consecutive.List, Years: years, Transition: tr}
		for y := year - years + 1; y <= year; y++ {
			yc := YearCheck{Year: y}
			if y == year {
				yc.Known, yc.Computed, yc.On = true, true, on[l.Consecutive.List]
			} else {
				yc.Category, yc.Known = history.Category(y, areaID)
				yc.On = yc.Known && yc.Category.On(l.Consecutive.List)
			}
			ok = ok && yc.On
			chk.Window = append(chk.Window, yc)
		}
		lr.Consecutive = chk
	}
	for _, ex := range l.Excludes {
		if on[ex] {
			lr.ExcludedBy = append(lr.ExcludedBy, ex)
			ok = false
		}
	}
	lr.On = ok
	return lr
}

func evaluate(c law.Criterion, a *blandby.Indicators) CriterionResult {
	cr := CriterionResult{
		ID: c.ID, Indicator: c.Indicator, Label: c.Label, LegalRef: c.LegalRef,
		Operator: c.Operator, Kind: c.Threshold.Kind, Threshold: c.Threshold.Value,
	}
	if c.Threshold.Kind == law.NationalMultiple {
		evaluateMultiple(&cr, a)
		return cr
	}
	m := a.Measure(c.Indicator)
	if !m.Known {
		cr.Missing, cr.MissingWhat = true, []string{string(c.Indicator)}
		return cr
	}
	v := m.Value
	cr.Value = &v
	cr.Met = c.Operator.Holds(v, cr.Threshold)
	points := v.Sub(cr.Threshold).MulInt(100)
	cr.Margin = &Margin{Points: &points}
	if c.Threshold.Kind == law.ShareThreshold && m.Base > 0 {
		cr.Margin.Persons = flipPersons(c.Operator, cr.Met, v, cr.Threshold, m.Base)
	}
	return cr
}

// evaluateMultiple applies a "multiple of the national share" criterion: the
// multiple is compared with the threshold; the margin is also given in
// percentage points and persons when the shares are known.
func evaluateMultiple(cr *CriterionResult, a *blandby.Indicators) {
	mult := a.Multiple()
	if !mult.Known {
		cr.Missing = true
		if !a.Convicted.Known {
			cr.MissingWhat = append(cr.MissingWhat, string(blandby.IndicatorConvicted))
		}
		if !a.NationalConvicted.Known || a.NationalConvicted.Value.Sign() == 0 {
			cr.MissingWhat = append(cr.MissingWhat, "national_convicted")
		}
		return
	}
	v := mult.Value
	cr.Value = &v
	cr.Met = cr.Operator.Holds(v, cr.Threshold)
	diff := v.Sub(cr.Threshold)
	cr.Margin = &Margin{Multiple: &diff}
	if !a.NationalConvicted.Known {
		return
	}
	share := a.Convicted.Value
	if !a.Convicted.Known {
		share = v.Mul(a.NationalConvicted.Value)
	}
	bar := cr.Threshold.Mul(a.NationalConvicted.Value)
	points := share.Sub(bar).MulInt(100)
	cr.Share, cr.ShareThreshold, cr.Margin.Points = &share, &bar, &points
	if a.Convicted.Base > 0 {
		cr.Margin.Persons = flipPersons(cr.Operator, cr.Met, share, bar, a.Convicted.Base)
	}
}

// flipPersons returns the smallest whole number of persons by which the
// numerator must change, at a fixed population of base persons, for the
// criterion "v op t" to flip. Landing exactly on the threshold flips it only
// when the operator's other side includes the threshold.
func flipPersons(op law.Operator, met bool, v, t blandby.Ratio, base int64) *int64 {
	gap := v.Sub(t).Abs().MulInt(base)
	var k int64
	if destinationInclusive := met != op.Inclusive(); destinationInclusive {
		k = gap.Ceil().Int64()
	} else {
		k = gap.Floor().Int64() + 1
	}
	return &k
}

// IsOn reports whether the area is on list c.
func (r *Result) IsOn(c blandby.Category) bool { return slices.Contains(r.On, c) }

// Criterion returns the result of the criterion with the id.
func (r *Result) Criterion(id string) (*CriterionResult, bool) {
	for i := range r.Criteria {
		if r.Criteria[i].ID == id {
			return &r.Criteria[i], true
		}
	}
	return nil, false
}

// CriteriaMet returns the ids of the met criteria, in rule-set order.
func (r *Result) CriteriaMet() []string {
	var ids []string
	for _, c := range r.Criteria {
		if c.Met {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// Count returns how many areas are on list c. Lists nest, so counts of
// different lists must not be added up.
func (o *Outcome) Count(c blandby.Category) int {
	n := 0
	for i := range o.Results {
		if o.Results[i].IsOn(c) {
			n++
		}
	}
	return n
}

// Lists returns the categories the rule set defines, most specific first.
func (o *Outcome) Lists() []blandby.Category {
	var out []blandby.Category
	for _, c := range blandby.ListCategories {
		if _, ok := o.RuleSet.List(c); ok {
			out = append(out, c)
		}
	}
	return out
}

// Result returns the result for an area id.
func (o *Outcome) Result(areaID string) (*Result, error) {
	for i := range o.Results {
		if o.Results[i].Area.ID == areaID {
			return &o.Results[i], nil
		}
	}
	return nil, blandby.Errorf(blandby.CodeNotFound, "no area %q in list year %d", areaID, o.Year)
}

// Entries returns every area's most specific category, as a history year.
func (o *Outcome) Entries() []blandby.ListEntry {
	out := make([]blandby.ListEntry, len(o.Results))
	for i := range o.Results {
		out[i] = blandby.ListEntry{Year: o.Year, AreaID: o.Results[i].Area.ID, Category: o.Results[i].Category}
	}
	return out
}

// String summarises the outcome, e.g. "2021: udsat 20, parallelsamfund 12".
func (o *Outcome) String() string {
	s := fmt.Sprint(o.Year, ":")
	for i, c := range o.Lists() {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprintf(" %s %d", c, o.Count(c))
	}
	return s
}

// FromPublished applies the lists of rs that follow from other lists and
// the published history alone (a consecutive-years rule, such as
// omdannelse) to an area whose most specific category in year is
// published, as a published list gives it when its values are not known.
// Lists that need criteria are left out: they cannot be decided without
// values. The area's membership of the other lists is the published one.
func FromPublished(rs *law.RuleSet, year int, areaID string, published blandby.Category, history *blandby.History) []ListResult {
	if history == nil {
		history = blandby.NewHistory()
	}
	var out []ListResult
	for _, l := range rs.Lists {
		if l.Consecutive == nil || len(l.RequiresCriteria) > 0 || l.AtLeast != nil {
			continue
		}
		on := map[blandby.Category]bool{}
		for _, c := range blandby.ListCategories {
			if c != l.Category && published.On(c) {
				on[c] = true
			}
		}
		out = append(out, evaluateList(l, year, areaID, true, nil, on, history))
	}
	return out
}
