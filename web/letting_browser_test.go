//go:build !race

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"regexp"
	"slices"
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

// lettingReasonRow is a row of the decision's reasons as the page shows it.
type lettingReasonRow struct{ Rule, Effect, Reason, Ref string }

func lettingReasons(t *testing.T, p *browser.Page) []lettingReasonRow {
	t.Helper()
	var rows []lettingReasonRow
	p.Eval(t, `Array.from(document.querySelectorAll("#letting-reasons tbody tr")).map(tr => {
		const c = tr.querySelectorAll("td");
		return {Rule: c[0].innerText, Effect: c[1].innerText, Reason: c[2].innerText, Ref: c[3].innerText};
	})`, &rows)
	return rows
}

// codeLike matches what looks like an id rather than words: "AREA",
// "59-7-4", "51C", "bill_text_59_7", "not_allowed".
var codeLike = regexp.MustCompile(`^[A-Z0-9-]+$|_`)

// TestLettingBrowser signs in as the municipality, fills in the
// caseworker form in Danish and English for a municipal allocation of a
// household with a non-EU citizen to a department on a list, and checks
// the decision shown: not allowed, large, with the reason and § 59 in
// words, no rule or benefit shown as a code, the departments named with
// their area and list, no sideways scrolling at 1366 and 1024 px, no
// accessibility violations before or after, no console errors or failed
// requests. Screenshots go to test-artifacts/screenshots.
func TestLettingBrowser(t *testing.T) {
	f := testFixture(t)
	dep := limitedDepartment(t, f)
	b := browser.Shared(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	browserSignIn(t, b, ts.URL, f.users["municipality"])
	want := map[string]struct{ title, outcome, reason, list, benefit, rule string }{
		"da": {"Boligtildeling: udlejningsregler", "kommunal anvisning ikke tilladt", "statsborger i et EU-land, et EØS-land eller Schweiz",
			"forebyggelsesområde (listen 2022)", "kontanthjælp", "Begrænset kommunal anvisning i forebyggelsesområder"},
		"en": {"Letting decisions", "municipal allocation not allowed", "citizen of an EU or EEA state or Switzerland",
			"forebyggelsesområde (prevention area) (2022 list)", "kontanthjælp (social assistance)", "Limited municipal allocation in forebyggelsesområder"},
	}
	for _, lang := range []string{"da", "en"} {
		t.Run(lang, func(t *testing.T) {
			w := want[lang]
			p := b.Open(t, ts.URL+"/tildeling?lang="+lang)
			if got := p.Text(t, "main > h1"); got != w.title {
				t.Errorf("title %q, want %q", got, w.title)
			}
			p.Axe(t, "municipality /tildeling "+lang)
			if n := p.Count(t, `#department option[value="`+dep+`"]`); n != 1 {
				t.Fatalf("the form offers department %s %d times", dep, n)
			}
			if got := p.Text(t, `#department option[value="`+dep+`"]`); !strings.Contains(got, w.list) {
				t.Errorf("department %s is offered as %q, without its area's list %q", dep, got, w.list)
			}
			var benefits []struct{ Value, Text string }
			p.Eval(t, `Array.from(document.querySelectorAll("#m0_benefit_type option")).map(o => ({Value: o.value, Text: o.text}))`, &benefits)
			named := false
			for _, o := range benefits {
				// In English every benefit's name says what it is; in
				// Danish some names are their ids, but not kontanthjælp.
				if o.Value != "" && ((lang == "en" && o.Text == o.Value) || strings.ContainsAny(o.Text, "_")) {
					t.Errorf("benefit %q is offered by its id %q", o.Value, o.Text)
				}
				named = named || (o.Value == "kontanthjaelp" && o.Text == w.benefit)
			}
			if !named {
				t.Errorf("kontanthjaelp is not offered as %q: %+v", w.benefit, benefits)
			}
			p.SetValue(t, "#department", dep)
			p.SetValue(t, "#dwelling_type", string(letting.Family))
			p.SetValue(t, "#channel", string(letting.MunicipalAllocation))
			p.SetValue(t, "#date", "15-07-2024")
			p.SetValue(t, "#applicant_ref", "browser-"+lang)
			p.SetValue(t, "#m0_role", string(letting.RoleApplicant))
			p.SetValue(t, "#m0_age", "40")
			p.SetValue(t, "#m0_citizenships", "DK")
			p.SetValue(t, "#m0_work", letting.Employed)
			p.SetValue(t, "#m1_role", string(letting.RoleSpouse))
			p.SetValue(t, "#m1_age", "38")
			p.SetValue(t, "#m1_citizenships", "SY")
			p.SetValue(t, "#m1_benefit_type", "kontanthjaelp")
			p.SetValue(t, "#m1_benefit_from", "01-01-2024")
			p.Submit(t, "#letting-form")

			p.WaitVisible(t, "#letting-result")
			if n := p.Count(t, "#letting-message, #letting-errors"); n != 0 {
				t.Fatalf("the page shows an error: %s", p.Text(t, "#letting-message, #letting-errors"))
			}
			if got := p.Text(t, "#letting-outcome"); got != w.outcome {
				t.Errorf("outcome %q, want %q", got, w.outcome)
			}
			var size float64
			p.Eval(t, `parseFloat(getComputedStyle(document.getElementById("letting-outcome")).fontSize)`, &size)
			if size < 24 {
				t.Errorf("the outcome is set in %.0f px; want it large (24 px or more)", size)
			}
			because := p.Text(t, "#letting-because")
			if !strings.Contains(because, w.rule) || !strings.Contains(because, "§ 59") || !strings.Contains(because, w.reason) {
				t.Errorf("the outcome's reasons %q lack the rule %q, § 59 or %q", because, w.rule, w.reason)
			}
			if got := p.Text(t, "#letting-household"); !strings.Contains(got, w.benefit) {
				t.Errorf("the household decided %q does not name the benefit %q", got, w.benefit)
			}
			rows := lettingReasons(t, p)
			found := false
			for _, r := range rows {
				if strings.Contains(r.Ref, "§ 59") && strings.Contains(r.Reason, w.reason) && r.Rule == w.rule {
					found = true
				}
				if r.Reason == "" || r.Ref == "" {
					t.Errorf("reason row %+v lacks a text or a legal reference", r)
				}
				if codeLike.MatchString(r.Rule) || codeLike.MatchString(r.Effect) {
					t.Errorf("reason row %+v shows the rule or the effect as a code", r)
				}
			}
			if !found {
				t.Errorf("no § 59 reason about citizenship under the rule %q among %+v", w.rule, rows)
			}
			if id := p.Text(t, "#letting-id"); !letting.ValidID(id) {
				t.Errorf("decision id %q", id)
			}
			// The form keeps what was entered, for a second try.
			var kept []string
			p.Eval(t, `["m1_citizenships", "date", "m1_benefit_type"].map(id => document.getElementById(id).value)`, &kept)
			if strings.Join(kept, " ") != "SY 15-07-2024 kontanthjaelp" {
				t.Errorf("the form kept %q", kept)
			}
			p.Axe(t, "municipality /tildeling with a decision "+lang)
			noSideways(t, p)
			p.Resize(t, 1024, browser.WindowHeight)
			noSideways(t, p)
			p.Resize(t, browser.WindowWidth, browser.WindowHeight)
			p.NoErrors(t)
			p.Screenshot(t, "tildeling-rejection-"+lang)
			p.Close()
		})
	}
}

// TestLettingBrowserHousingOrg: a housing organisation decides its
// department's lettings but cannot allocate (kommunal anvisning is the
// municipality's). The form does not offer it, says why, and a form that
// asks for it all the same is refused with the reason beside the channel,
// in the page's language. No accessibility violations before or after.
func TestLettingBrowserHousingOrg(t *testing.T) {
	f := testFixture(t)
	dep := testLettingDepartment(t, f)
	b := browser.New(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	browserSignIn(t, b, ts.URL, f.users["housing_org"])
	refusal := map[string]string{"da": "Kun kommunen kan anvise en bolig", "en": "Only the municipality can allocate a dwelling"}
	for _, lang := range []string{"da", "en"} {
		t.Run(lang, func(t *testing.T) {
			p := b.Open(t, ts.URL+"/tildeling?lang="+lang)
			p.Axe(t, "housing_org /tildeling "+lang)
			if n := p.Count(t, `#channel option[value="municipal_allocation"]`); n != 0 {
				t.Errorf("the housing organisation is offered municipal allocation")
			}
			if n := p.Count(t, `#channel option[value="waiting_list"]`); n != 1 {
				t.Errorf("the housing organisation is not offered the waiting list")
			}
			if hint := p.Text(t, "#channel-hint"); !strings.Contains(hint, "§ 59") {
				t.Errorf("the channel's hint %q does not say why municipal allocation is not offered", hint)
			}
			p.SetValue(t, "#department", dep.ID)
			p.SetValue(t, "#channel", string(letting.WaitingList))
			p.SetValue(t, "#date", "15-07-2024")
			p.SetValue(t, "#m0_age", "30")
			p.Submit(t, "#letting-form")
			p.WaitVisible(t, "#letting-result")
			if got := p.Text(t, "#letting-outcome"); got == "" {
				t.Errorf("no outcome")
			}
			p.Axe(t, "housing_org /tildeling with a decision "+lang)

			// Asked for all the same (a stale page, a crafted form): refused
			// beside the channel, the form kept.
			p.Eval(t, `(() => { const o = document.createElement("option"); o.value = "municipal_allocation"; o.text = "x";
				document.getElementById("channel").add(o); return true; })()`, nil)
			p.SetValue(t, "#channel", string(letting.MunicipalAllocation))
			p.IgnoreErrors("403")
			p.Submit(t, "#letting-form")
			p.WaitVisible(t, "#channel-error")
			if got := p.Text(t, "#channel-error"); !strings.Contains(got, refusal[lang]) {
				t.Errorf("the refusal beside the channel says %q, want %q", got, refusal[lang])
			}
			var state struct {
				Invalid, Described, Age string
				Result                  int
			}
			p.Eval(t, `({Invalid: document.getElementById("channel").getAttribute("aria-invalid"),
				Described: document.getElementById("channel").getAttribute("aria-describedby"),
				Age: document.getElementById("m0_age").value, Result: document.querySelectorAll("#letting-result").length})`, &state)
			if state.Invalid != "true" || !strings.Contains(state.Described, "channel-error") || state.Age != "30" || state.Result != 0 {
				t.Errorf("after the refusal: %+v; want the channel marked invalid and described by its error, the age kept, no decision", state)
			}
			p.Axe(t, "housing_org /tildeling refused "+lang)
			p.Close()
		})
	}
}

// TestLettingBrowserBadInput: a missing age and an impossible date are
// told beside their fields in the page's language, listed above the form
// with links to the fields, and the form keeps what was typed.
func TestLettingBrowserBadInput(t *testing.T) {
	f := testFixture(t)
	dep := limitedDepartment(t, f)
	b := browser.New(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	browserSignIn(t, b, ts.URL, f.users["municipality"])
	want := map[string]struct{ age, date, early string }{
		"da": {"Skriv personens alder i hele år.", "31-02-2024 er ikke en dato", "Datoen 2010-01-01 ligger uden for reglerne: den skal være fra 2018-12-01"},
		"en": {"Write the person's age in whole years.", "31-02-2024 is not a date", "The date 2010-01-01 is outside the rules: it must be from 2018-12-01"},
	}
	for _, lang := range []string{"da", "en"} {
		t.Run(lang, func(t *testing.T) {
			p := b.Open(t, ts.URL+"/tildeling?lang="+lang)
			p.SetValue(t, "#department", dep)
			p.SetValue(t, "#channel", string(letting.MunicipalAllocation))
			p.SetValue(t, "#date", "31-02-2024")
			p.SetValue(t, "#m0_age", "40")
			p.SetValue(t, "#m1_role", string(letting.RoleSpouse))
			p.SetValue(t, "#m1_citizenships", "SY")
			p.IgnoreErrors("400")
			p.Submit(t, "#letting-form")
			p.WaitVisible(t, "#letting-errors")
			if got := p.Text(t, "#m1_age-error"); got != "⚠ "+want[lang].age && got != want[lang].age {
				t.Errorf("beside the missing age: %q, want %q", got, want[lang].age)
			}
			if got := p.Text(t, "#date-error"); !strings.Contains(got, want[lang].date) {
				t.Errorf("beside the impossible date: %q, want %q", got, want[lang].date)
			}
			var state struct {
				AgeInvalid, AgeDescribed, Date, Citizenship, Role string
				Links                                             []string
				Result                                            int
			}
			p.Eval(t, `({AgeInvalid: document.getElementById("m1_age").getAttribute("aria-invalid"),
				AgeDescribed: document.getElementById("m1_age").getAttribute("aria-describedby"),
				Date: document.getElementById("date").value, Citizenship: document.getElementById("m1_citizenships").value,
				Role: document.getElementById("m1_role").value,
				Links: Array.from(document.querySelectorAll("#letting-errors a")).map(a => a.getAttribute("href")),
				Result: document.querySelectorAll("#letting-result").length})`, &state)
			if state.AgeInvalid != "true" || !strings.Contains(state.AgeDescribed, "m1_age-error") {
				t.Errorf("the missing age is not marked: aria-invalid %q, aria-describedby %q", state.AgeInvalid, state.AgeDescribed)
			}
			if state.Date != "31-02-2024" || state.Citizenship != "SY" || state.Role != string(letting.RoleSpouse) {
				t.Errorf("the form did not keep what was typed: %+v", state)
			}
			if strings.Join(state.Links, " ") != "#date #m1_age" || state.Result != 0 {
				t.Errorf("the summary links to %v (want #date #m1_age) and %d decisions are shown", state.Links, state.Result)
			}
			if f := p.Focused(t); f.ID != "letting-errors" {
				t.Errorf("after the refused form the focus is on %s, want the list of errors", f)
			}
			p.Axe(t, "municipality /tildeling with errors "+lang)
			if lang == "da" {
				p.Screenshot(t, "tildeling-errors-da")
			}

			// A date before the earliest letting rules is told beside it too.
			p.SetValue(t, "#date", "01-01-2010")
			p.SetValue(t, "#m1_age", "38")
			p.Submit(t, "#letting-form")
			p.WaitVisible(t, "#letting-errors")
			if got := p.Text(t, "#date-error"); !strings.Contains(got, want[lang].early) {
				t.Errorf("beside a date before the rules: %q, want %q", got, want[lang].early)
			}
			p.Close()
		})
	}
}

// TestLettingKeyboard walks a letting decision with the keyboard alone,
// from a fresh page: the first Tab reaches the skip link, Enter follows
// it, and Tab, typing, arrow keys in selects, Space and Enter fill in the
// form, add a household member and submit it; the decision then has the
// focus. Every control of the form is reached by Tab and shows that it
// has the focus.
func TestLettingKeyboard(t *testing.T) {
	f := testFixture(t)
	dep := limitedDepartment(t, f)
	b := browser.New(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	browserSignIn(t, b, ts.URL, f.users["municipality"])
	p := b.Open(t, ts.URL+"/tildeling?lang=da")

	p.Press(t, "Tab")
	if got := p.Focused(t); got.Tag != "a" || !strings.Contains(p.Text(t, "a.skip-link"), got.Label) || got.Label == "" {
		t.Fatalf("the first Tab reaches %s, want the skip link", got)
	}
	p.Press(t, "Enter")
	if got := p.Focused(t); got.ID != "main" {
		t.Fatalf("the skip link took the focus to %s, want main", got)
	}

	reached := map[string]bool{}
	var noRing []string
	// tab presses Tab until the element with the id has the focus.
	tab := func(id string) {
		t.Helper()
		for range 80 {
			p.Press(t, "Tab")
			got := p.Focused(t)
			reached[got.ID] = true
			if !got.Ring && !slices.Contains(noRing, got.String()) {
				noRing = append(noRing, got.String())
			}
			if got.ID == id {
				return
			}
		}
		t.Fatalf("80 Tabs did not reach #%s", id)
	}
	// choose picks an option of the focused select by arrow keys.
	choose := func(id, value string) {
		t.Helper()
		var at struct{ From, To int }
		p.Eval(t, fmt.Sprintf(`(() => { const s = document.getElementById(%q);
			return {From: s.selectedIndex, To: Array.from(s.options).findIndex(o => o.value === %q)}; })()`, id, value), &at)
		if at.To < 0 {
			t.Fatalf("#%s has no option %q", id, value)
		}
		for i := at.From; i < at.To; i++ {
			p.Press(t, "ArrowDown")
		}
		for i := at.From; i > at.To; i-- {
			p.Press(t, "ArrowUp")
		}
		var got string
		p.Eval(t, fmt.Sprintf(`document.getElementById(%q).value`, id), &got)
		if got != value {
			t.Fatalf("arrow keys left #%s at %q, want %q", id, got, value)
		}
	}
	tab("department")
	choose("department", dep)
	tab("channel")
	choose("channel", string(letting.MunicipalAllocation))
	tab("date")
	p.Type(t, "15-07-2024")
	tab("applicant_ref")
	p.Type(t, "tastatur")
	tab("m0_age")
	p.Type(t, "40")
	tab("m0_work")
	choose("m0_work", letting.Employed)
	tab("m0_student")
	p.Press(t, "Space", "Space") // on and off again
	tab("letting-add-member")
	p.Press(t, "Enter")
	if got := p.Focused(t); got.ID != "m1_role" {
		t.Fatalf("adding a member put the focus on %s, want the new member's role", got)
	}
	reached["m1_role"] = true
	choose("m1_role", string(letting.RoleSpouse))
	tab("m1_age")
	p.Type(t, "38")
	tab("m1_citizenships")
	p.Type(t, "SY")
	p.Press(t, "Shift+Tab")
	if got := p.Focused(t); got.ID != "m1_age" {
		t.Errorf("Shift+Tab from the citizenship reaches %s, want the age", got)
	}
	tab("letting-submit")

	var controls []string
	p.Eval(t, `Array.from(document.querySelectorAll("#letting-form input:not([type=hidden]), #letting-form select, #letting-form button"))
		.filter(el => el.getClientRects().length > 0).map(el => el.id)`, &controls)
	for _, id := range controls {
		if !reached[id] {
			t.Errorf("Tab never reached #%s", id)
		}
	}
	if len(noRing) > 0 {
		t.Errorf("these showed no focus: %v", noRing)
	}

	p.Press(t, "Enter")
	p.WaitVisible(t, "#letting-result")
	p.WaitUntil(t, `document.activeElement && document.activeElement.id === "letting-result"`)
	if got := p.Text(t, "#letting-outcome"); got != "kommunal anvisning ikke tilladt" {
		t.Errorf("outcome %q after the keyboard walk", got)
	}
	var kept string
	p.Eval(t, `document.getElementById("m1_citizenships").value + " " + document.getElementById("applicant_ref").value`, &kept)
	if kept != "SY tastatur" {
		t.Errorf("the form kept %q, want what was typed", kept)
	}
	p.NoErrors(t)
}
