//go:build !race

package web

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/blandby/blandby/internal/browser"
)

// TestBrowser drives Chromium through every page in Danish and English:
// no console errors or failed requests, charts and map drawn, the list
// table as long as the API's list, sorting, and a what-if that moves
// areas. Screenshots go to test-artifacts/screenshots.
func TestBrowser(t *testing.T) {
	f := testFixture(t)
	b := browser.Shared(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	var listed listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d?category=listed", lastYear), &listed)
	var all listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d", lastYear), &all)
	area := listed.Areas[0].AreaID

	for _, lang := range []string{"da", "en"} {
		t.Run(lang, func(t *testing.T) {
			p := b.Open(t, ts.URL+"/?lang="+lang)
			p.WaitUntil(t, `document.querySelectorAll("canvas").length === 3 && Array.from(document.querySelectorAll("canvas")).every(c => Chart.getChart(c))`)
			if got := p.Text(t, "html > body > main > h1"); got != map[string]string{"da": "Overblik", "en": "Overview"}[lang] {
				t.Errorf("overview title %q", got)
			}
			if n := p.Count(t, "#synthetic-banner"); n != 1 {
				t.Errorf("overview: %d synthetic banners", n)
			}
			// The charts write numbers in the page's language, whatever
			// the browser's: residents per list run into the thousands.
			var ticks string
			p.Eval(t, `Chart.getChart(document.querySelector('canvas[data-chart="chart-figure1"]')).scales.y.ticks.map(t => t.label).join(" ")`, &ticks)
			if sep := map[string]string{"da": ".", "en": ","}[lang]; !strings.Contains(ticks, "000") || !strings.Contains(ticks, sep+"000") {
				t.Errorf("the residents axis reads %q: want thousands separated by %q", ticks, sep)
			}
			p.NoErrors(t)
			p.Screenshot(t, "overview-"+lang)
			p.Close()

			p = b.Open(t, fmt.Sprintf("%s/lister/%d?lang=%s", ts.URL, lastYear, lang))
			p.WaitUntil(t, `Number(document.getElementById("map").dataset.areasDrawn) > 0`)
			if rows := p.Count(t, "#list-table tbody tr"); rows != all.Count {
				t.Errorf("list table: %d rows, the API has %d", rows, all.Count)
			}
			var drawn int
			p.Eval(t, `Number(document.getElementById("map").dataset.areasDrawn)`, &drawn)
			if shapes := p.Count(t, ".leaflet-overlay-pane path.leaflet-interactive:not(.area-dot)"); drawn == 0 || shapes < drawn {
				t.Errorf("map: %d areas drawn, %d shapes", drawn, shapes)
			}
			// The whole country, Bornholm included.
			if ok, bounds := mapShowsBornholm(t, p); !ok {
				t.Errorf("the map shows %s, not Bornholm", bounds)
			}
			p.Click(t, `#list-table th[data-sort="num"]`)
			var sorted bool
			p.Eval(t, `(() => { const v = Array.from(document.querySelectorAll("#list-table tbody td[data-value]")).map(td => Number(td.dataset.value)); return v.every((x, i) => i === 0 || v[i-1] <= x); })()`, &sorted)
			if !sorted {
				t.Error("sorting by residents did not sort the table")
			}
			p.NoErrors(t)
			p.Screenshot(t, "list-"+lang)
			p.Close()

			p = b.Open(t, fmt.Sprintf("%s/lister/%d?category=listed&lang=%s", ts.URL, lastYear, lang))
			if rows := p.Count(t, "#list-table tbody tr"); rows != listed.Count {
				t.Errorf("filtered list table: %d rows, the API has %d", rows, listed.Count)
			}
			p.NoErrors(t)
			p.Close()

			p = b.Open(t, fmt.Sprintf("%s/omraader/%s?lang=%s", ts.URL, area, lang))
			p.WaitUntil(t, `document.querySelectorAll("canvas").length > 0 && Array.from(document.querySelectorAll("canvas")).every(c => Chart.getChart(c))`)
			if n := p.Count(t, "#timeline li"); n != lastYear-firstYear+1 {
				t.Errorf("area timeline: %d years", n)
			}
			p.NoErrors(t)
			p.Screenshot(t, "area-"+lang)
			p.Close()

			p = b.Open(t, ts.URL+"/regler?lang="+lang)
			if n := p.Count(t, "#compare .column"); n != 2 {
				t.Errorf("rules: %d columns in the comparison", n)
			}
			p.NoErrors(t)
			p.Screenshot(t, "rules-"+lang)
			p.Close()

			p = b.Open(t, fmt.Sprintf("%s/hvad-hvis?year=%d&lang=%s", ts.URL, lastYear, lang))
			p.SetValue(t, "#th-U1", "20")
			p.Click(t, "#whatif-run")
			p.WaitVisible(t, "#whatif-result")
			if n := p.Count(t, `#whatif-moves tr[data-kind="enter"]`); n == 0 {
				t.Error("lowering U1 to 20 % moved no area onto a list")
			}
			p.NoErrors(t)
			p.Screenshot(t, "whatif-"+lang)
			p.Close()
		})
	}
}
