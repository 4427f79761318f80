//go:build !race

package web

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/browser"
	"github.com/blandby/blandby/rental"
	"github.com/blandby/blandby/store"
)

// rentalWhose is what the ledger's "whose" column says for a route.
var rentalWhose = map[rental.Route]blandby.Text{
	rental.RouteLandlord:  {DA: "udlejer", EN: "landlord"},
	rental.RouteRight:     {DA: "kommune (retten)", EN: "municipality (right)"},
	rental.RouteAgreement: {DA: "kommune (aftale)", EN: "municipality (agreement)"},
}

// rentalAnswerWhose is what the answer's heading says for a route.
var rentalAnswerWhose = map[rental.Route]blandby.Text{
	rental.RouteLandlord:  {DA: "Udlejerens", EN: "The landlord's"},
	rental.RouteRight:     {DA: "Kommunens (retten til hver 10. ledige bolig)", EN: "The municipality's (the right to every 10th vacancy)"},
	rental.RouteAgreement: {DA: "Kommunens (aftale)", EN: "The municipality's (agreement)"},
}

// rentalLedgerRow is a row of the page's ledger table.
type rentalLedgerRow struct{ Property, Seq, Dwelling, Whose, Why string }

// ledgerRows reads the page's ledger table.
func ledgerRows(t *testing.T, p *browser.Page) []rentalLedgerRow {
	t.Helper()
	var rows []rentalLedgerRow
	p.Eval(t, `Array.from(document.querySelectorAll("#rental-ledger tbody tr")).filter(tr => tr.cells.length === 7).map(tr => {
		const c = tr.cells;
		return {Property: c[0].innerText.trim(), Seq: c[1].innerText.trim(), Dwelling: c[2].childNodes[0].textContent.trim(), Whose: c[4].innerText.trim(), Why: c[5].innerText.trim()};
	})`, &rows)
	return rows
}

// TestRentalBrowser has the demo landlord report a vacancy through the
// rental page's form in Danish, checks the answer (whose the dwelling is
// and why, as the store booked it), then has the municipality open the
// page in English and find the vacancy in its ledger. Screenshots go to
// test-artifacts/screenshots.
func TestRentalBrowser(t *testing.T) {
	f := testFixture(t)
	ctx := context.Background()
	props, err := f.st.Properties(ctx, store.RentalFilter{LandlordCVR: "12345678"})
	if err != nil {
		t.Fatal(err)
	}
	var prop rental.Property
	for _, p := range props {
		if p.Municipality == 101 {
			prop = p
			break
		}
	}
	if prop.ID == "" {
		t.Fatal("the fixture's landlord 12345678 has no property in municipality 101")
	}
	const dwelling = "9.tv-browser"
	b := browser.Shared(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()

	browserSignIn(t, b, ts.URL, f.users["landlord"])
	p := b.Open(t, ts.URL+"/udlejning?lang=da")
	if got := p.Text(t, "main > h1"); got != "Private udlejningsboliger" {
		t.Errorf("landlord: title %q", got)
	}
	if n := p.Count(t, "#rental-properties tbody tr"); n != len(props) {
		t.Errorf("landlord: %d property rows, the store has %d", n, len(props))
	}
	before := len(ledgerRows(t, p))
	if before == 0 {
		t.Error("landlord: the ledger table is empty; the demo reported vacancies")
	}
	p.SetValue(t, "#rental-report select[name=property]", prop.ID)
	p.SetValue(t, "#rental-report input[name=dwelling]", dwelling)
	p.SetValue(t, "#rental-report input[name=rooms]", "3")
	p.SetValue(t, "#rental-report input[name=area_m2]", "85")
	p.SetValue(t, "#rental-report input[name=rent]", "11500")
	p.Submit(t, "#rental-report")

	// The store's booking is what the page must show.
	l, err := f.st.RentalLedger(ctx, store.RentalFilter{PropertyID: prop.ID})
	if err != nil {
		t.Fatal(err)
	}
	var e rental.Entry
	for _, x := range l.Entries {
		if x.Dwelling.ID == dwelling {
			e = x
		}
	}
	if e.Seq == 0 || len(e.Reasons) == 0 {
		t.Fatalf("the store has no vacancy %s in %s with reasons after the form: %+v", dwelling, prop.ID, e)
	}
	p.WaitVisible(t, "#rental-answer")
	if h := p.Text(t, "#rental-answer h2"); !strings.Contains(h, prop.ID) || !strings.Contains(h, dwelling) {
		t.Errorf("answer heading %q does not name %s and %s", h, prop.ID, dwelling)
	}
	if got, want := p.Text(t, "#rental-answer strong"), rentalAnswerWhose[e.Route].DA; got != want {
		t.Errorf("answer says %q; the store booked %s (%q)", got, e.Route, want)
	}
	var why []string
	p.Eval(t, `Array.from(document.querySelectorAll("#rental-answer li")).map(li => li.innerText.trim())`, &why)
	if len(why) != len(e.Reasons) || len(why) == 0 {
		t.Errorf("answer gives %d reasons, the store %d", len(why), len(e.Reasons))
	}
	for i := range min(len(why), len(e.Reasons)) {
		if r := e.Reasons[i]; !strings.Contains(why[i], r.Text.DA) || r.LegalRef != "" && !strings.Contains(why[i], r.LegalRef) {
			t.Errorf("reason %d %q, want the text %q and %q", i, why[i], r.Text.DA, r.LegalRef)
		}
	}
	rows := ledgerRows(t, p)
	if len(rows) != before+1 {
		t.Errorf("landlord: %d ledger rows after the report, %d before", len(rows), before)
	} else if r := rows[0]; r.Property != prop.ID || r.Dwelling != dwelling || r.Whose != rentalWhose[e.Route].DA {
		t.Errorf("landlord: the newest ledger row is %+v", r)
	}
	noSideways(t, p)
	p.NoErrors(t)
	p.Screenshot(t, "rental-landlord-da")
	p.Close()

	browserSignIn(t, b, ts.URL, f.users["municipality"])
	p = b.Open(t, ts.URL+"/udlejning?lang=en")
	if got := p.Text(t, "main > h1"); got != "Private rental housing" {
		t.Errorf("municipality: title %q", got)
	}
	if n := p.Count(t, "#rental-report"); n != 0 {
		t.Error("municipality: the page offers the landlord's vacancy form")
	}
	if n := p.Count(t, "#rental-decisions"); n != 1 {
		t.Error("municipality: no decisions table")
	}
	var codes []string
	p.Eval(t, `Array.from(document.querySelectorAll("#rental-decisions tbody td:nth-child(4), #rental-agreements tbody td:nth-child(3), #rental-ledger tbody td:nth-child(7)")).map(td => td.innerText.trim()).filter(s => s.includes("_") || /\d\. vacanc/.test(s))`, &codes)
	if len(codes) > 0 {
		t.Errorf("municipality: codes or Danish ordinals shown in English: %q", codes)
	}
	found := false
	for _, r := range ledgerRows(t, p) {
		if strings.Contains(r.Why, "..") || strings.Contains(r.Why, ". the") {
			t.Errorf("municipality: the reasons of ledger row %+v are run together", r)
		}
		if r.Property == prop.ID && r.Dwelling == dwelling {
			found = true
			if r.Whose != rentalWhose[e.Route].EN || !strings.Contains(r.Why, e.Reasons[0].Text.EN) {
				t.Errorf("municipality: ledger row %+v; the store booked %s for %q", r, e.Route, e.Reasons[0].Text.EN)
			}
		}
	}
	if !found {
		t.Errorf("municipality: the ledger does not show %s %s", prop.ID, dwelling)
	}
	noSideways(t, p)
	p.NoErrors(t)
	p.Screenshot(t, "rental-municipality-en")
	p.Close()
}

// TestRentalLedgerBrowser opens the rental page as the municipality and as
// the landlord, in Danish and English, at the browser's 1366 px: the
// ledger fits the window, the reasons column is the widest and shows
// every reason in words, a row's allocation or offer form opens with a
// label on every field, and axe finds no WCAG 2.1 A/AA violation.
func TestRentalLedgerBrowser(t *testing.T) {
	f := testFixture(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	for _, tc := range []struct{ role, form string }{
		{"municipality", `form[action="/udlejning/anvisning"]`},
		{"landlord", `form[action="/udlejning/tilbud"]`},
	} {
		t.Run(tc.role, func(t *testing.T) {
			b := browser.New(t)
			browserSignIn(t, b, ts.URL, f.users[tc.role])
			for _, lang := range []string{"da", "en"} {
				p := b.Open(t, ts.URL+"/udlejning?lang="+lang)
				var w struct{ Table, Window, Why, Widest int }
				p.Eval(t, `(() => {
					const cols = Array.from(document.querySelectorAll("#rental-ledger thead th")).map(th => th.getBoundingClientRect().width);
					return {Table: Math.ceil(document.querySelector("#rental-ledger").getBoundingClientRect().right), Window: window.innerWidth,
						Why: Math.round(cols[5]), Widest: Math.round(Math.max(...cols))};
				})()`, &w)
				if w.Table > w.Window {
					t.Errorf("%s: the ledger ends at %d px, the window is %d px", lang, w.Table, w.Window)
				}
				if w.Why != w.Widest || w.Why < 300 {
					t.Errorf("%s: the reasons column is %d px, the widest %d px", lang, w.Why, w.Widest)
				}
				// Every reason the store gave is a line of its own, in words.
				var lines []int
				p.Eval(t, `Array.from(document.querySelectorAll("#rental-ledger tbody tr")).filter(tr => tr.cells.length === 7).map(tr => tr.cells[5].querySelectorAll("li").length)`, &lines)
				if len(lines) == 0 || slices.Contains(lines, 0) {
					t.Errorf("%s: reasons per ledger row %v", lang, lines)
				}
				if n := p.Count(t, "#rental-ledger "+tc.form); n == 0 {
					t.Fatalf("%s: the ledger offers no %s", lang, tc.form)
				}
				p.Click(t, "#rental-ledger details.ledger-act summary")
				var unlabelled []string
				p.Eval(t, `Array.from(document.querySelectorAll("#rental-ledger details[open] input:not([type=hidden]), #rental-ledger details[open] select")).filter(el => !el.labels || el.labels.length === 0 || !el.labels[0].innerText.trim()).map(el => el.name)`, &unlabelled)
				if len(unlabelled) > 0 {
					t.Errorf("%s: fields without a visible label: %v", lang, unlabelled)
				}
				p.Axe(t, tc.role+" /udlejning "+lang)
				noSideways(t, p)
				p.NoErrors(t)
				if lang == "da" && tc.role == "municipality" {
					p.Eval(t, `window.scrollTo(0, 0); true`, nil) // the table headers stick to the top of the window
					p.Screenshot(t, "rental-ledger-da")
				}
				p.Close()
			}
		})
	}
}
