package letting

import (
	"maps"
	"slices"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
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
	// EffectAssumption marks a reading of the law the outcome turns on.
	EffectAssumption Effect = "assumption"
)

// effectLabels and outcomeLabels are the words for effects and outcomes,
// the same in the command line and the web.
var (
	effectLabels = map[Effect]blandby.Text{
		EffectInfo:         msg.Text("letting.effect.info"),
		EffectPasses:       msg.Text("letting.effect.passes"),
		EffectRejects:      msg.Text("common.rejects"),
		EffectNotAllowed:   msg.Text("letting.effect.not_allowed"),
		EffectPriority:     msg.Text("common.priority"),
		EffectNoPriority:   msg.Text("common.no_priority"),
		EffectDispensation: msg.Text("common.dispensation"),
		EffectAssumption:   msg.Text("common.assumption"),
	}
	outcomeLabels = map[Outcome]blandby.Text{
		Allowed:    msg.Text("common.allowed"),
		Rejected:   msg.Text("common.rejected"),
		NotAllowed: msg.Text("common.municipal_allocation_not_allowed"),
	}
)

// Label is the effect in words.
func (e Effect) Label() blandby.Text { return effectLabels[e] }

// Label is the outcome in words.
func (o Outcome) Label() blandby.Text { return outcomeLabels[o] }

// The rule ids of the reasons that are no rule of a rule set.
const (
	// RuleArea is the reason that says which list the area is on.
	RuleArea = "AREA"
	// RuleAssumption is a reason that names an assumption the outcome
	// turns on (its TestID is the assumption's id).
	RuleAssumption = "ASSUMPTION"
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

// DecisionAssumption is a reading of the law a decision turns on: with the
// other reading the outcome would differ, or the rule applied rests on a
// text that could not be verified.
type DecisionAssumption struct {
	ID       string       `json:"id"`
	LegalRef string       `json:"legal_ref"`
	Text     blandby.Text `json:"text"`
}

// Decision is the outcome of a case with its reasons.
type Decision struct {
	// ID identifies the decision in the log (set by the caller, NewID).
	ID       string           `json:"id,omitempty"`
	RuleSet  string           `json:"rule_set"`
	Date     Date             `json:"date"`
	Category blandby.Category `json:"category"`
	// CategoryName is the list's name at the decision date ("hårdt
	// ghettoområde" before 30 November 2021); nil for an unlisted area.
	CategoryName *blandby.Text `json:"category_name,omitempty"`
	Channel      Channel       `json:"channel"`
	Outcome      Outcome       `json:"outcome"`
	// PriorityGroup is the flexible-letting group (1 is the first); 0 for
	// none.
	PriorityGroup int           `json:"priority_group"`
	Priority      *blandby.Text `json:"priority,omitempty"`
	// Dispensation is the § 51 c dispensation the decision rests on.
	Dispensation *Dispensation `json:"dispensation,omitempty"`
	Reasons      []Reason      `json:"reasons"`
	// Assumptions are the readings of the law the outcome turns on.
	Assumptions   []DecisionAssumption `json:"assumptions,omitempty"`
	PolicyVersion int                  `json:"policy_version,omitempty"`
	// InputSHA256 is Case.InputHash of the inputs decided.
	InputSHA256 string `json:"input_sha256"`
}

// Decide decides a case under the rule set in force at its date.
func Decide(cat *Catalog, c Case) (*Decision, error) {
	rs, err := cat.At(c.Date.Time)
	if err != nil {
		return nil, err
	}
	return DecideWith(rs, c)
}

// DecideWith decides a case under a given rule set. A reading of the law
// the outcome turns on is named in the decision: each switch the
// evaluation found to matter is flipped, and when the other reading gives
// another outcome or priority group the switch is listed.
func DecideWith(rs *RuleSet, c Case) (*Decision, error) {
	if err := c.validate(rs); err != nil {
		return nil, err
	}
	e := newEval(rs, &c, "")
	if err := e.run(); err != nil {
		return nil, err
	}
	d := e.d
	for _, id := range slices.Sorted(maps.Keys(e.touched)) {
		alt := newEval(rs, &c, id)
		if err := alt.run(); err != nil {
			return nil, err
		}
		if alt.d.Outcome != d.Outcome || alt.d.PriorityGroup != d.PriorityGroup {
			e.rest(id)
		}
	}
	for _, a := range rs.Assumptions {
		if e.rests[a.ID] {
			d.Assumptions = append(d.Assumptions, DecisionAssumption{ID: a.ID, LegalRef: a.LegalRef, Text: a.Text})
			d.Reasons = append(d.Reasons, Reason{RuleID: RuleAssumption, TestID: a.ID, LegalRef: a.LegalRef, Effect: EffectAssumption, Text: a.Text})
		}
	}
	return d, nil
}

type eval struct {
	rs                   *RuleSet
	c                    *Case
	d                    *Decision
	rejected, notAllowed bool
	// flip is a switch read with its other value (a re-decision); touched
	// are the switches whose value made a difference somewhere, and rests
	// the assumptions the decision rests on.
	flip    string
	touched map[string]bool
	rests   map[string]bool
	// continued is true when § 168 a, stk. 6 keeps rules applying.
	continued bool
}

func newEval(rs *RuleSet, c *Case, flip string) *eval {
	e := &eval{rs: rs, c: c, flip: flip, rests: map[string]bool{}, d: &Decision{
		RuleSet: rs.ID, Date: c.Date, Category: c.Category, Channel: c.Channel, InputSHA256: c.InputHash(),
	}}
	if flip == "" {
		e.touched = map[string]bool{}
	}
	if c.Policy != nil {
		e.d.PolicyVersion = c.Policy.Version
	}
	if n, ok := rs.ListName(c.Category); ok {
		e.d.CategoryName = &n
	}
	return e
}

// sw returns a switch's reading, flipped in a re-decision.
func (e *eval) sw(id string) bool {
	a, _ := e.rs.Assumption(id)
	return *a.Switch != (id == e.flip)
}

// touch records that a switch's value made a difference.
func (e *eval) touch(id string) {
	if e.touched != nil {
		e.touched[id] = true
	}
}

// rest records an assumption the decision rests on.
func (e *eval) rest(id string) {
	if id != "" {
		e.rests[id] = true
	}
}

func (e *eval) run() error {
	ref := e.rs.Lists.LegalRef
	if n, ok := e.rs.Lists.Names[e.c.Category]; ok {
		ref = n.LegalRef
	}
	e.reason(Reason{RuleID: RuleArea, LegalRef: ref, Effect: EffectInfo, Text: areaText(e.d.CategoryName)})
	e.continued = e.continuation()
	priorityDone := false
	for i := range e.rs.Rules {
		r := &e.rs.Rules[i]
		if !e.applies(r) {
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
				return err
			}
		case KindAllocationLimit:
			e.limits(r)
		case KindOccupancyConditions:
			if err := e.occupancy(r); err != nil {
				return err
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
	return nil
}

// applies reports whether a rule applies to the case: by the area's
// category, or as a rule § 168 a, stk. 6 keeps applying.
func (e *eval) applies(r *Rule) bool {
	if r.applies(e.c.Category, e.c.Channel, e.c.Dwelling.Type) {
		return true
	}
	return e.continued && slices.Contains(e.rs.Continuation.Rules, r.ID) &&
		slices.Contains(r.Channels, e.c.Channel) && slices.Contains(r.DwellingTypes, e.c.Dwelling.Type)
}

func (e *eval) reason(r Reason) { e.d.Reasons = append(e.d.Reasons, r) }

func (e *eval) ruleReason(r *Rule, eff Effect, t blandby.Text) {
	e.reason(Reason{RuleID: r.ID, LegalRef: r.LegalRef, Effect: eff, Text: t})
}

// outside reports whether the household comes from outside the dwelling's
// department.
func (e *eval) outside() bool { return e.c.Household.CurrentDepartment != e.c.Dwelling.Department }

// continuation applies § 168 a, stk. 6 to an area that is not an
// omdannelse area on the list in force: the rules it names keep applying
// while the area has a development plan not yet carried out, has been off
// the omdannelse list for fewer than the years, and the end date has not
// come.
func (e *eval) continuation() bool {
	k := e.rs.Continuation
	if k == nil || e.c.Category == blandby.Omdannelse {
		return false
	}
	concerned := slices.ContainsFunc(k.Rules, func(id string) bool {
		r, _ := e.rs.Rule(id)
		return slices.Contains(r.Channels, e.c.Channel) && slices.Contains(r.DwellingTypes, e.c.Dwelling.Type)
	})
	if !concerned {
		return false
	}
	info := func(t blandby.Text) {
		e.reason(Reason{RuleID: k.ID, LegalRef: k.LegalRef, Effect: EffectInfo, Text: t})
	}
	a := e.c.Area
	if a == nil {
		info(msgAreaNotGiven)
		return false
	}
	last := -1
	for i, l := range a.Lists {
		if l.Category == blandby.Omdannelse {
			last = i
		}
	}
	switch off := len(a.Lists) - 1 - last; {
	case last < 0:
		return false
	case !a.DevelopmentPlan:
		info(msgNoPlan(a.Lists[last].Year))
	case a.PlanCompleted:
		info(msgPlanCompleted(a.Lists[last].Year))
	case !e.c.Date.Before(k.Until.Time):
		e.rest(k.Assumption)
		info(msgContinuationEnded(k.Until))
	case off >= k.YearsOff:
		e.rest(k.Assumption)
		info(msgYearsOff(a.Lists[last].Year, off, k.YearsOff))
	default:
		e.rest(k.Assumption)
		info(msgContinues(a.Lists[last].Year, off, k))
		return true
	}
	return false
}

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

// combined applies § 51 b where the municipality has decided it for an
// area of departments that meets one of the area tests.
func (e *eval) combined(r *Rule) {
	if r.OutsideDepartmentOnly && !e.outside() {
		e.ruleReason(r, EffectPasses, msgInsideDepartment)
		return
	}
	var dec *CombinedLettingDecision
	if p := e.c.Policy; p != nil {
		for i := range p.CombinedLetting {
			x := &p.CombinedLetting[i]
			if slices.Contains(x.Departments, e.c.Dwelling.Department) && !x.DecidedOn.After(e.c.Date.Time) && (dec == nil || x.DecidedOn.After(dec.DecidedOn.Time)) {
				dec = x
			}
		}
	}
	if dec == nil {
		return // the municipality has not decided combined letting here
	}
	area, ok := e.area(r, dec)
	if !ok {
		return
	}
	if e.rule(r, EffectRejects) {
		e.rest(area.Assumption)
	}
}

// area returns the first of the rule's area tests the decision's area
// meets, and explains when none does.
func (e *eval) area(r *Rule, dec *CombinedLettingDecision) (*AreaTest, bool) {
	share, err := blandby.ParsePercent(dec.OutsideLabourPct)
	if err == nil {
		for i := range r.Areas {
			a := &r.Areas[i]
			if a.Residents.Holds(blandby.RatioInt(dec.Residents)) && a.Share.Holds(share) {
				e.reason(Reason{RuleID: r.ID, TestID: a.ID, LegalRef: a.LegalRef, Effect: EffectInfo, Text: join(msgAreaMet, a.Label)})
				return a, true
			}
		}
	}
	for _, a := range r.Areas {
		e.reason(Reason{RuleID: r.ID, TestID: a.ID, LegalRef: a.LegalRef, Effect: EffectInfo, Text: join(msgAreaNotMet, a.Label)})
	}
	return nil, false
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
		e.rule(r, EffectRejects)
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
	if !e.rule(r, EffectInfo) {
		return nil
	}
	x := r.Dispensation.Reasons[i]
	e.d.Dispensation = dis
	e.reason(Reason{RuleID: r.ID, LegalRef: r.Dispensation.LegalRef + "; " + x.LegalRef, Effect: EffectDispensation,
		Text: join(msgDispensation, x.Label)})
	return nil
}

// limits applies § 59 limits on municipal allocation, unless the rule's
// exception lifts them.
func (e *eval) limits(r *Rule) {
	if x := r.Exception; x != nil {
		s := e.c.Policy.listedShare()
		switch {
		case s == nil:
			e.reason(Reason{RuleID: r.ID, TestID: x.ID, LegalRef: x.LegalRef, Effect: EffectInfo, Text: join(msgShareNotGiven, x.Label)})
		case x.Share.Holds(*s):
			e.rest(x.Assumption)
			e.reason(Reason{RuleID: r.ID, TestID: x.ID, LegalRef: x.LegalRef, Effect: EffectPasses, Text: join(msgShareException(*s, x.Share.Value), x.Label)})
			return
		}
	}
	e.rule(r, EffectNotAllowed)
}

// listedShare is the policy's listed share of public family dwellings.
func (p *Policy) listedShare() *blandby.Ratio {
	if p == nil || p.ListedFamilyShare == nil || p.ListedFamilyShare.Total <= 0 {
		return nil
	}
	s := blandby.NewRatio(p.ListedFamilyShare.Listed, p.ListedFamilyShare.Total)
	return &s
}

// rule applies a rule's tests to its persons and reports whether the rule
// is triggered: by one person meeting a test, or, for a rule of each
// person, by every person meeting one (and still receiving a benefit when
// the rule asks it). Each test met becomes a reason with the effect; with
// EffectRejects or EffectNotAllowed it marks the decision.
func (e *eval) rule(r *Rule, eff Effect) bool {
	ps := e.persons(r.Persons)
	met := make([][]*Test, len(ps))
	for i, m := range ps {
		for j := range r.Tests {
			t := &r.Tests[j]
			if t.Option != "" && !e.c.Policy.Has(t.Option) {
				continue
			}
			if e.meets(t, m) {
				met[i] = append(met[i], t)
			}
		}
	}
	var hit bool
	var tests []*Test
	if !r.EachPerson {
		for _, ts := range met {
			for _, t := range ts {
				if !slices.Contains(tests, t) {
					tests = append(tests, t)
				}
			}
		}
		hit = len(tests) > 0
		if !hit {
			e.ruleReason(r, EffectPasses, join(msgNoTestMet, r.Label))
		}
	} else {
		hit, tests = e.everyPerson(r, ps, met)
	}
	if !hit {
		return false
	}
	// In the rule's order, whatever the order of the members.
	slices.SortFunc(tests, func(a, b *Test) int { return testIndex(r, a) - testIndex(r, b) })
	for _, t := range tests {
		e.rest(t.Assumption)
		e.reason(Reason{RuleID: r.ID, TestID: t.ID, LegalRef: t.LegalRef, Effect: eff, Text: t.Label})
	}
	if eff == EffectRejects || eff == EffectNotAllowed {
		e.rest(r.Assumption)
	}
	switch eff {
	case EffectRejects:
		e.rejected = true
	case EffectNotAllowed:
		e.notAllowed = true
	}
	return true
}

func testIndex(r *Rule, t *Test) int {
	return slices.IndexFunc(r.Tests, func(x Test) bool { return x.ID == t.ID })
}

// everyPerson decides a rule of each person ("den boligsøgende og dennes
// ægtefælle"): every person must meet a test (the same one, unless the
// mixing switch allows each their own) and, when the rule asks it, still
// receive one of the named benefits. It explains when one of them does
// not.
func (e *eval) everyPerson(r *Rule, ps []*Member, met [][]*Test) (bool, []*Test) {
	var union, common []*Test
	each := true
	for i, ts := range met {
		each = each && len(ts) > 0
		for _, t := range ts {
			if !slices.Contains(union, t) {
				union = append(union, t)
			}
		}
		if i == 0 {
			common = slices.Clone(ts)
		} else {
			common = slices.DeleteFunc(common, func(t *Test) bool { return !slices.Contains(ts, t) })
		}
	}
	ok, tests := each, union
	if r.MixingAssumption != "" {
		if each != (len(common) > 0) {
			e.touch(r.MixingAssumption)
		}
		if !e.sw(r.MixingAssumption) {
			ok, tests = len(common) > 0, common
		}
	}
	if len(union) == 0 {
		e.ruleReason(r, EffectPasses, join(msgNoTestMet, r.Label))
		return false, nil
	}
	if !ok {
		e.ruleReason(r, EffectPasses, msgNotEveryPartner)
		return false, nil
	}
	if s := r.StillReceiving; s != nil {
		var own []string
		for _, t := range r.Tests {
			if t.Option == "" || e.c.Policy.Has(t.Option) {
				own = append(own, t.Group)
			}
		}
		named, chosen := true, true
		for _, m := range ps {
			named = named && e.receives(m, s.Groups)
			chosen = chosen && e.receives(m, own)
		}
		if named != chosen {
			e.touch(s.Assumption)
		}
		still := chosen
		if e.sw(s.Assumption) {
			still = named
		}
		if !still {
			e.reason(Reason{RuleID: r.ID, LegalRef: s.LegalRef, Effect: EffectPasses, Text: join(msgNotStillReceiving, s.Label)})
			return false, nil
		}
	}
	return true, tests
}

// occupancy applies the conditions on a sublet or an exchange.
func (e *eval) occupancy(r *Rule) error {
	if d := r.Documentation; d != nil && slices.Contains(d.Channels, e.c.Channel) && !e.c.Household.Documented {
		e.rejected = true
		e.reason(Reason{RuleID: r.ID, LegalRef: d.LegalRef, Effect: EffectRejects, Text: join(msgNotDocumented, d.Label)})
	}
	if r.RequirePriority {
		switch g, cr := e.priority(); {
		case e.c.Policy == nil || len(e.c.Policy.Criteria) == 0:
			e.ruleReason(r, EffectInfo, msgNoCriteria)
		case g == 0:
			e.rejected = true
			e.rest(r.Assumption)
			e.ruleReason(r, EffectRejects, msgOccupancyNoCriterion)
		default:
			e.ruleReason(r, EffectPasses, join(msgPriority(g), cr.Label))
		}
	}
	for _, id := range r.ApplyRules {
		x, _ := e.rs.Rule(id)
		if !x.inCategory(e.c.Category) || !slices.Contains(x.DwellingTypes, e.c.Dwelling.Type) {
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
			e.rule(x, EffectRejects)
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
