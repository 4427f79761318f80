package letting

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
)

// Channel is how a dwelling is let.
type Channel string

// The channels.
const (
	WaitingList         Channel = "waiting_list"
	FlexibleLetting     Channel = "flexible_letting"
	MunicipalAllocation Channel = "municipal_allocation"
	InternalMove        Channel = "internal_move"
	Exchange            Channel = "exchange"
	Sublet              Channel = "sublet"
)

var channels = []Channel{WaitingList, FlexibleLetting, MunicipalAllocation, InternalMove, Exchange, Sublet}

// Channels returns every channel.
func Channels() []Channel { return slices.Clone(channels) }

// DwellingType is the kind of public dwelling.
type DwellingType string

// The dwelling types.
const (
	Family  DwellingType = "family"
	Youth   DwellingType = "youth"
	Elderly DwellingType = "elderly"
)

var dwellingTypes = []DwellingType{Family, Youth, Elderly}

// DwellingTypes returns every dwelling type.
func DwellingTypes() []DwellingType { return slices.Clone(dwellingTypes) }

// Role is a member's place in the household.
type Role string

// The roles.
const (
	RoleApplicant  Role = "applicant"
	RoleSpouse     Role = "spouse"
	RoleCohabitant Role = "cohabitant"
	RoleChild      Role = "child"
	RoleOther      Role = "other"
)

var roles = []Role{RoleApplicant, RoleSpouse, RoleCohabitant, RoleChild, RoleOther}

// Work statuses a flexible-letting criterion can ask for.
const (
	Employed     = "employed"
	SelfEmployed = "self_employed"
	Unemployed   = "unemployed"
	Pensioner    = "pensioner"
	NoWork       = "none"
)

var workStatuses = []string{Employed, SelfEmployed, Unemployed, Pensioner, NoWork}

// Case is one letting or allocation to decide.
type Case struct {
	// Date is the decision date.
	Date Date `json:"date"`
	// Category is the area's most specific category on the list in force
	// at Date (InForce).
	Category  blandby.Category `json:"category"`
	Dwelling  Dwelling         `json:"dwelling"`
	Channel   Channel          `json:"channel"`
	Household Household        `json:"household"`
	// Policy is the municipality's policy in force at Date (nil: none).
	Policy *Policy `json:"policy,omitempty"`
	// Dispensation is a § 51 c dispensation granted by the municipality.
	Dispensation *Dispensation `json:"dispensation,omitempty"`
	// Sublet describes a sublet (channel sublet).
	Sublet *SubletTerms `json:"sublet,omitempty"`
	// Area is the area's development plan and list history, which § 168 a,
	// stk. 6 asks of a former omdannelse area (nil: not given).
	Area *AreaStanding `json:"area,omitempty"`
}

// AreaStanding is what § 168 a, stk. 6 asks of an area: whether a
// development plan covers it and is carried out, and its category on each
// list published up to the decision date.
type AreaStanding struct {
	// DevelopmentPlan is true when an approved development plan covers the
	// area (§ 168 a, stk. 1, or § 168 b, stk. 1).
	DevelopmentPlan bool `json:"development_plan"`
	// PlanCompleted is true when the plan has been carried out.
	PlanCompleted bool `json:"plan_completed,omitempty"`
	// Lists are the area's most specific category on each list published
	// on or before the decision date; the latest is the list in force and
	// must agree with the case's category.
	Lists []ListCategory `json:"lists,omitempty"`
}

// StandingOn returns an area's standing on the published lists up to the
// list of year upTo (the list in force): its category on each published
// year, asked of category, which answers None for an area on no list.
func StandingOn(published []int, upTo int, category func(year int) (blandby.Category, error)) (*AreaStanding, error) {
	st := &AreaStanding{}
	for _, y := range slices.Sorted(slices.Values(published)) {
		if y > upTo {
			break
		}
		c, err := category(y)
		if err != nil {
			return nil, err
		}
		st.Lists = append(st.Lists, ListCategory{Year: y, Category: c})
	}
	return st, nil
}

// Category is the area's category on the list in force: the latest of
// Lists, None without one.
func (s *AreaStanding) Category() blandby.Category {
	if n := len(s.Lists); n > 0 {
		return s.Lists[n-1].Category
	}
	return blandby.None
}

// ListCategory is an area's most specific category on one year's list.
type ListCategory struct {
	Year     int              `json:"year"`
	Category blandby.Category `json:"category"`
}

// Dwelling is the dwelling let.
type Dwelling struct {
	AreaID     string       `json:"area_id"`
	Department string       `json:"department"`
	Type       DwellingType `json:"type"`
}

// Household is the applicant's household.
type Household struct {
	Members []Member `json:"members"`
	// CurrentDepartment is the department the household lives in now
	// ("" for none); an applicant from the dwelling's department is not
	// "from outside the department".
	CurrentDepartment string `json:"current_department,omitempty"`
	// Documented says the tenant documented before a sublet that the
	// subtenants meet the area's conditions.
	Documented bool `json:"documented,omitempty"`
}

// Member is one person of the household.
type Member struct {
	Role Role `json:"role"`
	Age  int  `json:"age"`
	// Citizenships are ISO 3166-1 alpha-2 codes.
	Citizenships []string `json:"citizenships"`
	// Student: enrolled at a recognised educational institution.
	Student bool `json:"student,omitempty"`
	// InEducation: in education (for flexible-letting criteria).
	InEducation bool `json:"in_education,omitempty"`
	// Work is employed, self_employed, unemployed, pensioner or none.
	Work string `json:"work,omitempty"`
	// PartnerSince is when a cohabitant began living with the applicant.
	PartnerSince *Date `json:"partner_since,omitempty"`
	// Benefits are the periods benefits were received.
	Benefits []BenefitPeriod `json:"benefits,omitempty"`
	// ReleasedOn is the last release after serving a sentence, and
	// ReleasedFrom where from (default prison).
	ReleasedOn   *Date        `json:"released_on,omitempty"`
	ReleasedFrom ReleasedFrom `json:"released_from,omitempty"`
	// ActionPlan is true when an action plan must be made for the released
	// member (servicelovens § 141, or § 57 c, stk. 1 for a young person).
	ActionPlan bool `json:"action_plan,omitempty"`
	// TenancyBreachOn is when a tenancy was last ended for serious breach
	// of good order.
	TenancyBreachOn *Date `json:"tenancy_breach_on,omitempty"`
}

// ReleasedFrom is where a member was released from.
type ReleasedFrom string

// The places of release.
const (
	// ReleasedFromPrison: institutions under the prison service
	// (kriminalforsorgen).
	ReleasedFromPrison ReleasedFrom = "prison"
	// ReleasedFromInstitution: an institution outside the prison service
	// where a young person was placed under straffuldbyrdelseslovens § 78,
	// stk. 2.
	ReleasedFromInstitution ReleasedFrom = "institution"
)

var releasedFroms = []ReleasedFrom{ReleasedFromPrison, ReleasedFromInstitution}

// from returns where the member was released from, prison when not said.
func (m *Member) from() ReleasedFrom {
	if m.ReleasedFrom == "" {
		return ReleasedFromPrison
	}
	return m.ReleasedFrom
}

// BenefitPeriod is a period a benefit was received, both days included;
// To nil means it is still received.
type BenefitPeriod struct {
	Type string `json:"type"`
	From Date   `json:"from"`
	To   *Date  `json:"to,omitempty"`
}

// Dispensation is a municipality's dispensation from § 51 c.
type Dispensation struct {
	// Reason is one of the rule set's dispensation reason codes.
	Reason string `json:"reason"`
	// Note is the caseworker's recorded reason (no person data).
	Note string `json:"note,omitempty"`
}

// SubletTerms describe a sublet.
type SubletTerms struct {
	Rooms       int  `json:"rooms"`
	RoomsSublet int  `json:"rooms_sublet"`
	Occupants   int  `json:"occupants"`
	Whole       bool `json:"whole,omitempty"`
	// AbsenceFrom and AbsenceTo bound the tenant's temporary absence when
	// the whole dwelling is sublet.
	AbsenceFrom *Date `json:"absence_from,omitempty"`
	AbsenceTo   *Date `json:"absence_to,omitempty"`
}

// Policy is a municipality's letting policy: its flexible-letting criteria,
// its § 51 b decisions and the options it has chosen.
type Policy struct {
	Municipality blandby.MunicipalityCode `json:"municipality"`
	// Version is the policy's version (set by the store).
	Version int `json:"version,omitempty"`
	// ValidFrom is the first decision date the version applies to.
	ValidFrom Date `json:"valid_from"`
	// Criteria are the flexible-letting priority groups, first the highest.
	Criteria []Criterion `json:"criteria"`
	// CombinedLetting are the § 51 b decisions, each for an area of
	// physically contiguous departments.
	CombinedLetting []CombinedLettingDecision `json:"combined_letting,omitempty"`
	// Options are the municipal options chosen (RuleSet.Options).
	Options []string `json:"options,omitempty"`
	// ListedFamilyShare is the municipality's public family dwellings in
	// udsatte boligområder and forebyggelsesområder against all its public
	// family dwellings (§ 59, stk. 7, 2. pkt.); nil when not given.
	ListedFamilyShare *DwellingShare `json:"listed_family_share,omitempty"`
}

// DwellingShare is a count of dwellings out of a total.
type DwellingShare struct {
	Listed int64 `json:"listed"`
	Total  int64 `json:"total"`
}

// Criterion is one flexible-letting priority group: a household meets it
// when the applicant or partner has any of the statuses.
type Criterion struct {
	ID    string       `json:"id"`
	Label blandby.Text `json:"label"`
	// AnyOf are statuses: a work status, "in_education" or "student".
	AnyOf []string `json:"any_of"`
}

// CombinedLettingDecision is a § 51 b decision for an area of physically
// contiguous departments (stk. 3): the departments, their residents
// together and the share of those aged 18-64 outside the labour market.
type CombinedLettingDecision struct {
	Departments []string `json:"departments"`
	Residents   int64    `json:"residents"`
	// OutsideLabourPct is the share (percent) of the departments' residents
	// aged 18-64 together outside the labour market.
	OutsideLabourPct string `json:"outside_labour_pct"`
	DecidedOn        Date   `json:"decided_on"`
}

// Has reports whether the policy has chosen an option; a nil policy has
// none.
func (p *Policy) Has(option string) bool { return p != nil && slices.Contains(p.Options, option) }

// statuses a criterion may name besides the work statuses.
const (
	StatusInEducation = "in_education"
	StatusStudent     = "student"
)

// Validate checks a policy against the options the catalog's rule sets know.
func (p *Policy) Validate(c *Catalog) error {
	var errs []string
	bad := func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) }
	if p.Municipality <= 0 {
		bad("municipality: expected a municipality code")
	}
	if p.ValidFrom.IsZero() {
		bad("valid_from: required")
	}
	known := map[string]bool{}
	for _, rs := range c.All() {
		for _, o := range rs.Options() {
			known[o] = true
		}
	}
	ids := map[string]bool{}
	for i, cr := range p.Criteria {
		if cr.ID == "" || ids[cr.ID] {
			bad("criteria[%d].id: required and unique", i)
		}
		ids[cr.ID] = true
		if err := cr.Label.Complete(); err != nil {
			bad("criteria[%d].label: %v", i, err)
		}
		if len(cr.AnyOf) == 0 {
			bad("criteria[%d].any_of: required", i)
		}
		for _, s := range cr.AnyOf {
			if !slices.Contains(workStatuses, s) && s != StatusInEducation && s != StatusStudent {
				bad("criteria[%d].any_of: unknown status %q (expected one of %v, in_education, student)", i, s, workStatuses)
			}
		}
	}
	for i, d := range p.CombinedLetting {
		if len(d.Departments) == 0 || slices.Contains(d.Departments, "") {
			bad("combined_letting[%d].departments: the ids of the area's departments are required", i)
		}
		if d.Residents <= 0 {
			bad("combined_letting[%d].residents: the residents of the departments together are required", i)
		}
		if _, err := blandby.ParsePercent(d.OutsideLabourPct); err != nil {
			bad("combined_letting[%d].outside_labour_pct: %v", i, err)
		}
		if d.DecidedOn.IsZero() {
			bad("combined_letting[%d].decided_on: required", i)
		}
	}
	for i, o := range p.Options {
		if !known[o] {
			bad("options[%d]: unknown option %q (expected one of %v)", i, o, slices.Sorted(maps.Keys(known)))
		}
	}
	if s := p.ListedFamilyShare; s != nil && (s.Total <= 0 || s.Listed < 0 || s.Listed > s.Total) {
		bad("listed_family_share: expected 0 <= listed <= total and total > 0")
	}
	if len(errs) > 0 {
		return blandby.Errorf(blandby.CodeInvalid, "policy: %s", strings.Join(errs, "; "))
	}
	return nil
}

// validate checks a case against a rule set: each error is a
// *blandby.FieldError naming the field by its JSON path (such as
// "household.members[1].age"), told in Danish and English; they are joined.
func (c *Case) validate(rs *RuleSet) error {
	var errs []error
	bad := func(field string, text blandby.Text) { errs = append(errs, blandby.InvalidField(field, text)) }
	if c.Date.IsZero() {
		bad("date", msg.Text("letting.err.date_required"))
	}
	if _, ok := rs.ListName(c.Category); c.Category != blandby.None && !ok {
		bad("category", msg.Text("letting.err.category", string(c.Category), c.Date.String(), rs.ID, rs.listNames()))
	}
	if !slices.Contains(channels, c.Channel) {
		bad("channel", msg.Text("letting.err.unknown", string(c.Channel), fmt.Sprint(channels)))
	}
	if !slices.Contains(dwellingTypes, c.Dwelling.Type) {
		bad("dwelling.type", msg.Text("letting.err.unknown", string(c.Dwelling.Type), fmt.Sprint(dwellingTypes)))
	}
	if c.Dwelling.Department == "" {
		bad("dwelling.department", msg.Text("letting.err.department_required"))
	}
	types := rs.BenefitTypes()
	applicants, partners := 0, 0
	for i, m := range c.Household.Members {
		f := fmt.Sprintf("household.members[%d]", i)
		switch m.Role {
		case RoleApplicant:
			applicants++
		case RoleSpouse, RoleCohabitant:
			partners++
		}
		if !slices.Contains(roles, m.Role) {
			bad(f+".role", msg.Text("letting.err.unknown", string(m.Role), fmt.Sprint(roles)))
		}
		if m.ReleasedFrom != "" && !slices.Contains(releasedFroms, m.ReleasedFrom) {
			bad(f+".released_from", msg.Text("letting.err.unknown", string(m.ReleasedFrom), fmt.Sprint(releasedFroms)))
		}
		if m.Role == RoleCohabitant && m.PartnerSince == nil {
			bad(f+".partner_since", msg.Text("letting.err.partner_since"))
		}
		if m.Age < 0 || m.Age > 130 {
			bad(f+".age", msg.Text("letting.err.age", m.Age))
		}
		if m.Work != "" && !slices.Contains(workStatuses, m.Work) {
			bad(f+".work", msg.Text("letting.err.unknown", string(m.Work), fmt.Sprint(workStatuses)))
		}
		if len(m.Citizenships) == 0 {
			bad(f+".citizenships", msg.Text("letting.err.citizenship_required"))
		}
		for _, cc := range m.Citizenships {
			if len(cc) != 2 || strings.ToUpper(cc) != cc {
				bad(f+".citizenships", msg.Text("letting.err.citizenship", cc))
			}
		}
		for j, b := range m.Benefits {
			if !slices.Contains(types, b.Type) {
				bad(fmt.Sprintf("%s.benefits[%d].type", f, j), msg.Text("letting.err.unknown", string(b.Type), fmt.Sprint(types)))
			}
			if b.From.IsZero() || (b.To != nil && b.To.Before(b.From.Time)) {
				bad(fmt.Sprintf("%s.benefits[%d]", f, j), msg.Text("letting.err.benefit_period"))
			}
		}
	}
	if applicants != 1 {
		bad("household.members", msg.Text("letting.err.one_applicant", applicants))
	}
	if partners > 1 {
		bad("household.members", msg.Text("letting.err.partners", partners))
	}
	if c.Channel == Sublet && c.Sublet == nil {
		bad("sublet", msg.Text("letting.err.sublet_required"))
	}
	if s := c.Sublet; s != nil && (s.Rooms <= 0 || s.RoomsSublet < 0 || s.RoomsSublet > s.Rooms || s.Occupants < 0) {
		bad("sublet", msg.Text("letting.err.sublet_rooms"))
	}
	if s := c.Sublet; s != nil && s.Whole && (s.AbsenceFrom == nil || s.AbsenceTo == nil || s.AbsenceTo.Before(s.AbsenceFrom.Time)) {
		bad("sublet", msg.Text("letting.err.sublet_absence"))
	}
	if a := c.Area; a != nil {
		for i, l := range a.Lists {
			if i > 0 && l.Year <= a.Lists[i-1].Year {
				bad("area.lists", msg.Text("letting.err.lists_rise", l.Year, a.Lists[i-1].Year))
			}
		}
		if n := len(a.Lists); n > 0 && a.Lists[n-1].Category != c.Category {
			bad("area.lists", msg.Text("letting.err.lists_category", a.Lists[n-1].Year, string(a.Lists[n-1].Category), string(c.Category)))
		}
	}
	return errors.Join(errs...)
}

// Canonical returns the case in canonical form: members, their benefits,
// citizenships and the policy's options sorted, so that equal inputs in any
// order have one form.
func (c Case) Canonical() Case {
	out := c
	type keyed struct {
		m   Member
		key []byte
	}
	ms := make([]keyed, len(c.Household.Members))
	for i, m := range c.Household.Members {
		m.Citizenships = slices.Sorted(slices.Values(m.Citizenships))
		if len(m.Benefits) > 1 {
			m.Benefits = slices.Clone(m.Benefits)
			slices.SortFunc(m.Benefits, func(a, b BenefitPeriod) int { return bytes.Compare(mustJSON(a), mustJSON(b)) })
		}
		ms[i] = keyed{m, mustJSON(m)}
	}
	slices.SortStableFunc(ms, func(a, b keyed) int { return bytes.Compare(a.key, b.key) })
	out.Household.Members = make([]Member, len(ms))
	for i, k := range ms {
		out.Household.Members[i] = k.m
	}
	if c.Policy != nil {
		p := *c.Policy
		p.Options = slices.Sorted(slices.Values(p.Options))
		out.Policy = &p
	}
	return out
}

// InputHash returns the hex SHA-256 of the case's canonical JSON: anyone
// holding the same inputs gets the same hash and, under the same rule
// set, the same decision.
func (c Case) InputHash() string {
	sum := sha256.Sum256(mustJSON(c.Canonical()))
	return hex.EncodeToString(sum[:])
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("letting: marshal %T: %v", v, err))
	}
	return b
}
