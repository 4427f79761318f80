// Package synth generates a synthetic Denmark of person-level register
// microdata, person by person and year by year, for the demo, tests and
// benchmarks.
//
// The 98 municipalities get their populations from package dk (scaled by
// Config.Scale). About 250 fictional public-housing areas lie where such
// areas concentrate, each following a trajectory of deprivation and
// non-Western share chosen so that the lists computed from the data are of
// the size and shape of the published ones (bench/calibrate checks this).
// Persons have stable ids; they age, are born, die, emigrate and immigrate,
// move out of areas and into them (in-movers are drawn from the rest of the
// municipality so that they reflect where the area is heading), and each
// year their work, studies, convictions and income are drawn from lasting
// traits, their area and the national trends.
//
// Output is deterministic: it depends on the seed and the configuration,
// never on the number of goroutines (each municipality has its own random
// streams, and batches are handed over in a fixed order).
package synth

import (
	"context"
	"runtime"
	"slices"
	"sync"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/register"
)

// Mode says which persons a run emits.
type Mode int

// The population modes.
const (
	// Full emits every person: about 5.9 million rows a data year at
	// scale 1.
	Full Mode = iota
	// AreasOnly emits only the residents of the areas; Reference then gives
	// the national and regional values computed from the whole population.
	AreasOnly
)

// String returns the mode's command-line name.
func (m Mode) String() string {
	if m == AreasOnly {
		return "areas"
	}
	return "full"
}

// ParseMode reads a mode's command-line name: "full" or "areas".
func ParseMode(s string) (Mode, error) {
	switch s {
	case "full":
		return Full, nil
	case "areas":
		return AreasOnly, nil
	}
	return 0, blandby.Errorf(blandby.CodeInvalid, "unknown population %q (expected full or areas)", s)
}

// MaxScale is the largest Config.Scale: person ids are unique per
// municipality within a range of ten million.
const MaxScale = 4

// Config configures a generator.
type Config struct {
	// Seed selects the synthetic Denmark; the same seed and configuration
	// give the same data.
	Seed uint64
	// Scale multiplies every population and area size; 1 is full size.
	// 0 means 1.
	Scale float64
	// FirstYear and LastYear are the data years emitted, within
	// FirstDataYear–LastDataYear; 0 means 2006 and 2024. The population is
	// always lived from the start, so a year's data do not depend on the
	// years asked for.
	FirstYear, LastYear int
	// Workers is the number of goroutines; 0 means GOMAXPROCS. The output
	// does not depend on it.
	Workers int
	// Rules gives the populations of the conviction and income criteria the
	// reference values are computed for; nil means the built-in rule sets.
	Rules *law.Catalog
}

// DefaultSeed is the seed of the calibrated default data set.
const DefaultSeed = 1

// Generator generates one synthetic Denmark. It is not safe for concurrent
// use, but Run may be called again and gives the same data.
type Generator struct {
	cfg      Config
	model    *model
	plans    []areaPlan
	areas    *register.Areas
	years    [nYears]*yearModel
	effL     [nYears][]float32
	effC     [nYears][]float32
	immShare [2][]float64 // Western, non-Western: each municipality's share of the immigrants
	refPop   refPopulation

	// groupMean is the mean disadvantage of each in-mover group.
	groupMean [nGroups]float32
	ref       *register.Reference
}

// refPopulation is who the reference values are computed over.
type refPopulation struct {
	convMin, convMax            int
	incMin, incMax              int
	taxpayersOnly               bool
	excludeInEducation          bool
	hasConvicted, hasIncomeRule bool
}

// New plans a synthetic Denmark: its areas and their trajectories. No
// persons are created until Run.
func New(cfg Config) (*Generator, error) {
	if cfg.Scale == 0 {
		cfg.Scale = 1
	}
	if !(cfg.Scale > 0 && cfg.Scale <= MaxScale) {
		return nil, blandby.Errorf(blandby.CodeInvalid, "scale %v is out of range (0, %d]", cfg.Scale, MaxScale)
	}
	if cfg.FirstYear == 0 {
		cfg.FirstYear = FirstDataYear
	}
	if cfg.LastYear == 0 {
		cfg.LastYear = 2024
	}
	if cfg.FirstYear < FirstDataYear || cfg.LastYear > LastDataYear || cfg.FirstYear > cfg.LastYear {
		return nil, blandby.Errorf(blandby.CodeInvalid, "data years %d–%d are out of range (%d–%d, first before last)",
			cfg.FirstYear, cfg.LastYear, FirstDataYear, LastDataYear)
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Rules == nil {
		cat, err := law.Embedded()
		if err != nil {
			return nil, err
		}
		cfg.Rules = cat
	}
	return newGenerator(cfg, defaultModel())
}

func newGenerator(cfg Config, m *model) (*Generator, error) {
	g := &Generator{cfg: cfg, model: m}
	var err error
	if g.refPop, err = referencePopulation(cfg.Rules); err != nil {
		return nil, err
	}
	r := stream(cfg.Seed, 1<<40)
	if g.plans, err = planAreas(&r, m); err != nil {
		return nil, err
	}
	regs := make([]blandby.Area, len(g.plans))
	for i := range g.plans {
		g.plans[i].dwellings(&r, cfg.Scale)
		regs[i] = g.plans[i].reg
	}
	if g.areas, err = register.NewAreas(regs); err != nil {
		return nil, err
	}
	for i := range nYears {
		g.years[i] = m.newYearModel(baseYear + i)
		g.effL[i] = make([]float32, len(g.plans))
		g.effC[i] = make([]float32, len(g.plans))
		for a := range g.plans {
			g.effL[i][a], g.effC[i][a] = g.plans[a].effL[i], g.plans[a].effC[i]
		}
	}
	g.groupMean = [nGroups]float32{
		groupDanish:     float32(m.zMean[register.Dansk]),
		groupWestern:    float32(m.zMean[register.VestligIndvandrer]),
		groupNonWestern: float32(0.65*m.zMean[register.IkkeVestligIndvandrer] + 0.35*m.zMean[register.IkkeVestligEfterkommer]),
	}
	for k := range g.immShare {
		w := make([]float64, len(dk.Municipalities))
		sum := 0.0
		for i, mu := range dk.Municipalities {
			t := traitOf(mu.Code)
			if k == 0 {
				w[i] = float64(mu.Population) * (0.6 + 0.4*t.nw)
			} else {
				w[i] = float64(mu.Population) * t.nw
			}
			sum += w[i]
		}
		for i := range w {
			w[i] /= sum
		}
		g.immShare[k] = w
	}
	return g, nil
}

// referencePopulation reads who the conviction and income criteria count
// from the rule sets; a reference file holds one value of each a year, so
// every rule set must agree.
func referencePopulation(cat *law.Catalog) (refPopulation, error) {
	var rp refPopulation
	var convFrom, incFrom string
	for _, rs := range cat.All() {
		for _, c := range rs.Criteria {
			p := c.Population
			maxAge := p.AgeMax
			if maxAge == 0 {
				maxAge = register.MaxAge
			}
			switch c.Indicator {
			case blandby.IndicatorConvicted:
				if rp.hasConvicted && (rp.convMin != p.AgeMin || rp.convMax != maxAge) {
					return rp, blandby.Errorf(blandby.CodeInvalid, "rule sets %s and %s count convictions over different ages; a reference file holds one national share a year", convFrom, rs.ID)
				}
				rp.hasConvicted, rp.convMin, rp.convMax, convFrom = true, p.AgeMin, maxAge, rs.ID
			case blandby.IndicatorIncome:
				same := rp.incMin == p.AgeMin && rp.incMax == maxAge && rp.taxpayersOnly == p.TaxpayersOnly && rp.excludeInEducation == p.ExcludeInEducation
				if rp.hasIncomeRule && !same {
					return rp, blandby.Errorf(blandby.CodeInvalid, "rule sets %s and %s define the income population differently; a reference file holds one regional mean a year", incFrom, rs.ID)
				}
				rp.hasIncomeRule, rp.incMin, rp.incMax, incFrom = true, p.AgeMin, maxAge, rs.ID
				rp.taxpayersOnly, rp.excludeInEducation = p.TaxpayersOnly, p.ExcludeInEducation
			}
		}
	}
	if !rp.hasConvicted {
		rp.convMin, rp.convMax = 1, 0 // nobody
	}
	if !rp.hasIncomeRule {
		rp.incMin, rp.incMax = 1, 0
	}
	return rp, nil
}

// personSeed is the seed of the persons' random streams.
func (g *Generator) personSeed() uint64 { return g.cfg.Seed }

// Areas returns the areas registry of the synthetic Denmark.
func (g *Generator) Areas() *register.Areas { return g.areas }

// Years returns the data years a run emits, ascending.
func (g *Generator) Years() []int {
	var out []int
	for y := g.cfg.FirstYear; y <= g.cfg.LastYear; y++ {
		out = append(out, y)
	}
	return out
}

// Reference returns the national conviction shares and regional mean
// incomes of the data years of the last completed Run, computed from the
// whole population whatever the mode; nil before a Run has completed.
func (g *Generator) Reference() *register.Reference { return g.ref }

// BatchFunc receives the rows of one data year, a batch at a time. It is
// called from one goroutine, in a fixed order: data years ascending, and
// within a year municipality by municipality. The batch is reused after the
// call returns. An error stops the run.
type BatchFunc func(year int, b *register.Batch) error

// Run lives the population from its start to the last data year and hands
// the emitted rows of each data year to fn. A run is all or nothing: on an
// error (or when ctx is cancelled) the caller must drop what fn has seen.
func (g *Generator) Run(ctx context.Context, mode Mode, fn BatchFunc) error {
	g.ref = nil
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	nP := len(dk.Municipalities)
	parts := make([]*partition, nP)
	type slot struct{ ready, free chan struct{} }
	slots := make([][2]slot, nP)
	for i := range slots {
		for k := range 2 {
			slots[i][k] = slot{ready: make(chan struct{}, 1), free: make(chan struct{}, 1)}
			slots[i][k].free <- struct{}{}
		}
	}
	// Static assignment of municipalities to workers, largest first to the
	// least loaded worker; the output does not depend on it.
	order := make([]int, nP)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return dk.Municipalities[b].Population - dk.Municipalities[a].Population })
	workers := min(g.cfg.Workers, nP)
	mine := make([][]int, workers)
	load := make([]int, workers)
	for _, m := range order {
		w := slices.Index(load, slices.Min(load))
		mine[w] = append(mine[w], m)
		load[w] += dk.Municipalities[m].Population
	}
	for w := range mine {
		slices.Sort(mine[w])
	}

	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, m := range mine[w] {
				parts[m] = g.initPartition(m)
			}
			for y := FirstDataYear; y <= g.cfg.LastYear; y++ {
				emit := y >= g.cfg.FirstYear
				for _, m := range mine[w] {
					if ctx.Err() != nil {
						return
					}
					p := parts[m]
					var b *register.Batch
					if emit {
						s := slots[m][y%2]
						select {
						case <-s.free:
						case <-ctx.Done():
							return
						}
						if p.batch[y%2] == nil {
							p.batch[y%2] = register.NewBatch(0)
						}
						b = p.batch[y%2]
					}
					g.step(p, y, emit, b, mode)
					if emit {
						slots[m][y%2].ready <- struct{}{}
					}
				}
			}
		}()
	}
	err := func() error {
		for y := g.cfg.FirstYear; y <= g.cfg.LastYear; y++ {
			for m := range nP {
				s := slots[m][y%2]
				select {
				case <-s.ready:
				case <-ctx.Done():
					return ctx.Err()
				}
				if b := parts[m].batch[y%2]; b.Len() > 0 {
					if err := fn(y, b); err != nil {
						return err
					}
				}
				s.free <- struct{}{}
			}
		}
		return nil
	}()
	cancel()
	wg.Wait()
	if err != nil {
		return err
	}
	g.ref = g.reference(parts)
	return nil
}

// reference sums the partitions' reference values of the emitted years.
func (g *Generator) reference(parts []*partition) *register.Reference {
	ref := register.NewReference()
	for y := g.cfg.FirstYear; y <= g.cfg.LastYear; y++ {
		yi := y - baseYear
		var conv, adults int64
		incN := make([]int64, len(dk.Regions))
		incSum := make([]int64, len(dk.Regions))
		for _, p := range parts {
			a := p.acc[yi]
			conv += a.conv
			adults += a.adults
			incN[p.region] += a.incN
			incSum[p.region] += a.incSum
		}
		if adults > 0 {
			ref.SetNational(y, blandby.NewRatio(conv, adults))
		}
		for ri, r := range dk.Regions {
			if incN[ri] > 0 && incSum[ri] > 0 {
				ref.SetRegionMeanIncome(y, r.Code, blandby.NewRatio(incSum[ri], incN[ri]))
			}
		}
	}
	return ref
}

// Data runs the generator and aggregates the rows straight into
// indicator tables, without files: the data the lists are computed from.
// In AreasOnly mode the data carry the run's reference values.
func (g *Generator) Data(ctx context.Context, mode Mode) (*indicator.Data, error) {
	tables := map[int]*indicator.YearTables{}
	err := g.Run(ctx, mode, func(year int, b *register.Batch) error {
		t, ok := tables[year]
		if !ok {
			t = indicator.NewYearTables(year, g.areas.Len())
			tables[year] = t
		}
		t.Add(b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var ref *register.Reference
	if mode == AreasOnly {
		ref = g.ref
	}
	d := indicator.NewData(g.areas, ref)
	for _, y := range g.Years() {
		if t, ok := tables[y]; ok {
			d.Add(t)
		} else {
			d.Add(indicator.NewYearTables(y, g.areas.Len()))
		}
	}
	return d, nil
}
