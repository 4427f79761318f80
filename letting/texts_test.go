package letting

import (
	"strings"
	"testing"

	"github.com/blandby/blandby"
)

// TestShareExceptionShowsExceeding: § 59, stk. 7, 2. pkt. lifts the limits
// when the share "overstiger 30 pct."; a share a hair over 30 % is written
// with the decimals that show it over, never as "30,00 %".
func TestShareExceptionShowsExceeding(t *testing.T) {
	got := msgShareException(blandby.NewRatio(300001, 1000000), blandby.NewRatio(30, 100))
	if !strings.Contains(got.DA, "30,0001 %") || !strings.Contains(got.EN, "30.0001%") {
		t.Errorf("%+v: want 30,0001 %% and 30.0001%%", got)
	}
}

// TestNamesInWords: a caseworker reads benefits and rules in words, never
// as the ids the files and reasons use ("kontanthjaelp", "51C"). Every
// benefit type of every rule set has a Danish and an English name, and
// every reason of every decision of the case catalogue names a rule the
// rule set can say in words.
func TestNamesInWords(t *testing.T) {
	cat := catalog(t)
	for _, rs := range cat.All() {
		for _, id := range rs.BenefitTypes() {
			n, ok := rs.BenefitTypeName(id)
			if !ok || n.DA == "" || n.EN == "" {
				t.Errorf("rule set %s: benefit type %q has the name %+v", rs.ID, id, n)
			}
		}
		for _, r := range rs.Rules {
			if n, ok := rs.RuleName(r.ID); !ok || n.DA == "" || n.EN == "" || n.DA == r.ID {
				t.Errorf("rule set %s: rule %q has the name %+v", rs.ID, r.ID, n)
			}
		}
	}
	if n, ok := catalog(t).All()[0].BenefitTypeName("kontanthjaelp"); !ok || n.DA != "kontanthjælp" || !strings.Contains(n.EN, "social assistance") {
		t.Errorf("kontanthjaelp is named %+v, want kontanthjælp and social assistance", n)
	}
	cases := loadCatalogue(t)
	for i := range cases.Cases {
		cc := &cases.Cases[i]
		dec, err := Decide(cat, cases.caseOf(t, cc))
		if err != nil {
			continue // a case that expects an error
		}
		rs, err := cat.At(dec.Date.Time)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range dec.Reasons {
			if n, ok := rs.RuleName(r.RuleID); !ok || n.DA == "" || n.EN == "" {
				t.Errorf("case %s: reason of rule %q has no name in words", cc.ID, r.RuleID)
			}
		}
	}
}

// TestBenefitTypeNeedsName: a rule-set file whose benefit group counts a
// type that benefit_types does not name is refused.
func TestBenefitTypeNeedsName(t *testing.T) {
	data, err := ruleFile("2021-11-30.yaml")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), "  - {id: sygedagpenge,", "  - {id: sygedagpenge_x,", 1)
	if bad == string(data) {
		t.Fatal("the file no longer names sygedagpenge as the test expects")
	}
	_, err = Parse("bad.yaml", []byte(bad))
	if err == nil || !strings.Contains(err.Error(), `"sygedagpenge" is not named in benefit_types`) {
		t.Errorf("Parse: %v, want an error that sygedagpenge is not named", err)
	}
}
