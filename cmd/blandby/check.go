package main

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

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
		Short: "Check the integrity of every published list and recompute it from its recorded inputs",
		Long: `Check every revision of every published list: its content hash, its rule set, its entries
against the computation it was published from, the history that computation read, and a
recomputation of the lists from the recorded indicators, history and rule set, which must give
byte-identical explanations. --inputs also re-hashes the recorded input files still in place.
It also reads every text stored (names, sources, authors, audit details, …) and names the
table, row and column of each value that is not valid UTF-8 (which SQLite can hold when
another program wrote it). Exits with status 1 when it finds a problem.`,
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
				fmt.Fprintf(&buf, "audit trail: %d entries, chain intact (last entry %d, hash %.12s)\n", a.Entries, a.LastSeq, a.LastHash)
				fmt.Fprintf(&buf, "audit anchor to keep elsewhere: %d:%s\n", a.LastSeq, a.LastHash)
			} else {
				fmt.Fprintf(&buf, "audit trail: PROBLEM: entry %d: %s: %s\n", a.BrokenSeq, a.Problem, a.Detail)
			}
			for _, v := range rep.InvalidText {
				fmt.Fprintf(&buf, "stored text: PROBLEM: table %s, row %s, column %s: not valid UTF-8: %s\n", v.Table, v.Row, v.Column, v.Value)
			}
			if len(rep.InvalidText) == 0 {
				fmt.Fprintln(&buf, "stored text: all valid UTF-8")
			}
			problems := rep.Problems()
			if anchor != "" {
				msg, err := checkAuditAnchor(cmd.Context(), st, anchor)
				if err != nil {
					return err
				}
				if msg != "" {
					fmt.Fprintf(&buf, "audit trail: PROBLEM: %s\n", msg)
					problems++
				} else {
					fmt.Fprintf(&buf, "audit trail: anchor %.24s… found unchanged\n", anchor)
				}
			}
			fmt.Fprintf(&buf, "%d publications checked, %d problems\n", len(rep.Checked), problems)
			if err := emit(cmd, &buf); err != nil {
				return err
			}
			if problems > 0 {
				return fmt.Errorf("check found %d problems", problems)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&inputs, "inputs", false, "re-hash the recorded input files that are still in place")
	cmd.Flags().StringVar(&anchor, "audit-anchor", "", "SEQ:HASH of an audit entry printed by an earlier check and kept elsewhere: the trail must still hold it (shows entries cut off its end)")
	return cmd
}

// checkAuditAnchor looks for the audit entry an anchor "SEQ:HASH" names; it
// returns what is wrong ("" when the entry is there with that hash).
func checkAuditAnchor(ctx context.Context, st store.Store, anchor string) (string, error) {
	seqText, hash, ok := strings.Cut(anchor, ":")
	seq, err := strconv.ParseInt(seqText, 10, 64)
	if !ok || err != nil || seq < 1 || len(hash) != 64 {
		return "", usageError{command: "check", err: fmt.Errorf("--audit-anchor %q: expected SEQ:HASH as check prints it (a positive entry number, a colon and 64 hex digits)", anchor)}
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
