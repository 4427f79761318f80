package letting

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/blandby/blandby"
)

// catalogue is testdata/catalogue.yaml: letting and allocation cases
// written from the statute sentences they cite.
type catalogue struct {
	Defaults struct {
		Date     string   `json:"date"`
		Category string   `json:"category"`
		Channel  string   `json:"channel"`
		Dwelling Dwelling `json:"dwelling"`
		Policy   Policy   `json:"policy"`
	} `json:"defaults"`
	Cases []catalogueCase `json:"cases"`
}

type catalogueCase struct {
	ID                string                    `json:"id"`
	Cites             []string                  `json:"cites"`
	Says              string                    `json:"says"`
	Date              string                    `json:"date"`
	Category          string                    `json:"category"`
	Channel           string                    `json:"channel"`
	Dwelling          *Dwelling                 `json:"dwelling"`
	Options           []string                  `json:"options"`
	Combined          []CombinedLettingDecision `json:"combined"`
	ListedFamilyShare *DwellingShare            `json:"listed_family_share"`
	CurrentDepartment string                    `json:"current_department"`
	Documented        bool                      `json:"documented"`
	Dispensation      *Dispensation             `json:"dispensation"`
	Sublet            *SubletTerms              `json:"sublet"`
	Area              *AreaStanding             `json:"area"`
	Members           []catalogueMember         `json:"members"`
	Want              struct {
		Outcome     Outcome   `json:"outcome"`
		Reasons     []string  `json:"reasons"`
		Not         []string  `json:"not"`
		Assumptions *[]string `json:"assumptions"`
		Name        string    `json:"name"`
		RuleSet     string    `json:"rule_set"`
		Priority    *int      `json:"priority"`
		Error       string    `json:"error"`
	} `json:"want"`
}

type catalogueMember struct {
	Role            Role         `json:"role"`
	Age             *int         `json:"age"`
	Citizenships    []string     `json:"citizenships"`
	Work            string       `json:"work"`
	Student         bool         `json:"student"`
	InEducation     bool         `json:"in_education"`
	PartnerSince    string       `json:"partner_since"`
	Benefits        []string     `json:"benefits"`
	ReleasedOn      string       `json:"released_on"`
	ReleasedFrom    ReleasedFrom `json:"released_from"`
	ActionPlan      bool         `json:"action_plan"`
	TenancyBreachOn string       `json:"tenancy_breach_on"`
}

// loadCatalogue reads the catalogue: YAML for people to write, decoded
// through JSON into the case types (strictly: a misspelt key fails).
func loadCatalogue(t *testing.T) *catalogue {
	t.Helper()
	data, err := os.ReadFile("testdata/catalogue.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var tree any
	if err := yaml.Unmarshal(data, &tree); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(plainDates(tree))
	if err != nil {
		t.Fatal(err)
	}
	var c catalogue
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("testdata/catalogue.yaml: %v", err)
	}
	return &c
}

// plainDates writes the dates YAML read as timestamps back as YYYY-MM-DD.
func plainDates(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.Format(time.DateOnly)
	case map[string]any:
		for k, e := range x {
			x[k] = plainDates(e)
		}
	case []any:
		for i, e := range x {
			x[i] = plainDates(e)
		}
	}
	return v
}

// caseOf builds a case from the defaults and a catalogue entry.
func (cat *catalogue) caseOf(t *testing.T, cc *catalogueCase) Case {
	t.Helper()
	or := func(s, def string) string {
		if s != "" {
			return s
		}
		return def
	}
	date := func(s string) *Date {
		if s == "" {
			return nil
		}
		v, err := ParseDate(s)
		if err != nil {
			t.Fatalf("%s: %v", cc.ID, err)
		}
		return &v
	}
	p := cat.Defaults.Policy
	p.Options = cc.Options
	if cc.Combined != nil {
		p.CombinedLetting = cc.Combined
	}
	p.ListedFamilyShare = cc.ListedFamilyShare
	c := Case{Date: *date(or(cc.Date, cat.Defaults.Date)), Category: blandby.Category(or(cc.Category, cat.Defaults.Category)),
		Channel: Channel(or(cc.Channel, cat.Defaults.Channel)), Dwelling: cat.Defaults.Dwelling, Policy: &p,
		Dispensation: cc.Dispensation, Sublet: cc.Sublet, Area: cc.Area,
		Household: Household{CurrentDepartment: cc.CurrentDepartment, Documented: cc.Documented}}
	if cc.Dwelling != nil {
		c.Dwelling = *cc.Dwelling
	}
	for _, m := range cc.Members {
		x := Member{Role: m.Role, Age: 35, Citizenships: m.Citizenships, Work: or(m.Work, Unemployed), Student: m.Student,
			InEducation: m.InEducation, PartnerSince: date(m.PartnerSince), ReleasedOn: date(m.ReleasedOn),
			ReleasedFrom: m.ReleasedFrom, ActionPlan: m.ActionPlan, TenancyBreachOn: date(m.TenancyBreachOn)}
		if m.Age != nil {
			x.Age = *m.Age
		}
		if len(x.Citizenships) == 0 {
			x.Citizenships = []string{"DK"}
		}
		for _, b := range m.Benefits {
			typ, span, _ := strings.Cut(b, " ")
			from, to, ok := strings.Cut(span, "..")
			if !ok {
				t.Fatalf("%s: benefit %q: expected \"type from..to\"", cc.ID, b)
			}
			x.Benefits = append(x.Benefits, BenefitPeriod{Type: typ, From: *date(from), To: date(to)})
		}
		c.Household.Members = append(c.Household.Members, x)
	}
	return c
}

// TestCatalogue decides every case of the catalogue and holds the decision
// to what the cited sentence says.
func TestCatalogue(t *testing.T) {
	cat := loadCatalogue(t)
	if n := len(cat.Cases); n < 60 {
		t.Fatalf("the catalogue has %d cases; at least 60 are asked for", n)
	}
	seen := map[string]bool{}
	for i := range cat.Cases {
		cc := &cat.Cases[i]
		t.Run(cc.ID, func(t *testing.T) {
			if seen[cc.ID] || len(cc.Cites) == 0 || cc.Says == "" {
				t.Fatalf("a case needs a unique id, what it cites and what the text says")
			}
			seen[cc.ID] = true
			dec, err := Decide(catalog(t), cat.caseOf(t, cc))
			w := cc.Want
			if w.Error != "" {
				if err == nil || blandby.CodeOf(err) != blandby.CodeInvalid || !strings.Contains(err.Error(), w.Error) {
					t.Fatalf("error %v, want one saying %q", err, w.Error)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := reasonIDs(dec)
			if dec.Outcome != w.Outcome {
				t.Errorf("outcome %s, want %s; reasons %s", dec.Outcome, w.Outcome, got)
			}
			for _, r := range w.Reasons {
				if !strings.Contains(" "+got+" ", " "+r+" ") {
					t.Errorf("reasons %s lack %s", got, r)
				}
			}
			for _, r := range w.Not {
				if strings.Contains(" "+got+" ", " "+r+" ") {
					t.Errorf("reasons %s have %s", got, r)
				}
			}
			var assumed []string
			for _, a := range dec.Assumptions {
				assumed = append(assumed, a.ID)
			}
			if a := w.Assumptions; a != nil {
				if len(*a) == 0 && len(assumed) > 0 {
					t.Errorf("assumptions %v, want none", assumed)
				}
				for _, id := range *a {
					if !slices.Contains(assumed, id) {
						t.Errorf("assumptions %v lack %s", assumed, id)
					}
				}
			}
			if w.Name != "" && (dec.CategoryName == nil || dec.CategoryName.DA != w.Name) {
				t.Errorf("list name %v, want %q", dec.CategoryName, w.Name)
			}
			if w.RuleSet != "" && dec.RuleSet != w.RuleSet {
				t.Errorf("rule set %s, want %s", dec.RuleSet, w.RuleSet)
			}
			if w.Priority != nil && dec.PriorityGroup != *w.Priority {
				t.Errorf("priority group %d, want %d", dec.PriorityGroup, *w.Priority)
			}
		})
	}
}
