package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blandby/blandby/store"
)

// textTable is a table with its key columns and the text columns
// InvalidText reads.
type textTable struct {
	name string
	key  []string
	text []string
}

// textTables are every table of the schema with every TEXT column: names
// and free text (areas, names by year, indicator rows, publication entries
// and sources, authors, audit details, …) and the rest too, since any text
// can have been written by another program. A SQLite test checks that the
// list covers the schema.
var textTables = []textTable{
	{"areas", []string{"id"}, []string{"id", "name", "geometry"}},
	{"area_names", []string{"area_id", "year"}, []string{"area_id", "name"}},
	{"area_names_files", []string{"seq"}, []string{"source", "sha256", "document", "imported_at", "imported_by"}},
	{"indicator_sets", []string{"id"}, []string{"origin", "source", "inputs", "created_at"}},
	{"indicator_values", []string{"set_id", "area_id"}, []string{"area_id", "area_name", "municipality", "municipality_code", "region",
		"nonwestern_value", "outside_labour_value", "convicted_value", "basic_education_value", "income_value",
		"national_convicted_value", "convicted_multiple_value"}},
	{"indicator_details", []string{"set_id", "area_id", "indicator", "data_year"}, []string{"area_id", "indicator", "numerator", "denominator", "reference"}},
	{"computations", []string{"id"}, []string{"rule_set", "software_version", "computed_at", "inputs", "history"}},
	{"computation_results", []string{"computation_id", "area_id"}, []string{"area_id", "category", "explanation"}},
	{"publications", []string{"year", "revision"}, []string{"kind", "rule_set", "software_version", "published_at", "published_by", "reason", "inputs", "content_sha256"}},
	{"publication_entries", []string{"year", "revision", "area_id"}, []string{"area_id", "category", "source"}},
	{"publication_counts", []string{"year", "revision", "category"}, []string{"category"}},
	{"users", []string{"id"}, []string{"name", "role", "scope", "password_hash", "created_at", "disabled_at"}},
	{"api_tokens", []string{"id"}, []string{"id", "user_name", "name", "hash", "created_at", "expires_at", "revoked_at", "last_used_at"}},
	{"sessions", []string{"hash"}, []string{"hash", "user_name", "created_at", "expires_at", "revoked_at"}},
	{"login_throttle", []string{"key"}, []string{"key", "start_at", "until_at", "last_at", "pending_until", "expires_at"}},
	{"audit_log", []string{"seq"}, []string{"at", "actor", "role", "scope", "action", "object", "outcome", "detail", "prev_hash", "hash"}},
	{"departments", []string{"id"}, []string{"id", "area_id", "housing_org", "name"}},
	{"letting_policies", []string{"municipality", "version"}, []string{"author", "saved_at", "document"}},
	{"letting_decisions", []string{"id"}, []string{"id", "decided_at", "decided_by", "rule_set", "channel", "outcome", "housing_org", "area_id",
		"department", "applicant_ref", "input_sha256", "decision"}},
	{"plan_versions", []string{"area_id", "version"}, []string{"area_id", "author", "saved_at", "document"}},
	{"rental_landlords", []string{"cvr"}, []string{"cvr", "name"}},
	{"rental_properties", []string{"id"}, []string{"id", "landlord_cvr", "address"}},
	{"rental_agreements", []string{"id"}, []string{"id", "property_id", "body", "created_at"}},
	{"rental_decisions", []string{"id"}, []string{"id", "body", "created_at"}},
	{"rental_events", []string{"id"}, []string{"property_id", "kind", "event_on", "body"}},
	{"rental_ledger", []string{"property_id", "seq"}, []string{"property_id", "route", "vacant_on", "body"}},
}

// TextColumns returns the text columns InvalidText reads, by table (for a
// back end's test that they are every text column of its schema).
func TextColumns() map[string][]string {
	out := make(map[string][]string, len(textTables))
	for _, t := range textTables {
		out[t.name] = append([]string(nil), t.text...)
	}
	return out
}

// InvalidText reads every text column of every table, in one snapshot, and
// returns the values that are not valid UTF-8.
func (s *Store) InvalidText(ctx context.Context) ([]store.InvalidText, error) {
	var out []store.InvalidText
	err := s.read(ctx, "invalid text", func(q querier) error {
		for _, t := range textTables {
			cols := append(append([]string(nil), t.key...), t.text...)
			rows, err := q.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+t.name+" ORDER BY "+strings.Join(t.key, ", "))
			if err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			for rows.Next() {
				if err := rows.Scan(ptrs...); err != nil {
					rows.Close()
					return fmt.Errorf("%s: %w", t.name, err)
				}
				for i, c := range t.text {
					v := vals[len(t.key)+i]
					if !v.Valid || utf8.ValidString(v.String) {
						continue
					}
					out = append(out, store.InvalidText{Table: t.name, Column: c, Row: rowKey(t.key, vals), Value: quoteCut(v.String)})
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
		}
		return nil
	})
	return out, err
}

// rowKey names a row by its key columns' values.
func rowKey(key []string, vals []sql.NullString) string {
	parts := make([]string, len(key))
	for i, k := range key {
		v := vals[i].String
		if !utf8.ValidString(v) {
			v = quoteCut(v)
		}
		parts[i] = k + "=" + v
	}
	return strings.Join(parts, ", ")
}

// quoteCut quotes a value with Go escapes, cut to its first 80 bytes.
func quoteCut(v string) string {
	if len(v) > 80 {
		return strconv.Quote(v[:80]) + "…"
	}
	return strconv.Quote(v)
}
