package main

import (
	"context"
	"encoding/json"
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
	"github.com/blandby/blandby/plan"
	"github.com/blandby/blandby/store"
)

func (m *Main) planCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "plan", Short: msg.T(m.lang, "cli.plan.short")}
	var asOf string
	var asJSON bool
	when := func() (time.Time, error) {
		if asOf == "" {
			return time.Now().UTC(), nil
		}
		t, err := time.Parse(time.DateOnly, asOf)
		if err != nil {
			return t, usage("plan", msg.Text("cli.error.date", "--as-of", asOf))
		}
		return t, nil
	}

	assess := &cobra.Command{
		Use:   "assess " + msg.T(m.lang, "cli.arg.file"),
		Short: msg.T(m.lang, "cli.plan.assess.short"),
		Long:  msg.T(m.lang, "cli.plan.assess.long"),
		Example: `  blandby plan assess plan.json
  blandby plan assess - --json < plan.json`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			now, err := when()
			if err != nil {
				return err
			}
			var p plan.Plan
			if err := m.readJSONFile(args[0], &p); err != nil {
				return err
			}
			a, err := assessPlan(&p, nil, now)
			if err != nil {
				return err
			}
			return m.writeAssessment(cmd.OutOrStdout(), a, nil, asJSON)
		},
	}

	var version int
	show := &cobra.Command{
		Use:   "show " + msg.T(m.lang, "cli.arg.area"),
		Short: msg.T(m.lang, "cli.plan.show.short"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			now, err := when()
			if err != nil {
				return err
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			v, err := st.PlanVersion(ctx, args[0], version)
			if err != nil {
				return err
			}
			h, err := st.History(ctx)
			if err != nil {
				return err
			}
			hist, err := plan.HistoryOf(h, v.AreaID)
			if err != nil {
				return err
			}
			a, err := assessPlan(&v.Plan, hist, now)
			if err != nil {
				return err
			}
			return m.writeAssessment(cmd.OutOrStdout(), a, &v, asJSON)
		},
	}
	show.Flags().IntVar(&version, "version", 0, msg.T(m.lang, "cli.flag.version"))

	list := &cobra.Command{
		Use:   "list",
		Short: msg.T(m.lang, "cli.plan.list.short"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			now, err := when()
			if err != nil {
				return err
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			return m.listPlans(cmd.Context(), cmd.OutOrStdout(), st, now, asJSON)
		},
	}

	var as, by string
	var prev int
	save := &cobra.Command{
		Use:   "save " + msg.T(m.lang, "cli.arg.area") + " " + msg.T(m.lang, "cli.arg.file"),
		Short: msg.T(m.lang, "cli.plan.save.short"),
		Long:  msg.T(m.lang, "cli.plan.save.long"),
		Example: `  blandby plan save 0101-S04 plan.json --as municipality:101
  blandby plan save 0101-S04 plan.json --as housing_org:demo-boligselskab --prev 3`,
		Args:    exactArgs(2),
		PreRunE: requireFlags("as"),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := cliActorAs("plan save", as, by, auth.RoleMunicipality, auth.RoleHousingOrg)
			if err != nil {
				return err
			}
			var doc plan.Plan
			if err := m.readJSONFile(args[1], &doc); err != nil {
				return err
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			v, err := app.SavePlan(cmd.Context(), st, a, args[0], doc, prev, time.Now().UTC())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s %d %s %s\n", msg.T(m.lang, "cli.plan.saved_version"), v.Version, msg.T(m.lang, "cli.plan.of_plan_of"), v.AreaID)
			return nil
		},
	}
	save.Flags().StringVar(&as, "as", "", msg.T(m.lang, "cli.plan.flag.as"))
	save.Flags().StringVar(&by, "by", "", msg.T(m.lang, "cli.plan.flag.by"))
	save.Flags().IntVar(&prev, "prev", -1, msg.T(m.lang, "cli.flag.prev"))

	for _, c := range []*cobra.Command{assess, show, list} {
		c.Flags().StringVar(&asOf, "as-of", "", msg.T(m.lang, "cli.plan.flag.as_of"))
		c.Flags().BoolVar(&asJSON, "json", false, msg.T(m.lang, "cli.plan.flag.json"))
	}
	cmd.AddCommand(assess, show, list, save)
	return cmd
}

func assessPlan(p *plan.Plan, hist []plan.ListYear, now time.Time) (*plan.Assessment, error) {
	rules, err := law.InForce(plan.Embedded, now)
	if err != nil {
		return nil, err
	}
	return rules.Assess(p, hist, now)
}

func (m *Main) listPlans(ctx context.Context, w io.Writer, st store.Store, now time.Time, asJSON bool) error {
	rules, err := law.InForce(plan.Embedded, now)
	if err != nil {
		return err
	}
	vs, err := st.LatestPlans(ctx)
	if err != nil {
		return err
	}
	h, err := st.History(ctx)
	if err != nil {
		return err
	}
	type row struct {
		AreaID  string       `json:"area_id"`
		Version int          `json:"version"`
		Author  string       `json:"author"`
		SavedAt time.Time    `json:"saved_at"`
		Status  *plan.Status `json:"status,omitempty"`
		Error   string       `json:"error,omitempty"`
	}
	rows := []row{}
	for _, v := range vs {
		r := row{AreaID: v.AreaID, Version: v.Version, Author: v.Author, SavedAt: v.SavedAt}
		hist, err := plan.HistoryOf(h, v.AreaID)
		if err != nil {
			return err
		}
		if s, err := rules.StatusAt(&v.Plan, hist, now); err != nil {
			r.Error = err.Error()
		} else {
			r.Status = &s
		}
		rows = append(rows, r)
	}
	if asJSON {
		return writePlanJSON(w, map[string]any{"plans": rows})
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	deadline := rules.Goal.Deadline.Format(time.DateOnly)
	fmt.Fprintln(tw, msg.T(m.lang, "cli.plan.list_header", deadline))
	for _, r := range rows {
		if r.Status == nil {
			fmt.Fprintf(tw, "%s\t%d\t–\t%s\t–\n", r.AreaID, r.Version, r.Error)
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%d\t%s\n", r.AreaID, r.Version, m.planPct(r.Status.Share), m.planOnTrack(r.Status.OnTrack), r.Status.Gap, m.planObligation(r.Status.Obligation))
	}
	return tw.Flush()
}

func writePlanJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (m *Main) planPct(r blandby.Ratio) string { return plan.Percent(r, m.lang) }

func (m *Main) planObligation(o *plan.Obligation) string {
	switch {
	case o == nil || !o.Active:
		return msg.T(m.lang, "common.none")
	case o.OnList:
		return msg.T(m.lang, "common.on_list")
	}
	return msg.T(m.lang, "common.continues_after_list")
}

func (m *Main) planOnTrack(ok bool) string {
	if ok {
		return msg.T(m.lang, "common.reaches_goal")
	}
	return msg.T(m.lang, "common.misses_goal")
}

// writeAssessment writes an assessment as text or JSON.
func (m *Main) writeAssessment(w io.Writer, a *plan.Assessment, v *store.PlanVersion, asJSON bool) error {
	if asJSON {
		out := map[string]any{"assessment": a}
		if v != nil {
			out["version"] = map[string]any{"area_id": v.AreaID, "version": v.Version, "author": v.Author, "saved_at": v.SavedAt}
		}
		return writePlanJSON(w, out)
	}
	l := m.lang
	pr := a.Projection
	if v != nil {
		fmt.Fprintf(w, "%s %s, version %d (%s, %s)\n", msg.T(m.lang, "cli.plan.development_plan_of"), v.AreaID, v.Version, v.SavedAt.Format(time.DateTime), v.Author)
	}
	fmt.Fprintf(w, "%s\n\n", pr.Explanation.In(l))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, msg.T(m.lang, "cli.plan.projection_header"))
	for _, r := range append([]plan.Row{pr.Start}, pr.Rows...) {
		mark := ""
		if r.Meets {
			mark = "✓"
		}
		if !r.Counts {
			mark += " " + msg.T(m.lang, "cli.plan.after_deadline")
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", r.AsOf.Format(time.DateOnly), r.Stock.PublicFamily, r.Dwellings,
			r.DemolishedCounted, r.Stock.BusinessM2, r.BusinessDwellings, r.Denominator, m.planPct(r.Share), mark)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(pr.Suggestions) > 0 {
		fmt.Fprintf(w, "\n%s\n", msg.T(m.lang, "cli.plan.smallest_extra_action_of"))
		for _, s := range pr.Suggestions {
			fmt.Fprintf(w, "  - %s\n", s.Explanation.In(l))
		}
	}
	fmt.Fprintf(w, "\n%s\n", msg.T(m.lang, "cli.plan.dispensation"))
	for _, d := range a.Dispensations {
		fmt.Fprintf(w, "  %s: %s\n", d.Label.In(l), planOutcome[d.Outcome].In(l))
		for _, c := range d.Conditions {
			fmt.Fprintf(w, "    %s %s: %s\n", c.ID, planOutcome[c.Outcome].In(l), c.Explanation.In(l))
		}
	}
	if len(a.Rehousing) > 0 {
		fmt.Fprintf(w, "\n%s\n", msg.T(m.lang, "cli.plan.rehousing"))
		for _, r := range a.Rehousing {
			fmt.Fprintf(w, "  - %s\n", r.Explanation.In(l))
		}
	}
	if v != nil {
		// A stored plan is assessed with its area's list history.
		fmt.Fprintf(w, "\n%s\n", a.Obligation.Explanation.In(l))
	}
	return nil
}

var planOutcome = map[plan.Outcome]blandby.Text{
	plan.Met:     msg.Text("common.met"),
	plan.NotMet:  msg.Text("common.not_met"),
	plan.Unknown: msg.Text("common.unknown"),
}
