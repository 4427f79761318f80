package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blandby/blandby/store/sqlite"
)

// TestImportAreaNamesCommand: names stored with import area-names resolve
// in a later convert and import indicators on the same database (and not
// without it); a file that gives a name of the registry to another area of
// its municipality is refused and stores nothing.
func TestImportAreaNamesCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Grønneparken: printed in no list; docs/official.md leaves it to a
	// user who knows to make it an alias of agervang.
	in := write("published.csv", "year,area_name,municipality,residents\n2022,Grønneparken,Holbæk,1000\n")
	out := filepath.Join(dir, "out.csv")
	if _, errOut, code := run(t, "--db", db, "convert", "--indicators", in, "--out", out); code != exitInvalid || !strings.Contains(errOut, `unknown area "Grønneparken"`) {
		t.Fatalf("before the names are stored: exit %d: %s", code, errOut)
	}
	clash := write("clash.yaml", "areas:\n  - id: agervang-nord\n    name: \"Agervang Nord\"\n    municipality_code: 316\n    aliases:\n      - name: \"Grønneparken\"\n      - name: \"Agervang mv.\"\n")
	if _, errOut, code := run(t, "--db", db, "import", "area-names", clash); code != exitInvalid || !strings.Contains(errOut, `the name "Agervang mv." of agervang-nord is already a name of agervang`) {
		t.Errorf("a clashing file: exit %d: %s", code, errOut)
	}
	names := write("names.yaml", "areas:\n  - id: agervang\n    name: \"Agervang\"\n    municipality_code: 316\n    aliases:\n      - name: \"Grønneparken\"\n")
	got, errOut, code := run(t, "--db", db, "import", "area-names", names, "--by", "ops")
	if code != 0 || !strings.Contains(got, "stored "+names+" as area names 1") {
		t.Fatalf("import area-names: exit %d: %s%s", code, got, errOut)
	}
	// The clashing file stored nothing: the good one is number 1.
	if _, errOut, code := run(t, "--db", db, "convert", "--indicators", in, "--out", out); code != 0 {
		t.Fatalf("convert with the stored names: exit %d: %s", code, errOut)
	}
	if data, err := os.ReadFile(out); err != nil || !strings.Contains(string(data), "2022,agervang,1000,Grønneparken,Holbæk,") {
		t.Errorf("converted (%v):\n%s", err, data)
	}
	// Without the database the name is unknown again.
	if _, _, code := run(t, "--db", filepath.Join(dir, "other.db"), "convert", "--indicators", in, "--out", out); code != exitInvalid {
		t.Errorf("convert on another database: exit %d, want the name unknown", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "other.db")); err == nil {
		t.Error("convert created the database it only read names from")
	}
	got, errOut, code = run(t, "--db", db, "import", "indicators", in)
	if code != 0 || !strings.Contains(got, "stored the indicators of 2022 as set 1 (1 area)") {
		t.Fatalf("import indicators: exit %d: %s%s", code, got, errOut)
	}
	// --area-names extends the stored names further.
	more := write("more.yaml", "areas:\n  - id: nyvej\n    name: \"Nyvej\"\n    municipality_code: 101\n")
	in2 := write("both.csv", "year,area_name,municipality,residents\n2022,Grønneparken,Holbæk,1000\n2022,Nyvej,København,900\n")
	if _, errOut, code := run(t, "--db", db, "--area-names", more, "convert", "--indicators", in2, "--out", out); code != 0 {
		t.Errorf("stored names and --area-names: exit %d: %s", code, errOut)
	}
}

// TestCheckFindsInvalidText: text that is not UTF-8, written into an SQLite
// database by raw SQL (as another program could), makes check name its
// table, row and column and exit with status 1.
func TestCheckFindsInvalidText(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	if _, errOut, code := run(t, "--db", db, "import", "official"); code != 0 {
		t.Fatalf("import official: exit %d: %s", code, errOut)
	}
	if out, errOut, code := run(t, "--db", db, "check"); code != 0 || !strings.Contains(out, "stored text: all valid UTF-8") {
		t.Fatalf("check before: exit %d: %s%s", code, out, errOut)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	// "Agervang" with the Latin-1 byte of "æ" (E6) in place of "e".
	if _, err := st.(*sqlite.Store).DB().Exec(`UPDATE areas SET name = CAST(X'4167E67276616E67' AS TEXT) WHERE id = 'agervang'`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, errOut, code := run(t, "--db", db, "check")
	if code != exitInternal || !strings.Contains(out, `stored text: PROBLEM: table areas, row id=agervang, column name: not valid UTF-8: "Ag\xe6rvang"`) ||
		!strings.Contains(out, "14 publications checked, 1 problem") || !strings.Contains(errOut, "check found 1 problem") {
		t.Errorf("check: exit %d:\n%s%s", code, out, errOut)
	}
}
