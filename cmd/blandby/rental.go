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
	cmd := &cobra.Command{Use: "rental", Short: msg.T(m.lang, "cli.rental.short")}
	cmd.AddCommand(m.rentalRulesCommand(), m.rentalPropertyCommand(), m.rentalAgreementCommand(), m.rentalDecideCommand(), m.rentalReportCommand(),
		m.rentalOfferCommand(), m.rentalAllocateCommand(), m.rentalClaimCommand(), m.rentalLedgerCommand(), m.rentalStatementCommand(), m.rentalSimulateCommand())
	return cmd
}

// registerRentalFilter adds the flags that choose whose ledger a command
// reads.
func registerRentalFilter(c *cobra.Command, f *store.RentalFilter, lang blandby.Lang) {
	c.Flags().Var(municipalityFlag{&f.Municipality}, "municipality", msg.T(lang, "cli.rental.filter.flag.municipality"))
	c.Flags().StringVar(&f.LandlordCVR, "landlord", "", msg.T(lang, "cli.flag.landlord"))
	c.Flags().StringVar(&f.PropertyID, "property", "", msg.T(lang, "cli.rental.filter.flag.property"))
}

// rentalActing are the flags of a state-changing rental act: for whom it
// is done, who does it and the rule sets' track.
type rentalActing struct {
	as, by, track string
}

func (a *rentalActing) register(c *cobra.Command, lang blandby.Lang) {
	c.Flags().StringVar(&a.as, "as", "", msg.T(lang, "cli.rental.flag.as"))
	c.Flags().StringVar(&a.by, "by", "", msg.T(lang, "cli.rental.flag.by"))
	c.Flags().StringVar(&a.track, "track", rental.DefaultTrack, msg.T(lang, "cli.rental.act.flag.track"))
}

// rentalPropertyCommand registers or updates a landlord's property.
func (m *Main) rentalPropertyCommand() *cobra.Command {
	var act rentalActing
	var prop rental.Property
	var landlordName string
	property := &cobra.Command{
		Use:     "property",
		Short:   msg.T(m.lang, "cli.rental.property.short"),
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
	act.register(property, m.lang)
	property.Flags().StringVar(&prop.ID, "id", "", msg.T(m.lang, "cli.flag.id"))
	property.Flags().StringVar(&prop.Address, "address", "", msg.T(m.lang, "cli.flag.address"))
	property.Flags().Var(municipalityFlag{&prop.Municipality}, "municipality", msg.T(m.lang, "cli.rental.property.flag.municipality"))
	property.Flags().IntVar(&prop.Dwellings, "dwellings", 0, msg.T(m.lang, "cli.flag.dwellings"))
	property.Flags().StringVar(&landlordName, "landlord-name", "", msg.T(m.lang, "cli.flag.landlord_name"))
	return property
}

// rentalAgreementCommand records a municipality's agreement with a landlord.
func (m *Main) rentalAgreementCommand() *cobra.Command {
	var act rentalActing
	var file string
	agreement := &cobra.Command{
		Use:     "agreement",
		Short:   msg.T(m.lang, "cli.rental.agreement.short"),
		Long:    msg.T(m.lang, "cli.rental.agreement.long"),
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
	act.register(agreement, m.lang)
	agreement.Flags().StringVar(&file, "file", "", msg.T(m.lang, "cli.rental.agreement.flag.file"))
	return agreement
}

// rentalDecideCommand records a municipality's decision to use the right.
func (m *Main) rentalDecideCommand() *cobra.Command {
	var act rentalActing
	var file string
	decide := &cobra.Command{
		Use:     "decide",
		Short:   msg.T(m.lang, "cli.rental.decide.short"),
		Long:    msg.T(m.lang, "cli.rental.decide.long"),
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
	act.register(decide, m.lang)
	decide.Flags().StringVar(&file, "file", "", msg.T(m.lang, "cli.rental.decide.flag.file"))
	return decide
}

// rentalReportCommand reports a vacancy and answers it.
func (m *Main) rentalReportCommand() *cobra.Command {
	var act rentalActing
	var propertyID, date string
	var dw rental.Dwelling
	report := &cobra.Command{
		Use:     "report",
		Short:   msg.T(m.lang, "cli.rental.report.short"),
		Example: `  blandby rental report --as landlord:12345678 --property p1 --dwelling 3.tv --rooms 2 --area 70 --rent 9000 --date 2025-03-01`,
		PreRunE: requireFlags("as", "property", "dwelling", "date"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			on, err := time.Parse(time.DateOnly, date)
			if err != nil {
				return usage("rental report", msg.Text("cli.error.date", "--date", date))
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
	act.register(report, m.lang)
	report.Flags().StringVar(&propertyID, "property", "", msg.T(m.lang, "cli.rental.report.flag.property"))
	report.Flags().StringVar(&dw.ID, "dwelling", "", msg.T(m.lang, "cli.rental.report.flag.dwelling"))
	report.Flags().IntVar(&dw.Rooms, "rooms", 2, msg.T(m.lang, "cli.flag.rooms"))
	report.Flags().IntVar(&dw.AreaM2, "area", 70, msg.T(m.lang, "cli.rental.flag.area"))
	report.Flags().Int64Var(&dw.Rent, "rent", 0, msg.T(m.lang, "cli.flag.rent"))
	report.Flags().StringVar(&date, "date", "", msg.T(m.lang, "cli.rental.report.flag.date"))
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
		Short:   msg.T(m.lang, "cli.rental.allocate.short"),
		Example: `  blandby rental allocate --as municipality:101 --property p1 --seq 10 --applicant ans-17 --group venteliste_udsat_forebyggelse --date 2025-03-10`,
		PreRunE: requireFlags("as", "property", "seq", "applicant", "group", "date"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			on, err := time.Parse(time.DateOnly, date)
			if err != nil {
				return usage("rental allocate", msg.Text("cli.error.date", "--date", date))
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
	act.register(allocate, m.lang)
	allocate.Flags().StringVar(&propertyID, "property", "", msg.T(m.lang, "cli.rental.allocate.flag.property"))
	allocate.Flags().IntVar(&seq, "seq", 0, msg.T(m.lang, "cli.flag.seq"))
	allocate.Flags().StringVar(&alloc.ApplicantRef, "applicant", "", msg.T(m.lang, "cli.flag.applicant"))
	allocate.Flags().StringVar(&alloc.TargetGroup, "group", "", msg.T(m.lang, "cli.flag.group"))
	allocate.Flags().StringVar(&date, "date", "", msg.T(m.lang, "cli.rental.allocate.flag.date"))
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
		Short:   msg.T(m.lang, "cli.rental.offer.short"),
		Example: `  blandby rental offer --as landlord:12345678 --property p1 --seq 10 --dwelling 4.tv --rooms 2 --area 72 --rent 8800 --date 2025-03-02`,
		PreRunE: requireFlags("as", "property", "seq", "dwelling", "date"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			on, err := time.Parse(time.DateOnly, date)
			if err != nil {
				return usage("rental offer", msg.Text("cli.error.date", "--date", date))
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
	act.register(offer, m.lang)
	offer.Flags().StringVar(&propertyID, "property", "", msg.T(m.lang, "cli.rental.offer.flag.property"))
	offer.Flags().IntVar(&seq, "seq", 0, msg.T(m.lang, "cli.flag.seq"))
	offer.Flags().StringVar(&offerDw.ID, "dwelling", "", msg.T(m.lang, "cli.rental.offer.flag.dwelling"))
	offer.Flags().IntVar(&offerDw.Rooms, "rooms", 2, msg.T(m.lang, "cli.flag.rooms"))
	offer.Flags().IntVar(&offerDw.AreaM2, "area", 70, msg.T(m.lang, "cli.rental.flag.area"))
	offer.Flags().Int64Var(&offerDw.Rent, "rent", 0, msg.T(m.lang, "cli.flag.rent"))
	offer.Flags().StringVar(&date, "date", "", msg.T(m.lang, "cli.rental.offer.flag.date"))
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
		Short:   msg.T(m.lang, "cli.rental.claim.short"),
		Example: `  blandby rental claim --as landlord:12345678 --property p1 --seq 10 --amount 15000 --note "maling" --date 2026-05-01`,
		PreRunE: requireFlags("as", "property", "seq", "amount", "date"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			on, err := time.Parse(time.DateOnly, date)
			if err != nil {
				return usage("rental claim", msg.Text("cli.error.date", "--date", date))
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
	act.register(claimCmd, m.lang)
	claimCmd.Flags().StringVar(&propertyID, "property", "", msg.T(m.lang, "cli.rental.claim.flag.property"))
	claimCmd.Flags().IntVar(&seq, "seq", 0, msg.T(m.lang, "cli.flag.seq"))
	claimCmd.Flags().Int64Var(&claim.Amount, "amount", 0, msg.T(m.lang, "cli.flag.amount"))
	claimCmd.Flags().StringVar(&claim.Note, "note", "", msg.T(m.lang, "cli.flag.note"))
	claimCmd.Flags().StringVar(&date, "date", "", msg.T(m.lang, "cli.rental.claim.flag.date"))
	return claimCmd
}

// rentalRulesCommand shows the rental rule sets.
func (m *Main) rentalRulesCommand() *cobra.Command {
	rules := &cobra.Command{
		Use:   "rules",
		Short: msg.T(m.lang, "cli.rental.rules.short"),
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
		Short: msg.T(m.lang, "cli.rental.ledger.short"),
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
	registerRentalFilter(ledger, &f, m.lang)
	return ledger
}

// rentalStatementCommand sums up the ledger.
func (m *Main) rentalStatementCommand() *cobra.Command {
	var f store.RentalFilter
	var asOf string
	statement := &cobra.Command{
		Use:     "statement",
		Short:   msg.T(m.lang, "cli.rental.statement.short"),
		Example: `  blandby rental statement --landlord 12345678 --as-of 2025-12-31`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			at := time.Now().UTC()
			if asOf != "" {
				var err error
				if at, err = time.Parse(time.DateOnly, asOf); err != nil {
					return usage("rental statement", msg.Text("cli.error.date", "--as-of", asOf))
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
	registerRentalFilter(statement, &f, m.lang)
	statement.Flags().StringVar(&asOf, "as-of", "", msg.T(m.lang, "cli.rental.flag.as_of"))
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
