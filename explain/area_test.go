package explain

import (
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/law"
)

// TestAreaWordsAtThresholds reads an explanation the way a reader does at
// the edges: a value exactly on a threshold is "på grænsen", not "0,00
// procentpoint over"; one person is "1 person", not "1 flere personer"; a
// multiple just under 3 never reads as "3,00 ×"; a distance that is not
// zero never reads as "0,00"; an area of exactly 1,000 residents is exactly
// at the minimum.
func TestAreaWordsAtThresholds(t *testing.T) {
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := cat.ByID("2021-11-30")
	if err != nil {
		t.Fatal(err)
	}
	known := func(v blandby.Ratio, base int64) blandby.Measure {
		return blandby.Measure{Value: v, Known: true, Base: base}
	}
	tests := []struct {
		name      string
		ind       blandby.Indicators
		lang      blandby.Lang
		want, not []string
	}{
		{name: "U1 exactly 40 % (overstiger: not met)", lang: blandby.Danish,
			ind:  blandby.Indicators{OutsideLabour: known(blandby.NewRatio(400, 1000), 1000)},
			want: []string{"margin: på grænsen; 1 person mere ville bringe det over grænsen"},
			not:  []string{" 0,00 procentpoint", "1 flere personer"}},
		{name: "U1 exactly 40 %, English", lang: blandby.English,
			ind:  blandby.Indicators{OutsideLabour: known(blandby.NewRatio(400, 1000), 1000)},
			want: []string{"margin: on the threshold; 1 more person would take it above the threshold"}},
		{name: "U1 38 %: 21 more", lang: blandby.Danish,
			ind:  blandby.Indicators{OutsideLabour: known(blandby.NewRatio(38, 100), 1000)},
			want: []string{"2,00 procentpoint under grænsen; 21 personer mere ville bringe det over grænsen"}},
		{name: "U1 40.004 %: the distance shows", lang: blandby.Danish,
			ind:  blandby.Indicators{OutsideLabour: known(blandby.NewRatio(40004, 100000), 100000)},
			want: []string{" 0,004 procentpoint over grænsen"}, not: []string{" 0,00 procentpoint"}},
		{name: "U2 exactly 3 × (mindst: met)", lang: blandby.Danish,
			ind: blandby.Indicators{Convicted: known(blandby.NewRatio(30, 1000), 1000),
				NationalConvicted: known(blandby.NewRatio(1, 100), 0)},
			want: []string{"grænse: udgør mindst 3 × landsgennemsnittet", "margin: på grænsen; landsgennemsnittet: på grænsen; 1 person færre ville bringe det under grænsen"}},
		{name: "U2 2.9998 × is not 3,00 ×", lang: blandby.Danish,
			ind:  blandby.Indicators{ConvictedMultiple: known(blandby.NewRatio(29998, 10000), 0)},
			want: []string{"værdi 2,9998 × landsgennemsnittet", "0,0002 × landsgennemsnittet under grænsen"},
			not:  []string{"3,00 ×"}},
		{name: "U2 2.9998 ×, English", lang: blandby.English,
			ind:  blandby.Indicators{ConvictedMultiple: known(blandby.NewRatio(29998, 10000), 0)},
			want: []string{"value 2.9998× the national share", "threshold: is at least 3× the national share"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.ind.Year, tt.ind.Area.ID, tt.ind.Residents = 2022, "a", 1000
			out, err := classify.Classify(rs, 2022, []blandby.Indicators{tt.ind}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			if err := Area(&b, out, &out.Results[0], cat, tt.lang); err != nil {
				t.Fatal(err)
			}
			text := b.String()
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("explanation lacks %q:\n%s", w, text)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(text, n) {
					t.Errorf("explanation has %q:\n%s", n, text)
				}
			}
		})
	}
	t.Run("exactly 1,000 residents", func(t *testing.T) {
		ind := blandby.Indicators{Year: 2022, Area: blandby.Area{ID: "a"}, Residents: 1000}
		out, err := classify.Classify(rs, 2022, []blandby.Indicators{ind}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := Area(&b, out, &out.Results[0], cat, blandby.Danish); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "mindst 1.000 beboere: opfyldt (præcis på grænsen)") {
			t.Errorf("size line:\n%s", b.String())
		}
	})
}

func TestPersons(t *testing.T) {
	for _, tt := range []struct {
		n      int64
		da, en string
	}{{1, "1 person", "1 person"}, {2, "2 personer", "2 persons"}, {1500, "1.500 personer", "1,500 persons"}} {
		if got := Persons(tt.n, blandby.Danish); got != tt.da {
			t.Errorf("Persons(%d, da) = %q, want %q", tt.n, got, tt.da)
		}
		if got := Persons(tt.n, blandby.English); got != tt.en {
			t.Errorf("Persons(%d, en) = %q, want %q", tt.n, got, tt.en)
		}
	}
}

// TestNamesOfTheTime: under the rules of 2018-2020 the lists were
// ghettoområde and hårdt ghettoområde (lov nr. 2157 af 27/11/2021, § 1, nr.
// 1 renamed them from 30 November 2021); the rules page and an
// explanation of a 2019 list name them so, in both languages, and the
// rules of 2021 name them parallelsamfund and omdannelsesområde.
func TestNamesOfTheTime(t *testing.T) {
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		id       string
		want     []string
		dontWant string
	}{
		{"2018-12-01", []string{"hårdt ghettoområde (i dag: omdannelsesområde): på listen ghettoområde i hvert af de seneste 4 listeår", "ghettoområde (i dag: parallelsamfund): på listen udsat boligområde"}, "på listen parallelsamfund"},
		{"2021-11-30", []string{"omdannelsesområde: på listen parallelsamfund i hvert af de seneste 5 listeår"}, "på listen ghettoområde"},
	} {
		rs, err := cat.ByID(tt.id)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := RuleSet(&b, rs, blandby.Danish); err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s: rules lack %q:\n%s", tt.id, w, b.String())
			}
		}
		if strings.Contains(b.String(), tt.dontWant) {
			t.Errorf("%s: rules say %q", tt.id, tt.dontWant)
		}
	}
	rs, _ := cat.ByID("2018-12-01")
	ind := blandby.Indicators{Year: 2019, Area: blandby.Area{ID: "a"}, Residents: 1500}
	out, err := classify.Classify(rs, 2019, []blandby.Indicators{ind}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []blandby.Lang{blandby.Danish, blandby.English} {
		var b strings.Builder
		if err := Area(&b, out, &out.Results[0], cat, lang); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "ghettoområde") || strings.Contains(b.String(), "listen parallelsamfund") || strings.Contains(b.String(), "the parallelsamfund list") {
			t.Errorf("%s: a 2019 explanation names the lists by today's names:\n%s", lang, b.String())
		}
	}
}
