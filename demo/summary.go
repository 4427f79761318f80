package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
)

// Summary is the published lists at a glance: how many areas each list
// holds each year, like "Tabel 1" of the government's strategy.
type Summary struct {
	// Generator is the name of the synthetic input of the published lists
	// ("blandby synth --seed 1 --scale 1"), or empty when they are not
	// synthetic.
	Generator string
	// Years holds every published list year (its latest revision),
	// ascending.
	Years []YearSummary
	// Residents is, for the last list year, the number of residents of the
	// areas on each of its lists (the lists nest like the counts). It is nil
	// when the last list has no explanations to read them from (an imported
	// list) or nothing is published.
	Residents map[blandby.Category]int64
	// Reused is true when Prepare found the demo in the store and generated
	// nothing.
	Reused bool
	// Published holds the list years this Prepare published: every year on
	// a first run, none on a plain reuse, the years left after a stopped
	// run.
	Published []int
}

// YearSummary is one published list year.
type YearSummary struct {
	Year     int
	Revision int
	// RuleSet is the id of the rule set the list was published under.
	RuleSet string
	// Counts holds the number of areas on each list the rule set defines,
	// and no entry for a list it does not define. The lists nest (an
	// omdannelse area is also parallelsamfund and udsat), so counts must
	// not be added up. Before 2018 the one list, ghettoområde, is counted
	// as Parallelsamfund.
	Counts map[blandby.Category]int
}

// Count returns the number of areas on list c, and false when the year's
// rule set has no such list.
func (y YearSummary) Count(c blandby.Category) (int, bool) {
	n, ok := y.Counts[c]
	return n, ok
}

// ReadSummary builds the summary of the lists published in a store from
// their latest revisions; Reused and Published are left empty. cat gives
// the lists each rule set defines; nil means the built-in rule sets.
func ReadSummary(ctx context.Context, st store.Store, cat *law.Catalog) (*Summary, error) {
	if cat == nil {
		var err error
		if cat, err = law.Embedded(); err != nil {
			return nil, err
		}
	}
	pubs, err := st.Publications(ctx)
	if err != nil {
		return nil, err
	}
	latest := map[int]store.Publication{}
	s := &Summary{}
	for _, p := range pubs {
		if q, ok := latest[p.Year]; !ok || p.Revision > q.Revision {
			latest[p.Year] = p
		}
		if in, ok := syntheticInput(p.Inputs); ok && s.Generator == "" {
			s.Generator = in.Name
		}
	}
	if len(latest) == 0 {
		return s, nil
	}
	hist, err := st.History(ctx)
	if err != nil {
		return nil, err
	}
	years := make([]int, 0, len(latest))
	for y := range latest {
		years = append(years, y)
	}
	slices.Sort(years)
	for _, y := range years {
		p := latest[y]
		rs, err := cat.ByID(p.RuleSet)
		if err != nil {
			return nil, fmt.Errorf("demo: the list of %d: %w", y, err)
		}
		ys := YearSummary{Year: y, Revision: p.Revision, RuleSet: p.RuleSet, Counts: map[blandby.Category]int{}}
		entries := hist.Entries(y)
		for _, c := range blandby.ListColumns {
			if _, ok := rs.List(c); !ok {
				continue
			}
			n := 0
			for _, e := range entries {
				if e.Category.On(c) {
					n++
				}
			}
			ys.Counts[c] = n
		}
		s.Years = append(s.Years, ys)
	}
	last := s.Years[len(s.Years)-1]
	full, err := st.Publication(ctx, last.Year, last.Revision)
	if err != nil {
		return nil, err
	}
	res := map[blandby.Category]int64{}
	for c := range last.Counts {
		res[c] = 0
	}
	for _, e := range full.Entries {
		if e.Category == blandby.None {
			continue
		}
		if len(e.Explanation) == 0 {
			return s, nil // an imported list: residents unknown
		}
		var r struct {
			Residents int64 `json:"residents"`
		}
		if err := json.Unmarshal(e.Explanation, &r); err != nil {
			return nil, fmt.Errorf("demo: the list of %d: explanation of %s: %w", last.Year, e.AreaID, err)
		}
		for c := range res {
			if e.Category.On(c) {
				res[c] += r.Residents
			}
		}
	}
	s.Residents = res
	return s, nil
}

// WriteTable writes the summary as a text table: one row per list year
// with the number of areas on each list (udsat, parallelsamfund,
// omdannelse, forebyggelse; "–" where the year's rule set had no such
// list), a row of the last year's residents on each list, and notes.
// Headings are in lang; the lists' names are legal terms and stay Danish.
func (s *Summary) WriteTable(w io.Writer, lang blandby.Lang) error {
	var b strings.Builder
	title := msg.T(lang, "demo.summary.table_1_number_of")
	if s.Generator != "" {
		title += msg.T(lang, "demo.summary.synthetic", s.Generator)
	}
	b.WriteString(title + "\n\n")
	rows := [][]string{{msg.T(lang, "common.list_year")}}
	for _, c := range blandby.ListColumns {
		rows[0] = append(rows[0], string(c))
	}
	ghetto := false
	for _, y := range s.Years {
		row := []string{strconv.Itoa(y.Year)}
		for _, c := range blandby.ListColumns {
			if n, ok := y.Count(c); ok {
				row = append(row, number(int64(n), lang))
			} else {
				row = append(row, "–")
			}
		}
		if _, udsat := y.Counts[blandby.Udsat]; !udsat {
			ghetto = true
		}
		rows = append(rows, row)
	}
	if s.Residents != nil && len(s.Years) > 0 {
		last := s.Years[len(s.Years)-1]
		row := []string{msg.T(lang, "demo.summary.residents") + strconv.Itoa(last.Year)}
		for _, c := range blandby.ListColumns {
			if n, ok := s.Residents[c]; ok {
				row = append(row, number(n, lang))
			} else {
				row = append(row, "–")
			}
		}
		rows = append(rows, row)
	}
	if len(s.Years) == 0 {
		b.WriteString(msg.T(lang, "demo.summary.no_lists_are_published"))
		_, err := io.WriteString(w, b.String())
		return err
	}
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, cell := range r {
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	for _, r := range rows {
		for i, cell := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell))
			if i == 0 {
				b.WriteString(cell + pad)
			} else {
				b.WriteString("  " + pad + cell)
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("\n" + msg.T(lang, "demo.summary.list_did_not_exist"))
	if ghetto {
		b.WriteString(msg.T(lang, "demo.summary.before_2018_there_was"))
	}
	b.WriteString("\n" + msg.T(lang, "demo.summary.lists_nest_omdannelse_area") + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// number writes n with thousands separators: 12.345 in Danish, 12,345 in
// English.
func number(n int64, lang blandby.Lang) string {
	sep := "."
	if lang == blandby.English {
		sep = ","
	}
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []string
	for len(s) > 3 {
		out = append([]string{s[len(s)-3:]}, out...)
		s = s[:len(s)-3]
	}
	out = append([]string{s}, out...)
	r := strings.Join(out, sep)
	if neg {
		r = "-" + r
	}
	return r
}
