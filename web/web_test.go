package web

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/internal/browser"
	"github.com/blandby/blandby/internal/demotest"
	"github.com/blandby/blandby/internal/htmltest"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/register"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlite"
)

// The tests serve a demo database: a small synthetic Denmark, list years
// 2018–2022 (the 2018 and 2021 rule sets, all four lists).
const (
	firstYear = 2018
	lastYear  = 2022
)

var tempDir string

func TestMain(m *testing.M) {
	if floodMain() {
		return
	}
	code := browser.Main(m)
	if tempDir != "" {
		os.RemoveAll(tempDir)
	}
	os.Exit(code)
}

type fixture struct {
	st  store.Store
	cat *law.Catalog
	srv *Server
	// users are the test users by name (see addUsers).
	users map[string]testUser
}

// demoOptions are the options of the demo database the tests serve.
var demoOptions = demo.Options{Scale: 0.5, FirstYear: firstYear, LastYear: lastYear, SoftwareVersion: "test"}

// openDemoCopy writes a copy of the demo database to db and opens it.
func openDemoCopy(ctx context.Context, db string) (store.Store, *law.Catalog, error) {
	if err := demotest.Copy(ctx, db, demoOptions); err != nil {
		return nil, nil, err
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	cat, err := law.Embedded()
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, cat, nil
}

// fixtureOn serves st with the tests' options and adds the test users.
func fixtureOn(ctx context.Context, st store.Store, cat *law.Catalog) (*fixture, error) {
	srv, err := New(st, cat, Options{Synthetic: true, Version: "test", RequestRate: 1e6, RequestBurst: 1e6, AnonymousRate: 1e6, AnonymousBurst: 1e6})
	if err != nil {
		return nil, err
	}
	f := &fixture{st: st, cat: cat, srv: srv}
	if err := f.addUsers(ctx); err != nil {
		return nil, err
	}
	return f, nil
}

var makeFixture = sync.OnceValues(func() (*fixture, error) {
	dir, err := os.MkdirTemp("", "blandby-web-test-")
	if err != nil {
		return nil, err
	}
	tempDir = dir
	ctx := context.Background()
	st, cat, err := openDemoCopy(ctx, filepath.Join(dir, "blandby.db"))
	if err != nil {
		return nil, err
	}
	return fixtureOn(ctx, st, cat)
})

// privateFixture is a fixture of its own over a copy of the demo
// database, for tests that change what the shared fixture's other tests
// read; the store is closed when the test ends.
func privateFixture(t *testing.T) *fixture {
	t.Helper()
	st, cat := privateStore(t)
	return mustFixtureOn(t, st, cat)
}

// privateStore opens a copy of the demo database of the test's own,
// closed when the test ends.
func privateStore(t *testing.T) (store.Store, *law.Catalog) {
	t.Helper()
	st, cat, err := openDemoCopy(context.Background(), filepath.Join(t.TempDir(), "blandby.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, cat
}

// mustFixtureOn is fixtureOn for a test.
func mustFixtureOn(t *testing.T, st store.Store, cat *law.Catalog) *fixture {
	t.Helper()
	f, err := fixtureOn(context.Background(), st, cat)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// signedIn returns a client signed in as the fixture's user of that name.
func (f *fixture) signedIn(t *testing.T, name string) *client {
	t.Helper()
	b := newClient(f.srv)
	if code := b.login(t, f.users[name].name, f.users[name].password); code != http.StatusSeeOther {
		t.Fatalf("login as %s: %d", name, code)
	}
	return b
}

func testFixture(t testing.TB) *fixture {
	t.Helper()
	f, err := makeFixture()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// get serves a request and returns the status and body.
func (f *fixture) do(t testing.TB, method, path string, body io.Reader) (int, []byte, http.Header) {
	t.Helper()
	req := httptest.NewRequest(method, path, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes(), rec.Header()
}

func (f *fixture) getJSON(t testing.TB, path string, out any) {
	t.Helper()
	code, body, _ := f.do(t, "GET", path, nil)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, code, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

func TestListMatchesStore(t *testing.T) {
	f := testFixture(t)
	ctx := context.Background()
	for year := firstYear; year <= lastYear; year++ {
		pub, err := f.st.Publication(ctx, year, 0)
		if err != nil {
			t.Fatal(err)
		}
		var all listJSON
		f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d", year), &all)
		if all.Count != len(pub.Entries) || len(all.Areas) != len(pub.Entries) || all.SHA256 != pub.ContentSHA256 {
			t.Fatalf("%d: %d areas (count %d, hash %s), the store holds %d (hash %s)", year, len(all.Areas), all.Count, all.SHA256, len(pub.Entries), pub.ContentSHA256)
		}
		want := map[string]blandby.Category{}
		for _, e := range pub.Entries {
			want[e.AreaID] = e.Category
		}
		for _, a := range all.Areas {
			if want[a.AreaID] != a.Category {
				t.Errorf("%d %s: %s, the store says %s", year, a.AreaID, a.Category, want[a.AreaID])
			}
		}
		for _, c := range all.Lists {
			var on listJSON
			f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d?category=%s", year, c.Category), &on)
			if on.Count != all.Counts[c.Category] {
				t.Errorf("%d category=%s: %d areas, counts say %d", year, c.Category, on.Count, all.Counts[c.Category])
			}
			for _, a := range on.Areas {
				if !slices.Contains(a.On, c.Category) || !a.Category.On(c.Category) {
					t.Errorf("%d category=%s: %s is on %v", year, c.Category, a.AreaID, a.On)
				}
			}
		}
		muni := all.Areas[0].MunicipalityCode
		var m listJSON
		f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d?municipality=%d", year, muni), &m)
		n := 0
		for _, a := range all.Areas {
			if a.MunicipalityCode == muni {
				n++
			}
		}
		if m.Count != n || n == 0 {
			t.Errorf("%d municipality=%d: %d areas, want %d", year, muni, m.Count, n)
		}
	}
}

func TestYearsAndArea(t *testing.T) {
	f := testFixture(t)
	var years struct {
		Synthetic bool          `json:"synthetic"`
		Years     []yearSummary `json:"years"`
	}
	f.getJSON(t, "/api/v1/years", &years)
	if !years.Synthetic || len(years.Years) != lastYear-firstYear+1 || years.Years[0].Year != firstYear {
		t.Fatalf("years: %+v", years)
	}
	if _, ok := years.Years[len(years.Years)-1].Counts[blandby.Forebyggelse]; !ok {
		t.Errorf("%d has no forebyggelse count: %v", lastYear, years.Years[len(years.Years)-1].Counts)
	}
	var list listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d?category=listed", lastYear), &list)
	if list.Count == 0 {
		t.Fatal("no listed area in the fixture")
	}
	id := list.Areas[0].AreaID
	var a areaView
	f.getJSON(t, "/api/v1/areas/"+id, &a)
	if len(a.History) != lastYear-firstYear+1 || a.History[len(a.History)-1].Category != list.Areas[0].Category ||
		a.History[len(a.History)-1].Explanation == nil || a.History[len(a.History)-1].Explanation.Area.ID != id {
		t.Errorf("area %s: %+v", id, a.History)
	}
}

func TestErrors(t *testing.T) {
	f := testFixture(t)
	tests := []struct {
		method, path, body string
		status             int
		code               blandby.Code
		words              []string
	}{
		{"GET", "/api/v1/lists/abc", "", 400, blandby.CodeInvalid, []string{"abc", "YYYY"}},
		{"GET", "/api/v1/lists/1999", "", 404, blandby.CodeNotFound, []string{"1999"}},
		{"GET", fmt.Sprintf("/api/v1/lists/%d?category=ghetto", lastYear), "", 400, blandby.CodeInvalid, []string{"ghetto"}},
		{"GET", fmt.Sprintf("/api/v1/lists/%d?municipality=x", lastYear), "", 400, blandby.CodeInvalid, []string{"municipality"}},
		{"GET", fmt.Sprintf("/api/v1/lists/%d/download?format=pdf", lastYear), "", 400, blandby.CodeInvalid, []string{"pdf"}},
		{"GET", "/api/v1/areas/no-such-area", "", 404, blandby.CodeNotFound, []string{"no-such-area"}},
		{"GET", "/api/v1/rules?at=yesterday", "", 400, blandby.CodeInvalid, []string{"YYYY-MM-DD"}},
		{"GET", "/api/v1/rules/compare?at=2019-01-01", "", 404, blandby.CodeNotFound, []string{"forebyggelse"}},
		{"GET", "/api/v1/nope", "", 404, blandby.CodeNotFound, []string{"openapi"}},
		{"POST", "/api/v1/whatif", "{", 400, blandby.CodeInvalid, []string{"JSON"}},
		{"POST", "/api/v1/whatif", `{"year": 2022, "changes": [], "extra": 1}`, 400, blandby.CodeInvalid, []string{"extra"}},
		{"POST", "/api/v1/whatif", `{"year": 2022, "changes": [{"criterion": "X9", "value": "3"}]}`, 400, blandby.CodeInvalid, []string{"X9"}},
		{"POST", "/api/v1/whatif", `{"year": 2022, "changes": [{"criterion": "U1", "value": "4x"}]}`, 400, blandby.CodeInvalid, []string{"U1", "4x"}},
		{"POST", "/api/v1/whatif", `{"year": 1999, "changes": []}`, 404, blandby.CodeNotFound, []string{"1999"}},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			code, body, h := f.do(t, tt.method, tt.path, strings.NewReader(tt.body))
			var e apiError
			if err := json.Unmarshal(body, &e); err != nil || code != tt.status || e.Error.Code != string(tt.code) || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Fatalf("%d %s (%v), want %d with code %s", code, body, err, tt.status, tt.code)
			}
			for _, w := range tt.words {
				if !strings.Contains(e.Error.Message, w) {
					t.Errorf("message %q does not mention %q", e.Error.Message, w)
				}
			}
		})
	}
}

func TestWhatIf(t *testing.T) {
	f := testFixture(t)
	rs, err := f.cat.ForListYear(lastYear)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := rs.Criterion("U1")
	lower := c.Threshold.Value.MulInt(100).Sub(blandby.RatioInt(10)).Text()
	body := fmt.Sprintf(`{"year": %d, "changes": [{"criterion": "U1", "value": %q}]}`, lastYear, lower)
	code, out, _ := f.do(t, "POST", "/api/v1/whatif", strings.NewReader(body))
	if code != 200 {
		t.Fatalf("%d %s", code, out)
	}
	var res struct {
		Counts []struct {
			Category      blandby.Category `json:"category"`
			Before, After int
		} `json:"counts"`
		Moves []struct {
			Kind string `json:"kind"`
		} `json:"moves"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	var list listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d", lastYear), &list)
	for _, c := range res.Counts {
		if c.Before != list.Counts[c.Category] {
			t.Errorf("%s: %d before, the published list has %d", c.Category, c.Before, list.Counts[c.Category])
		}
		if c.Category == blandby.Udsat && c.After <= c.Before {
			t.Errorf("lowering U1 by 10 points: udsat %d → %d, want more", c.Before, c.After)
		}
	}
	if len(res.Moves) == 0 {
		t.Error("no area moves")
	}
	// The page gives the same moves, without JavaScript.
	code, page, _ := f.do(t, "GET", fmt.Sprintf("/hvad-hvis?year=%d&U1=%s&run=1", lastYear, lower), nil)
	if code != 200 || strings.Count(string(page), `data-kind="`) != len(res.Moves) {
		t.Errorf("what-if page: %d, %d moves, want %d", code, strings.Count(string(page), `data-kind="`), len(res.Moves))
	}
}

func TestDownloads(t *testing.T) {
	f := testFixture(t)
	for _, format := range []string{"csv", "xlsx", "json", "geojson"} {
		code, body, h := f.do(t, "GET", fmt.Sprintf("/api/v1/lists/%d/download?format=%s", lastYear, format), nil)
		if code != 200 || len(body) == 0 || !strings.Contains(h.Get("Content-Disposition"), fmt.Sprintf("blandede-byer-%d-rev1", lastYear)) {
			t.Errorf("%s: %d, %d bytes, %q", format, code, len(body), h.Get("Content-Disposition"))
		}
	}
}

func TestPages(t *testing.T) {
	f := testFixture(t)
	var list listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d?category=listed", lastYear), &list)
	area := list.Areas[0].AreaID
	for _, lang := range []string{"da", "en"} {
		for _, tt := range []struct {
			path  string
			words map[string]string // by language
		}{
			{"/", map[string]string{"da": "Områder på listerne år for år", "en": "Areas on the lists, year by year"}},
			{fmt.Sprintf("/lister/%d", lastYear), map[string]string{"da": "Hent listen", "en": "Download the list"}},
			{"/omraader/" + area, map[string]string{"da": "Listerne år for år", "en": "The lists, year by year"}},
			{"/regler", map[string]string{"da": "side om side", "en": "side by side"}},
			{"/hvad-hvis", map[string]string{"da": "Ny grænse", "en": "New threshold"}},
		} {
			code, body, h := f.do(t, "GET", tt.path+"?lang="+lang, nil)
			page := string(body)
			if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
				t.Errorf("%s (%s): %d", tt.path, lang, code)
				continue
			}
			if !strings.Contains(page, tt.words[lang]) {
				t.Errorf("%s (%s): missing %q", tt.path, lang, tt.words[lang])
			}
			if !strings.Contains(page, `id="synthetic-banner"`) {
				t.Errorf("%s (%s): no synthetic-data banner", tt.path, lang)
			}
			if !strings.Contains(page, `<html lang="`+lang+`">`) {
				t.Errorf("%s: not in %s", tt.path, lang)
			}
		}
	}
	// The list table has a row per area of the list (no JavaScript needed).
	code, body, _ := f.do(t, "GET", fmt.Sprintf("/lister/%d?category=listed", lastYear), nil)
	if rows := strings.Count(string(body), "<tr data-area="); code != 200 || rows != list.Count {
		t.Errorf("list page: %d rows, the API has %d", rows, list.Count)
	}
	if code, _, _ := f.do(t, "GET", "/no/such/page", nil); code != 404 {
		t.Errorf("unknown page: %d", code)
	}
}

// TestRulesPagePublication: the rules page says when the lists of its rule
// set were published, and names the list of 1 February 2014 that blandby
// does not hold (docs/law/lists.md).
func TestRulesPagePublication(t *testing.T) {
	f := testFixture(t)
	for _, tt := range []struct{ path, want string }{
		{"/regler?at=2011-06-01", "2010: 26. oktober 2010; 2011: 1. oktober 2011 (antagelse)"},
		{"/regler?at=2015-06-01", "Ikke i blandby: den første liste efter de fem kriterier, offentliggjort 1. februar 2014"},
		{"/regler?at=2015-06-01&lang=en", "The lists are published every year on 1 December"},
	} {
		code, body, _ := f.do(t, "GET", tt.path, nil)
		if p := htmltest.Between(t, string(body), `<p id="publication">`, `</p>`); code != 200 || !strings.Contains(p, tt.want) {
			t.Errorf("%s: %d, publication %q; want %q", tt.path, code, p, tt.want)
		}
	}
}

// TestOpenAPI: every route is in the document and every documented
// operation is served, and every GET response conforms to the document's
// schemas: no field the document does not declare.
func TestOpenAPI(t *testing.T) {
	f := testFixture(t)
	var doc openAPIDoc
	f.getJSON(t, "/api/v1/openapi.json", &doc)
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	var routes []string
	for _, rt := range f.srv.apiRoutes() {
		r := rt.pattern
		routes = append(routes, r)
		if !documented[r] {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	sort.Strings(routes)
	for op := range documented {
		if !slices.Contains(routes, op) {
			t.Errorf("openapi.json documents %s, which is not served", op)
		}
	}
	var list listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d?category=listed", lastYear), &list)
	params := strings.NewReplacer("{year}", fmt.Sprint(lastYear), "{id}", list.Areas[0].AreaID)
	for _, r := range routes {
		method, path, _ := strings.Cut(r, " ")
		if method != "GET" || strings.Contains(path, "download") || strings.HasPrefix(path, "/geo/") || path == "/openapi.json" {
			continue
		}
		schema := doc.Paths[path][strings.ToLower(method)].Responses["200"].Content["application/json"].Schema
		as, concrete := f.users["admin"], params.Replace(path)
		if ex, ok := openAPIExamples[r]; ok {
			as, concrete = f.users[ex.user], ex.path
			if ex.find != nil {
				concrete = ex.find(t, f)
			}
		}
		if strings.Contains(concrete, "{") {
			t.Errorf("%s: no example request; add one to openAPIExamples", r)
			continue
		}
		for _, q := range []string{"", "?at=2023-01-01"} {
			if q != "" && !strings.HasPrefix(path, "/rules") {
				continue
			}
			var v any
			code, body, _ := f.doAs(t, as, "GET", "/api/v1"+concrete+q, nil)
			if err := json.Unmarshal(body, &v); code != 200 || err != nil {
				t.Fatalf("%s%s: %d %v", r, q, code, err)
			}
			if err := doc.validate(v, schema, r+q); err != nil {
				t.Errorf("%s%s: %v", r, q, err)
			}
		}
	}
	code, body, _ := f.do(t, "POST", "/api/v1/whatif", strings.NewReader(fmt.Sprintf(`{"year": %d, "changes": [{"criterion": "U1", "value": "20"}]}`, lastYear)))
	var v any
	if err := json.Unmarshal(body, &v); code != 200 || err != nil {
		t.Fatalf("whatif: %d %v", code, err)
	}
	if err := doc.validate(v, doc.Paths["/whatif"]["post"].Responses["200"].Content["application/json"].Schema, "whatif"); err != nil {
		t.Errorf("POST /whatif: %v", err)
	}
}

// openAPIExample is a GET request TestOpenAPI validates the answer of: a
// path under /api/v1 with its parameters filled in (or find, which finds
// it in the fixture's store), and the fixture user who asks.
type openAPIExample struct {
	user, path string
	find       func(t *testing.T, f *fixture) string
}

// openAPIExamples are the example requests of GET routes whose parameters
// are not {year} and {id}, or which admin may not read, by route pattern
// (the feature tests add theirs in init functions).
var openAPIExamples = map[string]openAPIExample{}

// TestNoPersonLevelFields: no schema a response can hold has a field of
// the person-level register (beyond the keys it shares with areas: year,
// area, municipality, region), and TestOpenAPI shows that no response
// holds a field its schema does not declare. Requests may carry person
// data (a letting case's household): the server decides on it and keeps
// only a hash (TestLogHygiene checks the log).
func TestNoPersonLevelFields(t *testing.T) {
	var doc openAPIDoc
	b, err := openAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	shared := map[string]bool{register.ColYear: true, register.ColAreaID: true, register.ColMunicipalityCode: true, register.ColRegionCode: true}
	person := map[string]bool{}
	for _, c := range register.Columns {
		if !shared[c] {
			person[c] = true
		}
	}
	names := doc.responsePropertyNames()
	if len(names) < 50 {
		t.Fatalf("only %d property names found: the walk is broken", len(names))
	}
	for _, n := range names {
		if person[n] || regexp.MustCompile(`(?i)person_|cpr|birth|born`).MatchString(n) {
			t.Errorf("the API schema has the person-level field %q", n)
		}
	}
}

// openAPIDoc is the part of an OpenAPI 3 document the tests read.
type openAPIDoc struct {
	Paths map[string]map[string]struct {
		Responses map[string]struct {
			Content map[string]struct {
				Schema *schema `json:"schema"`
			} `json:"content"`
		} `json:"responses"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]*schema `json:"schemas"`
	} `json:"components"`
}

// schema is the subset of JSON Schema the document uses.
type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 string             `json:"type"`
	Properties           map[string]*schema `json:"properties"`
	Required             []string           `json:"required"`
	Items                *schema            `json:"items"`
	AdditionalProperties json.RawMessage    `json:"additionalProperties"`
	OneOf                []*schema          `json:"oneOf"`
	Enum                 []any              `json:"enum"`
}

func (d *openAPIDoc) resolve(s *schema) *schema {
	for s != nil && s.Ref != "" {
		s = d.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
	}
	return s
}

// validate checks v against s: types, required fields, enums, and no
// field an object schema with properties does not declare.
func (d *openAPIDoc) validate(v any, s *schema, at string) error {
	s = d.resolve(s)
	if s == nil {
		return fmt.Errorf("%s: no schema", at)
	}
	if len(s.OneOf) > 0 {
		var errs []string
		for _, o := range s.OneOf {
			err := d.validate(v, o, at)
			if err == nil {
				return nil
			}
			errs = append(errs, err.Error())
		}
		return fmt.Errorf("%s: matches no oneOf: %s", at, strings.Join(errs, "; "))
	}
	if v == nil {
		return nil // optional values are omitted or null
	}
	if len(s.Enum) > 0 && !slices.Contains(s.Enum, v) {
		return fmt.Errorf("%s: %v is not one of %v", at, v, s.Enum)
	}
	switch s.Type {
	case "object", "":
		obj, ok := v.(map[string]any)
		if !ok {
			if s.Type == "" {
				return nil
			}
			return fmt.Errorf("%s: %T, want an object", at, v)
		}
		for _, r := range s.Required {
			if _, ok := obj[r]; !ok {
				return fmt.Errorf("%s: missing required %q", at, r)
			}
		}
		var extra *schema
		if len(s.AdditionalProperties) > 0 && string(s.AdditionalProperties) != "false" {
			extra = &schema{}
			if err := json.Unmarshal(s.AdditionalProperties, extra); err != nil {
				return err
			}
		}
		for k, val := range obj {
			p, ok := s.Properties[k]
			switch {
			case ok:
			case extra != nil:
				p = extra
			case len(s.Properties) == 0:
				continue // a free-form object
			default:
				return fmt.Errorf("%s: field %q is not in the schema", at, k)
			}
			if err := d.validate(val, p, at+"."+k); err != nil {
				return err
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an array", at, v)
		}
		for i, e := range arr {
			if err := d.validate(e, s.Items, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("%s: %T, want a string", at, v)
		}
	case "integer", "number":
		if _, ok := v.(float64); !ok {
			return fmt.Errorf("%s: %T, want a number", at, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: %T, want a boolean", at, v)
		}
	}
	return nil
}

// propertyNames returns every property name of every schema.
// responsePropertyNames are the property names of every schema a response
// can hold, following references.
func (d *openAPIDoc) responsePropertyNames() []string {
	seen := map[string]bool{}
	visited := map[*schema]bool{}
	var walk func(s *schema)
	walk = func(s *schema) {
		s = d.resolve(s)
		if s == nil || visited[s] {
			return
		}
		visited[s] = true
		for k, p := range s.Properties {
			seen[k] = true
			walk(p)
		}
		walk(s.Items)
		for _, o := range s.OneOf {
			walk(o)
		}
	}
	for _, ops := range d.Paths {
		for _, op := range ops {
			for _, r := range op.Responses {
				for _, c := range r.Content {
					walk(c.Schema)
				}
			}
		}
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestListETag(t *testing.T) {
	f := testFixture(t)
	path := fmt.Sprintf("/api/v1/lists/%d?category=udsat", lastYear)
	code, body, h := f.do(t, "GET", path, nil)
	etag := h.Get("ETag")
	if code != 200 || etag == "" {
		t.Fatalf("%d, ETag %q", code, etag)
	}
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("If-None-Match", etag)
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("with If-None-Match: %d, %d bytes", rec.Code, rec.Body.Len())
	}
	if _, other, h2 := f.do(t, "GET", fmt.Sprintf("/api/v1/lists/%d", lastYear), nil); h2.Get("ETag") == etag || bytes.Equal(other, body) {
		t.Error("two filters share an ETag")
	}
}

// BenchmarkListPage renders the list page of a year afresh (every query is
// new, so the page cache never answers): the cost of a first view.
func BenchmarkListPage(b *testing.B) {
	f := testFixture(b)
	path := fmt.Sprintf("/lister/%d?n=", lastYear)
	i := 0
	for b.Loop() {
		i++
		code, _, _ := f.do(b, "GET", path+fmt.Sprint(i), nil)
		if code != 200 {
			b.Fatal(code)
		}
	}
}

// freshThrottle forgets the sign-in throttle's state, which the store
// keeps across servers, now and when the test ends: a test that makes
// failed sign-ins leaves no lockout to the tests after it.
func (f *fixture) freshThrottle(t testing.TB) {
	t.Helper()
	db, ok := f.st.(interface{ DB() *sql.DB })
	if !ok {
		t.Fatalf("%T has no DB", f.st)
	}
	forget := func() {
		if _, err := db.DB().Exec("DELETE FROM login_throttle"); err != nil {
			t.Error(err)
		}
	}
	forget()
	t.Cleanup(forget)
}
