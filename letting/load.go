package letting

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
)

// The file schema, decoded strictly (an unknown key is an error) and then
// validated into the exported types.

type fileRuleSet struct {
	law.Header    `yaml:",inline"`
	LegalRef      string            `yaml:"legal_ref"`
	Lists         fileLists         `yaml:"lists"`
	Partners      filePartners      `yaml:"partners"`
	YouthAge      int               `yaml:"youth_age"`
	Citizenship   fileCitizenship   `yaml:"citizenship"`
	Assumptions   []fileAssumption  `yaml:"assumptions"`
	BenefitTypes  []fileBenefitType `yaml:"benefit_types"`
	BenefitGroups []fileGroup       `yaml:"benefit_groups"`
	Continuation  *fileContinuation `yaml:"continuation"`
	Rules         []fileRule        `yaml:"rules"`
}

type fileLists struct {
	LegalRef string `yaml:"legal_ref"`
	Names    map[string]struct {
		LegalRef string       `yaml:"legal_ref"`
		Name     blandby.Text `yaml:"name"`
	} `yaml:"names"`
}

type filePartners struct {
	CohabitantMinYears int          `yaml:"cohabitant_min_years"`
	LegalRef           string       `yaml:"legal_ref"`
	Label              blandby.Text `yaml:"label"`
}

type fileCitizenship struct {
	Membership string `yaml:"membership"`
}

type fileAssumption struct {
	ID       string       `yaml:"id"`
	Switch   *bool        `yaml:"switch"`
	LegalRef string       `yaml:"legal_ref"`
	Text     blandby.Text `yaml:"text"`
}

type fileBenefitType struct {
	ID   string       `yaml:"id"`
	Name blandby.Text `yaml:"name"`
}

type fileGroup struct {
	ID    string       `yaml:"id"`
	Label blandby.Text `yaml:"label"`
	Types []string     `yaml:"types"`
}

type fileContinuation struct {
	ID         string       `yaml:"id"`
	Name       blandby.Text `yaml:"name"`
	LegalRef   string       `yaml:"legal_ref"`
	Rules      []string     `yaml:"rules"`
	YearsOff   int          `yaml:"years_off"`
	Until      string       `yaml:"until"`
	Assumption string       `yaml:"assumption"`
	Label      blandby.Text `yaml:"label"`
}

type fileRule struct {
	ID                    string              `yaml:"id"`
	Name                  blandby.Text        `yaml:"name"`
	Kind                  string              `yaml:"kind"`
	LegalRef              string              `yaml:"legal_ref"`
	Assumption            string              `yaml:"assumption"`
	Label                 blandby.Text        `yaml:"label"`
	Categories            []string            `yaml:"categories"`
	Channels              []string            `yaml:"channels"`
	DwellingTypes         []string            `yaml:"dwelling_types"`
	OutsideDepartmentOnly bool                `yaml:"outside_department_only"`
	Persons               string              `yaml:"persons"`
	EachPerson            bool                `yaml:"each_person"`
	MixingAssumption      string              `yaml:"mixing_assumption"`
	StillReceiving        *fileStillReceiving `yaml:"still_receiving"`
	Areas                 []fileArea          `yaml:"areas"`
	Exception             *fileException      `yaml:"exception"`
	Tests                 []fileTest          `yaml:"tests"`
	Dispensation          *fileDispensations  `yaml:"dispensation"`
	RequirePriority       bool                `yaml:"require_priority"`
	ApplyRules            []string            `yaml:"apply_rules"`
	Documentation         *fileDocumentation  `yaml:"documentation"`
	MaxRoomsShare         string              `yaml:"max_rooms_share"`
	MaxAbsenceMonths      int                 `yaml:"max_absence_months"`
}

type fileStillReceiving struct {
	Groups     []string     `yaml:"groups"`
	Assumption string       `yaml:"assumption"`
	LegalRef   string       `yaml:"legal_ref"`
	Label      blandby.Text `yaml:"label"`
}

type fileBar struct {
	Operator string `yaml:"operator"`
	Value    string `yaml:"value"`
	LegalRef string `yaml:"legal_ref"`
}

type fileArea struct {
	ID         string       `yaml:"id"`
	LegalRef   string       `yaml:"legal_ref"`
	Assumption string       `yaml:"assumption"`
	Residents  fileBar      `yaml:"residents"`
	Share      fileBar      `yaml:"share"`
	Label      blandby.Text `yaml:"label"`
}

type fileException struct {
	ID                string       `yaml:"id"`
	LegalRef          string       `yaml:"legal_ref"`
	Assumption        string       `yaml:"assumption"`
	ListedFamilyShare fileBar      `yaml:"listed_family_share"`
	Label             blandby.Text `yaml:"label"`
}

type fileDocumentation struct {
	Channels []string     `yaml:"channels"`
	LegalRef string       `yaml:"legal_ref"`
	Label    blandby.Text `yaml:"label"`
}

type fileTest struct {
	ID                string       `yaml:"id"`
	Kind              string       `yaml:"kind"`
	Group             string       `yaml:"group"`
	ConsecutiveMonths int          `yaml:"consecutive_months"`
	Current           bool         `yaml:"current"`
	WithinMonths      int          `yaml:"within_months"`
	ReleasedFrom      string       `yaml:"released_from"`
	UnderYouthAge     bool         `yaml:"under_youth_age"`
	StudentException  bool         `yaml:"student_exception"`
	Option            string       `yaml:"option"`
	Assumption        string       `yaml:"assumption"`
	LegalRef          string       `yaml:"legal_ref"`
	Label             blandby.Text `yaml:"label"`
}

type fileDispensations struct {
	LegalRef string `yaml:"legal_ref"`
	Reasons  []struct {
		Code     string       `yaml:"code"`
		LegalRef string       `yaml:"legal_ref"`
		Label    blandby.Text `yaml:"label"`
	} `yaml:"reasons"`
}

// Parse decodes and validates one letting rule-set file; name is used in
// errors.
func Parse(name string, data []byte) (*RuleSet, error) {
	var f fileRuleSet
	if err := law.DecodeStrict(name, data, &f); err != nil {
		return nil, err
	}
	ms, err := embeddedMemberships()
	if err != nil {
		return nil, err
	}
	v := validator{law.NewCheck(name)}
	rs := v.ruleSet(&f, ms)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return rs, nil
}

var embeddedMemberships = sync.OnceValues(memberships)

// validator checks a letting rule file (law.Check).
type validator struct{ *law.Check }

func (v validator) ruleSet(f *fileRuleSet, ms map[string]*Membership) *RuleSet {
	rs := &RuleSet{ID: f.ID, Title: f.Title, Source: f.Source, LegalRef: f.LegalRef, YouthAge: f.YouthAge,
		Partners: PartnerRule{CohabitantMinYears: f.Partners.CohabitantMinYears, LegalRef: f.Partners.LegalRef, Label: f.Partners.Label}}
	rs.ValidFrom = Date{v.Header(f.Header, law.IDIsValidFrom)}
	v.Ref("legal_ref", f.LegalRef)
	rs.Lists = Lists{LegalRef: f.Lists.LegalRef, Names: map[blandby.Category]ListName{}}
	v.Ref("lists.legal_ref", f.Lists.LegalRef)
	for k, n := range f.Lists.Names {
		c, err := blandby.ParseCategory(k)
		if err != nil || c == blandby.None {
			v.Fail("lists.names."+k, "not a list category")
			continue
		}
		v.Text("lists.names."+k+".name", n.Name)
		v.Ref("lists.names."+k+".legal_ref", n.LegalRef)
		rs.Lists.Names[c] = ListName{Name: n.Name, LegalRef: n.LegalRef}
	}
	if len(rs.Lists.Names) == 0 {
		v.Fail("lists.names", "required: the names of the lists in force")
	}
	if f.Partners.CohabitantMinYears <= 0 {
		v.Fail("partners.cohabitant_min_years", "expected a positive number of years")
	}
	v.Ref("partners.legal_ref", f.Partners.LegalRef)
	v.Text("partners.label", f.Partners.Label)
	if f.YouthAge <= 0 {
		v.Fail("youth_age", "expected a positive age")
	}
	if rs.Membership = ms[f.Citizenship.Membership]; rs.Membership == nil {
		v.Fail("citizenship.membership", "unknown membership %q (law/rules/countries)", f.Citizenship.Membership)
	}
	for i, a := range f.Assumptions {
		field := fmt.Sprintf("assumptions[%d]", i)
		if a.ID == "" {
			v.Fail(field+".id", "required")
		}
		if _, dup := rs.Assumption(a.ID); dup {
			v.Fail(field+".id", "duplicate assumption %q", a.ID)
		}
		v.Ref(field+".legal_ref", a.LegalRef)
		v.Text(field+".text", a.Text)
		rs.Assumptions = append(rs.Assumptions, Assumption{ID: a.ID, Switch: a.Switch, LegalRef: a.LegalRef, Text: a.Text})
	}
	for _, id := range requiredSwitches {
		v.assumption("assumptions", rs, id, true)
	}
	for i, b := range f.BenefitTypes {
		field := fmt.Sprintf("benefit_types[%d]", i)
		if b.ID == "" {
			v.Fail(field+".id", "required")
		}
		if slices.ContainsFunc(rs.BenefitTypeNames, func(x BenefitType) bool { return x.ID == b.ID }) {
			v.Fail(field+".id", "duplicate benefit type %q", b.ID)
		}
		v.Text(field+".name", b.Name)
		rs.BenefitTypeNames = append(rs.BenefitTypeNames, BenefitType{ID: b.ID, Name: b.Name})
	}
	for i, g := range f.BenefitGroups {
		field := fmt.Sprintf("benefit_groups[%d]", i)
		if g.ID == "" || len(g.Types) == 0 {
			v.Fail(field, "needs an id and types")
		}
		for _, t := range g.Types {
			if !slices.ContainsFunc(rs.BenefitTypeNames, func(x BenefitType) bool { return x.ID == t }) {
				v.Fail(field+".types", "benefit type %q is not named in benefit_types", t)
			}
		}
		if _, dup := rs.Group(g.ID); dup {
			v.Fail(field+".id", "duplicate group %q", g.ID)
		}
		v.Text(field+".label", g.Label)
		rs.BenefitGroups = append(rs.BenefitGroups, BenefitGroup{ID: g.ID, Label: g.Label, Types: g.Types})
	}
	for i, b := range rs.BenefitTypeNames {
		if !slices.Contains(rs.BenefitTypes(), b.ID) {
			v.Fail(fmt.Sprintf("benefit_types[%d].id", i), "benefit type %q is in no benefit group", b.ID)
		}
	}
	for i := range f.Rules {
		r := v.rule(rs, fmt.Sprintf("rules[%d]", i), &f.Rules[i])
		if _, dup := rs.Rule(r.ID); dup {
			v.Fail(fmt.Sprintf("rules[%d].id", i), "duplicate rule %q", r.ID)
		}
		rs.Rules = append(rs.Rules, r)
	}
	for i, r := range rs.Rules {
		for _, id := range r.ApplyRules {
			if _, ok := rs.Rule(id); !ok || id == r.ID {
				v.Fail(fmt.Sprintf("rules[%d].apply_rules", i), "unknown rule %q", id)
			}
		}
	}
	if c := f.Continuation; c != nil {
		rs.Continuation = v.continuation(rs, c)
	}
	return rs
}

// assumption checks that an assumption named by a node exists, and is a
// switch when one is needed.
func (v validator) assumption(field string, rs *RuleSet, id string, needSwitch bool) {
	if id == "" {
		return
	}
	a, ok := rs.Assumption(id)
	switch {
	case !ok:
		v.Fail(field, "unknown assumption %q", id)
	case needSwitch && a.Switch == nil:
		v.Fail(field, "assumption %q must be a switch (switch: true or false)", id)
	}
}

func (v validator) continuation(rs *RuleSet, f *fileContinuation) *Continuation {
	c := &Continuation{ID: f.ID, Name: f.Name, LegalRef: f.LegalRef, Label: f.Label, Rules: f.Rules, YearsOff: f.YearsOff, Assumption: f.Assumption}
	if f.ID == "" {
		v.Fail("continuation.id", "required: the rule id its reasons carry")
	}
	v.Text("continuation.name", f.Name)
	v.Ref("continuation.legal_ref", f.LegalRef)
	v.Text("continuation.label", f.Label)
	v.assumption("continuation.assumption", rs, f.Assumption, false)
	for _, id := range f.Rules {
		if _, ok := rs.Rule(id); !ok {
			v.Fail("continuation.rules", "unknown rule %q", id)
		}
	}
	if len(f.Rules) == 0 || f.YearsOff <= 0 {
		v.Fail("continuation", "needs rules and a positive years_off")
	}
	until, err := ParseDate(f.Until)
	if err != nil {
		v.Fail("continuation.until", "%v", err)
	}
	c.Until = until
	return c
}

func (v validator) bar(field string, f fileBar, percent bool) Bar {
	op, err := law.ParseOperator(f.Operator)
	if err != nil {
		v.Fail(field+".operator", "%v", err)
	}
	var val blandby.Ratio
	if percent {
		val, err = blandby.ParsePercent(f.Value)
	} else {
		val, err = blandby.ParseDecimal(f.Value)
	}
	if err != nil {
		v.Fail(field+".value", "%v", err)
	}
	return Bar{Operator: op, Value: val, LegalRef: f.LegalRef}
}

func (v validator) rule(rs *RuleSet, field string, f *fileRule) Rule {
	r := Rule{ID: f.ID, Name: f.Name, Kind: RuleKind(f.Kind), LegalRef: f.LegalRef, Label: f.Label, Assumption: f.Assumption,
		OutsideDepartmentOnly: f.OutsideDepartmentOnly, Persons: Persons(f.Persons), EachPerson: f.EachPerson,
		MixingAssumption: f.MixingAssumption, RequirePriority: f.RequirePriority, ApplyRules: f.ApplyRules,
		MaxAbsenceMonths: f.MaxAbsenceMonths}
	if f.ID == "" {
		v.Fail(field+".id", "required")
	}
	if !slices.Contains(ruleKinds, r.Kind) {
		v.Fail(field+".kind", "unknown kind %q (expected one of %v)", f.Kind, ruleKinds)
	}
	v.Text(field+".name", f.Name)
	v.Ref(field+".legal_ref", f.LegalRef)
	v.Text(field+".label", f.Label)
	v.assumption(field+".assumption", rs, f.Assumption, false)
	v.assumption(field+".mixing_assumption", rs, f.MixingAssumption, true)
	for _, c := range f.Categories {
		cat, err := blandby.ParseCategory(c)
		if err != nil {
			v.Fail(field+".categories", "%v", err)
		}
		r.Categories = append(r.Categories, cat)
	}
	if len(r.Categories) == 0 {
		v.Fail(field+".categories", "required")
	}
	r.Channels = v.channels(field+".channels", f.Channels)
	if len(r.Channels) == 0 {
		v.Fail(field+".channels", "required")
	}
	for _, t := range f.DwellingTypes {
		if !slices.Contains(dwellingTypes, DwellingType(t)) {
			v.Fail(field+".dwelling_types", "unknown dwelling type %q (expected one of %v)", t, dwellingTypes)
		}
		r.DwellingTypes = append(r.DwellingTypes, DwellingType(t))
	}
	if len(r.DwellingTypes) == 0 {
		v.Fail(field+".dwelling_types", "required")
	}
	needsTests := r.Kind == KindCombinedLetting || r.Kind == KindMandatoryRejection || r.Kind == KindAllocationLimit
	if needsTests && !slices.Contains([]Persons{PersonsHousehold, PersonsPartners}, r.Persons) {
		v.Fail(field+".persons", "unknown %q (expected household or partners)", f.Persons)
	}
	if s := f.StillReceiving; s != nil {
		r.StillReceiving = &StillReceiving{Groups: s.Groups, Assumption: s.Assumption, LegalRef: s.LegalRef, Label: s.Label}
		for _, g := range s.Groups {
			if _, ok := rs.Group(g); !ok {
				v.Fail(field+".still_receiving.groups", "unknown benefit group %q", g)
			}
		}
		v.assumption(field+".still_receiving.assumption", rs, s.Assumption, true)
		v.Ref(field+".still_receiving.legal_ref", s.LegalRef)
		v.Text(field+".still_receiving.label", s.Label)
	}
	for j, a := range f.Areas {
		af := fmt.Sprintf("%s.areas[%d]", field, j)
		if a.ID == "" {
			v.Fail(af+".id", "required")
		}
		v.Ref(af+".legal_ref", a.LegalRef)
		v.Text(af+".label", a.Label)
		v.assumption(af+".assumption", rs, a.Assumption, false)
		r.Areas = append(r.Areas, AreaTest{ID: a.ID, LegalRef: a.LegalRef, Assumption: a.Assumption, Label: a.Label,
			Residents: v.bar(af+".residents", a.Residents, false), Share: v.bar(af+".share", a.Share, true)})
	}
	if r.Kind == KindCombinedLetting && len(r.Areas) == 0 {
		v.Fail(field+".areas", "required for combined_letting")
	}
	if e := f.Exception; e != nil {
		v.Ref(field+".exception.legal_ref", e.LegalRef)
		v.Text(field+".exception.label", e.Label)
		v.assumption(field+".exception.assumption", rs, e.Assumption, false)
		r.Exception = &ShareException{ID: e.ID, LegalRef: e.LegalRef, Assumption: e.Assumption, Label: e.Label,
			Share: v.bar(field+".exception.listed_family_share", e.ListedFamilyShare, true)}
	}
	for j := range f.Tests {
		r.Tests = append(r.Tests, v.test(rs, fmt.Sprintf("%s.tests[%d]", field, j), &f.Tests[j]))
	}
	if needsTests && len(r.Tests) == 0 {
		v.Fail(field+".tests", "required for %s", r.Kind)
	}
	if d := f.Dispensation; d != nil {
		r.Dispensation = &Dispensations{LegalRef: d.LegalRef}
		v.Ref(field+".dispensation.legal_ref", d.LegalRef)
		for j, x := range d.Reasons {
			xf := fmt.Sprintf("%s.dispensation.reasons[%d]", field, j)
			if x.Code == "" {
				v.Fail(xf+".code", "required")
			}
			v.Ref(xf+".legal_ref", x.LegalRef)
			v.Text(xf+".label", x.Label)
			r.Dispensation.Reasons = append(r.Dispensation.Reasons, DispensationReason{Code: x.Code, LegalRef: x.LegalRef, Label: x.Label})
		}
	}
	if d := f.Documentation; d != nil {
		r.Documentation = &Documentation{Channels: v.channels(field+".documentation.channels", d.Channels), LegalRef: d.LegalRef, Label: d.Label}
		v.Ref(field+".documentation.legal_ref", d.LegalRef)
		v.Text(field+".documentation.label", d.Label)
	}
	if f.MaxRoomsShare != "" {
		q, err := parseFraction(f.MaxRoomsShare)
		if err != nil {
			v.Fail(field+".max_rooms_share", "%v", err)
		}
		r.MaxRoomsShare = &q
	}
	if r.Kind == KindSubletGeneral && (r.MaxRoomsShare == nil || r.MaxAbsenceMonths <= 0) {
		v.Fail(field, "sublet_general needs max_rooms_share and max_absence_months")
	}
	return r
}

func (v validator) channels(field string, in []string) []Channel {
	var out []Channel
	for _, c := range in {
		if !slices.Contains(channels, Channel(c)) {
			v.Fail(field, "unknown channel %q (expected one of %v)", c, channels)
		}
		out = append(out, Channel(c))
	}
	return out
}

func (v validator) test(rs *RuleSet, field string, f *fileTest) Test {
	t := Test{ID: f.ID, Kind: TestKind(f.Kind), LegalRef: f.LegalRef, Label: f.Label, Assumption: f.Assumption,
		Option: f.Option, Group: f.Group, ConsecutiveMonths: f.ConsecutiveMonths, Current: f.Current,
		WithinMonths: f.WithinMonths, ReleasedFrom: ReleasedFrom(f.ReleasedFrom), UnderYouthAge: f.UnderYouthAge,
		StudentException: f.StudentException}
	if f.ID == "" {
		v.Fail(field+".id", "required")
	}
	v.Ref(field+".legal_ref", f.LegalRef)
	v.Text(field+".label", f.Label)
	v.assumption(field+".assumption", rs, f.Assumption, false)
	switch t.Kind {
	case TestBenefits:
		if _, ok := rs.Group(t.Group); !ok {
			v.Fail(field+".group", "unknown benefit group %q", t.Group)
		}
		if (t.ConsecutiveMonths > 0) == t.Current {
			v.Fail(field, "a benefits test needs exactly one of consecutive_months and current")
		}
	case TestReleased:
		if !slices.Contains(releasedFroms, t.ReleasedFrom) {
			v.Fail(field+".released_from", "unknown %q (expected one of %v)", f.ReleasedFrom, releasedFroms)
		}
		fallthrough
	case TestTenancyBreach:
		if t.WithinMonths <= 0 {
			v.Fail(field+".within_months", "required, a positive number of months")
		}
	case TestCitizenship:
	default:
		v.Fail(field+".kind", "unknown test kind %q (expected benefits, released, tenancy_breach or citizenship)", f.Kind)
	}
	return t
}

// parseFraction reads "n/d" or a decimal.
func parseFraction(s string) (blandby.Ratio, error) {
	if n, d, ok := strings.Cut(s, "/"); ok {
		a, err1 := strconv.ParseInt(strings.TrimSpace(n), 10, 64)
		b, err2 := strconv.ParseInt(strings.TrimSpace(d), 10, 64)
		if err1 != nil || err2 != nil || b <= 0 {
			return blandby.Ratio{}, fmt.Errorf("expected a fraction n/d, got %q", s)
		}
		return blandby.NewRatio(a, b), nil
	}
	return blandby.ParseDecimal(s)
}

// Catalog is the set of letting rule sets, ordered by the date they took
// effect.
type Catalog = law.Catalogue[*RuleSet]

// Version is the rule set's place in the catalogue.
func (rs *RuleSet) Version() law.Version {
	return law.Version{ID: rs.ID, ValidFrom: rs.ValidFrom.Time}
}

// Embedded returns the catalog of the letting rule sets built into the
// binary (law/rules/letting).
var Embedded = sync.OnceValues(func() (*Catalog, error) {
	return law.EmbeddedCatalogue("letting", Parse)
})
