package web

import (
	"fmt"
	"html"
	"html/template"
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
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/rental"
	"github.com/blandby/blandby/store"
)

// rentalView is the rental page of a landlord or a municipality.
type rentalView struct {
	Landlord     bool
	Municipality bool
	Scope        string
	Properties   []rental.Property
	Agreements   []rental.Agreement
	Decisions    []rental.Decision
	Entries      []rentalRow
	Statement    rental.Statement
	RuleSet      *rental.RuleSet
	// Answer is the entry just reported or allocated, shown at the top.
	Answer *rental.Entry
	// CSRF is the forms' token ("" without a session).
	CSRF  string
	Today string
	// Form is the form a refused submission came from (rentalFormKey):
	// the page shows it open with Values, what was typed, and each error
	// of Errors (by field name) beside its field; Problems sums them up
	// above the page.
	Form     string
	Values   url.Values
	Errors   map[string]string
	Problems []rentalProblem
}

// rentalProblem is an error of the summary, linking to its field when it
// has one (ID).
type rentalProblem struct {
	ID, Text string
}

// rentalFormKey is the key of a form on the page: its kind ("report",
// "agreement", "decision") or, for the forms of a ledger entry, its kind
// ("alloc", "offer") with the entry's property and number. A field's id is
// the key, "-" and the field's name.
func rentalFormKey(kind, property string, seq string) string {
	if property == "" {
		return kind
	}
	return kind + "-" + property + "-" + seq
}

// rentalFormFields are the fields of each kind of form with the message
// id of their label, in the order the form shows them.
var rentalFormFields = map[string][][2]string{
	"report": {{"property", "web.rental.property"}, {"dwelling", "web.rental.dwelling"}, {"rooms", "web.rooms"},
		{"area_m2", "web.rental.ledger.area_m2"}, {"rent", "web.rental.monthly_rent_kr"}, {"date", "web.rental.vacant_from"}},
	"agreement": {{"id", "web.rental.id"}, {"property", "web.rental.property"}, {"kind", "web.rental.kind"}, {"n", "web.rental.n"},
		{"max_share", "web.rental.at_most_share"}, {"dwellings", "web.rental.named_dwellings_comma"}, {"from", "web.from"},
		{"to", "web.to_cap"}, {"compensation", "web.rental.compensation_per_dwelling_kr"}},
	"decision": {{"id", "web.rental.id"}, {"date", "web.rental.date"}, {"properties", "common.properties"},
		{"target_group", "web.rental.target_group"}, {"n", "web.rental.n"}, {"reason", "web.rental.why_are_agreements_not"}},
	"alloc": {{"applicant_ref", "web.rental.ledger.applicant"}, {"target_group", "web.rental.target_group"}, {"date", "web.rental.date"}},
	"offer": {{"dwelling", "web.rental.ledger.offered_dwelling"}, {"rooms", "web.rooms"}, {"area_m2", "web.rental.ledger.area_m2"},
		{"rent", "web.rental.monthly_rent_kr"}, {"date", "web.rental.date"}},
}

// rentalFormName is the name of a form field for a field of the API's
// JSON (package rental names the fields as the API has them).
func rentalFormName(field string) string {
	switch field {
	case "property_id":
		return "property"
	case "dwelling.id":
		return "dwelling"
	}
	return strings.TrimPrefix(field, "dwelling.")
}

// Open reports whether form is the refused one, shown open.
func (v rentalView) Open(form string) bool { return form == v.Form }

// V returns what was typed in field name of form when form was refused,
// or else def.
func (v rentalView) V(form, name, def string) string {
	if form != v.Form {
		return def
	}
	return v.Values.Get(name)
}

// Has reports whether value was chosen in field name of form when form
// was refused, or else def.
func (v rentalView) Has(form, name, value string, def bool) bool {
	if form != v.Form {
		return def
	}
	return slices.Contains(v.Values[name], value)
}

// Field returns the attributes of field name of form: its id and, when it
// has an error, aria-invalid and aria-describedby naming the error.
func (v rentalView) Field(form, name string) template.HTMLAttr {
	id := html.EscapeString(form + "-" + name)
	if form != v.Form || v.Errors[name] == "" {
		return template.HTMLAttr(` id="` + id + `"`)
	}
	return template.HTMLAttr(` id="` + id + `" aria-invalid="true" aria-describedby="` + id + `-error"`)
}

// Error returns the error of field name of form, to show beside it.
func (v rentalView) Error(form, name string) template.HTML {
	if form != v.Form || v.Errors[name] == "" {
		return ""
	}
	return template.HTML(`<span class="field-error" id="` + html.EscapeString(form+"-"+name) + `-error">` + html.EscapeString(v.Errors[name]) + `</span>`)
}

// Group returns the label of a target group of the rule set, or the id
// itself when the rule set does not name it.
func (v rentalView) Group(id string) blandby.Text {
	if v.RuleSet != nil {
		if g, ok := v.RuleSet.TargetGroup(id); ok {
			return g.Label
		}
	}
	return blandby.Text{DA: id, EN: id}
}

// rentalRow is a ledger entry with its allocation, newest first on the
// page.
type rentalRow struct {
	rental.Entry
	Allocated *rental.Allocation
}

// rentalPage shows the caller's properties, agreements, decisions, ledger
// and statement: a landlord its own, a municipality its own.
func (s *Server) rentalPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.rentalData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rental", msg.T(lang(w, r), "web.rental.private_rental_housing"), v)
}

// rentalFormFailed shows the page again when a form of kind (with key
// rentalFormKey) was refused for its input: the form open with what was
// typed, each error beside its field, and all of them in a summary above.
// Any other error is returned.
func (s *Server) rentalFormFailed(w http.ResponseWriter, r *http.Request, kind, key string, err error) error {
	switch blandby.CodeOf(err) {
	case blandby.CodeInvalid, blandby.CodeNotFound, blandby.CodeConflict:
	default:
		return err
	}
	l := lang(w, r)
	v, verr := s.rentalData(r)
	if verr != nil {
		return verr
	}
	v.Form, v.Values, v.Errors = key, r.PostForm, map[string]string{}
	for _, fe := range fieldErrors(err) {
		name, text := rentalFormName(fe.Field), fe.Text.In(l)
		i := slices.IndexFunc(rentalFormFields[kind], func(f [2]string) bool { return f[0] == name })
		if i < 0 {
			v.Problems = append(v.Problems, rentalProblem{Text: text})
			continue
		}
		if _, dup := v.Errors[name]; dup {
			continue
		}
		v.Errors[name] = text
		v.Problems = append(v.Problems, rentalProblem{ID: key + "-" + name, Text: msg.T(l, rentalFormFields[kind][i][1]) + ": " + text})
	}
	if len(v.Problems) == 0 {
		_, text := blandby.Explain(err, l)
		v.Problems = append(v.Problems, rentalProblem{Text: text})
	}
	return s.render(w, r, httpStatus(err), "rental", msg.T(l, "web.rental.private_rental_housing"), v)
}

// rentalData gathers the caller's rental page.
func (s *Server) rentalData(r *http.Request) (rentalView, error) {
	ctx := r.Context()
	id := identityOf(r)
	v := rentalView{Scope: id.p.Scope, Today: time.Now().UTC().Format(time.DateOnly)}
	var f store.RentalFilter
	var res auth.Resource
	switch id.p.Role {
	case auth.RoleLandlord:
		v.Landlord, f.LandlordCVR, res = true, id.p.Scope, auth.Resource{Landlord: id.p.Scope}
	case auth.RoleMunicipality:
		// An invalid scope leaves res empty, and Authorize refuses.
		if code, ok := id.p.Municipality(); ok {
			v.Municipality, f.Municipality, res = true, code, auth.Resource{Municipality: code}
		}
	}
	if err := s.rentalAuthorize(r, res, "rental page"); err != nil {
		return v, err
	}
	if id.session != "" {
		v.CSRF = auth.CSRFToken(id.sessionID)
	}
	rs, err := rentalRules(time.Now().UTC())
	if err != nil {
		return v, err
	}
	v.RuleSet = rs
	if v.Properties, err = s.st.Properties(ctx, f); err != nil {
		return v, err
	}
	l, err := s.st.RentalLedger(ctx, f)
	if err != nil {
		return v, err
	}
	v.Agreements = l.Agreements
	if v.Municipality {
		if v.Decisions, err = s.st.Decisions(ctx, f.Municipality); err != nil {
			return v, err
		}
	}
	if v.Statement, err = app.RentalStatement(ctx, s.st, f, time.Now().UTC()); err != nil {
		return v, err
	}
	allocs := map[string]*rental.Allocation{}
	for i, a := range l.Allocations {
		allocs[fmt.Sprintf("%s/%d", a.PropertyID, a.Seq)] = &l.Allocations[i]
	}
	answer := r.URL.Query().Get("svar")
	for i := len(l.Entries) - 1; i >= 0; i-- {
		e := l.Entries[i]
		key := fmt.Sprintf("%s/%d", e.PropertyID, e.Seq)
		v.Entries = append(v.Entries, rentalRow{Entry: e, Allocated: allocs[key]})
		if key == answer {
			v.Answer = &l.Entries[i]
		}
	}
	// The store lists the ledger by property and number; the page shows
	// the latest reports first.
	slices.SortStableFunc(v.Entries, func(a, b rentalRow) int {
		if c := b.ReportedAt.Compare(a.ReportedAt); c != 0 {
			return c
		}
		return b.Date.Compare(a.Date)
	})
	return v, nil
}

// rentalForm reads a rental form and checks its CSRF token when the caller
// signed in with a session (an API token carries no ambient authority).
func (s *Server) rentalForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxRentalBody)
	if err := r.ParseForm(); err != nil {
		return blandby.Told(blandby.CodeInvalid, msg.Text("web.err.form_unreadable"))
	}
	id := identityOf(r)
	if id.session != "" && !auth.CheckCSRF(id.sessionID, r.PostFormValue("csrf")) {
		s.audit(r.Context(), id, string(auth.ActionRentalAccess), "rental form", store.AuditDenied, "CSRF check failed")
		return errFormExpired
	}
	return nil
}

// formInt reads a whole number in field of a form.
func formInt(r *http.Request, field string) (int, error) {
	v := strings.TrimSpace(r.PostFormValue(field))
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, blandby.InvalidField(field, msg.Text("web.rental.err.whole_number", v))
	}
	return n, nil
}

// rentalReportForm is a landlord's vacancy report from the page.
func (s *Server) rentalReportForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.rentalForm(w, r); err != nil {
		return err
	}
	e, err := s.reportFromForm(r)
	if err != nil {
		return s.rentalFormFailed(w, r, "report", "report", err)
	}
	http.Redirect(w, r, "/udlejning?svar="+url.QueryEscape(fmt.Sprintf("%s/%d", e.PropertyID, e.Seq)), http.StatusSeeOther)
	return nil
}

// reportFromForm reports the vacancy of the report form.
func (s *Server) reportFromForm(r *http.Request) (rental.Entry, error) {
	d, err := dwellingFromForm(r)
	if err != nil {
		return rental.Entry{}, err
	}
	date, err := parseDay("date", r.PostFormValue("date"))
	if err != nil {
		return rental.Entry{}, err
	}
	return s.reportVacancy(r, r.PostFormValue("property"), rental.Vacancy{Dwelling: d, Date: date})
}

// dwellingFromForm reads the dwelling of a vacancy or an offer form, its
// fields "dwelling", "rooms", "area_m2" and "rent".
func dwellingFromForm(r *http.Request) (rental.Dwelling, error) {
	d := rental.Dwelling{ID: strings.TrimSpace(r.PostFormValue("dwelling"))}
	var err error
	if d.Rooms, err = formInt(r, "rooms"); err != nil {
		return d, err
	}
	if d.AreaM2, err = formInt(r, "area_m2"); err != nil {
		return d, err
	}
	rent, err := formInt(r, "rent")
	d.Rent = int64(rent)
	return d, err
}

// rentalAllocateForm is a municipality's allocation from the page.
func (s *Server) rentalAllocateForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.rentalForm(w, r); err != nil {
		return err
	}
	// The act decides who may, and answers another's property and an
	// unknown one alike (app.Allocate).
	id := r.PostFormValue("property")
	seq, err := formInt(r, "seq")
	if err != nil {
		return err
	}
	date, err := parseDay("date", r.PostFormValue("date"))
	if err == nil {
		a := rental.Allocation{PropertyID: id, Seq: seq, Date: date, ApplicantRef: strings.TrimSpace(r.PostFormValue("applicant_ref")), TargetGroup: r.PostFormValue("target_group")}
		_, err = s.allocate(r, a)
	}
	if err != nil {
		return s.rentalFormFailed(w, r, "alloc", rentalFormKey("alloc", id, strconv.Itoa(seq)), err)
	}
	http.Redirect(w, r, "/udlejning?svar="+url.QueryEscape(fmt.Sprintf("%s/%d", id, seq)), http.StatusSeeOther)
	return nil
}

// rentalAgreementForm is a municipality's new agreement from the page.
func (s *Server) rentalAgreementForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.rentalForm(w, r); err != nil {
		return err
	}
	if err := s.agreementFromForm(r); err != nil {
		return s.rentalFormFailed(w, r, "agreement", "agreement", err)
	}
	http.Redirect(w, r, "/udlejning", http.StatusSeeOther)
	return nil
}

// agreementFromForm records the agreement of the agreement form.
func (s *Server) agreementFromForm(r *http.Request) error {
	// The act decides who may and takes the municipality from the property
	// (app.AddAgreement).
	a := rental.Agreement{ID: strings.TrimSpace(r.PostFormValue("id")), PropertyID: r.PostFormValue("property"), Kind: r.PostFormValue("kind")}
	var err error
	if a.From, err = parseDay("from", r.PostFormValue("from")); err != nil {
		return err
	}
	if v := r.PostFormValue("to"); v != "" {
		if a.To, err = parseDay("to", v); err != nil {
			return err
		}
	}
	comp, err := formInt(r, "compensation")
	if err != nil {
		return err
	}
	a.Compensation = int64(comp)
	switch a.Kind {
	case rental.EveryNth:
		if a.N, err = formInt(r, "n"); err != nil {
			return err
		}
		if v := strings.TrimSpace(r.PostFormValue("max_share")); a.MaxShare.UnmarshalText([]byte(v)) != nil {
			return blandby.InvalidField("max_share", msg.Text("web.rental.err.max_share", v))
		}
	case rental.Named:
		for _, d := range strings.Split(r.PostFormValue("dwellings"), ",") {
			if d = strings.TrimSpace(d); d != "" {
				a.Dwellings = append(a.Dwellings, d)
			}
		}
	}
	return app.AddAgreement(r.Context(), s.st, webActor(r), rental.DefaultTrack, a)
}

// rentalDecisionForm is a municipality's decision to use the right from
// the page.
func (s *Server) rentalDecisionForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.rentalForm(w, r); err != nil {
		return err
	}
	if err := s.decisionFromForm(r); err != nil {
		return s.rentalFormFailed(w, r, "decision", "decision", err)
	}
	http.Redirect(w, r, "/udlejning", http.StatusSeeOther)
	return nil
}

// decisionFromForm records the decision of the decision form.
func (s *Server) decisionFromForm(r *http.Request) error {
	// The decision is the caller's municipality's; any other caller acts
	// on a resource of no municipality, and is refused.
	var res auth.Resource
	p := identityOf(r).p
	if code, ok := p.Municipality(); ok {
		res.Municipality = code
	}
	d := rental.Decision{ID: strings.TrimSpace(r.PostFormValue("id")), Municipality: res.Municipality, Reason: strings.TrimSpace(r.PostFormValue("reason")),
		Properties: r.PostForm["properties"], TargetGroup: r.PostFormValue("target_group")}
	var err error
	if d.Date, err = parseDay("date", r.PostFormValue("date")); err != nil {
		return err
	}
	if strings.TrimSpace(r.PostFormValue("n")) != "" {
		if d.N, err = formInt(r, "n"); err != nil {
			return err
		}
	}
	_, err = app.AddRightDecision(r.Context(), s.st, s.cat, webActor(r), rental.DefaultTrack, d)
	return err
}

// rentalOfferForm is a landlord's equivalent dwelling offered from the
// page instead of a vacancy the right took.
func (s *Server) rentalOfferForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.rentalForm(w, r); err != nil {
		return err
	}
	// The act decides who may (app.Offer).
	seq, err := formInt(r, "seq")
	if err != nil {
		return err
	}
	o := rental.Offer{PropertyID: r.PostFormValue("property"), Seq: seq}
	o.Dwelling, err = dwellingFromForm(r)
	if err == nil {
		o.Date, err = parseDay("date", r.PostFormValue("date"))
	}
	if err == nil {
		_, err = app.Offer(r.Context(), s.st, webActor(r), o)
	}
	if err != nil {
		return s.rentalFormFailed(w, r, "offer", rentalFormKey("offer", o.PropertyID, strconv.Itoa(seq)), err)
	}
	http.Redirect(w, r, "/udlejning?svar="+url.QueryEscape(fmt.Sprintf("%s/%d", o.PropertyID, seq)), http.StatusSeeOther)
	return nil
}

func init() {
	// rentalDwelling is a dwelling's rooms, floor space and rent, with
	// their units.
	funcs["rentalDwelling"] = func(l blandby.Lang, d rental.Dwelling) string {
		rooms := msg.N(l, "web.rental.ledger.rooms", d.Rooms, explain.Int(int64(d.Rooms), l))
		return msg.T(l, "web.rental.ledger.dwelling", rooms, explain.Int(int64(d.AreaM2), l), explain.Int(d.Rent, l))
	}
}
