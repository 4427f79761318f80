package register

import (
	"cmp"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
	"github.com/parquet-go/parquet-go/compress/uncompressed"
	"github.com/parquet-go/parquet-go/compress/zstd"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/internal/inputtest"
)

// SetParquetCodec sets the codec Parquet files are written with ("snappy",
// "zstd" or "none"), for benchmarks to compare; it returns a function
// that restores the default. Test builds only.
func SetParquetCodec(name string) (restore func()) {
	old := parquetCompression
	switch name {
	case "snappy":
		parquetCompression = &snappy.Codec{}
	case "zstd":
		parquetCompression = &zstd.Codec{}
	case "none":
		parquetCompression = &uncompressed.Codec{}
	default:
		panic("unknown codec " + name)
	}
	return func() { parquetCompression = old }
}

func pqTestAreas(t testing.TB) *Areas {
	t.Helper()
	a, err := NewAreas([]blandby.Area{
		{ID: "A1", Name: "Nord", MunicipalityCode: 101, RegionCode: 1084},
		{ID: "A2", Name: "Syd", MunicipalityCode: 101, RegionCode: 1084},
		{ID: "B1", Name: "Gellerup", MunicipalityCode: 751, RegionCode: 1082},
		{ID: "C1", Name: "Vollsmose", MunicipalityCode: 461, RegionCode: 1083},
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func pqWriteFile(t testing.TB, path string, areas *Areas, year, n int, seed uint64) []Person {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	w, err := Create(path, Parquet, areas)
	if err != nil {
		t.Fatal(err)
	}
	var rows []Person
	ids := rng.Perm(n * 3)
	for len(rows) < n {
		b := NewBatch(0)
		b.Reset(year)
		for k := min(1+rng.IntN(5000), n-len(rows)); k > 0; k-- {
			p := randomPerson(rng, int64(ids[len(rows)]), areas)
			b.Append(p)
			rows = append(rows, p)
		}
		if err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func pqRowGroups(t *testing.T, n int64) {
	old := parquetRowGroupRows
	parquetRowGroupRows = n
	t.Cleanup(func() { parquetRowGroupRows = old })
}

func TestParquetRoundTrip(t *testing.T) {
	areas := pqTestAreas(t)
	for _, tc := range []struct {
		name      string
		rows      int
		rowGroups int64
	}{
		{"one row", 1, 1 << 20},
		{"one group", 10_000, 1 << 20},
		{"many groups", 60_000, 7_000},
		{"windows across groups", 100_000, 70_000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pqRowGroups(t, tc.rowGroups)
			path := filepath.Join(t.TempDir(), "register-2023.parquet")
			want := pqWriteFile(t, path, areas, 2023, tc.rows, uint64(tc.rows))
			slices.SortFunc(want, func(a, b Person) int { return cmp.Compare(a.ID, b.ID) })
			year, err := FileYear(path)
			if err != nil || year != 2023 {
				t.Fatalf("FileYear = %d, %v; want 2023", year, err)
			}
			for _, workers := range []int{1, 2, 5} {
				got, st, err := readAll(t, path, areas, workers)
				if err != nil {
					t.Fatalf("%d workers: %v", workers, err)
				}
				if !slices.Equal(want, got) {
					t.Fatalf("%d workers: rows differ (-want +got):\n%s", workers, gocmp.Diff(want, got))
				}
				fi, _ := os.Stat(path)
				if st != (Stats{File: path, Year: 2023, Rows: int64(tc.rows), Bytes: fi.Size()}) {
					t.Errorf("stats = %+v", st)
				}
			}
		})
	}
}

func TestParquetDeterministic(t *testing.T) {
	areas := pqTestAreas(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.parquet"), filepath.Join(dir, "b.parquet")
	pqWriteFile(t, a, areas, 2023, 5000, 7)
	pqWriteFile(t, b, areas, 2023, 5000, 7)
	da, _ := os.ReadFile(a)
	db, _ := os.ReadFile(b)
	if string(da) != string(db) {
		t.Fatal("the same rows give different files")
	}
}

func TestParquetWorkersSameAggregate(t *testing.T) {
	pqRowGroups(t, 7_000)
	areas := pqTestAreas(t)
	path := filepath.Join(t.TempDir(), "r.parquet")
	pqWriteFile(t, path, areas, 2021, 60_000, 3)
	type agg struct {
		rows, fte, income, conv [5]int64
		byArea                  [5]int64
	}
	read := func(workers int) agg {
		per := make([]agg, workers)
		_, err := ReadFile(context.Background(), path, areas, ReadOptions{Workers: workers}, func(w int, b *Batch) error {
			a := &per[w]
			for i := 0; i < b.Len(); i++ {
				r := b.Region[i]
				a.rows[r]++
				a.fte[r] += int64(b.FTE[i])
				a.income[r] += b.Income[i]
				if b.Convicted[i] {
					a.conv[r]++
				}
				a.byArea[b.Area[i]+1]++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var sum agg
		for _, a := range per {
			for i := range 5 {
				sum.rows[i] += a.rows[i]
				sum.fte[i] += a.fte[i]
				sum.income[i] += a.income[i]
				sum.conv[i] += a.conv[i]
				sum.byArea[i] += a.byArea[i]
			}
		}
		return sum
	}
	one := read(1)
	for _, w := range []int{2, 3, 8} {
		if got := read(w); got != one {
			t.Errorf("%d workers: %+v, one worker: %+v", w, got, one)
		}
	}
}

// pqLooseRow writes any value, null included, in blandby's column types.
type pqLooseRow struct {
	PersonID         *int64  `parquet:"person_id,optional"`
	Year             *int32  `parquet:"year,optional"`
	AreaID           *string `parquet:"area_id,optional"`
	MunicipalityCode *int32  `parquet:"municipality_code,optional"`
	RegionCode       *int32  `parquet:"region_code,optional"`
	Age              *int32  `parquet:"age,optional"`
	Origin           *string `parquet:"origin,optional,dict"`
	OutsideLabourFTE *int32  `parquet:"outside_labour_fte,optional,decimal(6:7)"`
	Convicted        *int32  `parquet:"convicted,optional"`
	Education        *string `parquet:"education,optional"`
	EducationDK      *string `parquet:"education_dk,optional,dict"`
	InEducation      *int32  `parquet:"in_education,optional"`
	Taxpayer         *int32  `parquet:"taxpayer,optional"`
	GrossIncome      *int64  `parquet:"gross_income,optional"`
}

// pqDictRow is pqLooseRow with every column dictionary-encoded, so that bad
// values sit in dictionaries, which the reader checks once per entry.
type pqDictRow struct {
	PersonID         *int64  `parquet:"person_id,optional,dict"`
	Year             *int32  `parquet:"year,optional,dict"`
	AreaID           *string `parquet:"area_id,optional,dict"`
	MunicipalityCode *int32  `parquet:"municipality_code,optional,dict"`
	RegionCode       *int32  `parquet:"region_code,optional,dict"`
	Age              *int32  `parquet:"age,optional,dict"`
	Origin           *string `parquet:"origin,optional,dict"`
	OutsideLabourFTE *int32  `parquet:"outside_labour_fte,optional,dict,decimal(6:7)"`
	Convicted        *int32  `parquet:"convicted,optional,dict"`
	Education        *string `parquet:"education,optional,dict"`
	EducationDK      *string `parquet:"education_dk,optional,dict"`
	InEducation      *int32  `parquet:"in_education,optional,dict"`
	Taxpayer         *int32  `parquet:"taxpayer,optional,dict"`
	GrossIncome      *int64  `parquet:"gross_income,optional,dict"`
}

func pqPtr[T any](v T) *T { return &v }

// pqValidRow is a valid row of person id in area A1 in 2023.
func pqValidRow(id int64) pqLooseRow {
	return pqLooseRow{
		PersonID: pqPtr(id), Year: pqPtr[int32](2023), AreaID: pqPtr("A1"), MunicipalityCode: pqPtr[int32](101),
		RegionCode: pqPtr[int32](1084), Age: pqPtr[int32](40), Origin: pqPtr("dansk"), OutsideLabourFTE: pqPtr[int32](250_000),
		Convicted: pqPtr[int32](0), Education: pqPtr("videregaaende"), EducationDK: pqPtr("grundskole"),
		InEducation: pqPtr[int32](1), Taxpayer: pqPtr[int32](1), GrossIncome: pqPtr[int64](400_000),
	}
}

func pqWriteRows[T any](t testing.TB, path string, rows []T, opts ...parquet.WriterOption) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[T](f, opts...)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func pqReadErr(t *testing.T, path string, areas *Areas, workers int) error {
	t.Helper()
	calls := 0
	var mu sync.Mutex
	_, err := ReadFile(context.Background(), path, areas, ReadOptions{Workers: workers}, func(int, *Batch) error {
		mu.Lock()
		calls++
		mu.Unlock()
		return nil
	})
	return err
}

func TestParquetValidation(t *testing.T) {
	areas := pqTestAreas(t)
	for _, tc := range []struct {
		name string
		edit func(r *pqLooseRow)
		want []inputtest.Want
	}{
		{"other year", func(r *pqLooseRow) { r.Year = pqPtr[int32](2022) }, []inputtest.Want{{Line: 3, Field: ColYear, Msg: "year 2022 in a file of data year 2023"}}},
		{"null year", func(r *pqLooseRow) { r.Year = nil }, []inputtest.Want{{Line: 3, Field: ColYear, Msg: "missing value"}}},
		{"unknown area", func(r *pqLooseRow) { r.AreaID = pqPtr("Z9") }, []inputtest.Want{{Line: 3, Field: ColAreaID, Msg: `area "Z9" is not in the areas registry`}}},
		{"empty area is outside", func(r *pqLooseRow) { r.AreaID = pqPtr("") }, nil},
		{"null area is outside", func(r *pqLooseRow) { r.AreaID = nil }, nil},
		{"area in another municipality", func(r *pqLooseRow) { r.AreaID = pqPtr("B1") }, []inputtest.Want{{Line: 3, Field: ColMunicipalityCode, Msg: "the areas registry places this area in municipality 0751"}}},
		{"not a municipality", func(r *pqLooseRow) { r.MunicipalityCode = pqPtr[int32](100) }, []inputtest.Want{{Line: 3, Field: ColMunicipalityCode, Msg: "100 is not a Danish municipality code"}}},
		{"huge municipality", func(r *pqLooseRow) { r.MunicipalityCode = pqPtr[int32](1 << 30) }, []inputtest.Want{{Line: 3, Field: ColMunicipalityCode, Msg: "1073741824 is not a municipality code"}}},
		{"region of another municipality", func(r *pqLooseRow) { r.RegionCode = pqPtr[int32](1085) }, []inputtest.Want{{Line: 3, Field: ColRegionCode, Msg: "municipality 0101 (København) is in region 1084"}}},
		{"unknown region", func(r *pqLooseRow) { r.RegionCode = pqPtr[int32](1086) }, []inputtest.Want{{Line: 3, Field: ColRegionCode, Msg: "1086 is not a region code (expected 1081–1085)"}}},
		{"age too high", func(r *pqLooseRow) { r.Age = pqPtr[int32](121) }, []inputtest.Want{{Line: 3, Field: ColAge, Msg: "121 is not an age from 0 to 120"}}},
		{"negative age", func(r *pqLooseRow) { r.Age = pqPtr[int32](-1) }, []inputtest.Want{{Line: 3, Field: ColAge, Msg: "-1 is not an age from 0 to 120"}}},
		{"null age", func(r *pqLooseRow) { r.Age = nil }, []inputtest.Want{{Line: 3, Field: ColAge, Msg: "missing value"}}},
		{"unknown origin", func(r *pqLooseRow) { r.Origin = pqPtr("dansker") }, []inputtest.Want{{Line: 3, Field: ColOrigin, Msg: `unknown origin "dansker"`}}},
		{"empty origin", func(r *pqLooseRow) { r.Origin = pqPtr("") }, []inputtest.Want{{Line: 3, Field: ColOrigin, Msg: `unknown origin "" (expected one of dansk, vestlig_indvandrer`}}},
		{"unknown education", func(r *pqLooseRow) { r.Education = pqPtr("phd") }, []inputtest.Want{{Line: 3, Field: ColEducation, Msg: `unknown education "phd"`}}},
		{"unknown education_dk", func(r *pqLooseRow) { r.EducationDK = pqPtr("Grundskole") }, []inputtest.Want{{Line: 3, Field: ColEducationDK, Msg: `unknown education "Grundskole"`}}},
		{"fte above 1", func(r *pqLooseRow) { r.OutsideLabourFTE = pqPtr[int32](1_000_001) }, []inputtest.Want{{Line: 3, Field: ColOutsideLabourFTE, Msg: "1.000001 is not a full-time share from 0 to 1"}}},
		{"negative fte", func(r *pqLooseRow) { r.OutsideLabourFTE = pqPtr[int32](-5) }, []inputtest.Want{{Line: 3, Field: ColOutsideLabourFTE, Msg: "-0.000005 is not a full-time share from 0 to 1"}}},
		{"convicted 2", func(r *pqLooseRow) { r.Convicted = pqPtr[int32](2) }, []inputtest.Want{{Line: 3, Field: ColConvicted, Msg: "2 is not 0 or 1"}}},
		{"in_education -1", func(r *pqLooseRow) { r.InEducation = pqPtr[int32](-1) }, []inputtest.Want{{Line: 3, Field: ColInEducation, Msg: "-1 is not 0 or 1"}}},
		{"null taxpayer", func(r *pqLooseRow) { r.Taxpayer = nil }, []inputtest.Want{{Line: 3, Field: ColTaxpayer, Msg: "missing value"}}},
		{"negative income", func(r *pqLooseRow) { r.GrossIncome = pqPtr[int64](-1) }, []inputtest.Want{{Line: 3, Field: ColGrossIncome, Msg: "-1 is not an income in whole kroner >= 0"}}},
		{"negative person", func(r *pqLooseRow) { r.PersonID = pqPtr[int64](-4) }, []inputtest.Want{{Line: 3, Field: ColPersonID, Msg: "-4 is not a person id (a whole number >= 0)"}}},
		{"null person", func(r *pqLooseRow) { r.PersonID = nil }, []inputtest.Want{{Line: 3, Field: ColPersonID, Msg: "missing value"}}},
		{"duplicate person", func(r *pqLooseRow) { r.PersonID = pqPtr[int64](1) }, []inputtest.Want{{Line: 3, Field: ColPersonID, Msg: "person 1 appears twice in data year 2023 (first on row 2)"}}},
		{"several in a row, in column order", func(r *pqLooseRow) {
			r.GrossIncome, r.Age, r.Origin, r.RegionCode = pqPtr[int64](-2), pqPtr[int32](200), pqPtr("x"), pqPtr[int32](1081)
		}, []inputtest.Want{
			{Line: 3, Field: ColRegionCode, Msg: "is in region 1084"},
			{Line: 3, Field: ColAge, Msg: "200 is not"},
			{Line: 3, Field: ColOrigin, Msg: `unknown origin "x"`},
			{Line: 3, Field: ColGrossIncome, Msg: "-2 is not"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := []pqLooseRow{pqValidRow(0), pqValidRow(1), pqValidRow(2), pqValidRow(3)}
			tc.edit(&rows[2])
			dict := make([]pqDictRow, len(rows))
			for i, r := range rows {
				dict[i] = pqDictRow(r)
			}
			for _, encoding := range []string{"plain", "dictionary"} {
				path := filepath.Join(t.TempDir(), "register-2023.parquet")
				if encoding == "plain" {
					pqWriteRows(t, path, rows)
				} else {
					pqWriteRows(t, path, dict)
				}
				err := pqReadErr(t, path, areas, 2)
				if tc.want == nil {
					if err != nil {
						t.Fatalf("%s: read: %v", encoding, err)
					}
					continue
				}
				inputtest.Check(t, err, path, tc.want)
			}
		})
	}
}

// TestParquetErrorOrder checks that errors come in row order, the first 20
// of them, whatever the row groups and workers, and that the rest are
// counted.
func TestParquetErrorOrder(t *testing.T) {
	areas := pqTestAreas(t)
	var rows []pqLooseRow
	var want []inputtest.Want
	bad := 0
	for i := range 5000 {
		r := pqValidRow(int64(i))
		if i%97 == 5 {
			r.Age = pqPtr[int32](130)
			bad++
			if len(want) < 20 {
				want = append(want, inputtest.Want{Line: i + 1, Field: ColAge, Msg: "130 is not"})
			}
		}
		if i%131 == 7 {
			r.PersonID = pqPtr(int64(i - 3))
			bad++
			if len(want) < 20 {
				want = append(want, inputtest.Want{Line: i + 1, Field: ColPersonID, Msg: "appears twice"})
			}
		}
		rows = append(rows, r)
	}
	slices.SortStableFunc(want, func(a, b inputtest.Want) int { return a.Line - b.Line })
	want = want[:20]
	path := filepath.Join(t.TempDir(), "register-2023.parquet")
	pqWriteRows(t, path, rows, parquet.MaxRowsPerRowGroup(300), parquet.PageBufferSize(512))
	for _, workers := range []int{1, 3} {
		err := pqReadErr(t, path, areas, workers)
		inputtest.Check(t, err, path, want)
		if more := "... and " + pqItoa(bad-20) + " more errors"; !strings.Contains(err.Error(), more) {
			t.Errorf("error does not end with %q: %v", more, err)
		}
	}
}

func pqItoa(n int) string { return blandby.RatioInt(int64(n)).String() }

func TestParquetMissingAndUnknownColumns(t *testing.T) {
	type noAge struct {
		PersonID         int64  `parquet:"person_id"`
		Year             int32  `parquet:"year"`
		AreaID           string `parquet:"area_id,optional"`
		MunicipalityCode int32  `parquet:"municipality_code"`
		RegionCode       int32  `parquet:"region_code"`
		Origin           string `parquet:"origin"`
		OutsideLabourFTE int32  `parquet:"outside_labour_fte,decimal(6:7)"`
		Convicted        bool   `parquet:"convicted"`
		Education        string `parquet:"education"`
		EducationDK      string `parquet:"education_dk"`
		InEducation      bool   `parquet:"in_education"`
		Taxpayer         bool   `parquet:"taxpayer"`
		Income           int64  `parquet:"income"`
	}
	path := filepath.Join(t.TempDir(), "register-2023.parquet")
	pqWriteRows(t, path, []noAge{{PersonID: 1, Year: 2023, MunicipalityCode: 101, RegionCode: 1084, Origin: "dansk", Education: "uoplyst", EducationDK: "uoplyst"}})
	err := pqReadErr(t, path, pqTestAreas(t), 1)
	inputtest.Check(t, err, path, []inputtest.Want{
		{Field: ColAge, Msg: "missing column"},
		{Field: ColGrossIncome, Msg: "missing column"},
		{Field: "income", Msg: "unknown column"},
	})
	// FileYear needs only the year.
	if y, err := FileYear(path); err != nil || y != 2023 {
		t.Errorf("FileYear = %d, %v", y, err)
	}
}

func TestParquetWrongTypes(t *testing.T) {
	type wrong struct {
		PersonID         string  `parquet:"person_id"`
		Year             int32   `parquet:"year"`
		AreaID           int32   `parquet:"area_id"`
		MunicipalityCode float64 `parquet:"municipality_code"`
		RegionCode       int32   `parquet:"region_code"`
		Age              int32   `parquet:"age,date"`
		Origin           string  `parquet:"origin"`
		OutsideLabourFTE int32   `parquet:"outside_labour_fte"`
		Convicted        bool    `parquet:"convicted"`
		Education        string  `parquet:"education"`
		EducationDK      string  `parquet:"education_dk"`
		InEducation      string  `parquet:"in_education"`
		Taxpayer         bool    `parquet:"taxpayer"`
		GrossIncome      int64   `parquet:"gross_income,decimal(2:12)"`
	}
	path := filepath.Join(t.TempDir(), "register-2023.parquet")
	pqWriteRows(t, path, []wrong{{}})
	err := pqReadErr(t, path, pqTestAreas(t), 1)
	inputtest.Check(t, err, path, []inputtest.Want{
		{Field: ColPersonID, Msg: "column has type BYTE_ARRAY STRING (expected a whole number (INT32 or INT64))"},
		{Field: ColAreaID, Msg: "expected a string"},
		{Field: ColMunicipalityCode, Msg: "has type DOUBLE"},
		{Field: ColAge, Msg: "has type INT32 DATE"},
		{Field: ColOutsideLabourFTE, Msg: "has type INT32 INT(32,true) (expected a DECIMAL"},
		{Field: ColInEducation, Msg: "expected BOOLEAN"},
		{Field: ColGrossIncome, Msg: "DECIMAL(12,2)"},
	})
}

// pqForeignRow is how another writer (pyarrow with defaults, say) might write
// the same data: optional everything, 64-bit integers, codes as strings,
// the FTE as a double.
type pqForeignRow struct {
	PersonID         *int64   `parquet:"person_id,optional"`
	Year             *int64   `parquet:"year,optional"`
	AreaID           *string  `parquet:"area_id,optional,dict"`
	MunicipalityCode *string  `parquet:"municipality_code,optional,dict"`
	RegionCode       *string  `parquet:"region_code,optional"`
	Age              *int64   `parquet:"age,optional,dict"`
	Origin           *string  `parquet:"origin,optional,dict"`
	OutsideLabourFTE *float64 `parquet:"outside_labour_fte,optional,dict"`
	Convicted        *int32   `parquet:"convicted,optional"`
	Education        string   `parquet:"education,enum"`
	EducationDK      *string  `parquet:"education_dk,optional"`
	InEducation      *int64   `parquet:"in_education,optional,dict"`
	Taxpayer         *bool    `parquet:"taxpayer,optional"`
	GrossIncome      int64    `parquet:"gross_income,delta"`
}

func TestParquetForeignEncodings(t *testing.T) {
	areas := pqTestAreas(t)
	row := func(id int64, area string, muni, region string, fte float64) pqForeignRow {
		r := pqForeignRow{
			PersonID: pqPtr(id), Year: pqPtr[int64](2020), MunicipalityCode: pqPtr(muni), RegionCode: pqPtr(region),
			Age: pqPtr[int64](33), Origin: pqPtr("ikke_vestlig_indvandrer"), OutsideLabourFTE: pqPtr(fte), Convicted: pqPtr[int32](1),
			Education: "ungdomsuddannelse", EducationDK: pqPtr("uoplyst"), InEducation: pqPtr[int64](0), Taxpayer: pqPtr(true),
			GrossIncome: 123_456,
		}
		if area != "-" {
			r.AreaID = pqPtr(area)
		}
		return r
	}
	rows := []pqForeignRow{
		row(10, "A2", "0101", "1084", 0.25),
		row(11, "", "751", "1082", 1),
		row(12, "-", "0851", "1081", 0),
		row(13, "C1", "461", "1083", 0.123456),
		row(14, "B1", "0751", "1082", 0.1),
	}
	path := filepath.Join(t.TempDir(), "register-2020.parquet")
	pqWriteRows(t, path, rows, parquet.DataPageVersion(1))
	got, st, err := readAll(t, path, areas, 2)
	if err != nil {
		t.Fatal(err)
	}
	base := Person{Age: 33, Origin: IkkeVestligIndvandrer, Convicted: true, Education: Ungdomsuddannelse, EducationDK: Uoplyst, Taxpayer: true, Income: 123_456}
	want := []Person{base, base, base, base, base}
	for i, w := range []struct {
		area   int32
		muni   uint16
		region int
		fte    int32
	}{{1, 101, 1084, 250_000}, {NoArea, 751, 1082, FTEScale}, {NoArea, 851, 1081, 0}, {3, 461, 1083, 123_456}, {2, 751, 1082, 100_000}} {
		want[i].ID, want[i].Area, want[i].Municipality, want[i].Region, want[i].FTE = int64(10+i), w.area, w.muni, uint8(dk.RegionIndex(w.region)), w.fte
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("rows differ (-want +got):\n%s", diff)
	}
	if st.Year != 2020 || st.Rows != 5 {
		t.Errorf("stats = %+v", st)
	}
	if y, err := FileYear(path); err != nil || y != 2020 {
		t.Errorf("FileYear = %d, %v", y, err)
	}

	// A float that is not exact to 6 decimals, and a code that is no
	// number, are errors at their rows.
	rows[1].OutsideLabourFTE = pqPtr(0.1234567)
	rows[3].MunicipalityCode = pqPtr("O101")
	rows[4].OutsideLabourFTE = pqPtr(1.0 / 3)
	pqWriteRows(t, path, rows)
	err = pqReadErr(t, path, areas, 1)
	inputtest.Check(t, err, path, []inputtest.Want{
		{Line: 2, Field: ColOutsideLabourFTE, Msg: "0.1234567 has more than 6 decimals: a float is not exact"},
		{Line: 4, Field: ColMunicipalityCode, Msg: `"O101" is not a whole number`},
		{Line: 5, Field: ColOutsideLabourFTE, Msg: "0.3333333333333333 has more than 6 decimals"},
	})
}

func TestParquetDecimalsAndFloats(t *testing.T) {
	areas := pqTestAreas(t)
	type decRow struct {
		PersonID         int64   `parquet:"person_id"`
		Year             int32   `parquet:"year"`
		AreaID           *string `parquet:"area_id"`
		MunicipalityCode int64   `parquet:"municipality_code"`
		RegionCode       int64   `parquet:"region_code"`
		Age              int32   `parquet:"age,uint(8)"`
		Origin           string  `parquet:"origin"`
		OutsideLabourFTE int64   `parquet:"outside_labour_fte,decimal(4:10)"`
		Convicted        bool    `parquet:"convicted"`
		Education        []byte  `parquet:"education"`
		EducationDK      string  `parquet:"education_dk,bytes"`
		InEducation      bool    `parquet:"in_education"`
		Taxpayer         bool    `parquet:"taxpayer"`
		GrossIncome      int32   `parquet:"gross_income"`
	}
	r := decRow{PersonID: 1, Year: 2023, MunicipalityCode: 101, RegionCode: 1084, Age: 7, Origin: "dansk", OutsideLabourFTE: 2500,
		Education: []byte("grundskole"), EducationDK: "grundskole", GrossIncome: 5}
	path := filepath.Join(t.TempDir(), "d.parquet")
	pqWriteRows(t, path, []decRow{r})
	got, _, err := readAll(t, path, areas, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].FTE != 250_000 || got[0].Age != 7 || got[0].Income != 5 || got[0].Area != NoArea {
		t.Errorf("got %+v", got)
	}

	type floatRow struct {
		PersonID         int64   `parquet:"person_id"`
		Year             int32   `parquet:"year"`
		AreaID           string  `parquet:"area_id"`
		MunicipalityCode int32   `parquet:"municipality_code"`
		RegionCode       int32   `parquet:"region_code"`
		Age              int32   `parquet:"age"`
		Origin           string  `parquet:"origin"`
		OutsideLabourFTE float32 `parquet:"outside_labour_fte"`
		Convicted        bool    `parquet:"convicted"`
		Education        string  `parquet:"education"`
		EducationDK      string  `parquet:"education_dk"`
		InEducation      bool    `parquet:"in_education"`
		Taxpayer         bool    `parquet:"taxpayer"`
		GrossIncome      int64   `parquet:"gross_income"`
	}
	f := floatRow{PersonID: 1, Year: 2023, MunicipalityCode: 101, RegionCode: 1084, Origin: "dansk", Education: "uoplyst", EducationDK: "uoplyst"}
	rows := []floatRow{f, f, f}
	rows[0].OutsideLabourFTE = 0.1 // float32: shortest form 0.1
	rows[1].PersonID, rows[1].OutsideLabourFTE = 2, 0.7
	rows[2].PersonID, rows[2].OutsideLabourFTE = 3, 1e-7
	pqWriteRows(t, path, rows)
	err = pqReadErr(t, path, areas, 1)
	inputtest.Check(t, err, path, []inputtest.Want{{Line: 3, Field: ColOutsideLabourFTE, Msg: "0.0000001 has more than 6 decimals"}})
	rows = rows[:2]
	pqWriteRows(t, path, rows)
	got, _, err = readAll(t, path, areas, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].FTE != 100_000 || got[1].FTE != 700_000 {
		t.Errorf("float FTE read as %d, %d", got[0].FTE, got[1].FTE)
	}
}

// pqSum adds at run time (constants add exactly).
func pqSum(a, b float64) float64 { return a + b }

func TestExactMillionths(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want int64
		ok   bool
	}{
		{0, 0, true}, {1, 1_000_000, true}, {0.25, 250_000, true}, {0.1, 100_000, true}, {0.3, 300_000, true},
		{0.123456, 123_456, true}, {0.999999, 999_999, true}, {1e-6, 1, true},
		{0.1234567, 0, false}, {1e-7, 0, false}, {pqSum(0.1, 0.2), 0, false}, {2.5, 2_500_000, true},
	} {
		got, msg := exactMillionths(tc.x, 64)
		if (msg == "") != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("exactMillionths(%v) = %d, %q", tc.x, got, msg)
		}
	}
}

func TestParquetCancel(t *testing.T) {
	pqRowGroups(t, 10_000)
	areas := pqTestAreas(t)
	path := filepath.Join(t.TempDir(), "r.parquet")
	pqWriteFile(t, path, areas, 2023, 100_000, 1)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReadFile(ctx, path, areas, ReadOptions{Workers: 2}, func(int, *Batch) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("read with a cancelled context: %v", err)
	}

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	calls := 0
	_, err := ReadFile(ctx, path, areas, ReadOptions{Workers: 2}, func(int, *Batch) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("read cancelled midway: %v", err)
	}
	if calls > 2 {
		t.Errorf("%d batches after cancelling, want at most one per worker", calls)
	}

	boom := errors.New("boom")
	_, err = ReadFile(context.Background(), path, areas, ReadOptions{Workers: 2}, func(int, *Batch) error { return boom })
	if !errors.Is(err, boom) {
		t.Errorf("fn error: %v", err)
	}
}

func TestParquetProgress(t *testing.T) {
	pqRowGroups(t, 20_000)
	areas := pqTestAreas(t)
	path := filepath.Join(t.TempDir(), "r.parquet")
	pqWriteFile(t, path, areas, 2023, 90_000, 2)
	var seen []int64
	_, err := ReadFile(context.Background(), path, areas, ReadOptions{Workers: 2, Progress: func(n int64) { seen = append(seen, n) }}, func(int, *Batch) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(seen) || len(seen) < 4 {
		t.Fatalf("progress %v", seen)
	}
	fi, _ := os.Stat(path)
	if last := seen[len(seen)-1]; last != fi.Size() {
		t.Errorf("progress ends at %d, want the file's %d bytes", last, fi.Size())
	}
}

func TestParquetBadFiles(t *testing.T) {
	areas := pqTestAreas(t)
	dir := t.TempDir()
	notParquet := filepath.Join(dir, "x.parquet")
	os.WriteFile(notParquet, []byte("person_id,year\n1,2023\n"), 0o644)
	if _, err := ReadFile(context.Background(), notParquet, areas, ReadOptions{}, func(int, *Batch) error { return nil }); blandby.CodeOf(err) != blandby.CodeInvalid || !strings.Contains(err.Error(), "not a readable Parquet file") {
		t.Errorf("not parquet: %v", err)
	}
	if _, err := FileYear(notParquet); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("FileYear of a non-Parquet file: %v", err)
	}

	empty := filepath.Join(dir, "empty.parquet")
	pqWriteRows(t, empty, []pqLooseRow{})
	if _, err := FileYear(empty); err == nil || !strings.Contains(err.Error(), "no rows") {
		t.Errorf("FileYear of an empty file: %v", err)
	}

	// A truncated file: every prefix fails cleanly, without a panic.
	good := filepath.Join(dir, "good.parquet")
	pqWriteFile(t, good, areas, 2023, 3000, 4)
	data, _ := os.ReadFile(good)
	for _, cut := range []int{len(data) / 3, len(data) / 2, len(data) - 10} {
		bad := filepath.Join(dir, "cut.parquet")
		os.WriteFile(bad, data[:cut], 0o644)
		if _, err := ReadFile(context.Background(), bad, areas, ReadOptions{}, func(int, *Batch) error { return nil }); err == nil {
			t.Errorf("file cut at %d read without error", cut)
		}
	}
	// Corrupt page bytes in the middle of the data.
	for _, at := range []int{100, len(data) / 4, len(data) / 2} {
		bad := slices.Clone(data)
		for i := at; i < at+64 && i < len(bad); i++ {
			bad[i] ^= 0x5a
		}
		p := filepath.Join(dir, "flip.parquet")
		os.WriteFile(p, bad, 0o644)
		ReadFile(context.Background(), p, areas, ReadOptions{Workers: 2}, func(int, *Batch) error { return nil }) // must not panic
	}
}

// FuzzParquet reads arbitrary bytes as a Parquet register file: the read
// must fail or succeed cleanly, never panic or hang.
func FuzzParquet(f *testing.F) {
	areas := pqTestAreas(f)
	dir := f.TempDir()
	seed := filepath.Join(dir, "seed.parquet")
	pqWriteFile(f, seed, areas, 2023, 50, 1)
	data, err := os.ReadFile(seed)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	bad := filepath.Join(dir, "bad.parquet")
	pqWriteRows(f, bad, []pqDictRow{pqDictRow(pqValidRow(1)), pqDictRow(pqValidRow(1))})
	if data, err := os.ReadFile(bad); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.parquet")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		FileYear(path)
		ReadFile(context.Background(), path, areas, ReadOptions{Workers: 2}, func(int, *Batch) error { return nil })
	})
}
