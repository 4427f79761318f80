package main

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
)

func (m *Main) publishCommand() *cobra.Command {
	var year int
	var computation int64
	var by, reason string
	var correct bool
	cmd := &cobra.Command{
		Use:   "publish",
		Short: "Publish a computed list as the official list of its year",
		Long: `Publish a computation (by default the latest of the year) as the official list of the year.
A published list never changes: it records the rule set, the software version, the time, who
published it and the SHA-256 of every input file. A second publication of a year is refused;
--correct --reason "…" publishes a new revision and keeps the earlier one. A computation that read
earlier years' lists other than those published now is refused: compute it again.`,
		Example: `  blandby compute --register data/ --areas data/areas.csv --reference data/reference.csv --year 2025 --save
  blandby publish --year 2025 --by "Bolig- og Planstyrelsen"
  blandby publish --year 2025 --computation 42 --correct --reason "Ny opgørelse af beboertal i område 0101-S07"`,
		PreRunE: requireFlags("year"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if correct != (reason != "") {
				return usageError{command: "publish", err: fmt.Errorf("--correct and --reason go together: a correction needs a reason")}
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			cat, err := m.rulesCatalog()
			if err != nil {
				return err
			}
			pub, err := app.Publish(cmd.Context(), st, cat, cliActor(by), app.PublishRequest{Year: year, ComputationID: computation,
				Correction: correct, Reason: reason, PublishedBy: actor(by), SoftwareVersion: version})
			switch {
			case err != nil && blandby.CodeOf(err) == blandby.CodeNotFound && computation == 0:
				return fmt.Errorf("%w (run blandby compute --year %d --save)", err, year)
			case errors.As(err, new(*app.AlreadyPublishedError)):
				return fmt.Errorf("%w\nto publish a correction: blandby publish --year %d --correct --reason \"…\"", err, year)
			case err != nil:
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "published %d revision %d from computation %d (rule set %s, %d areas)\ncontent SHA-256 %s\n",
				pub.Year, pub.Revision, pub.ComputationID, pub.RuleSet, len(pub.Entries), pub.ContentSHA256)
			return emit(cmd, &buf)
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, "list year (required)")
	cmd.Flags().Int64Var(&computation, "computation", 0, "computation to publish (default: the latest of the year)")
	cmd.Flags().StringVar(&by, "by", "", "who publishes (default: the operating-system user)")
	cmd.Flags().BoolVar(&correct, "correct", false, "publish a new revision of a year already published")
	cmd.Flags().StringVar(&reason, "reason", "", "why the correction is made")
	return cmd
}
