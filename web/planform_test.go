package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/plan"
	"github.com/blandby/blandby/store"
)

var (
	formTag    = regexp.MustCompile(`(?s)<(input|textarea)\b([^>]*)>()|<(select)\b([^>]*)>(.*?)</select>`)
	formAttr   = regexp.MustCompile(`([\w-]+)(?:="([^"]*)")?`)
	formOption = regexp.MustCompile(`<option value="([^"]*)"( selected)?>`)
)

// planFormValues reads the plan form of a page as a browser would submit
// it untouched: every input's value, each select's selected option (or
// its first), and the ticked checkboxes.
func planFormValues(t *testing.T, page string) url.Values {
	t.Helper()
	_, rest, ok := strings.Cut(page, `id="plan-form"`)
	if !ok {
		t.Fatal("the page has no plan form")
	}
	body, _, _ := strings.Cut(rest, "</form>")
	v := url.Values{}
	for _, m := range formTag.FindAllStringSubmatch(body, -1) {
		if m[4] != "" {
			m = []string{m[0], m[4], m[5], m[6]}
		}
		attrs := map[string]string{}
		for _, a := range formAttr.FindAllStringSubmatch(m[2], -1) {
			attrs[a[1]] = html.UnescapeString(a[2])
			if a[2] == "" && !strings.Contains(a[0], "=") {
				attrs[a[1]] = "\x00" // a bare attribute, such as checked
			}
		}
		name := attrs["name"]
		if name == "" {
			continue
		}
		switch {
		case m[1] == "select":
			opts := formOption.FindAllStringSubmatch(m[3], -1)
			if len(opts) == 0 {
				t.Fatalf("select %s has no options", name)
			}
			val := opts[0][1]
			for _, o := range opts {
				if o[2] != "" {
					val = o[1]
				}
			}
			v.Add(name, html.UnescapeString(val))
		case attrs["type"] == "checkbox":
			if _, checked := attrs["checked"]; checked {
				v.Add(name, "on")
			}
		default:
			v.Add(name, attrs["value"])
		}
	}
	return v
}

// planMessage is the error summary of a plan page ("" when none).
func planMessage(page string) string {
	return regexp.MustCompile(`(?s)id="plan-message".*?</div>`).FindString(page)
}

// planWithActions saves a new version of the area's plan, through the API
// as its municipality, with three known actions, and returns it.
func planWithActions(t *testing.T, f *fixture, areaID string) store.PlanVersion {
	t.Helper()
	ctx := context.Background()
	v, err := f.st.PlanVersion(ctx, areaID, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := v.Plan
	y := p.BaseYear
	hh := int64(4)
	p.Actions = []plan.Action{
		{Year: y, Kind: plan.Sell, Dwellings: 5, To: plan.OwnerOccupied, Note: "salg"},
		{Year: y, Kind: plan.Demolish, Dwellings: 10, Households: &hh},
		{Year: y, Kind: plan.Renovate, TemporaryMonths: 6, Households: &hh},
	}
	body, _ := json.Marshal(p)
	if code, out := f.putPlan(t, f.users["municipality"], areaID, fmt.Sprintf("?prev=%d", v.Version), body); code != http.StatusCreated {
		t.Fatalf("saving a plan with actions: %d %s", code, out)
	}
	v, err = f.st.PlanVersion(ctx, areaID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// planSignIn signs a client in as u and returns the area's plan page.
func planSignIn(t *testing.T, f *fixture, u testUser, areaID string) (*client, string) {
	t.Helper()
	b := newClient(f.srv)
	if code := b.login(t, u.name, u.password); code != http.StatusSeeOther {
		t.Fatalf("login as %s: %d", u.name, code)
	}
	code, page, _ := b.do("GET", "/planer/"+areaID, nil)
	if code != http.StatusOK {
		t.Fatalf("plan page: %d", code)
	}
	return b, page
}

// planSaves counts the audit trail's entries of saves of the area's plan.
func planSaves(t *testing.T, f *fixture, areaID string) int {
	t.Helper()
	log, err := f.st.AuditLog(context.Background(), 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range log {
		if e.Action == string(auth.ActionPlan) && e.Object == "plan "+areaID && e.Outcome == store.AuditOK {
			n++
		}
	}
	return n
}

// TestPlanFormSeveralActions: one save of the plan form changes one
// action, removes another and adds two, as one new version with one audit
// entry; the page it leads to says the version is saved.
func TestPlanFormSeveralActions(t *testing.T) {
	f := testFixture(t)
	own, _ := planAreas(t, f)
	ctx := context.Background()
	before := planWithActions(t, f, own.ID)
	b, page := planSignIn(t, f, f.users["municipality"], own.ID)
	saves := planSaves(t, f, own.ID)
	form := planFormValues(t, page)
	old := len(before.Plan.Actions)
	if got := form.Get("rows"); got != fmt.Sprint(old+planNewRows) {
		t.Fatalf("the form has %s action rows, want the %d actions and %d blank rows", got, old, planNewRows)
	}
	// Change the first action's note, remove the second, add two.
	form.Set("actions[0].note", "ændret i formularen")
	form.Set("actions[1].remove", "on")
	add := func(row int, kind, year, n string) {
		form.Set(fmt.Sprintf("actions[%d].kind", row), kind)
		form.Set(fmt.Sprintf("actions[%d].year", row), year)
		form.Set(fmt.Sprintf("actions[%d].dwellings", row), n)
	}
	y := before.Plan.BaseYear
	add(old, "build_private", fmt.Sprint(y), "40")
	add(old+1, "relabel_elderly", fmt.Sprint(y), "12")
	code, _, h := b.do("POST", "/planer/"+own.ID, form)
	if code != http.StatusSeeOther {
		t.Fatalf("save: %d", code)
	}
	after, err := f.st.PlanVersion(ctx, own.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != before.Version+1 {
		t.Fatalf("after one save: version %d, was %d", after.Version, before.Version)
	}
	want := append([]plan.Action{before.Plan.Actions[0]}, before.Plan.Actions[2:]...)
	want[0].Note = "ændret i formularen"
	want = append(want, plan.Action{Year: y, Kind: plan.BuildPrivate, Dwellings: 40}, plan.Action{Year: y, Kind: plan.RelabelElderly, Dwellings: 12})
	got, _ := json.Marshal(after.Plan.Actions)
	if w, _ := json.Marshal(want); string(got) != string(w) {
		t.Errorf("actions after the save:\n got %s\nwant %s", got, w)
	}
	if n := planSaves(t, f, own.ID) - saves; n != 1 {
		t.Errorf("one save made %d audit entries", n)
	}
	// Post/redirect/get: the page says it is saved.
	loc := h.Get("Location")
	if !strings.Contains(loc, fmt.Sprintf("gemt=%d", after.Version)) {
		t.Fatalf("redirect to %q", loc)
	}
	loc, _, _ = strings.Cut(loc, "#") // a browser keeps the fragment to itself
	_, page, _ = b.do("GET", loc, nil)
	if !strings.Contains(page, `id="plan-saved"`) || !strings.Contains(page, fmt.Sprintf("Gemt. Version %d er nu den gældende plan.", after.Version)) {
		t.Error("the page after the save does not say it is saved")
	}
	// The removed action is gone from the page's form, the new ones are there.
	form = planFormValues(t, page)
	if got := form.Get("rows"); got != fmt.Sprint(len(want)+planNewRows) {
		t.Errorf("after the save the form has %s rows, want %d", got, len(want)+planNewRows)
	}
	if form.Get(fmt.Sprintf("actions[%d].kind", len(want)-1)) != "relabel_elderly" {
		t.Errorf("the last action row is %q", form.Get(fmt.Sprintf("actions[%d].kind", len(want)-1)))
	}
}

// TestPlanFormAllOrNothing: a save with one bad row saves nothing, not even
// the good changes; the page shows the error beside the bad row's field in
// its language and keeps everything typed.
func TestPlanFormAllOrNothing(t *testing.T) {
	f := testFixture(t)
	own, _ := planAreas(t, f)
	ctx := context.Background()
	before := planWithActions(t, f, own.ID)
	old := len(before.Plan.Actions)
	y := fmt.Sprint(before.Plan.BaseYear)
	for _, tc := range []struct {
		name, lang, dwellings, want string
	}{
		// Not a number: the form's own check.
		{"not a number", "da", "mange", "Skriv et helt tal med cifre, fx 120."},
		// More public family dwellings than the area has: the plan rules'.
		{"more than there are", "da", "99999", "men området har da kun"},
		{"more than there are", "en", "99999", "but the area then has only"},
	} {
		t.Run(tc.name+" "+tc.lang, func(t *testing.T) {
			b, page := planSignIn(t, f, f.users["municipality"], own.ID)
			saves := planSaves(t, f, own.ID)
			form := planFormValues(t, page)
			form.Set("actions[0].note", "en god ændring")
			form.Set(fmt.Sprintf("actions[%d].kind", old), "build_private")
			form.Set(fmt.Sprintf("actions[%d].year", old), y)
			form.Set(fmt.Sprintf("actions[%d].dwellings", old), "40")
			bad := old + 1
			form.Set(fmt.Sprintf("actions[%d].kind", bad), "sell")
			form.Set(fmt.Sprintf("actions[%d].year", bad), y)
			form.Set(fmt.Sprintf("actions[%d].dwellings", bad), tc.dwellings)
			code, page, _ := b.do("POST", "/planer/"+own.ID+"?lang="+tc.lang, form)
			if code != http.StatusBadRequest {
				t.Fatalf("a bad row: %d, want 400", code)
			}
			after, err := f.st.PlanVersion(ctx, own.ID, 0)
			if err != nil || after.Version != before.Version {
				t.Fatalf("a save with a bad row made version %d (was %d)", after.Version, before.Version)
			}
			if n := planSaves(t, f, own.ID) - saves; n != 0 {
				t.Errorf("a refused save made %d audit entries of saves", n)
			}
			id := fmt.Sprintf("pf-actions-%d-dwellings", bad)
			field := regexp.MustCompile(`<input id="` + id + `"[^>]*>`).FindString(page)
			if !strings.Contains(field, `aria-invalid="true"`) || !strings.Contains(field, `aria-describedby="`+id+`-error"`) || !strings.Contains(field, `value="`+tc.dwellings+`"`) {
				t.Errorf("the bad field is %s", field)
			}
			errText := regexp.MustCompile(`<span class="field-error" id="` + id + `-error">([^<]*)</span>`).FindStringSubmatch(page)
			if errText == nil || !strings.Contains(html.UnescapeString(errText[1]), tc.want) {
				t.Errorf("the error beside the field is %q, want one saying %q", errText, tc.want)
			}
			kept := planFormValues(t, page)
			for name, want := range map[string]string{
				"actions[0].note": "en god ændring", fmt.Sprintf("actions[%d].kind", old): "build_private",
				fmt.Sprintf("actions[%d].dwellings", old): "40", fmt.Sprintf("actions[%d].kind", bad): "sell",
			} {
				if got := kept.Get(name); got != want {
					t.Errorf("%s is %q after the refused save, typed %q", name, got, want)
				}
			}
			if !strings.Contains(page, `href="#`+id+`"`) {
				t.Error("the summary above the form does not link to the bad field")
			}
		})
	}
}

// TestPlansWithoutPlan: the plans page lists the areas bound to have a
// development plan (omdannelse) that have none, each with a way to start
// one, to those who may plan them: a municipality its own areas only; the
// ministry, which reads plans but does not write them, gets no such list.
func TestPlansWithoutPlan(t *testing.T) {
	f := testFixture(t)
	ctx := context.Background()
	now := time.Now().UTC()
	rules, err := planRules(now)
	if err != nil {
		t.Fatal(err)
	}
	h, err := f.st.History(ctx)
	if err != nil {
		t.Fatal(err)
	}
	areas, err := f.st.Areas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The areas bound to have a plan that have none, by municipality.
	planless := map[string][]store.Area{}
	for _, a := range areas {
		if _, err := f.st.PlanVersion(ctx, a.ID, 0); err == nil {
			continue
		}
		hist, err := plan.HistoryOf(h, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rules.Obligations(hist, false, now).Active {
			planless[fmt.Sprint(a.MunicipalityCode)] = append(planless[fmt.Sprint(a.MunicipalityCode)], a)
		}
	}
	// Municipality 183 has one; the demo municipality's areas have not
	// been omdannelse areas.
	own := planless["183"]
	if len(own) == 0 || len(planless[fmt.Sprint(demo.DemoMunicipality)]) != 0 {
		t.Fatalf("the fixture has changed: areas bound to have a plan without one: %v", planless)
	}
	u183, err := addUser(ctx, f.st, "municipality-183", "municipality:183")
	if err != nil {
		t.Fatal(err)
	}
	listed := func(u testUser) []string {
		b := newClient(f.srv)
		if code := b.login(t, u.name, u.password); code != http.StatusSeeOther {
			t.Fatalf("login as %s: %d", u.name, code)
		}
		code, page, _ := b.do("GET", "/planer", nil)
		if code != http.StatusOK {
			t.Fatalf("/planer as %s: %d", u.name, code)
		}
		_, section, ok := strings.Cut(page, `id="planless-areas"`)
		if !ok {
			return nil
		}
		section, _, _ = strings.Cut(section, "</table>")
		var ids []string
		for _, m := range regexp.MustCompile(`<a class="button" href="/planer/([^"#]+)#edit">Start en udviklingsplan`).FindAllStringSubmatch(section, -1) {
			ids = append(ids, m[1])
		}
		return ids
	}
	got := listed(u183)
	if len(got) != len(own) {
		t.Errorf("municipality 183: %d areas without a plan listed, the store has %d: %v", len(got), len(own), got)
	}
	for _, a := range own {
		if !slices.Contains(got, a.ID) {
			t.Errorf("municipality 183: %s (%s) is not listed", a.ID, a.Name)
		}
	}
	for _, u := range []testUser{f.users["municipality"], f.users["municipality-other"], f.users["ministry"]} {
		if ids := listed(u); len(ids) != 0 {
			t.Errorf("%s is offered to start the plans of %v, none of them its own to plan", u.name, ids)
		}
	}
	// Starting one: the page of the area offers the form for version 1.
	b, page := planSignIn(t, f, u183, own[0].ID)
	form := planFormValues(t, page)
	if form.Get("prev") != "0" || !strings.Contains(page, `id="no-plan"`) {
		t.Fatalf("the page of %s does not offer a first version (prev %q)", own[0].ID, form.Get("prev"))
	}
	form.Set(fmt.Sprintf("actions[%d].kind", 0), "sell")
	form.Set(fmt.Sprintf("actions[%d].year", 0), fmt.Sprint(now.Year()))
	form.Set(fmt.Sprintf("actions[%d].dwellings", 0), "1")
	if code, out, _ := b.do("POST", "/planer/"+own[0].ID, form); code != http.StatusSeeOther {
		t.Fatalf("saving the first version: %d %s", code, planMessage(out))
	}
	if v, err := f.st.PlanVersion(ctx, own[0].ID, 0); err != nil || v.Version != 1 {
		t.Errorf("after the first save: %+v %v", v.Version, err)
	}
	if slices.Contains(listed(u183), own[0].ID) {
		t.Errorf("%s is still listed without a plan after its first version", own[0].ID)
	}
}

// TestPlansStatusInWords: on the plans page a plan on track is marked as
// on track (green, not the red of a problem) and one behind as behind, each
// in words as well as colour; the gap has its unit.
func TestPlansStatusInWords(t *testing.T) {
	f := testFixture(t)
	u := f.users["ministry"]
	_, body, _ := f.doAs(t, u, "GET", "/api/v1/plans", nil)
	var out struct {
		Plans []planSummaryJSON `json:"plans"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatal(err)
	}
	b := newClient(f.srv)
	if code := b.login(t, u.name, u.password); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	_, page, _ := b.do("GET", "/planer", nil)
	rows := regexp.MustCompile(`(?s)<tr class="([^"]*)"><t[hd][^>]*><a href="/planer/([^"]+)">.*?</tr>`).FindAllStringSubmatch(page, -1)
	seen := map[bool]bool{}
	for _, p := range out.Plans {
		if p.Status == nil {
			continue
		}
		var row []string
		for _, r := range rows {
			if r[2] == p.Area.ID {
				row = r
			}
		}
		if row == nil {
			t.Errorf("%s: no row on the page", p.Area.ID)
			continue
		}
		seen[p.Status.OnTrack] = true
		class, words := "behind", "Bagud: når ikke målet"
		if p.Status.OnTrack {
			class, words = "on-track", "På sporet: når målet"
		}
		if row[1] != class || !strings.Contains(row[0], `<span class="status">`+words+`</span>`) {
			t.Errorf("%s (on track %v): row class %q, want %q and the words %q", p.Area.ID, p.Status.OnTrack, row[1], class, words)
		}
		if !p.Status.OnTrack && !strings.Contains(row[0], " almene familieboliger</td>") && !strings.Contains(row[0], " almen familiebolig</td>") {
			t.Errorf("%s: the gap has no unit: %s", p.Area.ID, row[0])
		}
	}
	if !seen[true] || !seen[false] {
		t.Errorf("the demo plans should include one on track and one behind: %v", seen)
	}
}

// TestPlanFormConflict: a form opened before someone else saved does not
// save over their version; the page says so and keeps what was typed.
func TestPlanFormConflict(t *testing.T) {
	f := testFixture(t)
	own, _ := planAreas(t, f)
	before := planWithActions(t, f, own.ID)
	b, page := planSignIn(t, f, f.users["municipality"], own.ID)
	form := planFormValues(t, page)
	// Someone else saves meanwhile.
	other, otherPage := planSignIn(t, f, f.users["housing_org"], own.ID)
	if code, _, _ := other.do("POST", "/planer/"+own.ID, planFormValues(t, otherPage)); code != http.StatusSeeOther {
		t.Fatalf("the other save: %d", code)
	}
	form.Set("actions[0].note", "min ændring")
	code, page, _ := b.do("POST", "/planer/"+own.ID, form)
	if code != http.StatusConflict || !strings.Contains(page, "En anden har gemt en nyere version") {
		t.Errorf("a save over a newer version: %d %s", code, planMessage(page))
	}
	if got := planFormValues(t, page).Get("actions[0].note"); got != "min ændring" {
		t.Errorf("the note typed is %q after the refused save", got)
	}
	if v, _ := f.st.PlanVersion(context.Background(), own.ID, 0); v.Version != before.Version+1 || v.Author != "housing_org" {
		t.Errorf("latest version %d by %s", v.Version, v.Author)
	}
}
