package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/plan"
	"github.com/blandby/blandby/store"
)

// planAreas returns the area of a demo plan in the demo municipality (whose
// departments include the demo housing organisation's), and one in another
// municipality, if any.
func planAreas(t *testing.T, f *fixture) (own store.Area, other *store.Area) {
	t.Helper()
	ctx := context.Background()
	plans, err := f.st.LatestPlans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, v := range plans {
		a, err := f.st.Area(ctx, v.AreaID)
		if err != nil {
			t.Fatal(err)
		}
		if a.MunicipalityCode == demo.DemoMunicipality && !found {
			own, found = a, true
		} else if a.MunicipalityCode != demo.DemoMunicipality && other == nil {
			other = &a
		}
	}
	if !found {
		t.Fatal("the demo has no plan in the demo municipality")
	}
	return own, other
}

func planBody(t *testing.T, f *fixture, areaID string) []byte {
	t.Helper()
	v, err := f.st.PlanVersion(context.Background(), areaID, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v.Plan)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (f *fixture) putPlan(t *testing.T, u testUser, areaID, query string, body []byte) (int, []byte) {
	t.Helper()
	code, out, _ := serve(f.srv, "PUT", "/api/v1/plans/"+areaID+query, bytes.NewReader(body), func(r *http.Request) {
		r.Header.Set("Content-Type", "application/json")
		if u.token != "" {
			r.Header.Set("Authorization", "Bearer "+u.token)
		}
	})
	return code, out
}

func init() {
	get := func(suffix string) func(t *testing.T, f *fixture, u testUser) int {
		return func(t *testing.T, f *fixture, u testUser) int {
			own, _ := planAreas(t, f)
			code, _, _ := f.doAs(t, u, "GET", "/api/v1/plans/"+own.ID+suffix, nil)
			return code
		}
	}
	for _, suffix := range []string{"", "/versions"} {
		openAPIExamples["GET /plans/{id}"+suffix] = openAPIExample{user: "municipality", find: func(t *testing.T, f *fixture) string {
			own, _ := planAreas(t, f)
			return "/plans/" + own.ID + suffix
		}}
	}
	matrixRequests["GET /api/v1/plans/{id}"] = get("")
	matrixRequests["GET /api/v1/plans/{id}/versions"] = get("/versions")
	matrixRequests["PUT /api/v1/plans/{id}"] = func(t *testing.T, f *fixture, u testUser) int {
		own, _ := planAreas(t, f)
		code, _ := f.putPlan(t, u, own.ID, "", planBody(t, f, own.ID))
		return code
	}
	matrixRequests["GET /planer/{id}"] = func(t *testing.T, f *fixture, u testUser) int {
		own, _ := planAreas(t, f)
		code, _, _ := f.doAs(t, u, "GET", "/planer/"+own.ID, nil)
		return code
	}
	// A form post needs a session; with a token the guard and the scope
	// check still answer first (403/401), and an allowed user gets the
	// CSRF refusal, 403 too, so the matrix signs in for real.
	matrixRequests["POST /planer/{id}"] = func(t *testing.T, f *fixture, u testUser) int {
		own, _ := planAreas(t, f)
		if u.name == "" {
			code, _, _ := f.doAs(t, u, "POST", "/planer/"+own.ID, strings.NewReader("prev=-1"))
			return code
		}
		b := newClient(f.srv)
		if code := b.login(t, u.name, u.password); code != http.StatusSeeOther {
			t.Fatalf("login as %s: %d", u.name, code)
		}
		code, page, _ := b.do("GET", "/planer/"+own.ID, nil)
		if code != http.StatusOK {
			return code
		}
		tok := csrfOf(page)
		if tok == "" {
			// No form: the user may read but not edit; post without a
			// token to see the answer.
			code, _, _ = b.do("POST", "/planer/"+own.ID, url.Values{"prev": {"-1"}})
			return code
		}
		code, _, _ = b.do("POST", "/planer/"+own.ID, url.Values{"csrf": {tok}, "prev": {"-1"}, "document": {string(planBody(t, f, own.ID))}})
		return code
	}

}

// csrfOf returns the CSRF token of the plan form on a page ("" when none).
func csrfOf(page string) string {
	_, rest, ok := strings.Cut(page, `id="plan-form"`)
	if !ok {
		return ""
	}
	_, rest, ok = strings.Cut(rest, `name="csrf" value="`)
	if !ok {
		return ""
	}
	tok, _, _ := strings.Cut(rest, `"`)
	return tok
}

func TestPlansListScoped(t *testing.T) {
	f := testFixture(t)
	own, other := planAreas(t, f)
	list := func(u testUser) []string {
		code, body, _ := f.doAs(t, u, "GET", "/api/v1/plans", nil)
		if code != http.StatusOK {
			t.Fatalf("GET /api/v1/plans as %s: %d %s", u.name, code, body)
		}
		var out struct {
			Plans []planSummaryJSON `json:"plans"`
		}
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, p := range out.Plans {
			ids = append(ids, p.Area.ID)
			if p.Status == nil {
				t.Errorf("%s: no status: %s", p.Area.ID, p.Error)
			}
		}
		return ids
	}
	has := func(ids []string, id string) bool {
		return strings.Contains(","+strings.Join(ids, ",")+",", ","+id+",")
	}
	if ids := list(f.users["municipality"]); !has(ids, own.ID) || (other != nil && has(ids, other.ID)) {
		t.Errorf("municipality 101 sees %v", ids)
	}
	if ids := list(f.users["housing_org"]); !has(ids, own.ID) {
		t.Errorf("the demo housing organisation sees %v", ids)
	}
	if ids := list(f.users["municipality-other"]); has(ids, own.ID) {
		t.Errorf("municipality 851 sees %v", ids)
	}
	if ids := list(f.users["ministry"]); !has(ids, own.ID) || (other != nil && !has(ids, other.ID)) {
		t.Errorf("the ministry sees %v", ids)
	}
	if ids := list(f.users["housing_org-other"]); len(ids) != 0 {
		t.Errorf("another housing organisation sees %v", ids)
	}
}

func TestPlanSaveVersions(t *testing.T) {
	f := testFixture(t)
	own, _ := planAreas(t, f)
	ctx := context.Background()
	before, err := f.st.PlanVersions(ctx, own.ID)
	if err != nil {
		t.Fatal(err)
	}
	latest := before[len(before)-1]
	p := latest.Plan
	p.Actions = append(p.Actions, plan.Action{Year: 2029, Kind: plan.BuildBusiness, BusinessM2: 750, Note: "erhverv"})
	body, _ := json.Marshal(p)
	code, out := f.putPlan(t, f.users["housing_org"], own.ID, fmt.Sprintf("?prev=%d", latest.Version), body)
	if code != http.StatusCreated {
		t.Fatalf("PUT: %d %s", code, out)
	}
	var got planJSON
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if got.Version.Version != latest.Version+1 || got.Version.Author != "housing_org" || !got.CanEdit || got.Assessment == nil {
		t.Errorf("saved %+v by %s", got.Version, got.Version.Author)
	}
	// The earlier version is kept as it was.
	old, err := f.st.PlanVersion(ctx, own.ID, latest.Version)
	if err != nil || len(old.Plan.Actions) != len(latest.Plan.Actions) {
		t.Errorf("version %d changed: %v", latest.Version, err)
	}
	// A save from the old version now conflicts; bad input names the field.
	code, out = f.putPlan(t, f.users["municipality"], own.ID, fmt.Sprintf("?prev=%d", latest.Version), body)
	wantAPIError(t, "stale prev", code, out, http.StatusConflict, "conflict")
	bad := strings.Replace(string(body), `"base_year":`, `"base_year":1999,"x":`, 1)
	code, out = f.putPlan(t, f.users["municipality"], own.ID, "", []byte(bad))
	wantAPIError(t, "unknown field", code, out, http.StatusBadRequest, "invalid")
	p.Stock.PublicFamily = -5
	body, _ = json.Marshal(p)
	code, out = f.putPlan(t, f.users["municipality"], own.ID, "", body)
	wantAPIError(t, "negative stock", code, out, http.StatusBadRequest, "invalid")
	if !strings.Contains(string(out), "stock.public_family") {
		t.Errorf("error does not name the field: %s", out)
	}
	p.Stock.PublicFamily, p.AreaID = 10, "other-area"
	body, _ = json.Marshal(p)
	code, out = f.putPlan(t, f.users["municipality"], own.ID, "", body)
	wantAPIError(t, "other area", code, out, http.StatusBadRequest, "invalid")
	// The versions route lists them all, oldest first.
	code, vb, _ := f.doAs(t, f.users["municipality"], "GET", "/api/v1/plans/"+own.ID+"/versions", nil)
	var vs struct {
		Versions []planVersionJSON `json:"versions"`
	}
	if err := json.Unmarshal(vb, &vs); code != 200 || err != nil || len(vs.Versions) != len(before)+1 {
		t.Errorf("versions: %d %s", code, vb)
	}
	// An older version is readable by ?version=.
	code, ob, _ := f.doAs(t, f.users["ministry"], "GET", fmt.Sprintf("/api/v1/plans/%s?version=%d", own.ID, latest.Version), nil)
	var oj planJSON
	if err := json.Unmarshal(ob, &oj); code != 200 || err != nil || oj.Version.Version != latest.Version || oj.CanEdit {
		t.Errorf("old version as the ministry: %d %+v", code, oj.Version)
	}
}

func TestPlanPage(t *testing.T) {
	f := testFixture(t)
	own, _ := planAreas(t, f)
	b := newClient(f.srv)
	u := f.users["municipality"]
	if code := b.login(t, u.name, u.password); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	code, page, _ := b.do("GET", "/planer", nil)
	if code != 200 || !strings.Contains(page, `href="/planer/`+own.ID+`"`) {
		t.Fatalf("/planer: %d", code)
	}
	code, page, _ = b.do("GET", "/planer/"+own.ID, nil)
	for _, want := range []string{`id="projection"`, `id="chart-plan"`, `id="dispensation-D3"`, `id="dispensation-D4"`, `id="plan-verdict"`, `id="plan-obligation"`, `id="plan-form"`, "ABL § 168 a"} {
		if !strings.Contains(page, want) {
			t.Errorf("plan page lacks %s", want)
		}
	}
	if code != 200 {
		t.Fatalf("plan page: %d", code)
	}
	tok := csrfOf(page)
	v, err := f.st.PlanVersion(context.Background(), own.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The form as the page offers it, with a new action in the first blank
	// row and facts changed.
	form := planFormValues(t, page)
	row := len(v.Plan.Actions)
	form.Set(fmt.Sprintf("actions[%d].kind", row), "sell")
	form.Set(fmt.Sprintf("actions[%d].year", row), "2028")
	form.Set(fmt.Sprintf("actions[%d].dwellings", row), "1")
	form.Set(fmt.Sprintf("actions[%d].to", row), "cooperative")
	form.Set("fact_residents", "2000")
	form.Set("fact_sale_only_at_loss", "yes")
	form.Set("fact_new_building_cannot_help", "")
	code, out, h := b.do("POST", "/planer/"+own.ID, form)
	if code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/planer/"+own.ID) {
		t.Fatalf("form post: %d %s", code, planMessage(out))
	}
	after, err := f.st.PlanVersion(context.Background(), own.ID, 0)
	if err != nil || after.Version != v.Version+1 || len(after.Plan.Actions) != len(v.Plan.Actions)+1 || after.Author != u.name {
		t.Fatalf("after the form: version %d, %d actions, by %s (%v)", after.Version, len(after.Plan.Actions), after.Author, err)
	}
	if fa := after.Plan.Facts; fa.Residents == nil || *fa.Residents != 2000 || fa.SaleOnlyAtLoss == nil || !*fa.SaleOnlyAtLoss || fa.NewBuildingCannotHelp != nil {
		t.Errorf("facts after the form: %+v", fa)
	}
	// A JSON upload as a file.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf", tok)
	_ = mw.WriteField("prev", fmt.Sprint(after.Version))
	_ = mw.WriteField("mode", "json")
	fw, _ := mw.CreateFormFile("file", "plan.json")
	doc := after.Plan
	doc.Note = "uploaded"
	_ = json.NewEncoder(fw).Encode(doc)
	mw.Close()
	code, upOut, _ := serve(f.srv, "POST", "/planer/"+own.ID, &buf, func(r *http.Request) {
		r.Header.Set("Content-Type", mw.FormDataContentType())
		for k, v := range b.cookies {
			r.AddCookie(&http.Cookie{Name: k, Value: v})
		}
	})
	if code != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", code, upOut)
	}
	up, _ := f.st.PlanVersion(context.Background(), own.ID, 0)
	if up.Plan.Note != "uploaded" || up.Version != after.Version+1 {
		t.Errorf("after the upload: %+v", up.Plan.Note)
	}
	// Without the CSRF token nothing is saved.
	code, _, _ = b.do("POST", "/planer/"+own.ID, url.Values{"prev": {"-1"}, "document": {string(planBody(t, f, own.ID))}})
	if code != http.StatusForbidden {
		t.Errorf("post without CSRF: %d", code)
	}
	// A bad form shows the page with the error beside its field.
	_, page, _ = b.do("GET", "/planer/"+own.ID, nil)
	form = planFormValues(t, page)
	form.Set("stock.public_youth", "x")
	code, page, _ = b.do("POST", "/planer/"+own.ID, form)
	if code != http.StatusBadRequest || !strings.Contains(page, `id="plan-message"`) || !strings.Contains(page, `id="pf-stock-public_youth-error"`) {
		t.Errorf("bad form: %d", code)
	}
}

// TestPlanFirstVersion: an area without a plan shows the form to its
// municipality, and the first save (prev=0) is version 1.
func TestPlanFirstVersion(t *testing.T) {
	f := testFixture(t)
	ctx := context.Background()
	areas, err := f.st.Areas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var area *store.Area
	for i, a := range areas {
		if a.MunicipalityCode != demo.DemoMunicipality {
			continue
		}
		if _, err := f.st.PlanVersion(ctx, a.ID, 0); err != nil {
			area = &areas[i]
			break
		}
	}
	if area == nil {
		t.Skip("every area of the demo municipality has a plan")
	}
	code, page, _ := f.doAs(t, f.users["municipality"], "GET", "/planer/"+area.ID, nil)
	if code != http.StatusOK || !strings.Contains(string(page), `id="no-plan"`) {
		t.Fatalf("page of an area without a plan: %d", code)
	}
	code, _, _ = f.doAs(t, f.users["municipality"], "GET", "/api/v1/plans/"+area.ID, nil)
	if code != http.StatusNotFound {
		t.Errorf("API plan of an area without one: %d", code)
	}
	p := plan.Plan{BaseYear: 2025, Stock: plan.Stock{PublicFamily: 300, OwnerOccupied: 700}}
	body, _ := json.Marshal(p)
	code, out := f.putPlan(t, f.users["municipality"], area.ID, "?prev=0", body)
	var got planJSON
	if err := json.Unmarshal(out, &got); code != http.StatusCreated || err != nil || got.Version.Version != 1 || !got.Assessment.Projection.OnTrack {
		t.Fatalf("first save: %d %s", code, out)
	}
	code, out = f.putPlan(t, f.users["municipality"], area.ID, "?prev=0", body)
	wantAPIError(t, "a second first version", code, out, http.StatusConflict, "conflict")
}

// TestPlanFactsFromList: residents and the conviction criterion, which the
// demo plans leave unknown, come from the latest computed list, and the
// § 168 a, stk. 4 conditions are then decided; the stored plan is unchanged.
func TestPlanFactsFromList(t *testing.T) {
	f := testFixture(t)
	own, _ := planAreas(t, f)
	code, body, _ := f.doAs(t, f.users["ministry"], "GET", "/api/v1/plans/"+own.ID+"?version=1", nil) // the demo's version
	var got planJSON
	if err := json.Unmarshal(body, &got); code != 200 || err != nil {
		t.Fatalf("%d %v", code, err)
	}
	if got.FactsFromList == 0 || got.Plan.Facts.Residents != nil {
		t.Fatalf("facts from list %d, stored residents %v", got.FactsFromList, got.Plan.Facts.Residents)
	}
	for _, d := range got.Assessment.Dispensations {
		for _, c := range d.Conditions {
			if d.ID == "D4" && (c.Outcome == plan.Unknown || (c.Value == "" && c.Answer == nil)) {
				t.Errorf("%s: %s %q", c.ID, c.Outcome, c.Value)
			}
		}
	}
}

// TestPlanSaveRefreshesLetting: a letting decision reads whether the area's
// plan is carried out (§ 168 a, stk. 6); a plan saved through the server
// counts in the next decision at once, not after the cache's refresh.
func TestPlanSaveRefreshesLetting(t *testing.T) {
	f := testFixture(t)
	own, _ := planAreas(t, f)
	ls, err := f.srv.letting()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	before, err := f.srv.latestPlans(ctx, ls)
	if err != nil {
		t.Fatal(err)
	}
	var p plan.Plan
	if err := json.Unmarshal(planBody(t, f, own.ID), &p); err != nil {
		t.Fatal(err)
	}
	p.Completed = !before[own.ID].Completed
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if code, out := f.putPlan(t, f.users["municipality"], own.ID, "", b); code != http.StatusCreated && code != http.StatusOK {
		t.Fatalf("save: %d %s", code, out)
	}
	after, err := f.srv.latestPlans(ctx, ls)
	if err != nil {
		t.Fatal(err)
	}
	if after[own.ID].Completed != p.Completed {
		t.Errorf("completed %v after saving %v: the letting decisions read a stale plan", after[own.ID].Completed, p.Completed)
	}
	// Put it back for the other tests.
	p.Completed = !p.Completed
	b, _ = json.Marshal(p)
	f.putPlan(t, f.users["municipality"], own.ID, "", b)
}
