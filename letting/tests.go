package letting

import (
	"slices"
)

// persons returns the members a rule looks at.
func (e *eval) persons(p Persons) []*Member {
	var out []*Member
	ms := e.c.Household.Members
	for i := range ms {
		m := &ms[i]
		if p == PersonsHousehold || e.isPartner(m) {
			out = append(out, m)
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
		return m.PartnerSince != nil && !m.PartnerSince.After(e.c.Date.AddDate(-e.rs.Partners.CohabitantMinYears, 0, 0))
	}
	return false
}

// meets reports whether a member meets a test on the decision date.
func (e *eval) meets(t *Test, m *Member) bool {
	switch t.Kind {
	case TestReleased:
		if m.from() != t.ReleasedFrom || (t.UnderYouthAge && m.Age >= e.rs.YouthAge) || !e.within(m.ReleasedOn, t.WithinMonths) {
			return false
		}
		if !m.ActionPlan {
			// Released, but no action plan is to be made: the action_plan
			// switch says whether that matters.
			e.touch(SwitchActionPlan)
			return !e.sw(SwitchActionPlan)
		}
		return true
	case TestTenancyBreach:
		return e.within(m.TenancyBreachOn, t.WithinMonths)
	case TestCitizenship:
		if t.StudentException && m.Student {
			return false
		}
		return !slices.ContainsFunc(m.Citizenships, e.member)
	case TestBenefits:
		g, _ := e.rs.Group(t.Group)
		spans := benefitDays(m, g.Types, e.c.Date)
		if t.Current {
			return covers(spans, e.c.Date.days(), e.c.Date.days())
		}
		return e.consecutive(spans, t.ConsecutiveMonths)
	}
	return false
}

// member reports whether a citizenship is of a state in the EU, the EEA or
// Switzerland on the decision date; the United Kingdom's transition period
// counts under the uk_transition switch.
func (e *eval) member(code string) bool {
	p, ok := e.rs.Membership.Period(code, e.c.Date)
	if !ok {
		return false
	}
	if p.Basis == BasisTransition {
		e.touch(SwitchUKTransition)
		return e.sw(SwitchUKTransition)
	}
	return true
}

// consecutive reports whether the spans cover n consecutive calendar months
// ending with the month before the decision (or with the decision month,
// under the include_decision_month switch). Both readings of a switch are
// tried, and the switch is marked touched where they differ.
func (e *eval) consecutive(spans []span, n int) bool {
	run := func(withDecisionMonth bool) bool {
		end := monthOf(e.c.Date)
		if !withDecisionMonth {
			end--
		}
		for k := range n {
			if !e.monthCounts(spans, end-month(k)) {
				return false
			}
		}
		return true
	}
	on, off := run(true), run(false)
	if on != off {
		e.touch(SwitchDecisionMonth)
	}
	if e.sw(SwitchDecisionMonth) {
		return on
	}
	return off
}

// monthCounts reports whether a calendar month counts as a benefit month:
// any day of it (partial_month_counts) or every day; the decision month is
// looked at up to the decision date.
func (e *eval) monthCounts(spans []span, m month) bool {
	lo, hi := m.first().days(), m.last().days()
	if d := e.c.Date.days(); hi > d {
		hi = d
	}
	partial, whole := intersects(spans, lo, hi), covers(spans, lo, hi)
	if partial != whole {
		e.touch(SwitchPartialMonth)
	}
	if e.sw(SwitchPartialMonth) {
		return partial
	}
	return whole
}

// within reports whether an event happened on or before the decision date
// and within the last n months; the day exactly n months before counts
// under the within_inclusive switch.
func (e *eval) within(d *Date, n int) bool {
	if d == nil || d.After(e.c.Date.Time) {
		return false
	}
	bound := e.c.Date.AddMonths(-n)
	if d.Equal(bound.Time) {
		e.touch(SwitchWithinInclusive)
		return e.sw(SwitchWithinInclusive)
	}
	return d.After(bound.Time)
}

// receives reports whether a member receives a benefit of one of the
// groups on the decision date.
func (e *eval) receives(m *Member, groups []string) bool {
	for _, id := range groups {
		g, _ := e.rs.Group(id)
		if covers(benefitDays(m, g.Types, e.c.Date), e.c.Date.days(), e.c.Date.days()) {
			return true
		}
	}
	return false
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
