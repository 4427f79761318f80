package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/xuri/excelize/v2"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/geo"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/store"
)

// TestJSON: the JSON parses, holds the record and every area, and each
// explanation is the stored JSON byte for byte.
func TestJSON(t *testing.T) {
	pub, areas, rs, out := computed2022(t)
	data := write(t, JSON, pub, areas, rs)
	var got struct {
		Year          int           `json:"year"`
		Revision      int           `json:"revision"`
		Kind          string        `json:"kind"`
		RuleSet       string        `json:"rule_set"`
		PublishedAt   string        `json:"published_at"`
		PublishedBy   string        `json:"published_by"`
		Reason        *string       `json:"reason"`
		ContentSHA256 string        `json:"content_sha256"`
		Inputs        []store.Input `json:"inputs"`
		Lists         []struct {
			Category blandby.Category `json:"category"`
			Count    int              `json:"count"`
		} `json:"lists"`
		Areas []struct {
			AreaID       string             `json:"area_id"`
			AreaName     string             `json:"area_name"`
			Municipality string             `json:"municipality"`
			Category     blandby.Category   `json:"category"`
			Lists        []blandby.Category `json:"lists"`
			Explanation  json.RawMessage    `json:"explanation"`
		} `json:"areas"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if got.Year != 2022 || got.Revision != 1 || got.Kind != "computed" || got.RuleSet != "2021-11-30" ||
		got.PublishedAt != "2022-12-01T09:30:00Z" || got.PublishedBy != "Bolig- og Planstyrelsen" || got.Reason == nil ||
		got.ContentSHA256 != pub.ContentSHA256 || !slices.Equal(got.Inputs, pub.Inputs) {
		t.Errorf("record %+v", got)
	}
	for _, l := range got.Lists {
		if l.Count != out.Count(l.Category) {
			t.Errorf("list %s: count %d, want %d", l.Category, l.Count, out.Count(l.Category))
		}
	}
	if len(got.Areas) != len(pub.Entries) {
		t.Fatalf("%d areas, want %d", len(got.Areas), len(pub.Entries))
	}
	for i, a := range got.Areas {
		e, r := pub.Entries[i], out.Results[i]
		if a.AreaID != e.AreaID || a.Category != e.Category || a.AreaName != r.Area.Name || a.Municipality != r.Area.Municipality || !slices.Equal(a.Lists, r.On) && len(r.On) > 0 {
			t.Errorf("area %d: %+v", i, a)
		}
		if !bytes.Equal(a.Explanation, e.Explanation) || !bytes.Contains(data, e.Explanation) {
			t.Errorf("area %s: the explanation is not the stored one", a.AreaID)
		}
	}
	// An imported list has null explanations and lists from the nesting.
	ipub, iareas, irs := imported(t, 2019)
	idata := write(t, JSON, ipub, iareas, irs)
	if err := json.Unmarshal(idata, &got); err != nil {
		t.Fatal(err)
	}
	if got.Kind != "imported" || string(got.Areas[0].Explanation) != "null" || !slices.Equal(got.Areas[0].Lists, []blandby.Category{blandby.Omdannelse, blandby.Parallelsamfund, blandby.Udsat}) ||
		got.Areas[0].Municipality != "København" || got.Areas[1].Lists == nil {
		t.Errorf("imported: %+v", got.Areas)
	}
	// No entries is still a valid document.
	ipub.Entries = nil
	if empty := write(t, JSON, ipub, nil, irs); !json.Valid(empty) || !bytes.Contains(empty, []byte(`"areas": []`)) {
		t.Errorf("empty:\n%s", empty)
	}
}

// TestGeoJSON: the GeoJSON parses with orb/geojson; one feature per area on
// a list, with its polygon, or, without one, a point inside its
// municipality marked placed "municipality" (never an invented polygon).
func TestGeoJSON(t *testing.T) {
	pub, areas, rs, out := computed2022(t)
	for i := range areas {
		if areas[i].ID == out.Results[0].Area.ID || areas[i].ID == out.Results[len(out.Results)-1].Area.ID {
			areas[i].Geometry, areas[i].MunicipalityCode = nil, 751 // Aarhus
		}
	}
	fc, err := geojson.UnmarshalFeatureCollection(write(t, GeoJSON, pub, areas, rs))
	if err != nil {
		t.Fatal(err)
	}
	var on []string
	for _, r := range out.Results {
		if r.Category != blandby.None {
			on = append(on, r.Area.ID)
		}
	}
	if len(fc.Features) != len(on) {
		t.Fatalf("%d features, %d areas on a list", len(fc.Features), len(on))
	}
	placed := 0
	geom := map[string]bool{}
	for _, a := range areas {
		geom[a.ID] = a.Geometry != nil
	}
	for i, f := range fc.Features {
		p := f.Properties
		id := p.MustString("area_id", "")
		if id != on[i] || p.MustString("category", "") == "none" || p.MustFloat64("year", 0) != 2022 || p.MustFloat64("revision", 0) != 1 ||
			p.MustFloat64("municipality_code", 0) == 0 || p.MustString("area_name", "") == "" || p.MustString("category_name", "") == "" {
			t.Errorf("feature %d: %v", i, p)
		}
		if geom[id] {
			if _, isPoly := f.Geometry.(orb.Polygon); !isPoly || p.MustString("placed", "") != "" {
				t.Errorf("%s: geometry %v (placed %q), want its polygon", id, f.Geometry, p.MustString("placed", ""))
			}
			continue
		}
		code := blandby.MunicipalityCode(p.MustFloat64("municipality_code", 0))
		if _, real := geo.Municipality(code); !real {
			if f.Geometry != nil {
				t.Errorf("%s in an unknown municipality %d: geometry %v, want none", id, code, f.Geometry)
			}
			continue
		}
		placed++
		pt, isPoint := f.Geometry.(orb.Point)
		at, inside := geo.MunicipalityAt(pt)
		if !isPoint || !inside || float64(at) != p.MustFloat64("municipality_code", 0) || p.MustString("placed", "") != "municipality" {
			t.Errorf("%s without a polygon: geometry %v in %d (%v), placed %q: want a point in municipality %v", id, f.Geometry, at, inside, p.MustString("placed", ""), p["municipality_code"])
		}
	}
	if placed == 0 {
		t.Error("no area placed at its municipality: the test proves nothing")
	}
	if fc.ExtraMembers["year"] != 2022.0 || fc.ExtraMembers["rule_set"] != "2021-11-30" {
		t.Errorf("members %v", fc.ExtraMembers)
	}
	if _, ok := fc.ExtraMembers["attribution"]; ok {
		t.Error("an attribution without DAGI data")
	}
	// Imported: the omdannelse area with its polygon; the area on no list
	// is left out.
	ipub, iareas, irs := imported(t, 2019)
	ifc, err := geojson.UnmarshalFeatureCollection(write(t, GeoJSON, ipub, iareas, irs))
	if err != nil {
		t.Fatal(err)
	}
	if len(ifc.Features) != 1 || ifc.Features[0].Properties["category_name"] != "hårdt ghettoområde" || ifc.Features[0].Geometry == nil {
		t.Errorf("imported: %+v", ifc.Features)
	}
	// A stored geometry that is not JSON is an error.
	areas[0].Geometry = json.RawMessage(`{"type":`)
	if err := Write(&bytes.Buffer{}, GeoJSON, pub, areas, rs); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("bad geometry: %v", err)
	}
}

func openXLSX(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cellValue(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func numFmt(t *testing.T, f *excelize.File, sheet, cell string) int {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return s.NumFmt
}

// TestXLSX opens the workbook of the computed 2022 list again and checks
// its sheets and cells.
func TestXLSX(t *testing.T) {
	pub, areas, rs, out := computed2022(t)
	data := write(t, XLSX, pub, areas, rs)
	f := openXLSX(t, data)
	want := []string{"Om listen", "udsat boligområde", "parallelsamfund", "omdannelsesområde", "forebyggelsesområde", "Alle områder"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	// Om listen.
	rows, err := f.GetRows("Om listen")
	if err != nil {
		t.Fatal(err)
	}
	about := map[string]string{}
	for _, r := range rows {
		if len(r) >= 2 {
			about[r[0]] = r[1]
		}
	}
	for k, v := range map[string]string{
		"År": "2022", "Revision": "1", "Offentliggjort (UTC)": "2022-12-01T09:30:00Z", "Offentliggjort af": "Bolig- og Planstyrelsen",
		"Indholdets SHA-256": pub.ContentSHA256, "indicators-2022.csv": "indicators", "udsat boligområde": "3", "omdannelsesområde": "1",
		"U2": rs.Criteria[1].Label.DA,
	} {
		if about[k] != v {
			t.Errorf("Om listen: %s = %q, want %q", k, about[k], v)
		}
	}
	if !slices.ContainsFunc(rows, func(r []string) bool { return len(r) == 3 && r[2] == pub.Inputs[0].SHA256 }) {
		t.Error("Om listen has no input file hash")
	}
	if !bytes.Contains(data, []byte("Regelsæt 2021-11-30")) && about["Regelsæt"] != "2021-11-30: "+rs.Title.DA {
		t.Errorf("Regelsæt = %q", about["Regelsæt"])
	}
	// The udsat sheet: header, the three udsat areas in entry order.
	sh := "udsat boligområde"
	header, err := f.GetRows(sh)
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"Område-id", "Områdenavn", "Kommune", "Kategori", "Opfyldte kriterier", "Beboere"}
	for _, c := range rs.Criteria {
		wantHeader = append(wantHeader, c.ID)
	}
	if len(header[0]) != len(wantHeader) {
		t.Fatalf("header %q", header[0])
	}
	for i, h := range wantHeader {
		if h != header[0][i] && !(i >= 6 && len(header[0][i]) > len(h) && header[0][i][:len(h)+1] == h+" ") {
			t.Errorf("header %d = %q, want %q", i, header[0][i], h)
		}
	}
	if header[0][6] != "U1 > 40,00 %" || header[0][7] != "U2 ≥ 3 × landsgennemsnittet" {
		t.Errorf("criterion headers %q", header[0][6:8])
	}
	var ids []string
	for _, r := range header[1:] {
		ids = append(ids, r[0])
	}
	if !slices.Equal(ids, []string{"omd-1", "par-1", "uds-1"}) {
		t.Errorf("udsat sheet areas %v", ids)
	}
	// omd-1's row: names, category as named then, criteria, values.
	r := out.Results[0]
	if got := []string{cellValue(t, f, sh, "B2"), cellValue(t, f, sh, "C2"), cellValue(t, f, sh, "D2"), cellValue(t, f, sh, "E2")}; !slices.Equal(got,
		[]string{"Omdannelsesparken", "Fiktivstrup", "omdannelsesområde", "U1, U2, U4, P1, F0, F1, F2, F4"}) {
		t.Errorf("omd-1 row %q", got)
	}
	if v := cellValue(t, f, sh, "F2"); v != strconv.FormatInt(r.Residents, 10) || numFmt(t, f, sh, "F2") != numFmtThousands {
		t.Errorf("Beboere = %q", v)
	}
	for k, c := range rs.Criteria {
		ref, _ := excelize.CoordinatesToCellName(7+k, 2)
		cr, _ := r.Criterion(c.ID)
		v := cellValue(t, f, sh, ref)
		if cr.Value == nil {
			if v != "" {
				t.Errorf("%s: %q for a missing value", c.ID, v)
			}
			continue
		}
		num, err := strconv.ParseFloat(v, 64)
		if err != nil || math.Abs(num-cr.Value.Float64()) > 1e-12 {
			t.Errorf("%s = %q, want %v", c.ID, v, cr.Value.Float64())
		}
		wantFmt := numFmtPercent2
		if c.ID == "U2" || c.ID == "F2" {
			wantFmt = numFmtDecimal2 // multiples of the national share
		}
		if got := numFmt(t, f, sh, ref); got != wantFmt {
			t.Errorf("%s: number format %d, want %d", c.ID, got, wantFmt)
		}
	}
	// The formatted value shows a percentage.
	if v, _ := f.GetCellValue(sh, "G2"); v != "45.00%" {
		t.Errorf("U1 shown as %q", v)
	}
	// Alle områder has every area, the ones on no list as "ingen liste".
	all, _ := f.GetRows("Alle områder")
	if len(all) != 1+len(pub.Entries) || all[len(all)-1][0] != "lille-1" || all[len(all)-1][3] != "ingen liste" {
		t.Errorf("Alle områder: %q", all)
	}
	props, err := f.GetDocProps()
	if err != nil || props.Created != "2022-12-01T09:30:00Z" || props.Modified != props.Created || props.Creator != "blandby" {
		t.Errorf("doc props %+v, %v", props, err)
	}
}

// TestXLSXImported: the sheets are the lists of the year as then named, and
// an imported list has no criterion columns.
func TestXLSXImported(t *testing.T) {
	for _, tt := range []struct {
		year   int
		sheets []string
	}{
		{2017, []string{"Om listen", "ghettoområde", "Alle områder"}},
		{2019, []string{"Om listen", "udsat boligområde", "ghettoområde", "hårdt ghettoområde", "Alle områder"}},
	} {
		pub, areas, rs := imported(t, tt.year)
		f := openXLSX(t, write(t, XLSX, pub, areas, rs))
		if got := f.GetSheetList(); !slices.Equal(got, tt.sheets) {
			t.Errorf("%d: sheets %q, want %q", tt.year, got, tt.sheets)
			continue
		}
		rows, _ := f.GetRows(tt.sheets[1])
		if len(rows) != 2 || len(rows[0]) != 5 || !slices.Equal(rows[1], []string{"omd-1", "Gamle Omdannelsesparken", "København", rs.Lists[len(rs.Lists)-1].Name.DA}) {
			t.Errorf("%d: %s: %q", tt.year, tt.sheets[1], rows)
		}
	}
}

func TestSheetName(t *testing.T) {
	for in, want := range map[string]string{
		"ghettoområde":    "ghettoområde",
		"a/b\\c[d]e:f*g?": "a-b-c-d-e-f-g-",
		"'citeret'":       "citeret",
		"":                "Liste",
		"udsatte boligområder med en meget lang betegnelse": "udsatte boligområder med en meg",
	} {
		if got := SheetName(in); got != want {
			t.Errorf("SheetName(%q) = %q, want %q", in, got, want)
		}
	}
	x := &xlsxWriter{used: map[string]bool{"alle områder": true}}
	if got := x.unique("Alle områder"); got != "Alle områder (2)" {
		t.Errorf("unique = %q", got)
	}
	long := "udsatte boligområder med en meg"
	x.used[long] = true
	if got := x.unique(long); got != "udsatte boligområder med en (2)" || len([]rune(got)) != 31 {
		t.Errorf("unique = %q", got)
	}
}

// readCSV parses a CSV export into its header and rows by area id.
func readCSV(t *testing.T, data []byte) ([]string, map[string]map[string]string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]map[string]string{}
	for _, rec := range recs[1:] {
		r := map[string]string{}
		for i, h := range recs[0] {
			r[h] = rec[i]
		}
		rows[r["area_id"]] = r
	}
	return recs[0], rows
}

// TestCSVCarriesTheExcelColumns: whoever downloads the CSV gets what the
// Excel file's "Alle områder" sheet shows of every area — its name,
// municipality, criteria met and, for a computed list, residents and each
// criterion's value — with the same values.
func TestCSVCarriesTheExcelColumns(t *testing.T) {
	pub22, areas22, rs22, _ := computed2022(t)
	pub21, areas21, rs21 := imported(t, 2021)
	for _, tt := range []struct {
		name  string
		pub   *store.Publication
		areas []store.Area
		rs    *law.RuleSet
	}{{"computed 2022", pub22, areas22, rs22}, {"imported 2021", pub21, areas21, rs21}} {
		t.Run(tt.name, func(t *testing.T) {
			header, rows := readCSV(t, write(t, CSV, tt.pub, tt.areas, tt.rs))
			f := openXLSX(t, write(t, XLSX, tt.pub, tt.areas, tt.rs))
			sheet, err := f.GetRows(AllSheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			// Each Excel column and the CSV column that carries it.
			columns := map[string]string{"Område-id": "area_id", "Områdenavn": "area_name", "Kommune": "municipality",
				"Opfyldte kriterier": "criteria_met", "Beboere": "residents", "Kategori": "category"}
			for _, c := range tt.rs.Criteria {
				columns[c.ID+" "+explain.Threshold(c, blandby.Danish)] = c.ID
			}
			if tt.pub.Kind == "computed" && len(sheet[0]) != 6+len(tt.rs.Criteria) {
				t.Fatalf("Excel header %q: want residents and %d criteria", sheet[0], len(tt.rs.Criteria))
			}
			for _, h := range sheet[0] {
				if col, ok := columns[h]; !ok || !slices.Contains(header, col) {
					t.Errorf("the Excel column %q is not in the CSV (header %q)", h, header)
				}
			}
			if len(sheet)-1 != len(rows) {
				t.Fatalf("Excel %d areas, CSV %d", len(sheet)-1, len(rows))
			}
			for _, line := range sheet[1:] {
				r := rows[line[0]]
				for i, h := range sheet[0] {
					want := ""
					if i < len(line) {
						want = line[i]
					}
					got := r[columns[h]]
					switch h {
					case "Kategori":
						c := blandby.Category(got)
						got = c.Label(blandby.Danish)
						if l, ok := tt.rs.List(c); ok {
							got = l.Name.DA
						}
					case "Opfyldte kriterier":
						got = strings.ReplaceAll(got, ";", ", ")
					}
					if got != want {
						t.Errorf("%s %s: CSV %q, Excel %q", line[0], h, got, want)
					}
				}
			}
		})
	}
}

// TestSelection: a selection writes only the areas it keeps, in every
// format, and the JSON and the Excel file say which part they hold and
// count only it.
func TestSelection(t *testing.T) {
	pub, areas, rs, _ := computed2022(t)
	sel := Selection{Keep: func(id string) bool { return id == "par-1" || id == "ing-1" }, Description: "kommune: Prøveby"}
	out := func(f Format) []byte {
		var buf bytes.Buffer
		if err := WriteSelection(&buf, f, pub, areas, rs, sel); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	if _, rows := readCSV(t, out(CSV)); len(rows) != 2 || rows["par-1"] == nil || rows["ing-1"] == nil {
		t.Errorf("CSV holds %v", slices.Collect(maps.Keys(rows)))
	}
	f := openXLSX(t, out(XLSX))
	if all, _ := f.GetRows(AllSheet); len(all) != 3 {
		t.Errorf("Alle områder: %q", all)
	}
	about, _ := f.GetRows(AboutSheet)
	if !slices.ContainsFunc(about, func(r []string) bool {
		return len(r) > 1 && r[0] == "Udsnit" && strings.HasPrefix(r[1], "kommune: Prøveby")
	}) {
		t.Errorf("Om listen does not name the selection: %q", about)
	}
	var j struct {
		Selection string `json:"selection"`
		Lists     []struct {
			Category blandby.Category `json:"category"`
			Count    int              `json:"count"`
		} `json:"lists"`
		Areas []json.RawMessage `json:"areas"`
	}
	if err := json.Unmarshal(out(JSON), &j); err != nil {
		t.Fatal(err)
	}
	if j.Selection != sel.Description || len(j.Areas) != 2 || j.Lists[0].Category != blandby.Udsat || j.Lists[0].Count != 1 {
		t.Errorf("JSON: selection %q, %d areas, lists %+v", j.Selection, len(j.Areas), j.Lists)
	}
	var g struct{ Features []json.RawMessage }
	if err := json.Unmarshal(out(GeoJSON), &g); err != nil || len(g.Features) != 1 {
		t.Errorf("GeoJSON: %d features (%v), want par-1 only (ing-1 is on no list)", len(g.Features), err)
	}
}
