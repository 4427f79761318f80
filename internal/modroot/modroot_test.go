package modroot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root, err := Find(wd)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Dir(filepath.Dir(wd)); root != want { // internal/modroot
		t.Errorf("Find(%s) = %s; want %s", wd, root, want)
	}
	lonely := t.TempDir()
	if strings.HasPrefix(lonely, root+string(filepath.Separator)) {
		t.Skipf("the temporary directory %s is inside the repository", lonely)
	}
	if got, err := Find(lonely); err == nil {
		t.Errorf("Find(%s) = %s, nil; want an error: there is no go.mod above it", lonely, got)
	}
}
