package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/rental"
	"github.com/blandby/blandby/store"
)

// rentalCommand is municipal allocation to private rental housing: the
// acts of a landlord and of a municipality on the ledger, statements, and
// a simulated year. A state-changing act names whom it is done for
// (--as landlord:CVR or --as municipality:CODE): it is authorised as that
// principal, like the web server's routes, and recorded in the audit trail
// with the operator's name.
func (m *Main) rentalCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "rental", Short: "Municipal allocation to private rental housing: agreements, the every-10th-vacancy right, the vacancy ledger"}
	cmd.AddCommand(m.rentalRulesCommand(), m.rentalPropertyCommand(), m.rentalAgreementCommand(), m.rentalDecideCommand(), m.rentalReportCommand(),
		m.rentalOfferCommand(), m.rentalAllocateCommand(), m.rentalClaimCommand(), m.rentalLedgerCommand(), m.rentalStatementCommand(), m.rentalSimulateCommand())
	return cmd
}

// registerRentalFilter adds the flags that choose whose ledger a command
// reads.
func registerRentalFilter(c *cobra.Command, f *store.RentalFilter) {
	c.Flags().Var(municipalityFlag{&f.Municipality}, "municipality", "a municipality's properties")
	c.Flags().StringVar(&f.LandlordCVR, "landlord", "", "a landlord's properties (CVR)")
	c.Flags().StringVar(&f.PropertyID, "property", "", "one property")
}

// rentalActing are the flags of a state-changing rental act: for whom it
// is done, who does it and the rule sets' track.
type rentalActing struct {
	as, by, track string
}

func (a *rentalActing) register(c *cobra.Command) {
	c.Flags().StringVar(&a.as, "as", "", "act for landlord:CVR or municipality:CODE (required)")
	c.Flags().StringVar(&a.by, "by", "", "who acts, for the audit trail (default: the operating-system user)")
	c.Flags().StringVar(&a.track, "track", rental.DefaultTrack, "rule sets: seed (the seed's proposal, the right on) or enacted (the June 2021 agreement)")
}

// rentalPropertyCommand registers or updates a landlord's property.
func (m *Main) rentalPropertyCommand() *cobra.Command {
	var act rentalActing
	var prop rental.Property
	var landlordName string
	property := &cobra.Command{
		Use:     "property",
		Short:   "Register or update a landlord's property (--as landlord:CVR)",
		Example: `  blandby rental property --as landlord:12345678 --landlord-name "Ejendomme A/S" --id p1 --address "Vej 1, 2200 København N" --municipality 101 --dwellings 40`,
		PreRunE: requireFlags("as", "id", "address", "municipality", "dwellings"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return m.rentalAct(cmd, act.as, act.by, func(ctx context.Context, st store.Store, a app.Actor) error {
				prop.LandlordCVR = a.Principal.Scope
				if err := app.PutProperty(ctx, st, a, prop, landlordName); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: %s, %d %s\n", prop.ID, prop.Address, prop.Dwellings, msg.T(m.lang, "common.dwellings"))
				return nil
			})
		},
	}
	act.register(property)
	property.Flags().StringVar(&prop.ID, "id", "", "the property's id (required)")
	property.Flags().StringVar(&prop.Address, "address", "", "its address (required)")
	property.Flags().Var(municipalityFlag{&prop.Municipality}, "municipality", "its municipality code (required)")
	property.Flags().IntVar(&prop.Dwellings, "dwellings", 0, "its number of dwellings (required)")
	property.Flags().StringVar(&landlordName, "landlord-name", "", "the landlord's name, when it is new")
	return property
}

// rentalAgreementCommand records a municipality's agreement with a landlord.
func (m *Main) rentalAgreementCommand() *cobra.Command {
	var act rentalActing
	var file string
	agreement := &cobra.Command{
		Use:   "agreement",
		Short: "Record an agreement with a landlord (--as municipality:CODE)",
		Long: `Record an agreement read from a JSON file (- for standard input), as the API takes it:
{"id", "municipality", "property_id", "kind": "every_nth" with "n" and "max_share" ("1/5"), or
"named" with "dwellings", "from", "to", "compensation"}. It is checked against the rule set in
force at its start: N at least 4, named dwellings at least 2 and at most 25 %, properties of at
least 8 dwellings.`,
		Example: `  blandby rental agreement --as municipality:101 --file aftale.json`,
		PreRunE: requireFlags("as", "file"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var a rental.Agreement
			if err := m.readJSONFile(file, &a); err != nil {
				return err
			}
			return m.rentalAct(cmd, act.as, act.by, func(ctx context.Context, st store.Store, actor app.Actor) error {
				if err := app.AddAgreement(ctx, st, actor, act.track, a); err != nil {
					return fmt.Errorf("%s: %w", file, err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: %s %s\n", a.ID, msg.T(m.lang, "cli.rental.agreement_stored_for"), a.PropertyID)
				return nil
			})
		},
	}
	act.register(agreement)
	agreement.Flags().StringVar(&file, "file", "", "the agreement, as JSON (required)")
	return agreement
}

// rentalDecideCommand records a municipality's decision to use the right.
func (m *Main) rentalDecideCommand() *cobra.Command {
	var act rentalActing
	var file string
	decide := &cobra.Command{
		Use:   "decide",
		Short: "Decide to use the right to every 10th vacancy (--as municipality:CODE)",
		Long: `Record a decision read from a JSON file (- for standard input): {"id", "municipality", "date",
"reason" (why agreements are not enough), "properties", "target_group"}. It is refused unless the
rule set in force has the right on and the municipality has an udsat or forebyggelse area on the
list in force at the date.`,
		Example: `  blandby rental decide --as municipality:101 --file beslutning.json`,
		PreRunE: requireFlags("as", "file"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var d rental.Decision
			if err := m.readJSONFile(file, &d); err != nil {
				return err
			}
			return m.rentalAct(cmd, act.as, act.by, func(ctx context.Context, st store.Store, actor app.Actor) error {
				cat, err := law.Embedded()
				if err != nil {
					return err
				}
				if d, err = app.AddRightDecision(ctx, st, cat, actor, act.track, d); err != nil {
					return fmt.Errorf("%s: %w", file, err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: %s %s (%s)\n", d.ID, msg.T(m.lang, "cli.rental.decision_stored_from"), d.Date.Format(time.DateOnly), d.RuleSetID)
				return nil
			})
		},
	}
	act.register(decide)
	decide.Flags().StringVar(&file, "file", "", "the decision, as JSON (required)")
	return decide
}

// rentalReportCommand reports a vacancy and answers it.
func (m *Main) rentalReportCommand() *cobra.Command {
	var act rentalActing
	var propertyID, date string
	var dw rental.Dwelling
	report := &cobra.Command{
		Use:     "report",
		Short:   "Report a vacancy and get the answer at once (--as landlord:CVR)",
		Example: `  blandby rental report --as landlord:12345678 --property p1 --dwelling 3.tv --rooms 2 --area 70 --rent 9000 --date 2025-03-01`,
		PreRunE: requireFlags("as", "property", "dwelling", "date"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			on, err := time.Parse(time.DateOnly, date)
			if err != nil {
				return usageError{command: "rental report", err: fmt.Errorf("--date %q: expected YYYY-MM-DD", date)}
			}
			return m.rentalAct(cmd, act.as, act.by, func(ctx context.Context, st store.Store, actor app.Actor) error {
				cat, err := law.Embedded()
				if err != nil {
					return err
				}
				e, err := app.ReportVacancy(ctx, st, cat, actor, act.track, propertyID, rental.Vacancy{Dwelling: dw, Date: on}, time.Now().UTC())
				if err != nil {
					return err
				}
				var buf bytes.Buffer
				m.writeEntry(&buf, e)
				return emit(cmd, &buf)
			})
		},
	}
	act.register(report)
	report.Flags().StringVar(&propertyID, "property", "", "the property's id (required)")
	report.Flags().StringVar(&dw.ID, "dwelling", "", "the dwelling (required)")
	report.Flags().IntVar(&dw.Rooms, "rooms", 2, "its rooms")
	report.Flags().IntVar(&dw.AreaM2, "area", 70, "its floor area in m²")
	report.Flags().Int64Var(&dw.Rent, "rent", 0, "its monthly rent in whole kroner")
	report.Flags().StringVar(&date, "date", "", "the date it becomes vacant, YYYY-MM-DD (required)")
	return report
}

// rentalAllocateCommand allocates a dwelling the municipality obtained.
func (m *Main) rentalAllocateCommand() *cobra.Command {
	var act rentalActing
	var propertyID, date string
	var alloc rental.Allocation
	var seq int
	allocate := &cobra.Command{
		Use:     "allocate",
		Short:   "Allocate a dwelling the municipality obtained (--as municipality:CODE)",
		Example: `  blandby rental allocate --as municipality:101 --property p1 --seq 10 --applicant ans-17 --group venteliste_udsat_forebyggelse --date 2025-03-10`,
		PreRunE: requireFlags("as", "property", "seq", "applicant", "group", "date"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			on, err := time.Parse(time.DateOnly, date)
			if err != nil {
				return usageError{command: "rental allocate", err: fmt.Errorf("--date %q: expected YYYY-MM-DD", date)}
			}
			alloc.PropertyID, alloc.Seq, alloc.Date = propertyID, seq, on
			return m.rentalAct(cmd, act.as, act.by, func(ctx context.Context, st store.Store, actor app.Actor) error {
				a, err := app.Allocate(ctx, st, actor, alloc)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s/%d: %s %s\n", a.PropertyID, a.Seq, msg.T(m.lang, "cli.rental.allocated_to"), a.TargetGroup)
				return nil
			})
		},
	}
	act.register(allocate)
	allocate.Flags().StringVar(&propertyID, "property", "", "the property's id (required)")
	allocate.Flags().IntVar(&seq, "seq", 0, "the vacancy's number in the property's ledger (required)")
	allocate.Flags().StringVar(&alloc.ApplicantRef, "applicant", "", "the applicant's pseudonymous reference (required)")
	allocate.Flags().StringVar(&alloc.TargetGroup, "group", "", "the target group (required)")
	allocate.Flags().StringVar(&date, "date", "", "the allocation date, YYYY-MM-DD (required)")
	return allocate
}

// rentalOfferCommand offers an equivalent dwelling instead of a vacancy.
func (m *Main) rentalOfferCommand() *cobra.Command {
	var act rentalActing
	var propertyID, date string
	var seq int
	var offerDw rental.Dwelling
	offer := &cobra.Command{
		Use:     "offer",
		Short:   "Offer an equivalent dwelling instead of a vacancy the right gave the municipality (--as landlord:CVR)",
		Example: `  blandby rental offer --as landlord:12345678 --property p1 --seq 10 --dwelling 4.tv --rooms 2 --area 72 --rent 8800 --date 2025-03-02`,
		PreRunE: requireFlags("as", "property", "seq", "dwelling", "date"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			on, err := time.Parse(time.DateOnly, date)
			if err != nil {
				return usageError{command: "rental offer", err: fmt.Errorf("--date %q: expected YYYY-MM-DD", date)}
			}
			return m.rentalAct(cmd, act.as, act.by, func(ctx context.Context, st store.Store, actor app.Actor) error {
				o, err := app.Offer(ctx, st, actor, rental.Offer{PropertyID: propertyID, Seq: seq, Date: on, Dwelling: offerDw})
				if err != nil {
					return err
				}
				for _, r := range o.Reasons {
					fmt.Fprintf(cmd.OutOrStdout(), "%s/%d: %s (%s)\n", o.PropertyID, o.Seq, r.Text.In(m.lang), r.LegalRef)
				}
				return nil
			})
		},
	}
	act.register(offer)
	offer.Flags().StringVar(&propertyID, "property", "", "the property's id (required)")
	offer.Flags().IntVar(&seq, "seq", 0, "the vacancy's number in the property's ledger (required)")
	offer.Flags().StringVar(&offerDw.ID, "dwelling", "", "the dwelling offered instead (required)")
	offer.Flags().IntVar(&offerDw.Rooms, "rooms", 2, "its rooms")
	offer.Flags().IntVar(&offerDw.AreaM2, "area", 70, "its floor area in m²")
	offer.Flags().Int64Var(&offerDw.Rent, "rent", 0, "its monthly rent in whole kroner")
	offer.Flags().StringVar(&date, "date", "", "the date of the offer, YYYY-MM-DD (required)")
	return offer
}

// rentalClaimCommand claims under the restoration guarantee.
func (m *Main) rentalClaimCommand() *cobra.Command {
	var act rentalActing
	var propertyID, date string
	var seq int
	var claim rental.Claim
	claimCmd := &cobra.Command{
		Use:     "claim",
		Short:   "Claim under the municipality's restoration guarantee when an allocated tenant moves out (--as landlord:CVR)",
		Example: `  blandby rental claim --as landlord:12345678 --property p1 --seq 10 --amount 15000 --note "maling" --date 2026-05-01`,
		PreRunE: requireFlags("as", "property", "seq", "amount", "date"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			on, err := time.Parse(time.DateOnly, date)
			if err != nil {
				return usageError{command: "rental claim", err: fmt.Errorf("--date %q: expected YYYY-MM-DD", date)}
			}
			claim.PropertyID, claim.Seq, claim.Date = propertyID, seq, on
			return m.rentalAct(cmd, act.as, act.by, func(ctx context.Context, st store.Store, actor app.Actor) error {
				if err := app.Claim(ctx, st, actor, claim); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s/%d: %s %d kr.\n", claim.PropertyID, claim.Seq, msg.T(m.lang, "cli.rental.claim_under_restoration_guarantee"), claim.Amount)
				return nil
			})
		},
	}
	act.register(claimCmd)
	claimCmd.Flags().StringVar(&propertyID, "property", "", "the property's id (required)")
	claimCmd.Flags().IntVar(&seq, "seq", 0, "the vacancy's number in the property's ledger (required)")
	claimCmd.Flags().Int64Var(&claim.Amount, "amount", 0, "the amount in whole kroner (required)")
	claimCmd.Flags().StringVar(&claim.Note, "note", "", "what the restoration covered")
	claimCmd.Flags().StringVar(&date, "date", "", "the date of the claim, YYYY-MM-DD (required)")
	return claimCmd
}

// rentalRulesCommand shows the rental rule sets.
func (m *Main) rentalRulesCommand() *cobra.Command {
	rules := &cobra.Command{
		Use:   "rules",
		Short: "Show the rental rule sets: thresholds, switches and legal references",
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := rental.Embedded()
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			for _, rs := range c.All() {
				m.writeRentalRules(&buf, rs)
			}
			return emit(cmd, &buf)
		},
	}
	return rules
}

// rentalLedgerCommand shows the vacancy ledger.
func (m *Main) rentalLedgerCommand() *cobra.Command {
	var f store.RentalFilter
	ledger := &cobra.Command{
		Use:   "ledger",
		Short: "Show the vacancy ledger: every vacancy, whose it is and why",
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			l, err := st.RentalLedger(cmd.Context(), f)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			for _, e := range l.Entries {
				m.writeEntry(&buf, e)
			}
			return emit(cmd, &buf)
		},
	}
	registerRentalFilter(ledger, &f)
	return ledger
}

// rentalStatementCommand sums up the ledger.
func (m *Main) rentalStatementCommand() *cobra.Command {
	var f store.RentalFilter
	var asOf string
	statement := &cobra.Command{
		Use:     "statement",
		Short:   "Sum up the ledger: dwellings by agreement and by the right, allocations, money owed",
		Example: `  blandby rental statement --landlord 12345678 --as-of 2025-12-31`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			at := time.Now().UTC()
			if asOf != "" {
				var err error
				if at, err = time.Parse(time.DateOnly, asOf); err != nil {
					return usageError{command: "rental statement", err: fmt.Errorf("--as-of %q: expected YYYY-MM-DD", asOf)}
				}
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			s, err := app.RentalStatement(cmd.Context(), st, f, at)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			m.writeStatement(&buf, s)
			return emit(cmd, &buf)
		},
	}
	registerRentalFilter(statement, &f)
	statement.Flags().StringVar(&asOf, "as-of", "", "sum up to this date, YYYY-MM-DD (default today)")
	return statement
}

// rentalAct opens the store and runs a state-changing rental act (package
// app, which authorises and audits it) for the principal --as names.
func (m *Main) rentalAct(cmd *cobra.Command, as, by string, act func(ctx context.Context, st store.Store, a app.Actor) error) error {
	a, err := cliActorAs(cmd.CommandPath(), as, by, auth.RoleLandlord, auth.RoleMunicipality)
	if err != nil {
		return err
	}
	st, err := m.openStore(cmd)
	if err != nil {
		return err
	}
	defer st.Close()
	return act(cmd.Context(), st, a)
}

var routeWords = map[rental.Route]blandby.Text{
	rental.RouteAgreement: msg.Text("cli.rental.route.agreement"),
	rental.RouteRight:     msg.Text("cli.rental.route.right"),
	rental.RouteLandlord:  msg.Text("cli.rental.route.landlord"),
}

// writeEntry writes a ledger entry with its reasons.
func (m *Main) writeEntry(w io.Writer, e rental.Entry) {
	fmt.Fprintf(w, "%s %d (%s, %s): %s\n", e.PropertyID, e.Seq, e.Dwelling.ID, e.Date.Format(time.DateOnly), routeWords[e.Route].In(m.lang))
	for _, r := range e.Reasons {
		fmt.Fprintf(w, "  - %s", r.Text.In(m.lang))
		if r.LegalRef != "" {
			fmt.Fprintf(w, " (%s)", r.LegalRef)
		}
		fmt.Fprintln(w)
	}
}

// writeStatement writes a statement's totals.
func (m *Main) writeStatement(w io.Writer, s rental.Statement) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	row := func(label string, v any) { fmt.Fprintf(tw, "%s\t%v\t\n", label, v) }
	row(msg.T(m.lang, "common.vacancies"), s.Vacancies)
	row(msg.T(m.lang, "common.municipalitys_by_agreement"), s.ByAgreement)
	row(msg.T(m.lang, "common.municipalitys_by_right"), s.ByRight)
	row(msg.T(m.lang, "common.allocations"), s.Allocations)
	row(msg.T(m.lang, "cli.rental.rent_while_waiting_kr"), s.Rent)
	row(msg.T(m.lang, "cli.rental.compensation_under_agreements_kr"), s.Compensation)
	row(msg.T(m.lang, "cli.rental.restoration_guarantee_kr"), s.Restoration)
	row(msg.T(m.lang, "cli.rental.municipality_owes_in_all"), s.Owed)
	tw.Flush()
}

// writeRentalRules writes a rule set's thresholds and switches.
func (m *Main) writeRentalRules(w io.Writer, rs *rental.RuleSet) {
	l := m.lang
	on := msg.T(l, "cli.rental.off")
	if rs.Right.Enabled {
		on = msg.T(l, "cli.rental.on")
	}
	fmt.Fprintf(w, "%s (%s, %s %s): %s\n", rs.ID, rs.Track, msg.T(l, "cli.rental.in_force_from"), rs.ValidFrom.Format(time.DateOnly), rs.Title.In(l))
	fmt.Fprintf(w, "  %s (%s)\n", rs.Property.Label.In(l), rs.Property.LegalRef)
	fmt.Fprintf(w, "  %s; %s (%s)\n", rs.Agreements.EveryNth.In(l), rs.Agreements.Named.In(l), rs.Agreements.LegalRef)
	fmt.Fprintf(w, "  %s: %s. %s (%s)\n", msg.T(l, "cli.rental.right_to_every_10th"), on, rs.Right.Label.In(l), rs.Right.LegalRef)
	fmt.Fprintf(w, "  %s; %s (%s)\n", rs.Duties.RentLabel.In(l), rs.Duties.RestorationLabel.In(l), rs.Duties.LegalRef)
}
