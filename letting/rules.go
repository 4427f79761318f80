package letting

import (
	"slices"

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
	Months    MonthRules
	// CohabitantMinYears is how long a cohabitant must have lived with the
	// applicant to count as a partner.
	CohabitantMinYears int
	// AdultAge is the age from which a member is an adult.
	AdultAge int
	// EEA are the citizenships (ISO 3166-1 alpha-2) of EU/EEA states and
	// Switzerland.
	EEA           []string
	BenefitGroups []BenefitGroup
	Rules         []Rule
}

// MonthRules say how benefit months are counted (LAW.md assumptions).
type MonthRules struct {
	// PartialMonthCounts counts a calendar month with a benefit on any day;
	// otherwise the month must be covered on every day.
	PartialMonthCounts bool
	// IncludeDecisionMonth ends a run of consecutive months with the month
	// of the decision instead of the month before.
	IncludeDecisionMonth bool
	// WithinInclusive makes "within the last N months" include the day
	// exactly N months before the decision date.
	WithinInclusive bool
}

// BenefitGroup is a named set of benefit types a test counts together.
type BenefitGroup struct {
	ID    string
	Label blandby.Text
	Types []string
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
	ID       string
	Kind     RuleKind
	LegalRef string
	Label    blandby.Text
	// Categories are the area categories the rule applies to (an area on a
	// nested list is on the lists it nests in); None means unlisted areas.
	Categories []blandby.Category
	// OptionalCategories apply the rule in further categories when the
	// municipality's policy has chosen the option.
	OptionalCategories []OptionalCategory
	Channels           []Channel
	DwellingTypes      []DwellingType
	// OutsideDepartmentOnly limits a rejection to applicants from outside
	// the dwelling's department.
	OutsideDepartmentOnly bool
	// DepartmentShare is the bar a department's share of residents 18–64
	// outside the labour market must meet for a § 51 b decision.
	DepartmentShare *ShareBar
	Tests           []Test
	Dispensation    *Dispensations
	// RequirePriority (occupancy) needs the incoming household to meet a
	// flexible-letting criterion of the policy.
	RequirePriority bool
	// ApplyRules (occupancy) are rules whose tests the incoming household
	// must also pass, wherever their categories apply.
	ApplyRules []string
	// DocumentationChannels (occupancy) need the tenant to have documented
	// the conditions before the sublet starts.
	DocumentationChannels []Channel
	// MaxRoomsShare and MaxAbsenceMonths are the general sublet limits.
	MaxRoomsShare    *blandby.Ratio
	MaxAbsenceMonths int
}

// OptionalCategory extends a rule to a category by a policy option.
type OptionalCategory struct {
	Category blandby.Category
	Option   string
}

// ShareBar is a threshold on a share written as a percentage.
type ShareBar struct {
	Operator law.Operator
	// Value is the share as a fraction (0.4 for 40 %).
	Value    blandby.Ratio
	LegalRef string
	Label    blandby.Text
}

// TestKind is what a test looks at.
type TestKind string

// The test kinds.
const (
	TestBenefits      TestKind = "benefits"
	TestReleased      TestKind = "released"
	TestTenancyBreach TestKind = "tenancy_breach"
	TestCitizenship   TestKind = "citizenship"
)

// Persons says whose circumstances a test looks at.
type Persons string

// The person scopes.
const (
	// PersonsHousehold is every member.
	PersonsHousehold Persons = "household"
	// PersonsAdults are the members of at least the rule set's adult age.
	PersonsAdults Persons = "adults"
	// PersonsPartners are the applicant and a spouse, or a cohabitant of at least
	// the rule set's minimum years.
	PersonsPartners Persons = "partners"
)

// Test is one condition on a household that triggers a rule.
type Test struct {
	ID       string
	Kind     TestKind
	Persons  Persons
	LegalRef string
	Label    blandby.Text
	// Option, when set, makes the test apply only when the municipality's
	// policy has chosen it.
	Option string
	// Enabled is the rule set's switch for an assumption.
	Enabled bool
	// Benefit tests: the group, and one of ConsecutiveMonths, Current or
	// EachOfLastYears.
	Group             string
	ConsecutiveMonths int
	Current           bool
	EachOfLastYears   int
	// WithinMonths bounds released and tenancy_breach tests.
	WithinMonths int
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
	Code  string
	Label blandby.Text
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

// Options returns every policy option the rule set reads, sorted.
func (rs *RuleSet) Options() []string {
	var out []string
	for _, r := range rs.Rules {
		for _, t := range r.Tests {
			if t.Option != "" {
				out = append(out, t.Option)
			}
		}
		for _, o := range r.OptionalCategories {
			out = append(out, o.Option)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// applies reports whether the rule applies to a category, channel and
// dwelling type under a policy.
func (r *Rule) applies(c blandby.Category, ch Channel, dt DwellingType, p *Policy) bool {
	return slices.Contains(r.Channels, ch) && slices.Contains(r.DwellingTypes, dt) && r.inCategory(c, p)
}

func (r *Rule) inCategory(c blandby.Category, p *Policy) bool {
	for _, x := range r.Categories {
		if (x == blandby.None && c == blandby.None) || c.On(x) {
			return true
		}
	}
	for _, o := range r.OptionalCategories {
		if c.On(o.Category) && p.Has(o.Option) {
			return true
		}
	}
	return false
}
