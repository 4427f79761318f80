package web

import (
	"net/http/httptest"
	"testing"

	"github.com/blandby/blandby/internal/browser"
)

// TestPlanBrowser signs in as the demo municipality, opens a plan page in
// both languages (chart drawn, no console errors) and saves a new version
// through the form. Screenshots go to test-artifacts/screenshots.
func TestPlanBrowser(t *testing.T) {
	f := testFixture(t)
	own, _ := planAreas(t, f)
	b := browser.Shared(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	u := f.users["municipality"]
	p := b.Open(t, ts.URL+"/login")
	p.SetValue(t, "#login-name", u.name)
	p.SetValue(t, "#login-password", u.password)
	p.Submit(t, "form.login")
	p.Close()
	for _, lang := range []string{"da", "en"} {
		p = b.Open(t, ts.URL+"/planer?lang="+lang)
		if n := p.Count(t, "#plans tbody tr"); n == 0 {
			t.Errorf("%s: the plans page lists no plan", lang)
		}
		p.Screenshot(t, "plans-"+lang)
		p.Close()
		p = b.Open(t, ts.URL+"/planer/"+own.ID+"?lang="+lang)
		p.WaitUntil(t, `Chart.getChart(document.querySelector("canvas[data-chart=chart-plan]")) !== undefined`)
		if n := p.Count(t, "#projection tbody tr"); n < 2 {
			t.Errorf("%s: %d projection rows", lang, n)
		}
		p.NoErrors(t)
		p.Screenshot(t, "plan-"+lang)
		if lang == "da" {
			p.Close()
		}
	}
	p.SetValue(t, "#plan-form select[name=action_kind]", "build_private")
	p.SetValue(t, "#plan-form input[name=action_year]", "2029")
	p.SetValue(t, "#plan-form input[name=action_dwellings]", "10")
	p.Submit(t, "#plan-form")
	if n := p.Count(t, "#plan-versions li"); n < 2 {
		t.Errorf("after saving: %d versions listed", n)
	}
	p.NoErrors(t)
	p.Close()
}
