package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/demotest"
	"github.com/blandby/blandby/register"
)

// writeRegister writes a tiny register for the data years given: one area
// of 1,200 residents in København and 10,000 other persons in the region,
// none convicted, earning 400,000 kr.
func writeRegister(t *testing.T, dir string, years ...int) {
	t.Helper()
	areas, err := register.NewAreas([]blandby.Area{{ID: "0101-T01", Name: "Testvænget", MunicipalityCode: 101, RegionCode: 1084}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "areas.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := register.WriteAreas(f, areas); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, y := range years {
		w, err := register.Create(filepath.Join(dir, register.FileName(y, register.CSV)), register.CSV, areas)
		if err != nil {
			t.Fatal(err)
		}
		b := register.NewBatch(11200)
		b.Reset(y)
		for i := range 11200 {
			p := register.Person{ID: int64(i), Area: 0, Municipality: 101, Region: 3, Age: uint8(20 + i%40),
				Origin: register.Origin(i % 5), FTE: int32(i%3) * 500_000, Convicted: i%25 == 0, Education: register.Grundskole,
				EducationDK: register.Uoplyst, Taxpayer: true, Income: int64(100_000 + i)}
			if i >= 1200 {
				p.Area, p.Income, p.Convicted = register.NoArea, 400_000, false
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
}

func TestCompute(t *testing.T) {
	dir := t.TempDir()
	writeRegister(t, dir, 2020, 2021)
	ind, det := filepath.Join(dir, "ind.csv"), filepath.Join(dir, "det.csv")
	out, errOut, code := run(t, "compute", "--register", dir, "--areas", filepath.Join(dir, "areas.csv"), "--year", "2022",
		"--out", ind, "--details", det, "--format", "csv")
	if code != 0 {
		t.Fatal(errOut)
	}
	// 40 % non-Western (origins 3 and 4 of 5); a third at 0.5 FTE and a third at 1: 50 %
	// outside; 4 % convicted against 48/11,200 nationally (9.3 ×); no Danish-recognised
	// education: 100 % basic; a mean income of 100,599.5 kr. against the region's 367,921.375:
	// udsat (U1, U2, U3, U4) but not parallelsamfund (P1 needs over 50 %).
	if !strings.Contains(out, "2022,0101-T01,Testvænget,udsat,true,false,false,false,U1;U2;U3;U4;F0;F1;F2;F3;F4") {
		t.Errorf("lists:\n%s", out)
	}
	lists, errOut, code := run(t, "lists", "--indicators", ind, "--format", "csv")
	if code != 0 || lists != out {
		t.Errorf("the written indicator file gives other lists (%s):\n%s", errOut, lists)
	}
	details, err := os.ReadFile(det)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"2022,0101-T01,nonwestern,2021,480,1200,",
		"2022,0101-T01,outside_labour,2020,600,1200,",
		"2022,0101-T01,convicted,2021,48,1200,3/700",          // 48 of 11,200 nationally
		"2022,0101-T01,income,2021,120719400,1200,367921.375", // 4,120,719,400 / 11,200
		"2022,0101-T01,basic_education,2021,900,900,",         // ages 30–59: 30 of every 40
	} {
		if !strings.Contains(string(details), want) {
			t.Errorf("details lack %q:\n%s", want, details)
		}
	}
}

func TestComputeBadInput(t *testing.T) {
	dir := t.TempDir()
	writeRegister(t, dir, 2020, 2021)
	areas := filepath.Join(dir, "areas.csv")
	bad := t.TempDir()
	writeRegister(t, bad, 2020, 2021)
	path := filepath.Join(bad, register.FileName(2021, register.CSV))
	data, _ := os.ReadFile(path)
	lines := strings.Split(string(data), "\n")
	lines[501] = strings.Replace(lines[501], ",grundskole,", ",folkeskole,", 1)
	os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644)
	ref := filepath.Join(dir, "ref.csv")
	os.WriteFile(ref, []byte("year,national_convicted_pct,region_code,region_mean_income\n2021,1,1084,300000\n"), 0o644)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"no such directory", []string{"compute", "--register", filepath.Join(dir, "nope"), "--areas", areas, "--year", "2022"}, []string{"register directory"}},
		{"data year missing", []string{"compute", "--register", dir, "--areas", areas, "--year", "2023"}, []string{"no register file for data year 2022 (it has 2020–2021)"}},
		{"bad value in a register file", []string{"compute", "--register", bad, "--areas", areas, "--year", "2022"}, []string{path + ":502:", "education", `unknown education "folkeskole"`}},
		{"reference lacks a year", []string{"compute", "--register", dir, "--areas", areas, "--reference", ref, "--year", "2022"}, []string{"no national conviction share for data year 2020"}},
		{"no year", []string{"compute", "--register", dir, "--areas", areas}, []string{"missing --year or --years"}},
		{"bad range", []string{"compute", "--register", dir, "--areas", areas, "--years", "2022-2020"}, []string{`--years "2022-2020"`}},
		{"year with no rule set", []string{"compute", "--register", dir, "--areas", areas, "--year", "2008"}, []string{"no rule set for list year 2008"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := run(t, tt.args...)
			if code != exitInvalid || out != "" {
				t.Errorf("exit %d, stdout %q", code, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q lacks %q", errOut, w)
				}
			}
		})
	}
}

func TestComputeYearsTable(t *testing.T) {
	dir := t.TempDir()
	writeRegister(t, dir, 2019, 2020, 2021)
	out, errOut, code := run(t, "compute", "--register", dir, "--areas", filepath.Join(dir, "areas.csv"), "--years", "2021-2022", "--lang", "en")
	if code != 0 {
		t.Fatal(errOut)
	}
	for _, want := range []string{"LIST YEAR", fmt.Sprintf("%d  2021-11-30", 2021), "2022  2021-11-30"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

// TestComputeReference: the national conviction share and the regional mean
// incomes the criteria compare with are values of the whole population
// (docs/law/lists.md, "Statistical definitions"). Register files of the
// areas' residents alone are refused without --reference, by an error that
// says why and names the flag; with the reference file synth writes they are
// computed, and so are files of the whole population without one, to the
// same indicators: the reference file holds the whole population's values.
// A saved computation records which it used, and check shows it.
func TestComputeReference(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	areasDir, err := demotest.Synth(ctx, "--population", "areas", "--years", "2019-2020", "--scale", "0.01")
	if err != nil {
		t.Fatal(err)
	}
	fullDir, err := demotest.Synth(ctx, "--population", "full", "--years", "2019-2020", "--scale", "0.01")
	if err != nil {
		t.Fatal(err)
	}
	areas := filepath.Join(areasDir, "areas.csv")
	reference := filepath.Join(areasDir, "reference.csv")

	out, errOut, code := run(t, "compute", "--register", areasDir, "--areas", areas, "--year", "2021")
	if code != exitInvalid || out != "" {
		t.Fatalf("areas' residents without --reference: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for _, want := range []string{"list year 2021", filepath.Join(areasDir, "register-2019.csv"), "holds only the areas' residents, not the whole population",
		"national conviction share", "--reference FILE", "reference.csv"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q lacks %q", errOut, want)
		}
	}

	dir := t.TempDir()
	withRef, whole := filepath.Join(dir, "with-reference.csv"), filepath.Join(dir, "whole.csv")
	if _, errOut, code := run(t, "compute", "--register", areasDir, "--areas", areas, "--reference", reference, "--year", "2021", "--out", withRef); code != 0 {
		t.Fatalf("areas' residents with --reference: %s", errOut)
	}
	if _, errOut, code := run(t, "compute", "--register", fullDir, "--areas", filepath.Join(fullDir, "areas.csv"), "--year", "2021", "--out", whole); code != 0 {
		t.Fatalf("the whole population: %s", errOut)
	}
	a, _ := os.ReadFile(withRef)
	b, _ := os.ReadFile(whole)
	if len(a) == 0 || string(a) != string(b) {
		t.Errorf("the reference file and the whole population give other indicators:\n%.600s\n%.600s", a, b)
	}

	for _, tt := range []struct {
		name, register string
		reference      []string
		want, role     string
	}{
		{"reference file", areasDir, []string{"--reference", reference}, "national and regional values from reference file " + reference, `"role": "reference"`},
		{"whole population", fullDir, nil, "national and regional values from the whole population in the register files", `"role": "whole_population"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "blandby.db")
			args := append([]string{"compute", "--register", tt.register, "--areas", filepath.Join(tt.register, "areas.csv"), "--year", "2021", "--save"}, tt.reference...)
			_, errOut, code := runDB(t, db, args...)
			if code != 0 || !strings.Contains(errOut, tt.want) {
				t.Fatalf("compute --save: exit %d, stderr %q lacks %q", code, errOut, tt.want)
			}
			mustRun(t, db, "publish", "--year", "2021", "--by", "test")
			if out := mustRun(t, db, "check", "--inputs"); !strings.Contains(out, tt.want) || !strings.Contains(out, "0 problems") {
				t.Errorf("check lacks %q:\n%s", tt.want, out)
			}
			if out := mustRun(t, db, "export", "--year", "2021", "--format", "json"); !strings.Contains(out, tt.role) {
				t.Errorf("the published list's inputs lack %s:\n%.1500s", tt.role, out)
			}
		})
	}
}
