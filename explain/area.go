package explain

import (
	"fmt"
	"io"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
)

// Area writes the explanation of one area's result: its size, every
// criterion and every list, with values, thresholds, margins and legal
// references. cat, when not nil, names earlier years' lists as they were
// called then ("ghettoområde" before 1 December 2021).
func Area(w io.Writer, o *classify.Outcome, r *classify.Result, cat *law.Catalog, lang blandby.Lang) error {
	var b strings.Builder
	rs := o.RuleSet
	name := r.Area.Name
	if name == "" {
		name = r.Area.ID
	}
	fmt.Fprintf(&b, "%s (%s)", name, r.Area.ID)
	if r.Area.Municipality != "" {
		fmt.Fprintf(&b, ", %s", r.Area.Municipality)
	}
	fmt.Fprintf(&b, "\n%s %d, %s %s: %s\n", msg.T(lang, "common.list_cap"), r.Year, msg.T(lang, "common.rule_set"), rs.ID, rs.Title.In(lang))
	fmt.Fprintf(&b, "%s: %s\n\n", msg.T(lang, "common.result"), resultLine(rs, r, lang))

	writeSize(&b, r.Size, lang)
	b.WriteString(msg.T(lang, "explain.area.criteria"))
	for i := range r.Criteria {
		writeCriterion(&b, &r.Criteria[i], lang)
	}
	b.WriteString(msg.T(lang, "explain.area.lists"))
	for i := range r.Lists {
		writeList(&b, rs, &r.Lists[i], cat, lang)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ListName returns a list's name under a rule set, with the current term
// added when the name then was another: "ghettoområde (i dag: parallelsamfund)".
func ListName(rs *law.RuleSet, c blandby.Category, lang blandby.Lang) string {
	l, ok := rs.List(c)
	if !ok {
		return c.Label(lang)
	}
	return listName(l.Name, c, lang)
}

func listName(name blandby.Text, c blandby.Category, lang blandby.Lang) string {
	if name.DA == c.Label(blandby.Danish) {
		return name.In(lang)
	}
	return fmt.Sprintf("%s (%s %s)", name.DA, msg.T(lang, "explain.area.today"), c.Label(lang))
}

func resultLine(rs *law.RuleSet, r *classify.Result, lang blandby.Lang) string {
	if !r.Size.Met {
		return msg.T(lang, "explain.area.on_no_list_too")
	}
	if len(r.On) == 0 {
		return msg.T(lang, "explain.on_no_list")
	}
	names := make([]string, len(r.On))
	for i, c := range r.On {
		names[i] = ListName(rs, c, lang)
	}
	s := names[0]
	if len(names) > 1 {
		s += msg.T(lang, "explain.area.so_also_on_list") + strings.Join(names[1:], msg.T(lang, "common.and"))
	}
	return s
}

func writeSize(b *strings.Builder, s classify.SizeCheck, lang blandby.Lang) {
	fmt.Fprintf(b, "%s: %s %s, %s: %s", msg.T(lang, "explain.area.size"), Int(s.Residents, lang), msg.T(lang, "common.residents"),
		s.Label.In(lang), metWord(s.Met, lang))
	switch {
	case s.Met && s.Margin == 0:
		fmt.Fprintf(b, " (%s)", msg.T(lang, "explain.area.exactly_at_minimum"))
	case s.Met:
		fmt.Fprintf(b, " (%s %s)", Int(s.Margin, lang), msg.T(lang, "explain.area.above_minimum"))
	default:
		fmt.Fprintf(b, msg.T(lang, "explain.area.too_few_area_is"), Int(-s.Margin, lang))
	}
	fmt.Fprintf(b, "\n  [%s]\n", s.LegalRef)
}

func metWord(met bool, lang blandby.Lang) string {
	if met {
		return msg.T(lang, "common.met")
	}
	return msg.T(lang, "common.not_met")
}

func writeCriterion(b *strings.Builder, c *classify.CriterionResult, lang blandby.Lang) {
	fmt.Fprintf(b, "  %-3s %s\n", c.ID, c.Label.In(lang))
	fmt.Fprintf(b, "      %s → %s\n", valueAgainstThreshold(c, lang), metWord(c.Met, lang))
	if c.Margin != nil {
		line := MarginWords(c, lang)
		if c.Margin.Persons != nil {
			line += "; " + flipText(c, *c.Margin.Persons, lang)
		}
		fmt.Fprintf(b, "      margin: %s\n", line)
	}
	fmt.Fprintf(b, "      [%s]\n", c.LegalRef)
}

func valueAgainstThreshold(c *classify.CriterionResult, lang blandby.Lang) string {
	op := c.Operator.Words(lang)
	if c.Missing {
		return msg.T(lang, "explain.area.value_missing_not_given", strings.Join(c.MissingWhat, ", "), op, thresholdText(c, lang))
	}
	switch c.Kind {
	case law.NationalMultiple:
		mv, mt := MultipleAgainst(*c.Value, c.Threshold, lang)
		s := msg.T(lang, "explain.area.value_national_share", mv)
		th := msg.T(lang, "explain.area.national_share", mt)
		if c.Share != nil {
			v, t := PercentAgainst(*c.Share, *c.ShareThreshold, lang)
			return msg.T(lang, "explain.area.of_residents_threshold", s, v, op, th, t)
		}
		return msg.T(lang, "explain.area.threshold", s, op, th)
	case law.RegionalMeanShare:
		v, t := PercentAgainst(*c.Value, c.Threshold, lang)
		return msg.T(lang, "explain.area.value_of_regional_mean", v, op, t)
	}
	v, t := PercentAgainst(*c.Value, c.Threshold, lang)
	return msg.T(lang, "explain.area.value_threshold", v, op, t)
}

// ThresholdWords is a criterion's threshold with the law's operator in
// words: "overstiger 40,00 %", "udgør mindst 3 × landsgennemsnittet".
func ThresholdWords(c *classify.CriterionResult, lang blandby.Lang) string {
	return c.Operator.Words(lang) + " " + thresholdText(c, lang)
}

func thresholdText(c *classify.CriterionResult, lang blandby.Lang) string {
	switch c.Kind {
	case law.NationalMultiple:
		_, th := MultipleAgainst(c.Threshold, c.Threshold, lang)
		return msg.T(lang, "explain.area.national_share", th)
	case law.RegionalMeanShare:
		return msg.T(lang, "explain.area.of_regional_mean", Percent(c.Threshold, lang))
	}
	return Percent(c.Threshold, lang)
}

// MarginWords says how far a criterion's value is from its threshold and
// on which side, in percentage points or multiples: "2,00 procentpoint
// under grænsen". Empty when the value is missing. FlipChange says what
// would flip it.
func MarginWords(c *classify.CriterionResult, lang blandby.Lang) string {
	if c.Margin == nil {
		return ""
	}
	m := c.Margin
	var parts []string
	side := func(d blandby.Ratio) string {
		switch d.Sign() {
		case 0:
			return msg.T(lang, "explain.area.on_threshold")
		case 1:
			return msg.T(lang, "explain.area.above_threshold")
		}
		return msg.T(lang, "explain.area.below_threshold")
	}
	if m.Points != nil {
		if m.Points.Sign() == 0 {
			parts = append(parts, side(*m.Points))
		} else {
			parts = append(parts, Points(*m.Points, lang)+" "+side(*m.Points))
		}
	}
	if m.Multiple != nil {
		if m.Multiple.Sign() == 0 {
			parts = append(parts, msg.T(lang, "explain.area.national_share_label")+side(*m.Multiple))
		} else {
			parts = append(parts, msg.T(lang, "explain.area.national_share_compared", MultipleDistance(*m.Multiple, lang), side(*m.Multiple)))
		}
	}
	return strings.Join(parts, "; ")
}

// flipText says how many persons would flip a criterion: an upward
// criterion (> or >=) flips with more persons when not met and fewer when
// met; a downward one the other way round. "1 person mere", "2 personer
// færre".
func flipText(c *classify.CriterionResult, n int64, lang blandby.Lang) string {
	if more := c.Met != c.Operator.Upward(); more {
		return msg.N(lang, "explain.area.flip_more", int(n), Int(n, lang))
	}
	return msg.N(lang, "explain.area.flip_fewer", int(n), Int(n, lang))
}

func writeList(b *strings.Builder, rs *law.RuleSet, l *classify.ListResult, cat *law.Catalog, lang blandby.Lang) {
	status := msg.T(lang, "common.on_list")
	if !l.On {
		status = msg.T(lang, "explain.area.not_on_list")
	}
	fmt.Fprintf(b, "  %s: %s\n", listName(l.Name, l.Category, lang), status)
	if !l.Eligible {
		fmt.Fprintf(b, "      %s\n", msg.T(lang, "explain.too_few_residents"))
	}
	for _, rl := range l.RequiredLists {
		fmt.Fprintf(b, "      %s %s: %s\n", msg.T(lang, "explain.area.requires_list"), Term(rs, rl.Category), yesNo(rl.On, lang))
	}
	for _, rc := range l.RequiredCriteria {
		fmt.Fprintf(b, "      %s %s: %s\n", msg.T(lang, "explain.area.requires_criterion"), rc.ID, metWord(rc.Met, lang))
	}
	if a := l.AtLeast; a != nil {
		fmt.Fprintf(b, msg.T(lang, "explain.area.at_least_of_criteria"),
			a.Count, len(a.Of), strings.Join(a.Of, ", "), len(a.Met))
		if len(a.Met) > 0 {
			fmt.Fprintf(b, " (%s)", strings.Join(a.Met, ", "))
		}
		if n := len(a.Met) - a.Count + 1; n > 0 {
			fmt.Fprintf(b, msg.T(lang, "explain.area.stops_if_of_them"), n)
		} else {
			fmt.Fprintf(b, msg.T(lang, "explain.area.more_needed"), -n+1)
		}
		b.WriteString("\n")
	}
	if c := l.Consecutive; c != nil {
		fmt.Fprintf(b, msg.T(lang, "explain.area.on_list_in_each"), Term(rs, c.List), c.Years)
		for _, y := range c.Window {
			fmt.Fprintf(b, " %d %s", y.Year, yearStatus(y, cat, lang))
		}
		b.WriteString("\n")
		if c.Transition != nil {
			fmt.Fprintf(b, msg.T(lang, "explain.area.years_under_transitional_rule"), c.Years, c.Transition.LegalRef)
		}
	}
	for _, ex := range l.ExcludedBy {
		fmt.Fprintf(b, msg.T(lang, "explain.area.excluded_area_is_on"), Term(rs, ex))
	}
	fmt.Fprintf(b, "      [%s]\n", l.LegalRef)
}

func yearStatus(y classify.YearCheck, cat *law.Catalog, lang blandby.Lang) string {
	switch {
	case !y.Known:
		return msg.T(lang, "explain.area.unknown_no_published_list")
	case y.Computed:
		return yesNo(y.On, lang) + msg.T(lang, "explain.area.computed")
	}
	name := y.Category.Label(lang)
	if cat != nil && y.Category != blandby.None {
		if rs, err := cat.ForListYear(y.Year); err == nil {
			if l, ok := rs.List(y.Category); ok {
				name = l.Name.DA
			}
		}
	}
	return fmt.Sprintf("%s (%s)", yesNo(y.On, lang), name)
}

func yesNo(b bool, lang blandby.Lang) string {
	if b {
		return msg.T(lang, "common.yes")
	}
	return msg.T(lang, "common.no")
}
