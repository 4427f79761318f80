//go:build !race

// This file's tests are in the full-scale tier: hundreds of sequential
// requests, so the race detector finds nothing in them and makes them 5–10×
// slower. make test runs them in a second pass without it (Makefile,
// FULLSCALE); the concurrent paths they pass through have their own tests
// under the detector.

package web

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/blandby/blandby/auth"
)

// routeRow is a row of SECURITY.md's route table.
type routeRow struct {
	pattern, action string
	allowed         map[auth.Role]bool
	// own are the roles allowed only within their own scope: the matrix
	// asks as a user of the scope the example request acts in, and as one
	// of another scope, who must be denied.
	own map[auth.Role]bool
}

// readRouteTable parses the table under "## Routes by role" in SECURITY.md.
func readRouteTable(t *testing.T) (map[string]routeRow, string) {
	t.Helper()
	b, err := os.ReadFile("../SECURITY.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	_, section, ok := strings.Cut(doc, "## Routes by role")
	if !ok {
		t.Fatal("SECURITY.md has no section Routes by role")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	rows := map[string]routeRow{}
	var header []string
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "|") || strings.HasPrefix(line, "|---") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.Trim(strings.TrimSpace(cells[i]), "`")
		}
		if header == nil {
			header = cells
			want := []string{"route", "action"}
			for _, r := range auth.Roles() {
				want = append(want, string(r))
			}
			if !slices.Equal(header, want) {
				t.Fatalf("route table columns %v, want %v", header, want)
			}
			continue
		}
		if len(cells) != len(header) {
			t.Fatalf("route table row %q: %d cells, want %d", line, len(cells), len(header))
		}
		row := routeRow{pattern: cells[0], action: cells[1], allowed: map[auth.Role]bool{}, own: map[auth.Role]bool{}}
		for i, r := range auth.Roles() {
			switch cells[2+i] {
			case "allowed":
				row.allowed[r] = true
			case "own":
				if !r.Scoped() {
					t.Fatalf("route table %s, %s: %s has no scope to own", row.pattern, r, r)
				}
				row.allowed[r], row.own[r] = true, true
			case "denied":
			default:
				t.Fatalf("route table %s, %s: %q is neither allowed, own nor denied", row.pattern, r, cells[2+i])
			}
		}
		if _, dup := rows[row.pattern]; dup {
			t.Fatalf("route table lists %s twice", row.pattern)
		}
		rows[row.pattern] = row
	}
	return rows, doc
}

// TestAuthzMatrix requests every route as every role (a user with an API
// token, anonymous, and a municipality of another code) and checks the
// answer against SECURITY.md's route table: allowed is neither 401 nor 403,
// denied is 401 for anonymous and 403 otherwise.
func TestAuthzMatrix(t *testing.T) {
	f := testFixture(t)
	rows, doc := readRouteTable(t)
	if !strings.Contains(doc, auth.PolicyMarkdown()) {
		t.Error("SECURITY.md does not hold the policy table auth.PolicyMarkdown() writes")
	}
	table, err := f.srv.routeTable()
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, rt := range table {
		served[rt.pattern] = true
		if row, ok := rows[rt.pattern]; !ok {
			t.Errorf("route %s is not in SECURITY.md's route table", rt.pattern)
		} else if row.action != string(rt.action) {
			t.Errorf("route %s: SECURITY.md says action %s, the server %s", rt.pattern, row.action, rt.action)
		}
	}
	for p := range rows {
		if !served[p] {
			t.Errorf("SECURITY.md lists %s, which is not served", p)
		}
	}
	var list listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d?category=listed", lastYear), &list)
	paths := strings.NewReplacer("{year}", fmt.Sprint(lastYear), "{id}", list.Areas[0].AreaID, "{$}", "", "/static/", "/static/app.css")
	callers := []struct {
		name string
		role auth.Role
		user testUser
		// other is a user of another scope than the one the example
		// requests act in.
		other bool
	}{
		{"admin", auth.RoleAdmin, f.users["admin"], false},
		{"ministry", auth.RoleMinistry, f.users["ministry"], false},
		{"municipality", auth.RoleMunicipality, f.users["municipality"], false},
		{"municipality of another code", auth.RoleMunicipality, f.users["municipality-other"], true},
		{"housing_org", auth.RoleHousingOrg, f.users["housing_org"], false},
		{"housing_org of another organisation", auth.RoleHousingOrg, f.users["housing_org-other"], true},
		{"landlord", auth.RoleLandlord, f.users["landlord"], false},
		{"landlord of another CVR", auth.RoleLandlord, f.users["landlord-other"], true},
		{"anonymous", auth.RolePublic, testUser{}, false},
	}
	for _, rt := range table {
		row, ok := rows[rt.pattern]
		if !ok {
			continue
		}
		method, path, _ := strings.Cut(rt.pattern, " ")
		path = paths.Replace(path)
		for _, c := range callers {
			var code int
			if req, ok := matrixRequests[rt.pattern]; ok {
				code = req(t, f, c.user)
			} else {
				code = f.requestAs(t, c.user, method, path)
			}
			denied := code == http.StatusUnauthorized || code == http.StatusForbidden
			want := http.StatusForbidden
			if c.role == auth.RolePublic {
				want = http.StatusUnauthorized
			}
			allowed := row.allowed[c.role] && !(c.other && row.own[c.role])
			if !allowed && c.other && row.own[c.role] && rentalPropertyRoutes[rt.pattern] {
				want = http.StatusNotFound // another's property is answered as an unknown one
			}
			switch {
			case allowed && denied:
				t.Errorf("%s as %s: %d, SECURITY.md says allowed", rt.pattern, c.name, code)
			case !allowed && code != want:
				t.Errorf("%s as %s: %d, SECURITY.md says denied (%d)", rt.pattern, c.name, code, want)
			}
		}
	}
}

// requestAs makes a valid request of a route as u (with u's token; none for
// the zero testUser) and returns the status. POST /login signs in with a
// real user's form (u's own, or the ministry's for anonymous).
func (f *fixture) requestAs(t *testing.T, u testUser, method, path string) int {
	t.Helper()
	switch method + " " + path {
	case "POST /api/v1/whatif":
		code, _, _ := f.doAs(t, u, method, path, strings.NewReader(fmt.Sprintf(`{"year": %d, "changes": []}`, lastYear)))
		return code
	case "POST /login":
		b := newClient(f.srv)
		code, page, _ := b.do("GET", "/login", nil)
		if code != http.StatusOK {
			t.Fatalf("GET /login: %d", code)
		}
		who := u
		if who.name == "" {
			who = f.users["ministry"]
		}
		form := url.Values{"csrf": {csrf(t, page, "/login")}, "name": {who.name}, "password": {who.password}}
		code, _, _ = serve(f.srv, method, path, strings.NewReader(form.Encode()), func(r *http.Request) {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.AddCookie(&http.Cookie{Name: loginCSRFCookie, Value: b.cookies[loginCSRFCookie]})
			if u.token != "" {
				r.Header.Set("Authorization", "Bearer "+u.token)
			}
		})
		return code
	}
	code, _, _ := f.doAs(t, u, method, path, nil)
	return code
}
