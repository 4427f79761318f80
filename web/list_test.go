package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/export"
	"github.com/blandby/blandby/internal/htmltest"
)

var (
	rowArea    = regexp.MustCompile(`<tr data-area="([^"]+)"`)
	changeArea = regexp.MustCompile(`<li data-area="([^"]+)"`)
	hrefRe     = regexp.MustCompile(`href="(/api/v1/lists/[^"]+/download[^"]*)"`)
)

// listPageAreas serves a list page and returns its status, body and the
// areas of its table.
func listPageAreas(t *testing.T, f *fixture, path string) (int, string, []string) {
	t.Helper()
	code, body, _ := f.do(t, "GET", path, nil)
	page := string(body)
	var ids []string
	if code == 200 || code == 400 {
		table := htmltest.Between(t, page, `<table class="data sortable" id="list-table">`, `</table>`)
		for _, m := range rowArea.FindAllStringSubmatch(table, -1) {
			ids = append(ids, m[1])
		}
	}
	return code, page, ids
}

// apiAreas returns the area ids the list API gives for a query.
func apiAreas(t *testing.T, f *fixture, year int, query string) []string {
	t.Helper()
	var l listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d?%s", year, query), &l)
	ids := []string{}
	for _, a := range l.Areas {
		ids = append(ids, a.AreaID)
	}
	return ids
}

// TestListSearch: the list page finds areas by their name, their
// municipality or one of their departments, as typed in any case; the
// search is in the URL, stays in the field, and the page says how many of
// the list's areas it shows. The API answers the same areas.
func TestListSearch(t *testing.T) {
	f := testFixture(t)
	ctx := context.Background()
	var all listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d", lastYear), &all)
	deps, err := f.st.Departments(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	// A department of an area whose name does not give the department's.
	dep := deps[len(deps)/2]
	named := all.Areas[len(all.Areas)/3]
	muni := all.Areas[len(all.Areas)/4].Municipality
	for _, tt := range []struct {
		what, q string
		// want reports whether an area of the list is to be found.
		want func(a listArea) bool
	}{
		{"area name", strings.ToUpper(named.Name[1 : len(named.Name)-1]), func(a listArea) bool {
			return strings.Contains(strings.ToLower(a.Name), strings.ToLower(named.Name[1:len(named.Name)-1]))
		}},
		{"municipality", strings.ToLower(muni), func(a listArea) bool {
			return strings.Contains(strings.ToLower(a.Municipality), strings.ToLower(muni)) || strings.Contains(strings.ToLower(a.Name), strings.ToLower(muni))
		}},
		{"department", "  " + dep.Name + " ", func(a listArea) bool {
			for _, d := range deps {
				if d.AreaID == a.AreaID && strings.Contains(strings.ToLower(d.Name), strings.ToLower(dep.Name)) {
					return true
				}
			}
			return false
		}},
	} {
		t.Run(tt.what, func(t *testing.T) {
			var want []string
			for _, a := range all.Areas {
				if tt.want(listArea{AreaID: a.AreaID, Name: a.Name, Municipality: a.Municipality}) {
					want = append(want, a.AreaID)
				}
			}
			if len(want) == 0 || len(want) == len(all.Areas) {
				t.Fatalf("the search %q should find some of the %d areas: %d", tt.q, len(all.Areas), len(want))
			}
			query := "q=" + url.QueryEscape(tt.q)
			code, page, got := listPageAreas(t, f, fmt.Sprintf("/lister/%d?%s", lastYear, query))
			if code != 200 || !slices.Equal(got, want) {
				t.Errorf("%q: %d, table %v, want %v", tt.q, code, got, want)
			}
			if api := apiAreas(t, f, lastYear, query); !slices.Equal(api, want) {
				t.Errorf("API %q: %v, want %v", tt.q, api, want)
			}
			if field := `value="` + html.EscapeString(strings.TrimSpace(tt.q)) + `"`; !strings.Contains(page, field) {
				t.Errorf("the search field does not keep %s", field)
			}
			count := fmt.Sprintf("%d af %d områder", len(want), len(all.Areas))
			if len(want) == 1 {
				count = fmt.Sprintf("1 af %d områder", len(all.Areas))
			}
			if c := htmltest.Between(t, page, `<p class="count" id="list-count" role="status">`, `</p>`); c != count {
				t.Errorf("count %q, want %q", c, count)
			}
		})
	}
	// Without a filter the count is the list's.
	_, page, _ := listPageAreas(t, f, fmt.Sprintf("/lister/%d", lastYear))
	if c := htmltest.Between(t, page, `<p class="count" id="list-count" role="status">`, `</p>`); c != fmt.Sprintf("%d områder", len(all.Areas)) {
		t.Errorf("count %q", c)
	}
	// A search too long to run is said beside the field, which keeps it.
	long := strings.Repeat("å", maxQuery+1)
	code, page, rows := listPageAreas(t, f, fmt.Sprintf("/lister/%d?category=listed&q=%s", lastYear, url.QueryEscape(long)))
	if code != 400 || !strings.Contains(page, `aria-describedby="filter-q-hint filter-q-error" aria-invalid="true"`) ||
		!strings.Contains(page, `<span class="error" id="filter-q-error">Søgningen må højst være 100 tegn.</span>`) ||
		!strings.Contains(page, `value="`+long+`"`) || len(rows) != len(apiAreas(t, f, lastYear, "category=listed")) {
		t.Errorf("a search of %d characters: %d, %d rows\n%s", maxQuery+1, code, len(rows), htmltest.Between(t, page, `<form class="filters"`, `</form>`))
	}
	code, body, _ := f.do(t, "GET", fmt.Sprintf("/api/v1/lists/%d?q=%s", lastYear, url.QueryEscape(long)), nil)
	wantAPIError(t, "API search too long", code, body, 400, "invalid")
}

type listArea struct{ AreaID, Name, Municipality string }

// TestListChanges: the list page names, for each list, the areas on it
// that were not on it in the previous year's list as the store holds it,
// and those that were and are not; a municipality filter narrows them to
// its areas.
func TestListChanges(t *testing.T) {
	f := testFixture(t)
	ctx := context.Background()
	for _, year := range []int{lastYear, 2021} {
		cur, err := f.st.Publication(ctx, year, 0)
		if err != nil {
			t.Fatal(err)
		}
		prev, err := f.st.Publication(ctx, year-1, 0)
		if err != nil {
			t.Fatal(err)
		}
		was, is := map[string]blandby.Category{}, map[string]blandby.Category{}
		for _, e := range prev.Entries {
			was[e.AreaID] = e.Category
		}
		for _, e := range cur.Entries {
			is[e.AreaID] = e.Category
		}
		var all, before listJSON
		f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d", year), &all)
		f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d", year-1), &before)
		muniOf := map[string]blandby.MunicipalityCode{}
		for _, a := range all.Areas {
			muniOf[a.AreaID] = a.MunicipalityCode
		}
		someMuni := all.Areas[0].MunicipalityCode
		for _, query := range []string{"", fmt.Sprintf("?municipality=%d", someMuni)} {
			_, body, _ := f.do(t, "GET", fmt.Sprintf("/lister/%d%s", year, query), nil)
			page := string(body)
			if !strings.Contains(page, fmt.Sprintf(`<h2 id="list-changes-title">Nye og udgåede siden listen %d</h2>`, year-1)) {
				t.Fatalf("%d%s: no changes since %d", year, query, year-1)
			}
			table := htmltest.Between(t, page, `<table class="data" id="changes-table">`, `</table>`)
			total := 0
			for _, c := range all.Lists {
				row := htmltest.Between(t, table, `<tr data-category="`+string(c.Category)+`">`, `</tr>`)
				if !slices.ContainsFunc(before.Lists, func(b listName) bool { return b.Category == c.Category }) {
					if !strings.Contains(row, fmt.Sprintf("Listen fandtes ikke i %d.", year-1)) {
						t.Errorf("%d %s: a list new this year is not said to be new: %s", year, c.Category, row)
					}
					continue
				}
				var entered, left []string
				for _, e := range cur.Entries {
					if e.Category.On(c.Category) && !was[e.AreaID].On(c.Category) && (query == "" || muniOf[e.AreaID] == someMuni) {
						entered = append(entered, e.AreaID)
					}
				}
				for _, e := range prev.Entries {
					if e.Category.On(c.Category) && !is[e.AreaID].On(c.Category) && (query == "" || muniOf[e.AreaID] == someMuni) {
						left = append(left, e.AreaID)
					}
				}
				for _, side := range []struct {
					name string
					want []string
				}{{"entered", entered}, {"left", left}} {
					cell := htmltest.Between(t, row, `<td class="`+side.name+`">`, `</td>`)
					var got []string
					for _, m := range changeArea.FindAllStringSubmatch(cell, -1) {
						got = append(got, m[1])
					}
					slices.Sort(got)
					slices.Sort(side.want)
					if !slices.Equal(got, side.want) {
						t.Errorf("%d%s %s %s: %v, want %v", year, query, c.Category, side.name, got, side.want)
					}
					total += len(side.want)
				}
			}
			if query == "" && total == 0 {
				t.Errorf("%d: no area entered or left any list since %d: the test shows nothing", year, year-1)
			}
		}
	}
	// The first year has nothing to compare with.
	if _, body, _ := f.do(t, "GET", fmt.Sprintf("/lister/%d", firstYear), nil); strings.Contains(string(body), `id="list-changes"`) {
		t.Errorf("%d: changes since a year before the first", firstYear)
	}
}

// TestListDownloadFilters: the list page's downloads carry its filters,
// and a download holds the areas the filters keep, no more: the CSV and
// the Excel file the same areas with the same values.
func TestListDownloadFilters(t *testing.T) {
	f := testFixture(t)
	var listed listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d?category=listed", lastYear), &listed)
	muni := listed.Areas[0].MunicipalityCode
	query := fmt.Sprintf("category=listed&municipality=%d", muni)
	want := apiAreas(t, f, lastYear, query)
	if len(want) == 0 || len(want) == len(listed.Areas) {
		t.Fatalf("the filter keeps %d of %d areas", len(want), len(listed.Areas))
	}
	_, body, _ := f.do(t, "GET", fmt.Sprintf("/lister/%d?%s", lastYear, query), nil)
	links := map[string]string{}
	for _, m := range hrefRe.FindAllStringSubmatch(string(body), -1) {
		u, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		links[u.Query().Get("format")] = u.String()
		if u.Query().Get("category") != "listed" || u.Query().Get("municipality") != fmt.Sprint(muni) {
			t.Errorf("download link %s does not carry the filters", u)
		}
	}
	if len(links) != len(export.Formats) {
		t.Fatalf("download links %v", links)
	}
	if !strings.Contains(string(body), `data-areas="/api/v1/lists/`) || !strings.Contains(string(body), fmt.Sprintf(`&amp;category=listed&amp;municipality=%d"`, muni)) {
		t.Errorf("the map's areas do not carry the filters")
	}

	code, csvBody, h := f.do(t, "GET", links["csv"], nil)
	if code != 200 || !strings.Contains(h.Get("Content-Disposition"), "-udsnit.csv") {
		t.Fatalf("CSV: %d %s", code, h.Get("Content-Disposition"))
	}
	recs, err := csv.NewReader(bytes.NewReader(csvBody)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := recs[0]
	byID := map[string][]string{}
	var csvIDs []string
	for _, r := range recs[1:] {
		byID[r[1]] = r
		csvIDs = append(csvIDs, r[1])
	}
	if !slices.Equal(csvIDs, want) {
		t.Errorf("CSV areas %v, want %v", csvIDs, want)
	}
	code, xlsx, _ := f.do(t, "GET", links["xlsx"], nil)
	if code != 200 {
		t.Fatalf("Excel: %d", code)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	sheet, err := wb.GetRows(export.AllSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	// The Excel columns and the CSV columns that carry them: the
	// municipality, the residents and each criterion's value.
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	xcol := map[string]string{"Område-id": "area_id", "Områdenavn": "area_name", "Kommune": "municipality", "Beboere": "residents"}
	var xIDs []string
	for _, line := range sheet[1:] {
		xIDs = append(xIDs, line[0])
		r := byID[line[0]]
		for i, xh := range sheet[0] {
			name, ok := xcol[xh]
			if !ok && xh != "Kategori" && xh != "Opfyldte kriterier" {
				name, _, _ = strings.Cut(xh, " ") // "U1 > 40,00 %": U1
			}
			j, ok := col[name]
			if name == "" || !ok {
				continue
			}
			if r == nil || i >= len(line) || r[j] != line[i] {
				t.Errorf("%s %s: CSV %q, Excel %q", line[0], xh, r, line)
			}
		}
	}
	if !slices.Equal(xIDs, want) {
		t.Errorf("Excel areas %v, want %v", xIDs, want)
	}
	for _, h := range sheet[0] {
		name, ok := xcol[h]
		if !ok {
			name, _, _ = strings.Cut(h, " ")
		}
		if _, inCSV := col[name]; !inCSV && h != "Kategori" && h != "Opfyldte kriterier" {
			t.Errorf("the Excel column %q is not in the CSV %q", h, header)
		}
	}
	// The map's GeoJSON holds the areas the filters keep too.
	var gj struct {
		Features []struct {
			Properties struct {
				AreaID string `json:"area_id"`
			} `json:"properties"`
		} `json:"features"`
	}
	f.getJSON(t, html.UnescapeString(links["geojson"]), &gj)
	if len(gj.Features) != len(want) {
		t.Errorf("GeoJSON: %d areas, want %d", len(gj.Features), len(want))
	}
	// Without filters the download is the whole list.
	code, whole, h := f.do(t, "GET", fmt.Sprintf("/api/v1/lists/%d/download?format=csv", lastYear), nil)
	if n := bytes.Count(whole, []byte("\n")) - 1; code != 200 || n != len(apiAreas(t, f, lastYear, "")) || strings.Contains(h.Get("Content-Disposition"), "udsnit") {
		t.Errorf("the whole list: %d, %d areas, %s", code, n, h.Get("Content-Disposition"))
	}
}
