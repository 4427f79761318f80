package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/monitor"
	"github.com/blandby/blandby/msg"
)

func init() { pageNames = append(pageNames, "monitor") }

// monitorAPIRoutes are the API routes of the monitor feature: public, like
// the published lists they are computed from.
func (s *Server) monitorAPIRoutes() []route {
	return []route{
		{"GET /monitor/{year}", auth.ActionReadPublished, s.apiMonitorYear},
		{"GET /monitor/{year}/distances", auth.ActionReadPublished, s.apiMonitorDistances},
		{"GET /monitor/{year}/warnings", auth.ActionReadPublished, s.apiMonitorWarnings},
		{"GET /monitor/projection", auth.ActionReadPublished, s.apiMonitorProjection},
	}
}

// monitorPageRoutes are the UI routes of the monitor feature.
func (s *Server) monitorPageRoutes() []route {
	return []route{
		{"GET /monitor", auth.ActionReadPublished, s.monitorPage},
	}
}

// monitorState is what the monitor keeps for one Server: the published
// years read for the monitor, and the projections made from them, for as
// long as the published lists and the areas are the same.
type monitorState struct {
	mu    sync.Mutex
	key   string
	years []monitor.Year
	proj  map[int]*monitor.Projection
}

// monitorStates holds each Server's monitorState (the Server type is
// shared; the feature keeps its state beside it).
var monitorStates sync.Map // *Server → *monitorState

// monitorData returns the published years as the monitor reads them, and
// the key they were read under.
func (s *Server) monitorData(ctx context.Context) (*monitorState, []monitor.Year, string, error) {
	v, _ := monitorStates.LoadOrStore(s, &monitorState{})
	ms := v.(*monitorState)
	ix, err := s.data.current(ctx)
	if err != nil {
		return nil, nil, "", err
	}
	key := fmt.Sprintf("%x", ix.areasHash)
	for _, p := range ix.latest {
		key += fmt.Sprintf(" %d.%d", p.Year, p.Revision)
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.key != key {
		years, err := app.MonitorYears(ctx, s.st, s.cat)
		if err != nil {
			return nil, nil, "", err
		}
		ms.key, ms.years, ms.proj = key, years, map[int]*monitor.Projection{}
	}
	return ms, ms.years, key, nil
}

// monitorYear is the published years up to a year, the goal in force on
// its list date and its projection (nil for a list imported without
// indicators).
type monitorYear struct {
	upto []monitor.Year
	cur  *monitor.Year
	goal *monitor.Goal
	proj *monitor.Projection
}

func (s *Server) monitorAt(ctx context.Context, year int) (*monitorYear, error) {
	ms, years, key, err := s.monitorData(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(years, func(y monitor.Year) bool { return y.Year == year })
	if i < 0 {
		published := make([]int, len(years))
		for j, y := range years {
			published[j] = y.Year
		}
		return nil, notFoundField("year", noListText(year, published))
	}
	m := &monitorYear{upto: years[:i+1], cur: &years[i]}
	if m.goal, err = monitor.GoalFor(m.cur.RuleSet.ListDate(year)); err != nil {
		return nil, err
	}
	if m.cur.Indicators == nil {
		return m, nil
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if p, ok := ms.proj[year]; ok && ms.key == key {
		m.proj = p
		return m, nil
	}
	rs, err := s.cat.ForListYear(year)
	if err != nil {
		return nil, err
	}
	if m.proj, err = monitor.Project(m.upto, rs, m.goal); err != nil {
		return nil, err
	}
	if ms.key == key { // not read again meanwhile
		ms.proj[year] = m.proj
	}
	return m, nil
}

// monitorLatestYear returns the latest published year.
func (s *Server) monitorLatestYear(ctx context.Context) (int, error) {
	years, err := s.data.years(ctx)
	if err != nil {
		return 0, err
	}
	if len(years) == 0 {
		return 0, blandby.Told(blandby.CodeNotFound, msg.Text("web.err.no_lists_yet"))
	}
	return years[len(years)-1], nil
}

// monitorYearJSON is GET /monitor/{year}.
type monitorYearJSON struct {
	Year      int                  `json:"year"`
	Synthetic bool                 `json:"synthetic"`
	Tally     monitor.Tally        `json:"tally"`
	Changes   []monitor.ListChange `json:"changes"`
	Goal      monitor.GoalStatus   `json:"goal"`
}

func (s *Server) apiMonitorYear(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	m, err := s.monitorAt(r.Context(), year)
	if err != nil {
		return err
	}
	out := monitorYearJSON{Year: year, Synthetic: s.opts.Synthetic, Tally: monitor.TallyYear(m.cur, m.goal.NonWesternBar()),
		Changes: []monitor.ListChange{}, Goal: m.goal.Status(m.upto, m.proj)}
	if n := len(m.upto); n > 1 && m.upto[n-2].Year == year-1 {
		out.Changes = monitor.Changes(&m.upto[n-2], m.cur)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiMonitorDistances(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	m, err := s.monitorAt(r.Context(), year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": year, "areas": monitor.Distances(m.cur)})
	return nil
}

// monitorMargins reads ?points= (or ?margin=), ?multiple= and ?residents=, each
// defaulting to the goal's.
func monitorMargins(r *http.Request, g *monitor.Goal) (monitor.Margins, error) {
	q := r.URL.Query()
	pick := func(def blandby.Ratio, pct bool, names ...string) string {
		for _, n := range names {
			if v := q.Get(n); v != "" {
				return v
			}
		}
		if pct {
			def = def.Mul(blandby.RatioInt(100))
		}
		return def.String()
	}
	m, err := monitor.ParseMargins(pick(g.Warning.Points, false, "points", "margin"), pick(g.Warning.Multiple, false, "multiple"), pick(g.Warning.Residents, true, "residents"))
	if err != nil {
		return m, blandby.Errorf(blandby.CodeInvalid, "margins: %v", err)
	}
	return m, nil
}

// monitorWarningsJSON is GET /monitor/{year}/warnings.
type monitorWarningsJSON struct {
	Year     int                `json:"year"`
	NextYear int                `json:"next_year"`
	RuleSet  string             `json:"rule_set"`
	Margins  monitorMarginsJSON `json:"margins"`
	Warnings []monitor.Warning  `json:"warnings"`
}

type monitorMarginsJSON struct {
	Points    blandby.Ratio `json:"points"`
	Multiple  blandby.Ratio `json:"multiple"`
	Residents blandby.Ratio `json:"residents"`
}

func (s *Server) monitorWarnings(ctx context.Context, r *http.Request, year int) (*monitorWarningsJSON, error) {
	m, err := s.monitorAt(ctx, year)
	if err != nil {
		return nil, err
	}
	mg, err := monitorMargins(r, m.goal)
	if err != nil {
		return nil, err
	}
	next, err := s.cat.ForListYear(year + 1)
	if err != nil {
		return nil, err
	}
	ws, err := monitor.Warnings(m.cur, m.upto, next, mg)
	if err != nil {
		return nil, err
	}
	return &monitorWarningsJSON{Year: year, NextYear: year + 1, RuleSet: next.ID, Margins: monitorMarginsJSON(mg), Warnings: ws}, nil
}

func (s *Server) apiMonitorWarnings(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	out, err := s.monitorWarnings(r.Context(), r, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// monitorProjectionJSON is GET /monitor/projection.
type monitorProjectionJSON struct {
	*monitor.Projection
	Goal monitor.GoalStatus `json:"goal"`
}

func (s *Server) apiMonitorProjection(w http.ResponseWriter, r *http.Request) error {
	year, err := s.monitorLatestYear(r.Context())
	if err != nil {
		return err
	}
	m, err := s.monitorAt(r.Context(), year)
	if err != nil {
		return err
	}
	if m.proj == nil {
		return blandby.Told(blandby.CodeInvalid, msg.Text("web.err.imported_list", year))
	}
	writeJSON(w, http.StatusOK, monitorProjectionJSON{Projection: m.proj, Goal: m.goal.Status(m.upto, m.proj)})
	return nil
}

// monitorPage is the monitor page's data.
type monitorPage struct {
	Year     int
	Years    []int
	Tally    monitor.Tally
	Changes  []monitor.ListChange
	Status   monitor.GoalStatus
	Goal     *monitor.Goal
	Proj     *monitor.Projection
	Warnings *monitorWarningsJSON
	// Headline is the goal's headline target and Series its count in each
	// published year up to Year.
	Headline *monitor.Target
	Series   []monitorCount
	// Break is the break between the ghetto lists and the lists from 2021
	// when the years span it (nil otherwise).
	Break *monitor.Break
	// Charts for Chart.js: areas per list, and the headline target's count
	// with its projection.
	Lists, GoalChart monitorChart
	// ListsTable and GoalTable are the charts' numbers.
	ListsTable, GoalTable chartTableView
}

// monitorCount is the headline target's count in a published year.
type monitorCount struct {
	Year  int
	Count monitor.Count
}

// monitorChart is a chart of the monitor page: what app.js hands Chart.js,
// and the break in the series, which app.js draws as a dashed vertical
// line before the label at Index.
type monitorChart struct {
	chartData
	Break *chartBreak `json:"break,omitempty"`
}

type chartBreak struct {
	Index int    `json:"index"`
	Label string `json:"label"`
}

// breakAt returns the chart break of a page's break among a chart's
// labels (nil without one).
func (p *monitorPage) breakAt(l blandby.Lang, labels []string) *chartBreak {
	if p.Break == nil {
		return nil
	}
	if i := slices.Index(labels, strconv.Itoa(p.Break.After)); i > 0 {
		return &chartBreak{Index: i, Label: p.Break.Label().In(l)}
	}
	return nil
}

func (s *Server) monitorPage(w http.ResponseWriter, r *http.Request) error {
	l := lang(w, r)
	ctx := r.Context()
	year, err := s.monitorLatestYear(ctx)
	if err != nil {
		return err
	}
	if v := r.URL.Query().Get("year"); v != "" {
		if year, err = strconv.Atoi(v); err != nil {
			return blandby.InvalidField("year", msg.Text("web.err.list_year", v))
		}
	}
	m, err := s.monitorAt(ctx, year)
	if err != nil {
		return err
	}
	bar := m.goal.NonWesternBar()
	h, ok := m.goal.Target(m.goal.Headline)
	if !ok {
		return blandby.Errorf(blandby.CodeInvalid, "goal %s: the headline %q names no target", m.goal.ID, m.goal.Headline)
	}
	p := monitorPage{Year: year, Goal: m.goal, Proj: m.proj, Tally: monitor.TallyYear(m.cur, bar), Status: m.goal.Status(m.upto, m.proj), Headline: h}
	for i := range m.upto {
		p.Years = append(p.Years, m.upto[i].Year)
		p.Series = append(p.Series, monitorCount{Year: m.upto[i].Year, Count: m.goal.Count(&m.upto[i], h)})
	}
	if b, ok := monitor.SeriesBreak(m.upto); ok {
		p.Break = &b
	}
	if n := len(m.upto); n > 1 && m.upto[n-2].Year == year-1 {
		p.Changes = monitor.Changes(&m.upto[n-2], m.cur)
	}
	if m.cur.Indicators != nil {
		if p.Warnings, err = s.monitorWarnings(ctx, r, year); err != nil {
			return err
		}
	}
	var tallies []monitor.Tally
	for i := range m.upto {
		tallies = append(tallies, monitor.TallyYear(&m.upto[i], bar))
	}
	p.Lists.Type = "line"
	for _, t := range tallies {
		p.Lists.Labels = append(p.Lists.Labels, strconv.Itoa(t.Year))
	}
	for i, line := range monitor.ListLines(tallies) {
		c := blandby.ListsWidestFirst[i]
		p.Lists.Datasets = append(p.Lists.Datasets, chartDataset{Label: c.Label(l), Color: colors[c], Data: line})
	}
	p.Lists.Break = p.breakAt(l, p.Lists.Labels)
	p.ListsTable = chartTable(l, p.Lists.chartData, "lists-chart-data", msg.T(l, "web.chart.lists_caption"), msg.T(l, "common.list_year_cap"))
	if m.proj != nil {
		p.goalChart(l)
		p.GoalTable = chartTable(l, p.GoalChart.chartData, "goal-chart-data", msg.T(l, "web.chart.target_caption", h.ID, h.Label.In(l)), msg.T(l, "common.list_year_cap"))
	}
	return s.render(w, r, http.StatusOK, "monitor", msg.T(l, "web.monitor.monitoring_toward_2030"), p)
}

// goalChart draws the headline target's count year by year and projected
// to the goal year. The published counts are two lines when the years
// span the break, one up to it and one from it; a count the year cannot
// say exactly (non-Western shares unknown) is drawn as its two ends.
func (p *monitorPage) goalChart(l blandby.Lang) {
	counts := make([]monitor.Count, len(p.Series))
	for i, sc := range p.Series {
		counts[i] = sc.Count
	}
	gl := monitor.NewGoalLines(p.Years, counts, p.Break, p.Proj, p.Headline)
	p.GoalChart.Type = "line"
	for _, y := range gl.Years {
		p.GoalChart.Labels = append(p.GoalChart.Labels, strconv.Itoa(y))
	}
	actual := chartDataset{Label: msg.T(l, "common.published_cap"), Color: colors[blandby.Udsat], Data: gl.Published}
	if p.Break != nil {
		b, a := p.Break.SeriesLabels()
		actual.Label = a.In(l)
		p.GoalChart.Datasets = append(p.GoalChart.Datasets, chartDataset{Label: b.In(l), Color: "#9a3412", Data: gl.Before})
	}
	p.GoalChart.Datasets = append(p.GoalChart.Datasets, actual)
	if gl.Inexact {
		p.GoalChart.Datasets = append(p.GoalChart.Datasets,
			chartDataset{Label: msg.T(l, "web.monitor.at_least_non_western"), Color: "#6b7280", Data: gl.Least},
			chartDataset{Label: msg.T(l, "web.monitor.at_most_non_western"), Color: "#6b7280", Dashed: true, Data: gl.Most})
	}
	p.GoalChart.Datasets = append(p.GoalChart.Datasets,
		chartDataset{Label: msg.T(l, "web.monitor.projected"), Color: "#374151", Dashed: true, Data: gl.Point},
		chartDataset{Label: msg.T(l, "common.favourable_cap"), Color: "#16a34a", Dashed: true, Data: gl.Best},
		chartDataset{Label: msg.T(l, "common.unfavourable_cap"), Color: "#dc2626", Dashed: true, Data: gl.Worst})
	p.GoalChart.Break = p.breakAt(l, p.GoalChart.Labels)
}
