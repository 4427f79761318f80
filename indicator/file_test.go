package indicator

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/inputtest"
)

// ratioEqual compares Ratios exactly; go-cmp cannot look inside them.
var ratioEqual = cmp.Comparer(func(a, b blandby.Ratio) bool { return a.Cmp(b) == 0 })

func r(num, den int64) blandby.Ratio { return blandby.NewRatio(num, den) }

func known(num, den int64) blandby.Measure { return blandby.KnownMeasure(r(num, den)) }

func knownBase(num, den, base int64) blandby.Measure {
	m := known(num, den)
	m.Base = base
	return m
}

const fullHeader = "year,area_id,residents,area_name,municipality,municipality_code,region,nonwestern_pct,outside_labour_pct,convicted_pct,national_convicted_pct,convicted_multiple,basic_education_pct,income_pct"

const goodFile = fullHeader + `
2018,a1,1000,Område A,København,101,Hovedstaden,"43,5",40.25,2.70,0.9,3,100,52.3
2018,a2,500,,,,,,,,,,,
2019,a1,1010,"Område A, nord",København,101,Hovedstaden,0,"0,5",1/3,"1,00",0.33,60,150
`

// spacedFile is goodFile with spaces around every cell.
const spacedFile = " year , area_id , residents , area_name , municipality , municipality_code , region , nonwestern_pct , outside_labour_pct , convicted_pct , national_convicted_pct , convicted_multiple , basic_education_pct , income_pct " + `
 2018 , a1 , 1000 , Område A , København , 101 , Hovedstaden ," 43,5 ", 40.25 , 2.70 , 0.9 , 3 , 100 , 52.3
2018, a2 ,500 ,  , , ,	, , , , ,  , ,
	2019,a1 ,1010,"  Område A, nord ",København,101,Hovedstaden,0," 0,5",1/3 ,"1,00 ",0.33,60, 150
`

// goodRows are the rows of goodFile, worked out by hand.
var goodRows = map[int][]blandby.Indicators{
	2018: {
		{
			Year:              2018,
			Area:              blandby.Area{ID: "a1", Name: "Område A", Municipality: "København", MunicipalityCode: 101, Region: "Hovedstaden"},
			Residents:         1000,
			NonWestern:        knownBase(435, 1000, 1000),
			OutsideLabour:     known(4025, 10000),
			Convicted:         known(27, 1000),
			NationalConvicted: known(9, 1000),
			ConvictedMultiple: known(3, 1),
			BasicEducation:    known(1, 1),
			Income:            known(523, 1000),
		},
		{Year: 2018, Area: blandby.Area{ID: "a2"}, Residents: 500},
	},
	2019: {
		{
			Year:              2019,
			Area:              blandby.Area{ID: "a1", Name: "Område A, nord", Municipality: "København", MunicipalityCode: 101, Region: "Hovedstaden"},
			Residents:         1010,
			NonWestern:        knownBase(0, 1, 1010),
			OutsideLabour:     known(5, 1000),
			Convicted:         known(1, 300),
			NationalConvicted: known(1, 100),
			ConvictedMultiple: known(33, 100),
			BasicEducation:    known(6, 10),
			Income:            known(3, 2),
		},
	},
}

func TestReadGood(t *testing.T) {
	crlf := strings.ReplaceAll(goodFile, "\n", "\r\n")
	tests := []struct {
		name, in string
	}{
		{"plain", goodFile},
		{"BOM", "\ufeff" + goodFile},
		{"CRLF", crlf},
		{"BOM and CRLF", "\ufeff" + crlf},
		{"no final newline", strings.TrimSuffix(goodFile, "\n")},
		{"blank lines", strings.ReplaceAll(goodFile, "\n2018,a2", "\n\n2018,a2")},
		{"spaces around cells", spacedFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Read(strings.NewReader(tt.in), "good.csv")
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if set.File != "good.csv" {
				t.Errorf("File = %q", set.File)
			}
			if set.Published != nil {
				t.Errorf("Published = %v, want nil for the standard layout", set.Published)
			}
			if got, want := set.Years(), []int{2018, 2019}; !slices.Equal(got, want) {
				t.Errorf("Years() = %v, want %v", got, want)
			}
			if set.Len() != 3 {
				t.Errorf("Len() = %d, want 3", set.Len())
			}
			for year, want := range goodRows {
				if diff := cmp.Diff(want, set.Year(year), ratioEqual); diff != "" {
					t.Errorf("Year(%d) (-want +got):\n%s", year, diff)
				}
			}
			if len(set.Year(2020)) != 0 {
				t.Errorf("Year(2020) = %v, want none", set.Year(2020))
			}
			wantFirst := map[int]int{2018: 2, 2019: 4, 2020: 0}
			if tt.name == "blank lines" {
				wantFirst[2019] = 5
			}
			for year, want := range wantFirst {
				if got := set.FirstLine(year); got != want {
					t.Errorf("FirstLine(%d) = %d, want %d", year, got, want)
				}
			}
		})
	}
}

// TestReadMinimal reads a file with only the required columns, in another
// order: every measure is unknown.
func TestReadMinimal(t *testing.T) {
	set, err := Read(strings.NewReader("residents,area_id,year\n0,x,1900\n10000000,y,2999\n"), "min.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][]blandby.Indicators{
		1900: {{Year: 1900, Area: blandby.Area{ID: "x"}, Residents: 0}},
		2999: {{Year: 2999, Area: blandby.Area{ID: "y"}, Residents: 10_000_000}},
	}
	for year, rows := range want {
		if diff := cmp.Diff(rows, set.Year(year), ratioEqual); diff != "" {
			t.Errorf("Year(%d) (-want +got):\n%s", year, diff)
		}
	}
	for _, m := range []blandby.Measure{set.Year(1900)[0].NonWestern, set.Year(1900)[0].Income} {
		if m.Known {
			t.Errorf("measure %v is known, want unknown", m)
		}
	}
}

func TestReadBad(t *testing.T) {
	const h = "year,area_id,residents,nonwestern_pct\n" // columns at 1, 6, 14, 24
	tests := []struct {
		name string
		in   string
		want []inputtest.Want
	}{
		{"malformed number", h + "2018,a1,100,40\n2018,a2,100,\"4x,3\"\n",
			[]inputtest.Want{{Line: 3, Col: 13, Field: ColNonWestern, Msg: `"4x,3" is not a percentage`}}},
		{"thousands separator", h + "2018,a1,100,\"1,234.5\"\n",
			[]inputtest.Want{{Line: 2, Col: 13, Field: ColNonWestern, Msg: `"1,234.5"`}}},
		{"percentage above 100", h + "2018,a1,100,100.5\n",
			[]inputtest.Want{{Line: 2, Col: 13, Field: ColNonWestern, Msg: "from 0 to 100"}}},
		{"percentage just above 100", h + "2018,a1,100,\"100,0001\"\n",
			[]inputtest.Want{{Line: 2, Col: 13, Field: ColNonWestern, Msg: "from 0 to 100"}}},
		{"fraction above 100", h + "2018,a1,100,301/3\n",
			[]inputtest.Want{{Line: 2, Col: 13, Field: ColNonWestern, Msg: `"301/3"`}}},
		{"negative percentage", "year,area_id,residents,convicted_pct\n2018,a1,100,-0.5\n",
			[]inputtest.Want{{Line: 2, Col: 13, Field: ColConvicted, Msg: `"-0.5"`}}},
		{"negative outside labour", "year,area_id,residents,outside_labour_pct\n2018,a1,100,-1\n",
			[]inputtest.Want{{Line: 2, Col: 13, Field: ColOutsideLabour, Msg: `"-1"`}}},
		{"basic education above 100", "year,area_id,residents,basic_education_pct\n2018,a1,100,101\n",
			[]inputtest.Want{{Line: 2, Col: 13, Field: ColBasicEducation, Msg: `"101"`}}},
		{"national convicted above 100", "year,area_id,residents,national_convicted_pct\n2018,a1,100,200\n",
			[]inputtest.Want{{Line: 2, Col: 13, Field: ColNationalConvicted, Msg: `"200"`}}},
		{"negative income", "year,area_id,residents,income_pct\n2018,a1,100,-3\n",
			[]inputtest.Want{{Line: 2, Col: 13, Field: ColIncome, Msg: `"-3"`}}},
		{"bad multiple", "year,area_id,residents,convicted_multiple\n2018,a1,100,3x\n",
			[]inputtest.Want{{Line: 2, Col: 13, Field: ColConvictedMultiple, Msg: `"3x"`}}},
		{"negative multiple", "year,area_id,residents,convicted_multiple\n2018,a1,100,-3\n",
			[]inputtest.Want{{Line: 2, Col: 13, Field: ColConvictedMultiple, Msg: `"-3"`}}},
		{"bad municipality code", "year,area_id,residents,municipality_code\n2018,a1,100,0101\n2018,a2,100,Kbh\n2018,a3,100,1000\n",
			[]inputtest.Want{{Line: 3, Col: 13, Field: ColMunicipalityCode, Msg: `"Kbh" is not a municipality code`},
				{Line: 4, Col: 13, Field: ColMunicipalityCode, Msg: `"1000" is not a municipality code (expected 1 to 4 digits from 1 to 999`}}},
		{"exponent", h + "2018,a1,100,4e1\n",
			[]inputtest.Want{{Line: 2, Col: 13, Field: ColNonWestern, Msg: `"4e1"`}}},
		{"unknown column", "year,area_id,residents,colour\n2018,a1,100,red\n",
			[]inputtest.Want{{Line: 1, Col: 24, Field: "colour", Msg: "unknown column"}}},
		{"unknown column after BOM", "\ufeffyear,area_id,residents,colour\n2018,a1,100,red\n",
			[]inputtest.Want{{Line: 1, Col: 24, Field: "colour", Msg: "unknown column"}}},
		{"misspelt column", "year,area_id,residents,nonwestern\n2018,a1,100,4\n",
			[]inputtest.Want{{Line: 1, Col: 24, Field: "nonwestern", Msg: "unknown column"}}},
		{"two unknown columns", "colour,year,area_id,residents,size\n",
			[]inputtest.Want{{Line: 1, Col: 1, Field: "colour", Msg: "unknown column"}, {Line: 1, Col: 31, Field: "size", Msg: "unknown column"}}},
		{"duplicate column", "year,area_id,residents,year\n2018,a1,100,2018\n",
			[]inputtest.Want{{Line: 1, Col: 24, Field: ColYear, Msg: "twice"}}},
		{"missing required column", "year,area_id\n2018,a1\n",
			[]inputtest.Want{{Line: 1, Col: 0, Field: ColResidents, Msg: "missing required column"}}},
		{"missing two required columns", "area_id\na1\n",
			[]inputtest.Want{{Line: 1, Col: 0, Field: ColYear, Msg: "missing required column"}, {Line: 1, Col: 0, Field: ColResidents, Msg: "missing required column"}}},
		{"empty file", "",
			[]inputtest.Want{{Line: 1, Col: 0, Field: "", Msg: "empty file"}}},
		{"only a BOM", "\ufeff",
			[]inputtest.Want{{Line: 1, Col: 0, Field: "", Msg: "empty file"}}},
		{"duplicate row", "year,area_id,residents\n2018,a1,100\n2019,a1,100\n2018,a1,200\n",
			[]inputtest.Want{{Line: 4, Col: 6, Field: ColAreaID, Msg: "first on line 2"}}},
		{"duplicate row after spaces", "year,area_id,residents\n2018,a1,100\n2018, a1 ,200\n",
			[]inputtest.Want{{Line: 3, Col: 6, Field: ColAreaID, Msg: "first on line 2"}}},
		{"missing area_id", "year,area_id,residents\n2018,,100\n",
			[]inputtest.Want{{Line: 2, Col: 6, Field: ColAreaID, Msg: "missing area id"}}},
		{"blank area_id", "year,area_id,residents\n2018,   ,100\n",
			[]inputtest.Want{{Line: 2, Col: 6, Field: ColAreaID, Msg: "missing area id"}}},
		{"year not a number", "year,area_id,residents\n20x8,a1,100\n",
			[]inputtest.Want{{Line: 2, Col: 1, Field: ColYear, Msg: `"20x8" is not a whole number`}}},
		{"year with decimals", "year,area_id,residents\n2018.0,a1,100\n",
			[]inputtest.Want{{Line: 2, Col: 1, Field: ColYear, Msg: `"2018.0"`}}},
		{"year missing", "year,area_id,residents\n,a1,100\n",
			[]inputtest.Want{{Line: 2, Col: 1, Field: ColYear, Msg: "missing value"}}},
		{"year out of range", "year,area_id,residents\n1899,a1,100\n",
			[]inputtest.Want{{Line: 2, Col: 1, Field: ColYear, Msg: "from 1900 to 2999"}}},
		{"residents negative", "year,area_id,residents\n2018,a1,-5\n",
			[]inputtest.Want{{Line: 2, Col: 9, Field: ColResidents, Msg: `"-5"`}}},
		{"residents decimal", "year,area_id,residents\n2018,a1,\"5,5\"\n",
			[]inputtest.Want{{Line: 2, Col: 9, Field: ColResidents, Msg: `"5,5"`}}},
		{"residents too many", "year,area_id,residents\n2018,a1,10000001\n",
			[]inputtest.Want{{Line: 2, Col: 9, Field: ColResidents, Msg: "10000001"}}},
		{"too few fields", "year,area_id,residents\n2018,a1,100\n2018,a2\n",
			[]inputtest.Want{{Line: 3, Col: 1, Field: "", Msg: "wrong number of fields"}}},
		{"too many fields", "year,area_id,residents\n2018,a1,100,7\n",
			[]inputtest.Want{{Line: 2, Col: 1, Field: "", Msg: "wrong number of fields"}}},
		{"unterminated quote", "year,area_id,residents\n2018,\"a1,100\n",
			[]inputtest.Want{{Line: 2, Col: 0, Field: "", Msg: `"`}}},
		{"unterminated quote over lines", "year,area_id,residents\n2018,a0,1\n2018,\"a1,100\n2019,a2,5\n",
			[]inputtest.Want{{Line: 4, Col: 0, Field: "", Msg: "starts on line 3"}}},
		{"bare quote", "year,area_id,residents\n2018,a\"1,100\n",
			[]inputtest.Want{{Line: 2, Col: 7, Field: "", Msg: `bare "`}}},
		{"text after closing quote", "year,area_id,residents\n2018,\"a1\"x,100\n",
			[]inputtest.Want{{Line: 2, Col: 0, Field: "", Msg: `"`}}},
		{"bad quote in header", "year,\"area_id,residents\n",
			[]inputtest.Want{{Line: 1, Col: 0, Field: "", Msg: `"`}}},
		{"published: unknown category", "year,area_name,residents,published_category\n2010,Foo,100,ghetto\n2010,Bar,100,ghost\n",
			[]inputtest.Want{{Line: 3, Col: 14, Field: ColPublishedCategory, Msg: "unknown category"}}},
		{"published: missing name", "year,area_name,residents\n2010,,100\n",
			[]inputtest.Want{{Line: 2, Col: 6, Field: ColAreaName, Msg: "missing area name"}}},
		{"published: name without letters", "year,area_name,residents\n2010,---,100\n",
			[]inputtest.Want{{Line: 2, Col: 6, Field: ColAreaName, Msg: "missing area name"}}},
		{"published: two names, one id", "year,area_name,residents\n2010,Foo Bar,100\n2010,foo-bar,100\n",
			[]inputtest.Want{{Line: 3, Col: 6, Field: ColAreaName, Msg: "first on line 2"}}},
		{"published_category needs the published layout", "year,area_name,residents,published_category,municipality,area_id\n",
			[]inputtest.Want{{Line: 1, Col: 26, Field: ColPublishedCategory, Msg: "unknown column"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Read(strings.NewReader(tt.in), "bad.csv")
			if set != nil {
				t.Errorf("Read returned a set with %d rows alongside the error", set.Len())
			}
			inputtest.Check(t, err, "bad.csv", tt.want)
		})
	}
}

func TestReadReportsEveryError(t *testing.T) {
	in := `year,area_id,residents,nonwestern_pct,income_pct
2018,a1,abc,101,-1
2018,a2,100,50,100
20x8,,100,,
2018,a2,100,50,100
2019,a3,5,"4x,3",
2019,a4,5,5,5,5
2019,a5,"unterminated
`
	inputtest.Check(t, readManyErr(t, in), "many.csv", []inputtest.Want{
		{Line: 2, Col: 9, Field: ColResidents, Msg: `"abc"`},
		{Line: 2, Col: 13, Field: ColNonWestern, Msg: `"101"`},
		{Line: 2, Col: 17, Field: ColIncome, Msg: `"-1"`},
		{Line: 4, Col: 1, Field: ColYear, Msg: `"20x8"`},
		{Line: 4, Col: 6, Field: ColAreaID, Msg: "missing area id"},
		{Line: 5, Col: 6, Field: ColAreaID, Msg: "first on line 3"},
		{Line: 6, Col: 11, Field: ColNonWestern, Msg: `"4x,3"`},
		{Line: 7, Col: 1, Field: "", Msg: "wrong number of fields"},
	})

	// More than 20 errors: 20 in full and a count of the rest.
	var b strings.Builder
	b.WriteString("year,area_id,residents\n")
	for i := range 30 {
		fmt.Fprintf(&b, "2018,a%02d,x\n", i)
	}
	err := readManyErr(t, b.String())
	var want []inputtest.Want
	for i := range 20 {
		want = append(want, inputtest.Want{Line: i + 2, Col: 10, Field: ColResidents, Msg: `"x"`})
	}
	inputtest.Check(t, err, "many.csv", want)
	if !strings.HasSuffix(err.Error(), "\n... and 10 more errors") {
		t.Errorf("error does not end with the count of the rest:\n%v", err)
	}
}

// readManyErr reads in as "many.csv" and returns the error.
func readManyErr(t *testing.T, in string) error {
	t.Helper()
	set, err := Read(strings.NewReader(in), "many.csv")
	if set != nil {
		t.Errorf("Read returned a set alongside the error")
	}
	return err
}

func TestReadPublished2010(t *testing.T) {
	f, err := os.Open("../official/areas_2010.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	set, err := Read(f, "areas_2010.csv")
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if got := set.Years(); !slices.Equal(got, []int{2010}) {
		t.Fatalf("Years() = %v, want [2010]", got)
	}
	rows := set.Year(2010)
	if len(rows) != 29 || set.Len() != 29 {
		t.Fatalf("%d rows (Len %d), want 29", len(rows), set.Len())
	}
	if set.Published == nil {
		t.Fatal("Published is nil")
	}
	if got := set.Published.Years(); !slices.Equal(got, []int{2010}) {
		t.Errorf("Published.Years() = %v, want [2010]", got)
	}
	entries := set.Published.Entries(2010)
	if len(entries) != 29 {
		t.Errorf("Published has %d entries, want 29", len(entries))
	}
	for _, e := range entries {
		if e.Category != blandby.Parallelsamfund {
			t.Errorf("Published %s = %q, want parallelsamfund", e.AreaID, e.Category)
		}
	}

	idForm := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	ids := map[string]blandby.Indicators{}
	for _, row := range rows {
		if _, dup := ids[row.Area.ID]; dup {
			t.Errorf("duplicate id %q", row.Area.ID)
		}
		ids[row.Area.ID] = row
		if !idForm.MatchString(row.Area.ID) {
			t.Errorf("id %q is not lower-case words joined by hyphens", row.Area.ID)
		}
		if c, ok := set.Published.Category(2010, row.Area.ID); !ok || c != blandby.Parallelsamfund {
			t.Errorf("Published.Category(2010, %q) = %q, %v", row.Area.ID, c, ok)
		}
		if !row.NonWestern.Known || row.NonWestern.Base != row.Residents {
			t.Errorf("%s: NonWestern = %+v, want known with base %d", row.Area.ID, row.NonWestern, row.Residents)
		}
		if row.BasicEducation.Known || row.Income.Known || row.NationalConvicted.Known || row.ConvictedMultiple.Known {
			t.Errorf("%s: a measure the file does not have is known", row.Area.ID)
		}
	}
	if rows[0].Area.ID != "blaagaarden" || rows[28].Area.ID != "sebbersundvej-mv" {
		t.Errorf("first and last ids %q, %q, want the file order", rows[0].Area.ID, rows[28].Area.ID)
	}

	// Some rows, copied from the file by hand.
	want := []blandby.Indicators{
		{
			Year: 2010, Area: blandby.Area{ID: "blaagaarden", Name: "Blågården", Municipality: "København"}, Residents: 2440,
			NonWestern: knownBase(655, 1000, 2440), OutsideLabour: known(368, 1000), Convicted: known(283, 10000),
		},
		{
			Year: 2010, Area: blandby.Area{ID: "ringparken-slagelse", Name: "Ringparken, Slagelse", Municipality: "Slagelse"}, Residents: 1907,
			NonWestern: knownBase(51, 100, 1907), OutsideLabour: known(442, 1000), Convicted: known(276, 10000),
		},
		{
			Year: 2010, Area: blandby.Area{ID: "noerager-soestjernevej-m-fl", Name: "Nørager/Søstjernevej m.fl", Municipality: "Sønderborg"}, Residents: 1323,
			NonWestern: knownBase(626, 1000, 1323), OutsideLabour: known(463, 1000), Convicted: known(302, 10000),
		},
		{
			Year: 2010, Area: blandby.Area{ID: "taastrupgaard", Name: "Tåstrupgård", Municipality: "Høje-Taastrup"}, Residents: 2441,
			NonWestern: knownBase(678, 1000, 2441), OutsideLabour: known(326, 1000), Convicted: known(274, 10000),
		},
		{
			Year: 2010, Area: blandby.Area{ID: "sjaeloer-boulevard", Name: "Sjælør Boulevard", Municipality: "København"}, Residents: 1265,
			NonWestern: knownBase(541, 1000, 1265), OutsideLabour: known(35, 100), Convicted: known(304, 10000),
		},
		{
			Year: 2010, Area: blandby.Area{ID: "havrevej", Name: "Havrevej", Municipality: "Thisted"}, Residents: 1086,
			NonWestern: knownBase(273, 1000, 1086), OutsideLabour: known(441, 1000), Convicted: known(3, 100),
		},
	}
	for _, w := range want {
		got, ok := ids[w.Area.ID]
		if !ok {
			t.Errorf("no area %q", w.Area.ID)
			continue
		}
		if diff := cmp.Diff(w, got, ratioEqual); diff != "" {
			t.Errorf("%s (-want +got):\n%s", w.Area.ID, diff)
		}
	}
}

func TestReadPublishedLayout(t *testing.T) {
	tests := []struct {
		name          string
		in            string
		wantPublished map[string]blandby.Category // nil: no published history
	}{
		{"with categories", "year,area_name,residents,published_category\n2021,Foo Bar,100,parallelsamfund\n2021,Æblehaven,200,none\n2021,Øst,300,haardt_ghetto\n",
			map[string]blandby.Category{"foo-bar": blandby.Parallelsamfund, "aeblehaven": blandby.None, "oest": blandby.Omdannelse}},
		{"BOM, CRLF and quoted header", "\ufeff\"year\",\"area_name\",\"residents\",\"published_category\"\r\n2021,Foo Bar,100,parallelsamfund\r\n2021,Æblehaven,200,none\r\n2021,Øst,300,HAARDT_GHETTO\r\n",
			map[string]blandby.Category{"foo-bar": blandby.Parallelsamfund, "aeblehaven": blandby.None, "oest": blandby.Omdannelse}},
		{"without categories", "year,area_name,residents\n2021,Foo Bar,100\n2021,Æblehaven,200\n2021,Øst,300\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Read(strings.NewReader(tt.in), "pub.csv")
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, row := range set.Year(2021) {
				ids = append(ids, row.Area.ID)
			}
			if want := []string{"foo-bar", "aeblehaven", "oest"}; !slices.Equal(ids, want) {
				t.Errorf("ids = %v, want %v", ids, want)
			}
			if tt.wantPublished == nil {
				if set.Published != nil {
					t.Errorf("Published = %v, want nil", set.Published)
				}
				return
			}
			if set.Published == nil {
				t.Fatal("Published is nil")
			}
			for id, want := range tt.wantPublished {
				if got, ok := set.Published.Category(2021, id); !ok || got != want {
					t.Errorf("Published.Category(2021, %q) = %q, %v, want %q", id, got, ok, want)
				}
			}
		})
	}
}

func TestAreaID(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Ringparken, Slagelse", "ringparken-slagelse"},
		{"Nørager/Søstjernevej m.fl", "noerager-soestjernevej-m-fl"},
		{"Blågården", "blaagaarden"},
		{"Sjælør Boulevard", "sjaeloer-boulevard"},
		{"Tåstrupgård", "taastrupgaard"},
		{"Gellerupparken/Toveshøj", "gellerupparken-toveshoej"},
		{"Solbakken mv", "solbakken-mv"},
		{"Houlkærvænget", "houlkaervaenget"},
		{"ÆBLE ØST ÅEN", "aeble-oest-aaen"},
		{"Café Müller", "cafe-muller"},
		{"Ä Ö Ü È", "ae-oe-u-e"},
		{"Område 7", "omraade-7"},
		{"  Leading and trailing  ", "leading-and-trailing"},
		{"A -- B", "a-b"},
		{"(parentes)", "parentes"},
		{"2010", "2010"},
		{"", ""},
		{"---", ""},
		{"ĳ ß", ""}, // letters without a transliteration are separators
	}
	for _, tt := range tests {
		if got := AreaID(tt.name); got != tt.want {
			t.Errorf("AreaID(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestWrite(t *testing.T) {
	var rows []blandby.Indicators
	for _, year := range []int{2018, 2019} {
		rows = append(rows, goodRows[year]...)
	}
	rows = append(rows, blandby.Indicators{
		Year: 2020, Area: blandby.Area{ID: "t", Name: `Tredje "del"`}, Residents: 3,
		NonWestern:        knownBase(1, 3, 3),
		OutsideLabour:     known(2, 3),
		ConvictedMultiple: known(1, 3),
		Income:            known(1, 1024),
	})
	var buf bytes.Buffer
	if err := Write(&buf, rows); err != nil {
		t.Fatal(err)
	}
	// The municipality code is written in the DAGI form whatever form it
	// was read in.
	want := fullHeader + `
2018,a1,1000,Område A,København,0101,Hovedstaden,43.5,40.25,2.7,0.9,3,100,52.3
2018,a2,500,,,,,,,,,,,
2019,a1,1010,"Område A, nord",København,0101,Hovedstaden,0,0.5,1/3,1,0.33,60,150
2020,t,3,"Tredje ""del""",,,,100/3,200/3,,,1/3,,0.09765625
`
	if got := buf.String(); got != want {
		t.Errorf("Write =\n%s\nwant\n%s", got, want)
	}

	set, err := Read(bytes.NewReader(buf.Bytes()), "written.csv")
	if err != nil {
		t.Fatalf("Read after Write: %v", err)
	}
	if diff := cmp.Diff(rows, allRows(set), ratioEqual); diff != "" {
		t.Errorf("Write then Read (-want +got):\n%s", diff)
	}
}

func allRows(set *Set) []blandby.Indicators {
	var out []blandby.Indicators
	for _, y := range set.Years() {
		out = append(out, set.Year(y)...)
	}
	return out
}

func TestWriteReadRoundTrip(t *testing.T) {
	// all gives every value m, but a national conviction share of 100 %,
	// so that the conviction multiple m agrees with the shares.
	all := func(id string, m blandby.Measure) blandby.Indicators {
		base := m
		national := m
		if m.Known {
			base.Base = 77
			national = known(1, 1)
		}
		return blandby.Indicators{
			Year: 2021, Area: blandby.Area{ID: id}, Residents: 77,
			NonWestern: base, OutsideLabour: m, Convicted: m, NationalConvicted: national, BasicEducation: m,
			Income: m, ConvictedMultiple: m,
		}
	}
	tests := []struct {
		name string
		rows []blandby.Indicators
	}{
		{"none", nil},
		{"a third", []blandby.Indicators{all("third", known(1, 3))}},
		{"a seventh", []blandby.Indicators{all("seventh", known(1, 7))}},
		{"zero", []blandby.Indicators{all("zero", known(0, 1))}},
		{"one", []blandby.Indicators{all("one", known(1, 1))}},
		{"tiny", []blandby.Indicators{all("tiny", known(1, 1_000_000_007))}},
		{"terminating", []blandby.Indicators{all("t", known(12345, 100000))}},
		{"unknown", []blandby.Indicators{all("u", blandby.Measure{})}},
		{"awkward text", []blandby.Indicators{{
			Year: 2000, Residents: 1,
			Area: blandby.Area{ID: `id "quoted", with comma`, Name: "two\nlines", Municipality: "=SUM(A1)", MunicipalityCode: 101, Region: "Æ Ø Å"},
		}}},
		{"several years out of order", []blandby.Indicators{
			{Year: 2018, Area: blandby.Area{ID: "b"}, Residents: 2},
			{Year: 2018, Area: blandby.Area{ID: "a"}, Residents: 1},
			{Year: 2019, Area: blandby.Area{ID: "a"}, Residents: 1, Income: known(7, 3)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.rows); err != nil {
				t.Fatal(err)
			}
			set, err := Read(&buf, "rt.csv")
			if err != nil {
				t.Fatalf("Read: %v\n%s", err, buf.String())
			}
			if diff := cmp.Diff(tt.rows, allRows(set), ratioEqual, cmp.Transformer("empty", func(s []blandby.Indicators) []blandby.Indicators {
				if len(s) == 0 {
					return nil
				}
				return s
			})); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	err := Write(failWriter{}, goodRows[2018])
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Write to a failing writer = %v, want the write error", err)
	}
}

func FuzzRead(f *testing.F) {
	official, err := os.ReadFile("../official/areas_2010.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(official)
	f.Add([]byte(goodFile))
	f.Add([]byte("\ufeff" + strings.ReplaceAll(goodFile, "\n", "\r\n")))
	f.Add([]byte("year,area_id,residents\n2018,a1,100\n"))
	f.Add([]byte("year,area_name,residents,published_category\n2021,Foo Bar,100,parallelsamfund\n"))
	f.Add([]byte("year,area_id,residents,nonwestern_pct\n2018,a1,100,\"4x,3\"\n"))
	f.Add([]byte("year,area_id,residents,income_pct\n2018,a1,100,1/3\n2018,a1,100,5\n"))
	f.Add([]byte("year,area_id,residents\n2018,\"a1,100\n"))
	f.Add([]byte("year,area_id\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := Read(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			if set != nil {
				t.Fatal("Read returned a set alongside an error")
			}
			if code := blandby.CodeOf(err); code != blandby.CodeInvalid {
				t.Fatalf("CodeOf = %q for %v", code, err)
			}
			return
		}
		rows := allRows(set)
		var buf bytes.Buffer
		if err := Write(&buf, rows); err != nil {
			t.Fatalf("Write: %v", err)
		}
		again, err := Read(bytes.NewReader(buf.Bytes()), "fuzz2.csv")
		if err != nil {
			t.Fatalf("Read of written file: %v\nwritten:\n%s", err, buf.String())
		}
		if diff := cmp.Diff(rows, allRows(again), ratioEqual); diff != "" {
			t.Fatalf("Write then Read changed the rows (-first +second):\n%s", diff)
		}
		if !slices.Equal(set.Years(), again.Years()) {
			t.Fatalf("years %v, then %v", set.Years(), again.Years())
		}
	})
}

func TestPublishedLayoutDetails(t *testing.T) {
	set, err := Read(strings.NewReader("year,area_name,residents,published_category\n2021,Foo,1500,ghetto\n2021,Bar,1200,\n"), "pub.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got := set.Published.Entries(2021); len(got) != 1 || got[0].AreaID != "foo" {
		t.Errorf("an empty published_category must add no entry: %v", got)
	}
	// A quoted header with spaces inside is still the standard layout.
	set, err = Read(strings.NewReader("year,\" area_id\",area_name,residents\n2021,x1,Foo,1500\n"), "std.csv")
	if err != nil {
		t.Fatal(err)
	}
	if rows := set.Year(2021); len(rows) != 1 || rows[0].Area.ID != "x1" || set.Published != nil {
		t.Errorf("standard layout misread: %+v", rows)
	}
}

// TestWriteKeepsWithinReadLimit: a fraction whose exact decimal is longer
// than Read accepts is written as a fraction, so it reads back.
func TestWriteKeepsWithinReadLimit(t *testing.T) {
	den := new(big.Int).Lsh(big.NewInt(1), 200) // 1/2^200 terminates after 200 decimals
	frac := "1/" + den.String()
	if len(frac) > blandby.MaxNumberLen {
		t.Fatalf("fixture %d characters", len(frac))
	}
	in := "year,area_id,residents,convicted_multiple\n2020,a,1000," + frac + "\n"
	set, err := Read(strings.NewReader(in), "in.csv")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, set.Year(2020)); err != nil {
		t.Fatal(err)
	}
	back, err := Read(&buf, "out.csv")
	if err != nil {
		t.Fatalf("written file does not read back: %v", err)
	}
	if got := back.Year(2020)[0].ConvictedMultiple.Value; got.Cmp(blandby.RatioFromBig(big.NewInt(1), den)) != 0 {
		t.Errorf("read back %s", got)
	}
}

// TestConvictedMultipleAgreesWithShares: the conviction multiple is the
// area's conviction share divided by the national share, and a published
// value stands for every value that rounds to it. A row whose multiple no
// shares within the rounding of their printed decimals give is an input
// error at the multiple; a row on the very edge of the rounding is not.
func TestConvictedMultipleAgreesWithShares(t *testing.T) {
	const h = "year,area_id,residents,convicted_pct,national_convicted_pct,convicted_multiple\n"
	// In "2018,a1,100,C,N,M" the multiple starts at column 13 + len(C) + 1 + len(N) + 1.
	tests := []struct {
		name, convicted, national, multiple string
		agree                               bool
	}{
		// 2.42 / 0.75 = 3.2267: published as 3.2.
		{"consistent", "2.42", "0.75", "3.2", true},
		{"contradicting", "2.42", "0.75", "1.5", false},
		// 3.2 stands for [3.15, 3.25]; 0.5 for [0.45, 0.55].
		// 1.417 stands for up to 1.4175, and 1.4175 / 0.45 = 3.15: on the edge.
		{"upper edge of the shares on the lower edge of the multiple", "1.417", "0.5", "3.2", true},
		// 1.416 stands for up to 1.4165, and 1.4165 / 0.45 = 3.1478 < 3.15.
		{"just below the multiple's interval", "1.416", "0.5", "3.2", false},
		// 1.788 stands for down to 1.7875, and 1.7875 / 0.55 = 3.25: on the edge.
		{"lower edge of the shares on the upper edge of the multiple", "1.788", "0.5", "3.2", true},
		// 1.789 stands for down to 1.7885, and 1.7885 / 0.55 = 3.2518 > 3.25.
		{"just above the multiple's interval", "1.789", "0.5", "3.2", false},
		// A fraction is exact: 8/5 / 1/2 = 3.2 exactly, within 3.2's interval; 17/5 / 1/2 = 6.8 is not.
		{"exact fractions", "8/5", "1/2", "3.2", true},
		{"exact fractions contradicting", "17/5", "1/2", "3.2", false},
		// A national share printed as 0.0 may be as small as 0: any large multiple agrees.
		{"national share rounding to 0", "2.42", "0.0", "1000", true},
		// A national share of exactly 0 has no multiple.
		{"national share exactly 0", "2.42", "0/1", "3.2", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := h + "2018,a1,100," + tt.convicted + "," + tt.national + "," + tt.multiple + "\n"
			set, err := Read(strings.NewReader(in), "mult.csv")
			if tt.agree {
				if err != nil {
					t.Fatal(err)
				}
				want, _ := blandby.ParseDecimal(tt.multiple)
				if got := set.Year(2018)[0].ConvictedMultiple; !got.Known || got.Value.Cmp(want) != 0 {
					t.Errorf("multiple %v, want %s", got, tt.multiple)
				}
				return
			}
			col := 13 + len(tt.convicted) + 1 + len(tt.national) + 1
			inputtest.Check(t, err, "mult.csv", []inputtest.Want{{Line: 2, Col: col, Field: ColConvictedMultiple, Msg: tt.multiple + " contradicts convicted_pct " + tt.convicted}})
		})
	}
	// Only a row with all three values is checked.
	for _, row := range []string{"2018,a1,100,2.42,,1.5\n", "2018,a1,100,,0.75,1.5\n", "2018,a1,100,2.42,0.75,\n"} {
		if _, err := Read(strings.NewReader(h+row), "mult.csv"); err != nil {
			t.Errorf("%q: %v", row, err)
		}
	}
}
