//go:build !race

package web

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/blandby/blandby/internal/browser"
)

// TestBrowserLanguagePages runs axe-core on the pages of this part in
// Danish and English: the what-if page with a field error shown, a
// refused page (signed in as a landlord) and a page that does not exist;
// it takes their screenshots.
func TestBrowserLanguagePages(t *testing.T) {
	f := testFixture(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	b := browser.New(t)
	anonymous := []struct{ name, path string }{
		{"whatif-error", fmt.Sprintf("/hvad-hvis?year=%d&U1=abc&U2=-1&run=1", lastYear)},
		{"not-found", "/findes-ikke"},
		{"sign-in-needed", "/planer"},
	}
	for _, lang := range []string{"da", "en"} {
		for _, pg := range anonymous {
			p := b.Open(t, ts.URL+pg.path+map[bool]string{true: "&", false: "?"}[pg.name == "whatif-error"]+"lang="+lang)
			p.Axe(t, pg.name+" "+lang)
			noSideways(t, p)
			p.Screenshot(t, "language-"+pg.name+"-"+lang)
			p.Close()
		}
	}
	browserSignIn(t, b, ts.URL, f.users["landlord"])
	for _, lang := range []string{"da", "en"} {
		p := b.Open(t, ts.URL+"/planer?lang="+lang)
		p.Axe(t, "denied "+lang)
		noSideways(t, p)
		p.Screenshot(t, "language-denied-"+lang)
		p.Close()
	}
}
