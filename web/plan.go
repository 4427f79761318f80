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
	funcs["planFact"] = func(l blandby.Lang, name string, v *bool) planFactField {
		return planFactField{Lang: l, Name: name, Set: v != nil, Yes: v != nil && *v}
	}
	funcs["planBool"] = func(b *bool) bool { return b != nil && *b }
	funcs["kindLabel"] = func(l blandby.Lang, k plan.Kind) string { return k.Label(l) }
	funcs["outcome"] = func(l blandby.Lang, o plan.Outcome) string {
		t := map[plan.Outcome]blandby.Text{plan.Met: msg.Text("common.met"), plan.NotMet: msg.Text("common.not_met"), plan.Unknown: msg.Text("common.unknown")}[o]
		return t.In(l)
	}
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

// planFactField is a yes/no fact's select on the plan form.
type planFactField struct {
	Lang     blandby.Lang
	Name     string
	Set, Yes bool
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

// visiblePlans returns the latest plan of every area the principal may
// read, with its status.
func (s *Server) visiblePlans(ctx context.Context, p auth.Principal, now time.Time) ([]planSummaryJSON, error) {
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
	out := []planSummaryJSON{}
	for _, v := range latest {
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
	plans, err := s.visiblePlans(r.Context(), identityOf(r).p, time.Now().UTC())
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
	// Goal is the § 168 a goal in force, with its legal reference.
	Goal plan.Goal
}

func (s *Server) plansPage(w http.ResponseWriter, r *http.Request) error {
	plans, err := s.visiblePlans(r.Context(), identityOf(r).p, time.Now().UTC())
	if err != nil {
		return err
	}
	rules, err := planRules(time.Now().UTC())
	if err != nil {
		return err
	}
	title := msg.T(lang(w, r), "web.development_plans")
	return s.render(w, r, http.StatusOK, "plans", title, plansView{Plans: plans, Goal: rules.Goal})
}

// planView is the plan page's data.
type planView struct {
	*planJSON
	// Exists is false for an area without a plan (the page offers the
	// form to write the first version).
	Exists   bool
	Versions []planVersionJSON
	Chart    chartData
	Kinds    []plan.Kind
	// Document is the plan as indented JSON, for the upload field.
	Document string
	// Message is the result of a save.
	Message string
	CSRF    string
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.authorizePlan(r, auth.ActionReadPlan)
	if err != nil {
		return err
	}
	return s.renderPlan(w, r, sc, http.StatusOK, "")
}

func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, sc planScope, status int, message string) error {
	now := time.Now().UTC()
	l := lang(w, r)
	v := planView{Kinds: plan.Kinds, Message: message}
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
	title := fmt.Sprintf("%s: %s", msg.T(l, "web.plan.development_plan"), sc.area.Name)
	return s.render(w, r, status, "plan", title, v)
}

// planChart is the share of public family dwellings by year against the
// goal, for Chart.js (display only; the verdict is exact).
func planChart(pr *plan.Projection, l blandby.Lang) chartData {
	c := chartData{Type: "line"}
	share := chartDataset{Label: msg.T(l, "web.plan.share_of_public_family"), Color: colors[blandby.Omdannelse]}
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
// JSON text field, or the form's fields for the stock and one new action.
func (s *Server) planPost(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.authorizePlan(r, auth.ActionPlan)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxPlanBody)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(maxPlanBody)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return blandby.Errorf(blandby.CodeInvalid, "plan: the form could not be read: %v", err)
	}
	who := identityOf(r)
	if who.session == "" || !auth.CheckCSRF(who.sessionID, r.PostFormValue("csrf")) {
		s.audit(r.Context(), who, string(auth.ActionPlan), "plan "+sc.area.ID, store.AuditDenied, "CSRF check failed")
		return formExpired(lang(w, r))
	}
	prev, err := queryPrev(r.PostFormValue("prev"))
	if err != nil {
		return err
	}
	p, err := planFromForm(r, sc.area.ID)
	if err == nil {
		_, err = s.savePlan(r, sc, p, prev, time.Now().UTC())
	}
	l := lang(w, r)
	if err != nil {
		if code := blandby.CodeOf(err); code != blandby.CodeInvalid && code != blandby.CodeConflict {
			return err
		}
		return s.renderPlan(w, r, sc, httpStatus(err), msg.T(l, "web.plan.not_saved")+err.Error())
	}
	http.Redirect(w, r, "/planer/"+sc.area.ID+"?saved=1", http.StatusSeeOther)
	return nil
}

// planFromForm builds the plan of a form: an uploaded file ("file") or
// the JSON text ("document") when given, else the stock fields and one
// action added to the latest version's actions ("base" holds that
// version's JSON).
func planFromForm(r *http.Request, areaID string) (plan.Plan, error) {
	if r.MultipartForm != nil {
		if f, h, err := r.FormFile("file"); err == nil {
			defer f.Close()
			if h.Size > 0 {
				return decodePlan(f, areaID)
			}
		}
	}
	if doc := strings.TrimSpace(r.PostFormValue("document")); doc != "" && r.PostFormValue("mode") == "json" {
		return decodePlan(strings.NewReader(doc), areaID)
	}
	p, err := decodePlan(strings.NewReader(r.PostFormValue("document")), areaID)
	if err != nil {
		return p, err
	}
	num := func(field string, dst *int64) error {
		v := strings.TrimSpace(r.PostFormValue(field))
		if v == "" {
			return nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return &blandby.InputError{File: "form", Field: field, Msg: fmt.Sprintf("expected a whole number, got %q", v)}
		}
		*dst = n
		return nil
	}
	year := int64(p.BaseYear)
	for _, f := range []struct {
		name string
		dst  *int64
	}{
		{"base_year", &year}, {"public_family", &p.Stock.PublicFamily}, {"public_youth", &p.Stock.PublicYouth},
		{"public_elderly", &p.Stock.PublicElderly}, {"private_rental", &p.Stock.PrivateRental},
		{"owner_occupied", &p.Stock.OwnerOccupied}, {"cooperative", &p.Stock.Cooperative}, {"other", &p.Stock.Other},
		{"business_m2", &p.Stock.BusinessM2}, {"demolished_not_replaced", &p.DemolishedNotReplaced},
	} {
		if err := num(f.name, f.dst); err != nil {
			return p, err
		}
	}
	p.BaseYear = int(year)
	p.Completed = r.PostFormValue("completed") == "on"
	p.CountDemolished = r.PostFormValue("count_demolished") == "on"
	if err := factsFromForm(r, &p.Facts); err != nil {
		return p, err
	}
	if kind := r.PostFormValue("action_kind"); kind != "" {
		a := plan.Action{Kind: plan.Kind(kind), To: plan.Tenure(r.PostFormValue("action_to")), Note: r.PostFormValue("action_note")}
		var ay, hh int64
		for _, f := range []struct {
			name string
			dst  *int64
		}{{"action_year", &ay}, {"action_dwellings", &a.Dwellings}, {"action_business_m2", &a.BusinessM2}, {"action_temporary_months", &a.TemporaryMonths}, {"action_replaces", &a.Replaces}} {
			if err := num(f.name, f.dst); err != nil {
				return p, err
			}
		}
		a.Year = int(ay)
		if strings.TrimSpace(r.PostFormValue("action_households")) != "" {
			if err := num("action_households", &hh); err != nil {
				return p, err
			}
			a.Households = &hh
		}
		p.Actions = append(p.Actions, a)
	}
	if rm := r.PostFormValue("remove_action"); rm != "" {
		i, err := strconv.Atoi(rm)
		if err != nil || i < 0 || i >= len(p.Actions) {
			return p, &blandby.InputError{File: "form", Field: "remove_action", Msg: fmt.Sprintf("no action %q", rm)}
		}
		p.Actions = slices.Delete(p.Actions, i, i+1)
	}
	return p, nil
}

// factsFromForm reads the dispensation facts of the form: each yes/no
// select ("" unknown, "yes", "no") and number field ("" unknown) present in
// the form replaces the fact.
func factsFromForm(r *http.Request, f *plan.Facts) error {
	for _, b := range []struct {
		name string
		dst  **bool
	}{
		{"fact_ends_omdannelse_status", &f.EndsOmdannelseStatus}, {"fact_new_building_cannot_help", &f.NewBuildingCannotHelp},
		{"fact_sale_only_at_loss", &f.SaleOnlyAtLoss}, {"fact_conviction_criterion_met", &f.ConvictionCriterionMet},
	} {
		if _, ok := r.PostForm[b.name]; !ok {
			continue
		}
		switch v := r.PostFormValue(b.name); v {
		case "":
			*b.dst = nil
		case "yes", "no":
			yes := v == "yes"
			*b.dst = &yes
		default:
			return &blandby.InputError{File: "form", Field: b.name, Msg: fmt.Sprintf("expected yes, no or nothing, got %q", v)}
		}
	}
	for _, n := range []struct {
		name string
		dst  **int64
	}{
		{"fact_municipal_parallel_family_dwellings", &f.MunicipalParallelFamilyDwellings},
		{"fact_municipal_family_dwellings", &f.MunicipalFamilyDwellings}, {"fact_residents", &f.Residents},
	} {
		if _, ok := r.PostForm[n.name]; !ok {
			continue
		}
		v := strings.TrimSpace(r.PostFormValue(n.name))
		if v == "" {
			*n.dst = nil
			continue
		}
		x, err := strconv.ParseInt(v, 10, 64)
		if err != nil || x < 0 {
			return &blandby.InputError{File: "form", Field: n.name, Msg: fmt.Sprintf("expected a whole number of at least 0, got %q", v)}
		}
		*n.dst = &x
	}
	return nil
}
