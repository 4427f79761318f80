package letting

import (
	"strings"
	"testing"

	"github.com/blandby/blandby"
)

// TestShareExceptionShowsExceeding: § 59, stk. 7, 2. pkt. lifts the limits
// when the share "overstiger 30 pct."; a share a hair over 30 % is written
// with the decimals that show it over, never as "30,00 %".
func TestShareExceptionShowsExceeding(t *testing.T) {
	got := msgShareException(blandby.NewRatio(300001, 1000000), blandby.NewRatio(30, 100))
	if !strings.Contains(got.DA, "30,0001 %") || !strings.Contains(got.EN, "30.0001%") {
		t.Errorf("%+v: want 30,0001 %% and 30.0001%%", got)
	}
}
