package rental

import (
	"time"

	"github.com/blandby/blandby"
)

// Ledger is what a statement is made from: the entries of a landlord's or a
// municipality's properties and what happened to them.
type Ledger struct {
	Entries     []Entry      `json:"entries"`
	Offers      []Offer      `json:"offers"`
	Allocations []Allocation `json:"allocations"`
	Claims      []Claim      `json:"claims"`
	Agreements  []Agreement  `json:"agreements"`
}

// Line is one municipal dwelling on a statement, with the money owed for it.
type Line struct {
	PropertyID string    `json:"property_id"`
	Seq        int       `json:"seq"`
	Route      Route     `json:"route"`
	DwellingID string    `json:"dwelling_id"`
	Date       time.Time `json:"date"`
	// AllocatedOn is the allocation date, zero while unallocated.
	AllocatedOn time.Time `json:"allocated_on,omitzero"`
	// WaitingDays is how long the dwelling waited at the municipality's
	// disposal up to the allocation or the statement date.
	WaitingDays  int   `json:"waiting_days"`
	Rent         int64 `json:"rent"`
	Compensation int64 `json:"compensation"`
	Restoration  int64 `json:"restoration"`
}

// Statement sums a ledger up to a date: dwellings obtained by agreement and
// by the right, allocations, and what the municipality owes, in whole kroner.
type Statement struct {
	AsOf         time.Time `json:"as_of"`
	Vacancies    int       `json:"vacancies"`
	ByAgreement  int       `json:"by_agreement"`
	ByRight      int       `json:"by_right"`
	Allocations  int       `json:"allocations"`
	Rent         int64     `json:"rent"`
	Compensation int64     `json:"compensation"`
	Restoration  int64     `json:"restoration"`
	Owed         int64     `json:"owed"`
	Lines        []Line    `json:"lines"`
}

type entryKey struct {
	property string
	seq      int
}

// BuildStatement sums the ledger's entries dated on or before asOf. For a
// dwelling obtained by the right the municipality owes the rent while it
// waits (the rule set's day basis and rounding; the offered dwelling's rent
// when the landlord substituted one) and the restoration claims; for one
// obtained by agreement, the agreement's compensation.
func BuildStatement(cat *Catalog, l Ledger, asOf time.Time) (Statement, error) {
	st := Statement{AsOf: asOf, Lines: []Line{}}
	allocs := map[entryKey]Allocation{}
	for _, a := range l.Allocations {
		if !a.Date.After(asOf) {
			allocs[entryKey{a.PropertyID, a.Seq}] = a
		}
	}
	offers := map[entryKey]Offer{}
	for _, o := range l.Offers {
		if !o.Date.After(asOf) {
			offers[entryKey{o.PropertyID, o.Seq}] = o
		}
	}
	claims := map[entryKey]int64{}
	for _, c := range l.Claims {
		if !c.Date.After(asOf) {
			claims[entryKey{c.PropertyID, c.Seq}] += c.Amount
		}
	}
	comp := map[string]int64{}
	for _, a := range l.Agreements {
		comp[a.ID] = a.Compensation
	}
	for _, e := range l.Entries {
		if e.Date.After(asOf) {
			continue
		}
		st.Vacancies++
		if !e.Municipal() {
			continue
		}
		k := entryKey{e.PropertyID, e.Seq}
		line := Line{PropertyID: e.PropertyID, Seq: e.Seq, Route: e.Route, DwellingID: e.Dwelling.ID, Date: e.Date}
		end := asOf
		if a, ok := allocs[k]; ok {
			st.Allocations++
			line.AllocatedOn, end = a.Date, a.Date
		}
		if e.Route == RouteAgreement {
			st.ByAgreement++
			line.Compensation = comp[e.AgreementID]
		} else {
			st.ByRight++
		}
		// The rent while the dwelling waits and the restoration guarantee
		// are owed for every dwelling the municipality obtains (lov om
		// kommunal anvisningsret § 5, stk. 2).
		rs, err := cat.ByID(e.RuleSetID)
		if err != nil {
			return st, err
		}
		d := e.Dwelling
		if o, ok := offers[k]; ok {
			d = o.Dwelling
			line.DwellingID = d.ID
		}
		line.WaitingDays = max(0, int(end.Sub(e.Date).Hours()/24))
		line.Rent = WaitingRent(rs, d.Rent, line.WaitingDays)
		if rs.Duties.RestorationGuarantee {
			line.Restoration = claims[k]
		}
		st.Rent += line.Rent
		st.Compensation += line.Compensation
		st.Restoration += line.Restoration
		st.Lines = append(st.Lines, line)
	}
	st.Owed = st.Rent + st.Compensation + st.Restoration
	return st, nil
}

// WaitingRent is the rent the municipality owes for days a dwelling with a
// monthly rent waits at its disposal: monthly × days / day basis, rounded
// to whole kroner as the rule set says (exact integer arithmetic).
func WaitingRent(rs *RuleSet, monthly int64, days int) int64 {
	if !rs.Duties.RentWhileWaiting || days <= 0 {
		return 0
	}
	r := blandby.NewRatio(monthly*int64(days), int64(rs.Duties.DayBasis))
	if rs.Duties.RoundUp {
		return r.Ceil().Int64()
	}
	return r.Floor().Int64()
}
