package langscan

import (
	"slices"
	"testing"

	"github.com/blandby/blandby"
)

func TestForeign(t *testing.T) {
	tests := []struct {
		text  string
		lang  blandby.Lang
		allow []string
		want  []string
	}{
		{`changes[0].value: criterion U1: "abc" is not a percentage`, blandby.Danish, nil, []string{"value", "is", "not"}},
		{"landlord:12345678 may not read_plan", blandby.Danish, nil, []string{"may", "not"}},
		{"Som udlejer 12345678 må du ikke læse udviklingsplaner.", blandby.Danish, nil, nil},
		{"The lists of udsatte boligområder and parallelsamfund (§ 61 a, stk. 2)", blandby.English, nil, nil},
		{"The area is on the list", blandby.English, nil, nil},
		{"The area og the list", blandby.English, nil, []string{"og"}},
		{"Gellerup og Toveshøj is on the list", blandby.English, []string{"Gellerup og Toveshøj"}, nil},
		{"Bolig- og Planstyrelsen publishes the lists; see /planer and --all", blandby.English, nil, nil},
		{"Brug --all for at se alle områder.", blandby.Danish, nil, nil},
		{"ukendt --population %q (forventede official/areas.yaml, area_id, municipality:KODE eller LC_ALL)", blandby.Danish, nil, nil},
		{"Public family dwellings (almene familieboliger) are at most 40 %", blandby.English, nil, nil},
		{"Public family dwellings are almene familieboliger", blandby.English, nil, []string{"almene", "familieboliger"}},
		{"The chain is unbroken: last no. 64 (82e99af3afaf…).", blandby.English, nil, nil},
		{"The kommune decides", blandby.English, nil, []string{"kommune"}},
		{"Københavns Kommune decides", blandby.English, nil, nil},
	}
	for _, tt := range tests {
		if got := Foreign(tt.text, tt.lang, tt.allow...); !slices.Equal(got, tt.want) {
			t.Errorf("Foreign(%q, %s) = %v, want %v", tt.text, tt.lang, got, tt.want)
		}
	}
}
