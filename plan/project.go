package plan

import (
	"fmt"
	"strings"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
)

// Row is the area's counts as of one date: the start of the base year, or
// 1 January after a year's actions.
type Row struct {
	// Year is the year whose actions have been carried out; 0 for the
	// starting row (before any action).
	Year int `json:"year"`
	// AsOf is the date the counts hold (1 January of Year+1, or of the base
	// year for the starting row).
	AsOf  time.Time `json:"as_of"`
	Stock Stock     `json:"stock"`
	// Dwellings are all dwellings of any tenure.
	Dwellings int64 `json:"dwellings"`
	// DemolishedNotReplaced are dwellings demolished after 2010 and not
	// replaced by public family dwellings; DemolishedCounted is how many of
	// them the total counts (all or none: the plan's choice).
	DemolishedNotReplaced int64 `json:"demolished_not_replaced"`
	DemolishedCounted     int64 `json:"demolished_counted"`
	// BusinessDwellings is the business floor space in whole dwellings.
	BusinessDwellings int64 `json:"business_dwellings"`
	// Denominator is Dwellings + DemolishedCounted + BusinessDwellings.
	Denominator int64 `json:"denominator"`
	// Share is Stock.PublicFamily / Denominator, exactly.
	Share blandby.Ratio `json:"share"`
	// Meets is true when the share meets the goal.
	Meets bool `json:"meets"`
	// Counts is true when the row is at or before the deadline.
	Counts bool `json:"counts"`
}

// Projection is a plan's share of public family dwellings per year to the
// deadline, with the verdict and what it would take to reach the goal.
type Projection struct {
	AreaID  string `json:"area_id"`
	RuleSet string `json:"rule_set"`
	Goal    Goal   `json:"goal"`
	// Counting is the counting rule applied.
	Counting Counting `json:"counting"`
	// Start is the stock before any action; Rows follow year by year.
	Start Row   `json:"start"`
	Rows  []Row `json:"rows"`
	// Final is the row as of the deadline.
	Final Row `json:"final"`
	// OnTrack is true when Final meets the goal.
	OnTrack bool `json:"on_track"`
	// ReachedYear is the first year after whose actions the share meets the
	// goal and keeps meeting it to the deadline; 0 when it does not.
	ReachedYear int `json:"reached_year,omitempty"`
	// Gap is how many more public family dwellings must go (be sold or
	// relabelled) by the deadline to meet the goal; 0 when on track.
	Gap int64 `json:"gap"`
	// Explanation says the verdict in words.
	Explanation blandby.Text `json:"explanation"`
	// Suggestions are the smallest extra action of each kind that would
	// reach the goal in time (empty when on track).
	Suggestions []Suggestion `json:"suggestions,omitempty"`
}

// Status is the short form of a projection, for the yearly report and lists
// of plans.
type Status struct {
	AreaID  string `json:"area_id"`
	RuleSet string `json:"rule_set"`
	OnTrack bool   `json:"on_track"`
	// Share is the share as of the deadline; Threshold and Operator are the
	// goal's.
	Share     blandby.Ratio `json:"share"`
	Threshold blandby.Ratio `json:"threshold"`
	Operator  law.Operator  `json:"operator"`
	Deadline  time.Time     `json:"deadline"`
	// Gap is the public family dwellings still to go by the deadline.
	Gap         int64        `json:"gap"`
	ReachedYear int          `json:"reached_year,omitempty"`
	Explanation blandby.Text `json:"explanation"`
	// Obligation says whether the plan's obligations apply, when the
	// status was computed with the area's list history (StatusAt).
	Obligation *Obligation `json:"obligation,omitempty"`
}

// PlanStatus computes a plan's status: on track or not, the share as of the
// deadline and the gap. It is pure: the report and the monitor call it.
func PlanStatus(r *Rules, p *Plan) (Status, error) {
	pr, err := r.Project(p)
	if err != nil {
		return Status{}, err
	}
	return Status{
		AreaID: p.AreaID, RuleSet: r.ID, OnTrack: pr.OnTrack, Share: pr.Final.Share,
		Threshold: r.Goal.Threshold, Operator: r.Goal.Operator, Deadline: r.Goal.Deadline,
		Gap: pr.Gap, ReachedYear: pr.ReachedYear, Explanation: pr.Explanation,
	}, nil
}

// StatusAt is PlanStatus with the obligation status as of asOf, from the
// area's list history: whether the plan still binds the area, also after it
// has left the list.
func (r *Rules) StatusAt(p *Plan, history []ListYear, asOf time.Time) (Status, error) {
	st, err := PlanStatus(r, p)
	if err != nil {
		return st, err
	}
	o := r.Obligations(history, p.Completed, asOf)
	st.Obligation = &o
	return st, nil
}

// row computes the counting of a state.
func (r *Rules) row(year int, asOf time.Time, st state) Row {
	w := Row{Year: year, AsOf: asOf, Stock: st.stock, Dwellings: st.stock.Dwellings(), DemolishedNotReplaced: st.dnr,
		DemolishedCounted: st.demolished(), BusinessDwellings: r.Counting.BusinessDwellings(st.stock.BusinessM2)}
	w.Denominator = w.Dwellings + w.DemolishedCounted + w.BusinessDwellings
	if w.Denominator > 0 {
		w.Share = blandby.NewRatio(st.stock.PublicFamily, w.Denominator)
	}
	w.Meets = r.meets(st)
	w.Counts = !asOf.After(r.Goal.Deadline)
	return w
}

// meets reports whether a state meets the goal. An area without any
// dwelling has a share of 0.
func (r *Rules) meets(st state) bool {
	d := st.stock.Dwellings() + st.demolished() + r.Counting.BusinessDwellings(st.stock.BusinessM2)
	share := blandby.Ratio{}
	if d > 0 {
		share = blandby.NewRatio(st.stock.PublicFamily, d)
	}
	return r.Goal.Operator.Holds(share, r.Goal.Threshold)
}

func jan1(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }

// Project validates the plan and computes its projection.
func (r *Rules) Project(p *Plan) (*Projection, error) {
	if err := r.Validate(p); err != nil {
		return nil, err
	}
	last := r.Goal.LastActionYear()
	end := last
	for _, a := range p.Actions {
		end = max(end, a.Year)
	}
	pr := &Projection{AreaID: p.AreaID, RuleSet: r.ID, Goal: r.Goal, Counting: r.Counting}
	st := start(p)
	pr.Start = r.row(0, jan1(p.BaseYear), st)
	if st.stock.Dwellings()+st.demolished() == 0 {
		return nil, blandby.InvalidField("stock", told("plan.validate.no_dwellings"))
	}
	order := actionOrder(p.Actions)
	k := 0
	pr.Final = pr.Start
	for y := p.BaseYear; y <= end; y++ {
		for k < len(order) && p.Actions[order[k]].Year == y {
			st.apply(p.Actions[order[k]])
			k++
		}
		row := r.row(y, jan1(y+1), st)
		pr.Rows = append(pr.Rows, row)
		if y == last {
			pr.Final = row
		}
	}
	final := r.finalState(p)
	pr.OnTrack = r.meets(final)
	// The first year from which every counting row meets the goal.
	for i := len(pr.Rows) - 1; i >= 0; i-- {
		row := pr.Rows[i]
		if !row.Counts {
			continue
		}
		if !row.Meets {
			break
		}
		pr.ReachedYear = row.Year
	}
	if !pr.OnTrack {
		pr.Suggestions = r.suggest(final)
		for _, s := range pr.Suggestions {
			if s.Kind == Sell {
				pr.Gap = s.Quantity
			}
		}
	}
	pr.Explanation = r.explain(pr)
	return pr, nil
}

// finalState is the state after every action that counts at the deadline.
func (r *Rules) finalState(p *Plan) state {
	st := start(p)
	last := r.Goal.LastActionYear()
	for _, i := range actionOrder(p.Actions) {
		if p.Actions[i].Year <= last {
			st.apply(p.Actions[i])
		}
	}
	return st
}

// Percent writes a share as a percentage for display: exact when it has at
// most three decimals, else rounded to three and marked "≈", so that a
// share just above a threshold never reads as the threshold. Danish uses a
// decimal comma. Decisions never use it.
func Percent(x blandby.Ratio, lang blandby.Lang) string {
	p := x.Mul(blandby.RatioInt(100))
	s, ok := p.ExactDecimal()
	if !ok || len(s)-strings.IndexByte(s+".", '.') > 4 {
		s = "≈ " + p.Decimal(3)
	}
	if lang == blandby.Danish {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " %"
}

func pct(x blandby.Ratio, lang blandby.Lang) string { return Percent(x, lang) }

// eqPct is "= 40 %", or "≈ 40,025 %" when the percentage is rounded.
func eqPct(x blandby.Ratio, lang blandby.Lang) string {
	s := Percent(x, lang)
	if strings.HasPrefix(s, "≈") {
		return s
	}
	return "= " + s
}

func (r *Rules) explain(pr *Projection) blandby.Text {
	f := pr.Final
	deadline := r.Goal.Deadline.Format(time.DateOnly)
	calc := func(l blandby.Lang) string {
		return fmt.Sprintf("%d / (%d + %d + %d) = %d / %d %s", f.Stock.PublicFamily, f.Dwellings, f.DemolishedCounted,
			f.BusinessDwellings, f.Stock.PublicFamily, f.Denominator, eqPct(f.Share, l))
	}
	op := r.Goal.Operator
	var note blandby.Text
	if f.DemolishedNotReplaced > 0 && f.DemolishedCounted == 0 {
		note = msg.Text("plan.project.demolished_dwellings_not_replaced", f.DemolishedNotReplaced, r.Counting.DemolishedLegalRef)
	}
	goal := func(l blandby.Lang) string { return opPlain(op, l) + " " + pct(r.Goal.Threshold, l) }
	if pr.OnTrack {
		return blandby.Text{
			DA: msg.T(blandby.Danish, "plan.project.plan_reaches_goal_as", deadline, calc(blandby.Danish), goal(blandby.Danish), r.Goal.LegalRef, r.ID, note.DA),
			EN: msg.T(blandby.English, "plan.project.plan_reaches_goal_as", deadline, calc(blandby.English), goal(blandby.English), r.Goal.LegalRef, r.ID, note.EN),
		}
	}
	return blandby.Text{
		DA: msg.T(blandby.Danish, "plan.project.plan_misses_goal_as", deadline, calc(blandby.Danish), goal(blandby.Danish), pr.Gap, r.Goal.LegalRef, r.ID, note.DA),
		EN: msg.T(blandby.English, "plan.project.plan_misses_goal_as", deadline, calc(blandby.English), goal(blandby.English), pr.Gap, r.Goal.LegalRef, r.ID, note.EN),
	}
}

// opPlain is the operator as words that follow "must be" / "skal være":
// "at most" / "højst".
func opPlain(o law.Operator, l blandby.Lang) string {
	t := map[law.Operator]blandby.Text{
		law.LessOrEqual:    msg.Text("common.at_most"),
		law.Less:           msg.Text("plan.project.op_plain.less"),
		law.GreaterOrEqual: msg.Text("common.at_least"),
		law.Greater:        msg.Text("plan.project.op_plain.greater"),
	}[o]
	return t.In(l)
}

// Assessment is everything the plan page shows: the projection, the
// dispensation checks, the rehousing needs and whether the obligations
// apply.
type Assessment struct {
	Projection    *Projection         `json:"projection"`
	Dispensations []DispensationCheck `json:"dispensations"`
	Rehousing     []Rehousing         `json:"rehousing"`
	Obligation    Obligation          `json:"obligation"`
	// Notes are the rule set's stated assumptions.
	Notes []blandby.Text `json:"notes,omitempty"`
}

// Assess projects the plan and applies every check as of asOf, given the
// area's list history.
func (r *Rules) Assess(p *Plan, history []ListYear, asOf time.Time) (*Assessment, error) {
	pr, err := r.Project(p)
	if err != nil {
		return nil, err
	}
	return &Assessment{
		Projection:    pr,
		Dispensations: r.CheckDispensations(p),
		Rehousing:     r.RehousingNeeds(p),
		Obligation:    r.Obligations(history, p.Completed, asOf),
		Notes:         r.Notes,
	}, nil
}
