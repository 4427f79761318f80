//go:build !race

package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/blandby/blandby/internal/browser"
	"github.com/blandby/blandby/letting"
)

// TestLettingPagesBrowser signs in as the municipality and, in Danish
// and then English, edits the letting policy in the form (a field left
// empty is shown beside it; the saved version is confirmed "Gemt" and
// heads the history), ranks a pasted waiting list, and finds a decision of
// the ranking by its id in the decision log; axe-core finds no WCAG 2.1 A
// or AA violation on any of these pages, and none scrolls sideways.
func TestLettingPagesBrowser(t *testing.T) {
	f := privateFixture(t)
	dep := testLettingDepartment(t, f).ID
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	b := browser.New(t)
	browserSignIn(t, b, ts.URL, f.users["municipality"])
	want := map[string]struct {
		policyTitle, saved, change, empty, rankTitle, first, outcome string
	}{
		"da": {"Tildelingspolitik: København", "Gemt: tildelingspolitikken er nu version 2.", "tilvalgt: har i 6 sammenhængende kalendermåneder",
			"Skriv en dato (ÅÅÅÅ-MM-DD)", "Venteliste: rangering", "fortrinsgruppe 1", "Afgørelse: tilladt"},
		"en": {"Letting policy: København", "Saved: the letting policy is now version 3.", "opted out: has for 6 consecutive calendar months",
			"Enter a date (YYYY-MM-DD)", "Waiting list: ranking", "priority group 1", "Decision: allowed"},
	}
	for _, lang := range []string{"da", "en"} {
		t.Run(lang, func(t *testing.T) {
			w := want[lang]
			// The policy: a date left empty is an error beside its field.
			p := b.Open(t, ts.URL+"/tildeling/politik?lang="+lang)
			if got := p.Text(t, "main > h1"); got != w.policyTitle {
				t.Errorf("title %q, want %q", got, w.policyTitle)
			}
			if got := p.Text(t, `nav.letting-nav a[aria-current="page"]`); got == "" {
				t.Error("the sub-navigation does not mark the page")
			}
			p.Axe(t, "policy "+lang)
			p.SetValue(t, "#f-valid_from", "")
			p.IgnoreErrors("HTTP 400 Bad Request: POST " + ts.URL + "/tildeling/politik/101")
			p.Submit(t, "#policy-form")
			if got := p.Text(t, "#f-valid_from-error"); got != w.empty {
				t.Errorf("beside the empty date: %q, want %q", got, w.empty)
			}
			var invalid string
			p.Eval(t, `document.querySelector("#f-valid_from").getAttribute("aria-invalid")`, &invalid)
			if invalid != "true" {
				t.Errorf("the empty date is not marked invalid: %q", invalid)
			}
			p.Axe(t, "policy with an error "+lang)
			// Save: the demo's policy with the insurance option switched.
			p.SetValue(t, "#f-valid_from", "2024-01-01")
			p.Click(t, `#policy-form input[name=option][value=combined_insurance]`)
			p.Submit(t, "#policy-form")
			p.WaitVisible(t, "#policy-saved")
			if got := p.Text(t, "#policy-saved"); got != w.saved {
				t.Errorf("after saving: %q, want %q", got, w.saved)
			}
			if got := p.Text(t, "#policy-history tbody tr:first-child"); !strings.Contains(got, w.change) || !strings.Contains(got, f.users["municipality"].name) {
				t.Errorf("the history's newest version says %q, want who and %q", got, w.change)
			}
			p.Axe(t, "policy saved "+lang)
			noSideways(t, p)
			p.NoErrors(t)
			if lang == "da" {
				p.Screenshot(t, "letting-policy-da")
			}
			p.Close()

			// The waiting list.
			p = b.Open(t, ts.URL+"/tildeling/venteliste")
			if got := p.Text(t, "main > h1"); got != w.rankTitle {
				t.Errorf("title %q, want %q", got, w.rankTitle)
			}
			p.Axe(t, "ranking "+lang)
			p.SetValue(t, "#f-department", dep)
			p.SetValue(t, "#f-channel", string(letting.FlexibleLetting))
			p.SetValue(t, "#f-date", "2024-07-15")
			p.SetValue(t, "#f-applicants", "A-1; 2015-01-01; 1; 40; DK; unemployed\nA-2; 2019-01-01; 2; 30; DK; employed\nA-3; 2018-01-01; 3; 25; DK; in_education")
			p.Submit(t, "#ranking-form")
			p.WaitVisible(t, "#ranking-result")
			var refs []string
			p.Eval(t, `Array.from(document.querySelectorAll("#ranking-table tbody th")).map(th => th.innerText)`, &refs)
			if strings.Join(refs, " ") != "A-2 A-3 A-1" {
				t.Errorf("ranking %v, want A-2 (in work), A-3 (in education), A-1", refs)
			}
			if got := p.Text(t, "#ranking-table tbody tr:first-child"); !strings.Contains(got, w.first) {
				t.Errorf("the first applicant's row %q does not say %q", got, w.first)
			}
			var id string
			p.Eval(t, `document.querySelector("#ranking-table tbody tr:first-child code").innerText`, &id)
			p.Axe(t, "ranking result "+lang)
			noSideways(t, p)
			p.NoErrors(t)
			if lang == "da" {
				p.Screenshot(t, "letting-ranking-da")
			}
			p.Close()

			// The decision log: find the first applicant's decision.
			p = b.Open(t, ts.URL+"/tildeling/beslutninger")
			p.Axe(t, "decision log "+lang)
			if lang == "da" {
				p.Screenshot(t, "letting-log-da")
			}
			p.SetValue(t, "#f-id", id)
			p.Submit(t, "#log-search")
			p.WaitVisible(t, "#decision")
			if got := p.Text(t, "#decision-id"); got != id {
				t.Errorf("opened decision %q, want %q", got, id)
			}
			if got := p.Text(t, "#decision-h"); !strings.HasPrefix(got, w.outcome) {
				t.Errorf("decision heading %q, want it to start %q", got, w.outcome)
			}
			p.Axe(t, "decision "+lang)
			noSideways(t, p)
			p.NoErrors(t)
			if lang == "da" {
				p.Screenshot(t, "letting-decision-da")
			}
			p.Close()
		})
	}
}
