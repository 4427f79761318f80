package main

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
)

func (m *Main) publicationsCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "publications",
		Short: msg.T(m.lang, "cli.publications.short"),
		Long:  msg.T(m.lang, "cli.publications.long"),
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
				fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Year, p.Revision, p.Kind, p.RuleSet,
					p.PublishedAt.Format(time.RFC3339), p.PublishedBy, comp, p.ContentSHA256[:min(12, len(p.ContentSHA256))], p.Reason,
					listCounts(m.lang, p.Counts))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			return emit(cmd, &buf)
		},
	}
}

// listCounts says per list how many areas were published ("?" when not
// known) and how many the entries name, such as "parallelsamfund 25
// published, 15 named"; "–" when the publication records no counts (a
// computed list names every area it has).
func listCounts(lang blandby.Lang, cs []store.ListCount) string {
	if len(cs) == 0 {
		return "–"
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		published := "?"
		if c.Known {
			published = strconv.Itoa(c.Published)
		}
		parts[i] = msg.T(lang, "cli.publications.count", c.Category, published, c.Named)
	}
	return strings.Join(parts, "; ")
}
