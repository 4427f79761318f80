package whatif

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/official"
)

func ruleSet(t testing.TB, id string) *law.RuleSet {
	t.Helper()
	c, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := c.ByID(id)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func allRuleSets(t testing.TB) []*law.RuleSet {
	t.Helper()
	c, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return c.All()
}

// row is a hand-made indicator row. Values are written as in the indicator
// file: percentages, and the conviction multiple; "" is unknown.
type row struct {
	id                                       string
	residents                                int64
	nonwestern, labour, convicted, education string
	income, multiple                         string
}

func (r row) indicators(t testing.TB, year int) blandby.Indicators {
	t.Helper()
	ind := blandby.Indicators{Year: year, Area: blandby.Area{ID: r.id, Name: "Name of " + r.id, Municipality: "Kommune"}, Residents: r.residents}
	m := func(s string, percent bool) blandby.Measure {
		if s == "" {
			return blandby.Measure{}
		}
		v, err := blandby.ParseDecimal(s)
		if err != nil {
			t.Fatal(err)
		}
		if percent {
			v = v.Quo(blandby.RatioInt(100))
		}
		return blandby.KnownMeasure(v)
	}
	ind.NonWestern = m(r.nonwestern, true)
	ind.OutsideLabour = m(r.labour, true)
	ind.Convicted = m(r.convicted, true)
	ind.BasicEducation = m(r.education, true)
	ind.Income = m(r.income, true)
	ind.ConvictedMultiple = m(r.multiple, false)
	return ind
}

func rows(t testing.TB, year int, rs ...row) []blandby.Indicators {
	out := make([]blandby.Indicators, len(rs))
	for i, r := range rs {
		out[i] = r.indicators(t, year)
	}
	return out
}

// Rows under the 2010 rules (2 of: non-Western > 50 %, labour > 40 %,
// convicted > 2.70 %; at least 1,000 residents).
var rows2010 = []row{
	{id: "a1", residents: 1500, nonwestern: "47", labour: "42", convicted: "2"},      // G2 only
	{id: "a2", residents: 1500, nonwestern: "55", labour: "42", convicted: "2"},      // G1, G2
	{id: "a3", residents: 900, nonwestern: "60", labour: "50", convicted: "3"},       // too small
	{id: "a4", residents: 2000, nonwestern: "70", labour: "30", convicted: "3"},      // G1, G3
	{id: "a5", residents: 1200, nonwestern: "20", labour: "45", convicted: "3,5"},    // G2, G3
	{id: "a6", residents: 1000, nonwestern: "50", labour: "40", convicted: "2,70"},   // exactly on every bar: none
	{id: "a7", residents: 1000, nonwestern: "45", labour: "40,01", convicted: "2,1"}, // G2 only
}

// Rows under the 2021 rules, list year 2022.
var rows2022 = []row{
	// U3 only; forebyggelse (F0, F1, F3, F4).
	{id: "b1", residents: 1500, nonwestern: "40", labour: "38", education: "65", income: "60", multiple: "1"},
	// U3, U4 and P1: parallelsamfund, and omdannelse with the history below.
	{id: "b2", residents: 1500, nonwestern: "60", labour: "38", education: "65", income: "50", multiple: "1"},
	// No U criterion; forebyggelse (F0, F1, F4).
	{id: "b3", residents: 1500, nonwestern: "60", labour: "38", education: "50", income: "60", multiple: "1"},
	// U3 only; no forebyggelse (non-Western share too low).
	{id: "b4", residents: 1500, nonwestern: "25", labour: "38", education: "65", income: "70", multiple: "1"},
	// U1 only.
	{id: "b5", residents: 1500, nonwestern: "20", labour: "45", education: "50", income: "60", multiple: "1"},
	// U1 and U2 (exactly 3 times the national share): udsat.
	{id: "b6", residents: 1500, nonwestern: "20", labour: "45", education: "50", income: "80", multiple: "3"},
	// U3 only; forebyggelse; on the parallelsamfund list in the history.
	{id: "b7", residents: 1500, nonwestern: "60", labour: "38", education: "65", income: "58", multiple: "1"},
}

// history2022 puts b2 and b7 on the parallelsamfund list in each of the
// four years before 2022, so that they are omdannelse areas in 2022 when
// they are parallelsamfund areas.
func history2022() *blandby.History {
	h := blandby.NewHistory()
	for y := 2018; y <= 2021; y++ {
		h.Set(y, "b2", blandby.Parallelsamfund)
		h.Set(y, "b7", blandby.Omdannelse)
		h.Set(y, "b1", blandby.None)
	}
	return h
}

type wantMove struct {
	from, to blandby.Category
	kind     MoveKind
}

// TestMonotonic: loosening a threshold in the direction of its operator
// (lowering a > or >= bar, raising a < bar) only puts areas on lists, and
// tightening only takes them off; the one exception is forebyggelse, which
// an area leaves when it comes onto the udsat list (and joins when it leaves
// udsat).
func TestMonotonic(t *testing.T) {
	none, udsat, ps, om, fb := blandby.None, blandby.Udsat, blandby.Parallelsamfund, blandby.Omdannelse, blandby.Forebyggelse
	tests := []struct {
		name    string
		ruleSet string
		year    int
		rows    []row
		hist    *blandby.History
		changes []Change
		loosen  bool
		want    map[string]wantMove
	}{
		{"2010 lower non-Western", "2010-10-26", 2010, rows2010, nil,
			[]Change{{"G1", "45"}}, true,
			map[string]wantMove{"a1": {none, ps, MoveEnter}}},
		{"2010 lower non-Western to 44,99", "2010-10-26", 2010, rows2010, nil,
			[]Change{{"G1", "44,99"}}, true,
			map[string]wantMove{"a1": {none, ps, MoveEnter}, "a7": {none, ps, MoveEnter}}},
		{"2010 raise non-Western", "2010-10-26", 2010, rows2010, nil,
			[]Change{{"G1", "60"}}, false,
			map[string]wantMove{"a2": {ps, none, MoveLeave}}},
		{"2010 raise non-Western more", "2010-10-26", 2010, rows2010, nil,
			[]Change{{"G1", "75"}}, false,
			map[string]wantMove{"a2": {ps, none, MoveLeave}, "a4": {ps, none, MoveLeave}}},
		{"2010 lower convicted", "2010-10-26", 2010, rows2010, nil,
			[]Change{{"G3", "2"}}, true,
			map[string]wantMove{"a7": {none, ps, MoveEnter}}},
		{"2010 lower two at once", "2010-10-26", 2010, rows2010, nil,
			[]Change{{"G3", "1,9"}, {"G1", "45"}}, true,
			map[string]wantMove{"a1": {none, ps, MoveEnter}, "a6": {none, ps, MoveEnter}, "a7": {none, ps, MoveEnter}}},
		{"2022 lower labour", "2021-11-30", 2022, rows2022, history2022(),
			[]Change{{"U1", "35"}}, true,
			map[string]wantMove{"b1": {fb, udsat, MoveChange}, "b4": {none, udsat, MoveEnter}, "b7": {fb, om, MoveChange}}},
		{"2022 raise income bar (operator <)", "2021-11-30", 2022, rows2022, history2022(),
			[]Change{{"U4", "62"}}, true,
			map[string]wantMove{"b1": {fb, udsat, MoveChange}, "b5": {none, udsat, MoveEnter}, "b7": {fb, om, MoveChange}}},
		{"2022 lower income bar (operator <)", "2021-11-30", 2022, rows2022, history2022(),
			[]Change{{"U4", "50"}}, false,
			map[string]wantMove{"b2": {om, fb, MoveChange}}},
		{"2022 raise convicted multiple", "2021-11-30", 2022, rows2022, history2022(),
			[]Change{{"U2", "3,5"}}, false,
			map[string]wantMove{"b6": {udsat, none, MoveLeave}}},
		{"2022 lower convicted multiple", "2021-11-30", 2022, rows2022, history2022(),
			[]Change{{"U2", "1"}}, true,
			map[string]wantMove{"b1": {fb, udsat, MoveChange}, "b4": {none, udsat, MoveEnter}, "b5": {none, udsat, MoveEnter}, "b7": {fb, om, MoveChange}}},
		{"2022 raise forebyggelse non-Western", "2021-11-30", 2022, rows2022, history2022(),
			[]Change{{"F0", "50"}}, false,
			map[string]wantMove{"b1": {fb, none, MoveLeave}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := ruleSet(t, tt.ruleSet)
			res, err := Run(rs, tt.year, rows(t, tt.year, tt.rows...), tt.hist, tt.changes)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]wantMove{}
			for _, m := range res.Moves {
				got[m.Area.ID] = wantMove{m.From, m.To, m.Kind}
				before, after := m.ListsBefore, m.ListsAfter
				if !tt.loosen {
					before, after = after, before
				}
				for _, l := range before {
					if slices.Contains(after, l) {
						continue
					}
					if l == blandby.Forebyggelse && slices.Contains(after, blandby.Udsat) && !slices.Contains(before, blandby.Udsat) {
						continue
					}
					t.Errorf("%s: lists %v → %v break monotonicity (loosen=%v)", m.Area.ID, m.ListsBefore, m.ListsAfter, tt.loosen)
				}
				if len(m.CriteriaNowMet)+len(m.CriteriaNoLongerMet) == 0 {
					t.Errorf("%s moved with no criterion changing", m.Area.ID)
				}
				for _, id := range slices.Concat(m.CriteriaNowMet, m.CriteriaNoLongerMet) {
					if !slices.ContainsFunc(tt.changes, func(c Change) bool { return c.Criterion == id }) {
						t.Errorf("%s: criterion %s flipped but was not changed", m.Area.ID, id)
					}
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("moves %v, want %v", got, tt.want)
			}
			var order []blandby.Category
			for _, c := range res.Counts {
				order = append(order, c.Category)
			}
			if len(order) != len(rs.Lists) || !slices.EqualFunc(order, rs.Lists, func(c blandby.Category, l law.List) bool { return c == l.Category }) {
				t.Errorf("counts in order %v, want the rule set's lists", order)
			}
			if res.Unchanged+len(res.Moves) != len(tt.rows) {
				t.Errorf("unchanged %d + moves %d != %d areas", res.Unchanged, len(res.Moves), len(tt.rows))
			}
			if !slices.IsSortedFunc(res.Moves, func(a, b Move) int { return strings.Compare(a.Area.ID, b.Area.ID) }) {
				t.Errorf("moves not sorted by area id")
			}
			for _, c := range res.Counts {
				if c.Category == blandby.Forebyggelse {
					continue
				}
				if (tt.loosen && c.After < c.Before) || (!tt.loosen && c.After > c.Before) {
					t.Errorf("%s: count %d → %d (loosen=%v)", c.Category, c.Before, c.After, tt.loosen)
				}
			}
		})
	}
}

// TestOnNewThreshold: a value exactly on the new threshold lands on the side
// the criterion's operator says.
func TestOnNewThreshold(t *testing.T) {
	tests := []struct {
		name      string
		ruleSet   string
		year      int
		change    Change
		area      row
		wantMet   bool
		wantAfter blandby.Category
	}{
		// ">": exactly on the bar is not met.
		{"G1 > on", "2010-10-26", 2010, Change{"G1", "45"},
			row{id: "x", residents: 1000, nonwestern: "45", labour: "41"}, false, blandby.None},
		{"G1 > just above", "2010-10-26", 2010, Change{"G1", "45"},
			row{id: "x", residents: 1000, nonwestern: "45,001", labour: "41"}, true, blandby.Parallelsamfund},
		{"G1 > on a decimal bar", "2010-10-26", 2010, Change{"G1", "45,5"},
			row{id: "x", residents: 1000, nonwestern: "45.5", labour: "41"}, false, blandby.None},
		{"G3 > on", "2010-10-26", 2010, Change{"G3", "2.5"},
			row{id: "x", residents: 1000, convicted: "2,50", labour: "41"}, false, blandby.None},
		// ">=": exactly on the bar is met.
		{"U2 >= on", "2021-11-30", 2022, Change{"U2", "2.5"},
			row{id: "x", residents: 1000, multiple: "2,5", labour: "41"}, true, blandby.Udsat},
		{"U2 >= just below", "2021-11-30", 2022, Change{"U2", "2.5"},
			row{id: "x", residents: 1000, multiple: "2.4999", labour: "41"}, false, blandby.None},
		{"U2 >= on a fraction", "2021-11-30", 2022, Change{"U2", "7/3"},
			row{id: "x", residents: 1000, multiple: "7/3", labour: "41"}, true, blandby.Udsat},
		// "<": exactly on the bar is not met.
		{"U4 < on", "2021-11-30", 2022, Change{"U4", "50"},
			row{id: "x", residents: 1000, income: "50", labour: "41"}, false, blandby.None},
		{"U4 < just below", "2021-11-30", 2022, Change{"U4", "50"},
			row{id: "x", residents: 1000, income: "49,99", labour: "41"}, true, blandby.Udsat},
		{"F4 < on", "2021-11-30", 2022, Change{"F4", "62,5"},
			row{id: "x", residents: 1000, nonwestern: "35", labour: "35", income: "62.5"}, false, blandby.None},
		{"F4 < below", "2021-11-30", 2022, Change{"F4", "62,5"},
			row{id: "x", residents: 1000, nonwestern: "35", labour: "35", income: "62.4"}, true, blandby.Forebyggelse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Run(ruleSet(t, tt.ruleSet), tt.year, rows(t, tt.year, tt.area), nil, []Change{tt.change})
			if err != nil {
				t.Fatal(err)
			}
			r, err := res.After.Result("x")
			if err != nil {
				t.Fatal(err)
			}
			c, ok := r.Criterion(tt.change.Criterion)
			if !ok {
				t.Fatalf("no criterion %s", tt.change.Criterion)
			}
			want, ok := parseThreshold(c.Kind, tt.change.Value)
			if !ok {
				t.Fatalf("%q does not read as a threshold", tt.change.Value)
			}
			if c.Threshold.Cmp(want) != 0 {
				t.Errorf("threshold %s, want %s", c.Threshold, want)
			}
			if c.Met != tt.wantMet {
				t.Errorf("%s %s %s: met %v, want %v", c.ID, c.Operator, c.Threshold, c.Met, tt.wantMet)
			}
			if r.Category != tt.wantAfter {
				t.Errorf("category after %s, want %s", r.Category, tt.wantAfter)
			}
		})
	}
}

// changeErrors returns the *ChangeError values an error is made of.
func changeErrors(err error) []*ChangeError {
	var out []*ChangeError
	var walk func(error)
	walk = func(err error) {
		var ce *ChangeError
		switch e := err.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		default:
			if errors.As(err, &ce) {
				out = append(out, ce)
			}
		}
	}
	walk(err)
	return out
}

func TestApplyErrors(t *testing.T) {
	type want struct {
		index int
		field string
		in    []string // substrings of the message
	}
	tests := []struct {
		name    string
		ruleSet string
		changes []Change
		want    []want
	}{
		{"unknown criterion", "2021-11-30", []Change{{"U9", "45"}},
			[]want{{0, FieldCriterion, []string{`changes[0].criterion`, `"U9"`, "2021-11-30", "expected one of U1, U2, U3, U4, P1, F0, F1, F2, F3, F4"}}}},
		{"criterion ids are exact", "2010-10-26", []Change{{"g1", "45"}},
			[]want{{0, FieldCriterion, []string{`"g1"`, "expected one of G1, G2, G3"}}}},
		{"missing criterion", "2010-10-26", []Change{{"", "45"}},
			[]want{{0, FieldCriterion, []string{"missing criterion id", "expected one of G1"}}}},
		{"not a number", "2021-11-30", []Change{{"U1", "4x"}},
			[]want{{0, FieldValue, []string{`changes[0].value`, "U1", `"4x"`, "a percentage from 0 to 100"}}}},
		{"empty value", "2021-11-30", []Change{{"U1", ""}},
			[]want{{0, FieldValue, []string{"U1", `""`, "a percentage from 0 to 100"}}}},
		{"percent sign", "2021-11-30", []Change{{"U1", "45 %"}},
			[]want{{0, FieldValue, []string{"U1", "a percentage"}}}},
		{"exponent", "2021-11-30", []Change{{"U1", "4.5e1"}},
			[]want{{0, FieldValue, []string{"U1", "a percentage"}}}},
		{"thousands separator", "2021-11-30", []Change{{"U1", "4.500,0"}},
			[]want{{0, FieldValue, []string{"U1", "a percentage"}}}},
		{"percentage above 100", "2021-11-30", []Change{{"U3", "100,01"}},
			[]want{{0, FieldValue, []string{"U3", `"100,01"`, "from 0 to 100"}}}},
		{"negative percentage", "2010-10-26", []Change{{"G3", "-0.1"}},
			[]want{{0, FieldValue, []string{"G3", "from 0 to 100"}}}},
		{"negative multiple", "2021-11-30", []Change{{"U2", "-0,5"}},
			[]want{{0, FieldValue, []string{"U2", `"-0,5"`, "a multiple >= 0 of the national share"}}}},
		{"regional mean above 100", "2021-11-30", []Change{{"U4", "101"}},
			[]want{{0, FieldValue, []string{"U4", "a percentage of the regional mean from 0 to 100"}}}},
		{"zero denominator", "2021-11-30", []Change{{"U2", "1/0"}},
			[]want{{0, FieldValue, []string{"U2", "a multiple"}}}},
		{"same criterion twice", "2021-11-30", []Change{{"U1", "45"}, {"F1", "35"}, {"U1", "46"}},
			[]want{{2, FieldCriterion, []string{`changes[2].criterion`, "U1", "twice", "changes[0]"}}}},
		{"every error at once", "2021-11-30", []Change{{"U1", "x"}, {"U1", "45"}, {"Z", "1"}, {"U2", "3"}},
			[]want{{0, FieldValue, []string{"U1"}}, {1, FieldCriterion, []string{"twice"}}, {2, FieldCriterion, []string{`"Z"`}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := ruleSet(t, tt.ruleSet)
			out, err := Apply(rs, tt.changes)
			if err == nil {
				t.Fatalf("no error; thresholds %v", out.Criteria)
			}
			if out != nil {
				t.Errorf("a rule set came back with the error")
			}
			if code := blandby.CodeOf(err); code != blandby.CodeInvalid {
				t.Errorf("code %q, want %q", code, blandby.CodeInvalid)
			}
			got := changeErrors(err)
			if len(got) != len(tt.want) {
				t.Fatalf("%d change errors, want %d: %v", len(got), len(tt.want), err)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Index != w.index || g.Field != w.field || g.Criterion != tt.changes[w.index].Criterion {
					t.Errorf("error %d at changes[%d].%s (criterion %q), want changes[%d].%s", i, g.Index, g.Field, g.Criterion, w.index, w.field)
				}
				for _, s := range w.in {
					if !strings.Contains(g.Error(), s) {
						t.Errorf("error %q does not contain %q", g.Error(), s)
					}
				}
			}
			// Run rejects the same changes the same way, before classifying.
			_, runErr := Run(rs, rs.FirstListYear, nil, nil, tt.changes)
			if runErr == nil || runErr.Error() != err.Error() || blandby.CodeOf(runErr) != blandby.CodeInvalid {
				t.Errorf("Run error %v, want %v", runErr, err)
			}
		})
	}
}

func TestApplyAccepts(t *testing.T) {
	tests := []struct {
		criterion, value string
		want             blandby.Ratio
	}{
		{"U1", "0", blandby.RatioInt(0)},
		{"U1", "100", blandby.RatioInt(1)},
		{"U1", "45,5", blandby.NewRatio(455, 1000)},
		{"U1", "45.5", blandby.NewRatio(455, 1000)},
		{"U1", " 45 ", blandby.NewRatio(45, 100)},
		{"U1", "+45", blandby.NewRatio(45, 100)},
		{"U1", "100/3", blandby.NewRatio(1, 3)},
		{"U4", "52,25", blandby.NewRatio(5225, 10000)},
		{"U2", "0", blandby.RatioInt(0)},
		{"U2", "2.5", blandby.NewRatio(5, 2)},
		{"U2", "1000", blandby.RatioInt(1000)},
		{"F2", "7/3", blandby.NewRatio(7, 3)},
	}
	rs := ruleSet(t, "2021-11-30")
	for _, tt := range tests {
		t.Run(tt.criterion+"="+tt.value, func(t *testing.T) {
			out, err := Apply(rs, []Change{{tt.criterion, tt.value}})
			if err != nil {
				t.Fatal(err)
			}
			c, _ := out.Criterion(tt.criterion)
			if c.Threshold.Value.Cmp(tt.want) != 0 {
				t.Errorf("threshold %s, want %s", c.Threshold.Value, tt.want)
			}
			for i, oc := range out.Criteria {
				if oc.ID != tt.criterion && oc.Threshold.Value.Cmp(rs.Criteria[i].Threshold.Value) != 0 {
					t.Errorf("%s changed too: %s → %s", oc.ID, rs.Criteria[i].Threshold.Value, oc.Threshold.Value)
				}
			}
		})
	}
}

// scribble changes every exported string, number and bool reachable from v,
// so that any memory the copy shares with the original shows up there.
func scribble(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			scribble(v.Elem())
		}
	case reflect.Struct:
		switch v.Type() {
		case reflect.TypeFor[blandby.Ratio](), reflect.TypeFor[time.Time]():
			v.Set(reflect.Zero(v.Type()))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				scribble(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			scribble(v.Index(i))
		}
	case reflect.String:
		v.SetString(v.String() + "!")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Map:
		panic("scribble: maps are not handled; extend the test")
	}
}

// written returns a criterion's threshold as the YAML writes it.
func written(c law.Criterion) string {
	if c.Threshold.Kind == law.NationalMultiple {
		return c.Threshold.Value.Text()
	}
	return c.Threshold.Value.MulInt(100).Text()
}

// TestApplyLeavesInputUnchanged: Apply changes a deep copy; the rule set
// given, which is shared, stays as it was even when the copy is then
// written over everywhere.
func TestApplyLeavesInputUnchanged(t *testing.T) {
	for _, rs := range allRuleSets(t) {
		t.Run(rs.ID, func(t *testing.T) {
			before, err := json.Marshal(rs)
			if err != nil {
				t.Fatal(err)
			}
			var changes []Change
			for _, c := range rs.Criteria {
				changes = append(changes, Change{c.ID, "1,25"})
			}
			out, err := Apply(rs, changes)
			if err != nil {
				t.Fatal(err)
			}
			if out == rs {
				t.Fatal("Apply returned its input")
			}
			for _, c := range out.Criteria {
				want := blandby.NewRatio(125, 10000)
				if c.Threshold.Kind == law.NationalMultiple {
					want = blandby.NewRatio(125, 100)
				}
				if c.Threshold.Value.Cmp(want) != 0 {
					t.Errorf("copy: %s threshold %s, want %s", c.ID, c.Threshold.Value, want)
				}
			}
			if len(out.Notes) != len(rs.Notes)+1 || !strings.Contains(out.Notes[len(out.Notes)-1].EN, "Hypothetical") {
				t.Errorf("copy's notes do not say it is hypothetical: %v", out.Notes)
			}
			if out.ID != rs.ID || out.FirstListYear != rs.FirstListYear || out.LastListYear != rs.LastListYear {
				t.Errorf("copy is %s %s, want %s %s", out.ID, out.ListYears(), rs.ID, rs.ListYears())
			}
			after, _ := json.Marshal(rs)
			if !bytes.Equal(before, after) {
				t.Fatalf("Apply changed its input:\nbefore %s\nafter  %s", before, after)
			}
			scribble(reflect.ValueOf(out).Elem())
			after, _ = json.Marshal(rs)
			if !bytes.Equal(before, after) {
				t.Fatalf("the copy shares memory with its input:\nbefore %s\nafter  %s", before, after)
			}
			for _, c := range rs.Criteria {
				if strings.HasSuffix(c.ID, "!") || written(c) == "1.25" {
					t.Errorf("input criterion %s changed", c.ID)
				}
			}
		})
	}
}

// TestNoOpChange: setting every threshold to the value it has moves no area.
func TestNoOpChange(t *testing.T) {
	// Values on and around the usual bars.
	grid := []row{
		{id: "n1", residents: 1000, nonwestern: "50", labour: "40", convicted: "2.7", education: "60", income: "55", multiple: "3"},
		{id: "n2", residents: 1000, nonwestern: "50,01", labour: "40,01", convicted: "2.71", education: "60,01", income: "54,99", multiple: "3"},
		{id: "n3", residents: 1500, nonwestern: "30", labour: "30", convicted: "1", education: "60", income: "65", multiple: "2"},
		{id: "n4", residents: 1500, nonwestern: "30,5", labour: "30,5", convicted: "1", education: "61", income: "64", multiple: "2"},
		{id: "n5", residents: 999, nonwestern: "90", labour: "90", convicted: "9", education: "90", income: "10", multiple: "9"},
		{id: "n6", residents: 2000, nonwestern: "", labour: "45", convicted: "", education: "", income: "50", multiple: ""},
	}
	for _, rs := range allRuleSets(t) {
		t.Run(rs.ID, func(t *testing.T) {
			year := rs.FirstListYear
			var changes []Change
			for _, c := range rs.Criteria {
				changes = append(changes, Change{c.ID, written(c)})
			}
			res, err := Run(rs, year, rows(t, year, grid...), nil, changes)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Moves) != 0 {
				t.Errorf("no-op changes moved %d areas: %+v", len(res.Moves), res.Moves)
			}
			if res.Unchanged != len(grid) {
				t.Errorf("unchanged %d, want %d", res.Unchanged, len(grid))
			}
			listed := 0
			for _, c := range res.Counts {
				if c.Before != c.After {
					t.Errorf("%s: %d → %d", c.Category, c.Before, c.After)
				}
				listed += c.Before
			}
			if listed == 0 {
				t.Errorf("no area is on any list; the test shows nothing")
			}
			if len(res.Changes) != len(rs.Criteria) {
				t.Fatalf("%d changes reported, want %d", len(res.Changes), len(rs.Criteria))
			}
			for i, a := range res.Changes {
				if a.Criterion != rs.Criteria[i].ID || a.Before.Text != a.After.Text {
					t.Errorf("change %d: %+v", i, a)
				}
				if a.Before.Value.Cmp(a.After.Value) != 0 || a.Before.Display != a.After.Display {
					t.Errorf("%s: %+v → %+v", a.Criterion, a.Before, a.After)
				}
			}
		})
	}
}

// TestRunNoChanges: no changes at all is a valid question with no moves.
func TestRunNoChanges(t *testing.T) {
	res, err := Run(ruleSet(t, "2010-10-26"), 2010, rows(t, 2010, rows2010...), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Moves) != 0 || len(res.Changes) != 0 || res.Unchanged != len(rows2010) {
		t.Errorf("result %+v", res)
	}
	if want := []Count{{blandby.Parallelsamfund, blandby.Text{DA: "ghettoområde", EN: "ghettoområde (ghetto area)"}, 3, 3}}; !reflect.DeepEqual(res.Counts, want) {
		t.Errorf("counts %+v, want %+v", res.Counts, want)
	}
}

func TestRunChecks(t *testing.T) {
	rs := ruleSet(t, "2021-11-30")
	tests := []struct {
		name string
		year int
		rows []blandby.Indicators
		want string
	}{
		{"year before the rule set", 2020, nil, "governs the list years 2021–, not 2020"},
		{"rows of another year", 2022, rows(t, 2021, row{id: "x", residents: 1000}), "not the list year 2022"},
		{"duplicate area", 2022, rows(t, 2022, row{id: "x", residents: 1000}, row{id: "x", residents: 1000}), "appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(rs, tt.year, tt.rows, nil, []Change{{"U1", "35"}})
			if err == nil || !strings.Contains(err.Error(), tt.want) || blandby.CodeOf(err) != blandby.CodeInvalid {
				t.Errorf("error %v (code %s), want %q", err, blandby.CodeOf(err), tt.want)
			}
		})
	}
	if _, err := Apply(nil, nil); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("Apply(nil): %v", err)
	}
}

// TestResultJSON pins the JSON the API serves.
func TestResultJSON(t *testing.T) {
	rs := ruleSet(t, "2010-10-26")
	res, err := Run(rs, 2010, rows(t, 2010, rows2010[0], rows2010[1]), nil, []Change{{"G1", "45"}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "year": 2010,
  "rule_set": "2010-10-26",
  "changes": [
    {
      "criterion": "G1",
      "label": {
        "da": "Andelen af indvandrere og efterkommere fra ikke-vestlige lande",
        "en": "Share of immigrants and descendants from non-Western countries"
      },
      "operator": "\u003e",
      "kind": "share",
      "before": {
        "text": "50",
        "value": "1/2",
        "display": {
          "da": "50,00 %",
          "en": "50.00%"
        }
      },
      "after": {
        "text": "45",
        "value": "9/20",
        "display": {
          "da": "45,00 %",
          "en": "45.00%"
        }
      }
    }
  ],
  "counts": [
    {
      "category": "parallelsamfund",
      "name": {
        "da": "ghettoområde",
        "en": "ghettoområde (ghetto area)"
      },
      "before": 1,
      "after": 2
    }
  ],
  "moves": [
    {
      "area": {
        "id": "a1",
        "name": "Name of a1",
        "municipality": "Kommune"
      },
      "kind": "enter",
      "from": "none",
      "to": "parallelsamfund",
      "lists_before": [],
      "lists_after": [
        "parallelsamfund"
      ],
      "criteria_now_met": [
        "G1"
      ],
      "criteria_no_longer_met": []
    }
  ],
  "unchanged": 1
}`
	if string(got) != want {
		t.Errorf("JSON:\n%s\nwant:\n%s", got, want)
	}
}

func TestThresholdDisplay(t *testing.T) {
	tests := []struct {
		kind                  law.ThresholdKind
		before, after         blandby.Ratio
		wantBefore, wantAfter blandby.Text
		wantText              string
	}{
		{law.ShareThreshold, blandby.NewRatio(2, 5), blandby.NewRatio(40001, 100000),
			blandby.Text{DA: "40,000 %", EN: "40.000%"}, blandby.Text{DA: "40,001 %", EN: "40.001%"}, "40.001"},
		{law.NationalMultiple, blandby.RatioInt(3), blandby.NewRatio(5, 2),
			blandby.Text{DA: "3,00 ×", EN: "3.00×"}, blandby.Text{DA: "2,50 ×", EN: "2.50×"}, "2.5"},
		{law.RegionalMeanShare, blandby.NewRatio(55, 100), blandby.NewRatio(1, 3),
			blandby.Text{DA: "55,00 %", EN: "55.00%"}, blandby.Text{DA: "33,33 %", EN: "33.33%"}, "100/3"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.kind, tt.after), func(t *testing.T) {
			b, a := thresholds(tt.kind, tt.before, tt.after)
			if b.Display != tt.wantBefore || a.Display != tt.wantAfter || a.Text != tt.wantText || a.Value.Cmp(tt.after) != 0 {
				t.Errorf("got %+v → %+v", b, a)
			}
			// The text reads back to the same threshold.
			v, ok := parseThreshold(tt.kind, a.Text)
			if !ok || v.Cmp(tt.after) != 0 {
				t.Errorf("text %q reads back as %s (read: %v)", a.Text, v, ok)
			}
		})
	}
}

// TestOfficial2010 runs the threshold changes on the values published for the
// first list (26 October 2010). The bundled file holds only the 29 listed
// areas, so lowering the non-Western bar from the published rules adds none;
// against a stricter labour bar (a hypothetical baseline) it adds the two
// areas whose non-Western share is between the new and the old bar.
func TestOfficial2010(t *testing.T) {
	set, err := indicator.Read(bytes.NewReader(official.Areas2010), official.Areas2010File)
	if err != nil {
		t.Fatal(err)
	}
	rs := ruleSet(t, "2010-10-26")
	stricterLabour, err := Apply(rs, []Change{{"G2", "45"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		base       *law.RuleSet
		change     Change
		wantKind   MoveKind
		wantMoves  []string
		wantBefore int
	}{
		{"lower non-Western against stricter labour", stricterLabour, Change{"G1", "45"}, MoveEnter,
			[]string{"bispeparken", "solbakken-mv"}, 23},
		{"lower non-Western to 18", stricterLabour, Change{"G1", "18"}, MoveEnter,
			[]string{"bispeparken", "havrevej", "korskaerparken", "sebbersundvej-mv", "solbakken-mv"}, 23},
		{"lower non-Western, published rules", rs, Change{"G1", "40"}, MoveEnter, nil, 29},
		{"raise non-Western, published rules", rs, Change{"G1", "60"}, MoveLeave,
			[]string{"agervang", "askeroed", "charlotteager", "hoergaarden", "sjaeloer-boulevard", "vejleaaparken"}, 29},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Run(tt.base, 2010, set.Year(2010), set.Published, []Change{tt.change})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, m := range res.Moves {
				ids = append(ids, m.Area.ID)
				if m.Kind != tt.wantKind || !slices.Equal(slices.Concat(m.CriteriaNowMet, m.CriteriaNoLongerMet), []string{"G1"}) {
					t.Errorf("%s: %+v", m.Area.ID, m)
				}
				if m.Area.Municipality == "" || m.Area.Name == "" {
					t.Errorf("%s: no name or municipality: %+v", m.Area.ID, m.Area)
				}
			}
			if !slices.Equal(ids, tt.wantMoves) {
				t.Errorf("moves %v, want %v", ids, tt.wantMoves)
			}
			c := res.Counts[0]
			delta := len(tt.wantMoves)
			if tt.wantKind == MoveLeave {
				delta = -delta
			}
			if c.Before != tt.wantBefore || c.After != tt.wantBefore+delta {
				t.Errorf("count %d → %d, want %d → %d", c.Before, c.After, tt.wantBefore, tt.wantBefore+delta)
			}
			if res.Unchanged != 29-len(tt.wantMoves) {
				t.Errorf("unchanged %d, want %d", res.Unchanged, 29-len(tt.wantMoves))
			}
		})
	}
}

// TestApplyCopiesAreIndependent: two copies of one rule set do not share
// memory with each other either, even where the input's slices have room
// to grow.
func TestApplyCopiesAreIndependent(t *testing.T) {
	rs := *ruleSet(t, "2021-11-30")
	rs.Notes = append(make([]blandby.Text, 0, len(rs.Notes)+4), rs.Notes...)
	rs.Criteria = append(make([]law.Criterion, 0, len(rs.Criteria)+4), rs.Criteria...)
	first, err := Apply(&rs, []Change{{"U1", "35"}})
	if err != nil {
		t.Fatal(err)
	}
	second, err := Apply(&rs, []Change{{"U3", "55"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		rs        *law.RuleSet
		criterion string
		want      blandby.Ratio
	}{{first, "U1", blandby.NewRatio(35, 100)}, {second, "U3", blandby.NewRatio(55, 100)}} {
		last := c.rs.Notes[len(c.rs.Notes)-1]
		if !strings.Contains(last.EN, c.criterion+" ") {
			t.Errorf("the copy changing %s has the note %q", c.criterion, last.EN)
		}
		got, _ := c.rs.Criterion(c.criterion)
		if got.Threshold.Value.Cmp(c.want) != 0 {
			t.Errorf("%s: threshold %s, want %s", c.criterion, got.Threshold.Value, c.want)
		}
	}
	if u1, _ := second.Criterion("U1"); u1.Threshold.Value.Cmp(blandby.NewRatio(40, 100)) != 0 {
		t.Errorf("the second copy has U1 %s", u1.Threshold.Value)
	}
}

// TestChangeErrorsTold: a rejected change is told in Danish and English,
// and names the request field it belongs to, so that a form can show it
// beside its field in the reader's language.
func TestChangeErrorsTold(t *testing.T) {
	rs := ruleSet(t, "2021-11-30")
	tests := []struct {
		change Change
		field  string
		da, en string
	}{
		{Change{"U1", "abc"}, "changes[0].value", `kriterium U1: "abc" er ikke en procentdel fra 0 til 100 (fx 45 eller 45,5)`,
			`criterion U1: "abc" is not a percentage from 0 to 100 (such as 45 or 45,5)`},
		{Change{"U2", "-1"}, "changes[0].value", `kriterium U2: "-1" er ikke et multiplum af landsgennemsnittet på 0 eller mere (fx 3 eller 2,5)`,
			`criterion U2: "-1" is not a multiple >= 0 of the national share (such as 3 or 2.5)`},
		{Change{"U4", "101"}, "changes[0].value", `kriterium U4: "101" er ikke en procentdel af gennemsnittet i regionen fra 0 til 100 (fx 55 eller 52,5)`,
			`criterion U4: "101" is not a percentage of the regional mean from 0 to 100 (such as 55 or 52,5)`},
		{Change{"Q7", "1"}, "changes[0].criterion", `ukendt kriterium "Q7" i regelsættet 2021-11-30 (forventede et af U1, U2, U3, U4, P1, F0, F1, F2, F3, F4)`,
			`unknown criterion "Q7" in rule set 2021-11-30 (expected one of U1, U2, U3, U4, P1, F0, F1, F2, F3, F4)`},
	}
	for _, tt := range tests {
		_, err := Apply(rs, []Change{tt.change})
		for _, l := range []struct {
			lang blandby.Lang
			want string
		}{{blandby.Danish, tt.da}, {blandby.English, tt.en}} {
			field, text := blandby.Explain(err, l.lang)
			if field != tt.field || text != l.want {
				t.Errorf("%v in %s: %s: %q, want %s: %q", tt.change, l.lang, field, text, tt.field, l.want)
			}
		}
	}
	_, err := Run(rs, 2020, nil, nil, nil)
	if field, text := blandby.Explain(err, blandby.Danish); field != "year" || text != "regelsættet 2021-11-30 gælder for listeårene 2021–, ikke for 2020" {
		t.Errorf("year outside the rule set: %s: %q", field, text)
	}
}
