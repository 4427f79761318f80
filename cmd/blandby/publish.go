package main

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/msg"
)

func (m *Main) publishCommand() *cobra.Command {
	var year int
	var computation int64
	var by, reason string
	var correct bool
	cmd := &cobra.Command{
		Use:   "publish",
		Short: msg.T(m.lang, "cli.publish.short"),
		Long:  msg.T(m.lang, "cli.publish.long"),
		Example: `  blandby compute --register data/ --areas data/areas.csv --reference data/reference.csv --year 2025 --save
  blandby publish --year 2025 --by "Bolig- og Planstyrelsen"
  blandby publish --year 2025 --computation 42 --correct --reason "Ny opgørelse af beboertal i område 0101-S07"`,
		PreRunE: requireFlags("year"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if correct != (reason != "") {
				return usage("publish", msg.Text("cli.error.correct_reason"))
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
				return fmt.Errorf("%w %s", err, msg.T(m.lang, "cli.publish.hint_compute", year))
			case errors.As(err, new(*app.AlreadyPublishedError)):
				return fmt.Errorf("%w\n%s", err, msg.T(m.lang, "cli.publish.hint_correct", year))
			case err != nil:
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintln(&buf, msg.N(m.lang, "cli.publish.published", len(pub.Entries), pub.Year, pub.Revision, pub.ComputationID, pub.RuleSet, len(pub.Entries), pub.ContentSHA256))
			return emit(cmd, &buf)
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, msg.T(m.lang, "cli.publish.flag.year"))
	cmd.Flags().Int64Var(&computation, "computation", 0, msg.T(m.lang, "cli.flag.computation"))
	cmd.Flags().StringVar(&by, "by", "", msg.T(m.lang, "cli.publish.flag.by"))
	cmd.Flags().BoolVar(&correct, "correct", false, msg.T(m.lang, "cli.flag.correct"))
	cmd.Flags().StringVar(&reason, "reason", "", msg.T(m.lang, "cli.flag.reason"))
	return cmd
}
