package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/msg"
)

// menuItem is one link of the menu.
type menuItem struct {
	Path  string
	Label string
	// Current marks the page shown (aria-current).
	Current bool
}

// menuEntry is a tool of the menu: its path, the message id of its name,
// and the action its page needs.
type menuEntry struct {
	path   string
	label  string
	action auth.Action
}

// menuEntries are the menu's tools in order; a principal sees those whose
// action the policy lets it use (for its own unit, where its grant is its
// own scope). The path of the lists is the latest year's.
var menuEntries = []menuEntry{
	{"/", "web.overview", auth.ActionReadPublished},
	{"/lister", "common.lists", auth.ActionReadPublished},
	{"/regler", "web.rules", auth.ActionReadPublished},
	{"/hvad-hvis", "web.what_if", auth.ActionWhatIf},
	{"/monitor", "web.layout.monitoring", auth.ActionReadPublished},
	{"/planer", "web.development_plans", auth.ActionReadPlan},
	{"/udlejning", "web.private_rental", auth.ActionRentalAccess},
	{"/tildeling", "web.layout.letting", auth.ActionDecideLetting},
	{"/offentliggoerelse", "web.layout.publishing", auth.ActionPublish},
	{"/revisionsspor", "web.audit_trail", auth.ActionReadAudit},
}

// mayUse reports whether p may use the pages of action a: the policy
// allows it, or allows it for p's own unit.
func mayUse(p auth.Principal, a auth.Action) bool {
	return auth.Allowed(p, a, auth.Resource{}) || ownGrant(p, a)
}

// menu returns the menu a principal sees on the page at path, in lang;
// latest is the latest list year (0: no lists, and no link to them).
func menu(p auth.Principal, l blandby.Lang, path string, latest int) []menuItem {
	var out []menuItem
	for _, e := range menuEntries {
		if !mayUse(p, e.action) {
			continue
		}
		it := menuItem{Path: e.path, Label: msg.T(l, e.label)}
		if e.path == "/lister" {
			if latest == 0 {
				continue
			}
			it.Path = fmt.Sprintf("/lister/%d", latest)
		}
		it.Current = path == e.path || (e.path != "/" && strings.HasPrefix(path, e.path+"/"))
		out = append(out, it)
	}
	return out
}

// denied is what the page of a refused request says: what the page is
// for, who may use it, who the reader is signed in as, and what to do.
type denied struct {
	// Why is the route's or the action's own explanation of the refusal
	// (deniedError, deniedTexts), "" when it has none.
	Why     string
	Purpose string
	Who     []string
	// As is who the reader is signed in as, in words ("" when not signed
	// in); User is the user's name.
	As   string
	User string
	// Login is where to sign in (as another user) and come back.
	Login string
}

// renderDenied answers a page of action a that the reader may not use (401
// when not signed in, 403 when signed in) with the page in words
// (denied).
func (s *Server) renderDenied(w http.ResponseWriter, r *http.Request, status int, a auth.Action, why error) {
	l := lang(w, r)
	id := identityOf(r)
	d := denied{Purpose: a.Purpose(l), Who: auth.WhoMay(a, l), User: id.p.Name}
	if id.p.Name != "" && why != nil {
		_, d.Why = blandby.Explain(why, l)
	}
	if id.p.Name != "" {
		d.As = id.p.Words(l)
	}
	next := "/"
	if r.Method == http.MethodGet {
		next = r.URL.RequestURI()
	}
	d.Login = "/login?next=" + url.QueryEscape(next)
	title := msg.T(l, "web.denied.title")
	if status == http.StatusUnauthorized {
		title = msg.T(l, "web.log_in")
		w.Header().Set("WWW-Authenticate", `Bearer realm="blandby"`)
	}
	if err := s.render(w, r, status, "error", title, map[string]any{"Status": status, "Denied": d}); err != nil {
		s.opts.Logger.Error("rendering a refusal", "err", err)
		http.Error(w, title, status)
	}
}
