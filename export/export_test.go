package export

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/history"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/official"
	"github.com/blandby/blandby/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The CLI's test data: a small 2022 indicator set, the history it needs,
// and the golden output of `blandby lists --format csv` for it and for the
// official 2010 list.
var (
	cliTestdata = filepath.Join("..", "cmd", "blandby", "testdata")
	ind2022     = filepath.Join(cliTestdata, "indicators-2022.csv")
	hist2022    = filepath.Join(cliTestdata, "history-2017-2021.csv")
)

var publishedAt = time.Date(2022, 12, 1, 9, 30, 0, 0, time.UTC)

// square is a small polygon in central Copenhagen.
const square = `{"type":"Polygon","coordinates":[[[12.5,55.6],[12.51,55.6],[12.51,55.61],[12.5,55.61],[12.5,55.6]]]}`

// computed classifies a list year as `blandby lists` does and returns it as
// the store would hold its publication: every result's JSON as the
// explanation, in the classifier's order.
func computed(t testing.TB, indicators []byte, file string, hist *blandby.History, year int) (*store.Publication, []store.Area, *law.RuleSet, *classify.Outcome) {
	t.Helper()
	set, err := indicator.Read(bytes.NewReader(indicators), file)
	if err != nil {
		t.Fatal(err)
	}
	if hist == nil {
		hist = set.Published
	}
	rs, err := law.ForListYear(year)
	if err != nil {
		t.Fatal(err)
	}
	out, err := classify.Classify(rs, year, set.Year(year), hist)
	if err != nil {
		t.Fatal(err)
	}
	pub := &store.Publication{
		Year: year, Revision: 1, Kind: store.PublishedComputation, ComputationID: 7, RuleSet: rs.ID,
		SoftwareVersion: "test", PublishedAt: publishedAt, PublishedBy: "Bolig- og Planstyrelsen",
		Inputs: []store.Input{{Role: "indicators", Name: filepath.Base(file), SHA256: strings.Repeat("ab", 32)}},
	}
	var areas []store.Area
	for i := range out.Results {
		r := &out.Results[i]
		exp, err := json.Marshal(r) // as the store holds it
		if err != nil {
			t.Fatal(err)
		}
		pub.Entries = append(pub.Entries, store.Entry{AreaID: r.Area.ID, Category: r.Category, Explanation: exp})
		a := store.Area{Area: blandby.Area{ID: r.Area.ID, Name: "current name of " + r.Area.ID, MunicipalityCode: r.Area.MunicipalityCode, RegionCode: 1084}}
		if i%2 == 0 {
			a.Geometry = json.RawMessage(square)
		}
		areas = append(areas, a)
	}
	pub.ContentSHA256 = store.ContentHash(year, rs.ID, pub.Entries)
	return pub, areas, rs, out
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func readHistory(t testing.TB, path string) *blandby.History {
	t.Helper()
	h, err := history.Read(bytes.NewReader(readFile(t, path)), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// computed2022 is the small 2022 list: every list, omdannelse from the
// history, areas off every list.
func computed2022(t testing.TB) (*store.Publication, []store.Area, *law.RuleSet, *classify.Outcome) {
	return computed(t, readFile(t, ind2022), ind2022, readHistory(t, hist2022), 2022)
}

// imported returns a list year of the history file as an imported
// publication: categories only, no explanations. The areas carry names
// and, for some, geometry; one has a name for the list year.
func imported(t testing.TB, year int) (*store.Publication, []store.Area, *law.RuleSet) {
	t.Helper()
	h := readHistory(t, hist2022)
	rs, err := law.ForListYear(year)
	if err != nil {
		t.Fatal(err)
	}
	pub := &store.Publication{
		Year: year, Revision: 1, Kind: store.PublishedImport, RuleSet: rs.ID, SoftwareVersion: "test",
		PublishedAt: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC), PublishedBy: "import",
		Inputs: []store.Input{{Role: "history", Name: "history-2017-2021.csv", SHA256: strings.Repeat("cd", 32)}},
	}
	for _, e := range h.Entries(year) {
		pub.Entries = append(pub.Entries, store.Entry{AreaID: e.AreaID, Category: e.Category})
	}
	slices.SortFunc(pub.Entries, func(a, b store.Entry) int { return strings.Compare(a.AreaID, b.AreaID) })
	pub.ContentSHA256 = store.ContentHash(year, rs.ID, pub.Entries)
	areas := []store.Area{
		{Area: blandby.Area{ID: "omd-1", Name: "Omdannelsesparken", MunicipalityCode: 101, RegionCode: 1084}, Geometry: json.RawMessage(square), Names: []store.YearName{{Year: year, Name: "Gamle Omdannelsesparken"}, {Year: year + 1, Name: "Omdannelsesparken"}}},
		{Area: blandby.Area{ID: "par-1", Name: "Parallelhaven", MunicipalityCode: 751, RegionCode: 1082}},
	}
	return pub, areas, rs
}

func write(t testing.TB, f Format, pub *store.Publication, areas []store.Area, rs *law.RuleSet) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f, pub, areas, rs); err != nil {
		t.Fatalf("Write %s: %v", f, err)
	}
	return buf.Bytes()
}

// golden compares output with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./export -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./export -update rewrites it):\n%s", name, got)
	}
}

// TestCSVEqualsLists: the CSV export of a computed list begins with what
// `blandby lists --format csv` prints for the same list (its golden files),
// then the revision and published_at columns.
func TestCSVEqualsLists(t *testing.T) {
	tests := []struct {
		name   string
		pub    func() (*store.Publication, []store.Area, *law.RuleSet, *classify.Outcome)
		golden string
	}{
		{"2022", func() (*store.Publication, []store.Area, *law.RuleSet, *classify.Outcome) { return computed2022(t) }, "lists-2022.csv"},
		{"2010 official", func() (*store.Publication, []store.Area, *law.RuleSet, *classify.Outcome) {
			return computed(t, official.Areas2010, official.Areas2010File, nil, 2010)
		}, "lists-2010.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub, areas, rs, _ := tt.pub()
			got := string(write(t, CSV, pub, areas, rs))
			want := string(readFile(t, filepath.Join(cliTestdata, "golden", tt.golden)))
			gotLines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
			wantLines := strings.Split(strings.TrimSuffix(want, "\n"), "\n")
			if len(gotLines) != len(wantLines) {
				t.Fatalf("%d lines, lists gives %d:\n%s", len(gotLines), len(wantLines), got)
			}
			at := ",1,2022-12-01T09:30:00Z"
			for i, w := range wantLines {
				suffix := at
				if i == 0 {
					suffix = ",revision,published_at"
				}
				if !strings.HasPrefix(gotLines[i], w+suffix+",") {
					t.Errorf("line %d:\n got %s\nwant %s%s,…", i+1, gotLines[i], w, suffix)
				}
			}
		})
	}
}

func TestCSVImported(t *testing.T) {
	for _, year := range []int{2017, 2019, 2021} {
		pub, areas, rs := imported(t, year)
		got := string(write(t, CSV, pub, areas, rs))
		golden(t, "imported-"+strconv.Itoa(year)+".csv", []byte(got))
	}
	// The ghettoområde list of 2017 is reported as parallelsamfund; there
	// was no udsat list. In 2019 a hårdt ghettoområde is on all three.
	pub, areas, rs := imported(t, 2017)
	if got := string(write(t, CSV, pub, areas, rs)); !strings.Contains(got, "2017,omd-1,Gamle Omdannelsesparken,parallelsamfund,false,true,false,false,,1,2024-03-01T12:00:00Z,København\n") {
		t.Errorf("2017:\n%s", got)
	}
	pub, areas, rs = imported(t, 2019)
	if got := string(write(t, CSV, pub, areas, rs)); !strings.Contains(got, "2019,omd-1,Gamle Omdannelsesparken,omdannelse,true,true,true,false,,1,") {
		t.Errorf("2019:\n%s", got)
	}
}

func TestGolden(t *testing.T) {
	pub, areas, rs, _ := computed2022(t)
	for _, f := range []Format{CSV, JSON, GeoJSON} {
		golden(t, "computed-2022"+f.Extension(), write(t, f, pub, areas, rs))
	}
	ipub, iareas, irs := imported(t, 2019)
	for _, f := range []Format{JSON, GeoJSON} {
		golden(t, "imported-2019"+f.Extension(), write(t, f, ipub, iareas, irs))
	}
}

// TestDeterministic: every format gives the same bytes twice, and does not
// depend on the time zone of the publication time.
func TestDeterministic(t *testing.T) {
	pub, areas, rs, _ := computed2022(t)
	for _, f := range Formats {
		a := write(t, f, pub, areas, rs)
		local := *pub
		local.PublishedAt = pub.PublishedAt.In(time.FixedZone("CET", 3600))
		b := write(t, f, &local, areas, rs)
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two writes", f)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(pub *store.Publication, rs **law.RuleSet)
		want   string
	}{
		{"other rule set", func(_ *store.Publication, rs **law.RuleSet) {
			*rs, _ = law.ForListYear(2019)
		}, "published under rule set 2021-11-30, not 2018-12-01"},
		{"explanation of another area", func(p *store.Publication, _ **law.RuleSet) {
			p.Entries[0].Explanation = p.Entries[1].Explanation
		}, "the explanation is of area"},
		{"explanation of another category", func(p *store.Publication, _ **law.RuleSet) { p.Entries[0].Category = blandby.Udsat }, "not of this entry"},
		{"explanation of another year", func(p *store.Publication, _ **law.RuleSet) { p.Year = 2023 }, "year 2022"},
		{"explanation not JSON", func(p *store.Publication, _ **law.RuleSet) { p.Entries[0].Explanation = json.RawMessage(`{"year":`) }, "explanation"},
		{"twice", func(p *store.Publication, _ **law.RuleSet) { p.Entries = append(p.Entries, p.Entries[0]) }, "appears twice"},
		{"unknown category", func(p *store.Publication, _ **law.RuleSet) {
			p.Entries[0].Category, p.Entries[0].Explanation = "ghetto", nil
		}, `unknown category "ghetto"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, f := range Formats {
				pub, areas, rs, _ := computed2022(t)
				tt.change(pub, &rs)
				var buf bytes.Buffer
				err := Write(&buf, f, pub, areas, rs)
				if err == nil || !strings.Contains(err.Error(), tt.want) || blandby.CodeOf(err) != blandby.CodeInvalid {
					t.Errorf("%s: error %v, want invalid and %q", f, err, tt.want)
				}
				if buf.Len() > 0 {
					t.Errorf("%s: %d bytes written despite the error", f, buf.Len())
				}
			}
		})
	}
	// A list the rule set of the year did not have.
	pub, areas, rs := imported(t, 2017)
	pub.Entries[0].Category = blandby.Udsat
	if err := Write(&bytes.Buffer{}, CSV, pub, areas, rs); err == nil || !strings.Contains(err.Error(), "rule set 2014-02-01 has no udsat list") {
		t.Errorf("udsat in 2017: %v", err)
	}
	if err := Write(&bytes.Buffer{}, "pdf", pub, areas, rs); err == nil || !strings.Contains(err.Error(), `unknown export format "pdf"`) {
		t.Errorf("pdf: %v", err)
	}
	if err := Write(&bytes.Buffer{}, CSV, nil, areas, rs); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("nil publication: %v", err)
	}
	if err := Write(&bytes.Buffer{}, CSV, pub, areas, nil); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("nil rule set: %v", err)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"csv": CSV, "JSON": JSON, "xlsx": XLSX, "Excel": XLSX, " geojson ": GeoJSON} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "xls", "geo"} {
		if _, err := ParseFormat(in); blandby.CodeOf(err) != blandby.CodeInvalid {
			t.Errorf("ParseFormat(%q): %v", in, err)
		}
	}
	for _, f := range Formats {
		if back, err := ParseFormat(string(f)); err != nil || back != f || f.ContentType() == "application/octet-stream" {
			t.Errorf("%s: %v %v %s", f, back, err, f.ContentType())
		}
	}
	pub := &store.Publication{Year: 2023, Revision: 2}
	if got := FileName(pub, XLSX); got != "blandede-byer-2023-rev2.xlsx" {
		t.Errorf("FileName = %q", got)
	}
	if got := FileName(pub, GeoJSON); got != "blandede-byer-2023-rev2.geojson" {
		t.Errorf("FileName = %q", got)
	}
}
