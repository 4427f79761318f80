//go:build !race

package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/blandby/blandby/internal/browser"
)

// TestRentalFormErrorsBrowser: the municipality allocates a vacancy to a
// reference that looks like a CPR number, and the landlord offers a
// dwelling dated before the vacancy, in Danish and English: the page
// comes back with the ledger row's form open, the error beside the field
// it names (aria-invalid, aria-describedby) and in the summary linking to
// it, what was typed kept, and axe finds no WCAG 2.1 A/AA violation with
// the error shown.
func TestRentalFormErrorsBrowser(t *testing.T) {
	f := testFixture(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	for _, tc := range []struct {
		role, form, field, value string
		told                     map[string]string
	}{
		{"municipality", `form[action="/udlejning/anvisning"]`, "applicant_ref", "010190-1234",
			map[string]string{"da": "Referencen ligner et CPR-nummer; skriv en pseudonym reference.", "en": "The reference looks like a CPR number; give a pseudonymous reference."}},
		{"landlord", `form[action="/udlejning/tilbud"]`, "date", "2000-01-01",
			map[string]string{"da": "Datoen ligger før den dag, boligen blev ledig", "en": "The date is before the day the dwelling became vacant"}},
	} {
		t.Run(tc.role, func(t *testing.T) {
			b := browser.New(t)
			browserSignIn(t, b, ts.URL, f.users[tc.role])
			for _, lang := range []string{"da", "en"} {
				p := b.Open(t, ts.URL+"/udlejning?lang="+lang)
				form := "#rental-ledger " + tc.form
				p.Click(t, "#rental-ledger details.ledger-act:has("+tc.form+") summary")
				if tc.role == "municipality" {
					p.SetValue(t, form+" [name=applicant_ref]", tc.value)
				} else {
					p.SetValue(t, form+" [name=dwelling]", "99.tv")
					p.SetValue(t, form+" [name=date]", tc.value)
				}
				p.Submit(t, form)
				var got struct {
					Open, Invalid, Value, Beside, Summary, Link string
				}
				p.Eval(t, `(() => {
					const el = document.querySelector("#rental-ledger details.ledger-act[open] [name=`+tc.field+`]");
					if (!el) return {};
					const err = document.getElementById(el.getAttribute("aria-describedby") || "-");
					const link = document.querySelector('#rental-errors a[href="#' + el.id + '"]');
					return {Open: el.closest("details").open ? "open" : "", Invalid: el.getAttribute("aria-invalid") || "", Value: el.value,
						Beside: err ? err.innerText.trim() : "", Summary: document.querySelector("#rental-errors") ? document.querySelector("#rental-errors").innerText : "",
						Link: link ? link.innerText.trim() : ""};
				})()`, &got)
				if got.Open != "open" || got.Invalid != "true" || got.Value != tc.value {
					t.Errorf("%s: the field %s after the error: %+v, want its form open, aria-invalid and %q kept", lang, tc.field, got, tc.value)
				}
				if !strings.Contains(got.Beside, tc.told[lang]) || !strings.Contains(got.Link, tc.told[lang]) {
					t.Errorf("%s: beside the field %q, in the summary's link %q; want %q", lang, got.Beside, got.Link, tc.told[lang])
				}
				p.Axe(t, tc.role+" /udlejning error "+lang)
				noSideways(t, p)
				if lang == "da" {
					p.Screenshot(t, "rental-error-"+tc.role+"-da")
				}
				p.Close()
			}
		})
	}
}

// TestRentalPageFormErrorsBrowser: the municipality's decision with too
// short a reason, and the landlord's vacancy report of a dwelling with no
// rooms (sent by a browser that does not check the form itself), come back
// in Danish and English with the form open, the error beside its field
// and linked from the summary, what was typed kept, and no axe violation.
func TestRentalPageFormErrorsBrowser(t *testing.T) {
	f := testFixture(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	for _, tc := range []struct {
		role, form, open, id string
		fill                 map[string]string
		kept                 string
		told                 map[string]string
	}{
		{"municipality", "#rental-decision", "#rental-new-decision summary", "decision-reason",
			map[string]string{"#decision-id": "beslutning-kort", "#decision-date": "2022-12-07", "#decision-reason": "kort"}, "kort",
			map[string]string{"da": "Skriv, hvorfor aftaler ikke er nok (mindst 10 tegn).", "en": "Say why agreements are not enough (at least 10 characters)."}},
		{"landlord", "#rental-report", "", "report-rooms",
			map[string]string{"#report-dwelling": "7.mf", "#report-rooms": "0"}, "0",
			map[string]string{"da": "En bolig har mindst 1 værelse, ikke 0.", "en": "A dwelling has at least 1 room, not 0."}},
	} {
		t.Run(tc.role, func(t *testing.T) {
			b := browser.New(t)
			browserSignIn(t, b, ts.URL, f.users[tc.role])
			for _, lang := range []string{"da", "en"} {
				p := b.Open(t, ts.URL+"/udlejning?lang="+lang)
				if tc.open != "" {
					p.Click(t, tc.open)
				}
				if tc.role == "municipality" {
					p.Click(t, `#rental-decision input[name=properties]`)
				}
				for sel, v := range tc.fill {
					p.SetValue(t, sel, v)
				}
				p.Eval(t, `document.querySelector("`+tc.form+`").noValidate = true`, nil)
				p.Submit(t, tc.form)
				var got struct{ Open, Invalid, Value, Beside, Link string }
				p.Eval(t, `(() => {
					const el = document.getElementById("`+tc.id+`");
					if (!el) return {};
					const err = document.getElementById(el.getAttribute("aria-describedby") || "-");
					const link = document.querySelector('#rental-errors a[href="#`+tc.id+`"]');
					const d = el.closest("details");
					return {Open: !d || d.open ? "open" : "", Invalid: el.getAttribute("aria-invalid") || "", Value: el.value,
						Beside: err ? err.innerText.trim() : "", Link: link ? link.innerText.trim() : ""};
				})()`, &got)
				if got.Open != "open" || got.Invalid != "true" || got.Value != tc.kept {
					t.Errorf("%s: #%s after the error: %+v, want its form open, aria-invalid and %q kept", lang, tc.id, got, tc.kept)
				}
				if got.Beside != tc.told[lang] || !strings.Contains(got.Link, tc.told[lang]) {
					t.Errorf("%s: beside the field %q, in the summary's link %q; want %q", lang, got.Beside, got.Link, tc.told[lang])
				}
				p.Axe(t, tc.role+" /udlejning form error "+lang)
				noSideways(t, p)
				if lang == "da" {
					p.Screenshot(t, "rental-form-error-"+tc.role+"-da")
				}
				p.Close()
			}
		})
	}
}
