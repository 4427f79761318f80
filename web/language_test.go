package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/blandby/blandby"
)

// TestWhatIfErrorsTold: a bad threshold or year is told in the reader's
// language, beside the field it belongs to (aria-invalid,
// aria-describedby), the form keeping what was typed; the API answers the
// field and the text in both languages.
func TestWhatIfErrorsTold(t *testing.T) {
	f := testFixture(t)
	pages := []struct {
		query, lang string
		id          string // the field's id
		value       string // what the field keeps
		text        string // the message beside it
	}{
		{"U1=abc&run=1", "da", "th-U1", "abc", `kriterium U1: &#34;abc&#34; er ikke en procentdel fra 0 til 100 (fx 45 eller 45,5)`},
		{"U1=abc&run=1", "en", "th-U1", "abc", `criterion U1: &#34;abc&#34; is not a percentage from 0 to 100 (such as 45 or 45,5)`},
		{"U2=-1&run=1", "da", "th-U2", "-1", `kriterium U2: &#34;-1&#34; er ikke et multiplum af landsgennemsnittet på 0 eller mere (fx 3 eller 2,5)`},
		{"year=abc&run=1", "da", "whatif-year", "", `&#34;abc&#34; er ikke et årstal (fx 2022)`},
		{"year=abc&run=1", "en", "whatif-year", "", `&#34;abc&#34; is not a year (such as 2022)`},
		{"year=1999&run=1", "da", "whatif-year", "", fmt.Sprintf("der er ingen offentliggjort liste for 1999; der er lister for %d–%d", firstYear, lastYear)},
	}
	for _, p := range pages {
		t.Run(p.lang+" "+p.query, func(t *testing.T) {
			code, body, _ := f.do(t, "GET", fmt.Sprintf("/hvad-hvis?%s&lang=%s", p.query, p.lang), nil)
			page := string(body)
			if code != http.StatusBadRequest {
				t.Errorf("status %d, want 400", code)
			}
			field := regexp.MustCompile(`<(input|select) [^>]*id="` + p.id + `"[^>]*>`).FindString(page)
			errID := ""
			if m := regexp.MustCompile(`aria-describedby="([^"]+)"`).FindStringSubmatch(field); m != nil {
				errID = m[1]
			}
			if !strings.Contains(field, `aria-invalid="true"`) || errID == "" {
				t.Fatalf("field %s is not marked invalid with a description: %s", p.id, field)
			}
			if p.value != "" && !strings.Contains(field, `value="`+p.value+`"`) {
				t.Errorf("field %s does not keep %q: %s", p.id, p.value, field)
			}
			if want := `id="` + errID + `">` + p.text + `<`; !strings.Contains(page, want) {
				t.Errorf("the field's description is not %q:\n%s", p.text, regexp.MustCompile(`(?s)id="`+errID+`">[^<]*`).FindString(page))
			}
			if n := strings.Count(page, `aria-invalid="true"`); n != 1 {
				t.Errorf("%d fields marked invalid, want 1", n)
			}
		})
	}
	apis := []struct {
		body   string
		status int
		field  string
		da, en string
	}{
		{`{"year": 2022, "changes": [{"criterion": "U1", "value": "abc"}]}`, 400, "changes[0].value",
			`kriterium U1: "abc" er ikke en procentdel fra 0 til 100 (fx 45 eller 45,5)`, `criterion U1: "abc" is not a percentage from 0 to 100 (such as 45 or 45,5)`},
		{`{"year": 2022, "changes": [{"criterion": "U1", "value": "40"}, {"criterion": "X9", "value": "3"}]}`, 400, "changes[1].criterion",
			`ukendt kriterium "X9" i regelsættet 2021-11-30 (forventede et af U1, U2, U3, U4, P1, F0, F1, F2, F3, F4)`,
			`unknown criterion "X9" in rule set 2021-11-30 (expected one of U1, U2, U3, U4, P1, F0, F1, F2, F3, F4)`},
		{`{"changes": []}`, 400, "year", "angiv et listeår (fx 2022)", "year is required (such as 2022)"},
		{`{"year": 1999, "changes": []}`, 404, "year", fmt.Sprintf("der er ingen offentliggjort liste for 1999; der er lister for %d–%d", firstYear, lastYear),
			fmt.Sprintf("there is no published list of 1999; there are lists of %d–%d", firstYear, lastYear)},
	}
	for _, a := range apis {
		code, body, _ := f.do(t, "POST", "/api/v1/whatif", strings.NewReader(a.body))
		var e apiError
		if err := json.Unmarshal(body, &e); err != nil || code != a.status {
			t.Fatalf("%s: %d %s", a.body, code, body)
		}
		want := apiErrorBody{Code: string(blandby.CodeOf(errFor(a.status))), Message: a.en, Field: a.field, Text: &blandby.Text{DA: a.da, EN: a.en}}
		if e.Error.Code != want.Code || e.Error.Message != want.Message || e.Error.Field != want.Field || e.Error.Text == nil || *e.Error.Text != *want.Text {
			t.Errorf("%s:\n got %s\nwant %+v", a.body, body, want)
		}
	}
}

// errFor is an error of the code an HTTP status answers.
func errFor(status int) error {
	if status == http.StatusNotFound {
		return blandby.Errorf(blandby.CodeNotFound, "")
	}
	return blandby.Errorf(blandby.CodeInvalid, "")
}
