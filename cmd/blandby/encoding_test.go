package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExcelWindows1252File: an indicator file as Danish Excel saves it
// (Windows-1252, ";" separators, decimal commas) is refused with the way
// out, and read with --encoding windows-1252.
func TestExcelWindows1252File(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "excel.csv")
	data := "year;area_id;area_name;residents;nonwestern_pct\r\n" +
		"2022;a1;\xC5lholm;1000;43,5\r\n"
	if err := os.WriteFile(in, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.csv")
	_, errOut, code := run(t, "convert", "--indicators", in, "--out", out)
	if code == 0 || !strings.Contains(errOut, in+":2:") ||
		!strings.Contains(errOut, "the file is not UTF-8; if it was saved by Excel in Windows-1252, use --encoding windows-1252") {
		t.Errorf("without --encoding: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused file was converted")
	}
	if _, errOut, code := run(t, "convert", "--indicators", in, "--out", out, "--encoding", "windows-1252"); code != 0 {
		t.Fatalf("with --encoding windows-1252: exit %d: %s", code, errOut)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), "2022,a1,1000,Ålholm,,,,43.5,") {
		t.Errorf("converted:\n%s", got)
	}
	if _, errOut, code := run(t, "convert", "--indicators", in, "--out", out, "--encoding", "latin9"); code != 2 || !strings.Contains(errOut, "unknown encoding") {
		t.Errorf("an unknown encoding: exit %d: %s", code, errOut)
	}
}
