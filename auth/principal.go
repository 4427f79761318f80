package auth

import (
	"strings"

	"github.com/blandby/blandby"
)

// Role is what a principal is: it decides which actions the policy allows.
type Role string

// The roles. Municipality, housing organisation and landlord principals carry
// a scope (see Principal); the others do not.
const (
	// RoleAdmin runs the installation: users, the audit trail, and the
	// ministry's list work. It never acts on behalf of a municipality.
	RoleAdmin Role = "admin"
	// RoleMinistry computes, publishes, corrects and imports the lists.
	RoleMinistry Role = "ministry"
	// RoleMunicipality is one municipality (scope: its code).
	RoleMunicipality Role = "municipality"
	// RoleHousingOrg is one housing organisation (scope: its id).
	RoleHousingOrg Role = "housing_org"
	// RoleLandlord is one private landlord (scope: its CVR number).
	RoleLandlord Role = "landlord"
	// RolePublic is anyone who has not signed in.
	RolePublic Role = "public"
)

// roles lists every role in a stable order (the policy table's columns).
var roles = []Role{RoleAdmin, RoleMinistry, RoleMunicipality, RoleHousingOrg, RoleLandlord, RolePublic}

// Roles returns every role, in a stable order.
func Roles() []Role { return append([]Role(nil), roles...) }

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool {
	for _, x := range roles {
		if r == x {
			return true
		}
	}
	return false
}

// Scoped reports whether principals of role r carry a scope.
func (r Role) Scoped() bool {
	return r == RoleMunicipality || r == RoleHousingOrg || r == RoleLandlord
}

// Principal is who acts: a role and, for the scoped roles, the unit the role
// is exercised for. Scope is in canonical form (see ParsePrincipal):
//
//   - municipality: the municipality code in decimal without leading zeros,
//     1–999 ("101" for København, "851" for Aalborg);
//   - housing_org: the housing organisation's id, 1–64 characters of a–z,
//     0–9 and "-", starting with a letter or digit;
//   - landlord: the landlord's CVR number, exactly 8 digits, the first not 0.
//
// Name is the user's display name or user name; it is informational only and
// never takes part in an authorisation decision.
//
// The zero Principal is not valid and is refused by Authorize: a caller that
// has not signed in must be given Anonymous explicitly.
type Principal struct {
	Role  Role
	Scope string
	Name  string
}

// Anonymous is the principal of a request without credentials.
var Anonymous = Principal{Role: RolePublic}

// ParsePrincipal parses "admin", "ministry", "public", "municipality:<code>",
// "housing_org:<id>" or "landlord:<cvr>" into a validated Principal whose
// Scope is canonical. A municipality code may be written with leading zeros
// as in DAGI ("0101" is "101"). Anything else is a blandby.CodeInvalid error.
func ParsePrincipal(s string) (Principal, error) {
	role, scope, hasScope := strings.Cut(s, ":")
	p := Principal{Role: Role(role)}
	if !p.Role.Valid() {
		return Principal{}, blandby.Errorf(blandby.CodeInvalid, "principal %q: unknown role %q (want one of %s)", s, role, roleList())
	}
	if !p.Role.Scoped() {
		if hasScope {
			return Principal{}, blandby.Errorf(blandby.CodeInvalid, "principal %q: role %s takes no scope", s, role)
		}
		return p, nil
	}
	if !hasScope {
		return Principal{}, blandby.Errorf(blandby.CodeInvalid, "principal %q: role %s needs a scope, as in %s:%s", s, role, role, scopeExample(p.Role))
	}
	canon, err := canonicalScope(p.Role, scope)
	if err != nil {
		return Principal{}, blandby.Errorf(blandby.CodeInvalid, "principal %q: %s", s, err.Error())
	}
	p.Scope = canon
	return p, nil
}

// String returns the principal in the form ParsePrincipal reads: "admin",
// "public", "municipality:101" and so on. Name is not part of it.
func (p Principal) String() string {
	if p.Role.Scoped() || p.Scope != "" {
		return string(p.Role) + ":" + p.Scope
	}
	return string(p.Role)
}

// Validate reports, as a blandby.CodeInvalid error, whether p is a known role
// with a canonical scope where the role needs one and none where it does not.
func (p Principal) Validate() error {
	if !p.Role.Valid() {
		return blandby.Errorf(blandby.CodeInvalid, "principal %q: unknown role %q", p.String(), string(p.Role))
	}
	if !p.Role.Scoped() {
		if p.Scope != "" {
			return blandby.Errorf(blandby.CodeInvalid, "principal %q: role %s takes no scope", p.String(), p.Role)
		}
		return nil
	}
	canon, err := canonicalScope(p.Role, p.Scope)
	if err != nil {
		return blandby.Errorf(blandby.CodeInvalid, "principal %q: %s", p.String(), err.Error())
	}
	if canon != p.Scope {
		return blandby.Errorf(blandby.CodeInvalid, "principal %q: scope %q is not canonical (want %q)", p.String(), p.Scope, canon)
	}
	return nil
}

// MunicipalityScope returns the scope of a municipality principal for a
// code: its String form, the canonical scope ("101"). It is the one place a
// code becomes a scope; Principal.Municipality reads it back.
func MunicipalityScope(c blandby.MunicipalityCode) string { return c.String() }

// Municipality returns the municipality a municipality principal acts for,
// and false for any other principal or a scope that is not a code.
func (p Principal) Municipality() (blandby.MunicipalityCode, bool) {
	if p.Role != RoleMunicipality {
		return 0, false
	}
	c, err := blandby.ParseMunicipalityCode(p.Scope)
	return c, err == nil
}

// ValidHousingOrg reports whether id is a housing organisation id: 1–64
// characters of a–z, 0–9 and "-", starting with a letter or digit. Ids are
// compared exactly, so there is no case folding: "AAB" is not an id.
func ValidHousingOrg(id string) bool {
	if id == "" || len(id) > 64 || id[0] == '-' {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ValidCVR reports whether s is written as a CVR number: exactly 8 ASCII
// digits, the first not 0. The old modulus-11 check digit is not required.
func ValidCVR(s string) bool {
	return len(s) == 8 && allDigits(s) && s[0] != '0'
}

// canonicalScope validates scope for a scoped role and returns its canonical
// form; the error is plain (the caller adds the code and context).
func canonicalScope(r Role, scope string) (string, error) {
	switch r {
	case RoleMunicipality:
		c, err := blandby.ParseMunicipalityCode(scope)
		if err != nil {
			return "", err
		}
		return MunicipalityScope(c), nil
	case RoleHousingOrg:
		if !ValidHousingOrg(scope) {
			return "", blandby.Errorf(blandby.CodeInvalid, "housing organisation id %q is not 1–64 characters of a–z, 0–9 and -", scope)
		}
	case RoleLandlord:
		if !ValidCVR(scope) {
			return "", blandby.Errorf(blandby.CodeInvalid, "CVR number %q is not 8 digits", scope)
		}
	}
	return scope, nil
}

func scopeExample(r Role) string {
	switch r {
	case RoleMunicipality:
		return "101"
	case RoleHousingOrg:
		return "<id>"
	default:
		return "<cvr>"
	}
}

func roleList() string {
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = string(r)
	}
	return strings.Join(parts, ", ")
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
