package register

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/inputtest"
)

func TestAreasRoundTripAndErrors(t *testing.T) {
	in := "area_id,area_name,municipality_code,region_code,dwellings_total,family_dwellings\n" +
		"0101-S01,Kvorbakken,0101,1084,1200,1100\n0751-S02,Trelleparken,751,1082,,\n"
	a, err := ReadAreas(strings.NewReader(in), "areas.csv")
	if err != nil {
		t.Fatal(err)
	}
	if a.Len() != 2 || a.At(0).DwellingsTotal != 1200 || a.At(1).MunicipalityCode != 751 {
		t.Errorf("areas %+v %+v", a.At(0), a.At(1))
	}
	if i, ok := a.Index("0751-S02"); !ok || i != 1 {
		t.Errorf("Index = %d, %v", i, ok)
	}
	var buf bytes.Buffer
	if err := WriteAreas(&buf, a); err != nil {
		t.Fatal(err)
	}
	back, err := ReadAreas(&buf, "again.csv")
	if err != nil || back.Len() != 2 || back.At(0) != a.At(0) || back.At(1) != a.At(1) {
		t.Errorf("round trip: %v", err)
	}
	h := "area_id,area_name,municipality_code,region_code\n"
	tests := []struct {
		name, body string
		want       []inputtest.Want
	}{
		{"duplicate id", "x,A,0101,1084\nx,B,0101,1084\n", []inputtest.Want{{Line: 3, Field: ColAreaID, Msg: "first on line 2"}}},
		{"unknown region", "x,A,0101,1099\n", []inputtest.Want{{Line: 2, Field: ColRegionCode, Msg: "unknown region 1099"}}},
		{"missing id", ",A,0101,1084\n", []inputtest.Want{{Line: 2, Field: ColAreaID, Msg: "missing area id"}}},
		{"bad municipality", "x,A,abc,1084\n", []inputtest.Want{{Line: 2, Field: ColMunicipalityCode, Msg: `"abc" is not a municipality code`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadAreas(strings.NewReader(h+tt.body), "areas.csv")
			inputtest.Check(t, err, "areas.csv", tt.want)
		})
	}
	_, err = ReadAreas(strings.NewReader(h[:len(h)-1]+",dwellings_total,family_dwellings\nx,A,0101,1084,5,9\n"), "areas.csv")
	inputtest.Check(t, err, "areas.csv", []inputtest.Want{{Line: 2, Field: ColFamilyDwellings, Msg: "more than the 5 dwellings"}})
}

func TestReferenceRoundTripAndErrors(t *testing.T) {
	in := "year,national_convicted_pct,region_code,region_mean_income\n2020,\"0,73\",1084,412345.5\n2020,0.73,1081,350000\n2021,100/150,1084,420000\n"
	ref, err := ReadReference(strings.NewReader(in), "ref.csv")
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := ref.National(2020); !ok || v.Cmp(blandby.NewRatio(73, 10000)) != 0 {
		t.Errorf("national 2020 = %v", v)
	}
	if v, ok := ref.RegionMeanIncome(2020, 1084); !ok || v.Cmp(blandby.NewRatio(824691, 2)) != 0 {
		t.Errorf("mean 2020 1084 = %v", v)
	}
	if _, ok := ref.RegionMeanIncome(2021, 1081); ok {
		t.Error("no value was given for 2021, 1081")
	}
	var buf bytes.Buffer
	if err := WriteReference(&buf, ref); err != nil {
		t.Fatal(err)
	}
	back, err := ReadReference(&buf, "again.csv")
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := back.National(2021); v.Cmp(blandby.NewRatio(1, 150)) != 0 {
		t.Errorf("round trip national 2021 = %v", v)
	}
	h := "year,national_convicted_pct,region_code,region_mean_income\n"
	tests := []struct {
		name, body string
		want       []inputtest.Want
	}{
		{"national differs within a year", "2020,0.7,1084,1\n2020,0.8,1081,1\n", []inputtest.Want{{Line: 3, Field: ColNationalConvictedPct, Msg: "differs from line 2"}}},
		{"duplicate region", "2020,0.7,1084,1\n2020,0.7,1084,2\n", []inputtest.Want{{Line: 3, Field: ColRegionCode, Msg: "appear twice"}}},
		{"zero income", "2020,0.7,1084,0\n", []inputtest.Want{{Line: 2, Field: ColRegionMeanIncome, Msg: "above 0"}}},
		{"missing national", "2020,,1084,5\n", []inputtest.Want{{Line: 2, Field: ColNationalConvictedPct, Msg: "missing value"}}},
		{"percentage above 100", "2020,101,1084,5\n", []inputtest.Want{{Line: 2, Field: ColNationalConvictedPct, Msg: "percentage"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadReference(strings.NewReader(h+tt.body), "ref.csv")
			inputtest.Check(t, err, "ref.csv", tt.want)
		})
	}
}

func TestOpenDir(t *testing.T) {
	areas := testAreas(t)
	dir := t.TempDir()
	writeRandom(t, filepath.Join(dir, FileName(2019, CSV)), CSV, 2019, 10, 1, areas)
	writeRandom(t, filepath.Join(dir, FileName(2021, CSV)), CSV, 2021, 10, 2, areas)
	os.WriteFile(filepath.Join(dir, "areas.csv"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "indicators.csv"), []byte("x"), 0o644)
	d, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Years(); len(got) != 2 || got[0] != 2019 || got[1] != 2021 {
		t.Errorf("years %v", got)
	}
	if _, err := d.Files([]int{2019, 2020}); err == nil || !strings.Contains(err.Error(), "no register file for data year 2020 (it has 2019, 2021)") {
		t.Errorf("missing year: %v", err)
	}
	// A file whose rows are of another year than its name.
	writeRandom(t, filepath.Join(dir, FileName(2022, CSV)), CSV, 2023, 10, 3, areas)
	if _, err := OpenDir(dir); err == nil || !strings.Contains(err.Error(), "holds data year 2023, not the 2022 of its name") {
		t.Errorf("misnamed file: %v", err)
	}
	if _, err := OpenDir(t.TempDir()); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("empty directory: %v", err)
	}
}
