// Package whatif answers "what would the lists of a year be if a threshold
// changed?": it applies threshold changes to a copy of a rule set, classifies
// one list year's indicators under the rule set as it is and as changed, and
// reports which areas enter, leave or change list.
//
// The changed thresholds are data like the rest of the law: a change names a
// criterion of the rule set and gives the new threshold written as the rule
// set's YAML writes thresholds of that kind, parsed exactly. Everything is
// compared exactly. The package does no I/O and never reads the clock.
package whatif

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
)

// Change is one threshold change: a criterion id of the rule set (as in the
// YAML, e.g. "U1") and the new threshold written as the rule set's YAML
// writes thresholds of that kind: a percentage such as "45" or "45,5" for a
// fixed share or a share of the regional mean, a multiple such as "3" or
// "2.5" for a multiple of the national share. A fraction "num/den" is read
// exactly too.
type Change struct {
	Criterion string `json:"criterion"`
	Value     string `json:"value"`
}

// The fields of a Change, as ChangeError.Field names them.
const (
	FieldCriterion = "criterion"
	FieldValue     = "value"
)

// ChangeError is a rejected change: its position in the list of changes,
// the criterion it names, which of its fields is wrong and what was
// expected, in Danish and English. Its code is blandby.CodeInvalid, and it
// wraps a *blandby.FieldError naming the request's field
// ("changes[0].value"), so that a reader is told it in their language.
type ChangeError struct {
	// Index is the change's position in the changes given, from 0.
	Index int
	// Criterion is the criterion id as given.
	Criterion string
	// Field is FieldCriterion or FieldValue.
	Field string
	// Text says what is wrong and what was expected.
	Text blandby.Text
}

// Path is the field of the request the error belongs to, such as
// "changes[0].value".
func (e *ChangeError) Path() string {
	return fmt.Sprintf("changes[%d].%s", e.Index, e.Field)
}

// Error says which change and field is wrong, e.g. `changes[0].value:
// criterion U1: "4x" is not a percentage from 0 to 100 (such as 45 or 45,5)`.
func (e *ChangeError) Error() string { return e.Path() + ": " + e.Text.EN }

// Unwrap returns the error as a *blandby.FieldError of its Path.
func (e *ChangeError) Unwrap() error { return blandby.InvalidField(e.Path(), e.Text) }

// ErrorCode returns blandby.CodeInvalid: a bad change is the caller's to fix.
func (e *ChangeError) ErrorCode() blandby.Code { return blandby.CodeInvalid }

// Apply returns a deep copy of rs with the thresholds changed; rs itself is
// never modified (rule sets are shared and immutable). The copy keeps the
// id and list years of rs and carries a note naming every change. An
// unknown criterion id, a value that does not parse exactly, a value outside
// the range of its kind (a percentage outside 0–100, a negative multiple) or
// the same criterion twice is an error with code blandby.CodeInvalid, made
// of one *ChangeError per bad change.
func Apply(rs *law.RuleSet, changes []Change) (*law.RuleSet, error) {
	out, _, err := apply(rs, changes)
	return out, err
}

// Result is what a set of threshold changes does to the lists of one year.
// It is served as JSON as it is.
type Result struct {
	Year int `json:"year"`
	// RuleSet is the id of the rule set the changes were applied to.
	RuleSet string `json:"rule_set"`
	// Changes are the changes applied, in the rule set's criterion order.
	Changes []AppliedChange `json:"changes"`
	// Counts are the number of areas on each list the rule set defines, in
	// the rule set's order. Lists nest: counts must not be added up.
	Counts []Count `json:"counts"`
	// Moves are the areas whose lists changed, sorted by area id.
	Moves []Move `json:"moves"`
	// Unchanged is the number of areas on the same lists before and after.
	Unchanged int `json:"unchanged"`

	// Before and After are the classifications under the rule set as it is
	// and as changed (After.RuleSet is the changed copy), for explaining an
	// area; they are not part of the JSON.
	Before *classify.Outcome `json:"-"`
	After  *classify.Outcome `json:"-"`
}

// AppliedChange is one applied threshold change, described from the rule set.
type AppliedChange struct {
	Criterion string            `json:"criterion"`
	Label     blandby.Text      `json:"label"`
	Operator  law.Operator      `json:"operator"`
	Kind      law.ThresholdKind `json:"kind"`
	Before    Threshold         `json:"before"`
	After     Threshold         `json:"after"`
}

// Threshold is one threshold value in three forms.
type Threshold struct {
	// Text is the exact value written as the rule set's YAML writes it (a
	// percentage such as "45.5", or a multiple such as "2.5"; "100/3" when
	// the decimal does not terminate). Change.Value reads it back.
	Text string `json:"text"`
	// Value is the exact value the classifier compares with: a share
	// ("91/200" for 45.5 %) or a multiple.
	Value blandby.Ratio `json:"value"`
	// Display is the value rounded for display, in Danish and English
	// ("45,50 %", "2,50 ×"), with enough decimals that a before and after
	// that differ never look equal.
	Display blandby.Text `json:"display"`
}

// Count is the number of areas on one list before and after the changes.
type Count struct {
	Category blandby.Category `json:"category"`
	// Name is the list's name under the rule set ("ghettoområde" before
	// 1 December 2021).
	Name   blandby.Text `json:"name"`
	Before int          `json:"before"`
	After  int          `json:"after"`
}

// MoveKind says how an area's lists changed.
type MoveKind string

// The kinds of move.
const (
	// MoveEnter is an area on no list before and on a list after.
	MoveEnter MoveKind = "enter"
	// MoveLeave is an area on a list before and on no list after.
	MoveLeave MoveKind = "leave"
	// MoveChange is an area on lists both before and after, not the same.
	MoveChange MoveKind = "change"
)

// Move is one area whose lists change.
type Move struct {
	Area blandby.Area `json:"area"`
	Kind MoveKind     `json:"kind"`
	// From and To are the most specific category before and after (none
	// when on no list).
	From blandby.Category `json:"from"`
	To   blandby.Category `json:"to"`
	// ListsBefore and ListsAfter are every list the area is on, most
	// specific first.
	ListsBefore []blandby.Category `json:"lists_before"`
	ListsAfter  []blandby.Category `json:"lists_after"`
	// CriteriaNowMet and CriteriaNoLongerMet are the ids of the criteria
	// whose met status changed, in the rule set's order.
	CriteriaNowMet      []string `json:"criteria_now_met"`
	CriteriaNoLongerMet []string `json:"criteria_no_longer_met"`
}

// Run classifies one list year's indicators under rs as it is and with the
// changes applied (the same indicators and the same published history for
// omdannelse) and reports which areas enter, leave or change list. The
// changes are checked as Apply checks them; a rule set from a catalog must
// govern the list year.
func Run(rs *law.RuleSet, year int, rows []blandby.Indicators, hist *blandby.History, changes []Change) (*Result, error) {
	changed, applied, err := apply(rs, changes)
	if err != nil {
		return nil, err
	}
	if rs.FirstListYear != 0 && (year < rs.FirstListYear || (rs.LastListYear != 0 && year > rs.LastListYear)) {
		return nil, blandby.InvalidField("year", msg.Text("whatif.err.year", rs.ID, rs.ListYears(), year))
	}
	before, err := classify.Classify(rs, year, rows, hist)
	if err != nil {
		return nil, err
	}
	after, err := classify.Classify(changed, year, rows, hist)
	if err != nil {
		return nil, err
	}
	res := &Result{
		Year: year, RuleSet: rs.ID, Changes: applied,
		Counts: make([]Count, 0, len(rs.Lists)), Moves: []Move{},
		Before: before, After: after,
	}
	for _, l := range rs.Lists {
		res.Counts = append(res.Counts, Count{Category: l.Category, Name: l.Name, Before: before.Count(l.Category), After: after.Count(l.Category)})
	}
	for i := range before.Results {
		b, a := &before.Results[i], &after.Results[i]
		if b.Area.ID != a.Area.ID {
			return nil, blandby.Errorf(blandby.CodeInternal, "whatif: results out of step (%q and %q)", b.Area.ID, a.Area.ID)
		}
		if slices.Equal(b.On, a.On) {
			res.Unchanged++
			continue
		}
		res.Moves = append(res.Moves, move(b, a))
	}
	slices.SortFunc(res.Moves, func(x, y Move) int { return strings.Compare(x.Area.ID, y.Area.ID) })
	return res, nil
}

func move(b, a *classify.Result) Move {
	m := Move{
		Area: b.Area, Kind: MoveChange, From: b.Category, To: a.Category,
		ListsBefore: nonNil(slices.Clone(b.On)), ListsAfter: nonNil(slices.Clone(a.On)),
		CriteriaNowMet: []string{}, CriteriaNoLongerMet: []string{},
	}
	switch {
	case len(b.On) == 0:
		m.Kind = MoveEnter
	case len(a.On) == 0:
		m.Kind = MoveLeave
	}
	for i := range b.Criteria {
		cb, ca := b.Criteria[i], a.Criteria[i]
		switch {
		case !cb.Met && ca.Met:
			m.CriteriaNowMet = append(m.CriteriaNowMet, cb.ID)
		case cb.Met && !ca.Met:
			m.CriteriaNoLongerMet = append(m.CriteriaNoLongerMet, cb.ID)
		}
	}
	return m
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[S ~[]E, E any](s S) S {
	if s == nil {
		return S{}
	}
	return s
}

// apply checks the changes, copies rs and changes the copy's thresholds. It
// also describes each change, in the rule set's criterion order.
func apply(rs *law.RuleSet, changes []Change) (*law.RuleSet, []AppliedChange, error) {
	if rs == nil {
		return nil, nil, blandby.Errorf(blandby.CodeInvalid, "whatif: no rule set")
	}
	values := make(map[string]blandby.Ratio, len(changes))
	first := map[string]int{}
	var errs []error
	fail := func(i int, c Change, field string, text blandby.Text) {
		errs = append(errs, &ChangeError{Index: i, Criterion: c.Criterion, Field: field, Text: text})
	}
	for i, ch := range changes {
		crit, ok := rs.Criterion(ch.Criterion)
		switch {
		case ch.Criterion == "":
			fail(i, ch, FieldCriterion, msg.Text("whatif.err.no_criterion", criterionIDs(rs)))
			continue
		case !ok:
			fail(i, ch, FieldCriterion, msg.Text("whatif.err.unknown_criterion", ch.Criterion, rs.ID, criterionIDs(rs)))
			continue
		}
		if j, dup := first[ch.Criterion]; dup {
			fail(i, ch, FieldCriterion, msg.Text("whatif.err.twice", ch.Criterion, j))
			continue
		}
		first[ch.Criterion] = i
		v, ok := parseThreshold(crit.Threshold.Kind, ch.Value)
		if !ok {
			fail(i, ch, FieldValue, valueError(crit.Threshold.Kind, ch.Criterion, ch.Value))
			continue
		}
		values[ch.Criterion] = v
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	out := deepCopy(rs)
	applied := make([]AppliedChange, 0, len(values))
	for i := range out.Criteria {
		c := &out.Criteria[i]
		v, ok := values[c.ID]
		if !ok {
			continue
		}
		a := AppliedChange{Criterion: c.ID, Label: c.Label, Operator: c.Operator, Kind: c.Threshold.Kind}
		a.Before, a.After = thresholds(c.Threshold.Kind, c.Threshold.Value, v)
		c.Threshold.Value = v
		applied = append(applied, a)
	}
	if len(applied) > 0 {
		out.Notes = append(out.Notes, note(applied))
	}
	return out, applied, nil
}

func criterionIDs(rs *law.RuleSet) string {
	ids := make([]string, len(rs.Criteria))
	for i, c := range rs.Criteria {
		ids[i] = c.ID
	}
	return strings.Join(ids, ", ")
}

var hundred = blandby.RatioInt(100)

// parseThreshold reads a new threshold as the rule set's YAML writes one of
// its kind and returns the exact value the classifier compares with (a share
// for percentages, the multiple itself for a multiple); ok is false when s
// is not a threshold of the kind, or the kind cannot be changed.
func parseThreshold(kind law.ThresholdKind, s string) (v blandby.Ratio, ok bool) {
	switch kind {
	case law.NationalMultiple, law.RegionalMeanShare, law.ShareThreshold:
	default:
		return blandby.Ratio{}, false
	}
	v, err := blandby.ParseDecimal(strings.TrimSpace(s))
	if err != nil || v.Sign() < 0 || (kind != law.NationalMultiple && v.Cmp(hundred) > 0) {
		return blandby.Ratio{}, false
	}
	return kind.FromWritten(v), true
}

// valueError says that s is not a threshold of the kind for the criterion,
// and what was expected.
func valueError(kind law.ThresholdKind, criterion, s string) blandby.Text {
	switch kind {
	case law.NationalMultiple:
		return msg.Text("whatif.err.not_multiple", criterion, s)
	case law.RegionalMeanShare:
		return msg.Text("whatif.err.not_regional_percentage", criterion, s)
	case law.ShareThreshold:
		return msg.Text("whatif.err.not_percentage", criterion, s)
	}
	return msg.Text("whatif.err.kind_fixed", criterion, string(kind))
}

// thresholds describes a threshold before and after a change.
func thresholds(kind law.ThresholdKind, before, after blandby.Ratio) (Threshold, Threshold) {
	b, a := kind.Written(before), kind.Written(after)
	places := 2
	for b.Cmp(a) != 0 && places < 8 && b.Decimal(places) == a.Decimal(places) {
		places++
	}
	show := func(w blandby.Ratio) blandby.Text {
		if kind == law.NationalMultiple {
			return blandby.Text{DA: explain.Decimal(w, places, blandby.Danish) + " ×", EN: explain.Decimal(w, places, blandby.English) + "×"}
		}
		return blandby.Text{DA: explain.Decimal(w, places, blandby.Danish) + " %", EN: explain.Decimal(w, places, blandby.English) + "%"}
	}
	return Threshold{Text: b.Text(), Value: before, Display: show(b)},
		Threshold{Text: a.Text(), Value: after, Display: show(a)}
}

// note records the changes in the changed rule set, so that it cannot be
// mistaken for the law when shown.
func note(applied []AppliedChange) blandby.Text {
	var da, en []string
	for _, a := range applied {
		da = append(da, msg.T(blandby.Danish, "whatif.change", a.Criterion, a.Operator, a.After.Display.DA, a.Before.Display.DA))
		en = append(en, msg.T(blandby.English, "whatif.change", a.Criterion, a.Operator, a.After.Display.EN, a.Before.Display.EN))
	}
	return blandby.Text{
		DA: msg.T(blandby.Danish, "whatif.note", strings.Join(da, "; ")),
		EN: msg.T(blandby.English, "whatif.note", strings.Join(en, "; ")),
	}
}

// deepCopy copies a rule set so that no slice or pointer of the copy is
// shared with rs. Ratio values are shared: they are immutable.
func deepCopy(rs *law.RuleSet) *law.RuleSet {
	out := *rs
	out.Notes = slices.Clone(rs.Notes)
	out.Publication.Dates = slices.Clone(rs.Publication.Dates)
	out.Publication.NotHeld = slices.Clone(rs.Publication.NotHeld)
	for i, d := range out.Publication.Dates {
		if d.Assumption != nil {
			a := *d.Assumption
			out.Publication.Dates[i].Assumption = &a
		}
	}
	out.Criteria = slices.Clone(rs.Criteria)
	for i := range out.Criteria {
		c := &out.Criteria[i]
		c.DataYears = slices.Clone(c.DataYears)
		c.Origins = slices.Clone(c.Origins)
		if c.Education != nil {
			e := *c.Education
			e.BasicLevels = slices.Clone(e.BasicLevels)
			c.Education = &e
		}
	}
	out.Lists = slices.Clone(rs.Lists)
	for i := range out.Lists {
		l := &out.Lists[i]
		l.RequiresLists = slices.Clone(l.RequiresLists)
		l.RequiresCriteria = slices.Clone(l.RequiresCriteria)
		l.Excludes = slices.Clone(l.Excludes)
		if l.AtLeast != nil {
			al := *l.AtLeast
			al.Of = slices.Clone(al.Of)
			l.AtLeast = &al
		}
		if l.Consecutive != nil {
			cons := *l.Consecutive
			cons.Transitions = slices.Clone(cons.Transitions)
			l.Consecutive = &cons
		}
	}
	return &out
}
