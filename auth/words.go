package auth

import (
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/msg"
)

// roleNames are the message ids of the roles' names.
var roleNames = map[Role]string{
	RoleAdmin:        "auth.role.admin",
	RoleMinistry:     "auth.role.ministry",
	RoleMunicipality: "auth.role.municipality",
	RoleHousingOrg:   "auth.role.housing_org",
	RoleLandlord:     "auth.role.landlord",
	RolePublic:       "auth.role.public",
}

// Name returns the role's name in lang: "kommune", "udlejer".
func (r Role) Name(l blandby.Lang) string {
	if id, ok := roleNames[r]; ok {
		return msg.T(l, id)
	}
	return string(r)
}

// actionNames are the message ids of what each action lets one do (a verb
// phrase: "læse udviklingsplaner") and what its pages are for (a
// sentence).
var actionNames = map[Action][2]string{
	ActionReadPublished: {"auth.action.read_published", "auth.purpose.read_published"},
	ActionReadArea:      {"auth.action.read_area", "auth.purpose.read_area"},
	ActionWhatIf:        {"auth.action.whatif", "auth.purpose.whatif"},
	ActionCompute:       {"auth.action.compute", "auth.purpose.compute"},
	ActionPublish:       {"auth.action.publish", "auth.purpose.publish"},
	ActionCorrect:       {"auth.action.correct", "auth.purpose.correct"},
	ActionImport:        {"auth.action.import", "auth.purpose.import"},
	ActionManageUsers:   {"auth.action.manage_users", "auth.purpose.manage_users"},
	ActionReadAudit:     {"auth.action.read_audit", "auth.purpose.read_audit"},
	ActionDecideLetting: {"auth.action.decide_letting", "auth.purpose.decide_letting"},
	ActionAllocate:      {"auth.action.allocate", "auth.purpose.allocate"},
	ActionLettingPolicy: {"auth.action.letting_policy", "auth.purpose.letting_policy"},
	ActionPlan:          {"auth.action.plan", "auth.purpose.plan"},
	ActionReadPlan:      {"auth.action.read_plan", "auth.purpose.read_plan"},
	ActionRentalAccess:  {"auth.action.rental_access", "auth.purpose.rental_access"},
}

// Name returns what the action lets one do, in lang, as a verb phrase:
// "læse udviklingsplaner", "read development plans".
func (a Action) Name(l blandby.Lang) string {
	if ids, ok := actionNames[a]; ok {
		return msg.T(l, ids[0])
	}
	return string(a)
}

// Purpose returns what the pages of the action are for, in lang, in a
// sentence.
func (a Action) Purpose(l blandby.Lang) string {
	if ids, ok := actionNames[a]; ok {
		return msg.T(l, ids[1])
	}
	return string(a)
}

// Words returns who p is, in lang: "udlejer 12345678", "Københavns
// Kommune", "boligorganisationen demo-boligselskab", "ministeriet".
func (p Principal) Words(l blandby.Lang) string {
	switch p.Role {
	case RoleMunicipality:
		if c, ok := p.Municipality(); ok {
			return MunicipalityName(c, l)
		}
	case RoleHousingOrg:
		return msg.T(l, "auth.words.housing_org", p.Scope)
	case RoleLandlord:
		return msg.T(l, "auth.words.landlord", p.Scope)
	}
	return p.Role.Name(l)
}

// MunicipalityName returns a municipality's name as a reader knows it:
// "Københavns Kommune", "Aalborg Kommune" (a proper name, the same in
// English), or "kommune 999" for a code of no municipality.
func MunicipalityName(c blandby.MunicipalityCode, l blandby.Lang) string {
	m, ok := dk.MunicipalityByCode(c)
	if !ok {
		return msg.T(l, "auth.words.municipality_code", c.String())
	}
	switch m.Code {
	case 101:
		return "Københavns Kommune"
	case 400:
		return "Bornholms Regionskommune"
	}
	return m.Name + " Kommune"
}

// WhoMay returns who the policy lets do a, in lang, in the order of the
// roles: "ministeriet", "en kommune for sin egen kommune"; nil when no
// one may.
func WhoMay(a Action, l blandby.Lang) []string {
	var out []string
	for _, r := range roles {
		g, ok := GrantFor(a, r)
		switch {
		case !ok:
		case r == RolePublic:
			return []string{msg.T(l, "auth.who.everyone")}
		case g == GrantAny:
			out = append(out, r.Name(l))
		case r == RoleMunicipality:
			out = append(out, msg.T(l, "auth.who.own_municipality"))
		case r == RoleHousingOrg:
			out = append(out, msg.T(l, "auth.who.own_housing_org"))
		case r == RoleLandlord:
			out = append(out, msg.T(l, "auth.who.own_landlord"))
		}
	}
	return out
}

// denialText tells a reader in words why p may not do a.
func denialText(p Principal, a Action) blandby.Text {
	f := func(l blandby.Lang) string {
		return msg.T(l, "auth.denied", p.Words(l), a.Name(l), strings.Join(WhoMay(a, l), msg.T(l, "auth.list_sep")))
	}
	return blandby.Text{DA: f(blandby.Danish), EN: f(blandby.English)}
}

// ownOnlyText tells a reader in words that p may do a for its own unit
// only, and the resource is another's (other: the resource's unit as a
// principal of p's role, nil when it belongs to none).
func ownOnlyText(p Principal, a Action, other *Principal) blandby.Text {
	f := func(l blandby.Lang) string {
		if other == nil {
			return msg.T(l, "auth.denied_own_none", p.Words(l), a.Name(l))
		}
		return msg.T(l, "auth.denied_own", p.Words(l), a.Name(l), other.Words(l))
	}
	return blandby.Text{DA: f(blandby.Danish), EN: f(blandby.English)}
}

// signInText tells an anonymous reader that a needs signing in.
func signInText(a Action) blandby.Text {
	f := func(l blandby.Lang) string {
		return msg.T(l, "auth.sign_in_to", a.Name(l), strings.Join(WhoMay(a, l), msg.T(l, "auth.list_sep")))
	}
	return blandby.Text{DA: f(blandby.Danish), EN: f(blandby.English)}
}
