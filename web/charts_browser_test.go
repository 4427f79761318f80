//go:build !race

package web

import (
	"net/http/httptest"
	"testing"

	"github.com/blandby/blandby/internal/browser"
)

// TestBrowserChartTables opens the overview, the rules and the monitor in
// Danish and English with every chart's table of numbers open: the charts
// are drawn, and axe-core finds nothing. The Danish pages are the
// screenshots overview-da, rules-da and monitor-da.
func TestBrowserChartTables(t *testing.T) {
	f := testFixture(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	b := browser.Shared(t)
	for _, page := range []struct{ name, path string }{{"overview", "/"}, {"rules", "/regler"}, {"monitor", "/monitor"}} {
		for _, lang := range []string{"da", "en"} {
			p := b.Open(t, ts.URL+page.path+"?lang="+lang)
			charts := p.Count(t, "canvas[data-chart]")
			if charts > 0 {
				p.WaitUntil(t, `[...document.querySelectorAll("canvas[data-chart]")].every(c => Chart.getChart(c) !== undefined)`)
			}
			var opened int
			p.Eval(t, `(() => { const ds = document.querySelectorAll("details.chart-data"); ds.forEach(d => d.open = true); return ds.length; })()`, &opened)
			if page.name != "rules" && opened == 0 {
				t.Errorf("%s %s: no chart has a table of its numbers", page.name, lang)
			}
			p.Axe(t, page.name+" "+lang)
			noSideways(t, p)
			p.NoErrors(t)
			if lang == "da" {
				p.Screenshot(t, page.name+"-da")
			}
			p.Close()
		}
	}
}
