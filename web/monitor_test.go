package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/browser"
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

// TestMonitorBrowser: the monitor page draws its charts without errors.
func TestMonitorBrowser(t *testing.T) {
	f := testFixture(t)
	b := browser.Shared(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	for _, lang := range []string{"da", "en"} {
		p := b.Open(t, ts.URL+"/monitor?lang="+lang)
		p.WaitUntil(t, `document.querySelectorAll("canvas").length === 2 && Array.from(document.querySelectorAll("canvas")).every(c => Chart.getChart(c))`)
		p.NoErrors(t)
		p.Screenshot(t, "monitor-"+lang)
		p.Close()
	}
}
