package main

import (
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDemo: the demo publishes every list year into the database and
// prints the table; a second run reuses the database and prints the same
// table; serve then serves the lists of that database, marked synthetic.
func TestDemo(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "blandby.db")
	args := []string{"demo", "--lang", "da", "--no-serve", "--addr", "127.0.0.1:18080", "--scale", "0.3", "--first-year", "2020", "--last-year", "2022"}
	first := mustRun(t, db, args...)
	// The demo credentials are printed by the run that creates them only.
	table, creds, ok := strings.Cut(first, "\nDemo-brugere")
	if !ok || !regexp.MustCompile(`Bearer bby_[0-9a-f]{16}_[a-z0-9]+" http://127.0.0.1:18080/api/v1/audit`).MatchString(creds) {
		t.Fatalf("demo: no demo credentials\n%s", first)
	}
	for _, u := range []string{"demo-admin", "demo-ministerium", "municipality:101", "housing_org:demo-boligselskab", "landlord:12345678", "syntetiske"} {
		if !strings.Contains(creds, u) {
			t.Errorf("demo credentials: missing %q", u)
		}
	}
	first = table
	for _, want := range []string{"2020", "2021", "2022", "forebyggelse"} {
		if !strings.Contains(first, want) {
			t.Fatalf("demo: missing %q\n%s", want, first)
		}
	}
	pubs := mustRun(t, db, "publications")
	if n := strings.Count(pubs, "blandby demo"); n != 3 {
		t.Fatalf("%d publications by the demo, want 3:\n%s", n, pubs)
	}
	// The second run prints the same table and, instead of credentials,
	// how to give a demo user a new password.
	again, hint, _ := strings.Cut(mustRun(t, db, args...), "Demo-brugerne findes allerede")
	if again != first || !strings.Contains(hint, "blandby users set-password") {
		t.Errorf("second run:\n%s%s\nfirst run:\n%s", again, hint, first)
	}
	if pubs2 := mustRun(t, db, "publications"); pubs2 != pubs {
		t.Errorf("the second run published again:\n%s", pubs2)
	}

	_, url := startServe(t, db)
	resp, err := http.Get(url + "lister/2022")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `id="synthetic-banner"`) {
		t.Errorf("serve: %d, synthetic banner shown: %v", resp.StatusCode, strings.Contains(string(body), `id="synthetic-banner"`))
	}
}
