//go:build !race

package web

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/internal/browser"
)

// TestBrowserAreaVerdict: the area page answers first. In Danish and
// English, for a parallelsamfund area, a forebyggelse area and an area on
// no list, the page opens with the lists the area is on named as the
// year's law names them and what would take it off or put it on, with the
// margin in persons the explanation gives; the criteria are a table with
// the operator in words and met or not met in words; an udsat area's
// forebyggelse criteria say they do not count; each chart has its numbers
// as a table; a year's tile opens that year under that year's law and
// names. axe finds nothing on any of them, and nothing scrolls sideways.
func TestBrowserAreaVerdict(t *testing.T) {
	f := testFixture(t)
	b := browser.Shared(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	var all listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d", lastYear), &all)
	parallel, parallelRes := areaOf(t, f, all, blandby.Parallelsamfund)
	prevention, preventionRes := areaOf(t, f, all, blandby.Forebyggelse)
	none, noneRes := areaOf(t, f, all, blandby.None)
	rs, err := f.cat.ForListYear(lastYear)
	if err != nil {
		t.Fatal(err)
	}

	words := map[string]map[string]string{
		"da": {"on": "på listen", "leaves": "Forlader listen, hvis", "enters": "Kommer på listen, hvis", "excluded": "udelukket",
			"not counted": "Tæller ikke", "met": "opfyldt", "not met": "ikke opfyldt", "over": "overstiger", "no list": "står ikke på nogen liste for"},
		"en": {"on": "on the list", "leaves": "Would leave the list if", "enters": "Would come onto the list if", "excluded": "excluded",
			"not counted": "Does not count", "met": "met", "not met": "not met", "over": "exceeds", "no list": "is on no list for"},
	}
	for _, lang := range []string{"da", "en"} {
		t.Run(lang, func(t *testing.T) {
			w := words[lang]
			l := blandby.Lang(lang)

			p := b.Open(t, fmt.Sprintf("%s/omraader/%s?lang=%s", ts.URL, parallel.AreaID, lang))
			summary := p.Text(t, "#verdict-summary")
			for _, want := range []string{parallel.Name, "udsat boligområde", "parallelsamfund", fmt.Sprint(lastYear)} {
				if !strings.Contains(summary, want) {
					t.Errorf("parallelsamfund %s: the verdict %q does not name %q", parallel.AreaID, summary, want)
				}
			}
			udsat := p.Text(t, `.verdict-list[data-list="udsat"]`)
			if !strings.Contains(udsat, w["on"]) || !strings.Contains(udsat, w["leaves"]) {
				t.Errorf("parallelsamfund %s: the udsat verdict does not say it is on the list and what takes it off:\n%s", parallel.AreaID, udsat)
			}
			// Each met udsat criterion with a known population is one
			// of the ways off, with the explanation's margin in persons.
			for _, c := range parallelRes.Criteria {
				if !c.Met || !strings.HasPrefix(c.ID, "U") || c.Margin == nil || c.Margin.Persons == nil {
					continue
				}
				want := c.ID + " " + explain.FlipChange(rs, &c, l)
				if !strings.Contains(udsat, want) || !strings.Contains(want, explain.Int(*c.Margin.Persons, l)) {
					t.Errorf("parallelsamfund %s: the udsat verdict lacks %q:\n%s", parallel.AreaID, want, udsat)
				}
			}
			if fb := p.Text(t, `.verdict-list[data-list="forebyggelse"]`); !strings.Contains(fb, w["excluded"]) {
				t.Errorf("parallelsamfund %s: the forebyggelse verdict does not say the area is excluded:\n%s", parallel.AreaID, fb)
			}
			checkCriteriaTable(t, p, parallelRes, w)
			if n := p.Count(t, "#criteria tr[data-criterion^='F'] .excluded"); n == 0 {
				t.Errorf("parallelsamfund %s: no forebyggelse criterion says it does not count", parallel.AreaID)
			} else if got := p.Text(t, "#criteria tr[data-criterion^='F'] .excluded"); !strings.Contains(got, w["not counted"]) {
				t.Errorf("parallelsamfund %s: excluded criterion says %q", parallel.AreaID, got)
			}
			checkChartTables(t, p)
			p.Axe(t, "area parallelsamfund "+lang)
			noSideways(t, p)
			p.NoErrors(t)
			p.Screenshot(t, "area-verdict-"+lang)
			// The tile of 2020 opens that year under the law of 2018,
			// whose lists were ghettoområde and hårdt ghettoområde.
			p.Click(t, `#timeline a[href="?year=2020"]`)
			p.WaitUntil(t, `(document.getElementById("verdict-title") || {textContent: ""}).textContent.includes("2020")`)
			for list, want := range map[string]string{"parallelsamfund": "ghettoområde (", "omdannelse": "hårdt ghettoområde ("} {
				if h := p.Text(t, `.verdict-list[data-list="`+list+`"] h3`); !strings.HasPrefix(h, want) {
					t.Errorf("2020: the %s list is named %q, want the name of the time %q", list, h, want)
				}
			}
			if c := p.Text(t, "#criteria caption"); !strings.Contains(c, "2020") {
				t.Errorf("2020: the criteria table is of %q", c)
			}
			p.Axe(t, "area parallelsamfund 2020 "+lang)
			p.Close()

			p = b.Open(t, fmt.Sprintf("%s/omraader/%s?lang=%s", ts.URL, prevention.AreaID, lang))
			fb := p.Text(t, `.verdict-list[data-list="forebyggelse"]`)
			if !strings.Contains(p.Text(t, "#verdict-summary"), "forebyggelsesområde") || !strings.Contains(fb, w["leaves"]) || !strings.Contains(fb, "udsat boligområde") {
				t.Errorf("forebyggelse %s: the verdict does not say the area is on the list, and what takes it off (becoming udsat among it):\n%s", prevention.AreaID, fb)
			}
			if n := p.Count(t, "#criteria .excluded"); n != 0 {
				t.Errorf("forebyggelse %s: %d criteria said not to count", prevention.AreaID, n)
			}
			checkCriteriaTable(t, p, preventionRes, w)
			p.Axe(t, "area forebyggelse "+lang)
			noSideways(t, p)
			p.NoErrors(t)
			p.Close()

			p = b.Open(t, fmt.Sprintf("%s/omraader/%s?lang=%s", ts.URL, none.AreaID, lang))
			if s := p.Text(t, "#verdict-summary"); !strings.Contains(s, w["no list"]) {
				t.Errorf("no list %s: the verdict says %q", none.AreaID, s)
			}
			if u := p.Text(t, `.verdict-list[data-list="udsat"]`); !strings.Contains(u, w["enters"]) {
				t.Errorf("no list %s: the udsat verdict does not say what would put it on:\n%s", none.AreaID, u)
			}
			checkCriteriaTable(t, p, noneRes, w)
			p.Axe(t, "area none "+lang)
			noSideways(t, p)
			p.NoErrors(t)
			p.Close()
		})
	}
}

// checkCriteriaTable: a row per criterion, the operator in words and met
// or not met in words, not by colour alone.
func checkCriteriaTable(t *testing.T, p *browser.Page, r *classify.Result, w map[string]string) {
	t.Helper()
	if n := p.Count(t, "#criteria tbody tr"); n != len(r.Criteria) {
		t.Errorf("%s: %d criteria rows, the explanation has %d", r.Area.ID, n, len(r.Criteria))
	}
	for _, c := range r.Criteria {
		row := p.Text(t, fmt.Sprintf("#criteria tr[data-criterion=%q]", c.ID))
		status := p.Text(t, fmt.Sprintf("#criteria tr[data-criterion=%q] td.status", c.ID))
		want := w["not met"]
		if c.Met {
			want = w["met"]
		}
		if c.Missing {
			continue
		}
		if !strings.Contains(status, want) || (c.Met && strings.Contains(status, w["not met"])) {
			t.Errorf("%s %s: status %q, want %q", r.Area.ID, c.ID, status, want)
		}
		if c.Operator == ">" && !strings.Contains(row, w["over"]) {
			t.Errorf("%s %s: the threshold is not in words: %q", r.Area.ID, c.ID, row)
		}
	}
}

// checkChartTables: every chart has a table of its numbers, a row per
// year it draws.
func checkChartTables(t *testing.T, p *browser.Page) {
	t.Helper()
	charts := p.Count(t, "canvas[data-chart]")
	tables := p.Count(t, "details.chart-table table")
	if charts == 0 || tables != charts {
		t.Errorf("%d charts, %d tables of their numbers", charts, tables)
	}
	var ok bool
	p.Eval(t, `Array.from(document.querySelectorAll("canvas[data-chart]")).every(c => {
		const data = JSON.parse(document.getElementById(c.dataset.chart).textContent);
		const rows = c.closest("figure").querySelectorAll("details.chart-table tbody tr");
		return rows.length === data.labels.length && Array.from(rows).every((r, i) => r.querySelector("th").textContent === data.labels[i]);
	})`, &ok)
	if !ok {
		t.Error("a chart's table does not have a row for each year the chart draws")
	}
}

// TestBrowserAreaOfficial: an area of the real lists reads well: 2015 with
// its published values under the law of 2015 (a ghettoområde, the values
// in the table), and 2021, published without values, says so plainly. axe
// finds nothing, in Danish and English.
func TestBrowserAreaOfficial(t *testing.T) {
	ts := officialServer(t)
	b := browser.Shared(t)
	for _, lang := range []string{"da", "en"} {
		p := b.Open(t, ts.URL+"/omraader/gellerupparken-toveshoej?year=2015&lang="+lang)
		if s := p.Text(t, "#verdict-summary"); !strings.Contains(s, "ghettoområde") || !strings.Contains(s, "2015") {
			t.Errorf("%s 2015: verdict %q", lang, s)
		}
		if n := p.Count(t, "#criteria tbody tr"); n != 5 {
			t.Errorf("%s 2015: %d criteria, the law of 2015 has 5", lang, n)
		}
		if g := p.Text(t, `.verdict-list[data-list="parallelsamfund"]`); !strings.Contains(g, map[string]string{"da": "Forlader listen, hvis", "en": "Would leave the list if"}[lang]) {
			t.Errorf("%s 2015: the ghettoområde verdict does not say what takes it off:\n%s", lang, g)
		}
		p.Axe(t, "official area 2015 "+lang)
		noSideways(t, p)
		p.NoErrors(t)
		if lang == "da" {
			p.Screenshot(t, "area-verdict-official-2015-da")
		}
		p.Close()

		p = b.Open(t, ts.URL+"/omraader/gellerupparken-toveshoej?year=2021&lang="+lang)
		want := map[string]string{"da": "kun listen offentliggjort, ikke områdets værdier", "en": "only the list was published, not the area's values"}[lang]
		if s := p.Text(t, "#verdict-summary"); !strings.Contains(s, want) || !strings.Contains(s, "omdannelsesområde") {
			t.Errorf("%s 2021: verdict %q, want it to name the list and say %q", lang, s, want)
		}
		if n := p.Count(t, "#criteria"); n != 0 {
			t.Errorf("%s 2021: a criteria table without values", lang)
		}
		p.Axe(t, "official area 2021 "+lang)
		noSideways(t, p)
		p.NoErrors(t)
		if lang == "da" {
			p.Screenshot(t, "area-verdict-official-2021-da")
		}
		p.Close()
	}
}
