package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/letting"
	"github.com/blandby/blandby/plan"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlite"
)

func TestLettingGolden(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"letting-decide-omdannelse.txt", []string{"letting", "decide", "--case", "testdata/letting/case-omdannelse.json", "--lang", "da"}},
		{"letting-decide-omdannelse.en.json", []string{"letting", "decide", "--case", "testdata/letting/case-omdannelse.json", "--json", "--lang", "en"}},
		{"letting-rank.en.txt", []string{"letting", "rank", "--vacancy", "testdata/letting/vacancy.json", "--lang", "en"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := run(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tt.name, out)
		})
	}
}

func TestLettingBadCase(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct{ name, body, want string }{
		{"unknown.json", `{"date": "2024-01-01", "colour": "red"}`, `unknown field "colour"`},
		{"noapplicant.json", `{"date": "2024-01-01", "category": "udsat", "channel": "waiting_list", "dwelling": {"department": "d", "type": "family"}, "household": {"members": []}}`, "exactly one applicant"},
		{"early.json", `{"date": "2010-01-01", "category": "udsat", "channel": "waiting_list", "dwelling": {"department": "d", "type": "family"}, "household": {"members": []}}`, "no letting rule set in force"},
	} {
		p := write(tc.name, tc.body)
		_, errOut, code := run(t, "letting", "decide", "--case", p)
		if code != exitInvalid || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, tc.name) {
			t.Errorf("%s: exit %d, %q; want %d naming the file and %q", tc.name, code, errOut, exitInvalid, tc.want)
		}
	}
	if _, errOut, code := run(t, "letting", "decide"); code != exitInvalid || !strings.Contains(errOut, "--case") {
		t.Errorf("no --case: exit %d %q", code, errOut)
	}
}

// TestLettingLogSurvivesKill runs the real server, posts decisions from
// several users at once, kills the server with SIGKILL in the middle of the
// load, and checks that every decision answered 200 is in the log.
func TestLettingLogSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "blandby.db")
	tokens := lettingKillFixture(t, db, 8)

	cmd, base := startServe(t, db)
	body := killDecision()
	var (
		mu       sync.Mutex
		answered []string
		wg       sync.WaitGroup
	)
	stop := make(chan struct{})
	client := &http.Client{Timeout: 10 * time.Second}
	for _, tok := range tokens {
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					resp, err := postBearer(client, base+"api/v1/letting/decisions", tok, body)
					if err != nil {
						return // the server is gone
					}
					var d struct {
						ID string `json:"id"`
					}
					err = json.NewDecoder(resp.Body).Decode(&d)
					resp.Body.Close()
					if resp.StatusCode == http.StatusOK && err == nil {
						mu.Lock()
						answered = append(answered, d.ID)
						mu.Unlock()
					} else if resp.StatusCode == http.StatusTooManyRequests {
						time.Sleep(20 * time.Millisecond)
					}
				}
			}()
		}
	}
	// Kill once a good number of decisions were answered, mid-load.
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		n := len(answered)
		mu.Unlock()
		if n >= 300 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	close(stop)
	wg.Wait()
	mu.Lock()
	ids := append([]string(nil), answered...)
	mu.Unlock()
	if len(ids) < 100 {
		t.Fatalf("only %d decisions answered before the kill", len(ids))
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	count, err := st.CountLettingDecisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("answered %d decisions before SIGKILL; the log holds %d after restart", len(ids), count)
	wantDecisionsLogged(t, st, ids, count)
}

// wantDecisionsLogged fails the test unless every decision of ids is in
// the log, which holds count.
func wantDecisionsLogged(t *testing.T, st store.Store, ids []string, count int64) {
	t.Helper()
	missing := 0
	for _, id := range ids {
		if _, err := st.LettingDecision(context.Background(), id); err != nil {
			missing++
		}
	}
	if missing > 0 || count < int64(len(ids)) {
		t.Errorf("%d of %d answered decisions are missing from the log (log holds %d)", missing, len(ids), count)
	}
}

// killDecision is the body of a letting decision in lettingKillFixture's
// department.
func killDecision() []byte {
	b, _ := json.Marshal(map[string]any{
		"department": "kill-1", "dwelling_type": "family", "channel": "waiting_list", "applicant_ref": "x",
		"household": map[string]any{"members": []map[string]any{{"role": "applicant", "age": 30, "citizenships": []string{"DK"}}}},
	})
	return b
}

// postBearer posts a JSON body with an API token.
func postBearer(client *http.Client, url, token string, body []byte) (*http.Response, error) {
	req, err := http.NewRequest("POST", url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	return client.Do(req)
}

// lettingKillFixture stores an area of municipality 101 with a department
// and n municipality users with API tokens in the database db (a file or
// a postgres:// URL), and returns the tokens.
func lettingKillFixture(t *testing.T, db string, n int) []string {
	t.Helper()
	ctx := context.Background()
	st, err := openBackend(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "kill", Name: "Kill", MunicipalityCode: 101, RegionCode: 1084}}}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutDepartments(ctx, []store.Department{{ID: "kill-1", AreaID: "kill", HousingOrg: "demo-boligselskab", Name: "Afdeling 1"}}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	var tokens []string
	for i := range n {
		name := fmt.Sprintf("kbh-%d", i)
		if _, err := st.AddUser(ctx, store.User{Name: name, Role: string(auth.RoleMunicipality), Scope: "101", CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		plain, id, hash, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddToken(ctx, store.Token{ID: id, UserName: name, Name: "load", Hash: hash, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, plain)
	}
	_ = letting.Allowed
	return tokens
}

// TestLettingDecideFromDatabase: with a database, the area's category is
// the one on the list in force on the decision date, a case that states
// another is refused, and the area's development plan and list history
// reach § 168 a, stk. 6 (issue 14, item 11).
func TestLettingDecideFromDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "blandby.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "omd-1", Name: "Omdannet", MunicipalityCode: 101, RegionCode: 1084}}}); err != nil {
		t.Fatal(err)
	}
	h := blandby.NewHistory()
	for y, c := range map[int]blandby.Category{2019: blandby.Omdannelse, 2020: blandby.Omdannelse, 2021: blandby.Parallelsamfund, 2022: blandby.Udsat} {
		h.Set(y, "omd-1", c)
	}
	rulesOf := map[int]string{2019: "2018-12-01", 2020: "2018-12-01", 2021: "2021-11-30", 2022: "2021-11-30"}
	if _, err := st.ImportHistory(ctx, h, store.ImportMeta{ImportedBy: "test", ImportedAt: time.Now(), RuleSets: rulesOf}); err != nil {
		t.Fatal(err)
	}
	p := plan.Plan{AreaID: "omd-1", BaseYear: 2019, Stock: plan.Stock{PublicFamily: 900, OwnerOccupied: 100}}
	if _, err := st.AddPlanVersion(ctx, store.PlanVersion{AreaID: "omd-1", Author: "test", SavedAt: time.Now(), Plan: p}, 0); err != nil {
		t.Fatal(err)
	}
	st.Close()
	write := func(name, category, date string) string {
		c := fmt.Sprintf(`{"date": %q, %s"dwelling": {"area_id": "omd-1", "department": "omd-1-a", "type": "family"}, "channel": "waiting_list",
			"household": {"members": [{"role": "applicant", "age": 40, "citizenships": ["DK"], "benefits": [{"type": "kontanthjaelp", "from": "2022-06-01"}]}]}}`, date, category)
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// On 1 March 2023 the 2022 list is in force: the area is udsat, a
	// former omdannelse area with a plan, two lists off: § 51 c applies.
	out, errOut, code := run(t, "letting", "decide", "--case", write("a.json", "", "2023-03-01"), "--db", db, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var d letting.Decision
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range d.Reasons {
		ids = append(ids, r.RuleID+"/"+r.TestID)
	}
	if got := strings.Join(ids, " "); d.Category != blandby.Udsat || d.Outcome != letting.Rejected || !strings.Contains(got, "51C/51C-1") || !strings.Contains(got, "168A-6/") {
		t.Errorf("category %s, outcome %s; want udsat and rejected by 51C-1 through § 168 a, stk. 6:\n%s", d.Category, d.Outcome, out)
	}
	// The case says omdannelse; the database says udsat.
	_, errOut, code = run(t, "letting", "decide", "--case", write("b.json", `"category": "omdannelse", `, "2023-03-01"), "--db", db)
	if code != exitInvalid || !strings.Contains(errOut, `the case says "omdannelse", but in the database area omd-1 is "udsat" on the list in force on 2023-03-01 (2022)`) {
		t.Errorf("a contradicting category: exit %d, %q", code, errOut)
	}
	// Without a database a forebyggelse category before 30 November 2021
	// is no list in force.
	_, errOut, code = run(t, "letting", "decide", "--case", write("c.json", `"category": "forebyggelse", `, "2021-06-01"))
	if code != exitInvalid || !strings.Contains(errOut, `"forebyggelse" is no list in force on 2021-06-01`) {
		t.Errorf("forebyggelse before 2021-11-30: exit %d, %q", code, errOut)
	}
}
