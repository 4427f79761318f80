package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/plan"
	"github.com/blandby/blandby/store"
)

// maxPlanBody bounds a plan upload (JSON or form).
const maxPlanBody = 512 << 10

func init() {
	pageNames = append(pageNames, "plans", "plan")
	funcs["planPct"] = func(l blandby.Lang, r blandby.Ratio) string { return plan.Percent(r, l) }
	funcs["planBool"] = func(b *bool) bool { return b != nil && *b }
	funcs["kindLabel"] = func(l blandby.Lang, k plan.Kind) string { return k.Label(l) }
	funcs["outcome"] = func(l blandby.Lang, o plan.Outcome) string {
		t := map[plan.Outcome]blandby.Text{plan.Met: msg.Text("common.met"), plan.NotMet: msg.Text("common.not_met"), plan.Unknown: msg.Text("common.unknown")}[o]
		return t.In(l)
	}
	funcs["planQuantity"] = planQuantity
	funcs["planFamily"] = func(l blandby.Lang, n int64) string {
		return msg.N(l, "web.plan.n_public_family", int(n), explain.Int(n, l))
	}
	funcs["planHouseholds"] = func(l blandby.Lang, n int64) string {
		return msg.N(l, "web.plan.n_households", int(n), explain.Int(n, l))
	}
	funcs["planMonths"] = func(l blandby.Lang, n int64) string {
		return msg.N(l, "web.plan.n_months", int(n), explain.Int(n, l))
	}
	funcs["planTenure"] = func(l blandby.Lang, t plan.Tenure) string {
		switch t {
		case plan.OwnerOccupied:
			return msg.T(l, "web.plan.tenure_owner_occupied")
		case plan.PrivateRental:
			return msg.T(l, "web.plan.tenure_private_rental")
		case plan.Cooperative:
			return msg.T(l, "web.plan.tenure_cooperative")
		}
		return string(t)
	}
	funcs["planRowNumber"] = func(i int) int { return i + 1 }
	funcs["planOldRows"] = func(rows []planFormRow) int {
		n := 0
		for _, r := range rows {
			if !r.New {
				n++
			}
		}
		return n
	}
}

// planQuantity is an action's quantity with its unit: m² of business floor
// space, or dwellings ("1 bolig", "2 boliger").
func planQuantity(l blandby.Lang, k plan.Kind, n int64) string {
	switch {
	case n == 0 && k == plan.Renovate:
		return "–" // a renovation need not name its dwellings
	case k == plan.BuildBusiness:
		return explain.Int(n, l) + " m²"
	}
	return msg.N(l, "web.plan.n_dwellings", int(n), explain.Int(n, l))
}

// planAPIRoutes are the API routes of the plan feature.
func (s *Server) planAPIRoutes() []route {
	return []route{
		{"GET /plans", auth.ActionReadPlan, s.apiPlans},
		{"GET /plans/{id}", auth.ActionReadPlan, s.apiPlan},
		{"GET /plans/{id}/versions", auth.ActionReadPlan, s.apiPlanVersions},
		{"PUT /plans/{id}", auth.ActionPlan, s.apiPutPlan},
	}
}

// planPageRoutes are the UI routes of the plan feature.
func (s *Server) planPageRoutes() []route {
	return []route{
		{"GET /planer", auth.ActionReadPlan, s.plansPage},
		{"GET /planer/{id}", auth.ActionReadPlan, s.planPage},
		{"POST /planer/{id}", auth.ActionPlan, s.planPost},
	}
}

// planScope is who an area's plan belongs to: its municipality, and the
// housing organisations owning a department in it.
type planScope struct {
	area store.Area
	orgs []string
}

// resourceFor returns the resource the principal acts on (app.PlanResource).
func (sc planScope) resourceFor(p auth.Principal) auth.Resource {
	return app.PlanResource(p, sc.area.MunicipalityCode, sc.orgs)
}

// allows reports whether p may do a on the area's plan.
func (sc planScope) allows(p auth.Principal, a auth.Action) bool {
	return auth.Allowed(p, a, sc.resourceFor(p))
}

// planScopes looks up the scope of every area (one query each for areas
// and departments).
func (s *Server) planScopes(ctx context.Context) (map[string]planScope, error) {
	areas, err := s.st.Areas(ctx)
	if err != nil {
		return nil, err
	}
	deps, err := s.st.Departments(ctx, "")
	if err != nil {
		return nil, err
	}
	out := make(map[string]planScope, len(areas))
	for _, a := range areas {
		out[a.ID] = planScope{area: a}
	}
	for _, d := range deps {
		sc := out[d.AreaID]
		if !slices.Contains(sc.orgs, d.HousingOrg) {
			sc.orgs = append(sc.orgs, d.HousingOrg)
		}
		out[d.AreaID] = sc
	}
	return out, nil
}

// authorizePlan looks up the area of the request's {id} and who it belongs
// to in the store, and checks that the request's principal may do a on its
// plan; a refusal is audited.
func (s *Server) authorizePlan(r *http.Request, a auth.Action) (planScope, error) {
	ctx := r.Context()
	id := r.PathValue("id")
	area, err := s.st.Area(ctx, id)
	if err != nil {
		return planScope{}, err
	}
	deps, err := s.st.Departments(ctx, id)
	if err != nil {
		return planScope{}, err
	}
	sc := planScope{area: area}
	for _, d := range deps {
		if !slices.Contains(sc.orgs, d.HousingOrg) {
			sc.orgs = append(sc.orgs, d.HousingOrg)
		}
	}
	who := identityOf(r)
	if err := auth.Authorize(who.p, a, sc.resourceFor(who.p)); err != nil {
		s.audit(ctx, who, string(a), "plan "+id, store.AuditDenied, err.Error())
		return planScope{}, err
	}
	return sc, nil
}

// planRules returns the plan rules in force now.
func planRules(now time.Time) (*plan.Rules, error) { return law.InForce(plan.Embedded, now) }

// planVersionJSON is a saved version's metadata.
type planVersionJSON struct {
	Version int       `json:"version"`
	Author  string    `json:"author"`
	SavedAt time.Time `json:"saved_at"`
}

func versionJSON(v store.PlanVersion) planVersionJSON {
	return planVersionJSON{Version: v.Version, Author: v.Author, SavedAt: v.SavedAt}
}

// planAreaJSON names the area of a plan.
type planAreaJSON struct {
	ID               string                   `json:"id"`
	Name             string                   `json:"name"`
	MunicipalityCode blandby.MunicipalityCode `json:"municipality_code"`
}

func planArea(a store.Area) planAreaJSON {
	return planAreaJSON{ID: a.ID, Name: a.Name, MunicipalityCode: a.MunicipalityCode}
}

// planSummaryJSON is one plan in the list of plans.
type planSummaryJSON struct {
	Area    planAreaJSON    `json:"area"`
	Version planVersionJSON `json:"version"`
	Status  *plan.Status    `json:"status,omitempty"`
	// Error says why the status could not be computed (a stored plan
	// that no longer validates under the rules in force).
	Error string `json:"error,omitempty"`
}

// planState is what the plans pages read of the store and the rules at a
// moment, read once per request: the plan rules in force, the latest plan
// of every area, who may see and plan each area, and the lists' history.
type planState struct {
	now    time.Time
	rules  *plan.Rules
	latest []store.PlanVersion
	scopes map[string]planScope
	h      *blandby.History
}

// readPlanState reads the plans pages' state at now.
func (s *Server) readPlanState(ctx context.Context, now time.Time) (*planState, error) {
	rules, err := planRules(now)
	if err != nil {
		return nil, err
	}
	latest, err := s.st.LatestPlans(ctx)
	if err != nil {
		return nil, err
	}
	scopes, err := s.planScopes(ctx)
	if err != nil {
		return nil, err
	}
	h, err := s.st.History(ctx)
	if err != nil {
		return nil, err
	}
	return &planState{now: now, rules: rules, latest: latest, scopes: scopes, h: h}, nil
}

// visiblePlans returns the latest plan of every area the principal may
// read, with its status.
func (ps *planState) visiblePlans(p auth.Principal) ([]planSummaryJSON, error) {
	rules, scopes, h, now := ps.rules, ps.scopes, ps.h, ps.now
	out := []planSummaryJSON{}
	for _, v := range ps.latest {
		sc, ok := scopes[v.AreaID]
		if !ok || !sc.allows(p, auth.ActionReadPlan) {
			continue
		}
		row := planSummaryJSON{Area: planArea(sc.area), Version: versionJSON(v)}
		hist, err := plan.HistoryOf(h, v.AreaID)
		if err != nil {
			return nil, err
		}
		if st, err := rules.StatusAt(&v.Plan, hist, now); err != nil {
			row.Error = err.Error()
		} else {
			row.Status = &st
		}
		out = append(out, row)
	}
	return out, nil
}

func (s *Server) apiPlans(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.readPlanState(r.Context(), time.Now().UTC())
	if err != nil {
		return err
	}
	plans, err := ps.visiblePlans(identityOf(r).p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"plans": plans})
	return nil
}

// planJSON is a plan version with its assessment.
type planJSON struct {
	Area    planAreaJSON    `json:"area"`
	Version planVersionJSON `json:"version"`
	Plan    plan.Plan       `json:"plan"`
	// Assessment is the projection and the checks under the rules in
	// force (RuleSet).
	RuleSet    string           `json:"rule_set"`
	Assessment *plan.Assessment `json:"assessment"`
	// CanEdit says whether the principal may save a new version.
	CanEdit bool `json:"can_edit"`
	// FactsFromList is the list year whose computed result filled in the
	// facts the plan leaves unknown (residents, the conviction criterion);
	// 0 when none was filled in.
	FactsFromList int `json:"facts_from_list,omitempty"`
}

// loadPlan reads the version asked for (?version=, default latest) of the
// area's plan and assesses it as of now.
func (s *Server) loadPlan(r *http.Request, sc planScope, now time.Time) (*planJSON, error) {
	ctx := r.Context()
	version := 0
	if q := r.URL.Query().Get("version"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 {
			return nil, blandby.Errorf(blandby.CodeInvalid, "version %q is not a version number (1, 2, …)", q)
		}
		version = n
	}
	v, err := s.st.PlanVersion(ctx, sc.area.ID, version)
	if err != nil {
		return nil, err
	}
	assessed := v.Plan
	from, err := s.fillFacts(ctx, sc.area.ID, &assessed.Facts)
	if err != nil {
		return nil, err
	}
	a, err := s.assess(ctx, sc.area.ID, &assessed, now)
	if err != nil {
		return nil, err
	}
	return &planJSON{Area: planArea(sc.area), Version: versionJSON(v), Plan: v.Plan, RuleSet: a.Projection.RuleSet, Assessment: a,
		CanEdit: sc.allows(identityOf(r).p, auth.ActionPlan), FactsFromList: from}, nil
}

// fillFacts fills in the dispensation facts a plan leaves unknown that the
// latest published computed list knows: the area's residents and whether
// it met the conviction criterion. It returns that list's year (0: nothing
// filled in). The stored plan is not changed.
func (s *Server) fillFacts(ctx context.Context, areaID string, f *plan.Facts) (int, error) {
	if f.Residents != nil && f.ConvictionCriterionMet != nil {
		return 0, nil
	}
	av, err := s.data.area(ctx, areaID)
	if err != nil {
		if blandby.CodeOf(err) == blandby.CodeNotFound {
			return 0, nil
		}
		return 0, err
	}
	for i := len(av.History) - 1; i >= 0; i-- {
		res := av.History[i].Explanation
		if res == nil {
			continue // an imported list: no residents or criteria
		}
		year := 0
		if f.Residents == nil && res.Residents > 0 {
			n := res.Residents
			f.Residents, year = &n, av.History[i].Year
		}
		if f.ConvictionCriterionMet == nil {
			for _, c := range res.Criteria {
				if c.Indicator == blandby.IndicatorConvicted && !c.Missing {
					met := c.Met
					f.ConvictionCriterionMet, year = &met, av.History[i].Year
					break
				}
			}
		}
		return year, nil
	}
	return 0, nil
}

// assess assesses a plan as of now with the area's list history.
func (s *Server) assess(ctx context.Context, areaID string, p *plan.Plan, now time.Time) (*plan.Assessment, error) {
	rules, err := planRules(now)
	if err != nil {
		return nil, err
	}
	h, err := s.st.History(ctx)
	if err != nil {
		return nil, err
	}
	hist, err := plan.HistoryOf(h, areaID)
	if err != nil {
		return nil, err
	}
	return rules.Assess(p, hist, now)
}

func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.authorizePlan(r, auth.ActionReadPlan)
	if err != nil {
		return err
	}
	pj, err := s.loadPlan(r, sc, time.Now().UTC())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, pj)
	return nil
}

func (s *Server) apiPlanVersions(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.authorizePlan(r, auth.ActionReadPlan)
	if err != nil {
		return err
	}
	vs, err := s.st.PlanVersions(r.Context(), sc.area.ID)
	if err != nil {
		return err
	}
	out := []planVersionJSON{}
	for _, v := range vs {
		out = append(out, versionJSON(v))
	}
	writeJSON(w, http.StatusOK, map[string]any{"area": planArea(sc.area), "versions": out})
	return nil
}

// decodePlan reads a plan document strictly: unknown fields are errors, and
// an area id other than the path's is refused.
func decodePlan(body io.Reader, areaID string) (plan.Plan, error) {
	var p plan.Plan
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, blandby.Errorf(blandby.CodeInvalid, "plan: the document is not a development plan in JSON (see the Plan schema in %s/openapi.json): %v", apiPrefix, err)
	}
	if dec.More() {
		return p, blandby.Errorf(blandby.CodeInvalid, "plan: the document holds more than one JSON value")
	}
	if p.AreaID == "" {
		p.AreaID = areaID
	}
	if p.AreaID != areaID {
		return p, blandby.Errorf(blandby.CodeInvalid, "plan: area_id: the document is for area %q, not %q", p.AreaID, areaID)
	}
	return p, nil
}

// savePlan saves a plan as a new version of the area's (app.SavePlan,
// as the command line does).
func (s *Server) savePlan(r *http.Request, sc planScope, p plan.Plan, prev int, now time.Time) (store.PlanVersion, error) {
	v, err := app.SavePlan(r.Context(), s.st, webActor(r), sc.area.ID, p, prev, now)
	if err == nil {
		// Letting decisions read whether the plan is carried out (§ 168 a,
		// stk. 6): the next one reads the plans again, not a cached copy.
		if ls, lerr := s.letting(); lerr == nil {
			ls.forgetPlans()
		}
	}
	return v, err
}

// queryPrev reads ?prev= (the version edited; -1, also when absent, saves
// over whatever version is latest).
func queryPrev(v string) (int, error) {
	if v == "" {
		return -1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < -1 {
		return 0, blandby.Errorf(blandby.CodeInvalid, "prev %q is not a version number (0 for none, 1, 2, …; -1 for any)", v)
	}
	return n, nil
}

func (s *Server) apiPutPlan(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.authorizePlan(r, auth.ActionPlan)
	if err != nil {
		return err
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		return blandby.Errorf(blandby.CodeInvalid, "plan: send the plan as application/json")
	}
	prev, err := queryPrev(r.URL.Query().Get("prev"))
	if err != nil {
		return err
	}
	p, err := decodePlan(http.MaxBytesReader(w, r.Body, maxPlanBody), sc.area.ID)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	if _, err := s.savePlan(r, sc, p, prev, now); err != nil {
		return err
	}
	pj, err := s.loadPlan(r, sc, now)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, pj)
	return nil
}

// plansView is the plans page's data.
type plansView struct {
	Plans []planSummaryJSON
	// Without are the areas bound to have a plan (§ 168 a) that have
	// none yet, of those the reader may plan.
	Without []planlessArea
	// Goal is the § 168 a goal in force, with its legal reference.
	Goal plan.Goal
}

// planlessArea is an area bound to have a development plan that has none.
type planlessArea struct {
	Area       planAreaJSON
	Family     int64
	Obligation plan.Obligation
}

// planlessAreas returns the areas whose plan obligations apply now (an
// omdannelse area, or one that was and is still bound) that have no plan,
// of those the principal may plan: a municipality its own, a housing
// organisation those it owns a department in.
func (ps *planState) planlessAreas(p auth.Principal) ([]planlessArea, error) {
	rules, scopes, h, now := ps.rules, ps.scopes, ps.h, ps.now
	has := map[string]bool{}
	for _, v := range ps.latest {
		has[v.AreaID] = true
	}
	out := []planlessArea{}
	for id, sc := range scopes {
		if has[id] || !sc.allows(p, auth.ActionPlan) {
			continue
		}
		hist, err := plan.HistoryOf(h, id)
		if err != nil {
			return nil, err
		}
		if o := rules.Obligations(hist, false, now); o.Active {
			out = append(out, planlessArea{Area: planArea(sc.area), Family: sc.area.FamilyDwellings, Obligation: o})
		}
	}
	slices.SortFunc(out, func(a, b planlessArea) int {
		if c := int(a.Area.MunicipalityCode) - int(b.Area.MunicipalityCode); c != 0 {
			return c
		}
		return strings.Compare(a.Area.Name, b.Area.Name)
	})
	return out, nil
}

func (s *Server) plansPage(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.readPlanState(r.Context(), time.Now().UTC())
	if err != nil {
		return err
	}
	p := identityOf(r).p
	plans, err := ps.visiblePlans(p)
	if err != nil {
		return err
	}
	without, err := ps.planlessAreas(p)
	if err != nil {
		return err
	}
	title := msg.T(lang(w, r), "web.development_plans")
	return s.render(w, r, http.StatusOK, "plans", title, plansView{Plans: plans, Without: without, Goal: ps.rules.Goal})
}

// planView is the plan page's data.
type planView struct {
	*planJSON
	// Exists is false for an area without a plan (the page offers the
	// form to write the first version).
	Exists   bool
	Versions []planVersionJSON
	Chart    chartData
	// Document is the plan as indented JSON, for the upload field.
	Document string
	// Form is the edit form: the version's values, or what the user
	// typed in a save that failed, with its errors.
	Form *planForm
	// Saved is the version just saved (0: none), said above the page.
	Saved int
	CSRF  string
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.authorizePlan(r, auth.ActionReadPlan)
	if err != nil {
		return err
	}
	return s.renderPlan(w, r, sc, http.StatusOK, nil)
}

// renderPlan shows the area's plan; failed is the form of a save that
// failed (nil: none), shown with its errors.
func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, sc planScope, status int, failed *planForm) error {
	now := time.Now().UTC()
	l := lang(w, r)
	var v planView
	pj, err := s.loadPlan(r, sc, now)
	switch {
	case err == nil:
		v.planJSON, v.Exists = pj, true
	case blandby.CodeOf(err) == blandby.CodeNotFound && r.URL.Query().Get("version") == "":
		v.planJSON = &planJSON{Area: planArea(sc.area), CanEdit: sc.allows(identityOf(r).p, auth.ActionPlan),
			Plan: plan.Plan{AreaID: sc.area.ID, BaseYear: now.Year(), Stock: plan.Stock{PublicFamily: sc.area.FamilyDwellings, Other: max(0, sc.area.DwellingsTotal-sc.area.FamilyDwellings)}}}
	default:
		return err
	}
	vs, err := s.st.PlanVersions(r.Context(), sc.area.ID)
	if err != nil {
		return err
	}
	for i := len(vs) - 1; i >= 0; i-- {
		v.Versions = append(v.Versions, versionJSON(vs[i]))
	}
	doc, err := json.MarshalIndent(v.Plan, "", "  ")
	if err != nil {
		return err
	}
	v.Document = string(doc)
	if v.Assessment != nil {
		v.Chart = planChart(v.Assessment.Projection, l)
	}
	if id := identityOf(r); id.session != "" {
		v.CSRF = auth.CSRFToken(id.sessionID)
	}
	if g, err := strconv.Atoi(r.URL.Query().Get("gemt")); err == nil && v.Exists && g == v.Version.Version && failed == nil {
		v.Saved = g
	}
	prev := 0
	if v.Exists {
		prev = v.Version.Version
	}
	switch {
	case failed != nil && failed.values != nil:
		v.Form = failed
	default:
		v.Form = newPlanForm(l, &v.Plan, prev, v.Document)
		if failed != nil {
			v.Form.Problems = failed.Problems
		}
	}
	title := fmt.Sprintf("%s: %s", msg.T(l, "web.plan.development_plan"), sc.area.Name)
	return s.render(w, r, status, "plan", title, v)
}

// planShareColor is the colour of the share in the plan's chart (the
// pages' accent, --accent in app.css).
const planShareColor = "#1d4ed8"

// planChart is the share of public family dwellings by year against the
// goal, for Chart.js (display only; the verdict is exact).
func planChart(pr *plan.Projection, l blandby.Lang) chartData {
	c := chartData{Type: "line"}
	// The share in the page's accent, not a list's colour: a plan is
	// not a problem by being drawn (the verdict says on track or behind).
	share := chartDataset{Label: msg.T(l, "web.plan.share_of_public_family"), Color: planShareColor}
	goal := chartDataset{Label: msg.T(l, "web.plan.goal"), Color: colors[blandby.None], Dashed: true}
	g := pr.Goal.Threshold.Float64() * 100
	add := func(label string, row plan.Row) {
		c.Labels = append(c.Labels, label)
		share.Data = append(share.Data, fp(row.Share.Float64()*100))
		goal.Data = append(goal.Data, fp(g))
	}
	add(pr.Start.AsOf.Format(time.DateOnly), pr.Start)
	for _, row := range pr.Rows {
		add(row.AsOf.Format(time.DateOnly), row)
	}
	c.Datasets = []chartDataset{share, goal}
	return c
}

// planPost saves a new version from the page: an uploaded JSON file, the
// JSON text field, or the form's fields, with any number of actions
// changed, removed and added in one save (app.SavePlan: all of it or
// nothing). A save that fails shows the form again as the user filled it
// in, each error beside its field; one that succeeds redirects to the page,
// which says it is saved (post/redirect/get).
func (s *Server) planPost(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.authorizePlan(r, auth.ActionPlan)
	if err != nil {
		return err
	}
	if err := s.postedForm(w, r, maxPlanBody, auth.ActionPlan, "plan "+sc.area.ID); err != nil {
		return err
	}
	prev, err := queryPrev(r.PostFormValue("prev"))
	if err != nil {
		return err
	}
	p, rowOf, err := planFromPost(r, sc.area.ID)
	parsed := err == nil
	var v store.PlanVersion
	if parsed {
		v, err = s.savePlan(r, sc, p, prev, time.Now().UTC())
	}
	if err != nil {
		if code := blandby.CodeOf(err); code != blandby.CodeInvalid && code != blandby.CodeConflict {
			return err
		}
		l := lang(w, r)
		if r.PostFormValue("mode") == "json" || r.PostForm["rows"] == nil {
			// A JSON document: its errors are the document's, above the
			// form.
			f := &planForm{Lang: l, errs: map[string]string{}}
			for _, e := range flattenErrors(err) {
				field, text := blandby.Explain(e, l)
				if blandby.CodeOf(e) == blandby.CodeConflict {
					text = msg.T(l, "web.plan.form.conflict")
				} else if field != "" {
					text = field + ": " + text
				}
				f.Problems = append(f.Problems, planProblem{Text: text})
			}
			return s.renderPlan(w, r, sc, httpStatus(err), f)
		}
		f := postedPlanForm(l, r)
		if parsed {
			f.addError(err, rowOf)
		} else {
			f.addError(err, nil)
		}
		f.summarize()
		return s.renderPlan(w, r, sc, httpStatus(err), f)
	}
	http.Redirect(w, r, fmt.Sprintf("/planer/%s?gemt=%d#plan-saved", sc.area.ID, v.Version), http.StatusSeeOther)
	return nil
}
