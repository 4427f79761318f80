package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/store"
)

// Benchmark sizes: a national import of indicator files (1,000 areas, 16
// list years) and a national run of computed list years (250 areas, 16
// list years).
const (
	benchImportAreas  = 1000
	benchComputeAreas = 250
	benchYears        = 16
	benchFirstYear    = 2010
)

// Bench runs the store benchmarks; open returns a store on a new, empty
// database. Each operation writes a whole run into a fresh store:
//
//   - IndicatorSets: 16 list years × 1,000 areas of indicators with their
//     details (5 indicators × 1–2 data years per area), in one
//     AddIndicatorSets (as `blandby import indicators` stores a file).
//   - Computations: 16 list years × 250 areas in one AddComputations (as
//     `blandby compute --years … --save` stores a run), each with its
//     indicators, details and every area's explanation (real
//     classify.Result JSON from the rule set in force that year).
func Bench(b *testing.B, open func(b *testing.B) store.Store) {
	b.Run(fmt.Sprintf("IndicatorSets/%dx%d", benchImportAreas, benchYears), func(b *testing.B) {
		sets := benchSets(benchImportAreas)
		rows := 0
		for _, s := range sets {
			rows += len(s.Rows) + len(s.Details)
		}
		run(b, open, func(ctx context.Context, st store.Store) error {
			_, err := st.AddIndicatorSets(ctx, sets)
			return err
		}, len(sets)*benchImportAreas, rows)
	})
	b.Run(fmt.Sprintf("Computations/%dx%d", benchComputeAreas, benchYears), func(b *testing.B) {
		cs, err := benchComputations(benchComputeAreas)
		if err != nil {
			b.Fatal(err)
		}
		rows, bytes := 0, 0
		for _, c := range cs {
			rows += len(c.Indicators.Rows) + len(c.Indicators.Details) + len(c.Results)
			for _, r := range c.Results {
				bytes += len(r.Explanation)
			}
		}
		b.ReportMetric(float64(bytes)/float64(len(cs)*benchComputeAreas), "explanation-bytes/area")
		run(b, open, func(ctx context.Context, st store.Store) error {
			_, err := st.AddComputations(ctx, cs)
			return err
		}, len(cs)*benchComputeAreas, rows)
	})
}

// run times write on a fresh store per operation and reports areas and
// rows (indicator rows, details, results) per second.
func run(b *testing.B, open func(b *testing.B) store.Store, write func(context.Context, store.Store) error, areas, rows int) {
	ctx := context.Background()
	b.ResetTimer()
	b.StopTimer()
	for range b.N {
		st := open(b)
		b.StartTimer()
		if err := write(ctx, st); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(areas)/sec, "area-years/s")
	b.ReportMetric(float64(rows)/sec, "rows/s")
	b.ReportMetric(sec, "s/run")
}

// benchRows returns synthetic, plausible indicators and details of n areas
// in a list year.
func benchRows(r *rand.Rand, year, n int) ([]blandby.Indicators, []blandby.IndicatorDetail) {
	rows := make([]blandby.Indicators, n)
	var details []blandby.IndicatorDetail
	national := blandby.NewRatio(int64(8000+r.IntN(2000)), 1_000_000)
	for i := range rows {
		id := fmt.Sprintf("%03d-area-%04d", i%98, i)
		residents := int64(600 + r.IntN(4000))
		share := func(lo, hi float64) blandby.Measure {
			base := residents * int64(40+r.IntN(50)) / 100
			k := int64(float64(base) * (lo + r.Float64()*(hi-lo)))
			return blandby.Measure{Value: blandby.NewRatio(k, base), Known: true, Base: base}
		}
		a := blandby.Indicators{
			Year: year, Residents: residents,
			Area: blandby.Area{ID: id, Name: fmt.Sprintf("Boligområde %d", i), Municipality: fmt.Sprintf("Kommune %d", i%98),
				MunicipalityCode: blandby.MunicipalityCode(101 + i%98), Region: "Region Hovedstaden"},
			NonWestern: share(0.05, 0.75), OutsideLabour: share(0.1, 0.6), BasicEducation: share(0.2, 0.8),
			Income: blandby.Measure{Value: blandby.NewRatio(int64(400+r.IntN(700)), 1000), Known: true, Base: residents / 2},
		}
		conv := share(0.005, 0.06)
		// Mean of two yearly shares: a fraction with a larger denominator.
		a.Convicted = blandby.Measure{Value: conv.Value.Add(blandby.NewRatio(int64(r.IntN(50)), conv.Base+7)).Quo(blandby.RatioInt(2)), Known: true, Base: conv.Base}
		a.NationalConvicted = blandby.KnownMeasure(national)
		if r.IntN(20) == 0 {
			a.BasicEducation = blandby.Measure{}
		}
		rows[i] = a
		for j, ind := range blandby.AllIndicators {
			for dy := year - 1 - (i+j)%2; dy < year; dy++ {
				m := a.Measure(ind)
				d := blandby.IndicatorDetail{Year: year, AreaID: id, Indicator: ind, DataYear: dy,
					Numerator: blandby.RatioInt(int64(r.IntN(int(m.Base) + 1))), Denominator: blandby.RatioInt(m.Base + 1)}
				switch ind {
				case blandby.IndicatorConvicted:
					d.Reference = &national
				case blandby.IndicatorIncome:
					d.Numerator = blandby.RatioInt(m.Base * int64(180_000+r.IntN(200_000)))
					ref := blandby.NewRatio(int64(300_000+r.IntN(100_000))*3+1, 3)
					d.Reference = &ref
				}
				details = append(details, d)
			}
		}
	}
	return rows, details
}

func benchSets(n int) []store.IndicatorSet {
	r := rand.New(rand.NewPCG(1, 2))
	var sets []store.IndicatorSet
	for y := benchFirstYear; y < benchFirstYear+benchYears; y++ {
		rows, details := benchRows(r, y, n)
		sets = append(sets, store.IndicatorSet{Year: y, Origin: store.Imported, Source: fmt.Sprintf("indicators-%d.csv", y),
			Inputs: []store.Input{{Role: "indicators", Name: fmt.Sprintf("indicators-%d.csv", y), SHA256: sha(y)}}, CreatedAt: at,
			Rows: rows, Details: details})
	}
	return sets
}

// benchComputations classifies 16 list years of synthetic indicators under
// the rule sets in force, each year with the history of the years before,
// as compute does.
func benchComputations(n int) ([]store.Computation, error) {
	r := rand.New(rand.NewPCG(3, 4))
	h := blandby.NewHistory()
	var out []store.Computation
	for y := benchFirstYear; y < benchFirstYear+benchYears; y++ {
		rs, err := law.ForListYear(y)
		if err != nil {
			return nil, err
		}
		rows, details := benchRows(r, y, n)
		o, err := classify.Classify(rs, y, rows, h)
		if err != nil {
			return nil, err
		}
		set := store.IndicatorSet{Year: y, Origin: store.Computed, Source: "register", CreatedAt: at, Rows: rows, Details: details,
			Inputs: []store.Input{{Role: "register", Name: fmt.Sprintf("register-%d.parquet", y-1), SHA256: sha(y)}}}
		c := store.Computation{Year: y, RuleSet: rs.ID, SoftwareVersion: "bench", ComputedAt: at, Inputs: set.Inputs, Indicators: &set}
		for _, py := range h.Years() {
			if py >= y-5 {
				c.History = append(c.History, h.Entries(py)...)
			}
		}
		for i := range o.Results {
			res := &o.Results[i]
			exp, err := json.Marshal(res)
			if err != nil {
				return nil, err
			}
			c.Results = append(c.Results, store.Result{AreaID: res.Area.ID, Category: res.Category, Explanation: exp})
		}
		h.Replace(y, o.Entries())
		out = append(out, c)
	}
	return out, nil
}
