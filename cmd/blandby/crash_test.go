//go:build !race

// This file's tests are in the full-scale tier: they run the blandby
// binary (this test binary) again and again and kill it, so the race
// detector, which finds nothing in a killed child, makes them 5–10× slower.
// make test runs them in a second pass without it (Makefile, FULLSCALE).

package main

import (
	"strings"
	"testing"
	"time"
)

// TestCrashSafety kills blandby with SIGKILL inside each writing operation,
// after every row is written and before the commit, and checks that after
// a restart the database is consistent and holds nothing of the operation;
// then runs the operation to completion and checks that all of it is there.
func TestCrashSafety(t *testing.T) {
	skipCrashInShort(t)
	fx := testFixture(t)
	eachBackend(t, func(t *testing.T, db string) {
		mustRun(t, db, "import", "areas", fx.areas, "--geometry", fx.geometry)
		steps := []struct {
			failpoint string
			args      []string
			want      func(c contents) contents
		}{
			{"store.indicators", []string{"import", "indicators", fx.indicators},
				func(c contents) contents { c.sets += 5; c.setRows += 5 * 249; return c }},
			{"store.computation", []string{"compute", "--register", fx.register, "--areas", fx.areas, "--reference", fx.reference, "--years", "2020-2024", "--save"},
				func(c contents) contents { c.sets += 5; c.setRows += 5 * 249; c.computations += 5; return c }},
			{"store.publish", []string{"publish", "--year", "2020"},
				func(c contents) contents { c.publications++; c.entries += 249; return c }},
			{"store.publish", []string{"publish", "--year", "2020", "--correct", "--reason", "test"},
				func(c contents) contents { c.publications++; c.entries += 249; return c }},
		}
		for _, s := range steps {
			before := count(t, db)
			start(t, db, []string{"BLANDBY_FAILPOINT=" + s.failpoint}, s.args...).killAt(t, s.failpoint)
			if got := count(t, db); got != before {
				t.Fatalf("%s killed at %s: the database holds %v, want what it held before: %v", strings.Join(s.args, " "), s.failpoint, got, before)
			}
			if out := mustRun(t, db, "check"); !strings.Contains(out, " 0 problems") {
				t.Fatalf("check after the crash:\n%s", out)
			}
			mustRun(t, db, s.args...)
			if got, want := count(t, db), s.want(before); got != want {
				t.Fatalf("%s: the database holds %v, want %v", strings.Join(s.args, " "), got, want)
			}
		}
	})
}

// TestCrashDuringImportAtRandom kills a large import at moments spread
// over the second half of its run, where it writes (it reads and checks
// the file first): whatever the moment, the import is stored whole or not
// at all.
func TestCrashDuringImportAtRandom(t *testing.T) {
	skipCrashInShort(t)
	fx := testFixture(t)
	const years, areas = 5, 249 * largeCopies
	eachBackend(t, func(t *testing.T, db string) {
		began := time.Now()
		mustRun(t, db, "import", "indicators", fx.large)
		full := time.Since(began)
		outcomes := map[string]int{}
		for k := range 7 {
			at := full/2 + full*time.Duration(k)/10 // 50 %, 60 %, …, 110 %
			before := count(t, db)
			p := start(t, db, nil, "import", "indicators", fx.large)
			time.Sleep(at)
			p.kill(t)
			c := count(t, db)
			switch {
			case c == before:
				outcomes["nothing"]++
			case c.sets == before.sets+years && c.setRows == before.setRows+years*areas:
				outcomes["all"]++
			default:
				t.Fatalf("killed after %v of an import taking %v: the database holds %v, was %v: an import is there in part", at, full, c, before)
			}
		}
		t.Logf("an import takes %v; killed from half of that on, it left %v", full, outcomes)
		if out := mustRun(t, db, "check"); !strings.Contains(out, " 0 problems") {
			t.Fatalf("check after the crashes:\n%s", out)
		}
	})
}
