package letting

import (
	"fmt"
	"slices"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
)

// RuleSet is one version of the letting and allocation rules.
type RuleSet struct {
	// ID is the date the version took effect, as YYYY-MM-DD.
	ID string
	// ValidFrom is the first decision date the version applies to.
	ValidFrom Date
	Title     blandby.Text
	Source    blandby.Text
	LegalRef  string
	// Lists are the lists in force under the version.
	Lists Lists
	// Partners says who counts as the applicant's spouse.
	Partners PartnerRule
	// YouthAge is the age under which § 59, stk. 6, nr. 2 applies.
	YouthAge int
	// Membership is the dated EU/EEA/Swiss membership the citizenship
	// tests read.
	Membership *Membership
	// Assumptions are the readings the text leaves open; a switch is a
	// reading that can be flipped.
	Assumptions []Assumption
	// BenefitTypeNames name every benefit type the groups count, in the
	// file's order.
	BenefitTypeNames []BenefitType
	BenefitGroups    []BenefitGroup
	// Continuation keeps rules applying to a former omdannelse area with a
	// development plan (§ 168 a, stk. 6); nil before it took effect.
	Continuation *Continuation
	Rules        []Rule
}

// Lists are the lists in force under a version: their names by category
// ("hårdt ghettoområde" before 30 November 2021) and the provisions that
// define and publish them. A category not named is no list in force then.
type Lists struct {
	// LegalRef is the provision that publishes the lists.
	LegalRef string
	Names    map[blandby.Category]ListName
}

// ListName is a list's name and the provision defining it.
type ListName struct {
	Name     blandby.Text
	LegalRef string
}

// PartnerRule says who counts as a spouse: a spouse, or a cohabitant of at
// least CohabitantMinYears.
type PartnerRule struct {
	CohabitantMinYears int
	LegalRef           string
	Label              blandby.Text
}

// Assumption is a reading of the law the text leaves open. A switch
// assumption (Switch non-nil) is a reading that can be flipped: Switch is
// the reading applied. Text says both readings and which one applies.
type Assumption struct {
	ID       string
	Switch   *bool
	LegalRef string
	Text     blandby.Text
}

// The switch assumptions the evaluation reads by name; every rule set has
// them. Rules name their other switches (MixingAssumption,
// StillReceiving.Assumption).
const (
	SwitchPartialMonth    = "partial_month_counts"
	SwitchDecisionMonth   = "include_decision_month"
	SwitchWithinInclusive = "within_inclusive"
	SwitchUKTransition    = "uk_transition"
	SwitchActionPlan      = "action_plan"
)

var requiredSwitches = []string{SwitchPartialMonth, SwitchDecisionMonth, SwitchWithinInclusive, SwitchUKTransition, SwitchActionPlan}

// Assumption returns the assumption with the id.
func (rs *RuleSet) Assumption(id string) (*Assumption, bool) {
	for i := range rs.Assumptions {
		if rs.Assumptions[i].ID == id {
			return &rs.Assumptions[i], true
		}
	}
	return nil, false
}

// BenefitType is a benefit a member's benefit period names, by its id
// ("kontanthjaelp") and in words ("kontanthjælp").
type BenefitType struct {
	ID   string
	Name blandby.Text
}

// BenefitGroup is a named set of benefit types a test counts together.
type BenefitGroup struct {
	ID    string
	Label blandby.Text
	Types []string
}

// Continuation is § 168 a, stk. 6: Rules keep applying to an area that has
// been an omdannelse area and has a development plan, until the plan is
// carried out, the area has not been an omdannelse area on YearsOff
// consecutive lists, or Until.
type Continuation struct {
	// ID is the rule id the continuation's reasons carry ("168A-6").
	ID string
	// Name is what the continuation is, in a few words.
	Name       blandby.Text
	LegalRef   string
	Label      blandby.Text
	Rules      []string
	YearsOff   int
	Until      Date
	Assumption string
}

// RuleKind is what a rule does.
type RuleKind string

// The rule kinds.
const (
	// KindFlexibleLetting gives priority groups from the municipality's
	// criteria (ABL § 60).
	KindFlexibleLetting RuleKind = "flexible_letting"
	// KindCombinedLetting rejects applicants from outside the department in
	// departments the municipality has decided (§ 51 b).
	KindCombinedLetting RuleKind = "combined_letting"
	// KindMandatoryRejection rejects applicants from outside the department
	// (§ 51 c), unless the municipality grants a dispensation.
	KindMandatoryRejection RuleKind = "mandatory_rejection"
	// KindAllocationLimit refuses municipal allocation (§ 59, stk. 6, 7).
	KindAllocationLimit RuleKind = "allocation_limit"
	// KindOccupancyConditions makes a sublet or an exchange meet the
	// area's letting conditions.
	KindOccupancyConditions RuleKind = "occupancy_conditions"
	// KindSubletGeneral are the general sublet rules.
	KindSubletGeneral RuleKind = "sublet_general"
)

var ruleKinds = []RuleKind{KindFlexibleLetting, KindCombinedLetting, KindMandatoryRejection, KindAllocationLimit, KindOccupancyConditions, KindSubletGeneral}

// Rule is one rule of a rule set; which fields matter depends on Kind.
type Rule struct {
	ID string
	// Name is what the rule is, in a few words ("Kombineret udlejning");
	// Label says it in full.
	Name     blandby.Text
	Kind     RuleKind
	LegalRef string
	Label    blandby.Text
	// Assumption names the assumption the whole rule rests on ("").
	Assumption string
	// Categories are the area categories the rule applies to (an area on a
	// nested list is on the lists it nests in); None means unlisted areas.
	Categories    []blandby.Category
	Channels      []Channel
	DwellingTypes []DwellingType
	// OutsideDepartmentOnly limits a rejection to applicants from outside
	// the dwelling's department.
	OutsideDepartmentOnly bool
	// Persons are whose circumstances the tests look at; EachPerson makes
	// the rule apply only when every one of them meets a test ("den
	// boligsøgende og dennes ægtefælle"), otherwise one is enough ("et
	// medlem af husstanden").
	Persons    Persons
	EachPerson bool
	// MixingAssumption, with EachPerson, is the switch that lets each
	// person meet a different test.
	MixingAssumption string
	// StillReceiving, when set, needs every person to receive one of the
	// groups' benefits on the decision date (§ 51 b, stk. 1, 3. pkt.).
	StillReceiving *StillReceiving
	// Areas are the alternative area tests a § 51 b decision rests on.
	Areas []AreaTest
	// Exception lifts the rule for a municipality whose listed share of
	// public family dwellings meets it (§ 59, stk. 7, 2. pkt.).
	Exception    *ShareException
	Tests        []Test
	Dispensation *Dispensations
	// RequirePriority (occupancy) needs the incoming household to meet a
	// flexible-letting criterion of the policy.
	RequirePriority bool
	// ApplyRules (occupancy) are rules whose tests the incoming household
	// must also pass, wherever their categories apply.
	ApplyRules []string
	// Documentation (occupancy) needs the tenant to have documented the
	// conditions before a sublet starts.
	Documentation *Documentation
	// MaxRoomsShare and MaxAbsenceMonths are the general sublet limits.
	MaxRoomsShare    *blandby.Ratio
	MaxAbsenceMonths int
}

// StillReceiving is the condition that every person receives one of the
// groups' benefits on the decision date.
type StillReceiving struct {
	Groups []string
	// Assumption is the switch: on, any group listed counts; off, only the
	// groups of the tests the municipality applies.
	Assumption string
	LegalRef   string
	Label      blandby.Text
}

// AreaTest is one definition of a § 51 b area: physically contiguous
// departments with at least so many residents together, of whom at least
// a share of those aged 18-64 are outside the labour market.
type AreaTest struct {
	ID         string
	LegalRef   string
	Assumption string
	Residents  Bar
	Share      Bar
	Label      blandby.Text
}

// ShareException is an exception for municipalities whose share of public
// family dwellings in listed areas meets a bar.
type ShareException struct {
	ID         string
	LegalRef   string
	Assumption string
	Share      Bar
	Label      blandby.Text
}

// Documentation is the duty to document the conditions before a sublet.
type Documentation struct {
	Channels []Channel
	LegalRef string
	Label    blandby.Text
}

// Bar is an operator and a value, with the sentence it comes from. A share
// is a fraction (2/5 for 40 %).
type Bar struct {
	Operator law.Operator
	Value    blandby.Ratio
	LegalRef string
}

// Holds reports whether v meets the bar.
func (b Bar) Holds(v blandby.Ratio) bool { return b.Operator.Holds(v, b.Value) }

// TestKind is what a test looks at.
type TestKind string

// The test kinds.
const (
	TestBenefits      TestKind = "benefits"
	TestReleased      TestKind = "released"
	TestTenancyBreach TestKind = "tenancy_breach"
	TestCitizenship   TestKind = "citizenship"
)

// Persons says whose circumstances a rule looks at.
type Persons string

// The person scopes.
const (
	// PersonsHousehold is every member.
	PersonsHousehold Persons = "household"
	// PersonsPartners are the applicant and a spouse, or a cohabitant of at
	// least the rule set's minimum years.
	PersonsPartners Persons = "partners"
)

// Test is one condition on a person.
type Test struct {
	ID       string
	Kind     TestKind
	LegalRef string
	Label    blandby.Text
	// Assumption names the assumption the test rests on ("").
	Assumption string
	// Option, when set, makes the test apply only when the municipality's
	// policy has chosen it.
	Option string
	// Benefit tests: the group, and ConsecutiveMonths or Current.
	Group             string
	ConsecutiveMonths int
	Current           bool
	// WithinMonths bounds released and tenancy_breach tests.
	WithinMonths int
	// ReleasedFrom is where a released test's release was from;
	// UnderYouthAge limits it to members under the rule set's youth age.
	ReleasedFrom  ReleasedFrom
	UnderYouthAge bool
	// StudentException exempts students from the citizenship test.
	StudentException bool
}

// Dispensations are the reasons a municipality may grant a dispensation for.
type Dispensations struct {
	LegalRef string
	Reasons  []DispensationReason
}

// DispensationReason is one ground for a dispensation.
type DispensationReason struct {
	Code     string
	LegalRef string
	Label    blandby.Text
}

// Rule returns the rule with the id.
func (rs *RuleSet) Rule(id string) (*Rule, bool) {
	for i := range rs.Rules {
		if rs.Rules[i].ID == id {
			return &rs.Rules[i], true
		}
	}
	return nil, false
}

// Group returns the benefit group with the id.
func (rs *RuleSet) Group(id string) (*BenefitGroup, bool) {
	for i := range rs.BenefitGroups {
		if rs.BenefitGroups[i].ID == id {
			return &rs.BenefitGroups[i], true
		}
	}
	return nil, false
}

// BenefitTypes returns every benefit type the rule set knows, sorted.
func (rs *RuleSet) BenefitTypes() []string {
	var out []string
	for _, g := range rs.BenefitGroups {
		out = append(out, g.Types...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// BenefitTypeName returns a benefit type in words; ok is false for a type
// the rule set does not know.
func (rs *RuleSet) BenefitTypeName(id string) (name blandby.Text, ok bool) {
	for _, b := range rs.BenefitTypeNames {
		if b.ID == id {
			return b.Name, true
		}
	}
	return blandby.Text{}, false
}

// RuleName returns what the rule a reason names (Reason.RuleID) is, in a
// few words: a rule's or the continuation's name, or, for the reasons
// that are no rule of the set, what they are (the area's list, an
// assumption). ok is false for an id the rule set does not know.
func (rs *RuleSet) RuleName(id string) (name blandby.Text, ok bool) {
	switch id {
	case RuleArea:
		return msgRuleArea, true
	case RuleAssumption:
		return msgRuleAssumption, true
	}
	if r, ok := rs.Rule(id); ok {
		return r.Name, true
	}
	if c := rs.Continuation; c != nil && c.ID == id {
		return c.Name, true
	}
	return blandby.Text{}, false
}

// Options returns every policy option the rule set reads, sorted.
func (rs *RuleSet) Options() []string {
	var out []string
	for _, r := range rs.Rules {
		for _, t := range r.Tests {
			if t.Option != "" {
				out = append(out, t.Option)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ListName returns the name of a list in force under the rule set, in
// the words of the time ("hårdt ghettoområde" before 30 November 2021).
func (rs *RuleSet) ListName(c blandby.Category) (blandby.Text, bool) {
	n, ok := rs.Lists.Names[c]
	return n.Name, ok
}

// applies reports whether the rule applies to a category, channel and
// dwelling type.
func (r *Rule) applies(c blandby.Category, ch Channel, dt DwellingType) bool {
	return slices.Contains(r.Channels, ch) && slices.Contains(r.DwellingTypes, dt) && r.inCategory(c)
}

func (r *Rule) inCategory(c blandby.Category) bool {
	for _, x := range r.Categories {
		if (x == blandby.None && c == blandby.None) || c.On(x) {
			return true
		}
	}
	return false
}

// listNames lists the names of the lists in force, for errors.
func (rs *RuleSet) listNames() string {
	var out []string
	for _, c := range blandby.ListCategories {
		if n, ok := rs.Lists.Names[c]; ok {
			out = append(out, fmt.Sprintf("%s (%s)", c, n.Name.DA))
		}
	}
	return strings.Join(out, ", ")
}
