package letting

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/blandby/blandby"
)

var (
	genCitizenship = rapid.SampledFrom([]string{"DK", "SE", "DE", "CH", "SY", "US", "TR"})
	genBenefitType = rapid.SampledFrom([]string{"kontanthjaelp", "uddannelseshjaelp", "selvforsoergelsesydelse", "overgangsydelse", "foertidspension", "dagpenge", "sygedagpenge"})
)

// genDay draws a day between 2016 and 2025, recent days most often.
func genDay(t *rapid.T, label string) Date {
	return Date{NewDate(2025, 6, 30).AddDate(0, 0, -rapid.IntRange(0, 9*365).Draw(t, label))}
}

func genMember(t *rapid.T, role Role) Member {
	m := Member{
		Role:         role,
		Age:          rapid.IntRange(0, 90).Draw(t, "age"),
		Citizenships: rapid.SliceOfNDistinct(genCitizenship, 1, 2, rapid.ID[string]).Draw(t, "citizenships"),
		Student:      rapid.Bool().Draw(t, "student"),
		InEducation:  rapid.Bool().Draw(t, "in_education"),
		Work:         rapid.SampledFrom(workStatuses).Draw(t, "work"),
	}
	if role == RoleCohabitant {
		m.PartnerSince = ptr(genDay(t, "partner_since"))
	}
	for range rapid.IntRange(0, 3).Draw(t, "benefits") {
		from := genDay(t, "from")
		p := BenefitPeriod{Type: genBenefitType.Draw(t, "type"), From: from}
		if rapid.Bool().Draw(t, "closed") {
			p.To = ptr(Date{from.AddDate(0, 0, rapid.IntRange(0, 400).Draw(t, "length"))})
		}
		m.Benefits = append(m.Benefits, p)
	}
	if rapid.Bool().Draw(t, "released") {
		m.ReleasedOn = ptr(genDay(t, "released_on"))
		m.ReleasedFrom = rapid.SampledFrom(releasedFroms).Draw(t, "released_from")
		m.ActionPlan = rapid.Bool().Draw(t, "action_plan")
	}
	if rapid.Bool().Draw(t, "breach") {
		m.TenancyBreachOn = ptr(genDay(t, "breach_on"))
	}
	return m
}

func ptr[T any](v T) *T { return &v }

func genCase(t *rapid.T) Case {
	members := []Member{genMember(t, RoleApplicant)}
	if rapid.Bool().Draw(t, "partner") {
		members = append(members, genMember(t, rapid.SampledFrom([]Role{RoleSpouse, RoleCohabitant}).Draw(t, "partner_role")))
	}
	for range rapid.IntRange(0, 3).Draw(t, "others") {
		members = append(members, genMember(t, rapid.SampledFrom([]Role{RoleChild, RoleOther}).Draw(t, "role")))
	}
	p := testPolicy()
	p.Options = rapid.SliceOfDistinct(rapid.SampledFrom([]string{"combined_foertidspension", "combined_insurance"}), rapid.ID[string]).Draw(t, "options")
	c := Case{
		// rapid draws small numbers and early elements most often: the
		// dates count back from 2025 and the lists start with the values
		// most rules apply to.
		Date:      Date{NewDate(2025, 6, 30).AddDate(0, 0, -rapid.IntRange(0, 6*365).Draw(t, "days_before"))},
		Category:  rapid.SampledFrom([]blandby.Category{blandby.Udsat, blandby.Omdannelse, blandby.Forebyggelse, blandby.Parallelsamfund, blandby.None}).Draw(t, "category"),
		Channel:   rapid.SampledFrom([]Channel{Exchange, MunicipalAllocation, WaitingList, Sublet, FlexibleLetting, InternalMove}).Draw(t, "channel"),
		Dwelling:  Dwelling{AreaID: "A1", Department: rapid.SampledFrom([]string{"D1", "D2"}).Draw(t, "department"), Type: rapid.SampledFrom(dwellingTypes).Draw(t, "type")},
		Household: Household{Members: members, CurrentDepartment: rapid.SampledFrom([]string{"", "D1"}).Draw(t, "current"), Documented: rapid.Bool().Draw(t, "documented")},
		Policy:    p,
	}
	if c.Category == blandby.Forebyggelse && c.Date.Before(NewDate(2021, 11, 30).Time) {
		c.Category = blandby.Udsat // no forebyggelse list before 30 November 2021
	}
	if c.Channel == Sublet {
		rooms := rapid.IntRange(1, 6).Draw(t, "rooms")
		c.Sublet = &SubletTerms{Rooms: rooms, RoomsSublet: rapid.IntRange(0, rooms).Draw(t, "rooms_sublet"), Occupants: rapid.IntRange(0, 8).Draw(t, "occupants")}
	}
	return c
}

func decisionJSON(t *rapid.T, cat *Catalog, c Case) (*Decision, []byte) {
	dec, err := Decide(cat, c)
	if err != nil {
		t.Fatalf("decide: %v", err)
	}
	b, _ := json.Marshal(dec)
	return dec, b
}

// rounds runs a property this many times rapid's default number of cases:
// some rules apply only to a narrow slice of the cases generated.
const rounds = 20

// A decision never depends on the order of the household's members.
func TestPropertyMemberOrder(t *testing.T) {
	cat := catalog(t)
	for range rounds {
		rapid.Check(t, func(t *rapid.T) {
			c := genCase(t)
			_, want := decisionJSON(t, cat, c)
			shuffled := c
			shuffled.Household.Members = rapid.Permutation(c.Household.Members).Draw(t, "order")
			_, got := decisionJSON(t, cat, shuffled)
			if !bytes.Equal(got, want) {
				t.Fatalf("order changed the decision:\n%s\n%s", want, got)
			}
		})
	}
}

// Adding a member (a child or another person, who may trigger a limit)
// never turns a refusal into an allowance.
func TestPropertyAddingMemberNeverAllows(t *testing.T) {
	cat := catalog(t)
	refusals := 0
	for range rounds {
		rapid.Check(t, func(t *rapid.T) {
			c := genCase(t)
			before, _ := decisionJSON(t, cat, c)
			more := c
			more.Household.Members = append(append([]Member(nil), c.Household.Members...), genMember(t, rapid.SampledFrom([]Role{RoleChild, RoleOther}).Draw(t, "added_role")))
			after, _ := decisionJSON(t, cat, more)
			if before.Outcome != Allowed {
				refusals++
				if after.Outcome == Allowed {
					t.Fatalf("adding a member turned %s into allowed: %s -> %s", before.Outcome, reasonIDs(before), reasonIDs(after))
				}
			}
		})
	}
	if refusals == 0 {
		t.Fatal("no refusal generated: the property was never exercised")
	}
}

// ABL § 51 b, stk. 1 and § 51 c, stk. 1 reject "når den boligsøgende og
// dennes ægtefælle" receive the benefits: adding a spouse who receives no
// benefit always lifts them, whatever the applicant receives.
func TestPropertySpouseWithoutBenefitsLifts51b51c(t *testing.T) {
	cat := catalog(t)
	lifted := 0
	for range rounds {
		rapid.Check(t, func(t *rapid.T) {
			c := genCase(t)
			var single []Member
			for _, m := range c.Household.Members {
				if m.Role != RoleSpouse && m.Role != RoleCohabitant {
					single = append(single, m)
				}
			}
			c.Household.Members = single
			before, _ := decisionJSON(t, cat, c)
			spouse := genMember(t, RoleSpouse)
			spouse.Benefits = nil
			c.Household.Members = append(append([]Member(nil), single...), spouse)
			after, _ := decisionJSON(t, cat, c)
			for _, r := range after.Reasons {
				if (r.RuleID == "51B" || r.RuleID == "51C") && r.Effect == EffectRejects {
					t.Fatalf("a spouse without benefits did not lift %s: %s", r.TestID, reasonIDs(after))
				}
			}
			if strings.Contains(reasonIDs(before), "51B-1:rejects") || strings.Contains(reasonIDs(before), "51C-1:rejects") {
				lifted++
			}
		})
	}
	if lifted == 0 {
		t.Fatal("no § 51 b or § 51 c rejection generated: the property was never exercised")
	}
}
