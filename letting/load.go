package letting

import (
	"fmt"
	"io/fs"
	"path"
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
	ID                 string         `yaml:"id"`
	ValidFrom          string         `yaml:"valid_from"`
	Title              blandby.Text   `yaml:"title"`
	Source             blandby.Text   `yaml:"source"`
	Months             fileMonths     `yaml:"months"`
	CohabitantMinYears int            `yaml:"cohabitant_min_years"`
	AdultAge           int            `yaml:"adult_age"`
	EEACountries       []string       `yaml:"eea_countries"`
	BenefitGroups      []fileGroup    `yaml:"benefit_groups"`
	Rules              []fileRule     `yaml:"rules"`
	Notes              []blandby.Text `yaml:"notes"`
}

type fileMonths struct {
	PartialMonthCounts   *bool `yaml:"partial_month_counts"`
	IncludeDecisionMonth *bool `yaml:"include_decision_month"`
	WithinInclusive      *bool `yaml:"within_inclusive"`
}

type fileGroup struct {
	ID    string       `yaml:"id"`
	Label blandby.Text `yaml:"label"`
	Types []string     `yaml:"types"`
}

type fileRule struct {
	ID                    string             `yaml:"id"`
	Kind                  string             `yaml:"kind"`
	LegalRef              string             `yaml:"legal_ref"`
	Label                 blandby.Text       `yaml:"label"`
	Categories            []string           `yaml:"categories"`
	OptionalCategories    []fileOptionalCat  `yaml:"optional_categories"`
	Channels              []string           `yaml:"channels"`
	DwellingTypes         []string           `yaml:"dwelling_types"`
	OutsideDepartmentOnly bool               `yaml:"outside_department_only"`
	DepartmentShare       *fileShare         `yaml:"department_share"`
	Tests                 []fileTest         `yaml:"tests"`
	Dispensation          *fileDispensations `yaml:"dispensation"`
	RequirePriority       bool               `yaml:"require_priority"`
	ApplyRules            []string           `yaml:"apply_rules"`
	DocumentationChannels []string           `yaml:"documentation_channels"`
	MaxRoomsShare         string             `yaml:"max_rooms_share"`
	MaxAbsenceMonths      int                `yaml:"max_absence_months"`
}

type fileOptionalCat struct {
	Category string `yaml:"category"`
	Option   string `yaml:"option"`
}

type fileShare struct {
	Operator string       `yaml:"operator"`
	Value    string       `yaml:"value"`
	LegalRef string       `yaml:"legal_ref"`
	Label    blandby.Text `yaml:"label"`
}

type fileTest struct {
	ID                string       `yaml:"id"`
	Kind              string       `yaml:"kind"`
	Persons           string       `yaml:"persons"`
	Group             string       `yaml:"group"`
	ConsecutiveMonths int          `yaml:"consecutive_months"`
	Current           bool         `yaml:"current"`
	EachOfLastYears   int          `yaml:"each_of_last_years"`
	WithinMonths      int          `yaml:"within_months"`
	StudentException  bool         `yaml:"student_exception"`
	Option            string       `yaml:"option"`
	Enabled           *bool        `yaml:"enabled"`
	LegalRef          string       `yaml:"legal_ref"`
	Label             blandby.Text `yaml:"label"`
}

type fileDispensations struct {
	LegalRef string `yaml:"legal_ref"`
	Reasons  []struct {
		Code  string       `yaml:"code"`
		Label blandby.Text `yaml:"label"`
	} `yaml:"reasons"`
}

// Parse decodes and validates one letting rule-set file; name is used in
// errors.
func Parse(name string, data []byte) (*RuleSet, error) {
	var f fileRuleSet
	if err := law.DecodeStrict(name, data, &f); err != nil {
		return nil, err
	}
	v := &validator{file: name}
	rs := v.ruleSet(&f)
	if err := v.errs.Err(); err != nil {
		return nil, err
	}
	return rs, nil
}

type validator struct {
	file string
	errs blandby.InputErrors
}

func (v *validator) bad(field, format string, args ...any) {
	v.errs.Add(&blandby.InputError{File: v.file, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) text(field string, t blandby.Text) {
	if err := t.Complete(); err != nil {
		v.bad(field, "%v", err)
	}
}

func (v *validator) flag(field string, b *bool) bool {
	if b == nil {
		v.bad(field, "required (true or false)")
		return false
	}
	return *b
}

func (v *validator) ruleSet(f *fileRuleSet) *RuleSet {
	rs := &RuleSet{ID: f.ID, Title: f.Title, Source: f.Source, CohabitantMinYears: f.CohabitantMinYears, AdultAge: f.AdultAge}
	d, err := ParseDate(f.ValidFrom)
	if err != nil {
		v.bad("valid_from", "%v", err)
	}
	rs.ValidFrom = d
	if f.ID != f.ValidFrom {
		v.bad("id", "must equal valid_from (%q), got %q", f.ValidFrom, f.ID)
	}
	v.text("title", f.Title)
	v.text("source", f.Source)
	rs.Months = MonthRules{
		PartialMonthCounts:   v.flag("months.partial_month_counts", f.Months.PartialMonthCounts),
		IncludeDecisionMonth: v.flag("months.include_decision_month", f.Months.IncludeDecisionMonth),
		WithinInclusive:      v.flag("months.within_inclusive", f.Months.WithinInclusive),
	}
	if f.CohabitantMinYears <= 0 {
		v.bad("cohabitant_min_years", "expected a positive number of years")
	}
	if f.AdultAge <= 0 {
		v.bad("adult_age", "expected a positive age")
	}
	for i, c := range f.EEACountries {
		if len(c) != 2 || strings.ToUpper(c) != c {
			v.bad(fmt.Sprintf("eea_countries[%d]", i), "expected an ISO 3166-1 alpha-2 code in capitals, got %q", c)
		}
	}
	if len(f.EEACountries) == 0 {
		v.bad("eea_countries", "required")
	}
	rs.EEA = slices.Sorted(slices.Values(f.EEACountries))
	for i, g := range f.BenefitGroups {
		field := fmt.Sprintf("benefit_groups[%d]", i)
		if g.ID == "" || len(g.Types) == 0 {
			v.bad(field, "needs an id and types")
		}
		if _, dup := rs.Group(g.ID); dup {
			v.bad(field+".id", "duplicate group %q", g.ID)
		}
		v.text(field+".label", g.Label)
		rs.BenefitGroups = append(rs.BenefitGroups, BenefitGroup{ID: g.ID, Label: g.Label, Types: g.Types})
	}
	for i := range f.Rules {
		r := v.rule(rs, fmt.Sprintf("rules[%d]", i), &f.Rules[i])
		if _, dup := rs.Rule(r.ID); dup {
			v.bad(fmt.Sprintf("rules[%d].id", i), "duplicate rule %q", r.ID)
		}
		rs.Rules = append(rs.Rules, r)
	}
	for i, r := range rs.Rules {
		for _, id := range r.ApplyRules {
			if _, ok := rs.Rule(id); !ok || id == r.ID {
				v.bad(fmt.Sprintf("rules[%d].apply_rules", i), "unknown rule %q", id)
			}
		}
	}
	for i, n := range f.Notes {
		v.text(fmt.Sprintf("notes[%d]", i), n)
	}
	return rs
}

func (v *validator) rule(rs *RuleSet, field string, f *fileRule) Rule {
	r := Rule{ID: f.ID, Kind: RuleKind(f.Kind), LegalRef: f.LegalRef, Label: f.Label,
		OutsideDepartmentOnly: f.OutsideDepartmentOnly, RequirePriority: f.RequirePriority,
		ApplyRules: f.ApplyRules, MaxAbsenceMonths: f.MaxAbsenceMonths}
	if f.ID == "" {
		v.bad(field+".id", "required")
	}
	if !slices.Contains(ruleKinds, r.Kind) {
		v.bad(field+".kind", "unknown kind %q (expected one of %v)", f.Kind, ruleKinds)
	}
	if f.LegalRef == "" {
		v.bad(field+".legal_ref", "required")
	}
	v.text(field+".label", f.Label)
	for _, c := range f.Categories {
		cat, err := blandby.ParseCategory(c)
		if err != nil {
			v.bad(field+".categories", "%v", err)
		}
		r.Categories = append(r.Categories, cat)
	}
	for j, o := range f.OptionalCategories {
		cat, err := blandby.ParseCategory(o.Category)
		if err != nil || o.Option == "" {
			v.bad(fmt.Sprintf("%s.optional_categories[%d]", field, j), "needs a category and an option")
		}
		r.OptionalCategories = append(r.OptionalCategories, OptionalCategory{Category: cat, Option: o.Option})
	}
	if len(r.Categories) == 0 && len(r.OptionalCategories) == 0 {
		v.bad(field+".categories", "required")
	}
	r.Channels = v.channels(field+".channels", f.Channels)
	if len(r.Channels) == 0 {
		v.bad(field+".channels", "required")
	}
	r.DocumentationChannels = v.channels(field+".documentation_channels", f.DocumentationChannels)
	for _, t := range f.DwellingTypes {
		if !slices.Contains(dwellingTypes, DwellingType(t)) {
			v.bad(field+".dwelling_types", "unknown dwelling type %q (expected one of %v)", t, dwellingTypes)
		}
		r.DwellingTypes = append(r.DwellingTypes, DwellingType(t))
	}
	if len(r.DwellingTypes) == 0 {
		v.bad(field+".dwelling_types", "required")
	}
	if s := f.DepartmentShare; s != nil {
		op, err := law.ParseOperator(s.Operator)
		if err != nil {
			v.bad(field+".department_share.operator", "%v", err)
		}
		val, err := blandby.ParsePercent(s.Value)
		if err != nil {
			v.bad(field+".department_share.value", "%v", err)
		}
		v.text(field+".department_share.label", s.Label)
		r.DepartmentShare = &ShareBar{Operator: op, Value: val, LegalRef: s.LegalRef, Label: s.Label}
	}
	if r.Kind == KindCombinedLetting && r.DepartmentShare == nil {
		v.bad(field+".department_share", "required for combined_letting")
	}
	for j := range f.Tests {
		r.Tests = append(r.Tests, v.test(rs, fmt.Sprintf("%s.tests[%d]", field, j), &f.Tests[j]))
	}
	needsTests := r.Kind == KindCombinedLetting || r.Kind == KindMandatoryRejection || r.Kind == KindAllocationLimit
	if needsTests && len(r.Tests) == 0 {
		v.bad(field+".tests", "required for %s", r.Kind)
	}
	if d := f.Dispensation; d != nil {
		r.Dispensation = &Dispensations{LegalRef: d.LegalRef}
		for j, x := range d.Reasons {
			if x.Code == "" {
				v.bad(fmt.Sprintf("%s.dispensation.reasons[%d].code", field, j), "required")
			}
			v.text(fmt.Sprintf("%s.dispensation.reasons[%d].label", field, j), x.Label)
			r.Dispensation.Reasons = append(r.Dispensation.Reasons, DispensationReason{Code: x.Code, Label: x.Label})
		}
	}
	if f.MaxRoomsShare != "" {
		q, err := parseFraction(f.MaxRoomsShare)
		if err != nil {
			v.bad(field+".max_rooms_share", "%v", err)
		}
		r.MaxRoomsShare = &q
	}
	if r.Kind == KindSubletGeneral && (r.MaxRoomsShare == nil || r.MaxAbsenceMonths <= 0) {
		v.bad(field, "sublet_general needs max_rooms_share and max_absence_months")
	}
	return r
}

func (v *validator) channels(field string, in []string) []Channel {
	var out []Channel
	for _, c := range in {
		if !slices.Contains(channels, Channel(c)) {
			v.bad(field, "unknown channel %q (expected one of %v)", c, channels)
		}
		out = append(out, Channel(c))
	}
	return out
}

func (v *validator) test(rs *RuleSet, field string, f *fileTest) Test {
	t := Test{ID: f.ID, Kind: TestKind(f.Kind), Persons: Persons(f.Persons), LegalRef: f.LegalRef, Label: f.Label,
		Option: f.Option, Enabled: f.Enabled == nil || *f.Enabled, Group: f.Group,
		ConsecutiveMonths: f.ConsecutiveMonths, Current: f.Current, EachOfLastYears: f.EachOfLastYears,
		WithinMonths: f.WithinMonths, StudentException: f.StudentException}
	if f.ID == "" || f.LegalRef == "" {
		v.bad(field, "needs an id and a legal_ref")
	}
	v.text(field+".label", f.Label)
	if !slices.Contains([]Persons{PersonsHousehold, PersonsAdults, PersonsPartners}, t.Persons) {
		v.bad(field+".persons", "unknown %q (expected household, adults or partners)", f.Persons)
	}
	switch t.Kind {
	case TestBenefits:
		if _, ok := rs.Group(t.Group); !ok {
			v.bad(field+".group", "unknown benefit group %q", t.Group)
		}
		n := 0
		for _, set := range []bool{t.ConsecutiveMonths > 0, t.Current, t.EachOfLastYears > 0} {
			if set {
				n++
			}
		}
		if n != 1 {
			v.bad(field, "a benefits test needs exactly one of consecutive_months, current, each_of_last_years")
		}
	case TestReleased, TestTenancyBreach:
		if t.WithinMonths <= 0 {
			v.bad(field+".within_months", "required, a positive number of months")
		}
	case TestCitizenship:
	default:
		v.bad(field+".kind", "unknown test kind %q (expected benefits, released, tenancy_breach or citizenship)", f.Kind)
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
type Catalog struct{ sets []*RuleSet }

// NewCatalog orders the rule sets; two taking effect on one date are an
// error.
func NewCatalog(sets []*RuleSet) (*Catalog, error) {
	if len(sets) == 0 {
		return nil, blandby.Errorf(blandby.CodeInvalid, "no letting rule sets")
	}
	sets = slices.Clone(sets)
	slices.SortFunc(sets, func(a, b *RuleSet) int { return a.ValidFrom.Compare(b.ValidFrom.Time) })
	for i := 1; i < len(sets); i++ {
		if sets[i].ValidFrom.Equal(sets[i-1].ValidFrom.Time) {
			return nil, blandby.Errorf(blandby.CodeInvalid, "letting rule sets %s and %s take effect on the same date", sets[i-1].ID, sets[i].ID)
		}
	}
	return &Catalog{sets: sets}, nil
}

// LoadDir parses every *.yaml file of a directory into a catalog.
func LoadDir(fsys fs.FS, dir string) (*Catalog, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("letting rule sets: %w", err)
	}
	var sets []*RuleSet
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("letting rule set %s: %w", n, err)
		}
		rs, err := Parse(n, data)
		if err != nil {
			return nil, err
		}
		sets = append(sets, rs)
	}
	return NewCatalog(sets)
}

// All returns the rule sets, oldest first.
func (c *Catalog) All() []*RuleSet { return slices.Clone(c.sets) }

// At returns the rule set in force on a decision date.
func (c *Catalog) At(d Date) (*RuleSet, error) {
	for i := len(c.sets) - 1; i >= 0; i-- {
		if !d.Before(c.sets[i].ValidFrom.Time) {
			return c.sets[i], nil
		}
	}
	return nil, blandby.Errorf(blandby.CodeInvalid, "no letting rule set in force on %s (the earliest takes effect on %s)", d, c.sets[0].ID)
}

// ByID returns the rule set with the id.
func (c *Catalog) ByID(id string) (*RuleSet, error) {
	for _, rs := range c.sets {
		if rs.ID == id {
			return rs, nil
		}
	}
	return nil, blandby.Errorf(blandby.CodeNotFound, "no letting rule set %q", id)
}

var (
	embeddedOnce    sync.Once
	embeddedCatalog *Catalog
	embeddedErr     error
)

// Embedded returns the catalog of the letting rule sets built into the
// binary (law.RuleFiles("letting")).
func Embedded() (*Catalog, error) {
	embeddedOnce.Do(func() {
		fsys, err := law.RuleFiles("letting")
		if err == nil {
			embeddedCatalog, err = LoadDir(fsys, ".")
		}
		if err != nil {
			embeddedErr = fmt.Errorf("embedded letting rule sets: %w", err)
		}
	})
	return embeddedCatalog, embeddedErr
}
