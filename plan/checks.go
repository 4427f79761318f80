package plan

import (
	"fmt"
	"slices"
	"time"
	"unicode"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
)

// Outcome is the result of a check whose facts may be unknown.
type Outcome string

// The outcomes.
const (
	Met     Outcome = "met"
	NotMet  Outcome = "not_met"
	Unknown Outcome = "unknown"
)

// DispensationCheck is one dispensation ground applied to a plan.
type DispensationCheck struct {
	ID       string       `json:"id"`
	Label    blandby.Text `json:"label"`
	LegalRef string       `json:"legal_ref"`
	// Outcome is met when every condition is met, not_met when any is not
	// met, unknown otherwise.
	Outcome    Outcome          `json:"outcome"`
	Conditions []ConditionCheck `json:"conditions"`
}

// ConditionCheck is one condition applied to the plan's facts.
type ConditionCheck struct {
	ID       string       `json:"id"`
	Label    blandby.Text `json:"label"`
	LegalRef string       `json:"legal_ref"`
	Outcome  Outcome      `json:"outcome"`
	// Value is a numeric fact as text ("2099", "1300 / 10000 = 13 %");
	// Answer is a yes/no fact. Both are empty when the fact is unknown.
	Value     string         `json:"value,omitempty"`
	Answer    *bool          `json:"answer,omitempty"`
	Operator  law.Operator   `json:"operator,omitempty"`
	Threshold *blandby.Ratio `json:"threshold,omitempty"`
	// Explanation says why, in both languages.
	Explanation blandby.Text `json:"explanation"`
}

// CheckDispensations applies every dispensation ground to the plan's facts.
func (r *Rules) CheckDispensations(p *Plan) []DispensationCheck {
	var out []DispensationCheck
	for _, d := range r.Dispensations {
		dc := DispensationCheck{ID: d.ID, Label: d.Label, LegalRef: d.LegalRef, Outcome: Met}
		for _, c := range d.Conditions {
			cc := r.condition(c, &p.Facts)
			dc.Conditions = append(dc.Conditions, cc)
			switch {
			case cc.Outcome == NotMet:
				dc.Outcome = NotMet
			case cc.Outcome == Unknown && dc.Outcome == Met:
				dc.Outcome = Unknown
			}
		}
		out = append(out, dc)
	}
	return out
}

func yesNo(b bool) blandby.Text {
	if b {
		return msg.Text("common.yes")
	}
	return msg.Text("common.no")
}

func (r *Rules) condition(c Condition, f *Facts) ConditionCheck {
	cc := ConditionCheck{ID: c.ID, Label: c.Label, LegalRef: c.LegalRef, Operator: c.Operator, Threshold: c.Threshold, Outcome: Unknown}
	var flag *bool
	switch c.Fact {
	case FactEndsOmdannelseStatus:
		flag = f.EndsOmdannelseStatus
	case FactNewBuildingCannotHelp:
		flag = f.NewBuildingCannotHelp
	case FactSaleOnlyAtLoss:
		flag = f.SaleOnlyAtLoss
	case FactConvictionCriterionNotMet:
		if f.ConvictionCriterionMet != nil {
			v := !*f.ConvictionCriterionMet
			flag = &v
		}
	case FactMunicipalParallelShare:
		if f.MunicipalParallelFamilyDwellings == nil || f.MunicipalFamilyDwellings == nil || *f.MunicipalFamilyDwellings <= 0 {
			break
		}
		share := blandby.NewRatio(*f.MunicipalParallelFamilyDwellings, *f.MunicipalFamilyDwellings)
		cc.Value = fmt.Sprintf("%d / %d %s", *f.MunicipalParallelFamilyDwellings, *f.MunicipalFamilyDwellings, eqPct(share, blandby.English))
		cc.Outcome = outcome(c.Operator.Holds(share, *c.Threshold))
		cc.Explanation = numericText(cc, c, func(l blandby.Lang) string { return pct(*c.Threshold, l) })
		return cc
	case FactResidents:
		if f.Residents == nil {
			break
		}
		cc.Value = fmt.Sprint(*f.Residents)
		cc.Outcome = outcome(c.Operator.Holds(blandby.RatioInt(*f.Residents), *c.Threshold))
		cc.Explanation = numericText(cc, c, func(blandby.Lang) string { return c.Threshold.Text() })
		return cc
	}
	if flag != nil {
		cc.Answer = flag
		cc.Outcome = outcome(*flag)
		cc.Explanation = blandby.Text{
			DA: msg.T(blandby.Danish, "plan.checks.outcome", c.Label.DA, yesNo(*flag).DA, c.LegalRef),
			EN: msg.T(blandby.English, "plan.checks.outcome", c.Label.EN, yesNo(*flag).EN, c.LegalRef),
		}
		return cc
	}
	cc.Explanation = blandby.Text{
		DA: msg.T(blandby.Danish, "plan.checks.not_given_so_condition", c.Label.DA, c.LegalRef),
		EN: msg.T(blandby.English, "plan.checks.not_given_so_condition", c.Label.EN, c.LegalRef),
	}
	return cc
}

func outcome(b bool) Outcome {
	if b {
		return Met
	}
	return NotMet
}

func numericText(cc ConditionCheck, c Condition, threshold func(blandby.Lang) string) blandby.Text {
	met := map[Outcome]blandby.Text{Met: msg.Text("common.met"), NotMet: msg.Text("common.not_met")}[cc.Outcome]
	return blandby.Text{
		DA: msg.T(blandby.Danish, "plan.checks.which_must_be", c.Label.DA, cc.Value, opPlain(c.Operator, blandby.Danish), threshold(blandby.Danish), met.DA, c.LegalRef),
		EN: msg.T(blandby.English, "plan.checks.which_must_be", c.Label.EN, cc.Value, opPlain(c.Operator, blandby.English), threshold(blandby.English), met.EN, c.LegalRef),
	}
}

// Rehousing is the households one action moves.
type Rehousing struct {
	// Action is the index of the action in the plan.
	Action int  `json:"action"`
	Year   int  `json:"year"`
	Kind   Kind `json:"kind"`
	// Households is how many households must move.
	Households int64 `json:"households"`
	// Permanent is true for permanent rehousing (demolition).
	Permanent bool `json:"permanent"`
	// TemporaryMonths is the length of temporary rehousing.
	TemporaryMonths int64 `json:"temporary_months,omitempty"`
	// MayDemandPermanent is true when the temporary rehousing is long
	// enough for the tenant to demand permanent rehousing.
	MayDemandPermanent bool         `json:"may_demand_permanent"`
	LegalRef           string       `json:"legal_ref"`
	Explanation        blandby.Text `json:"explanation"`
}

// RehousingNeeds lists the households each action of the plan moves, by
// year; actions that move nobody are left out.
func (r *Rules) RehousingNeeds(p *Plan) []Rehousing {
	rule := r.Rehousing
	var out []Rehousing
	for _, i := range actionOrder(p.Actions) {
		a := p.Actions[i]
		var hh int64
		if a.Households != nil {
			hh = *a.Households
		} else if a.Kind == Demolish {
			hh = a.Dwellings
		}
		if hh == 0 {
			continue
		}
		rh := Rehousing{Action: i, Year: a.Year, Kind: a.Kind, Households: hh, LegalRef: rule.LegalRef}
		switch {
		case a.Kind == Demolish && rule.DemolitionPermanent:
			rh.Permanent = true
			rh.Explanation = msg.Text("plan.checks.demolition_in_households_are", a.Year, hh, rule.LegalRef)
		case a.TemporaryMonths > 0:
			rh.TemporaryMonths = a.TemporaryMonths
			rh.MayDemandPermanent = rule.MayDemandPermanent(a.TemporaryMonths)
			is := msg.Text("plan.checks.that_is_not")
			may := msg.Text("plan.checks.tenants_cannot_demand_permanent")
			if rh.MayDemandPermanent {
				is = msg.Text("plan.checks.that_is")
				may = msg.Text("plan.checks.tenants_may_demand_permanent")
			}
			rh.Explanation = blandby.Text{
				DA: msg.T(blandby.Danish, "plan.checks.in_households_are_rehoused", kindTitle(a.Kind, blandby.Danish), a.Year, hh, a.TemporaryMonths, is.DA, opPlain(rule.Operator, blandby.Danish), rule.TemporaryMonths, may.DA, rule.LegalRef),
				EN: msg.T(blandby.English, "plan.checks.in_households_are_rehoused", kindTitle(a.Kind, blandby.English), a.Year, hh, a.TemporaryMonths, is.EN, opPlain(rule.Operator, blandby.English), rule.TemporaryMonths, may.EN, rule.LegalRef),
			}
		default:
			rh.Permanent = true
			rh.Explanation = blandby.Text{
				DA: msg.T(blandby.Danish, "plan.checks.in_households_move_permanently", kindTitle(a.Kind, blandby.Danish), a.Year, hh, rule.LegalRef),
				EN: msg.T(blandby.English, "plan.checks.in_households_move_permanently", kindTitle(a.Kind, blandby.English), a.Year, hh, rule.LegalRef),
			}
		}
		out = append(out, rh)
	}
	return out
}

func kindTitle(k Kind, lang blandby.Lang) string {
	r := []rune(k.Label(lang))
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// ListYear is an area's most specific category on one year's list, and the
// date that list was published.
type ListYear struct {
	Year      int              `json:"year"`
	Category  blandby.Category `json:"category"`
	Published time.Time        `json:"published"`
}

// Obligation says whether the plan's obligations apply on a date.
type Obligation struct {
	AsOf   time.Time `json:"as_of"`
	Active bool      `json:"active"`
	// OnList is true when the area is an omdannelse area on the list in
	// force at AsOf; ListYear is that list's year (0: no list yet).
	OnList   bool `json:"on_list"`
	ListYear int  `json:"list_year,omitempty"`
	// LastOmdannelseYear is the latest list year the area was an
	// omdannelse area (0: never).
	LastOmdannelseYear int          `json:"last_omdannelse_year,omitempty"`
	Until              time.Time    `json:"until"`
	LegalRef           string       `json:"legal_ref"`
	Explanation        blandby.Text `json:"explanation"`
}

// Obligations says whether the plan's obligations apply on asOf, given the
// area's list history (its category each list year and the list's
// publication date) and whether the plan is carried out. An area that has
// been an omdannelse area stays bound after it leaves the list, until the
// plan is carried out or the deadline.
func (r *Rules) Obligations(history []ListYear, completed bool, asOf time.Time) Obligation {
	h := slices.Clone(history)
	slices.SortFunc(h, func(a, b ListYear) int { return a.Year - b.Year })
	o := Obligation{AsOf: asOf, Until: r.Goal.Deadline, LegalRef: r.Continuation.LegalRef}
	for _, ly := range h {
		if ly.Published.After(asOf) {
			break
		}
		o.ListYear = ly.Year
		o.OnList = ly.Category == blandby.Omdannelse
		if o.OnList {
			o.LastOmdannelseYear = ly.Year
		}
	}
	deadline := r.Goal.Deadline.Format(time.DateOnly)
	switch {
	case o.OnList:
		o.Active = true
		o.LegalRef = r.Goal.LegalRef
		o.Explanation = msg.Text("plan.checks.area_is_omdannelse_area", o.ListYear, r.Goal.LegalRef)
	case o.LastOmdannelseYear == 0:
		o.Explanation = msg.Text("plan.checks.area_has_not_been")
	case completed:
		o.Explanation = msg.Text("plan.checks.area_was_last_omdannelse", o.LastOmdannelseYear, r.Continuation.LegalRef)
	case asOf.Before(r.Goal.Deadline):
		o.Active = true
		o.Explanation = msg.Text("plan.checks.area_has_left_list", o.LastOmdannelseYear, deadline, r.Continuation.LegalRef)
	default:
		o.Explanation = msg.Text("plan.checks.area_has_left_list_last_omdannelse", o.LastOmdannelseYear, deadline, r.Continuation.LegalRef)
	}
	return o
}

// HistoryOf turns an area's entries in the published lists into list years,
// with each list's publication date from the list rule set of that year.
func HistoryOf(h *blandby.History, areaID string) ([]ListYear, error) {
	if h == nil {
		return nil, nil
	}
	var out []ListYear
	for _, y := range h.Years() {
		rs, err := law.ForListYear(y)
		if err != nil {
			return nil, fmt.Errorf("list %d: %w", y, err)
		}
		c, ok := h.Category(y, areaID)
		if !ok {
			c = blandby.None
		}
		out = append(out, ListYear{Year: y, Category: c, Published: rs.ListDate(y)})
	}
	return out, nil
}
