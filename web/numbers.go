package web

import (
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/msg"
)

func init() {
	funcs["decimal"] = func(l blandby.Lang, r blandby.Ratio, places int) string { return explain.Decimal(r, places, l) }
	funcs["dataYears"] = dataYears
}

// dataYears writes a criterion's data years, which the rule set gives
// relative to the list year (-2, -1), in words with their unit: "2 og 1 år
// før listeåret". A year that is not before the list year is written as
// its offset, with a true minus sign.
func dataYears(l blandby.Lang, years []int) string {
	var before []string
	for _, y := range years {
		if y >= 0 {
			return offsets(l, years)
		}
		before = append(before, explain.Int(int64(-y), l))
	}
	if len(before) == 0 {
		return "–"
	}
	count := -years[0]
	words := before[len(before)-1]
	if n := len(before); n > 1 {
		count = 2 // several years read as a plural
		words = strings.Join(before[:n-1], ", ") + msg.T(l, "common.and") + words
	}
	return msg.N(l, "web.rules.years_before_list_year", count, words)
}

// offsets writes data years as their offsets from the list year: "−1, 0".
func offsets(l blandby.Lang, years []int) string {
	var out []string
	for _, y := range years {
		out = append(out, strings.Replace(explain.Int(int64(y), l), "-", "−", 1))
	}
	return strings.Join(out, ", ") + " " + msg.T(l, "web.rules.relative_to_list_year")
}
