package auth

import (
	"fmt"
	"strings"

	"github.com/blandby/blandby"
)

// Action is something a principal asks to do. Every action has at least one
// rule in the policy (a test checks it); an action without a rule would be
// denied to everyone.
type Action string

// The actions.
const (
	// ActionReadPublished reads published lists, years and exports.
	ActionReadPublished Action = "read_published"
	// ActionReadArea reads an area's page: its lists and explanations.
	ActionReadArea Action = "read_area"
	// ActionWhatIf classifies a list year with changed thresholds.
	ActionWhatIf Action = "whatif"
	// ActionCompute stores a computation of list years.
	ActionCompute Action = "compute"
	// ActionPublish publishes a year's lists.
	ActionPublish Action = "publish"
	// ActionCorrect publishes a corrected revision of a year's lists.
	ActionCorrect Action = "correct"
	// ActionImport imports history, indicators or the areas registry.
	ActionImport Action = "import"
	// ActionManageUsers creates, changes and disables users and tokens.
	ActionManageUsers Action = "manage_users"
	// ActionReadAudit reads the audit trail.
	ActionReadAudit Action = "read_audit"
	// ActionDecideLetting records a letting decision (udlejningsregler) for
	// an area.
	ActionDecideLetting Action = "decide_letting"
	// ActionAllocate allocates dwellings (anvisning).
	ActionAllocate Action = "allocate"
	// ActionLettingPolicy saves a new version of a municipality's letting
	// policy (its flexible-letting criteria, § 51 b decisions and options).
	ActionLettingPolicy Action = "letting_policy"
	// ActionPlan writes or changes an area's development plan (udviklingsplan).
	ActionPlan Action = "plan"
	// ActionReadPlan reads an area's development plan (plans are not
	// public).
	ActionReadPlan Action = "read_plan"
	// ActionRentalAccess reads or records the rental-access rules (the
	// tenancy checks for private rentals) for properties.
	ActionRentalAccess Action = "rental_access"
)

// actions lists every action in a stable order (the policy table's rows).
var actions = []Action{
	ActionReadPublished, ActionReadArea, ActionWhatIf,
	ActionCompute, ActionPublish, ActionCorrect, ActionImport,
	ActionManageUsers, ActionReadAudit,
	ActionDecideLetting, ActionAllocate, ActionLettingPolicy, ActionPlan, ActionReadPlan,
	ActionRentalAccess,
}

// Actions returns every action, in a stable order.
func Actions() []Action { return append([]Action(nil), actions...) }

// Valid reports whether a is one of the actions.
func (a Action) Valid() bool {
	for _, x := range actions {
		if a == x {
			return true
		}
	}
	return false
}

// Grant is how far a rule lets a role act.
type Grant string

// The grants.
const (
	// GrantAny allows the action on any resource.
	GrantAny Grant = "any"
	// GrantOwn allows the action only on a resource scoped to the
	// principal's own unit: Resource.Municipality for a municipality,
	// Resource.HousingOrg for a housing organisation, Resource.Landlord for a
	// landlord. A resource that names no such unit is not the principal's.
	GrantOwn Grant = "own"
)

// Rule allows one role one action, to the extent of its grant. Whatever no
// rule allows is denied.
type Rule struct {
	Action Action
	Role   Role
	Grant  Grant
}

// policy is the one authorisation table. Deliberate choices:
//
//   - Reading published lists and areas and the what-if page are public:
//     the lists are legal acts and area-level only.
//   - Computing, publishing, correcting and importing are the ministry's
//     (Bolig- og Planstyrelsen's); admin may do them too so that an
//     installation can be run without a ministry user.
//   - Users and the audit trail are admin's alone.
//   - Letting decisions, allocation and plans belong to a municipality for
//     its own municipality and to a housing organisation for its own
//     organisation. Neither admin nor the ministry acts on behalf of a
//     municipality: these are the municipality's decisions under the law,
//     and an admin acting for it would blur who decided in the audit trail.
//     An admin who must act gives a municipality's user the right instead.
//   - Rental access belongs to a municipality for its own municipality and
//     to a landlord for its own properties.
var policy = []Rule{
	{ActionReadPublished, RoleAdmin, GrantAny},
	{ActionReadPublished, RoleMinistry, GrantAny},
	{ActionReadPublished, RoleMunicipality, GrantAny},
	{ActionReadPublished, RoleHousingOrg, GrantAny},
	{ActionReadPublished, RoleLandlord, GrantAny},
	{ActionReadPublished, RolePublic, GrantAny},

	{ActionReadArea, RoleAdmin, GrantAny},
	{ActionReadArea, RoleMinistry, GrantAny},
	{ActionReadArea, RoleMunicipality, GrantAny},
	{ActionReadArea, RoleHousingOrg, GrantAny},
	{ActionReadArea, RoleLandlord, GrantAny},
	{ActionReadArea, RolePublic, GrantAny},

	{ActionWhatIf, RoleAdmin, GrantAny},
	{ActionWhatIf, RoleMinistry, GrantAny},
	{ActionWhatIf, RoleMunicipality, GrantAny},
	{ActionWhatIf, RoleHousingOrg, GrantAny},
	{ActionWhatIf, RoleLandlord, GrantAny},
	{ActionWhatIf, RolePublic, GrantAny},

	{ActionCompute, RoleAdmin, GrantAny},
	{ActionCompute, RoleMinistry, GrantAny},
	{ActionPublish, RoleAdmin, GrantAny},
	{ActionPublish, RoleMinistry, GrantAny},
	{ActionCorrect, RoleAdmin, GrantAny},
	{ActionCorrect, RoleMinistry, GrantAny},
	{ActionImport, RoleAdmin, GrantAny},
	{ActionImport, RoleMinistry, GrantAny},

	{ActionManageUsers, RoleAdmin, GrantAny},
	{ActionReadAudit, RoleAdmin, GrantAny},

	{ActionDecideLetting, RoleMunicipality, GrantOwn},
	{ActionDecideLetting, RoleHousingOrg, GrantOwn},
	{ActionAllocate, RoleMunicipality, GrantOwn},
	{ActionAllocate, RoleHousingOrg, GrantOwn},
	{ActionLettingPolicy, RoleMunicipality, GrantOwn},
	{ActionPlan, RoleMunicipality, GrantOwn},
	{ActionPlan, RoleHousingOrg, GrantOwn},
	{ActionReadPlan, RoleAdmin, GrantAny},
	{ActionReadPlan, RoleMinistry, GrantAny},
	{ActionReadPlan, RoleMunicipality, GrantOwn},
	{ActionReadPlan, RoleHousingOrg, GrantOwn},

	{ActionRentalAccess, RoleMunicipality, GrantOwn},
	{ActionRentalAccess, RoleLandlord, GrantOwn},
}

type ruleKey struct {
	a Action
	r Role
}

// index is policy by action and role, built once; init refuses a table with
// a duplicate, an unknown action, role or grant, or an own grant to a role
// without a scope.
var index = func() map[ruleKey]Grant {
	m := make(map[ruleKey]Grant, len(policy))
	for _, rule := range policy {
		if err := checkRule(rule); err != nil {
			panic("auth: " + err.Error())
		}
		k := ruleKey{rule.Action, rule.Role}
		if _, dup := m[k]; dup {
			panic(fmt.Sprintf("auth: two policy rules for %s by %s", rule.Action, rule.Role))
		}
		m[k] = rule.Grant
	}
	return m
}()

func checkRule(rule Rule) error {
	switch {
	case !rule.Action.Valid():
		return fmt.Errorf("policy rule %+v: unknown action", rule)
	case !rule.Role.Valid():
		return fmt.Errorf("policy rule %+v: unknown role", rule)
	case rule.Grant != GrantAny && rule.Grant != GrantOwn:
		return fmt.Errorf("policy rule %+v: unknown grant", rule)
	case rule.Grant == GrantOwn && !rule.Role.Scoped():
		return fmt.Errorf("policy rule %+v: role %s has no scope to own", rule, rule.Role)
	}
	return nil
}

// Rules returns a copy of the policy table, every rule in a stable order.
func Rules() []Rule { return append([]Rule(nil), policy...) }

// GrantFor returns the grant the policy gives role r for action a, and false
// when it gives none.
func GrantFor(a Action, r Role) (Grant, bool) {
	g, ok := index[ruleKey{a, r}]
	return g, ok
}

// Resource is what an action acts on, by the units it belongs to. An empty
// (zero) field means the resource is not scoped to such a unit.
// Municipality is a municipality code, HousingOrg a housing organisation id,
// Landlord a CVR number.
type Resource struct {
	Municipality blandby.MunicipalityCode
	HousingOrg   string
	Landlord     string
}

// Authorize is the one authorisation decision: nil when the policy lets p do
// a on r, otherwise an error saying why.
//
// The error's code is blandby.CodeUnauthorized when p is not a valid
// principal (including the zero Principal) or is Anonymous and the action
// needs more (signing in may help), blandby.CodeForbidden when a known
// principal lacks the right or acts outside its own scope, and
// blandby.CodeInvalid when a is not an action or r names a malformed unit.
func Authorize(p Principal, a Action, r Resource) error {
	if err := p.Validate(); err != nil {
		return blandby.Errorf(blandby.CodeUnauthorized, "not signed in as a valid principal: %w", err)
	}
	if !a.Valid() {
		return blandby.Errorf(blandby.CodeInvalid, "unknown action %q", string(a))
	}
	r, err := r.canonical()
	if err != nil {
		return err
	}
	g, ok := GrantFor(a, p.Role)
	if !ok {
		if p.Role == RolePublic {
			return &blandby.Error{Code: blandby.CodeUnauthorized, Msg: fmt.Sprintf("%s requires signing in", a), Text: signInText(a)}
		}
		return &blandby.Error{Code: blandby.CodeForbidden, Msg: fmt.Sprintf("%s may not %s", p, a), Text: denialText(p, a)}
	}
	if g == GrantAny {
		return nil
	}
	unit, noun := "", "municipality"
	if r.Municipality != 0 {
		unit = MunicipalityScope(r.Municipality)
	}
	switch p.Role {
	case RoleHousingOrg:
		unit, noun = r.HousingOrg, "housing organisation"
	case RoleLandlord:
		unit, noun = r.Landlord, "landlord"
	}
	if unit == "" {
		return &blandby.Error{Code: blandby.CodeForbidden, Msg: fmt.Sprintf("%s may %s only for its own %s, and the resource belongs to no %s", p, a, noun, noun),
			Text: ownOnlyText(p, a, nil)}
	}
	if unit != p.Scope {
		return &blandby.Error{Code: blandby.CodeForbidden, Msg: fmt.Sprintf("%s may %s only for its own %s (%s), not for %s", p, a, noun, p.Scope, unit),
			Text: ownOnlyText(p, a, &Principal{Role: p.Role, Scope: unit})}
	}
	return nil
}

// Allowed reports whether Authorize(p, a, r) allows the action.
func Allowed(p Principal, a Action, r Resource) bool {
	return Authorize(p, a, r) == nil
}

// canonical returns r, or a blandby.CodeInvalid error when a field is
// malformed.
func (r Resource) canonical() (Resource, error) {
	if r.Municipality != 0 && !r.Municipality.Valid() {
		return r, blandby.Errorf(blandby.CodeInvalid, "resource: municipality code %d is not from 1 to 999", r.Municipality)
	}
	if r.HousingOrg != "" && !ValidHousingOrg(r.HousingOrg) {
		return r, blandby.Errorf(blandby.CodeInvalid, "resource: housing organisation id %q is malformed", r.HousingOrg)
	}
	if r.Landlord != "" && !ValidCVR(r.Landlord) {
		return r, blandby.Errorf(blandby.CodeInvalid, "resource: CVR number %q is not 8 digits", r.Landlord)
	}
	return r, nil
}

// PolicyMarkdown returns the policy as a Markdown table, one row per action
// and one column per role, for SECURITY.md: "allowed", "own municipality",
// "own organisation", "own properties" or "denied".
func PolicyMarkdown() string {
	var b strings.Builder
	b.WriteString("| action |")
	for _, r := range roles {
		fmt.Fprintf(&b, " %s |", r)
	}
	b.WriteString("\n|---|")
	for range roles {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, a := range actions {
		fmt.Fprintf(&b, "| `%s` |", a)
		for _, r := range roles {
			fmt.Fprintf(&b, " %s |", cell(a, r))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func cell(a Action, r Role) string {
	g, ok := GrantFor(a, r)
	switch {
	case !ok:
		return "denied"
	case g == GrantAny:
		return "allowed"
	case r == RoleMunicipality:
		return "own municipality"
	case r == RoleHousingOrg:
		return "own organisation"
	default:
		return "own properties"
	}
}
