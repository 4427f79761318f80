package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/blandby/blandby/letting"
)

// TestLettingAPIErrorsNameField: a bad value in a letting decision or
// ranking request is answered 400 with the field's JSON path in the request
// and told in Danish and English.
func TestLettingAPIErrorsNameField(t *testing.T) {
	f := testFixture(t)
	dep := testLettingDepartment(t, f).ID
	old := lettingCase(dep, letting.WaitingList, "DK")
	old.Household.Members = append(old.Household.Members, letting.Member{Role: letting.RoleChild, Age: 200, Citizenships: []string{"DK"}})
	noDepartment := lettingCase("", letting.WaitingList, "DK")
	noKind := lettingCase(dep, letting.WaitingList, "DK")
	noKind.DwellingType = "villa"
	applicant := func(ref string, age int) letting.Applicant {
		return letting.Applicant{Ref: ref, WaitingSince: letting.NewDate(2010, 1, 1),
			Household: letting.Household{Members: []letting.Member{{Role: letting.RoleApplicant, Age: age, Citizenships: []string{"DK"}, Work: letting.Employed}}}}
	}
	rank := func(as ...letting.Applicant) rankRequest {
		return rankRequest{Department: dep, DwellingType: letting.Family, Channel: letting.FlexibleLetting, Applicants: as}
	}
	for _, tc := range []struct {
		name, path string
		body       any
		field      string
		da, en     string
	}{
		{"a member of 200 years", "/api/v1/letting/decisions", old, "household.members[1].age", "forventede 0–130 år, fik 200", "expected 0–130 years, got 200"},
		{"unknown channel", "/api/v1/letting/decisions", lettingCase(dep, "lottery", "DK"), "channel", `ukendt "lottery"`, `unknown "lottery"`},
		{"no department", "/api/v1/letting/decisions", noDepartment, "department", "påkrævet (id'et på boligens afdeling)", "required (the id of the dwelling's department)"},
		{"unknown dwelling type", "/api/v1/letting/decisions", noKind, "dwelling_type", `ukendt "villa"`, `unknown "villa"`},
		{"an applicant of 200 years", "/api/v1/letting/rankings", rank(applicant("a", 30), applicant("b", 200)), "applicants[1].household.members[0].age", "fik 200", "got 200"},
		{"a reference twice", "/api/v1/letting/rankings", rank(applicant("a", 30), applicant("a", 31)), "applicants[1].ref", "forskellig for hver ansøger", "required and unique"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := f.doJSON(t, f.users["municipality"], "POST", tc.path, tc.body)
			var e apiFieldError
			if err := json.Unmarshal(body, &e); err != nil || code != http.StatusBadRequest {
				t.Fatalf("%d %s (%v), want 400 with an error", code, body, err)
			}
			if e.Error.Field != tc.field || !strings.Contains(e.Error.Text.DA, tc.da) || !strings.Contains(e.Error.Text.EN, tc.en) {
				t.Errorf("error %+v, want field %q told %q / %q", e.Error, tc.field, tc.da, tc.en)
			}
		})
	}
}
