// Package browser is a harness for browser tests. It drives a headless
// Chromium (Debian's package, never a browser that a tool downloads) with
// github.com/chromedp/chromedp, records what goes wrong on a page (console
// errors, uncaught exceptions, failed requests) and gives tests small helpers
// that fail the test with a clear message instead of returning errors.
//
// A test that needs one browser calls [New]:
//
//	b := browser.New(t)
//	p := b.Open(t, srv.URL+"/")
//	p.WaitVisible(t, "#map")
//	p.NoErrors(t)
//
// Starting Chromium takes a moment, so a package with many browser tests can
// share one browser per test binary with [Main] and [Shared]:
//
//	func TestMain(m *testing.M) { os.Exit(browser.Main(m)) }
//
//	func TestPage(t *testing.T) {
//		p := browser.Shared(t).Open(t, url)
//		...
//	}
//
// When no Chromium is installed, [New] and [Shared] skip the test, except
// under CI=true, where they fail it. Under go test -short they skip the test
// whatever is installed: browser tests run in make test, not make check.
// Every wait is bounded by [Timeout].
package browser

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/blandby/blandby/internal/chromium"
)

// Timeout bounds every wait of the harness: starting the browser, loading a
// page, waiting for an element, running a script.
const Timeout = 20 * time.Second

// WindowWidth and WindowHeight are the size of the browser window, and so of
// the viewport of every page.
const (
	WindowWidth  = 1366
	WindowHeight = 900
)

// Browser is a running headless Chromium. Each [Browser.Open] gets a tab of
// its own; tabs of one Browser may be used from parallel tests.
type Browser struct {
	execPath    string
	userDataDir string
	output      *tailBuffer

	allocCtx    context.Context
	cancelAlloc context.CancelFunc
	ctx         context.Context // the browser's first tab; owns the process
	cancel      context.CancelFunc

	closeOnce sync.Once
	closeErr  error
}

// New starts a browser for the test and closes it when the test ends. When no
// Chromium is found it skips the test, or fails it when the environment has
// CI=true. Any other start-up problem fails the test. Under go test -short
// (make check) it skips the test: browser tests are for make test.
func New(t testing.TB) *Browser {
	t.Helper()
	skipShort(t)
	b, err := Start()
	if err != nil {
		skipOrFail(t, err)
		return nil // not reached: skipOrFail stops the test
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Errorf("browser: %v", err)
		}
	})
	return b
}

// Start starts a browser that no test owns; the caller must [Browser.Close]
// it. Most tests want [New] or [Shared]. It runs the Chromium that
// [chromium.Find] finds; the error wraps [chromium.ErrNotFound] when there
// is none.
//
// The browser runs with the flags of [chromium.NewAllocator],
// --window-size=1366,900 ([WindowWidth] x [WindowHeight]; [Browser.Open]
// gives each page a viewport of that size too) and a fresh temporary
// --user-data-dir, which Close removes. Chromium's output goes nowhere,
// except into the error when it does not start.
func Start() (*Browser, error) {
	path, err := chromium.Find(os.Getenv)
	if err != nil {
		return nil, fmt.Errorf("browser: %w", err)
	}
	dir, err := os.MkdirTemp("", "blandby-chromium-")
	if err != nil {
		return nil, fmt.Errorf("browser: creating the user data directory: %w", err)
	}
	b := &Browser{execPath: path, userDataDir: dir, output: &tailBuffer{max: 16 << 10}}
	b.allocCtx, b.cancelAlloc = chromium.NewAllocator(context.Background(), path, dir,
		chromedp.WindowSize(WindowWidth, WindowHeight),
		chromedp.CombinedOutput(b.output))
	b.ctx, b.cancel = chromedp.NewContext(b.allocCtx)

	// The first Run starts the process and binds it to b.ctx, so it must not
	// get a context with a deadline: wait for it with a timer instead.
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(b.ctx) }()
	timer := time.NewTimer(Timeout)
	defer timer.Stop()
	select {
	case err = <-done:
	case <-timer.C:
		err = fmt.Errorf("no answer after %v", Timeout)
	}
	if err != nil {
		b.cancel()
		b.cancelAlloc()
		<-done
		os.RemoveAll(dir)
		return nil, fmt.Errorf("browser: starting %s: %w%s", path, err, b.output.describe())
	}
	return b, nil
}

// Close stops the browser and removes its user data directory. It is safe to
// call more than once.
func (b *Browser) Close() error {
	b.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		err := chromedp.Cancel(ctx)
		cancel()
		b.cancel()
		b.cancelAlloc() // waits for the process to exit
		if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			b.closeErr = fmt.Errorf("closing the browser: %w", err)
		}
		if err := removeAllRetry(b.userDataDir); err != nil {
			b.closeErr = errors.Join(b.closeErr, fmt.Errorf("removing the user data directory: %w", err))
		}
	})
	return b.closeErr
}

// ExecPath returns the Chromium executable that the browser runs.
func (b *Browser) ExecPath() string { return b.execPath }

// removeAllRetry removes dir, retrying briefly: helper processes of Chromium
// can still write into it for a moment after the browser exits.
func removeAllRetry(dir string) error {
	var err error
	for range 20 {
		if err = os.RemoveAll(dir); err == nil {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return err
}

// skipOrFail stops the test after a failed start: a missing Chromium skips it,
// unless CI=true; anything else fails it.
func skipOrFail(t testing.TB, err error) {
	t.Helper()
	if errors.Is(err, chromium.ErrNotFound) && !onCI() {
		t.Skipf("skipping browser test: %v", err)
	}
	t.Fatalf("%v", err)
}

// skipShort skips the test under go test -short.
func skipShort(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping browser test in short mode")
	}
}

// onCI reports whether the environment variable CI is true.
func onCI() bool {
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	return ci
}

// shared is the browser of [Shared], started on first use and closed by
// [Main].
var shared struct {
	mu      sync.Mutex
	main    bool
	started bool
	b       *Browser
	err     error
}

// Main runs the tests of a package that uses [Shared] and then closes the
// shared browser. Call it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(browser.Main(m)) }
func Main(m *testing.M) int {
	shared.mu.Lock()
	shared.main = true
	shared.mu.Unlock()
	code := m.Run()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.b != nil {
		if err := shared.b.Close(); err != nil {
			fmt.Fprintf(os.Stderr, "browser: closing the shared browser: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
		shared.b = nil
	}
	return code
}

// Shared returns the browser that all tests of the test binary share,
// starting it on first use. It skips or fails the test as [New] does, and
// skips it under go test -short. The
// package's TestMain must call [Main], which closes the browser; without it
// Shared fails the test. Give each test its own pages: a Page belongs to one
// test, the Browser to all of them.
func Shared(t testing.TB) *Browser {
	t.Helper()
	skipShort(t)
	shared.mu.Lock()
	if !shared.main {
		shared.mu.Unlock()
		t.Fatal("browser.Shared needs TestMain to call browser.Main (func TestMain(m *testing.M) { os.Exit(browser.Main(m)) })")
	}
	if !shared.started {
		shared.started = true
		shared.b, shared.err = Start()
	}
	b, err := shared.b, shared.err
	shared.mu.Unlock()
	if err != nil {
		skipOrFail(t, err)
	}
	return b
}

// tailBuffer keeps the last max bytes written to it, for error messages about
// a browser that did not start. It is safe for concurrent use.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

// Write appends p, dropping the oldest bytes beyond max.
func (w *tailBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	if over := len(w.buf) - w.max; over > 0 {
		w.buf = append(w.buf[:0], w.buf[over:]...)
	}
	return len(p), nil
}

// describe returns the browser's output as a suffix for an error message, or
// "" when there is none.
func (w *tailBuffer) describe() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := strings.TrimSpace(string(bytes.ToValidUTF8(w.buf, []byte("?"))))
	if out == "" {
		return ""
	}
	return "\nbrowser output:\n" + out
}
