package main

import (
	"bytes"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/official"
)

func (m *Main) demoCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Run the classifier on the bundled first official list (2010)",
		Long: `Run the 2010 rule set on the values the ministry published for the first official list
(26 October 2010, 29 areas) and check the result against the published list. Later versions
make this the full demo on a synthetic Denmark.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			set, err := indicator.Read(bytes.NewReader(official.Areas2010), official.Areas2010File)
			if err != nil {
				return fmt.Errorf("bundled data: %w", err)
			}
			const year = 2010
			cat, err := m.rulesCatalog()
			if err != nil {
				return err
			}
			rs, err := cat.ForListYear(year)
			if err != nil {
				return err
			}
			out, err := classify.Classify(rs, year, set.Year(year), set.Published)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := explain.Lists(&buf, out, false, m.lang); err != nil {
				return err
			}
			agree, published := compareWithPublished(out, set.Published)
			fmt.Fprintf(&buf, "\n%s\n", demoSummary(m.lang, rs, agree, published))
			return emit(cmd, &buf)
		},
	}
}

// compareWithPublished counts the areas whose computed list status equals the
// published one, and the areas on the published list.
func compareWithPublished(o *classify.Outcome, published *blandby.History) (agree, onPublished int) {
	for i := range o.Results {
		r := &o.Results[i]
		c, _ := published.Category(o.Year, r.Area.ID)
		if c != blandby.None {
			onPublished++
		}
		if c == r.Category {
			agree++
		}
	}
	return agree, onPublished
}

func demoSummary(lang blandby.Lang, rs *law.RuleSet, agree, published int) string {
	if lang == blandby.English {
		return fmt.Sprintf("Published list of 2010: %d areas. blandby under rule set %s agrees on %d of them.\n"+
			"Try: blandby explain --indicators official/areas_2010.csv --year 2010 --area mjoelnerparken --lang en", published, rs.ID, agree)
	}
	return fmt.Sprintf("Den offentliggjorte liste for 2010: %d områder. blandby efter regelsæt %s er enig om %d af dem.\n"+
		"Prøv: blandby explain --indicators official/areas_2010.csv --year 2010 --area mjoelnerparken", published, rs.ID, agree)
}
