package demotest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlite"
)

// small are the options of the web tests' demo (web/web_test.go), so that
// this test prepares no database of its own in a go test ./... run.
var small = demo.Options{Scale: 0.5, FirstYear: 2018, LastYear: 2022, SoftwareVersion: "test"}

// TestCopy: each copy holds the demo, and a change to one copy is not in
// another.
func TestCopy(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	open := func(name string) store.Store {
		db := filepath.Join(dir, name)
		if err := Copy(ctx, db, small); err != nil {
			t.Fatal(err)
		}
		st, err := sqlite.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if ok, err := demo.IsSynthetic(ctx, st); err != nil || !ok {
			t.Fatalf("%s: synthetic %v, %v: want the demo", name, ok, err)
		}
		return st
	}
	a, b := open("a.db"), open("b.db")
	if _, err := a.AddUser(ctx, store.User{Name: "demotest", Role: "admin", CreatedAt: time.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.User(ctx, "demotest"); blandby.CodeOf(err) != blandby.CodeNotFound {
		t.Errorf("the user added to one copy is in the other: %v", err)
	}
	if err := Copy(ctx, filepath.Join(dir, "a.db"), small); err == nil {
		t.Error("Copy overwrote an existing file")
	}
	if err := Copy(ctx, filepath.Join(dir, "c.db"), demo.Options{Progress: func(blandby.Text) {}}); err == nil {
		t.Error("Copy accepted options with Progress")
	}
}

// TestCacheKey: the key depends on the options.
func TestCacheKey(t *testing.T) {
	k1, err := cacheKey(fmt.Sprintf("demo %+v", small))
	if err != nil {
		t.Fatal(err)
	}
	again, err := cacheKey(fmt.Sprintf("demo %+v", small))
	if err != nil {
		t.Fatal(err)
	}
	other := small
	other.Seed++
	k2, err := cacheKey(fmt.Sprintf("demo %+v", other))
	if err != nil {
		t.Fatal(err)
	}
	if k1 != again || k1 == k2 || len(k1) != 64 {
		t.Errorf("keys %s, %s (again) and %s (another seed)", k1, again, k2)
	}
}

// TestSynth: the register files are written once and the same directory is
// returned again; other arguments give another directory.
func TestSynth(t *testing.T) {
	ctx := context.Background()
	args := []string{"--population", "areas", "--years", "2020", "--scale", "0.01"}
	a, err := Synth(ctx, args...)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"areas.csv", "reference.csv", "register-2020.csv"} {
		if _, err := os.Stat(filepath.Join(a, name)); err != nil {
			t.Errorf("the synthetic files lack %s: %v", name, err)
		}
	}
	if again, err := Synth(ctx, args...); err != nil || again != a {
		t.Errorf("again: %s, %v; want %s", again, err, a)
	}
	if other, err := Synth(ctx, "--population", "areas", "--years", "2020", "--scale", "0.02"); err != nil || other == a {
		t.Errorf("other arguments: %s, %v", other, err)
	}
}
