//go:build !race

package web

import (
	"net/http/httptest"
	"testing"

	"github.com/blandby/blandby/internal/browser"
)

// TestMonitorBrowser: the monitor page draws its charts without errors,
// with the break marker on both.
func TestMonitorBrowser(t *testing.T) {
	f := testFixture(t)
	b := browser.Shared(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	for _, lang := range []string{"da", "en"} {
		p := b.Open(t, ts.URL+"/monitor?lang="+lang)
		p.WaitUntil(t, `document.querySelectorAll("canvas").length === 2 && Array.from(document.querySelectorAll("canvas")).every(c => Chart.getChart(c) && c.dataset.break)`)
		p.NoErrors(t)
		p.Screenshot(t, "monitor-"+lang)
		p.Close()
	}
}
