package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/letting"
	"github.com/blandby/blandby/msg"
)

// lettingCommand decides lettings from files: a pure computation, the same
// the web server makes, so anyone holding a decision's inputs can re-run it
// and compare the input hash and the outcome with the log.
func (m *Main) lettingCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "letting", Short: msg.T(m.lang, "cli.letting.short")}
	var file string
	var asJSON bool
	decide := &cobra.Command{
		Use:   "decide",
		Short: msg.T(m.lang, "cli.letting.decide.short"),
		Long:  msg.T(m.lang, "cli.letting.decide.long"),
		Example: `  blandby letting decide --case case.json
  blandby letting decide --case case.json --json --lang en
  blandby letting decide --case case.json --db blandby.db`,
		PreRunE: requireFlags("case"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var c letting.Case
			if err := m.readJSONFile(file, &c); err != nil {
				return err
			}
			if _, given := m.dbAddress(cmd); given {
				if err := m.caseFromStore(cmd, &c); err != nil {
					return fmt.Errorf("%s: %w", file, err)
				}
			}
			cat, err := letting.Embedded()
			if err != nil {
				return err
			}
			d, err := letting.Decide(cat, c)
			if err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			if asJSON {
				return emitJSON(cmd, d)
			}
			var buf bytes.Buffer
			m.writeDecision(&buf, d, "")
			return emit(cmd, &buf)
		},
	}
	decide.Flags().StringVar(&file, "case", "", msg.T(m.lang, "cli.flag.case"))
	decide.Flags().BoolVar(&asJSON, "json", false, msg.T(m.lang, "cli.letting.decide.flag.json"))

	var vacancy string
	rank := &cobra.Command{
		Use:     "rank",
		Short:   msg.T(m.lang, "cli.letting.rank.short"),
		Long:    msg.T(m.lang, "cli.letting.rank.long"),
		Example: `  blandby letting rank --vacancy vacancy.json`,
		PreRunE: requireFlags("vacancy"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var in struct {
				Vacancy    letting.Vacancy     `json:"vacancy"`
				Applicants []letting.Applicant `json:"applicants"`
			}
			if err := m.readJSONFile(vacancy, &in); err != nil {
				return err
			}
			cat, err := letting.Embedded()
			if err != nil {
				return err
			}
			ranked, err := letting.Rank(cat, in.Vacancy, in.Applicants)
			if err != nil {
				return fmt.Errorf("%s: %w", vacancy, err)
			}
			if asJSON {
				return emitJSON(cmd, ranked)
			}
			var buf bytes.Buffer
			for i, r := range ranked {
				if i > 0 {
					buf.WriteString("\n")
				}
				head := msg.T(m.lang, "cli.letting.refused")
				if r.Position > 0 {
					head = fmt.Sprintf("%d.", r.Position)
				}
				m.writeDecision(&buf, r.Decision, head+" "+r.Ref)
			}
			return emit(cmd, &buf)
		},
	}
	rank.Flags().StringVar(&vacancy, "vacancy", "", msg.T(m.lang, "cli.flag.vacancy"))
	rank.Flags().BoolVar(&asJSON, "json", false, msg.T(m.lang, "cli.letting.rank.flag.json"))
	cmd.AddCommand(decide, rank)
	return cmd
}

// caseFromStore sets a case's category to the area's category on the list
// in force on the case's date in the database (law.Catalog.ListInForce),
// refusing a case that states another, and, unless the case gives it, the
// area's standing under ABL § 168 a, stk. 6: its category on each list up
// to then and its development plan.
func (m *Main) caseFromStore(cmd *cobra.Command, c *letting.Case) error {
	ctx := cmd.Context()
	if c.Dwelling.AreaID == "" {
		return blandby.InvalidField("dwelling.area_id", msg.Text("cli.error.case_area_required"))
	}
	if c.Date.IsZero() {
		return blandby.InvalidField("date", msg.Text("cli.error.required"))
	}
	st, err := m.openStore(cmd)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Area(ctx, c.Dwelling.AreaID); err != nil {
		return fmt.Errorf("dwelling.area_id %q: %w", c.Dwelling.AreaID, err)
	}
	cat, err := m.rulesCatalog()
	if err != nil {
		return err
	}
	standing, err := app.StandingAt(ctx, app.StoreLettingSource(st), cat, c.Dwelling.AreaID, c.Date.Time)
	if err != nil {
		return err
	}
	if category := standing.Category(); c.Category != "" && c.Category != category {
		return blandby.InvalidField("category", msg.Text("cli.error.case_category", c.Category, c.Dwelling.AreaID, category, c.Date, standing.ListYear))
	}
	c.Category = standing.Category()
	if c.Area == nil {
		c.Area = standing.AreaStanding
	}
	return nil
}

// readJSONFile reads one JSON value strictly (unknown fields are errors).
func (m *Main) readJSONFile(name string, v any) error {
	var r io.Reader = m.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return blandby.Errorf(blandby.CodeInvalid, "%w", err)
		}
		defer f.Close()
		r = f
	}
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &blandby.InputError{File: name, Msg: "not valid JSON of the expected form: " + err.Error()}
	}
	return nil
}

// writeDecision writes a decision for people.
func (m *Main) writeDecision(w io.Writer, d *letting.Decision, head string) {
	if head != "" {
		fmt.Fprintf(w, "%s\n", head)
	}
	fmt.Fprintf(w, "%s: %s", msg.T(m.lang, "common.decision"), d.Outcome.Label().In(m.lang))
	if d.PriorityGroup > 0 {
		fmt.Fprintf(w, ", %s %d", msg.T(m.lang, "common.priority_group"), d.PriorityGroup)
		if d.Priority != nil {
			fmt.Fprintf(w, " (%s)", d.Priority.In(m.lang))
		}
	}
	area := d.Category.Label(m.lang)
	if d.CategoryName != nil {
		area = d.CategoryName.In(m.lang)
	}
	fmt.Fprintf(w, "\n%s %s · %s · %s %s · %s\n", msg.T(m.lang, "common.rule_set_cap"), d.RuleSet, area,
		msg.T(m.lang, "common.channel"), d.Channel, d.Date)
	if d.Dispensation != nil {
		fmt.Fprintf(w, "%s: %s\n", msg.T(m.lang, "common.dispensation_cap"), d.Dispensation.Reason)
	}
	for _, r := range d.Reasons {
		id := r.RuleID
		if r.TestID != "" {
			id = r.TestID
		}
		fmt.Fprintf(w, "  %-8s %-15s %s (%s)\n", id, r.Effect.Label().In(m.lang), r.Text.In(m.lang), r.LegalRef)
	}
	fmt.Fprintf(w, "%s %s\n", msg.T(m.lang, "cli.letting.sha_256_of_inputs"), d.InputSHA256)
}
