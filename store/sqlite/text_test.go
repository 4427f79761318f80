package sqlite

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlstore"
)

// TestInvalidTextFound: SQLite keeps bytes that are not UTF-8 when raw SQL
// writes them; InvalidText names each such value by table, row and column,
// and nothing else (the valid "Ålholm" beside them is no finding).
func TestInvalidTextFound(t *testing.T) {
	ctx := context.Background()
	st := openTest(t).(*Store)
	if err := st.PutAreas(ctx, []store.Area{
		{Area: blandby.Area{ID: "aalholm", Name: "Ålholm"}},
		{Area: blandby.Area{ID: "agervang", Name: "Agervang"}},
	}); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		// "Grønneparken" in Latin-1: ø is the byte F8.
		`UPDATE areas SET name = CAST(X'4772F86E6E657061726B656E' AS TEXT) WHERE id = 'agervang'`,
		`INSERT INTO areas (id, name) VALUES (CAST(X'62E6' AS TEXT), 'B')`,
		`INSERT INTO area_names_files (seq, source, sha256, document, imported_at, imported_by)
			VALUES (1, 'names.yaml', '` + sixtyFour + `', CAST(X'61726561733A205B5D0A23C0' AS TEXT), '2024-12-01T10:00:00.000000000Z', CAST(X'FF' AS TEXT))`,
	} {
		if _, err := st.DB().ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	got, err := st.InvalidText(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.InvalidText{
		{Table: "areas", Column: "name", Row: "id=agervang", Value: `"Gr\xf8nneparken"`},
		{Table: "areas", Column: "id", Row: `id="b\xe6"`, Value: `"b\xe6"`},
		{Table: "area_names_files", Column: "document", Row: "seq=1", Value: `"areas: []\n#\xc0"`},
		{Table: "area_names_files", Column: "imported_by", Row: "seq=1", Value: `"\xff"`},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
}

const sixtyFour = "0000000000000000000000000000000000000000000000000000000000000000"

// TestInvalidTextCoversSchema: InvalidText reads every TEXT column of every
// table the migrations make, so a new table or column is not forgotten.
func TestInvalidTextCoversSchema(t *testing.T) {
	ctx := context.Background()
	st := openTest(t).(*Store)
	covered := sqlstore.TextColumns()
	rows, err := st.DB().QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT IN ('sqlite_sequence', 'schema_migrations') AND upper(p.type) = 'TEXT'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		n++
		if !slices.Contains(covered[table], col) {
			t.Errorf("text column %s.%s is not read by InvalidText", table, col)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Errorf("only %d text columns in the schema: the query is wrong", n)
	}
}
