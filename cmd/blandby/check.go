package main

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/record"
	"github.com/blandby/blandby/store"
)

func (m *Main) checkCommand() *cobra.Command {
	var (
		inputs bool
		anchor string
	)
	cmd := &cobra.Command{
		Use:   "check",
		Short: msg.T(m.lang, "cli.check.short"),
		Long:  msg.T(m.lang, "cli.check.long"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cat, err := m.rulesCatalog()
			if err != nil {
				return err
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			rep, err := record.Check(cmd.Context(), st, cat, record.CheckOptions{Inputs: inputs})
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			for _, line := range rep.Checked {
				fmt.Fprintln(&buf, line)
			}
			for _, f := range rep.Findings {
				fmt.Fprintln(&buf, f)
			}
			if a := rep.Audit; a.OK {
				fmt.Fprintln(&buf, msg.N(m.lang, "cli.check.audit_ok", int(a.Entries), a.Entries, a.LastSeq, a.LastHash))
				fmt.Fprintln(&buf, msg.T(m.lang, "cli.check.audit_anchor", a.LastSeq, a.LastHash))
			} else {
				fmt.Fprintln(&buf, msg.T(m.lang, "cli.check.audit_broken", a.BrokenSeq, a.Problem, a.Detail))
			}
			for _, v := range rep.InvalidText {
				fmt.Fprintln(&buf, msg.T(m.lang, "cli.check.invalid_text", v.Table, v.Row, v.Column, v.Value))
			}
			if len(rep.InvalidText) == 0 {
				fmt.Fprintln(&buf, msg.T(m.lang, "cli.check.text_ok"))
			}
			problems := rep.Problems()
			if anchor != "" {
				problem, err := checkAuditAnchor(cmd.Context(), st, anchor)
				if err != nil {
					return err
				}
				if problem != "" {
					fmt.Fprintln(&buf, msg.T(m.lang, "cli.check.audit_problem", problem))
					problems++
				} else {
					fmt.Fprintln(&buf, msg.T(m.lang, "cli.check.anchor_ok", anchor))
				}
			}
			fmt.Fprintln(&buf, msg.N(m.lang, "cli.check.summary", len(rep.Checked), len(rep.Checked), msg.N(m.lang, "cli.check.problems", problems)))
			if err := emit(cmd, &buf); err != nil {
				return err
			}
			if problems > 0 {
				return blandby.Told(blandby.CodeInternal, blandby.Text{
					DA: msg.N(blandby.Danish, "cli.error.check_problems", problems),
					EN: msg.N(blandby.English, "cli.error.check_problems", problems),
				})
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&inputs, "inputs", false, msg.T(m.lang, "cli.flag.inputs"))
	cmd.Flags().StringVar(&anchor, "audit-anchor", "", msg.T(m.lang, "cli.flag.audit_anchor"))
	return cmd
}

// checkAuditAnchor looks for the audit entry an anchor "SEQ:HASH" names; it
// returns what is wrong ("" when the entry is there with that hash).
func checkAuditAnchor(ctx context.Context, st store.Store, anchor string) (string, error) {
	seqText, hash, ok := strings.Cut(anchor, ":")
	seq, err := strconv.ParseInt(seqText, 10, 64)
	if !ok || err != nil || seq < 1 || len(hash) != 64 {
		return "", usage("check", msg.Text("cli.error.audit_anchor", anchor))
	}
	es, err := st.AuditLog(ctx, seq-1, 1)
	if err != nil {
		return "", fmt.Errorf("reading audit entry %d: %w", seq, err)
	}
	switch {
	case len(es) == 0 || es[0].Seq != seq:
		return fmt.Sprintf("entry %d of the anchor is missing: entries were cut off the end of the trail", seq), nil
	case es[0].Hash != hash:
		return fmt.Sprintf("entry %d has hash %.12s…, the anchor says %.12s…: the trail was rewritten", seq, es[0].Hash, hash), nil
	}
	return "", nil
}
