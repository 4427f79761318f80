package web

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/blandby/blandby/internal/browser"
	"github.com/blandby/blandby/letting"
)

// browserSignIn signs u in through the login form of the server at base.
// The browser's tabs share their cookies, so every later tab is u's.
func browserSignIn(t *testing.T, b *browser.Browser, base string, u testUser) {
	t.Helper()
	p := b.Open(t, base+"/login")
	p.SetValue(t, "#login-name", u.name)
	p.SetValue(t, "#login-password", u.password)
	p.Submit(t, "form.login")
	if n := p.Count(t, "form.session .user"); n != 1 {
		t.Fatalf("signing in as %s: no session shown", u.name)
	}
	p.Close()
}

// noSideways fails the test when the page is wider than the window, so
// that a reader would have to scroll it sideways.
func noSideways(t *testing.T, p *browser.Page) {
	t.Helper()
	var w struct{ Page, Window int }
	p.Eval(t, `({Page: document.documentElement.scrollWidth, Window: window.innerWidth})`, &w)
	if w.Page > w.Window {
		t.Errorf("the page is %d px wide, the window %d px", w.Page, w.Window)
	}
}

// limitedDepartment returns a department of municipality 101 where a
// municipal allocation of a household with a Syrian citizen is not allowed
// under § 59 on 2024-07-15 (its area is on a list in force then), as the
// API decides it.
func limitedDepartment(t *testing.T, f *fixture) string {
	t.Helper()
	deps, err := f.st.Departments(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range deps {
		code, body := f.doJSON(t, f.users["municipality"], "POST", "/api/v1/letting/decisions", lettingCase(d.ID, letting.MunicipalAllocation, "SY"))
		if code != 200 {
			continue // another municipality's or organisation's department
		}
		var dec struct {
			Outcome letting.Outcome `json:"outcome"`
			Reasons []struct {
				LegalRef string `json:"legal_ref"`
			} `json:"reasons"`
		}
		if err := json.Unmarshal(body, &dec); err != nil {
			t.Fatal(err)
		}
		for _, r := range dec.Reasons {
			if dec.Outcome == letting.NotAllowed && strings.Contains(r.LegalRef, "§ 59") {
				return d.ID
			}
		}
	}
	t.Fatal("no department of municipality 101 limits municipal allocation under § 59 on 2024-07-15")
	return ""
}

// TestLettingBrowser signs in as the municipality, fills in the
// caseworker form in Danish and English for a municipal allocation of a
// household with a non-EU citizen to a department on a list, and checks
// the decision shown: not allowed, with its reasons and § 59, no untranslated
// codes, no console errors or failed requests. Screenshots go to
// test-artifacts/screenshots.
func TestLettingBrowser(t *testing.T) {
	f := testFixture(t)
	dep := limitedDepartment(t, f)
	b := browser.Shared(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	browserSignIn(t, b, ts.URL, f.users["municipality"])
	want := map[string]struct{ title, outcome, reason string }{
		"da": {"Boligtildeling: udlejningsregler", "kommunal anvisning ikke tilladt", "statsborger i et EU-land, et EØS-land eller Schweiz"},
		"en": {"Letting decisions", "municipal allocation not allowed", "citizen of an EU or EEA state or Switzerland"},
	}
	for _, lang := range []string{"da", "en"} {
		t.Run(lang, func(t *testing.T) {
			w := want[lang]
			p := b.Open(t, ts.URL+"/tildeling?lang="+lang)
			if got := p.Text(t, "main > h1"); got != w.title {
				t.Errorf("title %q, want %q", got, w.title)
			}
			if n := p.Count(t, `#letting-form select[name=department] option[value="`+dep+`"]`); n != 1 {
				t.Fatalf("the form offers department %s %d times", dep, n)
			}
			p.SetValue(t, "#letting-form select[name=department]", dep)
			p.SetValue(t, "#letting-form select[name=dwelling_type]", string(letting.Family))
			p.SetValue(t, "#letting-form select[name=channel]", string(letting.MunicipalAllocation))
			p.SetValue(t, "#letting-form input[name=date]", "2024-07-15")
			p.SetValue(t, "#letting-form input[name=applicant_ref]", "browser-"+lang)
			p.SetValue(t, "#letting-form select[name=m0_role]", string(letting.RoleApplicant))
			p.SetValue(t, "#letting-form input[name=m0_age]", "40")
			p.SetValue(t, "#letting-form input[name=m0_citizenships]", "DK")
			p.SetValue(t, "#letting-form select[name=m0_work]", letting.Employed)
			p.SetValue(t, "#letting-form select[name=m1_role]", string(letting.RoleSpouse))
			p.SetValue(t, "#letting-form input[name=m1_age]", "38")
			p.SetValue(t, "#letting-form input[name=m1_citizenships]", "SY")
			p.Submit(t, "#letting-form")

			p.WaitVisible(t, "#letting-result")
			if n := p.Count(t, "#letting-message"); n != 0 {
				t.Errorf("the page shows an error: %s", p.Text(t, "#letting-message"))
			}
			if got := p.Text(t, "#letting-outcome"); got != w.outcome {
				t.Errorf("outcome %q, want %q", got, w.outcome)
			}
			var rows []struct{ Rule, Effect, Reason, Ref string }
			p.Eval(t, `Array.from(document.querySelectorAll("#letting-reasons tbody tr")).map(tr => {
				const c = tr.querySelectorAll("td");
				return {Rule: c[0].innerText, Effect: c[1].innerText, Reason: c[2].innerText, Ref: c[3].innerText};
			})`, &rows)
			found := false
			for _, r := range rows {
				if strings.Contains(r.Ref, "§ 59") && strings.Contains(r.Reason, w.reason) {
					found = true
				}
				if r.Reason == "" || r.Ref == "" {
					t.Errorf("reason row %+v lacks a text or a legal reference", r)
				}
				if strings.Contains(r.Effect, "_") || r.Effect == "not_allowed" || r.Effect == "passes" || r.Effect == "info" {
					t.Errorf("reason row %+v shows the effect as a code", r)
				}
			}
			if !found {
				t.Errorf("no § 59 reason about citizenship among %+v", rows)
			}
			if id := p.Text(t, "#letting-id"); !letting.ValidID(id) {
				t.Errorf("decision id %q", id)
			}
			// The form keeps what was entered, for a second try.
			var kept string
			p.Eval(t, `document.querySelector("#letting-form input[name=m1_citizenships]").value`, &kept)
			if kept != "SY" {
				t.Errorf("the form kept the citizenship %q", kept)
			}
			noSideways(t, p)
			p.NoErrors(t)
			p.Screenshot(t, "letting-"+lang)
			p.Close()
		})
	}
}
