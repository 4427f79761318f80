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
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/letting"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
)

func init() { pageNames = append(pageNames, "letting") }

// lettingMemberRows is how many household members the form offers.
const lettingMemberRows = 5

// lettingDepartment is a department the principal may decide for.
type lettingDepartment struct {
	ID, Name, AreaID, AreaName string
}

// lettingView is the caseworker page's data.
type lettingView struct {
	Departments   []lettingDepartment
	DwellingTypes []letting.DwellingType
	Channels      []letting.Channel
	Roles         []letting.Role
	Works         []string
	BenefitTypes  []string
	ReleasedFroms []letting.ReleasedFrom
	Dispensations []letting.DispensationReason
	Rows          []int
	// Result is the decision of a submitted form.
	Result  *decisionJSON
	Message string
	CSRF    string
	form    url.Values
}

// F returns a submitted form value (for refilling the form).
func (v lettingView) F(name string) string { return v.form.Get(name) }

// FM returns member i's submitted value of a field.
func (v lettingView) FM(i int, field string) string {
	return v.form.Get(fmt.Sprintf("m%d_%s", i, field))
}

func (s *Server) lettingView(r *http.Request, form url.Values) (lettingView, error) {
	ctx := r.Context()
	ls, err := s.letting()
	if err != nil {
		return lettingView{}, err
	}
	latest := ls.cat.All()[len(ls.cat.All())-1]
	v := lettingView{DwellingTypes: letting.DwellingTypes(), Channels: letting.Channels(),
		Roles:        []letting.Role{letting.RoleApplicant, letting.RoleSpouse, letting.RoleCohabitant, letting.RoleChild, letting.RoleOther},
		Works:        []string{letting.Employed, letting.SelfEmployed, letting.Unemployed, letting.Pensioner, letting.NoWork},
		BenefitTypes: latest.BenefitTypes(), ReleasedFroms: []letting.ReleasedFrom{letting.ReleasedFromPrison, letting.ReleasedFromInstitution}, form: form}
	if r, ok := latest.Rule("51C"); ok && r.Dispensation != nil {
		v.Dispensations = r.Dispensation.Reasons
	}
	for i := range lettingMemberRows {
		v.Rows = append(v.Rows, i)
	}
	if v.form == nil {
		v.form = url.Values{"date": {time.Now().UTC().Format(time.DateOnly)}, "m0_role": {string(letting.RoleApplicant)}, "m0_citizenships": {"DK"}}
	}
	ix, err := s.data.current(ctx)
	if err != nil {
		return v, err
	}
	deps, err := s.st.Departments(ctx, "")
	if err != nil {
		return v, err
	}
	p := identityOf(r).p
	for _, d := range deps {
		a, ok := ix.byID[d.AreaID]
		if !ok {
			continue
		}
		res := auth.Resource{Municipality: a.MunicipalityCode, HousingOrg: d.HousingOrg}
		if auth.Allowed(p, auth.ActionDecideLetting, res) {
			v.Departments = append(v.Departments, lettingDepartment{ID: d.ID, Name: d.Name, AreaID: a.ID, AreaName: a.Name})
		}
	}
	if id := identityOf(r); id.session != "" {
		v.CSRF = auth.CSRFToken(id.sessionID)
	}
	return v, nil
}

func lettingTitle(l blandby.Lang) string {
	return msg.T(l, "web.letting.letting_decisions")
}

func (s *Server) lettingPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.lettingView(r, nil)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "letting", lettingTitle(lang(w, r)), v)
}

// lettingPost decides the case of the form and shows the decision.
func (s *Server) lettingPost(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxLettingBody)
	if err := r.ParseForm(); err != nil {
		return blandby.Errorf(blandby.CodeInvalid, "the form could not be read: %v", err)
	}
	who := identityOf(r)
	if who.session == "" || !auth.CheckCSRF(who.sessionID, r.PostFormValue("csrf")) {
		s.audit(r.Context(), who, string(auth.ActionDecideLetting), "letting form", store.AuditDenied, "CSRF check failed")
		return formExpired(lang(w, r))
	}
	v, err := s.lettingView(r, r.PostForm)
	if err != nil {
		return err
	}
	status := http.StatusOK
	req, err := decideRequestFromForm(r.PostForm)
	if err == nil {
		v.Result, err = s.decide(r, req, time.Now().UTC())
	}
	if err != nil {
		if code := blandby.CodeOf(err); code != blandby.CodeInvalid && code != blandby.CodeNotFound {
			return err
		}
		status, v.Message = httpStatus(err), err.Error()
	}
	return s.render(w, r, status, "letting", lettingTitle(lang(w, r)), v)
}

// decideRequestFromForm reads the caseworker form.
func decideRequestFromForm(f url.Values) (decideRequest, error) {
	req := decideRequest{ApplicantRef: strings.TrimSpace(f.Get("applicant_ref")), Department: f.Get("department"),
		DwellingType: letting.DwellingType(f.Get("dwelling_type")), Channel: letting.Channel(f.Get("channel"))}
	var errs []string
	date := func(field string) *letting.Date {
		s := strings.TrimSpace(f.Get(field))
		if s == "" {
			return nil
		}
		d, err := letting.ParseDate(s)
		if err != nil {
			errs = append(errs, field+": "+err.Error())
			return nil
		}
		return &d
	}
	req.Date = date("date")
	req.Household.CurrentDepartment = strings.TrimSpace(f.Get("current_department"))
	req.Household.Documented = f.Get("documented") == "on"
	for i := range lettingMemberRows {
		get := func(k string) string { return strings.TrimSpace(f.Get(fmt.Sprintf("m%d_%s", i, k))) }
		if get("role") == "" {
			continue
		}
		m := letting.Member{Role: letting.Role(get("role")), Work: get("work"), Student: get("student") == "on", InEducation: get("in_education") == "on",
			ReleasedFrom: letting.ReleasedFrom(get("released_from")), ActionPlan: get("action_plan") == "on"}
		if a := get("age"); a != "" {
			n, err := strconv.Atoi(a)
			if err != nil {
				errs = append(errs, fmt.Sprintf("m%d_age: expected a whole number, got %q", i, a))
			}
			m.Age = n
		}
		for _, c := range strings.FieldsFunc(get("citizenships"), func(r rune) bool { return r == ',' || r == ' ' }) {
			m.Citizenships = append(m.Citizenships, strings.ToUpper(c))
		}
		m.PartnerSince = date(fmt.Sprintf("m%d_partner_since", i))
		m.ReleasedOn = date(fmt.Sprintf("m%d_released_on", i))
		m.TenancyBreachOn = date(fmt.Sprintf("m%d_tenancy_breach_on", i))
		if t := get("benefit_type"); t != "" {
			from := date(fmt.Sprintf("m%d_benefit_from", i))
			if from == nil {
				errs = append(errs, fmt.Sprintf("m%d_benefit_from: required with a benefit", i))
			} else {
				m.Benefits = []letting.BenefitPeriod{{Type: t, From: *from, To: date(fmt.Sprintf("m%d_benefit_to", i))}}
			}
		}
		req.Household.Members = append(req.Household.Members, m)
	}
	if reason := f.Get("dispensation"); reason != "" {
		req.Dispensation = &letting.Dispensation{Reason: reason}
	}
	if req.Channel == letting.Sublet {
		num := func(k string) int {
			n, err := strconv.Atoi(strings.TrimSpace(f.Get(k)))
			if err != nil {
				errs = append(errs, k+": expected a whole number")
			}
			return n
		}
		req.Sublet = &letting.SubletTerms{Rooms: num("rooms"), RoomsSublet: num("rooms_sublet"), Occupants: num("occupants"),
			Whole: f.Get("whole") == "on", AbsenceFrom: date("absence_from"), AbsenceTo: date("absence_to")}
	}
	if len(errs) > 0 {
		slices.Sort(errs)
		return req, blandby.Errorf(blandby.CodeInvalid, "form: %s", strings.Join(errs, "; "))
	}
	return req, nil
}

// lettingLabels name the codes of the caseworker page.
var lettingLabels = map[string]blandby.Text{
	"waiting_list":         msg.Text("web.letting.label.waiting_list"),
	"flexible_letting":     msg.Text("web.letting.label.flexible_letting"),
	"municipal_allocation": msg.Text("web.letting.label.municipal_allocation"),
	"internal_move":        msg.Text("web.letting.label.internal_move"),
	"exchange":             msg.Text("web.letting.label.exchange"),
	"sublet":               msg.Text("web.letting.label.sublet"),
	"family":               msg.Text("web.letting.label.family"),
	"prison":               msg.Text("web.letting.label.prison"),
	"institution":          msg.Text("web.letting.label.institution"),
	"assumption":           msg.Text("common.assumption"),
	"youth":                msg.Text("web.letting.label.youth"),
	"elderly":              msg.Text("web.letting.label.elderly"),
	"applicant":            msg.Text("web.letting.label.applicant"),
	"spouse":               msg.Text("web.letting.label.spouse"),
	"cohabitant":           msg.Text("web.letting.label.cohabitant"),
	"child":                msg.Text("web.letting.label.child"),
	"other":                msg.Text("web.letting.label.other"),
	"employed":             msg.Text("web.letting.label.employed"),
	"self_employed":        msg.Text("web.letting.label.self_employed"),
	"unemployed":           msg.Text("web.letting.label.unemployed"),
	"pensioner":            msg.Text("web.letting.label.pensioner"),
	"none":                 msg.Text("web.letting.label.none"),
}

func init() {
	funcs["lettingLabel"] = func(l blandby.Lang, code any) string {
		c := fmt.Sprint(code)
		if t, ok := lettingLabels[c]; ok {
			return t.In(l)
		}
		// Outcomes and the effects of reasons: letting's own words.
		if t := letting.Outcome(c).Label(); t.DA != "" {
			return t.In(l)
		}
		if t := letting.Effect(c).Label(); t.DA != "" {
			return t.In(l)
		}
		return c
	}
}
