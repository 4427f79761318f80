package explain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
)

// Verdict is what an area's result of one list year means, in plain words:
// the lists the area is on and the conditions that put it there, and for
// each list the smallest change that would take it off (or put it on), with
// the margins in persons where the population is known.
type Verdict struct {
	Year int
	// Summary is the first sentence: the lists the area is on, named as
	// that year's law names them, or that it is on none.
	Summary string
	// Size says how many residents the area has against the minimum every
	// list needs.
	Size string
	// Lists has one entry per list of the rule set, in the rule set's order.
	Lists []ListVerdict
}

// ListVerdict is one list's verdict.
type ListVerdict struct {
	Category blandby.Category
	// Name is the list's name under the year's law.
	Name string
	On   bool
	// Status is "på listen", "ikke på listen" or "udelukket".
	Status   string
	LegalRef string
	// Reasons are the list's conditions as they stand: why the area is on
	// the list, or how far it is from it.
	Reasons []Clause
	// Change introduces Ways: "Forlader listen, hvis" for a list the area
	// is on (any one way is enough), "Kommer på listen, hvis" for one it is
	// not on (every way is needed). Empty when nothing can be said.
	Change string
	Ways   []Clause
}

// Clause is one sentence of a verdict, with the criteria it is about.
type Clause struct {
	Text  string
	Items []Item
}

// Item is one criterion in a clause: its id and what it says of it.
type Item struct {
	ID   string
	Text string
}

// AreaVerdict returns the verdict on r, an area's result under rs.
func AreaVerdict(rs *law.RuleSet, r *classify.Result, lang blandby.Lang) Verdict {
	v := Verdict{Year: r.Year}
	name := r.Area.Name
	if name == "" {
		name = r.Area.ID
	}
	v.Summary = summary(rs, name, r.Year, r.On, lang)
	s := r.Size
	switch {
	case s.Met:
		v.Size = msg.T(lang, "explain.verdict.size_met", Int(s.Residents, lang), s.Label.In(lang), s.LegalRef)
	default:
		short := residentsShort(s)
		v.Size = msg.N(lang, "explain.verdict.size_not_met", int(short), Int(s.Residents, lang), s.Label.In(lang), s.LegalRef, Int(short, lang))
	}
	for i := range r.Lists {
		v.Lists = append(v.Lists, listVerdict(rs, r, &r.Lists[i], lang))
	}
	return v
}

// PublishedVerdict is the verdict on a year whose list was published
// without values: only the lists the area was on are known.
func PublishedVerdict(rs *law.RuleSet, name string, year int, c blandby.Category, lang blandby.Lang) Verdict {
	var on []blandby.Category
	for _, l := range blandby.ListCategories {
		if c.On(l) {
			if _, ok := rs.List(l); ok {
				on = append(on, l)
			}
		}
	}
	return Verdict{Year: year, Summary: summary(rs, name, year, on, lang) + " " + msg.T(lang, "explain.verdict.no_values", year)}
}

func summary(rs *law.RuleSet, name string, year int, on []blandby.Category, lang blandby.Lang) string {
	if len(on) == 0 {
		return msg.T(lang, "explain.verdict.on_no_list", name, year)
	}
	names := make([]string, len(on))
	// Least specific first: "udsat boligområde, parallelsamfund og
	// omdannelsesområde".
	for i, c := range on {
		names[len(on)-1-i] = ListName(rs, c, lang)
	}
	return msg.N(lang, "explain.verdict.on_lists", len(names), year, name, joinAnd(names, lang))
}

// joinAnd joins words as a sentence does: "a, b og c".
func joinAnd(words []string, lang blandby.Lang) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + msg.T(lang, "common.and") + words[len(words)-1]
}

func listVerdict(rs *law.RuleSet, r *classify.Result, l *classify.ListResult, lang blandby.Lang) ListVerdict {
	lv := ListVerdict{Category: l.Category, Name: listName(l.Name, l.Category, lang), On: l.On, LegalRef: l.LegalRef}
	switch {
	case l.On:
		lv.Status = msg.T(lang, "common.on_list")
	case len(l.ExcludedBy) > 0:
		lv.Status = msg.T(lang, "explain.verdict.excluded")
	default:
		lv.Status = msg.T(lang, "explain.area.not_on_list")
	}
	if !l.Eligible {
		lv.Reasons = append(lv.Reasons, Clause{Text: msg.T(lang, "explain.verdict.too_few", r.Size.Label.In(lang))})
	}
	for _, ex := range l.ExcludedBy {
		lv.Reasons = append(lv.Reasons, Clause{Text: msg.T(lang, "explain.verdict.excluded_because", Term(rs, ex))})
	}
	for _, rl := range l.RequiredLists {
		key := "explain.verdict.requires_list_on"
		if !rl.On {
			key = "explain.verdict.requires_list_off"
		}
		lv.Reasons = append(lv.Reasons, Clause{Text: msg.T(lang, key, Term(rs, rl.Category))})
	}
	for _, rc := range l.RequiredCriteria {
		c, ok := r.Criterion(rc.ID)
		if !ok {
			continue
		}
		key := "explain.verdict.required_met"
		if !rc.Met {
			key = "explain.verdict.required_not_met"
		}
		lv.Reasons = append(lv.Reasons, Clause{Text: msg.T(lang, key, rc.ID), Items: []Item{{ID: c.ID, Text: valueAgainstThreshold(c, lang)}}})
	}
	if a := l.AtLeast; a != nil {
		cl := Clause{Text: msg.T(lang, "explain.verdict.at_least", len(a.Met), len(a.Of), a.Count)}
		for _, id := range a.Met {
			if c, ok := r.Criterion(id); ok {
				cl.Items = append(cl.Items, Item{ID: id, Text: valueAgainstThreshold(c, lang)})
			}
		}
		lv.Reasons = append(lv.Reasons, cl)
	}
	if c := l.Consecutive; c != nil {
		var years []string
		for _, y := range c.Window {
			years = append(years, fmt.Sprintf("%d %s", y.Year, yesNo(y.On, lang)))
		}
		lv.Reasons = append(lv.Reasons, Clause{Text: msg.T(lang, "explain.verdict.consecutive", Term(rs, c.List), c.Years, strings.Join(years, ", "))})
		if tr := c.Transition; tr != nil {
			lv.Reasons = append(lv.Reasons, Clause{Text: msg.T(lang, "explain.verdict.transition", c.Years, tr.LegalRef)})
		}
	}
	if l.On {
		lv.Change = msg.T(lang, "explain.verdict.leaves_if")
		lv.Ways = leaveWays(rs, r, l, lang)
	} else {
		lv.Change = msg.T(lang, "explain.verdict.enters_if")
		lv.Ways = enterWays(rs, r, l, lang)
	}
	if len(lv.Ways) == 0 {
		lv.Change = ""
	}
	return lv
}

// leaveWays are the smallest changes, any one of which takes the area off
// a list it is on.
func leaveWays(rs *law.RuleSet, r *classify.Result, l *classify.ListResult, lang blandby.Lang) []Clause {
	var ways []Clause
	add := func(c Clause) {
		if len(ways) > 0 {
			c.Text = msg.T(lang, "explain.verdict.or", c.Text)
		}
		ways = append(ways, c)
	}
	if a := l.AtLeast; a != nil {
		// It stays while at least Count are met: leaving takes all but
		// Count-1 of the met ones.
		n := len(a.Met) - a.Count + 1
		cl := Clause{Text: msg.N(lang, "explain.verdict.stop_n_of", n, n, len(a.Met))}
		if n == 1 {
			cl.Text = msg.T(lang, "explain.verdict.stop_one_of")
		}
		cl.Items = flipItems(rs, r, a.Met, lang)
		add(cl)
	}
	for _, rc := range l.RequiredCriteria {
		cl := Clause{Text: msg.T(lang, "explain.verdict.stop_criterion", rc.ID)}
		cl.Items = flipItems(rs, r, []string{rc.ID}, lang)
		add(cl)
	}
	for _, rl := range l.RequiredLists {
		add(Clause{Text: msg.T(lang, "explain.verdict.leaves_list", Term(rs, rl.Category))})
	}
	if c := l.Consecutive; c != nil {
		add(Clause{Text: msg.T(lang, "explain.verdict.leaves_list", Term(rs, c.List))})
	}
	if ex, ok := rs.List(l.Category); ok {
		for _, e := range ex.Excludes {
			add(Clause{Text: msg.T(lang, "explain.verdict.joins_excluding", Term(rs, e))})
		}
	}
	return ways
}

// enterWays are the changes that together would put the area on a list it
// is not on.
func enterWays(rs *law.RuleSet, r *classify.Result, l *classify.ListResult, lang blandby.Lang) []Clause {
	var ways []Clause
	add := func(c Clause) {
		if len(ways) > 0 {
			c.Text = msg.T(lang, "explain.verdict.and", c.Text)
		}
		ways = append(ways, c)
	}
	if !l.Eligible {
		short := residentsShort(r.Size)
		add(Clause{Text: msg.N(lang, "explain.verdict.more_residents", int(short), Int(short, lang))})
	}
	for _, ex := range l.ExcludedBy {
		add(Clause{Text: msg.T(lang, "explain.verdict.leaves_list", Term(rs, ex))})
	}
	for _, rl := range l.RequiredLists {
		if !rl.On {
			add(Clause{Text: msg.T(lang, "explain.verdict.joins_list", Term(rs, rl.Category))})
		}
	}
	for _, rc := range l.RequiredCriteria {
		if !rc.Met {
			add(Clause{Text: msg.T(lang, "explain.verdict.meets_criterion", rc.ID), Items: flipItems(rs, r, []string{rc.ID}, lang)})
		}
	}
	if a := l.AtLeast; a != nil && len(a.Met) < a.Count {
		var unmet []string
		for _, id := range a.Of {
			if !slices.Contains(a.Met, id) {
				unmet = append(unmet, id)
			}
		}
		n := a.Count - len(a.Met)
		cl := Clause{Text: msg.N(lang, "explain.verdict.meet_n_of", n, n, len(unmet))}
		if n == 1 {
			cl.Text = msg.T(lang, "explain.verdict.meet_one_of")
		}
		cl.Items = flipItems(rs, r, unmet, lang)
		add(cl)
	}
	if c := l.Consecutive; c != nil && len(c.Window) > 0 {
		// The years before this one are published facts: count how many
		// of them, back from last year, the area was on the list.
		run := 0
		for i := len(c.Window) - 2; i >= 0 && c.Window[i].On; i-- {
			run++
		}
		cur := c.Window[len(c.Window)-1]
		switch {
		case run == c.Years-1 && !cur.On:
			add(Clause{Text: msg.T(lang, "explain.verdict.joins_list", Term(rs, c.List))})
		case cur.On:
			add(Clause{Text: msg.T(lang, "explain.verdict.stays_on", Term(rs, c.List), r.Year+c.Years-1-run)})
		default:
			add(Clause{Text: msg.T(lang, "explain.verdict.joins_and_stays", Term(rs, c.List), r.Year+c.Years-1-run)})
		}
	}
	return ways
}

// residentsShort is how many more residents an area too small for the
// lists needs: up to the minimum when the minimum itself is enough
// ("mindst"), one more when it is not.
func residentsShort(s classify.SizeCheck) int64 {
	short := s.MinResidents - s.Residents
	if !s.Operator.Inclusive() {
		short++
	}
	return short
}

// flipItems says, for each criterion, the change that would flip it.
func flipItems(rs *law.RuleSet, r *classify.Result, ids []string, lang blandby.Lang) []Item {
	var items []Item
	for _, id := range ids {
		c, ok := r.Criterion(id)
		if !ok {
			continue
		}
		items = append(items, Item{ID: id, Text: FlipChange(rs, c, lang)})
	}
	return items
}

// FlipChange says what would flip a criterion: in persons of its
// population where the population is known ("hvis 23 flere af beboerne på
// 18–64 år var i arbejde eller uddannelse"), else the value it would need
// ("hvis indkomsten var mindst 55,00 % af regionens gennemsnit (i dag
// 48,20 %)").
func FlipChange(rs *law.RuleSet, c *classify.CriterionResult, lang blandby.Lang) string {
	if c.Missing {
		return msg.T(lang, "explain.verdict.value_missing")
	}
	lc, _ := rs.Criterion(c.ID)
	if c.Margin != nil && c.Margin.Persons != nil && lc != nil {
		if s, ok := flipPersonsText(lc, c, *c.Margin.Persons, lang); ok {
			return s
		}
	}
	// The operator the value would have to meet: the law's own when the
	// criterion is not met, its negation when it is.
	target := c.Operator
	if c.Met {
		target = negate(c.Operator)
	}
	words := opWords(target, lang)
	switch c.Kind {
	case law.NationalMultiple:
		v, th := MultipleAgainst(*c.Value, c.Threshold, lang)
		return msg.T(lang, "explain.verdict.multiple_would_be", words, th, v)
	case law.RegionalMeanShare:
		v, th := PercentAgainst(*c.Value, c.Threshold, lang)
		return msg.T(lang, "explain.verdict.income_would_be", words, th, v)
	}
	v, th := PercentAgainst(*c.Value, c.Threshold, lang)
	return msg.T(lang, "explain.verdict.share_would_be", words, th, v)
}

// flipPersonsText is the change in persons that flips c, in the words of
// its indicator. ok is false for an indicator that has no such words.
func flipPersonsText(lc *law.Criterion, c *classify.CriterionResult, n int64, lang blandby.Lang) (string, bool) {
	// The share must fall when it is met by being high, or not met by
	// being low; otherwise it must rise.
	down := c.Met == c.Operator.Upward()
	var id string
	switch {
	case c.Indicator == blandby.IndicatorOutsideLabour && down:
		id = "explain.verdict.persons.outside_labour_down"
	case c.Indicator == blandby.IndicatorOutsideLabour:
		id = "explain.verdict.persons.outside_labour_up"
	case c.Indicator == blandby.IndicatorConvicted && down:
		id = "explain.verdict.persons.convicted_down"
	case c.Indicator == blandby.IndicatorConvicted:
		id = "explain.verdict.persons.convicted_up"
	case c.Indicator == blandby.IndicatorBasicEducation && down:
		id = "explain.verdict.persons.basic_education_down"
	case c.Indicator == blandby.IndicatorBasicEducation:
		id = "explain.verdict.persons.basic_education_up"
	case c.Indicator == blandby.IndicatorNonWestern && down:
		id = "explain.verdict.persons.nonwestern_down"
	case c.Indicator == blandby.IndicatorNonWestern:
		id = "explain.verdict.persons.nonwestern_up"
	default:
		return "", false
	}
	s := msg.N(lang, id, int(n), Int(n, lang), agePhrase(lc.Population, lang))
	if len(lc.DataYears) > 1 {
		s += msg.T(lang, "explain.verdict.each_year", len(lc.DataYears))
	}
	return s, true
}

// agePhrase is the age band of a population as it follows "beboerne":
// " på 18–64 år", " på 18 år og derover", or nothing for all residents.
func agePhrase(p law.Population, lang blandby.Lang) string {
	switch {
	case p.AllAges():
		return ""
	case p.AgeMax == 0:
		return msg.T(lang, "explain.verdict.age_from", p.AgeMin)
	}
	return msg.T(lang, "explain.verdict.age_range", p.AgeMin, p.AgeMax)
}

// negate is the operator a value meets exactly when it does not meet o.
func negate(o law.Operator) law.Operator {
	switch o {
	case law.Greater:
		return law.LessOrEqual
	case law.GreaterOrEqual:
		return law.Less
	case law.Less:
		return law.GreaterOrEqual
	}
	return law.Greater
}

// opWords are an operator's words before a number in a verdict: "over",
// "mindst", "under", "højst".
func opWords(o law.Operator, lang blandby.Lang) string {
	switch o {
	case law.Greater:
		return msg.T(lang, "explain.verdict.op.greater")
	case law.GreaterOrEqual:
		return msg.T(lang, "explain.verdict.op.greater_or_equal")
	case law.Less:
		return msg.T(lang, "explain.verdict.op.less")
	}
	return msg.T(lang, "explain.verdict.op.less_or_equal")
}

// ExcludedCriteria says, by criterion id, that a criterion does not count
// because the area is excluded from the only lists that use it (the
// forebyggelse list leaves out areas on the udsat list, when the rule set
// says so).
func ExcludedCriteria(rs *law.RuleSet, r *classify.Result, lang blandby.Lang) map[string]string {
	out := map[string]string{}
	used := map[string]bool{} // by a list the area is not excluded from
	for _, lr := range r.Lists {
		l, ok := rs.List(lr.Category)
		if !ok {
			continue
		}
		ids := append([]string{}, l.RequiresCriteria...)
		if l.AtLeast != nil {
			ids = append(ids, l.AtLeast.Of...)
		}
		for _, id := range ids {
			if len(lr.ExcludedBy) == 0 {
				used[id] = true
				continue
			}
			if _, seen := out[id]; !seen {
				out[id] = msg.T(lang, "explain.verdict.excluded_criteria", Term(rs, lr.Category), Term(rs, lr.ExcludedBy[0]))
			}
		}
	}
	for id := range used {
		delete(out, id)
	}
	return out
}
