package web

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/export"
	"github.com/blandby/blandby/internal/htmltest"
)

// tagsOut is the text of an HTML fragment.
func tagsOut(s string) string {
	return html.UnescapeString(regexp.MustCompile(`\s+`).ReplaceAllString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(s, " "), " "))
}

// TestAreaPageAnswersFirst: without a browser, the area page of an area on
// the udsat and parallelsamfund lists opens with the verdict, before the
// timeline: the lists it is on, and for each what would take it off; the
// criteria table has a row per criterion of the explanation, and no
// monospace dump is left. Under ?year=2020 the verdict names the lists of
// that year's law (ghettoområde, hårdt ghettoområde).
func TestAreaPageAnswersFirst(t *testing.T) {
	f := testFixture(t)
	var all listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d", lastYear), &all)
	parallel, res := areaOf(t, f, all, blandby.Parallelsamfund)
	_, body, _ := f.do(t, "GET", "/omraader/"+parallel.AreaID+"?lang=da", nil)
	page := string(body)
	v, tl := strings.Index(page, `id="verdict"`), strings.Index(page, `id="timeline"`)
	if v < 0 || tl < 0 || v > tl {
		t.Fatalf("the verdict (at %d) does not come before the timeline (at %d)", v, tl)
	}
	summary := tagsOut(htmltest.Between(t, page, `id="verdict-summary">`, "</p>"))
	if want := fmt.Sprintf("På listerne for %d står %s som udsat boligområde og parallelsamfund.", lastYear, parallel.Name); summary != want {
		t.Errorf("verdict %q, want %q", summary, want)
	}
	for _, list := range []string{"udsat", "parallelsamfund"} {
		if block := tagsOut(htmltest.Between(t, page, `data-list="`+list+`">`, "</div>")); !strings.Contains(block, "på listen") || !strings.Contains(block, "Forlader listen, hvis") {
			t.Errorf("%s: the verdict does not say the area is on the list and what takes it off: %q", list, block)
		}
	}
	if n := strings.Count(htmltest.Between(t, page, `<table class="data" id="criteria">`, "</table>"), "<tr class="); n != len(res.Criteria) {
		t.Errorf("%d criteria rows, the explanation has %d", n, len(res.Criteria))
	}
	if strings.Contains(page, "<pre") {
		t.Error("the page still has a monospace dump")
	}

	_, body, _ = f.do(t, "GET", "/omraader/"+parallel.AreaID+"?lang=da&year=2020", nil)
	page = string(body)
	if h := tagsOut(htmltest.Between(t, page, `data-list="parallelsamfund">`, "</h3>")); !strings.HasPrefix(strings.TrimSpace(h), "ghettoområde (i dag: parallelsamfund)") {
		t.Errorf("2020: the parallelsamfund list reads %q", h)
	}
	if h := tagsOut(htmltest.Between(t, page, `data-list="omdannelse">`, "</h3>")); !strings.HasPrefix(strings.TrimSpace(h), "hårdt ghettoområde (i dag: omdannelsesområde)") {
		t.Errorf("2020: the omdannelse list reads %q", h)
	}
}

// areaOf returns the first area of the list whose most specific
// category is c and that is large enough for the lists, with its
// explanation of the list's year from the API.
func areaOf(t *testing.T, f *fixture, l listJSON, c blandby.Category) (export.Entry, *classify.Result) {
	t.Helper()
	for _, e := range l.Areas {
		if e.Category != c {
			continue
		}
		var a areaView
		f.getJSON(t, "/api/v1/areas/"+e.AreaID, &a)
		for _, h := range a.History {
			if h.Year == l.Year && h.Explanation != nil && h.Explanation.Size.Met {
				return e, h.Explanation
			}
		}
	}
	t.Fatalf("%d: no %s area with values", l.Year, c)
	return export.Entry{}, nil
}
