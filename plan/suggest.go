package plan

import (
	"fmt"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
)

// Suggestion is the smallest extra action of one kind that, carried out by
// the last year that counts, brings the share to the goal by the deadline.
type Suggestion struct {
	Kind Kind `json:"kind"`
	// Year is the last year the action can be carried out and still count.
	Year int `json:"year"`
	// Quantity is dwellings, or m² for build_business; 0 with Possible
	// false when no quantity of this kind reaches the goal.
	Quantity int64 `json:"quantity"`
	Possible bool  `json:"possible"`
	// Share is the share as of the deadline with the extra action.
	Share       blandby.Ratio `json:"share"`
	Explanation blandby.Text  `json:"explanation"`
}

// suggestKinds are the kinds the law names as tools, in the order shown.
var suggestKinds = []Kind{Demolish, Sell, RelabelYouth, BuildPrivate, BuildBusiness}

// searchCap bounds the search for a quantity; beyond it an action is
// reported as not possible.
const searchCap = int64(1) << 40

// suggest finds, for each kind, the smallest quantity that makes the final
// state meet the goal. Every kind's effect on the final share is monotone
// in its quantity, so the smallest is found exactly by doubling and then
// bisection, with the exact comparison of the goal.
func (r *Rules) suggest(final state) []Suggestion {
	year := r.Goal.LastActionYear()
	var out []Suggestion
	for _, k := range suggestKinds {
		with := func(n int64) state {
			st := final
			a := Action{Year: year, Kind: k, Dwellings: n}
			if k == BuildBusiness {
				a.Dwellings, a.BusinessM2 = 0, n
			}
			st.apply(a)
			return st
		}
		limit := searchCap
		if takesFamily(k) {
			limit = final.stock.PublicFamily
		}
		n, ok := smallest(limit, func(n int64) bool { return r.meets(with(n)) })
		s := Suggestion{Kind: k, Year: year, Quantity: n, Possible: ok}
		if ok {
			s.Share = r.row(year, jan1(year+1), with(n)).Share
		}
		s.Explanation = r.explainSuggestion(s, final)
		out = append(out, s)
	}
	return out
}

// smallest returns the smallest n in [0, limit] for which ok holds, given
// that ok is monotone (false then true); false when ok(limit) is false.
func smallest(limit int64, ok func(int64) bool) (int64, bool) {
	if ok(0) {
		return 0, true
	}
	// Double to find an upper bound, then bisect on (lo, hi].
	lo, hi := int64(0), int64(1)
	for !ok(min(hi, limit)) {
		if hi >= limit {
			return 0, false
		}
		lo, hi = hi, hi*2
	}
	hi = min(hi, limit)
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if ok(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, true
}

func (r *Rules) explainSuggestion(s Suggestion, final state) blandby.Text {
	goal := func(l blandby.Lang) string { return opPlain(r.Goal.Operator, l) + " " + pct(r.Goal.Threshold, l) }
	if !s.Possible {
		return blandby.Text{
			DA: msg.T(blandby.Danish, "plan.suggest.no_amount_of_alone", s.Kind.Label(blandby.Danish), goal(blandby.Danish)),
			EN: msg.T(blandby.English, "plan.suggest.no_amount_of_alone", s.Kind.Label(blandby.English), goal(blandby.English)),
		}
	}
	res := func(l blandby.Lang) string { return fmt.Sprintf("%s %s", s.Share.String(), eqPct(s.Share, l)) }
	unit := msg.Text("plan.suggest.unit_dwellings")
	if s.Kind == BuildBusiness {
		unit = msg.Text("plan.suggest.unit_m2")
	}
	var why blandby.Text
	switch s.Kind {
	case Demolish:
		why = msg.Text("plan.suggest.numerator_falls_and_denominator")
		if final.counted {
			why = msg.Text("plan.suggest.numerator_falls_demolished_dwellings")
		}
	case Sell:
		why = msg.Text("plan.suggest.numerator_falls_dwellings_stay")
	case RelabelYouth, RelabelElderly:
		why = msg.Text("plan.suggest.numerator_falls_youth_and")
	case BuildPrivate:
		why = msg.Text("plan.suggest.denominator_grows")
	case BuildBusiness:
		total := final.stock.BusinessM2 + s.Quantity
		why = blandby.Text{
			DA: msg.T(blandby.Danish, "plan.suggest.denominator_grows_by_one", r.Counting.BusinessM2PerDwelling, total, r.Counting.BusinessDwellings(total), roundingWords[r.Counting.BusinessRounding].DA),
			EN: msg.T(blandby.English, "plan.suggest.denominator_grows_by_one", r.Counting.BusinessM2PerDwelling, total, r.Counting.BusinessDwellings(total), roundingWords[r.Counting.BusinessRounding].EN),
		}
	}
	deadline := r.Goal.Deadline.Format(time.DateOnly)
	return blandby.Text{
		DA: msg.T(blandby.Danish, "plan.suggest.more_by_gives_share", kindTitle(s.Kind, blandby.Danish), s.Quantity, unit.DA, s.Year, deadline, res(blandby.Danish), goal(blandby.Danish), why.DA, 1, r.Goal.LegalRef),
		EN: msg.T(blandby.English, "plan.suggest.more_by_gives_share", kindTitle(s.Kind, blandby.English), s.Quantity, unit.EN, s.Year, deadline, res(blandby.English), goal(blandby.English), why.EN, 1, r.Goal.LegalRef),
	}
}

// roundingWords name the rounding modes in a sentence: "rundet ned",
// "rounded down".
var roundingWords = map[Rounding]blandby.Text{
	RoundDown:    msg.Text("plan.rounding.down"),
	RoundUp:      msg.Text("plan.rounding.up"),
	RoundNearest: msg.Text("plan.rounding.nearest"),
}
