// Package plan implements the development plans of omdannelse areas
// (almenboligloven § 168 a): an area's dwelling stock by tenure and type,
// its business floor space and the dwellings demolished after 2010; the
// planned actions by year; the share of public family dwellings each year to
// the 2030 deadline under the § 168 a counting rules; whether the plan is on
// track, and the smallest extra action of each kind that would put it on
// track; the dispensation tests; the households to rehouse; and whether the
// obligations still apply after the area has left the list.
//
// The rules (40 %, the deadline, 75 m² per dwelling, the dispensation
// thresholds, the 12-month rehousing rule and every legal reference) come
// from the rule-set YAML under law/rules/plan. The package does no I/O
// beyond reading those embedded files and never reads the clock.
package plan

import (
	"errors"
	"fmt"
	"slices"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/msg"
)

// Stock is an area's dwellings by tenure and type, and its business floor
// space.
type Stock struct {
	// PublicFamily are almene familieboliger: the numerator.
	PublicFamily int64 `json:"public_family"`
	// PublicYouth and PublicElderly are almene ungdoms- og ældreboliger.
	PublicYouth   int64 `json:"public_youth"`
	PublicElderly int64 `json:"public_elderly"`
	// PrivateRental, OwnerOccupied, Cooperative (andelsboliger) and Other
	// are the dwellings of other tenures.
	PrivateRental int64 `json:"private_rental"`
	OwnerOccupied int64 `json:"owner_occupied"`
	Cooperative   int64 `json:"cooperative"`
	Other         int64 `json:"other"`
	// BusinessM2 is the business floor space in m².
	BusinessM2 int64 `json:"business_m2"`
}

// Dwellings returns every dwelling of any tenure.
func (s Stock) Dwellings() int64 {
	return s.PublicFamily + s.PublicYouth + s.PublicElderly + s.PrivateRental + s.OwnerOccupied + s.Cooperative + s.Other
}

// Kind is a kind of planned action.
type Kind string

// The action kinds.
const (
	// Demolish removes public family dwellings; they are added to the
	// demolished-not-replaced count.
	Demolish Kind = "demolish"
	// Sell turns public family dwellings into dwellings of another tenure
	// (To).
	Sell Kind = "sell"
	// RelabelYouth and RelabelElderly turn public family dwellings into
	// youth or elderly housing.
	RelabelYouth   Kind = "relabel_youth"
	RelabelElderly Kind = "relabel_elderly"
	// BuildPrivate adds dwellings of a private tenure (To).
	BuildPrivate Kind = "build_private"
	// BuildPublicFamily adds public family dwellings; Replaces of them
	// replace demolished ones.
	BuildPublicFamily Kind = "build_public_family"
	// BuildBusiness adds business floor space (BusinessM2).
	BuildBusiness Kind = "build_business"
	// Renovate changes no count; it can need temporary rehousing.
	Renovate Kind = "renovate"
)

// Kinds are the action kinds, in the order the UI offers them.
var Kinds = []Kind{Demolish, Sell, RelabelYouth, RelabelElderly, BuildPrivate, BuildPublicFamily, BuildBusiness, Renovate}

// Label names the kind in lang.
func (k Kind) Label(lang blandby.Lang) string {
	t, ok := kindLabels[k]
	if !ok {
		return string(k)
	}
	return t.In(lang)
}

var kindLabels = map[Kind]blandby.Text{
	Demolish:          msg.Text("plan.kind.demolish"),
	Sell:              msg.Text("plan.kind.sell"),
	RelabelYouth:      msg.Text("plan.kind.relabel_youth"),
	RelabelElderly:    msg.Text("plan.kind.relabel_elderly"),
	BuildPrivate:      msg.Text("plan.kind.build_private"),
	BuildPublicFamily: msg.Text("plan.kind.build_public_family"),
	BuildBusiness:     msg.Text("plan.kind.build_business"),
	Renovate:          msg.Text("plan.kind.renovate"),
}

func (k Kind) valid() bool { _, ok := kindLabels[k]; return ok }

// Tenure is where sold or newly built private dwellings go.
type Tenure string

// The private tenures.
const (
	OwnerOccupied Tenure = "owner_occupied"
	PrivateRental Tenure = "private_rental"
	Cooperative   Tenure = "cooperative"
)

// Action is one planned action, carried out during Year: it counts in the
// stock from 1 January of the next year.
type Action struct {
	Year int  `json:"year"`
	Kind Kind `json:"kind"`
	// Dwellings is the number of dwellings (every kind but build_business
	// and renovate, for which it is optional).
	Dwellings int64 `json:"dwellings,omitempty"`
	// BusinessM2 is the floor space of build_business.
	BusinessM2 int64 `json:"business_m2,omitempty"`
	// To is the tenure of sold or newly built private dwellings
	// (default owner_occupied).
	To Tenure `json:"to,omitempty"`
	// Households is the number of households living in the dwellings the
	// action concerns who must move; for demolition it defaults to
	// Dwellings (every dwelling let).
	Households *int64 `json:"households,omitempty"`
	// TemporaryMonths is how long households are temporarily rehoused (0:
	// no temporary rehousing).
	TemporaryMonths int64 `json:"temporary_months,omitempty"`
	// Replaces, for build_public_family, is how many of the dwellings
	// demolished and not yet replaced the new ones replace (§ 168 a,
	// stk. 1, 3. pkt.: "som ikke er erstattet af andre almene
	// familieboliger"); the rest are new dwellings.
	Replaces int64  `json:"replaces,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Facts are what the dispensation conditions are checked against; nil is
// unknown.
type Facts struct {
	EndsOmdannelseStatus *bool `json:"ends_omdannelse_status,omitempty"`
	// MunicipalParallelFamilyDwellings and MunicipalFamilyDwellings give the
	// share of the municipality's public family dwellings that lie in
	// parallelsamfund areas.
	MunicipalParallelFamilyDwellings *int64 `json:"municipal_parallel_family_dwellings,omitempty"`
	MunicipalFamilyDwellings         *int64 `json:"municipal_family_dwellings,omitempty"`
	NewBuildingCannotHelp            *bool  `json:"new_building_cannot_help,omitempty"`
	SaleOnlyAtLoss                   *bool  `json:"sale_only_at_loss,omitempty"`
	Residents                        *int64 `json:"residents,omitempty"`
	// ConvictionCriterionMet is whether the area meets the conviction
	// criterion (ABL § 61 a, stk. 1, nr. 2) on the latest list.
	ConvictionCriterionMet *bool `json:"conviction_criterion_met,omitempty"`
}

// Plan is an area's development plan.
type Plan struct {
	AreaID string `json:"area_id"`
	// BaseYear is the year of the stock: Stock is as of 1 January BaseYear,
	// and actions run from BaseYear.
	BaseYear int   `json:"base_year"`
	Stock    Stock `json:"stock"`
	// DemolishedNotReplaced are dwellings demolished after 2010 (before
	// BaseYear) and not replaced by other public family dwellings.
	DemolishedNotReplaced int64 `json:"demolished_not_replaced"`
	// CountDemolished is the plan's choice to count those dwellings, and
	// the ones it demolishes, in the total (§ 168 a, stk. 1, 3. pkt.: "kan
	// medtælles").
	CountDemolished bool     `json:"count_demolished"`
	Actions         []Action `json:"actions"`
	Facts           Facts    `json:"facts"`
	// Completed is true when the plan has been carried out.
	Completed bool   `json:"completed"`
	Note      string `json:"note,omitempty"`
}

// Limits on plan input, to keep exact arithmetic on untrusted input cheap;
// MaxActions is the most actions a plan may have.
const (
	maxCount   = 10_000_000
	MaxActions = 1000
)

// Validate checks a plan against the rules: every count non-negative and
// bounded, years within the plan period, each action of a known kind with
// the quantity it needs, and no action taking more public family dwellings
// than the area has at that point. Each error is a *blandby.FieldError
// naming the field ("stock.public_family", "actions[2].dwellings"), told
// in Danish and English; several are joined.
func (r *Rules) Validate(p *Plan) error {
	var errs []error
	fail := func(field, id string, args ...any) {
		if len(errs) < maxReported {
			errs = append(errs, blandby.InvalidField(field, told(id, args...)))
		}
	}
	count := func(field string, n int64) {
		if n < 0 || n > maxCount {
			fail(field, "plan.validate.count_range", countArg(maxCount), countArg(n))
		}
	}
	if p.AreaID == "" {
		fail("area_id", "plan.validate.area_required")
	}
	first := r.Counting.DemolishedAfterYear + 1
	last := r.Goal.LastActionYear()
	if p.BaseYear < first || p.BaseYear > last {
		fail("base_year", "plan.validate.base_year", first, last, p.BaseYear)
	}
	s := p.Stock
	for _, c := range []struct {
		f string
		n int64
	}{{"stock.public_family", s.PublicFamily}, {"stock.public_youth", s.PublicYouth}, {"stock.public_elderly", s.PublicElderly},
		{"stock.private_rental", s.PrivateRental}, {"stock.owner_occupied", s.OwnerOccupied}, {"stock.cooperative", s.Cooperative},
		{"stock.other", s.Other}, {"stock.business_m2", s.BusinessM2}, {"demolished_not_replaced", p.DemolishedNotReplaced}} {
		count(c.f, c.n)
	}
	if p.DemolishedNotReplaced > 0 && p.BaseYear <= first {
		fail("demolished_not_replaced", "plan.validate.demolished_before_base", r.Counting.DemolishedAfterYear, r.Counting.DemolishedLegalRef, p.BaseYear)
	}
	if len(p.Actions) > MaxActions {
		fail("actions", "plan.validate.too_many_actions", countArg(MaxActions), countArg(len(p.Actions)))
		return errors.Join(errs...)
	}
	for i, a := range p.Actions {
		f := fmt.Sprintf("actions[%d]", i)
		if !a.Kind.valid() {
			fail(f+".kind", "plan.validate.kind")
			continue
		}
		if a.Year < p.BaseYear || a.Year > last+maxYearsAfter {
			fail(f+".year", "plan.validate.action_year", p.BaseYear, last+maxYearsAfter, a.Year)
		}
		count(f+".dwellings", a.Dwellings)
		count(f+".business_m2", a.BusinessM2)
		count(f+".temporary_months", a.TemporaryMonths)
		switch a.Kind {
		case BuildBusiness:
			if a.BusinessM2 <= 0 {
				fail(f+".business_m2", "plan.validate.business_needs_m2")
			}
			if a.Dwellings != 0 {
				fail(f+".dwellings", "plan.validate.business_no_dwellings")
			}
		case Renovate:
			if a.BusinessM2 != 0 {
				fail(f+".business_m2", "plan.validate.only_business_m2")
			}
		default:
			if a.Dwellings <= 0 {
				fail(f+".dwellings", "plan.validate.needs_dwellings", a.Kind)
			}
			if a.BusinessM2 != 0 {
				fail(f+".business_m2", "plan.validate.only_business_m2")
			}
		}
		switch a.To {
		case "", OwnerOccupied, PrivateRental, Cooperative:
		default:
			fail(f+".to", "plan.validate.tenure")
		}
		if a.To != "" && a.Kind != Sell && a.Kind != BuildPrivate {
			fail(f+".to", "plan.validate.tenure_only_sell_build")
		}
		if a.Households != nil {
			count(f+".households", *a.Households)
		}
		if a.Replaces != 0 && (a.Kind != BuildPublicFamily || a.Replaces < 0 || a.Replaces > a.Dwellings) {
			fail(f+".replaces", "plan.validate.replaces")
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	// Apply the actions in order, checking that none takes more public
	// family dwellings than there are.
	st := start(p)
	for _, i := range actionOrder(p.Actions) {
		a := p.Actions[i]
		if takesFamily(a.Kind) && a.Dwellings > st.stock.PublicFamily {
			fail(fmt.Sprintf("actions[%d].dwellings", i), "plan.validate.too_few_family", a.Kind, dwellingsArg(a.Dwellings), a.Year, familyArg(st.stock.PublicFamily))
			continue
		}
		st.apply(a)
	}
	return errors.Join(errs...)
}

// maxReported bounds how many errors Validate reports.
const maxReported = 20

// countArg, dwellingsArg and familyArg are numbers in a message told in
// both languages: a count written the language's way, and a number of
// dwellings or public family dwellings with its unit in the right plural
// form.
type (
	countArg     int64
	dwellingsArg int64
	familyArg    int64
)

// told returns the message id in Danish and English, with each argument
// written in the language: counts, dwellings and kinds in their words.
func told(id string, args ...any) blandby.Text {
	in := func(l blandby.Lang) string {
		a := make([]any, len(args))
		for i, x := range args {
			switch v := x.(type) {
			case countArg:
				a[i] = explain.Int(int64(v), l)
			case dwellingsArg:
				a[i] = msg.N(l, "plan.validate.n_dwellings", int(v), explain.Int(int64(v), l))
			case familyArg:
				a[i] = msg.N(l, "plan.validate.n_public_family", int(v), explain.Int(int64(v), l))
			case Kind:
				a[i] = v.Label(l)
			default:
				a[i] = x
			}
		}
		return msg.T(l, id, a...)
	}
	return blandby.Text{DA: in(blandby.Danish), EN: in(blandby.English)}
}

// maxYearsAfter is how many years after the last counting year actions may
// be planned (they are shown but do not count at the deadline).
const maxYearsAfter = 10

func takesFamily(k Kind) bool {
	return k == Demolish || k == Sell || k == RelabelYouth || k == RelabelElderly
}

// state is the counts the projection tracks.
type state struct {
	stock Stock
	// dnr is dwellings demolished after 2010 and not replaced, and counted
	// whether the plan counts them in the total.
	dnr     int64
	counted bool
}

// start is a plan's state before its actions.
func start(p *Plan) state {
	return state{stock: p.Stock, dnr: p.DemolishedNotReplaced, counted: p.CountDemolished}
}

// demolished is the demolished dwellings the total counts.
func (s state) demolished() int64 {
	if s.counted {
		return s.dnr
	}
	return 0
}

// apply carries out one action; callers have checked it fits.
func (s *state) apply(a Action) {
	n := a.Dwellings
	switch a.Kind {
	case Demolish:
		s.stock.PublicFamily -= n
		s.dnr += n
	case Sell:
		s.stock.PublicFamily -= n
		s.addPrivate(a.To, n)
	case RelabelYouth:
		s.stock.PublicFamily -= n
		s.stock.PublicYouth += n
	case RelabelElderly:
		s.stock.PublicFamily -= n
		s.stock.PublicElderly += n
	case BuildPrivate:
		s.addPrivate(a.To, n)
	case BuildPublicFamily:
		s.stock.PublicFamily += n
		s.dnr -= min(a.Replaces, s.dnr)
	case BuildBusiness:
		s.stock.BusinessM2 += a.BusinessM2
	}
}

func (s *state) addPrivate(t Tenure, n int64) {
	switch t {
	case PrivateRental:
		s.stock.PrivateRental += n
	case Cooperative:
		s.stock.Cooperative += n
	default:
		s.stock.OwnerOccupied += n
	}
}

// actionOrder returns the indexes of the actions by year, keeping the
// written order within a year.
func actionOrder(as []Action) []int {
	idx := make([]int, len(as))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return as[a].Year - as[b].Year })
	return idx
}
