package auth

import (
	"strings"
	"testing"

	"github.com/blandby/blandby"
)

// want is the policy written out independently of the table in policy.go:
// per action, per role, "any", "own" or "" (denied). A change to either must
// be made to both.
var want = map[Action]map[Role]string{
	ActionReadPublished: {RoleAdmin: "any", RoleMinistry: "any", RoleMunicipality: "any", RoleHousingOrg: "any", RoleLandlord: "any", RolePublic: "any"},
	ActionReadArea:      {RoleAdmin: "any", RoleMinistry: "any", RoleMunicipality: "any", RoleHousingOrg: "any", RoleLandlord: "any", RolePublic: "any"},
	ActionWhatIf:        {RoleAdmin: "any", RoleMinistry: "any", RoleMunicipality: "any", RoleHousingOrg: "any", RoleLandlord: "any", RolePublic: "any"},
	ActionCompute:       {RoleAdmin: "any", RoleMinistry: "any"},
	ActionPublish:       {RoleAdmin: "any", RoleMinistry: "any"},
	ActionCorrect:       {RoleAdmin: "any", RoleMinistry: "any"},
	ActionImport:        {RoleAdmin: "any", RoleMinistry: "any"},
	ActionManageUsers:   {RoleAdmin: "any"},
	ActionReadAudit:     {RoleAdmin: "any"},
	ActionDecideLetting: {RoleMunicipality: "own", RoleHousingOrg: "own"},
	ActionAllocate:      {RoleMunicipality: "own", RoleHousingOrg: "own"},
	ActionLettingPolicy: {RoleMunicipality: "own"},
	ActionPlan:          {RoleMunicipality: "own", RoleHousingOrg: "own"},
	ActionReadPlan:      {RoleAdmin: "any", RoleMinistry: "any", RoleMunicipality: "own", RoleHousingOrg: "own"},
	ActionRentalAccess:  {RoleMunicipality: "own", RoleLandlord: "own"},
}

// principals are one principal of every role.
var principals = map[Role]Principal{
	RoleAdmin:        {Role: RoleAdmin, Name: "drift"},
	RoleMinistry:     {Role: RoleMinistry},
	RoleMunicipality: {Role: RoleMunicipality, Scope: "101"},
	RoleHousingOrg:   {Role: RoleHousingOrg, Scope: "aab"},
	RoleLandlord:     {Role: RoleLandlord, Scope: "12345678"},
	RolePublic:       Anonymous,
}

var (
	ownResource   = Resource{Municipality: 101, HousingOrg: "aab", Landlord: "12345678"}
	otherResource = Resource{Municipality: 147, HousingOrg: "fsb", Landlord: "87654321"}
	noResource    = Resource{}
)

func TestPolicyMatrix(t *testing.T) {
	if len(want) != len(Actions()) {
		t.Errorf("the test's table has %d actions, Actions() %d", len(want), len(Actions()))
	}
	for _, a := range Actions() {
		perRole, ok := want[a]
		if !ok {
			t.Errorf("action %s: not in the test's table", a)
		}
		for _, r := range Roles() {
			p := principals[r]
			exp := perRole[r]
			for _, c := range []struct {
				name    string
				res     Resource
				allowed bool
			}{
				{"own", ownResource, exp != ""},
				{"other", otherResource, exp == "any"},
				{"unscoped", noResource, exp == "any"},
			} {
				err := Authorize(p, a, c.res)
				if got := err == nil; got != c.allowed {
					t.Errorf("%s %s on the %s resource: allowed %v, want %v (%v)", p, a, c.name, got, c.allowed, err)
				}
				if Allowed(p, a, c.res) != (err == nil) {
					t.Errorf("%s %s on the %s resource: Allowed disagrees with Authorize", p, a, c.name)
				}
				if err == nil {
					continue
				}
				code := blandby.CodeForbidden
				if r == RolePublic {
					code = blandby.CodeUnauthorized
				}
				if blandby.CodeOf(err) != code {
					t.Errorf("%s %s on the %s resource: code %q, want %q (%v)", p, a, c.name, blandby.CodeOf(err), code, err)
				}
			}
		}
	}
}

// TestEveryActionHasARule catches an action added without a rule, and a rule
// that is not an action's.
func TestEveryActionHasARule(t *testing.T) {
	has := map[Action]bool{}
	seen := map[ruleKey]bool{}
	for _, rule := range Rules() {
		if err := checkRule(rule); err != nil {
			t.Error(err)
		}
		k := ruleKey{rule.Action, rule.Role}
		if seen[k] {
			t.Errorf("two rules for %s by %s", rule.Action, rule.Role)
		}
		seen[k] = true
		has[rule.Action] = true
		if g := want[rule.Action][rule.Role]; g != string(rule.Grant) {
			t.Errorf("rule %+v, the test's table says %q", rule, g)
		}
	}
	for _, a := range Actions() {
		if !has[a] {
			t.Errorf("action %s has no rule", a)
		}
		if !a.Valid() {
			t.Errorf("action %s is not Valid", a)
		}
	}
	if len(seen) != len(Rules()) {
		t.Errorf("duplicate rules")
	}
}

func TestAuthorizeMunicipalityScope(t *testing.T) {
	kbh := Principal{Role: RoleMunicipality, Scope: "101"}
	cases := []struct {
		res  Resource
		ok   bool
		code blandby.Code
	}{
		{Resource{Municipality: 101}, true, ""},
		{Resource{Municipality: 147}, false, blandby.CodeForbidden},
		{Resource{Municipality: 1010}, false, blandby.CodeInvalid},
		{Resource{HousingOrg: "101"}, false, blandby.CodeForbidden}, // another unit's field
		{Resource{}, false, blandby.CodeForbidden},
		{Resource{Municipality: -1}, false, blandby.CodeInvalid},
	}
	for _, c := range cases {
		err := Authorize(kbh, ActionPlan, c.res)
		if (err == nil) != c.ok || blandby.CodeOf(err) != c.code {
			t.Errorf("plan on %+v: %v (code %q), want ok %v code %q", c.res, err, blandby.CodeOf(err), c.ok, c.code)
		}
	}
	err := Authorize(kbh, ActionAllocate, Resource{Municipality: 147})
	if err == nil || !strings.Contains(err.Error(), "147") || !strings.Contains(err.Error(), "101") {
		t.Errorf("the refusal should name both municipalities: %v", err)
	}
}

func TestAuthorizeBadInput(t *testing.T) {
	cases := []struct {
		p    Principal
		a    Action
		r    Resource
		code blandby.Code
	}{
		{Principal{}, ActionReadPublished, noResource, blandby.CodeUnauthorized},
		{Principal{Role: "root"}, ActionReadPublished, noResource, blandby.CodeUnauthorized},
		{Principal{Role: RoleMunicipality}, ActionReadPublished, noResource, blandby.CodeUnauthorized},
		{Principal{Role: RoleMunicipality, Scope: "0101"}, ActionPlan, ownResource, blandby.CodeUnauthorized},
		{Principal{Role: RoleAdmin}, "delete_everything", noResource, blandby.CodeInvalid},
		{Principal{Role: RoleAdmin}, "", noResource, blandby.CodeInvalid},
		{Principal{Role: RoleLandlord, Scope: "12345678"}, ActionRentalAccess, Resource{Landlord: "1234"}, blandby.CodeInvalid},
		{Principal{Role: RoleHousingOrg, Scope: "aab"}, ActionPlan, Resource{HousingOrg: "AAB"}, blandby.CodeInvalid},
	}
	for _, c := range cases {
		if err := Authorize(c.p, c.a, c.r); blandby.CodeOf(err) != c.code {
			t.Errorf("Authorize(%+v, %q, %+v) = %v, want code %q", c.p, c.a, c.r, err, c.code)
		}
	}
}

func TestPolicyMarkdown(t *testing.T) {
	md := PolicyMarkdown()
	lines := strings.Split(strings.TrimSuffix(md, "\n"), "\n")
	if len(lines) != 2+len(Actions()) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), 2+len(Actions()), md)
	}
	for i, a := range Actions() {
		cells := strings.Split(strings.Trim(lines[2+i], "| "), " | ")
		if len(cells) != 1+len(Roles()) || cells[0] != "`"+string(a)+"`" {
			t.Errorf("row %q", lines[2+i])
			continue
		}
		for j, r := range Roles() {
			wantCell := map[string]string{"any": "allowed", "": "denied"}[want[a][r]]
			if want[a][r] == "own" {
				wantCell = map[Role]string{RoleMunicipality: "own municipality", RoleHousingOrg: "own organisation", RoleLandlord: "own properties"}[r]
			}
			if cells[1+j] != wantCell {
				t.Errorf("%s by %s: cell %q, want %q", a, r, cells[1+j], wantCell)
			}
		}
	}
	t.Logf("\n%s", md)
}
