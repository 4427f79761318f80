package letting

import (
	"strings"
	"testing"

	"github.com/blandby/blandby"
)

func TestRank(t *testing.T) {
	employed := func(m *Member) { m.Work = Employed }
	edu := func(m *Member) { m.InEducation = true }
	onBenefit := benefit("kontanthjaelp", "2024-01-01", "")
	app := func(ref, since string, n int64, mods ...func(*Member)) Applicant {
		return Applicant{Ref: ref, WaitingSince: d(since), Number: n, Household: Household{Members: []Member{applicant(mods...)}}}
	}
	v := Vacancy{Date: d("2024-07-15"), Category: blandby.Omdannelse, Channel: WaitingList, Policy: testPolicy(),
		Dwelling: Dwelling{AreaID: "A1", Department: "D2", Type: Family}}
	ranked, err := Rank(catalog(t), v, []Applicant{
		app("senior-none", "2010-01-01", 1),
		app("edu", "2015-01-01", 5, edu),
		app("work-late", "2020-01-01", 9, employed),
		app("work-early", "2018-01-01", 7, employed),
		app("work-same-day", "2018-01-01", 3, employed),
		app("rejected-senior", "2005-01-01", 2, onBenefit),
		app("rejected-junior", "2023-01-01", 8, employed, onBenefit),
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range ranked {
		got = append(got, r.Ref)
		if (r.Position == 0) != (r.Decision.Outcome != Allowed) {
			t.Errorf("%s: position %d with outcome %s", r.Ref, r.Position, r.Decision.Outcome)
		}
	}
	want := "work-same-day work-early work-late edu senior-none rejected-senior rejected-junior"
	if strings.Join(got, " ") != want {
		t.Errorf("order\n %s\nwant\n %s", strings.Join(got, " "), want)
	}
	if r := ranked[5]; r.Decision.Outcome != Rejected || !strings.Contains(reasonIDs(r.Decision), "51C-1:rejects") {
		t.Errorf("rejected applicant without its reason: %s", reasonIDs(r.Decision))
	}
	if _, err := Rank(catalog(t), v, []Applicant{app("x", "2010-01-01", 1), app("x", "2011-01-01", 2)}); err == nil {
		t.Error("duplicate refs: no error")
	}
}
