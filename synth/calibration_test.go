//go:build !race

// This file's tests are in the full-scale tier: a long sequential
// computation, so the race detector finds nothing in it and makes it 5–10×
// slower. make test runs them in a second pass without it (Makefile,
// FULLSCALE).

package synth

import (
	"context"
	"strings"
	"testing"

	"github.com/blandby/blandby"
)

// TestCalibration computes list years 2014–2024 from the default synthetic
// Denmark (scale 1, area residents and the reference) and checks the counts
// against the published ones: within ±25 % for 2018–2024 and falling. (The
// 2018–2024 counts are those of the full 2010–2024 run of bench/calibrate,
// which also shows the earlier ghetto lists; starting at 2014 saves the
// yearly statuses of four data years.)
func TestCalibration(t *testing.T) {
	if testing.Short() {
		t.Skip("the calibration lives 5.9 million persons through 18 years")
	}
	c, err := Calibrate(context.Background(), Config{Seed: DefaultSeed}, 2014)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := c.Markdown(&b); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", b.String())
	for _, p := range c.Problems() {
		t.Error(p)
	}
	// The checks can fail: a count that is far off must be reported.
	bad := *c
	bad.Rows = append([]CalibrationRow(nil), c.Rows...)
	for i := range bad.Rows {
		if bad.Rows[i].Year == 2024 && bad.Rows[i].Category == blandby.Udsat {
			bad.Rows[i].Synthetic = 100
		}
	}
	if len(bad.Problems()) < 2 {
		t.Errorf("a 2024 udsat count of 100 is not reported: %v", bad.Problems())
	}
}
