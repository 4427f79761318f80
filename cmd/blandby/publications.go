package main

import (
	"bytes"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby/msg"
)

func (m *Main) publicationsCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "publications",
		Short: "List every published list and revision in the database",
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			pubs, err := st.Publications(cmd.Context())
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, msg.T(m.lang, "cli.publications.header"))
			for _, p := range pubs {
				comp := "–"
				if p.ComputationID != 0 {
					comp = fmt.Sprint(p.ComputationID)
				}
				fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Year, p.Revision, p.Kind, p.RuleSet,
					p.PublishedAt.Format(time.RFC3339), p.PublishedBy, comp, p.ContentSHA256[:min(12, len(p.ContentSHA256))], p.Reason)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			return emit(cmd, &buf)
		},
	}
}
