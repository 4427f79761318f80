// Package htmltest reads rendered pages in tests.
package htmltest

import (
	"strings"
	"testing"
)

// Between returns the part of s from the first start to the end after it,
// and fails the test when either is missing.
func Between(t testing.TB, s, start, end string) string {
	t.Helper()
	_, after, ok := strings.Cut(s, start)
	if !ok {
		t.Fatalf("no %q", start)
	}
	in, _, ok := strings.Cut(after, end)
	if !ok {
		t.Fatalf("no %q after %q", end, start)
	}
	return in
}
