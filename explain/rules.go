package explain

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
)

// RuleSet writes a rule set: its source, the area rule, every criterion with
// population, threshold, data years and legal reference, and every list.
func RuleSet(w io.Writer, rs *law.RuleSet, lang blandby.Lang) error {
	fmt.Fprintf(w, "%s %s, %s %s\n%s\n", tr(lang, "Regelsæt", "Rule set"), rs.ID, tr(lang, "for listerne", "for the lists of"), rs.ListYears(), rs.Title.In(lang))
	fmt.Fprintf(w, "%s: %s\n", tr(lang, "Kilde", "Source"), rs.Source.In(lang))
	for _, line := range Publication(rs, lang) {
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "%s: %s, %s %s [%s]\n\n", tr(lang, "Område", "Area"), rs.Area.Label.In(lang),
		tr(lang, "beboere i dataår", "residents in data year"), dataYears([]int{rs.Area.DataYear}, lang), rs.Area.LegalRef)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, tr(lang, "ID\tKRITERIUM\tBEFOLKNING\tGRÆNSE\tDATAÅR\tHJEMMEL", "ID\tCRITERION\tPOPULATION\tTHRESHOLD\tDATA YEARS\tLEGAL BASIS"))
	for _, c := range rs.Criteria {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Indicator.Label(lang), population(c.Population, lang),
			Threshold(c, lang), dataYears(c.DataYears, lang), c.LegalRef)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%s\n", tr(lang, "Lister", "Lists"))
	for _, l := range rs.Lists {
		fmt.Fprintf(w, "  %s: %s\n      [%s]\n", listName(l.Name, l.Category, lang), ListRule(rs, &l, lang), l.LegalRef)
	}
	fmt.Fprintf(w, "\n%s\n", tr(lang, "Noter", "Notes"))
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
		lines = append(lines, fmt.Sprintf("%s %s [%s]", tr(lang, "Listerne offentliggøres hvert år den", "The lists are published every year on"),
			dayMonth(rs.Publication.Day, rs.Publication.Month, lang), rs.Publication.LegalRef))
	} else {
		var days []string
		for _, on := range rs.Publication.Dates {
			d := fmt.Sprintf("%d: %s %d", on.ListYear, dayMonth(on.Date.Day(), on.Date.Month(), lang), on.Date.Year())
			if on.Assumption != nil {
				d += tr(lang, " (antagelse)", " (assumption)")
			}
			days = append(days, d)
		}
		lines = append(lines, fmt.Sprintf("%s %s [%s]", tr(lang, "Listerne blev offentliggjort", "The lists were published"), strings.Join(days, "; "), rs.Publication.LegalRef))
	}
	for _, n := range rs.Publication.NotHeld {
		lines = append(lines, fmt.Sprintf("%s %s, %s %s %d. %s", tr(lang, "Ikke i blandby:", "Not in blandby:"), n.Label.In(lang),
			tr(lang, "offentliggjort", "published"), dayMonth(n.Date.Day(), n.Date.Month(), lang), n.Date.Year(),
			tr(lang, "Indtil næste liste er ingen liste, blandby har, gældende.", "Until the next list, no list blandby holds is in force.")))
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
		return fmt.Sprintf(tr(lang, "%s %s × landsgennemsnittet", "%s %s × the national share"), c.Operator, exactOr2(c.Threshold.Value, lang))
	case law.RegionalMeanShare:
		return fmt.Sprintf(tr(lang, "%s %s af regionens gennemsnit", "%s %s of the regional mean"), c.Operator, Percent(c.Threshold.Value, lang))
	}
	return fmt.Sprintf("%s %s", c.Operator, Percent(c.Threshold.Value, lang))
}

// exactOr2 writes a value exactly when its decimal expansion ends (3, 2,5),
// else rounded to two decimals.
func exactOr2(r blandby.Ratio, lang blandby.Lang) string {
	if s, ok := r.ExactDecimal(); ok {
		return localize(s, lang)
	}
	return Decimal(r, 2, lang)
}

// ListRule describes a list of a rule set in one line, naming the lists it
// requires as the rule set names them ("ghettoområde" before 2021).
func ListRule(rs *law.RuleSet, l *law.List, lang blandby.Lang) string {
	var parts []string
	for _, c := range l.RequiresLists {
		parts = append(parts, fmt.Sprintf(tr(lang, "på listen %s", "on the %s list"), Term(rs, c)))
	}
	for _, id := range l.RequiresCriteria {
		parts = append(parts, fmt.Sprintf(tr(lang, "kriterium %s", "criterion %s"), id))
	}
	if a := l.AtLeast; a != nil {
		parts = append(parts, fmt.Sprintf(tr(lang, "mindst %d af %s", "at least %d of %s"), a.Count, strings.Join(a.Of, ", ")))
	}
	if c := l.Consecutive; c != nil {
		s := fmt.Sprintf(tr(lang, "på listen %s i hvert af de seneste %d listeår (dette år medregnet)", "on the %s list in each of the last %d list years (this one included)"), Term(rs, c.List), c.Years)
		for _, t := range c.Transitions {
			s += fmt.Sprintf(tr(lang, "; %d år for listerne %d–%d", "; %d years for the lists %d–%d"), t.Years, t.FromListYear, t.ToListYear)
		}
		parts = append(parts, s)
	}
	for _, ex := range l.Excludes {
		parts = append(parts, fmt.Sprintf(tr(lang, "ikke på listen %s", "not on the %s list"), Term(rs, ex)))
	}
	return strings.Join(parts, tr(lang, " og ", " and "))
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
		s = tr(lang, "alle beboere", "all residents")
	case p.AgeMax == 0:
		s = fmt.Sprintf(tr(lang, "%d år og derover", "%d and over"), p.AgeMin)
	default:
		s = fmt.Sprintf(tr(lang, "%d-%d år", "aged %d–%d"), p.AgeMin, p.AgeMax)
	}
	if p.TaxpayersOnly {
		s += tr(lang, ", skattepligtige", ", taxpayers")
	}
	if p.ExcludeInEducation {
		s += tr(lang, ", ekskl. uddannelsessøgende", ", excluding persons in education")
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
		s += tr(lang, " (gennemsnit)", " (mean)")
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
	fmt.Fprintf(w, tr(lang, "Kriterierne for %s og %s, regelsæt %s\n\n", "The criteria of %s and %s, rule set %s\n\n"), listName(la.Name, a, lang), listName(lb.Name, b, lang), rs.ID)
	ca, cb := listCriteria(rs, la), listCriteria(rs, lb)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\n", tr(lang, "KRITERIUM", "CRITERION"), strings.ToUpper(a.Label(lang)), strings.ToUpper(b.Label(lang)))
	fmt.Fprintf(tw, "%s\t%s %s\t%s %s\n", tr(lang, "Beboere", "Residents"), rs.Area.Operator, Int(rs.Area.MinResidents, lang), rs.Area.Operator, Int(rs.Area.MinResidents, lang))
	for _, ind := range blandby.AllIndicators {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", ind.Label(lang), criteriaCell(ca[ind], lang), criteriaCell(cb[ind], lang))
	}
	fmt.Fprintf(tw, "%s\t%s\t%s\n", tr(lang, "Regel", "Rule"), ListRule(rs, la, lang), ListRule(rs, lb, lang))
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
