// Package report writes the yearly report on the lists and the 2030 goal,
// in the spirit of the ministry's yearly report on parallel societies: the
// lists and the changes since the year before, the criteria's development,
// the development plans' status and the goal status, with charts. The
// report is one self-contained HTML file (embedded template and styles,
// inline SVG charts, no script) laid out in A4 pages for printing. Danish,
// with English as an option; legal terms stay Danish.
//
// Build computes the report's content from the monitor's values (package
// monitor); Load reads them from a store; Render writes the HTML.
package report

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/monitor"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/plan"
)

//go:embed templates/report.html
var files embed.FS

// PlanRow is one area's development plan in the report.
type PlanRow struct {
	AreaID string
	Name   string
	// Version is the plan version reported.
	Version int
	Status  plan.Status
	// Err says why the status could not be computed ("" when it could).
	Err string
}

// Report is the content of a yearly report.
type Report struct {
	Year    int
	Lang    blandby.Lang
	RuleSet *law.RuleSet
	Goal    *monitor.Goal
	// Synthetic marks a report on synthetic data.
	Synthetic bool
	// Tally is the year's figures; Tallies every year's up to it.
	Tally   monitor.Tally
	Tallies []monitor.Tally
	// Changes are the entries and exits since the year before (nil when
	// the year before is not published).
	Changes  []monitor.ListChange
	PrevYear int
	// Development is each criterion's national picture over the years.
	Development []monitor.IndicatorYear
	// Plans are the development plans' status; PlansStored is false when
	// none are stored.
	Plans       []PlanRow
	PlansStored bool
	// PlanGoal is a computed plan's status, for the goal's share and
	// deadline as the plan rules say them (nil without one).
	PlanGoal *plan.Status
	// Status is the goal status from the projection.
	Status     monitor.GoalStatus
	Projection *monitor.Projection
	// Headline is the goal's headline target and HeadlineCounts its count
	// in each year of Tallies.
	Headline       *monitor.Target
	HeadlineCounts []monitor.Count
	// Break is the break between the ghetto lists and the lists from 2021
	// when Tallies span it (nil otherwise).
	Break *monitor.Break
	// Warnings are the areas the early warning names for the year after.
	Warnings []monitor.Warning
	// Charts are drawn when Build runs.
	Charts struct {
		Lists, Figure, Goal template.HTML
		Criteria            []template.HTML
	}
}

// Colors are the lists' colours (as in the web UI).
var Colors = map[blandby.Category]string{
	blandby.Omdannelse:      "#7f1d1d",
	blandby.Parallelsamfund: "#dc2626",
	blandby.Udsat:           "#f97316",
	blandby.Forebyggelse:    "#2563eb",
	blandby.None:            "#9ca3af",
}

// Build computes the report of a published year from the published years
// (all of them; those after the year are ignored), the catalog of rule
// sets, the goal, and the development plans (nil: none stored).
func Build(years []monitor.Year, cat *law.Catalog, g *monitor.Goal, year int, lang blandby.Lang, plans []PlanRow) (*Report, error) {
	i := slices.IndexFunc(years, func(y monitor.Year) bool { return y.Year == year })
	if i < 0 {
		return nil, blandby.Errorf(blandby.CodeNotFound, "no published list of %d", year)
	}
	upto := years[:i+1]
	cur := &upto[i]
	r := &Report{Year: year, Lang: lang, RuleSet: cur.RuleSet, Goal: g, Plans: plans, PlansStored: len(plans) > 0}
	for i := range plans {
		if plans[i].Err == "" {
			r.PlanGoal = &plans[i].Status
			break
		}
	}
	h, ok := g.Target(g.Headline)
	if !ok {
		return nil, blandby.Errorf(blandby.CodeInvalid, "goal %s: the headline %q names no target", g.ID, g.Headline)
	}
	r.Headline = h
	above := g.NonWesternBar()
	for k := range upto {
		r.Tallies = append(r.Tallies, monitor.TallyYear(&upto[k], above))
		r.HeadlineCounts = append(r.HeadlineCounts, g.Count(&upto[k], h))
	}
	r.Tally = r.Tallies[len(r.Tallies)-1]
	if b, ok := monitor.SeriesBreak(upto); ok {
		r.Break = &b
	}
	if i > 0 && upto[i-1].Year == year-1 {
		r.PrevYear = year - 1
		r.Changes = monitor.Changes(&upto[i-1], cur)
	}
	r.Development = monitor.Development(upto)
	if cur.Indicators != nil {
		rs, err := cat.ForListYear(year)
		if err != nil {
			return nil, err
		}
		if r.Projection, err = monitor.Project(upto, rs, g); err != nil {
			return nil, err
		}
		next, err := cat.ForListYear(year + 1)
		if err != nil {
			return nil, err
		}
		if r.Warnings, err = monitor.Warnings(cur, upto, next, g.Warning); err != nil {
			return nil, err
		}
	}
	r.Status = g.Status(upto, r.Projection)
	r.charts()
	return r, nil
}

// charts draws the report's charts.
func (r *Report) charts() {
	l := r.Lang
	lists := Chart{Title: msg.T(l, "common.areas_on_lists_year")}
	for _, t := range r.Tallies {
		lists.Labels = append(lists.Labels, strconv.Itoa(t.Year))
	}
	for i, line := range monitor.ListLines(r.Tallies) {
		c := blandby.ListsWidestFirst[i]
		lists.Series = append(lists.Series, Series{Label: c.Label(l), Color: Colors[c], Values: line})
	}
	lists.Break, lists.BreakLabel = r.breakAt(lists.Labels)
	r.Charts.Lists = lists.SVG()

	fig := Chart{Title: msg.T(l, "common.residents_and_public_family") + " " + strconv.Itoa(r.Year), Bars: true}
	res := Series{Label: msg.T(l, "common.residents_cap"), Color: "#374151"}
	dw := Series{Label: msg.T(l, "common.public_family_dwellings_cap"), Color: "#9ca3af"}
	for _, c := range r.Tally.Lists {
		fig.Labels = append(fig.Labels, c.Label(l))
		res.Values = append(res.Values, fp(float64(r.Tally.Residents[c])))
		dw.Values = append(dw.Values, fp(float64(r.Tally.FamilyDwellings[c])))
	}
	fig.Series = []Series{res, dw}
	r.Charts.Figure = fig.SVG()

	for _, ind := range blandby.AllIndicators {
		ch := Chart{Title: ind.Label(l), Unit: "%", Width: 330, Height: 200}
		mean := Series{Label: msg.T(l, "report.chart.mean_of_areas"), Color: "#111827"}
		bars := map[string]*Series{}
		var order []string
		years := map[int]bool{}
		for _, iy := range r.Development {
			if iy.Indicator != ind || years[iy.Year] {
				continue
			}
			years[iy.Year] = true
			ch.Labels = append(ch.Labels, strconv.Itoa(iy.Year))
			mean.Values = append(mean.Values, fp(iy.Mean.Float64()*100))
			for _, s := range bars {
				s.Values = append(s.Values, nil)
			}
			for _, c := range iy.Criteria {
				if c.Kind == string(law.NationalMultiple) {
					continue
				}
				key := fmt.Sprintf("%s %s", msg.T(l, "common.threshold"), explain.Percent(c.Threshold, l))
				s, ok := bars[key]
				if !ok {
					s = &Series{Label: key, Color: thresholdColor(len(order)), Dashed: true, Values: make([]*float64, len(ch.Labels))}
					bars[key] = s
					order = append(order, key)
				}
				s.Values[len(ch.Labels)-1] = fp(c.Threshold.Float64() * 100)
			}
		}
		if len(ch.Labels) == 0 {
			continue
		}
		ch.Series = []Series{mean}
		for _, k := range order {
			ch.Series = append(ch.Series, *bars[k])
		}
		r.Charts.Criteria = append(r.Charts.Criteria, ch.SVG())
	}

	if r.Projection != nil {
		r.Charts.Goal = r.goalChart().SVG()
	}
}

// goalChart is the headline target's count year by year and projected to
// the goal year. The published counts are two lines when the years span
// the break, one up to it and one from it; a count the year cannot say
// exactly (non-Western shares unknown) is drawn as its range.
func (r *Report) goalChart() Chart {
	l, h := r.Lang, r.Headline
	years := make([]int, len(r.Tallies))
	for i, t := range r.Tallies {
		years[i] = t.Year
	}
	gl := monitor.NewGoalLines(years, r.HeadlineCounts, r.Break, r.Projection, h)
	goal := Chart{Title: h.Label.In(l) + ": " + msg.T(l, "report.chart.actual_and_projected")}
	for _, y := range gl.Years {
		goal.Labels = append(goal.Labels, strconv.Itoa(y))
	}
	actual := Series{Label: msg.T(l, "common.published_cap"), Color: Colors[blandby.Udsat], Values: gl.Published}
	if r.Break != nil {
		b, a := r.Break.SeriesLabels()
		actual.Label = a.In(l)
		goal.Series = append(goal.Series, Series{Label: b.In(l), Color: "#9a3412", Values: gl.Before})
	}
	goal.Series = append(goal.Series, actual)
	if gl.Inexact {
		goal.Series = append(goal.Series, Series{Label: msg.T(l, "report.chart.non_western_share_unknown"),
			Color: "#6b7280", Values: make([]*float64, len(gl.Years)), Low: gl.Least, High: gl.Most})
	}
	goal.Series = append(goal.Series,
		Series{Label: msg.T(l, "report.chart.projected_with_uncertainty"), Color: "#6b7280", Dashed: true, Values: gl.Point, Low: gl.Best, High: gl.Worst},
		Series{Label: msg.T(l, "report.chart.goal"), Color: "#16a34a", Dashed: true, Values: gl.Target})
	goal.Break, goal.BreakLabel = r.breakAt(goal.Labels)
	return goal
}

// breakAt returns the index of the break's first year among a chart's
// labels and the marker's label (0 and "" without a break).
func (r *Report) breakAt(labels []string) (int, string) {
	if r.Break == nil {
		return 0, ""
	}
	i := slices.Index(labels, strconv.Itoa(r.Break.After))
	if i <= 0 {
		return 0, ""
	}
	return i, r.Break.Label().In(r.Lang)
}

func thresholdColor(i int) string {
	return []string{"#dc2626", "#2563eb", "#7f1d1d", "#f97316"}[i%4]
}

// Render writes the report as one HTML file.
func (r *Report) Render(w io.Writer) error {
	t, err := template.New("report.html").Funcs(funcs).ParseFS(files, "templates/report.html")
	if err != nil {
		return fmt.Errorf("report: template: %w", err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, r); err != nil {
		return fmt.Errorf("report: render: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

var funcs = template.FuncMap{
	"t":     msg.T,
	"text":  func(l blandby.Lang, t blandby.Text) string { return t.In(l) },
	"label": func(l blandby.Lang, c blandby.Category) string { return c.Label(l) },
	"listName": func(l blandby.Lang, rs *law.RuleSet, c blandby.Category) string {
		return explain.ListName(rs, c, l)
	},
	"int":  func(l blandby.Lang, n any) string { return explain.Int(toInt64(n), l) },
	"pct":  func(l blandby.Lang, r blandby.Ratio) string { return explain.Percent(r, l) },
	"cat":  func(c blandby.Category) string { return string(c) },
	"on":   func(m map[blandby.Category]int, c blandby.Category) int { return m[c] },
	"has":  func(ls []blandby.Category, c blandby.Category) bool { return slices.Contains(ls, c) },
	"add":  func(a, b int) int { return a + b },
	"date": func(s plan.Status) string { return s.Deadline.Format("2006-01-02") },
	"lists": func() []blandby.Category {
		return blandby.ListColumns
	},
	"dec": func(l blandby.Lang, r blandby.Ratio) string { return explain.Decimal(r, 1, l) },
	"projected": func(p *monitor.Projection, s string, c blandby.Category) int {
		if p == nil || len(p.Years) == 0 {
			return 0
		}
		return p.Years[len(p.Years)-1].OnCounts[monitor.Scenario(s)][c]
	},
}

func toInt64(n any) int64 {
	switch v := n.(type) {
	case int:
		return int64(v)
	case int64:
		return v
	}
	return 0
}
