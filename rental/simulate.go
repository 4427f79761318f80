package rental

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/blandby/blandby"
)

// SimParams describe a simulated year of vacancies in one municipality.
type SimParams struct {
	Municipality blandby.MunicipalityCode
	Year         int
	Seed         uint64
	// Track picks the rule sets (TrackEnacted or TrackSeed).
	Track string
	// Properties is how many synthetic properties (8–120 dwellings).
	Properties int
	// TurnoverPct is the share of dwellings that become vacant in a year,
	// in per cent.
	TurnoverPct int
	// AgreementPct is the share of properties with an agreement, in per
	// cent.
	AgreementPct int
	// Status gives the municipality's list status on a date (from the
	// published lists).
	Status func(date time.Time) ListStatus
}

// SimResult is what a simulated year gave.
type SimResult struct {
	Params     SimParams
	RuleSets   []string
	Properties int
	Dwellings  int
	Agreements int
	// Decision is the decision to use the right, if one could be made on
	// 1 January; DecisionRefused says why not.
	Decision        *Decision
	DecisionRefused string
	// NotCounted is the vacancies under the decision that did not count
	// because the municipality was not eligible on the list in force.
	NotCounted int
	// ListYears are the list years in force during the year.
	ListYears []ListStatus
	Statement Statement
}

// Simulate replays a year of synthetic vacancies through the ledger,
// deterministically for a seed: properties, agreements on some of them, a
// decision to use the right on 1 January covering the properties large
// enough (when the rule set and the list allow it), vacancies spread over
// the year, and allocations 5–40 days after each municipal vacancy.
func Simulate(cat *Catalog, p SimParams) (SimResult, error) {
	res := SimResult{Params: p}
	rng := rand.New(rand.NewPCG(p.Seed, uint64(p.Year)*1000+uint64(p.Municipality)))
	start := time.Date(p.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(p.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	rs0, err := cat.AtTrack(p.Track, start)
	if err != nil {
		return res, err
	}
	var props []Property
	var ags []Agreement
	for i := range p.Properties {
		pr := Property{
			ID: fmt.Sprintf("sim-%d-%03d", p.Municipality, i+1), LandlordCVR: fmt.Sprintf("%08d", 10000000+rng.IntN(89999999)),
			Address: fmt.Sprintf("Simuleret vej %d", i+1), Municipality: p.Municipality, Dwellings: 8 + rng.IntN(113),
		}
		props = append(props, pr)
		res.Dwellings += pr.Dwellings
		if rng.IntN(100) >= p.AgreementPct {
			continue
		}
		a := Agreement{ID: fmt.Sprintf("sim-ag-%03d", i+1), Municipality: p.Municipality, PropertyID: pr.ID, From: start, Compensation: 5000}
		if rng.IntN(3) == 0 {
			a.Kind = Named
			n := max(rs0.Agreements.NamedMin, int(rs0.Agreements.NamedShare.MulInt(int64(pr.Dwellings)).Floor().Int64())/2)
			for d := range n {
				a.Dwellings = append(a.Dwellings, fmt.Sprintf("d%03d", d+1))
			}
		} else {
			a.Kind, a.N, a.MaxShare = EveryNth, rs0.Agreements.MinN+rng.IntN(3), rs0.Agreements.NamedShare
		}
		if err := CheckAgreement(rs0, a, pr, ags); err != nil {
			return res, fmt.Errorf("simulated agreement: %w", err)
		}
		ags = append(ags, a)
	}
	res.Properties, res.Agreements = len(props), len(ags)

	var decisions []Decision
	d := Decision{ID: "sim-beslutning", Municipality: p.Municipality, Date: start, RuleSetID: rs0.ID,
		Reason: "Aftalerne giver for få boliger til målgruppen (simulering)"}
	if len(rs0.Right.TargetGroups) > 0 {
		d.TargetGroup = rs0.Right.TargetGroups[0]
	}
	for _, pr := range props {
		if pr.Dwellings >= rs0.Right.MinDwellings {
			d.Properties = append(d.Properties, pr.ID)
		}
	}
	if err := CheckDecision(rs0, d, p.Status(start), props); err != nil {
		res.DecisionRefused = err.Error()
	} else {
		decisions = append(decisions, d)
		res.Decision = &d
	}

	type vac struct {
		Vacancy
		prop int
	}
	var vacs []vac
	for i, pr := range props {
		n := pr.Dwellings * p.TurnoverPct / 100
		if rng.IntN(100) < pr.Dwellings*p.TurnoverPct%100 {
			n++
		}
		for range n {
			day := rng.IntN(365)
			dw := Dwelling{ID: fmt.Sprintf("d%03d", 1+rng.IntN(pr.Dwellings)), Rooms: 1 + rng.IntN(4)}
			dw.AreaM2 = 30 + 20*dw.Rooms + rng.IntN(20)
			dw.Rent = int64(dw.AreaM2) * int64(90+rng.IntN(60))
			vacs = append(vacs, vac{Vacancy{PropertyID: pr.ID, Dwelling: dw, Date: start.AddDate(0, 0, day)}, i})
		}
	}
	slices.SortStableFunc(vacs, func(a, b vac) int { return a.Date.Compare(b.Date) })

	ledger := Ledger{Agreements: ags}
	prior := map[string][]Entry{}
	seen := map[int]bool{}
	for _, v := range vacs {
		rs, err := cat.AtTrack(p.Track, v.Date)
		if err != nil {
			return res, err
		}
		if !slices.Contains(res.RuleSets, rs.ID) {
			res.RuleSets = append(res.RuleSets, rs.ID)
		}
		st := p.Status(v.Date)
		if !seen[st.ListYear] {
			seen[st.ListYear] = true
			res.ListYears = append(res.ListYears, st)
		}
		e, err := Assess(rs, Input{Property: props[v.prop], Agreements: ags, Decisions: decisions, Status: st, Prior: prior[v.PropertyID], Vacancy: v.Vacancy, ReportedAt: v.Date})
		if err != nil {
			return res, err
		}
		prior[v.PropertyID] = append(prior[v.PropertyID], e)
		ledger.Entries = append(ledger.Entries, e)
		if e.DecisionID != "" && e.RightCount == 0 && e.Route != RouteAgreement && !st.Eligible {
			res.NotCounted++
		}
		if !e.Municipal() {
			continue
		}
		group := "boligsocial"
		if e.Route == RouteRight {
			group = d.TargetGroup
		}
		a := Allocation{PropertyID: e.PropertyID, Seq: e.Seq, Date: e.Date.AddDate(0, 0, 5+rng.IntN(36)),
			ApplicantRef: fmt.Sprintf("sim-ansoeger-%d", len(ledger.Allocations)+1), TargetGroup: group}
		if a.Date.After(end) {
			continue
		}
		var dp *Decision
		if e.Route == RouteRight {
			dp = &d
		}
		if a, err = CheckAllocation(rs, e, dp, a, false); err != nil {
			return res, fmt.Errorf("simulated allocation: %w", err)
		}
		ledger.Allocations = append(ledger.Allocations, a)
	}
	res.Statement, err = BuildStatement(cat, ledger, end)
	return res, err
}
