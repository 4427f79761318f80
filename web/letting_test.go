package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/letting"
	"github.com/blandby/blandby/store"
)

// lettingDepartment returns a department of the fixture in municipality
// 101 owned by demo-boligselskab (the test users' scopes), preferring one
// whose area is on a list in force now.
func testLettingDepartment(t testing.TB, f *fixture) store.Department {
	t.Helper()
	ctx := context.Background()
	deps, err := f.st.Departments(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	areas, err := f.st.Areas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	muni := map[string]blandby.MunicipalityCode{}
	for _, a := range areas {
		muni[a.ID] = a.MunicipalityCode
	}
	for _, d := range deps {
		if muni[d.AreaID] == 101 && d.HousingOrg == "demo-boligselskab" {
			return d
		}
	}
	t.Fatal("the fixture has no department of demo-boligselskab in municipality 101")
	return store.Department{}
}

// doJSON serves a JSON request as u.
func (f *fixture) doJSON(t testing.TB, u testUser, method, path string, body any) (int, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	code, out, _ := serve(f.srv, method, path, r, func(req *http.Request) {
		req.Header.Set("Content-Type", "application/json")
		if u.token != "" {
			req.Header.Set("Authorization", "Bearer "+u.token)
		}
	})
	return code, out
}

func lettingCase(dep string, ch letting.Channel, citizenship string) decideRequest {
	return decideRequest{ApplicantRef: "venteliste-4711", Date: &letting.Date{Time: mustDate("2024-07-15")}, Department: dep,
		DwellingType: letting.Family, Channel: ch,
		Household: letting.Household{Members: []letting.Member{{Role: letting.RoleApplicant, Age: 40, Citizenships: []string{citizenship}, Work: letting.Employed}}}}
}

func mustDate(s string) time.Time {
	d, err := letting.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d.Time
}

func init() {
	// A letting case's household: the person-level fields the log must
	// never hold.
	personFields = append(personFields, "citizenships", "in_education", "partner_since", "benefits", "released_on", "tenancy_breach_on")
	openAPIExamples["GET /letting/decisions/{id}"] = openAPIExample{user: "municipality", path: "/letting/decisions/" + demo.LettingDecisionID}
	openAPIExamples["GET /letting/policies/{municipality}"] = openAPIExample{user: "admin", path: "/letting/policies/101"}
	decide := func(ch letting.Channel) func(t *testing.T, f *fixture, u testUser) int {
		return func(t *testing.T, f *fixture, u testUser) int {
			code, _ := f.doJSON(t, u, "POST", "/api/v1/letting/decisions", lettingCase(testLettingDepartment(t, f).ID, ch, "DK"))
			return code
		}
	}
	matrixRequests["POST /api/v1/letting/decisions"] = decide(letting.WaitingList)
	matrixRequests["GET /api/v1/letting/decisions/{id}"] = func(t *testing.T, f *fixture, u testUser) int {
		code, _, _ := f.doAs(t, u, "GET", "/api/v1/letting/decisions/"+loggedDecision(t, f), nil)
		return code
	}
	matrixRequests["POST /api/v1/letting/rankings"] = func(t *testing.T, f *fixture, u testUser) int {
		code, _ := f.doJSON(t, u, "POST", "/api/v1/letting/rankings", rankRequest{Department: testLettingDepartment(t, f).ID,
			DwellingType: letting.Family, Channel: letting.WaitingList, Applicants: []letting.Applicant{{Ref: "a", WaitingSince: letting.NewDate(2020, 1, 1),
				Household: letting.Household{Members: []letting.Member{{Role: letting.RoleApplicant, Age: 30, Citizenships: []string{"DK"}}}}}}})
		return code
	}
	matrixRequests["GET /api/v1/letting/policies/{municipality}"] = func(t *testing.T, f *fixture, u testUser) int {
		code, _, _ := f.doAs(t, u, "GET", "/api/v1/letting/policies/101", nil)
		return code
	}
	matrixRequests["PUT /api/v1/letting/policies/{municipality}"] = func(t *testing.T, f *fixture, u testUser) int {
		code, _ := f.doJSON(t, u, "PUT", "/api/v1/letting/policies/101", testLettingPolicy())
		return code
	}
	matrixRequests["POST /tildeling"] = func(t *testing.T, f *fixture, u testUser) int {
		form := url.Values{"department": {testLettingDepartment(t, f).ID}, "dwelling_type": {"family"}, "channel": {"waiting_list"},
			"date": {"2024-07-15"}, "m0_role": {"applicant"}, "m0_age": {"30"}, "m0_citizenships": {"DK"}}
		if u.name == "" {
			code, _, _ := f.doAs(t, u, "POST", "/tildeling", strings.NewReader(form.Encode()))
			return code
		}
		b := newClient(f.srv)
		if code := b.login(t, u.name, u.password); code != http.StatusSeeOther {
			t.Fatalf("login as %s: %d", u.name, code)
		}
		code, page, _ := b.do("GET", "/tildeling", nil)
		if code != http.StatusOK {
			return code
		}
		if strings.Contains(page, `id="letting-form"`) {
			form.Set("csrf", csrf(t, page, "/tildeling"))
		}
		code, _, _ = b.do("POST", "/tildeling", form)
		return code
	}
}

var (
	loggedOnce sync.Once
	loggedID   string
)

// loggedDecision returns the id of a decision logged for municipality 101.
func loggedDecision(t *testing.T, f *fixture) string {
	loggedOnce.Do(func() {
		code, body := f.doJSON(t, f.users["municipality"], "POST", "/api/v1/letting/decisions", lettingCase(testLettingDepartment(t, f).ID, letting.WaitingList, "DK"))
		var d decisionJSON
		if code != http.StatusOK || json.Unmarshal(body, &d) != nil {
			t.Fatalf("decision: %d %s", code, body)
		}
		loggedID = d.ID
	})
	return loggedID
}

func testLettingPolicy() letting.Policy {
	return letting.Policy{ValidFrom: letting.NewDate(2018, 1, 1),
		Criteria: []letting.Criterion{{ID: "work", Label: blandby.Text{DA: "i arbejde", EN: "in work"}, AnyOf: []string{letting.Employed}}}}
}

func TestLettingDecisionLogged(t *testing.T) {
	f := testFixture(t)
	ctx := context.Background()
	dep := testLettingDepartment(t, f)
	muni := f.users["municipality"]
	if code, body := f.doJSON(t, muni, "PUT", "/api/v1/letting/policies/101", testLettingPolicy()); code != http.StatusCreated {
		t.Fatalf("policy: %d %s", code, body)
	}
	code, body := f.doJSON(t, f.users["housing_org"], "POST", "/api/v1/letting/decisions", lettingCase(dep.ID, letting.WaitingList, "DK"))
	if code != http.StatusOK {
		t.Fatalf("decide: %d %s", code, body)
	}
	var d decisionJSON
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	validateLetting(t, f, body, "/letting/decisions", "post")
	if !letting.ValidID(d.ID) || d.Outcome == "" || d.RuleSet != "2021-11-30" || d.Area.ID != dep.AreaID || d.PolicyVersion == 0 || len(d.Reasons) == 0 {
		t.Fatalf("decision %s", body)
	}
	// 15 July 2024: the list in force is the latest published, 2022's.
	h, err := f.st.History(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := h.Category(lastYear, dep.AreaID)
	if d.Area.ListYear != lastYear || d.Area.Category != want {
		t.Errorf("list in force %d, category %s; want %d, %s", d.Area.ListYear, d.Area.Category, lastYear, want)
	}
	// On 30 November of the last year the list of the year before is in force.
	early := lettingCase(dep.ID, letting.WaitingList, "DK")
	early.Date = &letting.Date{Time: mustDate(fmt.Sprintf("%d-11-30", lastYear))}
	code, body = f.doJSON(t, f.users["housing_org"], "POST", "/api/v1/letting/decisions", early)
	var de decisionJSON
	if err := json.Unmarshal(body, &de); code != http.StatusOK || err != nil || de.Area.ListYear != lastYear-1 {
		t.Errorf("on %d-11-30: %d, list year %d, want %d", lastYear, code, de.Area.ListYear, lastYear-1)
	}
	logged, err := f.st.LettingDecision(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if logged.InputSHA256 != d.InputSHA256 || logged.Outcome != string(d.Outcome) || logged.Municipality != 101 || logged.HousingOrg != "demo-boligselskab" {
		t.Errorf("logged %+v", logged)
	}
	if logged.ApplicantRef == "" || strings.Contains(logged.ApplicantRef, "4711") || strings.Contains(string(logged.Decision), "4711") {
		t.Errorf("the applicant's reference is logged in clear: %q", logged.ApplicantRef)
	}
	// Re-running the same inputs gives the same decision and input hash.
	c := letting.Case{Date: *lettingCase(dep.ID, letting.WaitingList, "DK").Date, Category: d.Area.Category, Channel: letting.WaitingList,
		Dwelling:  letting.Dwelling{AreaID: dep.AreaID, Department: dep.ID, Type: letting.Family},
		Household: lettingCase(dep.ID, letting.WaitingList, "DK").Household, Area: d.Standing}
	pol, err := f.st.LettingPolicy(ctx, 101, d.PolicyVersion)
	if err != nil {
		t.Fatal(err)
	}
	c.Policy = &pol.Policy
	cat, _ := letting.Embedded()
	again, err := letting.Decide(cat, c)
	if err != nil {
		t.Fatal(err)
	}
	if again.InputSHA256 != d.InputSHA256 || again.Outcome != d.Outcome {
		t.Errorf("re-run: %s %s, logged %s %s", again.Outcome, again.InputSHA256, d.Outcome, d.InputSHA256)
	}
	// Reading it back: the decision's own municipality and organisation only.
	code, body, _ = f.doAs(t, f.users["municipality"], "GET", "/api/v1/letting/decisions/"+d.ID, nil)
	if code != http.StatusOK || !strings.Contains(string(body), d.InputSHA256) {
		t.Errorf("read back: %d %s", code, body)
	}
	code, _, _ = f.doAs(t, f.users["municipality-other"], "GET", "/api/v1/letting/decisions/"+d.ID, nil)
	if code != http.StatusForbidden {
		t.Errorf("read back by another municipality: %d", code)
	}
}

func TestLettingAuthorisation(t *testing.T) {
	f := testFixture(t)
	dep := testLettingDepartment(t, f)
	for _, tc := range []struct {
		user string
		ch   letting.Channel
		want int
	}{
		{"municipality", letting.MunicipalAllocation, http.StatusOK},
		{"housing_org", letting.MunicipalAllocation, http.StatusForbidden},
		{"housing_org", letting.Exchange, http.StatusOK},
		{"housing_org-other", letting.WaitingList, http.StatusForbidden},
		{"municipality-other", letting.WaitingList, http.StatusForbidden},
	} {
		code, body := f.doJSON(t, f.users[tc.user], "POST", "/api/v1/letting/decisions", lettingCase(dep.ID, tc.ch, "DK"))
		if code != tc.want {
			t.Errorf("%s %s: %d %s, want %d", tc.user, tc.ch, code, body, tc.want)
		}
	}
	code, _ := f.doJSON(t, f.users["municipality-other"], "PUT", "/api/v1/letting/policies/101", testLettingPolicy())
	if code != http.StatusForbidden {
		t.Errorf("policy of another municipality: %d", code)
	}
}

func TestLettingBadInput(t *testing.T) {
	f := testFixture(t)
	dep := testLettingDepartment(t, f)
	u := f.users["municipality"]
	bad := lettingCase(dep.ID, letting.WaitingList, "DK")
	bad.Household.Members[0].Role = letting.RoleChild
	for _, tc := range []struct {
		name   string
		body   any
		status int
		word   string
	}{
		{"no applicant", bad, 400, "exactly one applicant"},
		{"unknown department", lettingCase("nowhere", letting.WaitingList, "DK"), 404, "nowhere"},
		{"unknown field", map[string]any{"department": dep.ID, "colour": "red"}, 400, "colour"},
		{"unknown channel", lettingCase(dep.ID, "lottery", "DK"), 400, "lottery"},
	} {
		code, body := f.doJSON(t, u, "POST", "/api/v1/letting/decisions", tc.body)
		if code != tc.status || !strings.Contains(string(body), tc.word) {
			t.Errorf("%s: %d %s, want %d naming %q", tc.name, code, body, tc.status, tc.word)
		}
	}
}

func TestLettingRanking(t *testing.T) {
	f := testFixture(t)
	dep := testLettingDepartment(t, f)
	app := func(ref string, since letting.Date, work string) letting.Applicant {
		return letting.Applicant{Ref: ref, WaitingSince: since, Household: letting.Household{Members: []letting.Member{{Role: letting.RoleApplicant, Age: 30, Citizenships: []string{"DK"}, Work: work}}}}
	}
	before, _ := f.st.CountLettingDecisions(context.Background())
	code, body := f.doJSON(t, f.users["housing_org"], "POST", "/api/v1/letting/rankings", rankRequest{Department: dep.ID, DwellingType: letting.Family,
		Channel: letting.FlexibleLetting, Applicants: []letting.Applicant{app("old", letting.NewDate(2010, 1, 1), letting.Unemployed), app("new", letting.NewDate(2020, 1, 1), letting.Employed)}})
	if code != http.StatusOK {
		t.Fatalf("ranking: %d %s", code, body)
	}
	var out rankingJSON
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatal(err)
	}
	validateLetting(t, f, body, "/letting/rankings", "post")
	if len(out.Ranking) != 2 {
		t.Fatalf("ranking %s", body)
	}
	after, _ := f.st.CountLettingDecisions(context.Background())
	if after-before != 2 {
		t.Errorf("%d decisions logged, want 2", after-before)
	}
}

func TestLettingPage(t *testing.T) {
	f := testFixture(t)
	dep := testLettingDepartment(t, f)
	u := f.users["municipality"]
	b := newClient(f.srv)
	if code := b.login(t, u.name, u.password); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	for _, l := range []string{"da", "en"} {
		code, page, _ := b.do("GET", "/tildeling?lang="+l, nil)
		if code != http.StatusOK || !strings.Contains(page, dep.ID) {
			t.Fatalf("page (%s): %d", l, code)
		}
		form := url.Values{"csrf": {csrf(t, page, "/tildeling")}, "department": {dep.ID}, "dwelling_type": {"family"}, "channel": {"municipal_allocation"},
			"date": {"2024-07-15"}, "m0_role": {"applicant"}, "m0_age": {"30"}, "m0_citizenships": {"SY"}, "m0_benefit_type": {"kontanthjaelp"}, "m0_benefit_from": {"2024-01-01"}}
		code, page, _ = b.do("POST", "/tildeling", form)
		if code != http.StatusOK || !strings.Contains(page, `id="letting-outcome"`) || !strings.Contains(page, `id="letting-id"`) {
			t.Fatalf("post (%s): %d %s", l, code, page)
		}
		want := map[string]string{"da": "Begrundelse", "en": "Reason"}[l]
		if !strings.Contains(page, want) {
			t.Errorf("post (%s): no %q", l, want)
		}
		form.Set("m0_age", "old")
		code, page, _ = b.do("POST", "/tildeling", form)
		if code != http.StatusBadRequest || !strings.Contains(page, "m0_age") {
			t.Errorf("bad form (%s): %d", l, code)
		}
	}
}

// validateLetting checks a response body against the operation's 200
// schema in the served OpenAPI document.
func validateLetting(t *testing.T, f *fixture, body []byte, path, method string) {
	t.Helper()
	var doc openAPIDoc
	f.getJSON(t, "/api/v1/openapi.json", &doc)
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	if err := doc.validate(v, doc.Paths[path][method].Responses["200"].Content["application/json"].Schema, method+" "+path); err != nil {
		t.Error(err)
	}
}

// BenchmarkLettingDecisions serves POST /api/v1/letting/decisions in
// process from parallel clients, decision log on (group commit into
// SQLite): ns/op is the server's cost per decision at that concurrency.
func BenchmarkLettingDecisions(b *testing.B) {
	f := testFixture(b)
	body, err := json.Marshal(lettingCase(testLettingDepartment(b, f).ID, letting.MunicipalAllocation, "DK"))
	if err != nil {
		b.Fatal(err)
	}
	tok := f.users["municipality"].token
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			code, out, _ := serve(f.srv, "POST", "/api/v1/letting/decisions", bytes.NewReader(body), func(r *http.Request) {
				r.Header.Set("Content-Type", "application/json")
				r.Header.Set("Authorization", "Bearer "+tok)
			})
			if code != http.StatusOK {
				b.Fatalf("%d %s", code, out)
			}
		}
	})
}
