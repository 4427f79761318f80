package auth

import (
	"testing"

	"github.com/blandby/blandby"
)

func TestParsePrincipal(t *testing.T) {
	valid := []struct {
		in   string
		want Principal
		str  string
	}{
		{"admin", Principal{Role: RoleAdmin}, "admin"},
		{"ministry", Principal{Role: RoleMinistry}, "ministry"},
		{"public", Anonymous, "public"},
		{"municipality:101", Principal{Role: RoleMunicipality, Scope: "101"}, "municipality:101"},
		{"municipality:0101", Principal{Role: RoleMunicipality, Scope: "101"}, "municipality:101"},
		{"municipality:1", Principal{Role: RoleMunicipality, Scope: "1"}, "municipality:1"},
		{"municipality:999", Principal{Role: RoleMunicipality, Scope: "999"}, "municipality:999"},
		{"housing_org:aab", Principal{Role: RoleHousingOrg, Scope: "aab"}, "housing_org:aab"},
		{"housing_org:fsb-3", Principal{Role: RoleHousingOrg, Scope: "fsb-3"}, "housing_org:fsb-3"},
		{"landlord:12345678", Principal{Role: RoleLandlord, Scope: "12345678"}, "landlord:12345678"},
	}
	for _, c := range valid {
		p, err := ParsePrincipal(c.in)
		if err != nil {
			t.Errorf("ParsePrincipal(%q): %v", c.in, err)
			continue
		}
		if p != c.want {
			t.Errorf("ParsePrincipal(%q) = %+v, want %+v", c.in, p, c.want)
		}
		if p.String() != c.str {
			t.Errorf("ParsePrincipal(%q).String() = %q, want %q", c.in, p.String(), c.str)
		}
		if back, err := ParsePrincipal(p.String()); err != nil || back != p {
			t.Errorf("ParsePrincipal(%q) = %+v, %v; want the round trip %+v", p.String(), back, err, p)
		}
		if err := p.Validate(); err != nil {
			t.Errorf("%+v.Validate(): %v", p, err)
		}
	}

	invalid := []string{
		"", "root", "Admin", "admin:", "admin:1", "ministry:x", "public:1",
		"municipality", "municipality:", "municipality:0", "municipality:000", "municipality:1000",
		"municipality:01010", "municipality:-1", "municipality:+1", "municipality: 101", "municipality:1a",
		"municipality:101:2",
		"housing_org", "housing_org:", "housing_org:AAB", "housing_org:-aab", "housing_org:a_b",
		"housing_org:" + string(make([]byte, 65)),
		"housing_org:aåb",
		"landlord", "landlord:1234567", "landlord:123456789", "landlord:01234567", "landlord:1234567x",
		"landlord:DK12345678",
	}
	for _, in := range invalid {
		p, err := ParsePrincipal(in)
		if err == nil {
			t.Errorf("ParsePrincipal(%q) = %+v, want an error", in, p)
			continue
		}
		if blandby.CodeOf(err) != blandby.CodeInvalid {
			t.Errorf("ParsePrincipal(%q): code %q, want invalid (%v)", in, blandby.CodeOf(err), err)
		}
	}
}

func TestPrincipalValidate(t *testing.T) {
	bad := []Principal{
		{},
		{Role: "root"},
		{Role: RoleAdmin, Scope: "101"},
		{Role: RoleMunicipality},
		{Role: RoleMunicipality, Scope: "0101"}, // not canonical
		{Role: RoleLandlord, Scope: "1"},
	}
	for _, p := range bad {
		if err := p.Validate(); blandby.CodeOf(err) != blandby.CodeInvalid {
			t.Errorf("%+v.Validate() = %v, want an invalid error", p, err)
		}
	}
	if err := (Principal{Role: RoleMunicipality, Scope: "147", Name: "Ane"}).Validate(); err != nil {
		t.Errorf("a named principal: %v", err)
	}
}

func TestPrincipalMunicipality(t *testing.T) {
	p, err := ParsePrincipal("municipality:0851")
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := p.Municipality(); !ok || c != 851 || p.Scope != MunicipalityScope(851) {
		t.Errorf("%+v: municipality %d, %v; scope %q", p, c, ok, MunicipalityScope(851))
	}
	for _, p := range []Principal{{Role: RoleHousingOrg, Scope: "101"}, {Role: RoleAdmin}, {Role: RoleMunicipality, Scope: "x"}} {
		if c, ok := p.Municipality(); ok {
			t.Errorf("%+v has municipality %d", p, c)
		}
	}
}
