package web

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/internal/apptest"
	"github.com/blandby/blandby/internal/htmltest"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
)

func init() {
	// The matrix posts the form signed in; the shared fixture's latest year
	// is published, and a post without the confirmation publishes nothing
	// (400) while showing that the guard let the user through.
	matrixRequests["POST "+publishPath] = func(t *testing.T, f *fixture, u testUser) int {
		if u.name == "" {
			code, _, _ := f.doAs(t, u, "POST", publishPath, nil)
			return code
		}
		b := newClient(f.srv)
		if code := b.login(t, u.name, u.password); code != http.StatusSeeOther {
			t.Fatalf("login as %s: %d", u.name, code)
		}
		_, page, _ := b.do("GET", "/", nil)
		code, _, _ := b.do("POST", publishPath, url.Values{"csrf": {csrf(t, page, "/logout")}, "year": {strconv.Itoa(lastYear)}, "computation": {"1"}})
		return code
	}
}

// nextYear is the list year the publishing fixture has computed and not
// published.
const nextYear = lastYear + 1

// publishFixture is a private copy of the demo database of the web
// fixture (its lists 2018–2022 published) with a computation of nextYear
// stored and not published, and a server and the test users on it.
// The computation classifies the 2022 indicators as those of 2023, with
// the indicators of an area on no list and of one on the udsat list
// swapped, so that an area enters the udsat list and one leaves it.
func publishFixture(t *testing.T) (*fixture, int64) {
	t.Helper()
	ctx := context.Background()
	st, cat := privateStore(t)
	cs, err := st.Computations(ctx, lastYear)
	if err != nil || len(cs) == 0 {
		t.Fatalf("the computations of %d: %v %v", lastYear, cs, err)
	}
	set, err := st.IndicatorSet(ctx, cs[len(cs)-1].IndicatorSetID)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := st.Publication(ctx, lastYear, 0)
	if err != nil {
		t.Fatal(err)
	}
	was := map[string]blandby.Category{}
	for _, e := range pub.Entries {
		was[e.AreaID] = e.Category
	}
	rows := slices.Clone(set.Rows)
	none := slices.IndexFunc(rows, func(r blandby.Indicators) bool { return was[r.Area.ID] == blandby.None })
	udsat := slices.IndexFunc(rows, func(r blandby.Indicators) bool { return was[r.Area.ID] == blandby.Udsat })
	if none < 0 || udsat < 0 {
		t.Fatalf("the fixture's %d list has no area on no list or none on the udsat list alone", lastYear)
	}
	a, b := rows[none], rows[udsat]
	rows[none], rows[udsat] = b, a
	rows[none].Area, rows[udsat].Area = a.Area, b.Area
	for i := range rows {
		rows[i].Year = nextYear
	}
	hist, err := st.History(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id := apptest.AddComputation(t, st, cat, nextYear, rows, hist)
	return mustFixtureOn(t, st, cat), id
}

// publishForm is the publish form's fields as the page gives them.
func publishForm(t *testing.T, page string) url.Values {
	t.Helper()
	form := htmltest.Between(t, page, `id="publish-form">`, "</form>")
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([a-z]+)" value="([^"]*)">`).FindAllStringSubmatch(form, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	return v
}

// TestPublishPageAccess: the ministry and administrators may open the
// publishing page; every other role is told in words why not (403), and
// nobody signed in is asked to sign in (401).
func TestPublishPageAccess(t *testing.T) {
	f := testFixture(t)
	for name := range testPrincipals {
		p, err := auth.ParsePrincipal(testPrincipals[name])
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range []blandby.Lang{blandby.Danish, blandby.English} {
			code, body, _ := f.doAs(t, f.users[name], "GET", publishPath+"?lang="+string(l), nil)
			page := string(body)
			if p.Role == auth.RoleAdmin || p.Role == auth.RoleMinistry {
				if code != http.StatusOK || !strings.Contains(page, html.EscapeString(msg.T(l, "web.publish.title"))) {
					t.Errorf("%s (%s): %d, want the publishing page", name, l, code)
				}
				continue
			}
			if code != http.StatusForbidden {
				t.Errorf("%s (%s): %d, want 403", name, l, code)
			}
			if words := html.EscapeString(msg.T(l, "web.publish.denied")); !strings.Contains(page, words) || strings.Contains(page, "may not") {
				t.Errorf("%s (%s): the refusal does not say why in words:\n%s", name, l, htmltest.Between(t, page, "<main", "</main>"))
			}
		}
	}
	if code, _, _ := f.doAs(t, testUser{}, "GET", publishPath, nil); code != http.StatusUnauthorized {
		t.Errorf("anonymous: %d, want 401", code)
	}
	// A municipality posting the form (signed in, with its CSRF token) is
	// refused, and nothing is published.
	b := f.signedIn(t, "municipality")
	_, page, _ := b.do("GET", "/", nil)
	code, _, _ := b.do("POST", publishPath, url.Values{"csrf": {csrf(t, page, "/logout")}, "year": {strconv.Itoa(lastYear)}, "computation": {"1"}, "confirm": {"yes"}})
	if code != http.StatusForbidden {
		t.Errorf("a municipality posting the form: %d, want 403", code)
	}
}

// TestPublishPreview: the page shows the computation of the year not yet
// published, its counts, and the areas entering and leaving each list as
// the stored computation and the stored list of the year before say.
func TestPublishPreview(t *testing.T) {
	f, id := publishFixture(t)
	ctx := context.Background()
	c, err := f.st.Computation(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	prev, err := f.st.Publication(ctx, lastYear, 0)
	if err != nil {
		t.Fatal(err)
	}
	areas, err := f.st.Areas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, a := range areas {
		names[a.ID] = a.Name
	}
	was := map[string]blandby.Category{}
	for _, e := range prev.Entries {
		was[e.AreaID] = e.Category
	}
	now := map[string]blandby.Category{}
	for _, r := range c.Results {
		now[r.AreaID] = r.Category
	}
	code, body, _ := f.doAs(t, f.users["ministry"], "GET", publishPath, nil)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d", publishPath, code)
	}
	page := string(body)
	if !strings.Contains(page, msg.T(blandby.Danish, "web.publish.computation_no", id)) || !strings.Contains(page, `id="publish-ok"`) {
		t.Errorf("the page does not show computation %d of %d as publishable", id, nextYear)
	}
	rs, err := f.cat.ForListYear(nextYear)
	if err != nil {
		t.Fatal(err)
	}
	counts := htmltest.Between(t, page, `id="publish-counts"`, "</table>")
	udsatMoves := 0
	for _, li := range rs.Lists {
		l := li.Category
		var entering, leaving []string
		n, m := 0, 0
		for id, cat := range now {
			if cat.On(l) {
				n++
				if !was[id].On(l) {
					entering = append(entering, id)
				}
			}
		}
		for id, cat := range was {
			if cat.On(l) {
				m++
				if !now[id].On(l) {
					leaving = append(leaving, id)
				}
			}
		}
		if l == blandby.Udsat {
			udsatMoves = len(entering) + len(leaving)
		}
		row := htmltest.Between(t, counts, fmt.Sprintf(`<tr class="c-%s">`, l), "</tr>")
		cells := regexp.MustCompile(`<td class="num">([^<]*)</td>`).FindAllStringSubmatch(row, -1)
		want := []string{strconv.Itoa(n), strconv.Itoa(m), strconv.Itoa(len(entering)), strconv.Itoa(len(leaving))}
		var got []string
		for _, c := range cells {
			got = append(got, strings.ReplaceAll(c[1], ".", ""))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: counts, was, entering, leaving %v, want %v", l, got, want)
		}
		section := htmltest.Between(t, page, fmt.Sprintf(`id="changes-%s"`, l), "</section>")
		for _, what := range []struct {
			class string
			ids   []string
		}{{"entering", entering}, {"leaving", leaving}} {
			items := ""
			if len(what.ids) > 0 {
				items = htmltest.Between(t, section, fmt.Sprintf(`<ul class="%s">`, what.class), "</ul>")
			}
			if got := strings.Count(items, "<li>"); got != len(what.ids) {
				t.Errorf("%s %s: %d areas listed, want %d", l, what.class, got, len(what.ids))
			}
			for _, id := range what.ids {
				if !strings.Contains(items, fmt.Sprintf(`<a href="/omraader/%s">%s</a>`, id, html.EscapeString(names[id]))) {
					t.Errorf("%s %s: %s (%s) is not listed", l, what.class, names[id], id)
				}
			}
		}
	}
	if udsatMoves < 2 {
		t.Errorf("%d areas enter or leave the udsat list; the fixture swapped two", udsatMoves)
	}
}

// TestPublishThroughWeb: the ministry publishes the year's computation
// through the form (confirmation required), is sent to a page saying what
// was published, and the list is then served; the act is audited as done
// through the web. Publishing the year again is refused in words.
func TestPublishThroughWeb(t *testing.T) {
	f, id := publishFixture(t)
	ctx := context.Background()
	b := f.signedIn(t, "ministry")
	code, page, _ := b.do("GET", publishPath, nil)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d", publishPath, code)
	}
	form := publishForm(t, page)
	if form.Get("year") != strconv.Itoa(nextYear) || form.Get("computation") != strconv.FormatInt(id, 10) {
		t.Fatalf("the form publishes %v, want computation %d of %d", form, id, nextYear)
	}
	// Without the confirmation nothing is published; the error is beside
	// the box.
	code, page, _ = b.do("POST", publishPath, form)
	if code != http.StatusBadRequest || !strings.Contains(page, `aria-invalid="true" aria-describedby="publish-confirm-error"`) ||
		!strings.Contains(page, msg.T(blandby.Danish, "web.publish.confirm_missing")) {
		t.Errorf("without the confirmation: %d", code)
	}
	if _, err := f.st.Publication(ctx, nextYear, 0); blandby.CodeOf(err) != blandby.CodeNotFound {
		t.Fatalf("published without the confirmation: %v", err)
	}
	form.Set("confirm", "yes")
	code, _, h := b.do("POST", publishPath, form)
	if code != http.StatusSeeOther || h.Get("Location") != fmt.Sprintf("%s?offentliggjort=1&year=%d", publishPath, nextYear) {
		t.Fatalf("publishing: %d to %q", code, h.Get("Location"))
	}
	pub, err := f.st.Publication(ctx, nextYear, 0)
	if err != nil || pub.ComputationID != id || pub.PublishedBy != "ministry" {
		t.Fatalf("the publication %+v: %v", pub, err)
	}
	code, page, _ = b.do("GET", h.Get("Location"), nil)
	done := htmltest.Between(t, page, `id="publish-done"`, "</p>")
	if code != http.StatusOK || !strings.Contains(done, fmt.Sprintf("Listerne for %d er offentliggjort (revision 1): ", nextYear)) ||
		!strings.Contains(done, fmt.Sprintf(`<a href="/lister/%d">`, nextYear)) {
		t.Errorf("after publishing: %d %s", code, done)
	}
	if code, _, _ := b.do("GET", fmt.Sprintf("/lister/%d", nextYear), nil); code != http.StatusOK {
		t.Errorf("the list of %d: %d", nextYear, code)
	}
	log, err := f.st.AuditLog(ctx, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(log, func(e store.AuditEntry) bool {
		return e.Action == string(auth.ActionPublish) && e.Outcome == store.AuditOK && e.Actor == "ministry"
	})
	if i < 0 || log[i].Object != fmt.Sprintf("list of %d revision 1", nextYear) || log[i].Detail != "web" {
		t.Errorf("no audit entry of the publication through the web")
	}
	// Again: refused, in words, and nothing more is published.
	code, page, _ = b.do("POST", publishPath, form)
	if code != http.StatusConflict || !strings.Contains(page, msg.T(blandby.Danish, "web.publish.refusal.already", nextYear)) {
		t.Errorf("publishing %d again: %d", nextYear, code)
	}
	if pubs, _ := f.st.Publications(ctx); slices.ContainsFunc(pubs, func(p store.Publication) bool { return p.Year == nextYear && p.Revision > 1 }) {
		t.Error("publishing again made a revision")
	}
}

// TestPublishRefusesStale: the web refuses a stale computation as the
// command line does (cmd/blandby, demo): app.Publish's StaleError, shown
// before publishing with the differing lists, and the publication
// refused; the fresh one is published.
func TestPublishRefusesStale(t *testing.T) {
	fx := apptest.NewStale(t)
	f := mustFixtureOn(t, fx.Store, fx.Catalog)
	ctx := context.Background()
	b := f.signedIn(t, "ministry")
	// The preview of the year shows the latest computation, the stale one,
	// refused with the difference, and offers no form.
	code, page, _ := b.do("GET", fmt.Sprintf("%s?year=%d", publishPath, apptest.StaleYear), nil)
	if code != http.StatusOK || strings.Contains(page, `id="publish-form"`) {
		t.Fatalf("the preview of a stale computation: %d, or it offers the form", code)
	}
	stale := htmltest.Between(t, page, `id="publish-stale"`, "</table>")
	if !strings.Contains(stale, "<tr><td>2019</td><td>B (b)</td><td>ghettoområde (i dag: parallelsamfund)</td><td>udsat boligområde</td></tr>") {
		t.Errorf("the stale table does not show area b of 2019:\n%s", stale)
	}
	// Posting it anyway: refused as app.Publish refuses it, in words.
	_, home, _ := b.do("GET", "/", nil)
	form := url.Values{"csrf": {csrf(t, home, "/logout")}, "year": {strconv.Itoa(apptest.StaleYear)},
		"computation": {strconv.FormatInt(fx.Stale, 10)}, "confirm": {"yes"}}
	code, page, _ = b.do("POST", publishPath+"?lang=en", form)
	want := msg.T(blandby.English, "web.publish.refusal.stale", fx.Stale, "1 difference", apptest.StaleYear)
	if n := strings.Count(html.UnescapeString(page), want); code != http.StatusConflict || n != 1 {
		t.Errorf("posting the stale computation: %d with %q said %d times, want 409 and once", code, want, n)
	}
	if _, err := fx.Store.Publication(ctx, apptest.StaleYear, 0); blandby.CodeOf(err) != blandby.CodeNotFound {
		t.Fatalf("the stale computation was published: %v", err)
	}
	// The audit trail holds the refusal as app.Publish gives it to the
	// command line.
	_, err := app.Publish(ctx, fx.Store, fx.Catalog, app.Actor{Principal: auth.Principal{Role: auth.RoleMinistry, Name: "cli"}, Via: "command line"},
		app.PublishRequest{Year: apptest.StaleYear, ComputationID: fx.Stale})
	var serr *app.StaleError
	if !errors.As(err, &serr) {
		t.Fatalf("app.Publish of the stale computation: %v", err)
	}
	log, err := fx.Store.AuditLog(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(log, func(e store.AuditEntry) bool {
		return e.Actor == "ministry" && e.Outcome == store.AuditFailed && e.Detail == "web: "+serr.Error()
	}) {
		t.Errorf("the audit trail has no refusal through the web with %q", serr)
	}
	// The fresh computation is published.
	form.Set("computation", strconv.FormatInt(fx.Fresh, 10))
	if code, _, _ := b.do("POST", publishPath, form); code != http.StatusSeeOther {
		t.Errorf("publishing the fresh computation: %d", code)
	}
}
