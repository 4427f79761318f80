package main

import (
	"bytes"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/rental"
)

// rentalSimulateCommand replays a year of synthetic vacancies for a
// municipality through the ledger, with the municipality's standing on the
// lists published in the database.
func (m *Main) rentalSimulateCommand() *cobra.Command {
	p := rental.SimParams{Seed: 1, Track: rental.DefaultTrack, Properties: 60, TurnoverPct: 15, AgreementPct: 30}
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "simulate",
		Short: msg.T(m.lang, "cli.rental.simulate.short"),
		Long:  msg.T(m.lang, "cli.rental.simulate.long"),
		Example: `  blandby rental simulate --municipality 101 --year 2024
  blandby rental simulate --municipality 101 --year 2024 --track enacted`,
		PreRunE: requireFlags("municipality", "year"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			cat, err := law.Embedded()
			if err != nil {
				return err
			}
			rcat, err := rental.Embedded()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			var statusErr error
			p.Status = func(d time.Time) rental.ListStatus {
				rs, err := rcat.AtTrack(p.Track, d)
				if err != nil {
					statusErr = err
					return rental.ListStatus{Municipality: p.Municipality}
				}
				s, err := app.RentalStatus(ctx, st, cat, rs, p.Municipality, d)
				if err != nil {
					statusErr = err
				}
				return s
			}
			res, err := rental.Simulate(rcat, p)
			if err == nil {
				err = statusErr
			}
			if err != nil {
				return err
			}
			if asJSON {
				return emitJSON(cmd, res)
			}
			var buf bytes.Buffer
			m.writeSimulation(&buf, res)
			return emit(cmd, &buf)
		},
	}
	fl := cmd.Flags()
	fl.Var(municipalityFlag{&p.Municipality}, "municipality", msg.T(m.lang, "cli.rental.simulate.flag.municipality"))
	fl.IntVar(&p.Year, "year", 0, msg.T(m.lang, "cli.rental.flag.year"))
	fl.Uint64Var(&p.Seed, "seed", 1, msg.T(m.lang, "cli.rental.flag.seed"))
	fl.StringVar(&p.Track, "track", rental.DefaultTrack, msg.T(m.lang, "cli.rental.simulate.flag.track"))
	fl.IntVar(&p.Properties, "properties", 60, msg.T(m.lang, "cli.flag.properties"))
	fl.IntVar(&p.TurnoverPct, "turnover", 15, msg.T(m.lang, "cli.flag.turnover"))
	fl.IntVar(&p.AgreementPct, "agreements", 30, msg.T(m.lang, "cli.flag.agreements"))
	fl.BoolVar(&asJSON, "json", false, msg.T(m.lang, "cli.rental.flag.json"))
	return cmd
}

// writeSimulation writes a simulated year for people.
func (m *Main) writeSimulation(w *bytes.Buffer, r rental.SimResult) {
	l := m.lang
	fmt.Fprintf(w, "%s %d, %s %d, %s %d, %s %v\n", msg.T(l, "cli.simulate.simulated_year"), r.Params.Year, msg.T(l, "common.municipality"), r.Params.Municipality,
		msg.T(l, "cli.simulate.seed"), r.Params.Seed, msg.T(l, "cli.simulate.rule_sets"), r.RuleSets)
	for _, s := range r.ListYears {
		ex := s.Explain()
		fmt.Fprintf(w, "  %s: %s\n", msg.T(l, "cli.simulate.list_in_force"), ex.In(l))
	}
	fmt.Fprintf(w, "%s: %d (%d %s), %s: %d\n", msg.T(l, "common.properties"), r.Properties, r.Dwellings, msg.T(l, "common.dwellings"), msg.T(l, "cli.simulate.with_agreement"), r.Agreements)
	if r.Decision != nil {
		fmt.Fprintf(w, "%s %s, %d %s\n", msg.T(l, "cli.simulate.decision_to_use_right"), r.Decision.Date.Format(time.DateOnly), len(r.Decision.Properties), msg.T(l, "cli.simulate.properties_of_at_least"))
	} else {
		fmt.Fprintf(w, "%s %s\n", msg.T(l, "cli.simulate.no_decision_to_use"), r.DecisionRefused)
	}
	s := r.Statement
	fmt.Fprintf(w, "%s: %d\n", msg.T(l, "common.vacancies"), s.Vacancies)
	fmt.Fprintf(w, "%s: %d\n", msg.T(l, "cli.simulate.obtained_by_agreement"), s.ByAgreement)
	fmt.Fprintf(w, "%s: %d\n", msg.T(l, "cli.simulate.obtained_by_right"), s.ByRight)
	fmt.Fprintf(w, "%s: %d\n", msg.T(l, "cli.simulate.did_not_count_municipality"), r.NotCounted)
	fmt.Fprintf(w, "%s: %d\n", msg.T(l, "common.allocations"), s.Allocations)
	fmt.Fprintf(w, "%s: %d kr. (%s %d, %s %d, %s %d)\n", msg.T(l, "cli.simulate.municipality_owes"), s.Owed,
		msg.T(l, "cli.simulate.rent_while_dwellings_wait"), s.Rent, msg.T(l, "common.compensation"), s.Compensation, msg.T(l, "cli.simulate.restoration"), s.Restoration)
}
