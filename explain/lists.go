package explain

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/msg"
)

// Lists writes the lists of a year as a table: the areas on a list (every
// area with all), most specific category first, then the count per list.
func Lists(w io.Writer, o *classify.Outcome, all bool, lang blandby.Lang) error {
	rs := o.RuleSet
	fmt.Fprintf(w, "%s %d, %s %s: %s\n\n", msg.T(lang, "common.lists"), o.Year, msg.T(lang, "common.rule_set"), rs.ID, rs.Title.In(lang))
	rows := make([]*classify.Result, 0, len(o.Results))
	for i := range o.Results {
		if all || len(o.Results[i].On) > 0 {
			rows = append(rows, &o.Results[i])
		}
	}
	slices.SortStableFunc(rows, func(a, b *classify.Result) int {
		return cmp.Or(
			cmp.Compare(b.Category.Specificity(), a.Category.Specificity()),
			cmp.Compare(a.Area.Municipality, b.Area.Municipality),
			cmp.Compare(a.Area.Name, b.Area.Name),
			cmp.Compare(a.Area.ID, b.Area.ID))
	})
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, msg.T(lang, "explain.lists.header"))
	for _, r := range rows {
		category := ListName(rs, r.Category, lang)
		if !r.Size.Met {
			category = msg.T(lang, "explain.too_few_residents")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Area.ID, r.Area.Name, r.Area.Municipality,
			Int(r.Residents, lang), category, strings.Join(r.CriteriaMet(), ", "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%s\n", msg.T(lang, "explain.lists.areas_per_list"))
	for _, c := range o.Lists() {
		fmt.Fprintf(w, "  %-40s %d\n", ListName(rs, c, lang), o.Count(c))
	}
	off := len(o.Results) - countOn(o)
	fmt.Fprintf(w, "  %-40s %d\n", msg.T(lang, "explain.on_no_list"), off)
	if len(o.Lists()) > 1 {
		fmt.Fprintln(w, msg.T(lang, "explain.lists.lists_nest_omdannelse_parallelsamfund"))
	}
	if !all && off > 0 {
		fmt.Fprintln(w, msg.T(lang, "explain.lists.use_all_to_see"))
	}
	return nil
}

func countOn(o *classify.Outcome) int {
	n := 0
	for i := range o.Results {
		if len(o.Results[i].On) > 0 {
			n++
		}
	}
	return n
}
