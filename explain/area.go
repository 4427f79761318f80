package explain

import (
	"fmt"
	"io"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/law"
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
	fmt.Fprintf(&b, "\n%s %d, %s %s: %s\n", tr(lang, "Liste", "List"), r.Year, tr(lang, "regelsæt", "rule set"), rs.ID, rs.Title.In(lang))
	fmt.Fprintf(&b, "%s: %s\n\n", tr(lang, "Resultat", "Result"), resultLine(rs, r, lang))

	writeSize(&b, r.Size, lang)
	b.WriteString(tr(lang, "\nKriterier\n", "\nCriteria\n"))
	for i := range r.Criteria {
		writeCriterion(&b, &r.Criteria[i], lang)
	}
	b.WriteString(tr(lang, "\nLister\n", "\nLists\n"))
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
	return fmt.Sprintf("%s (%s %s)", name.DA, tr(lang, "i dag:", "today:"), c.Label(lang))
}

func resultLine(rs *law.RuleSet, r *classify.Result, lang blandby.Lang) string {
	if !r.Size.Met {
		return tr(lang, "på ingen liste (for få beboere)", "on no list (too few residents)")
	}
	if len(r.On) == 0 {
		return tr(lang, "på ingen liste", "on no list")
	}
	names := make([]string, len(r.On))
	for i, c := range r.On {
		names[i] = ListName(rs, c, lang)
	}
	s := names[0]
	if len(names) > 1 {
		s += tr(lang, "; dermed også på listen over ", "; so also on the list of ") + strings.Join(names[1:], tr(lang, " og ", " and "))
	}
	return s
}

func writeSize(b *strings.Builder, s classify.SizeCheck, lang blandby.Lang) {
	fmt.Fprintf(b, "%s: %s %s, %s: %s", tr(lang, "Størrelse", "Size"), Int(s.Residents, lang), tr(lang, "beboere", "residents"),
		s.Label.In(lang), metWord(s.Met, lang))
	switch {
	case s.Met && s.Margin == 0:
		fmt.Fprintf(b, " (%s)", tr(lang, "præcis på grænsen", "exactly at the minimum"))
	case s.Met:
		fmt.Fprintf(b, " (%s %s)", Int(s.Margin, lang), tr(lang, "over grænsen", "above the minimum"))
	default:
		fmt.Fprintf(b, tr(lang, " (%s for få; området er ikke på nogen liste)", " (%s too few; the area is on no list)"), Int(-s.Margin, lang))
	}
	fmt.Fprintf(b, "\n  [%s]\n", s.LegalRef)
}

func metWord(met bool, lang blandby.Lang) string {
	if met {
		return tr(lang, "opfyldt", "met")
	}
	return tr(lang, "ikke opfyldt", "not met")
}

func writeCriterion(b *strings.Builder, c *classify.CriterionResult, lang blandby.Lang) {
	fmt.Fprintf(b, "  %-3s %s\n", c.ID, c.Label.In(lang))
	fmt.Fprintf(b, "      %s → %s\n", valueAgainstThreshold(c, lang), metWord(c.Met, lang))
	if c.Margin != nil {
		fmt.Fprintf(b, "      %s\n", marginLine(c, lang))
	}
	fmt.Fprintf(b, "      [%s]\n", c.LegalRef)
}

func valueAgainstThreshold(c *classify.CriterionResult, lang blandby.Lang) string {
	op := c.Operator.Words(lang)
	if c.Missing {
		return fmt.Sprintf(tr(lang, "værdi mangler (%s ikke oplyst); grænse: %s %s", "value missing (%s not given); threshold: %s %s"),
			strings.Join(c.MissingWhat, ", "), op, thresholdText(c, lang))
	}
	switch c.Kind {
	case law.NationalMultiple:
		mv, mt := MultipleAgainst(*c.Value, c.Threshold, lang)
		s := fmt.Sprintf(tr(lang, "værdi %s landsgennemsnittet", "value %s the national share"), mv)
		th := fmt.Sprintf(tr(lang, "%s landsgennemsnittet", "%s the national share"), mt)
		if c.Share != nil {
			v, t := PercentAgainst(*c.Share, *c.ShareThreshold, lang)
			return fmt.Sprintf(tr(lang, "%s (%s af beboerne); grænse: %s %s (%s)", "%s (%s of residents); threshold: %s %s (%s)"), s, v, op, th, t)
		}
		return fmt.Sprintf(tr(lang, "%s; grænse: %s %s", "%s; threshold: %s %s"), s, op, th)
	case law.RegionalMeanShare:
		v, t := PercentAgainst(*c.Value, c.Threshold, lang)
		return fmt.Sprintf(tr(lang, "værdi %s af regionens gennemsnit; grænse: %s %s", "value %s of the regional mean; threshold: %s %s"), v, op, t)
	}
	v, t := PercentAgainst(*c.Value, c.Threshold, lang)
	return fmt.Sprintf(tr(lang, "værdi %s; grænse: %s %s", "value %s; threshold: %s %s"), v, op, t)
}

func thresholdText(c *classify.CriterionResult, lang blandby.Lang) string {
	switch c.Kind {
	case law.NationalMultiple:
		_, th := MultipleAgainst(c.Threshold, c.Threshold, lang)
		return fmt.Sprintf(tr(lang, "%s landsgennemsnittet", "%s the national share"), th)
	case law.RegionalMeanShare:
		return fmt.Sprintf(tr(lang, "%s af regionens gennemsnit", "%s of the regional mean"), Percent(c.Threshold, lang))
	}
	return Percent(c.Threshold, lang)
}

func marginLine(c *classify.CriterionResult, lang blandby.Lang) string {
	m := c.Margin
	var parts []string
	side := func(d blandby.Ratio) string {
		switch d.Sign() {
		case 0:
			return tr(lang, "på grænsen", "on the threshold")
		case 1:
			return tr(lang, "over grænsen", "above the threshold")
		}
		return tr(lang, "under grænsen", "below the threshold")
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
			parts = append(parts, tr(lang, "landsgennemsnittet: ", "national share: ")+side(*m.Multiple))
		} else {
			parts = append(parts, fmt.Sprintf(tr(lang, "%s landsgennemsnittet %s", "%s the national share %s"),
				MultipleDistance(*m.Multiple, lang), side(*m.Multiple)))
		}
	}
	if m.Persons != nil {
		parts = append(parts, flipText(c, *m.Persons, lang))
	}
	return "margin: " + strings.Join(parts, "; ")
}

// flipText says how many persons would flip a criterion: an upward
// criterion (> or >=) flips with more persons when not met and fewer when
// met; a downward one the other way round. "1 person mere", "2 personer
// færre".
func flipText(c *classify.CriterionResult, n int64, lang blandby.Lang) string {
	if more := c.Met != c.Operator.Upward(); more {
		if lang == blandby.English {
			return fmt.Sprintf("%s more %s would take it above the threshold", Int(n, lang), personNoun(n, lang))
		}
		return fmt.Sprintf("%s mere ville bringe det over grænsen", Persons(n, lang))
	}
	if lang == blandby.English {
		return fmt.Sprintf("%s fewer %s would take it below the threshold", Int(n, lang), personNoun(n, lang))
	}
	return fmt.Sprintf("%s færre ville bringe det under grænsen", Persons(n, lang))
}

func writeList(b *strings.Builder, rs *law.RuleSet, l *classify.ListResult, cat *law.Catalog, lang blandby.Lang) {
	status := tr(lang, "på listen", "on the list")
	if !l.On {
		status = tr(lang, "ikke på listen", "not on the list")
	}
	fmt.Fprintf(b, "  %s: %s\n", listName(l.Name, l.Category, lang), status)
	if !l.Eligible {
		fmt.Fprintf(b, "      %s\n", tr(lang, "for få beboere", "too few residents"))
	}
	for _, rl := range l.RequiredLists {
		fmt.Fprintf(b, "      %s %s: %s\n", tr(lang, "kræver listen", "requires the list"), Term(rs, rl.Category), yesNo(rl.On, lang))
	}
	for _, rc := range l.RequiredCriteria {
		fmt.Fprintf(b, "      %s %s: %s\n", tr(lang, "kræver kriterium", "requires criterion"), rc.ID, metWord(rc.Met, lang))
	}
	if a := l.AtLeast; a != nil {
		fmt.Fprintf(b, tr(lang, "      mindst %d af %d kriterier (%s): %d opfyldt", "      at least %d of %d criteria (%s): %d met"),
			a.Count, len(a.Of), strings.Join(a.Of, ", "), len(a.Met))
		if len(a.Met) > 0 {
			fmt.Fprintf(b, " (%s)", strings.Join(a.Met, ", "))
		}
		if n := len(a.Met) - a.Count + 1; n > 0 {
			fmt.Fprintf(b, tr(lang, "; ophører, hvis %d af dem ikke længere er opfyldt", "; stops if %d of them are no longer met"), n)
		} else {
			fmt.Fprintf(b, tr(lang, "; mangler %d", "; %d more needed"), -n+1)
		}
		b.WriteString("\n")
	}
	if c := l.Consecutive; c != nil {
		fmt.Fprintf(b, tr(lang, "      på listen %s i hvert af de seneste %d listeår:", "      on the %s list in each of the last %d list years:"), Term(rs, c.List), c.Years)
		for _, y := range c.Window {
			fmt.Fprintf(b, " %d %s", y.Year, yearStatus(y, cat, lang))
		}
		b.WriteString("\n")
		if c.Transition != nil {
			fmt.Fprintf(b, tr(lang, "      (%d år efter overgangsreglen: %s)\n", "      (%d years under the transitional rule: %s)\n"), c.Years, c.Transition.LegalRef)
		}
	}
	for _, ex := range l.ExcludedBy {
		fmt.Fprintf(b, tr(lang, "      udelukket: området er på listen %s\n", "      excluded: the area is on the %s list\n"), Term(rs, ex))
	}
	fmt.Fprintf(b, "      [%s]\n", l.LegalRef)
}

func yearStatus(y classify.YearCheck, cat *law.Catalog, lang blandby.Lang) string {
	switch {
	case !y.Known:
		return tr(lang, "ukendt (ingen offentliggjort liste i historikken)", "unknown (no published list in the history)")
	case y.Computed:
		return yesNo(y.On, lang) + tr(lang, " (beregnet)", " (computed)")
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
		return tr(lang, "ja", "yes")
	}
	return tr(lang, "nej", "no")
}
