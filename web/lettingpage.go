package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/letting"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
)

func init() { pageNames = append(pageNames, "letting") }

// lettingMemberRows is how many household members the form offers.
const lettingMemberRows = 5

// lettingDateLayouts are the ways the form's dates may be written: the
// Danish day-month-year (15-07-2024, 15.7.2024, 15/7/2024) and ISO
// (2024-07-15).
var lettingDateLayouts = []string{"2-1-2006", "2.1.2006", "2/1/2006", time.DateOnly}

// lettingDateShown is how the form writes a date it fills in.
const lettingDateShown = "02-01-2006"

// lettingField is one control of the caseworker form: its name (also its
// element id), what it is called, a hint, and the error of the value
// submitted, all in the page's language.
type lettingField struct {
	Name string
	// Kind is "select", "text" or "checkbox".
	Kind    string
	Label   string
	Hint    string
	Value   string
	Checked bool
	Options []lettingOption
	Error   string
	// Size is a text field's width in characters; Numeric asks for a
	// keypad of digits.
	Size    int
	Numeric bool
	// Wide takes a row of its own.
	Wide bool
}

// DescribedBy is the ids of the field's hint and error, for
// aria-describedby.
func (f lettingField) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.Name+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.Name+"-error")
	}
	return strings.Join(ids, " ")
}

// lettingOption is an option of a select.
type lettingOption struct {
	Value, Label string
	Selected     bool
}

// lettingMember is a household member's part of the form.
type lettingMember struct {
	// N counts the members from 1.
	N int
	// More is a member the form shows only when asked to (a script hides
	// it until "add a member"); without the script every row shows.
	More                       bool
	Person, Benefit, Situation []lettingField
}

// lettingFormError is an error of the form's summary, linking to its field.
type lettingFormError struct {
	Field, Label, Message string
}

// lettingReason is a reason of a decision in words.
type lettingReason struct {
	// Rule is what the rule is; Effect what it did (Decisive: it made the
	// outcome); Text why; Ref the legal reference.
	Rule, Effect, Text, Ref string
	Decisive                bool
}

// lettingResult is a decision as the page shows it.
type lettingResult struct {
	*decisionJSON
	// Outcome is the outcome in words, Class its style (allowed,
	// rejected, not-allowed).
	Outcome, Class string
	// Where says the area, its list and the department; When the channel
	// and the date.
	Where, When string
	Priority    string
	Reasons     []lettingReason
	Household   []string
}

// lettingView is the caseworker page's data.
type lettingView struct {
	Dwelling, Household, Dispensation, Sublet []lettingField
	Members                                   []lettingMember
	// Errors are the form's field errors, for the summary above it.
	Errors []lettingFormError
	Result *lettingResult
	// Message is an error that belongs to no field.
	Message string
	CSRF    string
	// Departments is false when the principal may decide for none.
	Departments bool
}

// lettingForm is what lettingView needs to build the form.
type lettingForm struct {
	lang   blandby.Lang
	values url.Values
	errs   map[string]string
}

func (f lettingForm) field(kind, name, label string) lettingField {
	return lettingField{Kind: kind, Name: name, Label: label, Value: f.values.Get(name), Checked: f.values.Get(name) == "on", Error: f.errs[name]}
}

func (f lettingForm) text(name, label string, size int) lettingField {
	x := f.field("text", name, label)
	x.Size = size
	return x
}

func (f lettingForm) date(name, label string) lettingField {
	x := f.text(name, label, 11)
	x.Hint = msg.T(f.lang, "web.letting.date_hint")
	return x
}

// choice is a select of the values with their labels, and a first empty
// option when blank is not "".
func (f lettingForm) choice(name, label, blank string, values []string, labels func(string) string) lettingField {
	x := f.field("select", name, label)
	if blank != "" {
		x.Options = append(x.Options, lettingOption{Value: "", Label: blank, Selected: x.Value == ""})
	}
	for _, v := range values {
		x.Options = append(x.Options, lettingOption{Value: v, Label: labels(v), Selected: v == x.Value})
	}
	return x
}

func (f lettingForm) code(v string) string { return lettingLabel(f.lang, v) }

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// lettingDepartments returns the departments the principal may decide for,
// each named with its area and the list the area is on today, and whether
// the principal may allocate (kommunal anvisning) in any of them.
func (s *Server) lettingDepartments(ctx context.Context, l blandby.Lang, p auth.Principal, ls *lettingState, rs *letting.RuleSet, now time.Time) ([]lettingOption, bool, error) {
	ix, err := s.data.current(ctx)
	if err != nil {
		return nil, false, err
	}
	deps, err := s.st.Departments(ctx, "")
	if err != nil {
		return nil, false, err
	}
	src := lettingSource{s: s, ls: ls, ix: ix}
	var out []lettingOption
	mayAllocate := false
	for _, d := range deps {
		a, ok := ix.byID[d.AreaID]
		if !ok {
			continue
		}
		if !auth.Allowed(p, auth.ActionDecideLetting, auth.Resource{Municipality: a.MunicipalityCode, HousingOrg: d.HousingOrg}) {
			continue
		}
		mayAllocate = mayAllocate || auth.Allowed(p, auth.ActionAllocate, auth.Resource{Municipality: a.MunicipalityCode})
		out = append(out, lettingOption{Value: d.ID, Label: s.departmentName(ctx, l, src, rs, d, a.Name, now)})
	}
	return out, mayAllocate, nil
}

// departmentName names a department with its area and the list the area
// is on today: "Veskylunden, afdeling 1 · Veskylunden · parallelsamfund
// (listen 2024)".
func (s *Server) departmentName(ctx context.Context, l blandby.Lang, src lettingSource, rs *letting.RuleSet, d store.Department, area string, now time.Time) string {
	st, err := app.StandingAt(ctx, src, s.cat, d.AreaID, now)
	switch {
	case err != nil || st.ListYear == 0:
		return msg.T(l, "web.letting.department_no_list", d.Name, area)
	case st.Category() == blandby.None:
		return msg.T(l, "web.letting.department_on_no_list", d.Name, area, st.ListYear)
	}
	name := st.Category().Label(l)
	if n, ok := rs.ListName(st.Category()); ok {
		name = n.In(l)
	}
	return msg.T(l, "web.letting.department_on_list", d.Name, area, name, st.ListYear)
}

func (s *Server) lettingView(r *http.Request, l blandby.Lang, values url.Values, errs map[string]string) (lettingView, error) {
	ctx := r.Context()
	ls, err := s.letting()
	if err != nil {
		return lettingView{}, err
	}
	now := time.Now().UTC()
	rs, err := ls.cat.At(now)
	if err != nil {
		return lettingView{}, err
	}
	if values == nil {
		values = url.Values{"date": {now.Format(lettingDateShown)}, "m0_role": {string(letting.RoleApplicant)}, "m0_citizenships": {"DK"}}
	}
	f := lettingForm{lang: l, values: values, errs: errs}
	p := identityOf(r).p
	deps, mayAllocate, err := s.lettingDepartments(ctx, l, p, ls, rs, now)
	if err != nil {
		return lettingView{}, err
	}
	v := lettingView{Departments: len(deps) > 0}
	if id := identityOf(r); id.session != "" {
		v.CSRF = auth.CSRFToken(id.sessionID)
	}

	dep := f.field("select", "department", msg.T(l, "web.letting.department_cap"))
	for _, o := range deps {
		o.Selected = o.Value == dep.Value
		dep.Options = append(dep.Options, o)
	}
	dep.Hint, dep.Wide = msg.T(l, "web.letting.department_hint"), true
	channels := letting.Channels()
	if !mayAllocate {
		channels = deleteChannel(channels, letting.MunicipalAllocation)
	}
	channel := f.choice("channel", msg.T(l, "common.channel_cap"), "", strs(channels), f.code)
	if !mayAllocate {
		channel.Hint = msg.T(l, "web.letting.no_allocation_hint")
	}
	v.Dwelling = []lettingField{dep,
		f.choice("dwelling_type", msg.T(l, "web.letting.dwelling_type"), "", strs(letting.DwellingTypes()), f.code),
		channel,
		f.date("date", msg.T(l, "web.letting.decision_date")),
		f.text("applicant_ref", msg.T(l, "web.letting.applicants_reference_pseudonym"), 16),
	}
	cur := f.text("current_department", msg.T(l, "web.letting.lives_now_in_department"), 14)
	cur.Hint = msg.T(l, "web.letting.lives_now_hint")
	v.Household = []lettingField{cur, f.field("checkbox", "documented", msg.T(l, "web.letting.sublet_conditions_documented"))}

	roles := strs([]letting.Role{letting.RoleApplicant, letting.RoleSpouse, letting.RoleCohabitant, letting.RoleChild, letting.RoleOther})
	works := []string{letting.Employed, letting.SelfEmployed, letting.Unemployed, letting.Pensioner, letting.NoWork}
	released := strs([]letting.ReleasedFrom{letting.ReleasedFromPrison, letting.ReleasedFromInstitution})
	benefit := func(id string) string {
		if n, ok := rs.BenefitTypeName(id); ok {
			return n.In(l)
		}
		return id
	}
	shown := 1
	for i := range lettingMemberRows {
		if memberFilled(values, i) || memberHasError(errs, i) {
			shown = i + 1
		}
	}
	for i := range lettingMemberRows {
		n := func(k string) string { return fmt.Sprintf("m%d_%s", i, k) }
		age := f.text(n("age"), msg.T(l, "web.letting.age_years"), 4)
		age.Numeric = true
		cit := f.text(n("citizenships"), msg.T(l, "web.letting.citizenship"), 8)
		cit.Hint = msg.T(l, "web.letting.citizenship_hint")
		since := f.date(n("partner_since"), msg.T(l, "web.letting.cohabitant_since"))
		m := lettingMember{N: i + 1, More: i >= shown,
			Person: []lettingField{
				f.choice(n("role"), msg.T(l, "web.role"), "–", roles, f.code), age, cit,
				f.choice(n("work"), msg.T(l, "web.letting.work"), "–", works, f.code), since,
				f.field("checkbox", n("student"), msg.T(l, "web.letting.student_cap")),
				f.field("checkbox", n("in_education"), msg.T(l, "web.letting.in_education_cap")),
			},
			Benefit: []lettingField{
				f.choice(n("benefit_type"), msg.T(l, "web.letting.benefit"), "–", rs.BenefitTypes(), benefit),
				f.date(n("benefit_from"), msg.T(l, "web.letting.benefit_from")),
				f.date(n("benefit_to"), msg.T(l, "web.letting.benefit_to")),
			},
			Situation: []lettingField{
				f.date(n("released_on"), msg.T(l, "web.letting.released_on_cap")),
				f.choice(n("released_from"), msg.T(l, "web.letting.released_from_cap"), "–", released, f.code),
				f.field("checkbox", n("action_plan"), msg.T(l, "web.letting.action_plan_cap")),
				f.date(n("tenancy_breach_on"), msg.T(l, "web.letting.tenancy_ended")),
			},
		}
		v.Members = append(v.Members, m)
	}

	disp := f.field("select", "dispensation", msg.T(l, "web.letting.dispensation_51_c"))
	disp.Options = []lettingOption{{Value: "", Label: msg.T(l, "web.letting.no_dispensation"), Selected: disp.Value == ""}}
	if r, ok := rs.Rule("51C"); ok && r.Dispensation != nil {
		for _, d := range r.Dispensation.Reasons {
			disp.Options = append(disp.Options, lettingOption{Value: d.Code, Label: d.Label.In(l) + " (" + d.LegalRef + ")", Selected: d.Code == disp.Value})
		}
	}
	v.Dispensation = []lettingField{disp}
	num := func(name, label string) lettingField {
		x := f.text(name, label, 4)
		x.Numeric = true
		return x
	}
	v.Sublet = []lettingField{num("rooms", msg.T(l, "web.rooms")), num("rooms_sublet", msg.T(l, "web.letting.rooms_sublet")),
		num("occupants", msg.T(l, "web.letting.occupants")),
		f.field("checkbox", "whole", msg.T(l, "web.letting.whole_dwelling")),
		f.date("absence_from", msg.T(l, "web.letting.absence_from")), f.date("absence_to", msg.T(l, "web.letting.absence_to"))}

	summarise := func(prefix string, groups ...[]lettingField) {
		for _, group := range groups {
			for _, x := range group {
				if x.Error != "" {
					v.Errors = append(v.Errors, lettingFormError{Field: x.Name, Label: prefix + x.Label, Message: x.Error})
				}
			}
		}
	}
	summarise("", v.Dwelling, v.Household)
	for _, m := range v.Members {
		summarise(msg.T(l, "web.letting.member", m.N)+": ", m.Person, m.Benefit, m.Situation)
	}
	summarise("", v.Dispensation, v.Sublet)
	return v, nil
}

func deleteChannel(cs []letting.Channel, c letting.Channel) []letting.Channel {
	out := cs[:0]
	for _, x := range cs {
		if x != c {
			out = append(out, x)
		}
	}
	return out
}

// memberFieldNames are the fields of a household member in the form.
var memberFieldNames = []string{"role", "age", "citizenships", "work", "student", "in_education", "partner_since",
	"benefit_type", "benefit_from", "benefit_to", "released_on", "released_from", "action_plan", "tenancy_breach_on"}

// memberFilled reports whether member i of the form has a value other
// than the citizenship the empty form suggests.
func memberFilled(f url.Values, i int) bool {
	for _, k := range memberFieldNames {
		if k != "citizenships" && strings.TrimSpace(f.Get(fmt.Sprintf("m%d_%s", i, k))) != "" {
			return true
		}
	}
	return false
}

func memberHasError(errs map[string]string, i int) bool {
	for k := range errs {
		if strings.HasPrefix(k, fmt.Sprintf("m%d_", i)) {
			return true
		}
	}
	return false
}

func lettingTitle(l blandby.Lang) string {
	return msg.T(l, "web.letting.letting_decisions")
}

func (s *Server) lettingPage(w http.ResponseWriter, r *http.Request) error {
	l := lang(w, r)
	v, err := s.lettingView(r, l, nil, nil)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "letting", lettingTitle(l), v)
}

// lettingPost decides the case of the form and shows the decision; bad
// input is told beside its field, and the form keeps what was typed.
func (s *Server) lettingPost(w http.ResponseWriter, r *http.Request) error {
	l := lang(w, r)
	if err := s.postedForm(w, r, maxLettingBody, auth.ActionDecideLetting, "letting form"); err != nil {
		return err
	}
	status := http.StatusOK
	var result *decisionJSON
	req, err := decideRequestFromForm(r.PostForm)
	if err == nil {
		result, err = s.decide(r, req, time.Now().UTC())
		if blandby.CodeOf(err) == blandby.CodeForbidden && req.Channel == letting.MunicipalAllocation {
			// Only the municipality allocates; the refusal is audited.
			err = blandby.InvalidField("channel", msg.Text("web.letting.error.no_allocation_right"))
			status = http.StatusForbidden
		}
	}
	errs := map[string]string{}
	message := ""
	if err != nil {
		if code := blandby.CodeOf(err); code != blandby.CodeInvalid && code != blandby.CodeNotFound && status != http.StatusForbidden {
			return err
		}
		if status == http.StatusOK {
			status = httpStatus(err)
		}
		for _, fe := range fieldErrors(err) {
			if _, dup := errs[fe.Field]; !dup {
				errs[fe.Field] = fe.Text.In(l)
			}
		}
		if len(errs) == 0 {
			_, message = blandby.Explain(err, l)
		}
	}
	v, verr := s.lettingView(r, l, r.PostForm, errs)
	if verr != nil {
		return verr
	}
	if err != nil && message == "" && len(v.Errors) == 0 {
		// The errors are in fields the form does not have.
		_, message = blandby.Explain(err, l)
	}
	v.Message = message
	if result != nil {
		ls, err := s.letting()
		if err != nil {
			return err
		}
		v.Result = lettingResultView(l, ls.cat, result, req)
	}
	return s.render(w, r, status, "letting", lettingTitle(l), v)
}

// fieldErrors returns the field errors of err, which may join several.
func fieldErrors(err error) []*blandby.FieldError {
	var out []*blandby.FieldError
	for _, e := range flattenErrors(err) {
		var fe *blandby.FieldError
		if errors.As(e, &fe) {
			out = append(out, fe)
		}
	}
	return out
}

// parseFormDate reads a date of the form (lettingDateLayouts).
func parseFormDate(s string) (letting.Date, bool) {
	for _, layout := range lettingDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return letting.Date{Time: t}, true
		}
	}
	return letting.Date{}, false
}

// decideRequestFromForm reads the caseworker form. Bad input is a
// *blandby.FieldError for each field it is in, joined.
func decideRequestFromForm(f url.Values) (decideRequest, error) {
	req := decideRequest{ApplicantRef: strings.TrimSpace(f.Get("applicant_ref")), Department: f.Get("department"),
		DwellingType: letting.DwellingType(f.Get("dwelling_type")), Channel: letting.Channel(f.Get("channel"))}
	var errs []error
	bad := func(field, id string, args ...any) {
		errs = append(errs, blandby.InvalidField(field, msg.Text(id, args...)))
	}
	date := func(field string) *letting.Date {
		s := strings.TrimSpace(f.Get(field))
		if s == "" {
			return nil
		}
		d, ok := parseFormDate(s)
		if !ok {
			bad(field, "web.letting.error.date", s)
			return nil
		}
		return &d
	}
	wholeNumber := func(field string) int {
		s := strings.TrimSpace(f.Get(field))
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			bad(field, "web.letting.error.whole_number")
		}
		return n
	}
	if strings.TrimSpace(f.Get("date")) == "" {
		bad("date", "web.letting.error.date_required")
	}
	req.Date = date("date")
	req.Household.CurrentDepartment = strings.TrimSpace(f.Get("current_department"))
	req.Household.Documented = f.Get("documented") == "on"
	applicants, partners := 0, 0
	for i := range lettingMemberRows {
		field := func(k string) string { return fmt.Sprintf("m%d_%s", i, k) }
		get := func(k string) string { return strings.TrimSpace(f.Get(field(k))) }
		if get("role") == "" {
			if memberFilled(f, i) {
				bad(field("role"), "web.letting.error.role_required")
			}
			continue
		}
		m := letting.Member{Role: letting.Role(get("role")), Work: get("work"), Student: get("student") == "on", InEducation: get("in_education") == "on",
			ReleasedFrom: letting.ReleasedFrom(get("released_from")), ActionPlan: get("action_plan") == "on"}
		switch m.Role {
		case letting.RoleApplicant:
			if applicants++; applicants > 1 {
				bad(field("role"), "web.letting.error.one_applicant")
			}
		case letting.RoleSpouse, letting.RoleCohabitant:
			if partners++; partners > 1 {
				bad(field("role"), "web.letting.error.one_partner")
			}
		}
		if a := get("age"); a == "" {
			bad(field("age"), "web.letting.error.age_required")
		} else if n, err := strconv.Atoi(a); err != nil || n < 0 || n > 130 {
			bad(field("age"), "web.letting.error.age")
		} else {
			m.Age = n
		}
		for _, c := range strings.FieldsFunc(get("citizenships"), func(r rune) bool { return r == ',' || r == ' ' }) {
			c = strings.ToUpper(c)
			if len(c) != 2 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
				bad(field("citizenships"), "web.letting.error.country_code", c)
				continue
			}
			m.Citizenships = append(m.Citizenships, c)
		}
		if get("citizenships") == "" {
			bad(field("citizenships"), "web.letting.error.citizenship_required")
		}
		m.PartnerSince = date(field("partner_since"))
		if m.Role == letting.RoleCohabitant && get("partner_since") == "" {
			bad(field("partner_since"), "web.letting.error.partner_since_required")
		}
		m.ReleasedOn = date(field("released_on"))
		m.TenancyBreachOn = date(field("tenancy_breach_on"))
		from, to := date(field("benefit_from")), date(field("benefit_to"))
		switch t := get("benefit_type"); {
		case t == "" && (from != nil || to != nil):
			bad(field("benefit_type"), "web.letting.error.benefit_type_required")
		case t != "" && from == nil && get("benefit_from") == "":
			bad(field("benefit_from"), "web.letting.error.benefit_from_required")
		case t != "" && from != nil && to != nil && to.Before(from.Time):
			bad(field("benefit_to"), "web.letting.error.benefit_to_before")
		case t != "" && from != nil:
			m.Benefits = []letting.BenefitPeriod{{Type: t, From: *from, To: to}}
		}
		req.Household.Members = append(req.Household.Members, m)
	}
	if applicants == 0 {
		bad("m0_role", "web.letting.error.one_applicant")
	}
	if reason := f.Get("dispensation"); reason != "" {
		req.Dispensation = &letting.Dispensation{Reason: reason}
	}
	if req.Channel == letting.Sublet {
		req.Sublet = &letting.SubletTerms{Rooms: wholeNumber("rooms"), RoomsSublet: wholeNumber("rooms_sublet"), Occupants: wholeNumber("occupants"),
			Whole: f.Get("whole") == "on", AbsenceFrom: date("absence_from"), AbsenceTo: date("absence_to")}
	}
	if len(errs) > 0 {
		return req, errors.Join(errs...)
	}
	return req, nil
}

// lettingResultView puts a decision in words: its outcome, where and when,
// each reason with the rule it applies, and the household decided.
func lettingResultView(l blandby.Lang, cat *letting.Catalog, d *decisionJSON, req decideRequest) *lettingResult {
	res := &lettingResult{decisionJSON: d, Outcome: lettingLabel(l, d.Outcome)}
	switch d.Outcome {
	case letting.Allowed:
		res.Class = "allowed"
	case letting.Rejected:
		res.Class = "rejected"
	default:
		res.Class = "not-allowed"
	}
	rs, _ := cat.ByID(d.RuleSet) // nil for a rule set that is gone: rules then show as their ids
	list := msg.T(l, "web.letting.on_no_list")
	if d.CategoryName != nil {
		list = d.CategoryName.In(l)
	}
	if d.Area.ListYear > 0 {
		list = msg.T(l, "web.letting.list_of_year", list, d.Area.ListYear)
	}
	res.Where = msg.T(l, "web.letting.where", d.Area.Name, list, d.Department)
	res.When = msg.T(l, "web.letting.when", lettingLabel(l, d.Channel), d.Date.Format(lettingDateShown))
	if d.PriorityGroup > 0 {
		res.Priority = msg.T(l, "web.letting.priority_group", d.PriorityGroup)
		if d.Decision.Priority != nil {
			res.Priority += ": " + d.Decision.Priority.In(l)
		}
	}
	for _, r := range d.Reasons {
		name := r.RuleID
		if rs != nil {
			if n, ok := rs.RuleName(r.RuleID); ok {
				name = n.In(l)
			}
		}
		res.Reasons = append(res.Reasons, lettingReason{Rule: name, Effect: lettingLabel(l, r.Effect), Text: r.Text.In(l), Ref: r.LegalRef,
			Decisive: r.Effect == letting.EffectRejects || r.Effect == letting.EffectNotAllowed})
	}
	for _, m := range req.Household.Members {
		parts := []string{lettingLabel(l, m.Role), msg.N(l, "web.letting.years_old", m.Age, m.Age), strings.Join(m.Citizenships, ", ")}
		if m.Work != "" {
			parts = append(parts, lettingLabel(l, m.Work))
		}
		for _, b := range m.Benefits {
			name := b.Type
			if rs != nil {
				if n, ok := rs.BenefitTypeName(b.Type); ok {
					name = n.In(l)
				}
			}
			parts = append(parts, msg.T(l, "web.letting.benefit_since", name, b.From.Format(lettingDateShown)))
		}
		res.Household = append(res.Household, strings.Join(parts, " · "))
	}
	return res
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

// lettingLabel names a code of a letting case or decision in words.
func lettingLabel[T ~string](l blandby.Lang, code T) string {
	c := string(code)
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
