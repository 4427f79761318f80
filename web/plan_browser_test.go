//go:build !race

package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/blandby/blandby/internal/browser"
)

// TestPlanBrowser signs in as the demo municipality and, in Danish and in
// English, opens the plans page and a plan page (chart drawn, no console
// errors, no sideways scrolling, no axe violations), then changes one
// action, removes another and adds three (one in a row the "add another"
// button made) in one save through the form: the page says the version is
// saved, and shows the actions as saved. A save with a bad row shows the
// error beside its field and saves nothing.
// Screenshots go to test-artifacts/screenshots.
func TestPlanBrowser(t *testing.T) {
	f := testFixture(t)
	own, _ := planAreas(t, f)
	b := browser.New(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	browserSignIn(t, b, ts.URL, f.users["municipality"])
	for _, lang := range []string{"da", "en"} {
		t.Run(lang, func(t *testing.T) {
			before := planWithActions(t, f, own.ID)
			old := len(before.Plan.Actions)
			p := b.Open(t, ts.URL+"/planer?lang="+lang)
			if n := p.Count(t, "#plans tbody tr"); n == 0 {
				t.Errorf("the plans page lists no plan")
			}
			p.Axe(t, "/planer "+lang)
			noSideways(t, p)
			p.Screenshot(t, "plans-"+lang)
			p.Close()

			p = b.Open(t, ts.URL+"/planer/"+own.ID+"?lang="+lang)
			defer p.Close()
			p.WaitUntil(t, `Chart.getChart(document.querySelector("canvas[data-chart=chart-plan]")) !== undefined`)
			if n := p.Count(t, "#projection tbody tr"); n < 2 {
				t.Errorf("%d projection rows", n)
			}
			if n := p.Count(t, "#plan-form fieldset.action-row"); n != old+planNewRows {
				t.Errorf("%d action rows in the form, want %d actions and %d blank rows", n, old, planNewRows)
			}
			p.Axe(t, "/planer/{id} "+lang)
			noSideways(t, p)
			p.NoErrors(t)
			if lang == "da" {
				p.Screenshot(t, "plan-da")
			}

			// One bad row: nothing is saved, the error is beside the field
			// (the page answers 400).
			p.IgnoreErrors("HTTP 400 Bad Request: POST " + ts.URL + "/planer/" + own.ID)
			y := fmt.Sprint(before.Plan.BaseYear)
			p.SetValue(t, "#pf-actions-0-note", "ændret i browseren")
			p.SetValue(t, fmt.Sprintf("#pf-actions-%d-kind", old), "sell")
			p.SetValue(t, fmt.Sprintf("#pf-actions-%d-year", old), y)
			p.SetValue(t, fmt.Sprintf("#pf-actions-%d-dwellings", old), "99999")
			p.Submit(t, "#plan-form")
			p.WaitVisible(t, "#plan-message")
			if got := p.Text(t, fmt.Sprintf("#pf-actions-%d-dwellings-error", old)); got == "" {
				t.Error("no error beside the bad field")
			}
			var kept string
			p.Eval(t, `document.querySelector("#pf-actions-0-note").value`, &kept)
			if kept != "ændret i browseren" {
				t.Errorf("the note typed is %q after the refused save", kept)
			}
			p.Axe(t, "/planer/{id} with an error "+lang)
			noSideways(t, p)
			if v, err := f.st.PlanVersion(context.Background(), own.ID, 0); err != nil || v.Version != before.Version {
				t.Fatalf("a refused save made version %d (was %d)", v.Version, before.Version)
			}

			// Several actions in one save: fix the bad row, remove row 2,
			// add another.
			p.SetValue(t, fmt.Sprintf("#pf-actions-%d-dwellings", old), "2")
			p.Click(t, "#pf-actions-1-remove")
			p.SetValue(t, fmt.Sprintf("#pf-actions-%d-kind", old+1), "build_private")
			p.SetValue(t, fmt.Sprintf("#pf-actions-%d-year", old+1), y)
			p.SetValue(t, fmt.Sprintf("#pf-actions-%d-dwellings", old+1), "30")
			// One more row than the blank ones, by the button.
			p.Click(t, "#plan-add-row")
			added := old + planNewRows
			p.SetValue(t, fmt.Sprintf("#pf-actions-%d-kind", added), "relabel_youth")
			p.SetValue(t, fmt.Sprintf("#pf-actions-%d-year", added), y)
			p.SetValue(t, fmt.Sprintf("#pf-actions-%d-dwellings", added), "3")
			if got := p.Text(t, fmt.Sprintf("#action-row-%d legend", added)); !strings.Contains(got, fmt.Sprint(added+1)) {
				t.Errorf("the added row's legend is %q", got)
			}
			p.Axe(t, "/planer/{id} with a row added "+lang)
			p.Submit(t, "#plan-form")
			p.WaitVisible(t, "#plan-saved")
			after, err := f.st.PlanVersion(context.Background(), own.ID, 0)
			if err != nil || after.Version != before.Version+1 {
				t.Fatalf("after one save: version %d, was %d (%v)", after.Version, before.Version, err)
			}
			want := map[string]string{"da": fmt.Sprintf("Gemt. Version %d er nu den gældende plan.", after.Version),
				"en": fmt.Sprintf("Saved. Version %d is now the plan in force.", after.Version)}[lang]
			if got := p.Text(t, "#plan-saved"); got != want {
				t.Errorf("after saving the page says %q, want %q", got, want)
			}
			// old - 1 removed + 3 added.
			if n := p.Count(t, "#actions tbody tr"); n != old+2 || len(after.Plan.Actions) != old+2 {
				t.Errorf("after the save the page lists %d actions, the store has %d, want %d", n, len(after.Plan.Actions), old+2)
			} else if a := after.Plan.Actions[old+1]; a.Kind != "relabel_youth" || a.Dwellings != 3 {
				t.Errorf("the action of the added row was saved as %+v", a)
			}
			if got := p.Text(t, "#actions tbody"); !strings.Contains(got, "ændret i browseren") {
				t.Errorf("the changed note is not listed: %q", got)
			}
			if after.Plan.Actions[0].Note != "ændret i browseren" || after.Plan.Actions[1].Kind != before.Plan.Actions[2].Kind {
				t.Errorf("saved actions %+v", after.Plan.Actions)
			}
			p.Axe(t, "/planer/{id} saved "+lang)
			noSideways(t, p)
			p.NoErrors(t)
		})
	}
}

// TestPlanlessBrowser: a municipality with an omdannelse area without a
// plan sees it on the plans page with a way to start one, in both
// languages, with no axe violations and no sideways scrolling.
func TestPlanlessBrowser(t *testing.T) {
	f := testFixture(t)
	u, err := addUser(context.Background(), f.st, "municipality-183-browser", "municipality:183")
	if err != nil {
		t.Fatal(err)
	}
	b := browser.New(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	browserSignIn(t, b, ts.URL, u)
	for _, lang := range []string{"da", "en"} {
		p := b.Open(t, ts.URL+"/planer?lang="+lang)
		if n := p.Count(t, "#planless-areas tbody tr a[href^='/planer/']"); n == 0 {
			t.Errorf("%s: no area without a plan offered", lang)
		}
		p.Axe(t, "/planer planless "+lang)
		noSideways(t, p)
		if lang == "da" {
			p.Screenshot(t, "plans-planless-da")
		}
		p.Close()
	}
}
