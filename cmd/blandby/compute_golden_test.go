//go:build !race

// This file's tests are in the full-scale tier: a long sequential
// computation, so the race detector finds nothing in it and makes it 5–10×
// slower. make test runs them in a second pass without it (Makefile,
// FULLSCALE).

package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/blandby/blandby/internal/demotest"
)

// TestComputeGolden generates a small synthetic Denmark (half scale, area
// residents and the reference file) and computes a run of list years from
// it: the counts per list and year, and one year's lists in full, against
// golden files. Omdannelse appears from 2018 because the run builds its
// own history from the years it computes.
func TestComputeGolden(t *testing.T) {
	t.Parallel()
	dir, err := demotest.Synth(context.Background(), "--population", "areas", "--years", "2012-2021", "--scale", "0.5")
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"compute", "--register", dir, "--areas", filepath.Join(dir, "areas.csv"), "--reference", filepath.Join(dir, "reference.csv")}
	counts, errOut, code := run(t, append(args, "--years", "2014-2022", "--lang", "da")...)
	if code != 0 {
		t.Fatal(errOut)
	}
	golden(t, "compute-2014-2022.txt", counts)
	lists, errOut, code := run(t, append(args, "--year", "2021", "--format", "csv")...)
	if code != 0 {
		t.Fatal(errOut)
	}
	golden(t, "compute-2021.csv", lists)
}
