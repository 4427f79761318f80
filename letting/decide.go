package letting

import (
	"slices"

	"github.com/blandby/blandby"
)

// Outcome is what a decision allows.
type Outcome string

// The outcomes.
const (
	// Allowed: the dwelling may be let to the household.
	Allowed Outcome = "allowed"
	// Rejected: the household must be rejected (§ 51 b, § 51 c, or the
	// conditions on a sublet or an exchange).
	Rejected Outcome = "rejected"
	// NotAllowed: the municipality may not allocate the dwelling to the
	// household (§ 59, stk. 6 or 7).
	NotAllowed Outcome = "not_allowed_municipal_allocation"
)

// Effect is what a reason did to the decision.
type Effect string

// The effects.
const (
	EffectInfo         Effect = "info"
	EffectPasses       Effect = "passes"
	EffectRejects      Effect = "rejects"
	EffectNotAllowed   Effect = "not_allowed"
	EffectPriority     Effect = "priority"
	EffectNoPriority   Effect = "no_priority"
	EffectDispensation Effect = "dispensation"
)

// Reason is one step of a decision's explanation. It names rules and tests,
// never a person's circumstances.
type Reason struct {
	RuleID   string       `json:"rule_id"`
	TestID   string       `json:"test_id,omitempty"`
	LegalRef string       `json:"legal_ref"`
	Effect   Effect       `json:"effect"`
	Text     blandby.Text `json:"text"`
}

// Decision is the outcome of a case with its reasons.
type Decision struct {
	// ID identifies the decision in the log (set by the caller, NewID).
	ID       string           `json:"id,omitempty"`
	RuleSet  string           `json:"rule_set"`
	Date     Date             `json:"date"`
	Category blandby.Category `json:"category"`
	Channel  Channel          `json:"channel"`
	Outcome  Outcome          `json:"outcome"`
	// PriorityGroup is the flexible-letting group (1 is the first); 0 for
	// none.
	PriorityGroup int           `json:"priority_group"`
	Priority      *blandby.Text `json:"priority,omitempty"`
	// Dispensation is the § 51 c dispensation the decision rests on.
	Dispensation  *Dispensation `json:"dispensation,omitempty"`
	Reasons       []Reason      `json:"reasons"`
	PolicyVersion int           `json:"policy_version,omitempty"`
	// InputSHA256 is Case.InputHash of the inputs decided.
	InputSHA256 string `json:"input_sha256"`
}

// Decide decides a case under the rule set in force at its date.
func Decide(cat *Catalog, c Case) (*Decision, error) {
	rs, err := cat.At(c.Date)
	if err != nil {
		return nil, err
	}
	return DecideWith(rs, c)
}

// DecideWith decides a case under a given rule set.
func DecideWith(rs *RuleSet, c Case) (*Decision, error) {
	if err := c.validate(rs); err != nil {
		return nil, err
	}
	e := &eval{rs: rs, c: &c, d: &Decision{
		RuleSet: rs.ID, Date: c.Date, Category: c.Category, Channel: c.Channel,
		Dispensation: nil, InputSHA256: c.InputHash(),
	}}
	if c.Policy != nil {
		e.d.PolicyVersion = c.Policy.Version
	}
	e.reason(Reason{RuleID: "AREA", LegalRef: "ABL § 61 a, stk. 5", Effect: EffectInfo, Text: areaText(c.Category)})
	priorityDone := false
	for i := range rs.Rules {
		r := &rs.Rules[i]
		if !r.applies(c.Category, c.Channel, c.Dwelling.Type, c.Policy) {
			continue
		}
		switch r.Kind {
		case KindFlexibleLetting:
			e.flexible(r, !priorityDone)
			priorityDone = true
		case KindCombinedLetting:
			e.combined(r)
		case KindMandatoryRejection:
			if err := e.mandatory(r); err != nil {
				return nil, err
			}
		case KindAllocationLimit:
			e.limits(r)
		case KindOccupancyConditions:
			if err := e.occupancy(r); err != nil {
				return nil, err
			}
		case KindSubletGeneral:
			e.subletGeneral(r)
		}
	}
	switch {
	case e.rejected:
		e.d.Outcome = Rejected
	case e.notAllowed:
		e.d.Outcome = NotAllowed
	default:
		e.d.Outcome = Allowed
	}
	if e.d.Outcome != Allowed {
		e.d.PriorityGroup, e.d.Priority = 0, nil
	}
	return e.d, nil
}

type eval struct {
	rs                   *RuleSet
	c                    *Case
	d                    *Decision
	rejected, notAllowed bool
}

func (e *eval) reason(r Reason) { e.d.Reasons = append(e.d.Reasons, r) }

func (e *eval) ruleReason(r *Rule, eff Effect, t blandby.Text) {
	e.reason(Reason{RuleID: r.ID, LegalRef: r.LegalRef, Effect: eff, Text: t})
}

// outside reports whether the household comes from outside the dwelling's
// department.
func (e *eval) outside() bool { return e.c.Household.CurrentDepartment != e.c.Dwelling.Department }

// flexible sets the priority group from the policy's criteria.
func (e *eval) flexible(r *Rule, set bool) {
	p := e.c.Policy
	if p == nil || len(p.Criteria) == 0 {
		e.ruleReason(r, EffectNoPriority, msgNoCriteria)
		return
	}
	g, cr := e.priority()
	if g == 0 {
		e.ruleReason(r, EffectNoPriority, msgNoCriterionMet)
		return
	}
	if set {
		e.d.PriorityGroup, e.d.Priority = g, &cr.Label
	}
	e.ruleReason(r, EffectPriority, join(msgPriority(g), cr.Label))
}

// priority returns the first policy criterion the applicant or partner
// meets, 1-based, or 0.
func (e *eval) priority() (int, *Criterion) {
	p := e.c.Policy
	if p == nil {
		return 0, nil
	}
	for i := range p.Criteria {
		cr := &p.Criteria[i]
		for _, m := range e.persons(PersonsPartners) {
			for _, s := range cr.AnyOf {
				if hasStatus(m, s) {
					return i + 1, cr
				}
			}
		}
	}
	return 0, nil
}

func hasStatus(m *Member, s string) bool {
	switch s {
	case StatusInEducation:
		return m.InEducation || m.Student
	case StatusStudent:
		return m.Student
	}
	return m.Work == s
}

// combined applies § 51 b; it reports whether it rejected.
func (e *eval) combined(r *Rule) bool {
	if r.OutsideDepartmentOnly && !e.outside() {
		e.ruleReason(r, EffectPasses, msgInsideDepartment)
		return false
	}
	var dec *DepartmentDecision
	if p := e.c.Policy; p != nil {
		for i := range p.CombinedLetting {
			x := &p.CombinedLetting[i]
			if x.Department == e.c.Dwelling.Department && !x.DecidedOn.After(e.c.Date.Time) {
				dec = x
			}
		}
	}
	if dec == nil {
		return false // the municipality has not decided combined letting here
	}
	share, err := blandby.ParsePercent(dec.OutsideLabourPct)
	if bar := r.DepartmentShare; err != nil || !bar.Operator.Holds(share, bar.Value) {
		e.reason(Reason{RuleID: r.ID, LegalRef: r.DepartmentShare.LegalRef, Effect: EffectInfo, Text: join(msgShareNotMet, r.DepartmentShare.Label)})
		return false
	}
	return e.tests(r, EffectRejects)
}

// mandatory applies § 51 c; a dispensation turns a rejection into an
// allowance with its reason recorded.
func (e *eval) mandatory(r *Rule) error {
	if r.OutsideDepartmentOnly && !e.outside() {
		e.ruleReason(r, EffectPasses, msgInsideDepartment)
		return nil
	}
	dis := e.c.Dispensation
	if dis == nil || r.Dispensation == nil {
		e.tests(r, EffectRejects)
		return nil
	}
	i := slices.IndexFunc(r.Dispensation.Reasons, func(x DispensationReason) bool { return x.Code == dis.Reason })
	if i < 0 {
		codes := make([]string, len(r.Dispensation.Reasons))
		for j, x := range r.Dispensation.Reasons {
			codes[j] = x.Code
		}
		return blandby.Errorf(blandby.CodeInvalid, "case: dispensation.reason: unknown %q (expected one of %v)", dis.Reason, codes)
	}
	if !e.tests(r, EffectInfo) {
		return nil
	}
	e.d.Dispensation = dis
	e.reason(Reason{RuleID: r.ID, LegalRef: r.Dispensation.LegalRef, Effect: EffectDispensation,
		Text: join(msgDispensation, r.Dispensation.Reasons[i].Label)})
	return nil
}

// limits applies § 59 limits on municipal allocation.
func (e *eval) limits(r *Rule) { e.tests(r, EffectNotAllowed) }

// tests runs a rule's tests; each triggered test becomes a reason with the
// effect. It reports whether any triggered. With EffectRejects or
// EffectNotAllowed it marks the decision.
func (e *eval) tests(r *Rule, eff Effect) bool {
	hit := false
	for _, t := range r.Tests {
		if !t.Enabled || (t.Option != "" && !e.c.Policy.Has(t.Option)) {
			continue
		}
		if e.triggers(&t) {
			hit = true
			e.reason(Reason{RuleID: r.ID, TestID: t.ID, LegalRef: t.LegalRef, Effect: eff, Text: t.Label})
		}
	}
	switch {
	case !hit:
		e.ruleReason(r, EffectPasses, join(msgNoTestMet, r.Label))
	case eff == EffectRejects:
		e.rejected = true
	case eff == EffectNotAllowed:
		e.notAllowed = true
	}
	return hit
}

// occupancy applies the conditions on a sublet or an exchange.
func (e *eval) occupancy(r *Rule) error {
	if slices.Contains(r.DocumentationChannels, e.c.Channel) && !e.c.Household.Documented {
		e.rejected = true
		e.ruleReason(r, EffectRejects, msgNotDocumented)
	}
	if r.RequirePriority {
		switch g, cr := e.priority(); {
		case e.c.Policy == nil || len(e.c.Policy.Criteria) == 0:
			e.ruleReason(r, EffectInfo, msgNoCriteria)
		case g == 0:
			e.rejected = true
			e.ruleReason(r, EffectRejects, msgOccupancyNoCriterion)
		default:
			e.ruleReason(r, EffectPasses, join(msgPriority(g), cr.Label))
		}
	}
	for _, id := range r.ApplyRules {
		x, _ := e.rs.Rule(id)
		if !x.inCategory(e.c.Category, e.c.Policy) || !slices.Contains(x.DwellingTypes, e.c.Dwelling.Type) {
			continue
		}
		switch x.Kind {
		case KindCombinedLetting:
			e.combined(x)
		case KindMandatoryRejection:
			if err := e.mandatory(x); err != nil {
				return err
			}
		default:
			e.tests(x, EffectRejects)
		}
	}
	return nil
}

// subletGeneral applies the general sublet rules.
func (e *eval) subletGeneral(r *Rule) {
	s := e.c.Sublet
	if s == nil {
		return
	}
	ok := true
	if s.Whole {
		if s.AbsenceTo.After(s.AbsenceFrom.AddMonths(r.MaxAbsenceMonths).Time) {
			ok = false
			e.ruleReason(r, EffectRejects, msgAbsenceTooLong(r.MaxAbsenceMonths))
		}
	} else {
		if blandby.RatioInt(int64(s.RoomsSublet)).Cmp(r.MaxRoomsShare.MulInt(int64(s.Rooms))) > 0 {
			ok = false
			e.ruleReason(r, EffectRejects, msgTooManyRooms(*r.MaxRoomsShare))
		}
		if s.Occupants > s.Rooms {
			ok = false
			e.ruleReason(r, EffectRejects, msgTooManyOccupants)
		}
	}
	if ok {
		e.ruleReason(r, EffectPasses, r.Label)
	} else {
		e.rejected = true
	}
}

func join(a, b blandby.Text) blandby.Text {
	return blandby.Text{DA: a.DA + " " + b.DA, EN: a.EN + " " + b.EN}
}
