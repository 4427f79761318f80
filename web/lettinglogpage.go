package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/letting"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
)

// decisionLogPageSize is how many decisions a page of the log shows.
const decisionLogPageSize = 25

// decisionRow is a logged decision as a line of the log.
type decisionRow struct {
	store.LettingDecision
	AreaName string
}

// decisionLogView is the decision log page's data.
type decisionLogView struct {
	// Scope says whose decisions these are, in words.
	Scope string
	Rows  []decisionRow
	// Before is the id the page starts before ("": the newest); Older is
	// the id the next page starts before ("": none).
	Before, Older string
	// Query is the id searched for; QueryErr its error.
	Query, QueryErr string
}

func (decisionLogView) lettingNav() string { return "log" }

// decisionView is one logged decision's page.
type decisionView struct {
	Logged   store.LettingDecision
	Decision letting.Decision
	AreaName string
}

func (decisionView) lettingNav() string { return "log" }

// decisionScope is whose decisions the principal reads, and the words
// for it.
func decisionScope(p auth.Principal, l blandby.Lang) (store.DecisionScope, string, error) {
	if m, ok := p.Municipality(); ok {
		return store.DecisionScope{Municipality: m}, msg.T(l, "web.lettingpages.log.scope_municipality", auth.MunicipalityName(m, l), int(m)), nil
	}
	if p.Role == auth.RoleHousingOrg && p.Scope != "" {
		return store.DecisionScope{HousingOrg: p.Scope}, msg.T(l, "web.lettingpages.log.scope_housing_org", p.Scope), nil
	}
	return store.DecisionScope{}, "", blandby.Told(blandby.CodeForbidden, msg.Text("web.lettingpages.denied.not_municipality"))
}

// decisionLogPage shows the principal's letting decisions, newest first,
// a page at a time (?foer= the id a page starts before); ?id= opens a
// decision.
func (s *Server) decisionLogPage(w http.ResponseWriter, r *http.Request) error {
	l := lang(w, r)
	ctx := r.Context()
	q := r.URL.Query()
	title := msg.T(l, "web.lettingpages.log.title")
	scope, words, err := decisionScope(identityOf(r).p, l)
	if err != nil {
		return err
	}
	v := decisionLogView{Scope: words, Before: q.Get("foer"), Query: strings.TrimSpace(q.Get("id"))}
	status := http.StatusOK
	if q.Has("id") {
		if letting.ValidID(v.Query) {
			http.Redirect(w, r, "/tildeling/beslutninger/"+url.PathEscape(v.Query), http.StatusSeeOther)
			return nil
		}
		status, v.QueryErr = http.StatusBadRequest, msg.T(l, "web.lettingpages.log.err.id", v.Query)
	}
	if v.Before != "" && !letting.ValidID(v.Before) {
		return blandby.Told(blandby.CodeInvalid, msg.Text("web.lettingpages.log.err.id", v.Before))
	}
	ds, err := s.st.RecentLettingDecisions(ctx, scope, v.Before, decisionLogPageSize+1)
	if err != nil {
		return err
	}
	if len(ds) > decisionLogPageSize {
		ds = ds[:decisionLogPageSize]
		v.Older = ds[len(ds)-1].ID
	}
	ix, err := s.data.current(ctx)
	if err != nil {
		return err
	}
	for _, d := range ds {
		row := decisionRow{LettingDecision: d, AreaName: d.AreaID}
		if a, ok := ix.byID[d.AreaID]; ok {
			row.AreaName = a.Name
		}
		v.Rows = append(v.Rows, row)
	}
	return s.render(w, r, status, "letting_log", title, v)
}

// decisionPage shows one logged decision with its reasons, to the
// municipality or housing organisation it belongs to; a refusal is
// audited.
func (s *Server) decisionPage(w http.ResponseWriter, r *http.Request) error {
	l := lang(w, r)
	ctx := r.Context()
	id := r.PathValue("id")
	if !letting.ValidID(id) {
		return blandby.Told(blandby.CodeInvalid, msg.Text("web.lettingpages.log.err.id", id))
	}
	d, err := s.st.LettingDecision(ctx, id)
	if blandby.CodeOf(err) == blandby.CodeNotFound {
		return blandby.Told(blandby.CodeNotFound, msg.Text("web.lettingpages.log.err.not_found", id))
	}
	if err != nil {
		return err
	}
	who := identityOf(r)
	if err := auth.Authorize(who.p, auth.ActionDecideLetting, auth.Resource{Municipality: d.Municipality, HousingOrg: d.HousingOrg}); err != nil {
		s.audit(ctx, who, string(auth.ActionDecideLetting), "letting decision "+id, store.AuditDenied, err.Error())
		return &blandby.Error{Code: blandby.CodeOf(err), Text: msg.Text("web.lettingpages.log.err.not_yours", id), Err: err}
	}
	v := decisionView{Logged: d, AreaName: d.AreaID}
	if err := json.Unmarshal(d.Decision, &v.Decision); err != nil {
		return fmt.Errorf("letting decision %s: %w", id, err)
	}
	ix, err := s.data.current(ctx)
	if err != nil {
		return err
	}
	if a, ok := ix.byID[d.AreaID]; ok {
		v.AreaName = a.Name
	}
	return s.render(w, r, http.StatusOK, "letting_decision", msg.T(l, "web.lettingpages.decision.title", id), v)
}
