package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/msg"
)

func init() {
	pageNames = append(pageNames, "letting_policy", "letting_ranking", "letting_log", "letting_decision")
	funcs["lettingNavCurrent"] = lettingNavCurrent
	funcs["lettingWord"] = func(l blandby.Lang, code any) string { return lettingLabel(l, fmt.Sprint(code)) }
}

// lettingPagesRoutes are the routes of the letting pages beside /tildeling:
// the municipality's letting policy, the waiting-list ranking and the
// decision log.
func (s *Server) lettingPagesRoutes() []route {
	return []route{
		{"GET /tildeling/politik", auth.ActionDecideLetting, s.policyPage},
		{"GET /tildeling/politik/{kommunekode}", auth.ActionDecideLetting, s.policyPage},
		{"POST /tildeling/politik/{kommunekode}", auth.ActionLettingPolicy, s.policyPost},
		{"GET /tildeling/venteliste", auth.ActionDecideLetting, s.rankingPage},
		{"POST /tildeling/venteliste", auth.ActionDecideLetting, s.rankingPost},
		{"GET /tildeling/beslutninger", auth.ActionDecideLetting, s.decisionLogPage},
		{"GET /tildeling/beslutninger/{id}", auth.ActionDecideLetting, s.decisionPage},
	}
}

// lettingPagePatterns are the patterns of lettingPagesRoutes, whose
// denials deniedError explains.
var lettingPagePatterns = []string{
	"GET /tildeling/politik", "GET /tildeling/politik/{kommunekode}", "POST /tildeling/politik/{kommunekode}",
	"GET /tildeling/venteliste", "POST /tildeling/venteliste", "GET /tildeling/beslutninger", "GET /tildeling/beslutninger/{id}",
}

// deniedError returns the error the guard answers when it refuses rt to
// p: for the letting pages a refusal (403) that says in words why the
// role may not use them, else err itself.
func deniedError(rt route, p auth.Principal, err error) error {
	if blandby.CodeOf(err) != blandby.CodeForbidden || !slices.Contains(lettingPagePatterns, rt.pattern) {
		return err
	}
	var text blandby.Text
	switch p.Role {
	case auth.RoleLandlord:
		text = msg.Text("web.lettingpages.denied.landlord", p.Scope)
	case auth.RoleHousingOrg:
		text = msg.Text("web.lettingpages.denied.housing_org_policy")
	case auth.RoleAdmin, auth.RoleMinistry:
		text = msg.Text("web.lettingpages.denied.not_municipality")
	default:
		return err
	}
	return &blandby.Error{Code: blandby.CodeForbidden, Text: text, Err: err}
}

// lettingNav names the page of the letting sub-navigation a page's body
// is: "decide" (/tildeling), "policy", "ranking" or "log".
type lettingNav interface{ lettingNav() string }

// lettingNavCurrent returns which link of the letting sub-navigation is
// the page shown ("" when none).
func lettingNavCurrent(body any) string {
	switch b := body.(type) {
	case lettingView:
		return "decide"
	case lettingNav:
		return b.lettingNav()
	}
	return ""
}

// municipalityName is a municipality's name ("kommune 999" when the code
// names none).
func municipalityName(l blandby.Lang, code blandby.MunicipalityCode) string {
	if m, ok := dk.MunicipalityByCode(code); ok {
		return m.Name
	}
	return msg.T(l, "auth.words.municipality_code", code.String())
}

// lettingScopes returns the municipalities whose letting policy p may see:
// a municipality its own, a housing organisation those where it has a
// department (it lets under their policies).
func (s *Server) lettingScopes(ctx context.Context, p auth.Principal) ([]blandby.MunicipalityCode, error) {
	if m, ok := p.Municipality(); ok {
		return []blandby.MunicipalityCode{m}, nil
	}
	ix, err := s.data.current(ctx)
	if err != nil {
		return nil, err
	}
	deps, err := s.st.Departments(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []blandby.MunicipalityCode
	for _, d := range deps {
		a, ok := ix.byID[d.AreaID]
		if ok && auth.Allowed(p, auth.ActionDecideLetting, auth.Resource{Municipality: a.MunicipalityCode, HousingOrg: d.HousingOrg}) {
			out = append(out, a.MunicipalityCode)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// formField is a labelled field of a letting page's form, with its value
// and its error ("" when none) for showing beside it.
type formField struct {
	Name, ID, Label, Value, Err, Type string
}

// fieldLabels are the message ids of the labels of the letting pages'
// fields, by name (a row's field without its row: "c0_id" is "id").
var fieldLabels = map[string]string{
	"valid_from":   "web.lettingpages.policy.valid_from_label",
	"id":           "web.lettingpages.policy.id_label",
	"label_da":     "web.lettingpages.policy.label_da",
	"label_en":     "web.lettingpages.policy.label_en",
	"departments":  "web.lettingpages.policy.departments_label",
	"residents":    "web.lettingpages.policy.residents_label",
	"pct":          "web.lettingpages.policy.pct_label",
	"decided_on":   "web.lettingpages.policy.decided_on_label",
	"share_listed": "web.lettingpages.policy.share_listed",
	"share_total":  "web.lettingpages.policy.share_total",
	"date":         "web.letting.decision_date",
}

// newField returns a form's field, labelled in l.
func newField(form url.Values, errs map[string]string, l blandby.Lang, name, typ string) formField {
	base := name
	if _, rest, ok := strings.Cut(name, "_"); ok && len(name) > 1 && (name[0] == 'c' || name[0] == 'b') && name[1] >= '0' && name[1] <= '9' {
		base = rest
	}
	return formField{Name: name, ID: "f-" + name, Label: msg.T(l, fieldLabels[base]), Value: form.Get(name), Err: errs[name], Type: typ}
}

// formRow is a row of a form's repeated fields: its index and its number
// (from 1).
type formRow struct{ I, N int }
