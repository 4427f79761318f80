package letting

import (
	"strings"
	"testing"
	"time"

	"github.com/blandby/blandby"
)

func testPolicy() *Policy {
	return &Policy{
		Municipality: 101, Version: 3, ValidFrom: d("2018-01-01"),
		Criteria: []Criterion{
			{ID: "work", Label: blandby.Text{DA: "i arbejde", EN: "in work"}, AnyOf: []string{Employed, SelfEmployed}},
			{ID: "edu", Label: blandby.Text{DA: "under uddannelse", EN: "in education"}, AnyOf: []string{StatusInEducation}},
		},
		CombinedLetting: []DepartmentDecision{{Department: "D1", OutsideLabourPct: "40", DecidedOn: d("2018-12-01")}},
	}
}

func applicant(mods ...func(*Member)) Member {
	m := Member{Role: RoleApplicant, Age: 35, Citizenships: []string{"DK"}, Work: Unemployed}
	for _, f := range mods {
		f(&m)
	}
	return m
}

func benefit(typ, from, to string) func(*Member) {
	return func(m *Member) {
		p := BenefitPeriod{Type: typ, From: d(from)}
		if to != "" {
			p.To = dp(to)
		}
		m.Benefits = append(m.Benefits, p)
	}
}

func baseCase(date string, cat blandby.Category, ch Channel, members ...Member) Case {
	return Case{Date: d(date), Category: cat, Channel: ch, Policy: testPolicy(),
		Dwelling:  Dwelling{AreaID: "A1", Department: "D1", Type: Family},
		Household: Household{Members: members}}
}

// want describes a decision: its outcome and the reasons (rule/test ids
// with effects, "51B-1:rejects") it must contain.
type want struct {
	outcome  Outcome
	reasons  []string
	priority int
	ruleSet  string
}

func check(t *testing.T, rs *RuleSet, c Case, w want) *Decision {
	t.Helper()
	var dec *Decision
	var err error
	if rs != nil {
		dec, err = DecideWith(rs, c)
	} else {
		dec, err = Decide(catalog(t), c)
	}
	if err != nil {
		t.Fatal(err)
	}
	if dec.Outcome != w.outcome {
		t.Errorf("outcome %s, want %s; reasons %s", dec.Outcome, w.outcome, reasonIDs(dec))
	}
	got := reasonIDs(dec)
	for _, r := range w.reasons {
		if !strings.Contains(" "+got+" ", " "+r+" ") {
			t.Errorf("reasons %s lack %s", got, r)
		}
	}
	if dec.PriorityGroup != w.priority {
		t.Errorf("priority group %d, want %d", dec.PriorityGroup, w.priority)
	}
	if w.ruleSet != "" && dec.RuleSet != w.ruleSet {
		t.Errorf("rule set %s, want %s", dec.RuleSet, w.ruleSet)
	}
	for _, r := range dec.Reasons {
		if r.Text.DA == "" || r.Text.EN == "" || r.LegalRef == "" {
			t.Errorf("reason %+v lacks a text or a legal reference", r)
		}
	}
	return dec
}

func reasonIDs(dec *Decision) string {
	var out []string
	for _, r := range dec.Reasons {
		id := r.RuleID
		if r.TestID != "" {
			id = r.TestID
		}
		out = append(out, id+":"+string(r.Effect))
	}
	return strings.Join(out, " ")
}

func TestConsecutiveMonths(t *testing.T) {
	const kh, uh = "kontanthjaelp", "uddannelseshjaelp"
	full, _ := catalog(t).ByID("2021-11-30")
	wholeMonths := *full
	wholeMonths.Months.PartialMonthCounts = false
	withDecisionMonth := *full
	withDecisionMonth.Months.IncludeDecisionMonth = true
	rejects := want{outcome: Rejected, reasons: []string{"51B-1:rejects"}}
	passes := want{outcome: Allowed, reasons: []string{"51B:passes"}}
	for _, tc := range []struct {
		name string
		rs   *RuleSet
		date string
		m    Member
		want want
	}{
		{"six full months before the decision month", nil, "2024-07-15", applicant(benefit(kh, "2024-01-01", "2024-06-30")), rejects},
		{"five months", nil, "2024-07-15", applicant(benefit(kh, "2024-02-01", "2024-06-30")), passes},
		{"six months ending a month early", nil, "2024-07-15", applicant(benefit(kh, "2023-12-01", "2024-05-31")), passes},
		{"a gap of one month", nil, "2024-07-15", applicant(benefit(kh, "2024-01-01", "2024-03-31"), benefit(kh, "2024-05-01", "2024-06-30")), passes},
		{"a gap of one day inside a month still counts the month", nil, "2024-07-15", applicant(benefit(kh, "2024-01-01", "2024-03-14"), benefit(kh, "2024-03-16", "2024-06-30")), rejects},
		{"across the year end", nil, "2024-03-10", applicant(benefit(kh, "2023-09-01", "2024-02-29")), rejects},
		{"across the year end, gap in December", nil, "2024-03-10", applicant(benefit(kh, "2023-09-01", "2023-11-30"), benefit(kh, "2024-01-01", "2024-02-29")), passes},
		{"partial first and last months count", nil, "2024-07-15", applicant(benefit(kh, "2024-01-20", "2024-06-05")), rejects},
		{"partial months do not count when switched off", &wholeMonths, "2024-07-15", applicant(benefit(kh, "2024-01-20", "2024-06-05")), passes},
		{"whole months with the switch off", &wholeMonths, "2024-07-15", applicant(benefit(kh, "2024-01-01", "2024-06-30")), rejects},
		{"types of the group count together", nil, "2024-07-15", applicant(benefit(kh, "2024-01-01", "2024-03-31"), benefit(uh, "2024-04-01", "2024-06-30")), rejects},
		{"an ongoing benefit", nil, "2024-07-15", applicant(benefit(kh, "2023-01-01", "")), rejects},
		{"a benefit outside the group", nil, "2024-07-15", applicant(benefit("dagpenge", "2024-01-01", "2024-06-30")), passes},
		{"the decision month does not count by default", nil, "2024-07-15", applicant(benefit(kh, "2024-02-01", "2024-07-15")), passes},
		{"the decision month counts when switched on", &withDecisionMonth, "2024-07-15", applicant(benefit(kh, "2024-02-01", "2024-07-15")), rejects},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check(t, tc.rs, baseCase(tc.date, blandby.None, WaitingList, tc.m), tc.want)
		})
	}
}

func TestCombinedLetting(t *testing.T) {
	kh6 := benefit("kontanthjaelp", "2024-01-01", "2024-06-30")
	spouse := func(mods ...func(*Member)) Member {
		m := applicant(mods...)
		m.Role = RoleSpouse
		return m
	}
	cohabitant := func(since string, mods ...func(*Member)) Member {
		m := applicant(mods...)
		m.Role, m.PartnerSince = RoleCohabitant, dp(since)
		return m
	}
	child := Member{Role: RoleChild, Age: 19, Citizenships: []string{"DK"}, Benefits: []BenefitPeriod{{Type: "kontanthjaelp", From: d("2024-01-01")}}}
	for _, tc := range []struct {
		name string
		c    func() Case
		want want
	}{
		{"spouse on benefits", func() Case { return baseCase("2024-07-15", blandby.None, WaitingList, applicant(), spouse(kh6)) },
			want{outcome: Rejected, reasons: []string{"51B-1:rejects"}}},
		{"cohabitant of exactly 2 years", func() Case {
			return baseCase("2024-07-15", blandby.None, WaitingList, applicant(), cohabitant("2022-07-15", kh6))
		}, want{outcome: Rejected, reasons: []string{"51B-1:rejects"}}},
		{"cohabitant of 2 years less a day", func() Case {
			return baseCase("2024-07-15", blandby.None, WaitingList, applicant(), cohabitant("2022-07-16", kh6))
		}, want{outcome: Allowed, reasons: []string{"51B:passes"}}},
		{"an adult child on benefits is no partner", func() Case { return baseCase("2024-07-15", blandby.None, WaitingList, applicant(), child) },
			want{outcome: Allowed}},
		{"applicant from the department", func() Case {
			c := baseCase("2024-07-15", blandby.None, WaitingList, applicant(kh6))
			c.Household.CurrentDepartment = "D1"
			return c
		}, want{outcome: Allowed, reasons: []string{"51B:passes"}}},
		{"department without a decision", func() Case {
			c := baseCase("2024-07-15", blandby.None, WaitingList, applicant(kh6))
			c.Dwelling.Department = "D2"
			return c
		}, want{outcome: Allowed}},
		{"decision taken after the decision date", func() Case {
			c := baseCase("2024-07-15", blandby.None, WaitingList, applicant(kh6))
			c.Policy.CombinedLetting[0].DecidedOn = d("2024-07-16")
			return c
		}, want{outcome: Allowed}},
		{"department share just under 40 pct.", func() Case {
			c := baseCase("2024-07-15", blandby.None, WaitingList, applicant(kh6))
			c.Policy.CombinedLetting[0].OutsideLabourPct = "39,99"
			return c
		}, want{outcome: Allowed, reasons: []string{"51B:info"}}},
		{"municipal allocation is not a § 51 b channel", func() Case { return baseCase("2024-07-15", blandby.None, MunicipalAllocation, applicant(kh6)) },
			want{outcome: Allowed}},
		{"dagpenge without the extension", func() Case {
			return baseCase("2024-07-15", blandby.None, WaitingList, applicant(benefit("dagpenge", "2024-01-01", "2024-06-30")))
		}, want{outcome: Allowed}},
		{"dagpenge with the extension", func() Case {
			c := baseCase("2024-07-15", blandby.None, WaitingList, applicant(benefit("dagpenge", "2024-01-01", "2024-06-30")))
			c.Policy.Options = []string{"combined_insurance"}
			return c
		}, want{outcome: Rejected, reasons: []string{"51B-3:rejects"}}},
		{"førtidspension with the extension", func() Case {
			c := baseCase("2024-07-15", blandby.None, WaitingList, applicant(benefit("foertidspension", "2024-07-01", "")))
			c.Policy.Options = []string{"combined_foertidspension"}
			return c
		}, want{outcome: Rejected, reasons: []string{"51B-2:rejects"}}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, nil, tc.c(), tc.want) })
	}
}

func TestMandatoryRejection(t *testing.T) {
	onBenefit := applicant(benefit("kontanthjaelp", "2019-06-01", ""))
	c := func(date string, cat blandby.Category, m Member) Case {
		x := baseCase(date, cat, WaitingList, m)
		x.Dwelling.Department = "D2" // no § 51 b decision
		return x
	}
	check(t, nil, c("2019-06-30", blandby.Omdannelse, onBenefit), want{outcome: Allowed, ruleSet: "2018-12-01", priority: 0})
	check(t, nil, c("2019-07-01", blandby.Omdannelse, onBenefit), want{outcome: Rejected, ruleSet: "2019-07-01", reasons: []string{"51C-1:rejects"}})
	check(t, nil, c("2019-07-01", blandby.Parallelsamfund, onBenefit), want{outcome: Allowed})
	ended := applicant(benefit("kontanthjaelp", "2019-06-01", "2019-06-30"))
	check(t, nil, c("2019-07-01", blandby.Omdannelse, ended), want{outcome: Allowed, reasons: []string{"51C:passes"}})
	// No minimum duration: one day on the benefit is enough.
	oneDay := applicant(benefit("kontanthjaelp", "2019-07-01", "2019-07-01"))
	check(t, nil, c("2019-07-01", blandby.Omdannelse, oneDay), want{outcome: Rejected})

	disp := c("2022-01-10", blandby.Omdannelse, onBenefit)
	disp.Dispensation = &Dispensation{Reason: "work_or_education", Note: "job offer"}
	dec := check(t, nil, disp, want{outcome: Allowed, reasons: []string{"51C-1:info", "51C:dispensation"}})
	if dec.Dispensation == nil || dec.Dispensation.Reason != "work_or_education" {
		t.Errorf("dispensation not recorded: %+v", dec.Dispensation)
	}
	disp.Dispensation.Reason = "friendship"
	if _, err := Decide(catalog(t), disp); err == nil || blandby.CodeOf(err) != blandby.CodeInvalid || !strings.Contains(err.Error(), "dispensation.reason") {
		t.Errorf("unknown dispensation reason: error %v", err)
	}
}

func TestAllocationLimits(t *testing.T) {
	ma := func(date string, cat blandby.Category, mods ...func(*Member)) Case {
		return baseCase(date, cat, MunicipalAllocation, applicant(mods...))
	}
	released := func(s string) func(*Member) { return func(m *Member) { m.ReleasedOn = dp(s) } }
	breach := func(s string) func(*Member) { return func(m *Member) { m.TenancyBreachOn = dp(s) } }
	cit := func(c ...string) func(*Member) { return func(m *Member) { m.Citizenships = c } }
	student := func(m *Member) { m.Student = true }
	no := func(ids ...string) want { return want{outcome: NotAllowed, reasons: ids} }
	ok := want{outcome: Allowed}
	for _, tc := range []struct {
		name string
		c    Case
		want want
	}{
		{"released exactly 6 months ago", ma("2024-07-15", blandby.Udsat, released("2024-01-15")), no("59-6-a:not_allowed")},
		{"released 6 months and a day ago", ma("2024-07-15", blandby.Udsat, released("2024-01-14")), ok},
		{"released after the decision date", ma("2024-07-15", blandby.Udsat, released("2024-07-16")), ok},
		{"tenancy ended for breach", ma("2024-07-15", blandby.Udsat, breach("2024-05-01")), no("59-6-b:not_allowed")},
		{"non-EEA citizen", ma("2024-07-15", blandby.Udsat, cit("SY")), no("59-6-c:not_allowed")},
		{"non-EEA student", ma("2024-07-15", blandby.Udsat, cit("SY"), student), ok},
		{"dual citizen", ma("2024-07-15", blandby.Udsat, cit("SY", "SE")), ok},
		{"Swiss citizen", ma("2024-07-15", blandby.Udsat, cit("CH")), ok},
		{"parallelsamfund is udsat", ma("2024-07-15", blandby.Parallelsamfund, cit("SY")), no("59-6-c:not_allowed")},
		{"unlisted area", ma("2024-07-15", blandby.None, cit("SY")), ok},
		{"6 months kontanthjælp in udsat", ma("2024-07-15", blandby.Udsat, benefit("kontanthjaelp", "2024-01-01", "2024-06-30")), no("59-6-d:not_allowed")},
		{"førtidspension without the option", ma("2024-07-15", blandby.Udsat, benefit("foertidspension", "2020-01-01", "")), ok},
		{"forebyggelse the day before the rules", ma("2021-11-29", blandby.Forebyggelse, cit("SY")), ok},
		{"forebyggelse from 2021-11-30", ma("2021-11-30", blandby.Forebyggelse, cit("SY")), no("59-7-c:not_allowed")},
		{"forebyggelse: 6 months kontanthjælp alone is not a limit", ma("2024-07-15", blandby.Forebyggelse, benefit("kontanthjaelp", "2024-01-01", "2024-06-30")), ok},
		{"forebyggelse: 6 months selvforsørgelsesydelse", ma("2024-07-15", blandby.Forebyggelse, benefit("selvforsoergelsesydelse", "2024-01-01", "2024-06-30")), no("59-7-d:not_allowed")},
		{"forebyggelse: kontanthjælp in each of the last 2 years", ma("2024-07-15", blandby.Forebyggelse, benefit("kontanthjaelp", "2022-08-01", "2022-08-31"), benefit("kontanthjaelp", "2024-03-01", "2024-03-31")), no("59-7-e:not_allowed")},
		{"forebyggelse: kontanthjælp in only the last year", ma("2024-07-15", blandby.Forebyggelse, benefit("kontanthjaelp", "2022-07-01", "2022-07-15"), benefit("kontanthjaelp", "2024-03-01", "2024-03-31")), ok},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, nil, tc.c, tc.want) })
	}
	opt := ma("2024-07-15", blandby.Udsat, benefit("foertidspension", "2020-01-01", ""))
	opt.Policy.Options = []string{"allocation_foertidspension"}
	check(t, nil, opt, no("59-6-e:not_allowed"))
	full, _ := catalog(t).ByID("2021-11-30")
	off := *full
	off.Rules = append([]Rule(nil), full.Rules...)
	r, _ := off.Rule("59-7")
	r.Tests = append([]Test(nil), r.Tests...)
	r.Tests[4].Enabled = false
	check(t, &off, ma("2024-07-15", blandby.Forebyggelse, benefit("kontanthjaelp", "2022-08-01", "2024-06-30")), ok)
}

func TestFlexibleLetting(t *testing.T) {
	employed := func(m *Member) { m.Work = Employed }
	edu := func(m *Member) { m.InEducation = true }
	partner := func(role Role, since string, mods ...func(*Member)) Member {
		m := applicant(mods...)
		m.Role = role
		if since != "" {
			m.PartnerSince = dp(since)
		}
		return m
	}
	for _, tc := range []struct {
		name string
		c    Case
		want want
	}{
		{"employed applicant in udsat", baseCase("2024-07-15", blandby.Udsat, WaitingList, applicant(employed)), want{outcome: Allowed, priority: 1, reasons: []string{"FL:priority"}}},
		{"spouse in education", baseCase("2024-07-15", blandby.Udsat, WaitingList, applicant(), partner(RoleSpouse, "", edu)), want{outcome: Allowed, priority: 2}},
		{"employed and in education: the first group", baseCase("2024-07-15", blandby.Udsat, WaitingList, applicant(edu), partner(RoleSpouse, "", employed)), want{outcome: Allowed, priority: 1}},
		{"new cohabitant does not count", baseCase("2024-07-15", blandby.Udsat, WaitingList, applicant(), partner(RoleCohabitant, "2024-01-01", employed)), want{outcome: Allowed, reasons: []string{"FL:no_priority"}}},
		{"no criterion met", baseCase("2024-07-15", blandby.Udsat, WaitingList, applicant()), want{outcome: Allowed, reasons: []string{"FL:no_priority"}}},
		{"unlisted waiting list: no flexible letting", baseCase("2024-07-15", blandby.None, WaitingList, applicant(employed)), want{outcome: Allowed}},
		{"unlisted, flexible letting by agreement", baseCase("2024-07-15", blandby.None, FlexibleLetting, applicant(employed)), want{outcome: Allowed, priority: 1, reasons: []string{"FL-AFTALE:priority"}}},
		{"forebyggelse before 2021-11-30", baseCase("2021-11-29", blandby.Forebyggelse, WaitingList, applicant(employed)), want{outcome: Allowed}},
		{"forebyggelse from 2021-11-30", baseCase("2021-11-30", blandby.Forebyggelse, WaitingList, applicant(employed)), want{outcome: Allowed, priority: 1}},
		{"municipal allocation is outside flexible letting", baseCase("2024-07-15", blandby.Udsat, MunicipalAllocation, applicant(employed)), want{outcome: Allowed}},
		{"youth dwelling", func() Case {
			c := baseCase("2024-07-15", blandby.Udsat, WaitingList, applicant(employed))
			c.Dwelling.Type = Youth
			return c
		}(), want{outcome: Allowed}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, nil, tc.c, tc.want) })
	}
	c := baseCase("2024-07-15", blandby.Udsat, WaitingList, applicant(employed))
	c.Policy = nil
	check(t, nil, c, want{outcome: Allowed, reasons: []string{"FL:no_priority"}})
}

func TestSubletAndExchange(t *testing.T) {
	employed := func(m *Member) { m.Work = Employed }
	ex := func(date string, cat blandby.Category, mods ...func(*Member)) Case {
		return baseCase(date, cat, Exchange, applicant(mods...))
	}
	sub := func(cat blandby.Category, s SubletTerms, documented bool) Case {
		c := baseCase("2024-07-15", cat, Sublet, applicant(employed))
		c.Sublet, c.Household.Documented = &s, documented
		return c
	}
	withOption := func(c Case) Case { c.Policy.Options = []string{"occupancy_forebyggelse"}; return c }
	for _, tc := range []struct {
		name string
		c    Case
		want want
	}{
		{"exchange in udsat without a criterion", ex("2024-07-15", blandby.Udsat), want{outcome: Rejected, reasons: []string{"OCC:rejects"}}},
		{"exchange in udsat meeting a criterion", ex("2024-07-15", blandby.Udsat, employed), want{outcome: Allowed, reasons: []string{"OCC:passes"}}},
		{"exchange in udsat before 2021-11-30", ex("2021-11-29", blandby.Udsat), want{outcome: Allowed}},
		{"exchange in forebyggelse: general rules", ex("2024-07-15", blandby.Forebyggelse), want{outcome: Allowed}},
		{"exchange in forebyggelse with the municipality's option", withOption(ex("2024-07-15", blandby.Forebyggelse)), want{outcome: Rejected, reasons: []string{"OCC:rejects"}}},
		{"exchange in an unlisted area", ex("2024-07-15", blandby.None), want{outcome: Allowed}},
		{"exchange into omdannelse on benefits", ex("2024-07-15", blandby.Omdannelse, employed, benefit("kontanthjaelp", "2024-07-01", "")), want{outcome: Rejected, reasons: []string{"51C-1:rejects"}}},
		{"sublet half the rooms in udsat, documented", sub(blandby.Udsat, SubletTerms{Rooms: 4, RoomsSublet: 2, Occupants: 4}, true), want{outcome: Allowed, reasons: []string{"FREMLEJE:passes"}}},
		{"sublet in udsat, not documented", sub(blandby.Udsat, SubletTerms{Rooms: 4, RoomsSublet: 2, Occupants: 4}, false), want{outcome: Rejected, reasons: []string{"OCC:rejects"}}},
		{"sublet in forebyggelse, not documented", sub(blandby.Forebyggelse, SubletTerms{Rooms: 4, RoomsSublet: 2, Occupants: 4}, false), want{outcome: Allowed}},
		{"sublet more than half the rooms", sub(blandby.None, SubletTerms{Rooms: 4, RoomsSublet: 3, Occupants: 3}, false), want{outcome: Rejected, reasons: []string{"FREMLEJE:rejects"}}},
		{"more occupants than rooms", sub(blandby.None, SubletTerms{Rooms: 3, RoomsSublet: 1, Occupants: 4}, false), want{outcome: Rejected, reasons: []string{"FREMLEJE:rejects"}}},
		{"whole dwelling for 2 years", sub(blandby.None, SubletTerms{Rooms: 3, Whole: true, AbsenceFrom: dp("2024-08-01"), AbsenceTo: dp("2026-08-01")}, false), want{outcome: Allowed}},
		{"whole dwelling for 2 years and a day", sub(blandby.None, SubletTerms{Rooms: 3, Whole: true, AbsenceFrom: dp("2024-08-01"), AbsenceTo: dp("2026-08-02")}, false), want{outcome: Rejected, reasons: []string{"FREMLEJE:rejects"}}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, nil, tc.c, tc.want) })
	}
}

func TestInForce(t *testing.T) {
	listDate := func(y int) Date { return NewDate(y, 12, 1) }
	ld := func(y int) time.Time { return listDate(y).Time }
	for _, tc := range []struct {
		date string
		want int
		ok   bool
	}{
		{"2022-11-30", 0, false},
		{"2022-12-01", 2022, true},
		{"2023-11-30", 2022, true},
		{"2023-12-01", 2023, true},
		{"2030-01-01", 2023, true},
	} {
		y, ok := InForce(d(tc.date), []int{2023, 2022}, ld)
		if y != tc.want || ok != tc.ok {
			t.Errorf("InForce(%s) = %d %v, want %d %v", tc.date, y, ok, tc.want, tc.ok)
		}
	}
	// An area udsat on the 2022 list and on no list in 2023: a municipal
	// allocation of a non-EEA household changes on 1 December 2023.
	h := blandby.NewHistory()
	h.Set(2022, "A1", blandby.Udsat)
	h.AddYear(2023)
	cat := func(date string) blandby.Category {
		y, _ := InForce(d(date), h.Years(), ld)
		c, _ := h.Category(y, "A1")
		return c
	}
	sy := func(m *Member) { m.Citizenships = []string{"SY"} }
	check(t, nil, baseCase("2023-11-30", cat("2023-11-30"), MunicipalAllocation, applicant(sy)), want{outcome: NotAllowed})
	check(t, nil, baseCase("2023-12-01", cat("2023-12-01"), MunicipalAllocation, applicant(sy)), want{outcome: Allowed})
}

func TestCaseValidation(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		mod        func(*Case)
	}{
		{"no applicant", "exactly one applicant", func(c *Case) { c.Household.Members[0].Role = RoleChild }},
		{"two partners", "at most one spouse", func(c *Case) {
			c.Household.Members = append(c.Household.Members, Member{Role: RoleSpouse, Citizenships: []string{"DK"}}, Member{Role: RoleCohabitant, PartnerSince: dp("2020-01-01"), Citizenships: []string{"DK"}})
		}},
		{"cohabitant without a date", "partner_since: required", func(c *Case) {
			c.Household.Members = append(c.Household.Members, Member{Role: RoleCohabitant, Citizenships: []string{"DK"}})
		}},
		{"unknown benefit", `benefits[0].type: unknown "kontant"`, func(c *Case) {
			c.Household.Members[0].Benefits = []BenefitPeriod{{Type: "kontant", From: d("2024-01-01")}}
		}},
		{"period backwards", "benefits[0]: needs from", func(c *Case) {
			c.Household.Members[0].Benefits = []BenefitPeriod{{Type: "kontanthjaelp", From: d("2024-01-01"), To: dp("2023-12-31")}}
		}},
		{"unknown channel", `channel: unknown "lottery"`, func(c *Case) { c.Channel = "lottery" }},
		{"sublet without terms", "sublet: required", func(c *Case) { c.Channel = Sublet }},
		{"lower-case citizenship", "citizenships", func(c *Case) { c.Household.Members[0].Citizenships = []string{"dk"} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := baseCase("2024-07-15", blandby.Udsat, WaitingList, applicant())
			tc.mod(&c)
			_, err := Decide(catalog(t), c)
			if err == nil || blandby.CodeOf(err) != blandby.CodeInvalid || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want invalid naming %q", err, tc.want)
			}
		})
	}
}
