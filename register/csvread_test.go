package register

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/inputtest"
)

func testAreas(t testing.TB) *Areas {
	t.Helper()
	a, err := NewAreas([]blandby.Area{
		{ID: "0101-001", Name: "Et", MunicipalityCode: 101, RegionCode: 1084},
		{ID: "0751-002", Name: "To", MunicipalityCode: 751, RegionCode: 1082},
		{ID: "0461-003", Name: "Tre", MunicipalityCode: 461, RegionCode: 1083},
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func writeRandom(t testing.TB, path string, format Format, year, n int, seed uint64, areas *Areas) []Person {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	w, err := Create(path, format, areas)
	if err != nil {
		t.Fatal(err)
	}
	b := NewBatch(1000)
	var all []Person
	for i := range n {
		if b.Len() == 1000 {
			if err := w.Write(b); err != nil {
				t.Fatal(err)
			}
			b.Reset(year)
		}
		b.Year = year
		p := randomPerson(r, int64(i)*3+1, areas)
		b.Append(p)
		all = append(all, p)
	}
	if err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return all
}

func TestCSVRoundTrip(t *testing.T) {
	areas := testAreas(t)
	path := filepath.Join(t.TempDir(), "register-2019.csv")
	want := writeRandom(t, path, CSV, 2019, 50_000, 1, areas)
	for _, workers := range []int{1, 2, 5} {
		got, st, err := readAll(t, path, areas, workers)
		if err != nil {
			t.Fatal(err)
		}
		if st.Year != 2019 || st.Rows != int64(len(want)) {
			t.Errorf("stats %+v", st)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%d workers: rows differ after a round trip", workers)
		}
	}
	if y, err := FileYear(path); err != nil || y != 2019 {
		t.Errorf("FileYear = %d, %v", y, err)
	}
}

const validRow = "7,2020,0101-001,0101,1084,34,ikke_vestlig_indvandrer,0.25,0,grundskole,uoplyst,0,1,215000"

// TestCSVValidation: every rule, with the line, column and field of the
// error and nothing read.
func TestCSVValidation(t *testing.T) {
	header := strings.Join(Columns, ",")
	areas := testAreas(t)
	row := func(field int, value string) string {
		f := strings.Split(validRow, ",")
		f[field] = value
		return strings.Join(f, ",")
	}
	// Columns start at byte 1, 3, 8, 17, 22, 27, 30, 54, 59, 61, 72, 80, 82, 84.
	tests := []struct {
		name string
		body string
		want []inputtest.Want
	}{
		{"unknown origin", row(6, "ikke_vestlig"), []inputtest.Want{{Line: 2, Col: 30, Field: ColOrigin, Msg: `unknown origin "ikke_vestlig"`}}},
		{"unknown education", row(9, "gymnasium"), []inputtest.Want{{Line: 2, Col: 61, Field: ColEducation, Msg: `unknown education "gymnasium"`}}},
		{"unknown Danish education", row(10, "Grundskole"), []inputtest.Want{{Line: 2, Col: 72, Field: ColEducationDK, Msg: "unknown education"}}},
		{"age out of range", row(5, "121"), []inputtest.Want{{Line: 2, Col: 27, Field: ColAge, Msg: "not an age from 0 to 120"}}},
		{"negative age", row(5, "-1"), []inputtest.Want{{Line: 2, Col: 27, Field: ColAge, Msg: "not an age"}}},
		{"FTE above 1", row(7, "1.000001"), []inputtest.Want{{Line: 2, Col: 54, Field: ColOutsideLabourFTE, Msg: "from 0 to 1"}}},
		{"FTE negative", row(7, "-0.5"), []inputtest.Want{{Line: 2, Col: 54, Field: ColOutsideLabourFTE, Msg: "from 0 to 1"}}},
		{"FTE too precise", row(7, "0.1234567"), []inputtest.Want{{Line: 2, Col: 54, Field: ColOutsideLabourFTE, Msg: "at most 6 decimals"}}},
		{"negative income", row(13, "-5"), []inputtest.Want{{Line: 2, Col: 84, Field: ColGrossIncome, Msg: "income in whole kroner >= 0"}}},
		{"decimal income", row(13, "5.5"), []inputtest.Want{{Line: 2, Col: 84, Field: ColGrossIncome, Msg: "income"}}},
		{"convicted not 0/1", row(8, "2"), []inputtest.Want{{Line: 2, Col: 59, Field: ColConvicted, Msg: "not 0 or 1"}}},
		{"other year", validRow + "\n" + strings.Replace(row(1, "2019"), "7,", "8,", 1), []inputtest.Want{{Line: 3, Col: 3, Field: ColYear, Msg: "year 2019 in a file of data year 2020"}}},
		{"area not in registry", row(2, "0101-999"), []inputtest.Want{{Line: 2, Col: 8, Field: ColAreaID, Msg: "not in the areas registry"}}},
		{"unknown municipality", row(3, "0102"), []inputtest.Want{{Line: 2, Col: 17, Field: ColMunicipalityCode, Msg: "not a Danish municipality code"}}},
		{"region does not fit municipality", row(4, "1085"), []inputtest.Want{{Line: 2, Col: 22, Field: ColRegionCode, Msg: "is in region 1084"}}},
		{"unknown region", row(4, "1086"), []inputtest.Want{{Line: 2, Col: 22, Field: ColRegionCode, Msg: "1081–1085"}}},
		{"area in another municipality", row(3, "0147"), []inputtest.Want{{Line: 2, Col: 17, Field: ColMunicipalityCode, Msg: "municipality 0101"}}},
		{"bad person id", row(0, "x7"), []inputtest.Want{{Line: 2, Col: 1, Field: ColPersonID, Msg: "not a person id"}}},
		{"duplicate person", validRow + "\n" + validRow, []inputtest.Want{{Line: 3, Col: 1, Field: ColPersonID, Msg: "person 7 appears twice in data year 2020"}}},
		{"too few fields", "7,2020,0101-001", []inputtest.Want{{Line: 2, Field: ColMunicipalityCode, Msg: "the row has 3 fields, the header 14"}}},
		{"too many fields", validRow + ",9", []inputtest.Want{{Line: 2, Msg: "more fields than the 14 columns"}}},
		{"unterminated quote", row(6, `"dansk`), []inputtest.Want{{Line: 2, Col: 30, Field: ColOrigin, Msg: "quoted field does not end on its line"}}},
		{"several errors", row(5, "200") + "\n" + strings.Replace(row(13, "x"), "7,", "8,", 1),
			[]inputtest.Want{{Line: 2, Col: 27, Field: ColAge}, {Line: 3, Col: 84, Field: ColGrossIncome}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.csv")
			if err := os.WriteFile(path, []byte(header+"\n"+tt.body+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			rows, _, err := readAll(t, path, areas, 2)
			inputtest.Check(t, err, path, tt.want)
			if len(rows) != 0 && len(tt.want) > 0 {
				// Rows may have reached the callback before the error; the
				// caller drops them, but the read must still fail.
				t.Logf("%d rows reached the callback before the failure", len(rows))
			}
		})
	}
}

func TestCSVHeader(t *testing.T) {
	areas := testAreas(t)
	tests := []struct {
		name, header string
		want         []inputtest.Want
	}{
		{"missing column", strings.Replace(strings.Join(Columns, ","), ",taxpayer", "", 1), []inputtest.Want{{Line: 1, Field: ColTaxpayer, Msg: "missing required column"}}},
		{"unknown column", strings.Join(Columns, ",") + ",shoe_size", []inputtest.Want{{Line: 1, Col: 152, Field: "shoe_size", Msg: "unknown column"}}},
		{"column twice", strings.Join(Columns, ",") + ",age", []inputtest.Want{{Line: 1, Field: ColAge, Msg: "appears twice"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.csv")
			if err := os.WriteFile(path, []byte(tt.header+"\n"+validRow+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, err := readAll(t, path, areas, 1)
			inputtest.Check(t, err, path, tt.want)
		})
	}
	// Columns in another order, CRLF line ends and quoted values are fine.
	order := []string{ColGrossIncome, ColTaxpayer, ColInEducation, ColEducationDK, ColEducation, ColConvicted, ColOutsideLabourFTE, ColOrigin, ColAge, ColRegionCode, ColMunicipalityCode, ColAreaID, ColYear, ColPersonID}
	fields := strings.Split(validRow, ",")
	slices.Reverse(fields)
	fields[7] = `"ikke_vestlig_indvandrer"`
	fields[6] = `"0,25"`
	path := filepath.Join(t.TempDir(), "r.csv")
	os.WriteFile(path, []byte(strings.Join(order, ",")+"\r\n"+strings.Join(fields, ",")+"\r\n"), 0o644)
	rows, _, err := readAll(t, path, areas, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := Person{ID: 7, Area: 0, Municipality: 101, Region: 3, Age: 34, Origin: IkkeVestligIndvandrer, FTE: 250_000,
		Education: Grundskole, EducationDK: Uoplyst, Taxpayer: true, Income: 215000}
	if len(rows) != 1 || rows[0] != want {
		t.Errorf("rows %+v, want %+v", rows, want)
	}
}

// TestCSVManyErrorsStops: a file full of bad rows stops after the limit.
func TestCSVManyErrorsStops(t *testing.T) {
	var b strings.Builder
	b.WriteString(strings.Join(Columns, ",") + "\n")
	for i := range 100_000 {
		fmt.Fprintf(&b, "%d,2020,,0101,1084,200,dansk,0,0,grundskole,grundskole,0,0,0\n", i)
	}
	path := filepath.Join(t.TempDir(), "r.csv")
	os.WriteFile(path, []byte(b.String()), 0o644)
	_, _, err := readAll(t, path, testAreas(t), 2)
	if blandby.CodeOf(err) != blandby.CodeInvalid || !strings.Contains(err.Error(), "stopped reading after 20 errors") {
		t.Errorf("err = %.300v", err)
	}
}

func TestParseFTE(t *testing.T) {
	good := map[string]int32{"0": 0, "1": FTEScale, "0.25": 250_000, "0,25": 250_000, "0.083333": 83_333, "1.000000": FTEScale, "00.5": 500_000, "0.000001": 1}
	for in, want := range good {
		if got, ok := parseFTE([]byte(in)); !ok || got != want {
			t.Errorf("parseFTE(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", ".5", "1.1", "2", "0.", "0.1234567", "-0", "0.5.", "1e-1", " 0.5", "0x1", "10"} {
		if got, ok := parseFTE([]byte(in)); ok {
			t.Errorf("parseFTE(%q) = %d, want an error", in, got)
		}
	}
}

// FuzzCSV: the reader never panics, and what it accepts it reads the same
// with one worker and with three.
func FuzzCSV(f *testing.F) {
	header := strings.Join(Columns, ",") + "\n"
	f.Add([]byte(header + validRow + "\n"))
	f.Add([]byte(header + validRow + "\n" + strings.Replace(validRow, "7,", "8,", 1) + "\r\n"))
	f.Add([]byte(header + `"7","2020","0101-001","0101","1084","34","dansk","1","0","grundskole","uoplyst","0","1","0"`))
	f.Add([]byte(header + "7,2020,,0101,1084,34,dansk,0,0,grundskole,uoplyst,0,1\n"))
	f.Add([]byte("person_id\n1\n"))
	areas := testAreas(f)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		one, _, err1 := readAll(t, path, areas, 1)
		three, _, err3 := readAll(t, path, areas, 3)
		if (err1 == nil) != (err3 == nil) {
			t.Fatalf("one worker: %v; three: %v", err1, err3)
		}
		if err1 == nil && !slices.Equal(one, three) {
			t.Fatalf("one worker read %d rows, three %d", len(one), len(three))
		}
		if err1 != nil && blandby.CodeOf(err1) != blandby.CodeInvalid {
			t.Fatalf("a bad file must give an input error, got %v", err1)
		}
	})
}
