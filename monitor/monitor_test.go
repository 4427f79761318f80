package monitor_test

import (
	"strings"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/monitor"
)

func r(s string) blandby.Ratio {
	v, err := blandby.ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestFitLine(t *testing.T) {
	tests := []struct {
		name                  string
		years                 []int
		values                []string
		slope, spread, at2030 string
	}{
		// On a line: 0.40, 0.38, 0.36 → slope -0.02, exact, no spread.
		{"line", []int{2021, 2022, 2023}, []string{"0.40", "0.38", "0.36"}, "-1/50", "0", "0.22"},
		// 1, 3, 2: mean 2 at 2022, slope 1/2, residuals -1/2, 1, -1/2.
		{"zigzag", []int{2021, 2022, 2023}, []string{"1", "3", "2"}, "1/2", "1", "6"},
		// One point: flat.
		{"one", []int{2025}, []string{"0.3"}, "0", "0", "0.3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var vs []blandby.Ratio
			for _, v := range tt.values {
				vs = append(vs, r(v))
			}
			f, err := monitor.FitLine(tt.years, vs)
			if err != nil {
				t.Fatal(err)
			}
			if f.Slope.Cmp(r(tt.slope)) != 0 || f.Spread.Cmp(r(tt.spread)) != 0 || f.At(2030).Cmp(r(tt.at2030)) != 0 {
				t.Errorf("slope %s spread %s at 2030 %s; want %s %s %s", f.Slope, f.Spread, f.At(2030), tt.slope, tt.spread, tt.at2030)
			}
		})
	}
	if _, err := monitor.FitLine(nil, nil); err == nil {
		t.Error("an empty fit was accepted")
	}
}

func TestParseGoalStrict(t *testing.T) {
	g, err := law.InForce(monitor.Embedded, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if g.Year != 2030 || g.Headline != "M1" || g.Warning.Points.Cmp(r("6")) != 0 || g.Projection.ListYears != 5 {
		t.Errorf("embedded goal: %+v", g)
	}
	for _, tg := range g.Targets {
		if !strings.HasPrefix(tg.LegalRef, "Blandede byer, afsnit 1.") || (tg.ID == "M1") != strings.HasPrefix(tg.Note.DA, "Antagelse:") {
			t.Errorf("embedded target %s: legal_ref %q, note %q", tg.ID, tg.LegalRef, tg.Note.DA)
		}
	}
	base := goalYAML
	if _, err := monitor.ParseGoal("g.yaml", []byte(base)); err != nil {
		t.Fatalf("valid goal refused: %v", err)
	}
	both, err := monitor.ParseGoal("g.yaml", []byte(strings.Replace(base, "lists: [udsat]", `lists: [udsat], nonwestern: {operator: ">", value: "30"}`, 1)))
	if err != nil {
		t.Fatalf("a target of lists and a bar refused: %v", err)
	}
	if tg := both.Targets[0]; len(tg.Lists) != 1 || tg.NonWestern == nil || tg.NonWestern.Value.Cmp(r("0.3")) != 0 || tg.LegalRef != "t" {
		t.Errorf("lists and bar: %+v", tg)
	}
	for _, tt := range []struct{ old, new, want string }{
		{"legal_ref: x", "legal_ref: x\nextra: 1", "extra"},
		{`points: "6"`, `points: "-1"`, "points"},
		{"lists: [udsat]", "lists: [nowhere]", "lists"},
		{"lists: [udsat], ", "", "targets[0]: lists, nonwestern or both"},
		{"legal_ref: t, ", "", "targets[0].legal_ref"},
		{"legal_ref: t, ", "legal_ref: t, note: {da: a}, ", "targets[0].note"},
		{"lists: [udsat]", `lists: [udsat], nonwestern: {operator: "~", value: "30"}`, "nonwestern.operator"},
		{"method: ols", "method: guess", "projection.method"},
		{"headline: M1", "headline: M9", "headline"},
		{"list_years: 5", "list_years: 1", "list_years"},
	} {
		_, err := monitor.ParseGoal("g.yaml", []byte(strings.Replace(base, tt.old, tt.new, 1)))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "g.yaml") {
			t.Errorf("%s → %v, want an error naming g.yaml and %s", tt.new, err, tt.want)
		}
	}
}

// goalYAML is a valid goal file with one target.
const goalYAML = `id: "2021-11-30"
valid_from: 2021-11-30
title: {da: a, en: b}
source: {da: a, en: b}
legal_ref: x
year: 2030
targets:
  - {id: M1, label: {da: a, en: b}, legal_ref: t, lists: [udsat], max: 0}
headline: M1
warning: {points: "6", multiple: "1", residents: "10", note: {da: a, en: b}}
projection: {method: ols, list_years: 5, note: {da: a, en: b}}
`

// year builds a published year of the rule set in force for the list
// year.
func year(t *testing.T, y int, cats map[string]blandby.Category, inds []blandby.Indicators) monitor.Year {
	t.Helper()
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := cat.ForListYear(y)
	if err != nil {
		t.Fatal(err)
	}
	out := monitor.Year{Year: y, RuleSet: rs, Indicators: inds}
	for id, c := range cats {
		out.Areas = append(out.Areas, monitor.Area{Area: blandby.Area{ID: id, Name: "Område " + id, FamilyDwellings: 500}, Category: c, Residents: 2000})
	}
	return monitor.Normalize([]monitor.Year{out})[0]
}

func TestChangesAndTally(t *testing.T) {
	a := year(t, 2023, map[string]blandby.Category{"a": blandby.Omdannelse, "b": blandby.Udsat, "c": blandby.None}, nil)
	b := year(t, 2024, map[string]blandby.Category{"a": blandby.Udsat, "b": blandby.None, "c": blandby.Forebyggelse}, nil)
	got := map[blandby.Category]string{}
	for _, ch := range monitor.Changes(&a, &b) {
		var s []string
		for _, e := range ch.Entered {
			s = append(s, "+"+e.ID)
		}
		for _, e := range ch.Left {
			s = append(s, "-"+e.ID)
		}
		got[ch.List] = strings.Join(s, " ")
	}
	want := map[blandby.Category]string{blandby.Udsat: "-b", blandby.Parallelsamfund: "-a", blandby.Omdannelse: "-a", blandby.Forebyggelse: "+c"}
	for l, w := range want {
		if got[l] != w {
			t.Errorf("%s: %q, want %q", l, got[l], w)
		}
	}
	tl := monitor.TallyYear(&a, nil)
	if tl.OnCounts[blandby.Udsat] != 2 || tl.OnCounts[blandby.Parallelsamfund] != 1 || tl.Residents[blandby.Udsat] != 4000 || tl.FamilyDwellings[blandby.Omdannelse] != 500 {
		t.Errorf("tally %+v", tl)
	}
}

// TestWarnings: an area 3.5 points under the labour bar and 3 under the
// education bar warns for udsat at a margin of 4 points, not at 3.5 (the
// labour share lands exactly on its bar, and "overstiger" is strict).
func TestWarnings(t *testing.T) {
	ind := func(id string, labour, edu, income string) blandby.Indicators {
		return blandby.Indicators{Year: 2024, Area: blandby.Area{ID: id}, Residents: 2000,
			NonWestern: blandby.KnownMeasure(r("0.2")), OutsideLabour: blandby.KnownMeasure(r(labour)),
			Convicted: blandby.KnownMeasure(r("0.01")), NationalConvicted: blandby.KnownMeasure(r("0.01")),
			BasicEducation: blandby.KnownMeasure(r(edu)), Income: blandby.KnownMeasure(r(income))}
	}
	// Bars (2021 rules): U1 labour > 40 %, U3 education > 60 %, U4 income < 55 %.
	near := ind("near", "0.365", "0.57", "0.80")
	far := ind("far", "0.20", "0.30", "0.90")
	y := year(t, 2024, map[string]blandby.Category{"near": blandby.None, "far": blandby.None}, []blandby.Indicators{near, far})
	for _, tt := range []struct {
		points string
		want   string
	}{{"3", ""}, {"3.5", ""}, {"4", "near"}, {"10", "near"}} {
		m, err := monitor.ParseMargins(tt.points, "0", "0")
		if err != nil {
			t.Fatal(err)
		}
		ws, err := monitor.Warnings(&y, []monitor.Year{y}, y.RuleSet, m)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range ws {
			if w.List == blandby.Udsat {
				got = append(got, w.AreaID)
				if len(w.Near) != 2 {
					t.Errorf("near criteria %+v", w.Near)
				}
			}
		}
		if strings.Join(got, ",") != tt.want {
			t.Errorf("margin %s: udsat warnings %v, want %q", tt.points, got, tt.want)
		}
	}
}
