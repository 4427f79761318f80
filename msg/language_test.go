package msg_test

import (
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/langscan"
	"github.com/blandby/blandby/msg"
)

// catalogueAllowed are the messages whose text holds a word of the other
// language on purpose, each with the reason.
var catalogueAllowed = map[string]string{
	"web.plan.count_demolished_dwellings_in": `quotes the law's own Danish words ("kan medtælles", § 168 a, stk. 1)`,
	"web.err.category":                       "names the values the query parameter takes (listed, none), which are codes, not words",
	"cli.error.population":                   "names the values of --population (areas, full), which are codes, not words",
	"cli.flag.population":                    "names the values of --population (areas, full), which are codes, not words",
	"cli.import.history.short":               "names the columns of the history file (year, area_id, category), which are codes, not words",
	"cli.synth.long":                         "names the values of --population (areas, full), which are codes, not words",
	"cli.lists.long":                         "names the columns of the csv output (year, area_id, …), which are codes, not words",
	"cli.demo_users.try_municipality":        "names the demo user demo-kommune-101, a user name, not a word",
}

// TestCatalogueLanguage: no Danish text of the catalogue holds a typical
// English word, and no English text a typical Danish one (legal terms,
// § references and proper names aside); catalogueAllowed lists the few
// texts that do on purpose, with the reason.
func TestCatalogueLanguage(t *testing.T) {
	for _, l := range msg.Langs {
		for _, id := range msg.IDs(l) {
			if _, ok := catalogueAllowed[id]; ok {
				continue
			}
			for _, s := range msg.Forms(l, id) {
				if w := langscan.Foreign(s, l); len(w) > 0 {
					other := "English"
					if l == blandby.English {
						other = "Danish"
					}
					t.Errorf("%s (%s): %q has %s words %v", id, l, s, other, w)
				}
			}
		}
	}
	for id := range catalogueAllowed {
		if len(msg.Forms(blandby.Danish, id)) == 0 {
			t.Errorf("catalogueAllowed: no message %q", id)
		}
	}
}
