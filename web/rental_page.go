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
		return err
	}
	if id.session != "" {
		v.CSRF = auth.CSRFToken(id.sessionID)
	}
	rs, err := rentalRules(time.Now().UTC())
	if err != nil {
		return err
	}
	v.RuleSet = rs
	if v.Properties, err = s.st.Properties(ctx, f); err != nil {
		return err
	}
	l, err := s.st.RentalLedger(ctx, f)
	if err != nil {
		return err
	}
	v.Agreements = l.Agreements
	if v.Municipality {
		if v.Decisions, err = s.st.Decisions(ctx, f.Municipality); err != nil {
			return err
		}
	}
	if v.Statement, err = app.RentalStatement(ctx, s.st, f, time.Now().UTC()); err != nil {
		return err
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
	return s.render(w, r, http.StatusOK, "rental", msg.T(lang(w, r), "web.rental.private_rental_housing"), v)
}

// rentalForm reads a rental form and checks its CSRF token when the caller
// signed in with a session (an API token carries no ambient authority).
func (s *Server) rentalForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxRentalBody)
	if err := r.ParseForm(); err != nil {
		return blandby.Errorf(blandby.CodeInvalid, "the form could not be read: %v", err)
	}
	id := identityOf(r)
	if id.session != "" && !auth.CheckCSRF(id.sessionID, r.PostFormValue("csrf")) {
		s.audit(r.Context(), id, string(auth.ActionRentalAccess), "rental form", store.AuditDenied, "CSRF check failed")
		return formExpired(lang(w, r))
	}
	return nil
}

func formInt(r *http.Request, field string) (int, error) {
	n, err := strconv.Atoi(r.PostFormValue(field))
	if err != nil {
		return 0, blandby.Errorf(blandby.CodeInvalid, "%s %q: expected a whole number", field, r.PostFormValue(field))
	}
	return n, nil
}

// rentalReportForm is a landlord's vacancy report from the page.
func (s *Server) rentalReportForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.rentalForm(w, r); err != nil {
		return err
	}
	d := rental.Dwelling{ID: r.PostFormValue("dwelling")}
	var err error
	if d.Rooms, err = formInt(r, "rooms"); err != nil {
		return err
	}
	if d.AreaM2, err = formInt(r, "area_m2"); err != nil {
		return err
	}
	rent, err := formInt(r, "rent")
	if err != nil {
		return err
	}
	d.Rent = int64(rent)
	date, err := parseDay("date", r.PostFormValue("date"))
	if err != nil {
		return err
	}
	e, err := s.reportVacancy(r, r.PostFormValue("property"), rental.Vacancy{Dwelling: d, Date: date})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/udlejning?svar="+url.QueryEscape(fmt.Sprintf("%s/%d", e.PropertyID, e.Seq)), http.StatusSeeOther)
	return nil
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
	if err != nil {
		return err
	}
	a := rental.Allocation{PropertyID: id, Seq: seq, Date: date, ApplicantRef: r.PostFormValue("applicant_ref"), TargetGroup: r.PostFormValue("target_group")}
	if _, err := s.allocate(r, a); err != nil {
		return err
	}
	http.Redirect(w, r, "/udlejning?svar="+url.QueryEscape(fmt.Sprintf("%s/%d", id, seq)), http.StatusSeeOther)
	return nil
}

// rentalAgreementForm is a municipality's new agreement from the page.
func (s *Server) rentalAgreementForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.rentalForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	// The act decides who may and takes the municipality from the property
	// (app.AddAgreement).
	a := rental.Agreement{ID: r.PostFormValue("id"), PropertyID: r.PostFormValue("property"), Kind: r.PostFormValue("kind")}
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
		if err := a.MaxShare.UnmarshalText([]byte(r.PostFormValue("max_share"))); err != nil {
			return blandby.Errorf(blandby.CodeInvalid, "max_share %q: expected a share such as 1/5", r.PostFormValue("max_share"))
		}
	case rental.Named:
		for _, d := range strings.Split(r.PostFormValue("dwellings"), ",") {
			if d = strings.TrimSpace(d); d != "" {
				a.Dwellings = append(a.Dwellings, d)
			}
		}
	}
	if err := app.AddAgreement(ctx, s.st, webActor(r), rental.DefaultTrack, a); err != nil {
		return err
	}
	http.Redirect(w, r, "/udlejning", http.StatusSeeOther)
	return nil
}

// rentalDecisionForm is a municipality's decision to use the right from
// the page.
func (s *Server) rentalDecisionForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.rentalForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	// The decision is the caller's municipality's; any other caller acts
	// on a resource of no municipality, and is refused.
	var res auth.Resource
	p := identityOf(r).p
	if code, ok := p.Municipality(); ok {
		res.Municipality = code
	}
	d := rental.Decision{ID: r.PostFormValue("id"), Municipality: res.Municipality, Reason: r.PostFormValue("reason"),
		Properties: r.PostForm["properties"], TargetGroup: r.PostFormValue("target_group")}
	var err error
	if d.Date, err = parseDay("date", r.PostFormValue("date")); err != nil {
		return err
	}
	if v := strings.TrimSpace(r.PostFormValue("n")); v != "" {
		if d.N, err = strconv.Atoi(v); err != nil {
			return blandby.Errorf(blandby.CodeInvalid, "n: expected a whole number (every Nth vacancy), got %q", v)
		}
	}
	if _, err = app.AddRightDecision(ctx, s.st, s.cat, webActor(r), rental.DefaultTrack, d); err != nil {
		return err
	}
	http.Redirect(w, r, "/udlejning", http.StatusSeeOther)
	return nil
}

// rentalOfferForm is a landlord's equivalent dwelling offered from the
// page instead of a vacancy the right took.
func (s *Server) rentalOfferForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.rentalForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	// The act decides who may (app.Offer).
	seq, err := formInt(r, "seq")
	if err != nil {
		return err
	}
	o := rental.Offer{PropertyID: r.PostFormValue("property"), Seq: seq, Dwelling: rental.Dwelling{ID: r.PostFormValue("dwelling")}}
	if o.Dwelling.Rooms, err = formInt(r, "rooms"); err != nil {
		return err
	}
	if o.Dwelling.AreaM2, err = formInt(r, "area_m2"); err != nil {
		return err
	}
	rent, err := formInt(r, "rent")
	if err != nil {
		return err
	}
	o.Dwelling.Rent = int64(rent)
	if o.Date, err = parseDay("date", r.PostFormValue("date")); err != nil {
		return err
	}
	if _, err := app.Offer(ctx, s.st, webActor(r), o); err != nil {
		return err
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
