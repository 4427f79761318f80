package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/export"
	"github.com/blandby/blandby/geo"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/monitor"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/whatif"
)

// overviewGoal returns the goal year and the most parallelsamfund areas
// the goal allows then: the goal the monitor holds the latest list against
// (law/rules/monitor, package monitor).
func (s *Server) overviewGoal(sums []yearSummary) (year, parallel int, err error) {
	at := time.Time{}
	if n := len(sums); n > 0 {
		rs, err := s.cat.ForListYear(sums[n-1].Year)
		if err != nil {
			return 0, 0, err
		}
		at = rs.ListDate(sums[n-1].Year)
	}
	g, err := monitor.GoalFor(at)
	if err != nil {
		return 0, 0, err
	}
	for _, t := range g.Targets {
		if slices.Equal(t.Lists, []blandby.Category{blandby.Parallelsamfund}) {
			return g.Year, t.Max, nil
		}
	}
	return g.Year, 0, nil
}

// pageNames are the page templates under templates/.
var pageNames = []string{"overview", "list", "area", "rules", "whatif", "audit", "error", "login"}

// parsePages parses each page's template: the layout with the page's
// content, the table of a chart's numbers (chartTable), and the partial
// templates every page may use (templates/partials).
func parsePages() (map[string]*template.Template, error) {
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/charttable.html", "templates/"+name+".html", "templates/partials/*.html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// funcs are the template functions. Numbers are formatted for display only,
// from exact values.
var funcs = template.FuncMap{
	"t":        msg.T,
	"text":     func(l blandby.Lang, t blandby.Text) string { return t.In(l) },
	"label":    func(l blandby.Lang, c blandby.Category) string { return c.Label(l) },
	"listName": func(l blandby.Lang, rs *law.RuleSet, c blandby.Category) string { return explain.ListName(rs, c, l) },
	"int":      func(l blandby.Lang, n any) string { return explain.Int(toInt64(n), l) },
	// n is a plural message for a count: {{n $l "id" count}} gives the
	// text the count formatted the page's way ("2.292", so the text takes
	// it as %s), {{n $l "id" count args…}} the args instead.
	"n": func(l blandby.Lang, id string, count any, args ...any) string {
		c := toInt64(count)
		if len(args) == 0 {
			args = []any{explain.Int(c, l)}
		}
		return msg.N(l, id, int(c), args...)
	},
	"pct": func(l blandby.Lang, r blandby.Ratio) string { return explain.Percent(r, l) },
	"pctp": func(l blandby.Lang, r *blandby.Ratio) string {
		if r == nil {
			return "–"
		}
		return explain.Percent(*r, l)
	},
	"value": criterionValue,
	// op is an operator as a reader reads it: "≥", not ">=".
	"op": law.Operator.Symbol,
	"threshold": func(l blandby.Lang, c classify.CriterionResult) string {
		return formatThreshold(l, c.Kind, c.Threshold)
	},
	"margin":         criterionMargin,
	"threshold_rule": func(l blandby.Lang, c law.Criterion) string { return explain.Threshold(c, l) },
	"list_rule":      func(l blandby.Lang, rs *law.RuleSet, li law.List) string { return explain.ListRule(rs, &li, l) },
	"publication":    func(l blandby.Lang, rs *law.RuleSet) []string { return explain.Publication(rs, l) },
	"cat":            func(c blandby.Category) string { return string(c) },
	// countOf is a list's count, or "–" where the list did not exist.
	"countOf": func(l blandby.Lang, counts map[blandby.Category]int, c blandby.Category) string {
		if n, ok := counts[c]; ok {
			return explain.Int(int64(n), l)
		}
		return "–"
	},
	"join": strings.Join,
	// sources splits an entry's source cell (" ; " between sources, a
	// note in parentheses after a URL) into links.
	"sources": splitSources,
	"municipality": func(code blandby.MunicipalityCode) string {
		m, _ := dk.MunicipalityByCode(code) // "" for a code of no municipality
		return m.Name
	},
	"date": func(t time.Time) string { return t.Format("2006-01-02 15:04") },
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

// formatThreshold writes a threshold the way its kind reads: a percentage,
// or a multiple written exactly ("3 ×").
func formatThreshold(l blandby.Lang, kind law.ThresholdKind, r blandby.Ratio) string {
	if kind == law.NationalMultiple {
		_, exact := explain.MultipleAgainst(r, r, l)
		return exact
	}
	return explain.Percent(r, l)
}

func criterionValue(l blandby.Lang, c classify.CriterionResult) string {
	if c.Value == nil {
		return msg.T(l, "web.value_missing")
	}
	if c.Kind == law.NationalMultiple {
		v, _ := explain.MultipleAgainst(*c.Value, c.Threshold, l)
		return v
	}
	v, _ := explain.PercentAgainst(*c.Value, c.Threshold, l)
	return v
}

func criterionMargin(l blandby.Lang, c classify.CriterionResult) string {
	if c.Margin == nil {
		return "–"
	}
	var parts []string
	if c.Margin.Points != nil {
		parts = append(parts, explain.Points(*c.Margin.Points, l))
	}
	if c.Margin.Multiple != nil {
		parts = append(parts, explain.MultipleDistance(*c.Margin.Multiple, l))
	}
	if c.Margin.Persons != nil {
		parts = append(parts, explain.Persons(*c.Margin.Persons, l))
	}
	return strings.Join(parts, ", ")
}

// pageData is what every page shows.
type pageData struct {
	Lang      blandby.Lang
	Title     string
	Synthetic bool
	// Source is the line saying where the lists come from ("" when none).
	Source  string
	Version string
	// Path is the page's path with its query, for the language switch.
	Path        string
	Other       string // the other language's link
	Years       []int
	Latest      int
	Attribution string
	// User is the signed-in user's name ("" when anonymous); CSRF is the
	// sign-out form's token when signed in with a session.
	User string
	CSRF string
	// As is who the user is signed in as, in words ("udlejer 12345678").
	As string
	// Menu is the tools the user may use.
	Menu []menuItem
	Body any
}

// lang reads ?lang= (remembered in a cookie), else the cookie, else
// Danish.
func lang(w http.ResponseWriter, r *http.Request) blandby.Lang {
	if v := r.URL.Query().Get("lang"); v == "en" || v == "da" {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: v, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
		return blandby.Lang(v)
	}
	if c, err := r.Cookie("lang"); err == nil && c.Value == "en" {
		return blandby.English
	}
	return blandby.Danish
}

// render writes a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title string, body any) error {
	b, err := s.renderPage(w, r, name, title, body)
	if err != nil {
		return err
	}
	writeHTML(w, status, b)
	return nil
}

// writeHTML writes a rendered page.
func writeHTML(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// renderPage renders a page in the request's language.
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, name, title string, body any) ([]byte, error) {
	l := lang(w, r)
	years, err := s.data.years(r.Context())
	if err != nil {
		return nil, err
	}
	id := identityOf(r)
	d := pageData{Lang: l, Title: title, Synthetic: s.opts.Synthetic, Source: s.opts.Source.In(l), Version: s.opts.Version, Years: years,
		Attribution: geo.Attribution, User: id.p.Name, Body: body}
	if d.User != "" {
		d.As = id.p.Words(l)
	}
	if id.session != "" {
		d.CSRF = auth.CSRFToken(id.sessionID)
	}
	if d.User != "" {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	if len(years) > 0 {
		d.Latest = years[len(years)-1]
	}
	d.Menu = menu(id.p, l, r.URL.Path, d.Latest)
	q := r.URL.Query()
	other := "en"
	if l == blandby.English {
		other = "da"
	}
	q.Set("lang", other)
	d.Other = r.URL.Path + "?" + q.Encode()
	var buf bytes.Buffer
	if err := s.pages[name].Execute(&buf, d); err != nil {
		return nil, fmt.Errorf("web: render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// renderError writes the error page.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, message string) {
	l := lang(w, r)
	title := msg.T(l, "web.error")
	switch status {
	case http.StatusNotFound:
		title = msg.T(l, "web.not_found.title")
	case http.StatusForbidden:
		title = msg.T(l, "web.denied.title")
	}
	if err := s.render(w, r, status, "error", title, map[string]any{"Status": status, "Message": message}); err != nil {
		http.Error(w, message, status)
	}
}

// renderSignIn answers a page that needs signing in: 401 with a link to
// the sign-in page that comes back here.
func (s *Server) renderSignIn(w http.ResponseWriter, r *http.Request, detail string) {
	l := lang(w, r)
	title := msg.T(l, "web.log_in")
	next := "/"
	if r.Method == http.MethodGet {
		next = r.URL.RequestURI()
	}
	data := map[string]any{"Status": http.StatusUnauthorized, "Message": msg.T(l, "web.log_in_to_see"),
		"Detail": detail, "Login": "/login?next=" + url.QueryEscape(next)}
	if err := s.render(w, r, http.StatusUnauthorized, "error", title, data); err != nil {
		http.Error(w, detail, http.StatusUnauthorized)
	}
}

// pageRoutes are the UI's routes, with the action each needs.
func (s *Server) pageRoutes() ([]route, error) {
	static, err := fs.Sub(files, "static")
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	assets := http.StripPrefix("/static/", staticHandler(static))
	routes := []route{
		{"GET /{$}", auth.ActionReadPublished, s.overviewPage},
		{"GET /lister", auth.ActionReadPublished, s.latestListPage},
		{"GET /lister/{year}", auth.ActionReadPublished, s.listPage},
		{"GET /omraader/{id}", auth.ActionReadArea, s.areaPage},
		{"GET /regler", auth.ActionReadPublished, s.rulesPage},
		{"GET /hvad-hvis", auth.ActionWhatIf, s.whatIfPage},
		{"GET /revisionsspor", auth.ActionReadAudit, s.auditPage},
		{"GET /login", auth.ActionReadPublished, s.loginGet},
		{"POST /login", auth.ActionReadPublished, s.loginPost},
		{"POST /logout", auth.ActionReadPublished, s.logoutPost},
		{"GET " + oidcStartPath, auth.ActionReadPublished, s.oidcStart},
		{"GET " + oidcCallbackPath, auth.ActionReadPublished, s.oidcCallback},
		{"GET /static/", auth.ActionReadPublished, func(w http.ResponseWriter, r *http.Request) error {
			assets.ServeHTTP(w, r)
			return nil
		}},
		{"GET /favicon.ico", auth.ActionReadPublished, func(w http.ResponseWriter, r *http.Request) error {
			http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
			return nil
		}},
	}
	for _, feature := range [][]route{s.lettingPageRoutes(), s.lettingPagesRoutes(), s.rentalPageRoutes(), s.planPageRoutes(), s.monitorPageRoutes(), s.publishPageRoutes()} {
		routes = append(routes, feature...)
	}
	return routes, nil
}

// latestListPage sends the browser to the latest year's list.
func (s *Server) latestListPage(w http.ResponseWriter, r *http.Request) error {
	years, err := s.data.years(r.Context())
	if err != nil {
		return err
	}
	if len(years) == 0 {
		return blandby.Told(blandby.CodeNotFound, msg.Text("web.err.no_lists_yet"))
	}
	http.Redirect(w, r, fmt.Sprintf("/lister/%d", years[len(years)-1]), http.StatusFound)
	return nil
}

// overview is the overview page's data.
type overview struct {
	Summaries []yearSummary
	// Columns are the lists in the table, least specific first.
	Columns []blandby.Category
	Latest  *listView
	// Chart is Tabel 1 as Chart.js data: the areas on each list by year.
	Chart chartData
	// Figure is Figur 1: residents and family dwellings per list, latest
	// year.
	Figure chartData
	// Goal is the parallelsamfund count by year against the 2030 goal,
	// and GoalTable its numbers.
	Goal         chartData
	GoalTable    chartTableView
	GoalYear     int
	GoalLeft     int
	GoalYearsTo  int
	ParallelLast int
}

// chartData is what app.js hands Chart.js.
type chartData struct {
	Type     string         `json:"type"`
	Labels   []string       `json:"labels"`
	Datasets []chartDataset `json:"datasets"`
}

type chartDataset struct {
	Label  string     `json:"label"`
	Data   []*float64 `json:"data"`
	Color  string     `json:"color"`
	Dashed bool       `json:"dashed,omitempty"`
}

// colors are the lists' colours, shared with app.css and the map.
var colors = map[blandby.Category]string{
	blandby.Omdannelse:      "#7f1d1d",
	blandby.Parallelsamfund: "#dc2626",
	blandby.Udsat:           "#f97316",
	blandby.Forebyggelse:    "#2563eb",
	blandby.None:            "#9ca3af",
}

func fp(v float64) *float64 { return &v }

func (s *Server) overviewPage(w http.ResponseWriter, r *http.Request) error {
	l := lang(w, r)
	sums, err := s.data.summaries(r.Context())
	if err != nil {
		return err
	}
	goalYear, goalParallelsamfund, err := s.overviewGoal(sums)
	if err != nil {
		return err
	}
	o := overview{Summaries: sums, GoalYear: goalYear, Columns: blandby.ListsWidestFirst}
	o.Chart.Type = "line"
	for _, sm := range sums {
		o.Chart.Labels = append(o.Chart.Labels, strconv.Itoa(sm.Year))
	}
	for _, c := range o.Columns {
		ds := chartDataset{Label: c.Label(l), Color: colors[c]}
		for _, sm := range sums {
			if n, ok := sm.Counts[c]; ok {
				ds.Data = append(ds.Data, fp(float64(n)))
			} else {
				ds.Data = append(ds.Data, nil)
			}
		}
		o.Chart.Datasets = append(o.Chart.Datasets, ds)
	}
	if len(sums) > 0 {
		last := sums[len(sums)-1]
		for i := len(sums) - 1; i >= 0; i-- {
			if !sums[i].CountsOnly {
				if o.Latest, err = s.data.list(r.Context(), sums[i].Year, 0); err != nil {
					return err
				}
				break
			}
		}
		if o.Latest != nil {
			o.Figure.Type = "bar"
			res := chartDataset{Label: msg.T(l, "common.residents_cap"), Color: "#374151"}
			dw := chartDataset{Label: msg.T(l, "common.public_family_dwellings_cap"), Color: "#9ca3af"}
			for _, c := range o.Latest.Lists {
				o.Figure.Labels = append(o.Figure.Labels, c.Label(l))
				res.Data = append(res.Data, fp(float64(o.Latest.Residents[c])))
				dw.Data = append(dw.Data, fp(float64(o.Latest.Dwellings[c])))
			}
			o.Figure.Datasets = []chartDataset{res, dw}
		}
		o.ParallelLast = last.Counts[blandby.Parallelsamfund]
		o.GoalLeft = o.ParallelLast - goalParallelsamfund
		o.GoalYearsTo = goalYear - last.Year
		o.Goal.Type = "line"
		actual := chartDataset{Label: msg.T(l, "web.parallelsamfund_ghetto_areas_before"), Color: colors[blandby.Parallelsamfund]}
		path := chartDataset{Label: msg.T(l, "web.straight_path_to_2030"), Color: "#6b7280", Dashed: true}
		for y := sums[0].Year; y <= goalYear; y++ {
			o.Goal.Labels = append(o.Goal.Labels, strconv.Itoa(y))
			i := slices.IndexFunc(sums, func(s yearSummary) bool { return s.Year == y })
			if i >= 0 {
				actual.Data = append(actual.Data, fp(float64(sums[i].Counts[blandby.Parallelsamfund])))
			} else {
				actual.Data = append(actual.Data, nil)
			}
			if y >= last.Year && goalYear > last.Year {
				frac := float64(y-last.Year) / float64(goalYear-last.Year)
				path.Data = append(path.Data, fp(float64(o.ParallelLast)+(float64(goalParallelsamfund)-float64(o.ParallelLast))*frac))
			} else {
				path.Data = append(path.Data, nil)
			}
		}
		o.Goal.Datasets = []chartDataset{actual, path}
		o.GoalTable = chartTable(l, o.Goal, "goal-data", msg.T(l, "web.chart.goal_caption", goalYear), msg.T(l, "common.list_year_cap"))
	}
	return s.render(w, r, http.StatusOK, "overview", msg.T(l, "web.overview"), o)
}

// listPage is the list page's data.
type listPage struct {
	View *listView
	Rows []export.Entry
	// Count says how many areas the table shows: "7 af 72 områder".
	Count  string
	Filter listFilter
	// FilterQuery is the filter as URL query parameters, carried by the
	// downloads and the map ("" for none).
	FilterQuery template.URL
	// Query is the search as typed, and QueryError what is wrong with it.
	Query, QueryError string
	// MapCount says how many of the areas shown the map draws: those on a
	// list.
	MapCount string
	// FitAreas is set when the map is to show the areas found rather than
	// the whole country (a municipality or a search).
	FitAreas bool
	Munis    []dk.Municipality
	Formats  []export.Format
	// Changes are the areas that entered and left each list since the
	// previous published year, nil for the first year.
	Changes *listChanges
}

// listChanges are the areas that entered and left each list of a year
// compared with the list of the previous published year as published (its
// latest revision; never computed again).
type listChanges struct {
	Prev  *listView
	Lists []listChange
}

// listChange is one list's areas entered and left.
type listChange struct {
	Category blandby.Category
	// Existed is false for a list the previous year's rule set had not.
	Existed       bool
	Entered, Left []changedArea
}

// changedArea is an area that entered or left a list: Was is where an
// area that entered was the year before, Now where an area that left is
// this year (None when on no list or not in the list of the year).
type changedArea struct {
	AreaID, Name, Municipality string
	Was, Now                   blandby.Category
}

// changesOf compares a year's list with the previous published year's:
// for each list of cur's rule set (only the filter's list when it names
// one), the areas on it now and not before, and before and not now. The
// areas are those the filter's municipality and search keep, in the one
// list or the other.
func changesOf(prev, cur *listView, f listFilter) *listChanges {
	out := &listChanges{Prev: prev}
	areaFilter := listFilter{Municipality: f.Municipality, Query: f.Query}
	type placed struct {
		v *listView
		e *export.Entry
	}
	index := func(v *listView) map[string]placed {
		m := make(map[string]placed, len(v.Entries))
		for i := range v.Entries {
			m[v.Entries[i].AreaID] = placed{v, &v.Entries[i]}
		}
		return m
	}
	before, now := index(prev), index(cur)
	on := func(p placed, c blandby.Category) bool { return p.e != nil && slices.Contains(p.e.On, c) }
	category := func(p placed) blandby.Category {
		if p.e == nil {
			return blandby.None
		}
		return p.e.Category
	}
	changed := func(id string) (changedArea, bool) {
		b, n := before[id], now[id]
		p := n
		if p.e == nil {
			p = b
		}
		if !p.v.keep(areaFilter, p.e) {
			return changedArea{}, false
		}
		return changedArea{AreaID: id, Name: p.e.Name, Municipality: p.e.Municipality, Was: category(b), Now: category(n)}, true
	}
	for _, c := range cur.Lists {
		if f.Category != "" && f.Category != "listed" && f.Category != string(blandby.None) && f.Category != string(c) {
			continue
		}
		lc := listChange{Category: c, Existed: slices.Contains(prev.Lists, c)}
		if lc.Existed {
			for i := range cur.Entries {
				id := cur.Entries[i].AreaID
				if on(now[id], c) && !on(before[id], c) {
					if a, ok := changed(id); ok {
						lc.Entered = append(lc.Entered, a)
					}
				}
			}
			for i := range prev.Entries {
				id := prev.Entries[i].AreaID
				if on(before[id], c) && !on(now[id], c) {
					if a, ok := changed(id); ok {
						lc.Left = append(lc.Left, a)
					}
				}
			}
		}
		out.Lists = append(out.Lists, lc)
	}
	return out
}

func (s *Server) listPage(w http.ResponseWriter, r *http.Request) error {
	l := lang(w, r)
	v, f, err := s.requestedList(r)
	status := http.StatusOK
	p := listPage{Query: f.Query}
	var fe *blandby.FieldError
	if errors.As(err, &fe) && fe.Field == "q" && v != nil {
		// A search the page cannot run: said beside the field, which
		// keeps what was typed; the list shows without it.
		status, p.QueryError, p.Query, f.Query = http.StatusBadRequest, fe.Text.In(l), r.URL.Query().Get("q"), ""
	} else if err != nil {
		return err
	}
	year := v.Pub.Year
	years, err := s.data.years(r.Context())
	if err != nil {
		return err
	}
	var prev *listView
	if i := slices.Index(years, year); i > 0 {
		if prev, err = s.data.list(r.Context(), years[i-1], 0); err != nil {
			return err
		}
	}
	// Only anonymous pages are cached: a signed-in page shows its user.
	anonymous := identityOf(r).p.Name == "" && status == http.StatusOK
	key := pageKey{lang: l, query: r.URL.RawQuery, years: fmt.Sprint(years)}
	if prev != nil {
		key.prevRevision = prev.Pub.Revision
	}
	if b, ok := v.pages.Load(key); ok && anonymous {
		writeHTML(w, http.StatusOK, b.([]byte))
		return nil
	}
	p.View, p.Rows, p.Filter, p.Formats = v, v.filtered(f), f, export.Formats
	// The query is encoded (url.Values.Encode): safe in a URL as it is.
	p.FilterQuery, p.FitAreas = template.URL(f.query()), f.Municipality != 0 || f.Query != ""
	total := explain.Int(int64(len(v.Entries)), l)
	if f.whole() {
		p.Count = msg.N(l, "web.list.count", len(v.Entries), total)
	} else {
		p.Count = msg.N(l, "web.list.count_of", len(v.Entries), explain.Int(int64(len(p.Rows)), l), total)
	}
	listed := 0
	for i := range p.Rows {
		if p.Rows[i].Category != blandby.None {
			listed++
		}
	}
	p.MapCount = msg.N(l, "web.list.map_count", listed, explain.Int(int64(listed), l))
	if prev != nil {
		p.Changes = changesOf(prev, v, f)
	}
	seen := map[blandby.MunicipalityCode]bool{}
	for _, e := range v.Entries {
		seen[e.MunicipalityCode] = true
	}
	for _, m := range dk.Municipalities {
		if seen[m.Code] {
			p.Munis = append(p.Munis, m)
		}
	}
	slices.SortFunc(p.Munis, func(a, b dk.Municipality) int { return strings.Compare(a.Name, b.Name) })
	b, err := s.renderPage(w, r, "list", fmt.Sprintf("%s %d", msg.T(l, "common.lists"), year), p)
	if err != nil {
		return err
	}
	if anonymous && v.pageCount.Add(1) <= maxCachedPages {
		v.pages.Store(key, b)
	}
	writeHTML(w, status, b)
	return nil
}

// maxCachedPages bounds the rendered pages kept per list (queries are
// the client's to make up).
const maxCachedPages = 500

// pageKey identifies a rendered list page: a published revision's page is
// the same for the same language, query, published years and previous
// year's revision.
type pageKey struct {
	lang  blandby.Lang
	query string
	years string
	// prevRevision is the revision of the previous year's list, which
	// the page compares with (0 for none).
	prevRevision int
}

// areaPage is the area page's data.
type areaPage struct {
	Area *areaView
	// Latest is the year shown: the latest, or the one asked for (?year=).
	Latest *areaYear
	// Sourced is set when some year's entry names its sources.
	Sourced bool
	// ListNames are each year's list as that year's law named it
	// (ghettoområde before 2021), by year; "" for no list.
	ListNames map[int]string
	// RuleSet is the rule set of the year shown.
	RuleSet *law.RuleSet
	// Verdict is the year shown in plain words: the lists, why, and what
	// would change them.
	Verdict *explain.Verdict
	// Criteria are the year's criteria as table rows.
	Criteria []criterionRow
	// Charts are each indicator over the years against its threshold.
	Charts []indicatorChart
}

// criterionRow is one criterion of the year shown, in words.
type criterionRow struct {
	ID, Label string
	// Value is the area's value, Threshold the law's operator in words
	// with the threshold.
	Value, Threshold string
	Met, Missing     bool
	// Excluded says why a met criterion does not count ("" when it does).
	Excluded string
	// Margin is the distance from the threshold, Change what would flip
	// the criterion (in persons where the population is known).
	Margin, Change string
	LegalRef       string
}

type indicatorChart struct {
	ID    string
	Title string
	Data  chartData
	// Rows are the chart's numbers as a table, written exactly.
	Rows []chartRow
}

// chartRow is one year of an indicator chart.
type chartRow struct {
	Year             int
	Value, Threshold string
}

func (s *Server) areaPage(w http.ResponseWriter, r *http.Request) error {
	l := lang(w, r)
	a, err := s.data.area(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := areaPage{Area: a}
	name := a.Name
	if name == "" {
		name = a.ID
	}
	if n := len(a.History); n > 0 {
		p.Latest = &a.History[n-1]
		if v := r.URL.Query().Get("year"); v != "" {
			i := slices.IndexFunc(a.History, func(y areaYear) bool { return strconv.Itoa(y.Year) == v })
			if i < 0 {
				return notFoundField("year", msg.Text("web.err.area_year", a.Name, v))
			}
			p.Latest = &a.History[i]
		}
		if p.RuleSet, err = s.cat.ByID(p.Latest.RuleSet); err != nil {
			return err
		}
		if res := p.Latest.Explanation; res != nil {
			v := explain.AreaVerdict(p.RuleSet, res, l)
			p.Verdict = &v
			p.Criteria = criterionRows(p.RuleSet, res, l)
		} else {
			v := explain.PublishedVerdict(p.RuleSet, name, p.Latest.Year, p.Latest.Category, l)
			p.Verdict = &v
		}
		p.ListNames = map[int]string{}
		for _, y := range a.History {
			if y.Source != "" {
				p.Sourced = true
			}
			rs, err := s.cat.ByID(y.RuleSet)
			if err != nil {
				return err
			}
			if y.Category != blandby.None {
				p.ListNames[y.Year] = explain.ListName(rs, y.Category, l)
			}
		}
	}
	p.Charts = indicatorCharts(l, a)
	return s.render(w, r, http.StatusOK, "area", name, p)
}

// criterionRows writes a result's criteria for the table.
func criterionRows(rs *law.RuleSet, res *classify.Result, l blandby.Lang) []criterionRow {
	excluded := explain.ExcludedCriteria(rs, res, l)
	rows := make([]criterionRow, 0, len(res.Criteria))
	for i := range res.Criteria {
		c := &res.Criteria[i]
		row := criterionRow{ID: c.ID, Label: c.Label.In(l), Value: criterionValue(l, *c), Threshold: explain.ThresholdWords(c, l),
			Met: c.Met, Missing: c.Missing, Margin: explain.MarginWords(c, l), LegalRef: c.LegalRef}
		if !c.Missing {
			row.Change = explain.FlipChange(rs, c, l)
		}
		if c.Met {
			row.Excluded = excluded[c.ID]
		}
		rows = append(rows, row)
	}
	return rows
}

// indicatorCharts gives a chart per indicator: the area's value each year
// and the threshold it was held against (the criteria of different rule
// sets that measure the same indicator share a chart), with the same
// numbers as a table.
func indicatorCharts(l blandby.Lang, a *areaView) []indicatorChart {
	var order []blandby.Indicator
	// by holds, per indicator and year, the first criterion that measures
	// it.
	by := map[blandby.Indicator]map[int]*classify.CriterionResult{}
	for _, h := range a.History {
		if h.Explanation == nil {
			continue
		}
		for i := range h.Explanation.Criteria {
			c := &h.Explanation.Criteria[i]
			years, ok := by[c.Indicator]
			if !ok {
				years = map[int]*classify.CriterionResult{}
				by[c.Indicator] = years
				order = append(order, c.Indicator)
			}
			if _, seen := years[h.Year]; !seen {
				years[h.Year] = c
			}
		}
	}
	var out []indicatorChart
	for _, ind := range order {
		years := by[ind]
		ch := indicatorChart{ID: string(ind), Title: ind.Label(l), Data: chartData{Type: "line"}}
		unit := "%"
		for _, c := range years {
			if c.Kind == law.NationalMultiple {
				unit = "×"
			}
		}
		v := chartDataset{Label: msg.T(l, "web.areas_value") + " (" + unit + ")", Color: "#111827"}
		th := chartDataset{Label: msg.T(l, "common.threshold") + " (" + unit + ")", Color: "#dc2626", Dashed: true}
		for _, h := range a.History {
			c, ok := years[h.Year]
			if !ok {
				continue
			}
			scale := 100.0
			if c.Kind == law.NationalMultiple {
				scale = 1
			}
			ch.Data.Labels = append(ch.Data.Labels, strconv.Itoa(h.Year))
			if c.Value != nil {
				v.Data = append(v.Data, fp(c.Value.Float64()*scale))
			} else {
				v.Data = append(v.Data, nil)
			}
			th.Data = append(th.Data, fp(c.Threshold.Float64()*scale))
			ch.Rows = append(ch.Rows, chartRow{Year: h.Year, Value: criterionValue(l, *c), Threshold: formatThreshold(l, c.Kind, c.Threshold)})
		}
		ch.Data.Datasets = []chartDataset{v, th}
		out = append(out, ch)
	}
	return out
}

// rulesPage is the rules page's data.
type rulesPage struct {
	RuleSets []*law.RuleSet
	Current  *law.RuleSet
	Compare  *comparison
}

func (s *Server) rulesPage(w http.ResponseWriter, r *http.Request) error {
	l := lang(w, r)
	p := rulesPage{RuleSets: s.cat.All()}
	var err error
	if p.Current, err = s.ruleSetAt(r); err != nil {
		return err
	}
	if c, err := compare(p.Current, blandby.Udsat, blandby.Forebyggelse); err == nil {
		p.Compare = &c
	}
	return s.render(w, r, http.StatusOK, "rules", msg.T(l, "web.rules"), p)
}

// whatIfPage is the what-if page's data.
type whatIfPage struct {
	Year    int
	Years   []int
	RuleSet *law.RuleSet
	Inputs  []whatIfInput
	Result  *whatif.Result
	// YearValue is the year as the form holds it, and YearError what is
	// wrong with it ("" when nothing is).
	YearValue string
	YearError string
	// Error is what is wrong that belongs to no one field ("" when
	// nothing is); Invalid counts the fields with an error.
	Error   string
	Invalid int
}

type whatIfInput struct {
	Criterion law.Criterion
	// Current is the threshold in the rule set, as it is typed (40 for
	// 40 %).
	Current string
	// Value is what the form holds.
	Value string
	Unit  string
	// Error is what is wrong with Value ("" when nothing is).
	Error string
}

// thresholdInput writes a threshold the way the form takes it, in the
// page's language ("45,5" in Danish), with its value as written and its
// unit.
func thresholdInput(c law.Criterion, l blandby.Lang) (string, blandby.Ratio, string) {
	written := c.Threshold.Kind.Written(c.Threshold.Value)
	if c.Threshold.Kind == law.NationalMultiple {
		return explain.Exact(written, l), written, "×"
	}
	return explain.Exact(written, l), written, "%"
}

func (s *Server) whatIfPage(w http.ResponseWriter, r *http.Request) error {
	l := lang(w, r)
	years, err := s.data.years(r.Context())
	if err != nil {
		return err
	}
	p := whatIfPage{Years: years}
	q := r.URL.Query()
	if len(years) == 0 {
		return s.render(w, r, http.StatusOK, "whatif", msg.T(l, "web.what_if"), p)
	}
	p.Year = years[len(years)-1]
	p.YearValue = strconv.Itoa(p.Year)
	if v := strings.TrimSpace(q.Get("year")); v != "" {
		p.YearValue = v
		y, err := publishedYear(v, years)
		if err != nil {
			_, p.YearError = blandby.Explain(err, l)
			p.Invalid++
			return s.render(w, r, http.StatusBadRequest, "whatif", msg.T(l, "web.what_if"), p)
		}
		p.Year = y
	}
	v, err := s.data.list(r.Context(), p.Year, 0)
	if err != nil {
		return err
	}
	p.RuleSet = v.RuleSet
	var changes []whatif.Change
	for _, c := range v.RuleSet.Criteria {
		cur, written, unit := thresholdInput(c, l)
		in := whatIfInput{Criterion: c, Current: cur, Value: cur, Unit: unit}
		if got := strings.TrimSpace(q.Get(c.ID)); got != "" {
			in.Value = got
			if v, err := blandby.ParseDecimal(got); err != nil || v.Cmp(written) != 0 {
				changes = append(changes, whatif.Change{Criterion: c.ID, Value: got})
			}
		}
		p.Inputs = append(p.Inputs, in)
	}
	if !q.Has("run") {
		return s.render(w, r, http.StatusOK, "whatif", msg.T(l, "web.what_if"), p)
	}
	res, err := s.whatIf(r, p.Year, changes)
	switch {
	case err == nil:
		p.Result = res
		return s.render(w, r, http.StatusOK, "whatif", msg.T(l, "web.what_if"), p)
	case blandby.CodeOf(err) != blandby.CodeInvalid:
		return err
	}
	// Each rejected change is shown beside its criterion's field.
	for _, ce := range changeErrors(err) {
		if i := slices.IndexFunc(p.Inputs, func(in whatIfInput) bool { return in.Criterion.ID == ce.Criterion }); i >= 0 {
			p.Inputs[i].Error = ce.Text.In(l)
			p.Invalid++
		}
	}
	if p.Invalid == 0 {
		_, p.Error = blandby.Explain(err, l)
	}
	return s.render(w, r, http.StatusBadRequest, "whatif", msg.T(l, "web.what_if"), p)
}

// auditPage shows the audit trail to an admin: the chain's state and the
// entries after ?after= (the first page when absent).
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	l := lang(w, r)
	v, err := s.readAudit(r)
	if err != nil {
		return err
	}
	page := struct {
		*auditView
		// Next is where the next page starts (0 on the last page).
		Next int64
	}{auditView: v}
	if n := len(v.Entries); n > 0 && v.Entries[n-1].Seq < v.Chain.LastSeq {
		page.Next = v.Entries[n-1].Seq
	}
	return s.render(w, r, http.StatusOK, "audit", msg.T(l, "web.audit_trail"), page)
}

// sourceLink is one source of an imported entry.
type sourceLink struct {
	URL  string
	Host string
	Note string
}

// splitSources splits a source cell: sources separated by " ; ", each a
// URL with an optional note after it. Text that is no http(s) URL is kept
// as a note.
func splitSources(cell string) []sourceLink {
	var out []sourceLink
	for _, part := range strings.Split(cell, " ; ") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		raw, note, _ := strings.Cut(part, " ")
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			out = append(out, sourceLink{Note: part})
			continue
		}
		out = append(out, sourceLink{URL: raw, Host: strings.TrimPrefix(u.Host, "www."), Note: note})
	}
	return out
}
