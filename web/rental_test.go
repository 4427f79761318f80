package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/blandby/blandby/rental"
)

// rentalDo sends a JSON request as u and returns the status and body.
func (f *fixture) rentalDo(t testing.TB, u testUser, method, path string, body any) (int, []byte) {
	t.Helper()
	var r *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	} else {
		r = bytes.NewReader(nil)
	}
	code, out, _ := serve(f.srv, method, path, r, func(req *http.Request) {
		req.Header.Set("Content-Type", "application/json")
		if u.token != "" {
			req.Header.Set("Authorization", "Bearer "+u.token)
		}
	})
	return code, out
}

// rentalQuery names the scope a matrix request reads: the fixture's
// landlord for landlord users, municipality 101 for everyone else.
func rentalQuery(u testUser) string {
	if strings.HasPrefix(u.principal, "landlord") {
		return "?landlord=12345678"
	}
	return "?municipality=101"
}

var rentalSeq atomic.Int64

func init() {
	get := func(path string, scoped bool) func(t *testing.T, f *fixture, u testUser) int {
		return func(t *testing.T, f *fixture, u testUser) int {
			p := path
			if scoped {
				p += rentalQuery(u)
			}
			code, _ := f.rentalDo(t, u, "GET", p, nil)
			return code
		}
	}
	post := func(path string, body func() any) func(t *testing.T, f *fixture, u testUser) int {
		return func(t *testing.T, f *fixture, u testUser) int {
			code, _ := f.rentalDo(t, u, "POST", path, body())
			return code
		}
	}
	form := func(path string, values func() url.Values) func(t *testing.T, f *fixture, u testUser) int {
		return func(t *testing.T, f *fixture, u testUser) int {
			code, _, _ := serve(f.srv, "POST", path, strings.NewReader(values().Encode()), func(r *http.Request) {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if u.token != "" {
					r.Header.Set("Authorization", "Bearer "+u.token)
				}
			})
			return code
		}
	}
	next := func() int64 { return rentalSeq.Add(1) }
	m := matrixRequests
	m["GET /api/v1/rental/properties"] = get("/api/v1/rental/properties", true)
	m["POST /api/v1/rental/properties"] = post("/api/v1/rental/properties", func() any {
		return map[string]any{"id": "web-udl-matrix", "landlord_cvr": "12345678", "landlord_name": "Demo Ejendomme A/S", "address": "Matrixvej 1", "municipality": 101, "dwellings": 30}
	})
	m["GET /api/v1/rental/agreements"] = get("/api/v1/rental/agreements", true)
	m["POST /api/v1/rental/agreements"] = post("/api/v1/rental/agreements", func() any {
		n := next()
		return map[string]any{"id": fmt.Sprintf("web-aftale-%d", n), "municipality": 101, "property_id": "demo-udl-1", "kind": "named",
			"dwellings": []string{fmt.Sprintf("m%da", n), fmt.Sprintf("m%db", n)}, "from": "2023-01-01T00:00:00Z", "to": "2023-01-31T00:00:00Z", "compensation": 1000}
	})
	m["GET /api/v1/rental/decisions"] = func(t *testing.T, f *fixture, u testUser) int {
		code, _ := f.rentalDo(t, u, "GET", "/api/v1/rental/decisions?municipality=101", nil)
		return code
	}
	m["POST /api/v1/rental/decisions"] = post("/api/v1/rental/decisions", func() any {
		return map[string]any{"id": fmt.Sprintf("web-beslutning-%d", next()), "municipality": 101, "date": "2022-12-05T00:00:00Z",
			"reason": "aftalerne rækker ikke (matrix)", "properties": []string{"demo-udl-1"}, "target_group": "venteliste_udsat_forebyggelse"}
	})
	vacancy := func() any {
		return map[string]any{"dwelling": map[string]any{"id": fmt.Sprintf("mx%d", next()), "rooms": 2, "area_m2": 70, "rent": 8000}, "date": "2023-02-01T00:00:00Z"}
	}
	m["POST /api/v1/rental/properties/{id}/vacancies"] = post("/api/v1/rental/properties/demo-udl-2/vacancies", vacancy)
	m["POST /api/v1/rental/properties/{id}/vacancies/{seq}/offer"] = post("/api/v1/rental/properties/demo-udl-1/vacancies/1/offer", func() any {
		return map[string]any{"dwelling": map[string]any{"id": "mx-offer", "rooms": 2, "area_m2": 70, "rent": 8000}, "date": "2023-03-01T00:00:00Z"}
	})
	m["POST /api/v1/rental/properties/{id}/vacancies/{seq}/allocation"] = post("/api/v1/rental/properties/demo-udl-1/vacancies/1/allocation", func() any {
		return map[string]any{"date": "2023-03-01T00:00:00Z", "applicant_ref": "mx-ansoeger", "target_group": "boligsocial"}
	})
	m["POST /api/v1/rental/properties/{id}/vacancies/{seq}/claims"] = post("/api/v1/rental/properties/demo-udl-1/vacancies/1/claims", func() any {
		return map[string]any{"date": "2023-06-01T00:00:00Z", "amount": 5000, "note": "matrix"}
	})
	m["GET /api/v1/rental/ledger"] = get("/api/v1/rental/ledger", true)
	m["GET /api/v1/rental/statement"] = get("/api/v1/rental/statement", true)
	m["POST /udlejning/ledig"] = form("/udlejning/ledig", func() url.Values {
		return url.Values{"property": {"demo-udl-2"}, "dwelling": {fmt.Sprintf("mf%d", next())}, "rooms": {"2"}, "area_m2": {"60"}, "rent": {"7000"}, "date": {"2023-02-02"}}
	})
	m["POST /udlejning/aftale"] = form("/udlejning/aftale", func() url.Values {
		n := next()
		return url.Values{"id": {fmt.Sprintf("web-form-aftale-%d", n)}, "property": {"demo-udl-1"}, "kind": {"named"}, "dwellings": {fmt.Sprintf("f%da, f%db", n, n)},
			"from": {"2023-02-01"}, "to": {"2023-02-28"}, "compensation": {"0"}}
	})
	m["POST /udlejning/beslutning"] = form("/udlejning/beslutning", func() url.Values {
		return url.Values{"id": {fmt.Sprintf("web-form-beslutning-%d", next())}, "date": {"2022-12-06"}, "properties": {"demo-udl-1"},
			"target_group": {"venteliste_udsat_forebyggelse"}, "reason": {"aftalerne rækker ikke (formular)"}}
	})
	m["POST /udlejning/tilbud"] = form("/udlejning/tilbud", func() url.Values {
		return url.Values{"property": {"demo-udl-1"}, "seq": {"1"}, "dwelling": {"mx-t"}, "rooms": {"2"}, "area_m2": {"70"}, "rent": {"8000"}, "date": {"2023-03-01"}}
	})
	m["POST /udlejning/anvisning"] = form("/udlejning/anvisning", func() url.Values {
		return url.Values{"property": {"demo-udl-1"}, "seq": {"1"}, "applicant_ref": {"mx-a"}, "target_group": {"boligsocial"}, "date": {"2023-03-01"}}
	})
}

// TestRentalFlow walks the ledger through the API: a landlord registers a
// property, the municipality agrees on every 4th vacancy and decides to
// use the right, the landlord reports vacancies and gets an answer to
// each, the municipality allocates, and both read the statement; other
// scopes are refused.
func TestRentalFlow(t *testing.T) {
	f := testFixture(t)
	landlord, mun, other, otherLandlord := f.users["landlord"], f.users["municipality"], f.users["municipality-other"], f.users["landlord-other"]
	want := func(what string, code int, body []byte, status int) {
		t.Helper()
		if code != status {
			t.Fatalf("%s: %d %s, want %d", what, code, body, status)
		}
	}
	prop := map[string]any{"id": "web-flow-1", "landlord_cvr": "12345678", "landlord_name": "Demo Ejendomme A/S", "address": "Flowvej 1", "municipality": 101, "dwellings": 30}
	code, body := f.rentalDo(t, landlord, "POST", "/api/v1/rental/properties", prop)
	want("landlord registers a property", code, body, 200)
	code, body = f.rentalDo(t, otherLandlord, "POST", "/api/v1/rental/properties", prop)
	want("another landlord registers it", code, body, 403)
	code, body = f.rentalDo(t, mun, "POST", "/api/v1/rental/properties", prop)
	want("the municipality registers it", code, body, 403)

	ag := map[string]any{"id": "web-flow-aftale", "municipality": 101, "property_id": "web-flow-1", "kind": "every_nth", "n": 4, "max_share": "1/10", "from": "2022-01-01T00:00:00Z", "compensation": 5000}
	code, body = f.rentalDo(t, other, "POST", "/api/v1/rental/agreements", ag)
	want("municipality 851 agrees on a property in 101", code, body, 404) // as an unknown property
	code, body = f.rentalDo(t, landlord, "POST", "/api/v1/rental/agreements", ag)
	want("the landlord records the agreement", code, body, 403)
	bad := map[string]any{"id": "web-flow-aftale-3", "municipality": 101, "property_id": "web-flow-1", "kind": "every_nth", "n": 3, "max_share": "1/10", "from": "2022-01-01T00:00:00Z"}
	code, body = f.rentalDo(t, mun, "POST", "/api/v1/rental/agreements", bad)
	want("N = 3", code, body, 400)
	code, body = f.rentalDo(t, mun, "POST", "/api/v1/rental/agreements", ag)
	want("the municipality agrees", code, body, 201)

	dec := map[string]any{"id": "web-flow-beslutning", "municipality": 101, "date": "2022-12-02T00:00:00Z",
		"reason": "aftalerne rækker ikke", "properties": []string{"web-flow-1"}, "target_group": "venteliste_udsat_forebyggelse"}
	code, body = f.rentalDo(t, mun, "POST", "/api/v1/rental/decisions", dec)
	want("the municipality decides", code, body, 201)

	var last rental.Entry
	for i := range 13 {
		v := map[string]any{"dwelling": map[string]any{"id": fmt.Sprintf("fl%d", i+1), "rooms": 2, "area_m2": 70, "rent": 9000}, "date": fmt.Sprintf("2022-12-%02dT00:00:00Z", 3+i)}
		code, body = f.rentalDo(t, landlord, "POST", "/api/v1/rental/properties/web-flow-1/vacancies", v)
		want(fmt.Sprintf("vacancy %d", i+1), code, body, 201)
		if err := json.Unmarshal(body, &last); err != nil {
			t.Fatal(err)
		}
		// The agreement takes the first vacancy, then every 4th, to its cap
		// of 3 (1/10 of 30); the right the first vacancy it counts.
		wantRoute := rental.RouteLandlord
		switch i + 1 {
		case 1, 5, 9:
			wantRoute = rental.RouteAgreement
		case 2:
			wantRoute = rental.RouteRight
		}
		if last.Seq != i+1 || last.Route != wantRoute || len(last.Reasons) < 2 {
			t.Errorf("vacancy %d: seq %d route %s reasons %v, want %s", i+1, last.Seq, last.Route, last.Reasons, wantRoute)
		}
	}
	if last.RightCount != 10 || last.Route != rental.RouteLandlord || last.DecisionID != "web-flow-beslutning" || !last.Status.Eligible || last.Status.ListYear != 2022 {
		t.Errorf("vacancy 13: %+v", last)
	}
	code, body = f.rentalDo(t, mun, "POST", "/api/v1/rental/properties/web-flow-1/vacancies", map[string]any{"dwelling": map[string]any{"id": "x", "rooms": 1, "area_m2": 30, "rent": 1}, "date": "2022-12-20T00:00:00Z"})
	want("the municipality reports a vacancy", code, body, 403)

	alloc := func(group string) (int, []byte) {
		return f.rentalDo(t, mun, "POST", "/api/v1/rental/properties/web-flow-1/vacancies/2/allocation",
			map[string]any{"date": "2022-12-25T00:00:00Z", "applicant_ref": "ansoeger-1", "target_group": group})
	}
	code, body = alloc("boligsocial")
	want("a right dwelling to general allocation", code, body, 400)
	code, body = f.rentalDo(t, mun, "POST", "/api/v1/rental/properties/web-flow-1/vacancies/2/allocation",
		map[string]any{"date": "2022-12-25T00:00:00Z", "applicant_ref": "0101901234", "target_group": "venteliste_udsat_forebyggelse"})
	want("a CPR number as applicant reference", code, body, 400)
	code, body = alloc("venteliste_udsat_forebyggelse")
	want("allocation to the target group", code, body, 201)
	code, body = alloc("venteliste_udsat_forebyggelse")
	want("a second allocation", code, body, 409)
	code, body = f.rentalDo(t, landlord, "POST", "/api/v1/rental/properties/web-flow-1/vacancies/2/offer",
		map[string]any{"dwelling": map[string]any{"id": "fl99", "rooms": 2, "area_m2": 70, "rent": 9000}, "date": "2022-12-26T00:00:00Z"})
	want("an offer after the allocation", code, body, 409)

	var st rental.Statement
	code, body = f.rentalDo(t, landlord, "GET", "/api/v1/rental/statement?property=web-flow-1&as_of=2022-12-31", nil)
	want("the landlord's statement", code, body, 200)
	if err := json.Unmarshal(body, &st); err != nil {
		t.Fatal(err)
	}
	// The rent while waiting is owed for every dwelling the municipality
	// obtained (§ 5, stk. 2), at 9000 kr. a month, 300 a day: the right's
	// (4-25 December, 21 days) 6300, and the agreement's three, not yet
	// allocated by 31 December (28, 24 and 20 days) 8400, 7200, 6000.
	if st.Vacancies != 13 || st.ByAgreement != 3 || st.ByRight != 1 || st.Allocations != 1 || st.Compensation != 15000 || st.Rent != 27900 || st.Owed != 42900 {
		t.Errorf("statement %+v", st)
	}
	code, body = f.rentalDo(t, other, "GET", "/api/v1/rental/ledger?property=web-flow-1", nil)
	want("municipality 851 reads 101's ledger", code, body, 404)
	code, body = f.rentalDo(t, otherLandlord, "GET", "/api/v1/rental/ledger?property=web-flow-1", nil)
	want("another landlord reads the ledger", code, body, 404)
	code, body = f.rentalDo(t, mun, "GET", "/api/v1/rental/ledger?property=web-flow-1", nil)
	want("the municipality reads the ledger", code, body, 200)
	code, body = f.rentalDo(t, mun, "POST", "/api/v1/rental/agreements", map[string]any{"id": "x", "property_id": "web-flow-1", "unknown": 1})
	want("an unknown field", code, body, 400)

	// Ten more vacancies (the agreement's cap is reached): the 14th is the
	// right's 11th count and its second dwelling, and the landlord offers an
	// equivalent dwelling for it.
	var fourteenth rental.Entry
	for i := 13; i < 23; i++ {
		v := map[string]any{"dwelling": map[string]any{"id": fmt.Sprintf("fl%d", i+1), "rooms": 2, "area_m2": 70, "rent": 9000}, "date": fmt.Sprintf("2022-12-%02dT00:00:00Z", 3+i)}
		code, body = f.rentalDo(t, landlord, "POST", "/api/v1/rental/properties/web-flow-1/vacancies", v)
		want(fmt.Sprintf("vacancy %d", i+1), code, body, 201)
		if err := json.Unmarshal(body, &last); err != nil {
			t.Fatal(err)
		}
		if last.Seq == 14 {
			fourteenth = last
		}
	}
	if fourteenth.Route != rental.RouteRight || fourteenth.RightCount != 11 || last.Seq != 23 || last.Route != rental.RouteLandlord || last.RightCount != 20 {
		t.Fatalf("vacancy 14: route %s count %d; 23: route %s count %d", fourteenth.Route, fourteenth.RightCount, last.Route, last.RightCount)
	}
	offer := map[string]any{"dwelling": map[string]any{"id": "fl-ombytning", "rooms": 2, "area_m2": 66, "rent": 8700}, "date": "2022-12-26T00:00:00Z"}
	code, body = f.rentalDo(t, mun, "POST", "/api/v1/rental/properties/web-flow-1/vacancies/14/offer", offer)
	want("the municipality offers for the landlord", code, body, 403)
	code, body = f.rentalDo(t, landlord, "POST", "/api/v1/rental/properties/web-flow-1/vacancies/14/offer", offer)
	want("an equivalent dwelling", code, body, 201)
	code, body = f.rentalDo(t, landlord, "POST", "/api/v1/rental/properties/web-flow-1/vacancies/9/offer", offer)
	want("an offer for an agreement vacancy", code, body, 400)
	log, err := f.st.AuditLog(context.Background(), 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range log {
		if strings.HasPrefix(e.Action, "rental_") && e.Scope != "" {
			seen[e.Action+" "+e.Outcome] = true
		}
	}
	for _, a := range []string{"rental_property ok", "rental_agreement ok", "rental_decision ok", "rental_vacancy ok", "rental_allocation ok", "rental_offer ok", "rental_access denied"} {
		if !seen[a] {
			t.Errorf("the audit trail has no %s", a)
		}
	}
}

// TestRentalPage: a landlord signed in reports a vacancy through the page's
// form (with its CSRF token) and sees the answer; a form without the
// token is refused; the municipality's page lists the ledger.
func TestRentalPage(t *testing.T) {
	f := testFixture(t)
	u := f.users["landlord"]
	b := newClient(f.srv)
	if code := b.login(t, u.name, u.password); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	code, page, _ := b.do("GET", "/udlejning", nil)
	if code != 200 || !strings.Contains(page, "demo-udl-1") || !strings.Contains(page, `id="rental-statement"`) {
		t.Fatalf("GET /udlejning as landlord: %d", code)
	}
	form := url.Values{"property": {"demo-udl-3"}, "dwelling": {"st.tv"}, "rooms": {"2"}, "area_m2": {"60"}, "rent": {"7000"}, "date": {"2023-04-01"}}
	if code, _, _ := b.do("POST", "/udlejning/ledig", form); code != http.StatusForbidden {
		t.Errorf("form without CSRF token: %d, want 403", code)
	}
	form.Set("csrf", csrf(t, page, "/udlejning/ledig"))
	code, _, h := b.do("POST", "/udlejning/ledig", form)
	if code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/udlejning?svar=demo-udl-3") {
		t.Fatalf("report through the form: %d, Location %q", code, h.Get("Location"))
	}
	_, answer, _ := b.do("GET", h.Get("Location"), nil)
	// st.tv is named in the demo's agreement on demo-udl-3.
	if !strings.Contains(answer, `id="rental-answer"`) || !strings.Contains(answer, "navngivet i aftale demo-aftale-2") {
		t.Errorf("the answer is not on the page:\n%s", answer)
	}
	code, body, _ := f.doAs(t, f.users["municipality"], "GET", "/udlejning?lang=en", nil)
	if code != 200 || !strings.Contains(string(body), `id="rental-ledger"`) || !strings.Contains(string(body), "Allocate") {
		t.Errorf("municipality page: %d", code)
	}
	if code, _, _ := f.doAs(t, f.users["admin"], "GET", "/udlejning", nil); code != http.StatusForbidden {
		t.Errorf("admin page: %d, want 403", code)
	}
}

func init() {
	for _, p := range []string{"properties", "agreements", "decisions", "ledger", "statement"} {
		openAPIExamples["GET /rental/"+p] = openAPIExample{user: "municipality", path: "/rental/" + p + "?municipality=101"}
	}
}

// TestRentalMunicipalityForms: the municipality signed in records an
// agreement and a decision through the page's forms; a decision for a
// target group the right does not allow is refused with the reason.
func TestRentalMunicipalityForms(t *testing.T) {
	f := testFixture(t)
	u := f.users["municipality"]
	b := newClient(f.srv)
	if code := b.login(t, u.name, u.password); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	_, page, _ := b.do("GET", "/udlejning", nil)
	ag := url.Values{"csrf": {csrf(t, page, "/udlejning/aftale")}, "id": {"web-side-aftale"}, "property": {"demo-udl-1"}, "kind": {"every_nth"},
		"n": {"6"}, "max_share": {"1/8"}, "from": {"2024-01-01"}, "compensation": {"2500"}}
	if code, body, _ := b.do("POST", "/udlejning/aftale", ag); code != http.StatusSeeOther {
		t.Fatalf("agreement form: %d %s", code, body)
	}
	dec := url.Values{"csrf": {csrf(t, page, "/udlejning/beslutning")}, "id": {"web-side-beslutning"}, "date": {"2022-12-07"},
		"properties": {"demo-udl-1", "demo-udl-2"}, "target_group": {"boligsocial"}, "reason": {"aftalerne rækker ikke"}}
	if code, body, _ := b.do("POST", "/udlejning/beslutning", dec); code != http.StatusBadRequest || !strings.Contains(body, `id="decision-target_group-error"`) {
		t.Errorf("decision for general allocation: %d", code)
	}
	dec.Set("target_group", "venteliste_udsat_forebyggelse")
	if code, body, _ := b.do("POST", "/udlejning/beslutning", dec); code != http.StatusSeeOther {
		t.Fatalf("decision form: %d %s", code, body)
	}
	_, page, _ = b.do("GET", "/udlejning", nil)
	for _, want := range []string{"web-side-aftale", "web-side-beslutning", "1/8"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}
