package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/plan"
)

// planNewRows is how many blank action rows the plan form offers for new
// actions.
const planNewRows = 3

// planMaxRows bounds the action rows a form post is read for: the most
// actions a plan may have, plus the blank rows.
const planMaxRows = plan.MaxActions + planNewRows

// planActionFields are the fields of an action row, as the form names them
// after the row's "actions[i]." and as plan.Validate names its errors.
var planActionFields = []string{"kind", "year", "dwellings", "business_m2", "to", "households", "temporary_months", "replaces", "note"}

// planStockFields are the form's number fields for the stock, named as
// plan.Validate names its errors, with where each goes in a plan.
func planStockFields(p *plan.Plan) []struct {
	name string
	dst  *int64
} {
	return []struct {
		name string
		dst  *int64
	}{
		{"stock.public_family", &p.Stock.PublicFamily}, {"stock.public_youth", &p.Stock.PublicYouth},
		{"stock.public_elderly", &p.Stock.PublicElderly}, {"stock.private_rental", &p.Stock.PrivateRental},
		{"stock.owner_occupied", &p.Stock.OwnerOccupied}, {"stock.cooperative", &p.Stock.Cooperative},
		{"stock.other", &p.Stock.Other}, {"stock.business_m2", &p.Stock.BusinessM2},
		{"demolished_not_replaced", &p.DemolishedNotReplaced},
	}
}

// planYesNoFacts are the form's yes/no facts.
func planYesNoFacts(f *plan.Facts) []struct {
	name string
	dst  **bool
} {
	return []struct {
		name string
		dst  **bool
	}{
		{"fact_ends_omdannelse_status", &f.EndsOmdannelseStatus}, {"fact_new_building_cannot_help", &f.NewBuildingCannotHelp},
		{"fact_sale_only_at_loss", &f.SaleOnlyAtLoss}, {"fact_conviction_criterion_met", &f.ConvictionCriterionMet},
	}
}

// planNumberFacts are the form's number facts ("" is unknown).
func planNumberFacts(f *plan.Facts) []struct {
	name string
	dst  **int64
} {
	return []struct {
		name string
		dst  **int64
	}{
		{"fact_municipal_parallel_family_dwellings", &f.MunicipalParallelFamilyDwellings},
		{"fact_municipal_family_dwellings", &f.MunicipalFamilyDwellings}, {"fact_residents", &f.Residents},
	}
}

// planLabels are the message ids of the form's labels, by field name (an
// action row's fields by their name in the row).
var planLabels = map[string]string{
	"base_year": "web.plan.base_year", "stock.public_family": "common.public_family_dwellings_cap",
	"stock.public_youth": "web.plan.public_youth_dwellings", "stock.public_elderly": "web.plan.public_elderly_dwellings",
	"stock.private_rental": "web.private_rental", "stock.owner_occupied": "web.plan.owner_occupied",
	"stock.cooperative": "web.plan.cooperative", "stock.other": "web.plan.other_dwellings",
	"stock.business_m2": "web.plan.business_floor_space_m2", "demolished_not_replaced": "web.plan.demolished_after_2010_not",
	"fact_ends_omdannelse_status":              "web.plan.application_explains_how_area",
	"fact_municipal_parallel_family_dwellings": "web.plan.public_family_dwellings_in",
	"fact_municipal_family_dwellings":          "web.plan.municipalitys_public_family",
	"fact_new_building_cannot_help":            "web.plan.new_building_cannot_materially",
	"fact_sale_only_at_loss":                   "web.plan.sale_only_at_loss",
	"fact_residents":                           "common.residents_cap",
	"fact_conviction_criterion_met":            "web.plan.area_meets_conviction_criterion",
	"kind":                                     "web.plan.kind", "year": "web.plan.year", "dwellings": "common.dwellings_cap", "business_m2": "web.plan.business_m2",
	"to": "web.plan.to_tenure", "households": "web.plan.households_moving", "temporary_months": "web.plan.temporary_rehousing_months",
	"replaces": "web.plan.of_which_replace_demolished", "note": "web.plan.note",
}

// planForm is the plan page's edit form: every field's value, as the
// version edited has it or as the user typed it, and the errors of a save
// that failed, each beside its field.
type planForm struct {
	Lang blandby.Lang
	// Prev is the version edited (0: none yet), Document its JSON: the
	// base the form's fields change.
	Prev     string
	Document string
	values   url.Values
	errs     map[string]string
	// Rows are the action rows: the version's actions, then blank rows
	// for new ones.
	Rows []planFormRow
	// Problems are the errors of a failed save, in the form's order, for
	// the summary above the form; each links to its field when it has one.
	Problems []planProblem
	Kinds    []planOption
	Tenures  []planOption
	YesNo    []planOption
}

// planFormRow is one action row of the form.
type planFormRow struct {
	Index int
	// New is a blank row for a new action.
	New  bool
	form *planForm
}

// Number is the row's number as a reader counts: 1, 2, …
func (r planFormRow) Number() int { return r.Index + 1 }

// Field is the row's field of that name ("kind", "year", …).
func (r planFormRow) Field(name string) planField {
	f := r.form.Field(fmt.Sprintf("actions[%d].%s", r.Index, name))
	f.Label = msg.T(r.form.Lang, planLabels[name])
	return f
}

// Select is the row's select field of that name, with its options.
func (r planFormRow) Select(name string, opts []planOption) planField {
	f := r.Field(name)
	f.Options = opts
	return f
}

// Invalid reports whether any field of the row has an error.
func (r planFormRow) Invalid() bool {
	for _, name := range planActionFields {
		if r.form.errs[fmt.Sprintf("actions[%d].%s", r.Index, name)] != "" {
			return true
		}
	}
	return false
}

// planField is one field of the form: its name, the id of its control, its
// label, its value and its error ("" when none).
type planField struct {
	Name, ID, Label, Value, Error string
	Options                       []planOption
}

// planOption is an option of a select.
type planOption struct{ Value, Label string }

// planProblem is an error of a failed save: its text, and the id of the
// field it belongs to ("" when it concerns the whole plan).
type planProblem struct{ ID, Text string }

// planFieldID is the id of a field's control.
func planFieldID(name string) string {
	return "pf-" + strings.NewReplacer(".", "-", "[", "-", "]", "").Replace(name)
}

// Field is the named field, with its label.
func (f *planForm) Field(name string) planField {
	fl := planField{Name: name, ID: planFieldID(name), Value: f.values.Get(name), Error: f.errs[name]}
	if id, ok := planLabels[name]; ok {
		fl.Label = msg.T(f.Lang, id)
	}
	return fl
}

// Select is the named select field, with its options.
func (f *planForm) Select(name string, opts []planOption) planField {
	fl := f.Field(name)
	fl.Options = opts
	return fl
}

// Checked reports whether the named checkbox is ticked.
func (f *planForm) Checked(name string) bool { return f.values.Get(name) == "on" }

// newPlanForm returns the form of a plan's version: its values, the
// version's actions and blank rows for new ones.
func newPlanForm(l blandby.Lang, p *plan.Plan, prev int, document string) *planForm {
	v := url.Values{}
	n := func(x int64) string { return strconv.FormatInt(x, 10) }
	v.Set("base_year", strconv.Itoa(p.BaseYear))
	for _, f := range planStockFields(p) {
		v.Set(f.name, n(*f.dst))
	}
	if p.CountDemolished {
		v.Set("count_demolished", "on")
	}
	if p.Completed {
		v.Set("completed", "on")
	}
	for _, f := range planYesNoFacts(&p.Facts) {
		switch {
		case *f.dst == nil:
		case **f.dst:
			v.Set(f.name, "yes")
		default:
			v.Set(f.name, "no")
		}
	}
	for _, f := range planNumberFacts(&p.Facts) {
		if *f.dst != nil {
			v.Set(f.name, n(**f.dst))
		}
	}
	for i, a := range p.Actions {
		pre := fmt.Sprintf("actions[%d].", i)
		v.Set(pre+"kind", string(a.Kind))
		v.Set(pre+"year", strconv.Itoa(a.Year))
		set := func(name string, x int64) {
			if x != 0 {
				v.Set(pre+name, n(x))
			}
		}
		set("dwellings", a.Dwellings)
		set("business_m2", a.BusinessM2)
		set("temporary_months", a.TemporaryMonths)
		set("replaces", a.Replaces)
		if a.Households != nil {
			v.Set(pre+"households", n(*a.Households))
		}
		v.Set(pre+"to", string(a.To))
		v.Set(pre+"note", a.Note)
	}
	f := &planForm{Lang: l, Prev: strconv.Itoa(prev), Document: document, values: v, errs: map[string]string{}}
	f.setRows(len(p.Actions), len(p.Actions)+planNewRows)
	f.options()
	return f
}

// postedPlanForm returns the form as the user posted it, to show again
// with the errors of a failed save.
func postedPlanForm(l blandby.Lang, r *http.Request) *planForm {
	f := &planForm{Lang: l, Prev: r.PostFormValue("prev"), Document: r.PostFormValue("document"), values: r.PostForm, errs: map[string]string{}}
	old, _ := strconv.Atoi(r.PostFormValue("old_rows"))
	rows, _ := strconv.Atoi(r.PostFormValue("rows"))
	rows = min(max(rows, 0), planMaxRows)
	f.setRows(min(max(old, 0), rows), rows)
	f.options()
	return f
}

// setRows makes the form's rows: old rows of the version, then new ones,
// rows in all.
func (f *planForm) setRows(old, rows int) {
	f.Rows = nil
	for i := range rows {
		f.Rows = append(f.Rows, planFormRow{Index: i, New: i >= old, form: f})
	}
}

// options fills in the selects' options in the form's language.
func (f *planForm) options() {
	l := f.Lang
	f.Kinds = []planOption{{"", msg.T(l, "web.plan.form.choose_kind")}}
	for _, k := range plan.Kinds {
		f.Kinds = append(f.Kinds, planOption{string(k), k.Label(l)})
	}
	f.Tenures = []planOption{{"", msg.T(l, "web.plan.form.no_tenure")}, {"owner_occupied", msg.T(l, "web.plan.tenure_owner_occupied")},
		{"private_rental", msg.T(l, "web.plan.tenure_private_rental")}, {"cooperative", msg.T(l, "web.plan.tenure_cooperative")}}
	f.YesNo = []planOption{{"", msg.T(l, "web.plan.not_given")}, {"yes", msg.T(l, "common.yes")}, {"no", msg.T(l, "common.no")}}
}

// addError records err, a failed save's error, beside its field when it
// names one the form has; rowOf maps the plan's action i to its form row
// (nil: the error names form rows).
func (f *planForm) addError(err error, rowOf []int) {
	for _, e := range flattenErrors(err) {
		field, text := blandby.Explain(e, f.Lang)
		if blandby.CodeOf(e) == blandby.CodeConflict {
			field, text = "", msg.T(f.Lang, "web.plan.form.conflict")
		}
		if k, rest, ok := actionField(field); ok && rowOf != nil {
			if k < len(rowOf) {
				field = fmt.Sprintf("actions[%d].%s", rowOf[k], rest)
			} else {
				field = ""
			}
		}
		if field == "stock" {
			field = "stock.public_family" // the area has no dwellings
		}
		if field == "" || !f.has(field) {
			f.Problems = append(f.Problems, planProblem{Text: text})
			continue
		}
		if f.errs[field] == "" {
			f.errs[field] = text
		}
	}
}

// has reports whether the form has a field of that name.
func (f *planForm) has(field string) bool {
	if k, rest, ok := actionField(field); ok {
		for _, name := range planActionFields {
			if name == rest {
				return k < len(f.Rows)
			}
		}
		return false
	}
	switch field {
	case "base_year":
		return true
	}
	p := plan.Plan{}
	for _, s := range planStockFields(&p) {
		if s.name == field {
			return true
		}
	}
	for _, s := range planYesNoFacts(&p.Facts) {
		if s.name == field {
			return true
		}
	}
	for _, s := range planNumberFacts(&p.Facts) {
		if s.name == field {
			return true
		}
	}
	return false
}

// summarize lists the fields' errors above the form, in the form's order,
// after the errors of the whole plan.
func (f *planForm) summarize() {
	names := []string{"base_year"}
	p := plan.Plan{}
	for _, s := range planStockFields(&p) {
		names = append(names, s.name)
	}
	for _, s := range planYesNoFacts(&p.Facts) {
		names = append(names, s.name)
	}
	for _, s := range planNumberFacts(&p.Facts) {
		names = append(names, s.name)
	}
	for _, row := range f.Rows {
		for _, n := range planActionFields {
			names = append(names, fmt.Sprintf("actions[%d].%s", row.Index, n))
		}
	}
	for _, name := range names {
		text := f.errs[name]
		if text == "" {
			continue
		}
		if k, _, ok := actionField(name); ok {
			// The row as its legend names it.
			if f.Rows[k].New {
				text = msg.T(f.Lang, "web.plan.form.new_action_n", k+1) + ": " + text
			} else {
				text = msg.T(f.Lang, "web.plan.form.action_n", k+1) + ": " + text
			}
		}
		f.Problems = append(f.Problems, planProblem{ID: planFieldID(name), Text: text})
	}
}

// actionField splits "actions[3].year" into 3 and "year".
func actionField(field string) (int, string, bool) {
	rest, ok := strings.CutPrefix(field, "actions[")
	if !ok {
		return 0, "", false
	}
	num, rest, ok := strings.Cut(rest, "].")
	if !ok {
		return 0, "", false
	}
	k, err := strconv.Atoi(num)
	if err != nil || k < 0 {
		return 0, "", false
	}
	return k, rest, true
}

// flattenErrors returns the errors joined in err (errors.Join), or err.
func flattenErrors(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flattenErrors(e)...)
		}
		return out
	}
	return []error{err}
}

// planFromPost builds the plan a form post asks for: an uploaded JSON file
// or the JSON text when mode is json; else the version edited ("document")
// with the form's stock, facts and action rows. Every row's changes are
// read at once: a row is changed in place, a row ticked "remove" is left
// out, and a blank row is skipped. rowOf maps the plan's action i to its
// form row, for the errors. The errors of the form's fields are joined.
func planFromPost(r *http.Request, areaID string) (p plan.Plan, rowOf []int, err error) {
	if r.MultipartForm != nil {
		if f, h, err := r.FormFile("file"); err == nil {
			defer f.Close()
			if h.Size > 0 {
				p, err := decodePlan(f, areaID)
				return p, nil, err
			}
		}
	}
	if doc := strings.TrimSpace(r.PostFormValue("document")); doc != "" && r.PostFormValue("mode") == "json" {
		p, err := decodePlan(strings.NewReader(doc), areaID)
		return p, nil, err
	}
	p, err = decodePlan(strings.NewReader(r.PostFormValue("document")), areaID)
	if err != nil {
		return p, nil, err
	}
	if _, ok := r.PostForm["rows"]; !ok {
		// Only the document: saved as it is.
		return p, nil, nil
	}
	var errs []error
	num := func(name string) (int64, bool) {
		v := strings.TrimSpace(r.PostFormValue(name))
		if v == "" {
			return 0, false
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs = append(errs, blandby.InvalidField(name, msg.Text("web.plan.form.whole_number")))
			return 0, false
		}
		return n, true
	}
	if y, ok := num("base_year"); ok {
		p.BaseYear = int(y)
	} else if strings.TrimSpace(r.PostFormValue("base_year")) == "" {
		errs = append(errs, blandby.InvalidField("base_year", msg.Text("web.plan.form.year_required")))
	}
	for _, f := range planStockFields(&p) {
		*f.dst, _ = num(f.name)
	}
	p.Completed = r.PostFormValue("completed") == "on"
	p.CountDemolished = r.PostFormValue("count_demolished") == "on"
	for _, b := range planYesNoFacts(&p.Facts) {
		switch v := r.PostFormValue(b.name); v {
		case "":
			*b.dst = nil
		case "yes", "no":
			yes := v == "yes"
			*b.dst = &yes
		default:
			errs = append(errs, blandby.InvalidField(b.name, msg.Text("web.plan.form.yes_no")))
		}
	}
	for _, n := range planNumberFacts(&p.Facts) {
		*n.dst = nil
		if x, ok := num(n.name); ok {
			*n.dst = &x
		}
	}
	rows, aerr := strconv.Atoi(r.PostFormValue("rows"))
	if aerr != nil || rows < 0 || rows > planMaxRows {
		return p, nil, blandby.InvalidField("rows", msg.Text("web.plan.form.bad_rows", r.PostFormValue("rows"), planMaxRows))
	}
	p.Actions = nil
	for i := range rows {
		pre := fmt.Sprintf("actions[%d].", i)
		if r.PostFormValue(pre+"remove") == "on" {
			continue
		}
		blank := true
		for _, name := range planActionFields {
			if strings.TrimSpace(r.PostFormValue(pre+name)) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		a := plan.Action{Kind: plan.Kind(r.PostFormValue(pre + "kind")), To: plan.Tenure(r.PostFormValue(pre + "to")), Note: strings.TrimSpace(r.PostFormValue(pre + "note"))}
		if y, ok := num(pre + "year"); ok {
			a.Year = int(y)
		} else if strings.TrimSpace(r.PostFormValue(pre+"year")) == "" {
			errs = append(errs, blandby.InvalidField(pre+"year", msg.Text("web.plan.form.year_required")))
		}
		a.Dwellings, _ = num(pre + "dwellings")
		a.BusinessM2, _ = num(pre + "business_m2")
		a.TemporaryMonths, _ = num(pre + "temporary_months")
		a.Replaces, _ = num(pre + "replaces")
		if hh, ok := num(pre + "households"); ok {
			a.Households = &hh
		}
		rowOf = append(rowOf, i)
		p.Actions = append(p.Actions, a)
	}
	return p, rowOf, errors.Join(errs...)
}
