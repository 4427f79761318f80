package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlite"
	"github.com/blandby/blandby/web"
)

// TestPlanAssessGolden: the hand-computed plans of package plan, through
// the command line (650/1624 misses 40 % by one dwelling; 650/1625 = 40 %).
func TestPlanAssessGolden(t *testing.T) {
	for _, tt := range []struct{ name, file, lang string }{
		{"plan-assess-miss-by-one.txt", "miss-by-one.json", "da"},
		{"plan-assess-reach-2029.en.txt", "reach-2029.json", "en"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := run(t, "--lang", tt.lang, "plan", "assess", "testdata/plan/"+tt.file, "--as-of", "2025-06-01")
			if code != 0 {
				t.Fatalf("status %d: %s", code, errOut)
			}
			golden(t, tt.name, out)
		})
	}
	out, _, code := run(t, "plan", "assess", "testdata/plan/miss-by-one.json", "--as-of", "2025-06-01", "--json")
	var v struct {
		Assessment struct {
			Projection struct {
				OnTrack bool  `json:"on_track"`
				Gap     int64 `json:"gap"`
			} `json:"projection"`
		} `json:"assessment"`
	}
	if err := json.Unmarshal([]byte(out), &v); code != 0 || err != nil || v.Assessment.Projection.OnTrack || v.Assessment.Projection.Gap != 1 {
		t.Errorf("--json: %d %v %+v", code, err, v)
	}
}

func TestPlanAssessBadFile(t *testing.T) {
	_, errOut, code := run(t, "plan", "assess", "testdata/plan/nope.json")
	if code != exitInvalid || !strings.Contains(errOut, "nope.json") {
		t.Errorf("missing file: %d %s", code, errOut)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"area_id": "x", "base_year": 2024, "stock": {"public_family": 10}, "actions": [{"year": 2025, "kind": "sell", "dwellings": 11}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = run(t, "plan", "assess", bad)
	if code != exitInvalid || !strings.Contains(errOut, "actions[0].dwellings") {
		t.Errorf("selling more than there is: %d %s", code, errOut)
	}
}

// TestPlanSaveShowList: saving is authorised against the area's
// municipality and departments and audited; every save is a new version.
func TestPlanSaveShowList(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "blandby.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "x", Name: "X", MunicipalityCode: 101}}}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutDepartments(ctx, []store.Department{{ID: "x-1", AreaID: "x", HousingOrg: "org-a", Name: "X 1"}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	file := "testdata/plan/miss-by-one.json"
	mustRun(t, db, "plan", "save", "x", file, "--as", "municipality:101", "--by", "anna")
	out := mustRun(t, db, "--lang", "en", "plan", "save", "x", "testdata/plan/reach-2029.json", "--as", "housing_org:org-a", "--prev", "1")
	if !strings.Contains(out, "saved version 2") {
		t.Errorf("second save: %s", out)
	}
	for _, tt := range []struct {
		as   string
		prev string
		want int
	}{
		{"municipality:851", "-1", exitInternal},  // forbidden: another municipality
		{"housing_org:org-b", "-1", exitInternal}, // forbidden: owns no department
		{"municipality:101", "1", exitInternal},   // conflict: version 2 saved since
		{"ministry", "-1", exitInvalid},           // usage
	} {
		_, errOut, code := runDB(t, db, "plan", "save", "x", file, "--as", tt.as, "--prev", tt.prev)
		if code != tt.want {
			t.Errorf("save as %s: %d, want %d: %s", tt.as, code, tt.want, errOut)
		}
	}
	show := mustRun(t, db, "--lang", "en", "plan", "show", "x", "--as-of", "2025-06-01")
	if !strings.Contains(show, "version 2") || !strings.Contains(show, "reaches the goal") {
		t.Errorf("show:\n%s", show)
	}
	if old := mustRun(t, db, "--lang", "en", "plan", "show", "x", "--version", "1", "--as-of", "2025-06-01"); !strings.Contains(old, "misses the goal") {
		t.Errorf("show --version 1:\n%s", old)
	}
	var list struct {
		Plans []struct {
			AreaID  string `json:"area_id"`
			Version int    `json:"version"`
			Status  struct {
				OnTrack bool `json:"on_track"`
			} `json:"status"`
		} `json:"plans"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, db, "plan", "list", "--json")), &list); err != nil || len(list.Plans) != 1 || list.Plans[0].Version != 2 || !list.Plans[0].Status.OnTrack {
		t.Errorf("list: %v %+v", err, list)
	}
	if text := mustRun(t, db, "plan", "list", "--lang", "da"); !strings.Contains(text, "når målet") || !strings.Contains(text, "ingen") {
		t.Errorf("list:\n%s", text)
	}
	// Every attempt is in the audit trail: 2 saved, 2 denied, 1 failed.
	st, err = sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log, err := st.AuditLog(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range log {
		if e.Action == "plan" {
			count[e.Outcome]++
		}
	}
	if count[store.AuditOK] != 2 || count[store.AuditDenied] != 2 || count[store.AuditFailed] != 1 {
		t.Errorf("audit trail: %v", count)
	}
}

// TestPlanSaveAuditSameAsWeb: saving a plan on the command line and
// through the web API is one act (app.SavePlan) and writes the same audit
// entry: same action, object, outcome, role, scope and detail, but for the
// medium it came through and who acted.
func TestPlanSaveAuditSameAsWeb(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "blandby.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "x", Name: "X", MunicipalityCode: 101}}}); err != nil {
		t.Fatal(err)
	}
	mustRun(t, db, "users", "add", "anna", "--role", "municipality:101", "--no-password")
	token := regexp.MustCompile(`bby_[a-z0-9_]+`).FindString(mustRun(t, db, "tokens", "create", "--user", "anna", "--name", "test", "--expires", "1h"))
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(st, cat, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	body, err := os.ReadFile("testdata/plan/miss-by-one.json")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPut, ts.URL+"/api/v1/plans/x", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("PUT /api/v1/plans/x: %d", resp.StatusCode)
	}
	mustRun(t, db, "plan", "save", "x", "testdata/plan/miss-by-one.json", "--as", "municipality:101", "--by", "anna", "--prev", "1")

	log, err := st.AuditLog(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var saves []store.AuditEntry
	for _, e := range log {
		if e.Action == "plan" {
			saves = append(saves, e)
		}
	}
	if len(saves) != 2 {
		t.Fatalf("plan entries %+v, want the web's and the command line's", saves)
	}
	fromWeb, fromCLI := saves[0], saves[1]
	if fromWeb.Actor != "anna" || fromCLI.Actor != "cli:anna" || fromWeb.Detail != "web: saved version 1" || fromCLI.Detail != "command line: saved version 2" {
		t.Errorf("who and how: web %q %q, command line %q %q", fromWeb.Actor, fromWeb.Detail, fromCLI.Actor, fromCLI.Detail)
	}
	same := func(e store.AuditEntry) string {
		_, what, _ := strings.Cut(e.Detail, ": ")
		return strings.Join([]string{e.Action, e.Object, e.Outcome, e.Role, e.Scope, strings.TrimRight(what, "0123456789")}, "|")
	}
	if same(fromWeb) != same(fromCLI) {
		t.Errorf("the entries differ:\nweb          %s\ncommand line %s", same(fromWeb), same(fromCLI))
	}
}
