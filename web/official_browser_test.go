//go:build !race

package web

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/internal/browser"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/official"
	"github.com/blandby/blandby/store/sqlite"
)

// officialServer serves the published lists 2010–2023 as `blandby demo
// --official` records them, with the source line and the counts of 2024.
func officialServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "official.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cat := testFixture(t).cat
	reg, err := official.Registry()
	if err != nil {
		t.Fatal(err)
	}
	admin := app.Actor{Principal: auth.Principal{Role: auth.RoleAdmin, Name: "test"}, Via: "test"}
	if _, err := app.ImportOfficial(ctx, st, cat, reg, admin, "", official.Published, "published", "official/published", "test", time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	counts, err := official.PublishedListCounts()
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Version: "test", Source: msg.Text("web.official_source")}
	for _, c := range counts {
		if c.Year == 2024 {
			opts.CountsOnly = append(opts.CountsOnly, YearCounts{Year: c.Year, Counts: c.N})
		}
	}
	srv, err := New(st, cat, opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

// TestBrowserOfficial: the real lists in the browser. The 2015 list page
// shows the 25 published areas (and the 9 that left) with their published
// values and a map that places each at its municipality; the 2021 page says
// how many areas each list published and how many are named here; the area
// page of Gellerupparken/Toveshøj explains 2015 under the law of 2015 from
// the published values and names each year's sources; Tabel 1 runs from
// the published counts 2010–2024. No synthetic banner: a source line.
// Screenshots go to test-artifacts/screenshots.
func TestBrowserOfficial(t *testing.T) {
	ts := officialServer(t)
	b := browser.Shared(t)
	pages := map[string]string{}

	p := b.Open(t, ts.URL+"/lister/2015?lang=da")
	p.WaitUntil(t, `Number(document.getElementById("map").dataset.areasDrawn) > 0`)
	if n := p.Count(t, "#synthetic-banner"); n != 0 {
		t.Errorf("2015: %d synthetic banners on the real lists", n)
	}
	if src := p.Text(t, "#source-line"); !strings.Contains(src, "2010–2023") {
		t.Errorf("2015: source line %q", src)
	}
	if rows := p.Count(t, "#list-table tbody tr"); rows != 34 {
		t.Errorf("2015: %d rows, want the 34 of the published list (25 on it, 9 that left)", rows)
	}
	pages["counts 2015"] = p.Text(t, "#list-counts")
	pages["gellerup 2015"] = p.Text(t, `#list-table tr[data-area="gellerupparken-toveshoej"]`)
	var drawn, placed int
	p.Eval(t, `Number(document.getElementById("map").dataset.areasDrawn)`, &drawn)
	p.Eval(t, `document.querySelectorAll(".leaflet-overlay-pane path.area-placed").length`, &placed)
	if drawn != 25 || placed != 25 {
		t.Errorf("2015 map: %d areas drawn, %d placed at their municipality; want the 25 on the list, each placed", drawn, placed)
	}
	p.NoErrors(t)
	p.Screenshot(t, "official-list-2015")
	p.Close()

	p = b.Open(t, ts.URL+"/lister/2021?lang=da")
	p.WaitUntil(t, `Number(document.getElementById("map").dataset.areasDrawn) > 0`)
	pages["counts 2021"] = p.Text(t, "#list-counts")
	if rows := p.Count(t, "#list-table tbody tr"); rows != 14 {
		t.Errorf("2021: %d rows, want the 14 areas named", rows)
	}
	p.NoErrors(t)
	p.Screenshot(t, "official-list-2021")
	p.Close()

	p = b.Open(t, ts.URL+"/omraader/gellerupparken-toveshoej?year=2015&lang=da")
	if n := p.Count(t, "#timeline li"); n != 14 {
		t.Errorf("Gellerupparken/Toveshøj: %d years on the timeline, want 2010–2023", n)
	}
	pages["criteria 2015"] = p.Text(t, "#criteria")
	pages["timeline"] = p.Text(t, "#timeline")
	pages["sources"] = p.Text(t, "#sources")
	p.NoErrors(t)
	p.Screenshot(t, "official-area-gellerupparken-2015")
	p.Close()

	p = b.Open(t, ts.URL+"/?lang=da")
	p.WaitUntil(t, `document.querySelectorAll("canvas").length >= 1`)
	pages["table 1"] = p.Text(t, "#table1")
	p.NoErrors(t)
	p.Close()

	// What each page must say, from official/published (areas_2015.csv,
	// areas_2021.csv, counts.csv) and its README.
	for page, wants := range map[string][]string{
		"counts 2015":   {"ghettoområde (i dag: parallelsamfund): 25"},
		"gellerup 2015": {"Gellerupparken/Toveshøj", "Aarhus", "6.464"},
		"counts 2021":   {"udsat boligområde: 20 offentliggjort, 14 navngivet her", "parallelsamfund: 12", "omdannelsesområde: 10", "forebyggelsesområde: 62 offentliggjort, 0 navngivet her"},
		// The published values of 2015: 80.6 % non-Western, 51.9 % outside
		// the labour market, 4.43 % convicted.
		"criteria 2015": {"80,6", "51,9", "4,43"},
		"sources":       {"2015", "github.com", "2021"},
		// Each year under that year's names: ghettoområde to 2017, hårdt
		// ghettoområde 2018–2020, omdannelsesområde from 2021.
		"timeline": {"ghettoområde (i dag: parallelsamfund)", "hårdt ghettoområde", "omdannelsesområde"},
		"table 1":  {"2024 kun antal", "2015"},
	} {
		for _, want := range wants {
			if !strings.Contains(pages[page], want) {
				t.Errorf("%s lacks %q:\n%s", page, want, pages[page])
			}
		}
	}
}
