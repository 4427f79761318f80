package synth

import (
	"context"
	"fmt"
	"io"
	"math"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/compute"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/official"
)

// Calibration targets: list years whose counts must be within Tolerance of
// the published ones.
const (
	// Tolerance is the largest accepted relative difference from a
	// published count.
	Tolerance = 0.25
	// CalibrationFirst and CalibrationLast are the list years computed.
	CalibrationFirst, CalibrationLast = 2010, 2024
)

// CalibrationRow is one list of one list year: the synthetic count and the
// published one.
type CalibrationRow struct {
	// Year is the list year, Category the list.
	Year     int
	Category blandby.Category
	// Synthetic is the number of areas on the list computed from the
	// synthetic data.
	Synthetic int
	// Published is the published count; HasPublished is false when none was
	// published, Estimate true when it is an estimate.
	Published    int
	HasPublished bool
	Estimate     bool
	// Checked is true when the row must be within Tolerance.
	Checked bool
}

// Diff returns the relative difference from the published count.
func (r CalibrationRow) Diff() float64 {
	if r.Published == 0 {
		return math.Inf(1)
	}
	return float64(r.Synthetic-r.Published) / float64(r.Published)
}

// Within reports whether the synthetic count is within Tolerance of the
// published one.
func (r CalibrationRow) Within() bool { return r.HasPublished && math.Abs(r.Diff()) <= Tolerance+1e-9 }

// Calibration compares the lists computed from a synthetic Denmark with
// the published ones.
type Calibration struct {
	// Config is the generator's configuration, with defaults filled in.
	Config Config
	// Rows holds every list of every list year computed, in order.
	Rows []CalibrationRow
	// Years holds the computed list years.
	Years []compute.Year
}

// Calibrate generates the areas-mode data of cfg, computes the list years
// from firstListYear (CalibrationFirst for the whole table) to
// CalibrationLast with compute.Run from no published history, and compares
// the counts with the published ones. The data years are those the list
// years need; cfg's are ignored. From firstListYear 2014 on, the 2018–2024
// counts are the same as from 2010: omdannelse looks back at most to the
// 2014 list.
func Calibrate(ctx context.Context, cfg Config, firstListYear int) (*Calibration, error) {
	if cfg.Rules == nil {
		cat, err := law.Embedded()
		if err != nil {
			return nil, err
		}
		cfg.Rules = cat
	}
	if firstListYear < CalibrationFirst || firstListYear > CalibrationLast {
		return nil, blandby.Errorf(blandby.CodeInvalid, "first list year %d is outside %d–%d", firstListYear, CalibrationFirst, CalibrationLast)
	}
	rs, err := cfg.Rules.ForListYear(firstListYear)
	if err != nil {
		return nil, err
	}
	cfg.FirstYear, cfg.LastYear = indicator.DataYears(rs, firstListYear)[0], CalibrationLast-1
	g, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return g.calibrate(ctx, firstListYear)
}

func (g *Generator) calibrate(ctx context.Context, firstListYear int) (*Calibration, error) {
	data, err := g.Data(ctx, AreasOnly)
	if err != nil {
		return nil, err
	}
	cat := g.cfg.Rules
	var years []int
	for y := firstListYear; y <= CalibrationLast; y++ {
		years = append(years, y)
	}
	out, err := compute.Run(ctx, cat, compute.FromData(data), years, nil)
	if err != nil {
		return nil, err
	}
	published, err := official.PublishedCounts()
	if err != nil {
		return nil, err
	}
	pub := map[int]official.Counts{}
	for _, c := range published {
		pub[c.Year] = c
	}
	c := &Calibration{Config: g.cfg, Years: out}
	for _, y := range out {
		for _, l := range listsOf(y.Lists.RuleSet) {
			row := CalibrationRow{Year: y.Lists.Year, Category: l, Synthetic: y.Lists.Count(l)}
			if p, ok := pub[row.Year]; ok {
				row.Published, row.HasPublished = p.N[l]
				row.Estimate = p.Estimated[l]
			}
			row.Checked = row.HasPublished && !row.Estimate && row.Year >= 2018
			c.Rows = append(c.Rows, row)
		}
	}
	return c, nil
}

// listsOf returns the lists a rule set defines, in the order of
// blandby.ListCategories reversed (udsat first).
func listsOf(rs *law.RuleSet) []blandby.Category {
	var out []blandby.Category
	for _, c := range blandby.ListColumns {
		if _, ok := rs.List(c); ok {
			out = append(out, c)
		}
	}
	return out
}

// Count returns the synthetic count of a list in a list year.
func (c *Calibration) Count(year int, cat blandby.Category) (int, bool) {
	for _, r := range c.Rows {
		if r.Year == year && r.Category == cat {
			return r.Synthetic, true
		}
	}
	return 0, false
}

// Problems lists every failed check: a checked count (list years from 2018,
// published lists only) outside Tolerance, and udsat, parallelsamfund or
// omdannelse not lower in 2024 than in 2018. None means the calibration
// holds.
func (c *Calibration) Problems() []string {
	var out []string
	for _, r := range c.Rows {
		if r.Checked && !r.Within() {
			out = append(out, fmt.Sprintf("%d %s: %d synthetic vs %d published (%+.0f %%)", r.Year, r.Category, r.Synthetic, r.Published, 100*r.Diff()))
		}
	}
	for _, cat := range []blandby.Category{blandby.Udsat, blandby.Parallelsamfund, blandby.Omdannelse} {
		first, ok1 := c.Count(2018, cat)
		last, ok2 := c.Count(2024, cat)
		if ok1 && ok2 && last >= first {
			out = append(out, fmt.Sprintf("%s does not fall: %d in 2018, %d in 2024", cat, first, last))
		}
	}
	return out
}

// Markdown writes the comparison as a Markdown table: one row per list
// year, synthetic / published (difference) per list.
func (c *Calibration) Markdown(w io.Writer) error {
	cats := blandby.ListColumns
	fmt.Fprintf(w, "| list year |")
	for _, cat := range cats {
		fmt.Fprintf(w, " %s |", cat)
	}
	fmt.Fprintf(w, "\n|---|")
	for range cats {
		fmt.Fprintf(w, "---|")
	}
	fmt.Fprintln(w)
	for y := CalibrationFirst; y <= CalibrationLast; y++ {
		if _, ok := c.Count(y, blandby.Parallelsamfund); !ok {
			continue
		}
		fmt.Fprintf(w, "| %d |", y)
		for _, cat := range cats {
			cell := "–"
			for _, r := range c.Rows {
				if r.Year != y || r.Category != cat {
					continue
				}
				switch {
				case !r.HasPublished:
					cell = fmt.Sprintf("%d / –", r.Synthetic)
				case r.Estimate:
					cell = fmt.Sprintf("%d / (%d est.) %+.0f %%", r.Synthetic, r.Published, 100*r.Diff())
				default:
					cell = fmt.Sprintf("%d / %d %+.0f %%", r.Synthetic, r.Published, 100*r.Diff())
					if r.Checked && !r.Within() {
						cell += " **outside ±25 %**"
					}
				}
			}
			fmt.Fprintf(w, " %s |", cell)
		}
		fmt.Fprintln(w)
	}
	_, err := fmt.Fprintf(w, "\nCells: synthetic / published, difference. Lists before 2018 are the ghetto lists (reported as parallelsamfund).\n")
	return err
}
