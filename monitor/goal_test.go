package monitor_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/monitor"
)

// goal2030 is the embedded goal (law/rules/monitor/2021-11-30.yaml).
func goal2030(t *testing.T) *monitor.Goal {
	t.Helper()
	g, err := law.InForce(monitor.Embedded, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func target(t *testing.T, g *monitor.Goal, id string) *monitor.Target {
	t.Helper()
	tg, ok := g.Target(id)
	if !ok {
		t.Fatalf("no target %s", id)
	}
	return tg
}

// withShare is an area's indicators with only the non-Western share known
// (the goal reads nothing else).
func withShare(id, share string) blandby.Indicators {
	return blandby.Indicators{Year: 2023, Area: blandby.Area{ID: id}, Residents: 2000, NonWestern: blandby.KnownMeasure(r(share))}
}

// TestGoalSeed counts the goal's targets on one area at a time, from the
// strategy's words:
//
//   - 1.7, 1. afsnit: "Regeringen har en målsætning om, at der ikke skal være
//     nogen boligområder, som adskiller sig væsentligt fra det omgivende
//     samfund socialt og økonomisk, og hvor der er en andel af ikke vestlige
//     indvandrere og efterkommere på over 30 pct." (M1: on the udsat or the
//     forebyggelse list, and over 30 %, strictly);
//   - 1.2, 1. afsnit: "… at der ikke skal være ghettoområder i 2030." (M2);
//   - 1.1, 6. afsnit: "… ikke bor mere end 30 pct. ikke-vestlige indvandrere
//     og efterkommere i boligområder i Danmark." (M3: every area).
//
// A list year of the 2021 rule set with the shares known.
func TestGoalSeed(t *testing.T) {
	g := goal2030(t)
	tests := []struct {
		name       string
		cat        blandby.Category
		share      string
		m1, m2, m3 int
	}{
		// Differs socially and economically, but 25 % is not over 30 %.
		{"1.7-udsat-25pct", blandby.Udsat, "0.25", 0, 0, 0},
		// "over 30 pct.": exactly 30 % is not over.
		{"1.7-udsat-30pct", blandby.Udsat, "0.30", 0, 0, 0},
		{"1.7-udsat-30.01pct", blandby.Udsat, "0.3001", 1, 0, 1},
		{"1.7-forebyggelse-31pct", blandby.Forebyggelse, "0.31", 1, 0, 1},
		{"1.7-parallelsamfund-60pct", blandby.Parallelsamfund, "0.60", 1, 1, 1},
		{"1.7-omdannelse-55pct", blandby.Omdannelse, "0.55", 1, 1, 1},
		// Over 30 %, but on no list: not the goal of 1.7, but that of 1.1.
		{"1.1-none-45pct", blandby.None, "0.45", 0, 0, 1},
		{"1.1-none-30pct", blandby.None, "0.30", 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y := year(t, 2023, map[string]blandby.Category{"a": tt.cat}, []blandby.Indicators{withShare("a", tt.share)})
			for id, want := range map[string]int{"M1": tt.m1, "M2": tt.m2, "M3": tt.m3} {
				got := g.Count(&y, target(t, g, id))
				if got != (monitor.Count{Areas: want}) {
					t.Errorf("%s: %+v, want exactly %d", id, got, want)
				}
			}
		})
	}
	// The same areas in one year: M1 counts 4 of 8, though 7 are listed
	// or above 30 %.
	cats := map[string]blandby.Category{}
	var inds []blandby.Indicators
	for _, tt := range tests {
		cats[tt.name] = tt.cat
		inds = append(inds, withShare(tt.name, tt.share))
	}
	y := year(t, 2023, cats, inds)
	if got := g.Count(&y, target(t, g, "M1")); got != (monitor.Count{Areas: 4}) {
		t.Errorf("all together: M1 %+v, want 4", got)
	}
	if tl := monitor.TallyYear(&y, g.NonWesternBar()); len(tl.Above) != 5 || !tl.NonWesternKnown {
		t.Errorf("all together: %d above 30 %%, want 5", len(tl.Above))
	}
}

// TestGoalUnknownShares: a list imported without indicators holds no
// non-Western shares. Nothing is guessed: an area counts for M1 when the
// definition of a list it is on guarantees "over 30 pct." (forebyggelse:
// ABL § 61 b, "over 30 pct."; parallelsamfund: ABL § 61 a, stk. 2, "over
// 50 pct.", from the 2018 list), and is unknown otherwise.
func TestGoalUnknownShares(t *testing.T) {
	g := goal2030(t)
	m1 := target(t, g, "M1")
	tests := []struct {
		name string
		year int
		cat  blandby.Category
		want monitor.Count
	}{
		{"udsat", 2023, blandby.Udsat, monitor.Count{Unknown: 1}},
		{"forebyggelse", 2023, blandby.Forebyggelse, monitor.Count{Areas: 1}},
		{"parallelsamfund", 2023, blandby.Parallelsamfund, monitor.Count{Areas: 1}},
		{"omdannelse", 2023, blandby.Omdannelse, monitor.Count{Areas: 1}},
		{"none", 2023, blandby.None, monitor.Count{}},
		// 2018 rules: ghettoområde requires over 50 % (§ 61 a, stk. 2).
		{"ghetto-2019", 2019, blandby.Parallelsamfund, monitor.Count{Areas: 1}},
		{"udsat-2019", 2019, blandby.Udsat, monitor.Count{Unknown: 1}},
		// 2014 rules: a ghettoområde meets 3 of 5 criteria; the share is
		// one of them, so it is not guaranteed.
		{"ghetto-2016", 2016, blandby.Parallelsamfund, monitor.Count{Unknown: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y := year(t, tt.year, map[string]blandby.Category{"a": tt.cat}, nil)
			if got := g.Count(&y, m1); got != tt.want {
				t.Errorf("M1 %+v, want %+v", got, tt.want)
			}
		})
	}
	// One imported year with them all: at least 3, at most 4 (the udsat
	// area); M3 has no upper bound (an area on no list may exceed 30 %).
	y := year(t, 2023, map[string]blandby.Category{"u": blandby.Udsat, "f": blandby.Forebyggelse, "p": blandby.Parallelsamfund, "o": blandby.Omdannelse, "n": blandby.None}, nil)
	c1, c3 := g.Count(&y, m1), g.Count(&y, target(t, g, "M3"))
	if c1 != (monitor.Count{Areas: 3, Unknown: 1}) || c1.Exact() || c1.Words(blandby.Danish) != "mindst 3, højst 4" || c1.Words(blandby.English) != "at least 3, at most 4" {
		t.Errorf("M1 %+v (%q)", c1, c1.Words(blandby.Danish))
	}
	if !c3.Open || c3.Areas != 3 || c3.Words(blandby.Danish) != "mindst 3" {
		t.Errorf("M3 %+v (%q)", c3, c3.Words(blandby.Danish))
	}
	st := g.Status([]monitor.Year{y}, nil)
	if ids := targetIDs(st); ids != "M1 M2 M3" {
		t.Fatalf("targets %s, want M1 M2 M3: the checks below would check nothing", ids)
	}
	for _, ts := range st.Targets {
		if ts.ID == "M1" && (ts.NowKnown || ts.Now != 3 || ts.NowUnknown != 1 || ts.NowCount != c1) {
			t.Errorf("status M1: now %d, known %v, unknown %d, %+v", ts.Now, ts.NowKnown, ts.NowUnknown, ts.NowCount)
		}
		if ts.ID == "M2" && (!ts.NowKnown || ts.Now != 2 || ts.NowUnknown != 0) {
			t.Errorf("status M2: now %d, known %v, unknown %d", ts.Now, ts.NowKnown, ts.NowUnknown)
		}
		if ts.ID == "M3" && (ts.NowKnown || ts.NowUnknown != -1) {
			t.Errorf("status M3: known %v, unknown %d; want no upper bound (-1)", ts.NowKnown, ts.NowUnknown)
		}
	}
}

// TestGoalPublishedGoalYear: once the goal year's list is published, the
// status is its count; with an udsat area of unknown share, the goal is
// met only if that area counts as over 30 %... which cannot be ruled out,
// so M1 is not on track, and the range says 0–1.
func TestGoalPublishedGoalYear(t *testing.T) {
	g := goal2030(t)
	y := year(t, 2030, map[string]blandby.Category{"u": blandby.Udsat}, nil)
	st := g.Status([]monitor.Year{y}, nil)
	if !strings.Contains(targetIDs(st), "M1") {
		t.Fatalf("targets %s: no M1", targetIDs(st))
	}
	for _, ts := range st.Targets {
		if ts.ID != "M1" {
			continue
		}
		if !ts.Projected || ts.Low != 0 || ts.High != 1 || ts.OnTrack {
			t.Errorf("M1 in 2030: %+v", ts)
		}
	}
	known := year(t, 2030, map[string]blandby.Category{"u": blandby.Udsat}, []blandby.Indicators{withShare("u", "0.30")})
	for _, ts := range g.Status([]monitor.Year{known}, nil).Targets {
		if ts.ID == "M1" && (!ts.OnTrack || ts.High != 0) {
			t.Errorf("M1 in 2030 with an udsat area at 30 %%: %+v", ts)
		}
	}
}

// TestGoalBars: whether a list guarantees a target's bar follows the
// list's own threshold: forebyggelse ("over 30 pct.") guarantees "over 30"
// and "at least 30", not "over 50"; parallelsamfund ("over 50 pct.")
// guarantees "over 50".
func TestGoalBars(t *testing.T) {
	for _, tt := range []struct {
		name, bar string
		cat       blandby.Category
		want      monitor.Count
	}{
		{"forebyggelse-over-30", `{operator: ">", value: "30"}`, blandby.Forebyggelse, monitor.Count{Areas: 1}},
		{"forebyggelse-at-least-30", `{operator: ">=", value: "30"}`, blandby.Forebyggelse, monitor.Count{Areas: 1}},
		{"forebyggelse-over-30.5", `{operator: ">", value: "30.5"}`, blandby.Forebyggelse, monitor.Count{Unknown: 1}},
		{"forebyggelse-over-50", `{operator: ">", value: "50"}`, blandby.Forebyggelse, monitor.Count{Unknown: 1}},
		{"parallelsamfund-over-50", `{operator: ">", value: "50"}`, blandby.Parallelsamfund, monitor.Count{Areas: 1}},
		{"parallelsamfund-under-50", `{operator: "<", value: "50"}`, blandby.Parallelsamfund, monitor.Count{Unknown: 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g, err := monitor.ParseGoal("g.yaml", []byte(strings.Replace(goalYAML, "lists: [udsat]", "lists: [udsat, forebyggelse], nonwestern: "+tt.bar, 1)))
			if err != nil {
				t.Fatal(err)
			}
			y := year(t, 2023, map[string]blandby.Category{"a": tt.cat}, nil)
			if got := g.Count(&y, &g.Targets[0]); got != tt.want {
				t.Errorf("%+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestProjectionConjunction: the projection counts M1 with the bar too:
// two udsat areas on flat trends, one at 25 % and one at 35 %
// non-Western, stay udsat to 2030; M1 counts the second only. A third
// udsat area whose share is never known counts only at the unfavourable
// end.
func TestProjectionConjunction(t *testing.T) {
	g := goal2030(t)
	ind := func(y int, id, share string) blandby.Indicators {
		return blandby.Indicators{Year: y, Area: blandby.Area{ID: id}, Residents: 2000,
			NonWestern: blandby.KnownMeasure(r(share)), OutsideLabour: blandby.KnownMeasure(r("0.5")),
			Convicted: blandby.KnownMeasure(r("0.01")), NationalConvicted: blandby.KnownMeasure(r("0.01")),
			BasicEducation: blandby.KnownMeasure(r("0.7")), Income: blandby.KnownMeasure(r("0.8"))}
	}
	var years []monitor.Year
	for _, y := range []int{2023, 2024} {
		unknown := ind(y, "unknown", "0")
		unknown.NonWestern = blandby.Measure{}
		years = append(years, year(t, y, map[string]blandby.Category{"low": blandby.Udsat, "high": blandby.Udsat, "unknown": blandby.Udsat},
			[]blandby.Indicators{ind(y, "low", "0.25"), ind(y, "high", "0.35"), unknown}))
	}
	p, err := monitor.Project(years, years[1].RuleSet, g)
	if err != nil {
		t.Fatal(err)
	}
	end := p.Years[len(p.Years)-1]
	for sc, m1 := range map[monitor.Scenario]int{monitor.Best: 1, monitor.Point: 1, monitor.Worst: 2} {
		if end.OnCounts[sc][blandby.Udsat] != 3 || end.Targets[sc]["M1"] != m1 || end.Targets[sc]["M2"] != 0 {
			t.Errorf("%s 2030: udsat %d, M1 %d, M2 %d; want 3, %d, 0", sc, end.OnCounts[sc][blandby.Udsat], end.Targets[sc]["M1"], end.Targets[sc]["M2"], m1)
		}
	}
}

// TestSeriesBreak: the ghetto lists end with the 2020 list and the new
// lists (with forebyggelse) begin with the 2021 list.
func TestSeriesBreak(t *testing.T) {
	span := func(from, to int) []monitor.Year {
		var ys []monitor.Year
		for y := from; y <= to; y++ {
			ys = append(ys, year(t, y, map[string]blandby.Category{"a": blandby.Udsat}, nil))
		}
		return ys
	}
	if b, ok := monitor.SeriesBreak(span(2016, 2023)); !ok || b != (monitor.Break{Before: 2020, After: 2021}) {
		t.Errorf("2016–2023: %+v %v, want 2020/2021", b, ok)
	}
	for _, s := range [][2]int{{2016, 2020}, {2021, 2025}, {2021, 2021}} {
		if b, ok := monitor.SeriesBreak(span(s[0], s[1])); ok {
			t.Errorf("%d–%d: a break %+v", s[0], s[1], b)
		}
	}
	b := monitor.Break{Before: 2020, After: 2021}
	for _, want := range []string{"2020", "2021", "ghettoområde", "forebyggelsesområde"} {
		if n := b.Note(); !strings.Contains(n.DA, want) || !strings.Contains(n.EN, want) {
			t.Errorf("the note lacks %q: %+v", want, n)
		}
	}
	before, after := b.SeriesLabels()
	if !strings.Contains(before.DA, "ghettolister (til og med 2020)") || !strings.Contains(after.EN, "new lists (from 2021)") {
		t.Errorf("series labels %+v / %+v", before, after)
	}
}

// TestGoalLines: the published counts are split at the break, an inexact
// year is drawn as its two ends and not as a point, the projection starts
// at the last published count, and the target sits at the goal year.
func TestGoalLines(t *testing.T) {
	h := &monitor.Target{ID: "m", Max: 3}
	counts := []monitor.Count{{Areas: 9}, {Areas: 7, Unknown: 2}, {Areas: 6}}
	p := &monitor.Projection{Years: []monitor.ProjectedYear{{Year: 2030, Targets: map[monitor.Scenario]map[string]int{
		monitor.Point: {"m": 4}, monitor.Best: {"m": 2}, monitor.Worst: {"m": 5}}}}}
	g := monitor.NewGoalLines([]int{2020, 2021, 2022}, counts, &monitor.Break{Before: 2020, After: 2021}, p, h)
	str := func(l monitor.Line) string {
		var parts []string
		for _, v := range l {
			if v == nil {
				parts = append(parts, "-")
			} else {
				parts = append(parts, fmt.Sprint(*v))
			}
		}
		return strings.Join(parts, " ")
	}
	for name, c := range map[string]struct {
		got  monitor.Line
		want string
	}{
		"before":    {g.Before, "9 - - -"},
		"published": {g.Published, "- - 6 -"},
		"least":     {g.Least, "- 7 - -"},
		"most":      {g.Most, "- 9 - -"},
		"point":     {g.Point, "- - 6 4"},
		"best":      {g.Best, "- - 6 2"},
		"worst":     {g.Worst, "- - 6 5"},
		"target":    {g.Target, "- - - 3"},
	} {
		if s := str(c.got); s != c.want {
			t.Errorf("%s: %s, want %s", name, s, c.want)
		}
	}
	if !g.Inexact || fmt.Sprint(g.Years) != "[2020 2021 2022 2030]" {
		t.Errorf("inexact %v, years %v", g.Inexact, g.Years)
	}
	// Without a break every exact count is on the published line.
	if s := str(monitor.NewGoalLines([]int{2022}, []monitor.Count{{Areas: 6}}, nil, &monitor.Projection{}, h).Published); s != "6" {
		t.Errorf("published without a break: %s", s)
	}
}

// targetIDs are a status's targets' ids, space-separated.
func targetIDs(st monitor.GoalStatus) string {
	var ids []string
	for _, ts := range st.Targets {
		ids = append(ids, ts.ID)
	}
	return strings.Join(ids, " ")
}
