package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/letting"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
)

// policyStatus is a status a flexible-letting criterion may name, with
// its words.
type policyStatus struct {
	Code string
	Text blandby.Text
}

// policyStatuses are the statuses a flexible-letting criterion may name,
// in the order the form offers them.
var policyStatuses = []policyStatus{
	{letting.Employed, msg.Text("web.letting.label.employed")},
	{letting.SelfEmployed, msg.Text("web.letting.label.self_employed")},
	{letting.StatusInEducation, msg.Text("web.lettingpages.status.in_education")},
	{letting.StatusStudent, msg.Text("web.lettingpages.status.student")},
	{letting.Unemployed, msg.Text("web.letting.label.unemployed")},
	{letting.Pensioner, msg.Text("web.letting.label.pensioner")},
	{letting.NoWork, msg.Text("web.letting.label.none")},
}

// statusWords returns a status's words (the code itself for one the form
// does not know).
func statusWords(l blandby.Lang, code string) string {
	for _, s := range policyStatuses {
		if s.Code == code {
			return s.Text.In(l)
		}
	}
	return code
}

// policyOption is a municipal option of the letting rules, in the words
// of the rule that reads it.
type policyOption struct {
	Code, Label, LegalRef string
}

// policyOptions returns the options the letting rule sets read, each in
// the words of the latest rule set's test that reads it.
func policyOptions(cat *letting.Catalog, l blandby.Lang) []policyOption {
	words := map[string]policyOption{}
	for _, rs := range cat.All() {
		for _, r := range rs.Rules {
			for _, t := range r.Tests {
				if t.Option != "" {
					words[t.Option] = policyOption{Code: t.Option, Label: t.Label.In(l), LegalRef: t.LegalRef}
				}
			}
		}
	}
	var out []policyOption
	for _, code := range lettingOptions(cat) {
		out = append(out, words[code])
	}
	return out
}

// criterionWords is a priority group of a policy, in words.
type criterionWords struct {
	Group           int
	ID, Label, Whom string
}

// combinedWords is a § 51 b decision of a policy, in words.
type combinedWords struct {
	Departments, Residents, OutsideLabour string
	DecidedOn                             letting.Date
}

// policyWords is a saved version of a policy, in words.
type policyWords struct {
	Version   int
	Author    string
	SavedAt   time.Time
	ValidFrom letting.Date
	Criteria  []criterionWords
	Combined  []combinedWords
	Options   []policyOption
	// Share is the municipality's listed share of its public family
	// dwellings in words ("" when not given).
	Share string
}

// policyWordsOf describes a saved version in words.
func policyWordsOf(v store.LettingPolicy, options []policyOption, l blandby.Lang) policyWords {
	p := v.Policy
	out := policyWords{Version: v.Version, Author: v.Author, SavedAt: v.SavedAt, ValidFrom: p.ValidFrom}
	for i, c := range p.Criteria {
		var whom []string
		for _, s := range c.AnyOf {
			whom = append(whom, statusWords(l, s))
		}
		out.Criteria = append(out.Criteria, criterionWords{Group: i + 1, ID: c.ID, Label: c.Label.In(l),
			Whom: strings.Join(whom, msg.T(l, "web.lettingpages.policy.or"))})
	}
	for _, d := range p.CombinedLetting {
		cw := combinedWords{Departments: strings.Join(d.Departments, ", "), Residents: msg.N(l, "web.lettingpages.policy.residents", int(d.Residents), explain.Int(d.Residents, l)), DecidedOn: d.DecidedOn}
		if r, err := blandby.ParsePercent(d.OutsideLabourPct); err == nil {
			cw.OutsideLabour = explain.PercentShort(r, 2, l)
		}
		out.Combined = append(out.Combined, cw)
	}
	for _, o := range options {
		if slices.Contains(p.Options, o.Code) {
			out.Options = append(out.Options, o)
		}
	}
	if s := p.ListedFamilyShare; s != nil && s.Total > 0 {
		out.Share = msg.T(l, "web.lettingpages.policy.share", explain.Int(s.Listed, l), msg.N(l, "web.lettingpages.policy.family_dwellings", int(s.Total), explain.Int(s.Total, l)),
			explain.PercentShort(blandby.NewRatio(s.Listed, s.Total), 1, l))
	}
	return out
}

// policyChanges says in words what a version changed against the one
// before it (nil: the first version).
func policyChanges(prev *letting.Policy, p letting.Policy, options []policyOption, l blandby.Lang) []string {
	if prev == nil {
		return []string{msg.T(l, "web.lettingpages.change.first")}
	}
	var out []string
	if !prev.ValidFrom.Equal(p.ValidFrom.Time) {
		out = append(out, msg.T(l, "web.lettingpages.change.valid_from", p.ValidFrom.String(), prev.ValidFrom.String()))
	}
	old := map[string]letting.Criterion{}
	var oldIDs, newIDs []string
	for _, c := range prev.Criteria {
		old[c.ID] = c
		oldIDs = append(oldIDs, c.ID)
	}
	for _, c := range p.Criteria {
		newIDs = append(newIDs, c.ID)
		o, ok := old[c.ID]
		switch {
		case !ok:
			out = append(out, msg.T(l, "web.lettingpages.change.criterion_added", c.Label.In(l)))
		case o.Label != c.Label || !slices.Equal(o.AnyOf, c.AnyOf):
			out = append(out, msg.T(l, "web.lettingpages.change.criterion_changed", c.Label.In(l)))
		}
	}
	for _, c := range prev.Criteria {
		if !slices.Contains(newIDs, c.ID) {
			out = append(out, msg.T(l, "web.lettingpages.change.criterion_removed", c.Label.In(l)))
		}
	}
	kept := func(ids, other []string) []string {
		return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return !slices.Contains(other, id) })
	}
	if !slices.Equal(kept(oldIDs, newIDs), kept(newIDs, oldIDs)) {
		out = append(out, msg.T(l, "web.lettingpages.change.criteria_order"))
	}
	key := func(d letting.CombinedLettingDecision) string { return strings.Join(d.Departments, ", ") }
	oldDecisions := map[string]letting.CombinedLettingDecision{}
	for _, d := range prev.CombinedLetting {
		oldDecisions[key(d)] = d
	}
	newKeys := map[string]bool{}
	for _, d := range p.CombinedLetting {
		newKeys[key(d)] = true
		o, ok := oldDecisions[key(d)]
		switch {
		case !ok:
			out = append(out, msg.T(l, "web.lettingpages.change.combined_added", key(d)))
		case o.Residents != d.Residents || o.OutsideLabourPct != d.OutsideLabourPct || !o.DecidedOn.Equal(d.DecidedOn.Time):
			out = append(out, msg.T(l, "web.lettingpages.change.combined_changed", key(d)))
		}
	}
	for _, d := range prev.CombinedLetting {
		if !newKeys[key(d)] {
			out = append(out, msg.T(l, "web.lettingpages.change.combined_removed", key(d)))
		}
	}
	for _, o := range options {
		switch had, has := slices.Contains(prev.Options, o.Code), slices.Contains(p.Options, o.Code); {
		case has && !had:
			out = append(out, msg.T(l, "web.lettingpages.change.option_added", o.Label))
		case had && !has:
			out = append(out, msg.T(l, "web.lettingpages.change.option_removed", o.Label))
		}
	}
	if (prev.ListedFamilyShare == nil) != (p.ListedFamilyShare == nil) ||
		(prev.ListedFamilyShare != nil && *prev.ListedFamilyShare != *p.ListedFamilyShare) {
		out = append(out, msg.T(l, "web.lettingpages.change.share"))
	}
	if len(out) == 0 {
		out = append(out, msg.T(l, "web.lettingpages.change.none"))
	}
	return out
}

// policyVersionRow is a line of a policy's version history.
type policyVersionRow struct {
	Version   int
	Author    string
	SavedAt   time.Time
	ValidFrom letting.Date
	Changes   []string
	// InForce marks the version in force today.
	InForce bool
}

// policyChoice is a municipality whose policy a housing organisation may
// see.
type policyChoice struct {
	Code blandby.MunicipalityCode
	Name string
}

// policyView is the letting policy page's data.
type policyView struct {
	Municipality blandby.MunicipalityCode
	Name         string
	// Choices are the municipalities to choose from (a housing
	// organisation with departments in several).
	Choices []policyChoice
	// Shown is the version shown (nil: none saved); Latest is the latest
	// version's number (0: none).
	Shown    *policyWords
	Latest   int
	InForce  int
	Versions []policyVersionRow
	// CanEdit shows the form (the municipality's own policy).
	CanEdit bool
	// Saved is the version just saved (0: none).
	Saved int
	// The form: its values, the errors by field, and a message for the
	// whole form.
	lang          blandby.Lang
	form          url.Values
	Errors        map[string]string
	Message       string
	CriterionRows []formRow
	CombinedRows  []formRow
	Statuses      []policyOption
	Options       []policyOption
	CSRF          string
}

func (policyView) lettingNav() string { return "policy" }

// F returns a form value.
func (v policyView) F(name string) string { return v.form.Get(name) }

// In returns a field of the form.
func (v policyView) In(name, typ string) formField {
	return newField(v.form, v.Errors, v.lang, name, typ)
}

// Checked reports whether a checkbox of the form is ticked.
func (v policyView) Checked(name, value string) bool { return slices.Contains(v.form[name], value) }

// Err returns the error of a form field ("" when none).
func (v policyView) Err(name string) string { return v.Errors[name] }

// policyForm is the form's values for a policy (the latest version, or
// none).
func policyForm(p *letting.Policy, prev int) url.Values {
	f := url.Values{"prev": {strconv.Itoa(prev)}}
	if p == nil {
		f.Set("valid_from", time.Now().UTC().Format(time.DateOnly))
		return f
	}
	f.Set("valid_from", p.ValidFrom.String())
	for i, c := range p.Criteria {
		f.Set(fmt.Sprintf("c%d_id", i), c.ID)
		f.Set(fmt.Sprintf("c%d_label_da", i), c.Label.DA)
		f.Set(fmt.Sprintf("c%d_label_en", i), c.Label.EN)
		f[fmt.Sprintf("c%d_status", i)] = slices.Clone(c.AnyOf)
	}
	for i, d := range p.CombinedLetting {
		f.Set(fmt.Sprintf("b%d_departments", i), strings.Join(d.Departments, ", "))
		f.Set(fmt.Sprintf("b%d_residents", i), strconv.FormatInt(d.Residents, 10))
		f.Set(fmt.Sprintf("b%d_pct", i), d.OutsideLabourPct)
		f.Set(fmt.Sprintf("b%d_decided_on", i), d.DecidedOn.String())
	}
	f["option"] = slices.Clone(p.Options)
	if s := p.ListedFamilyShare; s != nil {
		f.Set("share_listed", strconv.FormatInt(s.Listed, 10))
		f.Set("share_total", strconv.FormatInt(s.Total, 10))
	}
	f.Set("criterion_rows", strconv.Itoa(len(p.Criteria)+2))
	f.Set("combined_rows", strconv.Itoa(len(p.CombinedLetting)+1))
	return f
}

// formRows reads a row count of the form: at least least, at most 50.
func formRows(f url.Values, name string, least int) []formRow {
	n, _ := strconv.Atoi(f.Get(name))
	n = min(max(n, least), 50)
	rows := make([]formRow, n)
	for i := range rows {
		rows[i] = formRow{I: i, N: i + 1}
	}
	return rows
}

// policyFromForm reads the policy of the form; errs holds each bad
// field's error in both languages.
func policyFromForm(f url.Values, options []policyOption) (letting.Policy, map[string]blandby.Text) {
	errs := map[string]blandby.Text{}
	var p letting.Policy
	get := func(name string) string { return strings.TrimSpace(f.Get(name)) }
	date := func(name string, required bool) letting.Date {
		s := get(name)
		if s == "" {
			if required {
				errs[name] = msg.Text("web.lettingpages.err.date_required")
			}
			return letting.Date{}
		}
		d, ok := parseFormDate(s)
		if !ok {
			errs[name] = msg.Text("web.lettingpages.err.date", s)
		}
		return d
	}
	p.ValidFrom = date("valid_from", true)
	ids := map[string]bool{}
	for _, row := range formRows(f, "criterion_rows", 3) {
		i := row.I
		name := func(field string) string { return fmt.Sprintf("c%d_%s", i, field) }
		c := letting.Criterion{ID: get(name("id")), Label: blandby.Text{DA: get(name("label_da")), EN: get(name("label_en"))}, AnyOf: f[name("status")]}
		if c.ID == "" && c.Label.DA == "" && c.Label.EN == "" && len(c.AnyOf) == 0 {
			continue
		}
		switch {
		case c.ID == "":
			errs[name("id")] = msg.Text("web.lettingpages.err.criterion_id")
		case ids[c.ID]:
			errs[name("id")] = msg.Text("web.lettingpages.err.criterion_id_twice", c.ID)
		}
		ids[c.ID] = true
		if c.Label.DA == "" {
			errs[name("label_da")] = msg.Text("web.lettingpages.err.label_da")
		}
		if c.Label.EN == "" {
			errs[name("label_en")] = msg.Text("web.lettingpages.err.label_en")
		}
		if len(c.AnyOf) == 0 {
			errs[name("status")] = msg.Text("web.lettingpages.err.statuses")
		}
		for _, s := range c.AnyOf {
			if !slices.ContainsFunc(policyStatuses, func(x policyStatus) bool { return x.Code == s }) {
				errs[name("status")] = msg.Text("web.lettingpages.err.status_unknown", s)
			}
		}
		p.Criteria = append(p.Criteria, c)
	}
	for _, row := range formRows(f, "combined_rows", 1) {
		i := row.I
		name := func(field string) string { return fmt.Sprintf("b%d_%s", i, field) }
		deps := strings.FieldsFunc(get(name("departments")), func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
		res, pct, on := get(name("residents")), get(name("pct")), get(name("decided_on"))
		if len(deps) == 0 && res == "" && pct == "" && on == "" {
			continue
		}
		d := letting.CombinedLettingDecision{Departments: deps, OutsideLabourPct: pct}
		if len(deps) == 0 {
			errs[name("departments")] = msg.Text("web.lettingpages.err.departments")
		}
		n, err := strconv.ParseInt(strings.NewReplacer(".", "", " ", "").Replace(res), 10, 64)
		if err != nil || n <= 0 {
			errs[name("residents")] = msg.Text("web.lettingpages.err.residents", res)
		}
		d.Residents = n
		if r, err := blandby.ParsePercent(pct); err != nil || r.Sign() < 0 || r.Cmp(blandby.RatioInt(1)) > 0 {
			errs[name("pct")] = msg.Text("web.lettingpages.err.percent", pct)
		}
		d.DecidedOn = date(name("decided_on"), true)
		p.CombinedLetting = append(p.CombinedLetting, d)
	}
	for _, o := range f["option"] {
		if !slices.ContainsFunc(options, func(x policyOption) bool { return x.Code == o }) {
			errs["option"] = msg.Text("web.lettingpages.err.option", o)
			continue
		}
		p.Options = append(p.Options, o)
	}
	listed, total := get("share_listed"), get("share_total")
	if listed != "" || total != "" {
		num := func(name, s string) int64 {
			n, err := strconv.ParseInt(strings.NewReplacer(".", "", " ", "").Replace(s), 10, 64)
			if err != nil || n < 0 {
				errs[name] = msg.Text("web.lettingpages.err.count", s)
			}
			return n
		}
		s := letting.DwellingShare{Listed: num("share_listed", listed), Total: num("share_total", total)}
		if _, bad := errs["share_total"]; !bad && s.Total <= 0 {
			errs["share_total"] = msg.Text("web.lettingpages.err.share_total")
		}
		if _, bad := errs["share_listed"]; !bad && s.Listed > s.Total {
			errs["share_listed"] = msg.Text("web.lettingpages.err.share_listed")
		}
		p.ListedFamilyShare = &s
	}
	return p, errs
}

// policyPage shows a municipality's letting policy: the one of the path,
// or the principal's own (a housing organisation with departments in
// several municipalities chooses one).
func (s *Server) policyPage(w http.ResponseWriter, r *http.Request) error {
	l := lang(w, r)
	ctx := r.Context()
	p := identityOf(r).p
	scopes, err := s.lettingScopes(ctx, p)
	if err != nil {
		return err
	}
	var muni blandby.MunicipalityCode
	if r.PathValue("kommunekode") == "" {
		if len(scopes) != 1 {
			v := policyView{}
			for _, c := range scopes {
				v.Choices = append(v.Choices, policyChoice{Code: c, Name: municipalityName(l, c)})
			}
			return s.render(w, r, http.StatusOK, "letting_policy", msg.T(l, "web.lettingpages.policy.title_choose"), v)
		}
		muni = scopes[0]
	} else if muni, err = s.policyMunicipality(r, scopes, auth.ActionDecideLetting); err != nil {
		return err
	}
	version := 0
	if q := r.URL.Query().Get("version"); q != "" {
		if version, err = strconv.Atoi(q); err != nil || version < 1 {
			return blandby.Told(blandby.CodeInvalid, msg.Text("web.lettingpages.err.version", q))
		}
	}
	saved, _ := strconv.Atoi(r.URL.Query().Get("gemt"))
	v, err := s.policyView(r, l, muni, version, nil)
	if err != nil {
		return err
	}
	v.Saved = saved
	return s.render(w, r, http.StatusOK, "letting_policy", msg.T(l, "web.lettingpages.policy.title", v.Name), v)
}

// policyMunicipality reads the municipality of the path and checks that
// the principal may act on its policy (one of scopes); a refusal is
// audited as a refusal of action.
func (s *Server) policyMunicipality(r *http.Request, scopes []blandby.MunicipalityCode, action auth.Action) (blandby.MunicipalityCode, error) {
	muni, err := blandby.ParseMunicipalityCode(r.PathValue("kommunekode"))
	if err != nil || !muni.Valid() {
		return 0, blandby.Told(blandby.CodeNotFound, msg.Text("web.lettingpages.err.municipality", r.PathValue("kommunekode")))
	}
	if slices.Contains(scopes, muni) {
		return muni, nil
	}
	who := identityOf(r)
	denial := fmt.Sprintf("%s may %s only for the letting policies of %v", who.p, action, scopes)
	s.audit(r.Context(), who, string(action), fmt.Sprintf("letting policy %d", muni), store.AuditDenied, denial)
	var names []string
	for _, c := range scopes {
		names = append(names, municipalityName(blandby.Danish, c))
	}
	own := strings.Join(names, ", ")
	id := "web.lettingpages.denied.other_policy"
	if who.p.Role == auth.RoleHousingOrg {
		id = "web.lettingpages.denied.other_policy_org"
	}
	return 0, &blandby.Error{Code: blandby.CodeForbidden, Text: msg.Text(id, own, municipalityName(blandby.Danish, muni)),
		Err: fmt.Errorf("%s", denial)}
}

// policyView builds the page of a municipality's policy, showing a
// version (0: the latest); form is the posted form (nil: the latest
// version's values).
func (s *Server) policyView(r *http.Request, l blandby.Lang, muni blandby.MunicipalityCode, version int, form url.Values) (policyView, error) {
	ctx := r.Context()
	ls, err := s.letting()
	if err != nil {
		return policyView{}, err
	}
	vs, err := s.policyVersions(ctx, ls, muni)
	if err != nil {
		return policyView{}, err
	}
	options := policyOptions(ls.cat, l)
	v := policyView{lang: l, Municipality: muni, Name: municipalityName(l, muni), Options: options, Latest: len(vs),
		CanEdit: auth.Allowed(identityOf(r).p, auth.ActionLettingPolicy, auth.Resource{Municipality: muni})}
	for _, st := range policyStatuses {
		v.Statuses = append(v.Statuses, policyOption{Code: st.Code, Label: st.Text.In(l)})
	}
	if inForce, ok := store.PolicyAt(vs, letting.DateOf(time.Now().UTC())); ok {
		v.InForce = inForce.Version
	}
	for i := len(vs) - 1; i >= 0; i-- {
		var prev *letting.Policy
		if i > 0 {
			prev = &vs[i-1].Policy
		}
		v.Versions = append(v.Versions, policyVersionRow{Version: vs[i].Version, Author: vs[i].Author, SavedAt: vs[i].SavedAt,
			ValidFrom: vs[i].Policy.ValidFrom, Changes: policyChanges(prev, vs[i].Policy, options, l), InForce: vs[i].Version == v.InForce})
	}
	if version > len(vs) {
		return v, blandby.Told(blandby.CodeNotFound, msg.Text("web.lettingpages.err.no_version", version, municipalityName(blandby.Danish, muni)))
	}
	if len(vs) > 0 {
		shown := vs[len(vs)-1]
		if version > 0 {
			shown = vs[version-1]
		}
		words := policyWordsOf(shown, options, l)
		v.Shown = &words
	}
	if form == nil {
		var latest *letting.Policy
		if len(vs) > 0 {
			latest = &vs[len(vs)-1].Policy
		}
		form = policyForm(latest, len(vs))
	}
	v.form = form
	v.CriterionRows = formRows(form, "criterion_rows", 3)
	v.CombinedRows = formRows(form, "combined_rows", 1)
	if id := identityOf(r); id.session != "" {
		v.CSRF = auth.CSRFToken(id.sessionID)
	}
	return v, nil
}

// policyPost saves a new version of the municipality's policy from the
// form (app.SaveLettingPolicy: all or nothing, audited) and shows it; a
// form with errors is shown again with each error beside its field.
func (s *Server) policyPost(w http.ResponseWriter, r *http.Request) error {
	l := lang(w, r)
	ctx := r.Context()
	if err := s.postedForm(w, r, maxLettingBody, auth.ActionLettingPolicy, "letting policy form"); err != nil {
		return err
	}
	p := identityOf(r).p
	var own []blandby.MunicipalityCode
	if m, ok := p.Municipality(); ok {
		own = append(own, m)
	}
	muni, err := s.policyMunicipality(r, own, auth.ActionLettingPolicy)
	if err != nil {
		return err
	}
	ls, err := s.letting()
	if err != nil {
		return err
	}
	prev, err := strconv.Atoi(r.PostForm.Get("prev"))
	if err != nil || prev < 0 {
		return blandby.Told(blandby.CodeInvalid, msg.Text("web.err.form_unreadable"))
	}
	policy, errs := policyFromForm(r.PostForm, policyOptions(ls.cat, l))
	var saved store.LettingPolicy
	if len(errs) == 0 {
		saved, err = app.SaveLettingPolicy(ctx, s.st, ls.cat, webActor(r), muni, policy, prev, time.Now().UTC())
		ls.forgetPolicies(muni)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/tildeling/politik/%d?gemt=%d", muni, saved.Version), http.StatusSeeOther)
			return nil
		}
	}
	status := http.StatusBadRequest
	v, verr := s.policyView(r, l, muni, 0, r.PostForm)
	if verr != nil {
		return verr
	}
	v.Errors = map[string]string{}
	for f, t := range errs {
		v.Errors[f] = t.In(l)
	}
	switch code := blandby.CodeOf(err); {
	case err == nil:
		v.Message = msg.N(l, "web.lettingpages.err.form", len(errs))
	case code == blandby.CodeConflict:
		status, v.Message = http.StatusConflict, msg.T(l, "web.lettingpages.err.conflict", v.Latest)
		v.form.Set("prev", strconv.Itoa(v.Latest))
	case code == blandby.CodeInvalid:
		_, v.Message = blandby.Explain(err, l)
	default:
		return err
	}
	return s.render(w, r, status, "letting_policy", msg.T(l, "web.lettingpages.policy.title", v.Name), v)
}
