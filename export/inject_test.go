package export

import (
	"bytes"
	"strings"
	"testing"
)

// Area names a spreadsheet would run as formulas (OWASP "CSV Injection").
const (
	evilName  = `=HYPERLINK("http://evil")`
	evilName2 = "-2+3"
)

// TestCSVNeutralisesFormulas: every CSV writer of lists (the published
// list's download and `blandby lists/compute --format csv`) writes a
// formula-like area name with a leading apostrophe, and the workbook holds
// it as text, not as a formula.
func TestCSVNeutralisesFormulas(t *testing.T) {
	pub, areas, rs := imported(t, 2019)
	areas[0].Names = nil
	areas[0].Name, areas[1].Name = evilName, evilName2
	got := string(write(t, CSV, pub, areas, rs))
	for _, want := range []string{`,"'=HYPERLINK(""http://evil"")",`, ",'-2+3,"} {
		if !strings.Contains(got, want) {
			t.Errorf("published CSV lacks %s:\n%s", want, got)
		}
	}

	_, _, _, out := computed2022(t)
	out.Results[0].Area.Name, out.Results[1].Area.Name = evilName, evilName2
	var buf bytes.Buffer
	if err := WriteListsCSV(&buf, out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`,"'=HYPERLINK(""http://evil"")",`, ",'-2+3,"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("lists CSV lacks %s:\n%s", want, buf.String())
		}
	}

	f := openXLSX(t, write(t, XLSX, pub, areas, rs))
	found := 0
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			for j, v := range r {
				if v != evilName && v != evilName2 {
					continue
				}
				found++
				cell := cell(j+1, i+1)
				if fm, err := f.GetCellFormula(sh, cell); err != nil || fm != "" {
					t.Errorf("%s!%s holds the formula %q (%v)", sh, cell, fm, err)
				}
			}
		}
	}
	if found == 0 {
		t.Error("the workbook does not hold the names as text")
	}
}
