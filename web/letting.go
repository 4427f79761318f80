package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/letting"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/plan"
	"github.com/blandby/blandby/store"
)

// maxLettingBody bounds a letting request (a case, or a waiting list).
const maxLettingBody = 2 << 20

// maxRankApplicants bounds the applicants of one ranking.
const maxRankApplicants = 5000

// lettingAPIRoutes are the API routes of the letting feature.
func (s *Server) lettingAPIRoutes() []route {
	return []route{
		{"POST /letting/decisions", auth.ActionDecideLetting, s.apiLettingDecide},
		{"GET /letting/decisions/{id}", auth.ActionDecideLetting, s.apiLettingDecision},
		{"POST /letting/rankings", auth.ActionDecideLetting, s.apiLettingRank},
		{"GET /letting/policies/{municipality}", auth.ActionReadPublished, s.apiLettingPolicy},
		{"PUT /letting/policies/{municipality}", auth.ActionLettingPolicy, s.apiPutLettingPolicy},
	}
}

// lettingPageRoutes are the UI routes of the letting feature.
func (s *Server) lettingPageRoutes() []route {
	return []route{
		{"GET /tildeling", auth.ActionDecideLetting, s.lettingPage},
		{"POST /tildeling", auth.ActionDecideLetting, s.lettingPost},
	}
}

// lettingState is what the letting routes of one Server keep: the rule
// sets, the decision log's writer and the categories of published lists.
type lettingState struct {
	once sync.Once
	cat  *letting.Catalog
	err  error
	log  *decisionLog

	mu   sync.Mutex
	cats map[[2]int]map[string]blandby.Category // (year, revision) → area → category

	// deps and policies are read again at most every RefreshEvery (a
	// policy saved through this server at once), like the lists.
	depMu    sync.Mutex
	deps     map[string]store.Department
	depsAt   time.Time
	polMu    sync.Mutex
	policies map[blandby.MunicipalityCode]cachedPolicies
	planMu   sync.Mutex
	plans    map[string]plan.Plan
	plansAt  time.Time
}

type cachedPolicies struct {
	versions []store.LettingPolicy
	at       time.Time
}

// department returns a department, from the cache when it is fresh.
func (s *Server) department(ctx context.Context, ls *lettingState, id string) (store.Department, error) {
	ls.depMu.Lock()
	defer ls.depMu.Unlock()
	if time.Since(ls.depsAt) >= RefreshEvery {
		all, err := s.st.Departments(ctx, "")
		if err != nil {
			return store.Department{}, err
		}
		ls.deps = make(map[string]store.Department, len(all))
		for _, d := range all {
			ls.deps[d.ID] = d
		}
		ls.depsAt = time.Now()
	}
	if d, ok := ls.deps[id]; ok {
		return d, nil
	}
	return s.st.Department(ctx, id) // added since: read it (or not found)
}

// policyVersions returns a municipality's policy versions, from the cache
// when it is fresh.
func (s *Server) policyVersions(ctx context.Context, ls *lettingState, muni blandby.MunicipalityCode) ([]store.LettingPolicy, error) {
	ls.polMu.Lock()
	defer ls.polMu.Unlock()
	if c, ok := ls.policies[muni]; ok && time.Since(c.at) < RefreshEvery {
		return c.versions, nil
	}
	vs, err := s.st.LettingPolicies(ctx, muni)
	if err != nil {
		return nil, err
	}
	ls.policies[muni] = cachedPolicies{versions: vs, at: time.Now()}
	return vs, nil
}

// forgetPlans drops the cached latest plans.
func (ls *lettingState) forgetPlans() {
	ls.planMu.Lock()
	ls.plans = nil
	ls.planMu.Unlock()
}

// forgetPolicies drops a municipality's cached policy versions.
func (ls *lettingState) forgetPolicies(muni blandby.MunicipalityCode) {
	ls.polMu.Lock()
	delete(ls.policies, muni)
	ls.polMu.Unlock()
}

// lettingStates holds each Server's lettingState (the Server type is
// shared; the feature keeps its state beside it). An entry, and its log
// writer goroutine, lives as long as the process: a program makes one
// Server.
var lettingStates sync.Map // *Server → *lettingState

func (s *Server) letting() (*lettingState, error) {
	v, _ := lettingStates.LoadOrStore(s, &lettingState{})
	ls := v.(*lettingState)
	ls.once.Do(func() {
		ls.cat, ls.err = letting.Embedded()
		ls.cats = map[[2]int]map[string]blandby.Category{}
		ls.policies = map[blandby.MunicipalityCode]cachedPolicies{}
		ls.log = newDecisionLog(s.st, s.opts.Logger)
	})
	return ls, ls.err
}

// listCategories returns every area's category on the latest revision of
// a published year's list, cached.
func (s *Server) listCategories(ctx context.Context, ls *lettingState, ix *index, year int) (map[string]blandby.Category, error) {
	rev := 0
	for _, p := range ix.latest {
		if p.Year == year {
			rev = p.Revision
		}
	}
	key := [2]int{year, rev}
	ls.mu.Lock()
	m, ok := ls.cats[key]
	ls.mu.Unlock()
	if ok {
		return m, nil
	}
	v, err := s.data.list(ctx, year, rev)
	if err != nil {
		return nil, err
	}
	m = make(map[string]blandby.Category, len(v.Entries))
	for _, e := range v.Entries {
		m[e.AreaID] = e.Category
	}
	ls.mu.Lock()
	ls.cats[key] = m
	ls.mu.Unlock()
	return m, nil
}

// latestPlans returns the latest plan of every area, read again at most
// every RefreshEvery.
func (s *Server) latestPlans(ctx context.Context, ls *lettingState) (map[string]plan.Plan, error) {
	ls.planMu.Lock()
	defer ls.planMu.Unlock()
	if ls.plans != nil && time.Since(ls.plansAt) < RefreshEvery {
		return ls.plans, nil
	}
	vs, err := s.st.LatestPlans(ctx)
	if err != nil {
		return nil, err
	}
	ls.plans = make(map[string]plan.Plan, len(vs))
	for _, v := range vs {
		ls.plans[v.AreaID] = v.Plan
	}
	ls.plansAt = time.Now()
	return ls.plans, nil
}

// lettingSource is what a letting decision reads (app.LettingSource),
// answered from the server's caches and the index of the published lists.
type lettingSource struct {
	s  *Server
	ls *lettingState
	ix *index
}

func (s *Server) lettingSource(ctx context.Context, ls *lettingState) (lettingSource, error) {
	ix, err := s.data.current(ctx)
	return lettingSource{s: s, ls: ls, ix: ix}, err
}

func (src lettingSource) Department(ctx context.Context, id string) (store.Department, error) {
	return src.s.department(ctx, src.ls, id)
}

func (src lettingSource) Area(ctx context.Context, id string) (store.Area, error) {
	if a, ok := src.ix.byID[id]; ok {
		return *a, nil
	}
	return src.s.st.Area(ctx, id)
}

func (src lettingSource) ListYears(context.Context) ([]int, error) { return src.ix.years(), nil }

func (src lettingSource) Category(ctx context.Context, year int, areaID string) (blandby.Category, error) {
	m, err := src.s.listCategories(ctx, src.ls, src.ix, year)
	if err != nil {
		return "", err
	}
	if c, ok := m[areaID]; ok {
		return c, nil
	}
	return blandby.None, nil
}

func (src lettingSource) Plan(ctx context.Context, areaID string) (bool, bool, error) {
	plans, err := src.s.latestPlans(ctx, src.ls)
	if err != nil {
		return false, false, err
	}
	p, ok := plans[areaID]
	return ok, ok && p.Completed, nil
}

func (src lettingSource) Policies(ctx context.Context, municipality blandby.MunicipalityCode) ([]store.LettingPolicy, error) {
	return src.s.policyVersions(ctx, src.ls, municipality)
}

// decideRequest is the body of POST /letting/decisions.
type decideRequest struct {
	// ApplicantRef is the caller's reference for the applicant; the log
	// keeps only its hash.
	ApplicantRef string                `json:"applicant_ref,omitempty"`
	Date         *letting.Date         `json:"date,omitempty"`
	Department   string                `json:"department"`
	DwellingType letting.DwellingType  `json:"dwelling_type"`
	Channel      letting.Channel       `json:"channel"`
	Household    letting.Household     `json:"household"`
	Dispensation *letting.Dispensation `json:"dispensation,omitempty"`
	Sublet       *letting.SubletTerms  `json:"sublet,omitempty"`
}

// lettingAreaJSON names the area of a decision.
type lettingAreaJSON struct {
	ID               string                   `json:"id"`
	Name             string                   `json:"name"`
	MunicipalityCode blandby.MunicipalityCode `json:"municipality_code"`
	Category         blandby.Category         `json:"category"`
	// ListYear is the year of the list in force (0: none yet).
	ListYear int `json:"list_year"`
}

// decisionJSON is a decision as the API answers it.
type decisionJSON struct {
	*letting.Decision
	Area       lettingAreaJSON `json:"area"`
	Department string          `json:"department"`
	// Standing is the area's standing the decision used (§ 168 a, stk. 6),
	// so that the inputs can be re-run.
	Standing *letting.AreaStanding `json:"standing,omitempty"`
}

func areaJSON(t app.LettingTarget) lettingAreaJSON {
	return lettingAreaJSON{ID: t.Area.ID, Name: t.Area.Name, MunicipalityCode: t.Area.MunicipalityCode, Category: t.Standing.Category(), ListYear: t.Standing.ListYear}
}

// decide decides a case and logs it; the answer comes after the commit.
func (s *Server) decide(r *http.Request, req decideRequest, now time.Time) (*decisionJSON, error) {
	ctx := r.Context()
	ls, err := s.letting()
	if err != nil {
		return nil, err
	}
	src, err := s.lettingSource(ctx, ls)
	if err != nil {
		return nil, err
	}
	date := letting.DateOf(now)
	if req.Date != nil {
		date = *req.Date
	}
	d, t, err := app.DecideLetting(ctx, s.st, src, s.cat, ls.cat, ls.log, webActor(r), app.LettingRequest{ApplicantRef: req.ApplicantRef,
		Date: date, Department: req.Department, DwellingType: req.DwellingType, Channel: req.Channel, Household: req.Household,
		Dispensation: req.Dispensation, Sublet: req.Sublet}, now)
	if err != nil {
		return nil, err
	}
	return &decisionJSON{Decision: d, Area: areaJSON(t), Department: t.Department.ID, Standing: t.Standing.AreaStanding}, nil
}

// decodeStrict reads one JSON value, refusing unknown fields.
func decodeStrict(body io.Reader, what string, v any) error {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(what, err)
	}
	if dec.More() {
		return &blandby.Error{Code: blandby.CodeInvalid, Msg: what + ": the body holds more than one JSON value", Text: msg.Text("web.err.json_more")}
	}
	return nil
}

func requireJSON(r *http.Request, what string) error {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		return &blandby.Error{Code: blandby.CodeInvalid, Msg: what + ": send the body as application/json", Text: msg.Text("web.err.json_type")}
	}
	return nil
}

func (s *Server) apiLettingDecide(w http.ResponseWriter, r *http.Request) error {
	if err := requireJSON(r, "letting decision"); err != nil {
		return err
	}
	var req decideRequest
	if err := decodeStrict(http.MaxBytesReader(w, r.Body, maxLettingBody), "letting decision", &req); err != nil {
		return err
	}
	d, err := s.decide(r, req, time.Now().UTC())
	if err != nil {
		return requestFields(err)
	}
	writeCompactJSON(w, http.StatusOK, d)
	return nil
}

// jsonBuffers are reused by writeCompactJSON.
var jsonBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeCompactJSON writes v as compact JSON: the decision route answers
// machines at a high rate, and indenting is a good part of its cost.
func writeCompactJSON(w http.ResponseWriter, status int, v any) {
	buf := jsonBuffers.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		jsonBuffers.Put(buf)
	}()
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		http.Error(w, `{"error":{"code":"internal","message":"internal error"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// loggedDecisionJSON is a logged decision.
type loggedDecisionJSON struct {
	ID           string                   `json:"id"`
	DecidedAt    time.Time                `json:"decided_at"`
	DecidedBy    string                   `json:"decided_by"`
	RuleSet      string                   `json:"rule_set"`
	Channel      string                   `json:"channel"`
	Outcome      string                   `json:"outcome"`
	Municipality blandby.MunicipalityCode `json:"municipality"`
	HousingOrg   string                   `json:"housing_org"`
	AreaID       string                   `json:"area_id"`
	Department   string                   `json:"department"`
	ApplicantRef string                   `json:"applicant_ref"`
	InputSHA256  string                   `json:"input_sha256"`
	Decision     json.RawMessage          `json:"decision"`
}

func (s *Server) apiLettingDecision(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	if !letting.ValidID(id) {
		return blandby.Errorf(blandby.CodeInvalid, "%q is not a decision id", id)
	}
	d, err := s.st.LettingDecision(ctx, id)
	if err != nil {
		return err
	}
	who := identityOf(r)
	res := auth.Resource{Municipality: d.Municipality, HousingOrg: d.HousingOrg}
	if err := auth.Authorize(who.p, auth.ActionDecideLetting, res); err != nil {
		s.audit(ctx, who, string(auth.ActionDecideLetting), "letting decision "+id, store.AuditDenied, err.Error())
		return err
	}
	writeJSON(w, http.StatusOK, loggedDecisionJSON{ID: d.ID, DecidedAt: d.DecidedAt, DecidedBy: d.DecidedBy, RuleSet: d.RuleSet,
		Channel: d.Channel, Outcome: d.Outcome, Municipality: d.Municipality, HousingOrg: d.HousingOrg, AreaID: d.AreaID,
		Department: d.Department, ApplicantRef: d.ApplicantRef, InputSHA256: d.InputSHA256, Decision: d.Decision})
	return nil
}

// rankRequest is the body of POST /letting/rankings.
type rankRequest struct {
	Date         *letting.Date        `json:"date,omitempty"`
	Department   string               `json:"department"`
	DwellingType letting.DwellingType `json:"dwelling_type"`
	Channel      letting.Channel      `json:"channel"`
	Applicants   []letting.Applicant  `json:"applicants"`
}

// rankingJSON is a ranked waiting list.
type rankingJSON struct {
	Area       lettingAreaJSON  `json:"area"`
	Department string           `json:"department"`
	Date       letting.Date     `json:"date"`
	Channel    letting.Channel  `json:"channel"`
	Ranking    []letting.Ranked `json:"ranking"`
}

func (s *Server) apiLettingRank(w http.ResponseWriter, r *http.Request) error {
	if err := requireJSON(r, "letting ranking"); err != nil {
		return err
	}
	var req rankRequest
	if err := decodeStrict(http.MaxBytesReader(w, r.Body, maxLettingBody), "letting ranking", &req); err != nil {
		return err
	}
	if len(req.Applicants) > maxRankApplicants {
		return blandby.InvalidField("applicants", msg.Text("web.letting.err.too_many_applicants", maxRankApplicants, len(req.Applicants)))
	}
	ctx := r.Context()
	ls, err := s.letting()
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	date := letting.DateOf(now)
	if req.Date != nil {
		date = *req.Date
	}
	src, err := s.lettingSource(ctx, ls)
	if err != nil {
		return err
	}
	ranked, t, err := app.RankLetting(ctx, s.st, src, s.cat, ls.cat, ls.log, webActor(r), app.RankRequest{Date: date,
		Department: req.Department, DwellingType: req.DwellingType, Channel: req.Channel, Applicants: req.Applicants}, now)
	if err != nil {
		return requestFields(err)
	}
	writeJSON(w, http.StatusOK, rankingJSON{Area: areaJSON(t), Department: t.Department.ID, Date: date, Channel: req.Channel, Ranking: ranked})
	return nil
}

// pathMunicipality reads the {municipality} of a path.
func pathMunicipality(r *http.Request) (blandby.MunicipalityCode, error) {
	code, err := blandby.ParseMunicipalityCode(r.PathValue("municipality"))
	if err != nil {
		return 0, blandby.Errorf(blandby.CodeInvalid, "path parameter municipality: %w", err)
	}
	return code, nil
}

// policyVersionJSON is a saved version of a policy.
type policyVersionJSON struct {
	Version   int          `json:"version"`
	Author    string       `json:"author"`
	SavedAt   time.Time    `json:"saved_at"`
	ValidFrom letting.Date `json:"valid_from"`
}

// policiesJSON is a municipality's policy: the latest version and every
// version saved.
type policiesJSON struct {
	Municipality blandby.MunicipalityCode `json:"municipality"`
	Latest       letting.Policy           `json:"latest"`
	Versions     []policyVersionJSON      `json:"versions"`
	// Options are the options the rule sets know, for editing.
	Options []string `json:"options"`
}

func (s *Server) policies(ctx context.Context, muni blandby.MunicipalityCode) (*policiesJSON, error) {
	ls, err := s.letting()
	if err != nil {
		return nil, err
	}
	vs, err := s.st.LettingPolicies(ctx, muni)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, blandby.Errorf(blandby.CodeNotFound, "no letting policy for municipality %d", muni)
	}
	out := &policiesJSON{Municipality: muni, Latest: vs[len(vs)-1].Policy, Options: lettingOptions(ls.cat)}
	for _, v := range vs {
		out.Versions = append(out.Versions, policyVersionJSON{Version: v.Version, Author: v.Author, SavedAt: v.SavedAt, ValidFrom: v.Policy.ValidFrom})
	}
	return out, nil
}

func lettingOptions(cat *letting.Catalog) []string {
	var out []string
	for _, rs := range cat.All() {
		out = append(out, rs.Options()...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (s *Server) apiLettingPolicy(w http.ResponseWriter, r *http.Request) error {
	muni, err := pathMunicipality(r)
	if err != nil {
		return err
	}
	p, err := s.policies(r.Context(), muni)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiPutLettingPolicy(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	muni, err := pathMunicipality(r)
	if err != nil {
		return err
	}
	if err := requireJSON(r, "letting policy"); err != nil {
		return err
	}
	prev, err := queryPrev(r.URL.Query().Get("prev"))
	if err != nil {
		return err
	}
	var p letting.Policy
	if err := decodeStrict(http.MaxBytesReader(w, r.Body, maxLettingBody), "letting policy", &p); err != nil {
		return err
	}
	ls, err := s.letting()
	if err != nil {
		return err
	}
	_, err = app.SaveLettingPolicy(ctx, s.st, ls.cat, webActor(r), muni, p, prev, time.Now().UTC())
	ls.forgetPolicies(muni)
	if err != nil {
		return err
	}
	out, err := s.policies(ctx, muni)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// requestFields returns err with its field errors named by the request's
// fields: a letting case has the dwelling's type and department under
// "dwelling", a decision or ranking request has them at the top.
func requestFields(err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var errs []error
		for _, e := range j.Unwrap() {
			errs = append(errs, requestFields(e))
		}
		return errors.Join(errs...)
	}
	var fe *blandby.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	switch fe.Field {
	case "dwelling.type":
		return blandby.InvalidField("dwelling_type", fe.Text)
	case "dwelling.department":
		return blandby.InvalidField("department", fe.Text)
	}
	return err
}
