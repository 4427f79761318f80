//go:build !race

// This file's tests are in the full-scale tier: a long sequential
// computation, so the race detector finds nothing in it and makes it 5–10×
// slower. make test runs them in a second pass without it (Makefile,
// FULLSCALE).

package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/internal/chromium"
	"github.com/blandby/blandby/internal/demotest"
)

// TestReportAndMonitor: on a small demo database (the web tests' one, list
// years 2018–2022, prepared once per test run by package demotest), report
// writes a
// printable report of a year, monitor's counts equal the published lists'
// (as export writes them), and warnings and its backtest run.
func TestReportAndMonitor(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("prepares a demo")
	}
	db := filepath.Join(t.TempDir(), "blandby.db")
	if err := demotest.Copy(context.Background(), db, demo.Options{Scale: 0.5, FirstYear: 2018, LastYear: 2022, SoftwareVersion: "test"}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	path := strings.TrimSpace(mustRun(t, db, "report", "--year", "2022", "--out", out, "--lang", "da"))
	if path != filepath.Join(out, "report-2022.html") {
		t.Fatalf("report wrote %q", path)
	}
	html, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Årsrapport om listerne 2022", "Syntetiske data", "@page", "<svg", `id="table1"`} {
		if !strings.Contains(string(html), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	en := strings.TrimSpace(mustRun(t, db, "report", "--year", "2021", "--out", out, "--lang", "en"))
	if b, err := os.ReadFile(en); err != nil || !strings.Contains(string(b), "Yearly report on the lists 2021") {
		t.Errorf("English report: %v", err)
	}

	if _, err := chromium.Find(os.Getenv); err == nil {
		got := strings.Fields(mustRun(t, db, "report", "--year", "2022", "--out", out, "--pdf"))
		if len(got) != 2 || !strings.HasSuffix(got[1], "report-2022.pdf") {
			t.Fatalf("report --pdf wrote %v", got)
		}
		if b, err := os.ReadFile(got[1]); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
			t.Errorf("report-2022.pdf: %v", err)
		}
	}

	var mon monitorJSON
	if err := json.Unmarshal([]byte(mustRun(t, db, "monitor", "--format", "json")), &mon); err != nil {
		t.Fatal(err)
	}
	if mon.Year != 2022 || len(mon.Tallies) != 5 || len(mon.Status.Targets) == 0 || mon.Projection == nil {
		t.Fatalf("monitor json: year %d, %d tallies, %d targets", mon.Year, len(mon.Tallies), len(mon.Status.Targets))
	}
	listed := 0
	for _, tl := range mon.Tallies {
		csv := csvRows(t, mustRun(t, db, "export", "--year", strconv.Itoa(tl.Year), "--format", "csv"))
		col := map[string]int{}
		for i, h := range csv[0] {
			col[h] = i
		}
		for _, l := range tl.Lists {
			n := 0
			for _, row := range csv[1:] {
				if row[col[string(l)]] == "true" {
					n++
				}
			}
			listed += n
			if n != tl.OnCounts[l] {
				t.Errorf("%d %s: monitor %d, export %d", tl.Year, l, tl.OnCounts[l], n)
			}
		}
	}
	if listed == 0 {
		t.Error("no area on any list: the comparison proves nothing")
	}
	table := mustRun(t, db, "monitor", "--year", "2021")
	for _, want := range []string{"forebyggelse", "M1", "2030"} {
		if !strings.Contains(table, want) {
			t.Errorf("monitor table lacks %q:\n%s", want, table)
		}
	}
	if w := mustRun(t, db, "monitor", "warnings", "--year", "2021", "--points", "10", "--lang", "da"); !strings.Contains(w, "varsler") {
		t.Errorf("warnings:\n%s", w)
	}
	var bs []struct{ Year, Entered, Hits int }
	if err := json.Unmarshal([]byte(mustRun(t, db, "monitor", "warnings", "--backtest", "--format", "json")), &bs); err != nil || len(bs) != 4 { // 2018–2021, each against the next year
		t.Errorf("backtest: %v %+v", err, bs)
	}
	for _, args := range [][]string{{"report"}, {"report", "--year", "1999"}, {"monitor", "--format", "xml"}, {"monitor", "warnings", "--points", "-1"}} {
		if _, _, code := runDB(t, db, args...); code != exitInvalid {
			t.Errorf("%v: exit %d, want %d", args, code, exitInvalid)
		}
	}
}
