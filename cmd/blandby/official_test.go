package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blandby/blandby/official/verify"
)

// TestOfficialVerify: the command prints every year's agreement and, as
// JSON, the same report; the 2012 anomaly is named.
func TestOfficialVerify(t *testing.T) {
	out, errOut, code := run(t, "--lang", "en", "official", "verify")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"2010       2010-10-26  29/29  0       0          0", "2012       2010-10-26  37/38  0       1",
		"Published anomaly 2012, Ringparken, Slagelse", "Stengårdsvej-kvarteret"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q", w)
		}
	}
	out, errOut, code = run(t, "official", "verify", "--format", "json")
	if code != 0 {
		t.Fatalf("json: exit %d: %s", code, errOut)
	}
	var rep verify.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Years) != 14 || rep.Years[2].Anomalies != 1 {
		t.Errorf("json report: %d years", len(rep.Years))
	}
}

// TestImportOfficialCommand: the lists are recorded once, with the counts
// per list; an --area-names file that contradicts the registry stops the
// import before anything is recorded.
func TestImportOfficialCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	bad := filepath.Join(t.TempDir(), "names.yaml")
	if err := os.WriteFile(bad, []byte("areas:\n  - id: vollsmose\n    name: Vollsmose\n    municipality_code: 101\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := run(t, "--db", db, "--area-names", bad, "import", "official"); code != exitInvalid || !strings.Contains(errOut, "vollsmose lies in municipality 461") {
		t.Errorf("contradicting names: exit %d: %s", code, errOut)
	}
	out, errOut, code := run(t, "--db", db, "import", "official")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "2013: parallelsamfund 40 of ? named") || !strings.Contains(out, "2022: udsat 11 of 17 named, parallelsamfund 10 of 10 named, omdannelse 9 of 9 named, forebyggelse 1 of 67 named") {
		t.Errorf("output:\n%s", out)
	}
	if _, _, code := run(t, "--db", db, "import", "official"); code == 0 {
		t.Error("a second import succeeded")
	}
	// publications shows per list how many areas were published and how
	// many the entries name (docs/official.md's table), in either language.
	out, errOut, code = run(t, "--db", db, "--lang", "en", "publications")
	if code != 0 {
		t.Fatalf("publications: exit %d: %s", code, errOut)
	}
	lines := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if y, _, ok := strings.Cut(l, " "); ok {
			lines[y] = l
		}
	}
	for y, want := range map[string]string{
		"2010": "parallelsamfund 29 published, 29 named",
		"2013": "parallelsamfund ? published, 40 named",
		"2023": "udsat 19 published, 11 named; parallelsamfund 12 published, 10 named; omdannelse 8 published, 8 named; forebyggelse 56 published, 0 named",
	} {
		if !strings.HasSuffix(lines[y], want) {
			t.Errorf("publications of %s: %q, want it to end in %q", y, lines[y], want)
		}
	}
	if !strings.Contains(out, "LISTS") || len(lines) != 15 {
		t.Errorf("publications: want a header with LISTS and 14 lists:\n%s", out)
	}
	if out, _, _ := run(t, "--db", db, "--lang", "da", "publications"); !strings.Contains(out, "udsat 17 offentliggjort, 11 navngivet; parallelsamfund 10 offentliggjort, 10 navngivet") {
		t.Errorf("publications in Danish:\n%s", out)
	}
}

// TestDemoOfficial: demo --official records the published lists once (a
// second run finds them), and refuses a database that holds other lists;
// serve then shows the source line and not the synthetic banner.
func TestDemoOfficial(t *testing.T) {
	db := filepath.Join(t.TempDir(), "official.db")
	first := mustRun(t, db, "--lang", "en", "demo", "--official", "--no-serve")
	if !strings.Contains(first, "published lists are recorded (2010–2023)") {
		t.Fatalf("demo --official:\n%s", first)
	}
	if again := mustRun(t, db, "--lang", "en", "demo", "--official", "--no-serve"); again != first {
		t.Errorf("second run:\n%s\nfirst:\n%s", again, first)
	}
	if pubs := mustRun(t, db, "publications"); strings.Count(pubs, "\n") < 14 {
		t.Errorf("publications:\n%s", pubs)
	}
	other := filepath.Join(t.TempDir(), "other.db")
	mustRun(t, other, "import", "history", hist2022)
	if _, errOut, code := runDB(t, other, "demo", "--official", "--no-serve"); code == 0 || !strings.Contains(errOut, "other published lists") {
		t.Errorf("a database with other lists: status %d\n%s", code, errOut)
	}

	_, url := startServe(t, db)
	resp, err := http.Get(url + "lister/2015")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `id="source-line"`) || strings.Contains(string(body), "synthetic-banner") {
		t.Errorf("serve on the published lists: no source line, or a synthetic banner")
	}
}
