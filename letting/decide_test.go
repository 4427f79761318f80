package letting

import (
	"strings"
	"testing"

	"github.com/blandby/blandby"
)

func testPolicy() *Policy {
	return &Policy{
		Municipality: 101, Version: 3, ValidFrom: d("2018-01-01"),
		Criteria: []Criterion{
			{ID: "work", Label: blandby.Text{DA: "i arbejde", EN: "in work"}, AnyOf: []string{Employed, SelfEmployed}},
			{ID: "edu", Label: blandby.Text{DA: "under uddannelse", EN: "in education"}, AnyOf: []string{StatusInEducation}},
		},
		CombinedLetting: []CombinedLettingDecision{{Departments: []string{"D1"}, Residents: 1200, OutsideLabourPct: "41", DecidedOn: d("2018-12-01")}},
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

// TestConsecutiveMonths counts "6 sammenhængende kalendermåneder" (ABL
// § 59, stk. 6, nr. 5, which asks no current receipt) on calendar months:
// gaps, year ends, partial months under both readings of the switch, and
// the decision month.
func TestConsecutiveMonths(t *testing.T) {
	const kh, uh = "kontanthjaelp", "uddannelseshjaelp"
	full, _ := catalog(t).ByID("2021-11-30")
	wholeMonths := withSwitch(full, SwitchPartialMonth, false)
	withDecisionMonth := withSwitch(full, SwitchDecisionMonth, true)
	refused := want{outcome: NotAllowed, reasons: []string{"59-6-5:not_allowed"}}
	allowed := want{outcome: Allowed, reasons: []string{"59-6:passes"}}
	for _, tc := range []struct {
		name string
		rs   *RuleSet
		date string
		m    Member
		want want
	}{
		{"six full months before the decision month", nil, "2024-07-15", applicant(benefit(kh, "2024-01-01", "2024-06-30")), refused},
		{"five months", nil, "2024-07-15", applicant(benefit(kh, "2024-02-01", "2024-06-30")), allowed},
		{"six months ending a month early", nil, "2024-07-15", applicant(benefit(kh, "2023-12-01", "2024-05-31")), allowed},
		{"a gap of one month", nil, "2024-07-15", applicant(benefit(kh, "2024-01-01", "2024-03-31"), benefit(kh, "2024-05-01", "2024-06-30")), allowed},
		{"a gap of one day inside a month still counts the month", nil, "2024-07-15", applicant(benefit(kh, "2024-01-01", "2024-03-14"), benefit(kh, "2024-03-16", "2024-06-30")), refused},
		{"across the year end", nil, "2024-03-10", applicant(benefit(kh, "2023-09-01", "2024-02-29")), refused},
		{"across the year end, gap in December", nil, "2024-03-10", applicant(benefit(kh, "2023-09-01", "2023-11-30"), benefit(kh, "2024-01-01", "2024-02-29")), allowed},
		{"partial first and last months count", nil, "2024-07-15", applicant(benefit(kh, "2024-01-20", "2024-06-05")), refused},
		{"partial months do not count when switched off", wholeMonths, "2024-07-15", applicant(benefit(kh, "2024-01-20", "2024-06-05")), allowed},
		{"whole months with the switch off", wholeMonths, "2024-07-15", applicant(benefit(kh, "2024-01-01", "2024-06-30")), refused},
		{"types of the group count together", nil, "2024-07-15", applicant(benefit(kh, "2024-01-01", "2024-03-31"), benefit(uh, "2024-04-01", "2024-06-30")), refused},
		{"an ongoing benefit", nil, "2024-07-15", applicant(benefit(kh, "2023-01-01", "")), refused},
		{"a benefit outside the group", nil, "2024-07-15", applicant(benefit("dagpenge", "2024-01-01", "2024-05-31")), allowed},
		{"the decision month does not count by default", nil, "2024-07-15", applicant(benefit(kh, "2024-02-01", "2024-07-15")), allowed},
		{"the decision month counts when switched on", withDecisionMonth, "2024-07-15", applicant(benefit(kh, "2024-02-01", "2024-07-15")), refused},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check(t, tc.rs, baseCase(tc.date, blandby.Udsat, MunicipalAllocation, tc.m), tc.want)
		})
	}
}

// withSwitch returns a copy of a rule set with one switch set.
func withSwitch(rs *RuleSet, id string, v bool) *RuleSet {
	out := *rs
	out.Assumptions = append([]Assumption(nil), rs.Assumptions...)
	for i := range out.Assumptions {
		if out.Assumptions[i].ID == id {
			out.Assumptions[i].Switch = &v
		}
	}
	return &out
}

// TestAssumptionsInTheDecision: a decision that turns on a switch of the
// rule set (a reading the text leaves open) says so, and one that does
// not, does not (item 8 of the letting review). Only switches are counted
// here; the readings a rule rests on are tested in the catalogue.
func TestAssumptionsInTheDecision(t *testing.T) {
	kh := "kontanthjaelp"
	switches := func(rs *RuleSet, dec *Decision) string {
		var out []string
		for _, a := range dec.Assumptions {
			if x, _ := rs.Assumption(a.ID); x.Switch != nil {
				out = append(out, a.ID)
			}
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		name string
		c    Case
		want string
	}{
		{"a partial first month decides", baseCase("2024-07-15", blandby.Udsat, MunicipalAllocation, applicant(benefit(kh, "2024-01-20", ""))), SwitchPartialMonth},
		{"whole months, still received: nothing to say", baseCase("2024-07-15", blandby.Udsat, MunicipalAllocation, applicant(benefit(kh, "2024-01-01", ""))), ""},
		{"a partial month that does not decide (seven months)", baseCase("2024-07-15", blandby.Udsat, MunicipalAllocation, applicant(benefit(kh, "2023-12-20", ""))), ""},
		{"ended before the decision month: the decision month's reading decides", baseCase("2024-07-15", blandby.Udsat, MunicipalAllocation, applicant(benefit(kh, "2024-01-01", "2024-06-30"))), SwitchDecisionMonth},
		{"released exactly 6 months ago", baseCase("2024-07-15", blandby.Udsat, MunicipalAllocation, applicant(func(m *Member) { m.ReleasedOn, m.ActionPlan = dp("2024-01-15"), true })), SwitchWithinInclusive},
		{"released without an action plan", baseCase("2024-07-15", blandby.Udsat, MunicipalAllocation, applicant(func(m *Member) { m.ReleasedOn = dp("2024-03-01") })), SwitchActionPlan},
		{"a British citizen in the transition period", baseCase("2020-06-01", blandby.Udsat, MunicipalAllocation, applicant(func(m *Member) { m.Citizenships = []string{"GB"} })), SwitchUKTransition},
		{"a British citizen after it", baseCase("2021-01-01", blandby.Udsat, MunicipalAllocation, applicant(func(m *Member) { m.Citizenships = []string{"GB"} })), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := catalog(t).At(tc.c.Date.Time)
			if err != nil {
				t.Fatal(err)
			}
			dec, err := DecideWith(rs, tc.c)
			if err != nil {
				t.Fatal(err)
			}
			if got := switches(rs, dec); got != tc.want {
				t.Fatalf("switches %q, want %q; reasons %s", got, tc.want, reasonIDs(dec))
			}
			if tc.want != "" && !strings.Contains(reasonIDs(dec), tc.want+":assumption") {
				t.Errorf("the assumption is not among the reasons: %s", reasonIDs(dec))
			}
		})
	}
}

func TestCaseValidation(t *testing.T) {
	for _, tc := range []struct {
		name, date, want string
		mod              func(*Case)
	}{
		{"no applicant", "", "exactly one applicant", func(c *Case) { c.Household.Members[0].Role = RoleChild }},
		{"two partners", "", "at most one spouse", func(c *Case) {
			c.Household.Members = append(c.Household.Members, Member{Role: RoleSpouse, Citizenships: []string{"DK"}}, Member{Role: RoleCohabitant, PartnerSince: dp("2020-01-01"), Citizenships: []string{"DK"}})
		}},
		{"cohabitant without a date", "", "partner_since: required", func(c *Case) {
			c.Household.Members = append(c.Household.Members, Member{Role: RoleCohabitant, Citizenships: []string{"DK"}})
		}},
		{"unknown benefit", "", `benefits[0].type: unknown "kontant"`, func(c *Case) {
			c.Household.Members[0].Benefits = []BenefitPeriod{{Type: "kontant", From: d("2024-01-01")}}
		}},
		{"a benefit named after its time", "2019-03-01", `benefits[0].type: unknown "selvforsoergelsesydelse"`, func(c *Case) {
			c.Household.Members[0].Benefits = []BenefitPeriod{{Type: "selvforsoergelsesydelse", From: d("2019-01-01")}}
		}},
		{"period backwards", "", "benefits[0]: needs from", func(c *Case) {
			c.Household.Members[0].Benefits = []BenefitPeriod{{Type: "kontanthjaelp", From: d("2024-01-01"), To: dp("2023-12-31")}}
		}},
		{"unknown channel", "", `channel: unknown "lottery"`, func(c *Case) { c.Channel = "lottery" }},
		{"sublet without terms", "", "sublet: required", func(c *Case) { c.Channel = Sublet }},
		{"lower-case citizenship", "", "citizenships", func(c *Case) { c.Household.Members[0].Citizenships = []string{"dk"} }},
		{"unknown place of release", "", `released_from: unknown "camp"`, func(c *Case) { c.Household.Members[0].ReleasedFrom = "camp" }},
		{"forebyggelse before the first forebyggelse list", "2021-11-29", `category: "forebyggelse" is no list in force on 2021-11-29`, func(c *Case) { c.Category = blandby.Forebyggelse }},
		{"unknown category", "", `category: "ghetto" is no list in force`, func(c *Case) { c.Category = "ghetto" }},
		{"a list history that disagrees with the category", "", `area.lists: the latest list (2023) says "parallelsamfund", but the case's category is "udsat"`, func(c *Case) {
			c.Area = &AreaStanding{Lists: []ListCategory{{Year: 2022, Category: blandby.Omdannelse}, {Year: 2023, Category: blandby.Parallelsamfund}}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			date := tc.date
			if date == "" {
				date = "2024-07-15"
			}
			c := baseCase(date, blandby.Udsat, WaitingList, applicant())
			tc.mod(&c)
			_, err := Decide(catalog(t), c)
			if err == nil || blandby.CodeOf(err) != blandby.CodeInvalid || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want invalid naming %q", err, tc.want)
			}
		})
	}
}

// TestNamesOfTheTime: a decision names the area's list as the law named it
// at the decision date: "hårdt ghettoområde" before 30 November 2021,
// "omdannelsesområde" from then (item 13).
func TestNamesOfTheTime(t *testing.T) {
	for date, want := range map[string]string{"2020-06-01": "hårdt ghettoområde", "2021-11-29": "hårdt ghettoområde", "2021-11-30": "omdannelsesområde"} {
		dec, err := Decide(catalog(t), baseCase(date, blandby.Omdannelse, WaitingList, applicant()))
		if err != nil {
			t.Fatal(err)
		}
		if dec.CategoryName == nil || dec.CategoryName.DA != want || !strings.Contains(dec.Reasons[0].Text.DA, "Området er "+want) {
			t.Errorf("%s: name %v, first reason %q; want %q", date, dec.CategoryName, dec.Reasons[0].Text.DA, want)
		}
	}
}
