package web

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/blandby/blandby/internal/htmltest"
)

// danishNumber is a number written the Danish way: thousands separated by
// ".", decimals after ",".
var danishNumber = regexp.MustCompile(`^-?\d{1,3}(\.\d{3})*(,\d+)?$`)

// parseDanish reads a number written the Danish way.
func parseDanish(s string) (float64, bool) {
	if !danishNumber.MatchString(s) {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", "."), 64)
	return v, err == nil
}

var (
	canvasTag = regexp.MustCompile(`<canvas data-chart="([^"]+)"[^>]*>`)
	rowTag    = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	cellTag   = regexp.MustCompile(`(?s)<t([hd])[^>]*>(.*?)</t[hd]>`)
	anyTag    = regexp.MustCompile(`<[^>]+>`)
)

// TestChartTables: every chart of the overview and the monitor names a
// table of its numbers (aria-describedby) on the page, a <details> where no
// table of the page holds them already, and each number of the chart is in
// the table's row of its label, written the Danish way on a Danish page.
func TestChartTables(t *testing.T) {
	f := testFixture(t)
	for _, path := range []string{"/?lang=da", "/monitor?lang=da"} {
		_, body, _ := f.do(t, "GET", path, nil)
		page := string(body)
		canvases := canvasTag.FindAllStringSubmatch(page, -1)
		if len(canvases) < 2 {
			t.Fatalf("%s: %d charts", path, len(canvases))
		}
		for _, c := range canvases {
			chart, tag := c[1], c[0]
			m := regexp.MustCompile(`aria-describedby="([^"]+)"`).FindStringSubmatch(tag)
			if m == nil || !strings.Contains(tag, `role="img"`) || !strings.Contains(tag, `aria-label="`) {
				t.Errorf("%s %s: the chart %s names no table of its numbers, or is no labelled image", path, chart, tag)
				continue
			}
			table := htmltest.Between(t, page, fmt.Sprintf(`<table class="data" id="%s">`, m[1]), "</table>")
			if !strings.Contains(table, "<caption>") {
				t.Errorf("%s %s: the table %s has no caption", path, chart, m[1])
			}
			var data chartData
			if err := json.Unmarshal([]byte(htmltest.Between(t, page, fmt.Sprintf(`<script type="application/json" id="%s">`, chart), "</script>")), &data); err != nil {
				t.Fatalf("%s %s: %v", path, chart, err)
			}
			rows := map[string][]string{}
			for _, r := range rowTag.FindAllStringSubmatch(table, -1) {
				var cells []string
				for _, c := range cellTag.FindAllStringSubmatch(r[1], -1) {
					cells = append(cells, strings.TrimSpace(anyTag.ReplaceAllString(c[2], "")))
				}
				if len(cells) > 0 {
					rows[strings.Fields(cells[0] + " x")[0]] = cells[1:]
				}
			}
			for i, label := range data.Labels {
				cells, ok := rows[strings.Fields(label)[0]]
				if !ok {
					t.Errorf("%s %s: the table has no row %q", path, chart, label)
					continue
				}
				for _, ds := range data.Datasets {
					if ds.Data[i] == nil {
						continue
					}
					found := false
					for _, cell := range cells {
						if v, ok := parseDanish(strings.Fields(cell + " –")[0]); ok && math.Abs(v-*ds.Data[i]) < 0.05 {
							found = true
						}
					}
					if !found {
						t.Errorf("%s %s, %s: %s %v is not in the table's row %v (written the Danish way)", path, chart, label, ds.Label, *ds.Data[i], cells)
					}
				}
			}
		}
	}
}

// TestDanishNumbers: the overview, the rules and the monitor write no
// number the English way on a Danish page (a decimal point, "6.0"), and
// the rules say what a criterion's data years are relative to.
func TestDanishNumbers(t *testing.T) {
	f := testFixture(t)
	english := regexp.MustCompile(`\b\d+\.\d{1,2}\b`)
	for _, path := range []string{"/?lang=da", "/regler?lang=da", "/monitor?lang=da"} {
		_, body, _ := f.do(t, "GET", path, nil)
		main := htmltest.Between(t, string(body), "<main", "</main>")
		main = regexp.MustCompile(`(?s)<script.*?</script>`).ReplaceAllString(main, "")
		text := anyTag.ReplaceAllString(main, " ")
		text = regexp.MustCompile(`afsnit \d+\.\d+`).ReplaceAllString(text, "afsnit") // the strategy's sections
		if m := english.FindAllString(text, 5); m != nil {
			t.Errorf("%s: numbers written the English way: %v", path, m)
		}
		for _, v := range regexp.MustCompile(`value="([^"]*)"`).FindAllStringSubmatch(main, -1) {
			if english.MatchString(v[1]) {
				t.Errorf("%s: a field holds %q", path, v[1])
			}
		}
		if strings.HasPrefix(path, "/regler") && !strings.Contains(text, "2 og 1 år før listeåret") {
			t.Errorf("%s: the data years are not written relative to the list year", path)
		}
	}
}
