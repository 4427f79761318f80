package law

import (
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blandby/blandby"
)

func catalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestEveryRuleFileHasReferencesAndLabels walks every list rule file
// (rules/lists) and fails on any criterion or list without a legal reference
// or a label in both languages. The other kinds of rules (letting, rental,
// plan, monitor) are checked by the packages that parse them.
func TestEveryRuleFileHasReferencesAndLabels(t *testing.T) {
	n := 0
	err := fs.WalkDir(embedded, "rules/lists", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".yaml" {
			return err
		}
		n++
		data, err := fs.ReadFile(embedded, p)
		if err != nil {
			return err
		}
		rs, err := Parse(p, data)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		for _, c := range rs.Criteria {
			if strings.TrimSpace(c.LegalRef) == "" {
				t.Errorf("%s: criterion %s has no legal reference", p, c.ID)
			}
			if strings.TrimSpace(c.Label.DA) == "" || strings.TrimSpace(c.Label.EN) == "" {
				t.Errorf("%s: criterion %s lacks a Danish or English label", p, c.ID)
			}
		}
		for _, l := range rs.Lists {
			if strings.TrimSpace(l.LegalRef) == "" || l.Name.DA == "" || l.Name.EN == "" {
				t.Errorf("%s: list %s lacks a legal reference or a name", p, l.Category)
			}
		}
		if rs.Area.LegalRef == "" || rs.Publication.LegalRef == "" {
			t.Errorf("%s: area or publication rule without legal reference", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 4 {
		t.Fatalf("walked %d rule files, want at least the 4 list rule sets", n)
	}
}

// lawCriterion is one row of the tables in docs/law/lists.md, "The rule
// sets", written out by hand so that a change to a YAML file must be a
// deliberate change to this table too.
type lawCriterion struct {
	id, indicator, op, kind, value string
	ageMin, ageMax                 int
	window                         []int
}

func TestRuleSetsTranscribeDocs(t *testing.T) {
	sh := string(ShareThreshold)
	mult := string(NationalMultiple)
	reg := string(RegionalMeanShare)
	tests := []struct {
		id       string
		criteria []lawCriterion
		atLeast  map[blandby.Category][2]int // count, of
	}{
		{"2010-10-26", []lawCriterion{
			{"G1", "nonwestern", ">", sh, "50", 0, 0, []int{-1}},
			{"G2", "outside_labour", ">", sh, "40", 18, 64, []int{-4, -3, -2, -1}},
			{"G3", "convicted", ">", sh, "2.70", 18, 0, []int{-4, -3, -2, -1}},
		}, map[blandby.Category][2]int{blandby.Parallelsamfund: {2, 3}}},
		{"2014-02-01", []lawCriterion{
			{"G1", "nonwestern", ">", sh, "50", 0, 0, []int{-1}},
			{"G2", "outside_labour", ">", sh, "40", 18, 64, []int{-2, -1}},
			{"G3", "convicted", ">", sh, "2.70", 18, 0, []int{-2, -1}},
			{"G4", "basic_education", ">", sh, "50", 30, 59, []int{-1}},
			{"G5", "income", "<", reg, "55", 15, 64, []int{-1}},
		}, map[blandby.Category][2]int{blandby.Parallelsamfund: {3, 5}}},
		{"2018-12-01", []lawCriterion{
			{"U1", "outside_labour", ">", sh, "40", 18, 64, []int{-2, -1}},
			{"U2", "convicted", ">=", mult, "3", 18, 0, []int{-2, -1}},
			{"U3", "basic_education", ">", sh, "60", 30, 59, []int{-1}},
			{"U4", "income", "<", reg, "55", 15, 64, []int{-1}},
			{"P1", "nonwestern", ">", sh, "50", 0, 0, []int{-1}},
		}, map[blandby.Category][2]int{blandby.Udsat: {2, 4}}},
		{"2021-11-30", []lawCriterion{
			{"U1", "outside_labour", ">", sh, "40", 18, 64, []int{-2, -1}},
			{"U2", "convicted", ">=", mult, "3", 18, 0, []int{-2, -1}},
			{"U3", "basic_education", ">", sh, "60", 30, 59, []int{-1}},
			{"U4", "income", "<", reg, "55", 15, 64, []int{-1}},
			{"P1", "nonwestern", ">", sh, "50", 0, 0, []int{-1}},
			{"F0", "nonwestern", ">", sh, "30", 0, 0, []int{-1}},
			{"F1", "outside_labour", ">", sh, "30", 18, 64, []int{-2, -1}},
			{"F2", "convicted", ">=", mult, "2", 18, 0, []int{-2, -1}},
			{"F3", "basic_education", ">", sh, "60", 30, 59, []int{-1}},
			{"F4", "income", "<", reg, "65", 15, 64, []int{-1}},
		}, map[blandby.Category][2]int{blandby.Udsat: {2, 4}, blandby.Forebyggelse: {2, 4}}},
	}
	c := catalog(t)
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			rs, err := c.ByID(tt.id)
			if err != nil {
				t.Fatal(err)
			}
			if len(rs.Criteria) != len(tt.criteria) {
				t.Fatalf("%d criteria, docs/law/lists.md has %d", len(rs.Criteria), len(tt.criteria))
			}
			if rs.Area.MinResidents != 1000 || rs.Area.Operator != GreaterOrEqual {
				t.Errorf("area rule %d %s, want >= 1000", rs.Area.MinResidents, rs.Area.Operator)
			}
			for i, want := range tt.criteria {
				got := rs.Criteria[i]
				value, _ := blandby.ParseDecimal(want.value)
				if want.kind != mult {
					value = value.Quo(blandby.RatioInt(100))
				}
				if got.ID != want.id || string(got.Indicator) != want.indicator || string(got.Operator) != want.op ||
					string(got.Threshold.Kind) != want.kind || got.Threshold.Value.Cmp(value) != 0 ||
					got.Population.AgeMin != want.ageMin || got.Population.AgeMax != want.ageMax ||
					!slices.Equal(got.DataYears, want.window) {
					t.Errorf("criterion %d = %s %s %s %s %s ages %d-%d window %v; docs/law/lists.md: %+v", i, got.ID, got.Indicator,
						got.Operator, got.Threshold.Kind, got.Threshold.Value, got.Population.AgeMin, got.Population.AgeMax, got.DataYears, want)
				}
			}
			for cat, want := range tt.atLeast {
				l, ok := rs.List(cat)
				if !ok || l.AtLeast == nil || l.AtLeast.Count != want[0] || len(l.AtLeast.Of) != want[1] {
					t.Errorf("list %s: want at least %d of %d", cat, want[0], want[1])
				}
			}
		})
	}
}

func TestEducationAndIncomeDefinitions(t *testing.T) {
	c := catalog(t)
	rs14, _ := c.ByID("2014-02-01")
	g4, _ := rs14.Criterion("G4")
	if g4.Education.Source != EducationAll || !slices.Contains(g4.Education.BasicLevels, "uoplyst") {
		t.Errorf("2014 G4 must count unknown education as basic from all sources: %+v", g4.Education)
	}
	rs21, _ := c.ByID("2021-11-30")
	for _, id := range []string{"U3", "F3"} {
		cr, _ := rs21.Criterion(id)
		if cr.Education.Source != EducationDanish {
			t.Errorf("2021 %s must use Danish-recognised education only", id)
		}
	}
	for _, id := range []string{"U4", "F4"} {
		cr, _ := rs21.Criterion(id)
		if !cr.Population.TaxpayersOnly || !cr.Population.ExcludeInEducation {
			t.Errorf("2021 %s: income population must be taxpayers excluding persons in education", id)
		}
	}
}

func TestListStructure(t *testing.T) {
	c := catalog(t)
	rs18, _ := c.ByID("2018-12-01")
	ps, _ := rs18.List(blandby.Parallelsamfund)
	if ps.Name.DA != "ghettoområde" || len(ps.RequiresLists) != 1 || ps.RequiresLists[0] != blandby.Udsat || ps.RequiresCriteria[0] != "P1" {
		t.Errorf("2018 ghettoområde: %+v", ps)
	}
	om, _ := rs18.List(blandby.Omdannelse)
	if om.Name.DA != "hårdt ghettoområde" {
		t.Errorf("2018 omdannelse is called %q", om.Name.DA)
	}
	for year, want := range map[int]int{2017: 4, 2018: 5, 2019: 5, 2020: 5, 2021: 4} {
		if got, _ := om.Consecutive.YearsFor(year); got != want {
			t.Errorf("2018 rule set, list year %d: %d years, want %d", year, got, want)
		}
	}
	rs21, _ := c.ByID("2021-11-30")
	om21, _ := rs21.List(blandby.Omdannelse)
	if got, tr := om21.Consecutive.YearsFor(2021); got != 5 || tr != nil {
		t.Errorf("2021 omdannelse: %d years (transition %v), want 5", got, tr)
	}
	fb, _ := rs21.List(blandby.Forebyggelse)
	if !rs21.ForebyggelseExcludesUdsat || len(fb.Excludes) != 1 || fb.Excludes[0] != blandby.Udsat {
		t.Errorf("forebyggelse must exclude udsat: flag %v excludes %v", rs21.ForebyggelseExcludesUdsat, fb.Excludes)
	}
	rs10, _ := c.ByID("2010-10-26")
	if len(rs10.Lists) != 1 || rs10.Lists[0].Category != blandby.Parallelsamfund || rs10.Lists[0].Name.DA != "ghettoområde" {
		t.Errorf("2010 must have one list, the ghettoområde list: %+v", rs10.Lists)
	}
}

func TestAtAndForListYear(t *testing.T) {
	c := catalog(t)
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for date, want := range map[string]string{
		"2010-10-26": "2010-10-26", "2014-01-31": "2010-10-26", "2014-02-01": "2014-02-01",
		"2018-11-30": "2014-02-01", "2018-12-01": "2018-12-01", "2021-11-29": "2018-12-01",
		"2021-11-30": "2021-11-30", "2026-12-01": "2021-11-30",
	} {
		rs, err := c.At(day(date))
		if err != nil || rs.ID != want {
			t.Errorf("At(%s) = %v, %v; want %s", date, rs, err, want)
		}
	}
	if _, err := c.At(day("2010-10-25")); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("At before the first rule set: err %v, want invalid", err)
	}
	for year, want := range map[int]string{
		2010: "2010-10-26", 2013: "2010-10-26", 2014: "2014-02-01", 2017: "2014-02-01",
		2018: "2018-12-01", 2020: "2018-12-01", 2021: "2021-11-30", 2030: "2021-11-30",
	} {
		rs, err := c.ForListYear(year)
		if err != nil || rs.ID != want {
			t.Errorf("ForListYear(%d) = %v, %v; want %s", year, rs, err, want)
		}
		if year >= 2014 {
			if d := rs.ListDate(year); d.Month() != time.December || d.Day() != 1 {
				t.Errorf("list date of %d is %s, want 1 December (L 45 (2013-14), § 61 a, stk. 2: \"hver den 1. december\")", year, d)
			}
		}
	}
	// The early lists' own days (docs/law/lists.md): the first list of 26
	// October 2010 and "ghettolisten pr. 1. oktober 2012".
	for year, want := range map[int]string{2010: "2010-10-26", 2012: "2012-10-01"} {
		if d, err := c.PublishedOn(year); err != nil || d.Format(time.DateOnly) != want {
			t.Errorf("PublishedOn(%d) = %s, %v; want %s", year, d, err, want)
		}
	}
	if _, err := c.ForListYear(2009); err == nil || !strings.Contains(err.Error(), "2009") {
		t.Errorf("ForListYear(2009) err = %v, want an error naming the year", err)
	}
	// The package-level helpers use the embedded catalog.
	if rs, err := At(day("2019-06-01")); err != nil || rs.ID != "2018-12-01" {
		t.Errorf("law.At(2019-06-01) = %v, %v", rs, err)
	}
}

func TestOperators(t *testing.T) {
	third := blandby.NewRatio(1, 3)
	below, above := blandby.NewRatio(33, 100), blandby.NewRatio(34, 100)
	tests := []struct {
		op                 Operator
		below, on, aboveOK bool
		symbol             string
	}{
		{Greater, false, false, true, ">"},
		{GreaterOrEqual, false, true, true, "≥"},
		{Less, true, false, false, "<"},
		{LessOrEqual, true, true, false, "≤"},
	}
	for _, tt := range tests {
		if got := tt.op.Symbol(); got != tt.symbol {
			t.Errorf("%s: symbol %q, want %q", tt.op, got, tt.symbol)
		}
		if got := tt.op.Holds(below, third); got != tt.below {
			t.Errorf("%s below: %v", tt.op, got)
		}
		if got := tt.op.Holds(blandby.NewRatio(2, 6), third); got != tt.on {
			t.Errorf("%s on: %v", tt.op, got)
		}
		if got := tt.op.Holds(above, third); got != tt.aboveOK {
			t.Errorf("%s above: %v", tt.op, got)
		}
	}
	if _, err := ParseOperator("=>"); err == nil {
		t.Error("=> must be rejected")
	}
}

const minimal = `id: "2030-01-01"
valid_from: 2030-01-01
title: {da: "x", en: "x"}
source: {da: "test", en: "test"}
publication: {month: 12, day: 1, legal_ref: "§ 1"}
area:
  min_residents: 1000
  operator: ">="
  data_year: -1
  legal_ref: "§ 2"
  label: {da: "mindst 1.000", en: "at least 1,000"}
criteria:
  - id: X1
    indicator: outside_labour
    label: {da: "a", en: "a"}
    legal_ref: "§ 3"
    population: {age_min: 18, age_max: 64}
    operator: ">"
    threshold: {kind: share, value: "40"}
    window: {data_years: [-2, -1]}
lists:
  - category: udsat
    name: {da: "udsat", en: "udsat"}
    legal_ref: "§ 4"
    at_least: {count: 1, of: [X1]}
`

func TestParseRejectsBadRuleSets(t *testing.T) {
	if _, err := Parse("2030-01-01.yaml", []byte(minimal)); err != nil {
		t.Fatalf("the minimal rule set must parse: %v", err)
	}
	tests := []struct {
		name, from, to, want string
	}{
		{"unknown key", "    window:", "    windw:", "windw"},
		{"missing legal reference", `    legal_ref: "§ 3"` + "\n", "", "legal_ref: missing legal reference"},
		{"missing English label", `label: {da: "a", en: "a"}`, `label: {da: "a"}`, "label needs both da and en"},
		{"bad operator", `operator: ">"`, `operator: "=>"`, `:18:`},
		{"inexact threshold", `value: "40"`, `value: "4O"`, "threshold.value"},
		{"kind does not fit", `kind: share`, `kind: national_multiple`, "does not fit indicator"},
		{"unknown criterion", `of: [X1]`, `of: [X2]`, `unknown criterion "X2"`},
		{"count above criteria", `count: 1`, `count: 2`, "at_least.count"},
		{"unknown indicator", `indicator: outside_labour`, `indicator: unemployment`, "unknown indicator"},
		{"future data year", `data_years: [-2, -1]`, `data_years: [-1, 1]`, "offsets <= 0"},
		{"id differs from file", `id: "2030-01-01"`, `id: "2030-01-02"`, "must equal"},
		{"publication day outside its year", `publication: {month: 12, day: 1, legal_ref: "§ 1"}`,
			`publication: {month: 12, day: 1, legal_ref: "§ 1", dates: [{list_year: 2030, date: 2032-01-01, source: "s"}]}`, "not in list year 2030"},
		{"publication day without source", `publication: {month: 12, day: 1, legal_ref: "§ 1"}`,
			`publication: {month: 12, day: 1, legal_ref: "§ 1", dates: [{list_year: 2030, date: 2030-10-01}]}`, "missing the source of the date"},
		{"list not held without source", `publication: {month: 12, day: 1, legal_ref: "§ 1"}`,
			`publication: {month: 12, day: 1, legal_ref: "§ 1", not_held: [{date: 2030-02-01, label: {da: "a", en: "a"}}]}`, "not_held[0].source"},
		{"list not held with a bad date", `publication: {month: 12, day: 1, legal_ref: "§ 1"}`,
			`publication: {month: 12, day: 1, legal_ref: "§ 1", not_held: [{date: 2030-02-30, source: "s", label: {da: "a", en: "a"}}]}`, "not_held[0].date"},
		{"a second document", `id: "2030-01-01"`, "id: \"2030-01-01\"\n---\nid: x\n---", "more than one YAML document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(minimal, tt.from, tt.to, 1)
			if src == minimal {
				t.Fatalf("test does not change the rule set")
			}
			_, err := Parse("2030-01-01.yaml", []byte(src))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "2030-01-01.yaml") {
				t.Errorf("err = %v, want it to name the file and contain %q", err, tt.want)
			}
		})
	}
}

func TestForebyggelseFlagRequired(t *testing.T) {
	src := minimal + `  - category: forebyggelse
    name: {da: "f", en: "f"}
    legal_ref: "§ 5"
    at_least: {count: 1, of: [X1]}
`
	if _, err := Parse("2030-01-01.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), "forebyggelse_excludes_udsat") {
		t.Errorf("a forebyggelse list without the flag: err = %v", err)
	}
	rs, err := Parse("2030-01-01.yaml", []byte(src+"forebyggelse_excludes_udsat: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := rs.List(blandby.Forebyggelse); len(l.Excludes) != 0 {
		t.Errorf("flag off must not exclude: %v", l.Excludes)
	}
}

// TestListInForce: the list in force on a date is the latest list
// published on or before it, each list on its own publication day (26
// October 2010, 1 October 2012, 1 February 2014 for a list blandby does
// not hold, then 1 December from 2014).
func TestListInForce(t *testing.T) {
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	published := []int{2010, 2011, 2012, 2013, 2014, 2015, 2018, 2019, 2020, 2021, 2022}
	for date, want := range map[string]int{
		"2010-10-25": 0, "2010-10-26": 2010, "2012-09-30": 2011, "2012-10-01": 2012,
		"2014-01-31": 2013, "2014-12-01": 2014,
		"2017-06-01": 2015, // 2016 and 2017 are not in this history
		"2021-11-30": 2020, "2021-12-01": 2021, "2026-01-01": 2022,
	} {
		d, _ := time.Parse(time.DateOnly, date)
		got, err := c.ListInForce(d, published)
		if err != nil || got != want {
			t.Errorf("ListInForce(%s) = %d, %v; want %d", date, got, err, want)
		}
	}
	if _, err := c.ListInForce(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), []int{2009, 2019}); err == nil || !strings.Contains(err.Error(), "2009") {
		t.Errorf("a published year no rule set governs: err %v, want an error naming 2009", err)
	}
	// A history that starts late holds no list in force before its first.
	if got, err := c.ListInForce(time.Date(2022, 11, 30, 0, 0, 0, 0, time.UTC), []int{2022, 2023}); err != nil || got != 0 {
		t.Errorf("ListInForce(2022-11-30) of 2022-2023 = %d, %v; want 0", got, err)
	}
	// From 1 February 2014 the first five-criteria list was in force, and
	// blandby holds no values of it: no held list is in force until the
	// list of 1 December 2014.
	for _, date := range []string{"2014-02-01", "2014-06-01", "2014-11-30"} {
		d, _ := time.Parse(time.DateOnly, date)
		if got, err := c.ListInForce(d, published); blandby.CodeOf(err) != blandby.CodeNotFound || !strings.Contains(err.Error(), "published 2014-02-01") {
			t.Errorf("ListInForce(%s) = %d, %v; want not found, naming the list published 2014-02-01", date, got, err)
		}
	}
}
