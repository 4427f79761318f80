package blandby_test

import (
	"os/exec"
	"strings"
	"testing"
)

// module is the module path every package import starts with.
const module = "github.com/blandby/blandby"

// deps lists the packages a pattern's packages import, directly or not.
func deps(t *testing.T, pattern string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", pattern).Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pattern, err)
	}
	return strings.Fields(string(out))
}

// TestDependenciesOneWay: the domain packages (the law and what applies it)
// never reach the store, the application acts or the front ends, and the
// store reaches no file reader (no parquet-go). Dependencies go one way:
// front ends → app → store and domain → root vocabulary.
func TestDependenciesOneWay(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	outer := []string{"/store", "/app", "/web", "/cmd/", "/demo", "/report", "/record", "/export"}
	for _, domain := range []string{"classify", "letting", "rental", "plan", "monitor", "law", "indicator"} {
		for _, d := range deps(t, "./"+domain+"/...") {
			for _, o := range outer {
				if strings.HasPrefix(d, module+o) {
					t.Errorf("%s reaches %s", domain, d)
				}
			}
		}
	}
	// msg, the catalogue of messages the domain packages use, reaches only
	// the root vocabulary and the libraries it loads its files with.
	for _, d := range deps(t, "./msg") {
		if strings.HasPrefix(d, module+"/") && d != module+"/msg" {
			t.Errorf("msg reaches %s", d)
		}
	}
	for _, d := range deps(t, "./store") {
		if strings.Contains(d, "parquet") || d == module+"/indicator" || d == module+"/register" {
			t.Errorf("store reaches %s", d)
		}
	}
}
