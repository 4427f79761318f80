// Package demo prepares the database that `blandby demo` serves: the lists
// of every list year from 2010 to 2025, computed under the rule set in force
// each year from a synthetic Denmark (package synth), stored with their
// explanations and published, so that every part of blandby (the web UI,
// exports, check) has something real-shaped to show.
//
// The demo's lists are synthetic and must never mix with real ones. Every
// computation and publication it stores carries one input of role
// InputRole ("synthetic") naming the generator's command line, so that
// IsSynthetic and a later Prepare can tell a demo database from any other:
// Prepare reuses a database holding the demo of the same seed and scale, and
// refuses one holding anything else.
package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/compute"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/record"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/synth"
)

// InputRole is the role of the input that marks a computation, indicator
// set or publication as made from synthetic data. Its Name is the generator's
// command line ("blandby synth --seed 1 --scale 1") and its SHA256 the hex
// SHA-256 of that name: there is no file to hash.
const InputRole = store.SyntheticRole

// PublishedBy is who the demo's lists are published by.
const PublishedBy = "blandby demo"

// The demo's actors for the acts of package app, each named PublishedBy:
// an admin, the demo's municipality, housing organisation and landlord.
var (
	admin        = demoActor(auth.RoleAdmin, "")
	municipality = demoActor(auth.RoleMunicipality, auth.MunicipalityScope(DemoMunicipality))
	housingOrg   = demoActor(auth.RoleHousingOrg, DemoHousingOrg)
	landlord     = demoActor(auth.RoleLandlord, DemoLandlord)
)

func demoActor(role auth.Role, scope string) app.Actor {
	return app.Actor{Principal: auth.Principal{Role: role, Scope: scope, Name: PublishedBy}, Via: "demo"}
}

// The list years of the demo by default.
const (
	DefaultFirstYear = 2010
	DefaultLastYear  = 2025
)

// Options configures Prepare. The zero value is the default demo.
type Options struct {
	// Seed selects the synthetic Denmark; 0 means synth.DefaultSeed.
	Seed uint64
	// Scale multiplies every population (see synth.Config.Scale); 0 means
	// 1, full size.
	Scale float64
	// FirstYear and LastYear are the list years computed and published; 0
	// means DefaultFirstYear and DefaultLastYear. The data years generated
	// are those the list years' rule sets need (2006–2024 for 2010–2025).
	FirstYear, LastYear int
	// SoftwareVersion is recorded with every computation and publication.
	SoftwareVersion string
	// Progress, when set, receives one line per step in Danish and
	// English, such as "genererer det syntetiske Danmark…" / "generating
	// the synthetic Denmark…"; the front end shows it in its language.
	Progress func(line blandby.Text) `json:"-"`
}

// withDefaults fills in the defaults.
func (o Options) withDefaults() Options {
	if o.Seed == 0 {
		o.Seed = synth.DefaultSeed
	}
	if o.Scale == 0 {
		o.Scale = 1
	}
	if o.FirstYear == 0 {
		o.FirstYear = DefaultFirstYear
	}
	if o.LastYear == 0 {
		o.LastYear = DefaultLastYear
	}
	return o
}

func (o Options) progress(line blandby.Text) {
	if o.Progress != nil {
		o.Progress(line)
	}
}

// scale writes a population scale as a number of lang: 0,3 in Danish, 0.3
// in English.
func scale(s float64, lang blandby.Lang) string {
	f := strconv.FormatFloat(s, 'g', -1, 64)
	if lang == blandby.Danish {
		f = strings.Replace(f, ".", ",", 1)
	}
	return f
}

// Input returns the input that marks the demo of a seed and scale:
// role InputRole, the generator's command line as its name and the hex
// SHA-256 of that name.
func Input(seed uint64, scale float64) store.Input {
	name := fmt.Sprintf("blandby synth --seed %d --scale %s", seed, strconv.FormatFloat(scale, 'g', -1, 64))
	sum := sha256.Sum256([]byte(name))
	return store.Input{Role: InputRole, Name: name, SHA256: hex.EncodeToString(sum[:])}
}

// syntheticInput returns the synthetic input among inputs, if any.
func syntheticInput(inputs []store.Input) (store.Input, bool) {
	for _, in := range inputs {
		if in.Role == InputRole {
			return in, true
		}
	}
	return store.Input{}, false
}

// Prepare fills an empty store with the demo and returns its summary.
//
// It generates the synthetic Denmark of opts.Seed and opts.Scale in memory
// (the area residents and the national and regional reference values of the
// data years the list years need), computes every list year from
// opts.FirstYear to opts.LastYear under the rule set of cat in force that
// year in one compute.Run (so omdannelse sees the lists computed for the
// earlier years), stores the areas (names, municipality and region codes,
// dwellings and the synthetic polygons), stores the run's computations in
// one transaction and publishes every year in order, by PublishedBy.
//
// A store that already holds the demo of the same seed and scale is reused
// as it is, without generating anything, whatever list years it holds; if
// an earlier Prepare was stopped after storing the computations, the years
// not yet published are published now. A store holding anything else (other
// publications, computations or indicator sets, the demo of another seed or
// scale, a demo made under other rule sets, or areas the demo does not have)
// is refused with a CodeConflict error and left unchanged: synthetic lists
// never mix with real ones.
//
// The summary is read back from the stored publications, so a reused store
// gives the same summary as the run that filled it. A nil cat means the
// built-in rule sets.
func Prepare(ctx context.Context, st store.Store, cat *law.Catalog, opts Options) (*Summary, error) {
	opts = opts.withDefaults()
	if cat == nil {
		var err error
		if cat, err = law.Embedded(); err != nil {
			return nil, err
		}
	}
	if opts.FirstYear > opts.LastYear {
		return nil, blandby.Told(blandby.CodeInvalid, msg.Text("demo.error.years_reversed", opts.FirstYear, opts.LastYear))
	}
	if !(opts.Scale > 0 && opts.Scale <= synth.MaxScale) {
		return nil, blandby.Told(blandby.CodeInvalid, msg.Text("demo.error.scale", opts.Scale, synth.MaxScale))
	}
	mark := Input(opts.Seed, opts.Scale)
	comps, err := existing(ctx, st, mark)
	if err != nil {
		return nil, err
	}
	var sum *Summary
	if len(comps) > 0 {
		sum, err = resume(ctx, st, cat, opts, comps)
	} else {
		sum, err = fill(ctx, st, cat, opts, mark)
	}
	if err != nil {
		return nil, err
	}
	if err := addServiceData(ctx, st, cat, opts); err != nil {
		return nil, err
	}
	return sum, nil
}

// existing inspects the store: it returns the demo computations it holds
// when everything in it is the demo marked by mark, and a conflict when it
// holds anything else.
func existing(ctx context.Context, st store.Store, mark store.Input) ([]store.Computation, error) {
	refuse := func(what blandby.Text) error {
		return blandby.Told(blandby.CodeConflict, blandby.Text{
			DA: msg.T(blandby.Danish, "demo.error.not_the_demo", what.DA, mark.Name),
			EN: msg.T(blandby.English, "demo.error.not_the_demo", what.EN, mark.Name),
		})
	}
	other := func(what blandby.Text, in store.Input) error {
		return blandby.Told(blandby.CodeConflict, blandby.Text{
			DA: msg.T(blandby.Danish, "demo.error.other_demo", what.DA, in.Name, mark.Name),
			EN: msg.T(blandby.English, "demo.error.other_demo", what.EN, in.Name, mark.Name),
		})
	}
	pubs, err := st.Publications(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range pubs {
		in, ok := syntheticInput(p.Inputs)
		switch {
		case !ok:
			return nil, refuse(msg.Text("demo.error.publication", p.Year, p.Revision, p.Kind, p.PublishedBy))
		case in != mark:
			return nil, other(msg.Text("demo.error.publication_of", p.Year), in)
		}
	}
	comps, err := st.Computations(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, c := range comps {
		in, ok := syntheticInput(c.Inputs)
		switch {
		case !ok:
			return nil, refuse(msg.Text("demo.error.computation_of", c.ID, c.Year))
		case in != mark:
			return nil, other(msg.Text("demo.error.computation", c.ID), in)
		}
	}
	sets, err := st.IndicatorSets(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, s := range sets {
		in, ok := syntheticInput(s.Inputs)
		switch {
		case !ok:
			return nil, refuse(msg.Text("demo.error.indicator_set_of", s.ID, s.Year, s.Origin, s.Source))
		case in != mark:
			return nil, other(msg.Text("demo.error.indicator_set", s.ID), in)
		}
	}
	if len(comps) == 0 && len(pubs) > 0 {
		return nil, refuse(msg.Text("demo.error.publications_without_computations"))
	}
	return comps, nil
}

// resume reuses a store holding the demo's computations: it publishes the
// years not yet published (after a Prepare that was stopped) and reads the
// summary.
func resume(ctx context.Context, st store.Store, cat *law.Catalog, opts Options, comps []store.Computation) (*Summary, error) {
	opts.progress(msg.Text("demo.progress.reusing", Input(opts.Seed, opts.Scale).Name))
	latest := map[int]store.Computation{}
	for _, c := range comps { // oldest first
		latest[c.Year] = c
	}
	years := slices.Sorted(maps.Keys(latest))
	for _, y := range years {
		rs, err := cat.ForListYear(y)
		if err != nil {
			return nil, err
		}
		if c := latest[y]; c.RuleSet != rs.ID {
			return nil, blandby.Told(blandby.CodeConflict, msg.Text("demo.error.rule_set", y, c.RuleSet, rs.ID))
		}
	}
	hist, err := st.History(ctx)
	if err != nil {
		return nil, err
	}
	var todo []store.Computation
	var todoYears []int
	for _, y := range years {
		if !hist.HasYear(y) {
			todo = append(todo, latest[y])
			todoYears = append(todoYears, y)
		}
	}
	if len(todo) > 0 {
		opts.progress(blandby.Text{
			DA: msg.N(blandby.Danish, "demo.progress.publishing_rest", len(todo), len(todo), yearRange(todoYears)),
			EN: msg.N(blandby.English, "demo.progress.publishing_rest", len(todo), len(todo), yearRange(todoYears)),
		})
		if err := publish(ctx, st, cat, todo, opts.SoftwareVersion); err != nil {
			return nil, err
		}
	}
	s, err := ReadSummary(ctx, st, cat)
	if err != nil {
		return nil, err
	}
	s.Reused, s.Published = true, todoYears
	return s, nil
}

// fill generates, computes, stores and publishes the demo in an empty store.
func fill(ctx context.Context, st store.Store, cat *law.Catalog, opts Options, mark store.Input) (*Summary, error) {
	var listYears []int
	first, last := 0, 0
	for y := opts.FirstYear; y <= opts.LastYear; y++ {
		rs, err := cat.ForListYear(y)
		if err != nil {
			return nil, err
		}
		dy := indicator.DataYears(rs, y)
		if first == 0 || dy[0] < first {
			first = dy[0]
		}
		last = max(last, dy[len(dy)-1])
		listYears = append(listYears, y)
	}
	if first < synth.FirstDataYear || last > synth.LastDataYear {
		return nil, blandby.Told(blandby.CodeInvalid, msg.Text("demo.error.data_years",
			opts.FirstYear, opts.LastYear, first, last, synth.FirstDataYear, synth.LastDataYear))
	}
	g, err := synth.New(synth.Config{Seed: opts.Seed, Scale: opts.Scale, FirstYear: first, LastYear: last, Rules: cat})
	if err != nil {
		return nil, err
	}
	reg := g.Areas()
	stored, err := st.Areas(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range stored {
		if _, ok := reg.Index(a.ID); !ok {
			return nil, blandby.Told(blandby.CodeConflict, msg.Text("demo.error.unknown_area", a.ID, a.Name))
		}
	}

	opts.progress(blandby.Text{
		DA: msg.T(blandby.Danish, "demo.progress.generating", opts.Seed, scale(opts.Scale, blandby.Danish), first, last),
		EN: msg.T(blandby.English, "demo.progress.generating", opts.Seed, scale(opts.Scale, blandby.English), first, last),
	})
	data, err := g.Data(ctx, synth.AreasOnly)
	if err != nil {
		return nil, err
	}
	opts.progress(msg.Text("demo.progress.computing", yearRange(listYears)))
	run, err := compute.Run(ctx, cat, compute.FromData(data), listYears, nil)
	if err != nil {
		return nil, err
	}

	opts.progress(blandby.Text{
		DA: msg.N(blandby.Danish, "demo.progress.storing_areas", reg.Len()),
		EN: msg.N(blandby.English, "demo.progress.storing_areas", reg.Len()),
	})
	shapes, err := g.Geometry()
	if err != nil {
		return nil, err
	}
	if err := app.ImportAreas(ctx, st, admin, "synthetic Denmark", reg, shapes); err != nil {
		return nil, err
	}

	opts.progress(blandby.Text{
		DA: msg.N(blandby.Danish, "demo.progress.storing_years", len(run)),
		EN: msg.N(blandby.English, "demo.progress.storing_years", len(run)),
	})
	src := record.Source{Origin: store.Computed, Name: mark.Name, Inputs: []store.Input{mark}}
	ids, err := app.SaveComputations(ctx, st, admin, run, nil, src, opts.SoftwareVersion, time.Now().UTC())
	if err != nil {
		return nil, err
	}

	opts.progress(msg.Text("demo.progress.publishing", yearRange(listYears)))
	cs := make([]store.Computation, len(run))
	for i := range cs {
		cs[i] = store.Computation{ID: ids[i], Year: run[i].Lists.Year}
	}
	if err := publish(ctx, st, cat, cs, opts.SoftwareVersion); err != nil {
		return nil, err
	}
	s, err := ReadSummary(ctx, st, cat)
	if err != nil {
		return nil, err
	}
	s.Published = listYears
	return s, nil
}

// publish publishes computations in the order given (list years
// ascending), as the command line's publish does (app.Publish).
func publish(ctx context.Context, st store.Store, cat *law.Catalog, comps []store.Computation, version string) error {
	for _, c := range comps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := app.Publish(ctx, st, cat, admin, app.PublishRequest{Year: c.Year, ComputationID: c.ID, SoftwareVersion: version}); err != nil {
			return err
		}
	}
	return nil
}

// IsSynthetic reports whether the store's published lists come from the
// demo: whether any publication carries the synthetic input. An empty store
// is not synthetic. The web UI uses it to show a "synthetic data" banner.
func IsSynthetic(ctx context.Context, st store.Store) (bool, error) {
	pubs, err := st.Publications(ctx)
	if err != nil {
		return false, err
	}
	for _, p := range pubs {
		if _, ok := syntheticInput(p.Inputs); ok {
			return true, nil
		}
	}
	return false, nil
}

// yearRange writes years as "2010–2025" (or "2018" for one year).
func yearRange(years []int) string {
	if len(years) == 0 {
		return "none"
	}
	if len(years) == 1 {
		return strconv.Itoa(years[0])
	}
	return fmt.Sprintf("%d–%d", years[0], years[len(years)-1])
}
