package plan

import (
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/blandby/blandby/law"

	"github.com/blandby/blandby"
)

func rules(t *testing.T) *Rules {
	t.Helper()
	r, err := law.InForce(Embedded, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func i64(n int64) *int64 { return &n }
func yes(b bool) *bool   { return &b }

func TestEmbeddedRules(t *testing.T) {
	r := rules(t)
	if r.ID != "2018-12-01" {
		t.Errorf("rule set %s", r.ID)
	}
	if r.Goal.Threshold.Cmp(blandby.NewRatio(2, 5)) != 0 || r.Goal.Operator != "<=" {
		t.Errorf("goal %s %s, want <= 2/5", r.Goal.Operator, r.Goal.Threshold)
	}
	if got := r.Goal.LastActionYear(); got != 2029 {
		t.Errorf("last action year %d, want 2029", got)
	}
	if r.Counting.BusinessM2PerDwelling != 75 || r.Counting.BusinessRounding != RoundDown {
		t.Errorf("counting %+v", r.Counting)
	}
	if _, err := law.InForce(Embedded, time.Date(2018, 11, 30, 0, 0, 0, 0, time.UTC)); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("rules before 2018-12-01: %v", err)
	}
}

// TestProjectionHandComputed holds the acceptance cases; the arithmetic is
// in the comments. The goal is "at most 40 %" by 2030-01-01.
func TestProjectionHandComputed(t *testing.T) {
	r := rules(t)
	tests := []struct {
		name    string
		plan    Plan
		share   blandby.Ratio // as of 2030-01-01
		onTrack bool
		reached int
		gap     int64
	}{
		{
			// 75 m² rule: 402 / (1000 + floor(374/75) = 4) = 402/1004 > 40 %.
			name:  "75 m2 rule, 374 m2 is 4 dwellings",
			plan:  Plan{AreaID: "a", BaseYear: 2024, Stock: Stock{PublicFamily: 402, OwnerOccupied: 598, BusinessM2: 374}},
			share: blandby.NewRatio(402, 1004), gap: 1, // (402-1)/1004 = 401/1004 <= 2/5 (401.6)
		},
		{
			// 374 + 1 = 375 m² = exactly 5 dwellings: 402/1005 = 2/5, on the
			// threshold, which "at most" meets.
			name:  "75 m2 rule, 375 m2 is 5 dwellings",
			plan:  Plan{AreaID: "a", BaseYear: 2024, Stock: Stock{PublicFamily: 402, OwnerOccupied: 598, BusinessM2: 374}, Actions: []Action{{Year: 2026, Kind: BuildBusiness, BusinessM2: 1}}},
			share: blandby.NewRatio(2, 5), onTrack: true, reached: 2026,
		},
		{
			// § 168 a, stk. 1, 3. pkt.: demolished dwellings "kan
			// medtælles". The plan counts them: 500 family of 1000, demolish
			// 100: 400 / (900 dwellings + 100 demolished not replaced) =
			// 400/1000 = 40 %.
			name:  "demolished not replaced counted, by the plan's choice",
			plan:  Plan{AreaID: "a", BaseYear: 2024, CountDemolished: true, Stock: Stock{PublicFamily: 500, PrivateRental: 500}, Actions: []Action{{Year: 2025, Kind: Demolish, Dwellings: 100}}},
			share: blandby.NewRatio(2, 5), onTrack: true, reached: 2025,
		},
		{
			// The same plan not counting them: 400/900 = 44.4 %; selling n
			// keeps 900 dwellings: (400-n)/900 <= 2/5 from n = 40.
			name:  "demolished not counted, by the plan's choice",
			plan:  Plan{AreaID: "a", BaseYear: 2024, Stock: Stock{PublicFamily: 500, PrivateRental: 500}, Actions: []Action{{Year: 2025, Kind: Demolish, Dwellings: 100}}},
			share: blandby.NewRatio(4, 9), gap: 40,
		},
		{
			// Demolished before the base year, counted: 400 / (900 + 100) =
			// 40 %. Rebuilding 10 public family dwellings that replace 10 of
			// them ("som ikke er erstattet af andre almene familieboliger"):
			// 410 / (910 + 90) = 41 %; the gap is 10: (410-10)/1000 = 40 %.
			name:  "replaced by public family dwellings",
			plan:  Plan{AreaID: "a", BaseYear: 2024, CountDemolished: true, Stock: Stock{PublicFamily: 400, OwnerOccupied: 500}, DemolishedNotReplaced: 100, Actions: []Action{{Year: 2027, Kind: BuildPublicFamily, Dwellings: 10, Replaces: 10}}},
			share: blandby.NewRatio(41, 100), gap: 10,
		},
		{
			// The same 10 new dwellings replacing none of them: 410 / (910 +
			// 100) = 41/101; (410-n)/1010 <= 2/5 from n = 6.
			name:  "new public family dwellings that replace none",
			plan:  Plan{AreaID: "a", BaseYear: 2024, CountDemolished: true, Stock: Stock{PublicFamily: 400, OwnerOccupied: 500}, DemolishedNotReplaced: 100, Actions: []Action{{Year: 2027, Kind: BuildPublicFamily, Dwellings: 10}}},
			share: blandby.NewRatio(41, 101), gap: 6,
		},
		{
			// Relabelling 200 of 600 family dwellings to youth housing:
			// 400 / 1000 = 40 % (youth dwellings stay in the denominator).
			name:  "relabelling to youth housing",
			plan:  Plan{AreaID: "a", BaseYear: 2024, Stock: Stock{PublicFamily: 600, Cooperative: 400}, Actions: []Action{{Year: 2028, Kind: RelabelYouth, Dwellings: 200}}},
			share: blandby.NewRatio(2, 5), onTrack: true, reached: 2028,
		},
		{
			// Relabelling only 199 to elderly housing: 401/1000 > 40 %.
			name:  "relabelling one too few",
			plan:  Plan{AreaID: "a", BaseYear: 2024, Stock: Stock{PublicFamily: 600, Cooperative: 400}, Actions: []Action{{Year: 2028, Kind: RelabelElderly, Dwellings: 199}}},
			share: blandby.NewRatio(401, 1000), gap: 1,
		},
		{
			// Sale of 300 of 700 family dwellings: 400/1000 = 40 %.
			name:  "sale",
			plan:  Plan{AreaID: "a", BaseYear: 2024, Stock: Stock{PublicFamily: 700, OwnerOccupied: 300}, Actions: []Action{{Year: 2025, Kind: Sell, Dwellings: 300, To: PrivateRental}}},
			share: blandby.NewRatio(2, 5), onTrack: true, reached: 2025,
		},
		{
			// Reaches 40 % in 2029: 1000 family of 1500 (66.7 %).
			// 2025 sell 200: 800/1500 = 53.3 %. 2027 demolish 150:
			// 650/(1350+150) = 43.3 %. 2029 build 125 private:
			// 650/(1475+150) = 650/1625 = 2/5 exactly.
			name:  "reaches 40 % in 2029",
			plan:  reach2029(125),
			share: blandby.NewRatio(2, 5), onTrack: true, reached: 2029,
		},
		{
			// Misses by one dwelling: 124 private instead of 125:
			// 650/1624 > 2/5 (2/5 × 1624 = 649.6); one more private dwelling,
			// or one fewer family dwelling (649/1624 <= 649.6), reaches it.
			name:  "misses by one dwelling",
			plan:  reach2029(124),
			share: blandby.NewRatio(650, 1624), gap: 1,
		},
		{
			// The 125 private dwellings finished in 2030 come too late.
			name: "an action in 2030 does not count",
			plan: func() Plan {
				p := reach2029(125)
				p.Actions[2].Year = 2030
				return p
			}(),
			// 650/1500
			share: blandby.NewRatio(650, 1500), gap: 50, // (650-50)/1500 = 2/5
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr, err := r.Project(&tt.plan)
			if err != nil {
				t.Fatal(err)
			}
			if pr.Final.Share.Cmp(tt.share) != 0 {
				t.Errorf("share %s, want %s", pr.Final.Share, tt.share)
			}
			if pr.Final.AsOf != time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) || pr.Final.Year != 2029 {
				t.Errorf("final row is year %d as of %s", pr.Final.Year, pr.Final.AsOf)
			}
			if pr.OnTrack != tt.onTrack || pr.ReachedYear != tt.reached || pr.Gap != tt.gap {
				t.Errorf("on track %v reached %d gap %d, want %v %d %d", pr.OnTrack, pr.ReachedYear, pr.Gap, tt.onTrack, tt.reached, tt.gap)
			}
			st, err := PlanStatus(r, &tt.plan)
			if err != nil || st.OnTrack != tt.onTrack || st.Share.Cmp(tt.share) != 0 || st.Gap != tt.gap {
				t.Errorf("status %+v, %v", st, err)
			}
			if pr.Explanation.DA == "" || !strings.Contains(pr.Explanation.EN, "ABL § 168 a") {
				t.Errorf("explanation %+v", pr.Explanation)
			}
			if tt.onTrack != (len(pr.Suggestions) == 0) {
				t.Errorf("%d suggestions", len(pr.Suggestions))
			}
		})
	}
}

func reach2029(private int64) Plan {
	return Plan{AreaID: "a", BaseYear: 2024, CountDemolished: true, Stock: Stock{PublicFamily: 1000, OwnerOccupied: 500}, Actions: []Action{
		{Year: 2025, Kind: Sell, Dwellings: 200},
		{Year: 2027, Kind: Demolish, Dwellings: 150},
		{Year: 2029, Kind: BuildPrivate, Dwellings: private},
	}}
}

func TestProjectionRows(t *testing.T) {
	r := rules(t)
	p := reach2029(125)
	pr, err := r.Project(&p)
	if err != nil {
		t.Fatal(err)
	}
	// Rows 2024..2029; shares 1000/1500, 800/1500 (2025), 800/1500,
	// 650/1500 (2027), 650/1500, 650/1625 (2029).
	want := []blandby.Ratio{
		blandby.NewRatio(1000, 1500), blandby.NewRatio(800, 1500), blandby.NewRatio(800, 1500),
		blandby.NewRatio(650, 1500), blandby.NewRatio(650, 1500), blandby.NewRatio(650, 1625),
	}
	if len(pr.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(pr.Rows), len(want))
	}
	for i, w := range want {
		row := pr.Rows[i]
		if row.Year != 2024+i || row.Share.Cmp(w) != 0 || !row.Counts {
			t.Errorf("row %d: year %d share %s counts %v, want %d %s", i, row.Year, row.Share, row.Counts, 2024+i, w)
		}
	}
	if pr.Rows[3].DemolishedNotReplaced != 150 || pr.Rows[3].Denominator != 1500 {
		t.Errorf("2027 row %+v", pr.Rows[3])
	}
	if pr.Start.Share.Cmp(blandby.NewRatio(2, 3)) != 0 || pr.Start.AsOf.Year() != 2024 {
		t.Errorf("start %+v", pr.Start)
	}
}

func TestSuggestionsMissByOne(t *testing.T) {
	r := rules(t)
	p := reach2029(124)
	pr, err := r.Project(&p)
	if err != nil {
		t.Fatal(err)
	}
	// 650/1624: one dwelling of every kind, or 75 m² of business space
	// (floor(75/75) = 1 more in the denominator: 650/1625 = 2/5).
	want := map[Kind]int64{Demolish: 1, Sell: 1, RelabelYouth: 1, BuildPrivate: 1, BuildBusiness: 75}
	if len(pr.Suggestions) != len(want) {
		t.Fatalf("%d suggestions", len(pr.Suggestions))
	}
	for _, s := range pr.Suggestions {
		if !s.Possible || s.Quantity != want[s.Kind] || s.Year != 2029 {
			t.Errorf("%s: %+v, want %d", s.Kind, s, want[s.Kind])
		}
		if !r.Goal.Operator.Holds(s.Share, r.Goal.Threshold) || s.Explanation.DA == "" || s.Explanation.EN == "" {
			t.Errorf("%s: share %s, %+v", s.Kind, s.Share, s.Explanation)
		}
	}
}

func TestSuggestionsLarger(t *testing.T) {
	r := rules(t)
	// 800 family of 1000, 100 m² business (1 dwelling): 800/1001.
	// sell n: 800-n <= 2/5 × 1001 = 400.4 → n = 400.
	// private n: 800/(1001+n) <= 2/5 → n >= 999.
	// business m: floor((100+m)/75) >= 1000 → m = 75000 - 100 = 74900.
	// demolish n, the demolished not counted: (800-n)/(1001-n) <= 2/5 →
	// 0.6 n >= 399.6 → n = 666; counted (the plan's choice): as a sale, 400.
	for _, counted := range []bool{false, true} {
		p := Plan{AreaID: "a", BaseYear: 2025, CountDemolished: counted, Stock: Stock{PublicFamily: 800, OwnerOccupied: 200, BusinessM2: 100}}
		pr, err := r.Project(&p)
		if err != nil {
			t.Fatal(err)
		}
		want := map[Kind]int64{Demolish: 666, Sell: 400, RelabelYouth: 400, BuildPrivate: 999, BuildBusiness: 74900}
		if counted {
			want[Demolish] = 400
		}
		for _, s := range pr.Suggestions {
			if s.Quantity != want[s.Kind] {
				t.Errorf("counted %v: %s: %d, want %d", counted, s.Kind, s.Quantity, want[s.Kind])
			}
		}
		if pr.Gap != 400 {
			t.Errorf("gap %d", pr.Gap)
		}
	}
}

func TestValidate(t *testing.T) {
	r := rules(t)
	tests := []struct {
		name  string
		plan  Plan
		field string
	}{
		{"no area", Plan{BaseYear: 2024, Stock: Stock{PublicFamily: 1}}, "area_id"},
		{"base year too late", Plan{AreaID: "a", BaseYear: 2030, Stock: Stock{PublicFamily: 1}}, "base_year"},
		{"base year in 2010", Plan{AreaID: "a", BaseYear: 2010, Stock: Stock{PublicFamily: 1}}, "base_year"},
		{"demolished after 2010 but before a stock of 1 January 2011", Plan{AreaID: "a", BaseYear: 2011, DemolishedNotReplaced: 5, Stock: Stock{PublicFamily: 1}}, "demolished_not_replaced"},
		{"a sale replaces nothing", Plan{AreaID: "a", BaseYear: 2024, Stock: Stock{PublicFamily: 10}, Actions: []Action{{Year: 2025, Kind: Sell, Dwellings: 5, Replaces: 5}}}, "actions[0].replaces"},
		{"replaces more than it builds", Plan{AreaID: "a", BaseYear: 2024, Stock: Stock{PublicFamily: 10}, Actions: []Action{{Year: 2025, Kind: BuildPublicFamily, Dwellings: 5, Replaces: 6}}}, "actions[0].replaces"},
		{"negative stock", Plan{AreaID: "a", BaseYear: 2024, Stock: Stock{PublicFamily: -1}}, "stock.public_family"},
		{"unknown kind", Plan{AreaID: "a", BaseYear: 2024, Stock: Stock{PublicFamily: 1}, Actions: []Action{{Year: 2025, Kind: "paint", Dwellings: 1}}}, "actions[0].kind"},
		{"action before base", Plan{AreaID: "a", BaseYear: 2024, Stock: Stock{PublicFamily: 1}, Actions: []Action{{Year: 2023, Kind: Sell, Dwellings: 1}}}, "actions[0].year"},
		{"sell too many", Plan{AreaID: "a", BaseYear: 2024, Stock: Stock{PublicFamily: 10}, Actions: []Action{{Year: 2025, Kind: Sell, Dwellings: 6}, {Year: 2026, Kind: Demolish, Dwellings: 5}}}, "actions[1].dwellings"},
		{"business without m2", Plan{AreaID: "a", BaseYear: 2024, Stock: Stock{PublicFamily: 1}, Actions: []Action{{Year: 2025, Kind: BuildBusiness}}}, "actions[0].business_m2"},
		{"tenure on relabel", Plan{AreaID: "a", BaseYear: 2024, Stock: Stock{PublicFamily: 1}, Actions: []Action{{Year: 2025, Kind: RelabelYouth, Dwellings: 1, To: OwnerOccupied}}}, "actions[0].to"},
		{"no dwellings", Plan{AreaID: "a", BaseYear: 2024}, "stock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.Project(&tt.plan)
			if err == nil || !strings.Contains(err.Error(), tt.field+":") || blandby.CodeOf(err) != blandby.CodeInvalid {
				t.Errorf("error %v, want one naming %s", err, tt.field)
			}
			// A form shows the error beside its field in the reader's
			// language.
			if field, da := blandby.Explain(err, blandby.Danish); field != tt.field || da == "" || da == err.Error() {
				t.Errorf("told in Danish as %q for field %q, want a Danish text for %s", da, field, tt.field)
			}
		})
	}
}

func TestDispensations(t *testing.T) {
	r := rules(t)
	tests := []struct {
		name   string
		facts  Facts
		d3, d4 Outcome
	}{
		{"unknown", Facts{}, Unknown, Unknown},
		{
			// 1300/10000 = 13 % > 12 %; 2099 < 2100.
			"both met", Facts{EndsOmdannelseStatus: yes(true), MunicipalParallelFamilyDwellings: i64(1300), MunicipalFamilyDwellings: i64(10000),
				NewBuildingCannotHelp: yes(true), SaleOnlyAtLoss: yes(true), Residents: i64(2099), ConvictionCriterionMet: yes(false)}, Met, Met,
		},
		{
			// 1200/10000 = 12 % exactly is not above 12 %; 2100 is not
			// fewer than 2100.
			"on the thresholds", Facts{EndsOmdannelseStatus: yes(true), MunicipalParallelFamilyDwellings: i64(1200), MunicipalFamilyDwellings: i64(10000),
				NewBuildingCannotHelp: yes(true), SaleOnlyAtLoss: yes(true), Residents: i64(2100), ConvictionCriterionMet: yes(false)}, NotMet, NotMet,
		},
		{"one no beats unknowns", Facts{SaleOnlyAtLoss: yes(false), ConvictionCriterionMet: yes(true)}, NotMet, NotMet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.CheckDispensations(&Plan{Facts: tt.facts})
			if len(got) != 2 || got[0].Outcome != tt.d3 || got[1].Outcome != tt.d4 {
				t.Fatalf("%+v, want %s %s", got, tt.d3, tt.d4)
			}
			for _, d := range got {
				for _, c := range d.Conditions {
					if c.LegalRef == "" || c.Explanation.DA == "" || c.Explanation.EN == "" {
						t.Errorf("%s: %+v", c.ID, c)
					}
				}
			}
		})
	}
}

func TestRehousing(t *testing.T) {
	r := rules(t)
	p := Plan{AreaID: "a", BaseYear: 2024, Stock: Stock{PublicFamily: 500}, Actions: []Action{
		{Year: 2025, Kind: Demolish, Dwellings: 100},                                              // 100 permanent (default)
		{Year: 2025, Kind: Demolish, Dwellings: 50, Households: i64(45)},                          // 45 permanent
		{Year: 2026, Kind: Renovate, Households: i64(40), TemporaryMonths: 12},                    // 12 months: not more than 12
		{Year: 2026, Kind: RelabelYouth, Dwellings: 30, Households: i64(30), TemporaryMonths: 13}, // may demand
		{Year: 2027, Kind: Sell, Dwellings: 10},                                                   // nobody moves
	}}
	got := r.RehousingNeeds(&p)
	want := []struct {
		hh        int64
		permanent bool
		demand    bool
	}{{100, true, false}, {45, true, false}, {40, false, false}, {30, false, true}}
	if len(got) != len(want) {
		t.Fatalf("%d rehousings: %+v", len(got), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Households != w.hh || g.Permanent != w.permanent || g.MayDemandPermanent != w.demand || g.Explanation.DA == "" {
			t.Errorf("%d: %+v, want %+v", i, g, w)
		}
	}
}

func TestObligations(t *testing.T) {
	r := rules(t)
	dec1 := func(y int) time.Time { return time.Date(y, 12, 1, 0, 0, 0, 0, time.UTC) }
	h := []ListYear{
		{2019, blandby.Omdannelse, dec1(2019)}, {2020, blandby.Omdannelse, dec1(2020)},
		{2021, blandby.Parallelsamfund, dec1(2021)}, {2022, blandby.None, dec1(2022)},
	}
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name      string
		completed bool
		asOf      time.Time
		active    bool
		onList    bool
		listYear  int
	}{
		{"before any list", false, day(2019, 6, 1), false, false, 0},
		{"on the list", false, day(2020, 12, 1), true, true, 2020},
		{"left the list, continues", false, day(2023, 6, 1), true, false, 2022},
		{"left the list, plan done", true, day(2023, 6, 1), false, false, 2022},
		{"left the list, deadline passed", false, day(2030, 1, 1), false, false, 2022},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := r.Obligations(h, tt.completed, tt.asOf)
			if o.Active != tt.active || o.OnList != tt.onList || o.ListYear != tt.listYear || o.Explanation.EN == "" {
				t.Errorf("%+v", o)
			}
		})
	}
	if o := r.Obligations(h, false, day(2023, 6, 1)); o.LastOmdannelseYear != 2020 || !strings.Contains(o.Explanation.EN, "continue") {
		t.Errorf("%+v", o)
	}
}

func TestHistoryOf(t *testing.T) {
	h := blandby.NewHistory()
	h.Set(2021, "x", blandby.Omdannelse)
	h.AddYear(2022)
	got, err := HistoryOf(h, "x")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Category != blandby.Omdannelse || got[1].Category != blandby.None || got[1].Published != time.Date(2022, 12, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("%+v", got)
	}
}

func TestParseRulesStrict(t *testing.T) {
	good, err := readEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, from, to, want string
	}{
		{"unknown key", "deadline: 2030-01-01", "deadline: 2030-01-01\n  deadlne: 2030-01-01", "deadlne"},
		{"bad operator", `operator: "<="`, `operator: "=<"`, "goal.operator"},
		{"bad rounding", "business_rounding: down", "business_rounding: sideways", "counting.business_rounding"},
		{"bad fact", "fact: sale_only_at_loss", "fact: sale_at_loss", "fact"},
		{"no threshold", `threshold: "2100"`, `threshold: ""`, "threshold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := strings.Replace(good, tt.from, tt.to, 1)
			if bad == good {
				t.Fatalf("%q not in the rule set", tt.from)
			}
			_, err := ParseRules("x.yaml", []byte(bad))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one naming %s", err, tt.want)
			}
		})
	}
}

func readEmbedded() (string, error) {
	fsys, err := law.RuleFiles("plan")
	if err != nil {
		return "", err
	}
	b, err := fs.ReadFile(fsys, "2018-12-01.yaml")
	return string(b), err
}

// TestStatusAt: the status of a plan whose area has left the list still
// says the obligations apply, until the deadline.
func TestStatusAt(t *testing.T) {
	r := rules(t)
	p := reach2029(124)
	h := []ListYear{
		{2021, blandby.Omdannelse, time.Date(2021, 12, 1, 0, 0, 0, 0, time.UTC)},
		{2022, blandby.Udsat, time.Date(2022, 12, 1, 0, 0, 0, 0, time.UTC)},
	}
	st, err := r.StatusAt(&p, h, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if st.OnTrack || st.Gap != 1 || st.Obligation == nil || !st.Obligation.Active || st.Obligation.OnList || st.Obligation.LastOmdannelseYear != 2021 {
		t.Errorf("%+v %+v", st, st.Obligation)
	}
	p.Completed = true
	if st, _ := r.StatusAt(&p, h, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)); st.Obligation.Active {
		t.Errorf("a completed plan still binds: %+v", st.Obligation)
	}
}

// TestDemolishedChoiceExplained: a projection that leaves demolished
// dwellings out of the total says so and cites the sentence that makes it
// the plan's choice (§ 168 a, stk. 1, 3. pkt.: "kan medtælles").
func TestDemolishedChoiceExplained(t *testing.T) {
	r := rules(t)
	for _, counted := range []bool{false, true} {
		p := Plan{AreaID: "a", BaseYear: 2024, CountDemolished: counted, DemolishedNotReplaced: 100, Stock: Stock{PublicFamily: 400, OwnerOccupied: 500}}
		pr, err := r.Project(&p)
		if err != nil {
			t.Fatal(err)
		}
		says := strings.Contains(pr.Explanation.DA, "De 100 nedrevne boliger, der ikke er erstattet, medtælles ikke") &&
			strings.Contains(pr.Explanation.EN, "ABL § 168 a, stk. 1, 3. pkt.")
		if says == counted {
			t.Errorf("counted %v: explanation %q", counted, pr.Explanation.DA)
		}
		if want := map[bool]int64{false: 0, true: 100}[counted]; pr.Final.DemolishedCounted != want || pr.Final.DemolishedNotReplaced != 100 {
			t.Errorf("counted %v: final row %+v", counted, pr.Final)
		}
	}
}
