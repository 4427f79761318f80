//go:build !race

package web

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/blandby/blandby/internal/browser"
)

// bornholm is Bornholm's extent: west, south, east, north.
var bornholm = [4]float64{14.68, 54.98, 15.16, 55.30}

// mapShowsBornholm reports whether the list page's map shows all of
// Bornholm, and what it shows.
func mapShowsBornholm(t *testing.T, p *browser.Page) (bool, string) {
	t.Helper()
	p.WaitUntil(t, `!!document.getElementById("map").dataset.bounds`)
	var bounds string
	p.Eval(t, `document.getElementById("map").dataset.bounds`, &bounds)
	var b [4]float64
	for i, s := range strings.Split(bounds, ",") {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || i > 3 {
			t.Fatalf("map bounds %q", bounds)
		}
		b[i] = v
	}
	return b[0] <= bornholm[0] && b[1] <= bornholm[1] && b[2] >= bornholm[2] && b[3] >= bornholm[3], bounds
}

// TestListBrowser filters and searches the list page as a person would:
// the table, the count, the map and the downloads follow; the map shows
// Bornholm unless a search narrows it; axe finds nothing, in Danish and
// English.
func TestListBrowser(t *testing.T) {
	f := testFixture(t)
	b := browser.Shared(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	var all, par, found listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d", lastYear), &all)
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d?category=parallelsamfund", lastYear), &par)
	search := par.Areas[0].Municipality
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d?category=parallelsamfund&q=%s", lastYear, url.QueryEscape(search)), &found)
	if found.Count == 0 || found.Count >= par.Count {
		t.Fatalf("searching %q finds %d of the %d parallelsamfund areas", search, found.Count, par.Count)
	}
	count := map[string]string{"da": "%d af %d områder", "en": "%d of %d areas"}
	drawn := func(t *testing.T, p *browser.Page) (rows, shapes, areas int) {
		t.Helper()
		p.WaitUntil(t, `document.getElementById("map").dataset.areasDrawn !== undefined`)
		p.Eval(t, `Number(document.getElementById("map").dataset.areasDrawn)`, &areas)
		return p.Count(t, "#list-table tbody tr"), p.Count(t, ".leaflet-overlay-pane path[data-area]"), areas
	}
	for _, lang := range []string{"da", "en"} {
		t.Run(lang, func(t *testing.T) {
			p := b.Open(t, fmt.Sprintf("%s/lister/%d?lang=%s", ts.URL, lastYear, lang))
			p.SetValue(t, "#filter-category", "parallelsamfund")
			p.Submit(t, "#filter-category")
			if rows, shapes, areas := drawn(t, p); rows != par.Count || shapes != par.Count || areas != par.Count {
				t.Errorf("parallelsamfund: %d rows, %d shapes on the map (%d areas drawn), the list has %d", rows, shapes, areas, par.Count)
			}
			if ok, bounds := mapShowsBornholm(t, p); !ok {
				t.Errorf("parallelsamfund: the map shows %s, not Bornholm", bounds)
			}
			p.SetValue(t, "#filter-q", search)
			p.Submit(t, "#filter-q")
			var loc string
			p.Eval(t, `location.search`, &loc)
			if q, _ := url.ParseQuery(strings.TrimPrefix(loc, "?")); q.Get("q") != search || q.Get("category") != "parallelsamfund" {
				t.Errorf("the search is not in the URL: %s", loc)
			}
			if rows, shapes, areas := drawn(t, p); rows != found.Count || shapes != found.Count || areas != found.Count {
				t.Errorf("search %q: %d rows, %d shapes on the map (%d areas drawn), the API finds %d", search, rows, shapes, areas, found.Count)
			}
			if got, want := p.Text(t, "#list-count"), fmt.Sprintf(count[lang], found.Count, all.Count); got != want {
				t.Errorf("count %q, want %q", got, want)
			}
			var hrefs []string
			p.Eval(t, `Array.from(document.querySelectorAll(".downloads a")).map(a => a.href)`, &hrefs)
			for _, h := range hrefs {
				u, err := url.Parse(h)
				if err != nil || u.Query().Get("q") != search || u.Query().Get("category") != "parallelsamfund" {
					t.Errorf("download %s does not carry the filters", h)
				}
			}
			// Every area found is drawn inside the map.
			var outside []string
			p.Eval(t, `(() => { const m = document.getElementById("map").getBoundingClientRect();
				return Array.from(document.querySelectorAll(".leaflet-overlay-pane path[data-area]")).filter(s => {
					const r = s.getBoundingClientRect();
					return r.width === 0 || r.left < m.left || r.right > m.right || r.top < m.top || r.bottom > m.bottom;
				}).map(s => s.dataset.area); })()`, &outside)
			if len(outside) > 0 {
				t.Errorf("areas not visible on the map: %v", outside)
			}
			if n := p.Count(t, "#list-table th[scope=col][data-sort] > button"); n != 5 {
				t.Errorf("%d sortable headers with a button, want 5", n)
			}
			p.Click(t, `#list-table th[data-sort="num"] button`)
			if got := p.Text(t, `#list-table th[aria-sort="ascending"]`); got == "" {
				t.Error("sorting says nothing in aria-sort")
			}
			noSideways(t, p)
			p.Axe(t, "list filtered "+lang)
			p.NoErrors(t)
			if lang == "da" {
				p.Screenshot(t, "list-filter-da")
			}
			p.Close()
		})
	}
}
