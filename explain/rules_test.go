package explain

import (
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
)

// TestRuleSetPublication: the rules page says when each list of a rule set
// was published (docs/law/lists.md): the early lists on their own days,
// assumed days marked so; later lists on 1 December; and the list of
// 1 February 2014, which blandby does not hold, named as such.
func TestRuleSetPublication(t *testing.T) {
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id   string
		lang blandby.Lang
		want []string
	}{
		{"2010-10-26", blandby.Danish, []string{"2010: 26. oktober 2010;", "2011: 1. oktober 2011 (antagelse)", "2012: 1. oktober 2012;"}},
		{"2010-10-26", blandby.English, []string{"2010: 26 October 2010;", "2013: 1 October 2013 (assumption)"}},
		{"2014-02-01", blandby.Danish, []string{"hvert år den 1. december", "Ikke i blandby: den første liste efter de fem kriterier, offentliggjort 1. februar 2014"}},
		{"2014-02-01", blandby.English, []string{"every year on 1 December", "Not in blandby: the first list under the five criteria, published 1 February 2014"}},
		{"2021-11-30", blandby.Danish, []string{"hvert år den 1. december"}},
	}
	for _, tt := range tests {
		rs, err := cat.ByID(tt.id)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := RuleSet(&b, rs, tt.lang); err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s (%s) lacks %q", tt.id, tt.lang, w)
			}
		}
		if tt.id == "2021-11-30" && strings.Contains(b.String(), "Ikke i blandby") {
			t.Errorf("%s names a list blandby does not hold", tt.id)
		}
	}
}
