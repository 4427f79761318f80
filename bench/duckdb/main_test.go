package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/register"
)

// testAreas is a small registry: areas in every region, one of which no
// one lives in.
func testAreas(t *testing.T, dir string) (*register.Areas, string) {
	t.Helper()
	var list []blandby.Area
	for i, m := range []int{101, 101, 147, 751, 461, 851, 330, 169} {
		mu, ok := dk.MunicipalityByCode(m)
		if !ok {
			t.Fatalf("no municipality %d", m)
		}
		list = append(list, blandby.Area{ID: fmt.Sprintf("%04d-%03d", m, i), Name: mu.Name, MunicipalityCode: m, RegionCode: mu.RegionCode})
	}
	areas, err := register.NewAreas(list)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "areas.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := register.WriteAreas(f, areas); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return areas, path
}

// writeYear writes a data year of random valid rows; the last area of the
// registry has no residents.
func writeYear(t *testing.T, path string, format register.Format, areas *register.Areas, year, n int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(uint64(year), 9))
	w, err := register.Create(path, format, areas)
	if err != nil {
		t.Fatal(err)
	}
	b := register.NewBatch(n)
	b.Reset(year)
	for i := range n {
		p := register.Person{ID: int64(i)*2 + int64(rng.IntN(2)), Area: register.NoArea, Age: uint8(rng.IntN(register.AgeCount)),
			Origin: register.Origin(rng.IntN(register.OriginCount)), Convicted: rng.IntN(15) == 0,
			Education: register.Education(rng.IntN(register.EducationCount)), EducationDK: register.Education(rng.IntN(register.EducationCount)),
			InEducation: rng.IntN(4) == 0, Taxpayer: rng.IntN(6) > 0, Income: rng.Int64N(900_000)}
		switch rng.IntN(4) {
		case 0:
			p.FTE = register.FTEScale
		case 1:
			p.FTE = rng.Int32N(register.FTEScale)
		}
		if rng.IntN(3) > 0 {
			p.Area = int32(rng.IntN(areas.Len() - 1))
			ar := areas.At(p.Area)
			p.Municipality, p.Region = uint16(ar.MunicipalityCode), uint8(dk.RegionIndex(ar.RegionCode))
		} else {
			m := dk.Municipalities[rng.IntN(len(dk.Municipalities))]
			p.Municipality, p.Region = uint16(m.Code), uint8(dk.RegionIndex(m.RegionCode))
		}
		b.Append(p)
	}
	if err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestSameDetailsAsBlandby writes small register directories in both
// formats and checks that the SQL gives byte for byte the details
// indicator.Compute and indicator.WriteDetails give, for list years under
// every rule set, with and without a reference file.
func TestSameDetailsAsBlandby(t *testing.T) {
	ctx := context.Background()
	for _, format := range []register.Format{register.CSV, register.Parquet} {
		dir := t.TempDir()
		areas, areasFile := testAreas(t, dir)
		regDir := filepath.Join(dir, "register")
		os.Mkdir(regDir, 0o755)
		for y := 2005; y <= 2024; y++ {
			writeYear(t, filepath.Join(regDir, register.FileName(y, format)), format, areas, y, 3000)
		}
		// A reference file with values unlike those of the data.
		ref := register.NewReference()
		for y := 2005; y <= 2024; y++ {
			ref.SetNational(y, blandby.NewRatio(int64(y-1990), 1000))
			for _, r := range dk.Regions {
				ref.SetRegionMeanIncome(y, r.Code, blandby.NewRatio(int64(r.Code)*300+int64(y), 3))
			}
		}
		refFile := filepath.Join(dir, "reference.csv")
		f, _ := os.Create(refFile)
		if err := register.WriteReference(f, ref); err != nil {
			t.Fatal(err)
		}
		f.Close()

		t.Run(string(format)+"/years 2021-2022", func(t *testing.T) {
			o := options{register: regDir, areas: areasFile, listYears: []int{2021, 2022}, threads: 2, details: filepath.Join(dir, "duckdb-run.csv")}
			if _, err := run(ctx, o, io.Discard); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(o.details)
			if want := blandbyDetails(t, o, areas, o.listYears); !bytes.Equal(got, want) {
				t.Fatalf("details differ:\n%s", firstDiff(want, got))
			}
		})
		for _, year := range []int{2011, 2015, 2019, 2024} {
			for _, withRef := range []bool{false, true} {
				name := fmt.Sprintf("%s/%d/reference=%v", format, year, withRef)
				t.Run(name, func(t *testing.T) {
					o := options{register: regDir, areas: areasFile, year: year, threads: 2, details: filepath.Join(dir, "duckdb.csv")}
					if withRef {
						o.reference = refFile
					}
					if _, err := run(ctx, o, io.Discard); err != nil {
						t.Fatal(err)
					}
					got, _ := os.ReadFile(o.details)
					want := blandbyDetails(t, o, areas, []int{year})
					if !bytes.Equal(got, want) {
						t.Fatalf("details differ:\n%s", firstDiff(want, got))
					}
					rs, _ := law.ForListYear(year)
					lines := bytes.Count(want, []byte("\n")) - 1
					per := 0
					defs, _ := definitions(rs)
					for _, d := range defs {
						per += len(d.c.DataYears)
					}
					if lines != areas.Len()*per || lines == 0 {
						t.Errorf("%d detail rows, want %d areas × %d", lines, areas.Len(), per)
					}
					if !bytes.Contains(want, []byte(string(indicator.DetailColumns[0]))) {
						t.Error("no header")
					}
				})
			}
		}
	}
}

// blandbyDetails computes the details of list years with blandby itself:
// its reader, engine and writer.
func blandbyDetails(t *testing.T, o options, areas *register.Areas, listYears []int) []byte {
	t.Helper()
	var ref *register.Reference
	if o.reference != "" {
		var err error
		if ref, err = readReference(o.reference); err != nil {
			t.Fatal(err)
		}
	}
	need := map[int]bool{}
	for _, ly := range listYears {
		rs, err := law.ForListYear(ly)
		if err != nil {
			t.Fatal(err)
		}
		for _, y := range indicator.DataYears(rs, ly) {
			need[y] = true
		}
	}
	var files []string
	for _, y := range slices.Sorted(maps.Keys(need)) {
		f, err := registerFile(o.register, y)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	data, _, err := indicator.Load(context.Background(), files, areas, ref, register.ReadOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var all []blandby.IndicatorDetail
	for _, ly := range listYears {
		rs, _ := law.ForListYear(ly)
		out, err := indicator.Compute(rs, ly, data)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, out.Details...)
	}
	var buf bytes.Buffer
	if err := indicator.WriteDetails(&buf, all); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// firstDiff shows the first line where two files differ.
func firstDiff(want, got []byte) string {
	w, g := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := range max(len(w), len(g)) {
		var wl, gl []byte
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if !bytes.Equal(wl, gl) {
			return fmt.Sprintf("line %d:\nblandby: %s\nduckdb:  %s", i+1, wl, gl)
		}
	}
	return "same lines"
}
