package letting

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
)

// Vacancy is a dwelling to let, with everything but the applicant.
type Vacancy struct {
	Date     Date             `json:"date"`
	Category blandby.Category `json:"category"`
	Dwelling Dwelling         `json:"dwelling"`
	Channel  Channel          `json:"channel"`
	Policy   *Policy          `json:"policy,omitempty"`
	// Area is the area's standing under § 168 a, stk. 6 (Case.Area).
	Area *AreaStanding `json:"area,omitempty"`
}

// Applicant is one applicant on the waiting list.
type Applicant struct {
	// Ref is the caller's pseudonymous reference for the applicant.
	Ref string `json:"ref"`
	// WaitingSince and Number give the applicant's seniority on the
	// waiting list: earlier date first, then lower number.
	WaitingSince Date          `json:"waiting_since"`
	Number       int64         `json:"number"`
	Household    Household     `json:"household"`
	Dispensation *Dispensation `json:"dispensation,omitempty"`
}

// Ranked is one applicant's place in a ranking.
type Ranked struct {
	// Position is 1-based among those allowed; 0 for those refused.
	Position int       `json:"position"`
	Ref      string    `json:"ref"`
	Decision *Decision `json:"decision"`
}

// Case returns the case of an applicant for a vacancy.
func (v Vacancy) Case(a Applicant) Case {
	return Case{Date: v.Date, Category: v.Category, Dwelling: v.Dwelling, Channel: v.Channel,
		Household: a.Household, Policy: v.Policy, Dispensation: a.Dispensation, Area: v.Area}
}

// Rank decides every applicant for a vacancy and returns the waiting list
// in decision order: those allowed by priority group (group 1 first, no
// group last), then seniority; after them those refused, by seniority,
// each with its reasons.
func Rank(cat *Catalog, v Vacancy, applicants []Applicant) ([]Ranked, error) {
	rs, err := cat.At(v.Date.Time)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	out := make([]Ranked, 0, len(applicants))
	senior := make(map[string]Applicant, len(applicants))
	for i, a := range applicants {
		if a.Ref == "" || seen[a.Ref] {
			return nil, blandby.InvalidField(fmt.Sprintf("applicants[%d].ref", i), msg.Text("letting.err.ref_unique"))
		}
		seen[a.Ref] = true
		d, err := DecideWith(rs, v.Case(a))
		if err != nil {
			return nil, ofApplicant(fmt.Sprintf("applicants[%d]", i), a.Ref, err)
		}
		senior[a.Ref] = a
		out = append(out, Ranked{Ref: a.Ref, Decision: d})
	}
	group := func(r Ranked) int {
		if r.Decision.Outcome != Allowed {
			return 1 << 30
		}
		if r.Decision.PriorityGroup == 0 {
			return 1 << 29
		}
		return r.Decision.PriorityGroup
	}
	slices.SortStableFunc(out, func(x, y Ranked) int {
		a, b := senior[x.Ref], senior[y.Ref]
		return cmp.Or(
			cmp.Compare(group(x), group(y)),
			a.WaitingSince.Compare(b.WaitingSince.Time),
			cmp.Compare(a.Number, b.Number),
			cmp.Compare(a.Ref, b.Ref))
	})
	for i := range out {
		if out[i].Decision.Outcome == Allowed {
			out[i].Position = i + 1
		}
	}
	return out, nil
}

// ofApplicant returns an error of deciding the case of applicant (at path,
// such as "applicants[1]", with reference ref): its field errors of the
// applicant's own fields (household, dispensation) put under path, the
// others (the vacancy's) as they are, and any other error wrapped.
func ofApplicant(path, ref string, err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var errs []error
		for _, e := range j.Unwrap() {
			errs = append(errs, ofApplicant(path, ref, e))
		}
		return errors.Join(errs...)
	}
	var fe *blandby.FieldError
	if !errors.As(err, &fe) {
		return fmt.Errorf("%s (%s): %w", path, ref, err)
	}
	if strings.HasPrefix(fe.Field, "household") || strings.HasPrefix(fe.Field, "dispensation") {
		return blandby.InvalidField(path+"."+fe.Field, fe.Text)
	}
	return err
}
