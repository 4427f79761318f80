package web

import (
	"encoding/json"
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
	"github.com/blandby/blandby/letting"
	"github.com/blandby/blandby/msg"
)

// rankingView is the waiting-list page's data.
type rankingView struct {
	Departments   []lettingOption
	DwellingTypes []letting.DwellingType
	Channels      []letting.Channel
	BenefitTypes  []string
	lang          blandby.Lang
	form          url.Values
	Errors        map[string]string
	Message       string
	CSRF          string
	Result        *rankingResult
}

func (rankingView) lettingNav() string { return "ranking" }

// F returns a form value.
func (v rankingView) F(name string) string { return v.form.Get(name) }

// In returns a field of the form.
func (v rankingView) In(name, typ string) formField {
	return newField(v.form, v.Errors, v.lang, name, typ)
}

// Err returns the error of a form field ("" when none).
func (v rankingView) Err(name string) string { return v.Errors[name] }

// rankingResult is a ranked waiting list.
type rankingResult struct {
	Area         lettingAreaJSON
	CategoryName *blandby.Text
	Department   string
	Date         letting.Date
	Channel      letting.Channel
	Rows         []letting.Ranked
	// Counts says in words how many applicants may have the dwelling and
	// how many may not.
	Counts string
}

// rankingExample is the example list the form starts with, in l: the
// columns the page explains, one applicant a line.
func rankingExample(l blandby.Lang) string {
	return strings.Join([]string{
		"A-1001; 2019-03-01; 1; 34; DK; " + statusWords(l, letting.Employed),
		"A-1002; 2018-11-15; 2; 41; DK; " + statusWords(l, letting.Unemployed) + "; kontanthjaelp; 2024-01-01; ; 39; DK; " + statusWords(l, letting.NoWork),
		"A-1003; 2020-06-30; 3; 27; DK; " + statusWords(l, letting.StatusInEducation),
	}, "\n")
}

func (s *Server) rankingView(r *http.Request, l blandby.Lang, form url.Values) (rankingView, error) {
	ls, err := s.letting()
	if err != nil {
		return rankingView{}, err
	}
	now := time.Now().UTC()
	rs, err := ls.cat.At(now)
	if err != nil {
		return rankingView{}, err
	}
	v := rankingView{lang: l, DwellingTypes: letting.DwellingTypes(), Channels: []letting.Channel{letting.WaitingList, letting.FlexibleLetting},
		BenefitTypes: rs.BenefitTypes(), form: form, Errors: map[string]string{}}
	if v.form == nil {
		v.form = url.Values{"date": {now.Format(time.DateOnly)}, "applicants": {rankingExample(l)}}
	}
	if v.Departments, _, err = s.lettingDepartments(r.Context(), l, identityOf(r).p, ls, rs, now); err != nil {
		return v, err
	}
	if id := identityOf(r); id.session != "" {
		v.CSRF = auth.CSRFToken(id.sessionID)
	}
	return v, nil
}

func (s *Server) rankingPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.rankingView(r, lang(w, r), nil)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "letting_ranking", msg.T(lang(w, r), "web.lettingpages.ranking.title"), v)
}

// rankingPost ranks the waiting list of the form (app.RankLetting, which
// logs every applicant's decision) and shows it.
func (s *Server) rankingPost(w http.ResponseWriter, r *http.Request) error {
	l := lang(w, r)
	if err := s.postedForm(w, r, maxLettingBody, auth.ActionDecideLetting, "waiting-list form"); err != nil {
		return err
	}
	v, err := s.rankingView(r, l, r.PostForm)
	if err != nil {
		return err
	}
	ls, err := s.letting()
	if err != nil {
		return err
	}
	f := r.PostForm
	req := app.RankRequest{Department: f.Get("department"), DwellingType: letting.DwellingType(f.Get("dwelling_type")), Channel: letting.Channel(f.Get("channel"))}
	now := time.Now().UTC()
	req.Date = letting.DateOf(now)
	if d := strings.TrimSpace(f.Get("date")); d != "" {
		var ok bool
		if req.Date, ok = parseFormDate(d); !ok {
			v.Errors["date"] = msg.T(l, "web.lettingpages.err.date", d)
		}
	}
	if req.Department == "" {
		v.Errors["department"] = msg.T(l, "web.lettingpages.ranking.err.department")
	}
	applicants, aerr := parseApplicants(f.Get("applicants"), v.BenefitTypes)
	if aerr != nil {
		_, v.Errors["applicants"] = blandby.Explain(aerr, l)
	}
	if len(v.Errors) > 0 {
		v.Message = msg.N(l, "web.lettingpages.err.form", len(v.Errors))
		return s.render(w, r, http.StatusBadRequest, "letting_ranking", msg.T(l, "web.lettingpages.ranking.title"), v)
	}
	req.Applicants = applicants
	src, err := s.lettingSource(r.Context(), ls)
	if err != nil {
		return err
	}
	ranked, t, err := app.RankLetting(r.Context(), s.st, src, s.cat, ls.cat, ls.log, webActor(r), req, now)
	if err != nil {
		if code := blandby.CodeOf(err); code != blandby.CodeInvalid && code != blandby.CodeNotFound {
			return err
		}
		_, v.Message = blandby.Explain(err, l)
		return s.render(w, r, httpStatus(err), "letting_ranking", msg.T(l, "web.lettingpages.ranking.title"), v)
	}
	res := &rankingResult{Area: areaJSON(t), Department: t.Department.Name + " (" + t.Department.ID + ")", Date: req.Date, Channel: req.Channel, Rows: ranked}
	allowed := 0
	for _, x := range ranked {
		if res.CategoryName == nil {
			res.CategoryName = x.Decision.CategoryName
		}
		if x.Decision.Outcome == letting.Allowed {
			allowed++
		}
	}
	res.Counts = msg.T(l, "web.lettingpages.ranking.counts", msg.N(l, "web.lettingpages.ranking.n_allowed", allowed),
		msg.N(l, "web.lettingpages.ranking.n_refused", len(ranked)-allowed))
	v.Result = res
	return s.render(w, r, http.StatusOK, "letting_ranking", msg.T(l, "web.lettingpages.ranking.title"), v)
}

// rankingColumns are the message ids of the columns of a line of the
// waiting list, in order.
var rankingColumns = []string{
	"web.lettingpages.ranking.col.ref",
	"web.lettingpages.ranking.col.waiting_since",
	"web.lettingpages.ranking.col.number",
	"web.lettingpages.ranking.col.age",
	"web.lettingpages.ranking.col.citizenship",
	"web.lettingpages.ranking.col.work",
	"web.lettingpages.ranking.col.benefit",
	"web.lettingpages.ranking.col.benefit_from",
	"web.lettingpages.ranking.col.benefit_to",
	"web.lettingpages.ranking.col.spouse_age",
	"web.lettingpages.ranking.col.spouse_citizenship",
	"web.lettingpages.ranking.col.spouse_work",
}

// parseApplicants reads the waiting list the form was given: the API's
// applicants as JSON (an array), or one applicant a line, its fields
// (rankingColumns) parted by semicolons or tabs. The error (a
// *blandby.FieldError of "applicants") names the line and column of
// every bad field.
func parseApplicants(text string, benefitTypes []string) ([]letting.Applicant, error) {
	text = strings.TrimSpace(text)
	bad := func(t blandby.Text) error { return blandby.InvalidField("applicants", t) }
	if text == "" {
		return nil, bad(msg.Text("web.lettingpages.ranking.err.none"))
	}
	var out []letting.Applicant
	if strings.HasPrefix(text, "[") {
		dec := json.NewDecoder(strings.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&out); err != nil {
			return nil, bad(msg.Text("web.lettingpages.ranking.err.json", err.Error()))
		}
	} else {
		var errs []blandby.Text
		for n, line := range strings.Split(text, "\n") {
			if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			a, lineErrs := parseApplicantLine(n+1, line, benefitTypes)
			errs = append(errs, lineErrs...)
			out = append(out, a)
		}
		if len(errs) > 0 {
			var t blandby.Text
			for i, e := range errs[:min(len(errs), 5)] {
				sep := ""
				if i > 0 {
					sep = " "
				}
				t.DA, t.EN = t.DA+sep+e.DA, t.EN+sep+e.EN
			}
			if len(errs) > 5 {
				more := msg.Text("web.lettingpages.ranking.err.more", len(errs)-5)
				t.DA, t.EN = t.DA+" "+more.DA, t.EN+" "+more.EN
			}
			return nil, bad(t)
		}
	}
	if len(out) > maxRankApplicants {
		return nil, bad(msg.Text("web.lettingpages.ranking.err.too_many", maxRankApplicants, len(out)))
	}
	seen := map[string]bool{}
	for _, a := range out {
		if seen[a.Ref] {
			return nil, bad(msg.Text("web.lettingpages.ranking.err.ref_twice", a.Ref))
		}
		seen[a.Ref] = true
	}
	return out, nil
}

// workOf reads a member's work or education from a line: a code or its
// words in either language.
func workOf(s string) (work string, inEducation, student, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, st := range policyStatuses {
		if s == st.Code || s == strings.ToLower(st.Text.DA) || s == strings.ToLower(st.Text.EN) {
			switch st.Code {
			case letting.StatusInEducation:
				return "", true, false, true
			case letting.StatusStudent:
				return "", false, true, true
			}
			return st.Code, false, false, true
		}
	}
	return "", false, false, s == ""
}

// parseApplicantLine reads one line of the waiting list (line n).
func parseApplicantLine(n int, line string, benefitTypes []string) (letting.Applicant, []blandby.Text) {
	sep := ";"
	if strings.Contains(line, "\t") {
		sep = "\t"
	}
	fields := strings.Split(line, sep)
	for i := range fields {
		fields[i] = strings.TrimSpace(fields[i])
	}
	var errs []blandby.Text
	fail := func(col int, id string, args ...any) {
		detail := msg.Text(id, args...)
		errs = append(errs, blandby.Text{
			DA: msg.T(blandby.Danish, "web.lettingpages.ranking.err.line", n, col+1, msg.T(blandby.Danish, rankingColumns[col]), detail.DA),
			EN: msg.T(blandby.English, "web.lettingpages.ranking.err.line", n, col+1, msg.T(blandby.English, rankingColumns[col]), detail.EN)})
	}
	if len(fields) < 5 || len(fields) > len(rankingColumns) {
		return letting.Applicant{}, []blandby.Text{msg.Text("web.lettingpages.ranking.err.columns", n, len(fields), len(rankingColumns))}
	}
	fields = append(fields, make([]string, len(rankingColumns)-len(fields))...)
	date := func(col int, required bool) *letting.Date {
		if fields[col] == "" {
			if required {
				fail(col, "web.lettingpages.err.date_required")
			}
			return nil
		}
		d, ok := parseFormDate(fields[col])
		if !ok {
			fail(col, "web.lettingpages.err.date", fields[col])
			return nil
		}
		return &d
	}
	number := func(col int) int64 {
		if fields[col] == "" {
			return 0
		}
		v, err := strconv.ParseInt(fields[col], 10, 64)
		if err != nil || v < 0 {
			fail(col, "web.lettingpages.ranking.err.number", fields[col])
		}
		return v
	}
	member := func(role letting.Role, ageCol, ccCol, workCol int) letting.Member {
		m := letting.Member{Role: role, Age: int(number(ageCol))}
		for _, cc := range strings.FieldsFunc(fields[ccCol], func(r rune) bool { return r == ',' || r == ' ' }) {
			if cc = strings.ToUpper(cc); len(cc) != 2 {
				fail(ccCol, "web.lettingpages.ranking.err.citizenship", cc)
			}
			m.Citizenships = append(m.Citizenships, cc)
		}
		if len(m.Citizenships) == 0 {
			fail(ccCol, "web.lettingpages.ranking.err.citizenship_required")
		}
		var ok bool
		if m.Work, m.InEducation, m.Student, ok = workOf(fields[workCol]); !ok {
			fail(workCol, "web.lettingpages.ranking.err.work", fields[workCol])
		}
		return m
	}
	a := letting.Applicant{Ref: fields[0], Number: number(2)}
	if a.Ref == "" {
		fail(0, "web.lettingpages.ranking.err.ref")
	}
	if d := date(1, true); d != nil {
		a.WaitingSince = *d
	}
	applicant := member(letting.RoleApplicant, 3, 4, 5)
	if t := fields[6]; t != "" {
		if !slices.Contains(benefitTypes, t) {
			fail(6, "web.lettingpages.ranking.err.benefit", t, strings.Join(benefitTypes, ", "))
		}
		if from := date(7, true); from != nil {
			applicant.Benefits = []letting.BenefitPeriod{{Type: t, From: *from, To: date(8, false)}}
		}
	}
	a.Household.Members = []letting.Member{applicant}
	if fields[9] != "" || fields[10] != "" || fields[11] != "" {
		a.Household.Members = append(a.Household.Members, member(letting.RoleSpouse, 9, 10, 11))
	}
	return a, errs
}

// applicantColumns lists the columns of a waiting-list line in words.
func applicantColumns(l blandby.Lang) string {
	var names []string
	for i, c := range rankingColumns {
		names = append(names, fmt.Sprintf("%d. %s", i+1, msg.T(l, c)))
	}
	return strings.Join(names, "; ")
}

func init() { funcs["applicantColumns"] = applicantColumns }
