package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/internal/htmltest"
	"github.com/blandby/blandby/monitor"
)

// TestMonitorMatchesStore: the monitor's counts per list equal those of
// the published lists in the store, every year, and the entries and exits
// it names are the differences of the two lists.
func TestMonitorMatchesStore(t *testing.T) {
	f := testFixture(t)
	ctx := context.Background()
	for year := firstYear; year <= lastYear; year++ {
		pub, err := f.st.Publication(ctx, year, 0)
		if err != nil {
			t.Fatal(err)
		}
		var m monitorYearJSON
		f.getJSON(t, fmt.Sprintf("/api/v1/monitor/%d", year), &m)
		want := map[blandby.Category]int{}
		var residents int64
		for _, e := range pub.Entries {
			for _, l := range m.Tally.Lists {
				if e.Category.On(l) {
					want[l]++
				}
			}
		}
		for _, l := range m.Tally.Lists {
			if m.Tally.OnCounts[l] != want[l] {
				t.Errorf("%d %s: monitor %d, the store's list %d", year, l, m.Tally.OnCounts[l], want[l])
			}
			residents += m.Tally.Residents[l]
		}
		if m.Tally.Areas != len(pub.Entries) || !m.Synthetic || len(m.Goal.Targets) == 0 {
			t.Errorf("%d: %d areas (store %d), synthetic %v, %d targets", year, m.Tally.Areas, len(pub.Entries), m.Synthetic, len(m.Goal.Targets))
		}
		if year > firstYear {
			prev, err := f.st.Publication(ctx, year-1, 0)
			if err != nil {
				t.Fatal(err)
			}
			was := map[string]blandby.Category{}
			for _, e := range prev.Entries {
				was[e.AreaID] = e.Category
			}
			for _, ch := range m.Changes {
				for _, a := range ch.Entered {
					if was[a.ID].On(ch.List) {
						t.Errorf("%d: %s entered %s but was on it", year, a.ID, ch.List)
					}
				}
				for _, a := range ch.Left {
					if !was[a.ID].On(ch.List) {
						t.Errorf("%d: %s left %s but was not on it", year, a.ID, ch.List)
					}
				}
			}
		}
	}
}

func TestMonitorWarningsAndProjection(t *testing.T) {
	f := testFixture(t)
	var narrow, wide monitorWarningsJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/monitor/%d/warnings?points=1&multiple=0&residents=0", lastYear-1), &narrow)
	f.getJSON(t, fmt.Sprintf("/api/v1/monitor/%d/warnings?margin=10&multiple=1", lastYear-1), &wide)
	if narrow.NextYear != lastYear || len(wide.Warnings) < len(narrow.Warnings) || wide.Margins.Points.Cmp(blandby.RatioInt(10)) != 0 {
		t.Errorf("warnings: narrow %d, wide %d (margins %+v)", len(narrow.Warnings), len(wide.Warnings), wide.Margins)
	}
	for _, q := range []string{"points=-1", "multiple=x", "residents=1e3"} {
		if code, body, _ := f.do(t, "GET", fmt.Sprintf("/api/v1/monitor/%d/warnings?%s", lastYear, q), nil); code != http.StatusBadRequest {
			t.Errorf("%s: %d %s", q, code, body)
		}
	}
	if code, _, _ := f.do(t, "GET", "/api/v1/monitor/1999", nil); code != http.StatusNotFound {
		t.Errorf("an unpublished year: %d", code)
	}
	var p monitorProjectionJSON
	f.getJSON(t, "/api/v1/monitor/projection", &p)
	if p.Projection == nil || p.From != lastYear || p.To != 2030 || len(p.Years) != 2030-lastYear || len(p.Goal.Targets) == 0 {
		t.Fatalf("projection: %+v", p.Projection)
	}
	for _, lang := range []string{"da", "en"} {
		code, body, _ := f.do(t, "GET", "/monitor?lang="+lang, nil)
		if code != http.StatusOK || !strings.Contains(string(body), `id="goal-status"`) || !strings.Contains(string(body), `id="warnings"`) {
			t.Errorf("/monitor?lang=%s: %d", lang, code)
		}
	}
	if code, _, _ := f.do(t, "GET", "/monitor?year=abc", nil); code != http.StatusBadRequest {
		t.Errorf("/monitor?year=abc: %d", code)
	}
}

// TestMonitorGoalSeries: the monitor page follows the goal of "Blandede
// byer", afsnit 1.7 ("… ikke skal være nogen boligområder, som adskiller
// sig væsentligt fra det omgivende samfund socialt og økonomisk, og hvor
// der er en andel af ikke vestlige indvandrere og efterkommere på over 30
// pct."): its table gives, per list year, the areas on the udsat or the
// forebyggelse list whose non-Western share is over 30 %, counted here
// from the published explanations; the break between the ghetto lists (to
// 2020) and the new lists (from 2021) is marked in the table, on both
// charts and in a note, in Danish and English.
func TestMonitorGoalSeries(t *testing.T) {
	f := testFixture(t)
	bar := blandby.NewRatio(3, 10)
	want := map[string]string{}
	differs := false
	for year := firstYear; year <= lastYear; year++ {
		var d struct{ Areas []monitor.Distance }
		f.getJSON(t, fmt.Sprintf("/api/v1/monitor/%d/distances", year), &d)
		n, listed := 0, 0
		for _, a := range d.Areas {
			if !a.Category.On(blandby.Udsat) && !a.Category.On(blandby.Forebyggelse) {
				continue
			}
			listed++
			i := slices.IndexFunc(a.Criteria, func(c classify.CriterionResult) bool {
				return c.Indicator == blandby.IndicatorNonWestern && c.Value != nil
			})
			if i < 0 {
				t.Fatalf("%d: %s has no non-Western share", year, a.AreaID)
			}
			if a.Criteria[i].Value.Cmp(bar) > 0 {
				n++
			}
		}
		want[strconv.Itoa(year)] = strconv.Itoa(n)
		differs = differs || n != listed
	}
	if !differs {
		t.Error("every listed area is above 30 % every year: the test cannot tell the goal from the lists")
	}
	for _, lang := range []blandby.Lang{blandby.Danish, blandby.English} {
		code, body, _ := f.do(t, "GET", "/monitor?lang="+string(lang), nil)
		page := string(body)
		if code != http.StatusOK {
			t.Fatalf("/monitor?lang=%s: %d", lang, code)
		}
		table := htmltest.Between(t, page, `<table class="data" id="goal-series">`, `</table>`)
		rows := regexp.MustCompile(`<tr><td>(\d{4})</td><td class="num">([^<]*)</td></tr>`).FindAllStringSubmatch(table, -1)
		if len(rows) != len(want) {
			t.Fatalf("%s: %d rows, want %d", lang, len(rows), len(want))
		}
		for _, row := range rows {
			if row[2] != want[row[1]] {
				t.Errorf("%s %s: the goal counts %s, want %s", lang, row[1], row[2], want[row[1]])
			}
		}
		b := monitor.Break{Before: 2020, After: 2021}
		if !regexp.MustCompile(`<tr class="series-break"><td colspan="2">[^<]*2020[^<]*2021</td></tr><tr><td>2021</td>`).MatchString(table) {
			t.Errorf("%s: no break row before 2021", lang)
		}
		if note := htmltest.Between(t, page, `<p class="note" id="break-note">`, `</p>`); html.UnescapeString(note) != b.Note().In(lang) {
			t.Errorf("%s: break note %q", lang, note)
		}
		for _, id := range []string{"chart-goal", "chart-lists"} {
			var c monitorChart
			if err := json.Unmarshal([]byte(htmltest.Between(t, page, `<script type="application/json" id="`+id+`">`, `</script>`)), &c); err != nil {
				t.Fatalf("%s %s: %v", lang, id, err)
			}
			if c.Break == nil || c.Break.Index < 1 || c.Break.Index >= len(c.Labels) || c.Labels[c.Break.Index] != "2021" || c.Break.Label != b.Label().In(lang) {
				t.Errorf("%s %s: break %+v (labels %v)", lang, id, c.Break, c.Labels)
			}
		}
	}
	// A year before the break: no marker.
	_, body, _ := f.do(t, "GET", "/monitor?year=2020", nil)
	if strings.Contains(string(body), "series-break") || strings.Contains(string(body), `"break"`) || strings.Contains(string(body), `id="break-note"`) {
		t.Error("/monitor?year=2020 marks a break")
	}
}
