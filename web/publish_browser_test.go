//go:build !race

package web

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/blandby/blandby/internal/apptest"
	"github.com/blandby/blandby/internal/browser"
)

// TestPublishBrowser signs in as the ministry, looks at what would be
// published in English and Danish (axe-core finds nothing), publishes the
// year through the form and follows the link to the new list. The Danish
// page is the screenshot publish-da.
func TestPublishBrowser(t *testing.T) {
	f, _ := publishFixture(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	b := browser.New(t)
	browserSignIn(t, b, ts.URL, f.users["ministry"])
	p := b.Open(t, ts.URL+publishPath+"?lang=en")
	if got := p.Text(t, "#publish-ok"); !strings.Contains(got, "can be published") {
		t.Errorf("en: the check says %q", got)
	}
	p.Axe(t, "publish en")
	noSideways(t, p)
	p.Close()
	p = b.Open(t, ts.URL+publishPath+"?lang=da")
	p.Axe(t, "publish da")
	noSideways(t, p)
	p.Screenshot(t, "publish-da")
	p.Click(t, "#publish-confirm")
	p.Submit(t, "#publish-form")
	done := p.Text(t, "#publish-done")
	if want := fmt.Sprintf("Listerne for %d er offentliggjort (revision 1): ", nextYear); !strings.Contains(done, want) {
		t.Fatalf("after publishing: %q, want %q", done, want)
	}
	p.Axe(t, "published da")
	p.Screenshot(t, "publish-done-da")
	p.Click(t, "#publish-done a")
	p.WaitUntil(t, fmt.Sprintf(`location.pathname === "/lister/%d"`, nextYear))
	if n := p.Count(t, "table tbody tr"); n == 0 {
		t.Errorf("the list of %d shows no area", nextYear)
	}
	p.NoErrors(t)
	p.Close()
}

// TestPublishBrowserStale: signed in as the ministry, a stale computation
// is shown refused, in words and with the differing lists, and no form
// offers to publish it; axe-core finds nothing. The screenshot is
// publish-stale-da.
func TestPublishBrowserStale(t *testing.T) {
	fx := apptest.NewStale(t)
	f := mustFixtureOn(t, fx.Store, fx.Catalog)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	b := browser.New(t)
	browserSignIn(t, b, ts.URL, f.users["ministry"])
	p := b.Open(t, fmt.Sprintf("%s%s?year=%d&lang=da", ts.URL, publishPath, apptest.StaleYear))
	if got := p.Text(t, "#publish-refusal"); !strings.Contains(got, "kan ikke offentliggøres") {
		t.Errorf("the refusal says %q", got)
	}
	if n := p.Count(t, "#publish-stale tbody tr"); n != 1 {
		t.Errorf("%d differences shown, want 1", n)
	}
	if n := p.Count(t, "#publish-form"); n != 0 {
		t.Error("a stale computation is offered for publishing")
	}
	p.Axe(t, "publish stale da")
	p.Screenshot(t, "publish-stale-da")
	p.Close()
}
