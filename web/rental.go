package web

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/rental"
	"github.com/blandby/blandby/store"
)

// The rental feature: landlords report vacancies and see their statements;
// municipalities record agreements and decisions, allocate, and see their
// ledger. Every route needs rental_access; the handler authorises against
// the resource looked up in the store:
//
//   - a landlord's acts (registering a property, reporting a vacancy,
//     offering an equivalent dwelling, claiming under the restoration
//     guarantee) against Resource{Landlord: the property's CVR}, which
//     names no municipality, so a municipality may not do them;
//   - a municipality's acts (agreements, decisions, allocations) against
//     Resource{Municipality: the property's or decision's municipality},
//     which names no landlord;
//   - reading a property's ledger against both, so the landlord and the
//     municipality of the property may read it.

// maxRentalBody bounds a rental request body.
const maxRentalBody = 64 << 10

func init() {
	pageNames = append(pageNames, "rental")
	funcs["rentalDay"] = func(t time.Time) string {
		if t.IsZero() {
			return "…"
		}
		return t.Format(time.DateOnly)
	}
	// rentalCode is the code of a municipality principal's scope; 0 (which
	// names no municipality) for any other scope.
	funcs["rentalCode"] = func(scope string) blandby.MunicipalityCode {
		code, _ := auth.Principal{Role: auth.RoleMunicipality, Scope: scope}.Municipality()
		return code
	}
}

// rentalAPIRoutes are the API routes of the rental feature.
func (s *Server) rentalAPIRoutes() []route {
	a := auth.ActionRentalAccess
	return []route{
		{"GET /rental/properties", a, s.apiRentalProperties},
		{"POST /rental/properties", a, s.apiRentalPutProperty},
		{"GET /rental/agreements", a, s.apiRentalAgreements},
		{"POST /rental/agreements", a, s.apiRentalAddAgreement},
		{"GET /rental/decisions", a, s.apiRentalDecisions},
		{"POST /rental/decisions", a, s.apiRentalAddDecision},
		{"POST /rental/properties/{id}/vacancies", a, s.apiRentalReport},
		{"POST /rental/properties/{id}/vacancies/{seq}/offer", a, s.apiRentalOffer},
		{"POST /rental/properties/{id}/vacancies/{seq}/allocation", a, s.apiRentalAllocate},
		{"POST /rental/properties/{id}/vacancies/{seq}/claims", a, s.apiRentalClaim},
		{"GET /rental/ledger", a, s.apiRentalLedger},
		{"GET /rental/statement", a, s.apiRentalStatement},
	}
}

// rentalPageRoutes are the UI routes of the rental feature.
func (s *Server) rentalPageRoutes() []route {
	a := auth.ActionRentalAccess
	return []route{
		{"GET /udlejning", a, s.rentalPage},
		{"POST /udlejning/ledig", a, s.rentalReportForm},
		{"POST /udlejning/anvisning", a, s.rentalAllocateForm},
		{"POST /udlejning/aftale", a, s.rentalAgreementForm},
		{"POST /udlejning/beslutning", a, s.rentalDecisionForm},
		{"POST /udlejning/tilbud", a, s.rentalOfferForm},
	}
}

// rentalAuthorize authorises the request's principal on a resource and
// audits a refusal.
func (s *Server) rentalAuthorize(r *http.Request, res auth.Resource, object string) error {
	id := identityOf(r)
	if err := auth.Authorize(id.p, auth.ActionRentalAccess, res); err != nil {
		s.audit(r.Context(), id, string(auth.ActionRentalAccess), object, store.AuditDenied, err.Error())
		return err
	}
	return nil
}

// rentalScope reads ?property=, ?municipality= or ?landlord= (default: the
// caller's own municipality or landlord) into a filter, authorised. A
// property of another landlord or municipality is answered as an unknown
// one (404, app.NotYourProperty).
func (s *Server) rentalScope(r *http.Request) (store.RentalFilter, error) {
	q := r.URL.Query()
	p := identityOf(r).p
	own, _ := p.Municipality() // 0: not a municipality
	var f store.RentalFilter
	var res auth.Resource
	switch {
	case q.Get("property") != "":
		// Authorised (and a refusal audited) by app.ReadableProperty,
		// which answers another's property as an unknown one.
		prop, err := app.ReadableProperty(r.Context(), s.st, webActor(r), q.Get("property"))
		if err != nil {
			return f, err
		}
		f.PropertyID = prop.ID
		return f, nil
	case q.Get("municipality") != "":
		code, err := blandby.ParseMunicipalityCode(q.Get("municipality"))
		if err != nil {
			return f, blandby.InvalidField("municipality", msg.Text("web.err.municipality", q.Get("municipality")))
		}
		f.Municipality, res = code, auth.Resource{Municipality: code}
	case q.Get("landlord") != "":
		f.LandlordCVR, res = q.Get("landlord"), auth.Resource{Landlord: q.Get("landlord")}
	case own != 0:
		f.Municipality, res = own, auth.Resource{Municipality: own}
	case p.Role == auth.RoleLandlord:
		f.LandlordCVR, res = p.Scope, auth.Resource{Landlord: p.Scope}
	default:
		return f, blandby.Told(blandby.CodeInvalid, msg.Text("web.rental.err.whose"))
	}
	return f, s.rentalAuthorize(r, res, "rental "+r.URL.RawQuery)
}

// readRentalJSON decodes a request body strictly.
func readRentalJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRentalBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError("rental", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return blandby.Told(blandby.CodeInvalid, msg.Text("web.err.json_more"))
	}
	return nil
}

// rentalRules returns the rule set of the default track in force on date.
func rentalRules(date time.Time) (*rental.RuleSet, error) {
	return app.RentalRules(rental.DefaultTrack, date)
}

// parseDay reads a date YYYY-MM-DD given in field of a form or query.
func parseDay(field, v string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return d, blandby.InvalidField(field, msg.Text("web.err.date", v))
	}
	return d, nil
}

func (s *Server) apiRentalProperties(w http.ResponseWriter, r *http.Request) error {
	f, err := s.rentalScope(r)
	if err != nil {
		return err
	}
	ps, err := s.st.Properties(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"properties": ps})
	return nil
}

type propertyRequest struct {
	rental.Property
	LandlordName string `json:"landlord_name"`
}

func (s *Server) apiRentalPutProperty(w http.ResponseWriter, r *http.Request) error {
	var req propertyRequest
	if err := readRentalJSON(w, r, &req); err != nil {
		return err
	}
	if err := app.PutProperty(r.Context(), s.st, webActor(r), req.Property, req.LandlordName); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, req.Property)
	return nil
}

func (s *Server) apiRentalAgreements(w http.ResponseWriter, r *http.Request) error {
	f, err := s.rentalScope(r)
	if err != nil {
		return err
	}
	as, err := s.st.Agreements(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"agreements": as})
	return nil
}

func (s *Server) apiRentalAddAgreement(w http.ResponseWriter, r *http.Request) error {
	var a rental.Agreement
	if err := readRentalJSON(w, r, &a); err != nil {
		return err
	}
	if err := app.AddAgreement(r.Context(), s.st, webActor(r), rental.DefaultTrack, a); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) apiRentalDecisions(w http.ResponseWriter, r *http.Request) error {
	f, err := s.rentalScope(r)
	if err != nil {
		return err
	}
	if f.Municipality == 0 {
		return blandby.InvalidField("municipality", msg.Text("web.rental.err.decisions_municipality"))
	}
	ds, err := s.st.Decisions(r.Context(), f.Municipality)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"decisions": ds})
	return nil
}

func (s *Server) apiRentalAddDecision(w http.ResponseWriter, r *http.Request) error {
	var d rental.Decision
	if err := readRentalJSON(w, r, &d); err != nil {
		return err
	}
	d, err := app.AddRightDecision(r.Context(), s.st, s.cat, webActor(r), rental.DefaultTrack, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

// reportVacancy assesses and stores a vacancy the caller reports as the
// property's landlord (app.ReportVacancy).
func (s *Server) reportVacancy(r *http.Request, propertyID string, v rental.Vacancy) (rental.Entry, error) {
	return app.ReportVacancy(r.Context(), s.st, s.cat, webActor(r), rental.DefaultTrack, propertyID, v, time.Now().UTC())
}

func (s *Server) apiRentalReport(w http.ResponseWriter, r *http.Request) error {
	var v rental.Vacancy
	if err := readRentalJSON(w, r, &v); err != nil {
		return err
	}
	e, err := s.reportVacancy(r, r.PathValue("id"), v)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, e)
	return nil
}

// pathEntry reads {id} and {seq}: a vacancy of a property.
func pathEntry(r *http.Request) (string, int, error) {
	seq, err := strconv.Atoi(r.PathValue("seq"))
	if err != nil || seq < 1 {
		return "", 0, blandby.InvalidField("seq", msg.Text("web.rental.err.seq", r.PathValue("seq")))
	}
	return r.PathValue("id"), seq, nil
}

func (s *Server) apiRentalOffer(w http.ResponseWriter, r *http.Request) error {
	id, seq, err := pathEntry(r)
	if err != nil {
		return err
	}
	var o rental.Offer
	if err := readRentalJSON(w, r, &o); err != nil {
		return err
	}
	o.PropertyID, o.Seq = id, seq
	if o, err = app.Offer(r.Context(), s.st, webActor(r), o); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, o)
	return nil
}

// allocate records an allocation of a vacancy the caller's municipality
// obtained (app.Allocate).
func (s *Server) allocate(r *http.Request, a rental.Allocation) (rental.Allocation, error) {
	return app.Allocate(r.Context(), s.st, webActor(r), a)
}

func (s *Server) apiRentalAllocate(w http.ResponseWriter, r *http.Request) error {
	id, seq, err := pathEntry(r)
	if err != nil {
		return err
	}
	var a rental.Allocation
	if err := readRentalJSON(w, r, &a); err != nil {
		return err
	}
	a.PropertyID, a.Seq = id, seq
	if a, err = s.allocate(r, a); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) apiRentalClaim(w http.ResponseWriter, r *http.Request) error {
	id, seq, err := pathEntry(r)
	if err != nil {
		return err
	}
	var c rental.Claim
	if err := readRentalJSON(w, r, &c); err != nil {
		return err
	}
	c.PropertyID, c.Seq = id, seq
	if err := app.Claim(r.Context(), s.st, webActor(r), c); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) apiRentalLedger(w http.ResponseWriter, r *http.Request) error {
	f, err := s.rentalScope(r)
	if err != nil {
		return err
	}
	l, err := s.st.RentalLedger(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

func (s *Server) apiRentalStatement(w http.ResponseWriter, r *http.Request) error {
	f, err := s.rentalScope(r)
	if err != nil {
		return err
	}
	asOf := time.Now().UTC().Truncate(24 * time.Hour)
	if v := r.URL.Query().Get("as_of"); v != "" {
		if asOf, err = parseDay("as_of", v); err != nil {
			return err
		}
	}
	st, err := app.RentalStatement(r.Context(), s.st, f, asOf)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}
