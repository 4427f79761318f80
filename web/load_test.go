//go:build !race

// This file's test is in the full-scale tier: a load measurement, which the
// race detector would distort 5–10×. make test runs it in a second pass
// without it (Makefile, FULLSCALE).

package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/blandby/blandby/letting"
)

// TestLoadUnderAnonymousFlood measures, on loopback, the p99 latency of an
// admin's audit read and of a letting decision, alone and during a flood
// of anonymous denied requests with 60 KB paths from one address (the
// anonymous limit answers most of it 429). The flood comes from another
// process (this test binary again, floodMain) at the lowest CPU priority:
// an attacker's own work is on the attacker's machine, and on one machine
// of 2 cores it would otherwise be counted as the server's. It reports the
// figures; it fails only when a request fails. Not in -short.
func TestLoadUnderAnonymousFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("a load measurement")
	}
	// Signed-in callers unlimited; anonymous ones at the default limit,
	// then unlimited (the audit sampling alone).
	t.Run("anonymous limit", func(t *testing.T) { loadUnderFlood(t, Options{RequestRate: 1e6, RequestBurst: 1e6}) })
	t.Run("no anonymous limit", func(t *testing.T) {
		loadUnderFlood(t, Options{RequestRate: 1e6, RequestBurst: 1e6, AnonymousRate: -1})
	})
}

func loadUnderFlood(t *testing.T, opts Options) {
	f := testFixture(t)
	srv, err := New(f.st, f.cat, opts)
	if err != nil {
		t.Fatal(err)
	}
	// The server as blandby serve runs it (timeouts, header bound).
	ts := httptest.NewUnstartedServer(srv)
	ts.Config = srv.HTTPServer()
	ts.Start()
	defer ts.Close()
	admin, mun := f.users["admin"], f.users["municipality"]
	body, err := json.Marshal(lettingCase(testLettingDepartment(t, f).ID, letting.WaitingList, "DK"))
	if err != nil {
		t.Fatal(err)
	}
	do := func(method, path, token string, b []byte) int {
		req, _ := http.NewRequest(method, ts.URL+path, bytes.NewReader(b))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if b != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	p99 := func(what string, n int, req func() int) time.Duration {
		var ds []time.Duration
		for range n {
			began := time.Now()
			if code := req(); code != 200 {
				t.Errorf("%s: %d", what, code)
			}
			ds = append(ds, time.Since(began))
		}
		slices.Sort(ds)
		return ds[len(ds)*99/100]
	}
	measure := func(label string) {
		a := p99("audit read", 400, func() int { return do("GET", "/api/v1/audit?limit=1", admin.token, nil) })
		d := p99("letting decision", 400, func() int { return do("POST", "/api/v1/letting/decisions", mun.token, body) })
		t.Logf("%s: p99 audit read %v, letting decision %v", label, a, d)
	}
	measure("alone")
	flood := exec.Command(os.Args[0], "-test.run=^$")
	flood.Env = append(os.Environ(), floodEnv+"="+ts.URL+"/api/v1/plans")
	var counts bytes.Buffer
	flood.Stdout = &counts
	if err := flood.Start(); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Setpriority(syscall.PRIO_PROCESS, flood.Process.Pid, 19); err != nil {
		t.Logf("the flood runs at normal priority: %v", err)
	}
	time.Sleep(300 * time.Millisecond) // under way
	before := lastSeq(t, f.st)
	began := time.Now()
	measure("during an anonymous flood")
	_ = flood.Process.Signal(os.Interrupt)
	_ = flood.Wait()
	secs := time.Since(began).Seconds()
	var sent, limited, large int
	fmt.Sscan(counts.String(), &sent, &limited, &large)
	t.Logf("the flood: %d requests (%.0f/s), %d answered 429, %d answered 431; %d audit entries added",
		sent, float64(sent)/secs, limited, large, lastSeq(t, f.st)-before)
}
