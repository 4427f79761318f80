package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/export"
	"github.com/blandby/blandby/geo"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/whatif"
)

// apiPrefix is where the JSON API lives.
const apiPrefix = "/api/v1"

// maxWhatIfBody bounds a what-if request.
const maxWhatIfBody = 64 << 10

type apiError struct {
	Error apiErrorBody `json:"error"`
}

// apiErrorBody is an error answer: its code, its message in English, and,
// for an error told in both languages, the field it belongs to and its
// Danish and English text (blandby.FieldError, blandby.Told).
type apiErrorBody struct {
	Code    string        `json:"code"`
	Message string        `json:"message"`
	Field   string        `json:"field,omitempty"`
	Text    *blandby.Text `json:"text,omitempty"`
}

// apiRoutes are the API's routes: "METHOD /path" under apiPrefix, as in
// openapi.json, with the action each needs.
func (s *Server) apiRoutes() []route {
	routes := []route{
		{"GET /years", auth.ActionReadPublished, s.apiYears},
		{"GET /lists/{year}", auth.ActionReadPublished, s.apiList},
		{"GET /lists/{year}/download", auth.ActionReadPublished, s.apiDownload},
		{"GET /areas/{id}", auth.ActionReadArea, s.apiArea},
		{"GET /rules", auth.ActionReadPublished, s.apiRules},
		{"GET /rules/compare", auth.ActionReadPublished, s.apiCompare},
		{"POST /whatif", auth.ActionWhatIf, s.apiWhatIf},
		{"GET /geo/municipalities", auth.ActionReadPublished, s.apiGeo(geo.MunicipalitiesJSON)},
		{"GET /geo/regions", auth.ActionReadPublished, s.apiGeo(geo.RegionsJSON)},
		{"GET /openapi.json", auth.ActionReadPublished, s.apiOpenAPI},
		{"GET /audit", auth.ActionReadAudit, s.apiAudit},
	}
	for _, feature := range [][]route{s.lettingAPIRoutes(), s.rentalAPIRoutes(), s.planAPIRoutes(), s.monitorAPIRoutes()} {
		routes = append(routes, feature...)
	}
	return routes
}

// routeTable is every route served, API paths with apiPrefix: the one
// table of what each route needs (SECURITY.md shows it by role).
func (s *Server) routeTable() ([]route, error) {
	var out []route
	for _, rt := range s.apiRoutes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		rt.pattern = method + " " + apiPrefix + path
		out = append(out, rt)
	}
	pages, err := s.pageRoutes()
	if err != nil {
		return nil, err
	}
	return append(out, pages...), nil
}

// routes registers every route behind its guard, and the not-found
// answers for the rest.
func (s *Server) routes() error {
	table, err := s.routeTable()
	if err != nil {
		return err
	}
	for _, rt := range table {
		s.mux.HandleFunc(rt.pattern, s.guard(rt))
	}
	s.mux.HandleFunc(apiPrefix+"/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return blandby.Errorf(blandby.CodeNotFound, "no API route %s %s (see %s/openapi.json)", r.Method, r.URL.Path, apiPrefix)
	}))
	s.mux.HandleFunc("/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return blandby.Told(blandby.CodeNotFound, msg.Text("web.err.no_page", app.CutText(r.URL.Path, maxAuditPath)))
	}))
	return nil
}

// handle turns a handler that returns an error into an http.HandlerFunc.
func (s *Server) handle(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		if rec, ok := w.(*statusRecorder); ok && rec.wrote {
			// The response is under way (a client that went away while
			// it was written): too late for an error response.
			s.opts.Logger.Warn("response cut short", "method", r.Method, "path", r.URL.Path, "err", err)
			return
		}
		s.fail(w, r, err)
	}
}

// writeJSON writes v as indented JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":{"code":"internal","message":"internal error"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// pathYear reads the {year} of a path.
func pathYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 1900 || y > 9999 {
		return 0, blandby.InvalidField("year", msg.Text("web.err.list_year", r.PathValue("year")))
	}
	return y, nil
}

// queryRevision reads ?revision= (0 when absent: the latest).
func queryRevision(r *http.Request) (int, error) {
	v := r.URL.Query().Get("revision")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, blandby.InvalidField("revision", msg.Text("web.err.revision", v))
	}
	return n, nil
}

func (s *Server) apiYears(w http.ResponseWriter, r *http.Request) error {
	sums, err := s.data.summaries(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"synthetic": s.opts.Synthetic, "years": sums})
	return nil
}

// listFilter is the category, municipality and search filters of a list.
type listFilter struct {
	Category     string                   // "" (every area), "listed" (on some list) or a category
	Municipality blandby.MunicipalityCode // 0: every municipality
	// Query is the search as typed, trimmed ("": no search); an area
	// passes when its name, id, municipality or a department's name holds
	// it, case ignored.
	Query string
}

// maxQuery bounds a list's search, in characters.
const maxQuery = 100

// readFilter reads ?category=, ?municipality= and ?q=.
func readFilter(r *http.Request, v *listView) (listFilter, error) {
	q := r.URL.Query()
	f := listFilter{Category: q.Get("category"), Query: strings.Join(strings.Fields(q.Get("q")), " ")}
	switch f.Category {
	case "", "listed", string(blandby.None):
	default:
		c := blandby.Category(f.Category)
		if _, ok := v.RuleSet.List(c); !ok {
			return f, blandby.InvalidField("category", msg.Text("web.err.category", f.Category, v.Pub.Year, fmt.Sprint(v.Lists)))
		}
	}
	if m := q.Get("municipality"); m != "" {
		code, err := blandby.ParseMunicipalityCode(m)
		if err != nil {
			return f, blandby.InvalidField("municipality", msg.Text("web.err.municipality", m))
		}
		f.Municipality = code
	}
	if n := utf8.RuneCountInString(f.Query); n > maxQuery || !utf8.ValidString(f.Query) {
		return f, blandby.InvalidField("q", msg.Text("web.list.search_too_long", maxQuery))
	}
	return f, nil
}

// whole reports whether the filter keeps every area.
func (f listFilter) whole() bool { return f == listFilter{} }

// searchFold folds a text for the list's search: lower case.
func searchFold(s string) string { return strings.ToLower(s) }

// keep reports whether an entry of the list passes the filter: a category
// filter keeps the areas on that list (nesting counted).
func (v *listView) keep(f listFilter, e *export.Entry) bool {
	if f.Municipality != 0 && e.MunicipalityCode != f.Municipality {
		return false
	}
	if f.Query != "" && !strings.Contains(v.search[e.AreaID], searchFold(f.Query)) {
		return false
	}
	switch f.Category {
	case "":
		return true
	case "listed":
		return e.Category != blandby.None
	case string(blandby.None):
		return e.Category == blandby.None
	}
	for _, c := range e.On {
		if string(c) == f.Category {
			return true
		}
	}
	return false
}

// filtered returns the entries the filter keeps.
func (v *listView) filtered(f listFilter) []export.Entry {
	out := []export.Entry{}
	for i := range v.Entries {
		if v.keep(f, &v.Entries[i]) {
			out = append(out, v.Entries[i])
		}
	}
	return out
}

// selection is the part of the list a download under the filter holds,
// described in Danish as the files are written.
func (v *listView) selection(f listFilter) export.Selection {
	if f.whole() {
		return export.Selection{}
	}
	kept := map[string]bool{}
	for _, e := range v.filtered(f) {
		kept[e.AreaID] = true
	}
	var parts []string
	switch f.Category {
	case "":
	case "listed":
		parts = append(parts, msg.T(blandby.Danish, "web.list.selection.listed"))
	case string(blandby.None):
		parts = append(parts, msg.T(blandby.Danish, "web.list.selection.none"))
	default:
		parts = append(parts, msg.T(blandby.Danish, "web.list.selection.list", explain.ListName(v.RuleSet, blandby.Category(f.Category), blandby.Danish)))
	}
	if f.Municipality != 0 {
		name := strconv.Itoa(int(f.Municipality))
		if m, ok := dk.MunicipalityByCode(f.Municipality); ok {
			name = m.Name
		}
		parts = append(parts, msg.T(blandby.Danish, "web.list.selection.municipality", name))
	}
	if f.Query != "" {
		parts = append(parts, msg.T(blandby.Danish, "web.list.selection.search", f.Query))
	}
	return export.Selection{Keep: func(id string) bool { return kept[id] }, Description: strings.Join(parts, "; ")}
}

// query returns the filter as URL query parameters ("" for none), to
// carry it into links.
func (f listFilter) query() string {
	q := url.Values{}
	if f.Category != "" {
		q.Set("category", f.Category)
	}
	if f.Municipality != 0 {
		q.Set("municipality", strconv.Itoa(int(f.Municipality)))
	}
	if f.Query != "" {
		q.Set("q", f.Query)
	}
	return q.Encode()
}

// listJSON is a published list as the API gives it.
type listJSON struct {
	Year        int                      `json:"year"`
	Revision    int                      `json:"revision"`
	Kind        string                   `json:"kind"`
	RuleSet     string                   `json:"rule_set"`
	PublishedAt time.Time                `json:"published_at"`
	PublishedBy string                   `json:"published_by"`
	Reason      string                   `json:"reason,omitempty"`
	SHA256      string                   `json:"content_sha256"`
	Lists       []listName               `json:"lists"`
	Counts      map[blandby.Category]int `json:"counts"`
	Count       int                      `json:"count"`
	Areas       []export.Entry           `json:"areas"`
}

type listName struct {
	Category blandby.Category `json:"category"`
	Name     blandby.Text     `json:"name"`
	LegalRef string           `json:"legal_ref"`
}

// requestedList returns the published list a request names by its path's
// {year} and ?revision=, and its ?category=, ?municipality= and ?q=
// filter.
func (s *Server) requestedList(r *http.Request) (*listView, listFilter, error) {
	year, err := pathYear(r)
	if err != nil {
		return nil, listFilter{}, err
	}
	rev, err := queryRevision(r)
	if err != nil {
		return nil, listFilter{}, err
	}
	v, err := s.data.list(r.Context(), year, rev)
	if err != nil {
		return nil, listFilter{}, err
	}
	f, err := readFilter(r, v)
	return v, f, err
}

func (s *Server) apiList(w http.ResponseWriter, r *http.Request) error {
	v, f, err := s.requestedList(r)
	if err != nil {
		return err
	}
	b, err := v.listJSON(f)
	if err != nil {
		return err
	}
	writeCached(w, r, b)
	return nil
}

// encoded is a response body encoded once, with its entity tag.
type encoded struct {
	body []byte
	etag string
}

// listJSON returns the list's JSON under a filter, encoded once for a
// filter without search: a published revision never changes.
func (v *listView) listJSON(f listFilter) (*encoded, error) {
	if b, ok := v.encoded.Load(f); ok {
		return b.(*encoded), nil
	}
	out := listJSON{Year: v.Pub.Year, Revision: v.Pub.Revision, Kind: v.Pub.Kind, RuleSet: v.Pub.RuleSet, PublishedAt: v.Pub.PublishedAt,
		PublishedBy: v.Pub.PublishedBy, Reason: v.Pub.Reason, SHA256: v.Pub.ContentSHA256, Counts: map[blandby.Category]int{}, Areas: v.filtered(f)}
	for _, c := range v.Lists {
		l, _ := v.RuleSet.List(c)
		out.Lists = append(out.Lists, listName{Category: c, Name: l.Name, LegalRef: l.LegalRef})
		out.Counts[c] = v.OnCounts[c]
	}
	out.Count = len(out.Areas)
	body, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	e := &encoded{body: append(body, '\n'), etag: `"` + hex.EncodeToString(sum[:16]) + `"`}
	if f.Query == "" { // searches are the client's to make up: not kept
		v.encoded.Store(f, e)
	}
	return e, nil
}

// writeCached writes an encoded JSON body, or 304 Not Modified when the
// client holds it already.
func writeCached(w http.ResponseWriter, r *http.Request, e *encoded) {
	h := w.Header()
	h.Set("ETag", e.etag)
	h.Set("Cache-Control", "no-cache")
	if inm := r.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, e.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(e.body)))
	_, _ = w.Write(e.body)
}

// apiDownload answers the list as a file in a format, holding only the
// areas its filters (?category=, ?municipality=, ?q=) keep; a filtered
// file's name ends in "-udsnit".
func (s *Server) apiDownload(w http.ResponseWriter, r *http.Request) error {
	format, err := export.ParseFormat(r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	v, f, err := s.requestedList(r)
	if err != nil {
		return err
	}
	ix, err := s.data.current(r.Context())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := export.WriteSelection(&buf, format, v.pub, ix.areas, v.RuleSet, v.selection(f)); err != nil {
		return err
	}
	name := export.FileName(v.pub, format)
	if !f.whole() {
		name = strings.TrimSuffix(name, format.Extension()) + "-udsnit" + format.Extension()
	}
	w.Header().Set("Content-Type", format.ContentType())
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, err = io.Copy(w, &buf)
	return err
}

func (s *Server) apiArea(w http.ResponseWriter, r *http.Request) error {
	a, err := s.data.area(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// ruleSetJSON is a rule set as the API gives it.
type ruleSetJSON struct {
	ID            string          `json:"id"`
	ValidFrom     string          `json:"valid_from"`
	FirstListYear int             `json:"first_list_year"`
	LastListYear  int             `json:"last_list_year,omitempty"`
	Title         blandby.Text    `json:"title"`
	Source        blandby.Text    `json:"source"`
	MinResidents  int64           `json:"min_residents"`
	AreaLegalRef  string          `json:"area_legal_ref"`
	Criteria      []criterionJSON `json:"criteria"`
	Lists         []ruleListJSON  `json:"lists"`
	Notes         []blandby.Text  `json:"notes"`
}

type criterionJSON struct {
	ID            string            `json:"id"`
	Indicator     blandby.Indicator `json:"indicator"`
	Label         blandby.Text      `json:"label"`
	LegalRef      string            `json:"legal_ref"`
	Operator      law.Operator      `json:"operator"`
	ThresholdKind law.ThresholdKind `json:"threshold_kind"`
	// Threshold is exact: a share (2/5 for 40 %) or a multiple.
	Threshold blandby.Ratio `json:"threshold"`
	// Rule is the threshold in words.
	Rule      blandby.Text `json:"rule"`
	DataYears []int        `json:"data_years"`
	Note      blandby.Text `json:"note"`
}

type ruleListJSON struct {
	Category blandby.Category `json:"category"`
	Name     blandby.Text     `json:"name"`
	LegalRef string           `json:"legal_ref"`
	Rule     blandby.Text     `json:"rule"`
}

func ruleSetOf(rs *law.RuleSet) ruleSetJSON {
	out := ruleSetJSON{ID: rs.ID, ValidFrom: rs.ValidFrom.Format(time.DateOnly), FirstListYear: rs.FirstListYear, LastListYear: rs.LastListYear,
		Title: rs.Title, Source: rs.Source, MinResidents: rs.Area.MinResidents, AreaLegalRef: rs.Area.LegalRef,
		Criteria: []criterionJSON{}, Lists: []ruleListJSON{}, Notes: rs.Notes}
	if out.Notes == nil {
		out.Notes = []blandby.Text{}
	}
	for _, c := range rs.Criteria {
		out.Criteria = append(out.Criteria, criterionJSON{ID: c.ID, Indicator: c.Indicator, Label: c.Label, LegalRef: c.LegalRef,
			Operator: c.Operator, ThresholdKind: c.Threshold.Kind, Threshold: c.Threshold.Value,
			Rule:      blandby.Text{DA: explain.Threshold(c, blandby.Danish), EN: explain.Threshold(c, blandby.English)},
			DataYears: c.DataYears, Note: c.Note})
	}
	for i := range rs.Lists {
		l := &rs.Lists[i]
		out.Lists = append(out.Lists, ruleListJSON{Category: l.Category, Name: l.Name, LegalRef: l.LegalRef,
			Rule: blandby.Text{DA: explain.ListRule(rs, l, blandby.Danish), EN: explain.ListRule(rs, l, blandby.English)}})
	}
	return out
}

// ruleSetAt reads ?at=YYYY-MM-DD (default: today) and returns the rule
// set in force then.
func (s *Server) ruleSetAt(r *http.Request) (*law.RuleSet, error) {
	at := time.Now()
	if v := r.URL.Query().Get("at"); v != "" {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return nil, blandby.InvalidField("at", msg.Text("web.err.date", v))
		}
		at = t
	}
	return s.cat.At(at)
}

func (s *Server) apiRules(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Has("at") {
		rs, err := s.ruleSetAt(r)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, ruleSetOf(rs))
		return nil
	}
	out := []ruleSetJSON{}
	for _, rs := range s.cat.All() {
		out = append(out, ruleSetOf(rs))
	}
	writeJSON(w, http.StatusOK, map[string]any{"rule_sets": out})
	return nil
}

// comparison is the udsat and forebyggelse criteria side by side (the
// strategy's Figur 2).
type comparison struct {
	RuleSet string          `json:"rule_set"`
	Lists   []compareColumn `json:"lists"`
}

type compareColumn struct {
	Category blandby.Category `json:"category"`
	Name     blandby.Text     `json:"name"`
	Rule     blandby.Text     `json:"rule"`
	Criteria []criterionJSON  `json:"criteria"`
}

// compare builds the comparison of two lists of a rule set.
func compare(rs *law.RuleSet, lists ...blandby.Category) (comparison, error) {
	out := comparison{RuleSet: rs.ID}
	all := ruleSetOf(rs)
	for _, c := range lists {
		l, ok := rs.List(c)
		if !ok {
			return out, blandby.Errorf(blandby.CodeNotFound, "rule set %s has no %s list (the comparison needs the rules of 2021 or later)", rs.ID, c)
		}
		col := compareColumn{Category: c, Name: l.Name,
			Rule: blandby.Text{DA: explain.ListRule(rs, l, blandby.Danish), EN: explain.ListRule(rs, l, blandby.English)}, Criteria: []criterionJSON{}}
		ids := map[string]bool{}
		for _, id := range l.RequiresCriteria {
			ids[id] = true
		}
		if l.AtLeast != nil {
			for _, id := range l.AtLeast.Of {
				ids[id] = true
			}
		}
		for _, cj := range all.Criteria {
			if ids[cj.ID] {
				col.Criteria = append(col.Criteria, cj)
			}
		}
		out.Lists = append(out.Lists, col)
	}
	return out, nil
}

func (s *Server) apiCompare(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.ruleSetAt(r)
	if err != nil {
		return err
	}
	c, err := compare(rs, blandby.Udsat, blandby.Forebyggelse)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// whatIfRequest is the body of POST /whatif.
type whatIfRequest struct {
	Year    int             `json:"year"`
	Changes []whatif.Change `json:"changes"`
}

func (s *Server) apiWhatIf(w http.ResponseWriter, r *http.Request) error {
	if err := requireJSON(r, "what-if"); err != nil {
		return err
	}
	var req whatIfRequest
	if err := decodeStrict(http.MaxBytesReader(w, r.Body, maxWhatIfBody), "what-if", &req); err != nil {
		return err
	}
	res, err := s.whatIf(r, req.Year, req.Changes)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// whatIfCost is what a what-if costs of its caller's request budget (a
// read costs 1): a what-if recomputes every area of a year (tens of
// milliseconds of a core), so that one caller cannot keep the cores busy.
const whatIfCost = 10

// whatIf runs a what-if on the stored indicators of a published year,
// spending whatIfCost of the caller's request budget (the request itself
// has spent 1).
func (s *Server) whatIf(r *http.Request, year int, changes []whatif.Change) (*whatif.Result, error) {
	if year == 0 {
		return nil, blandby.InvalidField("year", msg.Text("web.err.year_required"))
	}
	years, err := s.data.years(r.Context())
	if err != nil {
		return nil, err
	}
	if _, err := publishedYear(strconv.Itoa(year), years); err != nil {
		return nil, err
	}
	lim, rate, key := s.limiterFor(identityOf(r))
	if lim != nil && !lim.AllowN(key, whatIfCost-1) {
		return nil, &tooManyError{retry: time.Duration(float64(whatIfCost) / rate * float64(time.Second)), what: "web.rate.whatifs"}
	}
	v, err := s.data.list(r.Context(), year, 0)
	if err != nil {
		return nil, err
	}
	rows, hist, err := s.data.indicatorsOf(r.Context(), v)
	if err != nil {
		return nil, err
	}
	return whatif.Run(v.RuleSet, year, rows, hist, changes)
}

// apiGeo serves embedded boundaries.
func (s *Server) apiGeo(data func() []byte) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "application/geo+json")
		w.Header().Set("Cache-Control", "public, max-age=86400")
		_, err := w.Write(data())
		return err
	}
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	b, err := openAPIDocument()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(b)
	return err
}
