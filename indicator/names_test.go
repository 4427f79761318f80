package indicator

import (
	"strings"
	"testing"

	"github.com/blandby/blandby/internal/inputtest"
	"github.com/blandby/blandby/registry"
)

const namesYAML = `areas:
  - id: agervang
    name: Agervang
    municipality_code: 316
    aliases:
      - name: Agervang mv.
`

// The published layout's names resolve to the registry's ids: two years'
// spellings are one area, the printed name is kept, and the municipality
// code comes from the registry.
func TestReadNamesResolves(t *testing.T) {
	reg, err := registry.Read(strings.NewReader(namesYAML), "n.yaml")
	if err != nil {
		t.Fatal(err)
	}
	set, err := ReadNames(strings.NewReader("year,area_name,municipality,residents,published_category\n2013,Agervang mv.,Holbæk,1433,ghetto\n2016,Agervang,Holbæk,1470,ghetto\n"), "p.csv", reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range []int{2013, 2016} {
		rows := set.Year(y)
		if len(rows) != 1 || rows[0].Area.ID != "agervang" || rows[0].Area.MunicipalityCode != 316 {
			t.Errorf("%d: %+v", y, rows)
		}
		if c, _ := set.Published.Category(y, "agervang"); c != "parallelsamfund" {
			t.Errorf("%d: published %q", y, c)
		}
	}
	if n := set.Year(2013)[0].Area.Name; n != "Agervang mv." {
		t.Errorf("name %q, want the name as printed", n)
	}
	// An unknown name is an error at its cell, with a suggestion; a code
	// that contradicts the registry's is one too.
	_, err = ReadNames(strings.NewReader("year,area_name,municipality,municipality_code,residents\n2013,Agervang m.v.,Holbæk,,1433\n2013,Agervang,Holbæk,101,1433\n"), "p.csv", reg)
	inputtest.Check(t, err, "p.csv", []inputtest.Want{
		{Line: 2, Col: 6, Field: ColAreaName, Msg: `did you mean "Agervang mv."`},
		{Line: 3, Field: ColMunicipalityCode, Msg: "municipality 316, not 101"},
	})
}
