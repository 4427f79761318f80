package register

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/blandby/blandby"
)

func TestReadDepartments(t *testing.T) {
	in := "department_id,area_id,housing_org,department_name,family_dwellings,youth_dwellings\n" +
		"kab-12,a1,kab,Afdeling 12,310,\n" +
		"fsb-3,a1,fsb,,1204,12\n"
	got, err := ReadDepartments(strings.NewReader(in), "afdelinger.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Department{
		{ID: "kab-12", AreaID: "a1", HousingOrg: "kab", Name: "Afdeling 12", FamilyDwellings: 310},
		{ID: "fsb-3", AreaID: "a1", HousingOrg: "fsb", FamilyDwellings: 1204, YouthDwellings: 12},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestReadDepartmentsErrors(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     []string
	}{
		{"unknown column", "department_id,area_id,housing_org,afdeling\n", []string{"afdeling"}},
		{"missing column", "department_id,area_id\n", []string{"housing_org"}},
		{"twice", "department_id,area_id,housing_org\nd,a,o\nd,a,o\n", []string{"afdelinger.csv:3:1", "department_id", "first on line 2"}},
		{"no organisation", "department_id,area_id,housing_org\nd,a,\n", []string{"afdelinger.csv:2:", "housing_org", "missing"}},
		{"negative dwellings", "department_id,area_id,housing_org,family_dwellings\nd,a,o,-4\n", []string{"afdelinger.csv:2:", "family_dwellings"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadDepartments(strings.NewReader(tt.in), "afdelinger.csv")
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range append(tt.want, "afdelinger.csv") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// FuzzDepartments: any input gives departments or an input error, and the
// departments read are complete and distinct.
func FuzzDepartments(f *testing.F) {
	f.Add([]byte("department_id,area_id,housing_org,family_dwellings\nd1,a,o,12\nd2,a,p,\n"))
	f.Add([]byte("department_id,area_id,housing_org\n\"d,1\",a,o\r\n"))
	f.Add([]byte("department_id\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := ReadDepartments(bytes.NewReader(data), "f.csv")
		if err != nil {
			if blandby.CodeOf(err) != blandby.CodeInvalid {
				t.Fatalf("a bad file must give an input error, got %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, d := range ds {
			if d.ID == "" || d.AreaID == "" || d.HousingOrg == "" || seen[d.ID] || d.FamilyDwellings < 0 {
				t.Fatalf("read an invalid department %+v", d)
			}
			seen[d.ID] = true
		}
	})
}
