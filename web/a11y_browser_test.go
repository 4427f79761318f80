//go:build !race

package web

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/internal/browser"
)

// TestBrowserAccessibility opens every page in Danish and English, as
// nobody and signed in as each role, and runs axe-core's WCAG 2.1 A and AA
// rules on it: none may fail.
func TestBrowserAccessibility(t *testing.T) {
	f := testFixture(t)
	ts := httptest.NewServer(f.srv)
	t.Cleanup(ts.Close) // after the parallel subtests
	var listed listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d?category=listed", lastYear), &listed)
	area := listed.Areas[0].AreaID
	public := []string{"/", fmt.Sprintf("/lister/%d", lastYear), fmt.Sprintf("/lister/%d?category=parallelsamfund", lastYear),
		fmt.Sprintf("/lister/%d?q=k&municipality=101", lastYear),
		"/omraader/" + area, "/regler", "/hvad-hvis", "/monitor", "/login", "/findes-ikke"}
	own, _ := planAreas(t, f)
	signedIn := []string{"/planer", "/planer/" + own.ID, "/udlejning", "/tildeling", "/revisionsspor",
		"/tildeling/politik", "/tildeling/politik/101?version=1", "/tildeling/venteliste", "/tildeling/beslutninger", "/tildeling/beslutninger/" + demo.LettingDecisionID}
	for _, role := range []string{"", "admin", "ministry", "municipality", "housing_org", "landlord"} {
		t.Run("role="+role, func(t *testing.T) {
			t.Parallel() // each role has its own browser; the pages only read
			b := browser.New(t)
			pages := public
			if role != "" {
				browserSignIn(t, b, ts.URL, f.users[role])
				pages = append(append([]string{}, public[:len(public)-2]...), signedIn...)
				if role == "admin" || role == "ministry" {
					pages = append(pages, "/offentliggoerelse")
				}
			}
			for _, lang := range []string{"da", "en"} {
				for _, path := range pages {
					sep := "?"
					if strings.Contains(path, "?") {
						sep = "&"
					}
					p := b.Open(t, ts.URL+path+sep+"lang="+lang)
					p.Axe(t, role+" "+path+" "+lang)
					p.Close()
				}
			}
		})
	}
}
