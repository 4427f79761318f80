package letting

import (
	"slices"
)

// persons returns the members a test looks at.
func (e *eval) persons(p Persons) []*Member {
	var out []*Member
	ms := e.c.Household.Members
	for i := range ms {
		m := &ms[i]
		switch p {
		case PersonsHousehold:
			out = append(out, m)
		case PersonsAdults:
			if m.Age >= e.rs.AdultAge {
				out = append(out, m)
			}
		case PersonsPartners:
			if e.isPartner(m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// isPartner reports whether m is the applicant, a spouse, or a cohabitant
// of at least the minimum years on the decision date.
func (e *eval) isPartner(m *Member) bool {
	switch m.Role {
	case RoleApplicant, RoleSpouse:
		return true
	case RoleCohabitant:
		return m.PartnerSince != nil && !m.PartnerSince.After(e.c.Date.AddDate(-e.rs.CohabitantMinYears, 0, 0))
	}
	return false
}

// triggers reports whether any person the test looks at meets it.
func (e *eval) triggers(t *Test) bool {
	for _, m := range e.persons(t.Persons) {
		if e.memberTriggers(t, m) {
			return true
		}
	}
	return false
}

func (e *eval) memberTriggers(t *Test, m *Member) bool {
	date := e.c.Date
	switch t.Kind {
	case TestReleased:
		return e.within(m.ReleasedOn, t.WithinMonths)
	case TestTenancyBreach:
		return e.within(m.TenancyBreachOn, t.WithinMonths)
	case TestCitizenship:
		if t.StudentException && m.Student {
			return false
		}
		return !slices.ContainsFunc(m.Citizenships, func(c string) bool { _, ok := slices.BinarySearch(e.rs.EEA, c); return ok })
	case TestBenefits:
		g, _ := e.rs.Group(t.Group)
		periods := benefitDays(m, g.Types, date)
		switch {
		case t.Current:
			return covers(periods, date.days(), date.days())
		case t.ConsecutiveMonths > 0:
			end := monthOf(date)
			if !e.rs.Months.IncludeDecisionMonth {
				end--
			}
			for k := 0; k < t.ConsecutiveMonths; k++ {
				if !e.monthCounts(periods, end-month(k)) {
					return false
				}
			}
			return true
		case t.EachOfLastYears > 0:
			for k := 0; k < t.EachOfLastYears; k++ {
				hi := Date{date.AddDate(-k, 0, 0)}
				lo := Date{date.AddDate(-k-1, 0, 1)}
				if !intersects(periods, lo.days(), hi.days()) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// within reports whether an event happened on or before the decision date
// and within the last n months.
func (e *eval) within(d *Date, n int) bool {
	if d == nil || d.After(e.c.Date.Time) {
		return false
	}
	bound := e.c.Date.AddMonths(-n)
	if e.rs.Months.WithinInclusive {
		return !d.Before(bound.Time)
	}
	return d.After(bound.Time)
}

// span is an inclusive range of day numbers.
type span struct{ lo, hi int64 }

// benefitDays returns the member's periods of the types, merged and sorted,
// with open periods ending on the decision date.
func benefitDays(m *Member, types []string, date Date) []span {
	var out []span
	for _, b := range m.Benefits {
		if !slices.Contains(types, b.Type) {
			continue
		}
		hi := date.days()
		if b.To != nil {
			hi = b.To.days()
		}
		out = append(out, span{b.From.days(), hi})
	}
	slices.SortFunc(out, func(a, b span) int { return int(a.lo - b.lo) })
	var merged []span
	for _, s := range out {
		if n := len(merged); n > 0 && s.lo <= merged[n-1].hi+1 {
			merged[n-1].hi = max(merged[n-1].hi, s.hi)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// covers reports whether the merged spans cover every day of [lo, hi].
func covers(spans []span, lo, hi int64) bool {
	for _, s := range spans {
		if s.lo <= lo && s.hi >= hi {
			return true
		}
	}
	return false
}

// intersects reports whether any span has a day in [lo, hi].
func intersects(spans []span, lo, hi int64) bool {
	for _, s := range spans {
		if s.lo <= hi && s.hi >= lo {
			return true
		}
	}
	return false
}

// monthCounts reports whether a calendar month counts as a benefit month:
// any day of it (partial months count) or every day; the decision month
// is looked at up to the decision date.
func (e *eval) monthCounts(spans []span, m month) bool {
	lo, hi := m.first().days(), m.last().days()
	if d := e.c.Date.days(); hi > d {
		hi = d
	}
	if e.rs.Months.PartialMonthCounts {
		return intersects(spans, lo, hi)
	}
	return covers(spans, lo, hi)
}
