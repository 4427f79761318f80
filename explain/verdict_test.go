package explain

import (
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/law"
)

// flat writes one list's verdict as a line of text: status, reasons,
// change and ways, each criterion as "ID: text".
func flat(l ListVerdict) string {
	var b strings.Builder
	b.WriteString(l.Name + ": " + l.Status + ".")
	clauses := func(cs []Clause) {
		for _, c := range cs {
			b.WriteString(" " + c.Text)
			for _, it := range c.Items {
				b.WriteString(" [" + it.ID + ": " + it.Text + "]")
			}
		}
	}
	clauses(l.Reasons)
	if l.Change != "" {
		b.WriteString(" " + l.Change)
	}
	clauses(l.Ways)
	return b.String()
}

func verdictList(t *testing.T, v Verdict, c blandby.Category) string {
	t.Helper()
	for _, l := range v.Lists {
		if l.Category == c {
			return flat(l)
		}
	}
	t.Fatalf("no %s in the verdict", c)
	return ""
}

// TestVerdictMargins reads the verdict of the 2021 rules (ABL § 61 a and
// § 61 b as worded from 30 November 2021) at the edges of the statute's
// words, a value exactly on the threshold and one person either side:
// "overstiger 40 pct." is not met at exactly 40 %, "mindst tre gange
// landsgennemsnittet" is met at exactly 3 ×, "mindre end 55 pct." is not
// met at exactly 55 %; "mindst to af følgende kriterier" means that an
// area with two met leaves when one stops, and with three when two stop.
func TestVerdictMargins(t *testing.T) {
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := cat.ByID("2021-11-30")
	if err != nil {
		t.Fatal(err)
	}
	share := func(n int64) blandby.Measure { // n per 1,000 of a population of 1,000
		return blandby.Measure{Value: blandby.NewRatio(n, 1000), Known: true, Base: 1000}
	}
	national := blandby.Measure{Value: blandby.NewRatio(1, 100), Known: true}
	income := func(pct int64) blandby.Measure { return blandby.KnownMeasure(blandby.NewRatio(pct, 100)) }
	// An area on the udsat list by U1 and U3 only: 401 of 1,000 aged
	// 18–64 outside work and education, 601 of 1,000 aged 30–59 with only
	// basic schooling.
	udsatU1U3 := blandby.Indicators{OutsideLabour: share(401), BasicEducation: share(601), Convicted: share(10), NationalConvicted: national, Income: income(80), NonWestern: share(200)}
	with := func(ind blandby.Indicators, f func(*blandby.Indicators)) blandby.Indicators { f(&ind); return ind }
	tests := []struct {
		name    string
		ind     blandby.Indicators
		history *blandby.History
		lang    blandby.Lang
		list    blandby.Category
		want    []string
		not     []string
	}{
		{name: "U1 one person above 40 %: one more in work takes it off", ind: udsatU1U3, list: blandby.Udsat,
			want: []string{"udsat boligområde: på listen.", "2 af de 4 kriterier er opfyldt; der kræves mindst 2.",
				"Forlader listen, hvis ét af disse kriterier ikke længere var opfyldt:",
				"[U1: hvis 1 beboer mere på 18–64 år var i arbejde eller uddannelse (i hvert af de 2 år, gennemsnittet dækker)]",
				"[U3: hvis 1 beboer mere på 30–59 år havde en uddannelse ud over grundskolen]"}},
		{name: "U1 exactly 40 % is not over 40 %: one more outside puts it on", list: blandby.Udsat,
			ind: with(udsatU1U3, func(i *blandby.Indicators) { i.OutsideLabour = share(400) }),
			want: []string{"ikke på listen.", "1 af de 4 kriterier er opfyldt; der kræves mindst 2.",
				"Kommer på listen, hvis ét af disse kriterier også var opfyldt:",
				"[U1: hvis 1 beboer mere på 18–64 år var uden tilknytning til arbejdsmarked og uddannelse (i hvert af de 2 år, gennemsnittet dækker)]"}},
		{name: "U1 one person under 40 %: two more", list: blandby.Udsat,
			ind:  with(udsatU1U3, func(i *blandby.Indicators) { i.OutsideLabour = share(399) }),
			want: []string{"[U1: hvis 2 flere af beboerne på 18–64 år var uden tilknytning til arbejdsmarked og uddannelse"}},
		{name: "U2 exactly 3 × is at least 3 ×: one fewer convicted takes it off", list: blandby.Udsat,
			ind:  with(udsatU1U3, func(i *blandby.Indicators) { i.Convicted = share(30); i.BasicEducation = share(500) }),
			want: []string{"på listen.", "[U2: hvis 1 beboer færre på 18 år og derover var dømt (i hvert af de 2 år, gennemsnittet dækker)]"}},
		{name: "U2 one person under 3 ×: one more convicted", list: blandby.Udsat,
			ind:  with(udsatU1U3, func(i *blandby.Indicators) { i.Convicted = share(29); i.BasicEducation = share(500) }),
			want: []string{"ikke på listen.", "[U2: hvis 1 beboer mere på 18 år og derover var dømt"}},
		{name: "U2 one person over 3 ×: two fewer", list: blandby.Udsat,
			ind:  with(udsatU1U3, func(i *blandby.Indicators) { i.Convicted = share(31); i.BasicEducation = share(500) }),
			want: []string{"[U2: hvis 2 færre af beboerne på 18 år og derover var dømt"}},
		{name: "U4 exactly 55 % is not less than 55 %", list: blandby.Udsat,
			ind:  with(udsatU1U3, func(i *blandby.Indicators) { i.Income = income(55); i.BasicEducation = share(500) }),
			want: []string{"[U4: hvis indkomsten var under 55,00 % af regionens gennemsnit (i dag 55,00 %)]"}},
		{name: "three of four met: two must stop", list: blandby.Udsat,
			ind:  with(udsatU1U3, func(i *blandby.Indicators) { i.Income = income(54) }),
			want: []string{"3 af de 4 kriterier er opfyldt", "Forlader listen, hvis 2 af disse 3 kriterier ikke længere var opfyldt:", "[U4: hvis indkomsten var mindst 55,00 % af regionens gennemsnit (i dag 54,00 %)]"},
			not:  []string{"ét af disse"}},
		{name: "parallelsamfund: one non-Western resident over 50 %", list: blandby.Parallelsamfund,
			ind: with(udsatU1U3, func(i *blandby.Indicators) { i.NonWestern = share(501) }),
			want: []string{"parallelsamfund: på listen.", "Området er et udsat boligområde.", "P1 er opfyldt:",
				"Forlader listen, hvis P1 ikke længere var opfyldt: [P1: hvis 1 beboer færre var indvandrer eller efterkommer fra et ikke-vestligt land]",
				"eller hvis det ikke længere var et udsat boligområde (se ovenfor)"}},
		{name: "parallelsamfund: exactly 50 % is not over 50 %", list: blandby.Parallelsamfund,
			ind:  with(udsatU1U3, func(i *blandby.Indicators) { i.NonWestern = share(500) }),
			want: []string{"parallelsamfund: ikke på listen.", "P1 er ikke opfyldt:", "Kommer på listen, hvis P1 var opfyldt: [P1: hvis 1 beboer mere var indvandrer eller efterkommer fra et ikke-vestligt land]"}},
		{name: "parallelsamfund: P1 met, but not udsat", list: blandby.Parallelsamfund,
			ind:  with(udsatU1U3, func(i *blandby.Indicators) { i.NonWestern = share(600); i.OutsideLabour = share(400) }),
			want: []string{"parallelsamfund: ikke på listen.", "Området er ikke et udsat boligområde.", "Kommer på listen, hvis det blev et udsat boligområde (se ovenfor)"},
			not:  []string{"P1 var opfyldt"}},
		// F1 350 of 1,000: 50 more in work bring it to exactly 30 %, which
		// is not over 30 %; F0 400 of 1,000: 100 fewer, likewise.
		{name: "forebyggelse: F2 exactly 2 × is at least 2 ×", list: blandby.Forebyggelse,
			ind: blandby.Indicators{OutsideLabour: share(350), Convicted: share(20), NationalConvicted: national, BasicEducation: share(400), Income: income(80), NonWestern: share(400)},
			want: []string{"forebyggelsesområde: på listen.", "Forlader listen, hvis ét af disse kriterier ikke længere var opfyldt:",
				"[F1: hvis 50 flere af beboerne på 18–64 år var i arbejde eller uddannelse", "[F2: hvis 1 beboer færre på 18 år og derover var dømt",
				"eller hvis F0 ikke længere var opfyldt: [F0: hvis 100 færre af beboerne var indvandrere eller efterkommere fra ikke-vestlige lande]",
				"eller hvis det blev et udsat boligområde, som udelukker det fra denne liste"}},
		{name: "forebyggelse: an udsat area is excluded", list: blandby.Forebyggelse,
			ind: with(udsatU1U3, func(i *blandby.Indicators) { i.NonWestern = share(400) }),
			want: []string{"forebyggelsesområde: udelukket.", "Området er udelukket fra listen, fordi det er et udsat boligområde (lovens regel for listen).",
				"Kommer på listen, hvis det ikke længere var et udsat boligområde (se ovenfor)"}},
		{name: "omdannelse: parallelsamfund the last 5 list years", list: blandby.Omdannelse,
			ind: with(udsatU1U3, func(i *blandby.Indicators) { i.NonWestern = share(600) }), history: published(2018, 2019, 2020, 2021),
			want: []string{"omdannelsesområde: på listen.", "i hvert af de seneste 5 listeår: 2018 ja, 2019 ja, 2020 ja, 2021 ja, 2022 ja.",
				"Forlader listen, hvis det ikke længere var et parallelsamfund (se ovenfor)"}},
		{name: "omdannelse: not in 2019, so 2024 at the earliest", list: blandby.Omdannelse,
			ind: with(udsatU1U3, func(i *blandby.Indicators) { i.NonWestern = share(600) }), history: published(2018, 2020, 2021),
			want: []string{"omdannelsesområde: ikke på listen.", "2019 nej",
				"Kommer på listen, hvis det fortsat var et parallelsamfund i hvert listeår til og med 2024, altså tidligst i 2024"}},
		{name: "U1 in English", list: blandby.Udsat, ind: udsatU1U3, lang: blandby.English,
			want: []string{"Would leave the list if one of these criteria were no longer met:",
				"[U1: if 1 more resident aged 18–64 were in work or education (in each of the 2 years the average covers)]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.ind.Year, tt.ind.Area.ID, tt.ind.Residents = 2022, "a", 1000
			if tt.lang == "" {
				tt.lang = blandby.Danish
			}
			out, err := classify.Classify(rs, 2022, []blandby.Indicators{tt.ind}, tt.history)
			if err != nil {
				t.Fatal(err)
			}
			got := verdictList(t, AreaVerdict(rs, &out.Results[0], tt.lang), tt.list)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("verdict lacks %q:\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("verdict has %q:\n%s", n, got)
				}
			}
		})
	}
}

// published is a history with area "a" on the parallelsamfund list in the
// given years and on no list in the other years from 2018.
func published(years ...int) *blandby.History {
	h := blandby.NewHistory()
	for y := 2018; y <= 2021; y++ {
		h.Set(y, "a", blandby.None)
	}
	for _, y := range years {
		h.Set(y, "a", blandby.Parallelsamfund)
	}
	return h
}

// TestVerdictSummary: the first sentence names the lists as that year's
// law named them, and an area of 999 residents is one resident short of
// every list (ABL § 61 a, stk. 3: "mindst 1.000 beboere").
func TestVerdictSummary(t *testing.T) {
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	share := func(n int64) blandby.Measure {
		return blandby.Measure{Value: blandby.NewRatio(n, 1000), Known: true, Base: 1000}
	}
	rs14, _ := cat.ByID("2014-02-01")
	ind := blandby.Indicators{Year: 2015, Area: blandby.Area{ID: "a", Name: "Gellerup"}, Residents: 5000,
		NonWestern: share(806), OutsideLabour: share(519), Convicted: share(44), BasicEducation: share(600), Income: blandby.KnownMeasure(blandby.NewRatio(40, 100))}
	out, err := classify.Classify(rs14, 2015, []blandby.Indicators{ind}, nil)
	if err != nil {
		t.Fatal(err)
	}
	v := AreaVerdict(rs14, &out.Results[0], blandby.Danish)
	if want := "På listen for 2015 står Gellerup som ghettoområde (i dag: parallelsamfund)."; v.Summary != want {
		t.Errorf("summary %q, want %q", v.Summary, want)
	}
	rs, _ := cat.ByID("2021-11-30")
	small := blandby.Indicators{Year: 2022, Area: blandby.Area{ID: "a", Name: "Lille"}, Residents: 999, OutsideLabour: share(900), BasicEducation: share(900)}
	out, err = classify.Classify(rs, 2022, []blandby.Indicators{small}, nil)
	if err != nil {
		t.Fatal(err)
	}
	v = AreaVerdict(rs, &out.Results[0], blandby.Danish)
	for _, c := range []struct{ name, got, want string }{
		{"summary", v.Summary, "Lille står ikke på nogen liste for 2022."},
		{"size", v.Size, "Området har 999 beboere; alle lister kræver mindst 1.000 beboere (ABL § 61 a, stk. 3), så det står ikke på nogen liste. Der mangler 1 beboer."},
		{"udsat", verdictList(t, v, blandby.Udsat), "udsat boligområde: ikke på listen. For få beboere: listen kræver mindst 1.000 beboere. 2 af de 4 kriterier er opfyldt; der kræves mindst 2. [U1: værdi 90,00 %; grænse: overstiger 40,00 %] [U3: værdi 90,00 %; grænse: overstiger 60,00 %] Kommer på listen, hvis området havde 1 beboer mere"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	// The 2018 act's hårdt ghettoområde took 4 years, but its
	// transitional rule took 5 for the lists of 2018–2020.
	rs18, _ := cat.ByID("2018-12-01")
	out, err = classify.Classify(rs18, 2019, []blandby.Indicators{{Year: 2019, Area: blandby.Area{ID: "a"}, Residents: 1000}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := verdictList(t, AreaVerdict(rs18, &out.Results[0], blandby.Danish), blandby.Omdannelse), "i hvert af de seneste 5 listeår: 2015 nej, 2016 nej, 2017 nej, 2018 nej, 2019 nej. 5 år efter overgangsreglen"; !strings.Contains(got, want) {
		t.Errorf("2019 hårdt ghettoområde: %q lacks %q", got, want)
	}
	p := PublishedVerdict(rs, "Mjølnerparken", 2022, blandby.Omdannelse, blandby.Danish)
	if want := "På listerne for 2022 står Mjølnerparken som udsat boligområde, parallelsamfund og omdannelsesområde. For 2022 er kun listen offentliggjort, ikke områdets værdier, så kriterierne kan ikke vises."; p.Summary != want {
		t.Errorf("published summary %q, want %q", p.Summary, want)
	}
}

// TestExcludedCriteria: an udsat area's forebyggelse criteria do not count,
// since the forebyggelse list leaves out areas on the udsat list
// (forebyggelse_excludes_udsat in the 2021 rule set); its udsat criteria
// do.
func TestExcludedCriteria(t *testing.T) {
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	rs, _ := cat.ByID("2021-11-30")
	share := func(n int64) blandby.Measure {
		return blandby.Measure{Value: blandby.NewRatio(n, 1000), Known: true, Base: 1000}
	}
	ind := blandby.Indicators{Year: 2022, Area: blandby.Area{ID: "a"}, Residents: 1000, OutsideLabour: share(450), BasicEducation: share(650), NonWestern: share(400)}
	out, err := classify.Classify(rs, 2022, []blandby.Indicators{ind}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ex := ExcludedCriteria(rs, &out.Results[0], blandby.Danish)
	for _, id := range []string{"F0", "F1", "F2", "F3", "F4"} {
		if want := "Tæller ikke: området er udelukket som forebyggelsesområde, fordi det er et udsat boligområde."; ex[id] != want {
			t.Errorf("%s: %q, want %q", id, ex[id], want)
		}
	}
	for _, id := range []string{"U1", "U2", "U3", "U4", "P1"} {
		if ex[id] != "" {
			t.Errorf("%s is said not to count: %q", id, ex[id])
		}
	}
	ind.OutsideLabour = share(350) // U1 no longer met: not udsat, so forebyggelse counts
	out, _ = classify.Classify(rs, 2022, []blandby.Indicators{ind}, nil)
	if ex := ExcludedCriteria(rs, &out.Results[0], blandby.Danish); len(ex) != 0 {
		t.Errorf("a forebyggelse area's criteria are said not to count: %v", ex)
	}
}

// TestVerdictOldLaws: the ghetto criteria of 2010 ("overstiger 2,7 pct."
// of residents 18 and over convicted, a 4-year average) and U3 of 2021
// ("overstiger 60 pct." with only basic schooling), exactly on the
// threshold and one person either side.
func TestVerdictOldLaws(t *testing.T) {
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	per := func(n, base int64) blandby.Measure {
		return blandby.Measure{Value: blandby.NewRatio(n, base), Known: true, Base: base}
	}
	for _, tt := range []struct {
		name, ruleSet string
		year          int
		ind           blandby.Indicators
		want          string
	}{
		// G1 and G2 met: the ghetto list by 2 of 3. G3 at exactly 270
		// of 10,000 is not over 2,70 %.
		{"G3 exactly 2,70 %", "2010-10-26", 2010,
			blandby.Indicators{NonWestern: per(600, 1000), OutsideLabour: per(500, 1000), Convicted: per(270, 10000)},
			"2 af de 3 kriterier er opfyldt; der kræves mindst 2. [G1: værdi 60,00 %; grænse: overstiger 50,00 %] [G2: værdi 50,00 %; grænse: overstiger 40,00 %] Forlader"},
		{"G3 one over 2,70 % is the third criterion met", "2010-10-26", 2010,
			blandby.Indicators{NonWestern: per(600, 1000), OutsideLabour: per(400, 1000), Convicted: per(271, 10000)},
			"[G3: hvis 1 beboer færre på 18 år og derover var dømt (i hvert af de 4 år, gennemsnittet dækker)]"},
		{"G3 one under 2,70 %", "2010-10-26", 2010,
			blandby.Indicators{NonWestern: per(600, 1000), OutsideLabour: per(400, 1000), Convicted: per(269, 10000)},
			"[G3: hvis 2 flere af beboerne på 18 år og derover var dømt (i hvert af de 4 år, gennemsnittet dækker)]"},
		{"U3 exactly 60 %", "2021-11-30", 2022,
			blandby.Indicators{OutsideLabour: per(500, 1000), BasicEducation: per(600, 1000)},
			"[U3: hvis 1 beboer mere på 30–59 år alene havde grundskole]"},
		{"U3 one over 60 %", "2021-11-30", 2022,
			blandby.Indicators{OutsideLabour: per(500, 1000), BasicEducation: per(601, 1000)},
			"[U3: hvis 1 beboer mere på 30–59 år havde en uddannelse ud over grundskolen]"},
		{"U3 one under 60 %", "2021-11-30", 2022,
			blandby.Indicators{OutsideLabour: per(500, 1000), BasicEducation: per(599, 1000)},
			"[U3: hvis 2 flere af beboerne på 30–59 år alene havde grundskole]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := cat.ByID(tt.ruleSet)
			if err != nil {
				t.Fatal(err)
			}
			tt.ind.Year, tt.ind.Area.ID, tt.ind.Residents = tt.year, "a", 1000
			out, err := classify.Classify(rs, tt.year, []blandby.Indicators{tt.ind}, nil)
			if err != nil {
				t.Fatal(err)
			}
			list := blandby.Udsat
			if tt.ruleSet == "2010-10-26" {
				list = blandby.Parallelsamfund
			}
			if got := verdictList(t, AreaVerdict(rs, &out.Results[0], blandby.Danish), list); !strings.Contains(got, tt.want) {
				t.Errorf("verdict lacks %q:\n%s", tt.want, got)
			}
		})
	}
}
