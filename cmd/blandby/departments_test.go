package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blandby/blandby/store/sqlite"
)

// TestImportDepartments: a departments file is stored whole, and a file
// naming an area that is not stored is refused whole, with the area named.
func TestImportDepartments(t *testing.T) {
	fx := testFixture(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "blandby.db")
	mustRun(t, db, "import", "areas", fx.areas)
	f, err := os.Open(fx.areas)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	a1, a2 := rows[1][0], rows[2][0]
	good := filepath.Join(dir, "afdelinger.csv")
	writeTestFile(t, good, "department_id,area_id,housing_org,department_name,family_dwellings\n"+
		"kab-1,"+a1+",kab,Afdeling 1,400\nkab-2,"+a2+",kab,Afdeling 2,250\nfsb-9,"+a1+",fsb,,120\n")
	if out := mustRun(t, db, "import", "departments", good); !strings.Contains(out, "stored 3 departments") {
		t.Errorf("import: %s", out)
	}
	bad := filepath.Join(dir, "forkert.csv")
	writeTestFile(t, bad, "department_id,area_id,housing_org\nnew-1,"+a2+",new\nnew-2,no-such-area,new\n")
	if _, stderr, code := runDB(t, db, "import", "departments", bad); code == 0 || !strings.Contains(stderr, "no-such-area") {
		t.Errorf("import of a department of an unknown area: status %d, %s", code, stderr)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ds, err := st.Departments(context.Background(), a1)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0].ID != "fsb-9" || ds[1].HousingOrg != "kab" || ds[1].FamilyDwellings != 400 {
		t.Errorf("departments of %s: %+v", a1, ds)
	}
	if all, _ := st.Departments(context.Background(), ""); len(all) != 3 {
		t.Errorf("after the refused import: %d departments, want 3", len(all))
	}
}

func writeTestFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
