package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDemo: the demo publishes every list year into the database and
// prints the table; a second run reuses the database and prints the same
// table; serve then serves the lists of that database, marked synthetic.
func TestDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "blandby.db")
	args := []string{"demo", "--no-serve", "--addr", "127.0.0.1:18080", "--scale", "0.3", "--first-year", "2020", "--last-year", "2022"}
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
	if again := mustRun(t, db, args...); again != first {
		t.Errorf("second run:\n%s\nfirst run:\n%s", again, first)
	}
	if pubs2 := mustRun(t, db, "publications"); pubs2 != pubs {
		t.Errorf("the second run published again:\n%s", pubs2)
	}

	cmd := exec.Command(os.Args[0], "--db", db, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "BLANDBY_TEST_MAIN=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u := regexp.MustCompile(`http://[0-9.:]+/`).FindString(sc.Text()); u != "" {
				urls <- u
			}
		}
	}()
	var url string
	select {
	case url = <-urls:
	case <-time.After(time.Minute):
		t.Fatal("serve printed no URL")
	}
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
