// Command duckdb is a peer of blandby's register reader and indicator
// engine for benchmarks: it computes, with SQL that DuckDB runs directly on
// the register files, the numerators and denominators blandby computes for
// a list year, and writes them in blandby's details format, so that the two
// can be compared byte for byte and timed side by side.
//
//	go run . --register DIR --areas FILE --year Y [--reference FILE] --details OUT.csv [--threads 2]
//
// The SQL is generated from the rule set blandby's law package says is in
// force for the list year. See README.md.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/register"
)

func main() {
	start := time.Now().Add(-processAge())
	var o options
	flag.StringVar(&o.register, "register", "", "directory of register files, register-YYYY.csv or register-YYYY.parquet (one per data year)")
	flag.StringVar(&o.areas, "areas", "", "areas registry (CSV)")
	flag.IntVar(&o.year, "year", 0, "list year")
	flag.StringVar(&o.years, "years", "", "a run of list years under one rule set, e.g. 2021-2022 (instead of --year); each data year is read once")
	flag.StringVar(&o.reference, "reference", "", "reference file with the national conviction shares and regional mean incomes (when the register holds only area residents)")
	flag.StringVar(&o.details, "details", "", "details file to write (blandby's format)")
	flag.IntVar(&o.threads, "threads", 2, "DuckDB threads")
	flag.Parse()
	if o.years != "" {
		from, to, ok := strings.Cut(o.years, "-")
		a, errA := strconv.Atoi(from)
		b, errB := strconv.Atoi(to)
		if !ok || errA != nil || errB != nil || a > b || o.year != 0 {
			fmt.Fprintln(os.Stderr, "duckdb: --years wants a range such as 2021-2022, and no --year")
			os.Exit(2)
		}
		for y := a; y <= b; y++ {
			o.listYears = append(o.listYears, y)
		}
	} else if o.year != 0 {
		o.listYears = []int{o.year}
	}
	if o.register == "" || o.areas == "" || len(o.listYears) == 0 || o.details == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: duckdb --register DIR --areas FILE (--year Y | --years A-B) [--reference FILE] --details OUT.csv [--threads 2]")
		os.Exit(2)
	}
	o.start = start
	t, err := run(context.Background(), o, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "duckdb:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "duckdb: start-up %v (process start to DuckDB ready), query %v (load+aggregate, %d threads), write %v, total %v\n",
		t.startup.Round(time.Millisecond), t.query.Round(time.Millisecond), o.threads, t.write.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}

type options struct {
	register, areas, reference, details, years string
	year, threads                              int
	listYears                                  []int
	start                                      time.Time // process start; zero in tests
}

type timings struct {
	startup, query, write time.Duration
}

// definition is how the rule set defines one indicator (its first
// criterion; blandby requires every criterion of an indicator to agree).
type definition struct {
	c        law.Criterion
	min, max int
}

// definitions collects the indicators of a rule set, as indicator.Compute
// does.
func definitions(rs *law.RuleSet) (map[blandby.Indicator]definition, error) {
	defs := map[blandby.Indicator]definition{}
	for _, c := range rs.Criteria {
		if prev, ok := defs[c.Indicator]; ok {
			if prev.c.Population != c.Population || !slices.Equal(prev.c.DataYears, c.DataYears) ||
				!slices.Equal(prev.c.Origins, c.Origins) || !reflect.DeepEqual(prev.c.Education, c.Education) {
				return nil, fmt.Errorf("rule set %s defines the %s indicator in two ways (criteria %s and %s)", rs.ID, c.Indicator, prev.c.ID, c.ID)
			}
			continue
		}
		d := definition{c: c, min: c.Population.AgeMin, max: register.MaxAge}
		if c.Population.AgeMax != 0 {
			d.max = c.Population.AgeMax
		}
		defs[c.Indicator] = d
	}
	return defs, nil
}

// processAge returns how long ago the process started (Linux; 0 when it
// cannot tell), so that start-up includes loading the binary.
func processAge() time.Duration {
	stat, err1 := os.ReadFile("/proc/self/stat")
	uptime, err2 := os.ReadFile("/proc/uptime")
	if err1 != nil || err2 != nil {
		return 0
	}
	// Field 22 (after the command in parentheses) is the start time in
	// clock ticks since boot; Linux's USER_HZ is 100.
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	var up float64
	if len(fields) < 20 {
		return 0
	}
	ticks, err := strconv.ParseInt(fields[19], 10, 64)
	if _, err2 := fmt.Sscanf(string(uptime), "%f", &up); err != nil || err2 != nil {
		return 0
	}
	age := time.Duration(up*float64(time.Second)) - time.Duration(ticks)*10*time.Millisecond
	if age < 0 {
		return 0
	}
	return age
}

// sqlString quotes a string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func sqlList(codes []string) string {
	q := make([]string, len(codes))
	for i, c := range codes {
		q[i] = sqlString(c)
	}
	return strings.Join(q, ", ")
}

// source is the SQL that reads a register file with the columns typed as
// the aggregation needs them.
func source(path string) (string, error) {
	switch format, _ := register.FormatOf(path); format {
	case register.Parquet:
		return "read_parquet(" + sqlString(path) + ")", nil
	case register.CSV:
		// Explicit types: codes as integers ("0101" is 101), the FTE as an
		// exact decimal, 0/1 flags as small integers.
		return "read_csv(" + sqlString(path) + `, header = true, delim = ',', quote = '"', auto_detect = false, columns = {
			'person_id': 'BIGINT', 'year': 'INTEGER', 'area_id': 'VARCHAR', 'municipality_code': 'INTEGER',
			'region_code': 'INTEGER', 'age': 'INTEGER', 'origin': 'VARCHAR', 'outside_labour_fte': 'DECIMAL(7,6)',
			'convicted': 'TINYINT', 'education': 'VARCHAR', 'education_dk': 'VARCHAR', 'in_education': 'TINYINT',
			'taxpayer': 'TINYINT', 'gross_income': 'BIGINT'})`, nil
	}
	return "", fmt.Errorf("%s: not a register file", path)
}

// aggregate is one aggregate column of a data year's query.
type aggregate struct {
	indicator blandby.Indicator
	part      string // "num" or "den"
	expr      string
}

// aggregates returns the numerator and denominator of every indicator
// measured in data year offset off, in blandby.AllIndicators order.
func aggregates(defs map[blandby.Indicator]definition, off int) []aggregate {
	var out []aggregate
	for _, ind := range blandby.AllIndicators {
		d, ok := defs[ind]
		if !ok || !slices.Contains(d.c.DataYears, off) {
			continue
		}
		band := fmt.Sprintf("age BETWEEN %d AND %d", d.min, d.max)
		den := fmt.Sprintf("count(*) FILTER (WHERE %s)", band)
		var num string
		switch ind {
		case blandby.IndicatorNonWestern:
			num = fmt.Sprintf("count(*) FILTER (WHERE %s AND origin IN (%s))", band, sqlList(d.c.Origins))
		case blandby.IndicatorOutsideLabour:
			// An exact decimal sum, in millionths.
			num = fmt.Sprintf("CAST(coalesce(sum(outside_labour_fte) FILTER (WHERE %s), 0) * %d AS BIGINT)", band, register.FTEScale)
		case blandby.IndicatorConvicted:
			num = fmt.Sprintf("CAST(coalesce(sum(convicted) FILTER (WHERE %s), 0) AS BIGINT)", band)
		case blandby.IndicatorBasicEducation:
			col := "education"
			if d.c.Education.Source == law.EducationDanish {
				col = "education_dk"
			}
			num = fmt.Sprintf("count(*) FILTER (WHERE %s AND %s IN (%s))", band, col, sqlList(d.c.Education.BasicLevels))
		case blandby.IndicatorIncome:
			cond := band
			if d.c.Population.TaxpayersOnly {
				cond += " AND taxpayer = 1"
			}
			if d.c.Population.ExcludeInEducation {
				cond += " AND in_education = 0"
			}
			den = fmt.Sprintf("count(*) FILTER (WHERE %s)", cond)
			num = fmt.Sprintf("CAST(coalesce(sum(gross_income) FILTER (WHERE %s), 0) AS BIGINT)", cond)
		}
		out = append(out, aggregate{ind, "num", num}, aggregate{ind, "den", den})
	}
	return out
}

// unionAggregates returns the aggregates a data year needs at any of the
// offsets, each once, in blandby.AllIndicators order.
func unionAggregates(defs map[blandby.Indicator]definition, offsets []int) []aggregate {
	var out []aggregate
	for _, ind := range blandby.AllIndicators {
		for _, off := range offsets {
			if a := aggregatesOf(defs, off, ind); a != nil {
				out = append(out, a...)
				break
			}
		}
	}
	return out
}

// aggregatesOf returns one indicator's aggregates at an offset, or nil.
func aggregatesOf(defs map[blandby.Indicator]definition, off int, ind blandby.Indicator) []aggregate {
	var out []aggregate
	for _, a := range aggregates(defs, off) {
		if a.indicator == ind {
			out = append(out, a)
		}
	}
	return out
}

// query is the SQL of one data year: every aggregate by area (rows in the
// area universe), by region and for the whole country (every row), from
// one scan of the file. The scan aggregates by area and region (a few
// hundred groups); the areas, regions and country are sums of those.
func query(src string, aggs []aggregate) string {
	var b strings.Builder
	b.WriteString(`WITH src AS (
	SELECT NULLIF(CAST(area_id AS VARCHAR), '') AS area_id, CAST(region_code AS INTEGER) AS region_code,
		CAST(age AS INTEGER) AS age, CAST(origin AS VARCHAR) AS origin,
		CAST(outside_labour_fte AS DECIMAL(7,6)) AS outside_labour_fte, CAST(convicted AS INTEGER) AS convicted,
		CAST(education AS VARCHAR) AS education, CAST(education_dk AS VARCHAR) AS education_dk,
		CAST(in_education AS INTEGER) AS in_education, CAST(taxpayer AS INTEGER) AS taxpayer,
		CAST(gross_income AS BIGINT) AS gross_income
	FROM `)
	b.WriteString(src)
	b.WriteString("),\ncells AS (\n\tSELECT area_id, region_code")
	for i, a := range aggs {
		fmt.Fprintf(&b, ",\n\t\t%s AS a%d", a.expr, i)
	}
	b.WriteString("\n\tFROM src GROUP BY area_id, region_code)\n")
	b.WriteString("SELECT CAST(GROUPING(area_id) AS INTEGER), CAST(GROUPING(region_code) AS INTEGER), area_id, region_code")
	for i, a := range aggs {
		fmt.Fprintf(&b, ",\n\tCAST(sum(a%d) AS BIGINT) AS %s_%s", i, a.indicator, a.part)
	}
	b.WriteString("\nFROM cells\nGROUP BY GROUPING SETS ((area_id), (region_code), ())")
	return b.String()
}

// yearData is a data year's aggregates: by area id, by region code and for
// the country; each slice is in the order of the year's aggregates.
type yearData struct {
	aggs    []aggregate
	areas   map[string][]int64
	regions map[int][]int64
	nation  []int64
}

func (y *yearData) get(vals []int64, ind blandby.Indicator, part string) int64 {
	if vals == nil {
		return 0
	}
	for i, a := range y.aggs {
		if a.indicator == ind && a.part == part {
			return vals[i]
		}
	}
	panic("no aggregate " + string(ind) + " " + part)
}

// registerFile finds a data year's file in the register directory.
func registerFile(dir string, year int) (string, error) {
	var found []string
	for _, f := range []register.Format{register.Parquet, register.CSV} {
		p := filepath.Join(dir, register.FileName(year, f))
		if _, err := os.Stat(p); err == nil {
			found = append(found, p)
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("%s has no register file for data year %d", dir, year)
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("%s and %s both hold data year %d", found[0], found[1], year)
}

// run computes the details with DuckDB and writes them.
func run(ctx context.Context, o options, log io.Writer) (timings, error) {
	var t timings
	t0 := time.Now()
	if len(o.listYears) == 0 {
		o.listYears = []int{o.year}
	}
	rs, err := law.ForListYear(o.listYears[0])
	if err != nil {
		return t, err
	}
	for _, y := range o.listYears[1:] {
		if other, err := law.ForListYear(y); err != nil || other != rs {
			return t, fmt.Errorf("list years %v do not share one rule set", o.listYears)
		}
	}
	defs, err := definitions(rs)
	if err != nil {
		return t, err
	}
	areas, err := readAreas(o.areas)
	if err != nil {
		return t, err
	}
	var ref *register.Reference
	if o.reference != "" {
		if ref, err = readReference(o.reference); err != nil {
			return t, err
		}
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return t, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		return t, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("SET threads = %d", o.threads)); err != nil {
		return t, err
	}
	t.startup = time.Since(t0)
	if !o.start.IsZero() {
		t.startup = time.Since(o.start)
	}

	t1 := time.Now()
	// Each data year is read once, for every list year that needs it: its
	// aggregates are those of every offset at which some list year uses it.
	offsetsOf := map[int][]int{}
	for _, ly := range o.listYears {
		seen := map[int]bool{}
		for _, d := range defs {
			for _, off := range d.c.DataYears {
				if !seen[off] {
					seen[off] = true
					offsetsOf[ly+off] = append(offsetsOf[ly+off], off)
				}
			}
		}
	}
	years := map[int]*yearData{}
	for _, y := range slices.Sorted(maps.Keys(offsetsOf)) {
		path, err := registerFile(o.register, y)
		if err != nil {
			return t, err
		}
		src, err := source(path)
		if err != nil {
			return t, err
		}
		aggs := unionAggregates(defs, offsetsOf[y])
		yd, err := runYear(ctx, conn, query(src, aggs), aggs)
		if err != nil {
			return t, fmt.Errorf("data year %d (%s): %w", y, path, err)
		}
		years[y] = yd
		fmt.Fprintf(log, "duckdb: data year %d: %d areas with residents\n", y, len(yd.areas))
	}
	t.query = time.Since(t1)

	t2 := time.Now()
	var details []blandby.IndicatorDetail
	for _, ly := range o.listYears {
		d, err := build(rs, ly, defs, areas, years, ref)
		if err != nil {
			return t, err
		}
		details = append(details, d...)
	}
	if err := writeDetails(o.details, details); err != nil {
		return t, err
	}
	t.write = time.Since(t2)
	return t, nil
}

// runYear runs a data year's query and collects its rows.
func runYear(ctx context.Context, conn *sql.Conn, q string, aggs []aggregate) (*yearData, error) {
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	yd := &yearData{aggs: aggs, areas: map[string][]int64{}, regions: map[int][]int64{}}
	for rows.Next() {
		var ga, gr int
		var area sql.NullString
		var region sql.NullInt64
		vals := make([]int64, len(aggs))
		dest := []any{&ga, &gr, &area, &region}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		switch {
		case ga == 0 && area.Valid:
			yd.areas[area.String] = vals
		case ga == 0:
			// the rows outside the area universe
		case gr == 0:
			if !region.Valid {
				return nil, errors.New("rows without a region code")
			}
			yd.regions[int(region.Int64)] = vals
		default:
			yd.nation = vals
		}
	}
	return yd, rows.Err()
}

// build turns the aggregates into blandby's details: registry order, then
// indicators in blandby.AllIndicators order, then data years.
func build(rs *law.RuleSet, listYear int, defs map[blandby.Indicator]definition, areas *register.Areas, years map[int]*yearData, ref *register.Reference) ([]blandby.IndicatorDetail, error) {
	// The national conviction shares and regional mean incomes, as
	// indicator.Compute works them out.
	national := map[int]*blandby.Ratio{}
	regionMean := map[[2]int]*blandby.Ratio{}
	if d, ok := defs[blandby.IndicatorConvicted]; ok {
		for _, off := range d.c.DataYears {
			y := listYear + off
			if ref != nil {
				v, ok := ref.National(y)
				if !ok {
					return nil, fmt.Errorf("the reference file has no national conviction share for data year %d", y)
				}
				national[y] = &v
				continue
			}
			yd := years[y]
			if n := yd.get(yd.nation, blandby.IndicatorConvicted, "den"); n > 0 {
				v := blandby.NewRatio(yd.get(yd.nation, blandby.IndicatorConvicted, "num"), n)
				national[y] = &v
			}
		}
	}
	if d, ok := defs[blandby.IndicatorIncome]; ok {
		for _, off := range d.c.DataYears {
			y := listYear + off
			for _, r := range dk.Regions {
				if ref != nil {
					v, ok := ref.RegionMeanIncome(y, r.Code)
					if !ok {
						return nil, fmt.Errorf("the reference file has no mean income for %s (%d) in data year %d", r.Name, r.Code, y)
					}
					regionMean[[2]int{y, r.Code}] = &v
					continue
				}
				yd := years[y]
				vals := yd.regions[r.Code]
				n, sum := yd.get(vals, blandby.IndicatorIncome, "den"), yd.get(vals, blandby.IndicatorIncome, "num")
				if n > 0 && sum > 0 {
					v := blandby.NewRatio(sum, n)
					regionMean[[2]int{y, r.Code}] = &v
				}
			}
		}
	}
	var out []blandby.IndicatorDetail
	for i := range areas.Len() {
		ar := areas.At(int32(i))
		for _, ind := range blandby.AllIndicators {
			d, ok := defs[ind]
			if !ok {
				continue
			}
			for _, off := range d.c.DataYears {
				y := listYear + off
				yd := years[y]
				vals := yd.areas[ar.ID]
				num, den := yd.get(vals, ind, "num"), yd.get(vals, ind, "den")
				det := blandby.IndicatorDetail{Year: listYear, AreaID: ar.ID, Indicator: ind, DataYear: y,
					Numerator: blandby.RatioInt(num), Denominator: blandby.RatioInt(den)}
				switch ind {
				case blandby.IndicatorOutsideLabour:
					det.Numerator = blandby.NewRatio(num, register.FTEScale)
				case blandby.IndicatorConvicted:
					det.Reference = national[y]
				case blandby.IndicatorIncome:
					det.Reference = regionMean[[2]int{y, ar.RegionCode}]
				}
				out = append(out, det)
			}
		}
	}
	return out, nil
}

func readAreas(path string) (*register.Areas, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return register.ReadAreas(f, path)
}

func readReference(path string) (*register.Reference, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return register.ReadReference(f, path)
}

func writeDetails(path string, details []blandby.IndicatorDetail) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := indicator.WriteDetails(f, details); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
