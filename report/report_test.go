package report_test

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/internal/browser"
	"github.com/blandby/blandby/internal/demotest"
	"github.com/blandby/blandby/internal/htmltest"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/monitor"
	"github.com/blandby/blandby/plan"
	"github.com/blandby/blandby/report"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlite"
)

// The report is tested on the demo's synthetic Denmark, list years
// 2014–2025, reported for 2024.
const reportYear = 2024

type fixture struct {
	years []monitor.Year
	// plans are the stored plans' rows; planAreas the two areas the test
	// gave a plan (on track, and not).
	plans     []report.PlanRow
	planAreas [2]string
	cat       *law.Catalog
	goal      *monitor.Goal
}

var tmpDir string

var makeFixture = sync.OnceValues(func() (*fixture, error) {
	dir, err := os.MkdirTemp("", "blandby-report-test-")
	if err != nil {
		return nil, err
	}
	tmpDir = dir
	ctx := context.Background()
	db := filepath.Join(dir, "blandby.db")
	if err := demotest.Copy(ctx, db, demo.Options{FirstYear: 2014, LastYear: 2025, SoftwareVersion: "test"}); err != nil {
		return nil, err
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	cat, err := law.Embedded()
	if err != nil {
		return nil, err
	}
	years, err := app.MonitorYears(ctx, st, cat)
	if err != nil {
		return nil, err
	}
	g, err := law.InForce(monitor.Embedded, time.Date(reportYear, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return nil, err
	}
	f := &fixture{years: years, cat: cat, goal: g}
	// Two omdannelse areas of the report year get a plan: 300 of 1,000
	// dwellings public family dwellings (30 %, on track) and 600 of 1,000
	// (60 %, not on track, no actions).
	y := years[len(years)-1]
	for _, a := range y.Areas {
		if a.Category != blandby.Omdannelse || f.planAreas[1] != "" {
			continue
		}
		i, family := 0, int64(300)
		if f.planAreas[0] != "" {
			i, family = 1, 600
		}
		f.planAreas[i] = a.ID
		p := plan.Plan{AreaID: a.ID, BaseYear: reportYear + 1, Stock: plan.Stock{PublicFamily: family, OwnerOccupied: 1000 - family}, Actions: []plan.Action{}}
		if _, err := st.AddPlanVersion(ctx, store.PlanVersion{AreaID: a.ID, Author: "test", SavedAt: time.Date(reportYear, 12, 10, 0, 0, 0, 0, time.UTC), Plan: p}, -1); err != nil {
			return nil, err
		}
	}
	if f.plans, err = report.LoadPlans(ctx, st, time.Date(reportYear, 12, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		return nil, err
	}
	return f, nil
})

func TestMain(m *testing.M) {
	code := m.Run()
	if tmpDir != "" {
		os.RemoveAll(tmpDir)
	}
	os.Exit(code)
}

func setup(t *testing.T) *fixture {
	t.Helper()
	if testing.Short() {
		t.Skip("the synthetic Denmark takes a while to prepare")
	}
	f, err := makeFixture()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func render(t *testing.T, f *fixture, lang blandby.Lang, plans []report.PlanRow) (*report.Report, string) {
	t.Helper()
	r, err := report.Build(f.years, f.cat, f.goal, reportYear, lang, plans)
	if err != nil {
		t.Fatal(err)
	}
	r.Synthetic = true
	var buf bytes.Buffer
	if err := r.Render(&buf); err != nil {
		t.Fatal(err)
	}
	return r, buf.String()
}

func TestReportContent(t *testing.T) {
	t.Parallel()
	f := setup(t)
	r, html := render(t, f, blandby.Danish, nil)
	for _, want := range []string{
		"Årsrapport om listerne 2024", `id="table1"`, `id="changes"`, `id="figure1"`, `id="projection"`,
		`id="no-plans"`, "Der er ingen udviklingsplaner gemt.", "@page", "<svg", "Syntetiske data",
		fmt.Sprintf(`<strong id="warnings">%d</strong>`, len(r.Warnings)),
		fmt.Sprintf(`<strong id="above">%d</strong>`, len(r.Tally.Above)),
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(html, "<script") {
		t.Error("the report has a script; it must print without one")
	}
	if r.Tally.Year != reportYear || len(r.Tallies) != reportYear-2014+1 || r.PrevYear != reportYear-1 {
		t.Errorf("tally %d, %d tallies, previous year %d", r.Tally.Year, len(r.Tallies), r.PrevYear)
	}
	// Every area that entered or left a list is named.
	for _, ch := range r.Changes {
		if ch.New {
			continue
		}
		for _, a := range append(ch.Entered, ch.Left...) {
			if !strings.Contains(html, a.Name) {
				t.Errorf("%s: %s (%s) is not named", ch.List, a.Name, a.ID)
			}
		}
	}
	// The development plans' status, from the store.
	if f.planAreas[1] == "" {
		t.Fatal("fewer than two omdannelse areas to give a plan")
	}
	want := map[string]bool{f.planAreas[0]: true, f.planAreas[1]: false}
	for _, row := range f.plans {
		onTrack, ok := want[row.AreaID]
		if !ok {
			continue
		}
		delete(want, row.AreaID)
		if row.Err != "" || row.Status.OnTrack != onTrack {
			t.Errorf("plan of %s: on track %v (%s), want %v", row.AreaID, row.Status.OnTrack, row.Err, onTrack)
		}
	}
	if len(want) > 0 {
		t.Errorf("plans not loaded: %v", want)
	}
	rp, err := report.Build(f.years, f.cat, f.goal, reportYear, blandby.Danish, f.plans)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rp.Render(&buf); err != nil {
		t.Fatal(err)
	}
	withPlans := buf.String()
	if !strings.Contains(withPlans, `id="plans"`) || strings.Contains(withPlans, `id="no-plans"`) || !strings.Contains(withPlans, "ikke på vej") {
		t.Error("the report with plans does not show them")
	}
	for _, row := range f.plans {
		if !strings.Contains(withPlans, row.Name) {
			t.Errorf("plan of %s (%s) not shown", row.AreaID, row.Name)
		}
	}

	_, en := render(t, f, blandby.English, nil)
	for _, want := range []string{"Yearly report on the lists 2024", "No development plans are stored.", "udsat boligområde"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English report lacks %q", want)
		}
	}
}

// pdfPages matches a page object of a PDF.
var pdfPages = regexp.MustCompile(`/Type\s*/Page[^s]`)

// TestReportPages renders the report for a demo year in headless Chromium
// and writes a PNG of each A4 page (test-artifacts/screenshots/
// report-2024-<lang>-page-<n>.png; the HTML beside them): it shows one
// page at a time, zoomed to the window's width. Every page's content must
// fit on its page.
func TestReportPages(t *testing.T) {
	t.Parallel()
	f := setup(t)
	b := browser.New(t)
	for _, lang := range []blandby.Lang{blandby.Danish, blandby.English} {
		_, html := render(t, f, lang, f.plans)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, html)
		}))
		p := b.Open(t, srv.URL+"/")
		p.WaitVisible(t, "#p-goal")
		n, last := p.Count(t, "section.page"), ""
		if n != 7 {
			t.Errorf("%s: %d pages, want 7", lang, n)
		}
		for i := 0; i < n; i++ {
			var overflow bool
			p.Eval(t, fmt.Sprintf(`(() => {
				const pages = document.querySelectorAll("section.page");
				pages.forEach((s, j) => { s.style.display = j === %d ? "" : "none"; s.style.margin = "0"; });
				document.documentElement.style.background = "#fff";
				document.body.style.zoom = String(window.innerWidth / pages[%d].offsetWidth);
				const s = pages[%d];
				return s.scrollHeight > s.clientHeight + 1;
			})()`, i, i, i), &overflow)
			if overflow {
				t.Errorf("%s: page %d overflows its A4 page", lang, i+1)
			}
			last = p.Screenshot(t, fmt.Sprintf("report-%d-%s-page-%d", reportYear, lang, i+1))
			t.Logf("%s", last)
		}
		p.NoErrors(t)
		p.Close()
		srv.Close()
		if last != "" {
			if err := os.WriteFile(filepath.Join(filepath.Dir(last), fmt.Sprintf("report-%d-%s.html", reportYear, lang)), []byte(html), 0o644); err != nil {
				t.Fatal(err)
			}
			// The PDF that `blandby report --pdf` writes: one A4 page per
			// page of the report.
			pdf, err := report.PDF(context.Background(), b.ExecPath(), []byte(html))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 16)])
			}
			if got := pdfPages.FindAllIndex(pdf, -1); len(got) != n {
				t.Errorf("%s: the PDF has %d pages, want %d", lang, len(got), n)
			}
			if err := os.WriteFile(filepath.Join(filepath.Dir(last), fmt.Sprintf("report-%d-%s.pdf", reportYear, lang)), pdf, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestReportGoalSeries: the report follows the goal of "Blandede byer",
// afsnit 1.7 ("ikke skal være nogen boligområder, som adskiller sig
// væsentligt fra det omgivende samfund socialt og økonomisk, og hvor der
// er en andel af ikke vestlige indvandrere og efterkommere på over 30
// pct.") year by year: table 1 gives, per list year, the areas on the
// udsat or the forebyggelse list with a non-Western share over 30 %,
// counted here from the indicators, and marks the break between the
// ghetto lists (to 2020) and the new lists (from 2021) in the table, in
// the charts and in a note, in both languages.
func TestReportGoalSeries(t *testing.T) {
	t.Parallel()
	f := setup(t)
	bar := blandby.NewRatio(3, 10)
	for _, lang := range []blandby.Lang{blandby.Danish, blandby.English} {
		r, html := render(t, f, lang, nil)
		table := htmltest.Between(t, html, `<table id="table1">`, `</table>`)
		rows := regexp.MustCompile(`<tr><td>(\d{4})</td>(?:<td class="num">[^<]*</td>){5}<td class="num">([^<]*)</td></tr>`).FindAllStringSubmatch(table, -1)
		if len(rows) != reportYear-2014+1 {
			t.Fatalf("%s: %d rows in table 1, want %d", lang, len(rows), reportYear-2014+1)
		}
		differs := 0
		for _, row := range rows {
			y := f.years[slices.IndexFunc(f.years, func(y monitor.Year) bool { return strconv.Itoa(y.Year) == row[1] })]
			want, listed := 0, 0
			for _, ind := range y.Indicators {
				a, ok := y.Area(ind.Area.ID)
				if !ok || !(a.Category.On(blandby.Udsat) || a.Category.On(blandby.Forebyggelse)) {
					continue
				}
				listed++
				if !ind.NonWestern.Known {
					t.Fatalf("%d: %s has no non-Western share", y.Year, a.ID)
				}
				if ind.NonWestern.Value.Cmp(bar) > 0 {
					want++
				}
			}
			if row[2] != strconv.Itoa(want) {
				t.Errorf("%s %s: table 1 counts %s for the goal, want %d", lang, row[1], row[2], want)
			}
			if want != listed {
				differs++
			}
		}
		if differs == 0 {
			t.Error("every listed area is above 30 % every year: the test cannot tell the goal from the lists")
		}
		// The break: a row before 2021 in table 1, a marker in both line
		// charts, the note under the table and under the goal chart.
		if r.Break == nil || *r.Break != (monitor.Break{Before: 2020, After: 2021}) {
			t.Fatalf("%s: break %+v, want 2020/2021", lang, r.Break)
		}
		if !regexp.MustCompile(`<tr class="series-break"><td colspan="7">[^<]*2020[^<]*2021</td></tr><tr><td>2021</td>`).MatchString(table) {
			t.Errorf("%s: table 1 has no break row before 2021", lang)
		}
		for name, chart := range map[string]template.HTML{"lists": r.Charts.Lists, "goal": r.Charts.Goal} {
			if !strings.Contains(string(chart), `class="series-break"`) || !strings.Contains(string(chart), r.Break.Label().In(lang)) {
				t.Errorf("%s: the %s chart has no break marker", lang, name)
			}
		}
		if n := strings.Count(html, template.HTMLEscapeString(r.Break.Note().In(lang))); n != 2 {
			t.Errorf("%s: the break note is shown %d times, want 2 (table 1, goal chart)", lang, n)
		}
		word := map[blandby.Lang]string{blandby.Danish: "ghettolister", blandby.English: "ghetto lists"}[lang]
		if !strings.Contains(string(r.Charts.Goal), word) {
			t.Errorf("%s: the goal chart does not name the ghetto lists' line", lang)
		}
	}
	// A series that does not reach 2021 has no break.
	r, err := report.Build(f.years, f.cat, f.goal, 2020, blandby.Danish, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Break != nil || strings.Contains(string(r.Charts.Lists), "series-break") || strings.Contains(string(r.Charts.Goal), "series-break") {
		t.Errorf("2020: a break %+v", r.Break)
	}
}

// TestReportUnknownShares: a list imported without indicators holds no
// non-Western shares; the report does not guess the goal's count but says
// "mindst N, højst N+U": N the areas whose list guarantees over 30 %
// (forebyggelse, parallelsamfund), U the udsat areas.
func TestReportUnknownShares(t *testing.T) {
	t.Parallel()
	f := setup(t)
	years := slices.Clone(f.years)
	i := slices.IndexFunc(years, func(y monitor.Year) bool { return y.Year == reportYear })
	y := years[i]
	y.Indicators, y.Areas = nil, slices.Clone(y.Areas)
	sure, unknown := 0, 0
	for k := range y.Areas {
		a := &y.Areas[k]
		a.Result = nil
		switch {
		case a.Category.On(blandby.Parallelsamfund) || a.Category == blandby.Forebyggelse:
			sure++
		case a.Category == blandby.Udsat:
			unknown++
		}
	}
	if sure == 0 || unknown == 0 {
		t.Fatalf("%d: %d areas sure, %d unknown: the test proves nothing", reportYear, sure, unknown)
	}
	years[i] = y
	r, err := report.Build(years, f.cat, f.goal, reportYear, blandby.Danish, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Render(&buf); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("mindst %d, højst %d", sure, sure+unknown)
	if got := r.HeadlineCounts[len(r.HeadlineCounts)-1]; got.Words(blandby.Danish) != want {
		t.Errorf("%d: %+v, want %s", reportYear, got, want)
	}
	if summary := htmltest.Between(t, buf.String(), `<table id="goal-summary">`, `</table>`); !strings.Contains(summary, want) {
		t.Errorf("the goal summary lacks %q", want)
	}
	if table := htmltest.Between(t, buf.String(), `<table id="table1">`, `</table>`); !strings.Contains(table, `<td class="num">`+want+`</td></tr>`) {
		t.Errorf("table 1 lacks %q", want)
	}
}
