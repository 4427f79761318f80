package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/failpoint"
	"github.com/blandby/blandby/store"
)

// measures are the stored measures of blandby.Indicators, each in three
// columns: NAME_known, NAME_value, NAME_base.
var measures = []struct {
	name string
	of   func(*blandby.Indicators) *blandby.Measure
}{
	{"nonwestern", func(a *blandby.Indicators) *blandby.Measure { return &a.NonWestern }},
	{"outside_labour", func(a *blandby.Indicators) *blandby.Measure { return &a.OutsideLabour }},
	{"convicted", func(a *blandby.Indicators) *blandby.Measure { return &a.Convicted }},
	{"basic_education", func(a *blandby.Indicators) *blandby.Measure { return &a.BasicEducation }},
	{"income", func(a *blandby.Indicators) *blandby.Measure { return &a.Income }},
	{"national_convicted", func(a *blandby.Indicators) *blandby.Measure { return &a.NationalConvicted }},
	{"convicted_multiple", func(a *blandby.Indicators) *blandby.Measure { return &a.ConvictedMultiple }},
}

// valueColumns are the columns of indicator_values after set_id.
var valueColumns = func() []string {
	cols := []string{"area_id", "ord", "area_name", "municipality", "municipality_code", "region", "residents"}
	for _, m := range measures {
		cols = append(cols, m.name+"_known", m.name+"_value", m.name+"_base")
	}
	return cols
}()

var (
	valuesTable  = table{name: "indicator_values", cols: append([]string{"set_id"}, valueColumns...)}
	detailsTable = table{name: "indicator_details", cols: []string{"set_id", "area_id", "indicator", "data_year", "ord", "numerator", "denominator", "reference"}}
	namesTable   = table{name: "area_names", cols: []string{"area_id", "year", "name"},
		suffix: "ON CONFLICT (area_id, year) DO UPDATE SET name = excluded.name WHERE area_names.name <> excluded.name"}
)

// AddIndicatorSet stores a list year's indicators as a new set.
func (s *Store) AddIndicatorSet(ctx context.Context, set store.IndicatorSet) (int64, error) {
	ids, err := s.AddIndicatorSets(ctx, []store.IndicatorSet{set})
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// AddIndicatorSets stores several sets (the years of one indicator file)
// in one transaction: all of them or none.
func (s *Store) AddIndicatorSets(ctx context.Context, sets []store.IndicatorSet) ([]int64, error) {
	for i := range sets {
		if err := validateSet(&sets[i]); err != nil {
			return nil, err
		}
	}
	ids := make([]int64, len(sets))
	err := s.write(ctx, "add indicator set", func(tx *wtx) error {
		for i := range sets {
			id, err := s.addSet(ctx, tx, &sets[i], false)
			if err != nil {
				return err
			}
			ids[i] = id
		}
		failpoint.Inject("store.indicators")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

func validateSet(set *store.IndicatorSet) error {
	if set.Year <= 0 {
		return blandby.Errorf(blandby.CodeInvalid, "indicator set: list year %d is not a year", set.Year)
	}
	if set.Origin != store.Imported && set.Origin != store.Computed {
		return blandby.Errorf(blandby.CodeInvalid, "indicator set of %d: origin %q is neither %q nor %q", set.Year, set.Origin, store.Imported, store.Computed)
	}
	if len(set.Rows) == 0 {
		return blandby.Errorf(blandby.CodeInvalid, "indicator set of %d has no rows", set.Year)
	}
	for i := range set.Rows {
		r := &set.Rows[i]
		if r.Area.ID == "" {
			return blandby.Errorf(blandby.CodeInvalid, "indicator set of %d: row %d has no area id", set.Year, i+1)
		}
		if r.Year != set.Year {
			return blandby.Errorf(blandby.CodeInvalid, "indicator set of %d: area %q has indicators of year %d", set.Year, r.Area.ID, r.Year)
		}
	}
	for i := range set.Details {
		d := &set.Details[i]
		if d.Year != set.Year {
			return blandby.Errorf(blandby.CodeInvalid, "indicator set of %d: detail %d (area %q) is of list year %d", set.Year, i+1, d.AreaID, d.Year)
		}
		if d.AreaID == "" || d.Indicator == "" {
			return blandby.Errorf(blandby.CodeInvalid, "indicator set of %d: detail %d has no area or no indicator", set.Year, i+1)
		}
	}
	return nil
}

// addSet inserts a validated set: the areas it names, their names that
// year, the set, its values and its details.
// With keepAreas, an area already stored keeps its name (an import that
// names its areas itself, ImportMeta.Areas); its names by year are stored
// all the same.
func (s *Store) addSet(ctx context.Context, tx *wtx, set *store.IndicatorSet, keepAreas bool) (int64, error) {
	inputs, err := encodeJSON(set.Inputs)
	if err != nil {
		return 0, err
	}
	// Each area once (a duplicate row fails below, on the values' key).
	first := make(map[string]int, len(set.Rows))
	var areas []int
	for i := range set.Rows {
		if _, ok := first[set.Rows[i].Area.ID]; !ok {
			first[set.Rows[i].Area.ID] = i
			areas = append(areas, i)
		}
	}
	year := strconv.Itoa(set.Year)
	latest := "COALESCE((SELECT MAX(n.year) FROM area_names n WHERE n.area_id = areas.id), 0)"
	upsert := table{
		name: "areas",
		cols: []string{"id", "name", "municipality_code"},
		suffix: `ON CONFLICT (id) DO UPDATE SET
			name = CASE WHEN excluded.name <> '' AND ` + year + ` >= ` + latest + ` THEN excluded.name ELSE areas.name END,
			municipality_code = CASE WHEN areas.municipality_code = 0 THEN excluded.municipality_code ELSE areas.municipality_code END
			WHERE (excluded.name <> '' AND excluded.name <> areas.name AND ` + year + ` >= ` + latest + `)
			OR (areas.municipality_code = 0 AND excluded.municipality_code <> 0)`,
	}
	if keepAreas {
		upsert.suffix = "ON CONFLICT (id) DO NOTHING"
	}
	if err := s.insert(ctx, tx, upsert, len(areas), func(i int, args []any) []any {
		a := &set.Rows[areas[i]].Area
		return append(args, a.ID, a.Name, a.MunicipalityCode)
	}); err != nil {
		return 0, err
	}
	var named []int
	for _, i := range areas {
		if set.Rows[i].Area.Name != "" {
			named = append(named, i)
		}
	}
	if err := s.insert(ctx, tx, namesTable, len(named), func(i int, args []any) []any {
		a := &set.Rows[named[i]].Area
		return append(args, a.ID, set.Year, a.Name)
	}); err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, s.q("INSERT INTO indicator_sets (year, origin, source, inputs, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id"),
		set.Year, set.Origin, set.Source, inputs, encodeTime(set.CreatedAt)).Scan(&id); err != nil {
		return 0, err
	}
	err = s.insert(ctx, tx, valuesTable, len(set.Rows), func(i int, args []any) []any {
		r := &set.Rows[i]
		args = append(args, id, r.Area.ID, i, r.Area.Name, r.Area.Municipality, r.Area.MunicipalityCode.DAGI(), r.Area.Region, r.Residents)
		for _, m := range measures {
			v := m.of(r)
			args = append(args, v.Known, measureValue(*v), v.Base)
		}
		return args
	})
	if err != nil {
		return 0, s.setError(set, err)
	}
	err = s.insert(ctx, tx, detailsTable, len(set.Details), func(i int, args []any) []any {
		d := &set.Details[i]
		var ref any
		if d.Reference != nil {
			ref = encodeRatio(*d.Reference)
		}
		return append(args, id, d.AreaID, string(d.Indicator), d.DataYear, i, encodeRatio(d.Numerator), encodeRatio(d.Denominator), ref)
	})
	if err != nil {
		return 0, s.setError(set, err)
	}
	return id, nil
}

// setError explains a failed insert of a set's values or details.
func (s *Store) setError(set *store.IndicatorSet, err error) error {
	switch s.d.Violation(err) {
	case Unique, AppendOnly:
		seen := map[string]bool{}
		for i := range set.Rows {
			id := set.Rows[i].Area.ID
			if seen[id] {
				return blandby.Errorf(blandby.CodeConflict, "indicator set of %d: area %q appears twice", set.Year, id)
			}
			seen[id] = true
		}
		type key struct {
			area string
			ind  blandby.Indicator
			year int
		}
		seenD := map[key]bool{}
		for _, d := range set.Details {
			k := key{d.AreaID, d.Indicator, d.DataYear}
			if seenD[k] {
				return blandby.Errorf(blandby.CodeConflict, "indicator set of %d: the detail of area %q, indicator %s, data year %d appears twice",
					set.Year, d.AreaID, d.Indicator, d.DataYear)
			}
			seenD[k] = true
		}
	case ForeignKey:
		rows := map[string]bool{}
		for i := range set.Rows {
			rows[set.Rows[i].Area.ID] = true
		}
		for _, d := range set.Details {
			if !rows[d.AreaID] {
				return blandby.Errorf(blandby.CodeInvalid, "indicator set of %d: a detail names area %q, which has no row in the set", set.Year, d.AreaID)
			}
		}
	}
	return err
}

const setColumns = "id, year, origin, source, inputs, created_at"

func scanSet(sc interface{ Scan(...any) error }) (store.IndicatorSet, error) {
	var set store.IndicatorSet
	var inputs, created string
	if err := sc.Scan(&set.ID, &set.Year, &set.Origin, &set.Source, &inputs, &created); err != nil {
		return set, err
	}
	if err := json.Unmarshal([]byte(inputs), &set.Inputs); err != nil {
		return set, fmt.Errorf("indicator set %d: inputs: %w", set.ID, err)
	}
	t, err := decodeTime(created)
	set.CreatedAt = t
	return set, err
}

// IndicatorSet returns a stored set with its rows and details, in the
// order they were added.
func (s *Store) IndicatorSet(ctx context.Context, id int64) (*store.IndicatorSet, error) {
	var set store.IndicatorSet
	err := s.read(ctx, "indicator set", func(q querier) error {
		var err error
		set, err = scanSet(q.QueryRowContext(ctx, s.q("SELECT "+setColumns+" FROM indicator_sets WHERE id = ?"), id))
		if errors.Is(err, sql.ErrNoRows) {
			return blandby.Errorf(blandby.CodeNotFound, "no indicator set %d", id)
		}
		if err != nil {
			return err
		}
		if set.Rows, err = s.readValues(ctx, q, set.ID, set.Year); err != nil {
			return err
		}
		set.Details, err = s.readDetails(ctx, q, set.ID, set.Year)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &set, nil
}

func (s *Store) readValues(ctx context.Context, q querier, id int64, year int) ([]blandby.Indicators, error) {
	cols := valueColumns[:]
	rows, err := q.QueryContext(ctx, s.q("SELECT "+strings.Join(cols, ", ")+" FROM indicator_values WHERE set_id = ? ORDER BY ord"), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []blandby.Indicators
	type mcols struct {
		known bool
		value sql.NullString
		base  int64
	}
	ms := make([]mcols, len(measures))
	var ord int
	dest := []any{nil, &ord, nil, nil, nil, nil, nil}
	for i := range ms {
		dest = append(dest, &ms[i].known, &ms[i].value, &ms[i].base)
	}
	// municipality_code is text in the DAGI form ("0101"; "" unknown).
	var code string
	for rows.Next() {
		r := blandby.Indicators{Year: year}
		dest[0], dest[2], dest[3], dest[4], dest[5], dest[6] = &r.Area.ID, &r.Area.Name, &r.Area.Municipality, &code, &r.Area.Region, &r.Residents
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if code != "" {
			if r.Area.MunicipalityCode, err = blandby.ParseMunicipalityCode(code); err != nil {
				return nil, fmt.Errorf("indicator set %d, area %q: %w", id, r.Area.ID, err)
			}
		}
		for i, m := range measures {
			v, err := decodeMeasure(ms[i].known, ms[i].value, ms[i].base)
			if err != nil {
				return nil, fmt.Errorf("indicator set %d, area %q, %s: %w", id, r.Area.ID, m.name, err)
			}
			*m.of(&r) = v
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Store) readDetails(ctx context.Context, q querier, id int64, year int) ([]blandby.IndicatorDetail, error) {
	rows, err := q.QueryContext(ctx, s.q("SELECT area_id, indicator, data_year, numerator, denominator, reference FROM indicator_details WHERE set_id = ? ORDER BY ord"), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []blandby.IndicatorDetail
	for rows.Next() {
		d := blandby.IndicatorDetail{Year: year}
		var num, den string
		var ref sql.NullString
		if err := rows.Scan(&d.AreaID, &d.Indicator, &d.DataYear, &num, &den, &ref); err != nil {
			return nil, err
		}
		if d.Numerator, err = decodeRatio(num); err != nil {
			return nil, err
		}
		if d.Denominator, err = decodeRatio(den); err != nil {
			return nil, err
		}
		if ref.Valid {
			r, err := decodeRatio(ref.String)
			if err != nil {
				return nil, err
			}
			d.Reference = &r
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// IndicatorSets returns the sets of a year (every year for 0) without
// rows, oldest first.
func (s *Store) IndicatorSets(ctx context.Context, year int) ([]store.IndicatorSet, error) {
	var out []store.IndicatorSet
	err := s.read(ctx, "indicator sets", func(q querier) error {
		rows, err := q.QueryContext(ctx, s.q("SELECT "+setColumns+" FROM indicator_sets WHERE ? = 0 OR year = ? ORDER BY id"), year, year)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			set, err := scanSet(rows)
			if err != nil {
				return err
			}
			out = append(out, set)
		}
		return rows.Err()
	})
	return out, err
}
