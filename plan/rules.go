package plan

import (
	"fmt"
	"path"
	"sync"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
)

// Rules is one version of the § 168 a rules: the goal, how dwellings are
// counted, the dispensation conditions, the rehousing rule and how long the
// obligations last. Every number and legal reference comes from the YAML.
type Rules struct {
	// ID is the date the version took effect, as YYYY-MM-DD.
	ID            string
	ValidFrom     time.Time
	Title, Source blandby.Text
	// LegalRef names the provisions the version applies.
	LegalRef      string
	Goal          Goal
	Counting      Counting
	Dispensations []Dispensation
	Rehousing     RehousingRule
	Continuation  Continuation
	Notes         []blandby.Text
}

// Goal is the 40 % rule: the share of public family dwellings must meet
// Operator Threshold by Deadline.
type Goal struct {
	ID       string       `json:"id"`
	Label    blandby.Text `json:"label"`
	LegalRef string       `json:"legal_ref"`
	Operator law.Operator `json:"operator"`
	// Threshold is a share (2/5 for 40 %).
	Threshold blandby.Ratio `json:"threshold"`
	// Deadline is the date the share is measured at (1 January 2030).
	Deadline time.Time `json:"deadline"`
}

// LastActionYear is the last year whose actions count at the deadline: an
// action in year Y is in the stock from 1 January Y+1.
func (g Goal) LastActionYear() int {
	y := g.Deadline.Year()
	if g.Deadline.Equal(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)) {
		return y - 1
	}
	return y
}

// Rounding says how business floor space is turned into whole dwellings.
type Rounding string

// The rounding modes.
const (
	RoundDown    Rounding = "down"
	RoundUp      Rounding = "up"
	RoundNearest Rounding = "nearest" // half up
)

// Counting is how the denominator is made up.
type Counting struct {
	Label    blandby.Text `json:"label"`
	LegalRef string       `json:"legal_ref"`
	// DemolishedAfterYear is the year after which demolished dwellings not
	// replaced by other public family dwellings may be counted in the
	// total (a plan's choice), by the sentence DemolishedLegalRef.
	DemolishedAfterYear int          `json:"demolished_after_year"`
	DemolishedLegalRef  string       `json:"demolished_legal_ref"`
	DemolishedLabel     blandby.Text `json:"demolished_label"`
	// BusinessM2PerDwelling is the business floor space that counts as one
	// dwelling, rounded to whole dwellings by BusinessRounding.
	BusinessM2PerDwelling int64    `json:"business_m2_per_dwelling"`
	BusinessRounding      Rounding `json:"business_rounding"`
}

// BusinessDwellings converts business floor space into dwellings.
func (c Counting) BusinessDwellings(m2 int64) int64 {
	per := c.BusinessM2PerDwelling
	switch c.BusinessRounding {
	case RoundUp:
		return (m2 + per - 1) / per
	case RoundNearest:
		return (2*m2 + per) / (2 * per)
	}
	return m2 / per
}

// Fact names a fact a dispensation condition is checked against.
type Fact string

// The facts. Yes/no facts hold when true; the two numeric facts are compared
// with the condition's operator and threshold.
const (
	FactEndsOmdannelseStatus      Fact = "ends_omdannelse_status"
	FactMunicipalParallelShare    Fact = "municipal_parallel_share"
	FactNewBuildingCannotHelp     Fact = "new_building_cannot_help"
	FactSaleOnlyAtLoss            Fact = "sale_only_at_loss"
	FactResidents                 Fact = "residents"
	FactConvictionCriterionNotMet Fact = "conviction_criterion_not_met"
)

// numeric reports whether the fact is a number compared with a threshold,
// and whether its threshold is written as a percentage.
func (f Fact) numeric() (numeric, percent bool) {
	switch f {
	case FactMunicipalParallelShare:
		return true, true
	case FactResidents:
		return true, false
	}
	return false, false
}

func (f Fact) valid() bool {
	switch f {
	case FactEndsOmdannelseStatus, FactMunicipalParallelShare, FactNewBuildingCannotHelp,
		FactSaleOnlyAtLoss, FactResidents, FactConvictionCriterionNotMet:
		return true
	}
	return false
}

// Dispensation is one ground for dispensation: every condition must hold.
type Dispensation struct {
	ID         string       `json:"id"`
	Label      blandby.Text `json:"label"`
	LegalRef   string       `json:"legal_ref"`
	Conditions []Condition  `json:"conditions"`
}

// Condition is one condition of a dispensation.
type Condition struct {
	ID       string       `json:"id"`
	Fact     Fact         `json:"fact"`
	Label    blandby.Text `json:"label"`
	LegalRef string       `json:"legal_ref"`
	// Operator and Threshold are set for numeric facts; Threshold is a
	// share for a share fact and a count otherwise.
	Operator  law.Operator   `json:"operator,omitempty"`
	Threshold *blandby.Ratio `json:"threshold,omitempty"`
}

// RehousingRule is the rehousing rule: demolition means permanent
// rehousing; temporary rehousing beyond TemporaryMonths (by Operator) lets
// the tenant demand permanent rehousing.
type RehousingRule struct {
	Label    blandby.Text `json:"label"`
	LegalRef string       `json:"legal_ref"`
	// DemolitionPermanent is true when demolition means permanent
	// rehousing.
	DemolitionPermanent bool         `json:"demolition_permanent"`
	TemporaryMonths     int64        `json:"temporary_months"`
	Operator            law.Operator `json:"operator"`
}

// MayDemandPermanent reports whether temporary rehousing of months lets the
// tenant demand permanent rehousing.
func (r RehousingRule) MayDemandPermanent(months int64) bool {
	return r.Operator.Holds(blandby.RatioInt(months), blandby.RatioInt(r.TemporaryMonths))
}

// Continuation says how long the plan's obligations last after the area
// leaves the list: until the plan is carried out or the goal's deadline.
type Continuation struct {
	Label    blandby.Text `json:"label" yaml:"label"`
	LegalRef string       `json:"legal_ref" yaml:"legal_ref"`
}

// The file schema, decoded strictly.

type fileRules struct {
	law.Header    `yaml:",inline"`
	LegalRef      string             `yaml:"legal_ref"`
	Goal          fileGoal           `yaml:"goal"`
	Counting      fileCounting       `yaml:"counting"`
	Dispensations []fileDispensation `yaml:"dispensations"`
	Rehousing     fileRehousing      `yaml:"rehousing"`
	Continuation  Continuation       `yaml:"continuation"`
	Notes         []blandby.Text     `yaml:"notes"`
}

type fileGoal struct {
	ID        string       `yaml:"id"`
	Label     blandby.Text `yaml:"label"`
	LegalRef  string       `yaml:"legal_ref"`
	Operator  string       `yaml:"operator"`
	Threshold string       `yaml:"threshold"`
	Deadline  string       `yaml:"deadline"`
}

type fileCounting struct {
	Label      blandby.Text `yaml:"label"`
	LegalRef   string       `yaml:"legal_ref"`
	Demolished struct {
		AfterYear int          `yaml:"after_year"`
		LegalRef  string       `yaml:"legal_ref"`
		Label     blandby.Text `yaml:"label"`
	} `yaml:"demolished"`
	BusinessM2PerDwelling int64  `yaml:"business_m2_per_dwelling"`
	BusinessRounding      string `yaml:"business_rounding"`
}

type fileDispensation struct {
	ID         string          `yaml:"id"`
	Label      blandby.Text    `yaml:"label"`
	LegalRef   string          `yaml:"legal_ref"`
	Conditions []fileCondition `yaml:"conditions"`
}

type fileCondition struct {
	ID        string       `yaml:"id"`
	Fact      string       `yaml:"fact"`
	Label     blandby.Text `yaml:"label"`
	LegalRef  string       `yaml:"legal_ref"`
	Operator  string       `yaml:"operator"`
	Threshold string       `yaml:"threshold"`
}

type fileRehousing struct {
	Label           blandby.Text `yaml:"label"`
	LegalRef        string       `yaml:"legal_ref"`
	Demolition      string       `yaml:"demolition"`
	TemporaryMonths int64        `yaml:"temporary_months"`
	Operator        string       `yaml:"operator"`
}

// ParseRules decodes and validates one rule-set file; name is used in
// errors. Unknown keys are errors.
func ParseRules(name string, data []byte) (*Rules, error) {
	var f fileRules
	if err := law.DecodeStrict(name, data, &f); err != nil {
		return nil, err
	}
	v := rulesValidator{law.NewCheck(name)}
	r := v.rules(&f)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// rulesValidator checks a plan rule file (law.Check).
type rulesValidator struct{ *law.Check }

func (v rulesValidator) operator(field, s string) law.Operator {
	op, err := law.ParseOperator(s)
	if err != nil {
		v.Fail(field, "%v", err)
	}
	return op
}

func (v rulesValidator) number(field, s string) blandby.Ratio {
	r, err := blandby.ParseDecimal(s)
	if err != nil {
		v.Fail(field, "expected a number: %v", err)
	}
	return r
}

func (v rulesValidator) rules(f *fileRules) *Rules {
	r := &Rules{ID: f.ID, Title: f.Title, Source: f.Source, LegalRef: f.LegalRef, Notes: f.Notes, Continuation: f.Continuation}
	v.Ref("legal_ref", f.LegalRef)
	r.ValidFrom = v.Header(f.Header, law.IDIsValidFrom)

	g := f.Goal
	r.Goal = Goal{ID: g.ID, Label: g.Label, LegalRef: g.LegalRef}
	if g.ID == "" {
		v.Fail("goal.id", "an id is required")
	}
	v.Text("goal.label", g.Label)
	v.Ref("goal.legal_ref", g.LegalRef)
	r.Goal.Operator = v.operator("goal.operator", g.Operator)
	pct := v.number("goal.threshold", g.Threshold)
	if pct.Sign() < 0 || pct.Cmp(blandby.RatioInt(100)) > 0 {
		v.Fail("goal.threshold", "expected a percentage from 0 to 100, got %s", g.Threshold)
	}
	r.Goal.Threshold = pct.Quo(blandby.RatioInt(100))
	r.Goal.Deadline = v.Date("goal.deadline", g.Deadline)

	c := f.Counting
	r.Counting = Counting{Label: c.Label, LegalRef: c.LegalRef, BusinessM2PerDwelling: c.BusinessM2PerDwelling, BusinessRounding: Rounding(c.BusinessRounding)}
	v.Text("counting.label", c.Label)
	v.Ref("counting.legal_ref", c.LegalRef)
	r.Counting.DemolishedAfterYear, r.Counting.DemolishedLegalRef, r.Counting.DemolishedLabel = c.Demolished.AfterYear, c.Demolished.LegalRef, c.Demolished.Label
	if c.Demolished.AfterYear < 1900 {
		v.Fail("counting.demolished.after_year", "expected a year, got %d", c.Demolished.AfterYear)
	}
	v.Ref("counting.demolished.legal_ref", c.Demolished.LegalRef)
	v.Text("counting.demolished.label", c.Demolished.Label)
	if c.BusinessM2PerDwelling <= 0 {
		v.Fail("counting.business_m2_per_dwelling", "expected a positive number of m², got %d", c.BusinessM2PerDwelling)
	}
	switch r.Counting.BusinessRounding {
	case RoundDown, RoundUp, RoundNearest:
	default:
		v.Fail("counting.business_rounding", "expected down, up or nearest, got %q", c.BusinessRounding)
	}

	for i, d := range f.Dispensations {
		field := fmt.Sprintf("dispensations[%d]", i)
		if d.ID == "" {
			v.Fail(field+".id", "an id is required")
		}
		v.Text(field+".label", d.Label)
		v.Ref(field+".legal_ref", d.LegalRef)
		if len(d.Conditions) == 0 {
			v.Fail(field+".conditions", "at least one condition is required")
		}
		out := Dispensation{ID: d.ID, Label: d.Label, LegalRef: d.LegalRef}
		for j, fc := range d.Conditions {
			out.Conditions = append(out.Conditions, v.condition(fmt.Sprintf("%s.conditions[%d]", field, j), fc))
		}
		r.Dispensations = append(r.Dispensations, out)
	}

	h := f.Rehousing
	r.Rehousing = RehousingRule{Label: h.Label, LegalRef: h.LegalRef, TemporaryMonths: h.TemporaryMonths}
	v.Text("rehousing.label", h.Label)
	v.Ref("rehousing.legal_ref", h.LegalRef)
	switch h.Demolition {
	case "permanent":
		r.Rehousing.DemolitionPermanent = true
	case "temporary":
	default:
		v.Fail("rehousing.demolition", "expected permanent or temporary, got %q", h.Demolition)
	}
	if h.TemporaryMonths <= 0 {
		v.Fail("rehousing.temporary_months", "expected a positive number of months, got %d", h.TemporaryMonths)
	}
	r.Rehousing.Operator = v.operator("rehousing.operator", h.Operator)

	v.Text("continuation.label", f.Continuation.Label)
	v.Ref("continuation.legal_ref", f.Continuation.LegalRef)
	for i, n := range f.Notes {
		v.Text(fmt.Sprintf("notes[%d]", i), n)
	}
	return r
}

func (v rulesValidator) condition(field string, f fileCondition) Condition {
	c := Condition{ID: f.ID, Fact: Fact(f.Fact), Label: f.Label, LegalRef: f.LegalRef}
	if f.ID == "" {
		v.Fail(field+".id", "an id is required")
	}
	v.Text(field+".label", f.Label)
	v.Ref(field+".legal_ref", f.LegalRef)
	if !c.Fact.valid() {
		v.Fail(field+".fact", "unknown fact %q (expected one of %s, %s, %s, %s, %s, %s)", f.Fact,
			FactEndsOmdannelseStatus, FactMunicipalParallelShare, FactNewBuildingCannotHelp,
			FactSaleOnlyAtLoss, FactResidents, FactConvictionCriterionNotMet)
		return c
	}
	numeric, percent := c.Fact.numeric()
	if !numeric {
		if f.Operator != "" || f.Threshold != "" {
			v.Fail(field, "the yes/no fact %s takes no operator or threshold", f.Fact)
		}
		return c
	}
	c.Operator = v.operator(field+".operator", f.Operator)
	t := v.number(field+".threshold", f.Threshold)
	if percent {
		t = t.Quo(blandby.RatioInt(100))
	}
	c.Threshold = &t
	return c
}

// Catalog is the set of plan rule versions, oldest first.
type Catalog = law.Catalogue[*Rules]

// Version is the rules' place in the catalogue.
func (r *Rules) Version() law.Version { return law.Version{ID: r.ID, ValidFrom: r.ValidFrom} }

// parseFile parses a plan rule file under its name in law/rules.
func parseFile(name string, data []byte) (*Rules, error) {
	return ParseRules(path.Join("plan", name), data)
}

// Embedded returns the plan rule sets built into the binary
// (law/rules/plan).
var Embedded = sync.OnceValues(func() (*Catalog, error) {
	return law.EmbeddedCatalogue("plan", parseFile)
})
