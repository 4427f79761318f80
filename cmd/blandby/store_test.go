package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/internal/apptest"
	"github.com/blandby/blandby/internal/demotest"
	"github.com/blandby/blandby/internal/pgtest"
)

// TestMain lets the tests run this binary as the blandby command
// (BLANDBY_TEST_MAIN=1), so that they can kill a real process. The tests
// hash passwords with cheap argon2id parameters: the production ones take
// 64 MiB and most of a second a hash under the race detector.
func TestMain(m *testing.M) {
	productionParams = passwordParams
	passwordParams = cheapParams
	if os.Getenv("BLANDBY_TEST_MAIN") == "1" {
		main()
	}
	code := m.Run()
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

// fixtureDir holds the synthetic register files and indicator file the
// store tests share.
var fixtureDir string

// fixture is the synthetic data of the store tests: register files for
// data years 2017–2023 and the indicators of list years 2020–2024.
type fixture struct {
	register, areas, reference, geometry, indicators string
	// large holds the indicators of largeCopies copies of every area (other ids,
	// the same values): a large import of 4 × 249 areas × 5 list years.
	large string
}

// largeCopies is the number of copies of each area in fixture.large.
const largeCopies = 4

var makeFixture = sync.OnceValues(func() (fixture, error) {
	dir, err := os.MkdirTemp("", "blandby-store-test-")
	if err != nil {
		return fixture{}, err
	}
	fixtureDir = dir
	f := fixture{indicators: filepath.Join(dir, "indicators.csv"), large: filepath.Join(dir, "large.csv")}
	// The register files are shared, read-only (demotest.Synth).
	if f.register, err = demotest.Synth(context.Background(), "--scale", "0.2", "--years", "2017-2023"); err != nil {
		return fixture{}, err
	}
	f.areas, f.reference, f.geometry = filepath.Join(f.register, "areas.csv"), filepath.Join(f.register, "reference.csv"), filepath.Join(f.register, "areas.geojson")
	for _, args := range [][]string{
		{"compute", "--register", f.register, "--areas", f.areas, "--reference", f.reference, "--years", "2020-2024", "--out", f.indicators, "--format", "csv"},
	} {
		var stdout, stderr strings.Builder
		m := &Main{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
		if code := m.Run(context.Background(), args); code != 0 {
			return fixture{}, fmt.Errorf("blandby %s: status %d: %s", strings.Join(args, " "), code, stderr.String())
		}
	}
	return f, writeLarge(f.indicators, f.large)
})

// writeLarge writes largeCopies copies of every row of an indicator file,
// copy k with area ids 0101-S01 → 0101-<letter k>01.
func writeLarge(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		return err
	}
	col := slices.Index(rows[0], "area_id")
	out := [][]string{rows[0]}
	for k := range largeCopies {
		for _, r := range rows[1:] {
			r = slices.Clone(r)
			r[col] = strings.Replace(r[col], "-S", "-"+string(rune('A'+k)), 1)
			out = append(out, r)
		}
	}
	var buf strings.Builder
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(out); err != nil {
		return err
	}
	return os.WriteFile(to, []byte(buf.String()), 0o644)
}

func testFixture(t *testing.T) fixture {
	t.Helper()
	f, err := makeFixture()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// eachBackend runs f against an empty SQLite file and an empty PostgreSQL
// database (skipped, or failed under CI=true, without a server).
func eachBackend(t *testing.T, f func(t *testing.T, db string)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		f(t, filepath.Join(t.TempDir(), "blandby.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		f(t, pgtest.NewDatabase(t))
	})
}

// runDB runs blandby in-process on the database db.
func runDB(t *testing.T, db string, args ...string) (string, string, int) {
	t.Helper()
	return run(t, append([]string{"--db", db}, args...)...)
}

// mustRun runs blandby in-process on db and fails the test unless it
// succeeds.
func mustRun(t *testing.T, db string, args ...string) string {
	t.Helper()
	stdout, stderr, code := runDB(t, db, args...)
	if code != 0 {
		t.Fatalf("blandby %s: status %d\n%s", strings.Join(args, " "), code, stderr)
	}
	return stdout
}

// contents is what a database holds, counted.
type contents struct {
	sets, setRows, computations, publications, entries int
}

func (c contents) String() string {
	return fmt.Sprintf("%d indicator sets (%d rows), %d computations, %d publications (%d entries)",
		c.sets, c.setRows, c.computations, c.publications, c.entries)
}

// count opens the database and counts what it holds, reading every set
// and publication whole.
func count(t *testing.T, db string) contents {
	t.Helper()
	ctx := context.Background()
	st, err := openBackend(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var c contents
	sets, err := st.IndicatorSets(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sets {
		full, err := st.IndicatorSet(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.sets++
		c.setRows += len(full.Rows)
	}
	cs, err := st.Computations(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	c.computations = len(cs)
	pubs, err := st.Publications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pubs {
		full, err := st.Publication(ctx, p.Year, p.Revision)
		if err != nil {
			t.Fatal(err)
		}
		c.publications++
		c.entries += len(full.Entries)
	}
	return c
}

// process is a blandby command running in a child process.
type process struct {
	cmd    *exec.Cmd
	stderr *bufio.Reader
}

// start starts blandby in a child process on db, with extra environment.
func start(t *testing.T, db string, env []string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"--db", db}, args...)...)
	cmd.Env = append(append(os.Environ(), "BLANDBY_TEST_MAIN=1"), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return &process{cmd: cmd, stderr: bufio.NewReader(stderr)}
}

// killAt waits until the process reaches the failpoint, then kills it with
// SIGKILL.
func (p *process) killAt(t *testing.T, failpoint string) {
	t.Helper()
	reached := make(chan error, 1)
	go func() {
		var seen strings.Builder
		for {
			line, err := p.stderr.ReadString('\n')
			seen.WriteString(line)
			if strings.TrimSpace(line) == "failpoint "+failpoint+" reached" {
				reached <- nil
				return
			}
			if err != nil {
				reached <- fmt.Errorf("blandby ended before failpoint %s: %v\n%s", failpoint, err, seen.String())
				return
			}
		}
	}()
	select {
	case err := <-reached:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Minute):
		t.Fatalf("blandby did not reach failpoint %s", failpoint)
	}
	p.kill(t)
}

// kill kills the process with SIGKILL and reaps it.
func (p *process) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, p.stderr)
	_ = p.cmd.Wait()
}

// skipCrashInShort skips a crash test under go test -short (make check):
// they run the binary again and again and belong to make test.
func skipCrashInShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("crash test: make test runs it")
	}
}

// TestPublication: publishing a year twice is refused with a clear error;
// a correction needs a reason and keeps both revisions; check recomputes
// every published list from its recorded inputs and finds it identical,
// and finds a changed input file.
func TestPublication(t *testing.T) {
	fx := testFixture(t)
	eachBackend(t, func(t *testing.T, db string) {
		mustRun(t, db, "compute", "--register", fx.register, "--areas", fx.areas, "--reference", fx.reference, "--years", "2020-2022", "--save")
		first := mustRun(t, db, "publish", "--year", "2020", "--by", "Bolig- og Planstyrelsen")
		if !strings.Contains(first, "published 2020 revision 1") {
			t.Fatalf("publish:\n%s", first)
		}
		_, stderr, code := runDB(t, db, "publish", "--year", "2020")
		if code == 0 || !strings.Contains(stderr, "already published") || !strings.Contains(stderr, "--correct") {
			t.Fatalf("second publish: status %d\n%s", code, stderr)
		}
		if _, stderr, code := runDB(t, db, "publish", "--year", "2020", "--correct"); code != 2 || !strings.Contains(stderr, "reason") {
			t.Fatalf("correction without a reason: status %d\n%s", code, stderr)
		}
		if _, stderr, code := runDB(t, db, "publish", "--year", "2021", "--correct", "--reason", "x"); code == 0 || !strings.Contains(stderr, "2021") {
			t.Fatalf("correction of an unpublished year: status %d\n%s", code, stderr)
		}
		mustRun(t, db, "publish", "--year", "2020", "--correct", "--reason", "Ny opgørelse af beboertal")
		mustRun(t, db, "publish", "--year", "2021")

		pubs := mustRun(t, db, "publications", "--lang", "en")
		lines := strings.Split(strings.TrimSpace(pubs), "\n")
		if len(lines) != 4 || !strings.HasPrefix(lines[1], "2020  1 ") || !strings.HasPrefix(lines[2], "2020  2 ") ||
			!strings.Contains(lines[2], "Ny opgørelse af beboertal") || !strings.Contains(lines[1], "Bolig- og Planstyrelsen") {
			t.Fatalf("publications:\n%s", pubs)
		}
		rev1 := mustRun(t, db, "export", "--year", "2020", "--revision", "1")
		rev2 := mustRun(t, db, "export", "--year", "2020")
		if strings.ReplaceAll(rev1, ",1,", ",2,") == rev1 || len(csvRows(t, rev1)) != 250 || len(csvRows(t, rev2)) != 250 {
			t.Fatalf("exports of the two revisions:\n%.300s\n%.300s", rev1, rev2)
		}

		out := mustRun(t, db, "check", "--inputs")
		for _, want := range []string{"2020 revision 1", "2020 revision 2", "2021 revision 1", "recomputed identical", "3 publications checked, 0 problems"} {
			if !strings.Contains(out, want) {
				t.Errorf("check: missing %q\n%s", want, out)
			}
		}
		// A register file changed after the computation: check --inputs
		// finds it.
		changed := filepath.Join(t.TempDir(), "data")
		copyDir(t, fx.register, changed)
		mustRun(t, db, "compute", "--register", changed, "--areas", filepath.Join(changed, "areas.csv"), "--reference", filepath.Join(changed, "reference.csv"), "--year", "2022", "--save")
		mustRun(t, db, "publish", "--year", "2022")
		f, err := os.OpenFile(filepath.Join(changed, "register-2021.csv"), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString("\n")
		f.Close()
		stdout, _, code := runDB(t, db, "check", "--inputs")
		if code == 0 || !strings.Contains(stdout, "register-2021.csv") || !strings.Contains(stdout, "1 problem") {
			t.Fatalf("check --inputs after a register file changed: status %d\n%s", code, stdout)
		}
	})
}

// TestStoredHistoryDrivesOmdannelse: the lists published in the database
// are the history a later computation reads (omdannelse needs the earlier
// years' lists), a history file may not restate a published year, and a
// computation that read lists other than those published now is refused.
func TestStoredHistoryDrivesOmdannelse(t *testing.T) {
	fx := testFixture(t)
	yearRows := func(out, year string) string {
		var b strings.Builder
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, year+",") {
				b.WriteString(line + "\n")
			}
		}
		return b.String()
	}
	// Without a database: a run computes 2020–2023 and reads them for
	// 2024; 2024 alone has no history.
	runOut, _, _ := run(t, "compute", "--indicators", fx.indicators, "--years", "2020-2024", "--format", "csv")
	alone, _, _ := run(t, "compute", "--indicators", fx.indicators, "--year", "2024", "--format", "csv")
	want := yearRows(runOut, "2024")
	if !strings.Contains(want, ",omdannelse,") || want == yearRows(alone, "2024") {
		t.Fatalf("the fixture must have an omdannelsesområde in 2024 that needs the earlier lists:\n%s", want)
	}
	eachBackend(t, func(t *testing.T, db string) {
		mustRun(t, db, "compute", "--indicators", fx.indicators, "--years", "2020-2023", "--save")
		for _, y := range []string{"2020", "2021", "2022"} {
			mustRun(t, db, "publish", "--year", y)
		}
		// 2024 computed before 2023 is published reads 2020–2022 only.
		stale := mustRun(t, db, "compute", "--indicators", fx.indicators, "--year", "2024", "--save", "--format", "csv")
		mustRun(t, db, "publish", "--year", "2023")
		if got := yearRows(mustRun(t, db, "compute", "--indicators", fx.indicators, "--year", "2024", "--format", "csv"), "2024"); got != want {
			t.Errorf("2024 with the published history:\n%s\nwant (as in a run over 2020-2024):\n%s", got, want)
		}
		if yearRows(stale, "2024") == want {
			t.Errorf("2024 computed without the 2023 list gave the same lists")
		}
		_, stderr, code := runDB(t, db, "publish", "--year", "2024")
		if code == 0 || !strings.Contains(stderr, "differ from those published now") || !strings.Contains(stderr, "compute list year 2024 again") {
			t.Fatalf("publishing a computation that read other lists than those published: status %d\n%s", code, stderr)
		}
		mustRun(t, db, "compute", "--indicators", fx.indicators, "--year", "2024", "--save")
		mustRun(t, db, "publish", "--year", "2024")
		if got := yearRows(mustRun(t, db, "export", "--year", "2024"), "2024"); !strings.Contains(got, ",omdannelse,") {
			t.Errorf("published 2024 has no omdannelsesområde:\n%s", got)
		}

		hist := filepath.Join(t.TempDir(), "history.csv")
		area := csvRows(t, want)[0][1]
		if err := os.WriteFile(hist, []byte("year,area_id,category\n2021,"+area+",udsat\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, stderr, code = runDB(t, db, "compute", "--indicators", fx.indicators, "--year", "2025", "--history", hist)
		if code == 0 || !strings.Contains(stderr, "2021") || !strings.Contains(stderr, "published") {
			t.Fatalf("a history file restating a published year: status %d\n%s", code, stderr)
		}
	})
}

// TestPublishRefusesStale: the command line publishes through app.Publish,
// so a computation that read other lists than those published is refused
// with the same words as the demo's and the app's refusal.
func TestPublishRefusesStale(t *testing.T) {
	fx := apptest.NewStale(t)
	_, err := app.Publish(context.Background(), fx.Store, fx.Catalog, cliActor("test"),
		app.PublishRequest{Year: apptest.StaleYear, ComputationID: fx.Stale})
	var stale *app.StaleError
	if !errors.As(err, &stale) {
		t.Fatalf("app.Publish of the stale computation: %v", err)
	}
	_, stderr, code := runDB(t, fx.Path, "publish", "--year", strconv.Itoa(apptest.StaleYear), "--computation", strconv.FormatInt(fx.Stale, 10))
	if code == 0 || !strings.Contains(stderr, err.Error()) {
		t.Fatalf("blandby publish of the stale computation: status %d\n%s\nwant the refusal %q", code, stderr, err)
	}
	if _, stderr, code := runDB(t, fx.Path, "publish", "--year", strconv.Itoa(apptest.StaleYear), "--computation", strconv.FormatInt(fx.Fresh, 10)); code != 0 {
		t.Fatalf("blandby publish of the fresh computation: status %d\n%s", code, stderr)
	}
}

func csvRows(t *testing.T, s string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}
