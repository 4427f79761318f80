package law

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/blandby/blandby"
)

// The file schema. It is decoded strictly (an unknown key is an error) and
// then converted, with validation, into the exported types.

type fileRuleSet struct {
	Header                    `yaml:",inline"`
	Publication               filePublication `yaml:"publication"`
	Area                      fileArea        `yaml:"area"`
	Criteria                  []fileCriterion `yaml:"criteria"`
	Lists                     []fileList      `yaml:"lists"`
	ForebyggelseExcludesUdsat *bool           `yaml:"forebyggelse_excludes_udsat"`
	Notes                     []blandby.Text  `yaml:"notes"`
}

type filePublication struct {
	Month    int               `yaml:"month"`
	Day      int               `yaml:"day"`
	LegalRef string            `yaml:"legal_ref"`
	Dates    []filePublishedOn `yaml:"dates"`
	NotHeld  []fileNotHeld     `yaml:"not_held"`
}

type fileNotHeld struct {
	Date   scalar       `yaml:"date"`
	Source string       `yaml:"source"`
	Label  blandby.Text `yaml:"label"`
}

type filePublishedOn struct {
	ListYear   int          `yaml:"list_year"`
	Date       scalar       `yaml:"date"`
	Source     string       `yaml:"source"`
	Assumption blandby.Text `yaml:"assumption"`
}

type fileArea struct {
	MinResidents int64        `yaml:"min_residents"`
	Operator     scalar       `yaml:"operator"`
	DataYear     int          `yaml:"data_year"`
	LegalRef     string       `yaml:"legal_ref"`
	Label        blandby.Text `yaml:"label"`
}

type fileCriterion struct {
	ID         scalar         `yaml:"id"`
	Indicator  string         `yaml:"indicator"`
	Label      blandby.Text   `yaml:"label"`
	LegalRef   string         `yaml:"legal_ref"`
	Population filePopulation `yaml:"population"`
	Operator   scalar         `yaml:"operator"`
	Threshold  fileThreshold  `yaml:"threshold"`
	Window     fileWindow     `yaml:"window"`
	Origins    []string       `yaml:"origins"`
	Education  *fileEducation `yaml:"education"`
	Note       blandby.Text   `yaml:"note"`
}

type filePopulation struct {
	AgeMin             *int `yaml:"age_min"`
	AgeMax             *int `yaml:"age_max"`
	TaxpayersOnly      bool `yaml:"taxpayers_only"`
	ExcludeInEducation bool `yaml:"exclude_in_education"`
}

type fileThreshold struct {
	Kind  string `yaml:"kind"`
	Value scalar `yaml:"value"`
}

type fileWindow struct {
	DataYears []int `yaml:"data_years"`
}

type fileEducation struct {
	Source      string   `yaml:"source"`
	BasicLevels []string `yaml:"basic_levels"`
}

type fileList struct {
	Category    scalar           `yaml:"category"`
	Name        blandby.Text     `yaml:"name"`
	LegalRef    string           `yaml:"legal_ref"`
	Requires    fileRequires     `yaml:"requires"`
	AtLeast     *fileAtLeast     `yaml:"at_least"`
	Consecutive *fileConsecutive `yaml:"consecutive"`
}

type fileRequires struct {
	Lists    []string `yaml:"lists"`
	Criteria []string `yaml:"criteria"`
}

type fileAtLeast struct {
	Count int      `yaml:"count"`
	Of    []string `yaml:"of"`
}

type fileConsecutive struct {
	List        string           `yaml:"list"`
	Years       int              `yaml:"years"`
	Transitions []fileTransition `yaml:"transitions"`
}

type fileTransition struct {
	FromListYear int    `yaml:"from_list_year"`
	ToListYear   int    `yaml:"to_list_year"`
	Years        int    `yaml:"years"`
	LegalRef     string `yaml:"legal_ref"`
}

// scalar is a YAML scalar kept as its literal text with its position, so
// that "2.70" stays exactly 2.70 and errors can point at the line.
type scalar struct {
	Text         string
	Line, Column int
}

func (s *scalar) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: expected a single value", n.Line)
	}
	*s = scalar{Text: n.Value, Line: n.Line, Column: n.Column}
	return nil
}

// Education sources.
const (
	EducationAll    = "all"
	EducationDanish = "danish"
)

// Parse decodes and validates one rule-set file. name is used in errors.
func Parse(name string, data []byte) (*RuleSet, error) {
	var f fileRuleSet
	if err := DecodeStrict(name, data, &f); err != nil {
		return nil, err
	}
	v := validator{Check: NewCheck(name)}
	rs := v.ruleSet(&f)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return rs, nil
}

var (
	yamlLine       = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknownKey = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
)

// DecodeStrict decodes a rule file, one YAML document, into v: every kind
// of rule file (lists, letting, rental, plan, monitor) is read this way. A
// key v has no field for, an empty file and a second document are errors;
// every error is an input error naming the file and, where the decoder
// says, the line and the key.
func DecodeStrict(name string, data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return &blandby.InputError{File: name, Msg: "empty rule file"}
		}
		return yamlError(name, err)
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return &blandby.InputError{File: name, Msg: "more than one YAML document (a rule file holds one)"}
	}
	return nil
}

// yamlError turns the YAML decoder's messages into input errors with lines,
// naming an unknown key as such.
func yamlError(name string, err error) error {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	var errs blandby.InputErrors
	for _, m := range msgs {
		e := &blandby.InputError{File: name, Msg: m}
		if sub := yamlLine.FindStringSubmatch(m); sub != nil {
			e.Line, _ = strconv.Atoi(sub[1])
			e.Msg = sub[2]
			if k := yamlUnknownKey.FindStringSubmatch(e.Msg); k != nil {
				e.Field, e.Msg = k[1], "unknown key (keys are checked strictly)"
			}
		}
		errs.Add(e)
	}
	return errs.Err()
}

// validator checks a lists rule file (Check), with the line of each value.
type validator struct{ *Check }

func (v validator) fail(at scalar, field, format string, args ...any) {
	v.failAt(at, field, format, args...)
}

func (v validator) ruleSet(f *fileRuleSet) *RuleSet {
	rs := &RuleSet{ID: f.ID, Title: f.Title, Source: f.Source, Notes: f.Notes}
	top := scalar{}
	rs.ValidFrom = v.Header(f.Header, IDIsValidFrom|IDIsFileName)
	for _, n := range f.Notes {
		if err := n.Complete(); err != nil {
			v.fail(top, "notes", "%v", err)
		}
	}
	rs.Publication = v.publication(f.Publication)
	rs.Area = v.area(f.Area)
	rs.Criteria = v.criteria(f.Criteria)
	rs.Lists = v.lists(rs, f.Lists)
	v.forebyggelseFlag(rs, f.ForebyggelseExcludesUdsat)
	return rs
}

func (v validator) publication(p filePublication) Publication {
	if p.Month < 1 || p.Month > 12 || p.Day < 1 || p.Day > 31 {
		v.fail(scalar{}, "publication", "expected month 1–12 and day 1–31, got %d-%d", p.Month, p.Day)
	}
	if p.LegalRef == "" {
		v.fail(scalar{}, "publication.legal_ref", "missing legal reference")
	}
	pub := Publication{Month: time.Month(p.Month), Day: p.Day, LegalRef: p.LegalRef}
	for i, d := range p.Dates {
		field := fmt.Sprintf("publication.dates[%d]", i)
		t, err := time.Parse(time.DateOnly, d.Date.Text)
		if err != nil {
			v.fail(d.Date, field+".date", "expected a date YYYY-MM-DD, got %q", d.Date.Text)
		}
		if err == nil && t.Year() != d.ListYear && t.Year() != d.ListYear+1 {
			v.fail(d.Date, field+".date", "%s is not in list year %d or the year after", d.Date.Text, d.ListYear)
		}
		if slices.ContainsFunc(pub.Dates, func(o PublishedOn) bool { return o.ListYear == d.ListYear }) {
			v.fail(d.Date, field+".list_year", "list year %d is given twice", d.ListYear)
		}
		if d.Source == "" {
			v.fail(d.Date, field+".source", "missing the source of the date")
		}
		on := PublishedOn{ListYear: d.ListYear, Date: t, Source: d.Source}
		if d.Assumption != (blandby.Text{}) {
			if err := d.Assumption.Complete(); err != nil {
				v.fail(d.Date, field+".assumption", "%v", err)
			}
			on.Assumption = &d.Assumption
		}
		pub.Dates = append(pub.Dates, on)
	}
	for i, n := range p.NotHeld {
		field := fmt.Sprintf("publication.not_held[%d]", i)
		t, err := time.Parse(time.DateOnly, n.Date.Text)
		if err != nil {
			v.fail(n.Date, field+".date", "expected a date YYYY-MM-DD, got %q", n.Date.Text)
		}
		if n.Source == "" {
			v.fail(n.Date, field+".source", "missing the source of the list")
		}
		if err := n.Label.Complete(); err != nil {
			v.fail(n.Date, field+".label", "%v", err)
		}
		pub.NotHeld = append(pub.NotHeld, ListNotHeld{Date: t, Source: n.Source, Label: n.Label})
	}
	return pub
}

func (v validator) area(a fileArea) AreaRule {
	op, err := ParseOperator(a.Operator.Text)
	if err != nil {
		v.fail(a.Operator, "area.operator", "%v", err)
	}
	if a.MinResidents <= 0 {
		v.fail(a.Operator, "area.min_residents", "expected a positive number of residents")
	}
	if a.DataYear > 0 {
		v.fail(a.Operator, "area.data_year", "expected an offset <= 0 from the list year, got %d", a.DataYear)
	}
	if a.LegalRef == "" {
		v.fail(a.Operator, "area.legal_ref", "missing legal reference")
	}
	if err := a.Label.Complete(); err != nil {
		v.fail(a.Operator, "area.label", "%v", err)
	}
	return AreaRule{MinResidents: a.MinResidents, Operator: op, DataYear: a.DataYear, LegalRef: a.LegalRef, Label: a.Label}
}

func (v validator) criteria(fs []fileCriterion) []Criterion {
	out := make([]Criterion, 0, len(fs))
	seen := map[string]bool{}
	for _, f := range fs {
		c := v.criterion(f)
		if seen[c.ID] {
			v.fail(f.ID, "criteria.id", "duplicate criterion id %q", c.ID)
		}
		seen[c.ID] = true
		out = append(out, c)
	}
	if len(out) == 0 {
		v.fail(scalar{}, "criteria", "a rule set needs criteria")
	}
	return out
}

// thresholdKinds says which threshold kinds fit which indicator.
var thresholdKinds = map[blandby.Indicator][]ThresholdKind{
	blandby.IndicatorNonWestern:     {ShareThreshold},
	blandby.IndicatorOutsideLabour:  {ShareThreshold},
	blandby.IndicatorConvicted:      {ShareThreshold, NationalMultiple},
	blandby.IndicatorBasicEducation: {ShareThreshold},
	blandby.IndicatorIncome:         {RegionalMeanShare},
}

func (v validator) criterion(f fileCriterion) Criterion {
	at := f.ID
	field := func(name string) string { return fmt.Sprintf("criteria[%s].%s", f.ID.Text, name) }
	c := Criterion{ID: f.ID.Text, Indicator: blandby.Indicator(f.Indicator), Label: f.Label, LegalRef: f.LegalRef, Origins: f.Origins, Note: f.Note}
	if c.ID == "" {
		v.fail(at, "criteria.id", "missing criterion id")
	}
	if err := f.Label.Complete(); err != nil {
		v.fail(at, field("label"), "%v", err)
	}
	if f.LegalRef == "" {
		v.fail(at, field("legal_ref"), "missing legal reference")
	}
	if f.Note != (blandby.Text{}) {
		if err := f.Note.Complete(); err != nil {
			v.fail(at, field("note"), "%v", err)
		}
	}
	kinds, ok := thresholdKinds[c.Indicator]
	if !ok {
		v.fail(at, field("indicator"), "unknown indicator %q (expected one of %v)", f.Indicator, blandby.AllIndicators)
	}
	var err error
	if c.Operator, err = ParseOperator(f.Operator.Text); err != nil {
		v.fail(f.Operator, field("operator"), "%v", err)
	}
	c.Threshold.Kind = ThresholdKind(f.Threshold.Kind)
	if ok && !slices.Contains(kinds, c.Threshold.Kind) {
		v.fail(f.Threshold.Value, field("threshold.kind"), "threshold kind %q does not fit indicator %s (expected one of %v)", f.Threshold.Kind, c.Indicator, kinds)
	}
	value, err := blandby.ParseDecimal(f.Threshold.Value.Text)
	switch {
	case err != nil:
		v.fail(f.Threshold.Value, field("threshold.value"), "expected an exact decimal: %v", err)
	case value.Sign() < 0:
		v.fail(f.Threshold.Value, field("threshold.value"), "expected a value >= 0")
	default:
		c.Threshold.Value = c.Threshold.Kind.FromWritten(value)
	}
	c.Population = v.population(at, field("population"), f.Population)
	c.DataYears = f.Window.DataYears
	if len(c.DataYears) == 0 {
		v.fail(at, field("window.data_years"), "expected at least one data year")
	}
	for i, y := range c.DataYears {
		if y > 0 {
			v.fail(at, field("window.data_years"), "expected offsets <= 0 from the list year, got %d", y)
		}
		if i > 0 && y <= c.DataYears[i-1] {
			v.fail(at, field("window.data_years"), "expected strictly increasing offsets, got %v", c.DataYears)
		}
	}
	if (c.Indicator == blandby.IndicatorNonWestern) != (len(f.Origins) > 0) {
		v.fail(at, field("origins"), "origins are required for the non-Western share and only there")
	}
	if (c.Indicator == blandby.IndicatorBasicEducation) != (f.Education != nil) {
		v.fail(at, field("education"), "education is required for the basic-education share and only there")
	}
	if f.Education != nil {
		if f.Education.Source != EducationAll && f.Education.Source != EducationDanish {
			v.fail(at, field("education.source"), "expected %q or %q, got %q", EducationAll, EducationDanish, f.Education.Source)
		}
		if len(f.Education.BasicLevels) == 0 {
			v.fail(at, field("education.basic_levels"), "expected at least one level")
		}
		c.Education = &Education{Source: f.Education.Source, BasicLevels: f.Education.BasicLevels}
	}
	return c
}

func (v validator) population(at scalar, field string, f filePopulation) Population {
	var p Population
	if f.AgeMin != nil {
		p.AgeMin = *f.AgeMin
	}
	if f.AgeMax != nil {
		p.AgeMax = *f.AgeMax
		if p.AgeMax < p.AgeMin || p.AgeMax == 0 {
			v.fail(at, field, "expected age_max >= age_min and > 0, got %d–%d", p.AgeMin, p.AgeMax)
		}
	}
	if p.AgeMin < 0 {
		v.fail(at, field, "expected age_min >= 0")
	}
	p.TaxpayersOnly, p.ExcludeInEducation = f.TaxpayersOnly, f.ExcludeInEducation
	return p
}

func (v validator) lists(rs *RuleSet, fs []fileList) []List {
	out := make([]List, 0, len(fs))
	defined := map[blandby.Category]bool{}
	for _, f := range fs {
		l := List{Name: f.Name, LegalRef: f.LegalRef}
		field := func(name string) string { return fmt.Sprintf("lists[%s].%s", f.Category.Text, name) }
		c, err := blandby.ParseCategory(f.Category.Text)
		if err != nil || c == blandby.None || string(c) != f.Category.Text {
			v.fail(f.Category, "lists.category", "expected one of udsat, parallelsamfund, omdannelse, forebyggelse, got %q", f.Category.Text)
		}
		l.Category = c
		if defined[c] {
			v.fail(f.Category, "lists.category", "list %s defined twice", c)
		}
		if err := f.Name.Complete(); err != nil {
			v.fail(f.Category, field("name"), "%v", err)
		}
		if f.LegalRef == "" {
			v.fail(f.Category, field("legal_ref"), "missing legal reference")
		}
		for _, name := range f.Requires.Lists {
			rc, err := blandby.ParseCategory(name)
			if err != nil || !defined[rc] {
				v.fail(f.Category, field("requires.lists"), "list %q must be defined earlier in the file", name)
			}
			l.RequiresLists = append(l.RequiresLists, rc)
		}
		l.RequiresCriteria = v.criterionRefs(rs, f.Category, field("requires.criteria"), f.Requires.Criteria)
		if f.AtLeast != nil {
			of := v.criterionRefs(rs, f.Category, field("at_least.of"), f.AtLeast.Of)
			if f.AtLeast.Count < 1 || f.AtLeast.Count > len(of) {
				v.fail(f.Category, field("at_least.count"), "expected 1–%d, got %d", len(of), f.AtLeast.Count)
			}
			l.AtLeast = &AtLeast{Count: f.AtLeast.Count, Of: of}
		}
		if f.Consecutive != nil {
			l.Consecutive = v.consecutive(f, field, defined, c)
		}
		if len(l.RequiresLists) == 0 && len(l.RequiresCriteria) == 0 && l.AtLeast == nil && l.Consecutive == nil {
			v.fail(f.Category, field("requires"), "a list needs at least one condition")
		}
		defined[c] = true
		out = append(out, l)
	}
	if len(out) == 0 {
		v.fail(scalar{}, "lists", "a rule set needs at least one list")
	}
	return out
}

func (v validator) criterionRefs(rs *RuleSet, at scalar, field string, ids []string) []string {
	for _, id := range ids {
		if _, ok := rs.Criterion(id); !ok {
			v.fail(at, field, "unknown criterion %q", id)
		}
	}
	return ids
}

func (v validator) consecutive(f fileList, field func(string) string, defined map[blandby.Category]bool, self blandby.Category) *Consecutive {
	fc := f.Consecutive
	lc, err := blandby.ParseCategory(fc.List)
	if err != nil || !defined[lc] || lc == self {
		v.fail(f.Category, field("consecutive.list"), "list %q must be another list defined earlier in the file", fc.List)
	}
	if fc.Years < 1 {
		v.fail(f.Category, field("consecutive.years"), "expected at least 1 year, got %d", fc.Years)
	}
	c := &Consecutive{List: lc, Years: fc.Years}
	for _, t := range fc.Transitions {
		if t.Years < 1 || t.FromListYear > t.ToListYear || t.LegalRef == "" {
			v.fail(f.Category, field("consecutive.transitions"), "expected from_list_year <= to_list_year, years >= 1 and a legal reference, got %+v", t)
		}
		c.Transitions = append(c.Transitions, Transition(t))
	}
	return c
}

func (v validator) forebyggelseFlag(rs *RuleSet, flag *bool) {
	_, hasF := rs.List(blandby.Forebyggelse)
	_, hasU := rs.List(blandby.Udsat)
	switch {
	case flag == nil && hasF:
		v.fail(scalar{}, "forebyggelse_excludes_udsat", "required when the rule set has a forebyggelse list")
	case flag != nil && !(hasF && hasU):
		v.fail(scalar{}, "forebyggelse_excludes_udsat", "only meaningful with both a forebyggelse and an udsat list")
	case flag != nil && *flag:
		rs.ForebyggelseExcludesUdsat = true
		l, _ := rs.List(blandby.Forebyggelse)
		l.Excludes = append(l.Excludes, blandby.Udsat)
	}
}

// LoadDir parses every *.yaml file in dir of fsys into a catalog.
func LoadDir(fsys fs.FS, dir string) (*Catalog, error) {
	c, err := LoadCatalogue("list", fsys, dir, Parse)
	if err != nil {
		return nil, err
	}
	return NewCatalog(c.sets)
}
