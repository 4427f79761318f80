package record

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/store"
)

// Finding is one result of a check about one publication.
type Finding struct {
	Year, Revision int
	// Problem is true for an integrity failure, false for a remark.
	Problem bool
	What    string
}

func (f Finding) String() string {
	kind := "remark"
	if f.Problem {
		kind = "PROBLEM"
	}
	return fmt.Sprintf("%d revision %d: %s: %s", f.Year, f.Revision, kind, f.What)
}

// Report is the outcome of a check.
type Report struct {
	// Checked describes each publication checked, one line each.
	Checked  []string
	Findings []Finding
	// Audit is what verifying the audit trail's hash chain found.
	Audit store.AuditReport
	// InvalidText are the stored text values that are not valid UTF-8
	// (each one a problem).
	InvalidText []store.InvalidText
}

// Problems counts the integrity failures.
func (r *Report) Problems() int {
	n := 0
	for _, f := range r.Findings {
		if f.Problem {
			n++
		}
	}
	if !r.Audit.OK {
		n++
	}
	return n + len(r.InvalidText)
}

// CheckOptions tunes a check.
type CheckOptions struct {
	// Inputs re-hashes the recorded input files that are still where they
	// were, and reports any that changed.
	Inputs bool
}

// Check checks the audit trail's hash chain and every revision of every
// publication: the revisions of a
// year run 1, 2, … and every correction has a reason; the content hash
// matches the entries; the rule set is the one in force for the year; a
// computed list's entries are its computation's results, the computation
// read the history as it was published when the list was published, and
// classifying the recorded indicators with the recorded history and rule
// set gives the same lists and byte-identical explanations. It also reads
// every stored text value and reports each one that is not valid UTF-8.
func Check(ctx context.Context, st store.Store, cat *law.Catalog, opts CheckOptions) (*Report, error) {
	pubs, err := st.Publications(ctx)
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	revs := map[int][]int{}
	for _, p := range pubs {
		revs[p.Year] = append(revs[p.Year], p.Revision)
	}
	for _, year := range sortedYears(revs) {
		rs := revs[year]
		for i, r := range rs {
			if r != i+1 {
				rep.problem(year, r, "revisions of %d are %v, not 1, 2, …", year, rs)
				break
			}
		}
	}
	for _, summary := range pubs {
		p, err := st.Publication(ctx, summary.Year, summary.Revision)
		if err != nil {
			return nil, err
		}
		line, err := checkPublication(ctx, st, cat, p, pubs, opts, rep)
		if err != nil {
			return nil, err
		}
		rep.Checked = append(rep.Checked, line)
	}
	if rep.Audit, err = st.VerifyAudit(ctx); err != nil {
		return nil, err
	}
	if rep.InvalidText, err = st.InvalidText(ctx); err != nil {
		return nil, err
	}
	return rep, nil
}

func (r *Report) problem(year, rev int, format string, args ...any) {
	r.Findings = append(r.Findings, Finding{Year: year, Revision: rev, Problem: true, What: fmt.Sprintf(format, args...)})
}

func (r *Report) remark(year, rev int, format string, args ...any) {
	r.Findings = append(r.Findings, Finding{Year: year, Revision: rev, What: fmt.Sprintf(format, args...)})
}

func checkPublication(ctx context.Context, st store.Store, cat *law.Catalog, p *store.Publication, pubs []store.Publication, opts CheckOptions, rep *Report) (string, error) {
	before := rep.Problems()
	if got := store.ContentHash(p.Year, p.RuleSet, p.Entries); got != p.ContentSHA256 {
		rep.problem(p.Year, p.Revision, "content hash %s does not match the %s recorded at publication: the list was changed after it was published", got, p.ContentSHA256)
	}
	if p.Revision > 1 && p.Reason == "" {
		rep.problem(p.Year, p.Revision, "a correction without a reason")
	}
	rs, err := cat.ByID(p.RuleSet)
	if err != nil {
		rep.problem(p.Year, p.Revision, "rule set %q is not known to this blandby", p.RuleSet)
		return summaryLine(p, "rule set unknown"), nil
	}
	if inForce, err := cat.ForListYear(p.Year); err != nil || inForce.ID != rs.ID {
		rep.problem(p.Year, p.Revision, "published under rule set %s, but %v governs list year %d", rs.ID, ruleSetID(inForce), p.Year)
	}
	for _, e := range p.Entries {
		if _, ok := rs.List(e.Category); !ok && e.Category != blandby.None {
			rep.problem(p.Year, p.Revision, "area %s is on a %s list, which rule set %s does not have", e.AreaID, e.Category, rs.ID)
		}
	}
	if opts.Inputs {
		checkInputs(p, rep)
	}
	if p.Kind != store.PublishedComputation {
		return summaryLine(p, fmt.Sprintf("%d areas, hash ok", len(p.Entries))), nil
	}
	c, err := st.Computation(ctx, p.ComputationID)
	if err != nil {
		rep.problem(p.Year, p.Revision, "computation %d: %v", p.ComputationID, err)
		return summaryLine(p, "computation missing"), nil
	}
	checkEntries(p, c, rep)
	if err := checkHistoryAtPublication(ctx, st, rs, p, c, pubs, rep); err != nil {
		return "", err
	}
	if err := recompute(ctx, st, rs, p, c, rep); err != nil {
		return "", err
	}
	if rep.Problems() > before {
		return summaryLine(p, "problems"), nil
	}
	what := fmt.Sprintf("%d areas, hash ok, entries are computation %d's, recomputed identical", len(p.Entries), c.ID)
	if ref := ReferenceSource(c.Inputs); ref != "" {
		what += "; " + ref
	}
	return summaryLine(p, what), nil
}

// ReferenceSource says where a register computation's national and
// regional values came from, by its inputs: a reference file (named, with
// the start of its hash) or the whole population in the register files; ""
// when the inputs say neither (indicators imported from a file, generated
// data, or a computation recorded before blandby recorded it).
func ReferenceSource(inputs []store.Input) string {
	for _, in := range inputs {
		switch in.Role {
		case store.ReferenceRole:
			return fmt.Sprintf("national and regional values from reference file %s (%.12s)", in.Name, in.SHA256)
		case store.WholePopulationRole:
			return in.Name
		}
	}
	return ""
}

func ruleSetID(rs *law.RuleSet) string {
	if rs == nil {
		return "no rule set"
	}
	return rs.ID
}

func summaryLine(p *store.Publication, what string) string {
	return fmt.Sprintf("%d revision %d (%s, rule set %s): %s", p.Year, p.Revision, p.Kind, p.RuleSet, what)
}

// checkEntries compares a computed publication's entries with its
// computation's results.
func checkEntries(p *store.Publication, c *store.Computation, rep *Report) {
	results := map[string]store.Result{}
	for _, r := range c.Results {
		results[r.AreaID] = r
	}
	if len(results) != len(p.Entries) {
		rep.problem(p.Year, p.Revision, "%d entries, but computation %d has %d results", len(p.Entries), c.ID, len(results))
	}
	for _, e := range p.Entries {
		r, ok := results[e.AreaID]
		switch {
		case !ok:
			rep.problem(p.Year, p.Revision, "area %s is not in computation %d", e.AreaID, c.ID)
		case r.Category != e.Category:
			rep.problem(p.Year, p.Revision, "area %s is published as %s, computed as %s", e.AreaID, e.Category, r.Category)
		case !bytes.Equal(r.Explanation, e.Explanation):
			rep.problem(p.Year, p.Revision, "area %s: the published explanation is not computation %d's", e.AreaID, c.ID)
		}
	}
	if c.Year != p.Year || c.RuleSet != p.RuleSet {
		rep.problem(p.Year, p.Revision, "computation %d is of %d under %s", c.ID, c.Year, c.RuleSet)
	}
}

// checkHistoryAtPublication checks that the computation read the history
// as it stood when the list was published (publish refuses otherwise).
func checkHistoryAtPublication(ctx context.Context, st store.Store, rs *law.RuleSet, p *store.Publication, c *store.Computation, pubs []store.Publication, rep *Report) error {
	then := blandby.NewHistory()
	latest := map[int]store.Publication{}
	for _, q := range pubs {
		if q.Year >= p.Year || q.PublishedAt.After(p.PublishedAt) {
			continue
		}
		if have, ok := latest[q.Year]; !ok || q.Revision > have.Revision {
			latest[q.Year] = q
		}
	}
	for _, y := range HistoryYears(rs, p.Year) {
		q, ok := latest[y]
		if !ok {
			continue
		}
		full, err := st.Publication(ctx, q.Year, q.Revision)
		if err != nil {
			return err
		}
		then.AddYear(y)
		for _, e := range full.Entries {
			then.Set(y, e.AreaID, e.Category)
		}
	}
	if diffs := Stale(c, rs, then); len(diffs) > 0 {
		rep.problem(p.Year, p.Revision, "computation %d read another history than was published at the time (%d differences, first: %s)", c.ID, len(diffs), diffs[0])
	}
	return nil
}

// recompute classifies the recorded indicators with the recorded history
// and compares every result with the stored one.
func recompute(ctx context.Context, st store.Store, rs *law.RuleSet, p *store.Publication, c *store.Computation, rep *Report) error {
	set, err := st.IndicatorSet(ctx, c.IndicatorSetID)
	if err != nil {
		rep.problem(p.Year, p.Revision, "indicator set %d of computation %d: %v", c.IndicatorSetID, c.ID, err)
		return nil
	}
	out, err := classify.Classify(rs, c.Year, set.Rows, c.ReadHistory())
	if err != nil {
		rep.problem(p.Year, p.Revision, "recomputing computation %d: %v", c.ID, err)
		return nil
	}
	stored := map[string]store.Result{}
	for _, r := range c.Results {
		stored[r.AreaID] = r
	}
	var differ []string
	for i := range out.Results {
		r := &out.Results[i]
		exp, err := Explanation(r)
		if err != nil {
			return err
		}
		s, ok := stored[r.Area.ID]
		if !ok || s.Category != r.Category || !bytes.Equal(s.Explanation, exp) {
			differ = append(differ, r.Area.ID)
		}
	}
	if len(out.Results) != len(stored) {
		rep.problem(p.Year, p.Revision, "recomputing gives %d areas, computation %d has %d", len(out.Results), c.ID, len(stored))
	}
	if len(differ) > 0 {
		rep.problem(p.Year, p.Revision, "recomputing from the recorded indicators and history gives other results for %d areas (%v)",
			len(differ), differ[:min(3, len(differ))])
	}
	return nil
}

// checkInputs re-hashes the recorded inputs still at their paths. An input
// of role store.SyntheticRole (package demo) is generated data, not a file,
// so it is noted in a remark and not re-hashed; one of role
// store.WholePopulationRole is no file either and says only where the
// reference values came from.
func checkInputs(p *store.Publication, rep *Report) {
	for _, in := range p.Inputs {
		switch in.Role {
		case store.SyntheticRole:
			rep.remark(p.Year, p.Revision, "input synthetic (%s) is generated data, not a file: not re-hashed", in.Name)
			continue
		case store.WholePopulationRole:
			continue
		}
		if _, err := os.Stat(in.Name); err != nil {
			rep.remark(p.Year, p.Revision, "input %s (%s) is no longer at %s", in.Role, in.SHA256[:min(12, len(in.SHA256))], in.Name)
			continue
		}
		sum, err := HashFile(in.Name)
		if err != nil {
			rep.remark(p.Year, p.Revision, "input %s: %v", in.Name, err)
			continue
		}
		if sum != in.SHA256 {
			rep.problem(p.Year, p.Revision, "input %s has changed since: SHA-256 %s, recorded %s", in.Name, sum, in.SHA256)
		}
	}
}

// sortedYears returns the years of a map, ascending.
func sortedYears[V any](m map[int]V) []int {
	var ys []int
	for y := range m {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}
