package blandby_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestFullScaleTierRuns: every test in a file built only without the race
// detector (//go:build !race, the full-scale tier) is named in the
// Makefile's FULLSCALE pattern, and every package holding one is in
// FULLSCALE_PKGS, so that make test runs it in its second pass; a test
// missed there would run nowhere.
func TestFullScaleTierRuns(t *testing.T) {
	mk, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	pattern := regexp.MustCompile(`(?m)^FULLSCALE\s*=\s*(.+)$`).FindSubmatch(mk)
	pkgs := regexp.MustCompile(`(?m)^FULLSCALE_PKGS\s*=\s*(.+)$`).FindSubmatch(mk)
	if pattern == nil || pkgs == nil {
		t.Fatal("the Makefile has no FULLSCALE or FULLSCALE_PKGS")
	}
	runs, err := regexp.Compile(strings.ReplaceAll(string(pattern[1]), "$$", "$"))
	if err != nil {
		t.Fatal(err)
	}
	listed := strings.Fields(string(pkgs[1]))
	found := 0
	err = filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(string(src), "//go:build !race\n") {
			return nil
		}
		if dir := "./" + filepath.Dir(path); !slices.Contains(listed, dir) {
			t.Errorf("%s: package %s is not in FULLSCALE_PKGS", path, dir)
		}
		for _, m := range regexp.MustCompile(`(?m)^func (Test\w+)\(`).FindAllStringSubmatch(string(src), -1) {
			found++
			if !runs.MatchString(m[1]) {
				t.Errorf("%s: %s is not in FULLSCALE: make test would never run it", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Error("no full-scale test found: the check proves nothing")
	}
}
