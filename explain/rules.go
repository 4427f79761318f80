package explain

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
)

// RuleSet writes a rule set: its source, the area rule, every criterion with
// population, threshold, data years and legal reference, and every list.
func RuleSet(w io.Writer, rs *law.RuleSet, lang blandby.Lang) error {
	fmt.Fprintf(w, "%s %s, %s %s\n%s\n", msg.T(lang, "common.rule_set_cap"), rs.ID, msg.T(lang, "explain.rules.for_lists_of"), rs.ListYears(), rs.Title.In(lang))
	fmt.Fprintf(w, "%s: %s\n", msg.T(lang, "explain.rules.source"), rs.Source.In(lang))
	for _, line := range Publication(rs, lang) {
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "%s: %s, %s %s [%s]\n\n", msg.T(lang, "common.area"), rs.Area.Label.In(lang),
		msg.T(lang, "explain.rules.residents_in_data_year"), dataYears([]int{rs.Area.DataYear}, lang), rs.Area.LegalRef)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, msg.T(lang, "explain.rules.header"))
	for _, c := range rs.Criteria {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Indicator.Label(lang), population(c.Population, lang),
			Threshold(c, lang), dataYears(c.DataYears, lang), c.LegalRef)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%s\n", msg.T(lang, "explain.rules.lists"))
	for _, l := range rs.Lists {
		fmt.Fprintf(w, "  %s: %s\n      [%s]\n", listName(l.Name, l.Category, lang), ListRule(rs, &l, lang), l.LegalRef)
	}
	fmt.Fprintf(w, "\n%s\n", msg.T(lang, "explain.rules.notes"))
	for _, c := range rs.Criteria {
		if c.Note.DA != "" {
			fmt.Fprintf(w, "  %s: %s\n", c.ID, c.Note.In(lang))
		}
	}
	for _, n := range rs.Notes {
		fmt.Fprintf(w, "  %s\n", n.In(lang))
	}
	return nil
}

// Publication says when the rule set's lists are published, a sentence a
// line: on the days recorded per list year, or every year on one day; and
// which lists published under it blandby does not hold.
func Publication(rs *law.RuleSet, lang blandby.Lang) []string {
	var lines []string
	if len(rs.Publication.Dates) == 0 {
		lines = append(lines, fmt.Sprintf("%s %s [%s]", msg.T(lang, "explain.rules.lists_are_published_every"),
			dayMonth(rs.Publication.Day, rs.Publication.Month, lang), rs.Publication.LegalRef))
	} else {
		var days []string
		for _, on := range rs.Publication.Dates {
			d := fmt.Sprintf("%d: %s %d", on.ListYear, dayMonth(on.Date.Day(), on.Date.Month(), lang), on.Date.Year())
			if on.Assumption != nil {
				d += msg.T(lang, "explain.rules.assumption")
			}
			days = append(days, d)
		}
		lines = append(lines, fmt.Sprintf("%s %s [%s]", msg.T(lang, "explain.rules.lists_were_published"), strings.Join(days, "; "), rs.Publication.LegalRef))
	}
	for _, n := range rs.Publication.NotHeld {
		lines = append(lines, fmt.Sprintf("%s %s, %s %s %d. %s", msg.T(lang, "explain.rules.not_in_blandby"), n.Label.In(lang),
			msg.T(lang, "common.published"), dayMonth(n.Date.Day(), n.Date.Month(), lang), n.Date.Year(),
			msg.T(lang, "explain.rules.until_next_list_no")))
	}
	return lines
}

// dayMonth writes "1. december" in Danish and "1 December" in English.
func dayMonth(day int, month time.Month, lang blandby.Lang) string {
	if lang == blandby.English {
		return fmt.Sprintf("%d %s", day, month)
	}
	danish := [...]string{"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"}
	return fmt.Sprintf("%d. %s", day, danish[month-1])
}

// Threshold writes a criterion's bar with its operator: "> 40,00 %",
// ">= 3 × landsgennemsnittet", "< 55,00 % af regionens gennemsnit".
func Threshold(c law.Criterion, lang blandby.Lang) string {
	switch c.Threshold.Kind {
	case law.NationalMultiple:
		return msg.T(lang, "explain.rules.national_share", c.Operator.Symbol(), Exact(c.Threshold.Value, lang))
	case law.RegionalMeanShare:
		return msg.T(lang, "explain.rules.of_regional_mean", c.Operator.Symbol(), Percent(c.Threshold.Value, lang))
	}
	return fmt.Sprintf("%s %s", c.Operator.Symbol(), Percent(c.Threshold.Value, lang))
}

// ListRule describes a list of a rule set in one line, naming the lists it
// requires as the rule set names them ("ghettoområde" before 2021).
func ListRule(rs *law.RuleSet, l *law.List, lang blandby.Lang) string {
	var parts []string
	for _, c := range l.RequiresLists {
		parts = append(parts, msg.T(lang, "explain.rules.on_list", Term(rs, c)))
	}
	for _, id := range l.RequiresCriteria {
		parts = append(parts, msg.T(lang, "explain.rules.criterion", id))
	}
	if a := l.AtLeast; a != nil {
		parts = append(parts, msg.T(lang, "explain.rules.at_least_of", a.Count, strings.Join(a.Of, ", ")))
	}
	if c := l.Consecutive; c != nil {
		s := msg.T(lang, "explain.rules.on_list_in_each", Term(rs, c.List), c.Years)
		for _, t := range c.Transitions {
			s += msg.T(lang, "explain.rules.years_for_lists", t.Years, t.FromListYear, t.ToListYear)
		}
		parts = append(parts, s)
	}
	for _, ex := range l.Excludes {
		parts = append(parts, msg.T(lang, "explain.rules.not_on_list", Term(rs, ex)))
	}
	return strings.Join(parts, msg.T(lang, "common.and"))
}

// Term is a list's legal term under a rule set, in Danish in every
// language: "ghettoområde" under the rules of 2010-2020, "parallelsamfund"
// from 2021.
func Term(rs *law.RuleSet, c blandby.Category) string {
	if l, ok := rs.List(c); ok {
		return l.Name.DA
	}
	return c.Label(blandby.Danish)
}

func population(p law.Population, lang blandby.Lang) string {
	var s string
	switch {
	case p.AllAges():
		s = msg.T(lang, "explain.rules.all_residents")
	case p.AgeMax == 0:
		s = msg.T(lang, "explain.rules.and_over", p.AgeMin)
	default:
		s = msg.T(lang, "explain.rules.aged", p.AgeMin, p.AgeMax)
	}
	if p.TaxpayersOnly {
		s += msg.T(lang, "explain.rules.taxpayers")
	}
	if p.ExcludeInEducation {
		s += msg.T(lang, "explain.rules.excluding_persons_in_education")
	}
	return s
}

func dataYears(offsets []int, lang blandby.Lang) string {
	parts := make([]string, len(offsets))
	for i, o := range offsets {
		parts[i] = fmt.Sprintf("Y%+d", o)
	}
	s := strings.Join(parts, ", ")
	if len(offsets) > 1 {
		s += msg.T(lang, "explain.rules.mean")
	}
	return s
}

// Compare writes two lists of a rule set side by side, criterion by
// criterion, like the strategy's Figur 2 (udsat against forebyggelse).
func Compare(w io.Writer, rs *law.RuleSet, a, b blandby.Category, lang blandby.Lang) error {
	la, okA := rs.List(a)
	lb, okB := rs.List(b)
	if !okA || !okB {
		return blandby.Errorf(blandby.CodeInvalid, "rule set %s does not define both the %s and the %s list", rs.ID, a, b)
	}
	fmt.Fprintf(w, msg.T(lang, "explain.rules.criteria_of_and_rule"), listName(la.Name, a, lang), listName(lb.Name, b, lang), rs.ID)
	ca, cb := listCriteria(rs, la), listCriteria(rs, lb)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\n", msg.T(lang, "explain.rules.criterion_heading"), strings.ToUpper(a.Label(lang)), strings.ToUpper(b.Label(lang)))
	fmt.Fprintf(tw, "%s\t%s %s\t%s %s\n", msg.T(lang, "common.residents_cap"), rs.Area.Operator, Int(rs.Area.MinResidents, lang), rs.Area.Operator, Int(rs.Area.MinResidents, lang))
	for _, ind := range blandby.AllIndicators {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", ind.Label(lang), criteriaCell(ca[ind], lang), criteriaCell(cb[ind], lang))
	}
	fmt.Fprintf(tw, "%s\t%s\t%s\n", msg.T(lang, "common.rule"), ListRule(rs, la, lang), ListRule(rs, lb, lang))
	return tw.Flush()
}

// listCriteria collects the criteria a list depends on, through the lists it
// requires, by indicator.
func listCriteria(rs *law.RuleSet, l *law.List) map[blandby.Indicator][]law.Criterion {
	out := map[blandby.Indicator][]law.Criterion{}
	var add func(l *law.List)
	add = func(l *law.List) {
		ids := append([]string{}, l.RequiresCriteria...)
		if l.AtLeast != nil {
			ids = append(ids, l.AtLeast.Of...)
		}
		for _, id := range ids {
			if c, ok := rs.Criterion(id); ok {
				out[c.Indicator] = append(out[c.Indicator], *c)
			}
		}
		for _, rc := range l.RequiresLists {
			if rl, ok := rs.List(rc); ok {
				add(rl)
			}
		}
	}
	add(l)
	return out
}

func criteriaCell(cs []law.Criterion, lang blandby.Lang) string {
	if len(cs) == 0 {
		return "–"
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%s (%s)", Threshold(c, lang), c.ID)
	}
	return strings.Join(parts, "; ")
}
